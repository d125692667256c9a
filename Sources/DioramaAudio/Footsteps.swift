import DioramaCore
import Foundation

/// What a foot or a body lands on.
public enum GroundSurface: String, Sendable, Hashable, Codable, CaseIterable {
  /// Floorboards: a 22 mm wooden plate rings under a soft sole.
  case wood
  /// Paving: a 10 cm stone slab, a short dull knock.
  case stone
  /// A 4 mm steel deck or grate: a ringing clang.
  case metal
  /// Loose stones: a crunch of many small grain impacts.
  case gravel
  /// Grass or leaves: a soft rustle of many tiny, damped crackles and a dull thump.
  case grass
  /// A puddle or shallow water: a small splash.
  case water
}

/// Which part of the foot lands: the heel strikes first and hardest, the toe (forefoot)
/// follows lighter and shorter.
public enum FootPhase: String, Sendable, Hashable, Codable {
  case heel
  case toe
}

/// One footfall of a walking figure.
///
/// ```swift
/// let step = FootstepSound(time: 1.2, position: Vec3(0.3, 0, 0), surface: .gravel)
/// ```
public struct FootstepSound: Sendable, Hashable {
  /// Landing instant (s).
  public var time: Double
  /// Where the foot lands (m).
  public var position: Vec3
  /// What it lands on.
  public var surface: GroundSurface
  /// Walking speed (m/s, ≥ 0): faster steps land harder. 1.4 m/s is a brisk walk.
  public var speed: Double
  /// The walker's mass (kg, > 0).
  public var bodyMass: Double
  /// Heel or toe.
  public var phase: FootPhase

  public init(
    time: Double, position: Vec3, surface: GroundSurface, speed: Double = 1.4,
    bodyMass: Double = 70, phase: FootPhase = .heel
  ) {
    self.time = time
    self.position = position
    self.surface = surface
    self.speed = speed
    self.bodyMass = bodyMass
    self.phase = phase
  }

  /// Effective striking mass (kg): 10 % of the body for the heel (the leg's share, an
  /// estimate), 5 % for the toe.
  var strikingMass: Double { bodyMass * (phase == .heel ? 0.10 : 0.05) }
  /// Vertical foot speed at touch-down (m/s): 0.35 (heel) or 0.2 (toe) × walking speed, an
  /// estimate (gait studies put the heel's vertical speed at strike at a few tenths of a
  /// metre per second for a normal walk).
  var footSpeed: Double { Swift.max(0.05, speed * (phase == .heel ? 0.35 : 0.2)) }
}

/// A body (a figure, a sack, a ragdoll) falling onto the ground: a soft, wide impact.
///
/// ```swift
/// let fall = ThudSound(time: 2.4, position: Vec3(0, 0, 0), mass: 70, speed: 3, surface: .wood)
/// ```
public struct ThudSound: Sendable, Hashable {
  /// First contact (s).
  public var time: Double
  /// Contact point (m).
  public var position: Vec3
  /// Mass of the body (kg, > 0).
  public var mass: Double
  /// Normal speed at contact (m/s, ≥ 0).
  public var speed: Double
  /// What it lands on.
  public var surface: GroundSurface

  public init(time: Double, position: Vec3, mass: Double, speed: Double, surface: GroundSurface) {
    self.time = time
    self.position = position
    self.mass = mass
    self.speed = speed
    self.surface = surface
  }
}

/// Sound sources a footstep or a thud breaks down into, before spatialisation.
struct FigureSources {
  var impacts: [ImpactSound] = []
  /// Impacts of soft bodies, rendered with the main lobe of the Hertz pulse's spectrum only
  /// (see `Figures`).
  var softImpacts: [ImpactSound] = []
  var tones: [(tone: DampedTone, position: Vec3)] = []
  var bursts: [NoiseBurst] = []
  var splashes: [SplashSound] = []
}

