import DioramaCollision
import DioramaCore
import Dispatch

/// Joint storage and the soft joint solver's entry points. The contract with `RigidWorld.step`:
/// - body state: `positions` (centre of mass, m), `orientations`, `linearVelocities`,
///   `angularVelocities`, `solverInverseMasses` (this step's inverse masses: 0 for static and
///   sleeping bodies, as for contacts), `inverseInertiaWorld` (world frame, refreshed after
///   every position update); body index −1 means the static world frame;
/// - call order per step: `prepareJoints(h:)` once; per substep `warmStartJoints()`,
///   `solveJoints(h:useBias: true)` before the contacts' biased solve, and
///   `solveJoints(h:useBias: false)` before the relax pass; `finishJoints(dt:time:events:)`
///   after the last substep (breaks become `Event.jointBreak`).
///
/// The rows and their derivations are in JointSolver.swift; definitions in JointDef.swift.
struct JointStorage: Sendable {
  /// One entry per joint, in creation order.
  var joints: [JointConstraint] = []
  /// The solve order: unbroken joints by colour (creation order within a colour), and the
  /// start of each colour in it plus the end (see `colorJoints`).
  var order: [Int32] = []
  var colorOffsets: [Int32] = [0]
  /// Colour bits taken at each body, scratch for `colorJoints`.
  var bodyColors: [UInt64] = []
  /// The definitions as given, for read-back.
  var defs: [JointDef] = []
  /// Body pairs (min, max) packed as `min << 32 | max`, sorted, of unbroken joints between two
  /// bodies without `collideConnected`: the contact pairs joints filter out.
  var filteredPairs: [UInt64] = []
  /// Joints were added since `filteredPairs` was sorted: the next step re-sorts it.
  var filterIsStale = false
  var settings = JointSettings()
  /// Soft coefficients of the rigid rows for this step's substep.
  var softness = Softness.rigid
  /// Substep of the previous step (s), to rescale warm-start impulses when it changes.
  var lastSubstep = 0.0
  /// True until the first substep of a step has warm started.
  var firstSubstep = true
}

/// Stiffness of the joints' rigid rows and warm starting. The defaults follow Box2D v3's
/// soft-step joints, whose 60 Hz at 60 Hz steps of 4 substeps is that same quarter of the
/// substep rate, and its damping ratio 2.
public struct JointSettings: Sendable, Hashable {
  /// Stiffness of the position correction of rigid joint rows (Hz), capped at a quarter of the
  /// substep rate; the default (∞) always takes the cap: 240 Hz at dt = 1/240 s, 4 substeps.
  /// A joint carrying a load F between bodies of effective mass m stretches by about
  /// F / (m (2π·hertz)²) while the load lasts.
  public var hertz: Double = .infinity
  /// Damping ratio of that position correction (dimensionless).
  public var dampingRatio: Double = 2
  /// Start each step from the last step's impulses, rescaled to the new substep (within a
  /// step, each substep always starts from the previous one's).
  public var warmStarting: Bool = true

  public init() {}
}

/// Which bodies a joint holds and where: what the solver reads to find the joint's pose.
struct JointAttachment: Sendable {
  /// Body indices, −1 for the world.
  var a: Int
  var b: Int
  /// Anchors in each body's frame, relative to its centre of mass (m).
  var localAnchorA: Vec3
  var localAnchorB: Vec3
  /// Joint frames in each body's frame.
  var localFrameA: Quaternion
  var localFrameB: Quaternion
}

/// Solver storage of one joint: its definition flattened into numbers, and its accumulated
/// impulses. Angles in rad, lengths in m, impulses in N·s (linear) or N·m·s (angular).
struct JointConstraint: Sendable {
  enum JointType: UInt8, Sendable { case fixed, hinge, ballSocket, slider, distance }

