import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Box–box contacts in configurations with closed-form answers. 1e-12 absolute: inputs are
// unit-size and the only error is rounding in rotations, projections and clipping.
private let tol = 1e-12
private let cube = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
private let slab = Shape.box(halfExtents: Vec3(2, 2, 0.5))  // top face at z = 0.5
private let r2 = 2.0.squareRoot()

private func sortedByXY(_ m: ContactManifold) -> [ContactPoint] {
  m.points.sorted { ($0.position.x, $0.position.y) < ($1.position.x, $1.position.y) }
}

@Test(arguments: [-0.01, 0, 0.004])
func cubeRestingFlatOnSlab(gap: Double) throws {
  let ta = Transform(position: Vec3(0.3, -0.2, 1 + gap))
  let m = try #require(Narrowphase.collide(cube, ta, slab, .identity, margin: 0.005))
  #expect(m.normal == Vec3(0, 0, 1))
  try #require(m.pointCount == 4)
  let pts = sortedByXY(m)
  var k = 0
  for x in [-0.2, 0.8] {
    for y in [-0.7, 0.3] {
      #expect(isClose(pts[k].position, Vec3(x, y, 0.5 + gap / 2), absolute: tol))
      #expect(isClose(pts[k].separation, gap, absolute: tol))
      k += 1
    }
  }
  #expect(Set(m.points.map(\.featureID)).count == 4)
}

@Test func slabOnTopOfCubeHasNormalFromBToA() throws {
  // A is the slab above, B the cube below: the normal points from B up to A.
  let ta = Transform(position: Vec3(0, 0, 1 - 0.002))
  let m = try #require(Narrowphase.collide(slab, ta, cube, .identity, margin: 0))
  #expect(m.normal == Vec3(0, 0, 1))
  #expect(m.pointCount == 4)
  for p in m.points {
    #expect(isClose(p.separation, -0.002, absolute: tol))
    #expect(isClose(abs(p.position.x), 0.5, absolute: tol))
    #expect(isClose(p.position.z, 0.5 - 0.001, absolute: tol))
  }
}

@Test func cubeBelowSlabHasDownwardNormal() throws {
  let ta = Transform(position: Vec3(0, 0, -1 + 0.003))
  let m = try #require(Narrowphase.collide(cube, ta, slab, .identity, margin: 0))
  #expect(m.normal == Vec3(0, 0, -1))
  #expect(m.pointCount == 4)
  for p in m.points { #expect(isClose(p.separation, -0.003, absolute: tol)) }
}

@Test(arguments: [-0.003, 0.002])
func cubeOnItsEdgeGivesTwoPoints(gap: Double) throws {
  // Turned 45° about x, the cube's lowest edge runs along x at z = c − √2/2.
  let ta = Transform(
    position: Vec3(0, 0.1, 0.5 + r2 / 2 + gap),
    rotation: Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 4))
  let m = try #require(Narrowphase.collide(cube, ta, slab, .identity, margin: 0.005))
  #expect(isClose(m.normal, Vec3(0, 0, 1), absolute: tol))
  try #require(m.pointCount == 2)
  let pts = sortedByXY(m)
  #expect(isClose(pts[0].position, Vec3(-0.5, 0.1, 0.5 + gap / 2), absolute: tol))
  #expect(isClose(pts[1].position, Vec3(0.5, 0.1, 0.5 + gap / 2), absolute: tol))
  for p in pts { #expect(isClose(p.separation, gap, absolute: tol)) }
}

@Test(arguments: [-0.01, 0.003])
func crossedEdgesGiveOnePointAtTheirClosestPoints(gap: Double) throws {
  // A turned 45° about x (lowest edge along x), B turned 45° about y (highest edge along y):
  // the edges cross at (0, 0, √2/2) on B, √2/2 + gap on A.
  let ta = Transform(
    position: Vec3(0, 0, r2 + gap), rotation: Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 4))
  let tb = Transform(rotation: Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 4))
  let m = try #require(Narrowphase.collide(cube, ta, cube, tb, margin: 0.005))
  #expect(isClose(m.normal, Vec3(0, 0, 1), absolute: tol))
  try #require(m.pointCount == 1)
  #expect(isClose(m[0].separation, gap, absolute: tol))
  #expect(isClose(m[0].position, Vec3(0, 0, r2 / 2 + gap / 2), absolute: tol))
  #expect(m[0].featureID & 0xF000_0000 == 0xF000_0000)
}

