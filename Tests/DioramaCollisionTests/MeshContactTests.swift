import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Convex shapes against triangle meshes and heightfields, in configurations with closed-form
// answers. 1e-12 absolute unless stated: unit-size inputs, the only error is rounding in
// rotations, projections and clipping.
private let tol = 1e-12
private let up = Vec3(0, 0, 1)

private let quad = Shape.triangleMesh(
  TriangleMesh(
    vertices: [Vec3(-2, -2, 0), Vec3(2, -2, 0), Vec3(2, 2, 0), Vec3(-2, 2, 0)],
    triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3)]))

/// A 40 × 40 grid of 0.1 m cells (3200 triangles) in the plane z = 0.
private let fineFloor = Shape.triangleMesh(gridMesh(nx: 40, ny: 40, cell: 0.1))

private func contacts(
  _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform = .identity, margin: Double = 0.005
) -> [ContactManifold] {
  var out: [ContactManifold] = []
  Narrowphase.collide(a, ta, b, tb, margin: margin, into: &out)
  return out
}

private func yaw(_ angle: Double) -> Quaternion { Quaternion(axis: up, angle: angle) }

// MARK: - Boxes

@Test(arguments: [-0.01, 0, 0.004])
func boxRestingOnTwoTriangleQuad(gap: Double) throws {
  let box = Shape.box(halfExtents: Vec3(0.5, 0.4, 0.3))
  let ms = contacts(box, Transform(position: Vec3(0.3, -0.2, 0.3 + gap)), quad)
  try #require(ms.count == 1, "the two coplanar triangles merge into one manifold")
  let m = ms[0]
  #expect(m.normal == up)
  try #require(m.pointCount == 4)
  let corners = m.points.map { Vec3($0.position.x, $0.position.y, 0) }
  for x in [-0.2, 0.8] {
    for y in [-0.6, 0.2] {
      #expect(corners.contains { isClose($0, Vec3(x, y, 0), absolute: tol) }, "corner \(x), \(y)")
    }
  }
  for p in m.points {
    #expect(isClose(p.separation, gap, absolute: tol))
    #expect(isClose(p.position.z, gap / 2, absolute: tol))
  }
  #expect(Set(m.points.map(\.featureID)).count == 4)
}

@Test func boxBeyondMarginOrBehindTheFloorGetsNothing() {
  let box = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
  #expect(contacts(box, Transform(position: Vec3(0, 0, 0.506)), quad).isEmpty)
  // Centre below the plane: triangles are one-sided.
  #expect(contacts(box, Transform(position: Vec3(0, 0, -0.1)), quad).isEmpty)
}

/// Box positions and yaws over the fine floor: corners on grid lines, on cell interiors,
/// straddling seams, turned so that edges cross the diagonals.
private let floorPoses: [(Vec3, Double)] = [
  (Vec3(0, 0, 0), 0), (Vec3(0.05, 0.05, 0), 0), (Vec3(0.013, -0.071, 0), 0),
  (Vec3(0.31, 0.27, 0), 0.3), (Vec3(-0.52, 0.11, 0), .pi / 4), (Vec3(0.2, -0.4, 0), 1.1),
  (Vec3(-0.999, 0.5, 0), 2.5),
]

