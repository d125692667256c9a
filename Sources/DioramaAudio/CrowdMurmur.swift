import DioramaCore
import Foundation

/// The murmur of a crowd: many talkers at once, none intelligible (babble).
///
/// Each talker is a crude source–filter voice (Fant, Acoustic Theory of Speech Production,
/// 1960): a sawtooth at the voice's pitch (male 100–140 Hz, female 180–240 Hz, ±5 % drift
/// per syllable) with 10 % breath noise, through two resonant band-passes at the first two
/// formants of a vowel drawn per syllable (Peterson & Barney, J. Acoust. Soc. Am. 24, 1952:
/// /a/ 730/1090, /ɛ/ 530/1840, /i/ 270/2290, /ɔ/ 570/840, /u/ 300/870 Hz). Syllables last
/// 120–300 ms under a raised-cosine envelope (about four a second, the syllable rate of
/// speech), in phrases of 4–14 syllables separated by 0.3–1.5 s pauses. The sum of the
/// talkers is low-passed at 3 kHz (voices across a room lose their consonants).
enum CrowdMurmur {
  static let vowels: [(Double, Double)] = [
    (730, 1090), (530, 1840), (270, 2290), (570, 840), (300, 870),
  ]

  /// A band-pass biquad (RBJ cookbook, constant 0 dB peak gain) and its state, in
  /// transposed direct form II.
  struct BandPass {
    var b0 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
    var s1 = 0.0, s2 = 0.0

    mutating func tune(_ f: Double, q: Double, fs: Double) {
      let w = 2 * Double.pi * f / fs
      let alpha = sin(w) / (2 * q)
      let a0 = 1 + alpha
      b0 = alpha / a0
      b2 = -alpha / a0
      a1 = -2 * cos(w) / a0
      a2 = (1 - alpha) / a0
    }

    @inline(__always) mutating func process(_ x: Double) -> Double {
      let y = b0 * x + s1
      s1 = -a1 * y + s2
      s2 = b2 * x - a2 * y
      return y
    }
  }

  /// One channel of `talkers` voices, unscaled (`Ambience.render` sets the level).
  /// - Complexity: O(talkers × frameCount).
  static func render(
    talkers: Int, frameCount: Int, sampleRate: Int, rng: inout SeededGenerator
  ) -> [Double] {
    let fs = Double(sampleRate)
    var out = [Double](repeating: 0, count: frameCount)
    for talker in 0..<talkers {
      var r = rng.split(key: UInt64(talker))
      let female = r.nextUnit() < 0.5
      let basePitch = female ? 180 + 60 * r.nextUnit() : 100 + 40 * r.nextUnit()
      let level = 0.5 + 0.5 * r.nextUnit()
      var f1 = BandPass()
      var f2 = BandPass()
      var phase = 0.0
      var k = Int(r.nextUnit() * 1.5 * fs)  // talkers start at different moments
      var left = 4 + Int(r.nextUnit() * 11)  // syllables left in the phrase
      while k < frameCount {
        let length = Int((0.12 + 0.18 * r.nextUnit()) * fs)
        let vowel = vowels[Int(r.nextUnit() * Double(vowels.count)) % vowels.count]
        f1.tune(vowel.0, q: 6, fs: fs)
        f2.tune(vowel.1, q: 8, fs: fs)
        let pitch = basePitch * (0.95 + 0.1 * r.nextUnit())
        let dphase = pitch / fs
        let end = Swift.min(frameCount, k + length)
        let inv = 1 / Double(length)
        var i = 0
        while k < end {
          phase += dphase
          if phase >= 1 { phase -= 1 }
          let source = (phase - 0.5) + 0.1 * (r.nextUnit() - 0.5)
          let env = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) * inv)
          out[k] += level * env * (f1.process(source) + 0.5 * f2.process(source))
          i += 1
          k += 1
        }
        left -= 1
        let gap = left > 0 ? 0.02 + 0.06 * r.nextUnit() : 0.3 + 1.2 * r.nextUnit()
        if left <= 0 { left = 4 + Int(r.nextUnit() * 11) }
        k += Int(gap * fs)
      }
    }
    // Across the room: a one-pole low-pass at 3 kHz.
    let a = exp(-2 * Double.pi * 3_000 / fs)
    var y = 0.0
    for i in 0..<frameCount {
      y = a * y + (1 - a) * out[i]
      out[i] = y
    }
    return out
  }
}
