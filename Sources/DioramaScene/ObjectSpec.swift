import DioramaCore
import Foundation

/// One rigid object.
///
/// `position` and `rotation` place the shape's own frame: the centre of a sphere, box, capsule
/// or cylinder; the origin of a hull's points, of a compound's parts, of a mesh's OBJ
/// coordinates (after `scale`), or the centre of a heightfield's grid. That origin is not the
/// centre of mass of a hull or compound.
///
/// ```yaml
/// - name: ball
///   shape: sphere
///   radius: 0.11
///   material: rubber
///   position: [0, 0, 1.5]
///   velocity: [1, 0, 0]
///   rolling_friction: 0.001
/// ```
public struct ObjectSpec: Codable, Hashable, Sendable, ConvexShapeFields {
  /// Unique, non-empty name; outcomes, cameras and joints refer to it.
  public var name: String
  /// The shape; it decides which of the geometry keys below apply.
  public var shape: ShapeKind

  // MARK: - Geometry (the keys of `shape`)

  /// Radius (m), > 0: spheres, capsules, cylinders.
  public var radius: Double?
  /// Box full extents along its local x, y, z (m), each > 0; boxes only.
  public var size: Vec3?
  /// Capsule: length of the straight part between the two hemispherical caps (m), > 0; the
  /// capsule spans `length` + 2·`radius` along its local z.
  public var length: Double?
  /// Cylinder: full height along its local z (m), > 0.
  public var height: Double?
  /// Hull: points in the object's frame (m), 4...1024 of them, not all in one plane.
  public var points: [Vec3]?
  /// Mesh: OBJ file path relative to the scene file's folder (file: `obj`).
  public var objPath: String?
  /// Mesh: scale applied to the OBJ coordinates along x, y, z, each > 0; nil means 1 (file:
  /// a number or `[sx, sy, sz]`).
  public var scale: Vec3?
  /// Heightfield: number of sample rows, along y, 2...4096.
  public var rows: Int?
  /// Heightfield: number of sample columns, along x, 2...4096.
  public var columns: Int?
  /// Heightfield: grid spacing along x and y (m), each > 0 (file: `[dx, dy]`).
  public var spacing: SIMD2<Double>?
  /// Heightfield: the heights, listed or generated.
  public var heights: HeightfieldHeights?
  /// Compound: the convex parts, 1...256 of them.
  public var parts: [PartSpec]?

  // MARK: - Material and state

  /// Material name (one of ``SceneSpec/materialNames``).
  public var material: String
  /// Mass (kg), > 0; overrides any density.
  public var mass: Double?
  /// Density (kg/m³), > 0; overrides the material's density.
  public var density: Double?
  /// Initial position of the shape frame's origin (m).
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
  /// Immovable (infinite mass) when true (file: `static`). Meshes and heightfields must be.
  public var isStatic: Bool
  /// Coefficient of restitution 0...1; nil means the material's.
  public var restitution: Double?
  /// Coulomb friction coefficient ≥ 0; nil means the material's.
  public var friction: Double?

  // MARK: - Contact and solver options

  /// Rolling resistance as a length (m), ≥ 0 (file: `rolling_friction`): a contact resists
  /// rolling with a torque of at most this × the normal force (N·m). For a ball of radius r
  /// it is r times the dimensionless rolling-resistance coefficient. nil means 0.
  public var rollingFriction: Double?
  /// Torsional (spinning) friction as a length (m), ≥ 0 (file: `torsional_friction`): a
  /// contact resists spinning about its normal with a torque of at most this × the normal
  /// force (N·m). nil means 0. A contact uses the sum of its two bodies' values (the ground
  /// and walls add 0), for rolling friction too.
  public var torsionalFriction: Double?
  /// Continuous collision against moving bodies too, for a fast small body (file: `bullet`).
  public var isBullet: Bool
  /// Shatter on a hard impact; nil means unbreakable.
  public var brittle: BrittleSpec?
  /// Whether the body may fall asleep when it comes to rest (file: `sleep`).
  public var allowsSleep: Bool
  /// Collision group, 0...31 (file: `group`).
  public var group: Int
  /// Groups this object collides with, each 0...31; nil means all (file: `mask`). Two objects
  /// collide when each one's group is in the other's mask. Ground and walls collide with all.
  public var mask: [Int]?
  /// How the renderer draws it (kind, roughness, texture); nil: a surface derived from the
  /// physical material (file: `appearance`).
  public var appearance: AppearanceSpec?

