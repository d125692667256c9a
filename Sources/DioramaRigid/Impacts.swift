import DioramaCore

// Sequential impacts between moving bodies.
//
// Newton's restitution applied to all contacts at once, as the end-of-step pass does, is a
// simultaneous-impact model: a ball striking a row of touching balls shares the blow with the
// whole row, which then drifts off together (a Newton's cradle whose last ball leaves at under
// half the speed). The cradle, a billiard break and a ball bouncing off a ball resting on
// another behave as a sequence of two-body impacts that travels through the contacts, each
// one over before the next begins (the "propagation" model; Guendelman, Bridson & Fedkiw,
// "Nonconvex rigid bodies with stacking", SIGGRAPH 2003, §5, process collisions pair by pair
// and repeat until nothing approaches; Smith, Kaufman, Vouga, Tamstorf & Grinspun,
// "Reflections on simultaneous impact", SIGGRAPH 2012, compare the models).
//
// So, at the start of every substep, before the soft solve, each point between two free moving
// bodies (see `collectImpactCandidates`) that will touch within the substep (gap + v_n h ≤ 0) and approaches faster than the
// restitution threshold takes the two-body impulse j = −(1 + e) m_n v_n, which leaves it
// separating at −e v_n. Points are visited colour by colour, sweep after sweep, until a sweep
// finds nothing approaching: the blow hops one contact a sweep, so a row of n touching balls
// needs at most n sweeps. A face whose points all strike is solved as a block (Δλ =
// −(1 + e) K⁻¹ v_n), as the solver does, so a box meeting a box flat does not start to spin.
//
// The impulse is kept apart from the point's accumulated (warm-started) impulse: the soft
// solve that follows must not take back a bounce it did not give. Points against static
// bodies and half-spaces keep the end-of-step restitution, which bounces to the exact height
// (a point reversed here would reverse up to v h early, 5 mm for a 1 m drop at 960 Hz).

extension RigidWorld {
  /// Collects, in solve order, the active constraints with restitution between two moving
  /// bodies that are free (no joint, no loaded contact): the only ones `resolveImpacts` visits.
  mutating func collectImpactCandidates() {
    impactCandidates.removeAll(keepingCapacity: true)
    // Most scenes have no bouncy pair of moving bodies: then nothing more to look at.
    let anyBouncy = activeConstraints.contains {
      let c = constraints[Int($0)]
      return c.restitution > 0 && c.b >= 0 && solverInverseMasses[Int(c.b)] > 0
    }
    guard anyBouncy else { return }
    // Only free bodies take part: none held by a joint, none carrying a load (a contact that
    // pushed last step). The two-body impulse treats both bodies as free; a jointed limb's
    // joint, or the bricks a brick is wedged between, then hand the blow back, substep after
    // substep: a ragdoll pile flew apart at 30–90 m/s that way, and a wall struck by a
    // wrecking ball threw its bricks kilometres. Those are left to the end-of-step restitution.
    if unfreeBodies.count != bodyCount {
      unfreeBodies = [Bool](repeating: false, count: bodyCount)
    } else {
      for i in 0..<bodyCount { unfreeBodies[i] = false }
    }
    forEachJointPair { a, b in
      if a >= 0 { unfreeBodies[a] = true }
      if b >= 0 { unfreeBodies[b] = true }
    }
    for c in constraints where !c.sleeping {
      var loaded = false
      for k in Int(c.firstPoint)..<Int(c.firstPoint + c.pointCount)
      where points[k].normalImpulse > 0 {
        loaded = true
      }
      guard loaded else { continue }
      unfreeBodies[Int(c.a)] = true
      if c.b >= 0 { unfreeBodies[Int(c.b)] = true }
    }
    for ci in activeConstraints {
      let c = constraints[Int(ci)]
      guard c.restitution > 0, c.b >= 0 else { continue }
      let a = Int(c.a), b = Int(c.b)
      guard solverInverseMasses[a] > 0, solverInverseMasses[b] > 0 else { continue }
      guard !unfreeBodies[a] && !unfreeBodies[b] else { continue }
      impactCandidates.append(ci)
    }
  }

