import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// GJK distances and EPA depths against closed forms. Polytope and point/segment cores are
// exact in GJK (it ends on the true closest simplex), so the distances agree to round-off of
// unit-size inputs: 1e-12 absolute. Curved cores (cylinders) converge to
// GJK.relativeTolerance (1e-10 of the distance): 1e-9 absolute at unit size.

private let tol = 1e-12

@Test func sphereSphereDistanceIsCentreDistanceMinusRadii() {
  let r = Narrowphase.distance(
    .sphere(radius: 0.3), Transform(position: Vec3(1, 2, 3)), .sphere(radius: 0.5),
    Transform(position: Vec3(4, -2, 3)))
  #expect(isClose(r.distance, 5 - 0.8, absolute: tol))
  #expect(isClose(r.pointA, Vec3(1, 2, 3) + 0.3 * Vec3(0.6, -0.8, 0), absolute: tol))
  #expect(isClose(r.pointB, Vec3(4, -2, 3) - 0.5 * Vec3(0.6, -0.8, 0), absolute: tol))
}

@Test func boxBoxDistanceFaceToFaceAndCornerToCorner() {
  let cube = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
  // Face to face along x with overlap in y, z: gap = 2.3 − 1.
  let r1 = Narrowphase.distance(
    cube, .identity, cube, Transform(position: Vec3(2.3, 0.2, -0.1)))
  #expect(isClose(r1.distance, 1.3, absolute: tol))
  // Corner to corner along the diagonal: |(1.5,1.5,1.5)| − 2 · √3/2 · … the corners are
  // (0.5,0.5,0.5) and (1,1,1): distance √3/2.
  let r2 = Narrowphase.distance(cube, .identity, cube, Transform(position: Vec3(1.5, 1.5, 1.5)))
  #expect(isClose(r2.distance, 0.75.squareRoot(), absolute: tol))
  #expect(isClose(r2.pointA, Vec3(0.5, 0.5, 0.5), absolute: tol))
  #expect(isClose(r2.pointB, Vec3(1, 1, 1), absolute: tol))
  // A cube turned 45° about z, its vertical edge facing −x at x = c − √2/2.
  let t = Transform(
    position: Vec3(2, 0.1, 0.2), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 4))
  let r3 = Narrowphase.distance(cube, .identity, cube, t)
  #expect(isClose(r3.distance, 2 - 0.5 * 2.0.squareRoot() - 0.5, absolute: tol))
}

@Test func capsuleDistancesMatchSegmentGeometry() {
  let cap = Shape.capsule(radius: 0.1, halfHeight: 0.5)
  // Parallel capsules 1 m apart: 1 − 0.2.
  let r1 = Narrowphase.distance(cap, .identity, cap, Transform(position: Vec3(1, 0, 0.3)))
  #expect(isClose(r1.distance, 0.8, absolute: tol))
  // Crossed: A along z at the origin, B along x (turned about y) at height z = 0.9, y = 0.4:
  // the segments' closest points are (0, 0, 0.5) and (0, 0.4, 0.9).
  let tb = Transform(
    position: Vec3(0, 0.4, 0.9), rotation: Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 2))
  let r2 = Narrowphase.distance(cap, .identity, cap, tb)
  #expect(isClose(r2.distance, (0.16 + 0.16).squareRoot() - 0.2, absolute: tol))
  // Capsule against a box below it: end sphere to the top face.
  let r3 = Narrowphase.distance(
    cap, Transform(position: Vec3(0.2, 0.1, 1.2)), .box(halfExtents: Vec3(1, 1, 0.1)), .identity)
  #expect(isClose(r3.distance, 1.2 - 0.5 - 0.1 - 0.1, absolute: tol))
}

@Test func cylinderDistanceToBoxAndSphere() {
  let cyl = Shape.cylinder(radius: 0.3, halfHeight: 0.4)
  // Lying on its side (axis along x) above a slab: the lowest line is at z − 0.3.
  let lying = Transform(
    position: Vec3(0, 0, 1), rotation: Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 2))
  let r1 = Narrowphase.distance(cyl, lying, .box(halfExtents: Vec3(2, 2, 0.5)), .identity)
  #expect(isClose(r1.distance, 1 - 0.3 - 0.5, absolute: 1e-9))
  // A sphere off the rim: nearest rim point (0.3, 0, 0.4) from centre (1, 0, 1).
  let r2 = Narrowphase.distance(
    cyl, .identity, .sphere(radius: 0.1), Transform(position: Vec3(1, 0, 1)))
  #expect(isClose(r2.distance, (0.49 + 0.36).squareRoot() - 0.1, absolute: 1e-9))
}

@Test func hullDistanceToSphereUsesFacePlane() throws {
  // A tetrahedron with a face in z = 0 (normal −z): a sphere below it at depth 0.7.
  let hull = try ConvexHull(points: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)])
  let r = Narrowphase.distance(
    .convexHull(hull), .identity, .sphere(radius: 0.2), Transform(position: Vec3(0.2, 0.2, -0.7)))
  #expect(isClose(r.distance, 0.5, absolute: tol))
  #expect(isClose(r.pointA, Vec3(0.2, 0.2, 0), absolute: tol))
}

