import DioramaCore

/// The geometry of a vibrating body, as far as its modes are concerned.
///
/// ```swift
/// let ball = ResonatorShape.sphere(radius: 0.05)
/// let floor = ResonatorShape.plate(thickness: 0.04)
/// ```
public enum ResonatorShape: Sendable, Hashable {
  /// A solid sphere of the given radius (m).
  case sphere(radius: Double)
  /// A solid box with the given half extents (m).
  case box(halfExtents: Vec3)
  /// A large slab (ground, wall, table top) of the given thickness (m), lateral size unknown.
  case plate(thickness: Double)
}

/// A body that rings when struck: its shape, its material and its mass.
///
/// ```swift
/// let ball = Resonator(shape: .sphere(radius: 0.1), material: steel, mass: 32.9)
/// ```
public struct Resonator: Sendable, Hashable {
  /// Geometry.
  public var shape: ResonatorShape
  /// Material: density, Young's modulus, Poisson's ratio, Rayleigh damping, frequency scale.
  public var material: Material
  /// Mass (kg). For a plate (ground, wall) this may be `.infinity`; the plate's modes use the
  /// mass of the panel that rings (see `ModalAnalysis`), and contact treats it as immovable.
  public var mass: Double

  public init(shape: ResonatorShape, material: Material, mass: Double) {
    self.shape = shape
    self.material = material
    self.mass = mass
  }

  /// The mass for contact mechanics (kg), or nil when the body is immovable (mass ≤ 0 or not
  /// finite).
  var contactMass: Double? { mass.isFinite && mass > 0 ? mass : nil }

  /// Radius of curvature at the contact (m), or nil for a flat surface. A box is taken to hit
  /// with an edge or corner rounded to its smallest half extent (an approximation: a box
  /// landing flat on a face makes a longer, duller pulse than this).
  var contactRadius: Double? {
    switch shape {
    case .sphere(let r): return r > 0 ? r : nil
    case .box(let h):
      let m = Swift.min(h.x, Swift.min(h.y, h.z))
      return m > 0 ? m : nil
    case .plate: return nil
    }
  }
}
