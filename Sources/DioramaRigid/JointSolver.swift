import DioramaCore
import Foundation

// The soft-step joint solver (Catto, "Solver2D", 2024; Box2D v3's joint design) in 3D.
//
// Every constraint row works on velocities. Rigid rows (anchor coincidence, locked rotation,
// distance rod, limits that are violated) are soft during the biased solve: a spring-damper of
// stiffness `JointSettings.hertz` and damping ratio `dampingRatio` pulls the position error C
// back, with coefficients from the implicit-Euler spring (see `Softness`), and rigid without
// bias during the relax pass. Limits are one-sided rows whose accumulated impulse is clamped at
// zero; a limit not yet reached is speculative (the row only stops the gap from closing beyond
// zero within the substep). Motors clamp their accumulated impulse to ±max force × h. Springs use
// the same soft coefficients with the user's frequency and damping ratio in both passes.
//
// Joints whose anchors coincide (weld, hinge, ball and socket) solve the anchors first, as a
// 3×3 block, then their angular rows (spring, motor, limits, then the locked rotations) each
// paired with the anchor impulse that keeps the anchors' relative velocity unchanged (see
// `AngularResponse`), so the last rows solved do not undo the anchors. Sliders and distance
// joints solve spring, motor, limits, then their rigid rows, the most important last (as
// Box2D v3 does). Joints are solved in the order they were created, every pass.

/// Soft-constraint coefficients for one substep h (Catto, Solver2D 2024, "soft step").
///
/// A spring of natural frequency ω = 2π·hertz and damping ratio ζ on a row of effective mass m,
/// integrated with implicit Euler, turns the row's impulse into
/// Δλ = −massScale · m · (Ċ + biasRate · C) − impulseScale · λ, with
/// a₁ = 2ζ + hω, a₂ = hω·a₁, a₃ = 1/(1 + a₂): biasRate = ω/a₁, massScale = a₂a₃,
/// impulseScale = a₃. Hertz 0 gives the rigid row (0, 1, 0).
struct Softness: Sendable {
  var biasRate: Double
  var massScale: Double
  var impulseScale: Double

  static let rigid = Softness(biasRate: 0, massScale: 1, impulseScale: 0)

  init(biasRate: Double, massScale: Double, impulseScale: Double) {
    self.biasRate = biasRate
    self.massScale = massScale
    self.impulseScale = impulseScale
  }

  init(hertz: Double, dampingRatio zeta: Double, h: Double) {
    guard hertz > 0 else {
      self = .rigid
      return
    }
    let omega = 2 * Double.pi * hertz
    let a1 = 2 * zeta + h * omega
    let a2 = h * omega * a1
    let a3 = 1 / (1 + a2)
    self.init(biasRate: omega / a1, massScale: a2 * a3, impulseScale: a3)
  }
}

/// The two bodies of one joint, gathered for the solve: the contact solver's `BodyPair`
/// (velocities, inverse masses, world inverse inertias; the static world has zeros), with
/// the scalar-row operations joints need added below.
typealias JointBodies = BodyPair

extension BodyPair {
  /// Ċ of a scalar row.
  @inline(__always)
  func velocity(_ r: JointRow) -> Double {
    r.linear.dot(vB - vA) + r.angularB.dot(wB) - r.angularA.dot(wA)
  }

  /// 1 / (J M⁻¹ Jᵀ) of a scalar row, or 0 when nothing can move it (kg or kg·m²).
  @inline(__always)
  func effectiveMass(_ r: JointRow) -> Double {
    let k =
      (mA + mB) * r.linear.lengthSquared + r.angularA.dot(iA * r.angularA)
      + r.angularB.dot(iB * r.angularB)
    return k > 0 ? 1 / k : 0
  }

  /// J M⁻¹ Jᵀ between two rows (the off-diagonal of a block).
  @inline(__always)
  func coupling(_ r: JointRow, _ s: JointRow) -> Double {
    (mA + mB) * r.linear.dot(s.linear) + r.angularA.dot(iA * s.angularA)
      + r.angularB.dot(iB * s.angularB)
  }

  @inline(__always)
  mutating func apply(_ r: JointRow, _ lambda: Double) {
    vA -= (mA * lambda) * r.linear
    wA -= iA * (lambda * r.angularA)
    vB += (mB * lambda) * r.linear
    wB += iB * (lambda * r.angularB)
  }
}

