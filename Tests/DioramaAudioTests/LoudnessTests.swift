import DioramaCore
import Foundation
import Testing

@testable import DioramaAudio

#if DEBUG
  private let loudnessReleaseBuild = false
#else
  private let loudnessReleaseBuild = true
#endif

/// Test signals for the loudness meter, built sample by sample.
private enum Signal {
  /// Linear amplitude of a level in dBFS (sine peak: a full-scale sine is 0 dBFS, as in EBU
  /// Tech 3341).
  static func amplitude(_ dbfs: Double) -> Double { pow(10, dbfs / 20) }

  /// A sine of `frequency` (Hz) made of consecutive sections (duration s, level dBFS, or nil
  /// for silence), phase-continuous, in the channels where `active` is true.
  static func sine(
    _ sections: [(seconds: Double, dbfs: Double?)], frequency: Double = 997,
    sampleRate: Int = 48_000, active: [Bool] = [true, true], phase: Double = 0,
    fadeSeconds: Double = 0
  ) -> AudioBuffer {
    let channels = active.count
    var samples: [Float] = []
    var n = 0
    for section in sections {
      let frames = Int((section.seconds * Double(sampleRate)).rounded())
      let a = section.dbfs.map(amplitude) ?? 0
      for _ in 0..<frames {
        let v = Float(a * sin(2 * Double.pi * frequency * Double(n) / Double(sampleRate) + phase))
        for c in 0..<channels { samples.append(active[c] ? v : 0) }
        n += 1
      }
    }
    // Raised-cosine fade in and out: an abrupt start rings over the sine's peak (Gibbs) in
    // any band-limited reconstruction, which the true-peak tests must not measure.
    let fade = Int(fadeSeconds * Double(sampleRate))
    for i in 0..<Swift.min(fade, n / 2) {
      let w = Float(0.5 - 0.5 * cos(Double.pi * Double(i) / Double(fade)))
      for c in 0..<channels {
        samples[i * channels + c] *= w
        samples[(n - 1 - i) * channels + c] *= w
      }
    }
    return AudioBuffer(sampleRate: sampleRate, channelCount: channels, samples: samples)
  }

  /// Integrated loudness that the BS.1770 gating rules give for a stereo sine made of
  /// `sections`, computed from levels alone (no filtering): each 100 ms step of a stereo sine at
  /// L dBFS has loudness L LUFS (the −0.691 offset cancels the K-weighting gain at 997 Hz), a
  /// 400 ms block is the mean power of its four steps, then the two gates. Section lengths must
  /// be whole steps.
  static func expectedIntegrated(_ sections: [(seconds: Double, dbfs: Double?)]) -> Double {
    var stepPower: [Double] = []
    for s in sections {
      let steps = Int((s.seconds * 10).rounded())
      let p = s.dbfs.map { pow(10, $0 / 10) } ?? 0
      stepPower += [Double](repeating: p, count: steps)
    }
    let blocks = (0...(stepPower.count - 4)).map { j in stepPower[j..<(j + 4)].reduce(0, +) / 4 }
    let loud: (Double) -> Double = { $0 > 0 ? 10 * log10($0) : -.infinity }
    let absGated = blocks.filter { loud($0) > -70 }
    let relative = loud(absGated.reduce(0, +) / Double(absGated.count)) - 10
    let gated = absGated.filter { loud($0) > relative }
    return loud(gated.reduce(0, +) / Double(gated.count))
  }

