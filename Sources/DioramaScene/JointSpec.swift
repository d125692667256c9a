import DioramaCore

/// Kinds of joint (file key `kind`).
public enum JointKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Welds `a` to `b` at `anchor`: no relative motion.
  case fixed
  /// Rotation about `axis` through `anchor` only (a door hinge, a wheel axle).
  case hinge
  /// Rotation about `anchor` in every direction (a ball-and-socket); `cone` limits the swing.
  case ball
  /// Translation along `axis` only, no rotation (a drawer, a piston).
  case slider
  /// Keeps the anchors `length` apart (a massless rod), or softly so with `spring`.
  case distance
  /// Keeps the anchors at most `max_length` apart; slack below (a rope, a chain).
  case rope

  /// Whether `axis` is required.
  public var needsAxis: Bool { self == .hinge || self == .slider }
  /// Whether the joint is placed by one `anchor` (else by `anchor_a` and `anchor_b`).
  public var usesSingleAnchor: Bool { self != .distance && self != .rope }
  /// Whether the joint can carry a torque, and so take `break_torque`.
  public var carriesTorque: Bool { self == .fixed || self == .hinge || self == .slider }
}

/// A closed interval `[lower, upper]` (file: a two-element list).
public struct JointRange: Codable, Hashable, Sendable {
  public var lower: Double
  public var upper: Double

  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  public init(from decoder: any Decoder) throws {
    var c = try decoder.unkeyedContainer()
    lower = try c.decode(Double.self)
    upper = try c.decode(Double.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    try c.encode(lower)
    try c.encode(upper)
  }
}

/// Drives a hinge (angular) or slider (linear) toward a relative speed with a bounded effort.
///
/// ```yaml
/// motor: {speed: 3.14, max_torque: 20}    # hinge: rad/s and N·m
/// motor: {speed: 0.2, max_force: 100}     # slider: m/s and N
/// ```
public struct JointMotorSpec: Codable, Hashable, Sendable {
  /// Target speed of `a` relative to `b`: rad/s about the axis (hinge), m/s along it (slider).
  public var speed: Double
  /// Largest torque the motor applies (N·m), > 0; hinges only (file: `max_torque`).
  public var maxTorque: Double?
  /// Largest force the motor applies (N), > 0; sliders only (file: `max_force`).
  public var maxForce: Double?

  public init(speed: Double, maxTorque: Double? = nil, maxForce: Double? = nil) {
    self.speed = speed
    self.maxTorque = maxTorque
    self.maxForce = maxForce
  }

  enum CodingKeys: String, CodingKey {
    case speed, maxTorque = "max_torque", maxForce = "max_force"
  }
}

/// Makes a joint's free coordinate springy: a damped harmonic oscillator toward its rest value
/// (hinge angle 0 and slider offset 0, i.e. the initial pose; a distance joint's `length`).
///
/// ```yaml
/// spring: {hertz: 2, damping_ratio: 0.3}
/// ```
public struct JointSpringSpec: Codable, Hashable, Sendable {
  /// Natural frequency (Hz), > 0.
  public var hertz: Double
  /// Damping ratio (dimensionless), ≥ 0: 0 rings forever, 1 is critical (no overshoot).
  public var dampingRatio: Double

  /// Damping ratio when the file leaves it out: a little overshoot, then settled.
  public static let defaultDampingRatio = 0.7

  public init(hertz: Double, dampingRatio: Double = JointSpringSpec.defaultDampingRatio) {
    self.hertz = hertz
    self.dampingRatio = dampingRatio
  }

