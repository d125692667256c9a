import DioramaCore

/// Everything needed to create one joint between two bodies (or a body and the static world).
/// A description, not state: `RigidWorld.addJoint(_:)` turns it into solver storage.
///
/// Anchors and frames are given in each body's local frame, measured from the body's centre of
/// mass (the point `RigidWorld.positions` tracks), not from its shape origin: should a body's
/// centre of mass ever sit away from its shape origin, an anchor on the shape is
/// `shape point − centre-of-mass offset`. The builders below take world points and do this from
/// the current poses. For the world (body index −1) the local frame is the world frame.
///
/// Each joint has a frame on each body (`localFrameA`, `localFrameB`): its x axis is the hinge
/// axis, the slider axis, or the twist axis of a ball-and-socket joint. The joint's angle and
/// translation are zero in the pose where the two frames coincide, which the builders below
/// make the pose the bodies have when the joint is built.
///
/// ```swift
/// var world = RigidWorld()
/// let door = world.addBody(RigidBodyDef(
///   shape: .box(halfExtents: Vec3(0.4, 0.02, 1)), transform: Transform(position: Vec3(0.4, 0, 1)),
///   mass: 20, entity: .object(0)))
/// world.addJoint(.hinge(
///   world: world, bodyA: -1, bodyB: door, anchor: Vec3(0, 0, 1), axis: Vec3(0, 0, 1),
///   limits: JointLimits(lower: 0, upper: 2)))
/// ```
public struct JointDef: Sendable, Hashable {
  /// What the joint allows and what it drives.
  public enum Kind: Sendable, Hashable {
    /// Weld: no relative motion at all.
    case fixed
    /// Revolute: rotation about the frames' x axis only. Limits and spring target in radians
    /// (within −π…π), motor speed in rad/s and motor torque in N·m.
    case hinge(limits: JointLimits?, motor: JointMotor?, spring: JointSpring?)
    /// Spherical: the anchors coincide, any rotation. `swingLimit` is the half-angle of the cone
    /// (rad, 0…π) the twist axis (frame x) of B may sweep about A's; `twistLimits` bound the
    /// rotation about the twist axis (rad, within −π…π).
    case ballSocket(swingLimit: Double?, twistLimits: JointLimits?)
    /// Prismatic: translation along the frames' x axis only, no rotation. Limits and spring
    /// target in metres, motor speed in m/s and motor force in N.
    case slider(limits: JointLimits?, motor: JointMotor?, spring: JointSpring?)
    /// The anchors keep their distance within `minLength…maxLength` (m; `maxLength` may be
    /// infinite). Equal lengths make a rigid rod (a spring is then ignored); `minLength` 0
    /// makes a rope. With a spring, the distance is pulled towards `spring.target` (the rest
    /// length, m) and the lengths act as limits.
    case distance(minLength: Double, maxLength: Double, spring: JointSpring?)
  }

  public var kind: Kind
  /// Body index of A, or −1 for the static world.
  public var bodyA: Int
  /// Body index of B, or −1 for the static world.
  public var bodyB: Int
  /// Anchor on A: A's body frame, relative to A's centre of mass (m); a world point for −1.
  public var localAnchorA: Vec3
  /// Anchor on B: B's body frame, relative to B's centre of mass (m); a world point for −1.
  public var localAnchorB: Vec3
  /// Orientation of the joint frame in A's body frame (world frame for −1).
  public var localFrameA: Quaternion
  /// Orientation of the joint frame in B's body frame (world frame for −1).
  public var localFrameB: Quaternion
  /// Whether the two bodies still collide with each other. Default false.
  public var collideConnected: Bool
  /// Mean constraint force over a step (N) above which the joint breaks for good; nil never.
  public var breakForce: Double?
  /// Mean constraint torque over a step (N·m) above which the joint breaks for good; nil never.
  public var breakTorque: Double?

  public init(
    kind: Kind, bodyA: Int, bodyB: Int, localAnchorA: Vec3, localAnchorB: Vec3,
    localFrameA: Quaternion = .identity, localFrameB: Quaternion = .identity,
    collideConnected: Bool = false, breakForce: Double? = nil, breakTorque: Double? = nil
  ) {
    self.kind = kind
    self.bodyA = bodyA
    self.bodyB = bodyB
    self.localAnchorA = localAnchorA
    self.localAnchorB = localAnchorB
    self.localFrameA = localFrameA
    self.localFrameB = localFrameB
    self.collideConnected = collideConnected
    self.breakForce = breakForce
    self.breakTorque = breakTorque
  }
}

/// Lower and upper bound of a joint coordinate: an angle (rad) or a translation (m).
public struct JointLimits: Sendable, Hashable {
  public var lower: Double
  public var upper: Double

  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }
}

/// A velocity motor: drives the joint coordinate's rate to `speed` (rad/s or m/s) with at most
/// `maxForce` (N·m for hinges, N for sliders).
public struct JointMotor: Sendable, Hashable {
  public var speed: Double
  public var maxForce: Double

  public init(speed: Double, maxForce: Double) {
    self.speed = speed
    self.maxForce = maxForce
  }
}

/// A spring-damper on the joint coordinate, given as the natural frequency of the joint with
/// the bodies' effective mass (Hz) and a damping ratio (1 = critical), pulling towards `target`
/// (rad for hinges; m for sliders and, as the rest length, for distance joints).
public struct JointSpring: Sendable, Hashable {
  public var hertz: Double
  public var dampingRatio: Double
  public var target: Double