/// Penetration depth of two boxes by brute force over the 15 SAT axes: the least overlap of
/// their projections (Gottschalk et al., OBBTree, 1996). For convex polytopes this is the
/// exact penetration depth (the Minkowski difference's faces have these normals).
private func satDepth(_ a: OrientedBox, _ b: OrientedBox) -> Double {
  var axes: [Vec3] = [a.a0, a.a1, a.a2, b.a0, b.a1, b.a2]
  for i in 0..<3 {
    for j in 0..<3 {
      let l = a.axis(i).cross(b.axis(j))
      if l.lengthSquared > 1e-12 { axes.append(l.normalized) }
    }
  }
  let d = a.center - b.center
  var depth = Double.infinity
  for l in axes {
    depth = min(depth, a.projectedRadius(l) + b.projectedRadius(l) - abs(d.dot(l)))
  }
  return depth
}

@Test func epaDepthOfOverlappingBoxesMatchesSAT() {
  // 200 random overlapping pairs. EPA on polytopes ends on the exact Minkowski face (to its
  // 1e-10 × size stopping tolerance), so depths agree within 1e-9 m at unit size; the normal
  // is compared through the depth, since ties between axes make it non-unique.
  var rng = SeededGenerator(seed: 5)
  var tested = 0
  for _ in 0..<2000 where tested < 200 {
    let (ha, ta, hb, tb) = randomBoxPair(&rng)
    let a = OrientedBox(halfExtents: ha, transform: ta)
    let b = OrientedBox(halfExtents: hb, transform: tb)
    let sat = satDepth(a, b)
    guard sat > 1e-3 else { continue }
    tested += 1
    let r = Narrowphase.distance(.box(halfExtents: ha), ta, .box(halfExtents: hb), tb)
    #expect(isClose(-r.distance, sat, absolute: 1e-9))
    // The existing box–box SAT picks an axis at least as deep (it prefers faces by a
    // tolerance), and its points are no deeper than the boxes overlap along that axis.
    if let m = Narrowphase.collide(.box(halfExtents: ha), ta, .box(halfExtents: hb), tb, margin: 0)
    {
      let l = m.normal
      let overlap = a.projectedRadius(l) + b.projectedRadius(l) - abs((a.center - b.center).dot(l))
      #expect(overlap >= sat - 1e-9)
      #expect(m.minSeparation >= -overlap - 1e-9)
    }
  }
  #expect(tested == 200)
}

@Test func gjkIsDeterministicAndOverlapAgreesWithDistance() throws {
  var rng = SeededGenerator(seed: 3)
  let hull = try ConvexHull(
    points: (0..<40).map { _ in
      Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
    })
  let shapes: [Shape] = [
    .sphere(radius: 0.3), .box(halfExtents: Vec3(0.2, 0.3, 0.4)),
    .capsule(radius: 0.2, halfHeight: 0.3), .cylinder(radius: 0.25, halfHeight: 0.35),
    .convexHull(hull),
  ]
  for _ in 0..<300 {
    let a = shapes[Int(rng.next() % 5)]
    let b = shapes[Int(rng.next() % 5)]
    let ta = randomTransform(&rng, spread: 0.8)
    let tb = randomTransform(&rng, spread: 0.8)
    let r1 = Narrowphase.distance(a, ta, b, tb)
    let r2 = Narrowphase.distance(a, ta, b, tb)
    #expect(r1 == r2)
    #expect(r1.distance.isFinite)
    // Overlap is decided by the same cores; only exact touching (|d| below round-off) could
    // differ, which random inputs never hit.
    if abs(r1.distance) > 1e-9 {
      #expect(Narrowphase.overlaps(a, ta, b, tb) == (r1.distance < 0))
    }
    // The witness points are on the surfaces: their gap along the line joining them is
    // the distance (for separated pairs).
    if r1.distance > 1e-6 {
      #expect(isClose((r1.pointB - r1.pointA).length, r1.distance, absolute: 1e-8))
    }
  }
}

@Test func epaFindsPenetrationOfSphereCentreInsideHull() throws {
  // A sphere whose centre is inside a cube hull: depth = r + distance to the nearest face.
  let hull = ConvexHull.box(halfExtents: Vec3(1, 1, 1))
  let r = Narrowphase.distance(
    .sphere(radius: 0.25), Transform(position: Vec3(0.1, 0.2, 0.7)), .convexHull(hull),
    .identity)
  #expect(isClose(r.distance, -(0.3 + 0.25), absolute: 1e-9))
}

/// A random rigid transform with position in ±spread (m).
func randomTransform(_ rng: inout SeededGenerator, spread: Double) -> Transform {
  let axis = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
  let p = Vec3(
    (2 * rng.nextUnit() - 1) * spread, (2 * rng.nextUnit() - 1) * spread,
    (2 * rng.nextUnit() - 1) * spread)
  return Transform(
    position: p,
    rotation: Quaternion(
      axis: axis.lengthSquared > 0 ? axis : Vec3(0, 0, 1),
      angle: 2 * Double.pi * rng.nextUnit()))
}