// The ghost-normal test. Every triangle under the box touches it at a face, an inner edge or
// an inner vertex; all inner edges are inactive, so every normal is exactly +z (n_T of a flat
// triangle is (0, 0, 1) exactly) and every separation is the exact gap, to 1e-12 m.
@Test(arguments: [-0.004, -0.001, 0, 0.003])
func boxOnFinelyTessellatedFloorFeelsNoSeams(gap: Double) throws {
  let h = Vec3(0.25, 0.3, 0.2)
  for (p, angle) in floorPoses {
    let t = Transform(position: p + Vec3(0, 0, h.z + gap), rotation: yaw(angle))
    let ms = contacts(.box(halfExtents: h), t, fineFloor)
    try #require(ms.count == 1, "one merged manifold at \(p), \(angle)")
    #expect(ms[0].normal == up)
    #expect(ms[0].pointCount == 4)
    for q in ms[0].points { #expect(isClose(q.separation, gap, absolute: tol)) }
    // The four kept points are the box's bottom corners.
    let corners = (0..<4).map { i in
      t.apply(Vec3(i & 1 != 0 ? h.x : -h.x, i & 2 != 0 ? h.y : -h.y, -h.z))
    }
    for q in ms[0].points {
      #expect(corners.contains { isClose($0, q.position + Vec3(0, 0, gap / 2), absolute: tol) })
    }
  }
}

@Test func boxSlidingAcrossSeamsWhilePenetratingKeepsUpNormal() {
  // Deep enough (1 cm) that a side axis of a triangle barely under the box's edge separates
  // less than the floor: without active edges this is where ghost normals appear.
  let box = Shape.box(halfExtents: Vec3(0.2, 0.2, 0.2))
  for k in 0..<200 {
    let x = -0.3 + 0.003 * Double(k)
    let t = Transform(position: Vec3(x, 0.0371, 0.19), rotation: yaw(0.02 * Double(k)))
    for m in contacts(box, t, fineFloor, margin: 0.01) {
      #expect(m.normal == up, "x = \(x)")
      for q in m.points { #expect(isClose(q.separation, -0.01, absolute: tol)) }
    }
  }
}

@Test func boxAgainstMeshWallGetsTheWallNormal() throws {
  // A step: floor z = 0 for x ≤ 0 whose border edge drops as a wall to z = −1, facing +x.
  let step = Shape.triangleMesh(
    TriangleMesh(
      vertices: [
        Vec3(-2, -2, 0), Vec3(0, -2, 0), Vec3(0, 2, 0), Vec3(-2, 2, 0), Vec3(0, -2, -1),
        Vec3(0, 2, -1),
      ],
      triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3), SIMD3(1, 4, 5), SIMD3(1, 5, 2)]))
  let box = Shape.box(halfExtents: Vec3(0.25, 0.25, 0.25))
  let ms = contacts(box, Transform(position: Vec3(0.248, 0, -0.5)), step)
  try #require(ms.count == 1)
  #expect(isClose(ms[0].normal, Vec3(1, 0, 0), absolute: tol))
  #expect(ms[0].pointCount == 4)
  for p in ms[0].points { #expect(isClose(p.separation, -0.002, absolute: tol)) }
}

@Test func boxTippedOnItsEdgeOverARidgeTouchesTheRidge() throws {
  // A roof ridge along y (the two faces at ±30°), the box turned 45° about y lies with its
  // lowest edge along x, crossing the ridge: an edge–edge contact at the ridge top.
  let roof = Shape.triangleMesh(
    TriangleMesh(
      vertices: [
        Vec3(-1, -1, -tan(.pi / 6)), Vec3(0, -1, 0), Vec3(0, 1, 0), Vec3(-1, 1, -tan(.pi / 6)),
        Vec3(1, -1, -tan(.pi / 6)), Vec3(1, 1, -tan(.pi / 6)),
      ],
      triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3), SIMD3(1, 4, 5), SIMD3(1, 5, 2)]))
  let h = 0.2
  let gap = -0.003
  let t = Transform(
    position: Vec3(0, 0.1, h * 2.0.squareRoot() + gap),
    rotation: Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 4))
  let ms = contacts(.box(halfExtents: Vec3(h, h, h)), t, roof)
  try #require(!ms.isEmpty)
  let deepest = ms.min { $0.minSeparation < $1.minSeparation }!
  #expect(isClose(deepest.normal, up, absolute: 1e-9))
  #expect(isClose(deepest.minSeparation, gap, absolute: 1e-9))
}

// MARK: - Spheres and capsules

@Test func sphereOnHeightfieldSlopeGetsTheSlopeNormal() throws {
  // z = 0.5x + 0.25y: unit normal (−0.5, −0.25, 1)/|·|; the sphere touches where the normal
  // through its centre meets the plane, here inside a cell, on a diagonal, or on a vertex.
  let field = Shape.heightfield(
    heightfield(rows: 11, columns: 11, spacing: SIMD2(0.4, 0.4)) { x, y in 0.5 * x + 0.25 * y })
  let n = Vec3(-0.5, -0.25, 1).normalized
  let r = 0.3
  for (foot, gap) in [
    (Vec3(0.13, -0.27, 0), -0.01), (Vec3(0.2, 0.2, 0), 0.002), (Vec3(0, 0, 0), 0),
  ] {
    let p = Vec3(foot.x, foot.y, 0.5 * foot.x + 0.25 * foot.y)
    let c = p + (r + gap) * n
    let ms = contacts(.sphere(radius: r), Transform(position: c), field)
    try #require(ms.count == 1)
    #expect(isClose(ms[0].normal, n, absolute: tol))
    #expect(isClose(ms[0][0].separation, gap, absolute: tol))
    #expect(isClose(ms[0][0].position, p + 0.5 * gap * n, absolute: tol))
  }
}

