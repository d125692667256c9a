import ArgumentParser
import DioramaClip
import DioramaCore
import DioramaPlanner
import DioramaScene
import DioramaWorld
import Foundation

@main
struct Diorama: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diorama",
    abstract: "A physics-first world simulator: scene file in, clip out.",
    discussion: """
      Simulates a scene's rigid bodies, ray-traces every frame, synthesises the sound of every
      impact on the exact sample, and writes PNG frames, audio.wav, clip.mp4, clip.json,
      contact_sheet.png and report.html.
      """,
    version: DioramaVersion.current,
    subcommands: [Render.self, Demo.self, Validate.self, Search.self, Fit.self]
  )
}

/// Options shared by the commands that make clips.
struct ClipFlags: ParsableArguments {
  @Option(help: "Antialiasing samples per pixel.")
  var spp: Int = 4

  @Option(help: "Render threads (output is identical for any count).")
  var threads: Int = 2

  @Flag(help: "Do not mux clip.mp4 (frames, audio and report are still written).")
  var noVideo = false

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  @Flag(
    help:
      "Also write ground truth per frame under gt/: depth, normals, instance ids, flow, 2D boxes.")
  var groundTruth = false

  var clipOptions: ClipOptions {
    var o = ClipOptions()
    o.samplesPerPixel = max(1, spp)
    o.threads = max(1, threads)
    o.muxVideo = !noVideo
    o.groundTruth = groundTruth
    return o
  }
}

struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render a scene file (YAML or JSON) to a clip.")

  @Argument(help: "The scene file.")
  var scene: String

  @Option(name: .shortAndLong, help: "Output folder (default: out/<scene file name>).")
  var output: String?

  @OptionGroup var flags: ClipFlags

  func run() throws {
    let url = URL(fileURLWithPath: scene)
    let spec: SceneSpec
    do {
      spec = try SceneLoader.load(contentsOf: url)
    } catch let e as SceneLoadError {
      printError(e.description)
      throw ExitCode(1)
    }
    let out = output ?? "out/" + url.deletingPathExtension().lastPathComponent
    try makeClip(
      spec, baseDirectory: url.deletingLastPathComponent(), output: out, flags: flags,
      label: scene)
  }
}

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render the built-in demo scene (balls of five materials, a tower, a ramp).")

  @Option(name: .shortAndLong, help: "Output folder.")
  var output: String = "out/demo"

  @Flag(help: "Print the demo scene's YAML and exit.")
  var printScene = false

  @OptionGroup var flags: ClipFlags

  func run() throws {
    if printScene {
      print(BuiltinScenes.demo)
      return
    }
    let spec: SceneSpec
    do {
      spec = try BuiltinScenes.demoScene()
    } catch {
      printError("\(error)")
      throw ExitCode(1)
    }
    try makeClip(spec, baseDirectory: nil, output: output, flags: flags, label: "built-in demo")
  }
}

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check scene files; print every error as file:line:column: key.path: message.")

  @Argument(help: "Scene files to check.")
  var files: [String]

  func run() throws {
    var failed = false
    for f in files {
      do {
        let url = URL(fileURLWithPath: f)
        let spec = try SceneLoader.load(contentsOf: url)
        // Asset paths (OBJ meshes, textures) are relative to the scene file, not to the
        // current directory.
        _ = try World(scene: spec, baseDirectory: url.deletingLastPathComponent())
        print("\(f): ok (\(spec.objects.count) objects, \(spec.world.duration) s)")
      } catch let e as SceneLoadError {
        failed = true
        printError(e.description)
      } catch {
        failed = true
        printError("\(f): \(error)")
      }
    }
    if failed { throw ExitCode(1) }
  }
}

func printError(_ s: String) {
  FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}

