import DioramaCore
import Foundation

/// Sustained-contact sound: scraping and rolling, after van den Doel, Kry & Pai 2001
/// ("FoleyAutomatic", SIGGRAPH 2001): the contact force at audio rate is a surface
/// profile sampled at the contact's speed, and it drives the modes of both bodies.
///
/// Reports of one pair (same `pairID`, same resonators, each starting where the last ended)
/// are chained into a `Track`. Within a track the normal force F_N and the speeds are
/// interpolated linearly between report times, sample by sample; the force ramps up from 0
/// over the first report's step and fades out with a raised cosine over `fadeDuration` after
/// the last report. The audio force is
///   F(t) = F_N·(κ_s·√(v_s/v₀)·n_s(t) + κ_r·√(v_r/v₀)·n_r(t)),
/// with n_s, n_r unit-variance noises:
/// - scraping, n_s: white noise through a 2nd-order Butterworth low-pass at v_s/λ_s: a
///   roughness profile whose spatial spectrum is flat down to the correlation length λ_s
///   (`scrapeWavelength`) and falls off below it, seen at speed v_s; spatial frequency k
///   (1/m) becomes temporal frequency k·v_s (FoleyAutomatic likewise move the profile's
///   spectrum with the speed). Faster ⇒ a wider band ⇒ brighter and louder.
/// - rolling, n_r: white noise through a 2nd-order Butterworth low-pass at
///   f_r = 0.443·v_r/(2a): the Hertz contact patch of radius a = (3F_N·R*/(4E*))^(1/3)
///   (Johnson, Contact Mechanics, 1985, eq. 4.22) averages the profile over its length 2a, a
///   moving average whose −3 dB point is at 0.443 cycles per 2a; FoleyAutomatic low-pass the
///   rolling profile for the same reason. A patch of 0.1–1 mm puts f_r far below the
///   scrape band: rolling rumbles.
/// The factor √(v/v₀) is a modelling choice, calibrated, not derived: with it the force's
/// spectral density below the cutoff does not depend on the speed while the band widens ∝ v,
/// so the RMS force grows as √v and a faster scrape is both brighter and louder. κ_s and κ_r
/// (RMS force fluctuation per newton of load at v₀) are calibration constants, set so that a
/// 0.9 kg box pushed at 0.5 m/s over a wooden floor is heard at about 57 dB SPL from 1 m.
///
/// Each mode (ẍ + 2ξωẋ + ω²x = φ²F, unit modal mass, as in `ModalImpact`) is discretised by
/// impulse invariance: the force of sample n acts as an impulse F[n]/f_s, and with
/// λ = −ξω + iω_d, p = e^{λ/f_s}, the modal velocity's impulse response φ²·Im(λe^{λs})/ω_d
/// sampled at s = j/f_s has the z-transform
///   H(z) = φ²/(ω_d f_s)·(Im λ − Im(λp̄)·z⁻¹)/(1 − 2Re p·z⁻¹ + |p|²·z⁻²),
/// exact for the sampled response (an impulse J at one sample gives φ²J, the impact model's
/// value). Pressure at 1 m is Σ radiation·velocity; distance and pan are interpolated between
/// reports like the force.
///
/// Deterministic: the tracks are formed and rendered in the order of their first report
/// (ties by input order), each track's noise comes from the seed split by the track's index.
/// No allocation per sample: buffers are made once per render.
enum ContactNoise {
  /// Fade-out of the excitation after the last report of a track (s).
  static let fadeDuration = 0.010
  /// Correlation length of the scraped surface's roughness (m): 0.1 mm puts the scrape
  /// band's edge at 1 kHz for 0.1 m/s and 10 kHz for 1 m/s.
  static let scrapeWavelength = 1e-4
  /// Scraping force fluctuation (N rms) per newton of normal force at the reference speed.
  static let scrapeForceRatio = 0.1
  /// Rolling force fluctuation (N rms) per newton of normal force at the reference speed.
  static let rollForceRatio = 0.05
  /// Reference speed v₀ of the force ratios (m/s).
  static let referenceSpeed = 1.0
  /// Lowest filter centre or cutoff (Hz): below, nothing is audible.
  static let minCutoff = 20.0
  /// Highest filter centre or cutoff as a fraction of the sample rate (keeps the bilinear
  /// transform's frequency warping mild).
  static let maxCutoffFraction = 0.4
  /// Contact patch radius limits (m): guard the Hertz formula against degenerate data.
  static let patchRadiusRange: ClosedRange<Double> = 1e-6...1e-2
  /// Samples between updates of the noise filters' coefficients (a control rate of 1.5 kHz
  /// at 48 kHz; speeds and forces themselves are interpolated every sample).
  static let controlInterval = 32
  /// Samples per processing block.
  static let blockSize = 256
  /// A track stops ringing out once the modes' summed state, in full-scale units, falls
  /// below this (−140 dBFS).
  static let silence = 1e-7

