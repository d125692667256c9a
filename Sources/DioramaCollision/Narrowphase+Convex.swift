import DioramaCore
import Foundation

extension Narrowphase {
  /// Two convex shapes other than the sphere/box pairs with closed forms.
  ///
  /// - box or hull against box or hull: separating axes and face clipping
  ///   (`polyhedronContact`);
  /// - capsule against sphere or capsule: closed forms on the core segments
  ///   (`capsuleSphere`, `capsuleCapsule`);
  /// - every other pair: `supportFaceContact` (GJK or EPA for the normal, then the two
  ///   shapes' supporting features clipped against each other).
  ///
  /// Conventions as `collide`: normal from B towards A, speculative points within `margin`.
  /// Precondition: both shapes are convex.
  static func convexConvex(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double
  ) -> ContactManifold? {
    precondition(
      a.isConvex && b.isConvex,
      "convexConvex takes two convex shapes, found \(a.shapeCaseName) and \(b.shapeCaseName)")
    switch (a, b) {
    case (.sphere, .sphere), (.sphere, .box), (.box, .sphere), (.box, .box):
      return collide(a, ta, b, tb, margin: margin)
    case (.capsule(let ra, let ha), .sphere(let rb)):
      return capsuleSphere(ra, ha, ta, rb, tb.position, margin: margin)
    case (.sphere(let ra), .capsule(let rb, let hb)):
      return capsuleSphere(rb, hb, tb, ra, ta.position, margin: margin)?.flipped
    case (.capsule(let ra, let ha), .capsule(let rb, let hb)):
      return capsuleCapsule(ra, ha, ta, rb, hb, tb, margin: margin)
    case (.box, .convexHull), (.convexHull, .box), (.convexHull, .convexHull):
      guard let pa = Polyhedron(a, ta), let pb = Polyhedron(b, tb) else { return nil }
      return polyhedronContact(pa, pb, margin: margin)
    default:
      return supportFaceContact(a, ta, b, tb, margin: margin)
    }
  }

  /// A convex shape other than sphere or box against a half-space: closed forms for the
  /// capsule (its two segment ends), the cylinder (rim points) and the hull (its vertices).
  ///
  /// Precondition: `a` is convex.
  static func convexHalfSpace(
    _ a: Shape, _ ta: Transform, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    switch a {
    case .sphere, .box:
      return collide(a, ta, h, margin: margin)
    case .capsule(let r, let hh):
      return capsuleHalfSpace(r, hh, ta, h, margin: margin)
    case .cylinder(let r, let hh):
      return cylinderHalfSpace(r, hh, ta, h, margin: margin)
    case .convexHull(let hull):
      return hullHalfSpace(hull, ta, h, margin: margin)
    case .triangleMesh, .heightfield, .compound:
      preconditionFailure("convexHalfSpace takes a convex shape, found \(a.shapeCaseName)")
    }
  }

  // MARK: - GJK/EPA and supporting features

  /// Angle thresholds for supporting features, as |cos| of the angle between the query
  /// direction and a capsule's or cylinder's axis: at or below `sideCosine` (≈ 11.5° from
  /// perpendicular) the side segment supports; at or above `capCosine` (≈ 11.5° from the
  /// axis) a cylinder's cap does. Points of a tilted feature beyond the margin are dropped
  /// after clipping, so generous thresholds only cost a few discarded candidates, and they
  /// let a capsule or cylinder lying almost flat keep two points.
  static let sideCosine = 0.2
  static let capCosine = 0.98
  /// Vertices of the polygon standing for a cylinder cap (inscribed; its area is 97.4 % of
  /// the disc's, its inradius 98.1 % of the radius).
  static let capVertexCount = 16
  static let capDirections: [SIMD2<Double>] = (0..<capVertexCount).map {
    let phi = 2 * Double.pi * Double($0) / Double(capVertexCount)
    return SIMD2(cos(phi), sin(phi))
  }

  /// Relative tie tolerance of the point reduction for curved features (see `reducedManifold`):
  /// depths within 1e-3 of the contact patch's extent count as equal. A cylinder standing
  /// on a face keeps the same four cap vertices (and ids) until it tilts by about 1e-3 rad
  /// (its depth varies by 2r sin α across the cap); the deepest point chosen instead is at
  /// most 1e-3 × extent shallower than the true deepest.
  static let reductionSlack = 1e-3

