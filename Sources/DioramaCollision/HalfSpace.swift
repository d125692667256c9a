import DioramaCore

/// A solid half-space { x : n·x ≤ offset }: the ground and walls.
///
/// ```swift
/// let ground = HalfSpace(normal: Vec3(0, 0, 1), offset: 0)  // solid below z = 0
/// ```
public struct HalfSpace: Sendable, Hashable {
  /// Unit normal pointing out of the solid into free space.
  public var normal: Vec3
  /// Signed distance of the surface from the origin along `normal` (m): n·x = offset on it.
  public var offset: Double

  /// A half-space with the given outward normal (normalised here; must be non-zero) and
  /// offset (m).
  public init(normal: Vec3, offset: Double) {
    self.normal = normal.normalized
    self.offset = offset
  }

  /// The half-space whose surface passes through `point` (m) with outward `normal`.
  public init(normal: Vec3, through point: Vec3) {
    let n = normal.normalized
    self.init(normal: n, offset: n.dot(point))
  }

  /// Signed distance (m) of `p` from the surface: positive in free space.
  @inlinable public func signedDistance(_ p: Vec3) -> Double { normal.dot(p) - offset }
}
