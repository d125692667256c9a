import DioramaAudio
import DioramaCore
import Foundation
import Testing
import _TestSupport

@Suite struct BubbleTests {
  /// Renders one bubble alone, 1 m away, straight ahead (both channels equal).
  func render(_ b: BubbleSound, duration: Double = 0.25, sampleRate: Int = 48_000) throws
    -> [Double]
  {
    var scene = SoundScene(duration: duration)
    scene.bubbles = [b]
    let synth = SoundSynthesizer(settings: SoundSettings(sampleRate: sampleRate, gainDB: 40))
    return channel(try synth.render(scene), 0)
  }

  /// Minnaert: f₀ = (1/2πa)·√(3γp₀/ρ). By hand with γ = 1.4, p₀ = 101 325 Pa, ρ = 998 kg/m³:
  /// √(3·1.4·101325/998) = 20.650 m/s, so f₀(1 mm) = 20.650/(2π·0.001) = 3286.6 Hz.
  /// The peak of the rendered (steady-pitch, submerged at 0 m) bubble's spectrum lies
  /// within 2 % of it (the tolerance; a 32 768-point FFT has 1.5 Hz bins, the
  /// damping shifts the peak by δ²/8 ≈ 0.02 %), and so for 0.5, 2 and 4 mm.
  @Test(arguments: [0.5e-3, 1e-3, 2e-3, 4e-3])
  func renderedBubbleRingsAtMinnaertFrequency(radius: Double) throws {
    let expected = 20.650 / (2 * Double.pi * radius)
    if radius == 1e-3 { #expect(isClose(expected, 3_286.6, relative: 1e-4)) }
    #expect(isClose(Bubble.minnaertFrequency(radius: radius), expected, relative: 1e-4))
    let x = try render(BubbleSound(time: 0.01, position: .zero, radius: radius, depth: 0))
    let mag = magnitudeSpectrum(x, size: 32_768)
    let binHz = 48_000.0 / 32_768
    let top = mag.indices.max { mag[$0] < mag[$1] } ?? 0
    let peak = Double(top) * binHz
    print("DioramaAudio bubble a = \(radius * 1e3) mm: peak \(peak) Hz, Minnaert \(expected) Hz")
    #expect(isClose(peak, expected, relative: 0.02))
  }

  /// Devin's damping at 1 mm: δ_rad = ω₀a/c = 2π·3286.6·0.001/1481 = 0.01394, δ_vis =
  /// 4μ/(ρω₀a²) = 4·10⁻³/(998·20650·10⁻⁶) = 1.94·10⁻⁴, and the thermal term at
  /// X = a√(2ω₀/D) = 43.33, where sinh ≈ cosh ≫ X², ≈ 3(γ−1)(X−2)/(X² + 3(γ−1)X) = 0.02571:
  /// δ ≈ 0.0398 (by hand; 1 % for the rounding).
  /// Leighton (1994) fig. 3.24 reads δ ≈ 0.04 at 3 kHz for air in water.
  @Test func devinDampingAtOneMillimetre() {
    let delta = Bubble.dampingConstant(radius: 1e-3)
    #expect(isClose(delta, 0.0398, relative: 0.01))
  }

  /// The rendered envelope decays at β = δω₀/2: the RMS of 2 ms blocks falls by e^{−β·Δt}
  /// between 5 and 25 ms (5 % for the block granularity and the ringing within blocks).
  @Test func renderedDecayMatchesDevin() throws {
    let a = 2e-3
    let x = try render(BubbleSound(time: 0, position: .zero, radius: a, depth: 0))
    let w = 96
    func level(_ t: Double) -> Double {
      let i = Int(t * 48_000)
      return rms(Array(x[i..<(i + w)]))
    }
    let measured = log(level(0.005) / level(0.025)) / 0.02
    let beta = Bubble.decayRate(radius: a)
    #expect(isClose(measured, beta, relative: 0.05))
  }

  /// A surface bubble's pitch rises (van den Doel): zero-crossing frequency over 10–15 ms is
  /// above that over 0–5 ms by ξ·β·Δt ± 30 % (f(t) = f₀(1 + ξβt), Δt = 10 ms), while a
  /// submerged one stays within 0.5 %.
  @Test func surfaceBubbleRisesSubmergedDoesNot() throws {
    let a = 3e-3
    func crossingsHz(_ x: [Double], from t0: Double, to t1: Double) -> Double {
      let i0 = Int(t0 * 48_000)
      let i1 = Int(t1 * 48_000)
      var first: Double? = nil
      var last = 0.0
      var n = 0
      for i in i0..<i1 where x[i] <= 0 && x[i + 1] > 0 {
        let t = Double(i) + x[i] / (x[i] - x[i + 1])
        if first == nil { first = t } else { n += 1 }
        last = t
      }
      return Double(n) / ((last - (first ?? last)) / 48_000)
    }
    let surface = try render(BubbleSound(time: 0, position: .zero, radius: a))
    let deep = try render(BubbleSound(time: 0, position: .zero, radius: a, depth: 0))
    let beta = Bubble.decayRate(radius: a)
    let rise =
      crossingsHz(surface, from: 0.010, to: 0.015) / crossingsHz(surface, from: 0, to: 0.005)
    #expect(isClose(rise - 1, Bubble.riseFactor * beta * 0.010, relative: 0.3))
    let flat = crossingsHz(deep, from: 0.010, to: 0.015) / crossingsHz(deep, from: 0, to: 0.005)
    #expect(abs(flat - 1) < 0.005)
  }

  /// Deeper is higher: p₀ grows by ρgd, f₀ by √(p₀/p_atm): at 10 m, √(1 + 97 903/101 325) =
  /// 1.4023.
  @Test func depthRaisesThePitch() {
    let r =
      Bubble.minnaertFrequency(radius: 1e-3, depth: 10) / Bubble.minnaertFrequency(radius: 1e-3)
    #expect(isClose(r, 1.4023, relative: 1e-3))
  }

  /// Bigger bubbles are louder (pressure ∝ a) and the sound starts on its sample.
  @Test func biggerIsLouderAndStartsOnTime() throws {
    let t = 0.050_01
    let small = try render(BubbleSound(time: t, position: .zero, radius: 1e-3, depth: 0))
    let big = try render(BubbleSound(time: t, position: .zero, radius: 2e-3, depth: 0))
    let first = Int((t * 48_000).rounded(.up))
    #expect(small[..<first].allSatisfy { $0 == 0 })
    #expect(small[first] != 0)
    // Peak ratio 2 (∝ a) within 5 % (the sampled peak misses the true one by < 1 %).
    let ratio = (big.map(abs).max() ?? 0) / (small.map(abs).max() ?? 1)
    #expect(isClose(ratio, 2, relative: 0.05))
  }
}

@Suite struct WaterEventTests {
  /// Power-law radii: the fitted log–log slope of a 50 000-sample histogram over 12
  /// log-spaced bins is −q + 1 (density per log bin ∝ a^(1−q)) within 0.1.
  @Test func powerLawRadiiHaveTheirExponent() {
    var rng = SeededGenerator(seed: 5)
    let law = PowerLawRadii(minimum: 3e-4, maximum: 5e-3, exponent: 10.0 / 3)
    var counts = [Double](repeating: 0, count: 12)
    let span = log(law.maximum / law.minimum)
    for _ in 0..<50_000 {
      let a = law.sample(using: &rng)
      #expect(a >= law.minimum && a <= law.maximum)
      counts[Swift.min(11, Int(log(a / law.minimum) / span * 12))] += 1
    }
    // Least squares on the first 8 bins (the last ones hold few samples).
    let xs = (0..<8).map { (Double($0) + 0.5) / 12 * span }
    let ys = (0..<8).map { log(counts[$0]) }
    let mx = xs.reduce(0, +) / 8
    let my = ys.reduce(0, +) / 8
    var sxy = 0.0
    var sxx = 0.0
    for i in 0..<8 {
      sxy += (xs[i] - mx) * (ys[i] - my)
      sxx += (xs[i] - mx) * (xs[i] - mx)
    }
    #expect(abs(sxy / sxx - (1 - 10.0 / 3)) < 0.1)
  }

