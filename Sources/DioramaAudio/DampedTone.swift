import Foundation

/// A decaying sinusoid whose frequency may rise linearly: the sound of one bubble, one grain
/// of gravel, one raindrop's tick. p(s) = P·e^{−βs}·sin φ(s), φ(s) = 2πf₀·(s + ρs²/2)
/// (instantaneous frequency f₀(1 + ρs)), s the time since `time`.
struct DampedTone: Sendable, Hashable {
  /// Start (s).
  var time: Double
  /// Initial frequency f₀ (Hz).
  var frequency: Double
  /// Amplitude decay rate β (1/s).
  var decayRate: Double
  /// Relative frequency rise ρ (1/s): f(s) = f₀(1 + ρs); 0 for a steady pitch.
  var rise: Double
  /// Peak pressure P at 1 m (Pa).
  var pressure: Double

  /// Adds the tone to `left`/`right` from the first sample at or after `time`.
  ///
  /// The phase is quadratic in time, so its second difference is the constant 2πf₀ρh²
  /// (h = 1/f_s): the phasor z_k = P·e^{−βs_k + iφ(s_k)} advances as z ← z·w, w ← w·c with
  /// c = e^{i·2πf₀ρh²}: two complex products per sample and no transcendental call. Stops
  /// when the envelope falls below `ModalImpact.silence` or the frequency reaches
  /// `maxFrequency` (Hz).
  /// - Parameter scale: full-scale units per pascal at 1 m (1/r, air absorption, gain).
  /// - Complexity: O(audible length in samples).
  func add(
    scale: Double, gainLeft gl: Double, gainRight gr: Double, maxFrequency: Double,
    sampleRate: Int, left: UnsafeMutableBufferPointer<Double>,
    right: UnsafeMutableBufferPointer<Double>
  ) {
    let f0 = frequency
    let beta = decayRate
    let t0 = time
    guard f0 > 0, f0 < maxFrequency, beta > 0, t0.isFinite, scale > 0 else { return }
    let amp = pressure * scale
    guard amp > ModalImpact.silence else { return }
    let fs = Double(sampleRate)
    let count = left.count
    let k0 = ContactNoise.firstSample(atOrAfter: t0, sampleRate: fs)
    guard k0 < count else { return }
    var life = log(amp / ModalImpact.silence) / beta
    if rise > 0 { life = Swift.min(life, (maxFrequency / f0 - 1) / rise) }
    let h = 1 / fs
    let s0 = Double(k0) * h - t0
    guard s0 < life else { return }
    let kEnd = Swift.min(count, k0 + Int(((life - s0) * fs).rounded(.up)) + 1)
    let w0 = 2 * Double.pi * f0
    let phase0 = w0 * (s0 + 0.5 * rise * s0 * s0)
    let dphase0 = w0 * (h + 0.5 * rise * (2 * s0 * h + h * h))
    var z = Complex(cos(phase0), sin(phase0)) * (amp * exp(-beta * s0))
    var w = Complex(cos(dphase0), sin(dphase0)) * exp(-beta * h)
    let dd = w0 * rise * h * h
    let c = Complex(cos(dd), sin(dd))
    var k = k0
    if rise == 0 {
      while k < kEnd {
        let y = z.im
        left[k] += gl * y
        right[k] += gr * y
        z = z * w
        k += 1
      }
      return
    }
    while k < kEnd {
      let y = z.im
      left[k] += gl * y
      right[k] += gr * y
      z = z * w
      w = w * c
      k += 1
    }
  }
}

extension DampedTone {
  /// Adds the tone to one channel, stopping at `silence` (full-scale units) instead of
  /// `ModalImpact.silence`; otherwise as `add(scale:gainLeft:gainRight:...)`.
  func add(
    scale: Double, maxFrequency: Double, sampleRate: Int, silence: Double,
    into out: UnsafeMutableBufferPointer<Double>
  ) {
    let f0 = frequency
    let beta = decayRate
    guard f0 > 0, f0 < maxFrequency, beta > 0, time.isFinite, scale > 0 else { return }
    let amp = pressure * scale
    guard amp > silence else { return }
    let fs = Double(sampleRate)
    let k0 = ContactNoise.firstSample(atOrAfter: time, sampleRate: fs)
    guard k0 < out.count else { return }
    var life = log(amp / silence) / beta
    if rise > 0 { life = Swift.min(life, (maxFrequency / f0 - 1) / rise) }
    let h = 1 / fs
    let s0 = Double(k0) * h - time
    guard s0 < life else { return }
    let kEnd = Swift.min(out.count, k0 + Int(((life - s0) * fs).rounded(.up)) + 1)
    let w0 = 2 * Double.pi * f0
    let phase0 = w0 * (s0 + 0.5 * rise * s0 * s0)
    let dphase0 = w0 * (h + 0.5 * rise * (2 * s0 * h + h * h))
    var z = Complex(cos(phase0), sin(phase0)) * (amp * exp(-beta * s0))
    var w = Complex(cos(dphase0), sin(dphase0)) * exp(-beta * h)
    let dd = w0 * rise * h * h
    let c = Complex(cos(dd), sin(dd))
    for k in k0..<kEnd {
      out[k] += z.im
      z = z * w
      w = w * c
    }
  }
}
