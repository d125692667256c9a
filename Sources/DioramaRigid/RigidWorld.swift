import DioramaCollision
import DioramaCore
import Dispatch
import Foundation

/// A rigid-body world: convex shapes, compounds, static meshes and half-spaces, Coulomb
/// friction with rolling and torsional resistance, restitution, joints, sleeping islands and a
/// soft-step sequential-impulse solver.
///
/// The step follows Box2D v3's "soft step" (Catto, Solver2D, 2024): contacts are found once
/// per step, then each substep integrates velocities (with the implicit gyroscopic term),
/// warm starts, resolves impacts between moving bodies as a sequence of two-body impacts
/// (Impacts.swift), solves with a soft position bias, integrates positions, and relaxes
/// without bias; restitution against static geometry is applied once at the end. Body state is struct-of-arrays, indexed by
/// body index; positions are centres of mass.
///
/// - Complexity: O(n + c) per step for n bodies and c contact points once the broadphase order
///   is coherent.
public struct RigidWorld: Sendable {
  public var settings: RigidSettings

  // MARK: - Body storage (struct of arrays, length bodyCount)
  /// Centre-of-mass positions (m).
  public internal(set) var positions: [Vec3] = []
  public internal(set) var orientations: [Quaternion] = []
  /// Linear velocities of the centres of mass (m/s).
  public internal(set) var linearVelocities: [Vec3] = []
  /// Angular velocities, world frame (rad/s).
  public internal(set) var angularVelocities: [Vec3] = []
  /// Inverse masses (1/kg); 0 for static bodies.
  public internal(set) var inverseMasses: [Double] = []
  /// Masses (kg); 0 for static bodies.
  public internal(set) var masses: [Double] = []
  /// Inertia tensors about the centre of mass, body axes (kg·m²); zero for static bodies.
  public internal(set) var inertiaLocal: [Matrix3] = []
  /// Inverse inertia, body axes (1/(kg·m²)).
  var inverseInertiaLocal: [Matrix3] = []
  /// Inverse inertia, world axes, refreshed after every position update (1/(kg·m²)); zero for
  /// static and sleeping bodies.
  var inverseInertiaWorld: [Matrix3] = []
  public internal(set) var shapes: [Shape] = []
  /// Centre of mass in the shape frame (m): the shape origin sits at position − R·com.
  public internal(set) var centersOfMass: [Vec3] = []
  var frictions: [Double] = []
  var staticFrictions: [Double] = []
  var restitutions: [Double] = []
  var rollingFrictions: [Double] = []
  var torsionalFrictions: [Double] = []
  /// Bodies swept continuously against static geometry (CCD).
  var isBullet: [Bool] = []
  public internal(set) var entities: [EntityID] = []
  /// False once a body is removed (a brittle body that shattered); it no longer collides.
  public internal(set) var isEnabled: [Bool] = []
  /// Brittle bodies' fracture settings (nil: unbreakable).
  var brittle: [BrittleDef?] = []
  var hasBrittleBodies = false
  /// The body each fragment broke from, or −1 for a body that was added.
  public internal(set) var fragmentParents: [Int] = []
  var planes: [StaticPlaneDef] = []
  /// Joints and their solver state (Joint.swift).
  var jointStorage = JointStorage()

  // MARK: - Sleeping
  /// False while a body sleeps: it is not integrated and its contacts are not solved.
  public internal(set) var isAwake: [Bool] = []
  /// Time (s) each body has been slower than the sleep threshold.
  var sleepTimes: [Double] = []
  var allowSleep: [Bool] = []