/// One scalar constraint row: Ċ = linear·(vB − vA) + angularB·ωB − angularA·ωA; an impulse λ
/// along it adds λ·linear to B's momentum and λ·angularB to its angular momentum (and the
/// opposite, with angularA, to A).
struct JointRow {
  var linear: Vec3
  var angularA: Vec3
  var angularB: Vec3
  /// A pure rotation row: its impulse is a torque, not a force.
  var isAngular: Bool

  /// A row along direction n between anchors at lever arms rA, rB.
  @inline(__always)
  static func point(_ n: Vec3, _ rA: Vec3, _ rB: Vec3) -> JointRow {
    JointRow(linear: n, angularA: rA.cross(n), angularB: rB.cross(n), isAngular: false)
  }

  /// A row on the relative angular velocity about `axis`.
  @inline(__always)
  static func angular(_ axis: Vec3) -> JointRow {
    JointRow(linear: .zero, angularA: axis, angularB: axis, isAngular: true)
  }

  @inline(__always)
  var negated: JointRow {
    JointRow(linear: -linear, angularA: -angularA, angularB: -angularB, isAngular: isAngular)
  }
}

/// The current pose of a joint: world lever arms from each centre of mass to its anchor (m),
/// the anchors' separation d = pB − pA (m), and the joint frames in world (fA = qA·frameA).
struct JointGeometry {
  var rA: Vec3
  var rB: Vec3
  var d: Vec3
  var fA: Quaternion
  var fB: Quaternion

  /// The pose of attachment `j` on bodies at orientations qA, qB and centres of mass xA, xB.
  @inline(__always)
  init(_ j: JointAttachment, qA: Quaternion, qB: Quaternion, xA: Vec3, xB: Vec3) {
    rA = qA.rotate(j.localAnchorA)
    rB = qB.rotate(j.localAnchorB)
    d = (rB + xB) - (rA + xA)
    fA = qA * j.localFrameA
    fB = qB * j.localFrameB
  }

  /// Frame x axis (the hinge, slider or twist axis) of A and B.
  var axisA: Vec3 { fA.rotate(Vec3(1, 0, 0)) }
  var axisB: Vec3 { fB.rotate(Vec3(1, 0, 0)) }

  /// B's frame relative to A's, in A's frame, with w ≥ 0 (the short way round).
  var relative: Quaternion {
    let q = fA.conjugate * fB
    return q.w < 0 ? Quaternion(w: -q.w, x: -q.x, y: -q.y, z: -q.z) : q
  }

  /// Rotation about the frame x axis (rad, −π…π): the twist part of the swing-twist split of
  /// the relative rotation, 2·atan2(x, w).
  var twistAngle: Double {
    let q = relative
    return 2 * atan2(q.x, q.w)
  }

  /// Orientation error of B's frame against A's as a world rotation vector (rad), small-angle:
  /// 2·vec(fB fA*) with the scalar part made non-negative; its rate is ωB − ωA.
  var rotationError: Vec3 {
    let q = fB * fA.conjugate
    let v = Vec3(q.x, q.y, q.z)
    return q.w < 0 ? -2 * v : 2 * v
  }
}

/// How angular impulses act on a joint's bodies. Alone, an angular impulse L changes
/// ωB − ωA by (IA + IB) L. On a joint whose anchors must coincide, L is applied together with
/// the anchor impulse P = −Kpp⁻¹ Kpa L that leaves the anchors' relative velocity unchanged;
/// the pair then changes ωB − ωA by the Schur complement S = Kaa − Kap Kpp⁻¹ Kpa, with
/// Kpp the anchor block, Kaa = IA + IB, Kpa = −([rB]ₓ IB + [rA]ₓ IA) (how L moves the anchors)
/// and Kap = Kpaᵀ. Solving angular rows this way after the anchor block is a block
/// Gauss–Seidel step exact for the pair: a light ball on a long lever turns about the pivot
/// (inertia I + m r²) instead of spinning about its own centre and tearing the anchors apart.
struct AngularResponse {
  /// ωB − ωA per unit angular impulse (1/(kg·m²)): IA + IB or the Schur complement S.
  var k: Matrix3
  /// Anchor impulse per unit angular impulse (1/m), −Kpp⁻¹ Kpa; zero when not projected.
  var compensation: Matrix3
  /// Kpp⁻¹ (kg), for the anchor block itself.
  var pointInverse: Matrix3
  var rA: Vec3
  var rB: Vec3
  var projected: Bool

