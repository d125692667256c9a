import DioramaCollision
import DioramaCore
import Foundation

/// One manifold between body `a` and body `b` (or half-space `plane`), ready to solve.
/// The normal points from A to B, the opposite of `ContactManifold.normal`.
struct ContactConstraint {
  var a: Int32
  /// Body index of B, or -1 when B is the static half-space `plane`.
  var b: Int32
  var plane: Int32
  var normal: Vec3
  var tangent1: Vec3
  var tangent2: Vec3
  /// Kinetic friction coefficient of the pair.
  var friction: Double
  /// Static friction coefficient of the pair.
  var staticFriction: Double
  /// The coefficient in force this step: static when the contact began the step sticking.
  var activeFriction: Double
  var restitution: Double
  var firstPoint: Int
  var pointCount: Int
  /// Relative normal acceleration from gravity alone (m/s²), for the time of first touch.
  var gravityApproach: Double
}

struct ContactConstraintPoint {
  /// Anchors relative to the centres of mass at the start of the step, world frame (m).
  var rA: Vec3
  var rB: Vec3
  /// The same anchors in each body's frame, to follow the bodies within the step (m).
  var localA: Vec3
  var localB: Vec3
  /// Separation at the start of the step (m); negative when overlapping.
  var baseSeparation: Double
  var normalMass: Double
  var tangentMass1: Double
  var tangentMass2: Double
  var normalImpulse: Double
  var tangentImpulse1: Double
  var tangentImpulse2: Double
  /// Largest accumulated normal impulse in the step (N·s): > 0 means the contact pushed.
  var maxNormalImpulse: Double
  /// Sum of every normal impulse applied in the step (N·s).
  var totalNormalImpulse: Double
  /// Normal velocity just before the contact first pushed (m/s, negative when approaching).
  var relativeVelocity: Double
  /// Normal velocity at the start of the step (m/s).
  var startNormalVelocity: Double
  var feature: UInt32
}

extension RigidWorld {
  // MARK: - Collision

  /// Finds this step's manifolds: broadphase over margin-expanded AABBs, then narrowphase.
  mutating func updateContacts(dt: Double) {
    let n = bodyCount
    if inverseInertiaWorld.count != n {
      inverseInertiaWorld = (0..<n).map {
        Matrix3.rotated(diagonal: inverseInertiaLocal[$0], by: orientations[$0].matrix)
      }
    }
    aabbs.removeAll(keepingCapacity: true)
    for i in 0..<n {
      aabbs.append(shapes[i].aabb(transform(of: i)).expanded(by: sweep(i, dt: dt)))
    }
    broadPhase.findPairs(aabbs: aabbs, into: &pairs)
    constraints.removeAll(keepingCapacity: true)
    points.removeAll(keepingCapacity: true)
    for (ia, ib) in pairs {
      let a = Int(ia), b = Int(ib)
      if inverseMasses[a] == 0 && inverseMasses[b] == 0 { continue }
      let margin = settings.speculativeDistance + sweep(a, dt: dt) + sweep(b, dt: dt)
      guard
        let m = Narrowphase.collide(
          shapes[a], transform(of: a), shapes[b], transform(of: b), margin: margin)
      else { continue }
      addConstraint(a: ia, b: ib, plane: -1, manifold: m)
    }
    for i in 0..<n where inverseMasses[i] > 0 {
      for (k, p) in planes.enumerated() {
        let margin = settings.speculativeDistance + sweep(i, dt: dt)
        guard let m = Narrowphase.collide(shapes[i], transform(of: i), p.halfSpace, margin: margin)
        else { continue }
        addConstraint(a: Int32(i), b: -1, plane: Int32(k), manifold: m)
      }
    }
  }

  /// How far body `i` may move in `dt` (m): linear plus rotational sweep.
  func sweep(_ i: Int, dt: Double) -> Double {
    guard inverseMasses[i] > 0 else { return 0 }
    let g = settings.gravity.length * dt
    return
      (linearVelocities[i].length + g + angularVelocities[i].length
      * shapes[i].boundingRadius) * dt
  }

