import DioramaCore

// Polytopes (box, cylinder as a prism, convex hull) against one triangle: the separating axis
// test, then clipping. See the comment at the top of Narrowphase+Mesh.swift for the frame and
// the conventions.
//
// The cylinder is the prism of `Narrowphase.prismSides` = 16 sides whose vertices lie on the
// rims (inscribed): a cylinder standing on its cap touches exactly, one lying on its side sits
// up to r (1 − cos(π/16)) ≈ 1.9 % of r lower than the true cylinder and rolls over 16 flats.
//
// The convex hull is known here only by its vertices (its faces are built elsewhere). Its
// axes are the triangle normal and, for each triangle edge e, the exact set of edge–edge
// axes: every axis e × d (d a hull edge) is perpendicular to e, so projecting the hull along
// e onto a plane gives a convex polygon whose edge normals are all such axes (plus the hull
// faces parallel to e); that polygon is found by gift wrapping. Missing are the hull's own
// face normals that are not perpendicular to a triangle edge, the axes of a hull face
// against a triangle vertex: there the test can report overlap for a gap smaller than the
// hull's distance to its best available axis, a contact slightly early and slightly deep.

extension MeshConvex {
  // MARK: - Faces and edges of boxes and prisms

  /// Number of face-normal directions (box 3, prism 1 + 8 side pairs, hull 0).
  var faceAxisCount: Int {
    switch kind {
    case .box: return 3
    case .prism: return 1 + Narrowphase.prismSides / 2
    default: return 0
    }
  }

  /// Face-normal direction i (unit; both faces of a pair share it).
  @inline(__always) func faceAxis(_ i: Int) -> Vec3 {
    if kind == .box { return axis(i) }
    if i == 0 { return a2 }
    return sideNormal(i - 1)
  }

  /// Number of edge directions (box 3, prism axis + 8 rim directions, hull 0).
  var edgeClassCount: Int { faceAxisCount }

  /// Edge direction i (unit).
  @inline(__always) func edgeDirection(_ i: Int) -> Vec3 {
    if kind == .box { return axis(i) }
    if i == 0 { return a2 }
    let k = i - 1
    return -Narrowphase.prismMidSin[k] * a0 + Narrowphase.prismMidCos[k] * a1
  }

  /// Outward normal of prism side face i (between rim vertices i and i + 1).
  @inline(__always) func sideNormal(_ i: Int) -> Vec3 {
    Narrowphase.prismMidCos[i] * a0 + Narrowphase.prismMidSin[i] * a1
  }

  /// Number of faces (box 6; prism 2 caps + 16 sides).
  var faceCount: Int { kind == .box ? 6 : 2 + Narrowphase.prismSides }

  /// Outward normal of face f. Box: f = 2k + (1 for the + side); prism: 0 bottom, 1 top,
  /// 2 + i side i.
  @inline(__always) func faceNormal(_ f: Int) -> Vec3 {
    if kind == .box { return f & 1 != 0 ? axis(f >> 1) : -axis(f >> 1) }
    switch f {
    case 0: return -a2
    case 1: return a2
    default: return sideNormal(f - 2)
    }
  }

  /// Number of vertices of face f.
  @inline(__always) func faceSize(_ f: Int) -> Int {
    kind == .box || f >= 2 ? 4 : Narrowphase.prismSides
  }

  /// Vertex index of corner j of face f, in order around the face.
  @inline(__always) func faceVertex(_ f: Int, _ j: Int) -> Int {
    let n = Narrowphase.prismSides
    if kind == .box {
      let k = f >> 1
      let base = (f & 1) << k
      let u = (k + 1) % 3
      let v = (k + 2) % 3
      let su = j == 1 || j == 2 ? 1 : 0
      let sv = j >= 2 ? 1 : 0
      return base | su << u | sv << v
    }
    switch f {
    case 0: return j
    case 1: return n + j
    default:
      let i = f - 2
      switch j {
      case 0: return i
      case 1: return (i + 1) % n
      case 2: return n + (i + 1) % n
      default: return n + i
      }
    }
  }

  /// The face of direction `axisIndex` whose outward normal points along `m`.
  @inline(__always) func face(axis axisIndex: Int, facing m: Vec3) -> Int {
    if kind == .box { return 2 * axisIndex + (axis(axisIndex).dot(m) > 0 ? 1 : 0) }
    if axisIndex == 0 { return a2.dot(m) > 0 ? 1 : 0 }
    let i = axisIndex - 1
    return sideNormal(i).dot(m) > 0 ? 2 + i : 2 + i + Narrowphase.prismSides / 2
  }

