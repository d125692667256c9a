import DioramaCore

/// A collision shape in its own frame (the shape frame). A body's `Transform` places it.
///
/// Convex shapes (sphere, box, capsule, cylinder, convex hull) may move; a triangle mesh and a
/// heightfield are static only (they have no volume). A compound is several shapes, each placed
/// by a transform in the compound's frame.
///
/// Axis convention: capsules and cylinders run along their local z axis, centred on the origin.
///
/// ```swift
/// let crate = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
/// crate.aabb(Transform(position: Vec3(0, 0, 2))) // (−0.5, −0.5, 1.5)…(0.5, 0.5, 2.5)
/// ```
public enum Shape: Sendable, Hashable {
  /// A solid sphere of the given radius (m).
  case sphere(radius: Double)
  /// A solid box with the given half-extents along its local x, y and z axes (m).
  case box(halfExtents: Vec3)
  /// The points within `radius` (m) of the segment from (0, 0, −halfHeight) to
  /// (0, 0, +halfHeight) (m).
  case capsule(radius: Double, halfHeight: Double)
  /// A solid circular cylinder of `radius` (m) about the local z axis, from z = −halfHeight
  /// to z = +halfHeight (m).
  case cylinder(radius: Double, halfHeight: Double)
  /// The convex hull of a point set, built by `ConvexHull(points:)`. (Indirect, like the two
  /// below: boxed, the large payloads keep a `Shape` at 48 bytes instead of 128, which every
  /// body stores.)
  indirect case convexHull(ConvexHull)
  /// A static triangle soup (no volume; static bodies only).
  indirect case triangleMesh(TriangleMesh)
  /// A static regular grid of heights (static bodies only).
  indirect case heightfield(Heightfield)
  /// Several shapes rigidly joined, each with its own transform in the compound's frame.
  case compound(Compound)

  /// True for the shapes that enclose a volume and can be dynamic.
  public var isConvex: Bool {
    switch self {
    case .sphere, .box, .capsule, .cylinder, .convexHull: return true
    case .triangleMesh, .heightfield, .compound: return false
    }
  }

  /// True for shapes that may only belong to static bodies (meshes and heightfields, or a
  /// compound containing one).
  public var isStaticOnly: Bool {
    switch self {
    case .triangleMesh, .heightfield: return true
    case .compound(let c): return c.children.contains { $0.shape.isStaticOnly }
    default: return false
    }
  }

  /// The tight world-space bounding box of the shape placed by `t`.
  ///
  /// For a box the world half-extent along axis i is Σⱼ |Rᵢⱼ| hⱼ (R the rotation matrix). A
  /// capsule or cylinder of axis a (world) and half-height h has half-extent
  /// |aᵢ| h + r (capsule) or |aᵢ| h + r √(1 − aᵢ²) (cylinder: the rim's extent).
  public func aabb(_ t: Transform) -> AABB {
    switch self {
    case .sphere(let r):
      let e = Vec3(repeating: r)
      return AABB(min: t.position - e, max: t.position + e)
    case .box(let h):
      return Self.rotatedBox(center: t.position, halfExtents: h, rotation: t.rotation.matrix)
    case .capsule(let r, let h):
      let a = t.rotation.rotate(Vec3(0, 0, 1))
      let e = Vec3(abs(a.x), abs(a.y), abs(a.z)) * h + Vec3(repeating: r)
      return AABB(min: t.position - e, max: t.position + e)
    case .cylinder(let r, let h):
      let a = t.rotation.rotate(Vec3(0, 0, 1))
      let rim = Vec3(
        (max(0, 1 - a.x * a.x)).squareRoot(), (max(0, 1 - a.y * a.y)).squareRoot(),
        (max(0, 1 - a.z * a.z)).squareRoot())
      let e = Vec3(abs(a.x), abs(a.y), abs(a.z)) * h + rim * r
      return AABB(min: t.position - e, max: t.position + e)
    case .convexHull(let hull):
      return Self.pointsBox(hull.vertices, t)
    case .triangleMesh(let mesh):
      let b = mesh.localBounds
      let m = t.rotation.matrix
      return Self.rotatedBox(
        center: t.apply(b.center), halfExtents: b.halfExtents, rotation: m)
    case .heightfield(let field):
      let b = field.localBounds
      return Self.rotatedBox(
        center: t.apply(b.center), halfExtents: b.halfExtents, rotation: t.rotation.matrix)
    case .compound(let c):
      var box = AABB(min: Vec3(repeating: .infinity), max: Vec3(repeating: -.infinity))
      for child in c.children { box = box.union(child.shape.aabb(t * child.transform)) }
      return box
    }
  }

  /// The world box of a local box of half-extents `h` about `center`, rotated by `m`.
  @inlinable
  static func rotatedBox(center: Vec3, halfExtents h: Vec3, rotation m: Matrix3) -> AABB {
    let e = Vec3(
      abs(m.r0.x) * h.x + abs(m.r0.y) * h.y + abs(m.r0.z) * h.z,
      abs(m.r1.x) * h.x + abs(m.r1.y) * h.y + abs(m.r1.z) * h.z,
      abs(m.r2.x) * h.x + abs(m.r2.y) * h.y + abs(m.r2.z) * h.z)
    return AABB(min: center - e, max: center + e)
  }

  static func pointsBox(_ points: [Vec3], _ t: Transform) -> AABB {
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    let m = t.rotation.matrix
    for p in points {
      let w = m * p
      lo = pointwiseMin(lo, w)
      hi = pointwiseMax(hi, w)
    }
    return AABB(min: lo + t.position, max: hi + t.position)
  }

  /// Radius (m) of a sphere about the shape origin that contains the shape.
  public var boundingRadius: Double {
    switch self {
    case .sphere(let r): return r
    case .box(let h): return h.length
    case .capsule(let r, let h): return r + h
    case .cylinder(let r, let h): return (r * r + h * h).squareRoot()
    case .convexHull(let hull):
      return hull.vertices.reduce(0) { max($0, $1.length) }
    case .triangleMesh(let mesh):
      let b = mesh.localBounds
      return b.center.length + b.halfExtents.length
    case .heightfield(let f):
      let b = f.localBounds
      return b.center.length + b.halfExtents.length
    case .compound(let c):
      return c.children.reduce(0) {
        max($0, $1.transform.position.length + $1.shape.boundingRadius)
      }
    }
  }
}

/// Several shapes joined rigidly: each child placed by a transform in the compound's frame.
public struct Compound: Sendable, Hashable {
  public struct Child: Sendable, Hashable {
    public var shape: Shape
    /// The child's shape frame in the compound's frame.
    public var transform: Transform
    public init(shape: Shape, transform: Transform = .identity) {
      self.shape = shape
      self.transform = transform
    }
  }
  public var children: [Child]
  /// Precondition: at least one child, and no child is itself a compound (flatten instead).
  public init(children: [Child]) {
    precondition(!children.isEmpty, "a compound needs at least one child")
    precondition(
      !children.contains { if case .compound = $0.shape { return true } else { return false } },
      "compounds do not nest: flatten the children")
    self.children = children
  }
}