  public init(hertz: Double, dampingRatio: Double, target: Double = 0) {
    self.hertz = hertz
    self.dampingRatio = dampingRatio
    self.target = target
  }
}

// MARK: - Builders from a world anchor and axis

extension JointDef {
  /// A weld holding A and B in their current relative pose, anchored at `anchor` (world, m).
  /// The anchor is where the force is measured for breaking; it does not change the motion.
  public static func fixed(world: RigidWorld, bodyA: Int, bodyB: Int, anchor: Vec3) -> JointDef {
    make(.fixed, world, bodyA, bodyB, anchor, anchor, axis: Vec3(1, 0, 0))
  }

  /// A hinge through `anchor` (world, m) about `axis` (world, normalised here); angle zero is
  /// the current pose, positive angles turn B about `axis` relative to A (right hand).
  public static func hinge(
    world: RigidWorld, bodyA: Int, bodyB: Int, anchor: Vec3, axis: Vec3,
    limits: JointLimits? = nil, motor: JointMotor? = nil, spring: JointSpring? = nil
  ) -> JointDef {
    make(
      .hinge(limits: limits, motor: motor, spring: spring), world, bodyA, bodyB, anchor, anchor,
      axis: axis)
  }

  /// A ball-and-socket joint at `anchor` (world, m). `twistAxis` (world) is the cone's axis
  /// and the axis twist is measured about; it only matters with limits.
  public static func ballSocket(
    world: RigidWorld, bodyA: Int, bodyB: Int, anchor: Vec3, twistAxis: Vec3 = Vec3(0, 0, 1),
    swingLimit: Double? = nil, twistLimits: JointLimits? = nil
  ) -> JointDef {
    make(
      .ballSocket(swingLimit: swingLimit, twistLimits: twistLimits), world, bodyA, bodyB, anchor,
      anchor, axis: twistAxis)
  }

  /// A slider along `axis` (world) through `anchor` (world, m); translation zero is the
  /// current pose, positive moves B along `axis` relative to A.
  public static func slider(
    world: RigidWorld, bodyA: Int, bodyB: Int, anchor: Vec3, axis: Vec3,
    limits: JointLimits? = nil, motor: JointMotor? = nil, spring: JointSpring? = nil
  ) -> JointDef {
    make(
      .slider(limits: limits, motor: motor, spring: spring), world, bodyA, bodyB, anchor, anchor,
      axis: axis)
  }

  /// A distance joint between `anchorA` on A and `anchorB` on B (world points, m). Without a
  /// spring, the lengths default to the current distance (a rigid rod; pass `minLength: 0`
  /// for a rope); with one, to 0…∞ (the spring alone, towards `spring.target`).
  public static func distance(
    world: RigidWorld, bodyA: Int, bodyB: Int, anchorA: Vec3, anchorB: Vec3,
    minLength: Double? = nil, maxLength: Double? = nil, spring: JointSpring? = nil
  ) -> JointDef {
    let length = (anchorB - anchorA).length
    let range = spring == nil ? (length, length) : (0, Double.infinity)
    return make(
      .distance(
        minLength: minLength ?? range.0, maxLength: maxLength ?? range.1, spring: spring),
      world, bodyA, bodyB, anchorA, anchorB, axis: Vec3(1, 0, 0))
  }

  /// Expresses world anchors and a world axis in each body's frame from the current poses.
  static func make(
    _ kind: Kind, _ world: RigidWorld, _ a: Int, _ b: Int, _ anchorA: Vec3, _ anchorB: Vec3,
    axis: Vec3
  ) -> JointDef {
    precondition(
      a >= -1 && a < world.bodyCount && b >= -1 && b < world.bodyCount,
      "joint bodies \(a), \(b): expected −1 (world) or an index below \(world.bodyCount)")
    let frame = Quaternion(rotating: Vec3(1, 0, 0), to: axis)
    // Centre-of-mass frames, not shape frames: anchors are relative to the centre of mass.
    let poseA =
      a >= 0 ? Transform(position: world.positions[a], rotation: world.orientations[a]) : .identity
    let poseB =
      b >= 0 ? Transform(position: world.positions[b], rotation: world.orientations[b]) : .identity
    return JointDef(
      kind: kind, bodyA: a, bodyB: b, localAnchorA: poseA.inverseApply(anchorA),
      localAnchorB: poseB.inverseApply(anchorB),
      localFrameA: (poseA.rotation.conjugate * frame).normalized,
      localFrameB: (poseB.rotation.conjugate * frame).normalized)
  }
}

extension Quaternion {
  /// The shortest rotation taking direction `u` to direction `v` (both normalised here):
  /// q = normalise(1 + u·v, u × v), which halves the angle; for opposite directions, a half
  /// turn about any axis orthogonal to `u`.
  init(rotating u: Vec3, to v: Vec3) {
    let a = u.normalized, b = v.normalized
    precondition(a != .zero && b != .zero, "a joint axis must be a non-zero vector")
    let c = a.dot(b)
    if c < -1 + 1e-12 {
      let n = a.anyOrthogonal
      self.init(w: 0, x: n.x, y: n.y, z: n.z)
      return
    }
    let n = a.cross(b)
    self = Quaternion(w: 1 + c, x: n.x, y: n.y, z: n.z).normalized
  }
}
