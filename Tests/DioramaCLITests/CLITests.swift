import Foundation
import Testing

/// The `diorama` executable built beside this test bundle.
func dioramaBinary() throws -> URL {
  let candidates = [
    Bundle.main.bundleURL,
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
  ]
  for dir in candidates {
    var d = dir
    for _ in 0..<3 {
      let url = d.appendingPathComponent("diorama")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
      d = d.deletingLastPathComponent()
    }
  }
  struct Missing: Error, CustomStringConvertible {
    var description: String {
      "diorama executable not built beside the tests (swift build --build-tests builds it)"
    }
  }
  throw Missing()
}

struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

func run(
  _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil
) throws -> RunResult {
  let p = Process()
  p.executableURL = try dioramaBinary()
  p.arguments = arguments
  if let directory { p.currentDirectoryURL = directory }
  if let environment { p.environment = environment }
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile()
  let e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return RunResult(
    status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
    stderr: String(decoding: e, as: UTF8.self))
}

func scratch(_ name: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("diorama-cli-\(name)-\(getpid())")
  try? FileManager.default.removeItem(at: url)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

let tinyScene = """
  diorama: 1
  name: tiny
  world: { duration: 0.5, fps: 10, resolution: [64, 36] }
  objects:
    - { name: ball, shape: sphere, radius: 0.1, material: rubber, position: [0, 0, 0.6] }
  """

@Suite("diorama command line", .serialized)
struct CLITests {
  @Test("validate prints every error as file:line:column: key.path: message and exits 1")
  func validateErrors() throws {
    let dir = try scratch("validate")
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = """
      diorama: 1
      world: { fps: 0 }
      objects:
        - { name: a, shape: sphere, radius: -1, material: steel, position: [0, 0, 1] }
        - { name: b, shape: box, size: [1, 1, 1], mass: heavy, position: [0, 0, 1] }
      """
    try bad.write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let r = try run(["validate", "bad.yaml"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad.yaml:2:"), "\(r.stderr)")
    #expect(r.stderr.contains("world.fps"))
    #expect(r.stderr.contains("bad.yaml:4:") && r.stderr.contains("objects[0].radius"))
    #expect(r.stderr.contains("bad.yaml:5:") && r.stderr.contains("objects[1].mass"))
    #expect(!r.stderr.contains("Stack dump") && !r.stderr.contains("Fatal error"))
  }

  @Test("validate accepts a good scene and exits 0")
  func validateGood() throws {
    let dir = try scratch("good")
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyScene.write(
      to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let r = try run(["validate", "tiny.yaml"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("tiny.yaml: ok"))
  }

  @Test("validate finds a scene's OBJ beside the scene file, from any directory")
  func validateResolvesAssetsBesideTheScene() throws {
    let dir = try scratch("assets")
    defer { try? FileManager.default.removeItem(at: dir) }
    let sub = dir.appendingPathComponent("scenes/meshes")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    try "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n".write(
      to: sub.appendingPathComponent("tri.obj"), atomically: true, encoding: .utf8)
    let scene =
      tinyScene
      + "\n  - { name: tri, shape: mesh, obj: meshes/tri.obj, static: true, position: [0, 0, 0] }\n"
    try scene.write(
      to: dir.appendingPathComponent("scenes/tri.yaml"), atomically: true, encoding: .utf8)
    // Run from the parent: the OBJ path is relative to the scene file, not to this folder.
    let r = try run(["validate", "scenes/tri.yaml"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test("A missing file is a clear error, not a crash")
  func missingFile() throws {
    let r = try run(["render", "/nonexistent/scene.yaml"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("/nonexistent/scene.yaml"))
    #expect(!r.stderr.contains("Fatal error"))
  }

  @Test("render --quiet writes the clip and prints nothing")
  func renderQuiet() throws {
    let dir = try scratch("quiet")
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyScene.write(
      to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let r = try run(
      ["render", "tiny.yaml", "-o", "out", "--quiet", "--no-video", "--spp", "1"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty && r.stderr.isEmpty)
    for f in [
      "clip.json", "audio.wav", "contact_sheet.png", "report.html", "frames/frame_00005.png",
    ] {
      #expect(
        FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(f)").path), "\(f)")
    }
  }

  @Test("Progress is plain lines when stderr is not a terminal")
  func plainProgress() throws {
    let dir = try scratch("plain")
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyScene.write(
      to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let r = try run(["render", "tiny.yaml", "-o", "out", "--no-video", "--spp", "1"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.contains { $0.contains("100%") })
    #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}["))
    #expect(r.stdout.contains("wrote out/"))
  }

  @Test("search finds a launch for the asked outcome and writes a scene that renders it")
  func searchWritesScene() throws {
    let dir = try scratch("search")
    defer { try? FileManager.default.removeItem(at: dir) }
    let toss = """
      diorama: 1
      world: { duration: 2.0, fps: 10, resolution: [64, 36] }
      objects:
        - { name: floor, shape: box, size: [0.6, 0.6, 0.04], material: wood, position: [1.5, 0, 0.02], static: true }
        - { name: front, shape: box, size: [0.04, 0.6, 0.4], material: wood, position: [1.2, 0, 0.2], static: true }
        - { name: back, shape: box, size: [0.04, 0.6, 0.4], material: wood, position: [1.8, 0, 0.2], static: true }
        - { name: ball, shape: sphere, radius: 0.06, material: rubber, position: [0, 0, 0.5] }
      outcomes:
        - { name: in, type: inside, object: ball, region: { min: [1.22, -0.3, 0], max: [1.78, 0.3, 0.4] } }
      """
    try toss.write(to: dir.appendingPathComponent("toss.yaml"), atomically: true, encoding: .utf8)
    for want in ["hold", "fail"] {
      let r = try run(
        [
          "search", "toss.yaml", "--object", "ball", "--outcome", "in", "--want", want,
          "--min", "1.5,0,1.5", "--max", "4.5,0,4.5", "-o", "\(want).json",
        ], in: dir)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.contains("found after"))
      let v = try run(["validate", "\(want).json"], in: dir)
      #expect(v.status == 0, "\(v.stderr)")
    }
    let bad = try run(
      [
        "search", "toss.yaml", "--object", "ball", "--outcome", "in", "--min", "1,2",
        "--max", "1,2,3", "-o", "x.json",
      ], in: dir)
    #expect(bad.status == 1 && bad.stderr.contains("--min"))
  }

  @Test("Without ffmpeg on PATH the clip says so clearly and still writes everything else")
  func withoutFFmpeg() throws {
    let dir = try scratch("noffmpeg")
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyScene.write(
      to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let r = try run(
      ["render", "tiny.yaml", "-o", "out", "--spp", "1"], in: dir,
      environment: ["PATH": dir.path, "HOME": dir.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("ffmpeg not found"), "\(r.stderr)")
    for f in ["clip.json", "audio.wav", "contact_sheet.png", "report.html"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(f)").path))
    }
    #expect(
      !FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/clip.mp4").path))
  }

  @Test("Rendering a shorter clip into the same folder leaves no stale frames behind")
  func noStaleFrames() throws {
    let dir = try scratch("stale")
    defer { try? FileManager.default.removeItem(at: dir) }
    try tinyScene.write(
      to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    let short = tinyScene.replacingOccurrences(of: "duration: 0.5", with: "duration: 0.2")
    try short.write(to: dir.appendingPathComponent("short.yaml"), atomically: true, encoding: .utf8)
    for f in ["tiny.yaml", "short.yaml"] {
      let r = try run(["render", f, "-o", "out", "--quiet", "--no-video", "--spp", "1"], in: dir)
      #expect(r.status == 0, "\(r.stderr)")
    }
    let frames = try FileManager.default.contentsOfDirectory(
      atPath: dir.appendingPathComponent("out/frames").path)
    #expect(frames.filter { $0.hasSuffix(".png") }.count == 3)  // 0.2 s at 10 fps: 0, 0.1, 0.2
  }
}
