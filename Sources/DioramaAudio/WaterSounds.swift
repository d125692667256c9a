import DioramaCore
import Foundation

/// A power-law distribution of bubble radii, p(a) ∝ a^(−exponent) on [minimum, maximum].
///
/// Deane & Stokes ("Scale dependence of bubble creation mechanisms in breaking waves",
/// Nature 418, 2002) measure a^(−10/3) above the Hinze scale (≈ 1 mm) and a^(−3/2) below it.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let a = PowerLawRadii(minimum: 3e-4, maximum: 5e-3, exponent: 10.0 / 3).sample(using: &rng)
/// ```
public struct PowerLawRadii: Sendable, Hashable {
  /// Smallest radius (m, > 0).
  public var minimum: Double
  /// Largest radius (m, ≥ minimum).
  public var maximum: Double
  /// Exponent q of p(a) ∝ a^(−q) (dimensionless).
  public var exponent: Double

  public init(minimum: Double, maximum: Double, exponent: Double) {
    precondition(minimum > 0 && maximum >= minimum, "PowerLawRadii needs 0 < minimum ≤ maximum")
    self.minimum = minimum
    self.maximum = maximum
    self.exponent = exponent
  }

  /// One radius (m) by inversion of the CDF: with u uniform in [0, 1) and e = 1 − q,
  /// a = (a_min^e + u·(a_max^e − a_min^e))^(1/e); for q = 1, a = a_min·(a_max/a_min)^u.
  public func sample(using rng: inout SeededGenerator) -> Double {
    let u = rng.nextUnit()
    let e = 1 - exponent
    if abs(e) < 1e-12 { return minimum * pow(maximum / minimum, u) }
    let lo = pow(minimum, e)
    let hi = pow(maximum, e)
    return Swift.min(maximum, Swift.max(minimum, pow(lo + u * (hi - lo), 1 / e)))
  }
}

/// A body entering water: what a fluid solver reports when something splashes in. Renders as
/// a population of bubbles entrained around the entry point plus a crash of noise.
///
/// The fluid solver does not exist yet; this is the input a future SPH solver emits, one per
/// water entry (time of first contact with the free surface, entry speed, the body's mass
/// and size). A solver that resolves entrainment itself can emit `BubbleSound`s directly.
///
/// ```swift
/// let plop = SplashSound(time: 0.8, position: Vec3(0, 0, 0), speed: 3, mass: 0.2, size: 0.03)
/// ```
public struct SplashSound: Sendable, Hashable {
  /// First contact with the free surface (s).
  public var time: Double
  /// Entry point on the surface (m).
  public var position: Vec3
  /// Entry speed (m/s, ≥ 0).
  public var speed: Double
  /// Mass of the entering body or liquid (kg, > 0).
  public var mass: Double
  /// Size of the entering body: its radius, or half its largest extent (m, > 0).
  public var size: Double

  public init(time: Double, position: Vec3, speed: Double, mass: Double, size: Double) {
    self.time = time
    self.position = position
    self.speed = speed
    self.mass = mass
    self.size = size
  }

  /// Kinetic energy at entry ½mv² (J).
  public var kineticEnergy: Double { 0.5 * mass * speed * speed }

  /// Time scale of the splash (s): the cavity a body opens closes under gravity in about
  /// √(R/g) (Froude scaling of the pinch-off time, Duclaux, Caillé, Duez, Ybert, Bocquet &
  /// Clanet, J. Fluid Mech. 591, 2007), R ≥ 5 mm.
  public var cavityTime: Double { (Swift.max(size, 0.005) / Bubble.gravity).squareRoot() }

  /// The bubbles the splash entrains.
  ///
  /// Count N = min(`WaterSounds.maxSplashBubbles`, round(κ·½mv²)) with κ =
  /// `WaterSounds.bubblesPerJoule` (an estimate, tuned by ear: a 0.2 kg stone at 3 m/s makes
  /// 180 bubbles). Radii from a^(−10/3) on [0.3 mm, min(5 mm, R/2)] (Deane & Stokes 2002,
  /// above the Hinze scale; the bright, small bubbles dominate). Birth times t + T_c·(−ln u),
  /// exponential with the cavity time T_c. 70 % ring at the surface (rising pitch), 30 % at
  /// a depth uniform in [0, 2R]; positions uniform in a disc of radius 2R around the entry.
  /// - Complexity: O(N).
  public func bubbles(using rng: inout SeededGenerator) -> [BubbleSound] {
    let e = kineticEnergy
    guard e > 0, e.isFinite, time.isFinite, size > 0 else { return [] }
    let n = Int(
      Swift.min(
        Double(WaterSounds.maxSplashBubbles),
        (WaterSounds.bubblesPerJoule * e)
          .rounded()))
    let radii = PowerLawRadii(
      minimum: 3e-4, maximum: Swift.max(3e-4, Swift.min(5e-3, size / 2)), exponent: 10.0 / 3)
    let tc = cavityTime
    var out: [BubbleSound] = []
    out.reserveCapacity(n)
    for _ in 0..<n {
      let a = radii.sample(using: &rng)
      let t = time - tc * log(1 - rng.nextUnit())
      let r = 2 * size * rng.nextUnit().squareRoot()
      let phi = 2 * Double.pi * rng.nextUnit()
      let deep = rng.nextUnit() < 0.3
      let depth = deep ? 2 * size * rng.nextUnit() : nil
      let p = position + Vec3(r * cos(phi), r * sin(phi), -(depth ?? 0))
      out.append(BubbleSound(time: t, position: p, radius: a, depth: depth))
    }
    return out
  }