  /// Angular rows on their own (slider, distance).
  init(free s: JointBodies) {
    k = s.iA + s.iB
    compensation = .zero
    pointInverse = .zero
    rA = .zero
    rB = .zero
    projected = false
  }

  /// The anchor block alone with a known Kpp⁻¹ (a free ball joint's, cached for the step).
  init(pointInverse: Matrix3, _ g: JointGeometry) {
    self.pointInverse = pointInverse
    k = .zero
    compensation = .zero
    rA = g.rA
    rB = g.rB
    projected = false
  }

  /// The anchor block alone, for a joint with no angular rows (a free ball joint): Kpp⁻¹
  /// without the projection's two further 3×3 products.
  init(anchorOnly s: JointBodies, _ g: JointGeometry) {
    self.init(pointInverse: Self.anchorBlock(s, g).kpp.inverse, g)
  }

  /// The anchor block Kpp (1/kg) and X_A + X_B (see `init(pinned:_:)`).
  /// With X = [r]ₓ I (I symmetric): I [r]ₓ = −Xᵀ, so [r]ₓᵀ I [r]ₓ = [r]ₓ Xᵀ and Kpa = −X_B − X_A.
  /// A static side (zero inertia) adds nothing and is skipped.
  static func anchorBlock(_ s: JointBodies, _ g: JointGeometry) -> (kpp: Matrix3, xSum: Matrix3) {
    let m = s.mA + s.mB
    var kpp = Matrix3(diagonal: Vec3(m, m, m))
    var xSum = Matrix3.zero
    if s.mA > 0 {
      let cross = Matrix3.cross(g.rA)
      let x = cross * s.iA
      kpp = kpp + cross * x.transposed
      xSum = xSum + x
    }
    if s.mB > 0 {
      let cross = Matrix3.cross(g.rB)
      let x = cross * s.iB
      kpp = kpp + cross * x.transposed
      xSum = xSum + x
    }
    return (kpp, xSum)
  }

  /// Angular rows projected onto the anchor constraint of geometry g.
  init(pinned s: JointBodies, _ g: JointGeometry) {
    let (kpp, xSum) = Self.anchorBlock(s, g)
    pointInverse = kpp.inverse
    // Kpa = −xSum, so compensation = −Kpp⁻¹ Kpa = Kpp⁻¹ xSum and S = Kaa − xSumᵀ Kpp⁻¹ xSum.
    compensation = pointInverse * xSum
    k = s.iA + s.iB - xSum.transposed * compensation
    rA = g.rA
    rB = g.rB
    projected = true
  }
}

extension Matrix3 {
  /// The cross-product matrix [v]ₓ, with [v]ₓ u = v × u.
  @inline(__always)
  static func cross(_ v: Vec3) -> Matrix3 {
    Matrix3(rows: Vec3(0, -v.z, v.y), Vec3(v.z, 0, -v.x), Vec3(-v.y, v.x, 0))
  }
}

// MARK: - Rows

extension JointConstraint {
  @inline(__always)
  mutating func applyLinear(_ p: Vec3, _ rA: Vec3, _ rB: Vec3, _ s: inout JointBodies) {
    s.apply(rA, rB, p)
    substepForceImpulse += p
  }

  @inline(__always)
  mutating func applyAngular(_ l: Vec3, _ s: inout JointBodies) {
    s.applyAngular(l)
    substepTorqueImpulse += l
  }

  /// Applies the angular impulse L with its anchor compensation (see `AngularResponse`).
  @inline(__always)
  mutating func applyTorque(_ l: Vec3, _ s: inout JointBodies, _ ar: AngularResponse) {
    applyAngular(l, &s)
    if ar.projected {
      let p = ar.compensation * l
      compensationImpulse += p
      applyLinear(p, ar.rA, ar.rB, &s)
    }
  }

  /// Applies λ along a row and books it as this substep's force or torque.
  @inline(__always)
  mutating func apply(
    _ r: JointRow, _ lambda: Double, _ s: inout JointBodies, _ ar: AngularResponse
  ) {
    if r.isAngular {
      applyTorque(lambda * r.angularB, &s, ar)
    } else {
      s.apply(r, lambda)
      substepForceImpulse += lambda * r.linear
    }
  }

  /// 1 / (J M⁻¹ Jᵀ) of a row (kg or kg·m²), angular rows through `ar`.
  @inline(__always)
  func effectiveMass(_ r: JointRow, _ s: JointBodies, _ ar: AngularResponse) -> Double {
    guard r.isAngular else { return s.effectiveMass(r) }
    let k = r.angularB.dot(ar.k * r.angularB)
    return k > 0 ? 1 / k : 0
  }

