import DioramaCore

/// One convex piece of a `compound` object, placed in the object's frame.
///
/// Parts share the object's material, colour and friction; the object's mass (or density)
/// covers all of them. Parts may not be compounds, meshes or heightfields.
///
/// ```yaml
/// - name: table
///   shape: compound
///   parts:
///     - {shape: box, size: [1.2, 0.8, 0.05], position: [0, 0, 0.725]}
///     - {shape: cylinder, radius: 0.03, height: 0.7, position: [0.5, 0.3, 0.35]}
/// ```
public struct PartSpec: Codable, Hashable, Sendable, ConvexShapeFields {
  /// One of ``ShapeKind/partShapes``.
  public var shape: ShapeKind
  /// Radius (m), > 0: spheres, capsules, cylinders.
  public var radius: Double?
  /// Full extents along local x, y, z (m), each > 0: boxes.
  public var size: Vec3?
  /// Length of a capsule's straight part between its caps (m), > 0.
  public var length: Double?
  /// Full height of a cylinder along its local z (m), > 0.
  public var height: Double?
  /// Hull points in the part's frame (m): at least 4, not all in one plane.
  public var points: [Vec3]?
  /// Origin of the part's shape frame in the object's frame (m).
  public var position: Vec3
  /// Orientation of the part's shape frame in the object's frame.
  public var rotation: Quaternion

  public init(
    shape: ShapeKind, radius: Double? = nil, size: Vec3? = nil, length: Double? = nil,
    height: Double? = nil, points: [Vec3]? = nil, position: Vec3 = .zero,
    rotation: Quaternion = .identity
  ) {
    self.shape = shape
    self.radius = radius
    self.size = size
    self.length = length
    self.height = height
    self.points = points
    self.position = position
    self.rotation = rotation
  }

  /// Volume of the part (m³); see ``ObjectSpec/volume``.
  public var volume: Double { convexVolume }

  /// Half the axial extent (m) of a capsule's segment or a cylinder: the `halfHeight` of
  /// `DioramaCollision.Shape.capsule` / `.cylinder`; nil for other shapes.
  public var halfHeight: Double? { convexHalfHeight }

  /// Half extents (m) of the object-frame box about the object's origin that holds the part.
  var halfExtentsInObject: Vec3 {
    let h = convexHalfExtents
    let m = rotation.matrix
    let e = Vec3(
      abs(m.r0.x) * h.x + abs(m.r0.y) * h.y + abs(m.r0.z) * h.z,
      abs(m.r1.x) * h.x + abs(m.r1.y) * h.y + abs(m.r1.z) * h.z,
      abs(m.r2.x) * h.x + abs(m.r2.y) * h.y + abs(m.r2.z) * h.z)
    return Vec3(abs(position.x), abs(position.y), abs(position.z)) + e
  }

  enum CodingKeys: String, CodingKey {
    case shape, radius, size, length, height, points, position, rotation
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    shape = try c.decode(ShapeKind.self, forKey: .shape)
    radius = try c.decodeIfPresent(Double.self, forKey: .radius)
    size = try c.decodeIfPresent(Vec3.self, forKey: .size)
    length = try c.decodeIfPresent(Double.self, forKey: .length)
    height = try c.decodeIfPresent(Double.self, forKey: .height)
    points = try c.decodeIfPresent([Vec3].self, forKey: .points)
    position = try c.decodeIfPresent(Vec3.self, forKey: .position) ?? .zero
    rotation = try c.decodeIfPresent(Quaternion.self, forKey: .rotation) ?? .identity
  }
}
