/// Identifies a thing in the world across solvers and the recording: index `i` of the scene's
/// objects, or an environment surface (ground, wall `k`).
@frozen
public struct EntityID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
  /// Objects are 0..<objectCount; the ground is `-1`; wall k is `-2 - k`.
  public var rawValue: Int32

  @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

  public static func object(_ index: Int) -> EntityID { EntityID(rawValue: Int32(index)) }
  public static let ground = EntityID(rawValue: -1)
  public static func wall(_ index: Int) -> EntityID { EntityID(rawValue: Int32(-2 - index)) }

  /// The object index, or nil for environment surfaces.
  @inlinable public var objectIndex: Int? { rawValue >= 0 ? Int(rawValue) : nil }
  /// The wall index, or nil.
  @inlinable public var wallIndex: Int? { rawValue <= -2 ? Int(-2 - rawValue) : nil }

  public static func < (a: EntityID, b: EntityID) -> Bool { a.rawValue < b.rawValue }

  public var description: String {
    if let i = objectIndex { return "object[\(i)]" }
    if let k = wallIndex { return "wall[\(k)]" }
    return "ground"
  }
}

/// The phase of a contact between two entities, as a solver reports it.
public enum ContactPhase: String, Codable, Sendable {
  /// The two touched this step and did not the step before: an impact.
  case begin
  /// The two were touching the step before and still are: sliding or rolling.
  case sustain
  /// The two were touching the step before and are apart now.
  case end
}

/// One contact report from a solver, in world coordinates and SI units.
public struct ContactEvent: Hashable, Codable, Sendable {
  /// Time of the contact (s). For `begin`, the time of first touch found by interpolating
  /// the approach within the step, not the step's end.
  public var time: Double
  public var phase: ContactPhase
  public var a: EntityID
  public var b: EntityID
  /// Contact point (m).
  public var point: Vec3
  /// Contact normal, pointing from `b` to `a`.
  public var normal: Vec3
  /// Normal impulse delivered over the step (N·s).
  public var normalImpulse: Double
  /// Relative approach speed along the normal just before contact (m/s, ≥ 0).
  public var normalSpeed: Double
  /// Relative tangential (sliding) speed at the contact point (m/s).
  public var tangentSpeed: Double
  /// Rolling speed: |ω| × radius of the rolling body, or 0 (m/s).
  public var rollingSpeed: Double

  public init(
    time: Double, phase: ContactPhase, a: EntityID, b: EntityID, point: Vec3, normal: Vec3,
    normalImpulse: Double, normalSpeed: Double, tangentSpeed: Double, rollingSpeed: Double = 0
  ) {
    self.time = time
    self.phase = phase
    self.a = a
    self.b = b
    self.point = point
    self.normal = normal
    self.normalImpulse = normalImpulse
    self.normalSpeed = normalSpeed
    self.tangentSpeed = tangentSpeed
    self.rollingSpeed = rollingSpeed
  }
}

/// Everything a solver reports that sound, outcomes or the report page may use. Plain values;
/// articulated figures (footsteps) and fluid (splashes) add their cases in their issues.
public enum Event: Hashable, Codable, Sendable {
  case contact(ContactEvent)
  /// A breakable joint between two entities gave way.
  case jointBreak(JointBreakEvent)
  /// A brittle body shattered into fragments.
  case fracture(FractureEvent)

  /// Time of the event (s).
  public var time: Double {
    switch self {
    case .contact(let c): return c.time
    case .jointBreak(let j): return j.time
    case .fracture(let f): return f.time
    }
  }
}

/// A breakable joint gave way: the force it carried exceeded its break force.
public struct JointBreakEvent: Hashable, Codable, Sendable {
  /// Time of the break (s): the end of the step in which the force was exceeded.
  public var time: Double
  /// Index of the joint in the order the joints were created.
  public var joint: Int
  /// The two entities the joint held together (`b` is the ground for a joint to the world).
  public var a: EntityID
  public var b: EntityID
  /// World anchor point at the break (m).
  public var point: Vec3
  /// Constraint force the joint carried in the breaking step (N).
  public var force: Double

  public init(time: Double, joint: Int, a: EntityID, b: EntityID, point: Vec3, force: Double) {
    self.time = time
    self.joint = joint
    self.a = a
    self.b = b
    self.point = point
    self.force = force
  }
}

/// A brittle body shattered: the impact impulse exceeded what its material takes.
public struct FractureEvent: Hashable, Codable, Sendable {
  /// Time of the impact that broke it (s).
  public var time: Double
  /// The body that broke.
  public var entity: EntityID
  /// The new entities of its fragments, in the order they were created.
  public var fragments: [EntityID]
  /// Impact point (m).
  public var point: Vec3
  /// Normal impulse of the breaking impact (N·s).
  public var impulse: Double
  /// Total mass of the body, kept by the fragments (kg).
  public var mass: Double

  public init(
    time: Double, entity: EntityID, fragments: [EntityID], point: Vec3, impulse: Double,
    mass: Double
  ) {
    self.time = time
    self.entity = entity
    self.fragments = fragments
    self.point = point
    self.impulse = impulse
    self.mass = mass
  }
}