  mutating func addConstraint(a: Int32, b: Int32, plane: Int32, manifold m: ContactManifold) {
    let normal = -m.normal
    let t1 = normal.anyOrthogonal
    let t2 = normal.cross(t1)
    let ia = Int(a)
    let fa = frictions[ia], ea = restitutions[ia]
    let fb = b >= 0 ? frictions[Int(b)] : planes[Int(plane)].friction
    let sa = staticFrictions[ia]
    let sb = b >= 0 ? staticFrictions[Int(b)] : (planes[Int(plane)].staticFriction ?? fb)
    let eb = b >= 0 ? restitutions[Int(b)] : planes[Int(plane)].restitution
    let gA = inverseMasses[ia] > 0 ? settings.gravity : .zero
    let gB = b >= 0 && inverseMasses[Int(b)] > 0 ? settings.gravity : .zero
    constraints.append(
      ContactConstraint(
        a: a, b: b, plane: plane, normal: normal, tangent1: t1, tangent2: t2,
        friction: (fa * fb).squareRoot(), staticFriction: (sa * sb).squareRoot(),
        activeFriction: (fa * fb).squareRoot(), restitution: (ea * eb).squareRoot(),
        firstPoint: points.count, pointCount: m.pointCount,
        gravityApproach: (gB - gA).dot(normal)))
    for j in 0..<m.pointCount {
      let p = m[j]
      let xA = positions[ia]
      let xB = b >= 0 ? positions[Int(b)] : p.position
      let rA = p.position - xA
      let rB = p.position - xB
      points.append(
        ContactConstraintPoint(
          rA: rA, rB: rB, localA: orientations[ia].inverseRotate(rA),
          localB: b >= 0 ? orientations[Int(b)].inverseRotate(rB) : rB,
          baseSeparation: p.separation, normalMass: 0, tangentMass1: 0, tangentMass2: 0,
          normalImpulse: 0, tangentImpulse1: 0, tangentImpulse2: 0, maxNormalImpulse: 0,
          totalNormalImpulse: 0, relativeVelocity: 0, startNormalVelocity: 0,
          feature: p.featureID))
    }
  }

  // MARK: - Solver

  /// Effective masses, warm-start impulses from last step, and start velocities.
  mutating func prepareContacts(h: Double) {
    for ci in constraints.indices {
      let c = constraints[ci]
      let a = Int(c.a), b = Int(c.b)
      let mA = inverseMasses[a], iA = inverseInertiaWorld[a]
      let mB = b >= 0 ? inverseMasses[b] : 0
      let iB = b >= 0 ? inverseInertiaWorld[b] : .zero
      var slip = 0.0
      for k in c.firstPoint..<(c.firstPoint + c.pointCount) {
        var p = points[k]
        func mass(_ d: Vec3) -> Double {
          let ra = p.rA.cross(d), rb = p.rB.cross(d)
          let k = mA + mB + ra.dot(iA * ra) + rb.dot(iB * rb)
          return k > 0 ? 1 / k : 0
        }
        p.normalMass = mass(c.normal)
        p.tangentMass1 = mass(c.tangent1)
        p.tangentMass2 = mass(c.tangent2)
        let key = ContactKey(a: c.a, b: c.b, plane: c.b >= 0 ? 0 : c.plane + 1, feature: p.feature)
        if let w = warmStart[key] {
          p.normalImpulse = w.normal
          p.tangentImpulse1 = w.tangent1
          p.tangentImpulse2 = w.tangent2
        }
        let vr = relativeVelocity(c, p)
        p.startNormalVelocity = vr.dot(c.normal)
        p.relativeVelocity = p.startNormalVelocity
        slip = max(slip, (vr - p.startNormalVelocity * c.normal).length)
        points[k] = p
      }
      // Stick or slip, decided once per step from the fastest point's sliding speed.
      constraints[ci].activeFriction =
        slip < settings.stickingSpeed ? c.staticFriction : c.friction
    }
  }

  /// Velocity of B's anchor relative to A's (m/s).
  @inline(__always)
  func relativeVelocity(_ c: ContactConstraint, _ p: ContactConstraintPoint) -> Vec3 {
    let a = Int(c.a), b = Int(c.b)
    let vA = linearVelocities[a] + angularVelocities[a].cross(p.rA)
    let vB = b >= 0 ? linearVelocities[b] + angularVelocities[b].cross(p.rB) : .zero
    return vB - vA
  }

  /// Applies impulse `P` at the constraint's point: −P to A, +P to B.
  @inline(__always)
  mutating func apply(_ c: ContactConstraint, _ p: ContactConstraintPoint, _ P: Vec3) {
    let a = Int(c.a), b = Int(c.b)
    linearVelocities[a] -= inverseMasses[a] * P
    angularVelocities[a] -= inverseInertiaWorld[a] * p.rA.cross(P)
    if b >= 0 {
      linearVelocities[b] += inverseMasses[b] * P
      angularVelocities[b] += inverseInertiaWorld[b] * p.rB.cross(P)
    }
  }

  /// Adds `delta` to a point's accumulated normal impulse, clamped so the total never pulls
  /// (λn ≥ 0), and applies the part that survived the clamp.
  @inline(__always)
  mutating func pushNormal(
    _ c: ContactConstraint, _ p: inout ContactConstraintPoint, _ delta: Double
  ) {
    let newImpulse = max(p.normalImpulse + delta, 0)
    let applied = newImpulse - p.normalImpulse
    p.normalImpulse = newImpulse
    p.maxNormalImpulse = max(p.maxNormalImpulse, newImpulse)
    p.totalNormalImpulse += applied
    apply(c, p, applied * c.normal)
  }

