import DioramaAudio
import DioramaClip
import DioramaCore
import DioramaScene
import Foundation
import Testing
import _TestSupport

/// A box character speaks in the rain: the scene's audio section (dialogue, rain, room,
/// loudness target) goes through the clip pipeline into audio.wav. (No impacts: a hard hit
/// would need more than `ClipMaker.maxLimitingDB` of limiting to reach the target, and the
/// pipeline then stops short of it by design.)
let speakingScene = """
  diorama: 1
  name: speaks
  world: { duration: 2, fps: 30, resolution: [160, 90], seed: 5 }
  environment: { ground: { material: wood } }
  objects:
    - { name: diver, shape: box, size: [0.3, 0.3, 1.7], material: wood, static: true, position: [-1, 0, 0.85] }
  shots:
    - { name: wide, start: 0, camera: { position: [0, -4, 1.2], target: [0, 0, 0.8] } }
  audio:
    loudness_target: -20
    room: { size: [6, 5, 3], absorption: 0.3 }
    ambience: [{ kind: rain, level_db: -40, intensity: 5 }]
    dialogue:
      - { character: diver, text: "Here goes!", start: 0.7, voice: en, pitch: 40, speed: 170 }
  """

@Suite("Clip pipeline: scene audio", .serialized)
struct ClipAudioTests {
  /// The line is in audio.wav from its start on (the 400 ms after 0.7 s, espeak's lead-in
  /// are louder than the rain and room alone in the 150 ms before), and the mix meets the
  /// scene's −20 LUFS within 0.5 LU with the true peak under −1 dBTP.
  @Test(.enabled(if: SpeechSynthesizer().isAvailable))
  func dialogueSceneMeetsItsTargets() throws {
    let result = try makeClip(speakingScene, "speaks")
    defer { try? FileManager.default.removeItem(at: result.outputDirectory) }
    let wav = try WAVFile.decode(
      try bytes(result.outputDirectory.appendingPathComponent("audio.wav")))
    let left = stride(from: 0, to: wav.samples.count, by: 2).map { Double(wav.samples[$0]) }
    func rms(_ t0: Double, _ t1: Double) -> Double {
      let s = left[Int(t0 * 48_000)..<Int(t1 * 48_000)]
      return (s.reduce(0) { $0 + $1 * $1 } / Double(s.count)).squareRoot()
    }
    #expect(rms(0.7, 1.1) > 3 * rms(0.55, 0.7))
    let lufs = Loudness.integrated(wav)
    #expect(abs(lufs + 20) <= 0.5, "\(lufs) LUFS")
    #expect(Loudness.truePeak(wav) < -1)
    #expect(result.manifest.loudness.map { abs($0.outputLUFS + 20) <= 0.5 } == true)
  }
}