  // MARK: - Tracks

  /// The reports of one continuous contact, in time order (struct of arrays, `count` long).
  struct Track {
    var pairID: Int
    var a: Resonator
    var b: Resonator
    /// Start of the first report's step (s).
    var start: Double
    /// Report times (s), strictly increasing.
    var times: [Double] = []
    /// Step length of each report (s).
    var durations: [Double] = []
    /// Normal force at each report (N).
    var force: [Double] = []
    /// Sliding speed at each report (m/s).
    var slide: [Double] = []
    /// Rolling speed at each report (m/s).
    var roll: [Double] = []
    /// Contact point at each report (m).
    var positions: [Vec3] = []

    /// Instant the excitation ends (s): the last report plus the fade.
    var end: Double { (times.last ?? start) + ContactNoise.fadeDuration }
  }

  /// Groups reports into tracks. A report joins an open track of the same `pairID` and
  /// resonators whose last report is earlier and ended within half a step of this report's
  /// start (|t − d − t_last| ≤ d/2); of several, the one whose last position is nearest
  /// (ties: the earlier track). Reports with non-finite values are dropped; negative
  /// forces and speeds count as 0.
  /// - Returns: the tracks in the order of their first report (time, then input order).
  /// - Complexity: O(n log n + n·k), k the number of tracks open at once.
  static func tracks(from contacts: [ContactSound]) -> [Track] {
    let valid = contacts.indices.filter { i in
      let c = contacts[i]
      return c.time.isFinite && c.duration.isFinite && c.duration >= 0
        && c.normalForce.isFinite && c.slidingSpeed.isFinite && c.rollingSpeed.isFinite
        && c.position.x.isFinite && c.position.y.isFinite && c.position.z.isFinite
    }
    let order = valid.sorted { (contacts[$0].time, $0) < (contacts[$1].time, $1) }
    let maxDuration = valid.reduce(0.0) { Swift.max($0, contacts[$1].duration) }
    var tracks: [Track] = []
    var open: [Int] = []  // indices into `tracks`, ascending
    for i in order {
      let c = contacts[i]
      // A track whose last report is more than 1.5 of the longest step before this report
      // can join no later report (times only grow): close it.
      open.removeAll { (tracks[$0].times.last ?? 0) < c.time - 1.5 * maxDuration - 1e-9 }
      let start = c.time - c.duration
      var best: Int? = nil
      var bestDistance = Double.infinity
      for t in open {
        let tr = tracks[t]
        guard let last = tr.times.last, let lastPosition = tr.positions.last,
          tr.pairID == c.pairID, last < c.time, abs(start - last) <= 0.5 * c.duration + 1e-9,
          tr.a == c.a, tr.b == c.b
        else { continue }
        let d = (lastPosition - c.position).length
        if d < bestDistance {
          best = t
          bestDistance = d
        }
      }
      let t: Int
      if let b = best {
        t = b
      } else {
        t = tracks.count
        tracks.append(Track(pairID: c.pairID, a: c.a, b: c.b, start: start))
        open.append(t)
      }
      tracks[t].times.append(c.time)
      tracks[t].durations.append(c.duration)
      tracks[t].force.append(Swift.max(0, c.normalForce))
      tracks[t].slide.append(Swift.max(0, c.slidingSpeed))
      tracks[t].roll.append(Swift.max(0, c.rollingSpeed))
      tracks[t].positions.append(c.position)
    }
    return tracks
  }

