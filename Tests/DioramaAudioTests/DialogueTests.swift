import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaAudio

/// Whether espeak-ng loads on this machine (scripts/setup.sh installs it).
let espeakAvailable = SpeechSynthesizer().isAvailable

@Suite struct DialogueTests {
  /// A line starting at 1.2 s in a 4 s track: nothing before its start; in the speech band
  /// (300–3400 Hz, telephone band) the line carries most of its energy; and speech is
  /// present within the first 0.5 s after the start and ends before the track does.
  @Test(.enabled(if: espeakAvailable)) func spokenLineIsInTheSpeechBandAtItsTime() throws {
    var scene = SoundScene(duration: 4)
    let start = 1.2
    scene.dialogue = [
      DialogueLine(
        text: "Here goes nothing!", time: start, voice: "en", pitch: 50, wordsPerMinute: 170)
    ]
    let track = try SoundSynthesizer(settings: SoundSettings(gainDB: 20)).render(scene)
    let x = channel(track, 0)
    let first = Int((start * 48_000).rounded(.up))
    #expect(x[..<first].allSatisfy { $0 == 0 })
    // 20 ms block RMS: the first block above −60 dBFS lies within 0.5 s of the start (espeak
    // pads a few tens of milliseconds of silence ahead of the first phoneme).
    let w = 960
    var onset: Double? = nil
    var lastLoud = 0.0
    var i = 0
    while i + w <= x.count {
      if rms(Array(x[i..<(i + w)])) > 1e-3 {
        if onset == nil { onset = Double(i) / 48_000 }
        lastLoud = Double(i + w) / 48_000
      }
      i += w
    }
    let on = try #require(onset)
    #expect(on >= start && on < start + 0.5)
    #expect(lastLoud > start + 0.5 && lastLoud < 3.9)
    // Speech band: ≥ 70 % of the line's energy lies in 300–3400 Hz (voiced speech puts
    // most energy in the first formants; the fundamental (≈ 100–150 Hz) and fricatives
    // above 3.4 kHz take the rest).
    let seg = Array(x[first..<Swift.min(x.count, first + 65_536)])
    let mag = magnitudeSpectrum(seg, size: 65_536)
    let binHz = 48_000.0 / 65_536
    var inBand = 0.0
    var total = 0.0
    for (k, m) in mag.enumerated() {
      let f = Double(k) * binHz
      total += m * m
      if f >= 300 && f <= 3_400 { inBand += m * m }
    }
    print(
      "DialogueTests: onset \(on) s, last \(lastLoud) s, speech-band fraction \(inBand / total)")
    #expect(inBand / total > 0.7)
  }

  /// Pitch per character: a line at espeak pitch 80 has a higher fundamental than at 20.
  /// f0 by YIN (de Cheveigné & Kawahara, J. Acoust. Soc. Am. 111, 2002: first lag in
  /// 1.7...12.5 ms where the cumulative-mean-normalised difference dips below 0.3) over
  /// 40 ms frames; the median over voiced frames. espeak's pitch 0...99 spans about an
  /// octave, so 20 → 80 raises f0 by well over 20 %.
  @Test(.enabled(if: espeakAvailable)) func pitchFollowsTheCharacter() throws {
    func f0(_ pitch: Int) throws -> Double {
      let line = DialogueLine(text: "Hello there, how are you today?", time: 0, pitch: pitch)
      let x = try SpeechSynthesizer().speak(line, sampleRate: 48_000)
      let w = 1_920
      var estimates: [Double] = []
      var start = 0
      while start + 2 * w <= x.count {
        var d = [Double](repeating: 0, count: 601)
        for lag in 1...600 {
          var sum = 0.0
          for k in start..<(start + w) {
            let e = x[k] - x[k + lag]
            sum += e * e
          }
          d[lag] = sum
        }
        var cum = 0.0
        for lag in 1...600 {
          cum += d[lag]
          let nd = cum > 0 ? d[lag] * Double(lag) / cum : 1
          if lag >= 80 && nd < 0.3 {
            estimates.append(48_000 / Double(lag))
            break
          }
        }
        start += w
      }
      try #require(estimates.count >= 5)
      return estimates.sorted()[estimates.count / 2]
    }
    let low = try f0(20)
    let high = try f0(80)
    print("DialogueTests: f0 at pitch 20 \(low) Hz, at 80 \(high) Hz")
    #expect(high > 1.2 * low)
  }

