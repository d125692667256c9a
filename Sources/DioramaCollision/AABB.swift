import DioramaCore

/// An axis-aligned bounding box in the world frame (m). Closed: faces that touch overlap.
///
/// ```swift
/// let a = AABB(min: Vec3(0, 0, 0), max: Vec3(1, 1, 1))
/// a.overlaps(AABB(min: Vec3(1, 0, 0), max: Vec3(2, 1, 1)))  // true: they share a face
/// ```
public struct AABB: Sendable, Hashable {
  /// Lower corner (m).
  public var min: Vec3
  /// Upper corner (m).
  public var max: Vec3

  @inlinable public init(min: Vec3, max: Vec3) {
    self.min = min
    self.max = max
  }

  /// True when the closed boxes share at least one point. False if any bound is NaN.
  @inlinable public func overlaps(_ o: AABB) -> Bool {
    min.x <= o.max.x && o.min.x <= max.x
      && min.y <= o.max.y && o.min.y <= max.y
      && min.z <= o.max.z && o.min.z <= max.z
  }

  /// The box grown by `margin` (m) on every side.
  @inlinable public func expanded(by margin: Double) -> AABB {
    let e = Vec3(repeating: margin)
    return AABB(min: min - e, max: max + e)
  }

  /// The smallest box containing both.
  @inlinable public func union(_ o: AABB) -> AABB {
    AABB(min: pointwiseMin(min, o.min), max: pointwiseMax(max, o.max))
  }

  /// True when `p` lies in the closed box.
  @inlinable public func contains(_ p: Vec3) -> Bool {
    min.x <= p.x && p.x <= max.x && min.y <= p.y && p.y <= max.y && min.z <= p.z && p.z <= max.z
  }

  /// Centre (m).
  @inlinable public var center: Vec3 { 0.5 * (min + max) }

  /// Half the size along each axis (m).
  @inlinable public var halfExtents: Vec3 { 0.5 * (max - min) }
}
