import Foundation

/// A second-order IIR section, normalised so that a0 = 1:
///
///     H(z) = (b0 + b1·z⁻¹ + b2·z⁻²) / (1 + a1·z⁻¹ + a2·z⁻²)
///
/// Run in transposed direct form II, in Double (the poles of a 38 Hz high-pass at 48 kHz sit
/// within 0.005 of z = 1, where Float coefficients would move the corner by several hertz).
///
/// ```swift
/// let f = Biquad(b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621)
/// let gain = f.magnitude(atHertz: 1000, sampleRate: 48_000)
/// ```
struct Biquad: Sendable, Hashable {
  /// Feed-forward coefficients (dimensionless).
  var b0: Double
  var b1: Double
  var b2: Double
  /// Feedback coefficients (dimensionless), with a0 = 1.
  var a1: Double
  var a2: Double

  /// Magnitude of the frequency response |H(e^{jω})| at `frequency` (Hz), ω = 2πf/fs.
  func magnitude(atHertz frequency: Double, sampleRate: Double) -> Double {
    let w = 2 * Double.pi * frequency / sampleRate
    // z⁻¹ = e^{−jω}, z⁻² = e^{−2jω}
    let c1 = cos(w)
    let s1 = -sin(w)
    let c2 = cos(2 * w)
    let s2 = -sin(2 * w)
    let nRe = b0 + b1 * c1 + b2 * c2
    let nIm = b1 * s1 + b2 * s2
    let dRe = 1 + a1 * c1 + a2 * c2
    let dIm = a1 * s1 + a2 * s2
    return ((nRe * nRe + nIm * nIm) / (dRe * dRe + dIm * dIm)).squareRoot()
  }
}

// MARK: - Bilinear-transform design

/// An analog second-order prototype in the normalised variable S = s/ω₀,
///
///     H(S) = (nyquistGain·S² + midGain·S/Q + dcGain) / (S² + S/Q + 1),
///
/// turned into a `Biquad` at any sample rate by the bilinear transform pre-warped at f₀
/// (S = (1/K)·(z − 1)/(z + 1) with K = tan(π f₀/fs)), so the corner frequency f₀ lands exactly
/// where the prototype has it. The high shelf and the high-pass of BS.1770's K-weighting are
/// both of this form.
///
/// `init(inverting:sampleRate:)` solves the transform backwards: the 48 kHz coefficients that
/// ITU-R BS.1770-4 publishes determine f₀, Q and the three gains exactly (five equations, five
/// unknowns; derivation below), so the published filter is reproduced to rounding at 48 kHz
/// and the same analog filter is realised at every other rate.
struct AnalogBiquadPrototype: Sendable, Hashable {
  /// Corner (pre-warping) frequency f₀ (Hz).
  var cornerHertz: Double
  /// Quality factor (dimensionless).
  var q: Double
  /// Gain at DC (linear), the coefficient of S⁰ in the numerator.
  var dcGain: Double
  /// Gain of the S¹ term relative to the denominator's S/Q (linear).
  var midGain: Double
  /// Gain at infinite frequency (linear), the coefficient of S² in the numerator.
  var nyquistGain: Double

  /// The digital section at `sampleRate` (Hz).
  ///
  /// Substituting S = (z − 1)/(K(z + 1)) and multiplying by K²(z + 1)²:
  ///   numerator   (G∞ + Gm·K/Q + G₀K²)·z² + 2(G₀K² − G∞)·z + (G∞ − Gm·K/Q + G₀K²)
  ///   denominator (1 + K/Q + K²)·z² + 2(K² − 1)·z + (1 − K/Q + K²)
  /// then everything is divided by the denominator's z² coefficient a0.
  func digital(sampleRate: Double) -> Biquad {
    let k = tan(Double.pi * cornerHertz / sampleRate)
    let kq = k / q
    let k2 = k * k
    let a0 = 1 + kq + k2
    return Biquad(
      b0: (nyquistGain + midGain * kq + dcGain * k2) / a0,
      b1: 2 * (dcGain * k2 - nyquistGain) / a0,
      b2: (nyquistGain - midGain * kq + dcGain * k2) / a0,
      a1: 2 * (k2 - 1) / a0,
      a2: (1 - kq + k2) / a0)
  }

  /// The prototype whose pre-warped bilinear transform at `sampleRate` (Hz) is `f`.
  ///
  /// From the forward formulas above, with a0 = 1 + K/Q + K²:
  ///   1 + a1 + a2 = 4K²/a0,   1 − a1 + a2 = 4/a0,   1 − a2 = 2(K/Q)/a0, so
  ///   K² = (1 + a1 + a2)/(1 − a1 + a2),   K/Q = 2(1 − a2)/(1 − a1 + a2),
  ///   f₀ = fs·atan(K)/π;
  ///   b0 + b1 + b2 = 4G₀K²/a0  ⇒  G₀ = (b0 + b1 + b2)/(1 + a1 + a2),
  ///   b0 − b1 + b2 = 4G∞/a0    ⇒  G∞ = (b0 − b1 + b2)/(1 − a1 + a2),
  ///   b0 − b2 = 2Gm(K/Q)/a0     ⇒  Gm = (b0 − b2)/(1 − a2).
  /// Requires complex poles strictly inside the unit circle and 0 < f₀ < fs/2.
  init(inverting f: Biquad, sampleRate: Double) {
    let plus = 1 + f.a1 + f.a2
    let minus = 1 - f.a1 + f.a2
    let k = (plus / minus).squareRoot()
    let kq = 2 * (1 - f.a2) / minus
    cornerHertz = sampleRate * atan(k) / Double.pi
    q = k / kq
    dcGain = (f.b0 + f.b1 + f.b2) / plus
    nyquistGain = (f.b0 - f.b1 + f.b2) / minus
    midGain = (f.b0 - f.b2) / (1 - f.a2)
  }
}