  /// Dialogue as a stem: with `dialoguePeakDB` = −9 the line's loudest sample sits at
  /// −9 dBFS (0.3548; Float rounding and the limiter's transparency below −1 dBFS) however
  /// far and quiet the speaker, while the impact alone sets the events' −3 dBFS.
  @Test(.enabled(if: espeakAvailable)) func dialogueStemHasItsOwnLevel() throws {
    var scene = SoundScene(
      duration: 2.5, listener: Listener(position: .zero, forward: Vec3(0, 1, 0)))
    let steel = TestMaterials.steel
    scene.impacts = [
      ImpactSound(
        time: 0.1, position: Vec3(0, 2, 0), impulse: 2, speed: 3, a: sphere(steel, radius: 0.05),
        b: slab(TestMaterials.wood))
    ]
    scene.dialogue = [DialogueLine(text: "Hello there", time: 1.2, position: Vec3(0, 8, 0))]
    let settings = SoundSettings(impactPeakDB: -3)
    var stemmed = settings
    stemmed.dialoguePeakDB = -9
    let track = try SoundSynthesizer(settings: stemmed).render(scene)
    func peak(_ b: AudioBuffer, from t0: Double, to t1: Double) -> Double {
      var m = 0.0
      for k in Int(t0 * 48_000)..<Int(t1 * 48_000) {
        m = Swift.max(m, abs(Double(b.samples[2 * k])), abs(Double(b.samples[2 * k + 1])))
      }
      return m
    }
    // The floor has rung out (T60 ≈ 0.23 s) long before the line at 1.2 s.
    #expect(abs(peak(track, from: 1.2, to: 2.5) - 0.354_813) < 1e-4)
    #expect(abs(peak(track, from: 0, to: 0.6) - 0.707_946) < 1e-4)
    // Physically mixed, the far voice is far below the hit.
    let physical = try SoundSynthesizer(settings: settings).render(scene)
    #expect(peak(physical, from: 1.2, to: 2.5) < 0.1 * peak(physical, from: 0, to: 0.6))
  }

  /// Without the library: a typed error that says what to install, not a crash.
  @Test func missingLibraryIsATypedError() {
    var scene = SoundScene(duration: 1)
    scene.dialogue = [DialogueLine(text: "hello", time: 0.1)]
    let synth = SoundSynthesizer(
      settings: SoundSettings(speechLibrary: "libespeak-ng-missing.so.9"))
    do {
      _ = try synth.render(scene)
      Issue.record("expected SpeechError.libraryMissing")
    } catch {
      guard case .libraryMissing(let lib, _) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(lib == "libespeak-ng-missing.so.9")
      #expect(error.description.contains("apt-get install libespeak-ng1"))
    }
    // Muting dialogue renders the rest without touching the library.
    scene.muted = [.dialogue]
    #expect((try? synth.render(scene)) != nil)
  }

  /// Resampling 22 050 → 48 000 Hz: a 1 kHz sine comes out as the 1 kHz sine at 48 kHz,
  /// within 10⁻³ of full scale away from the ends (Kaiser β = 8 sinc: stop band below
  /// −80 dB; the 10⁻⁵ table interpolation error).
  @Test func resamplesBandLimited() {
    let fin = 22_050.0
    let x = (0..<22_050).map { sin(2 * Double.pi * 1_000 * Double($0) / fin) }
    let t0 = 0.010_3
    var out = [Double](repeating: 0, count: 52_800)
    out.withUnsafeMutableBufferPointer {
      Resampler.add(x, inputRate: fin, startTime: t0, gain: 1, outputRate: 48_000, into: $0)
    }
    var worst = 0.0
    for k in Int(0.1 * 48_000)..<Int(0.9 * 48_000) {
      let t = Double(k) / 48_000 - t0
      worst = Swift.max(worst, abs(out[k] - sin(2 * Double.pi * 1_000 * t)))
    }
    #expect(worst < 1e-3)
  }
}