  // MARK: - Rendering

  /// Adds the sound of every contact track to `left` and `right`.
  /// - Parameters:
  ///   - contacts: the reports, in any order.
  ///   - modes: the modal model of a resonator (cached by the caller).
  ///   - master: full-scale units per pascal at the listener.
  ///   - listener: the ear, or nil (see `SoundSynthesizer.spatialize`).
  ///   - seed: noise seed; track i uses the stream split by key i.
  /// - Complexity: O(Σ over tracks of (samples until rung out)·(modes of both bodies)).
  static func add(
    _ contacts: [ContactSound], modes: (Resonator) -> [Mode], master: Double,
    listener: Listener?, seed: UInt64, sampleRate: Int,
    left: inout [Double], right: inout [Double]
  ) {
    let list = tracks(from: contacts)
    guard !list.isEmpty, !left.isEmpty else { return }
    let base = SeededGenerator(seed: seed).split(key: 0x636F_6E74_6163_74)  // "contact"
    var work = Workspace()
    for (index, track) in list.enumerated() {
      var bank = ModalBank(modes(track.a) + modes(track.b), sampleRate: sampleRate)
      var source = Excitation(
        track, rng: base.split(key: UInt64(index)), master: master, listener: listener,
        sampleRate: sampleRate)
      render(&source, &bank, &work, left: &left, right: &right)
    }
  }

  /// Per-block scratch buffers, made once per render.
  struct Workspace {
    var force = [Double](repeating: 0, count: ContactNoise.blockSize)
    var gainL = [Double](repeating: 0, count: ContactNoise.blockSize)
    var gainR = [Double](repeating: 0, count: ContactNoise.blockSize)
    var pressure = [Double](repeating: 0, count: ContactNoise.blockSize)
    var lanes = [SIMD4<Double>](repeating: .zero, count: ContactNoise.blockSize)
  }

  /// Renders one track from its first sample until its modes have rung out or the buffer
  /// ends.
  static func render(
    _ source: inout Excitation, _ bank: inout ModalBank, _ work: inout Workspace,
    left: inout [Double], right: inout [Double]
  ) {
    let count = left.count
    var k = source.firstSample
    let lastExcited = source.lastSample
    while k < count {
      let n = Swift.min(blockSize, count - k)
      source.fill(from: k, count: n, force: &work.force, gainL: &work.gainL, gainR: &work.gainR)
      bank.process(work.force, count: n, lanes: &work.lanes, out: &work.pressure)
      left.withUnsafeMutableBufferPointer { lb in
        right.withUnsafeMutableBufferPointer { rb in
          for i in 0..<n {
            lb[k + i] += work.pressure[i] * work.gainL[i]
            rb[k + i] += work.pressure[i] * work.gainR[i]
          }
        }
      }
      k += n
      if k > lastExcited && bank.stateMagnitude * source.maxGain < silence { break }
    }
  }

  // MARK: - Excitation

  /// The audio-rate contact force of one track, with the spatial gains, block by block.
  struct Excitation {
    let track: Track
    let fs: Double
    var rng: SeededGenerator
    /// Left and right gain per report (full-scale units per pascal at 1 m).
    let gainL: [Double]
    let gainR: [Double]
    /// Largest gain of the track.
    let maxGain: Double
    /// First sample at or after the track's start.
    let firstSample: Int
    /// Last sample before the excitation ends.
    let lastSample: Int
    /// 3R*/(4E*) of the pair (m/N), for the contact patch radius.
    let patchFactor: Double
    /// Index of the report at or before the current sample.
    var cursor = 0
    // Trapezoidal state-variable filters (Zavalishin, The Art of VA Filter Design, 2012,
    // ch. 3; Simper's form): integrator states of the scrape and roll low-passes.
    var s1 = 0.0
    var s2 = 0.0
    var r1 = 0.0
    var r2 = 0.0

