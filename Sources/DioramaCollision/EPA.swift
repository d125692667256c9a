import DioramaCore
import Foundation

/// The expanding polytope algorithm: penetration depth and direction of two overlapping cores.
///
/// van den Bergen, "Proximity queries and penetration depth computation on 3D game objects",
/// GDC 2001; Ericson (2005) §9.5. The Minkowski difference A − B contains the origin; starting
/// from GJK's final simplex (blown up to a tetrahedron around the origin), repeatedly take the
/// polytope face nearest the origin, add the support point along its normal, and replace the
/// faces that point sees by a cone to their horizon, until the support point lies within
/// tolerance of the face. The nearest face's normal n and distance d give the penetration:
/// moving A by −d n separates the cores.
///
/// Robustness: the loop stops after `maxIterations` or `maxFaces` and returns the best face
/// found so far; a polytope that cannot be inflated to a tetrahedron (the cores only touch,
/// or are flat against each other) gives depth 0 along the direction tried last.
enum EPA {
  struct Result {
    /// Unit normal from B towards A: moving A along it by `depth` separates the cores.
    var normal: Vec3
    /// Penetration depth of the cores (m), ≥ 0.
    var depth: Double
    /// Deepest points on core A and core B (world, m): pointA − pointB = −depth · normal.
    var pointA: Vec3
    var pointB: Vec3
  }

  static let maxIterations = 64
  static let maxFaces = 256

  private struct Face {
    var i: Int
    var j: Int
    var k: Int
    /// Outward unit normal and distance of the plane from the origin.
    var n: Vec3
    var d: Double
    var alive: Bool
  }

  @inline(__always) private static func supportVertex(
    _ a: ConvexCore, _ b: ConvexCore, _ d: Vec3
  ) -> SimplexVertex {
    let sa = a.support(d)
    let sb = b.support(-d)
    return SimplexVertex(w: sa - sb, a: sa, b: sb)
  }