  /// The crash: noise from 300 Hz to 2 kHz + 1 kHz per m/s of entry speed (capped at
  /// 12 kHz), 2 ms rise, decay time 30 ms + T_c/2, carrying the acoustic energy
  /// η·½mv² (η = `WaterSounds.acousticEfficiency`).
  func burst(key: UInt64) -> NoiseBurst {
    let decay = 0.03 + 0.5 * cavityTime
    return NoiseBurst(
      time: time, position: position, attack: 0.002, decay: decay, lowHertz: 300,
      highHertz: Swift.min(12_000, 2_000 + 1_000 * speed),
      pressure: WaterSounds.burstPressure(energy: kineticEnergy, decay: decay), key: key)
  }
}

/// Liquid poured from a height: a stream of bubbles where the jet meets the pool, and a hiss.
///
/// ```swift
/// let pour = PourSound(time: 1, duration: 3, position: Vec3(0, 0, 0), flowRate: 1e-4,
///                      fallHeight: 0.2)
/// ```
public struct PourSound: Sendable, Hashable {
  /// Start of the pour (s).
  public var time: Double
  /// Length of the pour (s, ≥ 0).
  public var duration: Double
  /// Where the jet meets the pool (m).
  public var position: Vec3
  /// Volume flow rate Q (m³/s, ≥ 0); a kitchen tap runs at about 1e-4 (0.1 L/s).
  public var flowRate: Double
  /// Fall height of the jet h (m, ≥ 0).
  public var fallHeight: Double

  public init(
    time: Double, duration: Double, position: Vec3, flowRate: Double, fallHeight: Double
  ) {
    self.time = time
    self.duration = duration
    self.position = position
    self.flowRate = flowRate
    self.fallHeight = fallHeight
  }

  /// Jet speed at the pool √(2gh) (m/s), at least 0.3 m/s (a jet leaving a spout).
  var jetSpeed: Double {
    Swift.max(0.3, (2 * Bubble.gravity * Swift.max(0, fallHeight)).squareRoot())
  }

  /// Mechanical power of the jet ½ρQv² (W).
  var power: Double { 0.5 * Bubble.waterDensity * flowRate * jetSpeed * jetSpeed }

  /// The bubbles: a Poisson stream of rate λ = κ_p·Q·v (κ_p = `WaterSounds.pourBubblesPerCubicMetre`,
  /// an estimate: 0.1 L/s falling 0.2 m gives 200 bubbles/s), radii a^(−2) on [0.5, 4] mm,
  /// half at the surface, half at 2 cm.
  /// - Complexity: O(λ·duration).
  public func bubbles(using rng: inout SeededGenerator) -> [BubbleSound] {
    let rate = WaterSounds.pourBubblesPerCubicMetre * flowRate * jetSpeed
    guard rate > 0, rate.isFinite, duration > 0, time.isFinite else { return [] }
    let radii = PowerLawRadii(minimum: 5e-4, maximum: 4e-3, exponent: 2)
    var out: [BubbleSound] = []
    var t = time
    let cap = 1_000_000
    while out.count < cap {
      t -= log(1 - rng.nextUnit()) / rate
      if t >= time + duration { break }
      let a = radii.sample(using: &rng)
      let depth: Double? = rng.nextUnit() < 0.5 ? nil : 0.02
      out.append(BubbleSound(time: t, position: position, radius: a, depth: depth))
    }
    return out
  }

  /// The hiss: noise 200 Hz...6 kHz held over the pour (50 ms in and out), carrying η·P.
  func burst(key: UInt64) -> NoiseBurst {
    let decay = 0.05
    // Held at the top for the duration: mean-square p² = ρc·ηP/(2π) at 1 m in a half space.
    let p =
      (ModalAnalysis.airDensity * ModalAnalysis.speedOfSound
      * WaterSounds.acousticEfficiency * power / (2 * Double.pi)).squareRoot()
    return NoiseBurst(
      time: time, position: position, attack: 0.05, hold: Swift.max(0, duration - 0.05),
      decay: decay, lowHertz: 200, highHertz: 6_000, pressure: p, key: key)
  }
}

