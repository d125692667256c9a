import DioramaCore

/// Contact manifolds between pairs of shapes.
///
/// Conventions, for every pair: the normal is unit and points from B towards A; a point's
/// position is midway between the two surfaces; its separation is the signed gap along the
/// normal (< 0 penetrating). Pairs further apart than `margin` (m) give `nil`; closer ones give
/// every point whose separation is ≤ `margin` (speculative contacts), at most four.
///
/// Feature ids are stable while the same features touch:
/// - sphere–sphere, sphere–half-space: 0;
/// - sphere–box: the Voronoi region of the box the sphere centre lies in (0…26), or
///   32 + face (0…5) when the centre is inside the box;
/// - box–half-space: the box vertex (0…7);
/// - box–box face contact: reference face (bits 27…30), incident face (24…26) and the
///   incident vertex or clipped edge (0…23);
/// - box–box edge contact: 0xF000_0000 | edge of A << 8 | edge of B.
public enum Narrowphase {
  /// Contact between shape `a` placed by `ta` and shape `b` placed by `tb`.
  ///
  /// - Parameter margin: distance (m) within which separated shapes still get (speculative)
  ///   contact points; 0 for touching or penetrating only.
  /// - Returns: the manifold, or nil when the shapes are more than `margin` apart.
  public static func collide(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double
  ) -> ContactManifold? {
    switch (a, b) {
    case (.sphere(let ra), .sphere(let rb)):
      return sphereSphere(ta.position, ra, tb.position, rb, margin: margin)
    case (.sphere(let r), .box(let h)):
      return sphereBox(ta.position, r, OrientedBox(halfExtents: h, transform: tb), margin: margin)
    case (.box(let h), .sphere(let r)):
      return sphereBox(tb.position, r, OrientedBox(halfExtents: h, transform: ta), margin: margin)?
        .flipped
    case (.box(let ha), .box(let hb)):
      return boxBox(
        OrientedBox(halfExtents: ha, transform: ta), OrientedBox(halfExtents: hb, transform: tb),
        margin: margin)
    default:
      precondition(a.isConvex && b.isConvex, "Narrowphase.collide takes two convex shapes")
      return convexConvex(a, ta, b, tb, margin: margin)
    }
  }

  /// Contact between shape `a` placed by `ta` and the half-space `h` (shape B).
  ///
  /// - Parameter margin: distance (m) within which separated points are still reported.
  /// - Returns: the manifold (normal = `h.normal`), or nil when `a` is more than `margin` away.
  public static func collide(
    _ a: Shape, _ ta: Transform, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    switch a {
    case .sphere(let r):
      return sphereHalfSpace(ta.position, r, h, margin: margin)
    case .box(let he):
      return boxHalfSpace(OrientedBox(halfExtents: he, transform: ta), h, margin: margin)
    default:
      precondition(a.isConvex, "Narrowphase.collide(_:_:_:margin:) takes a convex shape")
      return convexHalfSpace(a, ta, h, margin: margin)
    }
  }

  // MARK: - Spheres

  /// Sphere A at `ca` radius `ra` against sphere B at `cb` radius `rb` (m).
  ///
  /// separation = |ca − cb| − ra − rb along n = (ca − cb)/|ca − cb|; concentric spheres take
  /// n = +z.
  static func sphereSphere(
    _ ca: Vec3, _ ra: Double, _ cb: Vec3, _ rb: Double, margin: Double
  ) -> ContactManifold? {
    let d = ca - cb
    let dist = d.length
    let s = dist - ra - rb
    if !(s <= margin) { return nil }
    let n = dist > 0 ? d / dist : Vec3(0, 0, 1)
    // Surface points: ca − ra n on A, cb + rb n on B.
    let mid = 0.5 * ((ca - ra * n) + (cb + rb * n))
    var m = ContactManifold(normal: n)
    m.append(ContactPoint(position: mid, separation: s, featureID: 0))
    return m
  }