func makeClip(
  _ spec: SceneSpec, baseDirectory: URL?, output: String, flags: ClipFlags, label: String
) throws {
  let bar = ProgressBar(enabled: !flags.quiet, label: label)
  let maker = ClipMaker(scene: spec, baseDirectory: baseDirectory, options: flags.clipOptions)
  let result: ClipResult
  do {
    result = try maker.make(outputDirectory: URL(fileURLWithPath: output)) { bar.update($0) }
  } catch {
    bar.finish()
    printError("error: \(error)")
    throw ExitCode(1)
  }
  bar.finish()
  for n in result.notes { printError("note: \(n)") }
  guard !flags.quiet else { return }
  let m = result.manifest
  print("wrote \(output)/  (\(m.frameCount) frames, \(m.eventCounts.impacts) impacts)")
  let stages = m.timings.map { "\($0.stage) " + String(format: "%.2fs", $0.seconds) }
  print("  timings: " + stages.joined(separator: ", "))
  for o in m.outcomes {
    print("  outcome \(o.passed ? "PASS" : "FAIL") \(o.name): \(o.detail)")
  }
}

struct Search: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find a launch that makes an outcome happen (or fail), verified by simulation.",
    discussion: """
      Varies one object's initial velocity within a box, simulating each seeded candidate until
      the named outcome holds (--want hold) or fails (--want fail), then writes the scene with
      that velocity as JSON (a loadable scene file). Example:
        diorama search scenes/missed_shot.yaml --object ball --outcome "ball in bin" \\
          --want hold --min 1,0,2 --max 4,0,5 -o out/made_shot.json
      """)

  @Argument(help: "The scene file.")
  var scene: String

  @Option(help: "Object whose initial velocity is varied.")
  var object: String

  @Option(help: "Outcome predicate to steer (its name in the scene).")
  var outcome: String

  @Option(help: "hold: find a launch where the outcome happens; fail: where it does not.")
  var want: String = "hold"

  @Option(help: "Lower corner of the velocity box, m/s: vx,vy,vz.")
  var min: String

  @Option(help: "Upper corner of the velocity box, m/s: vx,vy,vz.")
  var max: String

  @Option(help: "Most candidates to simulate.")
  var candidates: Int = 200

  @Option(help: "Seed of the candidate sequence.")
  var seed: UInt64 = 1

  @Option(name: .shortAndLong, help: "Where to write the found scene (JSON).")
  var output: String

  func run() throws {
    guard want == "hold" || want == "fail" else {
      printError("--want: expected hold or fail, found \"\(want)\"")
      throw ExitCode(1)
    }
    func vector(_ text: String, _ flag: String) throws -> Vec3 {
      let parts = text.split(separator: ",").compactMap {
        Double($0.trimmingCharacters(in: .whitespaces))
      }
      guard parts.count == 3 else {
        printError("\(flag): expected three numbers vx,vy,vz in m/s, found \"\(text)\"")
        throw ExitCode(1)
      }
      return Vec3(parts[0], parts[1], parts[2])
    }
    let lo = try vector(min, "--min"), hi = try vector(max, "--max")
    let spec: SceneSpec
    do {
      spec = try SceneLoader.load(contentsOf: URL(fileURLWithPath: scene))
    } catch {
      printError("\(error)")
      throw ExitCode(1)
    }
    let search = OutcomeSearch(
      scene: spec, object: object, outcome: outcome, wantHolds: want == "hold",
      velocityMin: lo, velocityMax: hi, maxCandidates: candidates)
    let found: OutcomeSearch.Found?
    do {
      found = try search.run(seed: seed)
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    guard let found else {
      printError(
        "no launch in \(candidates) candidates makes \"\(outcome)\" \(want); widen --min/--max")
      throw ExitCode(1)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write([UInt8](try encoder.encode(found.scene)), to: URL(fileURLWithPath: output))
    let v = found.velocity
    print(
      "found after \(found.tried) candidates: \(object) velocity "
        + String(format: "(%.3f, %.3f, %.3f) m/s", v.x, v.y, v.z))
    print("  \(outcome): \(found.result.detail)")
    print("wrote \(output)")
  }
}
