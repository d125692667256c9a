import DioramaAudio
import DioramaCore
import Foundation
import Testing

#if DEBUG
  let isReleaseBuild = false
#else
  let isReleaseBuild = true
#endif

@Suite struct PerformanceTests {
  /// 2000 impacts over a 10 s stereo 48 kHz track (spheres of mixed sizes and materials on a
  /// wooden floor). Release only (`swift test -c release`): debug Swift is 10–100× slower.
  /// Prints the time; fails only if it is absurd (> 60 s).
  @Test(.enabled(if: isReleaseBuild)) func twoThousandImpactsInTenSeconds() {
    var rng = SeededGenerator(seed: 99)
    let mats = [TestMaterials.steel, TestMaterials.wood]
    let floor = slab(TestMaterials.wood)
    let hits = (0..<2_000).map { i in
      ImpactSound(
        time: 10 * rng.nextUnit(), position: Vec3(rng.nextUnit(), rng.nextUnit(), 0),
        impulse: 0.05 + 0.2 * rng.nextUnit(), speed: 0.5 + 3 * rng.nextUnit(),
        a: sphere(mats[i % 2], radius: 0.02 + 0.01 * Double(i % 8)), b: floor)
    }
    let synth = SoundSynthesizer(settings: SoundSettings(gainDB: -30, seed: 1))
    let ear = Listener(position: Vec3(0, -2, 1), forward: Vec3(0, 1, 0), up: Vec3(0, 0, 1))
    let start = DispatchTime.now().uptimeNanoseconds
    let track = synth.render(
      impacts: hits, ambience: AmbienceSource(kind: .roomTone, levelDB: -50), listener: ear,
      duration: 10)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    print("DioramaAudio perf: 2000 impacts, 10 s stereo 48 kHz: \(seconds) s")
    #expect(track.frameCount == 480_000)
    #expect(seconds < 60)
  }
}