  /// One side of a limit: keeps C ≥ 0 on row `r` (Ċ = r's velocity). Returns the new
  /// accumulated impulse (≥ 0). C > 0 is speculative: the row may close the gap this substep,
  /// no more (bias C/h, rigid). C ≤ 0 is pushed back softly in the biased solve.
  @inline(__always)
  mutating func solveLimit(
    _ r: JointRow, _ c: Double, _ accumulated: Double, _ s: inout JointBodies,
    _ ar: AngularResponse, h: Double, useBias: Bool, softness: Softness
  ) -> Double {
    var bias = 0.0, massScale = 1.0, impulseScale = 0.0
    if c > 0 {
      bias = c / h
    } else if useBias {
      bias = softness.biasRate * c
      massScale = softness.massScale
      impulseScale = softness.impulseScale
    }
    let m = effectiveMass(r, s, ar)
    let delta = -massScale * m * (s.velocity(r) + bias) - impulseScale * accumulated
    let total = max(accumulated + delta, 0)
    apply(r, total - accumulated, &s, ar)
    return total
  }

  /// A two-sided soft row driving C to zero. Returns the new accumulated impulse.
  @inline(__always)
  mutating func solveEquality(
    _ r: JointRow, _ c: Double, _ accumulated: Double, _ s: inout JointBodies,
    _ ar: AngularResponse, softness: Softness
  ) -> Double {
    let m = effectiveMass(r, s, ar)
    let delta =
      -softness.massScale * m * (s.velocity(r) + softness.biasRate * c)
      - softness.impulseScale * accumulated
    apply(r, delta, &s, ar)
    return accumulated + delta
  }

  /// A velocity motor on row `r`: drives Ċ to `motorSpeed`, |λ| ≤ maxMotorForce·h.
  @inline(__always)
  mutating func solveMotor(
    _ r: JointRow, _ s: inout JointBodies, _ ar: AngularResponse, h: Double
  ) {
    let m = effectiveMass(r, s, ar)
    let limit = maxMotorForce * h
    let total = min(max(motorImpulse + m * (motorSpeed - s.velocity(r)), -limit), limit)
    apply(r, total - motorImpulse, &s, ar)
    motorImpulse = total
  }

  /// Spring, motor and limits on one joint coordinate `x` (rad or m) whose rate is row `r`.
  @inline(__always)
  mutating func solveAxial(
    _ r: JointRow, _ x: Double, _ s: inout JointBodies, _ ar: AngularResponse, h: Double,
    useBias: Bool, softness: Softness
  ) {
    if enableSpring {
      springImpulse = solveEquality(
        r, x - springTarget, springImpulse, &s, ar, softness: springSoftness)
    }
    if enableMotor { solveMotor(r, &s, ar, h: h) }
    if enableLower {
      lowerImpulse = solveLimit(
        r, x - lower, lowerImpulse, &s, ar, h: h, useBias: useBias, softness: softness)
    }
    if enableUpper {
      upperImpulse = solveLimit(
        r.negated, upper - x, upperImpulse, &s, ar, h: h, useBias: useBias, softness: softness)
    }
  }

  /// Net accumulated impulse of the axial rows (spring + motor + lower − upper).
  var axialImpulse: Double { springImpulse + motorImpulse + lowerImpulse - upperImpulse }

  // MARK: - Blocks

  /// Anchors coincide: C = pB − pA, three rows solved together as a 3×3 block,
  /// Ċ = vB + ωB × rB − vA − ωA × rA.
  mutating func solvePoint(
    _ g: JointGeometry, _ s: inout JointBodies, _ ar: AngularResponse, useBias: Bool,
    softness: Softness
  ) {
    let soft = useBias ? softness : .rigid
    let cdot = s.relativeVelocity(g.rA, g.rB)
    let delta =
      -soft.massScale * (ar.pointInverse * (cdot + soft.biasRate * g.d))
      - soft.impulseScale * linearImpulse
    linearImpulse += delta
    applyLinear(delta, g.rA, g.rB, &s)
  }