  /// Penetration of the cores of `a` and `b`, whose GJK run ended with `simplex` around the
  /// origin.
  ///
  /// - Complexity: O(iterations × faces); allocates small arrays (deep contacts only).
  static func penetration(_ a: ConvexCore, _ b: ConvexCore, simplex: Simplex) -> Result {
    var verts: [SimplexVertex] = []
    verts.reserveCapacity(maxIterations + 4)
    for i in 0..<simplex.count { verts.append(simplex[i]) }
    var scale = 0.0
    for v in verts { scale = Swift.max(scale, v.w.length) }
    scale = Swift.max(scale, supportVertex(a, b, Vec3(1, 0, 0)).w.length)
    let eps = 1e-10 * scale
    var lastDir = (a.center - b.center).normalized
    if lastDir == .zero { lastDir = Vec3(0, 0, 1) }

    // Inflate to a tetrahedron: add support points in directions leaving the current span.
    if verts.count == 1 {
      for k in 0..<6 {
        var d = Vec3.zero
        d[k / 2] = k % 2 == 0 ? 1 : -1
        let s = supportVertex(a, b, d)
        if (s.w - verts[0].w).length > eps {
          verts.append(s)
          break
        }
      }
    }
    if verts.count == 2 {
      let axis = (verts[1].w - verts[0].w).normalized
      let u = axis.anyOrthogonal
      let v = axis.cross(u)
      for k in 0..<6 {
        let angle = Double(k) * Double.pi / 3
        let d = cos(angle) * u + sin(angle) * v
        let s = supportVertex(a, b, d)
        let r = s.w - verts[0].w
        if (r - r.dot(axis) * axis).length > eps {
          verts.append(s)
          break
        }
      }
    }
    if verts.count == 3 {
      let n = (verts[1].w - verts[0].w).cross(verts[2].w - verts[0].w).normalized
      for d in [n, -n] {
        let s = supportVertex(a, b, d)
        if abs(n.dot(s.w - verts[0].w)) > eps {
          verts.append(s)
          break
        }
      }
    }
    guard verts.count == 4 else {
      // Touching without volume: depth 0.
      let (pa, pb) = simplex.witnesses
      return Result(normal: lastDir, depth: 0, pointA: pa, pointB: pb)
    }

    var faces: [Face] = []
    faces.reserveCapacity(maxFaces)
    func makeFace(_ i: Int, _ j: Int, _ k: Int) -> Face? {
      let p = verts[i].w
      var n = (verts[j].w - p).cross(verts[k].w - p)
      let len = n.length
      if !(len > 1e-14 * scale * scale) { return nil }
      n /= len
      return Face(i: i, j: j, k: k, n: n, d: n.dot(p), alive: true)
    }
    // Orient the tetrahedron's faces outward (away from the opposite vertex).
    let c = 0.25 * (verts[0].w + verts[1].w + verts[2].w + verts[3].w)
    for (i, j, k) in [(0, 1, 2), (0, 3, 1), (0, 2, 3), (1, 3, 2)] {
      guard var f = makeFace(i, j, k) else {
        let (pa, pb) = simplex.witnesses
        return Result(normal: lastDir, depth: 0, pointA: pa, pointB: pb)
      }
      if f.n.dot(verts[i].w - c) < 0, let flipped = makeFace(i, k, j) { f = flipped }
      faces.append(f)
    }

    var best = 0
    var horizon: [(Int, Int)] = []
    var killed: [Int] = []
    for _ in 0..<maxIterations {
      best = -1
      for f in 0..<faces.count where faces[f].alive {
        if best < 0 || faces[f].d < faces[best].d { best = f }
      }
      let face = faces[best]
      let s = supportVertex(a, b, face.n)
      let gain = face.n.dot(s.w) - face.d
      if gain <= eps || verts.count >= maxIterations + 4 { break }
      // Remove the faces the new point sees; their unshared edges form the horizon.
      let newIndex = verts.count
      verts.append(s)
      horizon.removeAll(keepingCapacity: true)
      killed.removeAll(keepingCapacity: true)
      for f in 0..<faces.count where faces[f].alive {
        let fc = faces[f]
        if fc.n.dot(s.w - verts[fc.i].w) > eps {
          faces[f].alive = false
          killed.append(f)
          for e in 0..<3 {
            let (u, v) = e == 0 ? (fc.i, fc.j) : e == 1 ? (fc.j, fc.k) : (fc.k, fc.i)
            if let h = horizon.firstIndex(where: { $0 == (v, u) }) {
              horizon.remove(at: h)
            } else {
              horizon.append((u, v))
            }
          }
        }
      }
      let start = faces.count
      var ok = start + horizon.count <= maxFaces
      if ok {
        for (u, v) in horizon {
          guard let f = makeFace(u, v, newIndex) else {
            ok = false
            break
          }
          faces.append(f)
        }
      }
      if !ok {
        // Cannot grow further (capacity, or a sliver face from round-off): restore the
        // polytope as it was and report its nearest face.
        faces.removeLast(faces.count - start)
        for f in killed { faces[f].alive = true }
        break
      }
    }
    best = -1
    for f in 0..<faces.count where faces[f].alive {
      if best < 0 || faces[f].d < faces[best].d { best = f }
    }
    let f = faces[best]
    // Barycentric coordinates of the origin's projection d n on the face.
    let p = f.d * f.n
    let wa = verts[f.i]
    let wb = verts[f.j]
    let wc = verts[f.k]
    let v0 = wb.w - wa.w
    let v1 = wc.w - wa.w
    let v2 = p - wa.w
    let d00 = v0.dot(v0)
    let d01 = v0.dot(v1)
    let d11 = v1.dot(v1)
    let d20 = v2.dot(v0)
    let d21 = v2.dot(v1)
    let den = d00 * d11 - d01 * d01
    var l1 = den > 0 ? (d11 * d20 - d01 * d21) / den : 1.0 / 3
    var l2 = den > 0 ? (d00 * d21 - d01 * d20) / den : 1.0 / 3
    l1 = Swift.min(Swift.max(l1, 0), 1)
    l2 = Swift.min(Swift.max(l2, 0), 1 - l1)
    let l0 = 1 - l1 - l2
    let pa = l0 * wa.a + l1 * wb.a + l2 * wc.a
    let pb = l0 * wa.b + l1 * wb.b + l2 * wc.b
    return Result(normal: -f.n, depth: Swift.max(f.d, 0), pointA: pa, pointB: pb)
  }
}
