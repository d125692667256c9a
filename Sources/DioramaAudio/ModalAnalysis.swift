import DioramaCore
import Foundation

/// One vibration mode of a struck resonator.
public struct Mode: Sendable, Hashable {
  /// Undamped natural frequency (Hz).
  public var frequency: Double
  /// Damping ratio ξ (dimensionless, 0 < ξ < 1).
  public var dampingRatio: Double
  /// Mobility at the struck point (1/kg): the modal velocity an impulse of 1 N·s leaves, i.e.
  /// the square of the mass-normalised mode shape there.
  public var mobility: Double
  /// Radiation: sound pressure at 1 m per unit modal surface velocity (Pa·s/m · m = Pa per
  /// m/s at 1 m). Signed: its sign is the polarity of the mode's far field at the listener.
  public var radiation: Double

  public init(frequency: Double, dampingRatio: Double, mobility: Double, radiation: Double) {
    self.frequency = frequency
    self.dampingRatio = dampingRatio
    self.mobility = mobility
    self.radiation = radiation
  }

  /// Angular frequency ω (rad/s).
  public var angularFrequency: Double { 2 * Double.pi * frequency }
  /// Envelope decay rate ξω (1/s): the mode decays as e^(−ξωt).
  public var decayRate: Double { dampingRatio * angularFrequency }
  /// Time to decay by 60 dB (s): T60 = ln(10³)/(ξω) = 6.908/(ξω).
  public var t60: Double { 6.907_755_278_982_137 / decayRate }
}

/// Modal models of resonators: which modes a body has, how fast each decays, how strongly a
/// blow at the surface excites it and how well it radiates.
public enum ModalAnalysis {
  /// Density of air at 20 °C (kg/m³).
  public static let airDensity = 1.204
  /// Speed of sound in air at 20 °C (m/s).
  public static let speedOfSound = 343.0
  /// Modes below this are dropped (Hz): inaudible.
  public static let minFrequency = 20.0
  /// Most modes kept per resonator (plates have thousands; the lowest carry the sound).
  public static let maxModes = 40

  /// Rayleigh damping ratio of a mode: with C = αM + βK, ξ = α/(2ω) + βω/2 (Adrien 1991;
  /// the convention of the reference table, Wang & James 2019 table 4).
  public static func dampingRatio(angularFrequency ω: Double, material m: Material) -> Double {
    m.rayleighAlpha / (2 * ω) + m.rayleighBeta * ω / 2
  }

  /// Radiation of a sphere mode of degree ℓ (Pa at 1 m per m/s of normal velocity at the
  /// struck pole), averaged over directions.
  ///
  /// A sphere of radius a whose surface moves with normal velocity v·P_ℓ(cos θ) radiates
  /// the power W = ½ρc·σ_ℓ·v²·4πa²/(2ℓ+1) (∫P_ℓ² dΩ = 4π/(2ℓ+1)), with the exact radiation
  /// efficiency of a spherical harmonic (Morse & Ingard, Theoretical Acoustics, 1968, §7.2;
  /// from the Wronskian of j_ℓ, y_ℓ):
  ///   σ_ℓ(ka) = 1/((ka)²·(j_ℓ′(ka)² + y_ℓ′(ka)²)),
  /// so σ_0 = (ka)²/(1+(ka)²) (the pulsating sphere), σ_ℓ → (ka)^(2ℓ+2)/((ℓ+1)·(2ℓ−1)!!)²
  /// for ka ≪ 1 (a compact sphere barely radiates: the air just sloshes round it) and
  /// σ_ℓ → 1 for ka ≫ 1. Spreading W over a sphere of radius r, the direction-averaged
  /// amplitude is p = ρc·a·√(σ_ℓ/(2ℓ+1))·v/r. Approximation: the mode's surface motion is
  /// taken as purely radial.
  public static func radiation(frequency f: Double, radius a: Double, order l: Int) -> Double {
    let ka = 2 * Double.pi * f / speedOfSound * a
    let sigma = sphereRadiationEfficiency(ka: ka, degree: l)
    return airDensity * speedOfSound * a * (sigma / Double(2 * l + 1)).squareRoot()
  }

