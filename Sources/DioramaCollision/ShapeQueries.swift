import DioramaCore

/// Where a ray first meets a shape.
public struct RayHit: Sendable, Hashable {
  /// Distance from the ray origin along the unit direction (m); 0 when the origin is inside.
  public var distance: Double
  /// Unit outward surface normal at the hit (in the frame the ray was given in); the
  /// negated ray direction when the origin is inside.
  public var normal: Vec3

  public init(distance: Double, normal: Vec3) {
    self.distance = distance
    self.normal = normal
  }
}

/// The closest points of two shapes.
public struct ClosestPoints: Sendable, Hashable {
  /// Distance between the surfaces (m): > 0 apart, 0 touching, < 0 overlapping by −distance
  /// (the penetration depth).
  public var distance: Double
  /// Point on A's surface and on B's surface (world, m). When apart, pointB − pointA points
  /// from A to B with length `distance`; when overlapping they are the deepest points.
  public var pointA: Vec3
  public var pointB: Vec3

  public init(distance: Double, pointA: Vec3, pointB: Vec3) {
    self.distance = distance
    self.pointA = pointA
    self.pointB = pointB
  }
}

// MARK: - Ray casts

extension Shape {
  /// The first hit of the ray `origin + t · direction`, 0 ≤ t ≤ `maxDistance`, with the
  /// shape in its own frame.
  ///
  /// Closed forms: a quadratic for the sphere and for the capsule's and cylinder's sides
  /// (with the capsule's end spheres and the cylinder's cap discs), slabs for the box
  /// (Kay & Kajiya, SIGGRAPH 1986), and plane clipping for a hull (Haines, "Fast ray–convex
  /// polyhedron intersection", Graphics Gems II, 1991): the ray enters at the last entering
  /// face plane and leaves at the first leaving one. A compound returns its nearest child
  /// hit. A ray starting inside hits at distance 0.
  ///
  /// - Parameters:
  ///   - localOrigin: ray origin in the shape frame (m).
  ///   - direction: ray direction (normalised here; must be non-zero and finite).
  ///   - maxDistance: longest distance searched (m).
  /// - Returns: the hit, or nil when the ray misses within `maxDistance`.
  /// - Precondition: the shape is not a triangle mesh or heightfield (their ray queries live
  ///   with the mesh code) and contains none.
  /// - Complexity: O(1); O(faces) for a hull; the sum over children for a compound.
  public func raycast(localOrigin o: Vec3, direction: Vec3, maxDistance: Double) -> RayHit? {
    let len = direction.length
    precondition(len > 0 && len.isFinite, "raycast: direction must be non-zero and finite")
    let d = direction / len
    switch self {
    case .sphere(let r):
      return Self.raySphere(o, d, center: .zero, radius: r, maxDistance: maxDistance)
    case .box(let h):
      return Self.rayBox(o, d, halfExtents: h, maxDistance: maxDistance)
    case .capsule(let r, let h):
      return Self.rayCapsule(o, d, radius: r, halfHeight: h, maxDistance: maxDistance)
    case .cylinder(let r, let h):
      return Self.rayCylinder(o, d, radius: r, halfHeight: h, maxDistance: maxDistance)
    case .convexHull(let hull):
      return Self.rayHull(o, d, hull, maxDistance: maxDistance)
    case .compound(let c):
      var best: RayHit? = nil
      for child in c.children {
        let t = child.transform
        let limit = best?.distance ?? maxDistance
        guard
          let hit = child.shape.raycast(
            localOrigin: t.inverseApply(o), direction: t.rotation.inverseRotate(d),
            maxDistance: limit)
        else { continue }
        if let b = best, b.distance <= hit.distance { continue }
        best = RayHit(distance: hit.distance, normal: t.rotation.rotate(hit.normal))
      }
      return best
    case .triangleMesh, .heightfield:
      preconditionFailure("Shape.raycast: \(shapeCaseName) ray casts belong to the mesh code")
    }
  }

  /// `raycast(localOrigin:direction:maxDistance:)` with the shape placed by `t` and the ray
  /// in the world; the hit normal is in the world.
  public func raycast(
    _ t: Transform, origin: Vec3, direction: Vec3, maxDistance: Double
  ) -> RayHit? {
    guard
      let hit = raycast(
        localOrigin: t.inverseApply(origin), direction: t.rotation.inverseRotate(direction),
        maxDistance: maxDistance)
    else { return nil }
    return RayHit(distance: hit.distance, normal: t.rotation.rotate(hit.normal))
  }

