import DioramaCore

/// Mass, centre of mass and inertia tensor of a uniform solid.
///
/// ```swift
/// let m = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5)).massProperties(density: 6)
/// m.mass             // 6 kg
/// m.inertia.diagonal // (1, 1, 1) kg·m²
/// ```
public struct MassProperties: Sendable, Hashable {
  /// Mass (kg).
  public var mass: Double
  /// Centre of mass in the shape frame (m).
  public var centerOfMass: Vec3
  /// Inertia tensor about the centre of mass, shape-frame axes (kg·m²).
  public var inertia: Matrix3

  public init(mass: Double, centerOfMass: Vec3, inertia: Matrix3) {
    self.mass = mass
    self.centerOfMass = centerOfMass
    self.inertia = inertia
  }

  /// The same solid seen from a frame in which its own frame sits at `t`: the centre moves
  /// with t, the tensor rotates as R I Rᵀ.
  public func transformed(by t: Transform) -> MassProperties {
    let r = t.rotation.matrix
    return MassProperties(
      mass: mass, centerOfMass: t.apply(centerOfMass), inertia: r * inertia * r.transposed)
  }

  /// Several solids as one: masses add, the centre is the mass-weighted mean, and each
  /// tensor moves to the common centre by the parallel-axis theorem,
  /// I = Σ Iᵢ + mᵢ (|dᵢ|² E − dᵢ dᵢᵀ) with dᵢ = cᵢ − c.
  public static func combined(_ parts: [MassProperties]) -> MassProperties {
    let m = parts.reduce(0) { $0 + $1.mass }
    guard m > 0 else { return MassProperties(mass: 0, centerOfMass: .zero, inertia: .zero) }
    let c = parts.reduce(Vec3.zero) { $0 + $1.mass * $1.centerOfMass } / m
    var inertia = Matrix3.zero
    for p in parts {
      let d = p.centerOfMass - c
      inertia =
        inertia + p.inertia + p.mass
        * (Matrix3(diagonal: Vec3(repeating: d.lengthSquared))
          - Matrix3.outer(d, d))
    }
    return MassProperties(mass: m, centerOfMass: c, inertia: inertia)
  }
}

extension Shape {
  /// Volume (m³) of a convex shape or compound; 0 for meshes and heightfields (no inside).
  public var volume: Double {
    switch self {
    case .sphere(let r): return 4.0 / 3.0 * Double.pi * r * r * r
    case .box(let h): return 8 * h.x * h.y * h.z
    case .capsule(let r, let h): return Double.pi * r * r * (2 * h + 4.0 / 3.0 * r)
    case .cylinder(let r, let h): return Double.pi * r * r * 2 * h
    case .convexHull(let hull): return hull.volume
    case .triangleMesh, .heightfield: return 0
    case .compound(let c): return c.children.reduce(0) { $0 + $1.shape.volume }
    }
  }

  /// Mass properties of the shape filled uniformly at `density` (kg/m³).
  ///
  /// Precondition: the shape is not static-only (a mesh or heightfield has no inside).
  ///
  /// Closed forms, for mass m:
  /// - sphere: I = 2/5 m r²;
  /// - box, half-extents h: Iₓ = m/3 (h_y² + h_z²), cyclically;
  /// - cylinder, length L = 2h: I_z = ½ m r², Iₓ = I_y = m (3r² + L²)/12;
  /// - capsule: the cylinder plus two hemispheres of mass m_h, each with I_z = 2/5 m_h r² and,
  ///   about its own centre (3r/8 from the flat face), Iₓ = 83/320 m_h r², moved out to
  ///   h + 3r/8 by the parallel-axis theorem;
  /// - convex hull: summed over tetrahedra from the centroid (`ConvexHull.massProperties`);
  /// - compound: `MassProperties.combined` of the placed children.
  public func massProperties(density rho: Double) -> MassProperties {
    precondition(!isStaticOnly, "a triangle mesh or heightfield has no mass: make it static")
    switch self {
    case .sphere(let r):
      let m = rho * volume
      return MassProperties(
        mass: m, centerOfMass: .zero, inertia: Matrix3(diagonal: Vec3(repeating: 0.4 * m * r * r)))
    case .box(let h):
      let m = rho * volume
      let k = m / 3
      return MassProperties(
        mass: m, centerOfMass: .zero,
        inertia: Matrix3(
          diagonal: Vec3(
            k * (h.y * h.y + h.z * h.z), k * (h.x * h.x + h.z * h.z),
            k * (h.x * h.x + h.y * h.y))))
    case .cylinder(let r, let h):
      let m = rho * volume
      let l = 2 * h
      let ix = m * (3 * r * r + l * l) / 12
      return MassProperties(
        mass: m, centerOfMass: .zero, inertia: Matrix3(diagonal: Vec3(ix, ix, 0.5 * m * r * r)))
    case .capsule(let r, let h):
      let mc = rho * Double.pi * r * r * 2 * h
      let mh = rho * 2.0 / 3.0 * Double.pi * r * r * r
      let l = 2 * h
      let d = h + 3 * r / 8
      let iz = 0.5 * mc * r * r + 2 * (0.4 * mh * r * r)
      let ix = mc * (3 * r * r + l * l) / 12 + 2 * (83.0 / 320.0 * mh * r * r + mh * d * d)
      return MassProperties(
        mass: mc + 2 * mh, centerOfMass: .zero, inertia: Matrix3(diagonal: Vec3(ix, ix, iz)))
    case .convexHull(let hull):
      return hull.massProperties(density: rho)
    case .triangleMesh, .heightfield:
      preconditionFailure("unreachable: static-only shapes are rejected above")
    case .compound(let c):
      return MassProperties.combined(
        c.children.map { $0.shape.massProperties(density: rho).transformed(by: $0.transform) })
    }
  }
}
