import DioramaCore
import Foundation

/// Rain as a procedural ambience: every drop that lands within earshot is one sound event.
///
/// Drops: Marshall–Palmer sizes N(D) = N₀·e^{−ΛD}, N₀ = 8000 m⁻³·mm⁻¹, Λ = 4.1·R^(−0.21)
/// mm⁻¹ for a rain rate R in mm/h (J. S. Marshall & W. McK. Palmer, J. Meteor. 5, 1948),
/// falling at terminal speed v(D) = 3.78·D^0.67 m/s (D in mm; Atlas & Ulbrich, J. Appl.
/// Meteor. 16, 1977). The flux of drops of diameter D onto a surface is N(D)·v(D) per m² per
/// s per mm, so a heavier rain brings more drops and bigger ones. Drops under 0.5 mm (barely
/// audible) and over 6 mm (they break up) are left out.
///
/// Sounds: on a roof, each drop is a short tick (a damped sinusoid, 1.5–6 kHz, lower for
/// bigger drops) of amplitude ∝ its momentum m·v. On water, each drop is a faint tick and
/// drops of 0.8–1.1 mm entrain a bubble of 0.18–0.25 mm radius ("type I" regular
/// entrainment: Pumphrey, Crum & Bjørnø, J. Acoust. Soc. Am. 85, 1989, the 13–16 kHz peak of
/// rain on water), while drops over 2.2 mm entrain one of 0.5–2 mm a third of the time
/// (irregular entrainment); bubbles ring by `Bubble`. A pink-noise bed at a quarter of the
/// ticks' RMS stands for the rain further off.
enum Rain {
  /// Rain rate when none is given (mm/h): moderate rain.
  static let defaultRate = 5.0
  /// Surface heard by each channel (m²).
  static let area = 5.0
  /// Ticks are rendered until they fall 80 dB below the loudest drop's.
  static let silence = 1e-4

  /// Drop flux per m² per second per diameter bin and the bins' centres (mm), 0.5...6 mm.
  static func flux(rate: Double, bins: Int = 128) -> (diameters: [Double], flux: [Double]) {
    let lambda = 4.1 * pow(rate, -0.21)
    let dd = 5.5 / Double(bins)
    var d = [Double](repeating: 0, count: bins)
    var f = [Double](repeating: 0, count: bins)
    for i in 0..<bins {
      let di = 0.5 + (Double(i) + 0.5) * dd
      d[i] = di
      f[i] = 8_000 * exp(-lambda * di) * 3.78 * pow(di, 0.67) * dd
    }
    return (d, f)
  }

  /// One channel of rain at `rate` (mm/h), unscaled (`Ambience.render` sets the level).
  /// - Complexity: O(frameCount + drops × tick length).
  static func render(
    rate: Double, surface: RainSurface, frameCount: Int, sampleRate: Int,
    rng: inout SeededGenerator
  ) -> [Double] {
    let fs = Double(sampleRate)
    let (diameters, flux) = flux(rate: rate)
    var cdf = [Double](repeating: 0, count: flux.count)
    var total = 0.0
    for i in flux.indices {
      total += flux[i]
      cdf[i] = total
    }
    let dropsPerSecond = total * area
    var out = [Double](repeating: 0, count: frameCount)
    guard dropsPerSecond > 0, frameCount > 0 else { return out }
    let duration = Double(frameCount) / fs
    let maxF = Swift.min(20_000, 0.45 * fs)
    // Units: the largest drop's tick has amplitude 1 (momentum of a 6 mm drop at 9.4 m/s).
    let refMomentum = pow(6.0, 3) * 3.78 * pow(6.0, 0.67)
    out.withUnsafeMutableBufferPointer { buf in
      var t = 0.0
      while true {
        t -= log(1 - rng.nextUnit()) / dropsPerSecond
        if t >= duration { break }
        // Diameter: bin by inverse CDF, uniform within the bin.
        let u = rng.nextUnit() * total
        var lo = 0
        var hi = cdf.count - 1
        while lo < hi {
          let mid = (lo + hi) / 2
          if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        let d = diameters[lo] + (rng.nextUnit() - 0.5) * 5.5 / Double(cdf.count)
        let v = 3.78 * pow(d, 0.67)
        let momentum = d * d * d * v / refMomentum
        switch surface {
        case .roof:
          let f = 3_000 * (2 / d).squareRoot() * (0.75 + 0.5 * rng.nextUnit())
          let tick = DampedTone(
            time: t, frequency: Swift.min(6_000, Swift.max(1_500, f)), decayRate: 900,
            rise: 0, pressure: momentum)
          tick.add(
            scale: 1, maxFrequency: maxF, sampleRate: sampleRate, silence: silence, into: buf)
        case .water:
          let tick = DampedTone(
            time: t, frequency: 8_000 * (0.8 + 0.4 * rng.nextUnit()), decayRate: 3_000,
            rise: 0, pressure: 0.3 * momentum)
          tick.add(
            scale: 1, maxFrequency: maxF, sampleRate: sampleRate, silence: silence, into: buf)
          var radius: Double? = nil
          if d >= 0.8 && d <= 1.1 {
            radius = 1.8e-4 + 0.7e-4 * rng.nextUnit()
          } else if d > 2.2 && rng.nextUnit() < 1.0 / 3 {
            radius = 5e-4 + 1.5e-3 * rng.nextUnit()
          }
          if let a = radius {
            // Bubble pressure relative to the ticks: a 0.2 mm bubble ≈ 4.8·10⁻⁴ Pa at 1 m
            // in air (Bubble.pressureAtOneMetre); the reference tick (6 mm drop), 2·10⁻² Pa
            // (an estimate: the bubbles then stand 30 dB above their own drop's tick, as the
            // 14 kHz peak dominates recordings of rain on water).
            var tone = Bubble.tone(BubbleSound(time: t + 0.003, position: .zero, radius: a))
            tone.pressure /= 2e-2
            tone.add(
              scale: 1, maxFrequency: maxF, sampleRate: sampleRate, silence: silence, into: buf)
          }
        }
      }
    }
    // The far rain: a pink bed at a quarter of the ticks' RMS.
    var sumSq = 0.0
    for x in out { sumSq += x * x }
    let rms = (sumSq / Double(frameCount)).squareRoot()
    var bedRNG = rng.split(key: 1)
    let bed = Ambience.pinkNoise(frameCount: frameCount, sampleRate: sampleRate, rng: &bedRNG)
    var bedSq = 0.0
    for x in bed { bedSq += x * x }
    let bedRMS = (bedSq / Double(frameCount)).squareRoot()
    if rms > 0, bedRMS > 0 {
      let g = 0.25 * rms / bedRMS
      for i in 0..<frameCount { out[i] += g * bed[i] }
    }
    return out
  }
}
