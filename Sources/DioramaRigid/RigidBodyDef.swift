import DioramaCollision
import DioramaCore

/// Everything needed to create one rigid body. A description, not state: `RigidWorld.addBody`
/// turns it into solver storage.
///
/// ```swift
/// var world = RigidWorld(settings: RigidSettings())
/// let ball = world.addBody(RigidBodyDef(
///   shape: .sphere(radius: 0.1), transform: Transform(position: Vec3(0, 0, 2)), mass: 0.5,
///   entity: .object(0)))
/// ```
public struct RigidBodyDef: Sendable, Hashable {
  public var shape: Shape
  /// Initial pose: position of the centre of mass (m) and orientation.
  public var transform: Transform
  /// Initial linear velocity of the centre of mass (m/s).
  public var linearVelocity: Vec3
  /// Initial angular velocity, world frame (rad/s).
  public var angularVelocity: Vec3
  /// Mass (kg). Zero makes the body static: infinitely heavy and never moved.
  public var mass: Double
  /// Kinetic Coulomb friction coefficient (dimensionless) while sliding; pairs combine as
  /// √(μa μb).
  public var friction: Double
  /// Static Coulomb friction coefficient (dimensionless) while sticking; nil means the same as
  /// `friction`. Pairs combine as √(μa μb).
  public var staticFriction: Double?
  /// Coefficient of restitution (0…1); pairs combine as √(ea eb), so either body can make a
  /// contact dead (e = 0), as a soft floor does for any ball.
  public var restitution: Double
  /// Who this body is in events and snapshots.
  public var entity: EntityID

  public init(
    shape: Shape, transform: Transform, linearVelocity: Vec3 = .zero,
    angularVelocity: Vec3 = .zero, mass: Double, friction: Double = 0.5,
    staticFriction: Double? = nil, restitution: Double = 0.3, entity: EntityID
  ) {
    self.shape = shape
    self.transform = transform
    self.linearVelocity = linearVelocity
    self.angularVelocity = angularVelocity
    self.mass = mass
    self.friction = friction
    self.staticFriction = staticFriction
    self.restitution = restitution
    self.entity = entity
  }
}

/// A static, infinite half-space: the ground or a wall.
public struct StaticPlaneDef: Sendable, Hashable {
  public var halfSpace: HalfSpace
  /// Kinetic Coulomb friction coefficient (dimensionless).
  public var friction: Double
  /// Static Coulomb friction coefficient (dimensionless); nil means `friction`.
  public var staticFriction: Double?
  /// Coefficient of restitution (0…1).
  public var restitution: Double
  public var entity: EntityID

  public init(
    halfSpace: HalfSpace, friction: Double, staticFriction: Double? = nil, restitution: Double,
    entity: EntityID
  ) {
    self.halfSpace = halfSpace
    self.friction = friction
    self.staticFriction = staticFriction
    self.restitution = restitution
    self.entity = entity
  }
}

/// Solver settings, with units. The defaults follow Box2D v3's soft-step solver, scaled to
/// metre-sized 3D scenes.
public struct RigidSettings: Sendable, Hashable {
  /// Gravitational acceleration (m/s²).
  public var gravity: Vec3 = Vec3(0, 0, -9.81)
  /// Stiffness of the soft contact constraint (Hz); capped at a quarter of the substep rate.
  public var contactHertz: Double = 30
  /// Damping ratio of the soft contact constraint (dimensionless; > 1 is overdamped).
  public var contactDampingRatio: Double = 10
  /// Largest speed at which overlap is pushed apart (m/s).
  public var maxPushoutSpeed: Double = 3
  /// Approach speeds below this do not bounce (m/s); keeps resting contact from jittering.
  public var restitutionThreshold: Double = 0.5
  /// Allowed penetration before position correction pushes back (m).
  public var linearSlop: Double = 0.0005
  /// Contacts are created this far before touching (m), plus the distance the pair can close
  /// within the step, so fast bodies do not pass through each other between steps.
  public var speculativeDistance: Double = 0.02
  /// Below this tangential speed at the start of a step a contact sticks and static friction
  /// applies; above it, kinetic friction (m/s).
  public var stickingSpeed: Double = 0.01
  /// Velocity iterations with position bias per substep.
  public var iterations: Int = 1
  /// Velocity iterations without bias per substep ("relax", removes the bias energy).
  public var relaxIterations: Int = 1

  public init() {}
}
