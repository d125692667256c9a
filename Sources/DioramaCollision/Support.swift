import DioramaCore

// Support mappings: s(d) = argmax_{x ∈ S} d·x, the one query GJK and EPA ask of a shape
// (Gilbert, Johnson & Keerthi, IEEE J. Robotics & Automation 4(2), 1988). Rounded shapes are
// split into a core and a radius (a sphere is a point of radius r, a capsule a segment), so
// GJK works on the sharp cores and distances subtract the radii exactly.

extension Shape {
  /// The point of the shape (shape frame, m) farthest along `direction` (need not be unit;
  /// any point of the supporting face for ties, the same one every call).
  ///
  /// Precondition: the shape is convex (not a mesh, heightfield or compound).
  /// - Complexity: O(1), O(n) for a hull of n vertices. No allocation.
  public func support(_ direction: Vec3) -> Vec3 {
    let core = ConvexCore(self, .identity)
    let p = core.localSupport(direction)
    if core.radius == 0 { return p }
    let len = direction.length
    return len > 0 ? p + (core.radius / len) * direction : p
  }
}

/// A convex shape placed in the world, as GJK and EPA see it: a sharp core (point, segment,
/// box, cylinder or hull) grown by `radius` (m).
struct ConvexCore {
  enum Kind {
    case point
    /// From (0, 0, −h) to (0, 0, h), half-height h (m).
    case segment(halfHeight: Double)
    case box(halfExtents: Vec3)
    case cylinder(radius: Double, halfHeight: Double)
    case hull(ConvexHull)
  }

  let kind: Kind
  /// A hull's vertices, held apart from `kind` so the support loop borrows them without
  /// copying the hull (empty for other shapes).
  let hullVertices: [Vec3]
  /// Rounding radius (m): the sphere's or capsule's; 0 for sharp shapes.
  let radius: Double
  /// Shape-frame origin in the world (m).
  let position: Vec3
  /// Shape-frame axes in the world (rotation matrix; its columns are the local x, y, z).
  let rotation: Matrix3

  /// How far the core was shrunk (m) when built `rounded`: the shape is then the core grown
  /// by `radius`, with edges and rims rounded off by `shrink`; 0 otherwise.
  let shrink: Double

  /// Fraction of a box's or cylinder's least dimension moved from the core into the radius
  /// when built `rounded` (Jolt's "convex radius", relative): shallow penetrations of such
  /// cores stay within GJK's reach and skip EPA.
  static let roundingFraction = 0.05

  /// Precondition: `shape` is convex.
  ///
  /// - Parameter rounded: shrink a box's or cylinder's core by `roundingFraction` of its
  ///   least dimension and carry it as radius (the shape with rounded edges, at most
  ///   (√3 − 1) × shrink inside the sharp one at a box corner, (√2 − 1) × shrink at a rim).
  init(_ shape: Shape, _ t: Transform, rounded: Bool = false) {
    position = t.position
    rotation = t.rotation.matrix
    var verts: [Vec3] = []
    switch shape {
    case .sphere(let r):
      kind = .point
      radius = r
    case .capsule(let r, let h):
      kind = .segment(halfHeight: h)
      radius = r
    case .box(let h):
      let d = rounded ? Self.roundingFraction * h.min() : 0
      kind = .box(halfExtents: h - Vec3(repeating: d))
      radius = d
    case .cylinder(let r, let h):
      let d = rounded ? Self.roundingFraction * Swift.min(r, h) : 0
      kind = .cylinder(radius: r - d, halfHeight: h - d)
      radius = d
    case .convexHull(let hull):
      kind = .hull(hull)
      verts = hull.vertices
      radius = 0
    case .triangleMesh, .heightfield, .compound:
      preconditionFailure("support mapping needs a convex shape, found \(shape.shapeCaseName)")
    }
    hullVertices = verts
    if case .box = shape, rounded {
      shrink = radius
    } else if case .cylinder = shape, rounded {
      shrink = radius
    } else {
      shrink = 0
    }
  }

  /// Support of the whole shape (core grown by `radius`) along world direction `d` (unit).
  @inline(__always) func fullSupport(_ d: Vec3) -> Vec3 { support(d) + radius * d }

  /// Rᵀ d: a world direction in the shape frame.
  @inline(__always) func toLocal(_ d: Vec3) -> Vec3 {
    d.x * rotation.r0 + d.y * rotation.r1 + d.z * rotation.r2
  }

  /// R p + x: a shape-frame point in the world.
  @inline(__always) func toWorld(_ p: Vec3) -> Vec3 { rotation * p + position }

  /// A point well inside the core (world, m): the centre, or a hull's interior point.
  var center: Vec3 {
    if case .hull(let h) = kind { return toWorld(h.interiorPoint) }
    return position
  }

  /// Core support along local direction `d`, in the shape frame. Ties go to the + side, and
  /// for a cylinder along its axis to the cap centre.
  @inline(__always) func localSupport(_ d: Vec3) -> Vec3 {
    switch kind {
    case .point:
      return .zero
    case .segment(let h):
      return Vec3(0, 0, d.z >= 0 ? h : -h)
    case .box(let h):
      return Vec3(d.x >= 0 ? h.x : -h.x, d.y >= 0 ? h.y : -h.y, d.z >= 0 ? h.z : -h.z)
    case .cylinder(let r, let h):
      let rxy = (d.x * d.x + d.y * d.y).squareRoot()
      let z = d.z >= 0 ? h : -h
      return rxy > 0 ? Vec3(r * d.x / rxy, r * d.y / rxy, z) : Vec3(0, 0, z)
    case .hull:
      return hullVertices.withUnsafeBufferPointer { $0[ConvexHull.supportIndex($0, d)] }
    }
  }

  /// Core support along world direction `d`, in the world.
  @inline(__always) func support(_ d: Vec3) -> Vec3 { toWorld(localSupport(toLocal(d))) }
}

extension ConvexHull {
  /// Index of the vertex farthest along `d` (shape frame); ties to the lowest index.
  /// - Complexity: O(vertices). No allocation.
  @inline(__always) func supportIndex(_ d: Vec3) -> Int {
    vertices.withUnsafeBufferPointer { Self.supportIndex($0, d) }
  }

  @inline(__always) static func supportIndex(_ v: UnsafeBufferPointer<Vec3>, _ d: Vec3) -> Int {
    var best = 0
    var bestDot = v[0].dot(d)
    for i in 1..<v.count {
      let s = v[i].dot(d)
      if s > bestDot {
        bestDot = s
        best = i
      }
    }
    return best
  }
}

extension Shape {
  /// The case name, for messages.
  var shapeCaseName: String {
    switch self {
    case .sphere: return "sphere"
    case .box: return "box"
    case .capsule: return "capsule"
    case .cylinder: return "cylinder"
    case .convexHull: return "convexHull"
    case .triangleMesh: return "triangleMesh"
    case .heightfield: return "heightfield"
    case .compound: return "compound"
    }
  }
}
