import DioramaCore

extension Narrowphase {
  /// Relative tolerance on axis choice, as a fraction of the smaller box's least half-extent:
  /// B's face replaces A's only when its separation is larger by this much (so a resting box
  /// keeps its reference face under round-off), and an edge axis replaces the face by
  /// `edgeAxisTolerance` plus 5 % of the face's |separation| (ODE's and Bullet's 1.05 fudge
  /// factor), because face contacts give several points and rest stably.
  static let faceAxisTolerance = 1e-3
  static let edgeAxisTolerance = 1e-2
  /// Slack of the reference face's side planes, as a fraction of the smaller box's least
  /// half-extent: incident vertices up to this far outside the face are kept, not clipped.
  /// Equal boxes stacked exactly have their corners on the side planes; without the slack,
  /// solver drift of 1e-9 m would flip each corner between "kept" and "clipped" (new feature
  /// id, lost warm start) frame after frame. Kept points are then pulled onto the face in its
  /// plane, so positions stay exact for parallel faces; for tilted ones a point leaves the
  /// incident surface by at most slack × tan(tilt).
  static let clipSlack = 1e-4

  /// Box A against box B by the separating axis test over the 15 candidate axes (3 faces of
  /// A, 3 of B, 9 edge–edge cross products), then:
  /// - face axis: the reference face (on the box owning the axis) clips the incident face
  ///   (the other box's face most anti-parallel to it) by its four side planes
  ///   (Sutherland–Hodgman, with `clipSlack`); clipped points within `margin` of the
  ///   reference plane are kept, at most four (`reduce`);
  /// - edge axis: one point at the closest points of the two edges.
  ///
  /// Gottschalk, Lin & Manocha, "OBBTree" (SIGGRAPH 1996) for the axes; the clipping as in
  /// Box2D's polygon manifold and ODE's dBoxBox.
  static func boxBox(_ a: OrientedBox, _ b: OrientedBox, margin: Double) -> ContactManifold? {
    let d = a.center - b.center
    // Separation along unit axis l: |d·l| − rA(l) − rB(l).
    var bestA = -Double.infinity
    var axisA = 0
    for i in 0..<3 {
      let l = a.axis(i)
      let s = abs(d.dot(l)) - a.half[i] - b.projectedRadius(l)
      if !(s <= margin) { return nil }
      if s > bestA {
        bestA = s
        axisA = i
      }
    }
    var bestB = -Double.infinity
    var axisB = 0
    for j in 0..<3 {
      let l = b.axis(j)
      let s = abs(d.dot(l)) - a.projectedRadius(l) - b.half[j]
      if !(s <= margin) { return nil }
      if s > bestB {
        bestB = s
        axisB = j
      }
    }
    var bestE = -Double.infinity
    var edgeI = 0
    var edgeJ = 0
    var edgeAxis = Vec3.zero
    for i in 0..<3 {
      for j in 0..<3 {
        var l = a.axis(i).cross(b.axis(j))
        let len2 = l.lengthSquared
        // Parallel edges (sin θ < 1e-6): the face axes already cover this direction, and
        // the normalised cross product would be noise.
        if len2 < 1e-12 { continue }
        l /= len2.squareRoot()
        let s = abs(d.dot(l)) - a.projectedRadius(l) - b.projectedRadius(l)
        if !(s <= margin) { return nil }
        if s > bestE {
          bestE = s
          edgeI = i
          edgeJ = j
          edgeAxis = l
        }
      }
    }

    let scale = Swift.min(a.half.min(), b.half.min())
    var refIsA = true
    var faceSep = bestA
    if bestB > bestA + faceAxisTolerance * scale {
      refIsA = false
      faceSep = bestB
    }
    let edgeWins = bestE > faceSep + 0.05 * abs(faceSep) + edgeAxisTolerance * scale
    if edgeWins {
      return edgeContact(a, b, d: d, i: edgeI, j: edgeJ, axis: edgeAxis, margin: margin)
    }
    let m =
      refIsA
      ? faceContact(
        ref: a, inc: b, refIsA: true, axis: axisA, d: d, slack: clipSlack * scale, margin: margin)
      : faceContact(
        ref: b, inc: a, refIsA: false, axis: axisB, d: d, slack: clipSlack * scale, margin: margin)
    if m != nil || bestE == -Double.infinity { return m }
    // The face's deepest features were clipped away (a grazing configuration): fall back to
    // the best edge pair, which is within the margin by the test above.
    return edgeContact(a, b, d: d, i: edgeI, j: edgeJ, axis: edgeAxis, margin: margin)
  }

