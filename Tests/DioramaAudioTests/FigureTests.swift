import DioramaAudio
import DioramaCore
import Foundation
import Testing
import _TestSupport

@Suite struct FootstepTests {
  func render(_ steps: [FootstepSound], thuds: [ThudSound] = [], duration: Double = 1) throws
    -> [Double]
  {
    var scene = SoundScene(duration: duration)
    scene.footsteps = steps
    scene.thuds = thuds
    return channel(try SoundSynthesizer(settings: SoundSettings(seed: 4)).render(scene), 0)
  }

  /// Every surface sounds, from the step's instant on (nothing before it, and it is up to
  /// 5 % of its peak within 1 ms, the project's sync budget).
  @Test(arguments: GroundSurface.allCases)
  func everySurfaceSoundsOnTime(surface: GroundSurface) throws {
    let t = 0.200_01
    let x = try render([FootstepSound(time: t, position: .zero, surface: surface)], duration: 0.6)
    let first = Int((t * 48_000).rounded(.up))
    #expect(x[..<first].allSatisfy { $0 == 0 })
    let peak = x.map(abs).max() ?? 0
    #expect(peak > 1e-4)  // louder than −80 dBFS (≈ 40 dB SPL at 1 m)
    // Onset: the first sample above 5 % of the peak (soles and bodies rise over a
    // millisecond or more, too slowly for the percussive detector's ratio test).
    let i = try #require(x.firstIndex { abs($0) > 0.05 * peak })
    let on = Double(i) / 48_000
    #expect(on >= t - 1.0 / 48_000 && on < t + 0.001)
  }

  /// Surfaces differ as materials do: a steel deck rings longer than a stone slab (T60 from
  /// the envelope, as for the modal tests; steel's Rayleigh damping is far lower), and
  /// gravel crunches: many separate grain onsets where wood gives one knock.
  @Test func surfacesSoundTheirMaterial() throws {
    let metal = try render(
      [FootstepSound(time: 0.05, position: .zero, surface: .metal)], duration: 4)
    let stone = try render(
      [FootstepSound(time: 0.05, position: .zero, surface: .stone)], duration: 4)
    let tMetal = try #require(measuredT60(metal, sampleRate: 48_000))
    let tStone = try #require(measuredT60(stone, sampleRate: 48_000))
    #expect(tMetal > 2 * tStone)
    let wood = try render([FootstepSound(time: 0.05, position: .zero, surface: .wood)])
    let gravel = try render([FootstepSound(time: 0.05, position: .zero, surface: .gravel)])
    func grains(_ x: [Double]) -> Int {
      let peak = x.map(abs).max() ?? 0
      return detectOnsets(
        samples: x.map(Float.init), channelCount: 1, sampleRate: 48_000, threshold: 0.1 * peak,
        ratio: 1.5, release: 0.001, minimumGap: 0.001
      ).count
    }
    let (gw, gg) = (grains(wood), grains(gravel))
    print(
      "FootstepTests: T60 metal \(tMetal) s, stone \(tStone) s; onsets wood \(gw), gravel \(gg)")
    #expect(gw <= 2)
    #expect(gg >= 5)
  }

  /// The heel lands harder than the toe, a faster walk harder than a slow one (peak level).
  @Test func heelAndSpeedSetTheLevel() throws {
    func peak(_ s: FootstepSound) throws -> Double { try render([s]).map(abs).max() ?? 0 }
    let heel = try peak(FootstepSound(time: 0.05, position: .zero, surface: .wood, phase: .heel))
    let toe = try peak(FootstepSound(time: 0.05, position: .zero, surface: .wood, phase: .toe))
    let slow = try peak(FootstepSound(time: 0.05, position: .zero, surface: .wood, speed: 0.7))
    #expect(heel > toe)
    #expect(heel > slow)
  }

  /// A body thud is a soft, wide impact: a low sound (power centroid under 500 Hz: the
  /// smooth contact excites no high modes) and louder than a footstep on the same floor.
  @Test func thudIsDullAndHeavy() throws {
    let step = try render([FootstepSound(time: 0.05, position: .zero, surface: .wood)])
    let thud = try render(
      [], thuds: [ThudSound(time: 0.05, position: .zero, mass: 70, speed: 3, surface: .wood)])
    // Power-weighted centroid (the magnitude-weighted one is dominated by the flat,
    // low-level tail of the noise above its band).
    func powerCentroid(_ x: [Double]) -> Double {
      let mag = magnitudeSpectrum(x, size: 32_768)
      var (num, den) = (0.0, 0.0)
      for (i, m) in mag.enumerated() {
        num += Double(i) * 48_000 / 32_768 * m * m
        den += m * m
      }
      return num / den
    }
    let cs = powerCentroid(step)
    let ct = powerCentroid(thud)
    print("FootstepTests: centroid step \(cs) Hz, thud \(ct) Hz")
    #expect(ct < 500)
    #expect(rms(thud) > rms(step))
  }
}
