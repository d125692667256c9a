import DioramaCore
import Foundation

// Convex shapes against static triangle meshes and heightfields.
//
// Everything runs in the mesh's shape frame: the convex shape is moved there once (relative
// transform tB⁻¹ tA), the triangles near its box are visited (mesh: `MeshBVH`; heightfield: the
// cells under the box), each gives at most one manifold, the manifolds are merged and capped
// (`mergeMeshManifolds`), and the survivors are moved to the world frame.
//
// Per triangle, with n_T the triangle's front normal:
// - back faces: a shape whose centre lies behind the triangle's plane does not touch it;
// - sphere and capsule: exact closest points (`sphereTriangle`, `capsuleTriangle`);
// - box, cylinder (as a 16-sided prism) and convex hull: separating axes and clipping
//   (`polytopeTriangle` in MeshPolytope.swift);
// - active edges: when the triangle feature that makes the contact is an inactive edge, or a
//   vertex whose two edges in that triangle are inactive (`ActiveEdges`), the normal becomes
//   n_T, so a flat tessellated floor pushes only straight up.
//
// Feature ids are built from the mesh's welded vertex ids (heightfield: sample indices), so a
// point on an edge shared by two triangles has the same id from both, and merging drops the
// duplicate.

/// One triangle as contact generation sees it, in the static shape's frame.
struct ContactTriangle {
  /// Triangle index (the manifold's `subShapeB`).
  var index: Int
  var p0: Vec3
  var p1: Vec3
  var p2: Vec3
  /// Unit front normal (non-zero: degenerate triangles are skipped before this).
  var normal: Vec3
  /// Active-edge flags, bit k for edge k (vertex k → k + 1).
  var flags: UInt8
  /// Welded vertex ids (mesh) or sample indices (heightfield), for feature ids.
  var ids: SIMD3<UInt32>

  @inline(__always) func vertex(_ i: Int) -> Vec3 {
    switch i {
    case 0: return p0
    case 1: return p1
    default: return p2
    }
  }

  /// Id of edge k from its two vertex ids: the same in both triangles that share it.
  @inline(__always) func edgeID(_ k: Int) -> UInt32 {
    let a = ids[k]
    let b = ids[(k + 1) % 3]
    return mixFeatureIDs(Swift.min(a, b), Swift.max(a, b))
  }

  /// Whether a contact on `region` keeps its own normal (see `ActiveEdges.allowsOwnNormal`).
  @inline(__always) func allowsOwnNormal(_ region: TriangleRegion) -> Bool {
    ActiveEdges.allowsOwnNormal(region, flags: flags)
  }
}

/// A 32-bit mix of two ids (the finaliser of MurmurHash3 over a combined word), for feature
/// ids that must be stable, not unique: collisions only merge two points of one manifold.
@inline(__always) func mixFeatureIDs(_ a: UInt32, _ b: UInt32) -> UInt32 {
  var h = a &* 0x9E37_79B1 ^ (b &+ 0x7F4A_7C15) &* 0x85EB_CA77
  h ^= h >> 16
  h = h &* 0x7FEB_352D
  h ^= h >> 15
  h = h &* 0x846C_A68B
  h ^= h >> 16
  return h
}

extension TriangleMesh {
  /// Triangle `t` for contact generation, or nil when it is degenerate.
  @inline(__always) func contactTriangle(_ t: Int) -> ContactTriangle? {
    let n = triangleNormals[t]
    if n == .zero { return nil }
    let tri = triangles[t]
    let w = weldedTriangles[t]
    return ContactTriangle(
      index: t, p0: vertices[Int(tri.x)], p1: vertices[Int(tri.y)], p2: vertices[Int(tri.z)],
      normal: n, flags: activeEdges[t],
      ids: SIMD3(UInt32(bitPattern: w.x), UInt32(bitPattern: w.y), UInt32(bitPattern: w.z)))
  }
}

extension Heightfield {
  /// Triangle `t` for contact generation.
  @inline(__always) func contactTriangle(_ t: Int) -> ContactTriangle {
    let s = triangleSamples(t)
    let a = samplePoint(s.x)
    let b = samplePoint(s.y)
    let c = samplePoint(s.z)
    return ContactTriangle(
      index: t, p0: a, p1: b, p2: c, normal: (b - a).cross(c - a).normalized,
      flags: activeEdges[t],
      ids: SIMD3(UInt32(bitPattern: s.x), UInt32(bitPattern: s.y), UInt32(bitPattern: s.z)))
  }
}