@Test func sphereOverFloorSeamsAndVerticesPushesStraightUp() throws {
  // Centre above a grid vertex (six triangles meet), an edge, and a cell interior.
  for (x, y) in [(0.1, 0.2), (0.15, 0.2), (0.13, 0.22), (0.15, 0.15)] {
    let ms = contacts(.sphere(radius: 0.25), Transform(position: Vec3(x, y, 0.248)), fineFloor)
    try #require(ms.count == 1)
    #expect(ms[0].normal == up)
    #expect(ms[0].pointCount == 1, "points on shared features have one id and merge")
    #expect(isClose(ms[0][0].separation, -0.002, absolute: tol))
  }
}

@Test func sphereBesideFloorBorderGetsTheEdgeNormal() throws {
  // Off the quad's +x border edge (active) and slightly below its top: the normal tilts.
  let c = Vec3(2.1, 0, -0.05)
  let ms = contacts(.sphere(radius: 0.2), Transform(position: c), quad)
  #expect(ms.isEmpty, "centre behind the plane: one-sided")
  let c2 = Vec3(2.1, 0, 0.05)
  let ms2 = contacts(.sphere(radius: 0.2), Transform(position: c2), quad)
  try #require(ms2.count == 1)
  let d = c2 - Vec3(2, 0, 0)
  #expect(isClose(ms2[0].normal, d.normalized, absolute: tol))
  #expect(isClose(ms2[0][0].separation, d.length - 0.2, absolute: tol))
}

@Test(arguments: [-0.005, 0.003])
func capsuleLyingAcrossATriangleEdge(gap: Double) throws {
  // One triangle with its edge along y = 0 (x from −1 to 1), the triangle at y > 0. The
  // capsule lies along y across that edge, its core from y = −0.4 to y = +0.4.
  let tri = Shape.triangleMesh(
    TriangleMesh(
      vertices: [Vec3(-1, 0, 0), Vec3(1, 0, 0), Vec3(0, 1.5, 0)], triangles: [SIMD3(0, 1, 2)]))
  let r = 0.1
  let t = Transform(
    position: Vec3(0.2, 0, r + gap), rotation: Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 2))
  let ms = contacts(.capsule(radius: r, halfHeight: 0.4), t, tri)
  try #require(ms.count == 1)
  let m = ms[0]
  #expect(m.normal == up)
  try #require(m.pointCount == 2)
  let ys = m.points.map(\.position.y).sorted()
  #expect(isClose(ys[0], 0, absolute: tol), "cut where the core crosses the edge")
  #expect(isClose(ys[1], 0.4, absolute: tol), "the core's end over the triangle")
  for p in m.points {
    #expect(isClose(p.separation, gap, absolute: tol))
    #expect(isClose(p.position.z, gap / 2, absolute: tol))
  }
}

@Test func capsuleAlongABorderEdgeGetsTwoEdgePoints() throws {
  // The core runs parallel to the quad's −y border edge, outside it and above its plane.
  let r = 0.15
  let t = Transform(
    position: Vec3(0.3, -2.1, 0.05), rotation: Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 2))
  let ms = contacts(.capsule(radius: r, halfHeight: 0.5), t, quad)
  try #require(ms.count == 1)
  let d = Vec3(0, -0.1, 0.05)
  #expect(isClose(ms[0].normal, d.normalized, absolute: tol))
  #expect(ms[0].pointCount == 2)
  for p in ms[0].points { #expect(isClose(p.separation, d.length - r, absolute: tol)) }
}

