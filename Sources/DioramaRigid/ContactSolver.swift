import DioramaCollision
import DioramaCore
import Dispatch
import Foundation

/// One manifold between body `a` and body `b` (or half-space `plane`), ready to solve.
/// The normal points from A to B, the opposite of `ContactManifold.normal`.
///
/// Normal impulses are solved per point; friction is solved once per manifold at the centroid
/// of its points ("patch friction", as PhysX and Box3D do): two tangent rows clamped to the
/// disk μ Σλn, a twist row about the normal clamped to (μ r̄ + torsional) Σλn with r̄ the mean
/// distance of the points from the centroid, and two rolling-resistance rows clamped to
/// rolling × Σλn.
struct ContactConstraint {
  var a: Int32
  /// Body index of B, or -1 when B is the static half-space `plane`.
  var b: Int32
  var plane: Int32
  var subShapeA: UInt32
  var subShapeB: UInt32
  /// True when both bodies sleep: the manifold is kept, not solved.
  var sleeping: Bool
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
  /// Rolling resistance lever (m) and torsional friction lever (m) of the pair.
  var rollingFriction: Double
  var torsionalFriction: Double
  var firstPoint: Int32
  var pointCount: Int32
  /// Relative normal acceleration from gravity alone (m/s²), for the time of first touch.
  var gravityApproach: Double
  /// Friction anchor (the points' centroid) relative to each centre of mass (m).
  var frictionRA: Vec3
  var frictionRB: Vec3
  /// Mean distance of the points from the centroid (m).
  var patchRadius: Double
  var tangentMass1: Double
  var tangentMass2: Double
  var twistMass: Double
  var rollingMass1: Double
  var rollingMass2: Double
  var tangentImpulse1: Double
  var tangentImpulse2: Double
  var twistImpulse: Double
  var rollingImpulse1: Double
  var rollingImpulse2: Double
  /// Inverse of the points' coupled normal mass matrix K (rows; unused rows identity), for
  /// solving a face contact's points together.
  var blockInverse: Block4 = .identity
}

/// A 4×4 matrix as rows.
struct Block4 {
  var r0: SIMD4<Double>
  var r1: SIMD4<Double>
  var r2: SIMD4<Double>
  var r3: SIMD4<Double>
  static let identity = Block4(
    r0: SIMD4(1, 0, 0, 0), r1: SIMD4(0, 1, 0, 0), r2: SIMD4(0, 0, 1, 0), r3: SIMD4(0, 0, 0, 1))
  @inline(__always) static func * (m: Block4, v: SIMD4<Double>) -> SIMD4<Double> {
    SIMD4((m.r0 * v).sum(), (m.r1 * v).sum(), (m.r2 * v).sum(), (m.r3 * v).sum())
  }

  @inline(__always) subscript(i: Int) -> SIMD4<Double> {
    get { i == 0 ? r0 : i == 1 ? r1 : i == 2 ? r2 : r3 }
    set {
      switch i {
      case 0: r0 = newValue
      case 1: r1 = newValue
      case 2: r2 = newValue
      default: r3 = newValue
      }
    }
  }

  /// Inverse of a symmetric positive-definite matrix by Gauss–Jordan elimination without
  /// pivoting (the diagonal dominates after regularisation); nil when a pivot vanishes.
  var inverse: Block4? {
    var m = self
    var inv = Block4.identity
    for i in 0..<4 {
      let pivot = m[i][i]
      guard pivot > 1e-300 else { return nil }
      m[i] /= pivot
      inv[i] /= pivot
      for k in 0..<4 where k != i {
        let f = m[k][i]
        if f == 0 { continue }
        m[k] -= f * m[i]
        inv[k] -= f * inv[i]
      }
    }
    return inv
  }
}

struct ContactConstraintPoint {
  /// Anchors relative to the centres of mass at the start of the step, world frame (m).
  var rA: Vec3
  var rB: Vec3
  /// Separation at the start of the step (m); negative when overlapping.
  var baseSeparation: Double
  var normalMass: Double
  var normalImpulse: Double
  /// Largest accumulated normal impulse in the step (N·s): > 0 means the contact pushed.
  var maxNormalImpulse: Double
  /// Sum of every normal impulse applied in the step (N·s).
  var totalNormalImpulse: Double
  /// Normal velocity just before the contact first pushed (m/s, negative when approaching).
  var relativeVelocity: Double
  /// Normal velocity at the start of the step (m/s).
  var startNormalVelocity: Double
  /// Impulse of the two-body impacts this point took in the step (N·s, see Impacts.swift):
  /// > 0 means its bounce is done and the end-of-step restitution skips it.
  var impactImpulse: Double = 0
  var feature: UInt32
}

/// Narrowphase output of one thread.
final class ManifoldBuffer: @unchecked Sendable {
  var items: [PairManifold] = []
  /// Index into `items` of the first manifold of each processed pair, plus an end marker.
  var pairStarts: [Int32] = []
  var scratch: [ContactManifold] = []
}

extension RigidWorld {
  // MARK: - Collision

