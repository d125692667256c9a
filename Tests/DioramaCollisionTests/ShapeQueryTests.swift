import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Ray casts, support points and closest points against analytic answers. 1e-12 absolute:
// unit-size inputs, closed forms evaluated with a square root or a division at most.

private let tol = 1e-12

@Test func rayHitsSphereAtTheNearRoot() throws {
  let hit = try #require(
    Shape.sphere(radius: 0.5).raycast(
      localOrigin: Vec3(-2, 0.3, 0), direction: Vec3(1, 0, 0), maxDistance: 10))
  // x² + 0.09 = 0.25 → x = −0.4: distance 1.6, normal (−0.4, 0.3, 0)/0.5.
  #expect(isClose(hit.distance, 1.6, absolute: tol))
  #expect(isClose(hit.normal, Vec3(-0.8, 0.6, 0), absolute: tol))
  #expect(
    Shape.sphere(radius: 0.5).raycast(
      localOrigin: Vec3(-2, 0.6, 0), direction: Vec3(1, 0, 0), maxDistance: 10) == nil)
  #expect(
    Shape.sphere(radius: 0.5).raycast(
      localOrigin: Vec3(-2, 0, 0), direction: Vec3(1, 0, 0), maxDistance: 1.4) == nil)
  #expect(
    Shape.sphere(radius: 0.5).raycast(
      localOrigin: Vec3(2, 0, 0), direction: Vec3(1, 0, 0), maxDistance: 10) == nil)
}

@Test func rayHitsBoxFaceBySlabs() throws {
  let box = Shape.box(halfExtents: Vec3(0.5, 1, 1.5))
  // From (2, 0.2, 0.3) along (−1, −0.5, 0)/|…|: enters the x = 0.5 face at t·(1/√1.25) = 1.5.
  let d = Vec3(-1, -0.5, 0)
  let hit = try #require(box.raycast(localOrigin: Vec3(2, 0.2, 0.3), direction: d, maxDistance: 5))
  #expect(isClose(hit.distance, 1.5 * 1.25.squareRoot(), absolute: tol))
  #expect(hit.normal == Vec3(1, 0, 0))
  // Grazing past the y = 1 face plane outside the box: a miss.
  #expect(
    box.raycast(localOrigin: Vec3(2, 1.2, 0), direction: Vec3(-1, 0, 0), maxDistance: 5) == nil)
  // From inside: distance 0.
  let inside = try #require(
    box.raycast(localOrigin: Vec3(0, 0, 0), direction: Vec3(0, 0, 1), maxDistance: 5))
  #expect(inside.distance == 0)
  #expect(inside.normal == Vec3(0, 0, -1))
}

@Test func rayHitsCapsuleSideAndEndSphere() throws {
  let cap = Shape.capsule(radius: 0.2, halfHeight: 0.5)
  let side = try #require(
    cap.raycast(localOrigin: Vec3(-1, 0, 0.3), direction: Vec3(1, 0, 0), maxDistance: 5))
  #expect(isClose(side.distance, 0.8, absolute: tol))
  #expect(isClose(side.normal, Vec3(-1, 0, 0), absolute: tol))
  // Straight down the axis: the top end sphere at z = 0.7.
  let top = try #require(
    cap.raycast(localOrigin: Vec3(0, 0, 2), direction: Vec3(0, 0, -1), maxDistance: 5))
  #expect(isClose(top.distance, 1.3, absolute: tol))
  #expect(isClose(top.normal, Vec3(0, 0, 1), absolute: tol))
  // Beside the end sphere, above the side: hits the sphere centred at z = 0.5 at
  // x = −√(0.04 − 0.01), z = 0.6.
  let corner = try #require(
    cap.raycast(localOrigin: Vec3(-1, 0, 0.6), direction: Vec3(1, 0, 0), maxDistance: 5))
  #expect(isClose(corner.distance, 1 - 0.03.squareRoot(), absolute: tol))
}

@Test func rayHitsCylinderSideAndCap() throws {
  let cyl = Shape.cylinder(radius: 0.3, halfHeight: 0.4)
  let side = try #require(
    cyl.raycast(localOrigin: Vec3(0, -1, 0.35), direction: Vec3(0, 1, 0), maxDistance: 5))
  #expect(isClose(side.distance, 0.7, absolute: tol))
  #expect(isClose(side.normal, Vec3(0, -1, 0), absolute: tol))
  let cap = try #require(
    cyl.raycast(localOrigin: Vec3(0.1, 0.1, -3), direction: Vec3(0, 0, 1), maxDistance: 5))
  #expect(isClose(cap.distance, 2.6, absolute: tol))
  #expect(cap.normal == Vec3(0, 0, -1))
  // Above the top, aimed past the rim: a miss (the capsule would have hit).
  #expect(
    cyl.raycast(localOrigin: Vec3(-1, 0, 0.45), direction: Vec3(1, 0, 0), maxDistance: 5) == nil)
}