  // MARK: - Per-step scratch, kept to avoid allocation per step
  var aabbs: [AABB] = []
  /// Each body's bounding radius (m) and its sweep this step (m).
  var boundingRadii: [Double] = []
  var sweeps: [Double] = []
  var pairs: [(Int32, Int32)] = []
  var broadPhase = BroadPhase()
  var narrowphaseBuffers = NarrowphaseBuffers(count: 1)
  var constraints: [ContactConstraint] = []
  var points: [ContactConstraintPoint] = []
  /// Last step's constraints and points, for warm starting and sleeping contacts.
  var previousConstraints: [ContactConstraint] = []
  var previousPoints: [ContactConstraintPoint] = []
  /// Indices of the constraints solved this step (not asleep).
  var activeConstraints: [Int32] = []
  /// Start of each colour's range in `activeConstraints`, plus the end.
  var colorOffsets: [Int32] = [0]
  /// Active constraints between two moving bodies with restitution, in solve order.
  var impactCandidates: [Int32] = []
  /// Bodies held by an unbroken joint or carrying a load this step (scratch of
  /// `collectImpactCandidates`).
  var unfreeBodies: [Bool] = []
  var bodyColors: [UInt64] = []
  var constraintColors: [UInt8] = []
  var coloredScratch: [Int32] = []
  /// Bodies with a solved contact or joint this step.
  var inContact: [Bool] = []
  var startPositions: [Vec3] = []
  var startOrientations: [Quaternion] = []
  /// Rotation vector Σ ω h of each body since the start of the step (rad).
  var deltaAngles: [Vec3] = []
  var solverInverseMasses: [Double] = []
  /// Entity pairs touching at the end of the last step, sorted.
  var touching: [PairTouch] = []
  var nextTouching: [PairTouch] = []
  var previousPairs = Set<PairKey>()
  var currentPairs = Set<PairKey>()
  var islandParents: [Int32] = []
  var islandSleepy: [Bool] = []
  /// Counts solver passes; its parity sets the point order of the next pass.
  var solvePass = 0

  public init(settings: RigidSettings = RigidSettings()) { self.settings = settings }

  /// Number of bodies.
  public var bodyCount: Int { positions.count }

  /// Adds a body and returns its index.
  ///
  /// Mass properties come from the shape: `def.mass` fixes the total (the density follows),
  /// else `def.density`. Precondition: meshes and heightfields are static (mass 0).
  @discardableResult
  public mutating func addBody(_ def: RigidBodyDef) -> Int {
    let isStatic = def.mass <= 0 && def.density == nil
    precondition(
      isStatic || !def.shape.isStaticOnly,
      "a triangle mesh or heightfield body must be static (mass 0)")
    var com = Vec3.zero
    var mass = 0.0
    var inertia = Matrix3.zero
    if !isStatic {
      let volume = def.shape.volume
      let density = def.mass > 0 ? def.mass / volume : def.density!
      let props = def.shape.massProperties(density: density)
      mass = props.mass
      com = props.centerOfMass
      inertia = props.inertia
    } else if def.shape.isConvex || !def.shape.isStaticOnly {
      com = .zero
    }
    let q = def.transform.rotation.normalized
    positions.append(def.transform.position + q.rotate(com))
    orientations.append(q)
    linearVelocities.append(isStatic ? .zero : def.linearVelocity)
    angularVelocities.append(isStatic ? .zero : def.angularVelocity)
    masses.append(mass)
    inverseMasses.append(isStatic ? 0 : 1 / mass)
    inertiaLocal.append(inertia)
    let inverseLocal = isStatic ? Matrix3.zero : inertia.inverse
    inverseInertiaLocal.append(inverseLocal)
    inverseInertiaWorld.append(Self.worldInertia(inverseLocal, q))
    shapes.append(def.shape)
    centersOfMass.append(com)
    frictions.append(def.friction)
    staticFrictions.append(def.staticFriction ?? def.friction)
    restitutions.append(def.restitution)
    rollingFrictions.append(def.rollingFriction)
    torsionalFrictions.append(def.torsionalFriction)
    isBullet.append(def.isBullet)
    entities.append(def.entity)
    isEnabled.append(true)
    brittle.append(isStatic || !def.shape.isConvex ? nil : def.brittle)
    if def.brittle != nil { hasBrittleBodies = true }
    fragmentParents.append(-1)
    isAwake.append(!isStatic)
    sleepTimes.append(0)
    allowSleep.append(def.allowSleep)
    return positions.count - 1
  }

