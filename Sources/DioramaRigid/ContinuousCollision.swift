import DioramaCollision
import DioramaCore
import Foundation

extension RigidWorld {
  /// Continuous collision against static geometry, after the substeps.
  ///
  /// Speculative contacts stop most fast bodies, but a contact found at the start of a step
  /// only knows the closest features then: a small body crossing a thin wall at an angle, or
  /// spinning, can still pass. A body that is a bullet, or that moved more than half its core
  /// radius this step, is swept from its start pose to its end pose against every static body
  /// and half-space its swept box touched (a bullet also against moving non-bullets), by conservative advancement (Mirtich 1996): advance
  /// the time by distance ÷ (bound on the approach speed) until the gap is under the slop. At
  /// the first hit the body is put back at that pose and its velocity into the surface is
  /// reflected with the pair's restitution; the rest of the step's motion is dropped, as
  /// Box2D does for its bullets.
  mutating func sweepFastBodies(dt: Double) {
    guard settings.continuousCollision else { return }
    for i in 0..<bodyCount where solverInverseMasses[i] > 0 && isEnabled[i] {
      let motion = (positions[i] - startPositions[i]).length
      let turn = rotationAngle(startOrientations[i], orientations[i]) * boundingRadii[i]
      guard isBullet[i] || motion + turn > 0.5 * coreRadius(shapes[i]) else { continue }
      var best = 1.0
      var bestNormal = Vec3.zero
      var bestRestitution = 0.0
      var hitsMoving = false
      let swept = shapes[i].aabb(
        Transform(
          position: startPositions[i] - startOrientations[i].rotate(centersOfMass[i]),
          rotation: startOrientations[i])
      )
      .union(shapes[i].aabb(transform(of: i)))
      for j in 0..<bodyCount where inverseMasses[j] == 0 && isEnabled[j] && j != i {
        guard shapes[j].aabb(transform(of: j)).overlaps(swept) else { continue }
        if let (t, n) = timeOfImpact(body: i, motion: motion + turn, against: .body(j)), t < best {
          best = t
          bestNormal = n
          bestRestitution = (restitutions[i] * restitutions[j]).squareRoot()
          hitsMoving = false
        }
      }
      // Bullets also sweep against moving bodies that are not bullets, taken at their pose
      // at the end of the step (Box2D's bullet rule). At a hit the bullet stops there with
      // its velocity kept, so next step's contact exchanges the momentum between the two.
      if isBullet[i] {
        for j in 0..<bodyCount
        where inverseMasses[j] > 0 && !isBullet[j] && isEnabled[j] && j != i {
          guard shapes[j].aabb(transform(of: j)).overlaps(swept) else { continue }
          if let (t, n) = timeOfImpact(body: i, motion: motion + turn, against: .body(j)),
            t < best
          {
            best = t
            bestNormal = n
            hitsMoving = true
          }
        }
      }
      for k in planes.indices {
        if let (t, n) = timeOfImpact(body: i, motion: motion + turn, against: .plane(k)), t < best {
          best = t
          bestNormal = n
          bestRestitution = (restitutions[i] * planes[k].restitution).squareRoot()
          hitsMoving = false
        }
      }
      guard best < 1 else { continue }
      let q = pose(i, at: best).rotation
      positions[i] = pose(i, at: best).position + q.rotate(centersOfMass[i])
      orientations[i] = q
      if hitsMoving { continue }
      let vn = linearVelocities[i].dot(bestNormal)
      if vn < 0 { linearVelocities[i] -= (1 + bestRestitution) * vn * bestNormal }
    }
  }

  enum StaticTarget {
    case body(Int)
    case plane(Int)
  }

  /// Shape-frame pose of body `i` at fraction `t` of the step (linear in position, normalised
  /// linear in the quaternion).
  func pose(_ i: Int, at t: Double) -> Transform {
    let q0 = startOrientations[i]
    var q1 = orientations[i]
    if q0.w * q1.w + q0.x * q1.x + q0.y * q1.y + q0.z * q1.z < 0 {
      q1 = Quaternion(w: -q1.w, x: -q1.x, y: -q1.y, z: -q1.z)
    }
    let q = Quaternion(
      w: q0.w + t * (q1.w - q0.w), x: q0.x + t * (q1.x - q0.x), y: q0.y + t * (q1.y - q0.y),
      z: q0.z + t * (q1.z - q0.z)
    ).normalized
    let c = startPositions[i] + t * (positions[i] - startPositions[i])
    return Transform(position: c - q.rotate(centersOfMass[i]), rotation: q)
  }

  /// First time in [0, 1] (fraction of the step) at which body `i` comes within the slop of
  /// `target`, and the normal there (from the target towards the body); nil when it does not.
  func timeOfImpact(body i: Int, motion: Double, against target: StaticTarget) -> (Double, Vec3)? {
    let tolerance = settings.linearSlop
    let margin = max(motion, settings.speculativeDistance)
    var t = 0.0
    var scratch: [ContactManifold] = []
    for _ in 0..<64 {
      let ti = pose(i, at: t)
      var gap = Double.infinity
      var normal = Vec3.zero
      switch target {
      case .plane(let k):
        if let m = Narrowphase.collide(shapes[i], ti, planes[k].halfSpace, margin: margin) {
          gap = m.minSeparation
          normal = m.normal
        }
      case .body(let j):
        scratch.removeAll(keepingCapacity: true)
        Narrowphase.collide(
          shapes[i], ti, shapes[j], transform(of: j), margin: margin, into: &scratch)
        for m in scratch where m.pointCount > 0 && m.minSeparation < gap {
          gap = m.minSeparation
          normal = m.normal
        }
      }
      if gap == .infinity { gap = margin }
      if gap < tolerance {
        // A hit only when the step's motion goes into the surface; a body sliding along it
        // or leaving it is left alone.
        let approach = (positions[i] - startPositions[i]).dot(normal)
        return approach < -tolerance ? (t, normal) : nil
      }
      // The gap closes no faster than the body's whole motion over the step.
      t += (gap - 0.5 * tolerance) / motion
      if t >= 1 { return nil }
    }
    return nil
  }

  /// Radius (m) of the largest ball about the shape origin inside the shape, roughly: how far
  /// a body may move in one step before discrete contacts can miss a thin wall.
  func coreRadius(_ s: Shape) -> Double {
    switch s {
    case .sphere(let r): return r
    case .box(let h): return min(h.x, min(h.y, h.z))
    case .capsule(let r, _): return r
    case .cylinder(let r, let h): return min(r, h)
    default: return 0.25 * s.boundingRadius
    }
  }

  func rotationAngle(_ a: Quaternion, _ b: Quaternion) -> Double {
    let d = abs(a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z)
    return 2 * acos(min(1, d))
  }
}