  public init(
    name: String, shape: ShapeKind, radius: Double? = nil, size: Vec3? = nil,
    material: String = "plastic", mass: Double? = nil, density: Double? = nil, position: Vec3,
    rotation: Quaternion = .identity, velocity: Vec3 = .zero, angularVelocity: Vec3 = .zero,
    color: Vec3? = nil, texture: String? = nil, isStatic: Bool = false,
    restitution: Double? = nil, friction: Double? = nil, length: Double? = nil,
    height: Double? = nil, points: [Vec3]? = nil, objPath: String? = nil, scale: Vec3? = nil,
    rows: Int? = nil, columns: Int? = nil, spacing: SIMD2<Double>? = nil,
    heights: HeightfieldHeights? = nil, parts: [PartSpec]? = nil,
    rollingFriction: Double? = nil, torsionalFriction: Double? = nil, isBullet: Bool = false,
    brittle: BrittleSpec? = nil, allowsSleep: Bool = true, group: Int = 0, mask: [Int]? = nil
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
    self.length = length
    self.height = height
    self.points = points
    self.objPath = objPath
    self.scale = scale
    self.rows = rows
    self.columns = columns
    self.spacing = spacing
    self.heights = heights
    self.parts = parts
    self.rollingFriction = rollingFriction
    self.torsionalFriction = torsionalFriction
    self.isBullet = isBullet
    self.brittle = brittle
    self.allowsSleep = allowsSleep
    self.group = group
    self.mask = mask
  }

  /// Collision groups are bits 0...31 of a 32-bit mask.
  public static let groupRange = 0...31

  // MARK: - Geometry helpers

  /// Volume (m³): 4/3 π r³ for a sphere, the product of the extents for a box, π r² L +
  /// 4/3 π r³ for a capsule, π r² h for a cylinder, the hull's volume, and the sum of the
  /// parts' volumes for a compound (overlaps counted twice); 0 for meshes and heightfields
  /// (static only) and when a dimension is missing.
  public var volume: Double {
    shape == .compound ? (parts ?? []).reduce(0) { $0 + $1.volume } : convexVolume
  }

  /// Half extents (m) of the smallest box about `position`, aligned with the object's axes,
  /// that holds the shape: (r, r, r) for a sphere; the box of the grid and its heights for a
  /// heightfield; zero for a mesh (unknown until its file is read).
  public var halfExtents: Vec3 {
    switch shape {
    case .compound:
      return (parts ?? []).reduce(Vec3.zero) { pointwiseMax($0, $1.halfExtentsInObject) }
    case .heightfield:
      let s = spacing ?? .zero
      let hx = 0.5 * Double(max(0, (columns ?? 1) - 1)) * s.x
      let hy = 0.5 * Double(max(0, (rows ?? 1) - 1)) * s.y
      return Vec3(hx, hy, heights?.maxMagnitude ?? 0)
    default:
      return convexHalfExtents
    }
  }

  /// Radius (m) of the smallest sphere about `position` that contains the shape (0 for a
  /// mesh, whose extent is unknown until its file is read).
  public var boundingRadius: Double {
    switch shape {
    case .compound:
      return (parts ?? []).reduce(0) { max($0, $1.position.length + $1.convexBoundingRadius) }
    case .heightfield: return halfExtents.length
    default: return convexBoundingRadius
    }
  }

  /// Half the axial extent (m) of a capsule's segment (`length`/2) or a cylinder
  /// (`height`/2): the `halfHeight` of `DioramaCollision.Shape.capsule` / `.cylinder`; nil for
  /// other shapes.
  public var halfHeight: Double? { convexHalfHeight }

  /// A heightfield's rows × columns heights (m), row-major, generated if need be; nil for
  /// other shapes or when a grid key is missing.
  /// - Complexity: O(rows · columns).
  public var heightSamples: [Double]? {
    guard shape == .heightfield, let rows, let columns, let spacing, let heights else {
      return nil
    }
    return heights.samples(rows: rows, columns: columns, spacing: spacing)
  }

  /// The object's group as a bit (1 << group).
  public var categoryBits: UInt32 { ObjectSpec.groupRange.contains(group) ? 1 << group : 0 }

  /// The groups it collides with as bits; all ones when `mask` is nil.
  public var maskBits: UInt32 {
    guard let mask else { return UInt32.max }
    return mask.reduce(0) { ObjectSpec.groupRange.contains($1) ? $0 | (1 << $1) : $0 }
  }

  /// Mass (kg): `mass` if given, else (`density` ?? `materialDensity`) × `volume`.
  /// - Parameter materialDensity: Density of the object's material (kg/m³).
  public func resolvedMass(materialDensity: Double) -> Double {
    mass ?? (density ?? materialDensity) * volume
  }

  // MARK: - Codable