  /// Adds a static half-space (ground or wall).
  public mutating func addPlane(_ def: StaticPlaneDef) { planes.append(def) }

  /// The number of static half-spaces.
  public var planeCount: Int { planes.count }

  /// The pose of body `i`'s shape frame (the frame its shape and its definition's transform
  /// use): the centre of mass moved back by R·com.
  public func transform(of i: Int) -> Transform {
    Transform(
      position: positions[i] - orientations[i].rotate(centersOfMass[i]), rotation: orientations[i])
  }

  /// True for bodies with mass.
  @inlinable public func isDynamic(_ i: Int) -> Bool { inverseMasses[i] > 0 }

  /// Total kinetic energy ½mv² + ½ωᵀIω (J).
  public var kineticEnergy: Double {
    var e = 0.0
    for i in 0..<bodyCount where inverseMasses[i] > 0 && isEnabled[i] {
      let wl = orientations[i].inverseRotate(angularVelocities[i])
      e += 0.5 * masses[i] * linearVelocities[i].lengthSquared
      e += 0.5 * wl.dot(inertiaLocal[i] * wl)
    }
    return e
  }

  /// Gravitational potential energy −m g·x relative to the origin (J).
  public var potentialEnergy: Double {
    var e = 0.0
    for i in 0..<bodyCount where inverseMasses[i] > 0 && isEnabled[i] {
      e -= masses[i] * settings.gravity.dot(positions[i])
    }
    return e
  }

  /// Angular momentum of body `i` about its centre of mass, world frame (kg·m²/s).
  public func angularMomentum(of i: Int) -> Vec3 {
    let q = orientations[i]
    return q.rotate(inertiaLocal[i] * q.inverseRotate(angularVelocities[i]))
  }

  /// Sets the velocity of body `i` (m/s, rad/s) and wakes it. Static bodies ignore it.
  public mutating func setVelocity(_ i: Int, linear: Vec3, angular: Vec3) {
    guard inverseMasses[i] > 0 else { return }
    linearVelocities[i] = linear
    angularVelocities[i] = angular
    wake(i)
  }

  /// Wakes body `i` (and, at the next step, everything touching it).
  public mutating func wake(_ i: Int) {
    guard inverseMasses[i] > 0 else { return }
    isAwake[i] = true
    sleepTimes[i] = 0
  }

  static func worldInertia(_ local: Matrix3, _ q: Quaternion) -> Matrix3 {
    let r = q.matrix
    return r * local * r.transposed
  }

  // MARK: - Step

  /// Advances the world by `dt` seconds in `substeps` substeps, appending the step's contact,
  /// joint-break and fracture events to `events`. `time` is the simulation time at the start
  /// of the step (s).
  public mutating func step(dt: Double, substeps: Int, time: Double, events: inout [Event]) {
    precondition(dt > 0 && substeps >= 1, "step needs dt > 0 and at least one substep")
    let h = dt / Double(substeps)
    if jointStorage.filterIsStale { rebuildJointFilter() }
    updateContacts(dt: dt)
    prepareSolverBodies()
    prepareContacts(h: h)
    startPositions = positions
    startOrientations = orientations
    prepareJoints(h: h)
    collectImpactCandidates()
    for _ in 0..<substeps {
      integrateVelocities(h: h)
      warmStartJoints()
      warmStartContacts()
      resolveImpacts(h: h)
      for _ in 0..<settings.iterations {
        solveJoints(h: h, useBias: true)
        solveContacts(h: h, useBias: true)
      }
      integratePositions(h: h)
      for pass in 0..<max(settings.relaxIterations, settings.jointRelaxIterations) {
        if pass < settings.jointRelaxIterations { solveJoints(h: h, useBias: false) }
        if pass < settings.relaxIterations { solveContacts(h: h, useBias: false) }
      }
    }
    finishJoints(dt: dt, time: time, events: &events)
    applyRestitution()
    sweepFastBodies(dt: dt)
    reportContacts(time: time, dt: dt, events: &events)
    processFractures(time: time, dt: dt, events: &events)
    updateSleep(dt: dt)
    swap(&previousConstraints, &constraints)
    swap(&previousPoints, &points)
  }

