import DioramaCore

// Shared pieces of the convex manifold builders: polygon clipping on caller-provided
// (stack) buffers, the reduction to four points, and feature-id hashing. The box–box code
// keeps its own fixed eight-vertex `ClipPolygon`; hull faces and cylinder caps can have more.

/// A candidate contact point before reduction: world position (midway, m), separation (m)
/// and feature id.
struct ContactCandidate {
  var position: Vec3
  var separation: Double
  var featureID: UInt32
}

extension Narrowphase {
  /// Sutherland–Hodgman: the part of polygon `input[0..<count]` with n·x ≤ d, written to
  /// `output` (capacity ≥ count + 1); returns the new count. As `ClipPolygon.clipped`: a
  /// vertex on the plane is kept, a strictly crossing edge gives a new vertex tagged by
  /// `ClipPolygon.edgeTag` from its end tags and `plane`.
  ///
  /// Two-vertex input is a segment (clipped, not closed into a degenerate polygon); one
  /// vertex is kept or dropped.
  static func clipPolygon(
    _ input: UnsafeMutableBufferPointer<ClipVertex>, count: Int, normal n: Vec3,
    offset d: Double, plane: UInt32, into output: UnsafeMutableBufferPointer<ClipVertex>
  ) -> Int {
    if count == 0 { return 0 }
    if count == 1 {
      if n.dot(input[0].p) - d <= 0 {
        output[0] = input[0]
        return 1
      }
      return 0
    }
    if count == 2 {
      let a = input[0]
      let b = input[1]
      let da = n.dot(a.p) - d
      let db = n.dot(b.p) - d
      if da > 0 && db > 0 { return 0 }
      var out = 0
      if da <= 0 {
        output[out] = a
        out += 1
      } else {
        let t = da / (da - db)
        output[out] = ClipVertex(
          p: a.p + t * (b.p - a.p), tag: ClipPolygon.edgeTag(a.tag, b.tag, plane: plane))
        out += 1
      }
      if db <= 0 {
        output[out] = b
        out += 1
      } else {
        let t = da / (da - db)
        output[out] = ClipVertex(
          p: a.p + t * (b.p - a.p), tag: ClipPolygon.edgeTag(a.tag, b.tag, plane: plane))
        out += 1
      }
      return out
    }
    return clipLoop(input, count: count, normal: n, offset: d, plane: plane, into: output)
  }

  /// Sutherland–Hodgman over the closed loop `input[0..<count]` (count ≥ 1), the general case
  /// of `clipPolygon`; the mesh code clips triangle and face loops with it directly.
  @inline(__always)
  static func clipLoop(
    _ input: UnsafeMutableBufferPointer<ClipVertex>, count: Int, normal n: Vec3,
    offset d: Double, plane: UInt32, into output: UnsafeMutableBufferPointer<ClipVertex>
  ) -> Int {
    var out = 0
    var prev = input[count - 1]
    var dPrev = n.dot(prev.p) - d
    for i in 0..<count {
      let cur = input[i]
      let dCur = n.dot(cur.p) - d
      if (dPrev < 0 && dCur > 0) || (dPrev > 0 && dCur < 0) {
        let t = dPrev / (dPrev - dCur)
        output[out] = ClipVertex(
          p: prev.p + t * (cur.p - prev.p),
          tag: ClipPolygon.edgeTag(prev.tag, cur.tag, plane: plane))
        out += 1
      }
      if dCur <= 0 {
        output[out] = cur
        out += 1
      }
      prev = cur
      dPrev = dCur
    }
    return out
  }