  /// Radiation efficiency σ_ℓ = 1/(x²(j_ℓ′(x)² + y_ℓ′(x)²)) of a spherical harmonic of
  /// degree ℓ at x = ka (see `radiation(frequency:radius:order:)`); 0 for x ≤ 0.
  /// Derivatives from z_ℓ′ = z_{ℓ−1} − (ℓ+1)/x·z_ℓ, z_0′ = −z_1 (Abramowitz & Stegun
  /// 10.1.22); y_ℓ by upward recurrence from y_0 = −cos x/x, y_1 = −cos x/x² − sin x/x
  /// (stable for y). For x ≪ ℓ, y_ℓ′ overflows to ∞ and σ is 0, its limit.
  static func sphereRadiationEfficiency(ka x: Double, degree l: Int) -> Double {
    guard x > 0, x.isFinite, l >= 0 else { return x.isInfinite ? 1 : 0 }
    let jl = SphereModes.sphericalBessel(l, x)
    let jl1 = SphereModes.sphericalBessel(l + 1, x)
    var ym = -cos(x) / x  // y_0
    var y = -cos(x) / (x * x) - sin(x) / x  // y_1
    // After the loop, for l ≥ 1: y = y_l, ym = y_{l−1}; for l = 0: y = y_1.
    var k = 1
    while k < l {
      let yp = Double(2 * k + 1) / x * y - ym
      ym = y
      y = yp
      k += 1
    }
    let dj: Double
    let dy: Double
    if l == 0 {
      dj = -jl1
      dy = -y  // y_0′ = −y_1
    } else {
      let jlm = SphereModes.sphericalBessel(l - 1, x)
      dj = jlm - Double(l + 1) / x * jl
      dy = ym - Double(l + 1) / x * y
    }
    let den = x * x * (dj * dj + dy * dy)
    guard den.isFinite, den > 0 else { return 0 }
    return Swift.min(1 / den, 2)
  }

  /// Radiation efficiency σ of a baffled rectangular panel lx × ly (m) with coincidence
  /// frequency fc (Hz), at frequency f (Hz), averaged over the modes near f.
  ///
  /// Below coincidence the bending wave is slower than sound: neighbouring half-waves
  /// cancel, and only strips along the edges (edge modes) and the corners radiate. The
  /// estimate of Maidanik (1962, J. Acoust. Soc. Am. 34, 809), corrected by Leppington,
  /// Broadbent & Heron (1982, Proc. R. Soc. A 382, 245) and tabulated in EN 12354-1:2000
  /// annex B, with λ = √(f/fc), perimeter U = 2(lx+ly), area S = lx·ly:
  ///   δ₁ = ((1−λ²)·ln((1+λ)/(1−λ)) + 2λ)/(4π²(1−λ²)^1.5)
  ///   δ₂ = 8c²(1−2λ²)/(fc²π⁴·S·λ√(1−λ²)) for f < fc/2, else 0
  ///   σ = U·c/(S·fc)·δ₁ + δ₂   (f < fc),   σ = 1/√(1 − fc/f)   (f > fc),
  /// and below the first mode f₁₁ = c²/(4fc)·(1/lx² + 1/ly²) at most the piston value
  /// σ₂ = 4S(f/c)². Near coincidence both forms diverge; there σ is capped at
  /// max(1, σ₃), σ₃ = √(2πf(lx+ly)/(16c)) (the coincidence value of the same annex), and
  /// everywhere at 2 (also from the annex). If f₁₁ > fc/2 (a small, thick panel) the annex's
  /// other branch applies: σ = σ₂ below fc and σ₁ above, each capped by σ₃.
  static func plateRadiationEfficiency(
    frequency f: Double, lx: Double, ly: Double, coincidence fc: Double
  ) -> Double {
    guard f > 0, lx > 0, ly > 0, fc > 0 else { return 0 }
    let c = speedOfSound
    let area = lx * ly
    let s2 = 4 * area * (f / c) * (f / c)
    let s3 = (2 * Double.pi * f * (lx + ly) / (16 * c)).squareRoot()
    let f11 = c * c / (4 * fc) * (1 / (lx * lx) + 1 / (ly * ly))
    var sigma: Double
    if f11 <= fc / 2 {
      if f >= fc {
        sigma = 1 / (1 - fc / f).squareRoot()
      } else {
        let lam = (f / fc).squareRoot()
        let w = 1 - lam * lam
        let d1 =
          (w * log((1 + lam) / (1 - lam)) + 2 * lam) / (4 * Double.pi * Double.pi * pow(w, 1.5))
        let d2 =
          f < fc / 2
          ? 8 * c * c * (1 - 2 * lam * lam)
            / (fc * fc * pow(Double.pi, 4) * area * lam * w.squareRoot()) : 0
        sigma = 2 * (lx + ly) * c / (area * fc) * d1 + d2
        if f < f11 { sigma = Swift.min(sigma, s2) }
      }
      sigma = Swift.min(sigma, Swift.max(1, s3))
    } else {
      sigma = f < fc ? Swift.min(s2, s3) : Swift.min(1 / (1 - fc / f).squareRoot(), s3)
    }
    guard sigma.isFinite else { return 1 }
    return Swift.min(Swift.max(sigma, 0), 2)
  }

