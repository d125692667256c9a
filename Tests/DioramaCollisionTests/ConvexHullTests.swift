import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Hull construction and mass properties. Unless a test says otherwise, 1e-12 relative: the
// inputs are exact binary fractions and the sums run over a few dozen terms, so only a few ulps
// of round-off can separate them from the closed forms.

private func cubeCorners(_ h: Vec3) -> [Vec3] {
  (0..<8).map { i in
    Vec3(i & 1 != 0 ? h.x : -h.x, i & 2 != 0 ? h.y : -h.y, i & 4 != 0 ? h.z : -h.z)
  }
}

/// Points strictly inside, on faces, and on edges of the box: none may become a hull vertex.
private func boxClutter(_ h: Vec3, count: Int, rng: inout SeededGenerator) -> [Vec3] {
  (0..<count).map { k in
    var p = Vec3(
      (2 * rng.nextUnit() - 1) * h.x, (2 * rng.nextUnit() - 1) * h.y,
      (2 * rng.nextUnit() - 1) * h.z)
    if k % 3 == 1 { p[k % 3] = h[k % 3] }  // on a face
    if k % 5 == 2 {  // on an edge
      p.x = -h.x
      p.y = h.y
    }
    return p
  }
}

/// Checks the invariants every hull keeps: unit normals, CCW loops agreeing with the normals,
/// every vertex on or below every plane, V − E + F = 2, each face convex.
private func checkInvariants(_ hull: ConvexHull, tolerance tol: Double) {
  #expect(hull.vertices.count - hull.edges.count + hull.faceCount == 2)
  for f in 0..<hull.faceCount {
    let n = hull.faceNormals[f]
    #expect(abs(n.length - 1) < 1e-12)
    let loop = hull.faceVertexIndices(f).map { hull.vertices[Int($0)] }
    #expect(loop.count >= 3)
    for p in loop { #expect(abs(n.dot(p) - hull.faceOffsets[f]) <= tol) }
    for i in 0..<loop.count {
      let e0 = loop[(i + 1) % loop.count] - loop[i]
      let e1 = loop[(i + 2) % loop.count] - loop[(i + 1) % loop.count]
      #expect(e0.cross(e1).dot(n) > 0, "face \(f) is not strictly convex and CCW")
    }
    for v in hull.vertices { #expect(n.dot(v) - hull.faceOffsets[f] <= tol) }
  }
}

@Test func cubeWithInteriorAndSurfacePointsHasEightVerticesAndSixFaces() throws {
  var rng = SeededGenerator(seed: 7)
  let h = Vec3(0.5, 1, 1.5)
  let pts = boxClutter(h, count: 200, rng: &rng) + cubeCorners(h)
  let hull = try ConvexHull(points: pts)
  #expect(hull.vertices.count == 8)
  #expect(hull.faceCount == 6)
  #expect(hull.edges.count == 12)
  for f in 0..<6 { #expect(hull.faceVertexIndices(f).count == 4) }
  checkInvariants(hull, tolerance: 1e-12)
  // Box: V = 8 hx hy hz, I = m/3 (hy² + hz², …), centre 0.
  #expect(isClose(hull.volume, 6, relative: 1e-12))
  let mp = hull.massProperties(density: 2)
  let box = Shape.box(halfExtents: h).massProperties(density: 2)
  #expect(isClose(mp.mass, box.mass, relative: 1e-12))
  #expect(isClose(mp.centerOfMass, .zero, absolute: 1e-14))
  for (a, b) in [
    (mp.inertia.r0, box.inertia.r0), (mp.inertia.r1, box.inertia.r1),
    (mp.inertia.r2, box.inertia.r2),
  ] {
    for k in 0..<3 { #expect(isClose(a[k], b[k], relative: 1e-12, absolute: 1e-12 * 20)) }
  }
}

@Test func boxHullMatchesQuickhullOfItsCorners() throws {
  let h = Vec3(0.2, 0.3, 0.4)
  let a = ConvexHull.box(halfExtents: h)
  let b = try ConvexHull(points: cubeCorners(h))
  #expect(a.vertices == cubeCorners(h))
  #expect(b.vertices.count == 8 && b.faceCount == 6)
  #expect(isClose(a.volume, b.volume, relative: 1e-12))
  checkInvariants(a, tolerance: 1e-15)
  // Face 2k + s is the face of axis k on side s.
  for f in 0..<6 {
    var n = Vec3.zero
    n[f / 2] = f % 2 == 0 ? -1 : 1
    #expect(a.faceNormals[f] == n)
  }
}

@Test func hullOfRandomPointsOnASphereContainsThemAll() throws {
  // Points within the planarity tolerance (1e-7 × diameter) of the hull may be dropped, and
  // later merges may tilt a plane by as much again: every input point must lie within 3 ×
  // that tolerance of the inside (a seeded fuzz of 20 000 clouds peaked at 2.7 ×).
  var rng = SeededGenerator(seed: 11)
  var pts: [Vec3] = []
  for _ in 0..<500 {
    let z = 2 * rng.nextUnit() - 1
    let phi = 2 * Double.pi * rng.nextUnit()
    let s = (1 - z * z).squareRoot()
    pts.append(Vec3(s * cos(phi), s * sin(phi), z) + Vec3(3, -1, 2))
  }
  let hull = try ConvexHull(points: pts)
  let tol = 3 * 1e-7 * 2 * 3.0.squareRoot()
  checkInvariants(hull, tolerance: tol)
  #expect(hull.vertices.count > 400)
  for p in pts {
    for f in 0..<hull.faceCount {
      #expect(hull.faceNormals[f].dot(p) - hull.faceOffsets[f] <= tol)
    }
  }
  // The volume approaches 4π/3 from below.
  #expect(hull.volume < 4 * Double.pi / 3 && hull.volume > 0.95 * 4 * Double.pi / 3)
  #expect(isClose(hull.massProperties(density: 1).centerOfMass, Vec3(3, -1, 2), absolute: 0.01))
}

@Test func tetrahedronMassPropertiesMatchTonon() throws {
  // Tonon (2004), J. Math. Stat. 1(1), numerical example, density 1: about the centroid
  // a = ∫(y² + z²) = 43520.33257, b = ∫(x² + z²) = 194711.28938, c = ∫(x² + y²) = 191168.76173,
  // a′ = ∫yz = 4417.66150, b′ = ∫xz = −46343.16662, c′ = ∫xy = 11996.20119 (m⁵). The standard
  // tensor has Ixy = −c′, Ixz = −b′, Iyz = −a′ (the paper's matrix swaps b′ and c′, a known
  // misprint). Tolerance 1e-7 relative: all six printed values share one factor 1 − 1.6e-8
  // against the exact arithmetic here (the paper's determinant was rounded), well above the
  // five printed decimals.
  let pts = [
    Vec3(8.33220, -11.86875, 0.93355), Vec3(0.75523, 5.00000, 16.37072),
    Vec3(52.61236, 5.00000, -5.38580), Vec3(2.00000, 5.00000, 3.00000),
  ]
  let hull = try ConvexHull(points: pts)
  #expect(hull.vertices.count == 4 && hull.faceCount == 4)
  let mp = hull.massProperties(density: 1)
  #expect(isClose(mp.centerOfMass, (pts[0] + pts[1] + pts[2] + pts[3]) / 4, absolute: 1e-12))
  let i = mp.inertia
  #expect(isClose(i.r0.x, 43520.33257, relative: 1e-7))
  #expect(isClose(i.r1.y, 194711.28938, relative: 1e-7))
  #expect(isClose(i.r2.z, 191168.76173, relative: 1e-7))
  #expect(isClose(i.r1.z, -4417.66150, relative: 1e-7))
  #expect(isClose(i.r0.z, 46343.16662, relative: 1e-7))
  #expect(isClose(i.r0.y, -11996.20119, relative: 1e-7))
  #expect(isClose(i.r1.x, i.r0.y, relative: 1e-12))
}

@Test func unitRightTetrahedronClosedForm() throws {
  // Corners 0, e_x, e_y, e_z: V = 1/6, centroid 1/4 (1,1,1); with density 1, about the
  // origin the products of inertia are ∫xy dV = 1/120 and ∫x² dV = 1/60, so about the
  // centroid Ixx = 2/60 − V·2/16, Ixy = −(1/120 − V/16).
  let hull = try ConvexHull(points: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)])
  let mp = hull.massProperties(density: 1)
  let v = 1.0 / 6
  #expect(isClose(mp.mass, v, relative: 1e-12))
  #expect(isClose(mp.centerOfMass, Vec3(repeating: 0.25), absolute: 1e-15))
  #expect(isClose(mp.inertia.r0.x, 2.0 / 60 - v * 2 / 16, relative: 1e-12))
  #expect(isClose(mp.inertia.r0.y, -(1.0 / 120 - v / 16), relative: 1e-12))
}

@Test func degenerateInputsThrowTypedErrors() {
  #expect(throws: ConvexHullError.tooFewPoints(count: 3)) {
    try ConvexHull(points: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0)])
  }
  #expect(throws: ConvexHullError.nonFinitePoint(index: 2)) {
    try ConvexHull(points: [.zero, Vec3(1, 0, 0), Vec3(.nan, 1, 0), Vec3(0, 0, 1)])
  }
  let square = [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(1, 1, 0), Vec3(0, 1, 0), Vec3(0.5, 0.5, 0)]
  do {
    _ = try ConvexHull(points: square)
    Issue.record("coplanar points made a hull")
  } catch let e as ConvexHullError {
    guard case .degenerate(let d, _) = e else {
      Issue.record("wrong error \(e)")
      return
    }
    #expect(d == 2)
    #expect(e.description.contains("coplanar"))
  } catch { Issue.record("untyped error") }
  do {
    _ = try ConvexHull(points: [Vec3](repeating: Vec3(1, 2, 3), count: 5))
    Issue.record("coincident points made a hull")
  } catch let e as ConvexHullError {
    guard case .degenerate(let d, _) = e else {
      Issue.record("wrong error \(e)")
      return
    }
    #expect(d == 0)
  } catch { Issue.record("untyped error") }
}