  /// Finds this step's manifolds: broadphase over margin-expanded boxes, narrowphase per pair
  /// (on `settings.threads` threads, merged in pair order so the result does not depend on
  /// the thread count), half-spaces, then warm starts from last step's impulses by (pair,
  /// sub-shapes, feature). Pairs whose bodies both sleep keep last step's manifolds.
  mutating func updateContacts(dt: Double) {
    let n = bodyCount
    aabbs.removeAll(keepingCapacity: true)
    // Each body's sweep once per step: the narrowphase reads it for every pair.
    if boundingRadii.count != n {
      boundingRadii = shapes.map(\.boundingRadius)
      sweeps = [Double](repeating: 0, count: n)
    }
    for i in 0..<n { sweeps[i] = sweep(i, dt: dt) }
    let nan = AABB(min: Vec3(repeating: .nan), max: Vec3(repeating: .nan))
    for i in 0..<n {
      if !isEnabled[i] {
        aabbs.append(nan)
        continue
      }
      aabbs.append(shapes[i].aabb(transform(of: i)).expanded(by: sweeps[i]))
    }
    broadPhase.findPairs(aabbs: aabbs, into: &pairs)
    constraints.removeAll(keepingCapacity: true)
    points.removeAll(keepingCapacity: true)
    var cursor = 0
    var pairIndex = 0
    // The pairs go through the narrowphase a chunk at a time, so its buffers hold one chunk's
    // manifolds (≈ 1 MB), not the whole world's (256 B a manifold: 2.6 MB at 10 000 bodies).
    let chunk = 4096
    for chunkStart in stride(from: 0, to: pairs.count, by: chunk) {
      runNarrowphase(dt: dt, range: chunkStart..<min(chunkStart + chunk, pairs.count))
      for buffer in threadBuffers {
        let starts = buffer.pairStarts
        for local in 0..<(starts.count - 1) {
          defer { pairIndex += 1 }
          let (ia, ib) = pairs[pairIndex]
          let lo = Int(starts[local]), hi = Int(starts[local + 1])
          if lo == hi && isSleepingPair(Int(ia), Int(ib)) {
            copySleepingConstraints(a: ia, b: ib, cursor: &cursor)
            continue
          }
          for k in lo..<hi {
            addConstraint(buffer.items[k], cursor: &cursor)
          }
        }
      }
    }
    for i in 0..<n where inverseMasses[i] > 0 && isEnabled[i] {
      let margin = settings.speculativeDistance + sweeps[i]
      for (k, p) in planes.enumerated() {
        if !isAwake[i] {
          copySleepingConstraints(a: Int32(i), b: -1 - Int32(k), cursor: &cursor)
          continue
        }
        if case .compound(let c) = shapes[i] {
          let t = transform(of: i)
          for (child, part) in c.children.enumerated() {
            guard
              var m = Narrowphase.collide(
                part.shape, t * part.transform, p.halfSpace, margin: margin)
            else { continue }
            m.subShapeA = UInt32(child)
            addConstraint(
              PairManifold(a: Int32(i), b: -1 - Int32(k), manifold: m), cursor: &cursor)
          }
          continue
        }
        guard let m = Narrowphase.collide(shapes[i], transform(of: i), p.halfSpace, margin: margin)
        else { continue }
        addConstraint(PairManifold(a: Int32(i), b: -1 - Int32(k), manifold: m), cursor: &cursor)
      }
    }
    wakeTouchedSleepers()
  }

  /// True when neither body of a pair is awake and dynamic (nothing there can move).
  func isSleepingPair(_ a: Int, _ b: Int) -> Bool {
    let awakeA = isAwake[a] && inverseMasses[a] > 0
    let awakeB = isAwake[b] && inverseMasses[b] > 0
    return !awakeA && !awakeB && (inverseMasses[a] > 0 || inverseMasses[b] > 0)
  }

  var threadBuffers: [ManifoldBuffer] {
    get { narrowphaseBuffers.buffers }
  }

  /// Runs the narrowphase for the broadphase pairs in `range`, split into contiguous ranges,
  /// one per thread; each range's manifolds land in its own buffer, in pair order.
  mutating func runNarrowphase(dt: Double, range: Range<Int>) {
    let threads = max(1, min(settings.threads, 2))
    // Buffers are classes: a copied world must not share them with its original.
    if narrowphaseBuffers.buffers.count != threads
      || !narrowphaseBuffers.buffers.indices.allSatisfy({
        isKnownUniquelyReferenced(&narrowphaseBuffers.buffers[$0])
      })
    {
      narrowphaseBuffers = NarrowphaseBuffers(count: threads)
    }
    let buffers = narrowphaseBuffers.buffers
    let pairCount = range.count
    let world = self
    let job = { (t: Int) in
      let lo = range.lowerBound + pairCount * t / threads
      let hi = range.lowerBound + pairCount * (t + 1) / threads
      let buffer = buffers[t]
      buffer.items.removeAll(keepingCapacity: true)
      buffer.pairStarts.removeAll(keepingCapacity: true)
      for p in lo..<hi {
        buffer.pairStarts.append(Int32(buffer.items.count))
        let (ia, ib) = world.pairs[p]
        world.collidePair(Int(ia), Int(ib), dt: dt, into: buffer)
      }
      buffer.pairStarts.append(Int32(buffer.items.count))
    }
    if threads == 1 || pairCount < 64 {
      for t in 0..<threads { job(t) }
    } else {
      DispatchQueue.concurrentPerform(iterations: threads, execute: job)
    }
  }

  /// Narrowphase of one pair into `buffer` (nothing for pairs that cannot or need not touch).
  func collidePair(_ a: Int, _ b: Int, dt: Double, into buffer: ManifoldBuffer) {
    if inverseMasses[a] == 0 && inverseMasses[b] == 0 { return }
    if isSleepingPair(a, b) { return }
    if jointFiltersPair(a, b) { return }
    let margin = settings.speculativeDistance + sweeps[a] + sweeps[b]
    buffer.scratch.removeAll(keepingCapacity: true)
    Narrowphase.collide(
      shapes[a], transform(of: a), shapes[b], transform(of: b), margin: margin,
      into: &buffer.scratch)
    for m in buffer.scratch where m.pointCount > 0 {
      buffer.items.append(PairManifold(a: Int32(a), b: Int32(b), manifold: m))
    }
  }

  /// How far body `i` may move in `dt` (m): linear plus rotational sweep.
  func sweep(_ i: Int, dt: Double) -> Double {
    guard inverseMasses[i] > 0 && isAwake[i] else { return 0 }
    let g = settings.gravity.length * dt
    return
      (linearVelocities[i].length + g + angularVelocities[i].length
      * boundingRadii[i]) * dt
  }