  /// Speech-like test material: bursts of noise 150–400 ms long with a raised-cosine syllable
  /// envelope, crude formant colour (a one-pole low-pass mixed with the raw noise), gaps of
  /// 50–500 ms, around −35 LUFS. Stereo, channels slightly different.
  static func speechLike(seconds: Double, sampleRate: Int = 48_000, seed: UInt64) -> AudioBuffer {
    var rng = SeededGenerator(seed: seed)
    let frames = Int(seconds * Double(sampleRate))
    var samples = [Float](repeating: 0, count: 2 * frames)
    var n = 0
    var lowL = 0.0
    var lowR = 0.0
    while n < frames {
      let burst = Int((0.15 + 0.25 * rng.nextUnit()) * Double(sampleRate))
      let level = 0.02 * (0.5 + rng.nextUnit())
      for i in 0..<burst where n + i < frames {
        let env = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(burst))
        let w = 2 * rng.nextUnit() - 1
        let w2 = 2 * rng.nextUnit() - 1
        lowL += 0.1 * (w - lowL)
        lowR += 0.1 * (0.7 * w + 0.3 * w2 - lowR)
        samples[2 * (n + i)] = Float(level * env * (3 * lowL + 0.3 * w))
        samples[2 * (n + i) + 1] = Float(level * env * (3 * lowR + 0.3 * w2))
      }
      n += burst + Int((0.05 + 0.45 * rng.nextUnit()) * Double(sampleRate))
    }
    return AudioBuffer(sampleRate: sampleRate, channelCount: 2, samples: samples)
  }

  /// Impact-like test material: every 0.15–0.5 s a burst of three exponentially decaying
  /// partials (400 Hz … 6 kHz, decay time constant 20–120 ms) with a sharp onset: peaks about
  /// 20 dB above the integrated loudness, a track a plain gain to −16 LUFS would clip.
  static func impacts(seconds: Double, sampleRate: Int = 48_000, seed: UInt64) -> AudioBuffer {
    var rng = SeededGenerator(seed: seed)
    let frames = Int(seconds * Double(sampleRate))
    var left = [Double](repeating: 0, count: frames)
    var right = [Double](repeating: 0, count: frames)
    var t = 0.1
    let fs = Double(sampleRate)
    while t < seconds - 0.1 {
      let start = Int(t * fs)
      let amp = 0.1 + 0.2 * rng.nextUnit()
      let pan = rng.nextUnit()
      for _ in 0..<3 {
        let f = 400 + 5600 * rng.nextUnit()
        let tau = 0.02 + 0.1 * rng.nextUnit()
        let phase = 2 * Double.pi * rng.nextUnit()
        let length = Swift.min(frames - start, Int(6 * tau * fs))
        for i in 0..<length {
          let x = Double(i) / fs
          let v = amp * exp(-x / tau) * sin(2 * Double.pi * f * x + phase)
          left[start + i] += (1 - pan) * v
          right[start + i] += pan * v
        }
      }
      t += 0.15 + 0.35 * rng.nextUnit()
    }
    var samples = [Float](repeating: 0, count: 2 * frames)
    for i in 0..<frames {
      samples[2 * i] = Float(left[i])
      samples[2 * i + 1] = Float(right[i])
    }
    return AudioBuffer(sampleRate: sampleRate, channelCount: 2, samples: samples)
  }

  static func samplePeak(_ b: AudioBuffer) -> Double {
    Double(b.samples.reduce(0) { Swift.max($0, abs($1)) })
  }
}

@Suite struct LoudnessTests {
  // MARK: - K-weighting

  /// Inverting the bilinear transform and applying it again returns BS.1770-4's published
  /// 48 kHz coefficients (tables 1 and 2) to rounding (1e-12: 14 significant digits are given).
  @Test func kWeightingReproducesPublished48kHzCoefficients() {
    let (shelf, hp) = Loudness.kWeighting(sampleRate: 48_000)
    let pairs: [(Biquad, Biquad)] = [(shelf, Loudness.shelf48k), (hp, Loudness.highPass48k)]
    for (a, b) in pairs {
      #expect(abs(a.b0 - b.b0) < 1e-12 && abs(a.b1 - b.b1) < 1e-12 && abs(a.b2 - b.b2) < 1e-12)
      #expect(abs(a.a1 - b.a1) < 1e-12 && abs(a.a2 - b.a2) < 1e-12)
    }
    // The recovered analog shelf: corner 1681.97 Hz, Q 1/√2, +4 dB above it.
    #expect(abs(Loudness.shelfPrototype.cornerHertz - 1681.974) < 1e-3)
    #expect(abs(Loudness.shelfPrototype.q - 0.70718) < 1e-5)
    #expect(abs(20 * log10(Loudness.shelfPrototype.nyquistGain) - 3.9998) < 1e-3)
    #expect(abs(Loudness.highPassPrototype.cornerHertz - 38.135) < 1e-3)
  }