  mutating func warmStartContacts() {
    for c in constraints {
      for k in c.firstPoint..<(c.firstPoint + c.pointCount) {
        let p = points[k]
        let P =
          p.normalImpulse * c.normal + p.tangentImpulse1 * c.tangent1
          + p.tangentImpulse2 * c.tangent2
        apply(c, p, P)
        points[k].totalNormalImpulse += p.normalImpulse
      }
    }
  }

  /// Current separation of a point (m), following both bodies since the step began.
  @inline(__always)
  func separation(_ c: ContactConstraint, _ p: ContactConstraintPoint) -> Double {
    let a = Int(c.a), b = Int(c.b)
    let pA = positions[a] + orientations[a].rotate(p.localA)
    let pA0 = startPositions[a] + p.rA
    var d = -(pA - pA0)
    if b >= 0 {
      let pB = positions[b] + orientations[b].rotate(p.localB)
      d += pB - (startPositions[b] + p.rB)
    }
    return p.baseSeparation + d.dot(c.normal)
  }

  /// One Gauss–Seidel pass over every contact: normal impulses with a soft position bias
  /// (Catto's soft step: spring of `contactHertz` with damping ratio `contactDampingRatio`,
  /// coefficients from the implicit-Euler spring, Solver2D 2024), then Coulomb friction
  /// clamped to the disk of radius μ·λn.
  mutating func solveContacts(h: Double, useBias: Bool) {
    let invH = 1 / h
    let hertz = min(settings.contactHertz, 0.25 * invH)
    let omega = 2 * Double.pi * hertz
    let zeta = settings.contactDampingRatio
    let a1 = 2 * zeta + h * omega
    let a2 = h * omega * a1
    let a3 = 1 / (1 + a2)
    let biasRate = omega / a1
    let softMassScale = a2 * a3
    let softImpulseScale = a3
    for c in constraints {
      let end = c.firstPoint + c.pointCount
      for k in c.firstPoint..<end {
        var p = points[k]
        let s = separation(c, p)
        var bias = 0.0, massScale = 1.0, impulseScale = 0.0
        if s > 0 {
          // Speculative: may close the gap this substep, no more. Only the biased solve,
          // which always precedes a position update, needs it; applying it in the relax pass
          // would stop a body short of the surface and bounce it from a gap.
          if !useBias { continue }
          bias = s * invH
        } else if useBias {
          bias = max(biasRate * min(0, s + settings.linearSlop), -settings.maxPushoutSpeed)
          massScale = softMassScale
          impulseScale = softImpulseScale
        }
        let vn = relativeVelocity(c, p).dot(c.normal)
        if p.maxNormalImpulse == 0 { p.relativeVelocity = vn }
        pushNormal(c, &p, -p.normalMass * massScale * (vn + bias) - impulseScale * p.normalImpulse)
        points[k] = p
      }
      for k in c.firstPoint..<end {
        var p = points[k]
        let vr = relativeVelocity(c, p)
        let limit = c.activeFriction * p.normalImpulse
        var l1 = p.tangentImpulse1 - p.tangentMass1 * vr.dot(c.tangent1)
        var l2 = p.tangentImpulse2 - p.tangentMass2 * vr.dot(c.tangent2)
        let mag = (l1 * l1 + l2 * l2).squareRoot()
        if mag > limit {
          let s = mag > 0 ? limit / mag : 0
          l1 *= s
          l2 *= s
        }
        let d1 = l1 - p.tangentImpulse1, d2 = l2 - p.tangentImpulse2
        p.tangentImpulse1 = l1
        p.tangentImpulse2 = l2
        apply(c, p, d1 * c.tangent1 + d2 * c.tangent2)
        points[k] = p
      }
    }
  }

  /// Newton's restitution at the end of the step: a point that pushed and was approaching
  /// faster than the threshold leaves at −e times the speed it had just before it first pushed.
  mutating func applyRestitution() {
    let threshold = settings.restitutionThreshold
    for c in constraints where c.restitution > 0 {
      for k in c.firstPoint..<(c.firstPoint + c.pointCount) {
        var p = points[k]
        if p.relativeVelocity > -threshold || p.maxNormalImpulse == 0 { continue }
        let vn = relativeVelocity(c, p).dot(c.normal)
        pushNormal(c, &p, -p.normalMass * (vn + c.restitution * p.relativeVelocity))
        points[k] = p
      }
    }
  }

  /// Keeps this step's impulses, keyed by feature, to warm start the next step.
  mutating func storeImpulses() {
    nextWarmStart.removeAll(keepingCapacity: true)
    for c in constraints {
      for k in c.firstPoint..<(c.firstPoint + c.pointCount) {
        let p = points[k]
        let key = ContactKey(a: c.a, b: c.b, plane: c.b >= 0 ? 0 : c.plane + 1, feature: p.feature)
        nextWarmStart[key] = WarmImpulse(
          normal: p.normalImpulse, tangent1: p.tangentImpulse1, tangent2: p.tangentImpulse2)
      }
    }
    swap(&warmStart, &nextWarmStart)
  }
}