  enum CodingKeys: String, CodingKey {
    case name, shape, radius, size, length, height, points
    case objPath = "obj"
    case scale, rows, columns, spacing, heights, parts
    case material, mass, density, position, rotation, velocity
    case angularVelocity = "angular_velocity"
    case color, texture
    case isStatic = "static"
    case restitution, friction
    case rollingFriction = "rolling_friction"
    case torsionalFriction = "torsional_friction"
    case isBullet = "bullet"
    case brittle
    case allowsSleep = "sleep"
    case group, mask
    case appearance
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    shape = try c.decode(ShapeKind.self, forKey: .shape)
    radius = try c.decodeIfPresent(Double.self, forKey: .radius)
    size = try c.decodeIfPresent(Vec3.self, forKey: .size)
    length = try c.decodeIfPresent(Double.self, forKey: .length)
    height = try c.decodeIfPresent(Double.self, forKey: .height)
    points = try c.decodeIfPresent([Vec3].self, forKey: .points)
    objPath = try c.decodeIfPresent(String.self, forKey: .objPath)
    if let s = try? c.decode(Double.self, forKey: .scale) {
      scale = Vec3(repeating: s)
    } else {
      scale = try c.decodeIfPresent(Vec3.self, forKey: .scale)
    }
    rows = try c.decodeIfPresent(Int.self, forKey: .rows)
    columns = try c.decodeIfPresent(Int.self, forKey: .columns)
    spacing = try c.decodeIfPresent(SIMD2<Double>.self, forKey: .spacing)
    heights = try c.decodeIfPresent(HeightfieldHeights.self, forKey: .heights)
    parts = try c.decodeIfPresent([PartSpec].self, forKey: .parts)
    material = try c.decodeIfPresent(String.self, forKey: .material) ?? "plastic"
    mass = try c.decodeIfPresent(Double.self, forKey: .mass)
    density = try c.decodeIfPresent(Double.self, forKey: .density)
    position = try c.decode(Vec3.self, forKey: .position)
    rotation = try c.decodeIfPresent(Quaternion.self, forKey: .rotation) ?? .identity
    velocity = try c.decodeIfPresent(Vec3.self, forKey: .velocity) ?? .zero
    angularVelocity = try c.decodeIfPresent(Vec3.self, forKey: .angularVelocity) ?? .zero
    color = try c.decodeIfPresent(Vec3.self, forKey: .color)
    texture = try c.decodeIfPresent(String.self, forKey: .texture)
    isStatic = try c.decodeIfPresent(Bool.self, forKey: .isStatic) ?? false
    restitution = try c.decodeIfPresent(Double.self, forKey: .restitution)
    friction = try c.decodeIfPresent(Double.self, forKey: .friction)
    rollingFriction = try c.decodeIfPresent(Double.self, forKey: .rollingFriction)
    torsionalFriction = try c.decodeIfPresent(Double.self, forKey: .torsionalFriction)
    isBullet = try c.decodeIfPresent(Bool.self, forKey: .isBullet) ?? false
    brittle = try c.decodeIfPresent(BrittleSpec.self, forKey: .brittle)
    allowsSleep = try c.decodeIfPresent(Bool.self, forKey: .allowsSleep) ?? true
    group = try c.decodeIfPresent(Int.self, forKey: .group) ?? 0
    mask = try c.decodeIfPresent([Int].self, forKey: .mask)
    appearance = try c.decodeIfPresent(AppearanceSpec.self, forKey: .appearance)
  }

  /// Writes every key the scene sets. The rigid-body options added with joints (`bullet`,
  /// `sleep`, `group`) are written only when they differ from their defaults, so scenes that
  /// do not use them keep their bytes and scene hashes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(shape, forKey: .shape)
    try c.encodeIfPresent(radius, forKey: .radius)
    try c.encodeIfPresent(size, forKey: .size)
    try c.encodeIfPresent(length, forKey: .length)
    try c.encodeIfPresent(height, forKey: .height)
    try c.encodeIfPresent(points, forKey: .points)
    try c.encodeIfPresent(objPath, forKey: .objPath)
    try c.encodeIfPresent(scale, forKey: .scale)
    try c.encodeIfPresent(rows, forKey: .rows)
    try c.encodeIfPresent(columns, forKey: .columns)
    try c.encodeIfPresent(spacing, forKey: .spacing)
    try c.encodeIfPresent(heights, forKey: .heights)
    try c.encodeIfPresent(parts, forKey: .parts)
    try c.encode(material, forKey: .material)
    try c.encodeIfPresent(mass, forKey: .mass)
    try c.encodeIfPresent(density, forKey: .density)
    try c.encode(position, forKey: .position)
    try c.encode(rotation, forKey: .rotation)
    try c.encode(velocity, forKey: .velocity)
    try c.encode(angularVelocity, forKey: .angularVelocity)
    try c.encodeIfPresent(color, forKey: .color)
    try c.encodeIfPresent(texture, forKey: .texture)
    try c.encode(isStatic, forKey: .isStatic)
    try c.encodeIfPresent(restitution, forKey: .restitution)
    try c.encodeIfPresent(friction, forKey: .friction)
    try c.encodeIfPresent(rollingFriction, forKey: .rollingFriction)
    try c.encodeIfPresent(torsionalFriction, forKey: .torsionalFriction)
    if isBullet { try c.encode(isBullet, forKey: .isBullet) }
    try c.encodeIfPresent(brittle, forKey: .brittle)
    if !allowsSleep { try c.encode(allowsSleep, forKey: .allowsSleep) }
    if group != 0 { try c.encode(group, forKey: .group) }
    try c.encodeIfPresent(mask, forKey: .mask)
    try c.encodeIfPresent(appearance, forKey: .appearance)
  }
}
