import DioramaCore
import Foundation

/// Turns sound events into a stereo waveform: modal impact sounds placed on the exact instant
/// of each event, a procedural ambience, distance attenuation, constant-power pan, master
/// gain and a soft limiter.
///
/// ```swift
/// let synth = SoundSynthesizer(settings: SoundSettings(seed: 7))
/// let track = synth.render(impacts: hits, ambience: AmbienceSource(kind: .roomTone,
///                          levelDB: -50), listener: ear, duration: 4)
/// let bytes = WAVFile.encode(track)
/// ```
///
/// Levels: a sample value of 1 is a sound pressure of `fullScalePressure` = 20 Pa (120 dB
/// SPL) at the listener. Deterministic: the same input gives the same bits; sums run in
/// Double, event by event, in the order given.
public struct SoundSynthesizer: Sendable {
  /// Sound pressure of full scale (Pa).
  public static let fullScalePressure = 20.0
  /// Distances below this count as this (m): the 1/r law of a point source does not hold
  /// inside the near field of a body, and 1/r would blow up.
  public static let nearFieldDistance = 0.25
  /// The limiter is transparent below this level (dBFS).
  public static let limiterThresholdDB = -1.0

  public var settings: SoundSettings

  public init(settings: SoundSettings) {
    self.settings = settings
  }

  /// Renders a stereo track of impacts and ambience (no sustained contacts).
  /// - Parameters:
  ///   - impacts: impact events; those at or after `duration` are silent, those before 0
  ///     contribute their tails only.
  ///   - ambience: background sound under the whole track, or nil.
  ///   - listener: the ear, or nil for a listener 1 m away, straight ahead.
  ///   - duration: length of the track (s).
  /// - Returns: a 2-channel buffer of ⌈duration·sampleRate⌉ frames.
  /// - Complexity: O(frames + Σ over impacts and modes of the mode's audible length).
  public func render(
    impacts: [ImpactSound], ambience: AmbienceSource?, listener: Listener?, duration: Double
  ) -> AudioBuffer {
    render(
      impacts: impacts, contacts: [], ambience: ambience, listener: listener,
      duration: duration)
  }

  /// Renders a stereo track of impacts, sustained contacts (scraping, rolling: see
  /// `ContactNoise`) and ambience.
  /// - Parameters:
  ///   - impacts: impact events; those at or after `duration` are silent, those before 0
  ///     contribute their tails only.
  ///   - contacts: sustained-contact reports, in any order; consecutive reports of one pair
  ///     make one continuous sound. An empty list renders exactly what the impacts-only
  ///     overload renders.
  ///   - ambience: background sound under the whole track, or nil.
  ///   - listener: the ear, or nil for a listener 1 m away, straight ahead.
  ///   - duration: length of the track (s).
  /// - Returns: a 2-channel buffer of ⌈duration·sampleRate⌉ frames.
  /// - Complexity: O(frames + Σ over impacts and modes of the mode's audible length
  ///   + Σ over contact tracks of their length until rung out × their modes).
  public func render(
    impacts: [ImpactSound], contacts: [ContactSound], ambience: AmbienceSource?,
    listener: Listener?, duration: Double
  ) -> AudioBuffer {
    let rate = Swift.max(1, settings.sampleRate)
    let fs = Double(rate)
    let frames = duration > 0 && duration.isFinite ? Int((duration * fs).rounded(.up)) : 0
    var left = [Double](repeating: 0, count: frames)
    var right = [Double](repeating: 0, count: frames)
    let master = pow(10, settings.gainDB / 20) / Self.fullScalePressure
    // Modes never above 20 kHz, nor above 0.45 f_s (no aliasing at low sample rates).
    let maxFrequency = Swift.min(20_000, 0.45 * fs)
    // Cache of modal models: looked up only, never iterated (determinism).
    var cache: [Resonator: [Mode]] = [:]
    func modes(_ r: Resonator) -> [Mode] {
      if let m = cache[r] { return m }
      let m = ModalAnalysis.modes(of: r, maxFrequency: maxFrequency)
      cache[r] = m
      return m
    }

    for hit in impacts {
      guard hit.impulse > 0, hit.impulse.isFinite, hit.time.isFinite else { continue }
      let (distance, gl, gr) = Self.spatialize(hit.position, listener: listener)
      let tau = HertzContact.duration(hit.a, hit.b, speed: hit.speed)
      let (modesA, modesB) = (modes(hit.a), modes(hit.b))
      let budget = Self.energyBudgetGain(hit, modes: modesA, modesB, tau: tau)
      let scale = master / distance * budget
      for body in [modesA, modesB] {
        ModalImpact.add(
          modes: body, startTime: hit.time, tau: tau, impulse: hit.impulse, scale: scale,
          gainLeft: gl, gainRight: gr, sampleRate: rate, left: &left, right: &right)
      }
    }

    // Contacts join the impacts before the recording level is set: the level is that of
    // all the mechanical sound.
    if !contacts.isEmpty {
      ContactNoise.add(
        contacts, modes: modes, master: master, listener: listener, seed: settings.seed,
        sampleRate: rate, left: &left, right: &right)
    }

    if let ceilingDB = settings.impactPeakDB {
      var peak = 0.0
      for i in 0..<frames { peak = Swift.max(peak, abs(left[i]), abs(right[i])) }
      let ceiling = pow(10, ceilingDB / 20)
      if peak > ceiling {
        let g = ceiling / peak
        for i in 0..<frames {
          left[i] *= g
          right[i] *= g
        }
      }
    }

    if let amb = ambience, amb.kind != .none {
      let base = SeededGenerator(seed: settings.seed)
      var gustRNG = base.split(key: 0)
      let gusts =
        amb.kind == .wind
        ? Ambience.gustEnvelope(frameCount: frames, sampleRate: rate, rng: &gustRNG) : []
      var rngL = base.split(key: 1)
      var rngR = base.split(key: 2)
      let l = Ambience.render(amb, frameCount: frames, sampleRate: rate, rng: &rngL, gusts: gusts)
      let r = Ambience.render(amb, frameCount: frames, sampleRate: rate, rng: &rngR, gusts: gusts)
      let g = pow(10, settings.gainDB / 20)
      for i in 0..<Swift.min(frames, l.count) { left[i] += g * l[i] }
      for i in 0..<Swift.min(frames, r.count) { right[i] += g * r[i] }
    }

    var out = [Float](repeating: 0, count: 2 * frames)
    for i in 0..<frames {
      out[2 * i] = Float(Self.softLimit(left[i]))
      out[2 * i + 1] = Float(Self.softLimit(right[i]))
    }
    return AudioBuffer(sampleRate: rate, channelCount: 2, samples: out)
  }

