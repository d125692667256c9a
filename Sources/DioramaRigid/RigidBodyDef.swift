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
  /// Mass (kg). Zero (with no `density`) makes the body static: infinitely heavy and never
  /// moved. The centre of mass and inertia tensor follow from the shape.
  public var mass: Double
  /// Density (kg/m³), used when `mass` is 0: mass = density × volume.
  public var density: Double?
  /// Rolling resistance (m): the resisting torque is this length times the normal force, as a
  /// lever arm (0 rolls forever on a rigid floor).
  public var rollingFriction: Double
  /// Torsional (spinning) friction (m): resisting torque about the contact normal is this
  /// length times the normal force, on top of the patch's own friction.
  public var torsionalFriction: Double
  /// Swept continuously against static geometry so it cannot pass a thin wall (a bullet).
  public var isBullet: Bool
  /// False keeps the body awake for ever.
  public var allowSleep: Bool
  /// Makes the body brittle: it shatters when a contact's impulse exceeds the strength.
  public var brittle: BrittleDef?
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
    staticFriction: Double? = nil, restitution: Double = 0.3, density: Double? = nil,
    rollingFriction: Double = 0, torsionalFriction: Double = 0, isBullet: Bool = false,
    allowSleep: Bool = true, brittle: BrittleDef? = nil, entity: EntityID
  ) {
    self.brittle = brittle
    self.density = density
    self.rollingFriction = rollingFriction
    self.torsionalFriction = torsionalFriction
    self.isBullet = isBullet
    self.allowSleep = allowSleep
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
  /// Largest linear speed (m/s): a guard against blow-up, far above any scene's speeds.
  public var maxLinearSpeed: Double = 4000
  /// Apply the gyroscopic torque ω × Iω (by carrying the world angular momentum across each
  /// rotation). Off keeps ω fixed through the rotation, as first-order engines do, which
  /// loses the Dzhanibekov flip.
  public var gyroscopicTorque: Bool = true
  /// Sweep fast bodies and bullets continuously against static geometry (CCD).
  public var continuousCollision: Bool = true
  /// Let resting islands sleep.
  public var sleeping: Bool = true
  /// Speed (m/s) below which a body counts as resting; angular speed is scaled by the body's
  /// bounding radius.
  public var sleepSpeed: Double = 0.05
  /// Time (s) an island must rest before it sleeps.
  public var timeToSleep: Double = 0.5
  /// Threads for the narrowphase and the solver (1 or 2); results are identical for any count.
  public var threads: Int = 1
  /// Scale (0…1) of the soft contact's impulse leak, the −(impulse scale)·λ term of Catto's
  /// soft step. At 1 a resting contact settles where the leak balances the bias, a depth that
  /// grows with the load it carries (a 20-box stack of 1 m, 1 t boxes sinks 12 cm in all);
  /// at 0 the bias only ever pushes towards the slop, which sinks nothing but lets a tall
  /// stack rock (the leak is the damping). 1 is the published soft step.
  public var contactLeak: Double = 1
  /// Penetration past the slop (m) over which the leak fades to nothing: the deepest a
  /// resting load sinks a contact.
  public var contactLeakDepth: Double = 0.005
  /// Velocity iterations with position bias per substep.
  public var iterations: Int = 1
  /// Contact velocity iterations without bias per substep ("relax", removes the bias energy).
  /// Box2D's one is enough for a few boxes; a heavy load needs more to pass its weight down
  /// before the soft contacts give: with one, a 50-box stack buckles within 5 s and a 400 kg
  /// slab on four 1 kg boxes rings at 0.6 m/s; with four, both stand still (for +31%
  /// instructions per step of a 1 000-box pile, measured with callgrind).
  public var relaxIterations: Int = 4
  /// Joint velocity iterations without bias per substep (the first `jointRelaxIterations` of
  /// the relax passes also relax the joints).
  public var jointRelaxIterations: Int = 1

  public init() {}
}