  /// Orders pair keys as the constraints are generated: body pairs by (a, b), then
  /// half-space pairs by (a, plane).
  @inline(__always)
  static func orderKey(a: Int32, b: Int32) -> UInt64 {
    let hi: UInt64 =
      b < 0
      ? (1 << 62) | (UInt64(UInt32(a)) << 31) | UInt64(UInt32(-1 - b))
      : (UInt64(UInt32(a)) << 31) | UInt64(UInt32(b))
    return hi
  }

  /// Key of a constraint's pair in `orderKey` order.
  @inline(__always)
  static func orderKey(_ c: ContactConstraint) -> UInt64 {
    orderKey(a: c.a, b: c.b >= 0 ? c.b : -1 - c.plane)
  }

  /// Copies last step's constraints of a sleeping pair unchanged (marked asleep).
  mutating func copySleepingConstraints(a: Int32, b: Int32, cursor: inout Int) {
    let key = Self.orderKey(a: a, b: b)
    while cursor < previousConstraints.count && Self.orderKey(previousConstraints[cursor]) < key {
      cursor += 1
    }
    var k = cursor
    while k < previousConstraints.count && Self.orderKey(previousConstraints[k]) == key {
      var c = previousConstraints[k]
      let first = Int(c.firstPoint)
      c.firstPoint = Int32(points.count)
      c.sleeping = true
      for j in first..<(first + Int(c.pointCount)) { points.append(previousPoints[j]) }
      constraints.append(c)
      k += 1
    }
  }

  mutating func addConstraint(_ pm: PairManifold, cursor: inout Int) {
    let m = pm.manifold
    let ia = Int(pm.a)
    let isPlane = pm.b < 0
    let plane: Int32 = isPlane ? -1 - pm.b : -1
    let b: Int32 = isPlane ? -1 : pm.b
    let normal = -m.normal
    let t1 = normal.anyOrthogonal
    let t2 = normal.cross(t1)
    let fa = frictions[ia], ea = restitutions[ia]
    let fb = b >= 0 ? frictions[Int(b)] : planes[Int(plane)].friction
    let sa = staticFrictions[ia]
    let sb = b >= 0 ? staticFrictions[Int(b)] : (planes[Int(plane)].staticFriction ?? fb)
    let eb = b >= 0 ? restitutions[Int(b)] : planes[Int(plane)].restitution
    let ra = rollingFrictions[ia] + (b >= 0 ? rollingFrictions[Int(b)] : 0)
    let ta = torsionalFrictions[ia] + (b >= 0 ? torsionalFrictions[Int(b)] : 0)
    let gA = inverseMasses[ia] > 0 ? settings.gravity : .zero
    let gB = b >= 0 && inverseMasses[Int(b)] > 0 ? settings.gravity : .zero
    let xA = positions[ia]
    var centroid = Vec3.zero
    for j in 0..<m.pointCount { centroid += m[j].position }
    centroid /= Double(m.pointCount)
    var radius = 0.0
    for j in 0..<m.pointCount { radius += (m[j].position - centroid).length }
    radius /= Double(m.pointCount)
    let xB = b >= 0 ? positions[Int(b)] : centroid
    var c = ContactConstraint(
      a: pm.a, b: b, plane: plane, subShapeA: m.subShapeA, subShapeB: m.subShapeB,
      sleeping: false, normal: normal, tangent1: t1, tangent2: t2,
      friction: (fa * fb).squareRoot(), staticFriction: (sa * sb).squareRoot(),
      activeFriction: (fa * fb).squareRoot(), restitution: (ea * eb).squareRoot(),
      rollingFriction: ra, torsionalFriction: ta,
      firstPoint: Int32(points.count), pointCount: Int32(m.pointCount),
      gravityApproach: (gB - gA).dot(normal), frictionRA: centroid - xA,
      frictionRB: centroid - xB, patchRadius: radius, tangentMass1: 0, tangentMass2: 0,
      twistMass: 0, rollingMass1: 0, rollingMass2: 0, tangentImpulse1: 0, tangentImpulse2: 0,
      twistImpulse: 0, rollingImpulse1: 0, rollingImpulse2: 0)
    // Warm start: last step's manifold of the same pair and sub-shapes, matched by feature.
    let key = Self.orderKey(a: pm.a, b: pm.b)
    while cursor < previousConstraints.count && Self.orderKey(previousConstraints[cursor]) < key {
      cursor += 1
    }
    var old = -1
    var k = cursor
    while k < previousConstraints.count && Self.orderKey(previousConstraints[k]) == key {
      let o = previousConstraints[k]
      if o.subShapeA == m.subShapeA && o.subShapeB == m.subShapeB {
        old = k
        break
      }
      k += 1
    }
    var oldFirst = 0, oldCount = 0
    if old >= 0 {
      let o = previousConstraints[old]
      // Tangent impulses carry over only when the normal barely turned.
      if o.normal.dot(normal) > 0.99 {
        let f = o.tangentImpulse1 * o.tangent1 + o.tangentImpulse2 * o.tangent2
        c.tangentImpulse1 = f.dot(t1)
        c.tangentImpulse2 = f.dot(t2)
        c.twistImpulse = o.twistImpulse
        let r = o.rollingImpulse1 * o.tangent1 + o.rollingImpulse2 * o.tangent2
        c.rollingImpulse1 = r.dot(t1)
        c.rollingImpulse2 = r.dot(t2)
      }
      oldFirst = Int(o.firstPoint)
      oldCount = Int(o.pointCount)
    }
    for j in 0..<m.pointCount {
      let p = m[j]
      var impulse = 0.0
      for q in oldFirst..<(oldFirst + oldCount) where previousPoints[q].feature == p.featureID {
        impulse = previousPoints[q].normalImpulse
        break
      }
      points.append(
        ContactConstraintPoint(
          rA: p.position - xA, rB: p.position - (b >= 0 ? positions[Int(b)] : p.position),
          baseSeparation: p.separation, normalMass: 0, normalImpulse: impulse,
          maxNormalImpulse: 0, totalNormalImpulse: 0, relativeVelocity: 0,
          startNormalVelocity: 0, impactImpulse: 0, feature: p.featureID))
    }
    // Carried twist and rolling impulses must fit this manifold's limits, taken with
    // the carried normal impulses: a patch that shrank (a capsule rolling from two points to
    // one) would otherwise warm start a twist it can no longer hold, which spun a thin capsule
    // to 2800 rad/s in a ragdoll pile before the solve took it back.
    var carried = 0.0
    for k in Int(c.firstPoint)..<points.count { carried += points[k].normalImpulse }
    // Friction too, when any normal impulse carried over (when none matched, the features
    // changed and the old tangent impulse is kept: dropping it let a 400:1 load slide).
    if carried > 0 {
      clampToDisk(&c.tangentImpulse1, &c.tangentImpulse2, c.staticFriction * carried)
    }
    let twist = (c.staticFriction * c.patchRadius + c.torsionalFriction) * carried
    c.twistImpulse = min(max(c.twistImpulse, -twist), twist)
    clampToDisk(&c.rollingImpulse1, &c.rollingImpulse2, c.rollingFriction * carried)
    constraints.append(c)
  }

