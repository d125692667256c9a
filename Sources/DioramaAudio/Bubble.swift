import DioramaCore
import Foundation

/// One air bubble born in water: it rings at its Minnaert frequency and dies away.
///
/// A bubble at the surface (`depth` nil) rises in pitch as it rings (van den Doel 2005); a
/// submerged one (`depth` given) rings at a steady pitch set by the pressure at its depth.
///
/// ```swift
/// let plink = BubbleSound(time: 1.0, position: Vec3(0, 0, 0), radius: 0.002)
/// let deep = BubbleSound(time: 1.5, position: Vec3(0, 0, -0.3), radius: 0.001, depth: 0.3)
/// ```
public struct BubbleSound: Sendable, Hashable {
  /// Birth (s): the sound starts on this instant, to the sample's fraction.
  public var time: Double
  /// Where it rings, world coordinates (m).
  public var position: Vec3
  /// Equilibrium radius a (m), 0.05 mm ... 20 mm.
  public var radius: Double
  /// Depth below the free surface (m), or nil for a bubble at the surface (rising pitch).
  public var depth: Double?

  public init(time: Double, position: Vec3, radius: Double, depth: Double? = nil) {
    self.time = time
    self.position = position
    self.radius = radius
    self.depth = depth
  }
}

/// The acoustics of a single gas bubble in water: its resonance, its damping, its loudness.
///
/// ```swift
/// let f0 = Bubble.minnaertFrequency(radius: 0.001)  // ≈ 3.29 kHz
/// let delta = Bubble.dampingConstant(radius: 0.001)  // ≈ 0.04
/// ```
public enum Bubble {
  /// Atmospheric pressure (Pa).
  public static let atmosphericPressure = 101_325.0
  /// Density of water at 20 °C (kg/m³).
  public static let waterDensity = 998.0
  /// Ratio of specific heats of air γ (adiabatic; dimensionless).
  public static let gamma = 1.4
  /// Speed of sound in water at 20 °C (m/s).
  public static let waterSoundSpeed = 1481.0
  /// Dynamic viscosity of water at 20 °C (Pa·s).
  public static let waterViscosity = 1.0e-3
  /// Thermal diffusivity of air at 20 °C and 1 atm (m²/s).
  public static let airThermalDiffusivity = 2.2e-5
  /// Gravity (m/s²), for the hydrostatic pressure at depth.
  public static let gravity = 9.81
  /// Initial fractional wall displacement ε of a newly formed bubble (dimensionless).
  /// An estimate: Longuet-Higgins (1992, J. Fluid Mech. 224) and Deane & Czerski (2008,
  /// J. Acoust. Soc. Am. 123) put the excitation of a pinched-off bubble at about 1 % of
  /// its radius.
  public static let initialExcitation = 0.01
  /// Pitch rise of a surface bubble: f(t) = f₀·(1 + ξ·β·t) with ξ = 0.1, the value van den
  /// Doel fits to recordings ("Physically-based models for liquid sounds", ACM TAP 2005,
  /// §3). β is the amplitude decay rate.
  public static let riseFactor = 0.1

  /// Static pressure in the liquid at `depth` (m, nil = surface): p₀ = p_atm + ρ·g·d (Pa).
  public static func staticPressure(depth: Double?) -> Double {
    atmosphericPressure + waterDensity * gravity * Swift.max(0, depth ?? 0)
  }

  /// Minnaert resonance f₀ = (1/2πa)·√(3γp₀/ρ) (Hz) of a bubble of radius `radius` (m).
  ///
  /// M. Minnaert, "On musical air-bubbles and the sounds of running water", Phil. Mag. 16
  /// (1933) 235; T. G. Leighton, The Acoustic Bubble (1994) eq. 3.36. Surface tension
  /// (2σ/a, 0.14 % of p₀ at 1 mm) and thermal effects on the stiffness are neglected, as in
  /// Minnaert's formula: at 1 mm, f₀ = 3.29 kHz.
  public static func minnaertFrequency(radius a: Double, depth: Double? = nil) -> Double {
    (3 * gamma * staticPressure(depth: depth) / waterDensity).squareRoot() / (2 * Double.pi * a)
  }

