import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaAudio

@Suite struct RainTests {
  /// Marshall–Palmer by hand at R = 5 mm/h: Λ = 4.1·5^(−0.21) = 2.923 mm⁻¹; the flux of drops
  /// of 1 mm (per mm of diameter) is N₀e^{−Λ}·3.78 = 8000·0.0538·3.78 = 1627 m⁻²s⁻¹mm⁻¹.
  /// The table's bin nearest 1 mm agrees within 3 % (the bin is 43 µm off 1 mm).
  @Test func fluxMatchesMarshallPalmer() {
    let (d, f) = Rain.flux(rate: 5)
    let width = 5.5 / Double(d.count)
    let i = d.indices.min { abs(d[$0] - 1) < abs(d[$1] - 1) } ?? 0
    let expected = 8_000 * exp(-4.1 * pow(5, -0.21) * d[i]) * 3.78 * pow(d[i], 0.67)
    #expect(isClose(f[i] / width, expected, relative: 1e-9))
    #expect(isClose(expected, 1_627, relative: 0.03 + abs(d[i] - 1)))
  }

  /// Heavier rain brings more drops and bigger ones: at 20 mm/h against 2 mm/h the flux is
  /// higher and the flux-weighted mean diameter larger.
  @Test func heavierRainHasMoreAndBiggerDrops() {
    func stats(_ r: Double) -> (total: Double, mean: Double) {
      let (d, f) = Rain.flux(rate: r)
      let total = f.reduce(0, +)
      return (total, zip(d, f).reduce(0) { $0 + $1.0 * $1.1 } / total)
    }
    let light = stats(2)
    let heavy = stats(20)
    #expect(heavy.total > 1.5 * light.total)
    #expect(heavy.mean > light.mean * 1.2)
  }

  /// Rain on water rings: the bubbles of 0.18–0.25 mm put a peak between 13 and 19 kHz
  /// (Minnaert 13.1–18.3 kHz) that rain on a roof lacks.
  @Test func rainOnWaterHasTheBubblePeak() {
    func band(_ surface: RainSurface) -> Double {
      var rng = SeededGenerator(seed: 8)
      let x = Rain.render(
        rate: 8, surface: surface, frameCount: 32_768, sampleRate: 48_000, rng: &rng)
      let mag = magnitudeSpectrum(x, size: 32_768)
      let binHz = 48_000.0 / 32_768
      var inBand = 0.0
      var total = 0.0
      for (k, m) in mag.enumerated() {
        total += m * m
        if Double(k) * binHz >= 13_000 && Double(k) * binHz <= 19_000 { inBand += m * m }
      }
      return inBand / total
    }
    #expect(band(.water) > 3 * band(.roof))
  }
}

@Suite struct CrowdTests {
  /// Babble lies in the speech band: over 80 % of its power between 100 Hz and 3.4 kHz,
  /// and its envelope moves at syllable rate (the 20 ms RMS envelope's coefficient of
  /// variation above 0.2 with 3 talkers: not a steady hiss).
  @Test func murmurIsSpeechLike() {
    var rng = SeededGenerator(seed: 4)
    let x = CrowdMurmur.render(talkers: 3, frameCount: 96_000, sampleRate: 48_000, rng: &rng)
    let mag = magnitudeSpectrum(x, size: 65_536)
    let binHz = 48_000.0 / 65_536
    var inBand = 0.0
    var total = 0.0
    for (k, m) in mag.enumerated() {
      total += m * m
      if Double(k) * binHz >= 100 && Double(k) * binHz <= 3_400 { inBand += m * m }
    }
    #expect(inBand / total > 0.8)
    let env = stride(from: 0, to: x.count - 960, by: 960).map { rms(Array(x[$0..<($0 + 960)])) }
    let mean = env.reduce(0, +) / Double(env.count)
    let sd = (env.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(env.count)).squareRoot()
    #expect(sd / mean > 0.2)
  }
}