  /// The feature of a core that supports a direction: which face, how many vertices.
  struct SupportFeature {
    /// Number of vertices: 1 (point), 2 (segment), ≥ 3 (polygon, CCW about its normal).
    var count: Int
    /// Feature code for ids: a box or hull face index; 0x100… capsule, 0x200… cylinder,
    /// 0x300 point.
    var code: UInt32
    /// Hull or box face index, or the cylinder cap's side (0 bottom, 1 top).
    var face: Int
    /// The query direction in the shape frame.
    var local: Vec3
    /// Outward unit normal of a polygon feature (world).
    var normal: Vec3
  }

  /// The feature of core `c` farthest along world direction `d`.
  static func supportFeature(_ c: ConvexCore, _ d: Vec3) -> SupportFeature {
    let l = c.toLocal(d)
    let len = l.length
    switch c.kind {
    case .point:
      return SupportFeature(count: 1, code: 0x300, face: 0, local: l, normal: .zero)
    case .segment:
      if abs(l.z) <= sideCosine * len {
        return SupportFeature(count: 2, code: 0x100, face: 0, local: l, normal: .zero)
      }
      return SupportFeature(
        count: 1, code: l.z >= 0 ? 0x102 : 0x101, face: 0, local: l, normal: .zero)
    case .box:
      var k = 0
      for j in 1..<3 where abs(l[j]) > abs(l[k]) { k = j }
      let f = 2 * k + (l[k] >= 0 ? 1 : 0)
      return SupportFeature(
        count: 4, code: UInt32(f), face: f, local: l,
        normal: c.rotation * ConvexHull.unitCube.faceNormals[f])
    case .cylinder:
      if abs(l.z) >= capCosine * len {
        let top = l.z >= 0
        return SupportFeature(
          count: capVertexCount, code: top ? 0x201 : 0x200, face: top ? 1 : 0, local: l,
          normal: c.rotation * Vec3(0, 0, top ? 1 : -1))
      }
      if abs(l.z) <= sideCosine * len {
        return SupportFeature(count: 2, code: 0x210, face: 0, local: l, normal: .zero)
      }
      return SupportFeature(count: 1, code: 0x220, face: 0, local: l, normal: .zero)
    case .hull(let hull):
      let f = hull.faceNormals.withUnsafeBufferPointer { normals in
        var best = 0
        var bestDot = -Double.infinity
        for i in 0..<normals.count {
          let s = normals[i].dot(l)
          if s > bestDot {
            bestDot = s
            best = i
          }
        }
        return best
      }
      return SupportFeature(
        count: hull.faceVertexIndices(f).count, code: UInt32(f), face: f, local: l,
        normal: c.rotation * hull.faceNormals[f])
    }
  }

  /// Writes the vertices of `f` (a feature of `c`, world positions) to `out`, tagged by the
  /// shape's vertex numbering.
  static func writeFeature(
    _ f: SupportFeature, _ c: ConvexCore, into out: UnsafeMutableBufferPointer<ClipVertex>
  ) {
    switch c.kind {
    case .point:
      out[0] = ClipVertex(p: c.position, tag: 0)
    case .segment(let h):
      if f.count == 2 {
        out[0] = ClipVertex(p: c.toWorld(Vec3(0, 0, -h)), tag: 0)
        out[1] = ClipVertex(p: c.toWorld(Vec3(0, 0, h)), tag: 1)
      } else {
        out[0] = ClipVertex(
          p: c.toWorld(Vec3(0, 0, f.local.z >= 0 ? h : -h)), tag: f.local.z >= 0 ? 1 : 0)
      }
    case .box(let h):
      let loop = ConvexHull.unitCube.faceVertexIndices(f.face)
      var i = 0
      for vi in loop {
        out[i] = ClipVertex(
          p: c.toWorld(ConvexHull.unitCube.vertices[Int(vi)] * h), tag: UInt32(vi))
        i += 1
      }
    case .cylinder(let r, let h):
      if f.count == capVertexCount {
        let top = f.face == 1
        let z = top ? h : -h
        for k in 0..<capVertexCount {
          // CCW about the outward normal: increasing angle on top, decreasing below.
          let j = top ? k : (capVertexCount - k) % capVertexCount
          let u = capDirections[j]
          out[k] = ClipVertex(p: c.toWorld(Vec3(r * u.x, r * u.y, z)), tag: UInt32(j))
        }
      } else {
        let rxy = (f.local.x * f.local.x + f.local.y * f.local.y).squareRoot()
        let u = rxy > 0 ? Vec3(f.local.x / rxy, f.local.y / rxy, 0) : Vec3(1, 0, 0)
        if f.count == 2 {
          out[0] = ClipVertex(p: c.toWorld(Vec3(r * u.x, r * u.y, -h)), tag: 0)
          out[1] = ClipVertex(p: c.toWorld(Vec3(r * u.x, r * u.y, h)), tag: 1)
        } else {
          out[0] = ClipVertex(p: c.toWorld(c.localSupport(f.local)), tag: 0)
        }
      }
    case .hull(let hull):
      var i = 0
      for vi in hull.faceVertexIndices(f.face) {
        out[i] = ClipVertex(p: c.toWorld(hull.vertices[Int(vi)]), tag: UInt32(vi))
        i += 1
      }
    }
  }