  /// Total damping constant δ = δ_rad + δ_vis + δ_th (dimensionless, = 1/Q) of a bubble of
  /// radius `radius` (m) ringing at its Minnaert frequency.
  ///
  /// C. Devin, "Survey of thermal, radiation and viscous damping of pulsating air bubbles in
  /// water", J. Acoust. Soc. Am. 31 (1959) 1654, as written in Leighton (1994) §3.4.2 (eqs.
  /// 3.172–3.178), at ω = ω₀:
  ///   δ_rad = ω₀a/c                                   (re-radiation into the water)
  ///   δ_vis = 4μ/(ρω₀a²)                               (shear in the liquid)
  ///   δ_th  = 3(γ−1)·[X(sinh X + sin X) − 2(cosh X − cos X)]
  ///           / [X²(cosh X − cos X) + 3(γ−1)·X(sinh X − sin X)],  X = a·√(2ω₀/D_g)
  ///                                                     (heat flow between gas and water)
  /// with D_g the thermal diffusivity of the gas. At a = 1 mm: δ_rad ≈ 0.014, δ_vis ≈ 0.0002,
  /// δ_th ≈ 0.027, δ ≈ 0.041. Above X ≈ 50, δ_th → 3(γ−1)/X (evaluated so, to avoid
  /// overflowing cosh).
  public static func dampingConstant(radius a: Double, depth: Double? = nil) -> Double {
    let w0 = 2 * Double.pi * minnaertFrequency(radius: a, depth: depth)
    let rad = w0 * a / waterSoundSpeed
    let vis = 4 * waterViscosity / (waterDensity * w0 * a * a)
    let x = a * (2 * w0 / airThermalDiffusivity).squareRoot()
    let g1 = 3 * (gamma - 1)
    let th: Double
    if x > 50 {
      // sinh ≈ cosh ≈ e^X/2 ≫ X²: the bracketed terms reduce to X·e^X/2 over X²·e^X/2.
      th = g1 * (x - 2) / (x * x + g1 * x)
    } else {
      th =
        g1 * (x * (sinh(x) + sin(x)) - 2 * (cosh(x) - cos(x)))
        / (x * x * (cosh(x) - cos(x)) + g1 * x * (sinh(x) - sin(x)))
    }
    return rad + vis + th
  }

  /// Amplitude decay rate β = δ·ω₀/2 (1/s): the pressure falls as e^{−βt} (Leighton eq.
  /// 3.29: δ is twice the damping ratio).
  public static func decayRate(radius a: Double, depth: Double? = nil) -> Double {
    dampingConstant(radius: a, depth: depth) * Double.pi
      * minnaertFrequency(radius: a, depth: depth)
  }

  /// Pressure transmission coefficient from water into air at normal incidence,
  /// T = 2Z_air/(Z_air + Z_water) with Z = ρc (Kinsler, Frey, Coppens & Sanders,
  /// Fundamentals of Acoustics, 4th ed. 2000, §6.2): 2·413/(413 + 1.478·10⁶) = 5.6·10⁻⁴.
  public static let waterToAirTransmission: Double = {
    let zAir = ModalAnalysis.airDensity * ModalAnalysis.speedOfSound
    let zWater = waterDensity * waterSoundSpeed
    return 2 * zAir / (zAir + zWater)
  }()

  /// Peak sound pressure (Pa) heard in air 1 m from a newly formed bubble of radius
  /// `radius` (m).
  ///
  /// A pulsating sphere R(t) = a(1 + ε·cos ω₀t), small against the wavelength, radiates
  /// p(r) = ρ·(R²R̈ + 2RṘ²)/r ≈ ρ·a²·R̈/r into the water (Leighton eq. 3.64, linearised), so
  /// the peak at r = 1 m is ρ·ε·a³·ω₀² = ρ·ε·a·(ω₀a)², and since ω₀a = √(3γp₀/ρ) is the
  /// same for all bubbles, the amplitude grows in proportion to the radius. ε =
  /// `initialExcitation`. The wave then crosses the surface into the air with
  /// `waterToAirTransmission` (approximation: normal incidence, and the spreading taken
  /// from the bubble as if the path were all in air): 1 mm → 4.3 Pa in water, 2.4 mPa
  /// (41 dB SPL) in air.
  public static func pressureAtOneMetre(radius a: Double, depth: Double? = nil) -> Double {
    initialExcitation * a * 3 * gamma * staticPressure(depth: depth) * waterToAirTransmission
  }

  /// The bubble as a damped, possibly rising tone: P·e^{−βs}·sin φ(s) with
  /// φ(s) = 2πf₀·(s + ξβs²/2) for a surface bubble (instantaneous frequency f₀(1 + ξβs)),
  /// φ = 2πf₀s at depth; s = time since birth. `pressure` is P at 1 m (Pa).
  static func tone(_ b: BubbleSound) -> DampedTone {
    let beta = decayRate(radius: b.radius, depth: b.depth)
    return DampedTone(
      time: b.time, frequency: minnaertFrequency(radius: b.radius, depth: b.depth),
      decayRate: beta, rise: b.depth == nil ? riseFactor * beta : 0,
      pressure: pressureAtOneMetre(radius: b.radius, depth: b.depth))
  }
}
