import DioramaCore

// Closed forms for capsules, and for capsules, cylinders and hulls on a half-space.

extension Narrowphase {
  /// The core segment of a capsule or cylinder of half-height `h` placed by `t`: its ends
  /// (world, m).
  @inline(__always) static func axisSegment(_ h: Double, _ t: Transform) -> (Vec3, Vec3) {
    let a = t.rotation.rotate(Vec3(0, 0, h))
    return (t.position - a, t.position + a)
  }

  /// Capsule A (radius `ra`, half-height `ha`, placed by `ta`) against sphere B at `cb`
  /// radius `rb`: the sphere–sphere contact of B with the closest point of A's segment.
  /// Feature id 0.
  static func capsuleSphere(
    _ ra: Double, _ ha: Double, _ ta: Transform, _ rb: Double, _ cb: Vec3, margin: Double
  ) -> ContactManifold? {
    let (e0, e1) = axisSegment(ha, ta)
    let (q, _) = closestPointsOnSegments(e0, e1, cb, cb)
    return sphereSphere(q, ra, cb, rb, margin: margin)
  }

  /// Capsule A against capsule B on their core segments.
  ///
  /// The closest points of the segments give n = (pA − pB)/|pA − pB| and
  /// s = |pA − pB| − rA − rB. Crossing cores (|pA − pB| = 0) take n along uA × uB, or for
  /// parallel cores the offset of the centres across the axis. Segments within 11.5° of
  /// parallel (`sideCosine`) lying side by side give two points: A's segment clipped to the
  /// stretch alongside B, each end with its own distance to B's segment (the true distance,
  /// so a slight skew never invents a closer point). Otherwise one point.
  ///
  /// Feature ids: 0 for the single point; for two, `ClipPolygon.edgeTag` of A's end tags (0, 1)
  /// and the clipping plane, or the end's tag when unclipped; when skewed cores are closest
  /// between those ends (deeper by more than 1e-6 of their size), that point too, id 2.
  static func capsuleCapsule(
    _ ra: Double, _ ha: Double, _ ta: Transform, _ rb: Double, _ hb: Double, _ tb: Transform,
    margin: Double
  ) -> ContactManifold? {
    let (a0, a1) = axisSegment(ha, ta)
    let (b0, b1) = axisSegment(hb, tb)
    let (pa, pb) = closestPointsOnSegments(a0, a1, b0, b1)
    let radii = ra + rb
    let d = pa - pb
    let dist = d.length
    if !(dist - radii <= margin) { return nil }
    let ua = a1 - a0
    let ub = b1 - b0
    var n: Vec3
    let size = Swift.max(ha + hb, radii)
    if dist > 1e-12 * size {
      n = d / dist
    } else {
      n = ua.cross(ub).normalized
      let dc = ta.position - tb.position
      if n == .zero {
        let axis = ha > 0 ? ua.normalized : (hb > 0 ? ub.normalized : Vec3(0, 0, 1))
        n = (dc - dc.dot(axis) * axis).normalized
        if n == .zero { n = axis.anyOrthogonal }
      }
      if n.dot(dc) < 0 { n = -n }
    }
    let sep = dist - radii
    var m = ContactManifold(normal: n)
    let ubLen2 = ub.lengthSquared
    let parallel =
      ha > 0 && hb > 0
      && ua.cross(ub).lengthSquared <= sideCosine * sideCosine * ua.lengthSquared * ubLen2
    if parallel {
      let along = (ub - ub.dot(n) * n).normalized
      let twoPoints = withUnsafeTemporaryAllocation(of: ClipVertex.self, capacity: 4) {
        buf -> Bool in
        let s = UnsafeMutableBufferPointer(rebasing: buf[0..<2])
        let o = UnsafeMutableBufferPointer(rebasing: buf[2..<4])
        s[0] = ClipVertex(p: a0, tag: 0)
        s[1] = ClipVertex(p: a1, tag: 1)
        var c = clipPolygon(s, count: 2, normal: along, offset: along.dot(b1), plane: 0, into: o)
        c = clipPolygon(o, count: c, normal: -along, offset: -along.dot(b0), plane: 1, into: s)
        guard c == 2 && (s[1].p - s[0].p).lengthSquared > 1e-18 * size * size else {
          return false
        }
        for k in 0..<2 {
          let (qa, qb) = closestPointsOnSegments(s[k].p, s[k].p, b0, b1)
          let sk = (qa - qb).length - radii
          if !(sk <= margin) { continue }
          let mid = 0.5 * ((qa - ra * n) + (qb + rb * n))
          m.append(ContactPoint(position: mid, separation: sk, featureID: s[k].tag))
        }
        // Slightly skewed cores are closest between the ends: keep that point too.
        if m.pointCount > 0 && sep < m.minSeparation - 1e-6 * size {
          let mid = 0.5 * ((pa - ra * n) + (pb + rb * n))
          m.append(ContactPoint(position: mid, separation: sep, featureID: 2))
        }
        return m.pointCount > 0
      }
      if twoPoints { return m }
    }
    let mid = 0.5 * ((pa - ra * n) + (pb + rb * n))
    m.append(ContactPoint(position: mid, separation: sep, featureID: 0))
    return m
  }

