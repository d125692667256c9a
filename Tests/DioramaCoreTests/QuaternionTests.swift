import DioramaCore
import Foundation
import Testing
import _TestSupport

/// Rotation angle (rad) between two unit quaternions: 2·asin(|vec(a* b)|), accurate for small
/// angles where acos of the dot product would lose half the digits.
private func angleBetween(_ a: Quaternion, _ b: Quaternion) -> Double {
  let d = a.conjugate * b
  return 2 * asin(min(1, d.vector.length))
}

private let sampleRotations: [Quaternion] = [
  .identity,
  Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 2),
  Quaternion(axis: Vec3(1, 2, 3), angle: 2.1),
  Quaternion(axis: Vec3(-0.3, 0.9, 0.1), angle: -0.7),
  Quaternion(roll: 0.4, pitch: -1.1, yaw: 2.9),
]

private let sampleVectors: [Vec3] = [
  Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1), Vec3(0.3, -2.5, 1.25), Vec3(-7, 4, 0.5),
]

@Suite struct QuaternionTests {
  @Test func quarterTurnAboutZ() {
    let q = Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 2)
    #expect(isClose(q.rotate(Vec3(1, 0, 0)), Vec3(0, 1, 0), absolute: 1e-15))
    #expect(isClose(q.rotate(Vec3(0, 1, 0)), Vec3(-1, 0, 0), absolute: 1e-15))
    #expect(isClose(q.rotate(Vec3(0, 0, 1)), Vec3(0, 0, 1), absolute: 1e-15))
  }

  // Rotation then inverse rotation returns the vector; 1e-14 covers a few roundings on
  // vectors of length ≤ 10.
  @Test func rotateInverseRotateRoundTrip() {
    for q in sampleRotations {
      for v in sampleVectors {
        #expect(isClose(q.inverseRotate(q.rotate(v)), v, absolute: 1e-14))
        #expect(isClose(q.rotate(q.inverseRotate(v)), v, absolute: 1e-14))
        #expect(isClose(q.rotate(v).length, v.length, relative: 1e-14))
      }
    }
  }

  @Test func matrixAgreesWithRotateAndIsOrthonormal() {
    for q in sampleRotations {
      let r = q.matrix
      for v in sampleVectors { #expect(isClose(r * v, q.rotate(v), absolute: 1e-14)) }
      let rrt = r * r.transposed
      #expect(isClose(rrt.r0, Vec3(1, 0, 0), absolute: 1e-15))
      #expect(isClose(rrt.r1, Vec3(0, 1, 0), absolute: 1e-15))
      #expect(isClose(rrt.r2, Vec3(0, 0, 1), absolute: 1e-15))
    }
  }

  @Test func productAppliesRightFactorFirst() {
    let a = sampleRotations[2]
    let b = sampleRotations[3]
    for v in sampleVectors {
      #expect(isClose((a * b).rotate(v), a.rotate(b.rotate(v)), absolute: 1e-14))
    }
  }

  // Intrinsic Z-Y-X: yaw alone turns x toward y, pitch alone turns x toward −z, roll alone
  // turns y toward z.
  @Test func eulerAnglesFollowAerospaceConvention() {
    let h = Double.pi / 2
    #expect(
      isClose(
        Quaternion(roll: 0, pitch: 0, yaw: h).rotate(Vec3(1, 0, 0)),
        Vec3(0, 1, 0), absolute: 1e-15))
    #expect(
      isClose(
        Quaternion(roll: 0, pitch: h, yaw: 0).rotate(Vec3(1, 0, 0)),
        Vec3(0, 0, -1), absolute: 1e-15))
    #expect(
      isClose(
        Quaternion(roll: h, pitch: 0, yaw: 0).rotate(Vec3(0, 1, 0)),
        Vec3(0, 0, 1), absolute: 1e-15))
  }

  @Test func zeroAxisGivesIdentity() {
    #expect(Quaternion(axis: .zero, angle: 1) == .identity)
  }

  // Constant ω: the exact rotation after T is the axis-angle rotation by |ω|T about ω̂.
  // The first-order step rotates by 2·atan(|ω|dt/2) instead of |ω|dt, about the exact axis,
  // so the angle error after T is T·|ω|³·dt²/12 to leading order (next term O(dt⁴)). Measured:
  // 7.916e-7 at dt = 2 ms, 1.979e-7 at 1 ms, both within 1e-5 of the prediction; we allow 1%.
  @Test func integrationOfConstantOmegaMatchesAxisAngle() {
    let omega = Vec3(0.3, -0.5, 1.2)
    let q0 = Quaternion(axis: Vec3(1, 1, 0), angle: 0.4)
    let duration = 1.0
    let w = omega.length
    var previousError = 0.0
    for steps in [500, 1000] {
      let dt = duration / Double(steps)
      var q = q0
      for _ in 0..<steps { q = q.integrated(angularVelocity: omega, dt: dt) }
      let exact = Quaternion(axis: omega, angle: w * duration) * q0
      let error = angleBetween(q, exact)
      let predicted = duration * w * w * w * dt * dt / 12
      #expect(error < 1.01 * predicted)
      #expect(error > 0.99 * predicted)
      #expect(isClose(q.norm, 1, relative: 1e-14))
      if previousError > 0 {
        #expect(isClose(previousError / error, 4, relative: 0.05))  // second order in dt
      }
      previousError = error
    }
  }
}

