import DioramaCore

/// Geometry the renderer can draw, in the object's local frame (placed by its transform).
///
/// Capsules and cylinders run along the local z axis and are centred on the origin, as in
/// DioramaCollision's `Shape`. A mesh is shared, not copied: many objects may hold the same
/// `RenderMesh` with different transforms (instancing).
///
/// ```swift
/// let rod = RenderShape.capsule(radius: 0.05, halfHeight: 0.4)
/// let bunny = RenderMesh(vertices: v, triangles: t)  // build once
/// let shapes = (0..<100).map { _ in RenderShape.mesh(bunny) }  // 100 instances, one BVH
/// ```
public enum RenderShape: Sendable, Hashable {
  /// A sphere of `radius` (m) centred on the local origin.
  case sphere(radius: Double)
  /// An axis-aligned box in the local frame, centred on the origin, with `halfExtents` (m).
  case box(halfExtents: Vec3)
  /// The local z = 0 plane, normal +z, infinite. Drawn from both sides; the shading normal
  /// faces the viewer.
  case plane
  /// The points within `radius` (m) of the segment from (0, 0, −halfHeight) to
  /// (0, 0, +halfHeight) (m): a cylinder of length 2·halfHeight capped by two hemispheres.
  case capsule(radius: Double, halfHeight: Double)
  /// A solid circular cylinder of `radius` (m) about the local z axis, from z = −halfHeight
  /// to z = +halfHeight (m), with flat caps.
  case cylinder(radius: Double, halfHeight: Double)
  /// A triangle mesh in the local frame (m), drawn from both sides. Equal (and hashed) by
  /// identity: see `RenderMesh`.
  case mesh(RenderMesh)
}
