import DioramaCore

/// How a surface reflects light.
///
/// BRDF (all terms per steradian):
/// `f = (1 − metallic) · a / π  +  F0 · (s + 2)/(8π) · (n·h)^s`, where `a` is the albedo at
/// the hit (below), `F0 = mix(0.04, a, metallic)` the normal-incidence reflectance, `h` the
/// half vector, and `s = 2/α² − 2` with `α = roughness²` (clamped to ≥ 0.02). The second term
/// is a normalised Blinn-Phong microfacet lobe `F·D/4` with `D = (s+2)/(2π)(n·h)^s`, the
/// implicit-geometry term and Fresnel held at `F0` (no Schlick angle dependence). At
/// `roughness = 1` it is the constant `F0/(4π)`, so the surface is exactly Lambertian in
/// shape. The two lobes are not jointly energy-conserving (no `1 − F` on the diffuse lobe).
///
/// Albedo at a hit: the `texture` if set, else the `checker` if set, else `albedo`.
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
public struct RenderMaterial: Sendable, Hashable {
  /// Diffuse reflectance, linear RGB in [0, 1].
  public var albedo: Vec3
  /// Optional checkerboard replacing `albedo` on alternate squares.
  public var checker: Checker?
  /// Optional image texture giving the albedo (overrides `albedo` and `checker`).
  public var texture: Texture?
  /// Perceptual roughness in [0, 1] (1 = matte; specular exponent above).
  public var roughness: Double
  /// Metalness in [0, 1]: blends the diffuse lobe away and tints the specular by the albedo.
  public var metallic: Double

  public init(
    albedo: Vec3 = Vec3(0.8, 0.8, 0.8), checker: Checker? = nil, texture: Texture? = nil,
    roughness: Double = 1, metallic: Double = 0
  ) {
    self.albedo = albedo
    self.checker = checker
    self.texture = texture
    self.roughness = roughness
    self.metallic = metallic
  }
}
