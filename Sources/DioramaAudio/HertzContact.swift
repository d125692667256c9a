import Foundation

/// Hertz contact between two elastic bodies: the duration and shape of the force pulse of an
/// impact.
public enum HertzContact {
  /// Shortest and longest pulse allowed (s): guards against degenerate inputs.
  public static let durationRange: ClosedRange<Double> = 1e-6...0.02

  /// Contact duration τ (s) of an impact at normal speed v (m/s).
  ///
  /// Hertz theory for two spheres (Johnson, Contact Mechanics, 1985, §11.4, eq. 11.24):
  ///   τ = 2.94·δ*/v,  δ* = (15·m*·v²/(16·E*·√R*))^(2/5)
  ///   ⇔ τ ≈ 2.87·(m*²/(R*·E*²·v))^(1/5),
  /// with 1/m* = 1/m_a + 1/m_b, 1/R* = 1/R_a + 1/R_b (a flat surface has 1/R = 0) and
  /// 1/E* = (1−ν_a²)/E_a + (1−ν_b²)/E_b. Soft, heavy, slow → long pulse → dull sound.
  /// Immovable bodies (infinite mass) drop out of m*; two flat or two immovable bodies use
  /// 1 m and 1 kg (a fallback, they cannot really collide).
  public static func duration(_ a: Resonator, _ b: Resonator, speed: Double) -> Double {
    let v = Swift.max(speed, 1e-3)
    let invE =
      (1 - a.material.poissonRatio * a.material.poissonRatio) / a.material.youngsModulus
      + (1 - b.material.poissonRatio * b.material.poissonRatio) / b.material.youngsModulus
    let eStar = 1 / invE
    let invR = (a.contactRadius.map { 1 / $0 } ?? 0) + (b.contactRadius.map { 1 / $0 } ?? 0)
    let rStar = invR > 0 ? 1 / invR : 1
    let invM = (a.contactMass.map { 1 / $0 } ?? 0) + (b.contactMass.map { 1 / $0 } ?? 0)
    let mStar = invM > 0 ? 1 / invM : 1
    let tau = 2.94 * pow(15 * mStar * v * v / (16 * eStar * rStar.squareRoot()), 0.4) / v
    guard tau.isFinite else { return durationRange.upperBound }
    return Swift.min(Swift.max(tau, durationRange.lowerBound), durationRange.upperBound)
  }
}
