import Foundation

/// Spheroidal vibration modes of a free, homogeneous, isotropic elastic sphere.
///
/// A sphere of radius a with shear speed c_s = √(G/ρ), G = E/(2(1+ν)), and longitudinal speed
/// c_l = c_s·√(2(1−ν)/(1−2ν)) has spheroidal modes of angular degree ℓ at the roots
/// η = ωa/c_s of Lamb's frequency equation (Lamb 1882, "On the vibrations of an elastic
/// sphere", Proc. London Math. Soc. 13, 189–212), here in the 2×2 determinant form of Sato &
/// Usami 1962 ("Basic study on the oscillation of a homogeneous elastic sphere, part I",
/// eq. 2.2), with x = ωa/c_l, y = ωa/c_s, n = ℓ:
///
///   a = (½ − n(n−1)/y²)·j_n(x) − (2x/y²)·j_{n+1}(x)
///   b = −2n(n+1)·((n−1)/y²·j_n(x) − x/y²·j_{n+1}(x))
///   c = (n−1)/y²·j_n(y) − j_{n+1}(y)/y
///   d = (2/y)·j_{n+1}(y) + (2(n²−1)/y² − 1)·j_n(y)
///   a·d − b·c = 0
///
/// (the Bessel functions J_{n+½} of the source are replaced by spherical j_n; each row scales
/// by one constant, which leaves the roots unchanged). The breathing mode ℓ = 0 uses Lamb's
/// eq. (59): sin x·(4 − y²) − 4x·cos x = 0.
/// Check (ν = 0.25): ℓ = 2 → η = 2.640, ℓ = 0 → 4.440, ℓ = 1 → 3.424 (checked against an
/// independent SciPy evaluation of the same equation; ℓ = 2 is the often-quoted 2.64, the
/// lowest mode of a free sphere).
/// Torsional modes are left out: a normal impact does not excite them.
enum SphereModes {
  /// One root of the frequency equation.
  struct Root: Hashable, Sendable {
    /// Angular degree ℓ.
    var degree: Int
    /// Overtone index n (0 = lowest root of this ℓ).
    var overtone: Int
    /// Dimensionless frequency η = ωa/c_s.
    var eta: Double
  }

  /// Highest angular degree kept.
  static let maxDegree = 6
  /// Overtones kept per degree.
  static let overtonesPerDegree = 2
  /// Scan range of η.
  static let etaRange: ClosedRange<Double> = 0.5...14

  /// The spheroidal roots for Poisson's ratio ν, sorted by η.
  /// - Complexity: O(maxDegree · scan steps), about 10⁴ Bessel evaluations; cache the result.
  static func roots(poissonRatio nu: Double) -> [Root] {
    let nuClamped = Swift.min(Swift.max(nu, 0.0), 0.49)
    let r = ((1 - 2 * nuClamped) / (2 * (1 - nuClamped))).squareRoot()  // c_s / c_l
    var out: [Root] = []
    let step = 0.01
    for l in 0...maxDegree {
      var found = 0
      var e0 = etaRange.lowerBound
      var f0 = determinant(eta: e0, degree: l, speedRatio: r)
      while e0 < etaRange.upperBound && found < overtonesPerDegree {
        let e1 = e0 + step
        let f1 = determinant(eta: e1, degree: l, speedRatio: r)
        if f0 == 0 || (f0 < 0) != (f1 < 0) {
          out.append(
            Root(
              degree: l, overtone: found,
              eta: bisect(lo: e0, hi: e1, flo: f0, degree: l, speedRatio: r)))
          found += 1
        }
        e0 = e1
        f0 = f1
      }
    }
    out.sort { ($0.eta, $0.degree) < ($1.eta, $1.degree) }
    return out
  }

  static func bisect(lo: Double, hi: Double, flo: Double, degree: Int, speedRatio r: Double)
    -> Double
  {
    var a = lo
    var b = hi
    var fa = flo
    for _ in 0..<60 {
      let m = 0.5 * (a + b)
      let fm = determinant(eta: m, degree: degree, speedRatio: r)
      if (fm < 0) == (fa < 0) {
        a = m
        fa = fm
      } else {
        b = m
      }
    }
    return 0.5 * (a + b)
  }

  /// The frequency determinant at η = ωa/c_s for degree ℓ; r = c_s/c_l.
  static func determinant(eta y: Double, degree n: Int, speedRatio r: Double) -> Double {
    let x = y * r
    if n == 0 { return sin(x) * (4 - y * y) - 4 * x * cos(x) }
    let nd = Double(n)
    let y2 = y * y
    let jnx = sphericalBessel(n, x)
    let jn1x = sphericalBessel(n + 1, x)
    let jny = sphericalBessel(n, y)
    let jn1y = sphericalBessel(n + 1, y)
    let a = (0.5 - nd * (nd - 1) / y2) * jnx - (2 * x / y2) * jn1x
    let b = -2 * nd * (nd + 1) * ((nd - 1) / y2 * jnx - x / y2 * jn1x)
    let c = (nd - 1) / y2 * jny - jn1y / y
    let d = (2 / y) * jn1y + (2 * (nd * nd - 1) / y2 - 1) * jny
    return a * d - b * c
  }

  /// Spherical Bessel function of the first kind j_n(x), x ≥ 0, n small (≤ 10).
  /// Power series j_n(x) = xⁿ/(2n+1)!! · Σ_k (−x²/2)^k / (k!·(2n+3)(2n+5)…(2n+2k+1)) below
  /// x = n + 2, where upward recurrence would lose digits; above it, upward recurrence
  /// j_{k+1} = (2k+1)/x·j_k − j_{k−1} from j_0 = sin x/x, j_1 = sin x/x² − cos x/x, which is
  /// stable for x > n (Abramowitz & Stegun 10.1.2, 10.1.11, 10.1.19).
  static func sphericalBessel(_ n: Int, _ x: Double) -> Double {
    if x < Double(n) + 2 {
      var lead = 1.0
      var k = 1
      while k <= n {
        lead *= x / Double(2 * k + 1)
        k += 1
      }
      let h = -0.5 * x * x
      var term = 1.0
      var sum = 1.0
      for i in 1..<60 {
        term *= h / (Double(i) * Double(2 * n + 2 * i + 1))
        sum += term
        if abs(term) < 1e-17 * abs(sum) { break }
      }
      return lead * sum
    }
    let s = sin(x)
    let c = cos(x)
    var jm = s / x
    if n == 0 { return jm }
    var j = s / (x * x) - c / x
    var k = 1
    while k < n {
      let jp = Double(2 * k + 1) / x * j - jm
      jm = j
      j = jp
      k += 1
    }
    return j
  }
}