@Test func gridOfCoplanarPointsMergesIntoQuads() throws {
  // A 5 × 5 × 5 lattice: many points exactly on faces and edges, the classic quickhull trap.
  var pts: [Vec3] = []
  for i in 0..<5 {
    for j in 0..<5 {
      for k in 0..<5 { pts.append(Vec3(Double(i), Double(j), Double(k)) * 0.25) }
    }
  }
  let hull = try ConvexHull(points: pts)
  #expect(hull.vertices.count == 8)
  #expect(hull.faceCount == 6)
  checkInvariants(hull, tolerance: 1e-12)
  #expect(isClose(hull.volume, 1, relative: 1e-12))
}

@Test func rotatedPrismKeepsPolygonFaces() throws {
  // A hexagonal prism turned arbitrarily: round-off from the rotation (≈1e-16) is far inside
  // the tolerance, so the caps stay hexagons.
  let q = Quaternion(axis: Vec3(1, 2, 3), angle: 0.7)
  var pts: [Vec3] = []
  for k in 0..<6 {
    let a = Double(k) * Double.pi / 3
    for z in [-0.3, 0.3] { pts.append(q.rotate(Vec3(cos(a), sin(a), z))) }
  }
  let hull = try ConvexHull(points: pts)
  #expect(hull.vertices.count == 12)
  #expect(hull.faceCount == 8)
  let sizes = (0..<hull.faceCount).map { hull.faceVertexIndices($0).count }.sorted()
  #expect(sizes == [4, 4, 4, 4, 4, 4, 6, 6])
  // Volume of a regular hexagon of circumradius 1 (3√3/2) times the height 0.6.
  #expect(isClose(hull.volume, 1.5 * 3.0.squareRoot() * 0.6, relative: 1e-12))
  #expect(hull.triangles.count == 6 * 2 + 2 * 4)
}
