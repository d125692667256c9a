import Foundation

/// Sample-exact rendering of one impact on a set of modes.
///
/// Each mode is a damped oscillator ẍ + 2ξωẋ + ω²x = φ²·F(t) (modal coordinates with unit
/// modal mass, φ² the mobility at the struck point), driven by the Hertz force pulse, a half
/// sine F(s) = F₀·sin(πs/τ) for 0 ≤ s ≤ τ with ∫F ds = J, so F₀ = πJ/(2τ) (Johnson 1985
/// §11.4; van den Doel, Kry & Pai 2001 use the same pulse shape).
///
/// With λ = −ξω + iω_d, ω_d = ω√(1−ξ²), the impulse response of velocity is
/// Im(λe^{λs})/ω_d, and by Duhamel's integral the modal velocity s seconds after first touch
/// is, exactly,
///   v(s) = φ²/ω_d · Im(λ·e^{λs}·G(min(s, τ))),   G(u) = ∫₀ᵘ F(σ)e^{−λσ} dσ
///   G(u) = F₀/(2i)·[(e^{(ip−λ)u} − 1)/(ip − λ) − (e^{(−ip−λ)u} − 1)/(−ip − λ)],  p = π/τ.
/// (The F(s) term of dx/ds is real and drops out of the imaginary part.) As τ → 0,
/// v(0⁺) = φ²J: an impulse sets the modal velocity. For s ≥ τ the output is c·e^{λs} with a
/// fixed complex c, advanced sample by sample by the factor e^{λ/f_s}: nothing is
/// approximated but the rounding. The half-sine's spectrum, cos(ωτ/2)/(1 − (ωτ/π)²), makes
/// long (soft, slow) pulses excite only the low modes.
///
/// Sample k (time k/f_s) gets v(k/f_s − t₀) when k/f_s ≥ t₀ and nothing before: the first
/// sample may fall anywhere in the first sample period after t₀, and its value is that of
/// the exact signal at that instant.
enum ModalImpact {
  /// Modes are rendered until their envelope falls below this (full-scale units, −120 dBFS).
  static let silence = 1e-6

  /// Adds the impact's sound to `left` and `right`.
  /// - Parameters:
  ///   - modes: the resonator's modes.
  ///   - startTime: t₀ (s).
  ///   - tau: Hertz pulse duration τ (s).
  ///   - impulse: J (N·s).
  ///   - scale: full-scale units per pascal at the listener, per pascal at 1 m (1/r·gain/p_fs).
  ///   - gainLeft, gainRight: pan gains.
  /// - Complexity: O(Σ over modes of its audible length in samples).
  static func add(
    modes: [Mode], startTime t0: Double, tau: Double, impulse: Double, scale: Double,
    gainLeft gl: Double, gainRight gr: Double, sampleRate: Int,
    left: inout [Double], right: inout [Double]
  ) {
    let fs = Double(sampleRate)
    let count = left.count
    guard impulse > 0, scale > 0, t0.isFinite, t0 * fs < Double(count) else { return }
    // First sample at or after t0 (exact comparison in the same arithmetic used below).
    var k0 = Swift.max(0, Int((t0 * fs).rounded(.up)))
    while k0 > 0 && Double(k0 - 1) / fs >= t0 { k0 -= 1 }
    while Double(k0) / fs < t0 { k0 += 1 }
    guard k0 < count else { return }
    let p = Double.pi / tau
    let f0 = Double.pi * impulse / (2 * tau)

    var free: [FreeMode] = []
    free.reserveCapacity(modes.count)
    left.withUnsafeMutableBufferPointer { lb in
      right.withUnsafeMutableBufferPointer { rb in
        for m in modes {
          let w = m.angularFrequency
          let xi = m.dampingRatio
          let wd = w * (1 - xi * xi).squareRoot()
          let lambda = Complex(-xi * w, wd)
          let amp = m.mobility / wd * m.radiation * scale
          let ipl = Complex(0, p) - lambda
          let iml = Complex(0, -p) - lambda
          // The mode's displacement during the pulse, G(s)·e^{λs}·λ·amp, written with the
          // e^{λs} factor inside the brackets: (e^{ips} − e^{λs})/(ip − λ) − (e^{−ips} −
          // e^{λs})/(−ip − λ). Every exponential then has modulus ≤ 1, so a heavily damped
          // mode over a long pulse (ξωτ in the hundreds) cannot overflow to ∞.
          func response(_ s: Double) -> Complex {
            let els = Complex.exp(lambda * s)
            let t1 = (Complex.exp(Complex(0, p * s)) - els) / ipl
            let t2 = (Complex.exp(Complex(0, -p * s)) - els) / iml
            let d = t1 - t2
            // d/(2i) = (d.im/2, −d.re/2)
            return lambda * Complex(0.5 * d.im, -0.5 * d.re) * (f0 * amp)
          }
          let zEnd = response(tau)
          let peak = zEnd.magnitude
          guard peak.isFinite, peak > silence else { continue }
          let lifetime = log(peak / silence) / m.decayRate + tau
          guard lifetime.isFinite else { continue }
          let kEnd = Swift.min(count, k0 + Int((lifetime * fs).rounded(.up)) + 1)
          var k = k0
          // During the pulse: exact Duhamel integral per sample.
          while k < kEnd {
            let sk = Double(k) / fs - t0
            if sk >= tau { break }
            let y = response(sk).im
            lb[k] += gl * y
            rb[k] += gr * y
            k += 1
          }
          guard k < kEnd else { continue }
          // Free decay from here: handed to the lane bank below.
          free.append(
            FreeMode(
              start: k, end: kEnd, z: zEnd * Complex.exp(lambda * (Double(k) / fs - t0 - tau)),
              step: Complex.exp(lambda * (1 / fs))))
        }
        addFreeDecay(&free, gainLeft: gl, gainRight: gr, left: lb, right: rb)
      }
    }
  }