  /// No relative rotation: C = rotation vector of fB fA*, Ċ = ωB − ωA, a 3×3 block.
  mutating func solveLockedRotation(
    _ g: JointGeometry, _ s: inout JointBodies, _ ar: AngularResponse, useBias: Bool,
    softness: Softness
  ) {
    let soft = useBias ? softness : .rigid
    let cdot = s.wB - s.wA
    let delta =
      -soft.massScale * (ar.k.inverse * (cdot + soft.biasRate * g.rotationError))
      - soft.impulseScale * angularImpulse
    angularImpulse += delta
    applyTorque(delta, &s, ar)
  }

  /// Hinge axes aligned: with a = A's axis and b, c B's two other frame axes,
  /// C = (a·b, a·c) = 0. Ċ₁ = (ωB − ωA)·(b × a), Ċ₂ = (ωB − ωA)·(c × a); a 2×2 block.
  mutating func solveHingeAlignment(
    _ g: JointGeometry, _ s: inout JointBodies, _ ar: AngularResponse, useBias: Bool,
    softness: Softness
  ) {
    let soft = useBias ? softness : .rigid
    let a = g.axisA
    let b = g.fB.rotate(Vec3(0, 1, 0))
    let c = g.fB.rotate(Vec3(0, 0, 1))
    let u1 = b.cross(a), u2 = c.cross(a)
    let ku1 = ar.k * u1, ku2 = ar.k * u2
    let w = s.wB - s.wA
    let v1 = u1.dot(w) + soft.biasRate * a.dot(b)
    let v2 = u2.dot(w) + soft.biasRate * a.dot(c)
    let (x1, x2) = solve2(u1.dot(ku1), u1.dot(ku2), u2.dot(ku2), v1, v2)
    let delta = -soft.massScale * (x1 * u1 + x2 * u2) - soft.impulseScale * angularImpulse
    angularImpulse += delta
    applyTorque(delta, &s, ar)
  }

  /// Slider: B's anchor stays on A's axis. With n₁, n₂ A's frame y and z axes, C = nᵢ·d; the
  /// axes turn with A, so A's lever arm is rA + d (Ċᵢ = nᵢ·(vB + ωB×rB − vA − ωA×(rA + d))).
  mutating func solveSliderLine(
    _ g: JointGeometry, _ s: inout JointBodies, useBias: Bool, softness: Softness
  ) {
    let soft = useBias ? softness : .rigid
    let n1 = g.fA.rotate(Vec3(0, 1, 0)), n2 = g.fA.rotate(Vec3(0, 0, 1))
    let rA = g.rA + g.d
    let r1 = JointRow.point(n1, rA, g.rB), r2 = JointRow.point(n2, rA, g.rB)
    let k11 = s.coupling(r1, r1), k12 = s.coupling(r1, r2), k22 = s.coupling(r2, r2)
    let v1 = s.velocity(r1) + soft.biasRate * n1.dot(g.d)
    let v2 = s.velocity(r2) + soft.biasRate * n2.dot(g.d)
    let (x1, x2) = solve2(k11, k12, k22, v1, v2)
    let l1 = -soft.massScale * x1 - soft.impulseScale * n1.dot(linearImpulse)
    let l2 = -soft.massScale * x2 - soft.impulseScale * n2.dot(linearImpulse)
    let p = l1 * n1 + l2 * n2
    linearImpulse += p
    applyLinear(p, rA, g.rB, &s)
  }
}

/// Solves [k11 k12; k12 k22] x = (b1, b2); zero when singular.
@inline(__always)
func solve2(_ k11: Double, _ k12: Double, _ k22: Double, _ b1: Double, _ b2: Double)
  -> (Double, Double)
{
  let det = k11 * k22 - k12 * k12
  guard abs(det) > 1e-300 else { return (0, 0) }
  let inv = 1 / det
  return ((k22 * b1 - k12 * b2) * inv, (k11 * b2 - k12 * b1) * inv)
}

// MARK: - Per joint type

