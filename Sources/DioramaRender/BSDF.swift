import DioramaCore
import Foundation

// MARK: - Frames

/// An orthonormal basis (t, b, n) around unit `n` without branches on the sign of n.z
/// (Duff et al. 2017, "Building an orthonormal basis, revisited", listing 3).
struct ShadingFrame {
  var t: Vec3
  var b: Vec3
  var n: Vec3

  @inline(__always)
  init(_ n: Vec3) {
    let s: Double = n.z >= 0 ? 1 : -1
    let a = -1 / (s + n.z)
    let bb = n.x * n.y * a
    t = Vec3(1 + s * n.x * n.x * a, s * bb, -s * n.x)
    b = Vec3(bb, s + n.y * n.y * a, -n.y)
    self.n = n
  }

  @inline(__always) func toLocal(_ v: Vec3) -> Vec3 { Vec3(v.dot(t), v.dot(b), v.dot(n)) }
  @inline(__always) func toWorld(_ v: Vec3) -> Vec3 { v.x * t + v.y * b + v.z * n }
}

// MARK: - Fresnel and microfacet terms

/// Unpolarised Fresnel reflectance of a smooth dielectric interface for a ray arriving with
/// cosine `cosI` (≥ 0) to the normal, from index n_i into n_t, `eta = n_t/n_i`. From the
/// Fresnel equations (Hecht, Optics §4.6): `r_s = (cos i − η cos t)/(cos i + η cos t)`,
/// `r_p = (η cos i − cos t)/(η cos i + cos t)`, `R = (r_s² + r_p²)/2`, with Snell's
/// `sin² t = sin² i / η²`; 1 past the critical angle (total internal reflection). At normal
/// incidence `R = ((η − 1)/(η + 1))²`.
@inline(__always)
func fresnelDielectric(cosI: Double, eta: Double) -> Double {
  let c = min(1, max(0, cosI))
  let sin2T = (1 - c * c) / (eta * eta)
  if sin2T >= 1 { return 1 }
  let cosT = (1 - sin2T).squareRoot()
  let rs = (c - eta * cosT) / (c + eta * cosT)
  let rp = (eta * c - cosT) / (eta * c + cosT)
  return 0.5 * (rs * rs + rp * rp)
}

/// Schlick's approximation `F0 + (1 − F0)(1 − cos)⁵` (Schlick 1994, eq. 24).
@inline(__always)
func fresnelSchlick(_ f0: Vec3, _ cosine: Double) -> Vec3 {
  let m = min(1, max(0, 1 - cosine))
  let m2 = m * m
  return f0 + (Vec3(repeating: 1) - f0) * (m2 * m2 * m)
}

/// GGX normal distribution `D(h) = α² / (π (cos²θ_h (α² − 1) + 1)²)` (Walter et al. 2007,
/// eq. 33), for `cosH = n·h`.
@inline(__always)
func ggxD(_ cosH: Double, _ a2: Double) -> Double {
  let d = cosH * cosH * (a2 - 1) + 1
  return a2 / (Double.pi * d * d)
}

/// Smith masking for GGX, `G₁ = 2c / (c + √(α² + (1 − α²)c²))` (Walter et al. 2007, eq. 34).
@inline(__always)
func ggxG1(_ c: Double, _ a2: Double) -> Double {
  2 * c / (c + (a2 + (1 - a2) * c * c).squareRoot())
}

/// Relative luminance of linear Rec. 709 RGB (ITU-R BT.709 weights).
@inline(__always)
func luminance(_ c: Vec3) -> Double { 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z }

// MARK: - The opaque BSDF

/// The opaque BSDF at one hit (`.standard` or `.lambert`, see `RenderMaterial`), evaluated and
/// sampled in the local shading frame where n = +z. Plain values: built per hit, no storage.
struct SurfaceBSDF {
  /// Diffuse colour (1 − metallic)·a/π·… premultiplied: `(1 − metallic)·a`.
  var diffuse: Vec3
  /// Normal-incidence specular reflectance F0 (zero for a pure Lambert surface).
  var f0: Vec3
  /// GGX α² (α = roughness², ≥ 0.002).
  var a2: Double
  /// Whether there is a specular lobe.
  var hasSpecular: Bool

  static let minAlpha = 0.002