  /// The face whose outward normal is most anti-parallel to `n` (ties to the lower index).
  @inline(__always) func mostAntiParallelFace(to n: Vec3) -> Int {
    var best = 0
    var bestDot = Double.infinity
    for f in 0..<faceCount {
      let d = faceNormal(f).dot(n)
      if d < bestDot {
        bestDot = d
        best = f
      }
    }
    return best
  }

  /// The edge of direction class `i` deepest along −n (least n·x): its two vertex indices and
  /// an id.
  @inline(__always) func supportEdge(class i: Int, along n: Vec3) -> (Int, Int, UInt32) {
    if kind == .box {
      var bits = 0
      for k in 0..<3 where k != i && axis(k).dot(n) < 0 { bits |= 1 << k }
      return (bits, bits | 1 << i, UInt32(bits << 3 | (bits | 1 << i)))
    }
    let sides = Narrowphase.prismSides
    if i == 0 {
      // Side edges (parallel to the axis): the rim vertex least along n.
      var j = 0
      var best = Double.infinity
      for k in 0..<sides {
        let d = n.dot(vertices[k])
        if d < best {
          best = d
          j = k
        }
      }
      return (j, sides + j, UInt32(2 * sides + j))
    }
    // Rim edges of direction class i − 1: edges e and e + 8 on either cap.
    var bestA = 0
    var bestB = 0
    var best = Double.infinity
    for cap in 0..<2 {
      for opposite in 0..<2 {
        let e = i - 1 + opposite * sides / 2
        let va = cap * sides + e
        let vb = cap * sides + (e + 1) % sides
        let d = n.dot(vertices[va] + vertices[vb])
        if d < best {
          best = d
          bestA = va
          bestB = vb
        }
      }
    }
    return (bestA, bestB, UInt32(bestA))
  }

  /// Extent (min, max) of the shape's projection onto unit direction `l` (m).
  @inline(__always) func project(_ l: Vec3) -> (Double, Double) {
    if kind == .box {
      let c = center.dot(l)
      let r = half.x * abs(a0.dot(l)) + half.y * abs(a1.dot(l)) + half.z * abs(a2.dot(l))
      return (c - r, c + r)
    }
    var lo = Double.infinity
    var hi = -Double.infinity
    for i in 0..<vertexCount {
      let d = vertices[i].dot(l)
      lo = Swift.min(lo, d)
      hi = Swift.max(hi, d)
    }
    return (lo, hi)
  }
}

extension Narrowphase {
  /// Which kind of axis separates least: the triangle's face, a face of the convex shape, or
  /// a triangle edge against a convex edge.
  enum MeshAxisKind {
    case triangleFace
    case convexFace
    case edge
  }

