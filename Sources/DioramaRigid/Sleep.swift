import DioramaCollision
import DioramaCore

extension RigidWorld {
  /// Islands and sleep, after the step's solve.
  ///
  /// A body rests while its speed, and its angular speed times its bounding radius, stay under
  /// `sleepSpeed`. Islands are the connected groups of dynamic bodies joined by touching
  /// contacts or joints (static bodies do not join islands), found by union–find with path
  /// halving over the constraints in their fixed order, so they do not depend on hashing or
  /// threads. An island whose every body has rested `timeToSleep` falls asleep together; an
  /// island with any awake body wakes entirely.
  mutating func updateSleep(dt: Double) {
    let n = bodyCount
    let threshold = settings.sleepSpeed
    for i in 0..<n where inverseMasses[i] > 0 && isAwake[i] && isEnabled[i] {
      let r = i < boundingRadii.count ? boundingRadii[i] : shapes[i].boundingRadius
      let v2 = linearVelocities[i].lengthSquared
      let w2 = angularVelocities[i].lengthSquared * r * r
      if !allowSleep[i] || v2 > threshold * threshold || w2 > threshold * threshold {
        sleepTimes[i] = 0
      } else {
        sleepTimes[i] += dt
      }
    }
    if islandParents.count != n {
      islandParents = [Int32](repeating: 0, count: n)
      islandSleepy = [Bool](repeating: true, count: n)
    }
    for i in 0..<n { islandParents[i] = Int32(i) }
    for c in constraints where c.b >= 0 {
      let a = Int(c.a), b = Int(c.b)
      guard inverseMasses[a] > 0 && inverseMasses[b] > 0 else { continue }
      var touching = c.sleeping
      for k in Int(c.firstPoint)..<Int(c.firstPoint + c.pointCount)
      where points[k].maxNormalImpulse > 0 || points[k].baseSeparation < settings.linearSlop {
        touching = true
      }
      if touching { union(Int32(a), Int32(b)) }
    }
    forEachJointPair { a, b in
      if a >= 0 && b >= 0 && inverseMasses[a] > 0 && inverseMasses[b] > 0 {
        union(Int32(a), Int32(b))
      }
    }
    guard settings.sleeping else { return }
    // An island sleeps when all its bodies are sleepy; one awake, restless body wakes all.
    for i in 0..<n { islandSleepy[i] = true }
    for i in 0..<n where inverseMasses[i] > 0 && isEnabled[i] {
      let restless = isAwake[i] && sleepTimes[i] < settings.timeToSleep
      if restless { islandSleepy[Int(islandRoot(Int32(i)))] = false }
    }
    for i in 0..<n where inverseMasses[i] > 0 && isEnabled[i] {
      let sleepy = islandSleepy[Int(islandRoot(Int32(i)))]
      if sleepy && isAwake[i] {
        isAwake[i] = false
        linearVelocities[i] = .zero
        angularVelocities[i] = .zero
      } else if !sleepy && !isAwake[i] {
        isAwake[i] = true
        sleepTimes[i] = 0
      }
    }
  }

  mutating func union(_ a: Int32, _ b: Int32) {
    var ra = a
    while islandParents[Int(ra)] != ra {
      islandParents[Int(ra)] = islandParents[Int(islandParents[Int(ra)])]
      ra = islandParents[Int(ra)]
    }
    var rb = b
    while islandParents[Int(rb)] != rb {
      islandParents[Int(rb)] = islandParents[Int(islandParents[Int(rb)])]
      rb = islandParents[Int(rb)]
    }
    if ra == rb { return }
    // The smaller index becomes the root, so roots do not depend on the order of unions.
    if ra < rb { islandParents[Int(rb)] = ra } else { islandParents[Int(ra)] = rb }
  }

  /// The number of bodies asleep.
  public var sleepingBodyCount: Int {
    (0..<bodyCount).reduce(0) { $0 + (inverseMasses[$1] > 0 && !isAwake[$1] ? 1 : 0) }
  }
}