  var type: JointType
  var attachment: JointAttachment
  /// Inverse of the anchor block K (kg) of a free ball joint (no cone, no twist limit),
  /// computed once a substep (at its warm start) and reused by its solve and relax passes:
  /// recomputing it in every pass was a fifth of the joint grid's work. Once a step, as Box2D
  /// does, was cheaper still but stale: the swinging grid then stretched 0.71 m, not 0.31.
  var anchorInverse = Matrix3.zero
  var a: Int { attachment.a }
  var b: Int { attachment.b }
  /// Limits on the joint coordinate (hinge angle, twist angle, slider translation, distance);
  /// either side may be absent (an infinite bound, or a rope's zero minimum).
  var enableLimit: Bool { enableLower || enableUpper }
  var enableLower = false
  var enableUpper = false
  var lower = 0.0
  var upper = 0.0
  var enableMotor = false
  /// Motor target rate (rad/s or m/s) and largest force (N·m or N).
  var motorSpeed = 0.0
  var maxMotorForce = 0.0
  var enableSpring = false
  var springHertz = 0.0
  var springDampingRatio = 0.0
  var springTarget = 0.0
  /// Spring coefficients for this step's substep.
  var springSoftness = Softness.rigid
  var enableCone = false
  /// Swing cone half-angle (rad).
  var coneAngle = 0.0
  /// Distance joint with equal lengths: a rod of length `lower`.
  var isRod = false
  /// Break thresholds (N, N·m); infinity never breaks.
  var breakForce = Double.infinity
  var breakTorque = Double.infinity
  var collideConnected = false
  var broken = false

  // Accumulated impulses of the current substep (warm-start state).
  /// World linear impulse of the anchor block (slider: the two rows across the axis).
  var linearImpulse = Vec3.zero
  /// World linear impulse at the anchors that came with angular rows (`AngularResponse`); kept
  /// apart from `linearImpulse` so the anchor block's softness does not relax it.
  var compensationImpulse = Vec3.zero
  /// World angular impulse of the locked rotations (weld, hinge alignment, slider).
  var angularImpulse = Vec3.zero
  var springImpulse = 0.0
  var motorImpulse = 0.0
  var lowerImpulse = 0.0
  var upperImpulse = 0.0
  var coneImpulse = 0.0
  var rodImpulse = 0.0

  // Force bookkeeping for breaking and read-back.
  /// Net impulse applied to B in the current substep: force part (N·s), torque part (N·m·s).
  var substepForceImpulse = Vec3.zero
  var substepTorqueImpulse = Vec3.zero
  /// Sum of the finished substeps' net impulses this step.
  var stepForceImpulse = Vec3.zero
  var stepTorqueImpulse = Vec3.zero
  /// Mean constraint force (N) and torque (N·m) over the last step.
  var force = 0.0
  var torque = 0.0

  init(_ def: JointDef) {
    attachment = JointAttachment(
      a: def.bodyA, b: def.bodyB, localAnchorA: def.localAnchorA, localAnchorB: def.localAnchorB,
      localFrameA: def.localFrameA.normalized, localFrameB: def.localFrameB.normalized)
    collideConnected = def.collideConnected
    breakForce = def.breakForce ?? .infinity
    breakTorque = def.breakTorque ?? .infinity
    switch def.kind {
    case .fixed:
      type = .fixed
    case .hinge(let limits, let motor, let spring):
      type = .hinge
      setLimits(limits, range: -Double.pi...Double.pi, unit: "rad")
      setMotor(motor)
      setSpring(spring)
    case .ballSocket(let swing, let twist):
      type = .ballSocket
      if let swing {
        precondition(
          swing > 0 && swing < Double.pi, "ballSocket swingLimit: expected 0 < angle < π rad")
        enableCone = true
        coneAngle = swing
      }
      setLimits(twist, range: -Double.pi...Double.pi, unit: "rad")
    case .slider(let limits, let motor, let spring):
      type = .slider
      setLimits(limits, range: -Double.infinity...Double.infinity, unit: "m")
      setMotor(motor)
      setSpring(spring)
    case .distance(let minLength, let maxLength, let spring):
      type = .distance
      precondition(
        minLength >= 0 && maxLength >= minLength && maxLength > 0,
        "distance joint: expected 0 ≤ minLength ≤ maxLength and maxLength > 0 m, found "
          + "\(minLength)…\(maxLength)")
      lower = minLength
      upper = maxLength
      if minLength == maxLength {
        isRod = true
      } else {
        // A zero minimum can never be violated (the distance is ≥ 0): no row for it.
        enableLower = minLength > 0
        enableUpper = maxLength.isFinite
        setSpring(spring)
      }
    }
  }

  private mutating func setLimits(
    _ limits: JointLimits?, range: ClosedRange<Double>, unit: String
  ) {
    guard let limits else { return }
    precondition(
      limits.lower <= limits.upper && range.contains(limits.lower)
        && range.contains(limits.upper),
      "joint limits: expected lower ≤ upper within \(range) \(unit), found "
        + "\(limits.lower)…\(limits.upper)")
    enableLower = limits.lower.isFinite
    enableUpper = limits.upper.isFinite
    lower = limits.lower
    upper = limits.upper
  }

