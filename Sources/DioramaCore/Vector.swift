/// Three-component vector of doubles: positions (m), velocities (m/s), directions, colours.
///
/// Diorama's world frame is right-handed with +z up; gravity is (0, 0, −g) by default.
public typealias Vec3 = SIMD3<Double>

extension SIMD3 where Scalar == Double {
  /// Dot product.
  @inlinable @inline(__always) public func dot(_ o: Self) -> Double { x * o.x + y * o.y + z * o.z }

  /// Cross product `self × o`.
  @inlinable @inline(__always) public func cross(_ o: Self) -> Self {
    Self(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
  }

  /// Euclidean length.
  @inlinable public var length: Double { (x * x + y * y + z * z).squareRoot() }

  /// Squared Euclidean length.
  @inlinable public var lengthSquared: Double { x * x + y * y + z * z }

  /// The unit vector in this direction, or zero for a zero vector.
  @inlinable public var normalized: Self {
    let l = length
    return l > 0 ? self / l : .zero
  }

  /// A unit vector orthogonal to `self` (which must be non-zero).
  @inlinable public var anyOrthogonal: Self {
    let a = abs(x) < 0.57735 ? Self(1, 0, 0) : Self(0, 1, 0)
    return cross(a).normalized
  }

  /// Largest component.
  @inlinable public var maxComponent: Double { Swift.max(x, Swift.max(y, z)) }

  /// True when every component is finite.
  @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
}

/// Dot product as a free function, for readability in formulas.
@inlinable public func dot(_ a: Vec3, _ b: Vec3) -> Double { a.dot(b) }

/// Cross product as a free function, for readability in formulas.
@inlinable public func cross(_ a: Vec3, _ b: Vec3) -> Vec3 { a.cross(b) }