/// The convex shape A placed in the static shape's frame.
struct MeshConvex {
  enum Kind {
    case sphere, capsule, box, prism, hull
  }
  var kind: Kind
  /// Centre (m): the shape origin; for a hull the mean of its vertices.
  var center: Vec3
  /// The shape's local x, y, z axes (unit).
  var a0: Vec3
  var a1: Vec3
  var a2: Vec3
  /// Box half-extents (m).
  var half: Vec3 = .zero
  /// Sphere, capsule or cylinder radius (m).
  var radius: Double = 0
  /// Capsule or cylinder half-height (m).
  var halfHeight: Double = 0
  /// Polytope vertices (box 8, prism 32, hull n), in the static shape's frame (m).
  var vertices: UnsafeMutableBufferPointer<Vec3>
  var vertexCount: Int = 0
  /// Smallest size of the shape (m), for the axis-choice tolerances.
  var scale: Double = 1

  @inline(__always) func axis(_ k: Int) -> Vec3 {
    switch k {
    case 0: return a0
    case 1: return a1
    default: return a2
    }
  }
}

/// Scratch buffers for one collideStatic call (stack-allocated, reused for every triangle).
struct MeshScratch {
  static let clipCapacity = 64
  /// Clipping ping-pong buffers.
  var clipA: UnsafeMutableBufferPointer<ClipVertex>
  var clipB: UnsafeMutableBufferPointer<ClipVertex>
  /// Candidate contact points of one triangle.
  var points: UnsafeMutableBufferPointer<ContactPoint>
  /// Hull vertices projected to a plane (one per vertex).
  var flat: UnsafeMutableBufferPointer<SIMD2<Double>>
  /// Hull vertex indices (one per vertex).
  var marks: UnsafeMutableBufferPointer<Int32>
}

extension Narrowphase {
  /// Most manifolds one convex shape gets from one mesh or heightfield.
  static let meshMaxManifolds = 8
  /// Manifolds whose normals agree to within this cosine are merged: cos 5°, the active-edge
  /// coplanarity angle, so the triangles of a flat or gently bent floor make one manifold.
  static let meshMergeCosine = ActiveEdges.coplanarCosine
  /// Separations closer than this (m) count as equal when choosing the deepest point to keep
  /// (then the lowest feature id wins), so a resting body's kept points do not flicker.
  static let meshDepthTieTolerance = 1e-6
  /// Sides of the prism that stands in for a cylinder against triangles.
  static let prismSides = 16