  /// The audible modes of a resonator, sorted by frequency: frequency below
  /// `maxFrequency` (Hz), above `minFrequency`, underdamped (ξ < 1), at most `maxModes`.
  /// - Complexity: O(modes) after a sphere root solve (about 10⁴ Bessel evaluations); cache
  ///   the result per resonator.
  public static func modes(of r: Resonator, maxFrequency: Double = 20_000) -> [Mode] {
    var raw: [Mode]
    let m = r.material
    switch r.shape {
    case .sphere(let radius): raw = sphereModes(radius: radius, mass: r.mass, material: m)
    case .box(let h): raw = boxModes(halfExtents: h, mass: r.mass, material: m)
    case .plate(let t): raw = plateModes(thickness: t, material: m)
    }
    raw = raw.filter {
      $0.frequency >= minFrequency && $0.frequency <= maxFrequency && $0.dampingRatio > 0
        && $0.dampingRatio < 1 && $0.mobility.isFinite && $0.mobility > 0
    }
    raw.sort { ($0.frequency, $0.mobility) < ($1.frequency, $1.mobility) }
    if raw.count > maxModes { raw.removeLast(raw.count - maxModes) }
    return raw
  }

  /// Builds a mode from its undamped frequency, applying the material's damping and
  /// `modalFrequencyScale`; radiation of a sphere harmonic of degree `order` and `radius`.
  static func mode(
    frequency f0: Double, material m: Material, mobility: Double, radius: Double,
    order: Int
  ) -> Mode {
    mode(frequency: f0, material: m, mobility: mobility) {
      radiation(frequency: $0, radius: radius, order: order)
    }
  }

  /// Builds a mode from its undamped frequency, applying the material's damping and
  /// `modalFrequencyScale`; `radiation` maps the final frequency (Hz) to Pa at 1 m per m/s.
  static func mode(
    frequency f0: Double, material m: Material, mobility: Double,
    radiation: (Double) -> Double
  ) -> Mode {
    let f = f0 * m.modalFrequencyScale
    let xi = dampingRatio(angularFrequency: 2 * Double.pi * f, material: m)
    return Mode(frequency: f, dampingRatio: xi, mobility: mobility, radiation: radiation(f))
  }

  /// The mass used for mobilities (kg): the resonator's own if finite and positive, else
  /// the solid's ρV.
  static func effectiveMass(_ mass: Double, density: Double, volume: Double) -> Double {
    mass.isFinite && mass > 0 ? mass : density * volume
  }

  // MARK: - Sphere

