import DioramaCore
import Foundation

/// Turns sound events into a stereo waveform: modal impacts and sustained contacts, bubbles,
/// splashes, pours and drips, footsteps and thuds, dialogue (espeak-ng) and procedural
/// ambience (room tone, wind, rain, crowd), each placed on the exact instant of its event;
/// distance attenuation, optional air absorption, constant-power pan, optional early
/// reflections, master gain and a soft limiter; `renderMix` also normalises the loudness.
///
/// ```swift
/// let synth = SoundSynthesizer(settings: SoundSettings(seed: 7))
/// let track = synth.render(impacts: hits, ambience: AmbienceSource(kind: .roomTone,
///                          levelDB: -50), listener: ear, duration: 4)
/// let bytes = WAVFile.encode(track)
///
/// var scene = SoundScene(duration: 4, listener: ear)
/// scene.impacts = hits
/// scene.splashes = [SplashSound(time: 1, position: .zero, speed: 3, mass: 0.2, size: 0.03)]
/// let (mix, loudness) = try synth.renderMix(scene)  // −16 LUFS, true peak < −1 dBTP
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
    var scene = SoundScene(duration: duration, listener: listener)
    scene.impacts = impacts
    scene.contacts = contacts
    if let a = ambience { scene.ambience = [a] }
    return mix(scene, speech: [])
  }

  /// Renders a whole sound scene: impacts, contacts, water, footsteps and thuds, dialogue
  /// and ambience, spatialised for the scene's listener, with air absorption and early
  /// reflections when the settings ask for them, under the soft limiter (not normalised:
  /// see `renderMix(_:targetLUFS:ceilingDBTP:)`).
  /// - Throws: `SpeechError` when the scene has dialogue and espeak-ng cannot speak it.
  /// - Returns: a 2-channel buffer of ⌈duration·sampleRate⌉ frames.
  /// - Complexity: O(frames + Σ over events of their audible length × their modes).
  public func render(_ scene: SoundScene) throws(SpeechError) -> AudioBuffer {
    var speech: [(samples: [Double], rate: Int)] = []
    if scene.plays(.dialogue) {
      let voice = SpeechSynthesizer(libraryName: settings.speechLibrary)
      for line in scene.dialogue {
        speech.append(try voice.speakRaw(line))
      }
    }
    return mix(scene, speech: speech)
  }

  /// Renders the scene and normalises it to an integrated loudness (EBU R128 / ITU-R
  /// BS.1770) with its true peak under a ceiling (`Loudness.normalize`).
  /// - Parameters:
  ///   - targetLUFS: integrated loudness of the result (LUFS), −16 by default.
  ///   - ceilingDBTP: largest true peak (dBTP), −1 by default.
  public func renderMix(
    _ scene: SoundScene, targetLUFS: Double = -16, ceilingDBTP: Double = -1
  ) throws(SpeechError) -> (buffer: AudioBuffer, loudness: LoudnessReport) {
    let dry = try render(scene)
    let (out, report) = Loudness.normalize(dry, targetLUFS: targetLUFS, ceilingDBTP: ceilingDBTP)
    return (out, report)
  }

  /// The mixing stage of `render(_:)`, with the dialogue already synthesised (one entry per
  /// line of `scene.dialogue`, or none when dialogue is muted).
  func mix(_ scene: SoundScene, speech: [(samples: [Double], rate: Int)]) -> AudioBuffer {
    let duration = scene.duration
    let listener = scene.listener
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
    let air = settings.airAbsorption

    let figures =
      scene.plays(.figures)
      ? Figures.expand(footsteps: scene.footsteps, thuds: scene.thuds, seed: settings.seed)
      : FigureSources()
    var impacts = scene.plays(.impacts) ? scene.impacts : []
    impacts += figures.impacts
    let firstSoft = impacts.count
    impacts += figures.softImpacts

    for (n, hit) in impacts.enumerated() {
      guard hit.impulse > 0, hit.impulse.isFinite, hit.time.isFinite else { continue }
      let (distance, gl, gr) = Self.spatialize(hit.position, listener: listener)
      let tau = HertzContact.duration(hit.a, hit.b, speed: hit.speed)
      var (modesA, modesB) = (modes(hit.a), modes(hit.b))
      if n >= firstSoft {
        // A soft body's smooth contact: the half-sine's main lobe only (see `Figures`).
        modesA = modesA.filter { $0.frequency < 1.5 / tau }
        modesB = modesB.filter { $0.frequency < 1.5 / tau }
      }
      let budget = Self.energyBudgetGain(hit, modes: modesA, modesB, tau: tau)
      let scale = master / distance * budget
      if let air {
        // Air absorption per mode: a mode is a pure tone, attenuated by α(f)·r exactly.
        for i in modesA.indices {
          modesA[i].radiation *= air.gain(atHertz: modesA[i].frequency, distance: distance)
        }
        for i in modesB.indices {
          modesB[i].radiation *= air.gain(atHertz: modesB[i].frequency, distance: distance)
        }
      }
      // Both bodies ring, driven by the same pulse: one bank of modes.
      ModalImpact.add(
        modes: modesA + modesB, startTime: hit.time, tau: tau, impulse: hit.impulse,
        scale: scale, gainLeft: gl, gainRight: gr, sampleRate: rate, left: &left, right: &right)
    }

    // Contacts join the impacts before the recording level is set: the level is that of
    // all the mechanical sound.
    if !scene.contacts.isEmpty && scene.plays(.contacts) {
      ContactNoise.add(
        scene.contacts, modes: modes, master: master, listener: listener, seed: settings.seed,
        sampleRate: rate, left: &left, right: &right)
    }

    // Water (bubbles, splashes, pours, drips, and splashing footsteps) and the grains and
    // noise of footsteps and thuds.
    var tones = figures.tones
    var bursts = figures.bursts
    if scene.plays(.water) || !figures.splashes.isEmpty {
      let water = WaterSounds.expand(
        splashes: (scene.plays(.water) ? scene.splashes : []) + figures.splashes,
        pours: scene.plays(.water) ? scene.pours : [],
        drips: scene.plays(.water) ? scene.drips : [], seed: settings.seed)
      let direct = scene.plays(.water) ? scene.bubbles : []
      tones.reserveCapacity(tones.count + direct.count + water.bubbles.count)
      for b in direct where b.radius > 0 { tones.append((Bubble.tone(b), b.position)) }
      for b in water.bubbles where b.radius > 0 { tones.append((Bubble.tone(b), b.position)) }
      bursts += water.bursts
    }
    if !tones.isEmpty || !bursts.isEmpty {
      left.withUnsafeMutableBufferPointer { lb in
        right.withUnsafeMutableBufferPointer { rb in
          for (tone, position) in tones {
            let (distance, gl, gr) = Self.spatialize(position, listener: listener)
            let absorbed = air?.gain(atHertz: tone.frequency, distance: distance) ?? 1
            tone.add(
              scale: master / distance * absorbed, gainLeft: gl, gainRight: gr,
              maxFrequency: maxFrequency, sampleRate: rate, left: lb, right: rb)
          }
          for burst in bursts {
            let (distance, gl, gr) = Self.spatialize(burst.position, listener: listener)
            let corner = air?.cornerFrequency(distance: distance) ?? 20_000
            burst.add(
              scale: master / distance, gainLeft: gl, gainRight: gr, airCorner: corner,
              sampleRate: rate, seed: settings.seed, left: lb, right: rb)
          }
        }
      }
    }

    // Dialogue: with the physical sounds, or as its own stem (`dialoguePeakDB`).
    let stem = settings.dialoguePeakDB != nil
    var dialogueLeft = stem ? [Double](repeating: 0, count: speech.isEmpty ? 0 : frames) : []
    var dialogueRight = dialogueLeft
    if !speech.isEmpty {
      func place(_ lb: UnsafeMutableBufferPointer<Double>, _ rb: UnsafeMutableBufferPointer<Double>)
      {
        for (line, voice) in zip(scene.dialogue, speech) {
          let (distance, gl, gr) = Self.spatialize(line.position, listener: listener)
          let g = master / distance
          Resampler.add(
            voice.samples, inputRate: Double(voice.rate), startTime: line.time, gain: g * gl,
            outputRate: fs, into: lb)
          Resampler.add(
            voice.samples, inputRate: Double(voice.rate), startTime: line.time, gain: g * gr,
            outputRate: fs, into: rb)
        }
      }
      if stem {
        dialogueLeft.withUnsafeMutableBufferPointer { lb in
          dialogueRight.withUnsafeMutableBufferPointer { rb in place(lb, rb) }
        }
      } else {
        left.withUnsafeMutableBufferPointer { lb in
          right.withUnsafeMutableBufferPointer { rb in place(lb, rb) }
        }
      }
    }

    if let ceilingDB = settings.impactPeakDB {
      var peak = 0.0
      for i in 0..<frames { peak = Swift.max(peak, abs(left[i]), abs(right[i])) }
      let ceiling = pow(10, ceilingDB / 20)
      if peak > ceiling || (settings.raisesQuietEvents && peak > 0) {
        let g = ceiling / peak
        for i in 0..<frames {
          left[i] *= g
          right[i] *= g
        }
      }
    }

    if let peakDB = settings.dialoguePeakDB, !dialogueLeft.isEmpty {
      var peak = 0.0
      for i in 0..<frames { peak = Swift.max(peak, abs(dialogueLeft[i]), abs(dialogueRight[i])) }
      let g = peak > 0 ? pow(10, peakDB / 20) / peak : 0
      for i in 0..<frames {
        left[i] += g * dialogueLeft[i]
        right[i] += g * dialogueRight[i]
      }
    }

    if let room = settings.room, let ear = listener {
      addReflections(room, scene: scene, listener: ear, left: &left, right: &right)
    }

    if scene.plays(.ambience) {
      for (j, amb) in scene.ambience.enumerated() where amb.kind != .none {
        // The first source keeps the historical streams (keys 0, 1, 2 of the seed).
        let base =
          j == 0
          ? SeededGenerator(seed: settings.seed)
          : SeededGenerator(seed: settings.seed).split(key: 0x616D_6269_0000 | UInt64(j))
        var gustRNG = base.split(key: 0)
        let gusts =
          amb.kind == .wind
          ? Ambience.gustEnvelope(frameCount: frames, sampleRate: rate, rng: &gustRNG) : []
        var rngL = base.split(key: 1)
        var rngR = base.split(key: 2)
        let l = Ambience.render(
          amb, frameCount: frames, sampleRate: rate, rng: &rngL, gusts: gusts)
        let r = Ambience.render(
          amb, frameCount: frames, sampleRate: rate, rng: &rngR, gusts: gusts)
        let g = pow(10, settings.gainDB / 20)
        for i in 0..<Swift.min(frames, l.count) { left[i] += g * l[i] }
        for i in 0..<Swift.min(frames, r.count) { right[i] += g * r[i] }
      }
    }

    var out = [Float](repeating: 0, count: 2 * frames)
    for i in 0..<frames {
      out[2 * i] = Float(Self.softLimit(left[i]))
      out[2 * i + 1] = Float(Self.softLimit(right[i]))
    }
    return AudioBuffer(sampleRate: rate, channelCount: 2, samples: out)
  }

  /// Adds the room's early reflections of the dry (event) mix. The reflections are computed
  /// for one representative source position, the mean of the scene's event positions (a
  /// diorama's sources sit within a metre or two of each other; per-source image sets would
  /// cost a tap set per event), and fed by the dry mix's mid signal (L + R)/√2.
  /// - Complexity: O(frames × taps).
  func addReflections(
    _ room: RoomReflections, scene: SoundScene, listener: Listener,
    left: inout [Double], right: inout [Double]
  ) {
    var sum = Vec3(0, 0, 0)
    var n = 0.0
    func take(_ p: Vec3) {
      sum += p
      n += 1
    }
    for e in scene.impacts { take(e.position) }
    for e in scene.contacts { take(e.position) }
    for e in scene.bubbles { take(e.position) }
    for e in scene.splashes { take(e.position) }
    for e in scene.pours { take(e.position) }
    for e in scene.drips { take(e.position) }
    for e in scene.footsteps { take(e.position) }
    for e in scene.thuds { take(e.position) }
    for e in scene.dialogue { take(e.position) }
    let source = n > 0 ? sum / n : room.center
    let taps = room.taps(source: source, listener: listener)
    let frames = left.count
    guard !taps.isEmpty, frames > 0 else { return }
    let fs = Double(settings.sampleRate)
    let mid = (0..<frames).map { (left[$0] + right[$0]) * 0.5.squareRoot() }
    left.withUnsafeMutableBufferPointer { lb in
      right.withUnsafeMutableBufferPointer { rb in
        mid.withUnsafeBufferPointer { m in
          for tap in taps {
            let d = Int((tap.delay * fs).rounded())
            guard d > 0, d < frames else { continue }
            let gl = tap.gain * tap.left
            let gr = tap.gain * tap.right
            for k in d..<frames {
              lb[k] += gl * m[k - d]
              rb[k] += gr * m[k - d]
            }
          }
        }
      }
    }
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