  /// A mode in free decay: z_k = z·stepᵏ⁻ˢᵗᵃʳᵗ for start ≤ k < end; the sound is Im z_k.
  struct FreeMode {
    var start: Int
    var end: Int
    var z: Complex
    var step: Complex
  }

  /// Adds the free decay of all modes, four to a SIMD lane group.
  ///
  /// Every mode of one impact leaves the pulse on the same sample, so the modes are sorted by
  /// their last audible sample (longest first; ties by order, deterministic) and run four at
  /// a time: per sample one SIMD4 complex product advances four phasors and the sum of their
  /// imaginary parts is written once, instead of once per mode. A lane whose mode has rung
  /// out is zeroed at its end sample, so every mode sounds exactly over [start, end), as in
  /// the scalar recurrence (only the order of the additions differs).
  /// - Complexity: O(Σ over groups of the group's longest audible length).
  static func addFreeDecay(
    _ modes: inout [FreeMode], gainLeft gl: Double, gainRight gr: Double,
    left lb: UnsafeMutableBufferPointer<Double>, right rb: UnsafeMutableBufferPointer<Double>
  ) {
    guard !modes.isEmpty else { return }
    // Stable: sort indices by (end descending, index).
    let order = modes.indices.sorted { (modes[$0].end, -$0) > (modes[$1].end, -$1) }
    var g = 0
    while g < order.count {
      let n = Swift.min(4, order.count - g)
      var zr = SIMD4<Double>.zero
      var zi = SIMD4<Double>.zero
      var sr = SIMD4<Double>.zero
      var si = SIMD4<Double>.zero
      var ends = SIMD4<Int>.zero
      let start = modes[order[g]].start
      for j in 0..<n {
        let m = modes[order[g + j]]
        zr[j] = m.z.re
        zi[j] = m.z.im
        sr[j] = m.step.re
        si[j] = m.step.im
        ends[j] = m.end
      }
      var k = start
      // Lanes end in order n−1, …, 0 (sorted longest first).
      var lane = n - 1
      while lane >= 0 {
        let stop = ends[lane]
        while k < stop {
          let y = zi.sum()
          lb[k] += gl * y
          rb[k] += gr * y
          let nr = zr * sr - zi * si
          zi = zr * si + zi * sr
          zr = nr
          k += 1
        }
        zr[lane] = 0
        zi[lane] = 0
        lane -= 1
      }
      g += n
    }
  }
}
