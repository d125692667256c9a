import DioramaCore

/// A box or a convex hull placed in the world, seen as a polyhedron: a box is the unit cube
/// hull scaled per axis (its face normals stay the cube's, which scaling leaves unchanged),
/// so one separating-axis routine serves box–hull and hull–hull.
struct Polyhedron {
  let hull: ConvexHull
  /// Per-axis scale of the hull's vertices: the half-extents for a box, 1 for a hull.
  let scale: Vec3
  let scaled: Bool
  /// Shape-frame axes (rotation matrix) and origin in the world.
  let rotation: Matrix3
  let position: Vec3

  init(box h: Vec3, _ t: Transform) {
    hull = ConvexHull.unitCube
    scale = h
    scaled = true
    rotation = t.rotation.matrix
    position = t.position
  }

  init(hull: ConvexHull, _ t: Transform) {
    self.hull = hull
    scale = Vec3(1, 1, 1)
    scaled = false
    rotation = t.rotation.matrix
    position = t.position
  }

  /// Polyhedron view of a box or hull shape; nil for other shapes.
  init?(_ shape: Shape, _ t: Transform) {
    switch shape {
    case .box(let h): self.init(box: h, t)
    case .convexHull(let hull): self.init(hull: hull, t)
    default: return nil
    }
  }

  /// Vertex `i` in the shape frame (m).
  @inline(__always) func vertex(_ i: Int) -> Vec3 {
    scaled ? hull.vertices[i] * scale : hull.vertices[i]
  }

  /// Plane offset of face `f` in the shape frame (m).
  @inline(__always) func offset(_ f: Int) -> Double {
    scaled
      ? hull.faceOffsets[f] * absComponents(hull.faceNormals[f]).dot(scale) : hull.faceOffsets[f]
  }

  /// Vertex farthest along shape-frame direction `d`.
  @inline(__always) func supportIndex(_ d: Vec3) -> Int {
    if scaled { return (d.x >= 0 ? 1 : 0) | (d.y >= 0 ? 2 : 0) | (d.z >= 0 ? 4 : 0) }
    return hull.supportIndex(d)
  }

  /// Least distance from the interior point to a face (m): the scale of the tolerances.
  var innerRadius: Double { scaled ? scale.min() : hull.innerRadius }

  var interiorPoint: Vec3 { scaled ? .zero : hull.interiorPoint }

  /// The face whose outward normal is most anti-parallel to shape-frame direction `n`
  /// (least n·normal; ties to the lowest index).
  func incidentFace(_ n: Vec3) -> Int {
    hull.faceNormals.withUnsafeBufferPointer { normals in
      var best = 0
      var bestDot = Double.infinity
      for f in 0..<normals.count {
        let c = normals[f].dot(n)
        if c < bestDot {
          bestDot = c
          best = f
        }
      }
      return best
    }
  }
}

private func absComponents(_ v: Vec3) -> Vec3 {
  Vec3(Swift.abs(v.x), Swift.abs(v.y), Swift.abs(v.z))
}

/// An edge of A moved into B's frame, with the Gauss-map arc of its two face normals.
private struct EdgeArc {
  var p: Vec3
  var e: Vec3
  /// Normals of the faces on either side, and v × u.
  var u: Vec3
  var v: Vec3
  var vxu: Vec3
}

