import DioramaCollision
import DioramaCore
import Foundation

/// The first rigid-body solver: spheres and boxes, static half-spaces, Coulomb friction,
/// restitution, speculative contacts and a soft-step sequential-impulse solver.
///
/// The step follows Box2D v3's "soft step" (Catto, Solver2D, 2024): contacts are found once
/// per step, then each substep integrates velocities, warm starts, solves with a soft position
/// bias, integrates positions, and relaxes without bias; restitution is applied once at the end.
/// Body state is struct-of-arrays, indexed by body index.
///
/// - Complexity: O(n log n + c) per step for n bodies and c contact points.
public struct RigidWorld: Sendable {
  public var settings: RigidSettings

  // MARK: - Body storage (struct of arrays, length bodyCount)
  /// Centre-of-mass positions (m).
  public internal(set) var positions: [Vec3] = []
  public internal(set) var orientations: [Quaternion] = []
  /// Linear velocities (m/s).
  public internal(set) var linearVelocities: [Vec3] = []
  /// Angular velocities, world frame (rad/s).
  public internal(set) var angularVelocities: [Vec3] = []
  /// Inverse masses (1/kg); 0 for static bodies.
  public internal(set) var inverseMasses: [Double] = []
  /// Masses (kg); 0 for static bodies.
  public internal(set) var masses: [Double] = []
  /// Principal inverse inertia, body frame (1/(kg·m²)).
  var inverseInertiaLocal: [Vec3] = []
  /// Principal inertia, body frame (kg·m²).
  public internal(set) var inertiaLocal: [Vec3] = []
  public internal(set) var shapes: [Shape] = []
  var frictions: [Double] = []
  var staticFrictions: [Double] = []
  var restitutions: [Double] = []
  public internal(set) var entities: [EntityID] = []
  var planes: [StaticPlaneDef] = []
  /// Joints and their solver state (Joint.swift).
  var jointStorage = JointStorage()

  // MARK: - Per-step scratch, kept to avoid allocation per step
  var aabbs: [AABB] = []
  var pairs: [(Int32, Int32)] = []
  var broadPhase = BroadPhase()
  var constraints: [ContactConstraint] = []
  var points: [ContactConstraintPoint] = []
  var startPositions: [Vec3] = []
  var inverseInertiaWorld: [Matrix3] = []
  /// Impulses of last step's contact points by (body pair, feature), for warm starting.
  var warmStart: [ContactKey: WarmImpulse] = [:]
  var nextWarmStart: [ContactKey: WarmImpulse] = [:]
  /// Entity pairs touching at the end of the last step, sorted.
  var touching: [PairTouch] = []
  var nextTouching: [PairTouch] = []
  var previousPairs = Set<PairKey>()
  var currentPairs = Set<PairKey>()

  public init(settings: RigidSettings = RigidSettings()) { self.settings = settings }

  /// Number of bodies.
  public var bodyCount: Int { positions.count }

  /// Adds a body and returns its index.
  @discardableResult
  public mutating func addBody(_ def: RigidBodyDef) -> Int {
    positions.append(def.transform.position)
    orientations.append(def.transform.rotation.normalized)
    let isStatic = def.mass <= 0
    linearVelocities.append(isStatic ? .zero : def.linearVelocity)
    angularVelocities.append(isStatic ? .zero : def.angularVelocity)
    masses.append(isStatic ? 0 : def.mass)
    inverseMasses.append(isStatic ? 0 : 1 / def.mass)
    let inertia =
      isStatic
      ? Vec3.zero
      : def.shape.massProperties(density: def.mass / def.shape.volume).inertia.diagonal
    inertiaLocal.append(inertia)
    inverseInertiaLocal.append(
      isStatic ? .zero : Vec3(1 / inertia.x, 1 / inertia.y, 1 / inertia.z))
    shapes.append(def.shape)
    frictions.append(def.friction)
    staticFrictions.append(def.staticFriction ?? def.friction)
    restitutions.append(def.restitution)
    entities.append(def.entity)
    return positions.count - 1
  }

  /// Adds a static half-space (ground or wall).
  public mutating func addPlane(_ def: StaticPlaneDef) { planes.append(def) }

  /// The pose of body `i`.
  public func transform(of i: Int) -> Transform {
    Transform(position: positions[i], rotation: orientations[i])
  }

  /// Total kinetic energy ½mv² + ½ωᵀIω (J).
  public var kineticEnergy: Double {
    var e = 0.0
    for i in 0..<bodyCount where inverseMasses[i] > 0 {
      let wl = orientations[i].inverseRotate(angularVelocities[i])
      e += 0.5 * masses[i] * linearVelocities[i].lengthSquared
      e += 0.5 * (inertiaLocal[i] * wl * wl).sum()
    }
    return e
  }

  /// Gravitational potential energy −m g·x relative to the origin (J).
  public var potentialEnergy: Double {
    var e = 0.0
    for i in 0..<bodyCount where inverseMasses[i] > 0 {
      e -= masses[i] * settings.gravity.dot(positions[i])
    }
    return e
  }

  /// Sets the velocity of body `i` (m/s, rad/s). Static bodies ignore it.
  public mutating func setVelocity(_ i: Int, linear: Vec3, angular: Vec3) {
    guard inverseMasses[i] > 0 else { return }
    linearVelocities[i] = linear
    angularVelocities[i] = angular
  }

  // MARK: - Step

  /// Advances the world by `dt` seconds in `substeps` substeps, appending the step's contact
  /// events to `events`. `time` is the simulation time at the start of the step (s).
  public mutating func step(dt: Double, substeps: Int, time: Double, events: inout [Event]) {
    precondition(dt > 0 && substeps >= 1, "step needs dt > 0 and at least one substep")
    let h = dt / Double(substeps)
    updateContacts(dt: dt)
    prepareContacts(h: h)
    startPositions = positions
    prepareJoints(h: h)
    for _ in 0..<substeps {
      integrateVelocities(h: h)
      warmStartJoints()
      warmStartContacts()
      for _ in 0..<settings.iterations {
        solveJoints(h: h, useBias: true)
        solveContacts(h: h, useBias: true)
      }
      integratePositions(h: h)
      for _ in 0..<settings.relaxIterations {
        solveJoints(h: h, useBias: false)
        solveContacts(h: h, useBias: false)
      }
    }
    finishJoints(dt: dt, time: time, events: &events)
    applyRestitution()
    storeImpulses()
    reportContacts(time: time, dt: dt, events: &events)
  }

  mutating func integrateVelocities(h: Double) {
    let g = settings.gravity
    for i in 0..<bodyCount where inverseMasses[i] > 0 {
      linearVelocities[i] += g * h
    }
  }

  mutating func integratePositions(h: Double) {
    for i in 0..<bodyCount where inverseMasses[i] > 0 {
      positions[i] += linearVelocities[i] * h
      orientations[i] = orientations[i].integrated(angularVelocity: angularVelocities[i], dt: h)
      let r = orientations[i].matrix
      inverseInertiaWorld[i] = Matrix3.rotated(diagonal: inverseInertiaLocal[i], by: r)
    }
  }
}

/// A body's index in the contact solver, or `-1` for a static half-space.
typealias BodyIndex = Int32

struct ContactKey: Hashable {
  var a: Int32
  var b: Int32
  /// Plane index + 1 when b is a half-space, else 0.
  var plane: Int32
  var feature: UInt32
}

struct WarmImpulse {
  var normal: Double
  var tangent1: Double
  var tangent2: Double
}

/// Entity pair with the contact data the event reports need.
struct PairTouch {
  var a: EntityID
  var b: EntityID
}
