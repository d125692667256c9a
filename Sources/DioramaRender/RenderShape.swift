import DioramaCore

/// Geometry the renderer can draw, in the object's local frame (placed by its transform).
public enum RenderShape: Sendable, Hashable {
  /// A sphere of `radius` (m) centred on the local origin.
  case sphere(radius: Double)
  /// An axis-aligned box in the local frame, centred on the origin, with `halfExtents` (m).
  case box(halfExtents: Vec3)
  /// The local z = 0 plane, normal +z, infinite. Drawn from both sides; the shading normal
  /// faces the viewer.
  case plane
}