  /// |o + t d − c|² = r² with |d| = 1: t = −b − √(b² − k), b = (o − c)·d, k = |o − c|² − r².
  static func raySphere(
    _ o: Vec3, _ d: Vec3, center: Vec3, radius r: Double, maxDistance: Double
  ) -> RayHit? {
    let m = o - center
    let k = m.lengthSquared - r * r
    if k <= 0 { return RayHit(distance: 0, normal: -d) }
    let b = m.dot(d)
    if b > 0 { return nil }  // outside and pointing away
    let disc = b * b - k
    if disc < 0 { return nil }
    let t = -b - disc.squareRoot()
    if t > maxDistance { return nil }
    return RayHit(distance: Swift.max(t, 0), normal: (m + t * d) / r)
  }

  /// Slabs: the ray is inside slab k for t between (±hₖ − oₖ)/dₖ; it enters the box at the
  /// largest entry and leaves at the smallest exit.
  static func rayBox(_ o: Vec3, _ d: Vec3, halfExtents h: Vec3, maxDistance: Double) -> RayHit? {
    var tEnter = -Double.infinity
    var tExit = Double.infinity
    var axis = -1
    var sign = 0.0
    for k in 0..<3 {
      if d[k] == 0 {
        if abs(o[k]) > h[k] { return nil }
        continue
      }
      let inv = 1 / d[k]
      var t0 = (-h[k] - o[k]) * inv
      var t1 = (h[k] - o[k]) * inv
      var s = -1.0  // the face entered: −hₖ when moving towards +
      if t0 > t1 {
        swap(&t0, &t1)
        s = 1
      }
      if t0 > tEnter {
        tEnter = t0
        axis = k
        sign = s
      }
      tExit = Swift.min(tExit, t1)
    }
    if tEnter > tExit || tExit < 0 { return nil }
    if tEnter <= 0 || axis < 0 { return RayHit(distance: 0, normal: -d) }
    if tEnter > maxDistance { return nil }
    var n = Vec3.zero
    n[axis] = sign
    return RayHit(distance: tEnter, normal: n)
  }

  /// The side of the infinite cylinder x² + y² = r²: (dx² + dy²) t² + 2 (ox dx + oy dy) t +
  /// ox² + oy² − r² = 0, smaller root, kept when |z| ≤ h.
  static func rayCylinderSide(
    _ o: Vec3, _ d: Vec3, radius r: Double, halfHeight h: Double
  ) -> Double? {
    let a = d.x * d.x + d.y * d.y
    if a == 0 { return nil }
    let b = o.x * d.x + o.y * d.y
    let c = o.x * o.x + o.y * o.y - r * r
    let disc = b * b - a * c
    if disc < 0 { return nil }
    let t = (-b - disc.squareRoot()) / a
    if t < 0 || abs(o.z + t * d.z) > h { return nil }
    return t
  }

  static func rayCapsule(
    _ o: Vec3, _ d: Vec3, radius r: Double, halfHeight h: Double, maxDistance: Double
  ) -> RayHit? {
    let zc = Swift.min(Swift.max(o.z, -h), h)
    if (o - Vec3(0, 0, zc)).lengthSquared <= r * r { return RayHit(distance: 0, normal: -d) }
    var best: RayHit? = nil
    if let t = rayCylinderSide(o, d, radius: r, halfHeight: h), t <= maxDistance {
      let p = o + t * d
      best = RayHit(distance: t, normal: Vec3(p.x / r, p.y / r, 0))
    }
    for end in 0..<2 {
      let limit = best?.distance ?? maxDistance
      let z = end == 0 ? -h : h
      guard let hit = raySphere(o, d, center: Vec3(0, 0, z), radius: r, maxDistance: limit)
      else { continue }
      if let b = best, b.distance <= hit.distance { continue }
      best = hit
    }
    return best
  }