extension Narrowphase {
  /// Box or hull A against box or hull B by the separating axis test, then clipping.
  ///
  /// Axes (Gregorius, "The Separating Axis Test between Convex Polyhedra", GDC 2013): the
  /// face normals of A and of B, each with the other's support point, and the cross product
  /// of an edge of A and an edge of B only when the two edges' Gauss-map arcs cross (the pair
  /// builds a face of the Minkowski difference; otherwise the axis cannot separate more than
  /// a face does). Axis choice, reference/incident clipping with `clipSlack` and the fallback
  /// to the edge pair follow `boxBox` exactly, so a box and its hull give the same manifold.
  /// Everything runs in B's shape frame.
  ///
  /// Feature ids: face contact `featureHash(refIsA | refFace << 1, incidentFace, tag)` with the
  /// tag the incident vertex or the clipped edge (`ClipPolygon.edgeTag`); edge contact
  /// 0xF000_0000 | 28 bits of `featureHash(edgeA, edgeB, 0xE)`.
  ///
  /// - Complexity: O(F_A V_B + F_B V_A + E_A E_B). No heap allocation.
  static func polyhedronContact(
    _ a: Polyhedron, _ b: Polyhedron, margin: Double
  ) -> ContactManifold? {
    // A's frame in B's: x_B = R x_A + t.
    let rbT = b.rotation.transposed
    let r = rbT * a.rotation
    let rT = r.transposed
    let t = rbT * (a.position - b.position)

    // Faces of A: plane n·x = d in B's frame against B's deepest vertex.
    var bestA = -Double.infinity
    var faceA = 0
    for f in 0..<a.hull.faceCount {
      let n = r * a.hull.faceNormals[f]
      let d = a.offset(f) + n.dot(t)
      let s = b.vertex(b.supportIndex(-n)).dot(n) - d
      if !(s <= margin) { return nil }
      if s > bestA {
        bestA = s
        faceA = f
      }
    }
    // Faces of B against A's deepest vertex.
    var bestB = -Double.infinity
    var faceB = 0
    for g in 0..<b.hull.faceCount {
      let n = b.hull.faceNormals[g]
      let p = r * a.vertex(a.supportIndex(rT * -n)) + t
      let s = n.dot(p) - b.offset(g)
      if !(s <= margin) { return nil }
      if s > bestB {
        bestB = s
        faceB = g
      }
    }
    // Edge pairs forming Minkowski faces.
    var bestE = -Double.infinity
    var edgeA = 0
    var edgeB = 0
    var edgeAxis = Vec3.zero
    let cA = r * a.interiorPoint + t
    let edgesA = a.hull.edges.count
    let separated = withUnsafeTemporaryAllocation(of: EdgeArc.self, capacity: edgesA) {
      arcs -> Bool in
      a.hull.edges.withUnsafeBufferPointer { ea in
        a.hull.faceNormals.withUnsafeBufferPointer { na in
          for i in 0..<edgesA {
            let e = ea[i]
            let p = r * a.vertex(Int(e.v0)) + t
            let q = r * a.vertex(Int(e.v1)) + t
            let u = r * na[Int(e.face0)]
            let v = r * na[Int(e.face1)]
            arcs[i] = EdgeArc(p: p, e: q - p, u: u, v: v, vxu: v.cross(u))
          }
        }
      }
      return b.hull.edges.withUnsafeBufferPointer { eb in
        b.hull.faceNormals.withUnsafeBufferPointer { nb in
          for j in 0..<eb.count {
            let edge = eb[j]
            let p2 = b.vertex(Int(edge.v0))
            let e2 = b.vertex(Int(edge.v1)) - p2
            // Minkowski difference: B's arc is negated, c = −u₂, d = −v₂.
            let c = -nb[Int(edge.face0)]
            let d = -nb[Int(edge.face1)]
            let dxc = d.cross(c)
            let e2len2 = e2.lengthSquared
            for i in 0..<edgesA {
              let cba = c.dot(arcs[i].vxu)
              let dba = d.dot(arcs[i].vxu)
              guard cba * dba < 0 else { continue }
              let adc = arcs[i].u.dot(dxc)
              let bdc = arcs[i].v.dot(dxc)
              guard adc * bdc < 0 && cba * bdc > 0 else { continue }
              let arc = arcs[i]
              var l = arc.e.cross(e2)
              let len2 = l.lengthSquared
              // Parallel edges (sin θ < 1e-6): the face axes cover this direction.
              if len2 < 1e-12 * arc.e.lengthSquared * e2len2 { continue }
              l /= len2.squareRoot()
              if l.dot(arc.p - cA) < 0 { l = -l }
              let s = l.dot(p2 - arc.p)
              if !(s <= margin) { return true }
              if s > bestE {
                bestE = s
                edgeA = i
                edgeB = j
                edgeAxis = l
              }
            }
          }
          return false
        }
      }
    }
    if separated { return nil }

    let scale = Swift.min(a.innerRadius, b.innerRadius)
    var refIsA = true
    var faceSep = bestA
    if bestB > bestA + faceAxisTolerance * scale {
      refIsA = false
      faceSep = bestB
    }
    let frame = (r: r, t: t, rb: b.rotation, pb: b.position)
    if bestE > faceSep + 0.05 * abs(faceSep) + edgeAxisTolerance * scale {
      return polyhedronEdgeContact(a, b, frame, edgeA, edgeB, edgeAxis, margin: margin)
    }
    let slack = clipSlack * scale
    let m =
      refIsA
      ? polyhedronFaceContact(
        ref: a, inc: b, frame, refIsA: true, refFace: faceA, slack: slack, margin: margin)
      : polyhedronFaceContact(
        ref: b, inc: a, frame, refIsA: false, refFace: faceB, slack: slack, margin: margin)
    if m != nil || bestE == -Double.infinity { return m }
    return polyhedronEdgeContact(a, b, frame, edgeA, edgeB, edgeAxis, margin: margin)
  }

