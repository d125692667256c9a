import DioramaCore
import Foundation

/// Collision and render shapes an object may have.
public enum ShapeKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Needs `radius`.
  case sphere
  /// Needs `size` (full extents).
  case box
}

/// One rigid object.
///
/// ```yaml
/// - name: ball
///   shape: sphere
///   radius: 0.11
///   material: rubber
///   position: [0, 0, 1.5]
///   velocity: [1, 0, 0]
/// ```
public struct ObjectSpec: Codable, Hashable, Sendable {
  /// Unique, non-empty name; outcomes and cameras refer to it.
  public var name: String
  /// Sphere or box.
  public var shape: ShapeKind
  /// Sphere radius (m), > 0; spheres only.
  public var radius: Double?
  /// Box full extents along its local x, y, z (m), each > 0; boxes only.
  public var size: Vec3?
  /// Material name (one of ``SceneSpec/materialNames``).
  public var material: String
  /// Mass (kg), > 0; overrides any density.
  public var mass: Double?
  /// Density (kg/m³), > 0; overrides the material's density.
  public var density: Double?
  /// Initial centre position (m).
  public var position: Vec3
  /// Initial orientation.
  public var rotation: Quaternion
  /// Initial linear velocity (m/s).
  public var velocity: Vec3
  /// Initial angular velocity (rad/s, world frame) (file: `angular_velocity`).
  public var angularVelocity: Vec3
  /// Colour, linear RGB 0...1; nil means the material's colour.
  public var color: Vec3?
  /// PNG texture path, relative to the scene file's folder.
  public var texture: String?
  /// Immovable (infinite mass) when true (file: `static`).
  public var isStatic: Bool
  /// Coefficient of restitution 0...1; nil means the material's.
  public var restitution: Double?
  /// Coulomb friction coefficient ≥ 0; nil means the material's.
  public var friction: Double?

  public init(
    name: String, shape: ShapeKind, radius: Double? = nil, size: Vec3? = nil,
    material: String = "plastic", mass: Double? = nil, density: Double? = nil, position: Vec3,
    rotation: Quaternion = .identity, velocity: Vec3 = .zero, angularVelocity: Vec3 = .zero,
    color: Vec3? = nil, texture: String? = nil, isStatic: Bool = false,
    restitution: Double? = nil, friction: Double? = nil
  ) {
    self.name = name
    self.shape = shape
    self.radius = radius
    self.size = size
    self.material = material
    self.mass = mass
    self.density = density
    self.position = position
    self.rotation = rotation
    self.velocity = velocity
    self.angularVelocity = angularVelocity
    self.color = color
    self.texture = texture
    self.isStatic = isStatic
    self.restitution = restitution
    self.friction = friction
  }

  enum CodingKeys: String, CodingKey {
    case name, shape, radius, size, material, mass, density, position, rotation, velocity
    case angularVelocity = "angular_velocity"
    case color, texture
    case isStatic = "static"
    case restitution, friction
  }

  /// Volume (m³): 4/3 π r³ for a sphere, the product of the extents for a box; 0 when the
  /// shape's dimension is missing.
  public var volume: Double {
    switch shape {
    case .sphere:
      let r = radius ?? 0
      return 4.0 / 3.0 * Double.pi * r * r * r
    case .box:
      let s = size ?? .zero
      return s.x * s.y * s.z
    }
  }

  /// Half extents (m) of the box in its local frame; for a sphere, (r, r, r).
  public var halfExtents: Vec3 {
    switch shape {
    case .sphere: Vec3(repeating: radius ?? 0)
    case .box: 0.5 * (size ?? .zero)
    }
  }

  /// Radius (m) of the smallest sphere about `position` that contains the shape.
  public var boundingRadius: Double {
    switch shape {
    case .sphere: radius ?? 0
    case .box: halfExtents.length
    }
  }

  /// Mass (kg): `mass` if given, else (`density` ?? `materialDensity`) × `volume`.
  /// - Parameter materialDensity: Density of the object's material (kg/m³).
  public func resolvedMass(materialDensity: Double) -> Double {
    mass ?? (density ?? materialDensity) * volume
  }
}