  enum CodingKeys: String, CodingKey {
    case hertz, dampingRatio = "damping_ratio"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    hertz = try c.decode(Double.self, forKey: .hertz)
    dampingRatio =
      try c.decodeIfPresent(Double.self, forKey: .dampingRatio) ?? Self.defaultDampingRatio
  }
}

/// A joint between two objects, or between an object and the world (file section `joints`).
///
/// Every point and direction is given in world coordinates at t = 0; the joint keeps the
/// relative pose the two bodies have then. Angles and offsets are those of `a` relative to `b`
/// (right hand about `axis`; along `axis` for a slider), 0 in the initial pose, so a door `a`
/// hinged to the world `b` reports the door's own angle. (`DioramaRigid.JointDef` measures B
/// relative to A: `a` maps to its `bodyB`, `b` to its `bodyA`, the world to −1.) Stored in SI
/// units (radians, metres); the file may give angles in degrees with the `_deg` keys.
///
/// ```yaml
/// joints:
///   - {name: door hinge, kind: hinge, a: door, b: world, anchor: [0.5, 0, 1],
///      axis: [0, 0, 1], limits_deg: [-90, 0], spring: {hertz: 1, damping_ratio: 0.5}}
///   - {name: lamp cord, kind: rope, a: lamp, b: world, anchor_b: [0, 0, 3]}
/// ```
public struct JointSpec: Codable, Hashable, Sendable {
  /// Unique among joints (file default `joint1`, `joint2`, …); `Event.jointBreak` uses the
  /// joint's index in this list.
  public var name: String
  /// What the joint allows.
  public var kind: JointKind
  /// The first body: an object name.
  public var a: String
  /// The second body: an object name, or ``JointSpec/world`` for the static world frame.
  public var b: String
  /// The joint's point (m, world, t = 0): fixed, hinge, ball, slider.
  public var anchor: Vec3?
  /// Where the joint holds `a` (m, world, t = 0): distance and rope; nil means a's position
  /// (file: `anchor_a`).
  public var anchorA: Vec3?
  /// Where the joint holds `b` (m, world, t = 0): distance and rope; nil means b's position,
  /// required when `b` is the world (file: `anchor_b`).
  public var anchorB: Vec3?
  /// Unit direction (world, t = 0): the hinge axis, the slider axis, or a ball joint's cone
  /// axis. Normalised on load.
  public var axis: Vec3?
  /// Hinge angle limits (rad, within −π...π) or slider offset limits (m); lower ≤ upper
  /// (file: `limits` in SI units, or `limits_deg` in degrees for a hinge).
  public var limits: JointRange?
  /// Ball joint: largest angle (rad, 0...π) between the cone axis and its initial direction
  /// (file: `cone` in rad, or `cone_deg`). The cone axis is `axis`, or else the direction
  /// from `anchor` to a's position at t = 0.
  public var cone: Double?
  /// Hinge or slider motor.
  public var motor: JointMotorSpec?
  /// Hinge, slider or distance spring.
  public var spring: JointSpringSpec?
  /// Distance joint rest length (m), > 0; nil means the anchors' distance at t = 0.
  public var length: Double?
  /// Distance joint: shortest allowed length (m), ≥ 0 (file: `min_length`).
  public var minLength: Double?
  /// Distance or rope: longest allowed length (m), > 0; a rope's nil means the anchors'
  /// distance at t = 0 (file: `max_length`).
  public var maxLength: Double?
  /// The joint breaks when its constraint force exceeds this (N), > 0; nil: unbreakable
  /// (file: `break_force`).
  public var breakForce: Double?
  /// The joint breaks when its constraint torque exceeds this (N·m), > 0: fixed, hinge,
  /// slider (file: `break_torque`).
  public var breakTorque: Double?
  /// Whether `a` and `b` still collide with each other (file: `collide_connected`).
  public var collideConnected: Bool

  /// The name `b` takes for the static world frame.
  public static let world = "world"

  public init(
    name: String, kind: JointKind, a: String, b: String, anchor: Vec3? = nil,
    anchorA: Vec3? = nil, anchorB: Vec3? = nil, axis: Vec3? = nil, limits: JointRange? = nil,
    cone: Double? = nil, motor: JointMotorSpec? = nil, spring: JointSpringSpec? = nil,
    length: Double? = nil, minLength: Double? = nil, maxLength: Double? = nil,
    breakForce: Double? = nil, breakTorque: Double? = nil, collideConnected: Bool = false
  ) {
    self.name = name
    self.kind = kind
    self.a = a
    self.b = b
    self.anchor = anchor
    self.anchorA = anchorA
    self.anchorB = anchorB
    self.axis = axis
    self.limits = limits
    self.cone = cone
    self.motor = motor
    self.spring = spring
    self.length = length
    self.minLength = minLength
    self.maxLength = maxLength
    self.breakForce = breakForce
    self.breakTorque = breakTorque
    self.collideConnected = collideConnected
  }

  /// True when `b` is the world frame.
  public var isToWorld: Bool { b == Self.world }