  /// A sleeping body touched (with points) by an awake one wakes with its whole island before
  /// the solve, so the pile it belongs to takes the blow.
  mutating func wakeTouchedSleepers() {
    var woke = false
    for c in constraints where !c.sleeping && c.b >= 0 {
      let a = Int(c.a), b = Int(c.b)
      if inverseMasses[a] > 0 && !isAwake[a] && isAwake[b] && inverseMasses[b] > 0 {
        wakeIsland(of: a)
        woke = true
      } else if inverseMasses[b] > 0 && !isAwake[b] && isAwake[a] && inverseMasses[a] > 0 {
        wakeIsland(of: b)
        woke = true
      }
    }
    if woke {
      for k in constraints.indices where constraints[k].sleeping {
        let c = constraints[k]
        let awakeA = isAwake[Int(c.a)] && inverseMasses[Int(c.a)] > 0
        let awakeB = c.b >= 0 && isAwake[Int(c.b)] && inverseMasses[Int(c.b)] > 0
        if awakeA || awakeB { constraints[k].sleeping = false }
      }
    }
  }

  /// Wakes every body of the island `i` slept in (islands from the last sleep update).
  mutating func wakeIsland(of i: Int) {
    guard islandParents.count == bodyCount else {
      wake(i)
      return
    }
    let root = islandRoot(Int32(i))
    for j in 0..<bodyCount where inverseMasses[j] > 0 && !isAwake[j] {
      if islandRoot(Int32(j)) == root { wake(j) }
    }
  }

  func islandRoot(_ i: Int32) -> Int32 {
    var r = i
    while islandParents[Int(r)] != r { r = islandParents[Int(r)] }
    return r
  }

  // MARK: - Solver

  /// Effective masses, start velocities, stick-or-slip, and the active constraint list.
  mutating func prepareContacts(h: Double) {
    activeConstraints.removeAll(keepingCapacity: true)
    // Contacts with static geometry first: the support a stack stands on is solved before
    // what it carries, which is how load travels up a stack in few iterations.
    for ci in constraints.indices where !constraints[ci].sleeping {
      let c = constraints[ci]
      let staticB = c.b < 0 || inverseMasses[Int(c.b)] == 0
      if staticB { activeConstraints.append(Int32(ci)) }
    }
    for ci in constraints.indices where !constraints[ci].sleeping {
      let c = constraints[ci]
      let staticB = c.b < 0 || inverseMasses[Int(c.b)] == 0
      if !staticB { activeConstraints.append(Int32(ci)) }
    }
    colorActiveConstraints()
    if inContact.count != bodyCount { inContact = [Bool](repeating: false, count: bodyCount) }
    for i in 0..<bodyCount { inContact[i] = false }
    for ci in activeConstraints {
      let c = constraints[Int(ci)]
      inContact[Int(c.a)] = true
      if c.b >= 0 { inContact[Int(c.b)] = true }
    }
    forEachJointPair { a, b in
      if a >= 0 { inContact[a] = true }
      if b >= 0 { inContact[b] = true }
    }
    for ci in constraints.indices where !constraints[ci].sleeping {
      var c = constraints[ci]
      let a = Int(c.a), b = Int(c.b)
      let mA = solverInverseMasses[a], iA = inverseInertiaWorld[a]
      let mB = b >= 0 ? solverInverseMasses[b] : 0
      let iB = b >= 0 ? inverseInertiaWorld[b] : .zero
      func mass(_ rA: Vec3, _ rB: Vec3, _ d: Vec3) -> Double {
        let ra = rA.cross(d), rb = rB.cross(d)
        let k = mA + mB + ra.dot(iA * ra) + rb.dot(iB * rb)
        return k > 0 ? 1 / k : 0
      }
      func angularMass(_ d: Vec3) -> Double {
        let k = d.dot(iA * d) + d.dot(iB * d)
        return k > 0 ? 1 / k : 0
      }
      var slip = 0.0
      for k in Int(c.firstPoint)..<Int(c.firstPoint + c.pointCount) {
        var p = points[k]
        p.normalMass = mass(p.rA, p.rB, c.normal)
        let vr = relativeVelocity(a, b, p.rA, p.rB)
        p.startNormalVelocity = vr.dot(c.normal)
        p.relativeVelocity = p.startNormalVelocity
        slip = max(slip, (vr - p.startNormalVelocity * c.normal).length)
        points[k] = p
      }
      if c.pointCount >= 2 {
        // K_ij = mA + mB + (rAi×n)·IA(rAj×n) + (rBi×n)·IB(rBj×n), regularised by 1e-6 of its
        // trace: four coplanar points span only three rigid motions, so K is singular.
        let first = Int(c.firstPoint), count = Int(c.pointCount)
        var k = Block4.identity
        var trace = 0.0
        for i in 0..<count {
          let pi = points[first + i]
          let ai = pi.rA.cross(c.normal), bi = pi.rB.cross(c.normal)
          var row = SIMD4<Double>(0, 0, 0, 0)
          for j in 0..<count {
            let pj = points[first + j]
            let aj = pj.rA.cross(c.normal), bj = pj.rB.cross(c.normal)
            row[j] = mA + mB + ai.dot(iA * aj) + bi.dot(iB * bj)
          }
          k[i] = row
          trace += row[i]
        }
        let eps = 1e-6 * trace / Double(count)
        for i in 0..<count { k[i][i] += eps }
        if let inverse = k.inverse {
          c.blockInverse = inverse
        } else {
          c.blockInverse.r0.w = .nan
        }
      }
      c.tangentMass1 = mass(c.frictionRA, c.frictionRB, c.tangent1)
      c.tangentMass2 = mass(c.frictionRA, c.frictionRB, c.tangent2)
      c.twistMass = angularMass(c.normal)
      c.rollingMass1 = angularMass(c.tangent1)
      c.rollingMass2 = angularMass(c.tangent2)
      // Stick or slip, decided once per step from the fastest point's sliding speed.
      c.activeFriction = slip < settings.stickingSpeed ? c.staticFriction : c.friction
      constraints[ci] = c
    }
  }