  /// Polytope `c` against one triangle by the separating axis test:
  /// - axes: n_T (one-sided: the shape must be in front), the shape's face normals, and the
  ///   cross products of the triangle's edges with the shape's edges (hull: the gift-wrapped
  ///   projections described at the top of this file). Any axis separating by more than
  ///   `margin` ends the test;
  /// - choice, as `boxBox`: n_T unless a shape face separates by `faceAxisTolerance` × scale
  ///   more; an edge pair only when it separates by 5 % + `edgeAxisTolerance` × scale more;
  /// - active edges: when the chosen axis is not n_T, the triangle's feature along it (the
  ///   vertices within 1e-7 of the triangle's size of its top along the axis) is an edge or
  ///   vertex; if that feature may not keep its own normal, the triangle face is used;
  /// - points: triangle face, the shape's face most anti-parallel to n_T (hull: the hull of
  ///   its vertices within `margin` of the plane) clipped by the triangle's side planes;
  ///   shape face, the triangle clipped by that face's side planes; edge pair, one point at
  ///   the closest points of the two edges. Points within `margin`, reduced to four.
  static func polytopeTriangle(
    _ c: MeshConvex, _ tri: ContactTriangle, margin: Double, _ scratch: MeshScratch
  ) -> ContactManifold? {
    let nT = tri.normal
    if nT.dot(c.center - tri.p0) < 0 { return nil }
    let planeD = nT.dot(tri.p0)
    let sFace = c.project(nT).0 - planeD
    if !(sFace <= margin) { return nil }

    // Shape face axes.
    var bestC = -Double.infinity
    var bestCAxis = -1
    var bestCNormal = Vec3.zero
    for i in 0..<c.faceAxisCount {
      let l = c.faceAxis(i)
      let (lo, hi) = c.project(l)
      let (tlo, thi) = triangleExtent(tri, l)
      let s1 = lo - thi  // shape on the + side
      let s2 = tlo - hi  // shape on the − side
      let s = Swift.max(s1, s2)
      if !(s <= margin) { return nil }
      if s > bestC {
        bestC = s
        bestCAxis = i
        bestCNormal = s1 >= s2 ? l : -l
      }
    }

    // Edge axes.
    var bestE = -Double.infinity
    var bestEK = -1
    var bestEClass = -1
    var bestENormal = Vec3.zero
    var hullEdge = (0, 0)
    for k in 0..<3 {
      let p = tri.vertex(k)
      let e = tri.vertex((k + 1) % 3) - p
      let e2 = e.lengthSquared
      if c.kind == .hull {
        guard
          let (s, n, ia, ib) = hullEdgeAxes(c, tri, edge: k, margin: margin, scratch)
        else { return nil }
        if s > bestE {
          bestE = s
          bestEK = k
          bestENormal = n
          hullEdge = (ia, ib)
        }
        continue
      }
      for j in 0..<c.edgeClassCount {
        var l = e.cross(c.edgeDirection(j))
        let len2 = l.lengthSquared
        // Parallel edges (sin θ < 1e-6): face axes cover the direction.
        if len2 < 1e-12 * e2 { continue }
        l /= len2.squareRoot()
        // Along n_T (both edges in the triangle's plane): the one-sided face axis covers it.
        if abs(l.dot(tri.normal)) > 1 - 1e-9 { continue }
        let (lo, hi) = c.project(l)
        let (tlo, thi) = triangleExtent(tri, l)
        let s1 = lo - thi
        let s2 = tlo - hi
        let s = Swift.max(s1, s2)
        if !(s <= margin) { return nil }
        if s > bestE {
          bestE = s
          bestEK = k
          bestEClass = j
          bestENormal = s1 >= s2 ? l : -l
        }
      }
    }

    // Choice of axis.
    let scale = c.scale
    var kind = MeshAxisKind.triangleFace
    var s = sFace
    var n = nT
    if bestC > s + faceAxisTolerance * scale {
      kind = .convexFace
      s = bestC
      n = bestCNormal
    }
    if bestE > s + 0.05 * abs(s) + edgeAxisTolerance * scale {
      kind = .edge
      s = bestE
      n = bestENormal
    }
    if kind != .triangleFace && !tri.allowsOwnNormal(supportRegion(tri, along: n)) {
      kind = .triangleFace
      n = nT
    }

    var manifold: ContactManifold?
    switch kind {
    case .triangleFace:
      manifold = triangleFaceContact(c, tri, margin: margin, scratch)
    case .convexFace:
      manifold = convexFaceContact(
        c, tri, face: c.face(axis: bestCAxis, facing: -n), margin: margin, scratch)
    case .edge:
      manifold = edgeContact(
        c, tri, normal: n, triangleEdge: bestEK, convexClass: bestEClass, hullEdge: hullEdge,
        margin: margin)
    }
    if manifold == nil && kind != .edge && bestEK >= 0
      && tri.allowsOwnNormal(supportRegion(tri, along: bestENormal))
    {
      // The face's deepest features were clipped away (a grazing contact): fall back to the
      // best edge pair, within the margin by the test above.
      manifold = edgeContact(
        c, tri, normal: bestENormal, triangleEdge: bestEK, convexClass: bestEClass,
        hullEdge: hullEdge, margin: margin)
    }
    manifold?.subShapeB = UInt32(truncatingIfNeeded: tri.index)
    return manifold
  }

  /// Extent (min, max) of the triangle's projection onto `l`.
  @inline(__always)
  static func triangleExtent(_ tri: ContactTriangle, _ l: Vec3) -> (Double, Double) {
    let d0 = tri.p0.dot(l)
    let d1 = tri.p1.dot(l)
    let d2 = tri.p2.dot(l)
    return (Swift.min(d0, Swift.min(d1, d2)), Swift.max(d0, Swift.max(d1, d2)))
  }

