import DioramaCore
import DioramaScene
import Foundation
import Testing

/// The `audio` section: ambience list, dialogue, loudness target, mute groups, room.
@Suite struct SceneAudioTests {
  static let full = """
    diorama: 1
    objects:
      - {name: diver, shape: box, size: [0.3, 0.3, 1.7], position: [0, 0, 0.85], static: true}
    audio:
      gain_db: -3
      loudness_target: -18
      mute: [contacts, water]
      air_absorption: false
      ambience:
        - {kind: rain, level_db: -30, intensity: 10, surface: water}
        - {kind: crowd, level_db: -45, intensity: 20}
      room: {size: [6, 5, 3], absorption: 0.25}
      dialogue:
        - {character: diver, text: "Here goes!", start: 0.5, voice: en-us, pitch: 40, speed: 160}
        - {character: narrator, text: "Off he goes.", start: 2, position: [0, -3, 1.7],
           level_db: 70}
    """

  @Test func readsEveryKey() throws {
    let spec = try SceneLoader.load(yaml: Self.full, fileName: "t.yaml", baseDirectory: nil)
    let a = spec.audio
    #expect(a.gainDB == -3 && a.loudnessTargetLUFS == -18 && !a.airAbsorption)
    #expect(a.mute == [.contacts, .water])
    #expect(
      a.ambience == [
        AmbienceSpec(kind: .rain, levelDB: -30, intensity: 10, surface: .water),
        AmbienceSpec(kind: .crowd, levelDB: -45, intensity: 20),
      ])
    #expect(a.room == RoomSpec(size: Vec3(6, 5, 3), absorption: 0.25))
    #expect(
      a.dialogue == [
        DialogueSpec(
          character: "diver", text: "Here goes!", start: 0.5, voice: "en-us", pitch: 40,
          wordsPerMinute: 160),
        DialogueSpec(
          character: "narrator", text: "Off he goes.", start: 2, levelDB: 70,
          position: Vec3(0, -3, 1.7)),
      ])
    // JSON round trip (clip manifests and `diorama validate --json` write specs).
    let data = try JSONEncoder().encode(spec)
    #expect(try JSONDecoder().decode(SceneSpec.self, from: data) == spec)
  }

  /// Older JSON without the new keys still decodes, with the defaults.
  @Test func decodesOldAudioJSON() throws {
    let old = #"{"enabled": true, "sample_rate": 48000, "gain_db": 0}"#
    let a = try JSONDecoder().decode(AudioSettings.self, from: Data(old.utf8))
    #expect(a == AudioSettings())
  }

  /// Each mistake at its line and key path.
  @Test(arguments: [
    ("audio: {loudness_target: 3}", "audio.loudness_target", "-40...-5", 2),
    ("audio: {mute: [music]}", "audio.mute[0]", "unknown sound group 'music'", 2),
    (
      "audio:\n  ambience:\n    - {kind: rain, level_db: -20, intensity: 900}",
      "audio.ambience[0].intensity", "0...500", 4
    ),
    (
      "audio:\n  ambience:\n    - {kind: hail, level_db: -20}", "audio.ambience[0].kind",
      "unknown ambience 'hail'", 4
    ),
    (
      "audio:\n  dialogue:\n    - {character: bob, text: hi, start: 1}",
      "audio.dialogue[0].character", "'bob' names no object", 4
    ),
    (
      "audio:\n  dialogue:\n    - {character: bob, text: hi, start: 9, position: [0, 0, 1]}",
      "audio.dialogue[0].start", "[0, 4) s", 4
    ),
    (
      "audio:\n  dialogue:\n    - {character: bob, text: hi, start: 1, pitch: 120, position: [0, 0, 1]}",
      "audio.dialogue[0].pitch", "0...99", 4
    ),
    (
      "audio:\n  dialogue:\n    - {character: bob, start: 1, position: [0, 0, 1]}",
      "audio.dialogue[0].text",
      "missing required key 'text'", 4
    ),
    ("audio: {room: {size: [6, 0, 3]}}", "audio.room.size", "positive", 2),
    (
      "audio:\n  dialogue:\n    - {character: bob, text: hi, start: 1, position: [0, 0, 1],\n"
        + "       after: {object: ghost}}",
      "audio.dialogue[0].after.object", "no object named 'ghost'", 5
    ),
  ])
  func mistakesAreReportedWhereTheyAre(yaml: String, path: String, text: String, line: Int) {
    let d = diagnostics(header + yaml + "\n")
    #expect(d.count == 1, "\(d)")
    #expect(d.first?.keyPath == path, "\(d)")
    #expect(d.first?.location.line == line, "\(d)")
    #expect(d.first?.message.contains(text) == true, "\(d)")
  }
}