  /// Amplitude factor (≤ 1) that keeps the vibration energy an impact leaves in the two
  /// bodies within the kinetic energy the collision loses.
  ///
  /// With unit modal masses, mode n leaves the pulse with velocity φ_n·J·|H(ω_n)|, where
  /// |H(ω)| = |cos(ωτ/2)/(1 − (ωτ/π)²)| is the half-sine pulse's normalised spectrum (see
  /// `ModalImpact`), so the energy put into the modes is E = ½J²·Σ φ_n²·|H(ω_n)|² over both
  /// bodies. A two-body collision with reduced mass m* and normal speed v that delivers the
  /// impulse J = m*(1+e)v has restitution e = J/(m*v) − 1 and loses ½m*v²(1−e²) (Goldsmith,
  /// Impact, 1960, ch. 2); the vibration cannot take more than that. The modal model treats
  /// both bodies as locally rigid for the impulse and then lets them ring freely, which
  /// breaks this bound when a heavy body strikes a thin panel (the panel's point impedance,
  /// 8√(D·ρh) for a plate, Cremer–Heckl §4.3, would soften the blow); the amplitude is then
  /// scaled by √(E_lost/E). No scaling when the data do not fit a two-body collision (an
  /// immovable pair, J > 2m*v) or when E is within budget.
  static func energyBudgetGain(
    _ hit: ImpactSound, modes a: [Mode], _ b: [Mode], tau: Double
  ) -> Double {
    let invM = (hit.a.contactMass.map { 1 / $0 } ?? 0) + (hit.b.contactMass.map { 1 / $0 } ?? 0)
    let v = hit.speed
    let j = hit.impulse
    guard invM > 0, v > 0, v.isFinite, tau > 0 else { return 1 }
    let mStar = 1 / invM
    guard j <= 2 * mStar * v * (1 + 1e-9) else { return 1 }
    let e = Swift.min(1, Swift.max(0, j / (mStar * v) - 1))
    let lost = 0.5 * mStar * v * v * (1 - e * e)
    var sum = 0.0
    for m in a + b {
      let x = m.angularFrequency * tau / Double.pi
      // cos(πx/2)/(1 − x²) → π/4 at x = 1.
      let h = abs(1 - x * x) < 1e-9 ? Double.pi / 4 : cos(Double.pi * x / 2) / (1 - x * x)
      sum += m.mobility * h * h
    }
    let energy = 0.5 * j * j * sum
    guard energy > lost, energy > 0 else { return 1 }
    return (lost / energy).squareRoot()
  }

  /// Distance (m, clamped to the near field) and constant-power pan gains for a source.
  ///
  /// Pan: with the listener's right r̂ = f̂ × û (û orthogonalised against f̂) and the unit
  /// direction d̂ to the source, x = d̂·r̂ ∈ [−1, 1] (−1 hard left), θ = (x + 1)·π/4,
  /// gains (cos θ, sin θ): cos² + sin² = 1 keeps the power constant across the pan (the
  /// sine/cosine pan law). Distance: pressure falls as 1/r from the modes' level at 1 m.
  static func spatialize(_ p: Vec3, listener: Listener?)
    -> (distance: Double, left: Double, right: Double)
  {
    guard let ear = listener else {
      return (1, 0.5.squareRoot(), 0.5.squareRoot())
    }
    let d = p - ear.position
    let r = Swift.max(d.length, nearFieldDistance)
    let f = ear.forward.normalized
    let u = (ear.up - f * ear.up.dot(f)).normalized
    let right = f.cross(u)
    let x = Swift.min(1, Swift.max(-1, d.normalized.dot(right)))
    let theta = (x + 1) * Double.pi / 4
    return (r, cos(theta), sin(theta))
  }

  /// Output ceiling of the limiter (full-scale units, −0.09 dBFS): the asymptote the soft
  /// limiter approaches. Below 1 so that Float and 16-bit rounding never reach full scale.
  public static let limiterCeiling = 0.99

  /// Soft limiter: identity up to T = 10^(−1/20) (−1 dBFS); above it
  /// y = sign(x)·(T + (C−T)·tanh((|x|−T)/(C−T))) with ceiling C = 0.99, which is continuous
  /// with slope 1 at T and approaches but never exceeds C, so no sample clips. Memoryless
  /// (a waveshaper): loud peaks are rounded, not ducked; levels below −1 dBFS pass
  /// untouched.
  static func softLimit(_ x: Double) -> Double {
    let t = 0.891_250_938_133_745_6  // 10^(−1/20)
    let c = limiterCeiling
    let a = abs(x)
    guard a > t else { return x.isNaN ? 0 : x }
    let y = t + (c - t) * tanh((a - t) / (c - t))
    return x < 0 ? -y : y
  }
}
