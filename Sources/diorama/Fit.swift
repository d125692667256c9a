import ArgumentParser
import DioramaClip
import DioramaRender
import Foundation

/// `diorama fit <what>`: runs one of the inverse-rendering demos (`InverseRenderingProblem`)
/// and writes its progress: `target.png`, `iter_NNNN.png` (render | target | 4×|difference|)
/// every `--every` iterations and at the end, `loss.svg` (log₁₀ of the image MSE and of the
/// parameter error per iteration) and `progress.csv`.
struct Fit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recover scene parameters from a target image with the differentiable renderer.",
    discussion: """
      sphere-position: a sphere's position from 20% of its radius away; albedo: a sphere's \
      colour; camera-yaw: the camera's heading from 4.6° away. Adam on the mean squared \
      error between the render and the target image.
      """)

  @Argument(
    help:
      "What to recover: \(InverseRenderingDemo.allCases.map(\.rawValue).joined(separator: ", ")).")
  var what: String

  @Option(name: .shortAndLong, help: "Output folder (default: out/fit/<what>).")
  var output: String?

  @Option(help: "Maximum Adam iterations.")
  var iterations: Int = 150

  @Option(help: "Image width (pixels).")
  var width: Int = 160
  @Option(help: "Image height (pixels).")
  var height: Int = 120

  @Option(help: "Write a progress image every this many iterations.")
  var every: Int = 10

  @Option(help: "Render threads (results are identical for any count).")
  var threads: Int = 2

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  func run() throws {
    guard let demo = InverseRenderingDemo(rawValue: what) else {
      printError(
        "fit: unknown demo \"\(what)\"; expected one of "
          + InverseRenderingDemo.allCases.map(\.rawValue).joined(separator: ", "))
      throw ExitCode(2)
    }
    guard width > 0, height > 0, iterations >= 0, every > 0 else {
      printError("fit: --width, --height and --every must be positive, --iterations ≥ 0")
      throw ExitCode(2)
    }
    let problem = InverseRenderingProblem.demo(
      demo, width: width, height: height, threads: max(1, threads))
    let folder = URL(fileURLWithPath: output ?? "out/fit/\(demo.rawValue)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let target = try problem.renderer.render(problem.scene(problem.truth))
    let targetBytes = target.image.toSRGB8()
    try AtomicFile.write(
      PNGCodec.encode(RGBImage(width: width, height: height, bytes: targetBytes)),
      to: folder.appendingPathComponent("target.png"), durable: false)
    if !quiet {
      print(
        "fit \(demo.rawValue): \(problem.parameterDescription), truth \(format(problem.truth)), "
          + "start \(format(problem.initial)); \(width)×\(height), up to \(iterations) iterations")
    }
    let start = Date()
    var writeError: Error?
    var lastFrame: DifferentiableFrame?
    let history = try problem.run(iterations: iterations) { step, frame in
      lastFrame = frame
      if step.iteration % every == 0 {
        do {
          try writeProgress(frame, target: targetBytes, iteration: step.iteration, to: folder)
        } catch { writeError = error }
      }
      if !quiet {
        print(
          "iter \(pad(step.iteration, 4))  loss \(sci(step.loss))  error \(sci(step.error))  "
            + "params \(format(step.parameters))")
      }
    }
    if let writeError { throw writeError }
    guard let last = history.last else { return }
    if let f = lastFrame, last.iteration % every != 0 {
      try writeProgress(f, target: targetBytes, iteration: last.iteration, to: folder)
    }
    let its = history.map { Double($0.iteration) }
    let svg = SVGPlot.lineChart(
      [
        SVGPlot.Series(
          name: "log10 image MSE", color: SVGPlot.palette[0], xs: its,
          ys: history.map { log10(max($0.loss, 1e-30)) }),
        SVGPlot.Series(
          name: "log10 parameter error", color: SVGPlot.palette[1], xs: its,
          ys: history.map { log10(max($0.error, 1e-30)) }),
      ], width: 720, height: 320, xLabel: "iteration", yLabel: "log10")
    try AtomicFile.write(
      "<svg xmlns=\"http://www.w3.org/2000/svg\"" + svg.dropFirst(4),
      to: folder.appendingPathComponent("loss.svg"))
    var csv =
      "iteration,loss,error," + problem.truth.indices.map { "p\($0)" }.joined(separator: ",")
    csv += "\n"
    for s in history {
      csv +=
        "\(s.iteration),\(s.loss),\(s.error),"
        + s.parameters.map { "\($0)" }.joined(separator: ",") + "\n"
    }
    try AtomicFile.write(csv, to: folder.appendingPathComponent("progress.csv"))
    let converged = last.error <= problem.tolerance
    if !quiet {
      let seconds = Date().timeIntervalSince(start)
      print(
        (converged ? "converged" : "not converged")
          + " after \(last.iteration) iterations (\(String(format: "%.2f", seconds)) s): error "
          + "\(sci(last.error)) (tolerance \(sci(problem.tolerance))); wrote \(folder.path)")
    }
    if !converged { throw ExitCode(1) }
  }

  /// render | target | 4×|render − target|, side by side.
  func writeProgress(
    _ frame: DifferentiableFrame, target: [UInt8], iteration: Int, to folder: URL
  ) throws {
    let w = frame.width
    let h = frame.height
    let current = frame.image.toSRGB8()
    var out = RGBImage(width: 3 * w, height: h)
    for y in 0..<h {
      for x in 0..<w {
        let i = 3 * (y * w + x)
        for c in 0..<3 {
          out.bytes[3 * (y * 3 * w + x) + c] = current[i + c]
          out.bytes[3 * (y * 3 * w + w + x) + c] = target[i + c]
          let d = min(255, 4 * abs(Int(current[i + c]) - Int(target[i + c])))
          out.bytes[3 * (y * 3 * w + 2 * w + x) + c] = UInt8(d)
        }
      }
    }
    try AtomicFile.write(
      PNGCodec.encode(out),
      to: folder.appendingPathComponent("iter_\(pad(iteration, 4, zero: true)).png"),
      durable: false)
  }
}

private func sci(_ x: Double) -> String { String(format: "%.3e", x) }

private func pad(_ i: Int, _ n: Int, zero: Bool = false) -> String {
  let s = String(i)
  return String(repeating: zero ? "0" : " ", count: max(0, n - s.count)) + s
}

private func format(_ xs: [Double]) -> String {
  "(" + xs.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ")"
}
