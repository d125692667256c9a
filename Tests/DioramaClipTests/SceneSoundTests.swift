import DioramaAudio
import DioramaCore
import DioramaScene
import DioramaWorld
import Foundation
import Testing

@testable import DioramaClip

/// `SceneSound.soundScene`: the scene's audio section turned into the synthesiser's input.
@Suite struct SceneSoundTests {
  static let yaml = """
    diorama: 1
    world: { duration: 1.5, fps: 30, resolution: [64, 36], seed: 2 }
    environment: { ground: { material: wood }, ambience: { kind: wind, level_db: -50 } }
    objects:
      - { name: ball, shape: sphere, radius: 0.05, material: wood, position: [0, 0, 0.55] }
      - { name: bob, shape: box, size: [0.3, 0.3, 1.7], material: wood, static: true, position: [1, 0, 0.85] }
    audio:
      mute: [contacts]
      ambience: [{ kind: crowd, level_db: -45, intensity: 6 }]
      dialogue:
        - { character: bob, text: "One", start: 0.2, pitch: 30 }
        - { character: bob, text: "Two", start: 0.25, after: { object: ball, other: ground } }
        - { character: bob, text: "Never", start: 0, after: { object: ball, other: bob } }
    """

  /// Lines start at their time, or their delay after the cue (the ball lands at
  /// √(2·0.5/g) = 0.319 s); a cue that never happens leaves its line out with a note; the
  /// voice comes from the character object; ambience and mute groups are carried over.
  @Test func dialogueCuesAmbienceAndMutes() throws {
    let spec = try SceneLoader.load(yaml: Self.yaml, fileName: "cue.yaml", baseDirectory: nil)
    let world = try World(scene: spec, baseDirectory: nil)
    let r = world.run()
    let (scene, notes) = SceneSound(world: world).soundScene(r, listener: nil)
    try #require(scene.dialogue.count == 2)
    #expect(scene.dialogue[0].time == 0.2 && scene.dialogue[0].pitch == 30)
    #expect(scene.dialogue[0].position == Vec3(1, 0, 0.85))
    let landing = try #require(
      r.events.compactMap { e -> Double? in
        if case .contact(let c) = e, c.phase == .begin { return c.time }
        return nil
      }.first)
    // The first touch is the landing, within a solver step of free fall's 0.319 s.
    #expect(abs(landing - (1.0 / 9.81).squareRoot()) < 0.01)
    #expect(scene.dialogue[1].time == landing + 0.25)
    #expect(notes.count == 1 && notes[0].contains("\"Never\" is left out"))
    #expect(scene.ambience.map(\.kind) == [.wind, .crowd])
    #expect(scene.ambience[1].intensity == 6)
    #expect(scene.muted == [.contacts])
  }
}