  /// Clips the incident face (the other polyhedron's face most anti-parallel to the reference
  /// face) against the reference face's side planes moved out by `slack` (m), in B's frame.
  private static func polyhedronFaceContact(
    ref: Polyhedron, inc: Polyhedron, _ fr: (r: Matrix3, t: Vec3, rb: Matrix3, pb: Vec3),
    refIsA: Bool, refFace: Int, slack: Double, margin: Double
  ) -> ContactManifold? {
    // Maps a shape-frame point of A or B into B's frame.
    @inline(__always) func toB(_ p: Vec3, _ isA: Bool) -> Vec3 { isA ? fr.r * p + fr.t : p }
    @inline(__always) func dirToB(_ d: Vec3, _ isA: Bool) -> Vec3 { isA ? fr.r * d : d }
    let nRef = dirToB(ref.hull.faceNormals[refFace], refIsA)
    let refOffset = ref.offset(refFace) + (refIsA ? nRef.dot(fr.t) : 0)
    // Incident face, chosen in its own frame.
    let nInInc = refIsA ? nRef : fr.r.transposed * nRef
    let incFace = inc.incidentFace(nInInc)
    let refLoop = ref.hull.faceVertexIndices(refFace)
    let incLoop = inc.hull.faceVertexIndices(incFace)
    let cap = incLoop.count + refLoop.count + 1
    let idBase = UInt32(refIsA ? 1 : 0) | UInt32(refFace) << 1
    return withUnsafeTemporaryAllocation(of: ClipVertex.self, capacity: 2 * cap) { buf in
      let p0 = UnsafeMutableBufferPointer(rebasing: buf[0..<cap])
      let p1 = UnsafeMutableBufferPointer(rebasing: buf[cap..<(2 * cap)])
      var count = 0
      for vi in incLoop {
        p0[count] = ClipVertex(p: toB(inc.vertex(Int(vi)), !refIsA), tag: UInt32(vi))
        count += 1
      }
      var cur = p0
      var other = p1
      var plane: UInt32 = 0
      var prevV = toB(ref.vertex(Int(refLoop[refLoop.endIndex - 1])), refIsA)
      for vi in refLoop {
        let v = toB(ref.vertex(Int(vi)), refIsA)
        let m = (v - prevV).cross(nRef).normalized
        count = clipPolygon(
          cur, count: count, normal: m, offset: m.dot(prevV) + slack, plane: plane, into: other)
        swap(&cur, &other)
        prevV = v
        plane += 1
        if count == 0 { return nil }
      }
      // Keep points within the margin; pull those kept by the slack back onto the face (in
      // its plane, so the separation is unchanged).
      return withUnsafeTemporaryAllocation(of: ContactCandidate.self, capacity: count) { cands in
        var kept = 0
        for i in 0..<count {
          var p = cur[i].p
          let s = nRef.dot(p) - refOffset
          if !(s <= margin) { continue }
          var prev = toB(ref.vertex(Int(refLoop[refLoop.endIndex - 1])), refIsA)
          for vi in refLoop {
            let v = toB(ref.vertex(Int(vi)), refIsA)
            let m = (v - prev).cross(nRef).normalized
            let excess = m.dot(p - prev)
            if excess > 0 { p -= excess * m }
            prev = v
          }
          let mid = p - 0.5 * s * nRef
          cands[kept] = ContactCandidate(
            position: fr.rb * mid + fr.pb, separation: s,
            featureID: featureHash(idBase, UInt32(incFace), cur[i].tag))
          kept += 1
        }
        if kept == 0 { return nil }
        let nWorld = fr.rb * (refIsA ? -nRef : nRef)
        return reducedManifold(cands, count: kept, normal: nWorld)
      }
    }
  }