  /// The triangle's feature farthest along `n`: the vertices within 1e-7 × its longest edge
  /// of the top make a vertex, an edge or the face.
  static func supportRegion(_ tri: ContactTriangle, along n: Vec3) -> TriangleRegion {
    let d = SIMD3(tri.p0.dot(n), tri.p1.dot(n), tri.p2.dot(n))
    let size = Swift.max(
      (tri.p1 - tri.p0).lengthSquared,
      Swift.max((tri.p2 - tri.p1).lengthSquared, (tri.p0 - tri.p2).lengthSquared)
    ).squareRoot()
    let top = d.max() - 1e-7 * size
    let on = (d.x >= top ? 1 : 0) | (d.y >= top ? 2 : 0) | (d.z >= top ? 4 : 0)
    switch on {
    case 1: return .vertex(0)
    case 2: return .vertex(1)
    case 4: return .vertex(2)
    case 3: return .edge(0)
    case 6: return .edge(1)
    case 5: return .edge(2)
    default: return .face
    }
  }

  // MARK: - Hull edge axes

  /// The best edge–edge axis between hull `c` and triangle edge k, by gift-wrapping the hull
  /// projected along the edge.
  ///
  /// In the plane spanned by u = n_T and w = (e × n_T)/|e × n_T| (outward from edge k) the
  /// triangle is the segment from (0, 0) (edge k) to (0, H) (the opposite vertex, H < 0) and
  /// the hull a convex polygon. For a polygon edge A→B (counter-clockwise) with outward
  /// normal o, the separation of the shapes along n = −o is min(0, o_w H) − o·A.
  ///
  /// - Returns: the largest separation, its normal n (3D, from the triangle towards the
  ///   hull) and the hull vertices of that polygon edge; nil when some axis separates by more
  ///   than `margin`.
  static func hullEdgeAxes(
    _ c: MeshConvex, _ tri: ContactTriangle, edge k: Int, margin: Double, _ scratch: MeshScratch
  ) -> (Double, Vec3, Int, Int)? {
    let p = tri.vertex(k)
    let e = tri.vertex((k + 1) % 3) - p
    let u = tri.normal
    let w = e.cross(u).normalized
    let h = w.dot(tri.vertex((k + 2) % 3) - p)
    let m = c.vertexCount
    let flat = scratch.flat
    for i in 0..<m {
      let r = c.vertices[i] - p
      flat[i] = SIMD2(u.dot(r), w.dot(r))
    }
    var best = -Double.infinity
    var bestNormal = Vec3.zero
    var bestA = 0
    var bestB = 0
    var failed = false
    giftWrap(flat, count: m, scale: c.scale) { ia, ib in
      let d = flat[ib] - flat[ia]
      let len = (d.x * d.x + d.y * d.y).squareRoot()
      if !(len > 0) { return }
      let o = SIMD2(d.y, -d.x) / len
      // Along ±n_T: covered by the one-sided face axis.
      if abs(o.x) > 1 - 1e-9 { return }
      let s = Swift.min(0, o.y * h) - (o.x * flat[ia].x + o.y * flat[ia].y)
      if !(s <= margin) { failed = true }
      if s > best {
        best = s
        bestNormal = -(o.x * u + o.y * w)
        bestA = ia
        bestB = ib
      }
    }
    if failed { return nil }
    return (best, bestNormal, bestA, bestB)
  }

  /// Calls `body` with each edge (i → j) of the convex hull of `points[0..<count]`,
  /// counter-clockwise (Jarvis's march: from the leftmost point, each next point leaves all
  /// others on its left; collinear runs are crossed in one edge). A point within
  /// 1e-12 × scale² of a line counts as on it.
  ///
  /// - Complexity: O(count × hull size).
  static func giftWrap(
    _ points: UnsafeMutableBufferPointer<SIMD2<Double>>, count: Int, scale: Double,
    _ body: (Int, Int) -> Void
  ) {
    if count < 2 { return }
    var start = 0
    for i in 1..<count
    where points[i].x < points[start].x
      || (points[i].x == points[start].x && points[i].y < points[start].y)
    {
      start = i
    }
    let eps = 1e-12 * scale * scale
    var current = start
    for _ in 0...count {
      var next = current == 0 ? 1 : 0
      let pc = points[current]
      for i in 0..<count where i != current {
        let a = points[next] - pc
        let b = points[i] - pc
        let cross = a.x * b.y - a.y * b.x
        if cross < -eps
          || (abs(cross) <= eps && b.x * b.x + b.y * b.y > a.x * a.x + a.y * a.y)
        {
          next = i
        }
      }
      body(current, next)
      current = next
      if current == start { break }
    }
  }

  // MARK: - Contact points