  // MARK: - Face contact

  /// Clips the incident box's face against reference face `axis` of `ref`, side planes moved
  /// out by `slack` (m). `d` = cA − cB.
  private static func faceContact(
    ref: OrientedBox, inc: OrientedBox, refIsA: Bool, axis k: Int, d: Vec3, slack: Double,
    margin: Double
  ) -> ContactManifold? {
    // Outward normal of the reference face, towards the incident box.
    let toInc = refIsA ? -d : d
    let ak = ref.axis(k)
    let refSign: Double = toInc.dot(ak) >= 0 ? 1 : -1
    let nRef = refSign * ak
    // Incident face: the face of `inc` whose outward normal is most anti-parallel to nRef.
    var m = 0
    var best = -1.0
    for j in 0..<3 {
      let c = abs(inc.axis(j).dot(nRef))
      if c > best {
        best = c
        m = j
      }
    }
    let incPositive = inc.axis(m).dot(nRef) < 0
    // The face's vertices in a loop over the other two axes u, v: (−,−) (+,−) (+,+) (−,+).
    let u = (m + 1) % 3
    let v = (m + 2) % 3
    let base = incPositive ? 1 << m : 0
    var poly = ClipPolygon()
    for corner in 0..<4 {
      let su = corner == 1 || corner == 2 ? 1 : 0
      let sv = corner >= 2 ? 1 : 0
      let idx = base | (su << u) | (sv << v)
      poly.append(ClipVertex(p: inc.vertex(idx), tag: UInt32(idx)))
    }
    // Side planes of the reference face: ±a_u·x ≤ ±a_u·c + h_u, and the same for v.
    let ru = (k + 1) % 3
    let rv = (k + 2) % 3
    var tmp = ClipPolygon()
    var plane: UInt32 = 0
    for side in 0..<2 {
      let r = side == 0 ? ru : rv
      let ax = ref.axis(r)
      let c = ax.dot(ref.center)
      let w = ref.half[r] + slack
      poly.clipped(normal: ax, offset: c + w, plane: plane, into: &tmp)
      tmp.clipped(normal: -ax, offset: -c + w, plane: plane + 1, into: &poly)
      plane += 2
    }
    // Keep the points within the margin of the reference plane nRef·x = nRef·c + h_k.
    let refOffset = nRef.dot(ref.center) + ref.half[k]
    var kept = ClipPolygon()
    var seps = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    let au = ref.axis(ru)
    let av = ref.axis(rv)
    for i in 0..<poly.count {
      // Pull points kept by the slack back onto the face, moving in its plane only (so the
      // separation is unchanged): positions are exact, the slack only decides topology.
      var v = poly[i]
      let tu = au.dot(v.p - ref.center)
      let tv = av.dot(v.p - ref.center)
      v.p += (Swift.min(Swift.max(tu, -ref.half[ru]), ref.half[ru]) - tu) * au
      v.p += (Swift.min(Swift.max(tv, -ref.half[rv]), ref.half[rv]) - tv) * av
      poly[i] = v
      let s = nRef.dot(poly[i].p) - refOffset
      if s <= margin {
        withUnsafeMutableBytes(of: &seps) { $0.bindMemory(to: Double.self)[kept.count] = s }
        kept.append(poly[i])
      }
    }
    if kept.count == 0 { return nil }
    let normal = refIsA ? -nRef : nRef
    let refCode = UInt32((refIsA ? 6 : 0) + 2 * k + (refSign > 0 ? 1 : 0))
    let incCode = UInt32(2 * m + (incPositive ? 1 : 0))
    let idBase = refCode << 27 | incCode << 24
    var manifold = ContactManifold(normal: normal)
    withUnsafeBytes(of: &seps) { raw in
      let s = raw.bindMemory(to: Double.self)
      let chosen = reduce(kept, separations: s, normal: nRef)
      for i in 0..<kept.count where chosen & (1 << i) != 0 {
        // Midway between the incident point and its projection on the reference plane.
        let p = kept[i].p - 0.5 * s[i] * nRef
        manifold.append(
          ContactPoint(position: p, separation: s[i], featureID: idBase | kept[i].tag))
      }
    }
    return manifold
  }

