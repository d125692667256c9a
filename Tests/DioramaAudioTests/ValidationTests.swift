import DioramaAudio
import DioramaCore
import Foundation
import Testing
import _TestSupport

@Suite struct ValidationTests {
  /// Audio–video sync over a 60 s clip: 150 impacts at seeded random times across 60 s are
  /// found by the onset detector each within 1 ms of its event, and the error does not grow
  /// with time: the least-squares slope of (onset − event time) against event time is below
  /// one sample per second (1/48 000 s/s, the drift budget). The track has exactly
  /// 60·48 000 frames, so video frame n at 30 fps starts on sample 1600·n.
  @Test func sixtySecondsStayInSync() throws {
    var rng = SeededGenerator(seed: 60)
    let ball = sphere(TestMaterials.wood, radius: 0.04)
    let ground = slab(TestMaterials.wood)
    var hits: [ImpactSound] = []
    for i in 0..<150 {
      // 0.4 s apart ± 50 ms: the wooden floor (T60 ≈ 0.23 s) has rung out by the next hit.
      let t = 0.05 + 0.4 * Double(i) + 0.1 * rng.nextUnit()
      let v = 1 + 2 * rng.nextUnit()
      hits.append(
        ImpactSound(
          time: t, position: Vec3(2 * rng.nextUnit() - 1, 2, 0), impulse: 0.3 * v, speed: v,
          a: ball, b: ground))
    }
    var scene = SoundScene(
      duration: 60, listener: Listener(position: Vec3(0, 0, 1), forward: Vec3(0, 1, 0)))
    scene.impacts = hits
    let track = try SoundSynthesizer(settings: SoundSettings(seed: 1)).render(scene)
    #expect(track.frameCount == 60 * 48_000)
    let onsets = detectOnsets(
      samples: track.samples, channelCount: 2, sampleRate: track.sampleRate)
    try #require(onsets.count == hits.count)
    var (sx, sy, sxx, sxy) = (0.0, 0.0, 0.0, 0.0)
    var worst = 0.0
    for (onset, hit) in zip(onsets, hits) {
      let e = onset - hit.time
      worst = max(worst, abs(e))
      sx += hit.time
      sy += e
      sxx += hit.time * hit.time
      sxy += hit.time * e
    }
    let n = Double(hits.count)
    let slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    print("ValidationTests: 60 s sync: worst \(worst * 1e3) ms, drift \(slope * 48_000) samples/s")
    #expect(worst < 0.001)
    #expect(abs(slope) * 48_000 < 1)
  }

  /// A realistic mixed scene (hits on a wooden floor, a ball rolling, a splash, drips,
  /// footsteps on gravel, a thud, rain and crowd ambience, a spoken line when espeak-ng is
  /// installed, air absorption and a room) normalised by `renderMix`: integrated loudness
  /// within 0.5 LU of −16 LUFS and true peak below −1 dBTP, both measured again on the
  /// result (the loudness criteria).
  @Test func mixedSceneMeetsTheLoudnessTarget() throws {
    let ear = Listener(position: Vec3(0, -3, 1.5), forward: Vec3(0, 1, -0.3))
    var scene = SoundScene(duration: 8, listener: ear)
    let floor = slab(TestMaterials.wood)
    let ball = sphere(TestMaterials.steel, radius: 0.03)
    scene.impacts = (0..<12).map { i in
      ImpactSound(
        time: 0.3 + 0.6 * Double(i), position: Vec3(Double(i % 3) - 1, 0, 0), impulse: 0.5,
        speed: 2, a: ball, b: floor)
    }
    scene.contacts = (0..<500).map { k in
      ContactSound(
        time: 2 + 0.004 * Double(k + 1), duration: 0.004, position: Vec3(0.001 * Double(k), 0, 0),
        normalForce: 2, slidingSpeed: 0, rollingSpeed: 0.5, a: ball, b: floor)
    }
    scene.splashes = [
      SplashSound(time: 4.1, position: Vec3(1, 1, 0), speed: 3, mass: 0.2, size: 0.03)
    ]
    scene.drips = (0..<6).map { DripSound(time: 5 + 0.3 * Double($0), position: Vec3(1, 1, 0)) }
    scene.footsteps = (0..<8).map { i in
      FootstepSound(
        time: 0.5 + 0.5 * Double(i), position: Vec3(-1.5, 0.3 * Double(i), 0), surface: .gravel,
        phase: i % 2 == 0 ? .heel : .toe)
    }
    scene.thuds = [
      ThudSound(time: 6.5, position: Vec3(0, 1, 0), mass: 60, speed: 2.5, surface: .wood)
    ]
    scene.ambience = [
      AmbienceSource(kind: .rain, levelDB: -45, intensity: 4),
      AmbienceSource(kind: .crowd, levelDB: -50, intensity: 10),
    ]
    if espeakAvailable {
      scene.dialogue = [DialogueLine(text: "Here goes!", time: 1.0, position: Vec3(0, 0.5, 1.6))]
    }
    let room = RoomReflections(size: Vec3(8, 6, 3), center: Vec3(0, 0, 1.5), absorption: 0.4)
    let synth = SoundSynthesizer(
      settings: SoundSettings(seed: 11, airAbsorption: AirAbsorption(), room: room))
    let (mix, report) = try synth.renderMix(scene)
    let lufs = Loudness.integrated(mix)
    let tp = Loudness.truePeak(mix)
    print("ValidationTests: mixed scene \(lufs) LUFS, \(tp) dBTP, input \(report.inputLUFS) LUFS")
    #expect(abs(lufs + 16) <= 0.5)
    #expect(tp < -1)
  }
}
