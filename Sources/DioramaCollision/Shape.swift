import DioramaCore

/// A collision shape in its body frame, centred on the body origin.
///
/// Shapes are small values; the body's `Transform` places them in the world. Mass properties
/// are those of a uniform solid.
///
/// ```swift
/// let crate = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
/// crate.volume                                  // 1 m³
/// crate.inertiaDiagonal(mass: 6)                // (1, 1, 1) kg·m²
/// crate.aabb(Transform(position: Vec3(0, 0, 2))) // (−0.5, −0.5, 1.5)…(0.5, 0.5, 2.5)
/// ```
public enum Shape: Sendable, Hashable {
  /// A solid sphere of the given radius (m).
  case sphere(radius: Double)
  /// A solid box with the given half-extents along its body x, y and z axes (m).
  case box(halfExtents: Vec3)

  /// The tight world-space bounding box of the shape placed by `t`.
  ///
  /// For a box the world half-extent along axis i is Σⱼ |Rᵢⱼ| hⱼ (R the rotation matrix).
  public func aabb(_ t: Transform) -> AABB {
    switch self {
    case .sphere(let r):
      let e = Vec3(repeating: r)
      return AABB(min: t.position - e, max: t.position + e)
    case .box(let h):
      let m = t.rotation.matrix
      let e = Vec3(
        abs(m.r0.x) * h.x + abs(m.r0.y) * h.y + abs(m.r0.z) * h.z,
        abs(m.r1.x) * h.x + abs(m.r1.y) * h.y + abs(m.r1.z) * h.z,
        abs(m.r2.x) * h.x + abs(m.r2.y) * h.y + abs(m.r2.z) * h.z)
      return AABB(min: t.position - e, max: t.position + e)
    }
  }

  /// Volume (m³): 4/3 π r³ for a sphere, 8 hx hy hz for a box.
  public var volume: Double {
    switch self {
    case .sphere(let r): return 4.0 / 3.0 * Double.pi * r * r * r
    case .box(let h): return 8 * h.x * h.y * h.z
    }
  }

  /// Mass (kg) of the shape filled uniformly at `density` (kg/m³).
  public func mass(density: Double) -> Double { density * volume }

  /// Principal moments of inertia (kg·m²) about the body axes through the centre, for a
  /// uniform solid of `mass` (kg).
  ///
  /// Sphere: I = 2/5 m r² about every axis. Box with full edge lengths a, b, c (= 2h):
  /// Iₓ = m/12 (b² + c²), and cyclically, which is m/3 (hy² + hz²) in half-extents.
  public func inertiaDiagonal(mass: Double) -> Vec3 {
    switch self {
    case .sphere(let r):
      return Vec3(repeating: 0.4 * mass * r * r)
    case .box(let h):
      let a = 2 * h.x
      let b = 2 * h.y
      let c = 2 * h.z
      let k = mass / 12
      return Vec3(k * (b * b + c * c), k * (a * a + c * c), k * (a * a + b * b))
    }
  }

  /// Radius (m) of the smallest sphere about the body origin that contains the shape.
  public var boundingRadius: Double {
    switch self {
    case .sphere(let r): return r
    case .box(let h): return h.length
    }
  }
}
