import DioramaCore
import Foundation

/// A short burst of band-limited noise: the crash of a splash, the scuff of a sole, the
/// slap of a body on the floor, the hiss of a pour. Envelope: a linear rise over `attack`,
/// a plateau for `hold`, then e^{−t/decay};
/// band: one-pole high-pass at `lowHertz`, two one-pole low-passes at `highHertz`.
struct NoiseBurst: Sendable, Hashable {
  /// Start (s).
  var time: Double
  /// Source position (m).
  var position: Vec3
  /// Rise time (s, ≥ 0).
  var attack: Double
  /// Plateau after the rise (s, ≥ 0).
  var hold: Double = 0
  /// Decay time constant (s, > 0).
  var decay: Double
  /// High-pass corner (Hz).
  var lowHertz: Double
  /// Low-pass corner (Hz), before air absorption.
  var highHertz: Double
  /// RMS pressure at 1 m at the top of the envelope (Pa).
  var pressure: Double
  /// Noise stream key: bursts with different keys are independent.
  var key: UInt64

  /// Adds the burst to `left`/`right`. The filter's noise gain Σh² is measured on its own
  /// impulse response (until it has fallen by 10⁻⁹) so that the band-limited noise has RMS
  /// exactly `pressure`·`scale` at the top of the envelope whatever the band.
  /// - Parameters:
  ///   - scale: full-scale units per pascal at 1 m.
  ///   - airCorner: low-pass corner standing in for air absorption (Hz).
  /// - Complexity: O(burst length in samples + filter settling length).
  func add(
    scale: Double, gainLeft gl: Double, gainRight gr: Double, airCorner: Double,
    sampleRate: Int, seed: UInt64, left: UnsafeMutableBufferPointer<Double>,
    right: UnsafeMutableBufferPointer<Double>
  ) {
    guard pressure > 0, scale > 0, decay > 0, time.isFinite else { return }
    let fs = Double(sampleRate)
    let count = left.count
    let k0 = ContactNoise.firstSample(atOrAfter: time, sampleRate: fs)
    guard k0 < count else { return }
    let fh = Swift.min(highHertz, airCorner, 0.45 * fs)
    let fl = Swift.min(Swift.max(lowHertz, 5), 0.5 * fh)
    let aHP = exp(-2 * Double.pi * fl / fs)
    let aLP = exp(-2 * Double.pi * fh / fs)
    // Noise gain of the cascade: Σ h², from its impulse response.
    var sumSq = 0.0
    do {
      var (x1, hp, l1, l2) = (0.0, 0.0, 0.0, 0.0)
      var n = 0
      var x = 1.0
      let limit = Int(40 * fs / fl) + 64
      while n < limit {
        hp = aHP * (hp + x - x1)
        x1 = x
        l1 = aLP * l1 + (1 - aLP) * hp
        l2 = aLP * l2 + (1 - aLP) * l1
        sumSq += l2 * l2
        x = 0
        n += 1
        if n > 64 && abs(l2) < 1e-9 && abs(hp) < 1e-9 { break }
      }
    }
    guard sumSq > 0 else { return }
    // Uniform noise in [−1, 1) has variance 1/3.
    let amp = pressure * scale / (sumSq / 3).squareRoot()
    let length = attack + hold + decay * log(1e3)  // to −60 dB
    let kEnd = Swift.min(count, k0 + Int((length * fs).rounded(.up)) + 1)
    var rng = SeededGenerator(seed: seed).split(key: key)
    var (x1, hp, l1, l2) = (0.0, 0.0, 0.0, 0.0)
    let decayStep = exp(-1 / (decay * fs))
    let s0 = Double(k0) / fs - time
    var env = s0 > attack + hold ? exp(-(s0 - attack - hold) / decay) : 1.0
    var holdLeft = Int((Swift.max(0, attack + hold - Swift.max(s0, attack)) * fs).rounded())
    let rampStep = attack > 0 ? 1 / (attack * fs) : 1
    var ramp = attack > 0 ? s0 / attack : 1
    for k in k0..<kEnd {
      let x = rng.nextUnit() * 2 - 1
      hp = aHP * (hp + x - x1)
      x1 = x
      l1 = aLP * l1 + (1 - aLP) * hp
      l2 = aLP * l2 + (1 - aLP) * l1
      let e: Double
      if ramp < 1 {
        e = ramp
        ramp += rampStep
      } else if holdLeft > 0 {
        e = 1
        holdLeft -= 1
      } else {
        e = env
        env *= decayStep
      }
      let y = amp * e * l2
      left[k] += gl * y
      right[k] += gr * y
    }
  }
}