  /// Spheroidal modes (see `SphereModes`): f = η·c_s/(2πa), c_s = √(E/(2(1+ν)ρ)) — so
  /// f ∝ √(E/ρ)/a. Mobility at the struck pole: a radial point load projects on degree ℓ with
  /// the weight of the Legendre expansion of a delta, (2ℓ+1)/(4π) per unit area; we take the
  /// mass-normalised mode at the pole as φ² ≈ (2ℓ+1)/(3M) (ℓ = 1 then matches a rigid
  /// translation's 1/M) and halve it for the first overtone — an approximation, not a
  /// computed mode shape. Radiation of order ℓ with radius a.
  static func sphereModes(radius a: Double, mass: Double, material m: Material) -> [Mode] {
    guard a > 0, m.density > 0, m.youngsModulus > 0 else { return [] }
    let nu = m.poissonRatio
    let cs = (m.youngsModulus / (2 * (1 + nu) * m.density)).squareRoot()
    let mass = effectiveMass(mass, density: m.density, volume: 4 / 3 * Double.pi * a * a * a)
    return SphereModes.roots(poissonRatio: nu).map { root in
      let f = root.eta * cs / (2 * Double.pi * a)
      let weight = Double(2 * root.degree + 1) / 3 * (root.overtone == 0 ? 1 : 0.5)
      return mode(frequency: f, material: m, mobility: weight / mass, radius: a, order: root.degree)
    }
  }

  // MARK: - Box

  /// Dimensionless roots βL of the free–free Euler–Bernoulli beam, cos βL·cosh βL = 1
  /// (Blevins, Formulas for Natural Frequency and Mode Shape, table 8-1); higher ones
  /// ≈ (2n+1)π/2.
  static let freeFreeBeamRoots: [Double] = [4.730_04, 7.853_20, 10.995_61, 14.137_17, 17.278_76]

  /// A box is a bar or a plate depending on its proportions. With thickness t ≤ w ≤ L (full
  /// lengths): if t < w/4 it is a plate (see `panelModes`); otherwise a free–free bar:
  /// bending in both transverse planes, ω_n = (β_nL)²·√(EI/(ρA))/L², I = w t³/12 and t w³/12,
  /// plus longitudinal modes f_n = n·√(E/ρ)/(2L) (Blevins tables 8-1, 8-16). Euler–Bernoulli
  /// overestimates stubby bars (shear, rotary inertia), and a cube is only roughly a bar: a
  /// documented approximation. Mobility 1/M (the mean square of a mass-normalised free–free
  /// beam mode along its length); radiation of a dipole (order 1) with the equal-volume
  /// radius.
  static func boxModes(halfExtents h: Vec3, mass: Double, material m: Material) -> [Mode] {
    let s = [h.x, h.y, h.z].map { 2 * $0 }.sorted()
    let (t, w, l) = (s[0], s[1], s[2])
    guard t > 0, m.density > 0, m.youngsModulus > 0 else { return [] }
    let volume = t * w * l
    let mass = effectiveMass(mass, density: m.density, volume: volume)
    if t < w / 4 {
      return panelModes(lx: l, ly: w, thickness: t, panelMass: mass, material: m)
    }
    let aEq = pow(3 * volume / (4 * Double.pi), 1.0 / 3)
    let area = t * w
    var out: [Mode] = []
    for inertia in [w * t * t * t / 12, t * w * w * w / 12] {
      let k = (m.youngsModulus * inertia / (m.density * area)).squareRoot() / (l * l)
      for n in 0..<12 {
        let bl =
          n < freeFreeBeamRoots.count
          ? freeFreeBeamRoots[n] : Double(2 * n + 3) * Double.pi / 2
        let f = bl * bl * k / (2 * Double.pi)
        out.append(mode(frequency: f, material: m, mobility: 1 / mass, radius: aEq, order: 1))
      }
    }
    let cl = (m.youngsModulus / m.density).squareRoot()
    for n in 1...6 {
      out.append(
        mode(
          frequency: Double(n) * cl / (2 * l), material: m, mobility: 1 / mass, radius: aEq,
          order: 1))
    }
    return out
  }

  // MARK: - Plate

  /// The struck point of a panel as fractions of its sides: a generic point, off the nodal
  /// lines of the low modes.
  static let panelStrike = (x: 0.37, y: 0.41)