  /// Velocity of B's anchor relative to A's (m/s).
  @inline(__always)
  func relativeVelocity(_ a: Int, _ b: Int, _ rA: Vec3, _ rB: Vec3) -> Vec3 {
    let vA = linearVelocities[a] + angularVelocities[a].cross(rA)
    let vB = b >= 0 ? linearVelocities[b] + angularVelocities[b].cross(rB) : .zero
    return vB - vA
  }

  mutating func warmStartContacts() {
    let colors = colorOffsets
    let threads = settings.threads
    withSolverState { s in
      s.forEachColored(colors, threads: threads) { idx in
        let ci = Int(s.active[idx])
        let c = s.constraints.baseAddress.unsafelyUnwrapped + ci
        let a = Int(c.pointee.a), b = Int(c.pointee.b)
        var body = s.load(a, b)
        for k in Int(c.pointee.firstPoint)..<Int(c.pointee.firstPoint + c.pointee.pointCount) {
          let p = s.points[k]
          body.apply(p.rA, p.rB, p.normalImpulse * c.pointee.normal)
          s.points[k].totalNormalImpulse += p.normalImpulse
        }
        let f =
          c.pointee.tangentImpulse1 * c.pointee.tangent1 + c.pointee.tangentImpulse2
          * c.pointee.tangent2
        body.apply(c.pointee.frictionRA, c.pointee.frictionRB, f)
        let torque =
          c.pointee.twistImpulse * c.pointee.normal + c.pointee.rollingImpulse1 * c.pointee.tangent1
          + c.pointee.rollingImpulse2
          * c.pointee.tangent2
        body.applyAngular(torque)
        s.store(a, b, body)
      }
    }
  }