  /// Sphere A at `c` radius `r` (m) against half-space B.
  static func sphereHalfSpace(
    _ c: Vec3, _ r: Double, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    let dist = h.signedDistance(c)
    let s = dist - r
    if !(s <= margin) { return nil }
    // Surface points: c − r n on the sphere, c − dist n on the plane.
    let mid = c - 0.5 * (r + dist) * h.normal
    var m = ContactManifold(normal: h.normal)
    m.append(ContactPoint(position: mid, separation: s, featureID: 0))
    return m
  }

  /// Sphere A at `c` radius `r` (m) against box B, by the closest point on the box.
  ///
  /// Outside: q = clamp(c, −h, h) in box coordinates, n = (c − q)/|c − q|, s = |c − q| − r.
  /// Centre inside: the nearest face k (least hₖ − |cₖ|) gives n = ±aₖ and
  /// s = −(hₖ − |cₖ|) − r.
  static func sphereBox(
    _ c: Vec3, _ r: Double, _ box: OrientedBox, margin: Double
  ) -> ContactManifold? {
    let rel = c - box.center
    let local = Vec3(rel.dot(box.a0), rel.dot(box.a1), rel.dot(box.a2))
    let h = box.half
    let q = pointwiseMin(pointwiseMax(local, -h), h)
    let delta = local - q
    let dist2 = delta.lengthSquared
    var nLocal: Vec3
    var s: Double
    var surface: Vec3  // closest point on the box surface, box coordinates
    var feature: UInt32
    if dist2 > 0 {
      let dist = dist2.squareRoot()
      s = dist - r
      if !(s <= margin) { return nil }
      nLocal = delta / dist
      surface = q
      feature = 0
      var scale: UInt32 = 1
      for k in 0..<3 {
        let region: UInt32 = local[k] < -h[k] ? 0 : (local[k] > h[k] ? 2 : 1)
        feature += region * scale
        scale *= 3
      }
    } else {
      // Centre inside (or on) the box: push out through the nearest face; ties go to the
      // lowest axis, then the + face, so the choice is deterministic.
      var k = 0
      var depth = h.x - abs(local.x)
      for j in 1..<3 where h[j] - abs(local[j]) < depth {
        k = j
        depth = h[j] - abs(local[j])
      }
      let sign: Double = local[k] >= 0 ? 1 : -1
      s = -depth - r
      if !(s <= margin) { return nil }
      nLocal = .zero
      nLocal[k] = sign
      surface = local
      surface[k] = sign * h[k]
      feature = 32 + UInt32(2 * k) + (sign > 0 ? 1 : 0)
    }
    let n = nLocal.x * box.a0 + nLocal.y * box.a1 + nLocal.z * box.a2
    let onBox = box.center + surface.x * box.a0 + surface.y * box.a1 + surface.z * box.a2
    let onSphere = c - r * n
    var m = ContactManifold(normal: n)
    m.append(ContactPoint(position: 0.5 * (onBox + onSphere), separation: s, featureID: feature))
    return m
  }

  // MARK: - Box and half-space

  /// Box A against half-space B: every vertex within `margin`, at most the four deepest
  /// (ties by vertex index), reported in vertex order. Feature id = vertex index.
  static func boxHalfSpace(
    _ box: OrientedBox, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    var sep = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    var inside = 0
    var count = 0
    withUnsafeMutableBytes(of: &sep) { raw in
      let s = raw.bindMemory(to: Double.self)
      for i in 0..<8 {
        s[i] = h.signedDistance(box.vertex(i))
        if s[i] <= margin {
          inside |= 1 << i
          count += 1
        }
      }
      // More than four (margin larger than the box, or deep): drop the shallowest.
      while count > 4 {
        var worst = -1
        for i in 0..<8 where inside & (1 << i) != 0 {
          if worst < 0 || s[i] >= s[worst] { worst = i }
        }
        inside &= ~(1 << worst)
        count -= 1
      }
    }
    if count == 0 { return nil }
    var m = ContactManifold(normal: h.normal)
    withUnsafeBytes(of: &sep) { raw in
      let s = raw.bindMemory(to: Double.self)
      for i in 0..<8 where inside & (1 << i) != 0 {
        let p = box.vertex(i) - 0.5 * s[i] * h.normal
        m.append(ContactPoint(position: p, separation: s[i], featureID: UInt32(i)))
      }
    }
    return m
  }
}