  /// The 48 kHz K-weighting magnitude against the analog target it models: the high shelf
  /// (f₀ = 1681.974450955533 Hz, Q = 0.7071752369554196, +3.999843853973347 dB, mid-band
  /// exponent 0.4996667741545416 — the fit to the published coefficients used by libebur128)
  /// times a unity-gain second-order high-pass (f₀ = 38.13547087602444 Hz, Q =
  /// 0.5003270373238773). Tolerance 0.1 dB: the published high-pass has +0.043 dB of
  /// pass-band gain (b = [1, −2, 1] not normalised) and the bilinear transform warps the
  /// shelf by < 0.01 dB below 15 kHz. Also pins the anchor values: +0.691 dB at 997 Hz (the
  /// meter's offset), ≈ +4 dB at high frequencies, strong attenuation below 100 Hz.
  @Test func kWeightingMatchesAnalogTarget() {
    let (shelf, hp) = Loudness.kWeighting(sampleRate: 48_000)
    func digitalDB(_ f: Double) -> Double {
      20
        * log10(
          shelf.magnitude(atHertz: f, sampleRate: 48_000)
            * hp.magnitude(atHertz: f, sampleRate: 48_000))
    }
    func analogDB(_ f: Double) -> Double {
      let vh = pow(10, 3.999843853973347 / 20)
      let vb = pow(vh, 0.4996667741545416)
      // Shelf: (vh·S² + vb·S/Q + 1)/(S² + S/Q + 1) at S = j f/f₀.
      let x = f / 1681.974450955533
      let q1 = 0.7071752369554196
      let nRe = 1 - vh * x * x
      let nIm = vb * x / q1
      let dRe = 1 - x * x
      let dIm = x / q1
      let shelfPower = (nRe * nRe + nIm * nIm) / (dRe * dRe + dIm * dIm)
      // High-pass: S²/(S² + S/Q + 1).
      let y = f / 38.13547087602444
      let q2 = 0.5003270373238773
      let hpPower = (y * y * y * y) / ((1 - y * y) * (1 - y * y) + (y / q2) * (y / q2))
      return 10 * log10(shelfPower * hpPower)
    }
    for f in [20.0, 50, 100, 200, 500, 997, 2000, 5000, 10_000, 15_000] {
      #expect(abs(digitalDB(f) - analogDB(f)) < 0.1, "at \(f) Hz")
    }
    #expect(abs(digitalDB(997) - 0.691) < 0.005)
    #expect(abs(digitalDB(10_000) - 4.04) < 0.05)
    #expect(digitalDB(20) < -13 && digitalDB(50) < -3.5 && digitalDB(100) < -1)
  }

  /// The same analog filter realised at other rates: within 0.02 dB of the published 48 kHz
  /// filter from 20 Hz to 10 kHz (differences come only from bilinear warping, which grows
  /// towards each rate's Nyquist frequency).
  @Test(arguments: [32_000.0, 44_100, 88_200, 96_000, 192_000])
  func kWeightingAtOtherRatesMatches48kHz(sampleRate: Double) {
    let (shelf, hp) = Loudness.kWeighting(sampleRate: sampleRate)
    for f in [20.0, 40, 100, 300, 997, 2000, 4000, 7000, 10_000] {
      let reference =
        Loudness.shelf48k.magnitude(atHertz: f, sampleRate: 48_000)
        * Loudness.highPass48k.magnitude(atHertz: f, sampleRate: 48_000)
      let here =
        shelf.magnitude(atHertz: f, sampleRate: sampleRate)
        * hp.magnitude(atHertz: f, sampleRate: sampleRate)
      #expect(abs(20 * log10(here / reference)) < 0.02, "at \(f) Hz, fs \(sampleRate)")
    }
  }

  // MARK: - Integrated loudness

  /// EBU Tech 3341 test 1 (stereo 1 kHz sine at −23 dBFS, 20 s → −23.0 LUFS) and test 2
  /// (−33 dBFS → −33.0), at 48 and 44.1 kHz; plus −20 dBFS → −20.0. Tolerance ±0.1 LU, the
  /// meter tolerance EBU Tech 3341 demands. (A sine at −20 dBFS per channel reads −20 LUFS,
  /// not −23: the −0.691 offset makes one channel of a 0 dBFS sine −3.01 LUFS, two +0.)
  @Test(arguments: [48_000, 44_100], [-23.0, -33, -20])
  func stereoSineReadsItsLevel(sampleRate: Int, dbfs: Double) {
    let b = Signal.sine([(20, dbfs)], sampleRate: sampleRate)
    #expect(abs(Loudness.integrated(b) - dbfs) < 0.1)
  }