  static func rayCylinder(
    _ o: Vec3, _ d: Vec3, radius r: Double, halfHeight h: Double, maxDistance: Double
  ) -> RayHit? {
    if o.x * o.x + o.y * o.y <= r * r && abs(o.z) <= h { return RayHit(distance: 0, normal: -d) }
    var best: RayHit? = nil
    if let t = rayCylinderSide(o, d, radius: r, halfHeight: h), t <= maxDistance {
      let p = o + t * d
      best = RayHit(distance: t, normal: Vec3(p.x / r, p.y / r, 0))
    }
    // The cap facing the origin: z = ±h at t = (±h − oz)/dz, inside the disc.
    if d.z != 0 {
      let z = o.z > 0 ? h : -h
      let t = (z - o.z) / d.z
      let p = o + t * d
      if t >= 0 && t <= (best?.distance ?? maxDistance) && p.x * p.x + p.y * p.y <= r * r {
        best = RayHit(distance: t, normal: Vec3(0, 0, z > 0 ? 1 : -1))
      }
    }
    return best
  }

  static func rayHull(_ o: Vec3, _ d: Vec3, _ hull: ConvexHull, maxDistance: Double) -> RayHit? {
    var tEnter = 0.0
    var tExit = maxDistance
    var face = -1
    for f in 0..<hull.faceCount {
      let n = hull.faceNormals[f]
      let denom = n.dot(d)
      let dist = hull.faceOffsets[f] - n.dot(o)  // > 0: origin inside this plane
      if denom == 0 {
        if dist < 0 { return nil }
        continue
      }
      let t = dist / denom
      if denom < 0 {
        if t > tEnter {
          tEnter = t
          face = f
        }
      } else if t < tExit {
        tExit = t
      }
      if tEnter > tExit { return nil }
    }
    if face < 0 { return RayHit(distance: 0, normal: -d) }
    return RayHit(distance: tEnter, normal: hull.faceNormals[face])
  }
}

// MARK: - Distance and overlap

extension Narrowphase {
  /// Closest points of shapes `a` and `b` placed by `ta` and `tb`: GJK on the cores, radii
  /// subtracted; EPA's penetration when the cores overlap. A compound gives the closest
  /// child pair.
  ///
  /// Precondition: neither shape is (or contains) a triangle mesh or heightfield.
  /// - Complexity: one GJK run per convex pair (EPA when the cores overlap).
  public static func distance(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform
  ) -> ClosestPoints {
    if case .compound(let c) = a {
      // A compound has at least one child (its initialiser checks).
      var best = distance(c.children[0].shape, ta * c.children[0].transform, b, tb)
      for child in c.children.dropFirst() {
        let r = distance(child.shape, ta * child.transform, b, tb)
        if r.distance < best.distance { best = r }
      }
      return best
    }
    if case .compound = b {
      let r = distance(b, tb, a, ta)
      return ClosestPoints(distance: r.distance, pointA: r.pointB, pointB: r.pointA)
    }
    precondition(
      a.isConvex && b.isConvex,
      "Narrowphase.distance: meshes and heightfields are not supported here (found "
        + "\(a.shapeCaseName) and \(b.shapeCaseName))")
    let ca = ConvexCore(a, ta)
    let cb = ConvexCore(b, tb)
    let g = GJK.closest(ca, cb)
    if !g.overlapping && g.distance > 0 {
      let n = (g.pointA - g.pointB).normalized  // from B towards A
      return ClosestPoints(
        distance: g.distance - ca.radius - cb.radius, pointA: g.pointA - ca.radius * n,
        pointB: g.pointB + cb.radius * n)
    }
    let e = EPA.penetration(ca, cb, simplex: g.simplex)
    return ClosestPoints(
      distance: -e.depth - ca.radius - cb.radius, pointA: e.pointA - ca.radius * e.normal,
      pointB: e.pointB + cb.radius * e.normal)
  }

  /// True when shapes `a` and `b` placed by `ta` and `tb` share a point (touching counts).
  /// GJK stops at the first axis separating the cores by more than the radii.
  ///
  /// Precondition: neither shape is (or contains) a triangle mesh or heightfield.
  public static func overlaps(_ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform) -> Bool {
    if case .compound(let c) = a {
      return c.children.contains { overlaps($0.shape, ta * $0.transform, b, tb) }
    }
    if case .compound = b { return overlaps(b, tb, a, ta) }
    precondition(
      a.isConvex && b.isConvex,
      "Narrowphase.overlaps: meshes and heightfields are not supported here (found "
        + "\(a.shapeCaseName) and \(b.shapeCaseName))")
    let ca = ConvexCore(a, ta)
    let cb = ConvexCore(b, tb)
    let radii = ca.radius + cb.radius
    let g = GJK.closest(ca, cb, separatedBeyond: radii)
    return g.overlapping || g.distance <= radii
  }
}