  /// Contact of two convex shapes, as Jolt's `ManifoldBetweenTwoFaces`:
  ///
  /// 1. the normal n: GJK's closest points when the shapes are apart (exact for polytopes,
  ///    to `GJK.relativeTolerance` for curved cores); when they overlap, GJK again with boxes
  ///    and cylinders rounded (`ConvexCore(rounded:)`), so that shallow penetrations are
  ///    still separated cores (exact normal for flat–flat contacts, no EPA); EPA's
  ///    penetration direction when even the rounded cores overlap. The separation along n is
  ///    measured on the sharp shapes, s = n·(s_A(−n) − s_B(n));
  /// 2. the sharp shapes' supporting features of A along −n and of B along +n (a polygon
  ///    face, a segment or a point);
  /// 3. if B's feature is a polygon, A's feature is clipped by B's side planes (through B's
  ///    edges, containing n) and each clipped point is projected along n onto B's plane; else
  ///    the same with A's polygon; two nearly parallel segments are clipped to their common
  ///    stretch; otherwise, or if nothing is left within the margin, one point at the
  ///    GJK/EPA witnesses with separation s;
  /// 4. that point also joins when deeper than every clipped point by more than
  ///    `reductionSlack` of their extent (a rim between a cap polygon's vertices, skewed
  ///    segments);
  /// 5. at most four points by `reducedManifold`'s reduction with `reductionSlack`.
  ///
  /// Feature ids: `featureHash(codeA | refIsB << 16, codeB, vertex or edge tag)`.
  static func supportFaceContact(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double
  ) -> ContactManifold? {
    let ca = ConvexCore(a, ta)
    let cb = ConvexCore(b, tb)
    var n: Vec3
    var pa: Vec3
    var pb: Vec3
    let g = GJK.closest(ca, cb, separatedBeyond: margin + ca.radius + cb.radius)
    if !g.overlapping && g.distance > 0 {
      // Apart: GJK's closest points are exact.
      if !(g.distance - ca.radius - cb.radius <= margin) { return nil }
      n = (g.pointA - g.pointB).normalized
      pa = g.pointA - ca.radius * n
      pb = g.pointB + cb.radius * n
    } else {
      // Overlapping: the rounded cores, then EPA only if they overlap too.
      let ra = ConvexCore(a, ta, rounded: true)
      let rb = ConvexCore(b, tb, rounded: true)
      let gr = GJK.closest(ra, rb)
      if !gr.overlapping && gr.distance > 0 {
        n = (gr.pointA - gr.pointB).normalized
        pa = gr.pointA
        pb = gr.pointB
      } else {
        let e = EPA.penetration(ra, rb, simplex: gr.simplex)
        n = e.normal
        pa = e.pointA
        pb = e.pointB
      }
      pa -= ra.radius * n
      pb += rb.radius * n
    }
    // The separation along n, on the sharp shapes. For overlapping sharp cores whose
    // rounded cores are apart, it is exact for flat–flat contacts and within the rounding
    // inset ((√3 − 1) × shrink per shape) of the true value near edges and rims.
    let sep = n.dot(ca.fullSupport(-n) - cb.fullSupport(n))
    if !(sep <= margin) { return nil }
    let fa = supportFeature(ca, -n)
    let fb = supportFeature(cb, n)
    let cap = fa.count + fb.count + 2
    let fallbackID = featureHash(fa.code, fb.code, 0xFFFF)
    let witness = 0.5 * (pa + pb)
    let fallback = { () -> ContactManifold in
      var m = ContactManifold(normal: n)
      m.append(ContactPoint(position: witness, separation: sep, featureID: fallbackID))
      return m
    }
    let rA = ca.radius
    let rB = cb.radius
    let radiiSharp = rA + rB
    return withUnsafeTemporaryAllocation(of: ClipVertex.self, capacity: 4 * cap) { buf in
      let faceA = UnsafeMutableBufferPointer(rebasing: buf[0..<cap])
      let faceB = UnsafeMutableBufferPointer(rebasing: buf[cap..<(2 * cap)])
      var work0 = UnsafeMutableBufferPointer(rebasing: buf[(2 * cap)..<(3 * cap)])
      var work1 = UnsafeMutableBufferPointer(rebasing: buf[(3 * cap)..<(4 * cap)])
      writeFeature(fa, ca, into: faceA)
      writeFeature(fb, cb, into: faceB)
      // Reference: B's polygon, else A's polygon (reported with the same normal).
      let refIsB = fb.count >= 3 && fb.normal.dot(n) > sideCosine
      let refIsA = !refIsB && fa.count >= 3 && -fa.normal.dot(n) > sideCosine
      var count = 0
      if refIsB || refIsA {
        let ref = refIsB ? faceB : faceA
        let refCount = refIsB ? fb.count : fa.count
        let inc = refIsB ? faceA : faceB
        let incCount = refIsB ? fa.count : fb.count
        // Side planes contain the axis pointing out of the reference face.
        let axis = refIsB ? n : -n
        for i in 0..<incCount { work0[i] = inc[i] }
        count = incCount
        var prev = ref[refCount - 1].p
        for i in 0..<refCount {
          let v = ref[i].p
          let m = (v - prev).cross(axis).normalized
          count = clipPolygon(
            work0, count: count, normal: m, offset: m.dot(prev), plane: UInt32(i), into: work1)
          swap(&work0, &work1)
          prev = v
          if count == 0 { break }
        }
      } else if fa.count == 2 && fb.count == 2 {
        let ea = faceA[1].p - faceA[0].p
        let eb = faceB[1].p - faceB[0].p
        let parallel =
          ea.cross(eb).lengthSquared <= sideCosine * sideCosine * ea.lengthSquared
          * eb.lengthSquared
        let along = (eb - eb.dot(n) * n).normalized
        if parallel && along != .zero {
          work0[0] = faceA[0]
          work0[1] = faceA[1]
          count = clipPolygon(
            work0, count: 2, normal: along, offset: along.dot(faceB[1].p), plane: 0, into: work1)
          count = clipPolygon(
            work1, count: count, normal: -along, offset: -along.dot(faceB[0].p), plane: 1,
            into: work0)
        }
      }
      if count == 0 { return fallback() }
      let capacity = count + 1
      return withUnsafeTemporaryAllocation(of: ContactCandidate.self, capacity: capacity) {
        cands in
        var kept = 0
        let refNormal = refIsB ? fb.normal : fa.normal
        let refPoint = refIsB ? faceB[0].p : faceA[0].p
        let den = refNormal.dot(n)
        for i in 0..<count {
          let p = work0[i].p
          // Core points on A (pA) and B (pB) with pA − pB = t n.
          var t: Double
          var onA: Vec3
          var onB: Vec3
          if refIsB {
            t = refNormal.dot(p - refPoint) / den
            onA = p
            onB = p - t * n
          } else if refIsA {
            t = refNormal.dot(refPoint - p) / den
            onA = p + t * n
            onB = p
          } else {
            let (qa, qb) = closestPointsOnSegments(p, p, faceB[0].p, faceB[1].p)
            t = n.dot(qa - qb)
            onA = qa
            onB = qb
          }
          let s = t - radiiSharp
          if !(s <= margin) { continue }
          let mid = 0.5 * ((onA - rA * n) + (onB + rB * n))
          let codeA = fa.code | (refIsB ? 0x1_0000 : 0)
          cands[kept] = ContactCandidate(
            position: mid, separation: s, featureID: featureHash(codeA, fb.code, work0[i].tag))
          kept += 1
        }
        if kept == 0 { return fallback() }
        // The exact closest pair, when deeper than every clipped point (a curved rim between
        // the cap polygon's vertices, skewed segments), joins the candidates.
        var deepest = Double.infinity
        var extent = 0.0
        for i in 0..<kept {
          deepest = Swift.min(deepest, cands[i].separation)
          extent = Swift.max(extent, (cands[i].position - cands[0].position).length)
        }
        // Round-off guard for a single kept point: 1e-9 of the shapes' size.
        let size = (ca.center - witness).length + (cb.center - witness).length
        if sep < deepest - reductionSlack * extent - 1e-9 * size && kept < capacity {
          cands[kept] = ContactCandidate(position: witness, separation: sep, featureID: fallbackID)
          kept += 1
        }
        return reducedManifold(cands, count: kept, normal: n, slack: reductionSlack)
      }
    }
  }
}