  /// One point at the closest points of edge `ea` of A and edge `eb` of B; `axis` (B's
  /// frame, unit) points from A towards B.
  private static func polyhedronEdgeContact(
    _ a: Polyhedron, _ b: Polyhedron, _ fr: (r: Matrix3, t: Vec3, rb: Matrix3, pb: Vec3),
    _ ea: Int, _ eb: Int, _ axis: Vec3, margin: Double
  ) -> ContactManifold? {
    let edgeA = a.hull.edges[ea]
    let edgeB = b.hull.edges[eb]
    let p1 = fr.r * a.vertex(Int(edgeA.v0)) + fr.t
    let q1 = fr.r * a.vertex(Int(edgeA.v1)) + fr.t
    let p2 = b.vertex(Int(edgeB.v0))
    let q2 = b.vertex(Int(edgeB.v1))
    let (ca, cb) = closestPointsOnSegments(p1, q1, p2, q2)
    let n = -axis
    let sep = (ca - cb).dot(n)
    if !(sep <= margin) { return nil }
    var m = ContactManifold(normal: fr.rb * n)
    let id = 0xF000_0000 | (featureHash(UInt32(ea), UInt32(eb), 0xE) & 0x0FFF_FFFF)
    m.append(
      ContactPoint(position: fr.rb * (0.5 * (ca + cb)) + fr.pb, separation: sep, featureID: id))
    return m
  }

  /// Closest points of segments p1q1 and p2q2 (Ericson, "Real-Time Collision Detection",
  /// §5.1.9): minimise |p1 + s d1 − p2 − t d2|² over s, t ∈ [0, 1], clamping s, then t, then
  /// re-solving s. Degenerate (point) segments are handled.
  static func closestPointsOnSegments(
    _ p1: Vec3, _ q1: Vec3, _ p2: Vec3, _ q2: Vec3
  ) -> (Vec3, Vec3) {
    let d1 = q1 - p1
    let d2 = q2 - p2
    let r = p1 - p2
    let a = d1.lengthSquared
    let e = d2.lengthSquared
    let f = d2.dot(r)
    var s = 0.0
    var t = 0.0
    if a <= 0 && e <= 0 { return (p1, p2) }
    if a <= 0 {
      t = Swift.min(Swift.max(f / e, 0), 1)
    } else {
      let c = d1.dot(r)
      if e <= 0 {
        s = Swift.min(Swift.max(-c / a, 0), 1)
      } else {
        let b = d1.dot(d2)
        let denom = a * e - b * b
        // Parallel segments (denom ≈ 0): any s works; take 0 and let t follow.
        s = denom > 1e-14 * a * e ? Swift.min(Swift.max((b * f - c * e) / denom, 0), 1) : 0
        t = (b * s + f) / e
        if t < 0 {
          t = 0
          s = Swift.min(Swift.max(-c / a, 0), 1)
        } else if t > 1 {
          t = 1
          s = Swift.min(Swift.max((b - c) / a, 0), 1)
        }
      }
    }
    return (p1 + s * d1, p2 + t * d2)
  }
}