/// Surface-dependent synthesis of footsteps and body thuds.
///
/// Hard surfaces (wood, stone, metal) ring modally: the sole (or body) is a soft, massive
/// striker on a plate of the surface's material, so the Hertz contact is long and only the
/// plate's low modes are excited (`ModalImpact`); a short band of noise adds the scuff.
/// Granular surfaces (gravel, grass) are many small impacts spread over the contact, a
/// granular synthesis in the manner of Cook ("Modeling Bill's gait", ICAD 2002) and
/// Fontana & Bresin (2003, "Physics-based sound synthesis and control: crushing, walking and
/// running by crumpling sounds"): grains are damped sinusoids of random frequency and
/// amplitude, their times clustered at the start of the contact. Water is a small splash.
///
/// A heel clicks with the small mass of shoe and bone behind it (`clickMassFraction`); the
/// crunch, scuff and splash take the energy of the leg's share of the body (10 %). A falling
/// body is not a Hertzian sphere: layers of tissue make its contact force smooth, without
/// the half-sine's spectral side lobes, so its floor impact keeps only the modes under the
/// main lobe, f < 1.5/τ (`softImpacts`).
enum Figures {
  /// Fraction of a step's kinetic energy radiated by its noise and grains (scuff, rustle,
  /// crunch); an estimate, setting a brisk step's scuff near 65 dB SPL at 1 m.
  static let stepEfficiency = 3e-7
  /// The same for a falling body's slap and its body resonance; an estimate, a 70 kg body
  /// landing at 3 m/s peaking near 100 dB SPL at 1 m.
  static let thudEfficiency = 1e-5
  /// Mass behind the heel's click (kg per kg of body): the shoe and the heel bone, 0.5 %
  /// (≈ 0.35 kg for 70 kg), the toe's 0.3 %; the leg's weight arrives through soft tissue,
  /// too slowly to click.
  static let clickMassFraction = (heel: 0.005, toe: 0.003)

  static func plate(_ s: GroundSurface) -> Resonator {
    func named(_ n: String) -> Material { Material.named(n) ?? Material.table[0] }
    switch s {
    case .wood:
      return Resonator(shape: .plate(thickness: 0.022), material: named("wood"), mass: .infinity)
    case .metal:
      return Resonator(shape: .plate(thickness: 0.004), material: named("steel"), mass: .infinity)
    default:
      return Resonator(shape: .plate(thickness: 0.1), material: named("stone"), mass: .infinity)
    }
  }

  /// Breaks footsteps and thuds into impacts, grains, noise bursts and splashes. Footstep i
  /// draws from the stream split by key (4 << 40) | i, thud i from (5 << 40) | i.
  static func expand(
    footsteps: [FootstepSound], thuds: [ThudSound], seed: UInt64
  ) -> FigureSources {
    let base = SeededGenerator(seed: seed).split(key: 0x6669_6775_7265)  // "figure"
    var out = FigureSources()
    let rubber = Material.named("rubber") ?? Material.table[0]
    let plastic = Material.named("plastic") ?? Material.table[0]
    let skin = Material.named("skin") ?? Material.table[0]
    for (i, f) in footsteps.enumerated() {
      guard f.time.isFinite, f.bodyMass > 0 else { continue }
      let key = (4 << 40) | UInt64(i)
      var rng = base.split(key: key)
      let m = f.strikingMass
      let v = f.footSpeed
      let click = f.bodyMass * (f.phase == .heel ? clickMassFraction.heel : clickMassFraction.toe)
      // Sole: a hard (plastic, E = 1.4 GPa) heel rounded to 3 cm, or the rubber forefoot
      // rounded to 5 cm.
      let sole = Resonator(
        shape: .sphere(radius: f.phase == .heel ? 0.03 : 0.05),
        material: f.phase == .heel ? plastic : rubber, mass: click)
      add(
        surface: f.surface, time: f.time, position: f.position, striker: sole, mass: m,
        impactMass: click, speed: v, size: 0.05, efficiency: stepEfficiency, soft: false,
        grains: f.phase == .heel ? 40 : 25,
        spread: f.phase == .heel ? 0.06 : 0.04, noiseDecay: 0.015, noiseBand: nil, key: key,
        rng: &rng, into: &out)
    }
    for (i, t) in thuds.enumerated() {
      guard t.time.isFinite, t.mass > 0, t.speed > 0 else { continue }
      let key = (5 << 40) | UInt64(i)
      var rng = base.split(key: key)
      // A torso: soft tissue rounded to 15 cm; its contact lasts the longest Hertz allows.
      let body = Resonator(shape: .sphere(radius: 0.15), material: skin, mass: t.mass)
      add(
        surface: t.surface, time: t.time, position: t.position, striker: body, mass: t.mass,
        impactMass: t.mass, speed: t.speed, size: 0.2, efficiency: thudEfficiency, soft: true,
        grains: 120, spread: 0.1, noiseDecay: 0.04,
        noiseBand: (50, 500), key: key, rng: &rng, into: &out)
      // The body's own dull resonance: 70 Hz, damping ratio 0.25 (soft tissue over a
      // cavity; an estimate), as loud as the slap.
      let e = 0.5 * t.mass * t.speed * t.speed
      let p = WaterSounds.burstPressure(energy: e, decay: 0.04, efficiency: thudEfficiency)
      let f0 = 70.0
      out.tones.append(
        (
          DampedTone(
            time: t.time, frequency: f0, decayRate: 0.25 * 2 * Double.pi * f0, rise: 0,
            pressure: p), t.position
        ))
    }
    return out
  }