  private mutating func setMotor(_ motor: JointMotor?) {
    guard let motor else { return }
    precondition(motor.maxForce >= 0, "joint motor: maxForce must be ≥ 0")
    enableMotor = true
    motorSpeed = motor.speed
    maxMotorForce = motor.maxForce
  }

  private mutating func setSpring(_ spring: JointSpring?) {
    guard let spring else { return }
    precondition(
      spring.hertz > 0 && spring.dampingRatio >= 0,
      "joint spring: expected hertz > 0 and dampingRatio ≥ 0, found \(spring.hertz) Hz, "
        + "\(spring.dampingRatio)")
    enableSpring = true
    springHertz = spring.hertz
    springDampingRatio = spring.dampingRatio
    springTarget = spring.target
  }

  /// Multiplies every accumulated impulse by `s`.
  mutating func scaleImpulses(_ s: Double) {
    linearImpulse *= s
    compensationImpulse *= s
    angularImpulse *= s
    springImpulse *= s
    motorImpulse *= s
    lowerImpulse *= s
    upperImpulse *= s
    coneImpulse *= s
    rodImpulse *= s
  }
}

// MARK: - Building and reading joints

extension RigidWorld {
  /// Adds a joint and returns its index (joints are numbered in creation order).
  ///
  /// - Complexity: amortised O(1); the contact filter is re-sorted once, at the next step
  ///   (adding 19 800 joints one by one re-sorted it every time: 3 s of set-up).
  @discardableResult
  public mutating func addJoint(_ def: JointDef) -> Int {
    precondition(
      def.bodyA >= -1 && def.bodyA < bodyCount && def.bodyB >= -1 && def.bodyB < bodyCount,
      "joint bodies \(def.bodyA), \(def.bodyB): expected −1 (world) or an index below "
        + "\(bodyCount)")
    precondition(def.bodyA != def.bodyB, "a joint needs two different bodies, found \(def.bodyA)")
    precondition(
      (def.breakForce ?? 1) > 0 && (def.breakTorque ?? 1) > 0,
      "joint breakForce and breakTorque must be > 0 (N, N·m) or nil")
    precondition(
      def.localAnchorA.isFinite && def.localAnchorB.isFinite, "joint anchors must be finite")
    jointStorage.joints.append(JointConstraint(def))
    jointStorage.defs.append(def)
    jointStorage.filterIsStale = true
    return jointStorage.joints.count - 1
  }

  /// Settings of the joint solver.
  public var jointSettings: JointSettings {
    get { jointStorage.settings }
    set { jointStorage.settings = newValue }
  }

  /// Number of joints, broken ones included.
  public var jointCount: Int { jointStorage.joints.count }

  /// The definition joint `i` was created from.
  public func jointDef(_ i: Int) -> JointDef { jointStorage.defs[i] }

  /// Whether joint `i` has broken, or lost a body that was removed (it then no longer acts,
  /// for good).
  public func isJointBroken(_ i: Int) -> Bool { jointStorage.joints[i].broken }

  /// Mean constraint force (N) and torque (N·m) joint `i` carried over the last step; the
  /// torque counts the rotation rows only (locked rotations, limits, motor, spring of hinges).
  public func jointLoad(_ i: Int) -> (force: Double, torque: Double) {
    (jointStorage.joints[i].force, jointStorage.joints[i].torque)
  }

  /// World positions of joint `i`'s anchor on A and on B (m); they coincide (up to the
  /// solver's error) for every joint but a distance joint.
  public func jointWorldAnchors(_ i: Int) -> (a: Vec3, b: Vec3) {
    let j = jointStorage.joints[i].attachment
    let g = jointGeometry(j)
    return (g.rA + (j.a >= 0 ? positions[j.a] : .zero), g.rB + (j.b >= 0 ? positions[j.b] : .zero))
  }

