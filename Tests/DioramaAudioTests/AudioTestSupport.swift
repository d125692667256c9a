import DioramaAudio
import DioramaCore
import Foundation

/// Materials built by hand (the shared table is being written elsewhere), with the acoustic
/// values of the reference table (Wang & James 2019, table 4).
enum TestMaterials {
  static func make(
    _ name: String, density: Double, e: Double, nu: Double, alpha: Double,
    beta: Double
  ) -> Material {
    Material(
      name: name, density: density, staticFriction: 0.5, kineticFriction: 0.4,
      restitution: 0.5, youngsModulus: e, poissonRatio: nu, rayleighAlpha: alpha,
      rayleighBeta: beta, albedo: Vec3(0.5, 0.5, 0.5), roughness: 0.5, metallic: 0,
      transmission: 0)
  }
  static let steel = make("steel", density: 7850, e: 2.0e11, nu: 0.29, alpha: 5, beta: 3e-8)
  static let wood = make("wood", density: 750, e: 1.1e10, nu: 0.25, alpha: 60, beta: 2e-6)
}

func sphere(_ m: Material, radius r: Double) -> Resonator {
  Resonator(shape: .sphere(radius: r), material: m, mass: m.density * 4 / 3 * .pi * r * r * r)
}

/// A sphere too small to ring audibly (its modes are above 20 kHz): a silent striker.
func pebble(_ m: Material) -> Resonator { sphere(m, radius: 0.004) }

func slab(_ m: Material, thickness: Double = 0.03) -> Resonator {
  Resonator(shape: .plate(thickness: thickness), material: m, mass: .infinity)
}

/// One channel of an interleaved buffer as Doubles.
func channel(_ b: AudioBuffer, _ c: Int) -> [Double] {
  stride(from: c, to: b.samples.count, by: b.channelCount).map { Double(b.samples[$0]) }
}

func rms(_ x: [Double]) -> Double {
  x.isEmpty ? 0 : (x.reduce(0) { $0 + $1 * $1 } / Double(x.count)).squareRoot()
}

/// Magnitude spectrum of the first n = 2^k samples (zero-padded), Hann window, by an
/// iterative radix-2 FFT. Bin i is frequency i·fs/n.
func magnitudeSpectrum(_ x: [Double], size n: Int) -> [Double] {
  precondition(n > 0 && n & (n - 1) == 0, "size must be a power of two")
  var re = [Double](repeating: 0, count: n)
  var im = [Double](repeating: 0, count: n)
  let m = Swift.min(n, x.count)
  for i in 0..<m {
    let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(m))
    re[i] = x[i] * w
  }
  // bit reversal
  var j = 0
  for i in 1..<n {
    var bit = n >> 1
    while j & bit != 0 {
      j ^= bit
      bit >>= 1
    }
    j |= bit
    if i < j {
      re.swapAt(i, j)
      im.swapAt(i, j)
    }
  }
  var len = 2
  while len <= n {
    let ang = -2 * Double.pi / Double(len)
    for start in stride(from: 0, to: n, by: len) {
      for k in 0..<(len / 2) {
        let wr = cos(ang * Double(k))
        let wi = sin(ang * Double(k))
        let a = start + k
        let b = a + len / 2
        let tr = re[b] * wr - im[b] * wi
        let ti = re[b] * wi + im[b] * wr
        re[b] = re[a] - tr
        im[b] = im[a] - ti
        re[a] += tr
        im[a] += ti
      }
    }
    len <<= 1
  }
  return (0..<(n / 2)).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() }
}

/// The lowest spectral peak at least `floorFraction` of the largest (Hz), refined by a
/// parabola through the log magnitudes of the three bins around it.
func lowestPeak(
  _ mag: [Double], sampleRate: Int, floorFraction: Double = 0.05,
  minimumHz: Double = 50
) -> Double? {
  let n = 2 * mag.count
  let binHz = Double(sampleRate) / Double(n)
  let top = mag.max() ?? 0
  let start = Swift.max(2, Int(minimumHz / binHz))
  for i in start..<(mag.count - 2) {
    if mag[i] >= floorFraction * top && mag[i] >= mag[i - 1] && mag[i] > mag[i + 1]
      && mag[i] >= mag[i - 2] && mag[i] >= mag[i + 2]
    {
      let a = log(mag[i - 1])
      let b = log(mag[i])
      let c = log(mag[i + 1])
      let d = 0.5 * (a - c) / (a - 2 * b + c)
      return (Double(i) + d) * binHz
    }
  }
  return nil
}

/// Spectral centroid (Hz) of a magnitude spectrum.
func centroid(_ mag: [Double], sampleRate: Int) -> Double {
  let binHz = Double(sampleRate) / Double(2 * mag.count)
  var num = 0.0
  var den = 0.0
  for (i, m) in mag.enumerated() {
    num += Double(i) * binHz * m
    den += m
  }
  return den > 0 ? num / den : 0
}

/// T60 from the envelope (s): RMS in `window`-second blocks, in dB; the time from `fromDB`
/// to `toDB` below the loudest block, extrapolated to 60 dB (ISO 3382 style; 5 → 35 is T30).
func measuredT60(
  _ x: [Double], sampleRate: Int, window: Double = 0.001, fromDB: Double = 5,
  toDB: Double = 35
) -> Double? {
  let w = Swift.max(1, Int(window * Double(sampleRate)))
  var levels: [Double] = []
  var i = 0
  while i + w <= x.count {
    levels.append(20 * log10(Swift.max(rms(Array(x[i..<(i + w)])), 1e-12)))
    i += w
  }
  guard let peakIndex = levels.indices.max(by: { levels[$0] < levels[$1] }) else { return nil }
  let peak = levels[peakIndex]
  guard let i5 = levels[peakIndex...].firstIndex(where: { $0 <= peak - fromDB }),
    let i35 = levels[peakIndex...].firstIndex(where: { $0 <= peak - toDB })
  else { return nil }
  return 60 / (toDB - fromDB) * Double(i35 - i5) * Double(w) / Double(sampleRate)
}