  /// BS.1770-4: a 0 dBFS 1 kHz sine in one channel reads −3.01 LKFS; a signal in one channel
  /// reads 10·log10(2) = 3.01 dB below the same signal in both. ±0.1 LU (meter tolerance) for
  /// the absolute value; ±0.001 LU for the difference, which only channel summation sets.
  @Test func oneChannelReadsThreeDecibelsLowerThanBoth() {
    let left = Loudness.integrated(Signal.sine([(10, 0)], frequency: 1000, active: [true, false]))
    let both = Loudness.integrated(Signal.sine([(10, 0)], frequency: 1000, active: [true, true]))
    let mono = Loudness.integrated(Signal.sine([(10, 0)], frequency: 1000, active: [true]))
    #expect(abs(left - -3.01) < 0.1)
    #expect(abs(both - left - 10 * log10(2)) < 0.001)
    #expect(abs(mono - left) < 1e-9)
  }

  /// EBU Tech 3341 tests 3–5 (stereo 1 kHz sine sequences), each expected at −23.0 LUFS
  /// within ±0.1 LU; the relative gate is what discards the −36 dBFS and −72 dBFS parts.
  @Test func ebuTech3341GatingCases() {
    let case3: [(seconds: Double, dbfs: Double?)] = [(10, -36), (60, -23), (10, -36)]
    let case4: [(seconds: Double, dbfs: Double?)] = [
      (10, -72), (10, -36), (60, -23), (10, -36), (10, -72),
    ]
    let case5: [(seconds: Double, dbfs: Double?)] = [(20, -26), (20.1, -20), (20, -26)]
    for c in [case3, case4, case5] {
      #expect(abs(Loudness.integrated(Signal.sine(c)) - -23) < 0.1)
    }
  }

  /// Gating cases whose answers follow from the gating rules alone (`expectedIntegrated`):
  /// −20 then −40 dBFS (relative gate removes the quiet half: −20.03, where an ungated mean
  /// gives −22.97), −26 then −36 (both pass: −28.6), −30 with a −75 dBFS stretch (absolute
  /// gate). ±0.05 LU: what remains is the filters' transient at each level step.
  @Test func gatingFollowsTheRules() {
    let cases: [[(seconds: Double, dbfs: Double?)]] = [
      [(20, -20), (20, -40)],
      [(20, -36), (20, -26)],
      [(10, -30), (20, -75), (10, -30)],
    ]
    for c in cases {
      let expected = Signal.expectedIntegrated(c)
      let measured = Loudness.integrated(Signal.sine(c))
      #expect(abs(measured - expected) < 0.05, "\(c): expected \(expected), got \(measured)")
    }
    #expect(abs(Signal.expectedIntegrated(cases[0]) - -20.03) < 0.01)
  }

  /// Silence padding: 1 s or 60 s of digital silence before and after give exactly the same
  /// reading (silent blocks fall under the absolute gate); against no padding the reading moves
  /// only by the six partial blocks at the edges (≤ 0.1 LU).
  @Test func silencePaddingDoesNotChangeIntegratedLoudness() {
    let bare = Loudness.integrated(Signal.sine([(20, -23)]))
    let short = Loudness.integrated(Signal.sine([(1, nil), (20, -23), (1, nil)]))
    let long = Loudness.integrated(Signal.sine([(60, nil), (20, -23), (60, nil)]))
    #expect(abs(short - long) < 1e-9)
    #expect(abs(short - bare) < 0.1)
  }

  @Test func silenceAndShortBuffersAreMinusInfinity() {
    let silence = AudioBuffer(
      sampleRate: 48_000, channelCount: 2, samples: [Float](repeating: 0, count: 96_000))
    #expect(Loudness.integrated(silence) == -.infinity)
    #expect(Loudness.truePeak(silence) == -.infinity)
    let short = Signal.sine([(0.3, -10)])
    #expect(Loudness.integrated(short) == -.infinity)
    let empty = AudioBuffer(sampleRate: 48_000, channelCount: 2, samples: [])
    #expect(Loudness.integrated(empty) == -.infinity)
    #expect(Loudness.momentary(empty).isEmpty)
  }