  /// The two attachment points (m, world, t = 0): `anchor` twice for the single-anchor kinds;
  /// `anchor_a` ?? a's position and `anchor_b` ?? b's position for distance and rope. Nil when
  /// an object is missing or a required anchor is not given.
  public func anchors(in scene: SceneSpec) -> (a: Vec3, b: Vec3)? {
    if kind.usesSingleAnchor { return anchor.map { ($0, $0) } }
    guard let i = scene.object(named: a) else { return nil }
    let pa = anchorA ?? scene.objects[i].position
    if let pb = anchorB { return (pa, pb) }
    guard !isToWorld, let j = scene.object(named: b) else { return nil }
    return (pa, scene.objects[j].position)
  }

  /// Distance-joint rest length or rope length (m): `length` (distance) or `max_length`
  /// (rope), else the anchors' distance at t = 0.
  public func restLength(in scene: SceneSpec) -> Double? {
    if kind == .distance, let length { return length }
    if kind == .rope, let maxLength { return maxLength }
    guard kind == .distance || kind == .rope, let p = anchors(in: scene) else { return nil }
    return (p.b - p.a).length
  }

  /// The range the anchors' distance is held in (m), for distance and rope joints:
  /// - rope: [0, rest length];
  /// - distance without a spring: [`min_length` ?? rest, `max_length` ?? rest], so `length`
  ///   alone is a rigid rod and `min_length`/`max_length` alone leave it free between them;
  /// - distance with a spring (pulling towards the rest length): [`min_length` ?? 0,
  ///   `max_length` ?? +∞].
  /// Nil for other kinds, or when the rest length cannot be resolved.
  public func lengthLimits(in scene: SceneSpec) -> JointRange? {
    guard let rest = restLength(in: scene) else { return nil }
    switch kind {
    case .rope:
      return JointRange(lower: 0, upper: rest)
    case .distance where spring == nil:
      return JointRange(lower: minLength ?? rest, upper: maxLength ?? rest)
    case .distance:
      return JointRange(lower: minLength ?? 0, upper: maxLength ?? .infinity)
    default:
      return nil
    }
  }

  /// A ball joint's cone axis (unit, world, t = 0): `axis`, else the direction from `anchor` to
  /// a's position; nil when there is no cone or the direction is undefined.
  public func coneAxis(in scene: SceneSpec) -> Vec3? {
    guard kind == .ball, cone != nil else { return nil }
    if let axis { return axis.normalized }
    guard let anchor, let i = scene.object(named: a) else { return nil }
    let d = scene.objects[i].position - anchor
    return d.length > 0 ? d.normalized : nil
  }

  enum CodingKeys: String, CodingKey {
    case name, kind, a, b, anchor
    case anchorA = "anchor_a"
    case anchorB = "anchor_b"
    case axis, limits, cone, motor, spring, length
    case minLength = "min_length"
    case maxLength = "max_length"
    case breakForce = "break_force"
    case breakTorque = "break_torque"
    case collideConnected = "collide_connected"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    kind = try c.decode(JointKind.self, forKey: .kind)
    a = try c.decode(String.self, forKey: .a)
    b = try c.decode(String.self, forKey: .b)
    anchor = try c.decodeIfPresent(Vec3.self, forKey: .anchor)
    anchorA = try c.decodeIfPresent(Vec3.self, forKey: .anchorA)
    anchorB = try c.decodeIfPresent(Vec3.self, forKey: .anchorB)
    axis = try c.decodeIfPresent(Vec3.self, forKey: .axis)
    limits = try c.decodeIfPresent(JointRange.self, forKey: .limits)
    cone = try c.decodeIfPresent(Double.self, forKey: .cone)
    motor = try c.decodeIfPresent(JointMotorSpec.self, forKey: .motor)
    spring = try c.decodeIfPresent(JointSpringSpec.self, forKey: .spring)
    length = try c.decodeIfPresent(Double.self, forKey: .length)
    minLength = try c.decodeIfPresent(Double.self, forKey: .minLength)
    maxLength = try c.decodeIfPresent(Double.self, forKey: .maxLength)
    breakForce = try c.decodeIfPresent(Double.self, forKey: .breakForce)
    breakTorque = try c.decodeIfPresent(Double.self, forKey: .breakTorque)
    collideConnected = try c.decodeIfPresent(Bool.self, forKey: .collideConnected) ?? false
  }
}
