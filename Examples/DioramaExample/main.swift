// The README's "Diorama as a dependency" example, compiled with the package so it cannot rot.
// Builds a scene in code — a steel ball dropped onto a wooden block — validates it, simulates
// it, and writes the same clip `diorama render` would.
//
//   swift run DioramaExample out/example
import DioramaClip
import DioramaCore
import DioramaScene
import DioramaWorld
import Foundation

let scene = SceneSpec(
  name: "steel on wood",
  world: WorldSettings(duration: 2, fps: 30, width: 320, height: 180),
  objects: [
    ObjectSpec(
      name: "block", shape: .box, size: Vec3(0.4, 0.4, 0.2), material: "wood",
      position: Vec3(0, 0, 0.1)),
    ObjectSpec(
      name: "ball", shape: .sphere, radius: 0.08, material: "steel",
      position: Vec3(0.05, 0, 1.2)),
  ],
  shots: [
    ShotSpec(
      name: "side", camera: CameraSpec(position: Vec3(0, -3, 1), target: Vec3(0, 0, 0.3)),
      start: 0)
  ],
  outcomes: [OutcomeSpec(name: "ball hits block", kind: .touches, object: "ball", other: "block")]
)

let problems = SceneLoader.validate(scene, baseDirectory: nil)
guard problems.isEmpty else {
  for p in problems { print(p) }
  exit(1)
}

// Simulation alone: a Recording of snapshots, events and outcome verdicts.
let recording = try World(scene: scene).run()
print("impacts: \(recording.impactCount), outcome: \(recording.outcomes.map(\.passed))")

// The whole clip: frames, audio.wav, clip.mp4, clip.json, contact sheet and report.
let out = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "out/example")
let result = try ClipMaker(scene: scene).make(outputDirectory: out)
print("wrote \(result.manifest.files.joined(separator: ", ")) to \(out.path)")