  /// Triangle face as reference: the shape's incident polygon clipped by the triangle's side
  /// planes, points within `margin` of its plane, normal n_T.
  static func triangleFaceContact(
    _ c: MeshConvex, _ tri: ContactTriangle, margin: Double, _ scratch: MeshScratch
  ) -> ContactManifold? {
    let nT = tri.normal
    let planeD = nT.dot(tri.p0)
    var src = scratch.clipA
    var dst = scratch.clipB
    var count = 0
    var incident: UInt32 = 0x3F
    var deepest = -1  // hull: the deepest vertex, offered as a point of its own
    if c.kind == .hull {
      count = hullSupportPolygon(c, normal: nT, limit: planeD + margin, into: src, scratch)
      var best = Double.infinity
      for i in 0..<c.vertexCount {
        let d = c.vertices[i].dot(nT)
        if d < best {
          best = d
          deepest = i
        }
      }
    } else {
      let f = c.mostAntiParallelFace(to: nT)
      incident = UInt32(f)
      count = c.faceSize(f)
      for j in 0..<count {
        let v = c.faceVertex(f, j)
        src[j] = ClipVertex(p: c.vertices[v], tag: UInt32(v))
      }
    }
    for k in 0..<3 {
      let p = tri.vertex(k)
      let o = (tri.vertex((k + 1) % 3) - p).cross(nT).normalized
      count = clip(src, count: count, normal: o, offset: o.dot(p), plane: tri.edgeID(k), into: dst)
      swap(&src, &dst)
      if count == 0 { break }
    }
    let points = scratch.points
    var n = 0
    let idBase = 0x4000_0000 | (incident & 0x3F) << 24
    for i in 0..<count {
      let v = src[i]
      let s = nT.dot(v.p) - planeD
      if s <= margin {
        points[n] = ContactPoint(
          position: v.p - 0.5 * s * nT, separation: s, featureID: idBase | v.tag & 0xFF_FFFF)
        n += 1
      }
    }
    if deepest >= 0 {
      let v = c.vertices[deepest]
      let s = nT.dot(v) - planeD
      let id = idBase | UInt32(deepest) & 0x7F_FFFF
      var known = false
      for i in 0..<n where points[i].featureID == id { known = true }
      if s <= margin && !known && pointInTriangle(v - s * nT, tri) {
        points[n] = ContactPoint(position: v - 0.5 * s * nT, separation: s, featureID: id)
        n += 1
      }
    }
    return manifold(points, count: n, normal: nT)
  }

  /// Shape face `f` as reference: the triangle clipped by the face's side planes, points
  /// within `margin` of the face's plane, normal −(face normal).
  static func convexFaceContact(
    _ c: MeshConvex, _ tri: ContactTriangle, face f: Int, margin: Double,
    _ scratch: MeshScratch
  ) -> ContactManifold? {
    let m = c.faceNormal(f)  // outward, towards the triangle
    let size = c.faceSize(f)
    var src = scratch.clipA
    var dst = scratch.clipB
    for i in 0..<3 { src[i] = ClipVertex(p: tri.vertex(i), tag: tri.ids[i] & 0x7F_FFFF) }
    var count = 3
    var centroid = Vec3.zero
    for j in 0..<size { centroid += c.vertices[c.faceVertex(f, j)] }
    centroid /= Double(size)
    for j in 0..<size {
      let a = c.vertices[c.faceVertex(f, j)]
      let b = c.vertices[c.faceVertex(f, (j + 1) % size)]
      var o = (b - a).cross(m)
      if o.dot(centroid - a) > 0 { o = -o }
      o = o.normalized
      count = clip(src, count: count, normal: o, offset: o.dot(a), plane: UInt32(j), into: dst)
      swap(&src, &dst)
      if count == 0 { return nil }
    }
    let refD = m.dot(c.vertices[c.faceVertex(f, 0)])
    let points = scratch.points
    var n = 0
    let idBase = 0x8000_0000 | UInt32(f & 0x3F) << 24
    for i in 0..<count {
      let v = src[i]
      let s = m.dot(v.p) - refD
      if s <= margin {
        points[n] = ContactPoint(
          position: v.p - 0.5 * s * m, separation: s, featureID: idBase | v.tag & 0xFF_FFFF)
        n += 1
      }
    }
    return manifold(points, count: n, normal: -m)
  }