  @inline(__always)
  init(kind: RenderMaterial.Kind, albedo a: Vec3, roughness: Double, metallic: Double) {
    if kind == .lambert {
      diffuse = a
      f0 = .zero
      a2 = 1
      hasSpecular = false
      return
    }
    let m = min(1, max(0, metallic))
    let r = min(1, max(0, roughness))
    let alpha = max(SurfaceBSDF.minAlpha, r * r)
    diffuse = (1 - m) * a
    f0 = Vec3(repeating: 0.04) * (1 - m) + a * m
    a2 = alpha * alpha
    hasSpecular = true
  }

  /// Probability of sampling the specular lobe for a view of cosine `cosV`: its Schlick
  /// weight against the diffuse weight, by luminance, kept in [0.1, 1] when both exist.
  @inline(__always)
  func specularProbability(_ cosV: Double) -> Double {
    guard hasSpecular else { return 0 }
    let s = luminance(fresnelSchlick(f0, cosV))
    let d = luminance(diffuse) * (1 - s)
    if d <= 0 { return 1 }
    return min(0.9, max(0.1, s / (s + d)))
  }

  /// BSDF value f (1/sr) and the sampling density of `sample` (1/sr, solid angle) for local
  /// unit directions `v` (toward the viewer) and `l` (toward the light), both above the
  /// surface (z > 0; zero otherwise).
  @inline(__always)
  func evaluate(_ v: Vec3, _ l: Vec3) -> (f: Vec3, pdf: Double) {
    let cl = l.z
    let cv = v.z
    guard cl > 0, cv > 0 else { return (.zero, 0) }
    if !hasSpecular { return (diffuse * (1 / Double.pi), cl / Double.pi) }
    let h = (v + l).normalized
    let vh = max(0, v.dot(h))
    let d = ggxD(h.z, a2)
    let g1v = ggxG1(cv, a2)
    let g = g1v * ggxG1(cl, a2)
    let fr = fresnelSchlick(f0, vh)
    let spec = fr * (d * g / (4 * cl * cv))
    // Diffuse weighted by the light the specular interface lets through on the way in and
    // out, (1 − F(n·l))(1 − F(n·v))/(1 − F0): reciprocal, 1 − F0 at normal incidence, and
    // vanishing at grazing angles where the specular lobe takes all the energy.
    let one = Vec3(repeating: 1)
    let tIn = one - fresnelSchlick(f0, cl)
    let tOut = one - fresnelSchlick(f0, cv)
    let inv = one / pointwiseMax(one - f0, Vec3(repeating: 1e-3))
    let diff = tIn * tOut * inv * diffuse * (1 / Double.pi)
    let ps = specularProbability(cv)
    // Visible-normal pdf of h is G₁(v) D(h) (v·h)/cos v (Heitz 2018, eq. 3); reflecting
    // about h divides by 4 v·h, leaving G₁(v) D / (4 cos v).
    let pdf = ps * g1v * d / (4 * cv) + (1 - ps) * cl / Double.pi
    return (spec + diff, pdf)
  }

  /// Samples a local direction l for view `v` (z > 0) from uniforms `u` in [0, 1)³: u.z
  /// picks the lobe, (u.x, u.y) the direction. Returns nil below the surface.
  @inline(__always)
  func sample(_ v: Vec3, _ u: Vec3) -> Vec3? {
    let ps = specularProbability(v.z)
    var l: Vec3
    if u.z < ps {
      let h = sampleVisibleNormal(v, u.x, u.y)
      l = 2 * v.dot(h) * h - v
    } else {
      l = cosineHemisphere(u.x, u.y)
    }
    return l.z > 0 ? l : nil
  }

  /// A GGX visible normal for view `v` (Heitz 2018, "Sampling the GGX distribution of visible
  /// normals", listing 1): stretch the view to the unit-roughness configuration, sample the
  /// projected hemisphere, unstretch.
  @inline(__always)
  func sampleVisibleNormal(_ v: Vec3, _ u1: Double, _ u2: Double) -> Vec3 {
    let alpha = a2.squareRoot()
    let vh = Vec3(alpha * v.x, alpha * v.y, v.z).normalized
    let lensq = vh.x * vh.x + vh.y * vh.y
    let t1 = lensq > 0 ? Vec3(-vh.y, vh.x, 0) / lensq.squareRoot() : Vec3(1, 0, 0)
    let t2 = vh.cross(t1)
    let r = u1.squareRoot()
    let phi = 2 * Double.pi * u2
    let p1 = r * cos(phi)
    var p2 = r * sin(phi)
    let s = 0.5 * (1 + vh.z)
    p2 = (1 - s) * (1 - p1 * p1).squareRoot() + s * p2
    let nh = p1 * t1 + p2 * t2 + max(0, 1 - p1 * p1 - p2 * p2).squareRoot() * vh
    return Vec3(alpha * nh.x, alpha * nh.y, max(1e-9, nh.z)).normalized
  }
}