  // MARK: - Half-space

  /// Capsule A against half-space B: each end of the core segment within `margin` + r of the
  /// plane gives a point, s = n·e − offset − r. Feature id: the end (0 at −z, 1 at +z).
  static func capsuleHalfSpace(
    _ r: Double, _ hh: Double, _ t: Transform, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    let (e0, e1) = axisSegment(hh, t)
    var m = ContactManifold(normal: h.normal)
    for i in 0..<2 {
      let e = i == 0 ? e0 : e1
      let dist = h.signedDistance(e)
      let s = dist - r
      if !(s <= margin) { continue }
      m.append(
        ContactPoint(
          position: e - 0.5 * (r + dist) * h.normal, separation: s, featureID: UInt32(i)))
    }
    return m.pointCount > 0 ? m : nil
  }

  /// Cylinder A against half-space B.
  ///
  /// Nearly upright (|a·n| ≥ `capCosine`): the 16 vertices of the cap facing the plane
  /// (fixed in the shape frame, so the points do not spin with round-off), those within the
  /// margin reduced to four — a cylinder standing on the ground rests on four points.
  /// Otherwise the deepest rim point of each cap, c ± h a + r u with u the unit component of
  /// −n across the axis (the closed-form support point), each kept within the margin: two
  /// points lying on its side, one when tilted.
  ///
  /// Feature ids: cap vertex k of cap c (0 bottom, 1 top) is 16 c + k; the deepest rim point
  /// of cap c is 32 + c.
  static func cylinderHalfSpace(
    _ r: Double, _ hh: Double, _ t: Transform, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    let rot = t.rotation.matrix
    let a = Vec3(rot.r0.z, rot.r1.z, rot.r2.z)
    let cosAxis = a.dot(h.normal)
    let n = h.normal
    if abs(cosAxis) >= capCosine {
      let top = cosAxis < 0  // the top cap faces the plane when the axis points into it
      let z = top ? hh : -hh
      return withUnsafeTemporaryAllocation(of: ContactCandidate.self, capacity: capVertexCount) {
        buf in
        var kept = 0
        for k in 0..<capVertexCount {
          let u = capDirections[k]
          let p = t.position + rot * Vec3(r * u.x, r * u.y, z)
          let dist = h.signedDistance(p)
          if !(dist <= margin) { continue }
          buf[kept] = ContactCandidate(
            position: p - 0.5 * dist * n, separation: dist,
            featureID: UInt32((top ? 16 : 0) + k))
          kept += 1
        }
        return kept > 0 ? reducedManifold(buf, count: kept, normal: n, slack: reductionSlack) : nil
      }
    }
    let u = (-n - (-n).dot(a) * a).normalized
    var m = ContactManifold(normal: n)
    for cap in 0..<2 {
      let p = t.position + (cap == 1 ? hh : -hh) * a + r * u
      let dist = h.signedDistance(p)
      if !(dist <= margin) { continue }
      m.append(
        ContactPoint(position: p - 0.5 * dist * n, separation: dist, featureID: UInt32(32 + cap)))
    }
    return m.pointCount > 0 ? m : nil
  }

  /// Hull A against half-space B: every vertex within `margin`, reduced to four (the
  /// deepest, then the most spread). Feature id: the vertex index.
  ///
  /// - Complexity: O(vertices). No heap allocation.
  static func hullHalfSpace(
    _ hull: ConvexHull, _ t: Transform, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    let rot = t.rotation.matrix
    // The plane in the hull's frame: nₗ·x ≤ offsetₗ.
    let nl = h.normal.x * rot.r0 + h.normal.y * rot.r1 + h.normal.z * rot.r2
    let offL = h.offset - h.normal.dot(t.position)
    return hull.vertices.withUnsafeBufferPointer { verts in
      withUnsafeTemporaryAllocation(of: ContactCandidate.self, capacity: verts.count) { buf in
        var kept = 0
        for i in 0..<verts.count {
          let s = nl.dot(verts[i]) - offL
          if !(s <= margin) { continue }
          let p = rot * verts[i] + t.position
          buf[kept] = ContactCandidate(
            position: p - 0.5 * s * h.normal, separation: s, featureID: UInt32(i))
          kept += 1
        }
        return kept > 0 ? reducedManifold(buf, count: kept, normal: h.normal) : nil
      }
    }
  }
}
