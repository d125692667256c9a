import DioramaCollision
import DioramaCore

/// A body or half-space a query found.
public enum QueryTarget: Sendable, Hashable {
  case body(Int)
  case plane(Int)
}

/// The first thing a ray meets.
public struct WorldRayHit: Sendable, Hashable {
  public var target: QueryTarget
  /// Distance along the (normalised) ray (m).
  public var distance: Double
  /// World point hit (m).
  public var point: Vec3
  /// Surface normal there, facing the ray's origin side.
  public var normal: Vec3
}

extension RigidWorld {
  /// The nearest body or half-space hit by the ray from `origin` along `direction` within
  /// `maxDistance` (m), skipping removed bodies and those `ignoring` names. Meshes and
  /// heightfields answer through their BVH and grid; other shapes in closed form.
  ///
  /// - Complexity: O(n) box tests plus an exact test per body whose box the ray crosses (no
  ///   tree is kept between steps; the figures and planner cast tens of rays per step).
  public func castRay(
    origin: Vec3, direction: Vec3, maxDistance: Double = .infinity,
    ignoring ignored: Set<Int> = []
  ) -> WorldRayHit? {
    let len = direction.length
    precondition(len > 0 && len.isFinite, "castRay: direction must be non-zero and finite")
    let d = direction / len
    var best: WorldRayHit? = nil
    var limit = maxDistance
    for i in 0..<bodyCount where isEnabled[i] && !ignored.contains(i) {
      let t = transform(of: i)
      guard Self.rayHitsBox(shapes[i].aabb(t), origin, d, limit) else { continue }
      var hit: (Double, Vec3)? = nil
      switch shapes[i] {
      case .triangleMesh(let mesh):
        if let h = mesh.raycast(
          origin: t.inverseApply(origin), direction: t.rotation.inverseRotate(d),
          maxDistance: limit)
        {
          hit = (h.distance, t.rotation.rotate(h.normal))
        }
      case .heightfield(let field):
        if let h = field.raycast(
          origin: t.inverseApply(origin), direction: t.rotation.inverseRotate(d),
          maxDistance: limit)
        {
          hit = (h.distance, t.rotation.rotate(h.normal))
        }
      default:
        if let h = shapes[i].raycast(t, origin: origin, direction: d, maxDistance: limit) {
          hit = (h.distance, h.normal)
        }
      }
      if let (s, n) = hit, s < limit {
        limit = s
        best = WorldRayHit(target: .body(i), distance: s, point: origin + s * d, normal: n)
      }
    }
    for (k, p) in planes.enumerated() {
      // Solid below the plane: a ray from above meets it where n·x = offset.
      let h = p.halfSpace
      let start = h.signedDistance(origin)
      let rate = h.normal.dot(d)
      let s: Double
      if start <= 0 {
        s = 0
      } else if rate < 0 {
        s = -start / rate
      } else {
        continue
      }
      if s < limit {
        limit = s
        best = WorldRayHit(target: .plane(k), distance: s, point: origin + s * d, normal: h.normal)
      }
    }
    return best
  }

  /// Every body whose shape overlaps `shape` placed by `transform`, in index order (the query
  /// shape must be convex or a compound; a body that is a mesh or heightfield is tested
  /// through its contact manifold).
  public func overlapping(_ shape: Shape, _ pose: Transform) -> [Int] {
    let box = shape.aabb(pose)
    var out: [Int] = []
    var scratch: [ContactManifold] = []
    for i in 0..<bodyCount where isEnabled[i] {
      let t = transform(of: i)
      guard shapes[i].aabb(t).overlaps(box) else { continue }
      if shapes[i].isStaticOnly {
        scratch.removeAll(keepingCapacity: true)
        Narrowphase.collide(shape, pose, shapes[i], t, margin: 0, into: &scratch)
        if scratch.contains(where: { $0.pointCount > 0 && $0.minSeparation <= 0 }) {
          out.append(i)
        }
      } else if Narrowphase.overlaps(shape, pose, shapes[i], t) {
        out.append(i)
      }
    }
    return out
  }

  /// The closest point of body `i` to the world point `p`, and its distance (m; negative
  /// inside). Precondition: body `i` is convex or a compound.
  public func closestPoint(onBody i: Int, to p: Vec3) -> (point: Vec3, distance: Double) {
    let r = Narrowphase.distance(
      shapes[i], transform(of: i), .sphere(radius: 0), Transform(position: p))
    return (r.pointA, r.distance)
  }

  /// Slab test: does the ray (unit `d`) enter `box` before `limit`?
  static func rayHitsBox(_ box: AABB, _ o: Vec3, _ d: Vec3, _ limit: Double) -> Bool {
    var t0 = 0.0, t1 = limit
    for k in 0..<3 {
      if abs(d[k]) < 1e-300 {
        if o[k] < box.min[k] || o[k] > box.max[k] { return false }
        continue
      }
      var a = (box.min[k] - o[k]) / d[k]
      var b = (box.max[k] - o[k]) / d[k]
      if a > b { swap(&a, &b) }
      t0 = max(t0, a)
      t1 = min(t1, b)
      if t0 > t1 { return false }
    }
    return true
  }
}