  /// True when an unbroken joint without `collideConnected` links bodies `a` and `b`, so their
  /// contacts are skipped.
  ///
  /// - Complexity: O(log j) for j joints (binary search of a sorted array); O(j) between
  ///   adding joints and the next step.
  func jointFiltersPair(_ a: Int, _ b: Int) -> Bool {
    if jointStorage.filterIsStale {
      // Joints added since the last step: not sorted yet (the step sorts them), so look.
      return jointStorage.joints.contains {
        !$0.broken && !$0.collideConnected && (($0.a == a && $0.b == b) || ($0.a == b && $0.b == a))
      }
    }
    let keys = jointStorage.filteredPairs
    if keys.isEmpty { return false }
    let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
    var lo = 0, hi = keys.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if keys[mid] < key { lo = mid + 1 } else { hi = mid }
    }
    return lo < keys.count && keys[lo] == key
  }

  /// Calls `body` with the two body indices (−1 for the world) of every unbroken joint, in
  /// creation order (islands for sleeping).
  func forEachJointPair(_ body: (Int, Int) -> Void) {
    for j in jointStorage.joints where !j.broken { body(j.a, j.b) }
  }

  /// Rebuilds the sorted pair filter; only when a joint is added or breaks.
  mutating func rebuildJointFilter() {
    var keys: [UInt64] = []
    for j in jointStorage.joints where !j.broken && !j.collideConnected && j.a >= 0 && j.b >= 0 {
      keys.append(UInt64(min(j.a, j.b)) << 32 | UInt64(max(j.a, j.b)))
    }
    keys.sort()
    jointStorage.filteredPairs = keys
    jointStorage.filterIsStale = false
  }

  // MARK: - Solver steps (called by `step`)

  /// Per step: soft coefficients for substep h, warm-start impulses rescaled to h.
  mutating func prepareJoints(h: Double) {
    guard !jointStorage.joints.isEmpty else { return }
    let settings = jointStorage.settings
    jointStorage.softness = Softness(
      hertz: min(settings.hertz, 0.25 / h), dampingRatio: settings.dampingRatio, h: h)
    // Impulses per substep scale with its length when the force stays the same.
    let ratio = jointStorage.lastSubstep > 0 ? h / jointStorage.lastSubstep : 1
    let scale = settings.warmStarting ? ratio : 0
    jointStorage.lastSubstep = h
    jointStorage.firstSubstep = true
    var anyRemoved = false
    for k in jointStorage.joints.indices where !jointStorage.joints[k].broken {
      var j = jointStorage.joints[k]
      // A joint to a removed body (one that shattered) goes with it, silently: the fracture
      // is the event.
      if (j.a >= 0 && !isEnabled[j.a]) || (j.b >= 0 && !isEnabled[j.b]) {
        j.broken = true
        j.scaleImpulses(0)
        jointStorage.joints[k] = j
        anyRemoved = true
        continue
      }
      if j.enableSpring {
        j.springSoftness = Softness(hertz: j.springHertz, dampingRatio: j.springDampingRatio, h: h)
      }
      if scale != 1 { j.scaleImpulses(scale) }
      j.stepForceImpulse = .zero
      j.stepTorqueImpulse = .zero
      j.substepForceImpulse = .zero
      j.substepTorqueImpulse = .zero
      jointStorage.joints[k] = j
    }
    if anyRemoved { rebuildJointFilter() }
    colorJoints()
  }

  /// Greedy graph colouring of the unbroken joints, as for contacts: a joint takes the lowest
  /// colour that neither of its moving bodies has yet (the world, static and sleeping bodies
  /// do not count), so the joints of one colour share no moving body and may be solved on two
  /// threads at once. The solve order is by colour on any thread count, so the result does not
  /// depend on it. Colour 63 takes what no colour could and runs on one thread.
  mutating func colorJoints() {
    let n = bodyCount
    if jointStorage.bodyColors.count != n {
      jointStorage.bodyColors = [UInt64](repeating: 0, count: n)
    } else {
      for i in 0..<n { jointStorage.bodyColors[i] = 0 }
    }
    let overflow = 63
    var counts = [Int32](repeating: 0, count: 65)
    var colors = [UInt8](repeating: 0, count: jointStorage.joints.count)
    for (k, j) in jointStorage.joints.enumerated() where !j.broken {
      let movingA = j.a >= 0 && solverInverseMasses[j.a] > 0
      let movingB = j.b >= 0 && solverInverseMasses[j.b] > 0
      var used: UInt64 = 0
      if movingA { used |= jointStorage.bodyColors[j.a] }
      if movingB { used |= jointStorage.bodyColors[j.b] }
      let free = ~used & ((1 << UInt64(overflow)) - 1)
      let color = free == 0 ? overflow : free.trailingZeroBitCount
      if color < overflow {
        if movingA { jointStorage.bodyColors[j.a] |= 1 << UInt64(color) }
        if movingB { jointStorage.bodyColors[j.b] |= 1 << UInt64(color) }
      }
      colors[k] = UInt8(color)
      counts[color + 1] += 1
    }
    var offsets: [Int32] = [0]
    for c in 0..<64 { offsets.append(offsets[c] + counts[c + 1]) }
    var cursor = Array(offsets.dropLast())
    var order = [Int32](repeating: 0, count: Int(offsets[64]))
    for (k, j) in jointStorage.joints.enumerated() where !j.broken {
      let c = Int(colors[k])
      order[Int(cursor[c])] = Int32(k)
      cursor[c] += 1
    }
    jointStorage.order = order
    jointStorage.colorOffsets = offsets
  }

  /// Per substep, after gravity: applies the accumulated impulses again.
  mutating func warmStartJoints() {
    guard !jointStorage.joints.isEmpty else { return }
    let first = jointStorage.firstSubstep
    jointStorage.firstSubstep = false
    withJointPass { pass in
      pass.forEachColored { k in
        let j = pass.joints.baseAddress.unsafelyUnwrapped + k
        if !first {
          j.pointee.stepForceImpulse += j.pointee.substepForceImpulse
          j.pointee.stepTorqueImpulse += j.pointee.substepTorqueImpulse
        }
        j.pointee.substepForceImpulse = .zero
        j.pointee.substepTorqueImpulse = .zero
        let at = j.pointee.attachment
        var s = pass.bodies(at.a, at.b)
        let g = pass.geometry(at)
        if j.pointee.type == .ballSocket && !j.pointee.enableCone && !j.pointee.enableLimit {
          j.pointee.anchorInverse = AngularResponse(anchorOnly: s, g).pointInverse
        }
        j.pointee.warmStart(g, &s)
        pass.store(at.a, at.b, s)
      }
    }
  }

  /// One pass over every joint's rows, in creation order; `useBias` false is the relax pass.
  mutating func solveJoints(h: Double, useBias: Bool) {
    guard !jointStorage.joints.isEmpty else { return }
    let softness = jointStorage.softness
    withJointPass { pass in
      pass.forEachColored { k in
        let j = pass.joints.baseAddress.unsafelyUnwrapped + k
        let at = j.pointee.attachment
        var s = pass.bodies(at.a, at.b)
        j.pointee.solve(pass.geometry(at), &s, h: h, useBias: useBias, softness: softness)
        pass.store(at.a, at.b, s)
      }
    }
  }

  /// Runs `body` with unchecked access to the joints and the body state a joint pass touches.
  mutating func withJointPass(_ body: (JointPass) -> Void) {
    let order = jointStorage.order
    let offsets = jointStorage.colorOffsets
    let threads = settings.threads
    let positionsCopy = positions
    let orientationsCopy = orientations
    let inverseMass = solverInverseMasses
    let inertia = inverseInertiaWorld
    order.withUnsafeBufferPointer { orderBuffer in
      positionsCopy.withUnsafeBufferPointer { pos in
        orientationsCopy.withUnsafeBufferPointer { rot in
          inverseMass.withUnsafeBufferPointer { im in
            inertia.withUnsafeBufferPointer { ii in
              jointStorage.joints.withUnsafeMutableBufferPointer { js in
                linearVelocities.withUnsafeMutableBufferPointer { v in
                  angularVelocities.withUnsafeMutableBufferPointer { w in
                    body(
                      JointPass(
                        joints: js, order: orderBuffer, colorOffsets: offsets, threads: threads,
                        linear: v, angular: w, inverseMass: im, inverseInertia: ii,
                        positions: pos, orientations: rot))
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// After the substeps: each joint's mean force and torque over the step; joints over their
  /// break force or torque break for good and are reported.
  mutating func finishJoints(dt: Double, time: Double, events: inout [Event]) {
    guard !jointStorage.joints.isEmpty else { return }
    var anyBroke = false
    for k in jointStorage.joints.indices where !jointStorage.joints[k].broken {
      var j = jointStorage.joints[k]
      j.stepForceImpulse += j.substepForceImpulse
      j.stepTorqueImpulse += j.substepTorqueImpulse
      j.force = j.stepForceImpulse.length / dt
      j.torque = j.stepTorqueImpulse.length / dt
      if j.force > j.breakForce || j.torque > j.breakTorque {
        j.broken = true
        j.scaleImpulses(0)
        anyBroke = true
        let g = jointGeometry(j.attachment)
        events.append(
          .jointBreak(
            JointBreakEvent(
              time: time + dt, joint: k, a: j.a >= 0 ? entities[j.a] : .ground,
              b: j.b >= 0 ? entities[j.b] : .ground,
              point: g.rA + (j.a >= 0 ? positions[j.a] : .zero), force: j.force)))
      }
      jointStorage.joints[k] = j
    }
    if anyBroke { rebuildJointFilter() }
  }

  // MARK: - Gather and scatter

  /// The joint's current geometry from the bodies' poses (the world is the identity pose).
  @inline(__always)
  func jointGeometry(_ j: JointAttachment) -> JointGeometry {
    JointGeometry(
      j, qA: j.a >= 0 ? orientations[j.a] : .identity,
      qB: j.b >= 0 ? orientations[j.b] : .identity, xA: j.a >= 0 ? positions[j.a] : .zero,
      xB: j.b >= 0 ? positions[j.b] : .zero)
  }

}

/// One pass over the joints, colour by colour: unchecked views of the joints and of the body
/// state they read and write. Joints of one colour share no moving body, so a colour may be
/// split between two threads without changing any result.
struct JointPass {
  let joints: UnsafeMutableBufferPointer<JointConstraint>
  let order: UnsafeBufferPointer<Int32>
  let colorOffsets: [Int32]
  let threads: Int
  let linear: UnsafeMutableBufferPointer<Vec3>
  let angular: UnsafeMutableBufferPointer<Vec3>
  let inverseMass: UnsafeBufferPointer<Double>
  let inverseInertia: UnsafeBufferPointer<Matrix3>
  let positions: UnsafeBufferPointer<Vec3>
  let orientations: UnsafeBufferPointer<Quaternion>

  /// Calls `work` with the index of every unbroken joint in solve order. A colour of 1024
  /// joints or more is split between two threads when `threads` > 1 (a joint solve takes
  /// ~0.1 µs; waking a second thread ~10–20 µs).
  func forEachColored(_ work: (Int) -> Void) {
    for color in 0..<(colorOffsets.count - 1) {
      let lo = Int(colorOffsets[color]), hi = Int(colorOffsets[color + 1])
      if threads > 1 && hi - lo >= 1024 && color < 63 {
        DispatchQueue.concurrentPerform(iterations: 2) { t in
          let mid = lo + (hi - lo) / 2
          for i in (t == 0 ? lo..<mid : mid..<hi) { work(Int(order[i])) }
        }
      } else {
        for i in lo..<hi { work(Int(order[i])) }
      }
    }
  }

  /// The joint's current geometry from the bodies' poses (the world is the identity pose).
  @inline(__always)
  func geometry(_ j: JointAttachment) -> JointGeometry {
    JointGeometry(
      j, qA: j.a >= 0 ? orientations[j.a] : .identity,
      qB: j.b >= 0 ? orientations[j.b] : .identity, xA: j.a >= 0 ? positions[j.a] : .zero,
      xB: j.b >= 0 ? positions[j.b] : .zero)
  }

  /// The two bodies' velocities and this step's solver masses (a sleeping body acts static).
  @inline(__always)
  func bodies(_ a: Int, _ b: Int) -> JointBodies {
    JointBodies(
      vA: a >= 0 ? linear[a] : .zero, wA: a >= 0 ? angular[a] : .zero,
      vB: b >= 0 ? linear[b] : .zero, wB: b >= 0 ? angular[b] : .zero,
      mA: a >= 0 ? inverseMass[a] : 0, mB: b >= 0 ? inverseMass[b] : 0,
      iA: a >= 0 ? inverseInertia[a] : .zero, iB: b >= 0 ? inverseInertia[b] : .zero)
  }

  /// Writes back the velocities of moving bodies.
  @inline(__always)
  func store(_ a: Int, _ b: Int, _ s: JointBodies) {
    if a >= 0 && inverseMass[a] > 0 {
      linear[a] = s.vA
      angular[a] = s.wA
    }
    if b >= 0 && inverseMass[b] > 0 {
      linear[b] = s.vB
      angular[b] = s.wB
    }
  }
}
