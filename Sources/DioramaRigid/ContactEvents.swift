import DioramaCollision
import DioramaCore

extension RigidWorld {
  /// Turns this step's solved contacts into begin / sustain / end events, one per entity pair.
  ///
  /// A pair touches in a step when any of its points pushed (normal impulse > 0). A begin
  /// event's time is the first touch found from the start-of-step separation s₀, normal
  /// velocity v and gravity's relative normal acceleration a: the smallest t in [0, dt] with
  /// s₀ + v t + ½ a t² = 0, exact for ballistic motion within the step.
  mutating func reportContacts(time: Double, dt: Double, events: inout [Event]) {
    nextTouching.removeAll(keepingCapacity: true)
    // Scratch sets kept between steps (no allocation per step); only looked up, never
    // iterated, so their hash order cannot leak into the events.
    previousPairs.removeAll(keepingCapacity: true)
    currentPairs.removeAll(keepingCapacity: true)
    for t in touching { previousPairs.insert(PairKey(t)) }
    // Manifolds of one entity pair (a compound's children, a mesh's triangles) are adjacent:
    // they are merged into one report.
    var k = 0
    while k < constraints.count {
      let ea = entities[Int(constraints[k].a)]
      let eb =
        constraints[k].b >= 0
        ? entities[Int(constraints[k].b)] : planes[Int(constraints[k].plane)].entity
      var impulse = 0.0, maxPush = 0.0, approach = 0.0
      var firstTouch = dt
      var point = Vec3.zero, normal = Vec3.zero, bestPush = -1.0
      var tangentSpeed = 0.0
      var rolling = 0.0
      var asleep = true
      while k < constraints.count {
        let c = constraints[k]
        let cb = c.b >= 0 ? entities[Int(c.b)] : planes[Int(c.plane)].entity
        guard entities[Int(c.a)] == ea && cb == eb else { break }
        k += 1
        asleep = asleep && c.sleeping
        for j in Int(c.firstPoint)..<Int(c.firstPoint + c.pointCount) {
          let p = points[j]
          impulse += p.totalNormalImpulse
          maxPush = max(maxPush, p.maxNormalImpulse)
          guard p.maxNormalImpulse > 0 else { continue }
          approach = max(approach, -p.relativeVelocity)
          firstTouch = min(
            firstTouch,
            timeOfFirstTouch(
              separation: p.baseSeparation, velocity: p.startNormalVelocity,
              acceleration: c.gravityApproach, dt: dt))
          if p.totalNormalImpulse > bestPush {
            bestPush = p.totalNormalImpulse
            point = positions[Int(c.a)] + p.rA
            normal = -c.normal
            let vr = relativeVelocity(Int(c.a), Int(c.b), p.rA, p.rB)
            tangentSpeed = (vr - vr.dot(c.normal) * c.normal).length
            rolling = rollingSpeed(body: Int(c.a), normal: c.normal)
          }
        }
      }
      // A sleeping pile still touches: it keeps its pairs without reporting anything new.
      if asleep {
        let key = PairKey(a: ea, b: eb)
        if previousPairs.contains(key) {
          currentPairs.insert(key)
          nextTouching.append(PairTouch(a: ea, b: eb))
        }
        continue
      }
      guard maxPush > 0 else { continue }
      let key = PairKey(a: ea, b: eb)
      currentPairs.insert(key)
      nextTouching.append(PairTouch(a: ea, b: eb))
      if !previousPairs.contains(key) {
        events.append(
          .contact(
            ContactEvent(
              time: time + firstTouch, phase: .begin, a: ea, b: eb, point: point,
              normal: normal, normalImpulse: impulse, normalSpeed: approach,
              tangentSpeed: tangentSpeed, rollingSpeed: rolling)))
      } else if tangentSpeed > 0.01 || rolling > 0.01 {
        events.append(
          .contact(
            ContactEvent(
              time: time + dt, phase: .sustain, a: ea, b: eb, point: point, normal: normal,
              normalImpulse: impulse, normalSpeed: 0, tangentSpeed: tangentSpeed,
              rollingSpeed: rolling)))
      }
    }
    for t in touching where !currentPairs.contains(PairKey(t)) {
      events.append(
        .contact(
          ContactEvent(
            time: time + dt, phase: .end, a: t.a, b: t.b, point: .zero, normal: .zero,
            normalImpulse: 0, normalSpeed: 0, tangentSpeed: 0)))
    }
    swap(&touching, &nextTouching)
  }

  /// |ω × n| r for a sphere rolling on its contact normal; 0 for other shapes (m/s).
  func rollingSpeed(body i: Int, normal: Vec3) -> Double {
    guard case .sphere(let r) = shapes[i] else { return 0 }
    return angularVelocities[i].cross(normal).length * r
  }
}

/// Smallest t in [0, dt] with s + v t + ½ a t² = 0 (s: separation, v: normal velocity,
/// a: normal acceleration); 0 when already touching, dt when no root in the step.
func timeOfFirstTouch(separation s: Double, velocity v: Double, acceleration a: Double, dt: Double)
  -> Double
{
  if s <= 0 { return 0 }
  if abs(a) < 1e-12 {
    return v < 0 ? min(dt, -s / v) : dt
  }
  let disc = v * v - 2 * a * s
  guard disc >= 0 else { return dt }
  let r = disc.squareRoot()
  // The two roots in increasing order (a may have either sign); the first one ≥ 0 wins.
  let (t1, t2) = a > 0 ? ((-v - r) / a, (-v + r) / a) : ((-v + r) / a, (-v - r) / a)
  if t1 >= 0 { return min(dt, t1) }
  if t2 >= 0 { return min(dt, t2) }
  return dt
}

struct PairKey: Hashable {
  var a: EntityID
  var b: EntityID
  init(a: EntityID, b: EntityID) {
    self.a = a
    self.b = b
  }
  init(_ t: PairTouch) { self.init(a: t.a, b: t.b) }
}
