import DioramaCore
import Foundation

/// Procedural background sound, seeded.
enum Ambience {
  /// Renders `frameCount` frames of one channel of the ambience, scaled so its RMS over the
  /// whole track is `levelDB` dBFS (normalised by measurement, so the level is exact).
  /// - Complexity: O(frameCount).
  static func render(
    _ source: AmbienceSource, frameCount: Int, sampleRate: Int, rng: inout SeededGenerator,
    gusts: [Double]
  ) -> [Double] {
    guard frameCount > 0, source.levelDB.isFinite else { return [] }
    var out: [Double]
    switch source.kind {
    case .none: return []
    case .roomTone: out = pinkNoise(frameCount: frameCount, sampleRate: sampleRate, rng: &rng)
    case .wind:
      out = wind(frameCount: frameCount, sampleRate: sampleRate, rng: &rng, gusts: gusts)
    case .rain:
      out = Rain.render(
        rate: source.intensity > 0 ? source.intensity : Rain.defaultRate, surface: source.surface,
        frameCount: frameCount, sampleRate: sampleRate, rng: &rng)
    case .crowd:
      let talkers = source.intensity > 0 ? Int(source.intensity.rounded()) : 12
      // Each channel hears about half the room's talkers (at least one).
      out = CrowdMurmur.render(
        talkers: Swift.max(1, (talkers + 1) / 2), frameCount: frameCount,
        sampleRate: sampleRate, rng: &rng)
    }
    var sumSq = 0.0
    for x in out { sumSq += x * x }
    let rms = (sumSq / Double(frameCount)).squareRoot()
    guard rms > 0 else { return [] }
    let g = pow(10, source.levelDB / 20) / rms
    for i in out.indices { out[i] *= g }
    return out
  }

  /// White noise, uniform in [−1, 1).
  @inline(__always) static func white(_ rng: inout SeededGenerator) -> Double {
    rng.nextUnit() * 2 - 1
  }

  /// Room tone: pink noise by Kellet's three-pole "economy" filter (P. Kellet, "Filter to
  /// make pink noise from white", music-dsp 1999; within ±0.5 dB of −3 dB/octave above
  /// ~10 Hz at 44.1 kHz; pole radii rescaled by f_s so the corners stay put), then a gentle
  /// one-pole low-pass at 4 kHz: the dull hiss of a quiet room.
  static func pinkNoise(frameCount: Int, sampleRate: Int, rng: inout SeededGenerator)
    -> [Double]
  {
    let fs = Double(sampleRate)
    // Kellet's poles at 44.1 kHz; r(fs) = r^(44100/fs) keeps each corner frequency.
    let scale = 44_100 / fs
    let r0 = pow(0.99765, scale)
    let r1 = pow(0.96300, scale)
    let r2 = pow(0.57000, scale)
    let lp = exp(-2 * Double.pi * 4_000 / fs)
    var (b0, b1, b2, y) = (0.0, 0.0, 0.0, 0.0)
    var out = [Double](repeating: 0, count: frameCount)
    for i in 0..<frameCount {
      let w = white(&rng)
      b0 = r0 * b0 + w * 0.099_046_0
      b1 = r1 * b1 + w * 0.296_516_4
      b2 = r2 * b2 + w * 1.052_691_3
      let pink = b0 + b1 + b2 + w * 0.184_8
      y = lp * y + (1 - lp) * pink
      out[i] = y
    }
    return out
  }

  /// The gust envelope g(t) ∈ [0, 1] shared by both wind channels: the mean of three slow
  /// sinusoids (0.07, 0.13, 0.29 Hz) with seeded phases, mapped from [−1, 1].
  static func gustEnvelope(frameCount: Int, sampleRate: Int, rng: inout SeededGenerator)
    -> [Double]
  {
    let rates = [0.07, 0.13, 0.29]
    let phases = rates.map { _ in rng.nextUnit() * 2 * Double.pi }
    let fs = Double(sampleRate)
    var out = [Double](repeating: 0, count: frameCount)
    for i in 0..<frameCount {
      let t = Double(i) / fs
      var s = 0.0
      for j in 0..<rates.count { s += sin(2 * Double.pi * rates[j] * t + phases[j]) }
      out[i] = 0.5 + 0.5 * s / Double(rates.count)
    }
    return out
  }

  /// Wind: white noise through two one-pole low-passes whose cutoff moves with the gust
  /// envelope g between 150 and 900 Hz, times a level 0.25 + 0.75·g.
  static func wind(
    frameCount: Int, sampleRate: Int, rng: inout SeededGenerator, gusts: [Double]
  ) -> [Double] {
    let fs = Double(sampleRate)
    var (y1, y2) = (0.0, 0.0)
    var out = [Double](repeating: 0, count: frameCount)
    for i in 0..<frameCount {
      let g = i < gusts.count ? gusts[i] : 0.5
      let fc = 150 + 750 * g
      let a = exp(-2 * Double.pi * fc / fs)
      y1 = a * y1 + (1 - a) * white(&rng)
      y2 = a * y2 + (1 - a) * y1
      out[i] = y2 * (0.25 + 0.75 * g)
    }
    return out
  }
}