  /// Momentary and short-term series: one value per 100 ms once the window is full; a steady
  /// −23 dBFS stereo sine reads −23 ± 0.1 in every window; a quiet-loud step shows in the
  /// momentary series within one window.
  @Test func momentaryAndShortTermSeries() {
    let steady = Signal.sine([(5, -23)])
    let m = Loudness.momentary(steady)
    let s = Loudness.shortTerm(steady)
    #expect(m.count == 47 && s.count == 21)
    #expect(m.allSatisfy { abs($0 - -23) < 0.1 })
    #expect(s.allSatisfy { abs($0 - -23) < 0.1 })
    let step = Loudness.momentary(Signal.sine([(2, -40), (2, -20)]))
    #expect(abs(step[10] - -40) < 0.1)  // [1.0 s, 1.4 s)
    #expect(abs(step[20] - -20) < 0.1)  // [2.0 s, 2.4 s)
  }

  // MARK: - True peak

  /// A sine at fs/4 with phase 45° is sampled at ±0.707 only, but its waveform reaches 1.0
  /// half-way between samples, a point of the 4× grid: 0 dBTP. Tolerance 0.05 dB: the
  /// interpolator's measured phase error at fs/4 is below 0.003 of amplitude (0.03 dB).
  @Test(arguments: [48_000, 44_100])
  func quarterRateSineAt45DegreesReadsZeroDBTP(sampleRate: Int) {
    let b = Signal.sine(
      [(1, 0)], frequency: Double(sampleRate) / 4, sampleRate: sampleRate, phase: .pi / 4,
      fadeSeconds: 0.05)
    #expect(abs(Signal.samplePeak(b) - 0.7071) < 1e-3)
    #expect(abs(Loudness.truePeak(b)) < 0.05)
  }

  /// Sines across the band at random phases: the true peak never over-reads by more than the
  /// ripple (0.05 dB) and never under-reads by more than the 4× grid allows,
  /// 20·log10(cos(πf/(4fs))) (the peak can fall ⅛ sample from the nearest grid point), plus
  /// the ripple.
  @Test func truePeakOfSinesIsWithinTheGridBound() {
    var rng = SeededGenerator(seed: 7)
    for f in [100.0, 1000, 3000, 6000, 9000, 13_000, 16_000, 19_000] {
      for _ in 0..<4 {
        let b = Signal.sine(
          [(0.2, -6)], frequency: f, active: [true], phase: 2 * .pi * rng.nextUnit(),
          fadeSeconds: 0.02)
        let tp = Loudness.truePeak(b)
        let floor = -6 + 20 * log10(cos(Double.pi * f / (4 * 48_000)))
        #expect(tp < -6 + 0.05 && tp > floor - 0.05, "\(f) Hz: \(tp) dBTP")
        #expect(tp >= 20 * log10(Signal.samplePeak(b)))
      }
    }
  }

  /// A DC-free full-scale square wave (1 kHz at 48 kHz: 24 samples at +1, 24 at −1) has sample
  /// peak 1.0, but its band-limited reconstruction rings over full scale at each edge (Gibbs):
  /// the true peak exceeds 0 dBTP.
  @Test func squareWaveTruePeakExceedsFullScale() {
    var samples: [Float] = []
    for i in 0..<48_000 { samples.append((i / 24) % 2 == 0 ? 1 : -1) }
    let b = AudioBuffer(sampleRate: 48_000, channelCount: 1, samples: samples)
    #expect(Signal.samplePeak(b) == 1)
    #expect(Loudness.truePeak(b) > 0.3)
  }