@Test func capsuleAcrossInnerSeamMergesToOneManifold() throws {
  let t = Transform(
    position: Vec3(0.033, 0.021, 0.098), rotation: Quaternion(axis: Vec3(1, 1, 0), angle: .pi / 2))
  let ms = contacts(.capsule(radius: 0.1, halfHeight: 0.3), t, fineFloor)
  try #require(ms.count == 1)
  #expect(ms[0].normal == up)
  for p in ms[0].points { #expect(isClose(p.separation, -0.002, absolute: tol)) }
  // The core runs along (1, −1, 0)/√2 from the centre: its ends are among the points.
  let end = 0.3 / 2.0.squareRoot()
  for sign in [-1.0, 1.0] {
    let tip = Vec3(0.033 + sign * end, 0.021 - sign * end, -0.001)
    #expect(ms[0].points.contains { isClose($0.position, tip, absolute: tol) })
  }
}

// MARK: - Cylinders and hulls

@Test func cylinderStandingOnTheFloorTouchesAtItsRim() throws {
  let gap = -0.002
  let t = Transform(position: Vec3(0.07, 0.02, 0.3 + gap))
  for floor in [quad, fineFloor] {
    let ms = contacts(.cylinder(radius: 0.2, halfHeight: 0.3), t, floor)
    try #require(ms.count == 1)
    #expect(ms[0].normal == up)
    #expect(ms[0].pointCount == 4)
    for p in ms[0].points {
      #expect(isClose(p.separation, gap, absolute: tol))
      // On the 16-gon's boundary: its corners lie on the rim, its sides down to r cos(π/16).
      let rim = Vec3(p.position.x - 0.07, p.position.y - 0.02, 0).length
      #expect(rim >= 0.2 * cos(.pi / 16) - tol && rim <= 0.2 + tol, "points on the cap's edge")
    }
  }
}

// Tolerance r (1 − cos(π/16)) ≈ 1.9 % of r on the deepest point: the prism's flats lie inside
// the true cylinder (here a rim vertex is lowest, so it is in fact exact).
@Test func cylinderLyingOnItsSideTouchesAlongALine() throws {
  let r = 0.2
  let t = Transform(
    position: Vec3(0.1, 0.05, r - 0.001), rotation: Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 2))
  let ms = contacts(.cylinder(radius: r, halfHeight: 0.5), t, fineFloor, margin: 0.01)
  try #require(ms.count == 1)
  #expect(ms[0].normal == up)
  #expect(ms[0].pointCount >= 2)
  // Other points lie on the prism's flat side, rising from the bottom line; all within margin.
  #expect(abs(ms[0].minSeparation - -0.001) <= r * (1 - cos(.pi / 16)) + tol)
  for p in ms[0].points { #expect(p.separation <= 0.01) }
  let xs = ms[0].points.map(\.position.x)
  #expect(xs.max()! - xs.min()! > 0.99, "points at both ends of the 1 m long side")
}

@Test(arguments: [-0.003, 0, 0.002])
func hullCubeOnTessellatedFloorMatchesTheBox(gap: Double) throws {
  // A cube given only by its vertices behaves as the box does: face contact, exact gap.
  var vs: [Vec3] = []
  for i in 0..<8 {
    vs.append(Vec3(i & 1 != 0 ? 0.25 : -0.25, i & 2 != 0 ? 0.3 : -0.3, i & 4 != 0 ? 0.2 : -0.2))
  }
  let hull = Shape.convexHull(ConvexHull(uncheckedVertices: vs))
  for (p, angle) in floorPoses {
    let t = Transform(position: p + Vec3(0, 0, 0.2 + gap), rotation: yaw(angle))
    let ms = contacts(hull, t, fineFloor)
    try #require(ms.count == 1)
    #expect(ms[0].normal == up)
    #expect(ms[0].pointCount == 4)
    for q in ms[0].points { #expect(isClose(q.separation, gap, absolute: tol)) }
  }
}

@Test func hullTetrahedronPointDownTouchesAtItsApex() throws {
  let vs = [Vec3(0, 0, -0.3), Vec3(0.3, 0, 0.1), Vec3(-0.15, 0.26, 0.1), Vec3(-0.15, -0.26, 0.1)]
  let hull = Shape.convexHull(ConvexHull(uncheckedVertices: vs))
  let ms = contacts(hull, Transform(position: Vec3(0.01, 0.02, 0.299)), fineFloor)
  try #require(ms.count == 1)
  #expect(ms[0].normal == up)
  #expect(ms[0].pointCount == 1)
  #expect(isClose(ms[0][0].separation, -0.001, absolute: tol))
  #expect(isClose(ms[0][0].position, Vec3(0.01, 0.02, -0.0005), absolute: tol))
}

@Test func hullBesideAWallGetsTheWallNormal() throws {
  // The cube hull against the vertical wall of a step (as the box test): an edge–edge or
  // face axis found from vertices only.
  let step = Shape.triangleMesh(
    TriangleMesh(
      vertices: [Vec3(0, -2, 1), Vec3(0, -2, -1), Vec3(0, 2, -1), Vec3(0, 2, 1)],
      triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3)]))
  var vs: [Vec3] = []
  for i in 0..<8 {
    vs.append(Vec3(i & 1 != 0 ? 0.25 : -0.25, i & 2 != 0 ? 0.25 : -0.25, i & 4 != 0 ? 0.25 : -0.25))
  }
  let hull = Shape.convexHull(ConvexHull(uncheckedVertices: vs))
  let ms = contacts(hull, Transform(position: Vec3(0.248, 0, 0)), step)
  try #require(ms.count == 1)
  #expect(isClose(ms[0].normal, Vec3(1, 0, 0), absolute: tol))
  #expect(ms[0].pointCount == 4)
  for p in ms[0].points { #expect(isClose(p.separation, -0.002, absolute: tol)) }
}

// MARK: - Frames, dispatch, merging

@Test func placedMeshAndSwappedOrderFollowTheConvention() throws {
  // The quad stood up as a wall facing −y (rotated 90° about x, moved to y = 3); a box
  // touches it from the −y side. Then the same pair with the mesh as shape A.
  let tb = Transform(
    position: Vec3(0, 3, 0), rotation: Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 2))
  #expect(isClose(tb.rotation.rotate(up), Vec3(0, -1, 0), absolute: tol))
  let box = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
  let ta = Transform(position: Vec3(0.2, 3 - 0.5 + 0.001, 0.1))
  let ms = contacts(box, ta, quad, tb)
  try #require(ms.count == 1)
  #expect(isClose(ms[0].normal, Vec3(0, -1, 0), absolute: tol))
  #expect(ms[0].pointCount == 4)
  for p in ms[0].points {
    #expect(isClose(p.separation, -0.001, absolute: tol))
    #expect(isClose(p.position.y, 3 + 0.0005, absolute: tol), "midway: face at 3.001, wall at 3")
  }
  var swapped: [ContactManifold] = []
  Narrowphase.collide(quad, tb, box, ta, margin: 0.005, into: &swapped)
  try #require(swapped.count == 1)
  #expect(swapped[0].normal == -ms[0].normal)
  #expect(swapped[0].subShapeA == ms[0].subShapeB)
  #expect(swapped[0].subShapeB == 0)
}