/// A drop falling into water: the "plink" of one surface bubble and a small tick.
///
/// ```swift
/// let drip = DripSound(time: 2, position: Vec3(0, 0, 0))
/// ```
public struct DripSound: Sendable, Hashable {
  /// Impact on the surface (s).
  public var time: Double
  /// Impact point (m).
  public var position: Vec3
  /// Radius of the falling drop (m); a tap's drop is about 2.5 mm.
  public var dropRadius: Double
  /// Fall height (m), for the impact speed √(2gh) (no air drag).
  public var fallHeight: Double

  public init(time: Double, position: Vec3, dropRadius: Double = 0.0025, fallHeight: Double = 0.3) {
    self.time = time
    self.position = position
    self.dropRadius = dropRadius
    self.fallHeight = fallHeight
  }

  /// The entrained bubble: radius 0.6...1.1 × the drop's (the bubble a drop pinches off is
  /// of the drop's size: Prosperetti & Oguz, Annu. Rev. Fluid Mech. 25, 1993; the spread is
  /// an estimate), at the surface, born 10...20 ms after impact when the crater closes.
  public func bubble(using rng: inout SeededGenerator) -> BubbleSound {
    let a = dropRadius * (0.6 + 0.5 * rng.nextUnit())
    let delay = 0.01 + 0.01 * rng.nextUnit()
    return BubbleSound(time: time + delay, position: position, radius: a)
  }

  /// The tick: noise 1...8 kHz, 3 ms decay, carrying η of the drop's kinetic energy.
  func burst(key: UInt64) -> NoiseBurst {
    let m = Bubble.waterDensity * 4 / 3 * Double.pi * pow(dropRadius, 3)
    let e = m * Bubble.gravity * Swift.max(0, fallHeight)
    let decay = 0.003
    return NoiseBurst(
      time: time, position: position, attack: 0, decay: decay, lowHertz: 1_000,
      highHertz: 8_000, pressure: WaterSounds.burstPressure(energy: e, decay: decay), key: key)
  }
}

/// Turns splashes, pours and drips into bubbles and noise bursts.
enum WaterSounds {
  /// Bubbles per joule of splash kinetic energy (1/J); an estimate tuned by ear.
  static let bubblesPerJoule = 200.0
  /// Most bubbles one splash makes.
  static let maxSplashBubbles = 4_000
  /// Bubbles per cubic metre of poured liquid per m/s of jet speed (s/m⁴); an estimate.
  static let pourBubblesPerCubicMetre = 1e6
  /// Fraction of the impact's kinetic energy radiated as the splash's noise (dimensionless);
  /// an estimate (the crash of a stone thrown in a pond is about 80 dB SPL at 1 m).
  static let acousticEfficiency = 1e-5

  /// Top RMS pressure at 1 m (Pa) of a burst e^{−t/τ} carrying η·E into a half space:
  /// ∫p² dt = ρc·ηE/(2π) at 1 m, and ∫(p₀e^{−t/τ})² dt = p₀²τ/2, so p₀ = √(ρc·ηE/(πτ)).
  static func burstPressure(
    energy e: Double, decay tau: Double, efficiency eta: Double = acousticEfficiency
  ) -> Double {
    guard e > 0, tau > 0 else { return 0 }
    return
      (ModalAnalysis.airDensity * ModalAnalysis.speedOfSound * eta * e
      / (Double.pi * tau)).squareRoot()
  }

  /// All bubbles and bursts of the water events. Event i of kind k draws from the stream
  /// split by key (k << 40) | i, so adding an event of one kind changes no other sound.
  static func expand(
    splashes: [SplashSound], pours: [PourSound], drips: [DripSound], seed: UInt64
  ) -> (bubbles: [BubbleSound], bursts: [NoiseBurst]) {
    let base = SeededGenerator(seed: seed).split(key: 0x7761_7465_72)  // "water"
    var bubbles: [BubbleSound] = []
    var bursts: [NoiseBurst] = []
    for (i, s) in splashes.enumerated() {
      let key = (1 << 40) | UInt64(i)
      var rng = base.split(key: key)
      bubbles += s.bubbles(using: &rng)
      bursts.append(s.burst(key: key))
    }
    for (i, p) in pours.enumerated() {
      let key = (2 << 40) | UInt64(i)
      var rng = base.split(key: key)
      bubbles += p.bubbles(using: &rng)
      bursts.append(p.burst(key: key))
    }
    for (i, d) in drips.enumerated() {
      let key = (3 << 40) | UInt64(i)
      var rng = base.split(key: key)
      bubbles.append(d.bubble(using: &rng))
      bursts.append(d.burst(key: key))
    }
    return (bubbles, bursts)
  }
}
