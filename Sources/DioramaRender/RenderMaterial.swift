import DioramaCore

/// How a surface reflects (and, for dielectrics, transmits) light.
///
/// Three kinds (`kind`), each a closed-form BSDF (all terms per steradian):
/// - `.standard` (default): Cook–Torrance microfacet specular over a Lambertian base, the
///   metallic/roughness model of Burley 2012 / glTF:
///   `f = (1 − F(n·l))(1 − F(n·v))/(1 − F0) · (1 − metallic) a/π
///        + D(h) G(l, v) F(v·h) / (4 (n·l)(n·v))`, with
///   the GGX / Trowbridge–Reitz distribution `D = α² / (π ((n·h)²(α² − 1) + 1)²)`
///   (Walter et al. 2007, eq. 33), `α = roughness²` (clamped to ≥ 0.002), the separable Smith
///   masking `G = G₁(l) G₁(v)`, `G₁(x) = 2 (n·x) / ((n·x) + √(α² + (1 − α²)(n·x)²))`
///   (eq. 34), and Schlick's Fresnel `F = F0 + (1 − F0)(1 − v·h)⁵` with
///   `F0 = mix(0.04, a, metallic)`. Rough metal: metallic 1; plastic: metallic 0.
/// - `.lambert`: `f = a/π`, no specular lobe.
/// - `.dielectric`: a smooth interface of index `ior` (glass 1.5, water 1.33) that reflects
///   with the exact unpolarised Fresnel reflectance and refracts the rest by Snell's law
///   (total internal reflection past the critical angle); light travelling inside is
///   attenuated by Beer–Lambert `exp(−absorption · distance)`. `albedo` is ignored.
///
/// Albedo at a hit: the `texture` if set, else the `pattern` if set, else the `checker` if
/// set, else `albedo`.
/// Surface coordinates for textures and checkers:
/// - sphere: longitude/latitude on the local frame, `u = ½ + atan2(y, x)/(2π)`,
///   `v = ½ + asin(z/r)/π`; the texture wraps once around. The checker uses the arc lengths
///   `(u·2πr, v·πr)` (m).
/// - box: the face whose axis dominates `|p_i|/h_i`; the two other local axes, ordered so the
///   face is seen unmirrored from outside (z up on side faces). The texture is scaled to fill
///   each face once; the checker uses metres from the face's corner.
/// - plane: local (x, y) in metres, which is world (x, y) for an untransformed plane; one
///   texture tile per metre, repeating; the checker squares are `size` metres.
/// - capsule: longitude `u = ½ + atan2(y, x)/(2π)` and `v` the arc length along the profile
///   from the bottom pole over its total length πr + 2h; the checker uses `(u·2πr, arc)` (m).
/// - cylinder: on the side the same `u` and `v = (z + h)/(2h)`, checker `(u·2πr, z + h)`;
///   on a cap local (x + r, y + r) (m), scaled by 2r for the texture.
/// - mesh (no texture coordinates of its own): the box mapping above on the mesh's local
///   bounds, the face chosen by the dominant axis of the hit triangle's normal, so a box-shaped
///   mesh maps exactly like `.box`.
///
/// ```swift
/// let copper = RenderMaterial(albedo: Vec3(0.95, 0.6, 0.4), roughness: 0.3, metallic: 1)
/// let matte = RenderMaterial(albedo: Vec3(0.5, 0.5, 0.5), kind: .lambert)
/// var tinted = RenderMaterial.glass
/// tinted.absorption = Vec3(0, 0.3, 0.6)  // 1/m: an orange-brown glass
/// ```
public struct RenderMaterial: Sendable, Hashable {
  /// Diffuse reflectance, linear RGB in [0, 1].
  public var albedo: Vec3
  /// Optional checkerboard replacing `albedo` on alternate squares.
  public var checker: Checker?
  /// Optional image texture giving the albedo (overrides `albedo` and `checker`).
  public var texture: Texture?
  /// Perceptual roughness in [0, 1] (GGX α = roughness²; 0 = mirror, 1 = matte).
  public var roughness: Double
  /// Metalness in [0, 1]: blends the diffuse lobe away and tints the specular by the albedo.
  public var metallic: Double
  /// Which BSDF (see above).
  public var kind: Kind
  /// Index of refraction of a `.dielectric` (unitless, > 1; glass 1.5, water 1.33).
  public var ior: Double
  /// Beer–Lambert absorption coefficient inside a `.dielectric` (1/m, linear RGB): light
  /// crossing d metres keeps `exp(−absorption·d)`. Zero is clear.
  public var absorption: Vec3
  /// Optional procedural solid texture (wood grain, noise) replacing `albedo`.
  public var pattern: Pattern?

  /// The BSDF families (see `RenderMaterial`).
  public enum Kind: UInt8, Sendable, Hashable {
    /// GGX microfacet specular over Lambert, by `metallic` and `roughness`.
    case standard
    /// Pure Lambert `a/π`.
    case lambert
    /// Smooth glass or water: Fresnel reflection and refraction, Beer absorption inside.
    case dielectric
  }

  public init(
    albedo: Vec3 = Vec3(0.8, 0.8, 0.8), checker: Checker? = nil, texture: Texture? = nil,
    roughness: Double = 1, metallic: Double = 0, kind: Kind = .standard, ior: Double = 1.5,
    absorption: Vec3 = .zero, pattern: Pattern? = nil
  ) {
    self.albedo = albedo
    self.checker = checker
    self.texture = texture
    self.roughness = roughness
    self.metallic = metallic
    self.kind = kind
    self.ior = ior
    self.absorption = absorption
    self.pattern = pattern
  }

  /// Clear glass, n = 1.5.
  public static let glass = RenderMaterial(albedo: Vec3(1, 1, 1), kind: .dielectric, ior: 1.5)
  /// Water, n = 1.33, absorbing red a little (about 4% per 10 cm), so deep water is blue-green.
  public static let water = RenderMaterial(
    albedo: Vec3(1, 1, 1), kind: .dielectric, ior: 1.33, absorption: Vec3(0.45, 0.09, 0.05))
}