@Test func boxOnHeightfieldMatchesBoxOnMesh() throws {
  // The same flat floor as a heightfield: one manifold, +z, the exact gap.
  let field = Shape.heightfield(
    heightfield(rows: 41, columns: 41, spacing: SIMD2(0.1, 0.1)) { _, _ in 0 })
  let box = Shape.box(halfExtents: Vec3(0.25, 0.3, 0.2))
  for (p, angle) in floorPoses {
    let t = Transform(position: p + Vec3(0, 0, 0.2 - 0.002), rotation: yaw(angle))
    let ms = contacts(box, t, field)
    try #require(ms.count == 1)
    #expect(ms[0].normal == up)
    #expect(ms[0].pointCount == 4)
    for q in ms[0].points { #expect(isClose(q.separation, -0.002, absolute: tol)) }
  }
}

@Test func manifoldsAreCappedAndKeepTheDeepest() {
  // A big box resting in an egg-crate of 5 m-wide V-grooves with many distinct normals.
  let mesh = gridMesh(nx: 20, ny: 20, cell: 0.5) { x, y in
    0.15 * abs((x * 2).rounded() - x * 2) + 0.17 * abs((y * 2).rounded() - y * 2)
  }
  let box = Shape.box(halfExtents: Vec3(2.2, 2.2, 0.5))
  let ms = contacts(
    box, Transform(position: Vec3(0.1, 0.07, 0.5 + 0.1)), .triangleMesh(mesh), margin: 0.2)
  #expect(!ms.isEmpty)
  #expect(ms.count <= Narrowphase.meshMaxManifolds)
  for m in ms { #expect(m.pointCount <= 4 && m.pointCount > 0) }
}

@Test func meshContactsAreDeterministic() {
  // Same inputs, same manifolds (no hashing or allocation-order dependence).
  let box = Shape.box(halfExtents: Vec3(0.25, 0.3, 0.2))
  let t = Transform(position: Vec3(0.31, 0.27, 0.19), rotation: yaw(0.3))
  #expect(contacts(box, t, fineFloor) == contacts(box, t, fineFloor))
}

/// µs per box–mesh collide on a 10k-triangle floor, printed for the record (meaningful in
/// release: `swift test -c release --filter boxMeshCollideTime`).
@Test func boxMeshCollideTime() {
  // 100 × 50 cells of 0.5 m: 10,000 triangles; a 1 m box resting at many poses.
  let floor = Shape.triangleMesh(gridMesh(nx: 100, ny: 50, cell: 0.5))
  let fine = Shape.triangleMesh(gridMesh(nx: 100, ny: 50, cell: 0.1))
  let box = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
  var rng = SeededGenerator(seed: 1)
  // Unit poses, spread over each floor below (the fine one is 10 m × 5 m).
  let unit = (0..<256).map { _ in
    (2 * rng.nextUnit() - 1, 2 * rng.nextUnit() - 1, yaw(6.28 * rng.nextUnit()))
  }
  func poses(_ sx: Double, _ sy: Double) -> [Transform] {
    unit.map { Transform(position: Vec3(sx * $0.0, sy * $0.1, 0.499), rotation: $0.2) }
  }
  #if DEBUG
    let rounds = 2
  #else
    let rounds = 100
  #endif
  var out: [ContactManifold] = []
  out.reserveCapacity(16)
  var points = 0
  var results: [String] = []
  for (name, mesh, placed) in [
    ("0.5 m cells", floor, poses(20, 10)), ("0.1 m cells", fine, poses(4, 1.5)),
  ] {
    var triangles = 0
    if case .triangleMesh(let m) = mesh {
      for t in placed {
        m.forEachTriangle(overlapping: box.aabb(t).expanded(by: 0.01)) { _ in triangles += 1 }
      }
    }
    let time = measureMilliseconds {
      for _ in 0..<rounds {
        for t in placed {
          out.removeAll(keepingCapacity: true)
          Narrowphase.collide(box, t, mesh, .identity, margin: 0.01, into: &out)
          points += out.count == 1 ? out[0].pointCount : 0
        }
      }
    }
    let calls = Double(rounds * placed.count)
    results.append(
      "\(name): \(formatTimes(time, factor: 1000 / calls)) µs per call (wall / thread CPU), "
        + "\(Double(triangles) / Double(placed.count)) triangles each")
  }
  print("box–mesh collide on a 10,000-triangle floor: " + results.joined(separator: "; "))
  #expect(points == 2 * rounds * unit.count * 4, "one manifold of four points each time")
}

@Test func manySidedHullStandsOnItsBase() throws {
  // A 48-sided prism given as hull vertices: its base loop (48 > 32) is thinned evenly, so
  // the kept points lie on the rim; the gap is exact because every base vertex is at it.
  var vs: [Vec3] = []
  for z in [-0.1, 0.1] {
    for i in 0..<48 {
      let a = 2 * Double.pi * Double(i) / 48
      vs.append(Vec3(0.3 * cos(a), 0.3 * sin(a), z))
    }
  }
  let hull = Shape.convexHull(ConvexHull(uncheckedVertices: vs))
  let t = Transform(position: Vec3(0.02, -0.03, 0.1 - 0.002), rotation: yaw(0.1))
  let ms = contacts(hull, t, fineFloor)
  try #require(ms.count == 1)
  #expect(ms[0].normal == up)
  #expect(ms[0].pointCount == 4)
  for p in ms[0].points {
    #expect(isClose(p.separation, -0.002, absolute: tol))
    let r = Vec3(p.position.x - 0.02, p.position.y + 0.03, 0).length
    #expect(r <= 0.3 + tol && r >= 0.3 * cos(.pi / 16) - tol, "on the thinned base's edge")
  }
}