  /// A splash's bubble count grows with its kinetic energy, its bubbles are born after it,
  /// and the same seed gives the same population.
  @Test func splashPopulation() {
    let soft = SplashSound(time: 1, position: .zero, speed: 1, mass: 0.2, size: 0.03)
    let hard = SplashSound(time: 1, position: .zero, speed: 3, mass: 0.2, size: 0.03)
    var r1 = SeededGenerator(seed: 1)
    var r2 = SeededGenerator(seed: 1)
    let a = hard.bubbles(using: &r1)
    #expect(a == hard.bubbles(using: &r2))
    var r3 = SeededGenerator(seed: 1)
    #expect(soft.bubbles(using: &r3).count * 5 < a.count)
    #expect(a.allSatisfy { $0.time >= 1 && $0.radius >= 3e-4 && $0.radius <= 0.015 })
    #expect(a.count == 180)  // 200/J · ½·0.2·3² J
  }

  /// Splashes, pours and drips sound after their start only, and are deterministic.
  @Test func waterEventsSoundAfterTheirTime() throws {
    var scene = SoundScene(duration: 1.8)
    scene.splashes = [SplashSound(time: 0.2, position: .zero, speed: 3, mass: 0.2, size: 0.03)]
    scene.pours = [
      PourSound(time: 0.6, duration: 0.4, position: .zero, flowRate: 1e-4, fallHeight: 0.2)
    ]
    scene.drips = [DripSound(time: 1.5, position: .zero)]
    let synth = SoundSynthesizer(settings: SoundSettings(seed: 3))
    let b = try synth.render(scene)
    #expect(try synth.render(scene) == b)
    let x = channel(b, 0)
    #expect(x[..<Int(0.2 * 48_000)].allSatisfy { $0 == 0 })
    // Each event: the RMS over the 100 ms after it (the splash's crash, the pour's hiss and
    // bubbles, the drip's plink) stands at least 20 dB above the 50 ms before it.
    for t in [0.6, 1.5] {
      let i = Int(t * 48_000)
      let after = rms(Array(x[i..<(i + 4_800)]))
      let before = rms(Array(x[(i - 2_400)..<i]))
      #expect(after > 10 * before)
    }
    #expect(rms(Array(x[9_600..<14_400])) > 1e-3)  // the splash: louder than −60 dBFS
  }
}