  /// One landing of `striker` (mass m, speed v) on a surface.
  static func add(
    surface: GroundSurface, time: Double, position: Vec3, striker: Resonator, mass m: Double,
    impactMass: Double, speed v: Double, size: Double, efficiency: Double, soft: Bool, grains: Int,
    spread: Double, noiseDecay: Double,
    noiseBand: (Double, Double)?, key: UInt64, rng: inout SeededGenerator,
    into out: inout FigureSources
  ) {
    let energy = 0.5 * m * v * v
    let impulse = impactMass * v  // a dead landing: restitution 0
    func noise(_ lo: Double, _ hi: Double, _ decay: Double, _ gain: Double) {
      out.bursts.append(
        NoiseBurst(
          time: time, position: position, attack: 0.001, decay: decay, lowHertz: lo,
          highHertz: hi,
          pressure: gain
            * WaterSounds.burstPressure(energy: energy, decay: decay, efficiency: efficiency),
          key: key))
    }
    switch surface {
    case .wood, .stone, .metal:
      let hit = ImpactSound(
        time: time, position: position, impulse: impulse, speed: v, a: striker,
        b: plate(surface))
      if soft { out.softImpacts.append(hit) } else { out.impacts.append(hit) }
      // The scuff of a sole, or the slap of a body (`noiseBand`).
      let band: (Double, Double) =
        noiseBand
        ?? (surface == .wood ? (600, 5_000) : surface == .stone ? (1_500, 10_000) : (1_000, 8_000))
      noise(band.0, band.1, noiseDecay, 1)
    case .gravel, .grass:
      let gravel = surface == .gravel
      let n = gravel ? grains : grains * 2
      // Grain pressures share the step's noise budget: each carries E/n.
      for _ in 0..<n {
        let u = rng.nextUnit()
        let t = time + spread * u * u
        // Frequency log-uniform: gravel 1.2–6 kHz (stones of 1–3 cm knocking), grass
        // 3–10 kHz (blades snapping); damping ratio 0.03 (gravel) or 0.15 (grass).
        let (lo, hi, xi) = gravel ? (1_200.0, 6_000.0, 0.03) : (3_000.0, 10_000.0, 0.15)
        let f = lo * pow(hi / lo, rng.nextUnit())
        let beta = xi * 2 * Double.pi * f
        let share = energy / Double(n) * (0.2 + 1.6 * rng.nextUnit())
        // A tone P·e^{−βt}·sin carries ∫p² = P²/(4β); match ρc·ηE/(2π).
        let p =
          (ModalAnalysis.airDensity * ModalAnalysis.speedOfSound * efficiency
          * share * 4 * beta / (2 * Double.pi)).squareRoot()
        out.tones.append(
          (DampedTone(time: t, frequency: f, decayRate: beta, rise: 0, pressure: p), position))
      }
      // The dull thump of the ground giving way, and for grass the rustle.
      noise(40, 400, noiseDecay * 1.5, 0.7)
      if !gravel { noise(2_000, 10_000, spread, 0.4) }
    case .water:
      out.splashes.append(
        SplashSound(time: time, position: position, speed: v * 3, mass: m, size: size))
    }
  }
}