    init(
      _ track: Track, rng: SeededGenerator, master: Double, listener: Listener?,
      sampleRate: Int
    ) {
      self.track = track
      self.rng = rng
      fs = Double(sampleRate)
      var gl: [Double] = []
      var gr: [Double] = []
      for p in track.positions {
        let (r, l, rr) = SoundSynthesizer.spatialize(p, listener: listener)
        gl.append(master * l / r)
        gr.append(master * rr / r)
      }
      gainL = gl
      gainR = gr
      maxGain = zip(gl, gr).reduce(0.0) { Swift.max($0, $1.0, $1.1) }
      firstSample = ContactNoise.firstSample(atOrAfter: track.start, sampleRate: fs)
      lastSample = Swift.max(
        firstSample, ContactNoise.firstSample(atOrAfter: track.end, sampleRate: fs) - 1)
      let a = track.a
      let b = track.b
      let invE =
        (1 - a.material.poissonRatio * a.material.poissonRatio) / a.material.youngsModulus
        + (1 - b.material.poissonRatio * b.material.poissonRatio) / b.material.youngsModulus
      let invR = (a.contactRadius.map { 1 / $0 } ?? 0) + (b.contactRadius.map { 1 / $0 } ?? 0)
      // As `HertzContact`: two flat bodies fall back to R* = 1 m.
      let rStar = invR > 0 ? 1 / invR : 1
      let pf = 0.75 * rStar * invE
      patchFactor = pf.isFinite && pf > 0 ? pf : 1e-10
    }