  /// One Gauss–Seidel pass over every awake contact: normal impulses with a soft position bias
  /// (Catto's soft step: spring of `contactHertz` with damping ratio `contactDampingRatio`,
  /// coefficients from the implicit-Euler spring, Solver2D 2024), then the patch friction.
  mutating func solveContacts(h: Double, useBias: Bool) {
    let invH = 1 / h
    let soft = Softness(
      hertz: min(settings.contactHertz, 0.25 * invH), dampingRatio: settings.contactDampingRatio,
      h: h)
    let biasRate = soft.biasRate
    let softMassScale = soft.massScale
    let softImpulseScale = soft.impulseScale
    let slop = settings.linearSlop
    let maxPush = settings.maxPushoutSpeed
    solvePass &+= 1
    let reverse = solvePass & 1 == 1
    let leak = settings.contactLeak
    // The leak fades out over `contactLeakDepth` of penetration past the slop, so a heavy
    // load cannot sink a contact deeper than about that.
    let invLeakDepth = 1 / settings.contactLeakDepth
    let colors = colorOffsets
    let threads = settings.threads
    withSolverState { s in
      s.forEachColored(colors, threads: threads) { idx in
        let ci = Int(s.active[idx])
        let c = s.constraints.baseAddress.unsafelyUnwrapped + ci
        let a = Int(c.pointee.a), b = Int(c.pointee.b)
        let normal = c.pointee.normal
        var body = s.load(a, b)
        // Motion of each body since the step began, to follow the anchors: the anchor r
        // moved by dp + θ × r (θ the rotation vector since the step began; the O(θ²) term is
        // below the slop for any rotation a step can make).
        let dpA = s.positions[a] - s.startPositions[a]
        let thA = s.deltaAngles[a]
        let dpB = b >= 0 ? s.positions[b] - s.startPositions[b] : Vec3.zero
        let thB = b >= 0 ? s.deltaAngles[b] : Vec3.zero
        let first = Int(c.pointee.firstPoint), count = Int(c.pointee.pointCount)
        // Separations, biases and leak factors of every point; positions do not change
        // within a pass.
        var seps = SIMD4<Double>(repeating: 0)
        var biases = SIMD4<Double>(repeating: 0)
        var leaks = SIMD4<Double>(repeating: 0)
        var anyGap = false
        var allGap = true
        for j in 0..<count {
          let p = s.points[first + j]
          let d = (dpB + thB.cross(p.rB)) - (dpA + thA.cross(p.rA))
          let sep = p.baseSeparation + d.dot(normal)
          seps[j] = sep
          if sep <= 0 { allGap = false }
          if sep > 0 {
            anyGap = true
            biases[j] = sep * invH
          } else if useBias {
            biases[j] = max(biasRate * min(0, sep + slop), -maxPush)
            leaks[j] = leak * min(1, max(0, 1 + (sep + slop) * invLeakDepth))
          }
        }
        var totalNormal = 0.0
        var solved = false
        // Block solve of a face: all points at once, when they are all touching or (in the
        // biased pass) all speculative, accepted when every impulse stays non-negative;
        // else point by point below. Solving a face's points together keeps a flat landing
        // flat: one at a time, the first point takes the blow and the body spins.
        let uniform = !anyGap
        if count >= 2 && uniform && !c.pointee.blockInverse.r0.w.isNaN {
          var lambda = SIMD4<Double>(repeating: 0)
          var vns = SIMD4<Double>(repeating: 0)
          for j in 0..<count {
            let p = s.points[first + j]
            vns[j] = body.relativeVelocity(p.rA, p.rB).dot(normal)
            lambda[j] = p.normalImpulse
          }
          let ms = useBias && !allGap ? softMassScale : 1
          let isc = useBias && !allGap ? softImpulseScale : 0
          var newLambda =
            lambda - ms * (c.pointee.blockInverse * (vns + biases)) - isc * leaks * lambda
          for j in count..<4 { newLambda[j] = 0 }
          if newLambda.min() >= 0 {
            solved = true
            let d = newLambda - lambda
            var sumD = 0.0
            var armA = Vec3.zero, armB = Vec3.zero
            for j in 0..<count {
              let pp = s.points.baseAddress.unsafelyUnwrapped + first + j
              if pp.pointee.maxNormalImpulse == 0 { pp.pointee.relativeVelocity = vns[j] }
              pp.pointee.normalImpulse = newLambda[j]
              pp.pointee.maxNormalImpulse = max(pp.pointee.maxNormalImpulse, newLambda[j])
              pp.pointee.totalNormalImpulse += d[j]
              sumD += d[j]
              armA += d[j] * pp.pointee.rA
              armB += d[j] * pp.pointee.rB
              totalNormal += newLambda[j]
            }
            let P = sumD * normal
            body.vA -= body.mA * P
            body.wA -= body.iA * armA.cross(normal)
            body.vB += body.mB * P
            body.wB += body.iB * armB.cross(normal)
          }
        }
        if !solved {
          // Point by point, the order flipping from pass to pass (a fixed order hands the
          // first point more impulse every time, a torque that walks a stack sideways).
          for jj in 0..<count {
            let j = reverse ? count - 1 - jj : jj
            let pp = s.points.baseAddress.unsafelyUnwrapped + first + j
            let sep = seps[j]
            var massScale = 1.0, impulseScale = 0.0
            if sep > 0 {
              // Speculative: may close the gap this substep, no more. Only the biased solve,
              // which always precedes a position update, needs it; applying it in the relax
              // pass would stop a body short of the surface and bounce it from a gap.
              if !useBias {
                totalNormal += pp.pointee.normalImpulse
                continue
              }
            } else if useBias {
              massScale = softMassScale
              impulseScale = leaks[j] * softImpulseScale
            }
            let rA = pp.pointee.rA, rB = pp.pointee.rB
            let vn = body.relativeVelocity(rA, rB).dot(normal)
            let old = pp.pointee.normalImpulse
            if pp.pointee.maxNormalImpulse == 0 { pp.pointee.relativeVelocity = vn }
            let delta = -pp.pointee.normalMass * massScale * (vn + biases[j]) - impulseScale * old
            let newImpulse = max(old + delta, 0)
            let applied = newImpulse - old
            pp.pointee.normalImpulse = newImpulse
            pp.pointee.maxNormalImpulse = max(pp.pointee.maxNormalImpulse, newImpulse)
            pp.pointee.totalNormalImpulse += applied
            body.apply(rA, rB, applied * normal)
            totalNormal += newImpulse
          }
        }
        s.solveFriction(&c.pointee, &body, totalNormal)
        s.store(a, b, body)
      }
    }
  }

  /// Newton's restitution at the end of the step: a point that pushed and was approaching
  /// faster than the threshold leaves at −e times the speed it had just before it first pushed.
  mutating func applyRestitution() {
    let threshold = settings.restitutionThreshold
    let colors = colorOffsets
    let threads = settings.threads
    withSolverState { s in
      s.forEachColored(colors, threads: threads) { idx in
        let ci = Int(s.active[idx])
        let c = s.constraints.baseAddress.unsafelyUnwrapped + ci
        guard c.pointee.restitution > 0 else { return }
        let a = Int(c.pointee.a), b = Int(c.pointee.b)
        var body = s.load(a, b)
        let first = Int(c.pointee.firstPoint), count = Int(c.pointee.pointCount)
        let normal = c.pointee.normal
        let e = c.pointee.restitution
        // A face whose every point bounces is solved as a block, so a flat landing stays
        // flat (see solveContacts).
        var allBounce = count >= 2 && !c.pointee.blockInverse.r0.w.isNaN
        var rhs = SIMD4<Double>(repeating: 0)
        var lambda = SIMD4<Double>(repeating: 0)
        for j in 0..<count where allBounce {
          let p = s.points[first + j]
          if p.relativeVelocity > -threshold || p.maxNormalImpulse == 0 || p.impactImpulse > 0 {
            allBounce = false
          } else {
            rhs[j] = body.relativeVelocity(p.rA, p.rB).dot(normal) + e * p.relativeVelocity
            lambda[j] = p.normalImpulse
          }
        }
        if allBounce {
          var newLambda = lambda - c.pointee.blockInverse * rhs
          for j in count..<4 { newLambda[j] = 0 }
          if newLambda.min() >= 0 {
            let d = newLambda - lambda
            var sumD = 0.0
            var armA = Vec3.zero, armB = Vec3.zero
            for j in 0..<count {
              let pp = s.points.baseAddress.unsafelyUnwrapped + first + j
              pp.pointee.normalImpulse = newLambda[j]
              pp.pointee.maxNormalImpulse = max(pp.pointee.maxNormalImpulse, newLambda[j])
              pp.pointee.totalNormalImpulse += d[j]
              sumD += d[j]
              armA += d[j] * pp.pointee.rA
              armB += d[j] * pp.pointee.rB
            }
            let P = sumD * normal
            body.vA -= body.mA * P
            body.wA -= body.iA * armA.cross(normal)
            body.vB += body.mB * P
            body.wB += body.iB * armB.cross(normal)
            s.store(a, b, body)
            return
          }
        }
        for k in first..<(first + count) {
          var p = s.points[k]
          if p.relativeVelocity > -threshold || p.maxNormalImpulse == 0 || p.impactImpulse > 0 {
            continue
          }
          let vn = body.relativeVelocity(p.rA, p.rB).dot(c.pointee.normal)
          let delta = -p.normalMass * (vn + c.pointee.restitution * p.relativeVelocity)
          let newImpulse = max(p.normalImpulse + delta, 0)
          let applied = newImpulse - p.normalImpulse
          p.normalImpulse = newImpulse
          p.maxNormalImpulse = max(p.maxNormalImpulse, newImpulse)
          p.totalNormalImpulse += applied
          body.apply(p.rA, p.rB, applied * c.pointee.normal)
          s.points[k] = p
        }
        s.store(a, b, body)
      }
    }
  }

