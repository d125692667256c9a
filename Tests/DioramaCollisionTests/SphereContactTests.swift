import DioramaCore
import Testing
import _TestSupport

@testable import DioramaCollision

// Sphere contacts have closed forms; 1e-12 absolute allows the rounding of the rotations and
// square roots on unit-size inputs.
private let tol = 1e-12

@Test func sphereSphereSeparationAndNormal() throws {
  let a = Shape.sphere(radius: 0.5)
  let b = Shape.sphere(radius: 1)
  let ta = Transform(position: Vec3(1, 2, 2))
  let tb = Transform(position: Vec3(1, 0, 0))
  // |ca − cb| = √8, separation √8 − 1.5, normal (0, 1, 1)/√2.
  let m = try #require(Narrowphase.collide(a, ta, b, tb, margin: 2))
  let s = 8.0.squareRoot() - 1.5
  let n = Vec3(0, 1, 1) / 2.0.squareRoot()
  #expect(m.pointCount == 1)
  #expect(isClose(m.normal, n, absolute: tol))
  #expect(isClose(m[0].separation, s, relative: 1e-12))
  // Midway between (cb + 1·n) and (ca − 0.5·n).
  #expect(isClose(m[0].position, 0.5 * (tb.position + n + ta.position - 0.5 * n), absolute: tol))
  #expect(Narrowphase.collide(a, ta, b, tb, margin: s - 1e-9) == nil)
}

@Test func sphereSpherePenetrating() throws {
  let m = try #require(
    Narrowphase.collide(
      .sphere(radius: 1), Transform(position: Vec3(0, 0, 1.5)), .sphere(radius: 1), .identity,
      margin: 0))
  #expect(isClose(m[0].separation, -0.5, relative: 1e-12))
  #expect(m.normal == Vec3(0, 0, 1))
  #expect(isClose(m[0].position, Vec3(0, 0, 0.75), absolute: tol))
}

@Test func sphereOnHalfSpace() throws {
  let ground = HalfSpace(normal: Vec3(0, 0, 2), offset: 1)  // z = 1 after normalising
  let m = try #require(
    Narrowphase.collide(
      .sphere(radius: 0.5), Transform(position: Vec3(3, 4, 1.4)), ground,
      margin: 0))
  #expect(m.normal == Vec3(0, 0, 1))
  #expect(isClose(m[0].separation, -0.1, absolute: tol))
  #expect(isClose(m[0].position, Vec3(3, 4, 0.95), absolute: tol))
  #expect(
    Narrowphase.collide(
      .sphere(radius: 0.5), Transform(position: Vec3(0, 0, 1.6)), ground,
      margin: 0.05) == nil)
}

// A box with half-extents (1, 2, 3), turned and moved, so that the tests exercise the frame.
private let boxHalf = Vec3(1, 2, 3)
private let boxT = Transform(
  position: Vec3(0.3, -1, 2), rotation: Quaternion(axis: Vec3(1, 2, 3), angle: 0.7))
private func world(_ local: Vec3) -> Vec3 { boxT.apply(local) }
private func worldDir(_ local: Vec3) -> Vec3 { boxT.rotation.rotate(local) }

/// Sphere of radius 0.5 at box-local `local`; expects normal (box-local), separation and
/// closest point on the box (box-local).
private func checkSphereBox(
  local: Vec3, normal: Vec3, separation: Double, onBox: Vec3, feature: UInt32
) throws {
  let ts = Transform(position: world(local))
  let m = try #require(
    Narrowphase.collide(.sphere(radius: 0.5), ts, .box(halfExtents: boxHalf), boxT, margin: 0.1))
  #expect(m.pointCount == 1)
  #expect(isClose(m.normal, worldDir(normal), absolute: tol))
  #expect(isClose(m[0].separation, separation, absolute: tol))
  let onSphere = ts.position - 0.5 * m.normal
  #expect(isClose(m[0].position, 0.5 * (world(onBox) + onSphere), absolute: tol))
  #expect(m[0].featureID == feature)
  // The same pair with the box as A: same points, normal reversed.
  let f = try #require(
    Narrowphase.collide(.box(halfExtents: boxHalf), boxT, .sphere(radius: 0.5), ts, margin: 0.1))
  #expect(f.normal == -m.normal)
  #expect(f[0] == m[0])
}

@Test func sphereOutsideBoxFace() throws {
  // Region (+x, inside, inside) = 2 + 1·3 + 1·9.
  try checkSphereBox(
    local: Vec3(1.3, 0.5, -1), normal: Vec3(1, 0, 0), separation: -0.2,
    onBox: Vec3(1, 0.5, -1), feature: 14)
}

@Test func sphereOutsideBoxEdge() throws {
  // 0.3, 0.4 beyond the +x +y edge: distance 0.5, touching.
  try checkSphereBox(
    local: Vec3(1.3, 2.4, 0), normal: Vec3(0.6, 0.8, 0), separation: 0,
    onBox: Vec3(1, 2, 0), feature: 2 + 6 + 9)
}

@Test func sphereOutsideBoxCorner() throws {
  // (0.2, 0.2, 0.1) beyond the (−, +, +) corner: distance 0.3.
  let n = Vec3(-0.2, 0.2, 0.1) / 0.3
  try checkSphereBox(
    local: Vec3(-1.2, 2.2, 3.1), normal: n, separation: -0.2, onBox: Vec3(-1, 2, 3),
    feature: 0 + 6 + 18)
}

@Test func sphereCentreInsideBox() throws {
  // Nearest face is −y at depth 0.1: separation −0.1 − 0.5.
  try checkSphereBox(
    local: Vec3(0.5, -1.9, 1), normal: Vec3(0, -1, 0), separation: -0.6,
    onBox: Vec3(0.5, -2, 1), feature: 32 + 2)
}

@Test func sphereBeyondMarginOfBoxIsNil() {
  let ts = Transform(position: world(Vec3(0, 0, 3.61)))
  #expect(
    Narrowphase.collide(.sphere(radius: 0.5), ts, .box(halfExtents: boxHalf), boxT, margin: 0.1)
      == nil)
  let near = Transform(position: world(Vec3(0, 0, 3.59)))
  let m = Narrowphase.collide(
    .sphere(radius: 0.5), near, .box(halfExtents: boxHalf), boxT, margin: 0.1)
  #expect(m.map { isClose($0[0].separation, 0.09, absolute: tol) } == true)
}
