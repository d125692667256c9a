import ArgumentParser
import DioramaClip
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
    subcommands: [Render.self, Demo.self, Validate.self]
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

  var clipOptions: ClipOptions {
    var o = ClipOptions()
    o.samplesPerPixel = max(1, spp)
    o.threads = max(1, threads)
    o.muxVideo = !noVideo
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
        let spec = try SceneLoader.load(contentsOf: URL(fileURLWithPath: f))
        _ = try World(scene: spec)
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
