import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// 1e-12 absolute: unit-size inputs, errors are rounding in the rotation only.
private let tol = 1e-12

@Test(arguments: [-0.004, 0, 0.003])
func boxFlatOnGroundGivesFourCorners(gap: Double) throws {
  let h = Vec3(0.5, 0.3, 0.2)
  let t = Transform(position: Vec3(1, 2, 0.2 + gap))
  let ground = HalfSpace(normal: Vec3(0, 0, 1), offset: 0)
  let m = try #require(Narrowphase.collide(.box(halfExtents: h), t, ground, margin: 0.005))
  #expect(m.normal == Vec3(0, 0, 1))
  try #require(m.pointCount == 4)
  // The bottom vertices are 0…3 (bit 2 clear), in order (−,−) (+,−) (−,+) (+,+).
  let expected = [Vec3(0.5, 1.7, 0), Vec3(1.5, 1.7, 0), Vec3(0.5, 2.3, 0), Vec3(1.5, 2.3, 0)]
  for i in 0..<4 {
    #expect(m[i].featureID == UInt32(i))
    #expect(isClose(m[i].separation, gap, absolute: tol))
    #expect(isClose(m[i].position, expected[i] + Vec3(0, 0, gap / 2), absolute: tol))
  }
}

@Test func tiltedBoxTouchesWithOneCorner() throws {
  // A cube balanced on a corner: body diagonal (1,1,1) turned onto −z.
  let q = Quaternion(axis: Vec3(1, 1, 1).cross(Vec3(0, 0, -1)), angle: acos(-1 / 3.0.squareRoot()))
  let c = 0.5 * 3.0.squareRoot() - 0.001
  let m = try #require(
    Narrowphase.collide(
      .box(halfExtents: Vec3(0.5, 0.5, 0.5)), Transform(position: Vec3(0, 0, c), rotation: q),
      HalfSpace(normal: Vec3(0, 0, 1), offset: 0), margin: 0.01))
  try #require(m.pointCount == 1)
  #expect(m[0].featureID == 7)  // the (+, +, +) corner
  #expect(isClose(m[0].separation, -0.001, absolute: tol))
  #expect(isClose(m[0].position, Vec3(0, 0, -0.0005), absolute: tol))
}

@Test func deepBoxKeepsFourDeepestCorners() throws {
  // Tilted slightly and sunk past its height, all eight corners are below the surface;
  // the four lowest are the bottom face.
  let t = Transform(position: Vec3(0, 0, -1), rotation: Quaternion(axis: Vec3(1, 0, 0), angle: 0.1))
  let m = try #require(
    Narrowphase.collide(
      .box(halfExtents: Vec3(0.5, 0.5, 0.5)), t, HalfSpace(normal: Vec3(0, 0, 1), offset: 0),
      margin: 0))
  #expect(m.points.map(\.featureID) == [0, 1, 2, 3])
}

@Test func boxAboveGroundBeyondMarginIsNil() {
  let m = Narrowphase.collide(
    .box(halfExtents: Vec3(1, 1, 1)), Transform(position: Vec3(0, 0, 1.02)),
    HalfSpace(normal: Vec3(0, 0, 1), offset: 0), margin: 0.01)
  #expect(m == nil)
}

@Test func wallHalfSpaceUsesItsNormal() throws {
  // A wall at x = 3 whose solid side is x > 3.
  let wall = HalfSpace(normal: Vec3(-1, 0, 0), through: Vec3(3, 0, 0))
  let m = try #require(
    Narrowphase.collide(
      .sphere(radius: 1), Transform(position: Vec3(2.2, 0, 5)), wall,
      margin: 0))
  #expect(m.normal == Vec3(-1, 0, 0))
  #expect(isClose(m[0].separation, -0.2, absolute: tol))
  #expect(isClose(m[0].position, Vec3(3.1, 0, 5), absolute: tol))
}