    /// Writes the force (N) and the gains for samples k0..<k0+n.
    mutating func fill(
      from k0: Int, count n: Int, force: inout [Double], gainL gl: inout [Double],
      gainR gr: inout [Double]
    ) {
      let tr = track
      let last = tr.times.count - 1
      let t0 = tr.times[0]
      let tEnd = tr.end
      let ramp = t0 - tr.start
      let v0 = ContactNoise.referenceSpeed
      let maxF = ContactNoise.maxCutoffFraction * fs
      let minF = ContactNoise.minCutoff
      let lambda = ContactNoise.scrapeWavelength
      let kButterworth = 2.0.squareRoot()  // k = 1/Q, Q = 1/√2
      // Unit-variance white noise at rate f_s has the one-sided density 2/f_s; a
      // Butterworth low-pass passes the noise bandwidth (π/(2√2))·f_c, so its output
      // variance is π·f_c/(√2·f_s) (analog approximation: the bilinear map narrows the band
      // as f_c nears f_s/2). The gains below make both noises unit-variance.
      let noiseGain = 2.0.squareRoot() * fs / Double.pi
      let sqrt3 = 3.0.squareRoot()
      // Coefficients of the two filters, refreshed every `controlInterval` samples.
      var (sa1, sa2, sa3, sAmp) = (0.0, 0.0, 0.0, 0.0)
      var (ra1, ra2, ra3, rAmp) = (0.0, 0.0, 0.0, 0.0)
      for i in 0..<n {
        let t = Double(k0 + i) / fs
        while cursor < last && tr.times[cursor + 1] <= t { cursor += 1 }
        // Interpolation weight: u of report `cursor + 1` against `cursor`.
        var j0 = cursor
        var j1 = cursor
        var u = 0.0
        var envelope = 1.0
        if t < t0 {
          j0 = 0
          j1 = 0
          envelope = ramp > 0 ? Swift.max(0, (t - tr.start) / ramp) : 1
        } else if cursor < last {
          j1 = cursor + 1
          u = (t - tr.times[j0]) / (tr.times[j1] - tr.times[j0])
        } else {
          let s = t - tr.times[last]
          envelope =
            t >= tEnd ? 0 : 0.5 + 0.5 * cos(Double.pi * s / ContactNoise.fadeDuration)
        }
        let w0 = 1 - u
        gl[i] = w0 * gainL[j0] + u * gainL[j1]
        gr[i] = w0 * gainR[j0] + u * gainR[j1]
        let fN = w0 * tr.force[j0] + u * tr.force[j1]
        let vs = w0 * tr.slide[j0] + u * tr.slide[j1]
        let vr = w0 * tr.roll[j0] + u * tr.roll[j1]
        if t >= tEnd {
          // Ringing out: no force, no filter updates.
          force[i] = 0
          continue
        }
        // The first sample of every block is a control point, so no sample runs on stale
        // coefficients from another block.
        if i % ContactNoise.controlInterval == 0 {
          // Scrape low-pass at v_s/λ_s.
          let fs0 = Swift.min(maxF, Swift.max(minF, vs / lambda))
          (sa1, sa2, sa3) = Self.svf(cutoff: fs0, k: kButterworth, fs: fs)
          sAmp = (noiseGain / fs0).squareRoot()
          // Roll low-pass at 0.443·v_r/(2a), a the Hertz patch radius under the load.
          let a = Swift.min(
            ContactNoise.patchRadiusRange.upperBound,
            Swift.max(
              ContactNoise.patchRadiusRange.lowerBound, cbrt(patchFactor * Swift.max(fN, 0))))
          let fr0 = Swift.min(maxF, Swift.max(minF, 0.443 * vr / (2 * a)))
          (ra1, ra2, ra3) = Self.svf(cutoff: fr0, k: kButterworth, fs: fs)
          rAmp = (noiseGain / fr0).squareRoot()
        }
        guard envelope > 0 else {
          force[i] = 0
          continue
        }
        let white = (2 * rng.nextUnit() - 1) * sqrt3
        // Scrape low-pass.
        let sv3 = white - s2
        let sv1 = sa1 * s1 + sa2 * sv3
        let sv2 = s2 + sa2 * s1 + sa3 * sv3
        s1 = 2 * sv1 - s1
        s2 = 2 * sv2 - s2
        // Roll low-pass.
        let rv3 = white - r2
        let rv1 = ra1 * r1 + ra2 * rv3
        let rv2 = r2 + ra2 * r1 + ra3 * rv3
        r1 = 2 * rv1 - r1
        r2 = 2 * rv2 - r2
        let scrape = ContactNoise.scrapeForceRatio * (vs / v0).squareRoot() * sAmp * sv2
        let roll = ContactNoise.rollForceRatio * (vr / v0).squareRoot() * rAmp * rv2
        force[i] = envelope * fN * (scrape + roll)
      }
    }

    /// Coefficients (a1, a2, a3) of the trapezoidal SVF with cutoff f (Hz) and damping k =
    /// 1/Q: g = tan(πf/f_s), a1 = 1/(1 + g(g + k)), a2 = g·a1, a3 = g·a2.
    @inline(__always) static func svf(cutoff f: Double, k: Double, fs: Double)
      -> (Double, Double, Double)
    {
      let g = tan(Double.pi * f / fs)
      let a1 = 1 / (1 + g * (g + k))
      let a2 = g * a1
      return (a1, a2, g * a2)
    }
  }

  /// The first sample index whose time k/f_s is at or after t (the same exact comparison as
  /// `ModalImpact`).
  static func firstSample(atOrAfter t: Double, sampleRate fs: Double) -> Int {
    guard t.isFinite else { return t < 0 ? 0 : Int.max / 2 }
    var k = Swift.max(0, Int(Swift.min((t * fs).rounded(.up), 1e15)))
    while k > 0 && Double(k - 1) / fs >= t { k -= 1 }
    while Double(k) / fs < t { k += 1 }
    return k
  }

  // MARK: - Modal bank

