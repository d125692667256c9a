import DioramaCore
import Testing
import _TestSupport

@testable import DioramaCollision

// Closed-form mass properties; 1e-12 relative is a few ulps of the products involved.

@Test func sphereVolumeAndInertia() {
  let s = Shape.sphere(radius: 0.3)
  #expect(isClose(s.volume, 4.0 / 3.0 * Double.pi * 0.027, relative: 1e-12))
  let i = s.massProperties(density: 2 / s.volume).inertia.diagonal
  #expect(isClose(i, Vec3(repeating: 0.4 * 2 * 0.09), absolute: 1e-15))
  #expect(s.boundingRadius == 0.3)
}

@Test func boxVolumeAndInertia() {
  // Full edges a = 1, b = 2, c = 3, mass 6: I = m/12 (b² + c², a² + c², a² + b²).
  let b = Shape.box(halfExtents: Vec3(0.5, 1, 1.5))
  #expect(isClose(b.volume, 6, relative: 1e-12))
  #expect(isClose(b.massProperties(density: 1000).mass, 6000, relative: 1e-12))
  let i = b.massProperties(density: 1).inertia.diagonal
  #expect(isClose(i, Vec3(0.5 * 13, 0.5 * 10, 0.5 * 5), absolute: 1e-12))
  #expect(isClose(b.boundingRadius, (0.25 + 1 + 2.25).squareRoot(), relative: 1e-12))
}

@Test func sphereAABBFollowsPosition() {
  let box = Shape.sphere(radius: 0.5).aabb(Transform(position: Vec3(1, 2, 3)))
  #expect(box == AABB(min: Vec3(0.5, 1.5, 2.5), max: Vec3(1.5, 2.5, 3.5)))
}

@Test func rotatedBoxAABBIsTight() {
  // A unit cube turned 45° about z spans ±√2/2 in x and y, ±0.5 in z.
  let t = Transform(
    position: Vec3(1, 0, 0), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 4))
  let box = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5)).aabb(t)
  let r = 0.5 * 2.0.squareRoot()
  #expect(isClose(box.min, Vec3(1 - r, -r, -0.5), absolute: 1e-12))
  #expect(isClose(box.max, Vec3(1 + r, r, 0.5), absolute: 1e-12))
}

@Test func aabbOverlapIsClosed() {
  let a = AABB(min: .zero, max: Vec3(1, 1, 1))
  #expect(a.overlaps(AABB(min: Vec3(1, 1, 1), max: Vec3(2, 2, 2))))
  #expect(!a.overlaps(AABB(min: Vec3(1.000001, 0, 0), max: Vec3(2, 1, 1))))
  #expect(a.expanded(by: 0.5) == AABB(min: Vec3(repeating: -0.5), max: Vec3(repeating: 1.5)))
  let nan = AABB(min: Vec3(.nan, 0, 0), max: Vec3(1, 1, 1))
  #expect(!a.overlaps(nan))
}