/// Cosine-weighted direction on the upper hemisphere (density cos θ/π), by Malley's method on
/// the concentric disk map (Shirley & Chiu 1997).
@inline(__always)
func cosineHemisphere(_ u1: Double, _ u2: Double) -> Vec3 {
  let d = concentricDisk(u1, u2)
  return Vec3(d.x, d.y, max(0, 1 - d.x * d.x - d.y * d.y).squareRoot())
}

/// (cos x, sin x) for |x| ≤ π/4 by their Taylor series through x¹⁰ and x¹¹: the first omitted
/// terms are below (π/4)¹²/12! = 1.2e-10 and (π/4)¹³/13! = 7e-12.
@inline(__always)
func smallAngleCosSin(_ x: Double) -> SIMD2<Double> {
  let x2 = x * x
  let c =
    1 + x2
    * (-1.0 / 2 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40320 + x2 * (-1.0 / 3_628_800)))))
  let s =
    x
    * (1 + x2
      * (-1.0 / 6 + x2
        * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * (1.0 / 362_880 + x2 * (-1.0 / 39_916_800))))))
  return SIMD2(c, s)
}

/// Area-preserving map of the unit square to the unit disk (Shirley & Chiu 1997).
@inline(__always)
func concentricDisk(_ u1: Double, _ u2: Double) -> SIMD2<Double> {
  let a = 2 * u1 - 1
  let b = 2 * u2 - 1
  if a == 0 && b == 0 { return .zero }
  // The angle is φ = ψ in the first branch and π/2 − ψ in the second, with
  // ψ ∈ [−π/4, π/4], where short Taylor series give cos ψ and sin ψ to < 1e-10 (no libm call:
  // cos and sin were 8% of a direct-lighting frame).
  if abs(a) > abs(b) {
    let cs = smallAngleCosSin(Double.pi / 4 * (b / a))
    return SIMD2(a * cs.x, a * cs.y)
  }
  let cs = smallAngleCosSin(Double.pi / 4 * (a / b))
  return SIMD2(b * cs.y, b * cs.x)
}

// MARK: - Public queries (closed-form checks, other renderers)

extension RenderMaterial {
  /// The BSDF value f (1/sr) of an opaque material (`.standard` or `.lambert`) with the flat
  /// `albedo`, for unit world vectors: `normal` n, `view` v toward the viewer and `light` l
  /// toward the light; zero when either is below the surface, and for dielectrics (whose
  /// BSDF is a pair of delta lobes).
  ///
  /// ```swift
  /// let f = RenderMaterial(kind: .lambert).reflectance(
  ///   normal: Vec3(0, 0, 1), view: Vec3(0, 0, 1), light: Vec3(0, 0, 1))  // 0.8/π
  /// ```
  public func reflectance(normal n: Vec3, view v: Vec3, light l: Vec3) -> Vec3 {
    guard kind != .dielectric else { return .zero }
    let frame = ShadingFrame(n.normalized)
    let bsdf = SurfaceBSDF(kind: kind, albedo: albedo, roughness: roughness, metallic: metallic)
    return bsdf.evaluate(frame.toLocal(v.normalized), frame.toLocal(l.normalized)).f
  }

  /// Fresnel reflectance of a smooth interface into index `ior` from index 1 at incidence
  /// cosine `cosine` (from inside when `ior` < 1: the ratio n_t/n_i). Exact unpolarised
  /// Fresnel equations; `((n − 1)/(n + 1))²` at normal incidence, 1 past the critical angle.
  public static func fresnelReflectance(cosine: Double, ior: Double) -> Double {
    fresnelDielectric(cosI: cosine, eta: ior)
  }
}
