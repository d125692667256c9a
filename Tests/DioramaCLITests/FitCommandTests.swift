import Foundation
import Testing

@Suite("diorama fit")
struct FitCommandTests {
  /// `diorama fit albedo` on a 48×36 image converges (exit status 0: within the demo's
  /// tolerance of the true albedo) and writes the target, progress images every 20 iterations
  /// plus the last, the loss curve and the CSV.
  @Test func fitAlbedoWritesProgress() throws {
    let dir = try scratch("fit")
    let r = try run(
      ["fit", "albedo", "--width", "48", "--height", "36", "--every", "20", "-o", dir.path])
    #expect(r.status == 0, "stderr: \(r.stderr)\nstdout: \(r.stdout)")
    #expect(r.stdout.contains("converged after"))
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    for f in ["target.png", "iter_0000.png", "iter_0020.png", "loss.svg", "progress.csv"] {
      #expect(files.contains(f), "\(f) missing from \(files)")
    }
    let svg = try String(contentsOf: dir.appendingPathComponent("loss.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    let csv = try String(contentsOf: dir.appendingPathComponent("progress.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("iteration,loss,error,p0,p1,p2\n0,"))
  }

  /// An unknown demo name is a usage error that lists the demos.
  @Test func unknownDemoIsAUsageError() throws {
    let r = try run(["fit", "teapot"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("sphere-position, albedo, camera-yaw"))
  }
}