@Test func rayHitsHullByPlaneClipping() throws {
  // The unit right tetrahedron; a ray from (0.2, 0.2, −1) upward enters the z = 0 face.
  let hull = Shape.convexHull(
    try ConvexHull(points: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]))
  let up = try #require(
    hull.raycast(localOrigin: Vec3(0.2, 0.2, -1), direction: Vec3(0, 0, 1), maxDistance: 5))
  #expect(isClose(up.distance, 1, absolute: tol))
  #expect(isClose(up.normal, Vec3(0, 0, -1), absolute: tol))
  // Downward onto the slanted face x + y + z = 1 from (0.2, 0.2, 2): at z = 0.6.
  let down = try #require(
    hull.raycast(localOrigin: Vec3(0.2, 0.2, 2), direction: Vec3(0, 0, -1), maxDistance: 5))
  #expect(isClose(down.distance, 1.4, absolute: tol))
  #expect(isClose(down.normal, Vec3(1, 1, 1) / 3.0.squareRoot(), absolute: tol))
  #expect(
    hull.raycast(localOrigin: Vec3(0.8, 0.8, 2), direction: Vec3(0, 0, -1), maxDistance: 5)
      == nil)
}

@Test func worldRaycastAndCompoundTakeTheNearestChild() throws {
  // A dumbbell: two spheres at x = ±1 in the compound frame, the compound turned 90° about z
  // (so they sit at y = ±1) and lifted to z = 2.
  let dumbbell = Shape.compound(
    Compound(children: [
      .init(shape: .sphere(radius: 0.25), transform: Transform(position: Vec3(-1, 0, 0))),
      .init(shape: .sphere(radius: 0.25), transform: Transform(position: Vec3(1, 0, 0))),
    ]))
  let t = Transform(
    position: Vec3(0, 0, 2), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 2))
  let hit = try #require(
    dumbbell.raycast(t, origin: Vec3(0, 5, 2), direction: Vec3(0, -2, 0), maxDistance: 10))
  #expect(isClose(hit.distance, 3.75, absolute: 1e-12))
  #expect(isClose(hit.normal, Vec3(0, 1, 0), absolute: 1e-12))
  // A box turned 45° about z, hit on an edge-adjacent face from −x.
  let box = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
  let tb = Transform(rotation: Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 4))
  let h2 = try #require(
    box.raycast(tb, origin: Vec3(-3, 0.1, 0), direction: Vec3(1, 0, 0), maxDistance: 10))
  // The face x·cos45 − … : the face with outward normal (−1, −1, 0)/√2 or (−1, 1, 0)/√2 at
  // distance 0.5 from the centre: along y = 0.1, it is the (−1, +1) one: x − y = −√2/2.
  #expect(isClose(h2.distance, 3 - (0.5 * 2.0.squareRoot() - 0.1), absolute: 1e-12))
  #expect(isClose(h2.normal, Vec3(-1, 1, 0) / 2.0.squareRoot(), absolute: 1e-12))
}

@Test func supportPointsOfEveryConvexShape() throws {
  let d = Vec3(1, -2, 2)  // |d| = 3
  #expect(isClose(Shape.sphere(radius: 0.6).support(d), Vec3(0.2, -0.4, 0.4), absolute: tol))
  #expect(Shape.box(halfExtents: Vec3(1, 2, 3)).support(d) == Vec3(1, -2, 3))
  #expect(
    isClose(
      Shape.capsule(radius: 0.3, halfHeight: 1).support(d), Vec3(0.1, -0.2, 1.2),
      absolute: tol))
  // Cylinder: rim point along d's xy direction (1, −2)/√5, top cap.
  let c = Shape.cylinder(radius: 0.5, halfHeight: 1).support(d)
  #expect(isClose(c, Vec3(0.5 / 5.0.squareRoot(), -1 / 5.0.squareRoot(), 1), absolute: tol))
  let hull = try ConvexHull(points: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)])
  #expect(Shape.convexHull(hull).support(d) == Vec3(0, 0, 1))
}

@Test func distanceOfCompoundIsTheClosestChild() {
  let pair = Shape.compound(
    Compound(children: [
      .init(
        shape: .box(halfExtents: Vec3(0.5, 0.5, 0.5)),
        transform: Transform(position: Vec3(-2, 0, 0))),
      .init(shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(2, 0, 0))),
    ]))
  let r = Narrowphase.distance(
    pair, .identity, .sphere(radius: 1), Transform(position: Vec3(5, 0, 0)))
  #expect(isClose(r.distance, 1.5, absolute: tol))
  #expect(isClose(r.pointA, Vec3(2.5, 0, 0), absolute: tol))
  #expect(isClose(r.pointB, Vec3(4, 0, 0), absolute: tol))
  // Swapped: the points swap with it.
  let s = Narrowphase.distance(
    .sphere(radius: 1), Transform(position: Vec3(5, 0, 0)), pair, .identity)
  #expect(isClose(s.pointA, Vec3(4, 0, 0), absolute: tol))
  #expect(
    Narrowphase.overlaps(pair, .identity, .sphere(radius: 1), Transform(position: Vec3(3.4, 0, 0))))
  #expect(
    !Narrowphase.overlaps(pair, .identity, .sphere(radius: 1), Transform(position: Vec3(3.6, 0, 0)))
  )
}