@Suite struct TransformTests {
  private let t = Transform(
    position: Vec3(1, -2, 0.5), rotation: Quaternion(axis: Vec3(1, 2, 3), angle: 2.1))
  private let u = Transform(
    position: Vec3(-0.25, 3, 4), rotation: Quaternion(roll: 0.4, pitch: -1.1, yaw: 2.9))

  @Test func applyInverseApplyRoundTrip() {
    for p in sampleVectors {
      #expect(isClose(t.inverseApply(t.apply(p)), p, absolute: 1e-14))
      #expect(isClose(t.apply(t.inverseApply(p)), p, absolute: 1e-14))
    }
  }

  @Test func compositionAppliesRightFirst() {
    for p in sampleVectors {
      #expect(isClose((t * u).apply(p), t.apply(u.apply(p)), absolute: 1e-13))
    }
  }

  @Test func identityAndPureTranslation() {
    let p = Vec3(0.3, -2.5, 1.25)
    #expect(Transform.identity.apply(p) == p)
    #expect(Transform(position: Vec3(1, 2, 3)).apply(p) == p + Vec3(1, 2, 3))
  }

  @Test func codableRoundTrip() throws {
    let data = try JSONEncoder().encode(t)
    #expect(try JSONDecoder().decode(Transform.self, from: data) == t)
  }
}

@Suite struct Matrix3Tests {
  @Test func rotatedDiagonalIsRDRt() {
    let r = Quaternion(axis: Vec3(1, 2, 3), angle: 2.1).matrix
    let d = Vec3(1, 2, 5)
    let expected = r * Matrix3(diagonal: d) * r.transposed
    let got = Matrix3.rotated(diagonal: d, by: r)
    #expect(isClose(got.r0, expected.r0, absolute: 1e-14))
    #expect(isClose(got.r1, expected.r1, absolute: 1e-14))
    #expect(isClose(got.r2, expected.r2, absolute: 1e-14))
    // Similarity preserves the trace and symmetry.
    #expect(isClose(got.r0.x + got.r1.y + got.r2.z, 8, relative: 1e-14))
    #expect(isClose(got.r0.y, got.r1.x, relative: 1e-13, absolute: 1e-15))
  }

  @Test func productsAndIdentity() {
    let a = Matrix3(rows: Vec3(1, 2, 3), Vec3(4, 5, 6), Vec3(7, 8, 10))
    #expect(a * Matrix3.identity == a)
    #expect(Matrix3.identity * a == a)
    #expect(a * Vec3(1, 0, -1) == Vec3(-2, -2, -3))
    #expect(a.transposed.transposed == a)
    #expect((a * a).r0 == Vec3(30, 36, 45))
  }
}