  /// Chooses at most four of the polygon's points, as a bit mask over indices: all when four
  /// or fewer; otherwise the deepest, the one farthest from it, the one making the largest
  /// triangle with those two, and the one adding the most area outside that triangle (the
  /// reduction of Gregorius, "Robust contact creation", GDC 2015). Ties go to the lowest
  /// index, so the choice is deterministic.
  static func reduce(
    _ poly: ClipPolygon, separations s: UnsafeBufferPointer<Double>, normal n: Vec3
  ) -> Int {
    let count = poly.count
    if count <= 4 { return (1 << count) - 1 }
    var i0 = 0
    for i in 1..<count where s[i] < s[i0] { i0 = i }
    let (i1, i2, i3) = spanningIndices(count: count, first: i0, normal: n) { poly[$0].p }
    return 1 << i0 | 1 << i1 | 1 << i2 | 1 << i3
  }

  // MARK: - Edge contact

  /// One point at the closest points of edge `i` of A and edge `j` of B, the edges being the
  /// supporting ones along `axis` (unit, a_i × b_j). `d` = cA − cB.
  private static func edgeContact(
    _ a: OrientedBox, _ b: OrientedBox, d: Vec3, i: Int, j: Int, axis: Vec3, margin: Double
  ) -> ContactManifold? {
    let l = d.dot(axis) >= 0 ? axis : -axis  // from B towards A
    // A's edge along a_i deepest towards B (support in −l); B's along b_j support in +l.
    var pa = a.center
    var edgeA = 4 * i
    for bit in 0..<2 {
      let k = (i + 1 + bit) % 3
      let ak = a.axis(k)
      let positive = ak.dot(l) < 0
      pa += (positive ? a.half[k] : -a.half[k]) * ak
      if positive { edgeA |= 1 << bit }
    }
    var pb = b.center
    var edgeB = 4 * j
    for bit in 0..<2 {
      let k = (j + 1 + bit) % 3
      let bk = b.axis(k)
      let positive = bk.dot(l) >= 0
      pb += (positive ? b.half[k] : -b.half[k]) * bk
      if positive { edgeB |= 1 << bit }
    }
    // Closest points of pa + s·u (|s| ≤ hA_i) and pb + t·v (|t| ≤ hB_j): minimising
    // |r + s u − t v|² with r = pa − pb gives s(1 − c²) = c f − e, t = f + s c, where
    // c = u·v, e = u·r, f = v·r; clamp s, then t, then re-solve s for the clamped t.
    let u = a.axis(i)
    let v = b.axis(j)
    let r = pa - pb
    let c = u.dot(v)
    let e = u.dot(r)
    let f = v.dot(r)
    let denom = 1 - c * c  // > 1e-12: parallel edge pairs were skipped
    let ha = a.half[i]
    let hb = b.half[j]
    var s = Swift.min(Swift.max((c * f - e) / denom, -ha), ha)
    var t = Swift.min(Swift.max(f + s * c, -hb), hb)
    s = Swift.min(Swift.max(t * c - e, -ha), ha)
    t = Swift.min(Swift.max(f + s * c, -hb), hb)
    let ca = pa + s * u
    let cb = pb + t * v
    let sep = (ca - cb).dot(l)
    if !(sep <= margin) { return nil }
    var m = ContactManifold(normal: l)
    let id = 0xF000_0000 | UInt32(edgeA) << 8 | UInt32(edgeB)
    m.append(ContactPoint(position: 0.5 * (ca + cb), separation: sep, featureID: id))
    return m
  }
}