  /// Per-step solver masses: sleeping bodies act as static for the step.
  mutating func prepareSolverBodies() {
    let n = bodyCount
    if solverInverseMasses.count != n {
      solverInverseMasses = [Double](repeating: 0, count: n)
      deltaAngles = [Vec3](repeating: .zero, count: n)
    }
    for i in 0..<n {
      let moving = inverseMasses[i] > 0 && isAwake[i] && isEnabled[i]
      solverInverseMasses[i] = moving ? inverseMasses[i] : 0
      inverseInertiaWorld[i] =
        moving ? Self.worldInertia(inverseInertiaLocal[i], orientations[i]) : .zero
      deltaAngles[i] = .zero
    }
  }

  /// Gravity.
  mutating func integrateVelocities(h: Double) {
    let g = settings.gravity
    for i in 0..<bodyCount where solverInverseMasses[i] > 0 {
      linearVelocities[i] += g * h
    }
  }

  mutating func integratePositions(h: Double) {
    let maxSpeed = settings.maxLinearSpeed
    let gyro = settings.gyroscopicTorque
    for i in 0..<bodyCount where solverInverseMasses[i] > 0 {
      var v = linearVelocities[i]
      let speed2 = v.lengthSquared
      if speed2 > maxSpeed * maxSpeed {
        v *= maxSpeed / speed2.squareRoot()
        linearVelocities[i] = v
      }
      positions[i] += v * h
      let q0 = orientations[i]
      var omega = angularVelocities[i]
      // At most a quarter turn per substep (Box2D's b2_maxRotation): a guard against a
      // solver blow-up spinning a light body up, far above any real spin (754 rad/s at 960 Hz).
      let turn = omega.length * h
      if turn > 0.25 * Double.pi {
        omega *= 0.25 * Double.pi / turn
        angularVelocities[i] = omega
      }
      var l = Vec3.zero
      if gyro {
        // The gyroscopic torque ω × Iω, as free rotation has it: the world angular momentum
        // L = I(q₀)ω is carried across the rotation and ω = I(q)⁻¹L recovered, so a
        // torque-free body keeps L to rounding and a T-handle spun about its intermediate
        // axis flips (Dzhanibekov); explicit Euler on ω alone loses both. A body in free
        // flight turns by the midpoint rate ω(q½) = I(q½)⁻¹L, which keeps the energy
        // ½ L·I⁻¹L to second order (turning by ω₀ gained 6% in 10 s of a fast tumble); a
        // body in contact turns by the ω its contacts were solved for, or it would sink.
        l = q0.rotate(inertiaLocal[i] * q0.inverseRotate(omega))
        if !inContact[i] {
          let qm = q0.integrated(angularVelocity: omega, dt: 0.5 * h)
          omega = qm.rotate(inverseInertiaLocal[i] * qm.inverseRotate(l))
        }
      }
      let q = q0.integrated(angularVelocity: omega, dt: h)
      orientations[i] = q
      deltaAngles[i] += omega * h
      let inverseWorld = Self.worldInertia(inverseInertiaLocal[i], q)
      inverseInertiaWorld[i] = inverseWorld
      if gyro { angularVelocities[i] = inverseWorld * l }
    }
  }
}

extension Matrix3 {
  /// The cross-product matrix [v]×, with [v]× u = v × u.
  @inlinable static func skew(_ v: Vec3) -> Matrix3 {
    Matrix3(rows: Vec3(0, -v.z, v.y), Vec3(v.z, 0, -v.x), Vec3(-v.y, v.x, 0))
  }
}

/// A body's index in the contact solver, or `-1` for a static half-space.
typealias BodyIndex = Int32

/// Entity pair with the contact data the event reports need.
struct PairTouch {
  var a: EntityID
  var b: EntityID
}

/// A manifold found by the narrowphase and the body pair it belongs to (b = −1 − plane for a
/// half-space).
struct PairManifold {
  var a: Int32
  var b: Int32
  var manifold: ContactManifold
}