  /// The pruned paths agree with the full interpolation: `peak` equals the maximum of
  /// `framePeaks` exactly, and `framePeaks(floor:)` equals it wherever the value exceeds the
  /// floor and stays at or below the floor elsewhere.
  @Test func prunedTruePeakPathsAgreeWithTheFullInterpolation() {
    let b = Signal.impacts(seconds: 3, seed: 4)
    let full = TruePeak.framePeaks(b)
    #expect(TruePeak.peak(b) == full.max())
    let floor: Float = 0.05
    let pruned = TruePeak.framePeaks(b, floor: floor)
    #expect(full.contains { $0 > floor } && full.contains { $0 <= floor })
    for n in full.indices {
      if full[n] > floor {
        #expect(pruned[n] == full[n])
      } else {
        #expect(pruned[n] <= floor)
      }
    }
  }

  // MARK: - Normalisation

  /// Quiet speech-like bursts (≈ −35 LUFS) to −16 LUFS: within 0.5 LU of the target (what
  /// the brief asks; the loop aims at 0.05), true peak ≤ −1 dBTP.
  @Test func normalizesSpeechLikeNoise() {
    let input = Signal.speechLike(seconds: 20, seed: 3)
    let (out, report) = Loudness.normalize(input)
    print("Loudness speech-like: \(report)")
    #expect(report.inputLUFS < -28)
    #expect(abs(Loudness.integrated(out) - -16) < 0.5)
    #expect(Loudness.truePeak(out) <= -1)
    #expect(report.outputLUFS == Loudness.integrated(out))
    #expect(report.outputTruePeakDBTP == Loudness.truePeak(out))
  }

  /// Spiky impact-like material: a plain gain to −16 LUFS would put the peaks above 0 dBTP,
  /// so the limiter must engage (> 1 dB reduction); the output still reaches −16 ± 0.5 LU with
  /// true peak ≤ −1 dBTP, and the result is bit-identical between runs.
  @Test func normalizesSpikyImpactsWithTheLimiter() {
    let input = Signal.impacts(seconds: 20, seed: 11)
    let plainPeak = Loudness.truePeak(input) + (-16 - Loudness.integrated(input))
    #expect(plainPeak > 0)
    let (out, report) = Loudness.normalize(input)
    print("Loudness impacts: \(report)")
    #expect(report.limiterMaxReductionDB > 1)
    #expect(abs(Loudness.integrated(out) - -16) < 0.5)
    #expect(Loudness.truePeak(out) <= -1)
    #expect(report.outputTruePeakDBTP <= -1)
    let (again, report2) = Loudness.normalize(input)
    #expect(again.samples == out.samples)
    #expect(report2 == report)
  }

  /// When the target gain fits under the ceiling, normalisation is a pure gain: a −30 dBFS
  /// stereo sine goes up 14 dB to −16 LUFS (sample ratios exact to Float rounding) and the
  /// limiter stays out.
  @Test func normalizeIsAPureGainWhenPeaksFit() {
    let input = Signal.sine([(10, -30)])
    let (out, report) = Loudness.normalize(input, targetLUFS: -16, ceilingDBTP: -1)
    #expect(report.limiterMaxReductionDB == 0)
    #expect(abs(report.gainDB - (-16 - report.inputLUFS)) < 1e-12)
    #expect(abs(report.outputLUFS - -16) < 0.01)
    let g = Float(pow(10, report.gainDB / 20))
    for i in stride(from: 0, to: input.samples.count, by: 997) {
      #expect(abs(out.samples[i] - input.samples[i] * g) <= 1e-6)
    }
  }

  /// The limiter's gain curve never lets gain·curve·peak exceed the ceiling (the s[n] ≤ r[n]
  /// argument in `normalize`), never exceeds 1, starts falling before a spike (look-ahead)
  /// and recovers after it with the 50 ms release (back above −0.1 dB within 0.5 s).
  @Test func limiterGainHoldsTheCeilingAndRecovers() {
    var rng = SeededGenerator(seed: 5)
    var peaks = [Float](repeating: 0.1, count: 48_000)
    for _ in 0..<40 { peaks[Int(rng.nextUnit() * 40_000)] = Float(0.5 + 2 * rng.nextUnit()) }
    peaks[10_000] = 4
    let curve = Loudness.limiterGain(peaks: peaks, gain: 1, ceiling: 0.5, sampleRate: 48_000)
    #expect(curve.count == peaks.count)
    for n in curve.indices {
      #expect(curve[n] <= 1 && curve[n] * Double(peaks[n]) <= 0.5 * (1 + 1e-9))
    }
    let quiet = Loudness.limiterGain(
      peaks: [Float](repeating: 0.1, count: 1000) + [4] + [Float](repeating: 0.1, count: 30_000),
      gain: 1, ceiling: 0.5, sampleRate: 48_000)
    #expect(abs(quiet[1000] - 0.125) < 1e-9)
    #expect(quiet[1000 - 300] == 1)  // the ramp starts at most 5 ms (240 frames) ahead
    #expect(quiet[1000 - 200] < 1)  // look-ahead: already falling 4 ms before the spike
    #expect(quiet[1000 + 24_000] > pow(10, -0.1 / 20))
  }