  /// One point at the closest points of triangle edge k and the shape's support edge along
  /// −n (class `convexClass`, or the hull vertices `hullEdge`).
  static func edgeContact(
    _ c: MeshConvex, _ tri: ContactTriangle, normal n: Vec3, triangleEdge k: Int,
    convexClass: Int, hullEdge: (Int, Int), margin: Double
  ) -> ContactManifold? {
    var ia = hullEdge.0
    var ib = hullEdge.1
    var edgeID = UInt32(ia) << 16 ^ UInt32(ib)
    if c.kind != .hull {
      (ia, ib, edgeID) = c.supportEdge(class: convexClass, along: n)
    }
    let (_, _, ca, cb) = closestPointsOfSegments(
      c.vertices[ia], c.vertices[ib], tri.vertex(k), tri.vertex((k + 1) % 3))
    let s = n.dot(ca - cb)
    if !(s <= margin) { return nil }
    var m = ContactManifold(normal: n)
    m.append(
      ContactPoint(
        position: 0.5 * (ca + cb), separation: s,
        featureID: 0xC000_0000 | mixFeatureIDs(edgeID, tri.edgeID(k)) & 0x3FFF_FFFF))
    return m
  }

  /// The manifold of `count` candidate points (reduced to four), or nil when there are none.
  static func manifold(
    _ points: UnsafeMutableBufferPointer<ContactPoint>, count: Int, normal: Vec3
  ) -> ContactManifold? {
    if count == 0 { return nil }
    let chosen = reducePoints(points, count: count, normal: normal)
    var m = ContactManifold(normal: normal)
    for c in 0..<4 where chosen[c] >= 0 { m.append(points[chosen[c]]) }
    return m
  }

  /// The hull's vertices with n·x ≤ `limit`, as a convex polygon (gift-wrapped in the plane
  /// normal to n, counter-clockwise about n) written to `out`; at most 32 vertices (a longer
  /// loop is thinned evenly, which can only shrink the contact polygon). Tags are vertex
  /// indices. Returns the count.
  static func hullSupportPolygon(
    _ c: MeshConvex, normal n: Vec3, limit: Double,
    into out: UnsafeMutableBufferPointer<ClipVertex>, _ scratch: MeshScratch
  ) -> Int {
    let t1 = n.anyOrthogonal
    let t2 = n.cross(t1)
    var selected = 0
    var lowest = -1
    var lowestD = Double.infinity
    for i in 0..<c.vertexCount {
      let d = c.vertices[i].dot(n)
      if d < lowestD {
        lowestD = d
        lowest = i
      }
      if d <= limit {
        scratch.marks[selected] = Int32(i)
        scratch.flat[selected] = SIMD2(c.vertices[i].dot(t1), c.vertices[i].dot(t2))
        selected += 1
      }
    }
    if selected == 0 {
      // Nothing within the margin: the lowest vertex alone (its point will be dropped).
      out[0] = ClipVertex(p: c.vertices[lowest], tag: UInt32(lowest))
      return 1
    }
    // Wrap once to count the loop, then again keeping every stride-th vertex (≤ 32).
    var loop = 0
    giftWrap(scratch.flat, count: selected, scale: c.scale) { _, _ in loop += 1 }
    let stride = Swift.max(1, (loop + 31) / 32)
    var count = 0
    var step = 0
    giftWrap(scratch.flat, count: selected, scale: c.scale) { ia, _ in
      if step % stride == 0 && count < 32 {
        let v = Int(scratch.marks[ia])
        out[count] = ClipVertex(p: c.vertices[v], tag: UInt32(v))
        count += 1
      }
      step += 1
    }
    if count == 0 {
      let v = Int(scratch.marks[0])
      out[0] = ClipVertex(p: c.vertices[v], tag: UInt32(v))
      count = 1
    }
    return count
  }

  /// Sutherland–Hodgman on buffers: the part of polygon `src[0..<count]` with o·x ≤ d,
  /// written to `dst`; returns its vertex count. A vertex on the plane is kept; an edge
  /// crossing it strictly gives a vertex tagged `ClipPolygon.edgeTag(ends, plane)`.
  static func clip(
    _ src: UnsafeMutableBufferPointer<ClipVertex>, count: Int, normal o: Vec3, offset d: Double,
    plane: UInt32, into dst: UnsafeMutableBufferPointer<ClipVertex>
  ) -> Int {
    if count == 0 { return 0 }
    precondition(count < dst.count, "mesh clip buffer overflow")
    return clipLoop(src, count: count, normal: o, offset: d, plane: plane, into: dst)
  }
}