  /// Convex shape `a` placed by `ta` against the mesh or heightfield `b` placed by `tb`;
  /// appends at most `meshMaxManifolds` manifolds, `subShapeB` the triangle index (see the
  /// comment at the top of this file).
  static func collideConvexStatic(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double,
    into manifolds: inout [ContactManifold]
  ) {
    // A in B's frame: x_B = R_Bᵀ (R_A x + p_A − p_B).
    let rel = Transform(
      position: tb.inverseApply(ta.position), rotation: tb.rotation.conjugate * ta.rotation)
    let query = a.aabb(rel).expanded(by: margin)
    let first = manifolds.count
    var hullCount = 0
    if case .convexHull(let hull) = a { hullCount = hull.vertices.count }
    let vertexCapacity = Swift.max(2 * prismSides, hullCount)
    withUnsafeTemporaryAllocation(of: Vec3.self, capacity: vertexCapacity) { verts in
      withUnsafeTemporaryAllocation(of: ClipVertex.self, capacity: MeshScratch.clipCapacity) {
        clipA in
        withUnsafeTemporaryAllocation(of: ClipVertex.self, capacity: MeshScratch.clipCapacity) {
          clipB in
          withUnsafeTemporaryAllocation(
            of: ContactPoint.self, capacity: MeshScratch.clipCapacity
          ) { points in
            withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: vertexCapacity) {
              flat in
              withUnsafeTemporaryAllocation(of: Int32.self, capacity: vertexCapacity) { marks in
                let scratch = MeshScratch(
                  clipA: clipA, clipB: clipB, points: points, flat: flat, marks: marks)
                let convex = makeMeshConvex(a, rel, vertices: verts)
                switch b {
                case .triangleMesh(let mesh):
                  mesh.forEachTriangle(overlapping: query) { t in
                    guard let tri = mesh.contactTriangle(t) else { return }
                    if let m = collideTriangle(convex, tri, margin: margin, scratch) {
                      manifolds.append(m)
                    }
                  }
                case .heightfield(let field):
                  field.forEachTriangle(overlapping: query) { t in
                    let tri = field.contactTriangle(t)
                    if let m = collideTriangle(convex, tri, margin: margin, scratch) {
                      manifolds.append(m)
                    }
                  }
                default:
                  preconditionFailure("collideStatic: shape B must be a mesh or heightfield")
                }
              }
            }
          }
        }
      }
    }
    if manifolds.count == first { return }
    // A sphere touches a surface at one point per normal: keep the deepest.
    var pointsPerManifold = 4
    if case .sphere = a { pointsPerManifold = 1 }
    mergeMeshManifolds(&manifolds, from: first, pointsPerManifold: pointsPerManifold)
    // Back to the world frame.
    let r = tb.rotation
    for k in first..<manifolds.count {
      manifolds[k].normal = r.rotate(manifolds[k].normal)
      for i in 0..<manifolds[k].pointCount {
        manifolds[k][i].position = tb.apply(manifolds[k][i].position)
      }
    }
  }

  /// Shape `a` placed by `t` (in the static shape's frame) as a `MeshConvex`; polytope
  /// vertices are written to `vertices`.
  static func makeMeshConvex(
    _ a: Shape, _ t: Transform, vertices: UnsafeMutableBufferPointer<Vec3>
  ) -> MeshConvex {
    let m = t.rotation.matrix
    let a0 = Vec3(m.r0.x, m.r1.x, m.r2.x)
    let a1 = Vec3(m.r0.y, m.r1.y, m.r2.y)
    let a2 = Vec3(m.r0.z, m.r1.z, m.r2.z)
    let c = t.position
    var s = MeshConvex(kind: .sphere, center: c, a0: a0, a1: a1, a2: a2, vertices: vertices)
    switch a {
    case .sphere(let r):
      s.radius = r
      s.scale = r
    case .capsule(let r, let h):
      s.kind = .capsule
      s.radius = r
      s.halfHeight = h
      s.scale = r
    case .box(let h):
      s.kind = .box
      s.half = h
      s.scale = h.min()
      for i in 0..<8 {
        let x = i & 1 != 0 ? h.x : -h.x
        let y = i & 2 != 0 ? h.y : -h.y
        let z = i & 4 != 0 ? h.z : -h.z
        vertices[i] = c + x * a0 + y * a1 + z * a2
      }
      s.vertexCount = 8
    case .cylinder(let r, let h):
      s.kind = .prism
      s.radius = r
      s.halfHeight = h
      s.scale = Swift.min(r, h)
      for i in 0..<prismSides {
        let rim = c + r * (Self.prismCos[i] * a0 + Self.prismSin[i] * a1)
        vertices[i] = rim - h * a2
        vertices[prismSides + i] = rim + h * a2
      }
      s.vertexCount = 2 * prismSides
    case .convexHull(let hull):
      s.kind = .hull
      let n = hull.vertices.count
      precondition(n > 0, "collideStatic: a convex hull needs vertices")
      var sum = Vec3.zero
      var lo = Vec3(repeating: .infinity)
      var hi = Vec3(repeating: -.infinity)
      for (i, v) in hull.vertices.enumerated() {
        let w = c + v.x * a0 + v.y * a1 + v.z * a2
        vertices[i] = w
        sum += w
        lo = pointwiseMin(lo, v)
        hi = pointwiseMax(hi, v)
      }
      s.center = sum / Double(n)
      s.vertexCount = n
      // Least extent of the local box; a flat hull falls back to 1e-3 of its largest.
      let e = hi - lo
      s.scale = 0.5 * Swift.max(e.min(), 1e-3 * e.max())
    default:
      preconditionFailure("collideStatic: shape A must be convex")
    }
    return s
  }

  /// The manifold of `c` against one triangle, in the static shape's frame.
  @inline(__always)
  static func collideTriangle(
    _ c: MeshConvex, _ tri: ContactTriangle, margin: Double, _ scratch: MeshScratch
  ) -> ContactManifold? {
    switch c.kind {
    case .sphere:
      return sphereTriangle(c.center, c.radius, tri, margin: margin)
    case .capsule:
      let h = c.halfHeight * c.a2
      return capsuleTriangle(c.center - h, c.center + h, c.radius, tri, margin: margin)
    case .box, .prism, .hull:
      return polytopeTriangle(c, tri, margin: margin, scratch)
    }
  }

  // MARK: - Sphere

  /// Sphere of centre `c` and radius `r` (m) against a triangle, by the closest point q on
  /// the triangle (Ericson, "Real-Time Collision Detection", §5.1.5): n = (c − q)/|c − q|,
  /// separation |c − q| − r. On an inactive edge or vertex n becomes n_T and the separation
  /// stays the true distance, as in Jolt (moving |c − q| − r along any direction cannot reach
  /// the triangle). Feature id: face, edge (from its vertex ids) or vertex id.
  static func sphereTriangle(_ c: Vec3, _ r: Double, _ tri: ContactTriangle, margin: Double)
    -> ContactManifold?
  {
    let h = tri.normal.dot(c - tri.p0)
    if h < 0 || !(h - r <= margin) { return nil }
    let (q, region) = closestPointOnTriangle(c, tri.p0, tri.p1, tri.p2)
    let d = c - q
    let dist = d.length
    let s = dist - r
    if !(s <= margin) { return nil }
    var n = dist > 1e-12 * Swift.max(r, 1e-300) ? d / dist : tri.normal
    if !tri.allowsOwnNormal(region) { n = tri.normal }
    var m = ContactManifold(normal: n)
    m.subShapeB = UInt32(truncatingIfNeeded: tri.index)
    m.append(
      ContactPoint(
        position: 0.5 * ((c - r * n) + q), separation: s,
        featureID: regionFeatureID(region, tri)))
    return m
  }

  /// Feature id of a triangle region: 0x1… face (triangle index), 0x2… edge (vertex ids),
  /// 0x3… vertex (its id).
  @inline(__always)
  static func regionFeatureID(_ region: TriangleRegion, _ tri: ContactTriangle) -> UInt32 {
    switch region {
    case .face: return 0x1000_0000 | UInt32(truncatingIfNeeded: tri.index) & 0x0FFF_FFFF
    case .edge(let k): return 0x2000_0000 | tri.edgeID(k) & 0x0FFF_FFFF
    case .vertex(let i): return 0x3000_0000 | tri.ids[i] & 0x0FFF_FFFF
    }
  }

  /// Closest point of triangle a, b, c to p, and the region it lies in (Ericson §5.1.5:
  /// barycentric tests against the vertex, edge and face Voronoi regions in turn).
  static func closestPointOnTriangle(_ p: Vec3, _ a: Vec3, _ b: Vec3, _ c: Vec3)
    -> (Vec3, TriangleRegion)
  {
    let ab = b - a
    let ac = c - a
    let ap = p - a
    let d1 = ab.dot(ap)
    let d2 = ac.dot(ap)
    if d1 <= 0 && d2 <= 0 { return (a, .vertex(0)) }
    let bp = p - b
    let d3 = ab.dot(bp)
    let d4 = ac.dot(bp)
    if d3 >= 0 && d4 <= d3 { return (b, .vertex(1)) }
    let vc = d1 * d4 - d3 * d2
    if vc <= 0 && d1 >= 0 && d3 <= 0 {
      return (a + (d1 / (d1 - d3)) * ab, .edge(0))
    }
    let cp = p - c
    let d5 = ab.dot(cp)
    let d6 = ac.dot(cp)
    if d6 >= 0 && d5 <= d6 { return (c, .vertex(2)) }
    let vb = d5 * d2 - d1 * d6
    if vb <= 0 && d2 >= 0 && d6 <= 0 {
      return (a + (d2 / (d2 - d6)) * ac, .edge(2))
    }
    let va = d3 * d6 - d5 * d4
    if va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0 {
      return (b + ((d4 - d3) / ((d4 - d3) + (d5 - d6))) * (c - b), .edge(1))
    }
    let inv = 1 / (va + vb + vc)
    return (a + (vb * inv) * ab + (vc * inv) * ac, .face)
  }

  /// Closest points of segments p1–q1 and p2–q2 (Ericson §5.1.9): parameters s, t ∈ [0, 1]
  /// and the points. Parallel segments take s = 0 (then t, then s re-clamped).
  static func closestPointsOfSegments(_ p1: Vec3, _ q1: Vec3, _ p2: Vec3, _ q2: Vec3)
    -> (s: Double, t: Double, c1: Vec3, c2: Vec3)
  {
    let d1 = q1 - p1
    let d2 = q2 - p2
    let r = p1 - p2
    let a = d1.dot(d1)
    let e = d2.dot(d2)
    let f = d2.dot(r)
    func clamp01(_ x: Double) -> Double { Swift.min(Swift.max(x, 0), 1) }
    var s = 0.0
    var t = 0.0
    if a <= 1e-300 && e <= 1e-300 {
      // Both degenerate to points.
    } else if a <= 1e-300 {
      t = clamp01(f / e)
    } else {
      let c = d1.dot(r)
      if e <= 1e-300 {
        s = clamp01(-c / a)
      } else {
        let b = d1.dot(d2)
        let denom = a * e - b * b
        s = denom > 1e-14 * a * e ? clamp01((b * f - c * e) / denom) : 0
        t = (b * s + f) / e
        if t < 0 {
          t = 0
          s = clamp01(-c / a)
        } else if t > 1 {
          t = 1
          s = clamp01((b - c) / a)
        }
      }
    }
    return (s, t, p1 + s * d1, p2 + t * d2)
  }

  // MARK: - Capsule

  /// Capsule of core segment a–b and radius `r` (m) against a triangle.
  ///
  /// Closest points of the segment and the triangle (Ericson §5.1.10): if the segment
  /// pierces the triangle they touch (distance 0, normal n_T); otherwise the closest pair is
  /// an endpoint against the triangle or the segment against an edge. Then:
  /// - face-like (the triangle's interior, an inactive edge or vertex, or a normal within
  ///   1e-6 of n_T): the segment is clipped by the triangle's three side planes, and each end
  ///   of what remains is a point with separation n_T·(x − p₀) − r (two points for a capsule
  ///   lying on the triangle); if nothing remains, the closest pair with normal n_T;
  /// - an active edge nearly parallel to the segment (|cos| ≥ 0.999): the segment is clipped
  ///   to the edge's extent, two points, separations along the common normal;
  /// - otherwise one point at the closest pair.
  static func capsuleTriangle(
    _ a: Vec3, _ b: Vec3, _ r: Double, _ tri: ContactTriangle, margin: Double
  ) -> ContactManifold? {
    let nT = tri.normal
    let ha = nT.dot(a - tri.p0)
    let hb = nT.dot(b - tri.p0)
    if ha + hb < 0 || !(Swift.min(ha, hb) - r <= margin) { return nil }

    // Closest pair: segment point, triangle point, triangle region, squared distance.
    var best = (seg: a, tri: a, region: TriangleRegion.face, d2: Double.infinity)
    var pierced = false
    if (ha <= 0 && hb >= 0) || (ha >= 0 && hb <= 0), ha != hb {
      let x = a + (ha / (ha - hb)) * (b - a)
      if pointInTriangle(x, tri) {
        pierced = true
        best = (x, x, .face, 0)
      }
    }
    if !pierced {
      for j in 0..<2 {
        let p = j == 0 ? a : b
        let (q, region) = closestPointOnTriangle(p, tri.p0, tri.p1, tri.p2)
        let d2 = (p - q).lengthSquared
        if d2 < best.d2 { best = (p, q, region, d2) }
      }
      for k in 0..<3 {
        let (_, t, c1, c2) = closestPointsOfSegments(a, b, tri.vertex(k), tri.vertex((k + 1) % 3))
        let d2 = (c1 - c2).lengthSquared
        if d2 < best.d2 {
          let region: TriangleRegion =
            t <= 0 ? .vertex(k) : (t >= 1 ? .vertex((k + 1) % 3) : .edge(k))
          best = (c1, c2, region, d2)
        }
      }
    }
    let dist = best.d2.squareRoot()
    let s = dist - r
    if !(s <= margin) { return nil }
    var n = dist > 1e-12 * Swift.max(r, 1e-300) ? (best.seg - best.tri) / dist : nT
    let ownNormal = tri.allowsOwnNormal(best.region)
    if !ownNormal { n = nT }
    let triID = UInt32(truncatingIfNeeded: tri.index)

    if case .face = best.region {
    } else if ownNormal && n.dot(nT) < 1 - 1e-6 {
      // An active edge or vertex with a normal of its own.
      if case .edge(let k) = best.region {
        let p = tri.vertex(k)
        let e = tri.vertex((k + 1) % 3) - p
        let len2 = e.lengthSquared
        let u = b - a
        if abs(u.dot(e)) >= 0.999 * (u.lengthSquared * len2).squareRoot() {
          // Nearly parallel: clip the segment to the edge's extent 0 ≤ (x − p)·e ≤ |e|².
          let ea = (a - p).dot(e)
          let eb = (b - p).dot(e)
          var t0 = 0.0
          var t1 = 1.0
          if ea != eb {
            let lo = (0 - ea) / (eb - ea)
            let hi = (len2 - ea) / (eb - ea)
            t0 = Swift.max(0, Swift.min(lo, hi))
            t1 = Swift.min(1, Swift.max(lo, hi))
          }
          if t0 < t1 {
            var m = ContactManifold(normal: n)
            m.subShapeB = triID
            for j in 0..<2 {
              let x = a + (j == 0 ? t0 : t1) * u
              let q = p + Swift.min(Swift.max((x - p).dot(e) / len2, 0), 1) * e
              let sj = n.dot(x - q) - r
              if sj <= margin {
                let id = 0x7000_0000 | mixFeatureIDs(tri.edgeID(k), UInt32(j)) & 0x0FFF_FFFF
                m.append(
                  ContactPoint(
                    position: 0.5 * ((x - r * n) + q), separation: sj,
                    featureID: id))
              }
            }
            if m.pointCount > 0 { return m }
          }
        }
      }
      var m = ContactManifold(normal: n)
      m.subShapeB = triID
      m.append(
        ContactPoint(
          position: 0.5 * ((best.seg - r * n) + best.tri), separation: s,
          featureID: 0x7000_0000 | regionFeatureID(best.region, tri) & 0x0FFF_FFFF))
      return m
    }

    // Face-like: clip the segment by the triangle's side planes.
    var m = ContactManifold(normal: nT)
    m.subShapeB = triID
    if let (t0, t1, k0, k1) = clipSegmentToTriangle(a, b, tri) {
      let ends = t1 - t0 > 1e-9 ? 2 : 1
      for j in 0..<ends {
        let t = j == 0 ? t0 : t1
        let plane = j == 0 ? k0 : k1
        let x = a + t * (b - a)
        let h = nT.dot(x - tri.p0)
        let sj = h - r
        if !(sj <= margin) { continue }
        // Ends of the segment are named by end (0, 1), cuts by the edge they lie on.
        let id =
          plane < 0
          ? 0x5000_0000 | UInt32(t == 0 ? 0 : (t == 1 ? 1 : 2))
          : 0x6000_0000 | tri.edgeID(plane) & 0x0FFF_FFFF
        m.append(
          ContactPoint(
            position: 0.5 * ((x - r * nT) + (x - h * nT)), separation: sj, featureID: id))
      }
    }
    if m.pointCount > 0 { return m }
    m = ContactManifold(normal: n)
    m.subShapeB = triID
    m.append(
      ContactPoint(
        position: 0.5 * ((best.seg - r * n) + best.tri), separation: s,
        featureID: (ownNormal ? 0x5000_0000 : meshSecondaryFeature)
          | regionFeatureID(best.region, tri) & 0x0FFF_FFFF))
    return m
  }

  /// Whether x (on the triangle's plane) lies in the closed triangle.
  @inline(__always) static func pointInTriangle(_ x: Vec3, _ tri: ContactTriangle) -> Bool {
    for k in 0..<3 {
      let p = tri.vertex(k)
      let e = tri.vertex((k + 1) % 3) - p
      if e.cross(tri.normal).dot(x - p) > 0 { return false }
    }
    return true
  }

  /// The part t0…t1 of segment a + t(b − a), 0 ≤ t ≤ 1, inside the triangle's three side
  /// planes (the planes through its edges containing n_T), with the edge that cut each end
  /// (−1 for an original end); nil when nothing is inside.
  static func clipSegmentToTriangle(_ a: Vec3, _ b: Vec3, _ tri: ContactTriangle)
    -> (Double, Double, Int, Int)?
  {
    var t0 = 0.0
    var t1 = 1.0
    var k0 = -1
    var k1 = -1
    for k in 0..<3 {
      let p = tri.vertex(k)
      let o = (tri.vertex((k + 1) % 3) - p).cross(tri.normal)  // outward
      let da = o.dot(a - p)
      let db = o.dot(b - p)
      if da > 0 && db > 0 { return nil }
      if da > 0 {
        let t = da / (da - db)
        if t > t0 {
          t0 = t
          k0 = k
        }
      } else if db > 0 {
        let t = da / (da - db)
        if t < t1 {
          t1 = t
          k1 = k
        }
      }
      if t0 > t1 { return nil }
    }
    return (t0, t1, k0, k1)
  }

  // MARK: - Merging

  /// Feature-id prefix of a capsule point made on an inactive edge or vertex whose triangle
  /// the core does not cross (normal n_T, separation the true distance): it stands in for
  /// contact only when no triangle of its group has the core over it (a capsule right above a
  /// gently convex crease), and is dropped from a group that has real face points.
  static let meshSecondaryFeature: UInt32 = 0xD000_0000

  /// Merges the manifolds `manifolds[first...]` (one per triangle, static shape's frame):
  /// manifolds whose normals agree to within `meshMergeCosine` form a group (in triangle
  /// order, each joining the first group whose first member it agrees with). A group becomes
  /// one manifold: the union of its points (without `meshSecondaryFeature` points when it has
  /// others) reduced to `pointsPerManifold` by `reducePoints`, equal feature ids kept once;
  /// the normal of its deepest member; `subShapeB` its lowest triangle index (stable while the
  /// same triangles touch). Then at most `meshMaxManifolds` groups are kept, the deepest (ties
  /// to the lower triangle index).
  ///
  /// This is a reduction, not a capacity limit: on a tessellated floor every triangle under
  /// a box makes a manifold of its own, and a solver wants the four corner points once.
  /// `pointsPerManifold` (1…4) is 1 for a sphere: its true contact is one point, and the
  /// others come from neighbouring triangles' edges at their (larger) true distances.
  ///
  /// - Complexity: O(m g) for m manifolds in g groups.
  static func mergeMeshManifolds(
    _ manifolds: inout [ContactManifold], from first: Int, pointsPerManifold: Int = 4
  ) {
    let end = manifolds.count
    let count = end - first
    if count <= 1 { return }
    var groups = 0
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { scratch in
      // groupOf[k] for manifold first + k; leader[g] = index (from first) of group g's first.
      let groupOf = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
      let leader = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
      for k in 0..<count {
        let n = manifolds[first + k].normal
        var g = 0
        while g < groups && manifolds[first + Int(leader[g])].normal.dot(n) < meshMergeCosine {
          g += 1
        }
        if g == groups {
          leader[groups] = Int32(k)
          groups += 1
        }
        groupOf[k] = Int32(g)
      }
      if groups == count { return }
      withUnsafeTemporaryAllocation(
        of: ContactPoint.self, capacity: ContactManifold.capacity * count
      ) { buffer in
        for g in 0..<groups {
          // Gather: real points first, secondary ones only if there are no real ones.
          var n = 0
          var deepest = Double.infinity
          var normal = manifolds[first + Int(leader[g])].normal
          var subShape = UInt32.max
          let subShapeA = manifolds[first + Int(leader[g])].subShapeA
          for pass in 0..<2 {
            for k in Int(leader[g])..<count where Int(groupOf[k]) == g {
              let m = manifolds[first + k]
              if pass == 0 {
                subShape = Swift.min(subShape, m.subShapeB)
                if m.minSeparation < deepest {
                  deepest = m.minSeparation
                  normal = m.normal
                }
              }
              for i in 0..<m.pointCount {
                let secondary = m[i].featureID & 0xF000_0000 == meshSecondaryFeature
                if secondary == (pass == 1) {
                  buffer[n] = m[i]
                  n += 1
                }
              }
            }
            if n > 0 { break }
          }
          let chosen = reducePoints(buffer, count: n, normal: normal, limit: pointsPerManifold)
          var merged = ContactManifold(normal: normal)
          merged.subShapeA = subShapeA
          merged.subShapeB = subShape
          for c in 0..<4 where chosen[c] >= 0 {
            let i = chosen[c]
            // Equal ids name one point seen from two triangles: keep it once.
            var known = false
            for j in 0..<merged.pointCount where merged[j].featureID == buffer[i].featureID {
              known = true
            }
            if !known { merged.append(buffer[i]) }
          }
          // Groups are written in order: slot g is at or before group g's leader, and later
          // groups' members come after their own leaders, so no unread member is overwritten.
          manifolds[first + g] = merged
        }
      }
    }
    if groups < count { manifolds.removeSubrange((first + groups)..<end) }
    // Keep the deepest groups.
    while groups > meshMaxManifolds {
      var worst = first
      for g in (first + 1)..<(first + groups) {
        let a = manifolds[g]
        let w = manifolds[worst]
        if a.minSeparation > w.minSeparation
          || (a.minSeparation == w.minSeparation && a.subShapeB > w.subShapeB)
        {
          worst = g
        }
      }
      manifolds.remove(at: worst)
      groups -= 1
    }
  }

  /// At most `limit` (1 or 4) of `count` points, as indices (−1 for none), in ascending
  /// order: all when that many or fewer;
  /// otherwise the deepest (separations within `meshDepthTieTolerance` tie, then the lowest
  /// feature id), then for four the one farthest from it, the one making the largest triangle
  /// with those two, and the one most outside that triangle (Gregorius, "Robust contact
  /// creation", GDC 2015, as `Narrowphase.reduce`). Ties go to the lower index:
  /// deterministic.
  static func reducePoints(
    _ p: UnsafeMutableBufferPointer<ContactPoint>, count: Int, normal n: Vec3, limit: Int = 4
  ) -> SIMD4<Int> {
    if count <= limit {
      var all = SIMD4<Int>(repeating: -1)
      for i in 0..<count { all[i] = i }
      return all
    }
    var minS = Double.infinity
    for i in 0..<count { minS = Swift.min(minS, p[i].separation) }
    var i0 = -1
    for i in 0..<count where p[i].separation <= minS + meshDepthTieTolerance {
      if i0 < 0 || p[i].featureID < p[i0].featureID { i0 = i }
    }
    if limit == 1 { return SIMD4(i0, -1, -1, -1) }
    let (i1, i2, i3) = spanningIndices(count: count, first: i0, normal: n) { p[$0].position }
    // Ascending, so that points keep their candidate order in the manifold.
    var chosen = SIMD4(i0, i1, i2, i3)
    for a in 1..<4 {
      var b = a
      while b > 0 && chosen[b - 1] > chosen[b] {
        (chosen[b - 1], chosen[b]) = (chosen[b], chosen[b - 1])
        b -= 1
      }
    }
    return chosen
  }
}

extension Narrowphase {
  /// cos and sin of 2πi/16, i = 0…15: the rim of the prism standing in for a cylinder.
  static let prismCos = (0..<16).map { Foundation.cos(2 * Double.pi * Double($0) / 16) }
  static let prismSin = (0..<16).map { Foundation.sin(2 * Double.pi * Double($0) / 16) }
  /// cos and sin of the mid-angles 2π(i + ½)/16: outward normals of the prism's side faces.
  static let prismMidCos = (0..<16).map { Foundation.cos(2 * Double.pi * (Double($0) + 0.5) / 16) }
  static let prismMidSin = (0..<16).map { Foundation.sin(2 * Double.pi * (Double($0) + 0.5) / 16) }
}