@Test func separatedBeyondMarginIsNil() {
  let ta = Transform(position: Vec3(0, 0, 1.0 + 0.02))
  #expect(Narrowphase.collide(cube, ta, slab, .identity, margin: 0.01) == nil)
  // Apart sideways along a diagonal: only an edge axis or a face axis of the slab separates.
  let tb = Transform(
    position: Vec3(2.6, 2.6, 0.9), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: 0.3))
  #expect(Narrowphase.collide(cube, tb, slab, .identity, margin: 0.01) == nil)
  // Crossed edges 0.006 apart with a margin of 0.005.
  let tc = Transform(
    position: Vec3(0, 0, r2 + 0.006), rotation: Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 4))
  let td = Transform(rotation: Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 4))
  #expect(Narrowphase.collide(cube, tc, cube, td, margin: 0.005) == nil)
}

@Test func turnedCubeOnCubeKeepsFourWidelySpreadPoints() throws {
  // Equal cubes, the top one turned 45° about z: the overlap is a regular octagon of 8
  // points; the reduction keeps 4 of them spanning at least half the octagon's area.
  let ta = Transform(
    position: Vec3(0, 0, 1 - 0.001), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 4))
  let m = try #require(Narrowphase.collide(cube, ta, cube, .identity, margin: 0))
  #expect(m.normal == Vec3(0, 0, 1))
  try #require(m.pointCount == 4)
  let p = m.points.map(\.position)
  for q in p {
    #expect(isClose(q.z, 0.5 - 0.0005, absolute: tol))
    #expect(abs(q.x) <= 0.5 + tol && abs(q.y) <= 0.5 + tol)
    #expect(abs(q.x) + abs(q.y) <= r2 / 2 + tol)  // inside the turned square
  }
  // Quadrilateral area by the shoelace formula over the points sorted by angle.
  let sorted = p.sorted { atan2($0.y, $0.x) < atan2($1.y, $1.x) }
  var area = 0.0
  for i in 0..<4 {
    let a = sorted[i]
    let b = sorted[(i + 1) % 4]
    area += 0.5 * (a.x * b.y - b.x * a.y)
  }
  let octagon = 2 * (r2 - 1) * 2 * 0.5 * 0.5 * 2  // 2(1+√2)s², side s = √2 − 1 for ±0.5
  #expect(area >= 0.5 * octagon)
}

@Test func featureIDsAreStableUnderTinyPerturbation() throws {
  let ta = Transform(position: Vec3(0.3, -0.2, 1 - 0.001))
  let m0 = try #require(Narrowphase.collide(cube, ta, slab, .identity, margin: 0.005))
  var rng = SeededGenerator(seed: 7)
  for _ in 0..<20 {
    let axis = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
    let shift = 1e-6 * Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
    let tp = Transform(
      position: ta.position + shift, rotation: Quaternion(axis: axis, angle: 1e-6))
    let tbp = Transform(rotation: Quaternion(axis: axis.cross(Vec3(0, 0, 1)), angle: 1e-6))
    let m = try #require(Narrowphase.collide(cube, tp, slab, tbp, margin: 0.005))
    try #require(m.pointCount == 4)
    // Same ids, each on (nearly) the same point.
    for i in 0..<4 {
      #expect(m[i].featureID == m0[i].featureID)
      #expect(isClose(m[i].position, m0[i].position, absolute: 1e-5))
    }
  }
}