  /// After the first point `i0` of a reduction: the point farthest from it, the one spanning
  /// the largest triangle with those two, and the one adding the most area outside that
  /// triangle (Gregorius, "Robust contact creation", GDC 2015). Shared by every manifold
  /// builder; each picks `i0` its own way.
  ///
  /// - Parameters:
  ///   - slack: relative tie tolerance; 0 gives strict comparisons, ties to the lowest index.
  ///   - extent: the candidates' size (m), scaling the slack of the last choice.
  /// - Precondition: count ≥ 4.
  @inline(__always)
  static func spanningIndices(
    count: Int, first i0: Int, normal n: Vec3, slack: Double = 0, extent: Double = 0,
    position: (Int) -> Vec3
  ) -> (Int, Int, Int) {
    let p0 = position(i0)
    var i1 = -1
    var best = -1.0
    for i in 0..<count where i != i0 {
      let d2 = (position(i) - p0).lengthSquared
      if d2 > best * (1 + 2 * slack) {
        best = d2
        i1 = i
      }
    }
    let p1 = position(i1)
    var i2 = -1
    best = -1
    var orient = 1.0
    for i in 0..<count where i != i0 && i != i1 {
      let area = n.dot((p1 - p0).cross(position(i) - p0))
      if abs(area) > best * (1 + slack) {
        best = abs(area)
        i2 = i
        orient = area >= 0 ? 1 : -1
      }
    }
    let p2 = position(i2)
    // Signed areas against each triangle edge, oriented so inside is positive; the fourth
    // point is the one most outside any edge.
    var i3 = -1
    best = -Double.infinity
    for i in 0..<count where i != i0 && i != i1 && i != i2 {
      let q = position(i)
      let e01 = orient * n.dot((p1 - p0).cross(q - p0))
      let e12 = orient * n.dot((p2 - p1).cross(q - p1))
      let e20 = orient * n.dot((p0 - p2).cross(q - p2))
      let outside = -Swift.min(e01, Swift.min(e12, e20))
      if i3 < 0 || outside > best + slack * extent * extent {
        best = outside
        i3 = i
      }
    }
    return (i1, i2, i3)
  }

  /// Up to four of `c[0..<count]` as a manifold with `normal`: all when four or fewer;
  /// otherwise the deepest, the farthest from it, the one spanning the largest triangle with
  /// those, and the one adding the most area outside it (Gregorius, "Robust contact
  /// creation", GDC 2015; as `reduce` for box–box). The chosen points keep their input order.
  ///
  /// - Parameter slack: relative tie tolerance. 0: strict comparisons, ties to the lowest
  ///   index (as box–box). > 0: a later candidate replaces the current choice only when
  ///   better by this fraction (depth by `slack` × the candidates' extent), so a symmetric
  ///   set such as a cylinder cap keeps choosing the same points while round-off or a slight
  ///   tilt reorders their depths.
  static func reducedManifold(
    _ c: UnsafeMutableBufferPointer<ContactCandidate>, count: Int, normal: Vec3,
    slack: Double = 0
  ) -> ContactManifold {
    var m = ContactManifold(normal: normal)
    if count <= 4 {
      for i in 0..<count {
        m.append(
          ContactPoint(
            position: c[i].position, separation: c[i].separation, featureID: c[i].featureID))
      }
      return m
    }
    var extent = 0.0
    if slack > 0 {
      for i in 1..<count { extent = Swift.max(extent, (c[i].position - c[0].position).length) }
    }
    let depthSlack = slack * extent
    var i0 = 0
    for i in 1..<count where c[i].separation < c[i0].separation - depthSlack { i0 = i }
    let (i1, i2, i3) = spanningIndices(
      count: count, first: i0, normal: normal, slack: slack, extent: extent
    ) { c[$0].position }
    for i in 0..<count where i == i0 || i == i1 || i == i2 || i == i3 {
      m.append(
        ContactPoint(
          position: c[i].position, separation: c[i].separation, featureID: c[i].featureID))
    }
    return m
  }

  /// A 32-bit id from three feature codes (a bijective mix per step, so distinct inputs
  /// rarely collide); the same codes always give the same id.
  @inline(__always) static func featureHash(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
    var h = a &* 0x9E37_79B1 ^ 0x2545_F491
    h = (h ^ (h >> 15)) &* 0x85EB_CA77
    h = (h ^ b) &* 0xC2B2_AE3D
    h ^= h >> 13
    h = (h ^ c) &* 0x27D4_EB2F
    h ^= h >> 16
    return h
  }
}