  /// Both bodies' modes as one bank of two-pole filters driven by the same force, four modes
  /// to a SIMD lane group (padded with silent modes), struct of arrays.
  struct ModalBank {
    /// Feedback coefficients 2Re p and |p|² per group.
    var a1: [SIMD4<Double>] = []
    var a2: [SIMD4<Double>] = []
    /// Feed-forward coefficients (Pa at 1 m per N of force) per group.
    var b0: [SIMD4<Double>] = []
    var b1: [SIMD4<Double>] = []
    /// Outputs one and two samples back (Pa at 1 m).
    var y1: [SIMD4<Double>] = []
    var y2: [SIMD4<Double>] = []
    /// Force of the previous sample (N).
    var xPrev = 0.0

    init(_ modes: [Mode], sampleRate: Int) {
      let fs = Double(sampleRate)
      var c1: [Double] = []
      var c2: [Double] = []
      var d0: [Double] = []
      var d1: [Double] = []
      for m in modes {
        let w = m.angularFrequency
        let xi = m.dampingRatio
        let wd = w * (1 - xi * xi).squareRoot()
        let decay = exp(-xi * w / fs)
        let pr = decay * cos(wd / fs)
        let pi = decay * sin(wd / fs)
        let c = m.mobility * m.radiation / (wd * fs)
        guard c.isFinite, wd > 0 else { continue }
        c1.append(2 * pr)
        c2.append(decay * decay)
        d0.append(c * wd)
        d1.append(-c * (wd * pr + xi * w * pi))
      }
      // Groups of four, an even number of groups (the loop runs two at a time).
      var groups = (c1.count + 3) / 4
      groups += groups % 2
      func pack(_ x: [Double]) -> [SIMD4<Double>] {
        (0..<groups).map { g in
          var v = SIMD4<Double>.zero
          for l in 0..<4 where 4 * g + l < x.count { v[l] = x[4 * g + l] }
          return v
        }
      }
      a1 = pack(c1)
      a2 = pack(c2)
      b0 = pack(d0)
      b1 = pack(d1)
      y1 = [SIMD4<Double>](repeating: .zero, count: groups)
      y2 = y1
    }

    /// Σ|y₁| + |y₂| over the modes (Pa at 1 m): an upper bound on what is left to ring.
    var stateMagnitude: Double {
      var s = 0.0
      for g in 0..<y1.count {
        for l in 0..<4 { s += abs(y1[g][l]) + abs(y2[g][l]) }
      }
      return s
    }

    /// Runs the bank over `count` samples of `force` and writes the summed pressure (Pa at
    /// 1 m) to `out`.
    /// y[n] = a1·y[n−1] − a2·y[n−2] + b0·x[n] + b1·x[n−1], two groups of four modes
    /// interleaved so that eight independent recursions hide the multiply–add latency.
    mutating func process(
      _ force: [Double], count n: Int, lanes: inout [SIMD4<Double>], out: inout [Double]
    ) {
      let groups = y1.count
      lanes.withUnsafeMutableBufferPointer { acc in
        for i in 0..<n { acc[i] = .zero }
        force.withUnsafeBufferPointer { x in
          var g = 0
          while g < groups {
            let (pa1, pa2, pb0, pb1) = (a1[g], a2[g], b0[g], b1[g])
            let (qa1, qa2, qb0, qb1) = (a1[g + 1], a2[g + 1], b0[g + 1], b1[g + 1])
            var (py1, py2, qy1, qy2) = (y1[g], y2[g], y1[g + 1], y2[g + 1])
            var xp = xPrev
            for i in 0..<n {
              let xi = x[i]
              let py = pa1 * py1 - pa2 * py2 + pb0 * xi + pb1 * xp
              let qy = qa1 * qy1 - qa2 * qy2 + qb0 * xi + qb1 * xp
              acc[i] += py + qy
              py2 = py1
              py1 = py
              qy2 = qy1
              qy1 = qy
              xp = xi
            }
            (y1[g], y2[g], y1[g + 1], y2[g + 1]) = (py1, py2, qy1, qy2)
            g += 2
          }
        }
        for i in 0..<n { out[i] = acc[i].sum() }
      }
      if n > 0 { xPrev = force[n - 1] }
    }
  }
}