@Test func alignedEqualCubesKeepTheirIDsUnderDrift() throws {
  // A stack of equal crates placed exactly: the incident corners sit on the reference face's
  // side planes, and solver drift of ~1e-6 m must not flip them between kept and clipped.
  let m0 = try #require(
    Narrowphase.collide(cube, Transform(position: Vec3(0, 0, 0.999)), cube, .identity, margin: 0))
  try #require(m0.pointCount == 4)
  var rng = SeededGenerator(seed: 3)
  for _ in 0..<20 {
    let shift = 2e-6 * Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, 0)
    let axis = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
    let t = Transform(
      position: Vec3(0, 0, 0.999) + shift, rotation: Quaternion(axis: axis, angle: 1e-7))
    let m = try #require(Narrowphase.collide(cube, t, cube, .identity, margin: 0))
    try #require(m.pointCount == 4)
    for i in 0..<4 {
      #expect(m[i].featureID == m0[i].featureID)
      #expect(isClose(m[i].position, m0[i].position, absolute: 1e-5))
    }
  }
}

@Test func featureIDsFollowTheCornersWhenTheBoxSlides() throws {
  // The same corner keeps its id while the cube slides 0.2 m across the slab.
  let m0 = try #require(
    Narrowphase.collide(cube, Transform(position: Vec3(0, 0, 0.999)), slab, .identity, margin: 0))
  let m1 = try #require(
    Narrowphase.collide(cube, Transform(position: Vec3(0.2, 0, 0.999)), slab, .identity, margin: 0))
  for i in 0..<4 {
    let j = try #require((0..<4).first { m1[$0].featureID == m0[i].featureID })
    #expect(isClose(m1[j].position - m0[i].position, Vec3(0.2, 0, 0), absolute: tol))
  }
}

/// Contact points must lie midway between the surfaces: position ± separation/2 · normal on A
/// and B. Checked on random overlapping pairs, with a tolerance of 1e-9 m (rounding through
/// rotations, clipping and projection on sizes up to ~2 m) plus the clipping slack: a kept
/// incident vertex may lie up to `clipSlack` × the least half-extent past the reference face.
@Test func randomBoxPairsHavePointsOnBothSurfaces() {
  var rng = SeededGenerator(seed: 2024)
  var contacts = 0
  var edges = 0
  for _ in 0..<3000 {
    let (ha, ta, hb, tb) = randomBoxPair(&rng)
    guard
      let m = Narrowphase.collide(
        .box(halfExtents: ha), ta, .box(halfExtents: hb), tb,
        margin: 0.01)
    else { continue }
    contacts += 1
    #expect(abs(m.normal.length - 1) < 1e-12)
    #expect(m.pointCount >= 1 && m.pointCount <= 4)
    let a = OrientedBox(halfExtents: ha, transform: ta)
    let b = OrientedBox(halfExtents: hb, transform: tb)
    let slack = Narrowphase.clipSlack * min(ha.min(), hb.min())
    for p in m.points {
      if p.featureID & 0xF000_0000 == 0xF000_0000 { edges += 1 }
      #expect(p.separation <= 0.01)
      let onA = p.position + 0.5 * p.separation * m.normal
      let onB = p.position - 0.5 * p.separation * m.normal
      #expect(abs(a.signedDistance(onA)) < 1e-9 + slack)
      #expect(abs(b.signedDistance(onB)) < 1e-9 + slack)
    }
  }
  #expect(contacts > 1000)
  #expect(edges > 0)
}

/// Two random boxes (half-extents 0.1…1 m, random orientations) with centres close enough to
/// touch about half the time.
func randomBoxPair(_ rng: inout SeededGenerator) -> (Vec3, Transform, Vec3, Transform) {
  func unit(_ rng: inout SeededGenerator) -> Vec3 {
    Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
  }
  func half(_ rng: inout SeededGenerator) -> Vec3 {
    Vec3(0.1 + 0.9 * rng.nextUnit(), 0.1 + 0.9 * rng.nextUnit(), 0.1 + 0.9 * rng.nextUnit())
  }
  let ha = half(&rng)
  let hb = half(&rng)
  let ta = Transform(
    position: 2.5 * unit(&rng), rotation: Quaternion(axis: unit(&rng), angle: 7 * rng.nextUnit()))
  let tb = Transform(
    position: 2.5 * unit(&rng), rotation: Quaternion(axis: unit(&rng), angle: 7 * rng.nextUnit()))
  return (ha, ta, hb, tb)
}