  /// The streaming limiter gain against its definition evaluated directly (O(N·W)):
  /// m[j] = min r[j − W + 1 … j], m'[j] = min(m[j], 1 − (1 − m'[j − 1])·e^{−1/(τfs)}),
  /// s[n] = triangle-weighted mean of m'[n … n + W − 1]. Agreement to 1e-9 (running-sum
  /// rounding).
  @Test func limiterGainMatchesItsDefinition() {
    var rng = SeededGenerator(seed: 2)
    let fs = 8_000.0  // W = 40 frames
    var peaks = (0..<4_000).map { _ in Float(0.3 * rng.nextUnit()) }
    for _ in 0..<30 { peaks[Int(rng.nextUnit() * 4_000)] = Float(0.5 + 3 * rng.nextUnit()) }
    let curve = Loudness.limiterGain(peaks: peaks, gain: 1.5, ceiling: 0.6, sampleRate: fs)
    let w = Int((Loudness.limiterLookahead * fs).rounded())
    let n = peaks.count
    let r = (0..<(n + w - 1)).map { j in
      j < n && 1.5 * Double(peaks[j]) > 0.6 ? 0.6 / (1.5 * Double(peaks[j])) : 1
    }
    var m = r.indices.map { j in r[Swift.max(0, j - w + 1)...j].min() ?? 1 }
    let decay = exp(-1 / (Loudness.limiterRelease * fs))
    for j in m.indices { m[j] = Swift.min(m[j], 1 - (1 - (j > 0 ? m[j - 1] : 1)) * decay) }
    // Triangle = box(a) ∗ box(b): weight of offset i is the overlap count / (a·b).
    let a = (w + 1) / 2
    let b = w + 1 - a
    for k in 0..<n {
      var s = 0.0
      for i in 0..<w {
        let overlap = Swift.min(i, a - 1) - Swift.max(0, i - b + 1) + 1
        s += Double(overlap) * m[k + i]
      }
      #expect(abs(curve[k] - s / Double(a * b)) < 1e-9, "frame \(k)")
      if abs(curve[k] - s / Double(a * b)) >= 1e-9 { break }
    }
  }

  // MARK: - Performance

  /// 60 s of stereo 48 kHz impact material: integrated + truePeak + normalize (limiter
  /// engaged). Release only; must be well under a second. Prints the times.
  @Test(.enabled(if: loudnessReleaseBuild)) func sixtySecondsStereoIsFast() {
    let input = Signal.impacts(seconds: 60, seed: 1)
    var t = DispatchTime.now().uptimeNanoseconds
    func lap() -> Double {
      let now = DispatchTime.now().uptimeNanoseconds
      defer { t = now }
      return Double(now - t) * 1e-9
    }
    let lufs = Loudness.integrated(input)
    let tIntegrated = lap()
    let tp = Loudness.truePeak(input)
    let tTruePeak = lap()
    let (out, report) = Loudness.normalize(input)
    let tNormalize = lap()
    print(
      "Loudness perf (60 s stereo 48 kHz, release): integrated \(tIntegrated) s, truePeak "
        + "\(tTruePeak) s, normalize \(tNormalize) s; in \(lufs) LUFS \(tp) dBTP, \(report)")
    #expect(out.frameCount == input.frameCount)
    // Speed is measured by the benchmark suite; this bound only catches an order-of-
    // magnitude regression (quadratic filtering, say) and leaves room for a loaded machine
    // (it measured 0.5 s alone and 1.06 s with two other builds on the two cores).
    #expect(tIntegrated + tTruePeak + tNormalize < 5.0)
  }
}