  /// Resolves this substep's impacts between moving bodies as a sequence of two-body impacts
  /// (see the comment at the top of this file). At most `maxSweeps` sweeps.
  mutating func resolveImpacts(h: Double, maxSweeps: Int = 32) {
    guard !impactCandidates.isEmpty else { return }
    let threshold = settings.restitutionThreshold
    let candidates = impactCandidates
    withSolverState { s in
      candidates.withUnsafeBufferPointer { list in
        for _ in 0..<maxSweeps {
          var struck = false
          for ci in list {
            let c = s.constraints.baseAddress.unsafelyUnwrapped + Int(ci)
            if s.strike(c, h: h, threshold: threshold) { struck = true }
          }
          if !struck { break }
        }
      }
    }
  }
}

extension SolverState {
  /// Applies the two-body impact impulse to every point of `c` that strikes this substep.
  /// Returns whether any impulse was applied.
  @inline(__always)
  func strike(_ c: UnsafeMutablePointer<ContactConstraint>, h: Double, threshold: Double)
    -> Bool
  {
    let a = Int(c.pointee.a), b = Int(c.pointee.b)
    let normal = c.pointee.normal
    let e = c.pointee.restitution
    let first = Int(c.pointee.firstPoint), count = Int(c.pointee.pointCount)
    var body = load(a, b)
    let dpA = positions[a] - startPositions[a], thA = deltaAngles[a]
    let dpB = positions[b] - startPositions[b], thB = deltaAngles[b]
    var vns = SIMD4<Double>(repeating: 0)
    var strikes = 0
    for j in 0..<count {
      let p = points[first + j]
      let d = (dpB + thB.cross(p.rB)) - (dpA + thA.cross(p.rA))
      let sep = p.baseSeparation + d.dot(normal)
      let vn = body.relativeVelocity(p.rA, p.rB).dot(normal)
      vns[j] = vn
      if vn < -threshold && sep + vn * h <= 0 { strikes |= 1 << j }
    }
    guard strikes != 0 else { return false }
    if count >= 2 && strikes == (1 << count) - 1 && !c.pointee.blockInverse.r0.w.isNaN {
      var lambda = -(1 + e) * (c.pointee.blockInverse * vns)
      for j in count..<4 { lambda[j] = 0 }
      if lambda.min() >= 0 {
        var sum = 0.0
        var armA = Vec3.zero, armB = Vec3.zero
        for j in 0..<count {
          record(first + j, impulse: lambda[j], approach: vns[j])
          sum += lambda[j]
          armA += lambda[j] * points[first + j].rA
          armB += lambda[j] * points[first + j].rB
        }
        body.vA -= body.mA * sum * normal
        body.wA -= body.iA * armA.cross(normal)
        body.vB += body.mB * sum * normal
        body.wB += body.iB * armB.cross(normal)
        store(a, b, body)
        return true
      }
    }
    for j in 0..<count where strikes & (1 << j) != 0 {
      let p = points[first + j]
      // The velocity again: an earlier point of this manifold may have changed it.
      let vn = body.relativeVelocity(p.rA, p.rB).dot(normal)
      guard vn < -threshold else { continue }
      let impulse = -(1 + e) * p.normalMass * vn
      record(first + j, impulse: impulse, approach: vn)
      body.apply(p.rA, p.rB, impulse * normal)
    }
    store(a, b, body)
    return true
  }

  /// Books an impact impulse on a point: it counts as pushing (for events, with the approach
  /// speed it struck at) and the end-of-step restitution leaves it alone.
  @inline(__always)
  func record(_ k: Int, impulse: Double, approach: Double) {
    let p = points.baseAddress.unsafelyUnwrapped + k
    if p.pointee.impactImpulse == 0 { p.pointee.relativeVelocity = min(approach, 0) }
    p.pointee.impactImpulse += impulse
    p.pointee.totalNormalImpulse += impulse
    p.pointee.maxNormalImpulse = max(p.pointee.maxNormalImpulse, p.pointee.impactImpulse)
  }
}