extension JointConstraint {
  /// Applies last substep's accumulated impulses along the current axes (warm start); the
  /// angular rows' anchor compensations go with the anchor impulse.
  mutating func warmStart(_ g: JointGeometry, _ s: inout JointBodies) {
    switch type {
    case .fixed:
      applyAngular(angularImpulse, &s)
      applyLinear(linearImpulse + compensationImpulse, g.rA, g.rB, &s)
    case .hinge:
      let a = g.axisA
      // Keep the alignment impulse off the free axis the hinge has turned about since.
      angularImpulse -= a.dot(angularImpulse) * a
      applyAngular(angularImpulse + axialImpulse * a, &s)
      applyLinear(linearImpulse + compensationImpulse, g.rA, g.rB, &s)
    case .ballSocket:
      if enableCone {
        if let (axis, _) = swing(g) {
          applyAngular(-coneImpulse * axis, &s)
        } else {
          coneImpulse = 0
        }
      }
      if enableLimit { applyAngular((lowerImpulse - upperImpulse) * twistAxis(g), &s) }
      applyLinear(linearImpulse + compensationImpulse, g.rA, g.rB, &s)
    case .slider:
      let a = g.axisA, rA = g.rA + g.d
      linearImpulse -= a.dot(linearImpulse) * a
      applyAngular(angularImpulse, &s)
      applyLinear(linearImpulse + axialImpulse * a, rA, g.rB, &s)
    case .distance:
      let length = g.d.length
      guard length > 1e-9 else { return }
      applyLinear((rodImpulse + axialImpulse) / length * g.d, g.rA, g.rB, &s)
    }
  }

  /// One Gauss–Seidel pass over this joint's rows. Anchors first, then the angular rows
  /// projected onto them (so they keep the anchors together), rigid alignment last.
  mutating func solve(
    _ g: JointGeometry, _ s: inout JointBodies, h: Double, useBias: Bool, softness: Softness
  ) {
    switch type {
    case .fixed:
      let ar = AngularResponse(pinned: s, g)
      solvePoint(g, &s, ar, useBias: useBias, softness: softness)
      solveLockedRotation(g, &s, ar, useBias: useBias, softness: softness)
    case .hinge:
      let ar = AngularResponse(pinned: s, g)
      solvePoint(g, &s, ar, useBias: useBias, softness: softness)
      // The hinge angle's rate is (ωB − ωA)·a while the axes stay aligned.
      solveAxial(
        .angular(g.axisA), g.twistAngle, &s, ar, h: h, useBias: useBias, softness: softness)
      solveHingeAlignment(g, &s, ar, useBias: useBias, softness: softness)
    case .ballSocket:
      let ar =
        enableCone || enableLimit
        ? AngularResponse(pinned: s, g) : AngularResponse(pointInverse: anchorInverse, g)
      solvePoint(g, &s, ar, useBias: useBias, softness: softness)
      if enableCone, let (axis, angle) = swing(g) {
        // Swing angle φ between the twist axes grows at (ωB − ωA)·n, n = aA × aB / |aA × aB|;
        // the limit keeps coneAngle − φ ≥ 0.
        coneImpulse = solveLimit(
          .angular(-axis), coneAngle - angle, coneImpulse, &s, ar, h: h, useBias: useBias,
          softness: softness)
      }
      if enableLimit {
        solveAxial(
          .angular(twistAxis(g)), g.twistAngle, &s, ar, h: h, useBias: useBias,
          softness: softness)
      }
    case .slider:
      let ar = AngularResponse(free: s)
      let a = g.axisA
      solveAxial(
        .point(a, g.rA + g.d, g.rB), a.dot(g.d), &s, ar, h: h, useBias: useBias,
        softness: softness)
      solveLockedRotation(g, &s, ar, useBias: useBias, softness: softness)
      solveSliderLine(g, &s, useBias: useBias, softness: softness)
    case .distance:
      let length = g.d.length
      guard length > 1e-9 else { return }
      let ar = AngularResponse(free: s)
      let row = JointRow.point(g.d / length, g.rA, g.rB)
      if isRod {
        rodImpulse = solveEquality(
          row, length - lower, rodImpulse, &s, ar, softness: useBias ? softness : .rigid)
      } else {
        solveAxial(row, length, &s, ar, h: h, useBias: useBias, softness: softness)
      }
    }
  }

  /// Swing of B's twist axis away from A's: the unit rotation axis and the angle (rad), or nil
  /// when the axes are parallel (the axis is undefined and the cone cannot be reached).
  func swing(_ g: JointGeometry) -> (axis: Vec3, angle: Double)? {
    let aA = g.axisA, aB = g.axisB
    let n = aA.cross(aB)
    let sine = n.length
    guard sine > 1e-9 else { return nil }
    return (n / sine, atan2(sine, aA.dot(aB)))
  }

  /// The axis twist turns about, half-way between the two twist axes.
  func twistAxis(_ g: JointGeometry) -> Vec3 {
    let a = (g.axisA + g.axisB).normalized
    return a == .zero ? g.axisA : a
  }
}
