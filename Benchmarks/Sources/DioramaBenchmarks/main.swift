import Foundation

// DioramaBenchmarks: times each stage of the engine and prints a table.
//   swift run -c release DioramaBenchmarks [--filter name]... [--markdown] [--list]
//                                          [--repetitions n]
//   swift run -c release DioramaBenchmarks rigid [--json] [--scene name]...
//     the rigid-body scenes shared with the peer engines (RigidPeers.swift, Benchmarks/peers)
//   swift run -c release DioramaBenchmarks render [--json] [--size WxH]... [--no-clips]
//     the renderer's reference scene (RenderPeers.swift; Mitsuba 3 side: peers/mitsuba_render.py)

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "rigid" {
  exit(RigidPeers.main(Array(CommandLine.arguments.dropFirst(2))))
}
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "render" {
  exit(RenderPeers.main(Array(CommandLine.arguments.dropFirst(2))))
}
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "rigid-scaling" {
  exit(RigidScaling.main(Array(CommandLine.arguments.dropFirst(2))))
}
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "audio" {
  exit(AudioBench.main(Array(CommandLine.arguments.dropFirst(2))))
}
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "diffrender" {
  exit(DiffRenderBench.main(Array(CommandLine.arguments.dropFirst(2))))
}

let usage = """
  usage: DioramaBenchmarks [--filter <substring>]... [--markdown] [--list] [--repetitions <n>]
         DioramaBenchmarks rigid --help     (peer scenes: rigid_pile, large_pyramid, validation)
         DioramaBenchmarks rigid-scaling    (step time and memory for 100…30 000 bodies)
         DioramaBenchmarks audio            (10 s stereo track: 2000 impacts, contacts, bubbles)
         DioramaBenchmarks diffrender [--runs n] [--markdown]  (differentiable rasteriser)
         DioramaBenchmarks render --help    (reference render scene, clip render times)
    --filter       run only benchmarks whose name contains the substring (repeatable: any match)
    --markdown     print the table as GitHub Markdown
    --list         print the benchmark names and exit
    --repetitions  timed runs per benchmark (default: each benchmark's own, 3 to 9)
  """

var filters: [String] = []
var markdown = false
var list = false
var repetitions: Int?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
  switch a {
  case "--filter":
    guard let f = arguments.next() else {
      FileHandle.standardError.write(Data("--filter needs a value\n\(usage)\n".utf8))
      exit(2)
    }
    filters.append(f)
  case "--markdown": markdown = true
  case "--list": list = true
  case "--repetitions":
    guard let v = arguments.next(), let n = Int(v), n > 0 else {
      FileHandle.standardError.write(Data("--repetitions needs a positive integer\n".utf8))
      exit(2)
    }
    repetitions = n
  case "-h", "--help":
    print(usage)
    exit(0)
  default:
    FileHandle.standardError.write(Data("unknown argument \(a)\n\(usage)\n".utf8))
    exit(2)
  }
}

/// The 1-, 5- and 15-minute load averages, from /proc/loadavg (Linux), or "?".
func loadAverage() -> String {
  guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
  return s.split(separator: " ").prefix(3).joined(separator: " ")
}

let clipDirectory = FileManager.default.temporaryDirectory
  .appendingPathComponent("diorama-bench-\(ProcessInfo.processInfo.processIdentifier)")
var selected = Suite.all(clipDirectory: clipDirectory)
if !filters.isEmpty {
  selected = selected.filter { b in filters.contains { b.name.contains($0) } }
}
if list {
  for b in selected { print(b.name + "  " + b.what) }
  exit(0)
}
if selected.isEmpty {
  FileHandle.standardError.write(Data("no benchmark matches \(filters)\n".utf8))
  exit(1)
}

let loadBefore = loadAverage()
var table: [Row] = []
var failed = false
for var b in selected {
  if let r = repetitions { b.repetitions = r }
  FileHandle.standardError.write(Data("running \(b.name) (\(b.repetitions) runs)...\n".utf8))
  do {
    let m = try measure(b)
    table += rows(m)
  } catch {
    failed = true
    FileHandle.standardError.write(Data("\(b.name) failed: \(error)\n".utf8))
  }
}
try? FileManager.default.removeItem(at: clipDirectory)
let loadAfter = loadAverage()

let cores = ProcessInfo.processInfo.activeProcessorCount
let context =
  "cores: \(cores); load average (1, 5, 15 min) before: \(loadBefore), after: \(loadAfter)"
if markdown {
  print(context + "\n")
  print(markdownTable(table), terminator: "")
} else {
  print(context)
  print(textTable(table), terminator: "")
}
exit(failed ? 1 : 0)