  /// Runs `body` with unchecked buffer access to the solver's arrays (one door for the
  /// unsafe code; every index comes from constraints built this step).
  mutating func withSolverState(_ body: (inout SolverState) -> Void) {
    let active = activeConstraints
    let positionsCopy = positions
    let start = startPositions
    let deltas = deltaAngles
    let inverseMass = solverInverseMasses
    let inertia = inverseInertiaWorld
    active.withUnsafeBufferPointer { activeBuffer in
      positionsCopy.withUnsafeBufferPointer { pos in
        start.withUnsafeBufferPointer { startBuffer in
          deltas.withUnsafeBufferPointer { th in
            inverseMass.withUnsafeBufferPointer { im in
              inertia.withUnsafeBufferPointer { ii in
                constraints.withUnsafeMutableBufferPointer { cs in
                  points.withUnsafeMutableBufferPointer { ps in
                    linearVelocities.withUnsafeMutableBufferPointer { v in
                      angularVelocities.withUnsafeMutableBufferPointer { w in
                        var state = SolverState(
                          active: activeBuffer, constraints: cs, points: ps, linear: v,
                          angular: w, inverseMass: im, inverseInertia: ii, positions: pos,
                          startPositions: startBuffer, deltaAngles: th)
                        body(&state)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// The velocities of a constraint's two bodies, held in registers while it is solved.
struct BodyPair {
  var vA: Vec3
  var wA: Vec3
  var vB: Vec3
  var wB: Vec3
  let mA: Double
  let mB: Double
  let iA: Matrix3
  let iB: Matrix3

  @inline(__always)
  func relativeVelocity(_ rA: Vec3, _ rB: Vec3) -> Vec3 {
    (vB + wB.cross(rB)) - (vA + wA.cross(rA))
  }

  /// Impulse `P` at the anchors: −P to A, +P to B.
  @inline(__always)
  mutating func apply(_ rA: Vec3, _ rB: Vec3, _ P: Vec3) {
    vA -= mA * P
    wA -= iA * rA.cross(P)
    vB += mB * P
    wB += iB * rB.cross(P)
  }

  /// Angular impulse `L`: −L to A, +L to B.
  @inline(__always)
  mutating func applyAngular(_ L: Vec3) {
    wA -= iA * L
    wB += iB * L
  }
}

/// Unchecked views of the solver arrays for the duration of one pass.
struct SolverState {
  let active: UnsafeBufferPointer<Int32>
  let constraints: UnsafeMutableBufferPointer<ContactConstraint>
  let points: UnsafeMutableBufferPointer<ContactConstraintPoint>
  let linear: UnsafeMutableBufferPointer<Vec3>
  let angular: UnsafeMutableBufferPointer<Vec3>
  let inverseMass: UnsafeBufferPointer<Double>
  let inverseInertia: UnsafeBufferPointer<Matrix3>
  let positions: UnsafeBufferPointer<Vec3>
  let startPositions: UnsafeBufferPointer<Vec3>
  /// Rotation vector of each body since the step began (rad).
  let deltaAngles: UnsafeBufferPointer<Vec3>

  /// Runs `work` on every active constraint, colour by colour. Constraints of one colour
  /// share no moving body, so a colour may be split between threads without changing any
  /// result: the output is the same for any thread count. Colour 63 holds the constraints
  /// no colour could take and always runs on one thread. A colour is split only when it holds
  /// 2048 constraints or more: waking a second thread through Dispatch costs ~10–20 µs, more
  /// than solving a few hundred constraints (measured on the 1000-box pile, where splitting
  /// at 128 made the step 7% slower on two threads than on one).
  func forEachColored(_ offsets: [Int32], threads: Int, _ work: (Int) -> Void) {
    let colorCount = offsets.count - 1
    for color in 0..<colorCount {
      let lo = Int(offsets[color]), hi = Int(offsets[color + 1])
      if threads > 1 && hi - lo >= 2048 && color < 63 {
        DispatchQueue.concurrentPerform(iterations: 2) { t in
          let mid = lo + (hi - lo) / 2
          for idx in (t == 0 ? lo..<mid : mid..<hi) { work(idx) }
        }
      } else {
        for idx in lo..<hi { work(idx) }
      }
    }
  }

  @inline(__always)
  func load(_ a: Int, _ b: Int) -> BodyPair {
    if b >= 0 {
      return BodyPair(
        vA: linear[a], wA: angular[a], vB: linear[b], wB: angular[b], mA: inverseMass[a],
        mB: inverseMass[b], iA: inverseInertia[a], iB: inverseInertia[b])
    }
    return BodyPair(
      vA: linear[a], wA: angular[a], vB: .zero, wB: .zero, mA: inverseMass[a], mB: 0,
      iA: inverseInertia[a], iB: .zero)
  }

  /// Writes back the velocities of moving bodies (static and sleeping ones keep theirs).
  @inline(__always)
  func store(_ a: Int, _ b: Int, _ body: BodyPair) {
    if body.mA > 0 {
      linear[a] = body.vA
      angular[a] = body.wA
    }
    if b >= 0 && body.mB > 0 {
      linear[b] = body.vB
      angular[b] = body.wB
    }
  }

  /// Patch friction at the centroid: the tangent impulse clamped to the disk μ Σλn, the
  /// twist impulse to (μ r̄ + torsional) Σλn, the rolling impulse to the disk rolling × Σλn.
  @inline(__always)
  func solveFriction(_ c: inout ContactConstraint, _ body: inout BodyPair, _ totalNormal: Double) {
    let vr = body.relativeVelocity(c.frictionRA, c.frictionRB)
    let limit = c.activeFriction * totalNormal
    var l1 = c.tangentImpulse1 - c.tangentMass1 * vr.dot(c.tangent1)
    var l2 = c.tangentImpulse2 - c.tangentMass2 * vr.dot(c.tangent2)
    clampToDisk(&l1, &l2, limit)
    let d1 = l1 - c.tangentImpulse1, d2 = l2 - c.tangentImpulse2
    c.tangentImpulse1 = l1
    c.tangentImpulse2 = l2
    body.apply(c.frictionRA, c.frictionRB, d1 * c.tangent1 + d2 * c.tangent2)

    let wr = body.wB - body.wA
    let twistLimit = (c.activeFriction * c.patchRadius + c.torsionalFriction) * totalNormal
    let twist = min(
      max(c.twistImpulse - c.twistMass * wr.dot(c.normal), -twistLimit), twistLimit)
    let dt = twist - c.twistImpulse
    c.twistImpulse = twist
    var angular = dt * c.normal
    if c.rollingFriction > 0 {
      let rollLimit = c.rollingFriction * totalNormal
      var r1 = c.rollingImpulse1 - c.rollingMass1 * wr.dot(c.tangent1)
      var r2 = c.rollingImpulse2 - c.rollingMass2 * wr.dot(c.tangent2)
      clampToDisk(&r1, &r2, rollLimit)
      angular += (r1 - c.rollingImpulse1) * c.tangent1 + (r2 - c.rollingImpulse2) * c.tangent2
      c.rollingImpulse1 = r1
      c.rollingImpulse2 = r2
    }
    body.applyAngular(angular)
  }
}

/// One narrowphase buffer per thread, kept between steps.
struct NarrowphaseBuffers: @unchecked Sendable {
  var buffers: [ManifoldBuffer]
  init(count: Int) { buffers = (0..<count).map { _ in ManifoldBuffer() } }
}

extension RigidWorld {
  /// Greedy graph colouring of the active constraints (Box2D v3's scheme): each constraint
  /// takes the lowest colour that none of its moving bodies has yet; static bodies and
  /// half-spaces do not count. Constraints are then ordered by colour, keeping their order
  /// within a colour, so the solve order is the same on every thread count. Up to 63
  /// colours; the rest go to a final range solved on one thread.
  mutating func colorActiveConstraints() {
    let n = bodyCount
    if bodyColors.count != n { bodyColors = [UInt64](repeating: 0, count: n) }
    for i in 0..<n { bodyColors[i] = 0 }
    let overflow = 63
    constraintColors.removeAll(keepingCapacity: true)
    var counts = [Int32](repeating: 0, count: 65)
    for ci in activeConstraints {
      let c = constraints[Int(ci)]
      let a = Int(c.a), b = Int(c.b)
      let movingA = solverInverseMasses[a] > 0
      let movingB = b >= 0 && solverInverseMasses[b] > 0
      var used: UInt64 = 0
      if movingA { used |= bodyColors[a] }
      if movingB { used |= bodyColors[b] }
      let free = ~used & ((1 << UInt64(overflow)) - 1)
      let color = free == 0 ? overflow : free.trailingZeroBitCount
      if color < overflow {
        if movingA { bodyColors[a] |= 1 << UInt64(color) }
        if movingB { bodyColors[b] |= 1 << UInt64(color) }
      }
      constraintColors.append(UInt8(color))
      counts[color + 1] += 1
    }
    var last = 0
    for k in 0..<64 where counts[k + 1] > 0 { last = k }
    colorOffsets.removeAll(keepingCapacity: true)
    colorOffsets.append(0)
    for k in 0...last { colorOffsets.append(colorOffsets[k] + counts[k + 1]) }
    var cursor = Array(colorOffsets.dropLast())
    coloredScratch.removeAll(keepingCapacity: true)
    coloredScratch.append(contentsOf: repeatElement(0, count: activeConstraints.count))
    for (k, ci) in activeConstraints.enumerated() {
      let color = Int(constraintColors[k])
      coloredScratch[Int(cursor[color])] = ci
      cursor[color] += 1
    }
    swap(&activeConstraints, &coloredScratch)
  }
}

extension RigidWorld {
  /// Contact points found in the last step (speculative ones included).
  public var contactPointCount: Int { previousPoints.count }
}

/// Scales the 2D impulse (x, y) onto the disk of radius `limit` when it lies outside: the
/// Coulomb cone's cross-section for friction, and the same for rolling resistance.
@inline(__always)
func clampToDisk(_ x: inout Double, _ y: inout Double, _ limit: Double) {
  let m = (x * x + y * y).squareRoot()
  if m > limit {
    let s = m > 0 ? limit / m : 0
    x *= s
    y *= s
  }
}