  /// Flexural modes of a rectangular panel lx × ly of thickness h, simply supported (Leissa,
  /// Vibration of Plates, NASA SP-160, eq. 4.21): ω_mn = π²·√(D/(ρh))·((m/lx)² + (n/ly)²),
  /// D = E h³/(12(1−ν²)). Kirchhoff theory holds while the bending wavelength exceeds about
  /// six thicknesses; modes beyond are dropped. Mass-normalised shape at (x, y):
  /// φ² = 4/M·sin²(mπx/lx)·sin²(nπy/ly).
  ///
  /// Radiation: a mode of space-averaged mean-square velocity ⟨v²⟩ radiates W = ρc·S·σ·⟨v²⟩
  /// (the definition of σ; Cremer, Heckl & Petersson, Structure-Borne Sound, 2005, §7.1),
  /// with σ(f) the panel's mode-averaged efficiency (`plateRadiationEfficiency`) and the
  /// coincidence frequency fc = c²/(2π)·√(ρh/D). Spread over a hemisphere (one face into the
  /// half space above a floor; a free panel's two faces into the full sphere give the same
  /// level), the amplitude at 1 m is p = ρc·√(S·σ/(2π))·v_rms,space. With unit modal mass
  /// ⟨φ²⟩ = 1/M, so per m/s at the struck point the factor is ρc·√(S·σ/(2π))/√(M·φ²(x,y)).
  /// Below fc (550 Hz for 3 cm of wood) neighbouring half-waves cancel and σ ≪ 1.
  /// Sign: the mode's far-field pressure has the sign of φ(x_s)·∫φ dA; for odd–odd modes
  /// ∫φ dA > 0, so the sign of φ(x_s) = sin·sin at the strike. We give every mode that sign
  /// (exact for odd–odd modes seen from above, a stand-in for the others), so the modes do
  /// not all start in phase at the listener as the struck point's velocity does.
  static func panelModes(
    lx: Double, ly: Double, thickness h: Double, panelMass: Double,
    material m: Material
  ) -> [Mode] {
    let nu = m.poissonRatio
    let d = m.youngsModulus * h * h * h / (12 * (1 - nu * nu))
    let rhoH = m.density * h
    let c = Double.pi * Double.pi * (d / rhoH).squareRoot()
    let c0 = speedOfSound
    let fc = c0 * c0 / (2 * Double.pi) * (rhoH / d).squareRoot()
    // σ is taken at the unscaled frequency: `modalFrequencyScale` retunes the modes, not air.
    let tune = m.modalFrequencyScale > 0 ? m.modalFrequencyScale : 1
    let area = lx * ly
    let z0 = airDensity * speedOfSound
    var out: [Mode] = []
    for i in 1...24 {
      for j in 1...24 {
        let a = Double(i) / lx
        let b = Double(j) / ly
        let omega = c * (a * a + b * b)
        // Bending wavenumber k_b = (ω²ρh/D)^(1/4); keep wavelength 2π/k_b > 6h.
        let kb = pow(omega * omega * rhoH / d, 0.25)
        if 2 * Double.pi / kb < 6 * h { continue }
        let sx = sin(Double(i) * Double.pi * panelStrike.x)
        let sy = sin(Double(j) * Double.pi * panelStrike.y)
        let phi2 = 4 / panelMass * sx * sx * sy * sy
        guard phi2 > 0 else { continue }
        let sign: Double = sx * sy < 0 ? -1 : 1
        out.append(
          mode(frequency: omega / (2 * Double.pi), material: m, mobility: phi2) { f in
            let sigma = plateRadiationEfficiency(
              frequency: f / tune, lx: lx, ly: ly, coincidence: fc)
            return sign * z0 * (area * sigma / (2 * Double.pi)).squareRoot()
              / (panelMass * phi2).squareRoot()
          })
      }
    }
    return out
  }

  /// A large slab (ground, wall) of thickness h: what rings is the panel around the blow.
  /// We take a panel of side lx = clamp(20h, 0.5 m, 4 m) and ly = 1.618·lx (the golden ratio
  /// keeps modes apart), of mass ρ·h·lx·ly — a documented modelling choice, not a derivation:
  /// it gives a dense set of low modes that scale with thickness and material.
  static func plateModes(thickness h: Double, material m: Material) -> [Mode] {
    guard h > 0, m.density > 0, m.youngsModulus > 0 else { return [] }
    let lx = Swift.min(Swift.max(20 * h, 0.5), 4)
    let ly = 1.618 * lx
    return panelModes(
      lx: lx, ly: ly, thickness: h, panelMass: m.density * h * lx * ly, material: m)
  }
}
