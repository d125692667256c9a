import DioramaCore

/// Gradients of a scalar image loss L with respect to a `RenderScene`'s parameters, as
/// returned by `DifferentiableRenderer.gradient(of:imageGradient:geometry:)`.
///
/// Units: each entry is dL/d(parameter) in the loss's unit per the parameter's unit (per m for
/// positions, per radian for angles). Arrays follow the scene's order (`objects[i]`,
/// `lights[k]`).
///
/// ```swift
/// let g = try renderer.gradient(of: frame, imageGradient: dLdImage)
/// sphere.transform.position -= 0.1 * g.objects[0].translation
/// ```
public struct SceneGradient: Sendable {
  /// Camera pose gradients.
  public struct CameraGradient: Sendable {
    /// dL/d`Camera.position` with the target held fixed (per m).
    public var position: Vec3 = .zero
    /// dL/d`Camera.target` (per m).
    public var target: Vec3 = .zero
    /// dL/dψ for a yaw ψ that turns the view about the world z axis through the camera
    /// position (the target moves by ẑ × (target − position) per radian; positive turns
    /// left, counter-clockwise seen from above) (per rad).
    public var yaw: Double = 0
    /// dL/dθ for a pitch θ that tilts the view about the camera's right axis (the target
    /// moves by right × (target − position) per radian; positive looks up) (per rad).
    public var pitch: Double = 0
  }

  /// Gradients for one object.
  public struct ObjectGradient: Sendable {
    /// dL/d`Transform.position` (per m).
    public var translation: Vec3 = .zero
    /// dL/dω for the rotation perturbed as exp([ω]×)·R, ω a world-frame rotation vector about
    /// the object's position (per rad).
    public var rotation: Vec3 = .zero
    /// dL/d`RenderMaterial.albedo` (linear RGB). The checker's second albedo gets none.
    public var albedo: Vec3 = .zero
    /// dL/d`RenderMaterial.roughness` (zero outside [0.08, 1], where it is clamped).
    public var roughness: Double = 0
    /// dL/d(local vertex position) of the object's tessellation (per m): the mesh's own
    /// vertices for `.mesh`, the generated ones for other shapes (see `Tessellation`).
    public var vertices: [Vec3] = []
    /// dL/d(the shape's size parameters) (per m): sphere [radius]; box [half extents x, y,
    /// z]; capsule and cylinder [radius, halfHeight]; empty for planes and meshes (use
    /// `vertices`). From `vertices` by the chain rule through the tessellation.
    public var shape: [Double] = []
  }

  /// Gradients for one light (entries a kind of light lacks stay zero).
  public struct LightGradient: Sendable {
    /// dL/d(intensity).
    public var intensity: Double = 0
    /// dL/d(colour) (linear RGB).
    public var color: Vec3 = .zero
    /// Point light: dL/d(position) (per m).
    public var position: Vec3 = .zero
    /// Sun: dL/d(direction), the direction as given (unnormalised).
    public var direction: Vec3 = .zero
  }

  public var camera = CameraGradient()
  public var objects: [ObjectGradient] = []
  public var lights: [LightGradient] = []
}
