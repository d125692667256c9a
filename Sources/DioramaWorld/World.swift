import DioramaCollision
import DioramaCore
import DioramaRigid
import DioramaScene
import Foundation

/// Errors building a World from a scene that passed loading but cannot be simulated.
public struct WorldBuildError: Error, CustomStringConvertible, Sendable {
  /// Key path in the scene, e.g. "objects[2].material".
  public var keyPath: String
  public var message: String
  public var description: String { "\(keyPath): \(message)" }
}

/// The World: builds the solvers from a scene, steps them in a fixed order at a fixed dt,
/// collects events and a snapshot per frame into a `Recording`, and evaluates the scene's
/// outcome predicates on it.
///
/// Body index i in the rigid solver is object index i of the scene (static objects included),
/// so `EntityID.object(i)` names the same thing everywhere.
///
/// ```swift
/// let world = try World(scene: spec)
/// let recording = world.run()
/// ```
public struct World: Sendable {
  public let scene: SceneSpec
  public private(set) var rigid: RigidWorld
  /// Materials of the objects, by object index.
  public let objectMaterials: [Material]
  /// Ground material, or nil without a ground.
  public let groundMaterial: Material?
  /// Wall materials, by wall index.
  public let wallMaterials: [Material]
  /// Simulation time (s).
  public private(set) var time: Double = 0
  /// Solver steps per frame: the frame interval divided into steps no longer than
  /// `world.timestep`.
  public let stepsPerFrame: Int

  /// Builds the solvers from a validated scene.
  /// - Throws: `WorldBuildError` naming the key when a material is unknown.
  public init(scene: SceneSpec, baseDirectory: URL? = nil) throws {
    self.scene = scene
    let w = scene.world
    let frame = 1 / Double(w.fps)
    // The smallest step count whose step is no longer than `timestep` (1e-9 absorbs the
    // rounding of 1/fps ÷ timestep, e.g. (1/30)/(1/240) = 7.999999999999999).
    stepsPerFrame = max(1, Int((frame / w.timestep - 1e-9).rounded(.up)))
    var settings = RigidSettings()
    settings.gravity = w.gravity
    settings.iterations = w.iterations
    settings.relaxIterations = w.relaxIterations
    settings.sleeping = w.sleeping
    settings.sleepSpeed = w.sleepThreshold
    settings.timeToSleep = w.sleepTime
    settings.threads = w.threads
    settings.continuousCollision = w.ccd
    var rigid = RigidWorld(settings: settings)

    func material(_ name: String, _ key: String) throws -> Material {
      guard let m = Material.named(name) else {
        throw WorldBuildError(
          keyPath: key,
          message: "unknown material \"\(name)\"; known: \(Material.names.joined(separator: ", "))")
      }
      return m
    }

    var materials: [Material] = []
    for (i, o) in scene.objects.enumerated() {
      let m = try material(o.material, "objects[\(i)].material")
      materials.append(m)
      let shape = try Self.shape(of: o, index: i, baseDirectory: baseDirectory)
      let density = o.density ?? m.density
      let mass = o.isStatic ? 0 : (o.mass ?? density * shape.volume)
      rigid.addBody(
        RigidBodyDef(
          shape: shape, transform: Transform(position: o.position, rotation: o.rotation),
          linearVelocity: o.velocity, angularVelocity: o.angularVelocity, mass: mass,
          friction: o.friction ?? m.kineticFriction,
          staticFriction: o.friction ?? m.staticFriction,
          restitution: o.restitution ?? m.restitution,
          rollingFriction: o.rollingFriction ?? 0, torsionalFriction: o.torsionalFriction ?? 0,
          isBullet: o.isBullet && w.ccd, allowSleep: o.allowsSleep,
          brittle: o.brittle.flatMap { b in
            b.strength.map {
              BrittleDef(
                strength: $0, pieces: b.pieces,
                seed: b.seed ?? (scene.world.seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15))
            }
          }, entity: .object(i)))
    }
    objectMaterials = materials

    if let g = scene.environment.ground {
      let m = try material(g.material, "environment.ground.material")
      groundMaterial = m
      rigid.addPlane(
        StaticPlaneDef(
          halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: g.height),
          friction: m.kineticFriction, staticFriction: m.staticFriction,
          restitution: m.restitution, entity: .ground))
    } else {
      groundMaterial = nil
    }
    var walls: [Material] = []
    for (k, wall) in scene.environment.walls.enumerated() {
      let m = try material(wall.material, "environment.walls[\(k)].material")
      walls.append(m)
      let n = wall.normal.normalized
      rigid.addPlane(
        StaticPlaneDef(
          halfSpace: HalfSpace(normal: n, offset: n.dot(wall.point)),
          friction: m.kineticFriction, staticFriction: m.staticFriction,
          restitution: m.restitution, entity: .wall(k)))
    }
    wallMaterials = walls
    for (k, j) in scene.joints.enumerated() {
      rigid.addJoint(try Self.jointDef(j, index: k, scene: scene, rigid: rigid))
    }
    self.rigid = rigid
  }

  /// The collision shape of an object spec.
  /// - Throws: `WorldBuildError` when a hull is degenerate or a mesh file cannot be read.
  public static func shape(of o: ObjectSpec, index: Int = 0, baseDirectory: URL? = nil) throws
    -> Shape
  {
    let key = "objects[\(index)]"
    switch o.shape {
    case .sphere, .box, .capsule, .cylinder, .hull:
      return try convexShape(
        o.shape, radius: o.radius, size: o.size ?? 2 * o.halfExtents, halfHeight: o.halfHeight,
        points: o.points, key: key)
    case .mesh:
      guard let path = o.objPath else {
        throw WorldBuildError(keyPath: key + ".obj", message: "a mesh needs an OBJ file")
      }
      let url = URL(fileURLWithPath: path, relativeTo: baseDirectory).standardizedFileURL
      do {
        let mesh = try TriangleMesh(objContentsOf: url)
        let scale = o.scale ?? Vec3(1, 1, 1)
        return .triangleMesh(
          TriangleMesh(vertices: mesh.vertices.map { $0 * scale }, triangles: mesh.triangles))
      } catch {
        throw WorldBuildError(keyPath: key + ".obj", message: "\(error)")
      }
    case .heightfield:
      guard let rows = o.rows, let columns = o.columns, let spacing = o.spacing,
        let heights = o.heightSamples
      else {
        throw WorldBuildError(
          keyPath: key, message: "a heightfield needs rows, columns, spacing and heights")
      }
      return .heightfield(
        Heightfield(rows: rows, columns: columns, spacing: spacing, heights: heights))
    case .compound:
      let parts = o.parts ?? []
      var children: [Compound.Child] = []
      for (k, p) in parts.enumerated() {
        let shape = try convexShape(
          p.shape, radius: p.radius, size: p.size, halfHeight: p.halfHeight, points: p.points,
          key: "\(key).parts[\(k)]")
        children.append(
          Compound.Child(
            shape: shape, transform: Transform(position: p.position, rotation: p.rotation)))
      }
      guard !children.isEmpty else {
        throw WorldBuildError(keyPath: key + ".parts", message: "a compound needs parts")
      }
      return .compound(Compound(children: children))
    }
  }

  static func convexShape(
    _ kind: ShapeKind, radius: Double?, size: Vec3?, halfHeight: Double?, points: [Vec3]?,
    key: String
  ) throws -> Shape {
    switch kind {
    case .sphere: return .sphere(radius: radius ?? 0.5)
    case .box: return .box(halfExtents: 0.5 * (size ?? Vec3(1, 1, 1)))
    case .capsule: return .capsule(radius: radius ?? 0.1, halfHeight: halfHeight ?? 0.1)
    case .cylinder: return .cylinder(radius: radius ?? 0.1, halfHeight: halfHeight ?? 0.1)
    case .hull:
      do {
        return .convexHull(try ConvexHull(points: points ?? []))
      } catch {
        throw WorldBuildError(keyPath: key + ".points", message: "\(error)")
      }
    default:
      throw WorldBuildError(keyPath: key + ".shape", message: "\(kind) cannot be a compound part")
    }
  }

  /// The solver joint of a joint spec. Spec `a` is the solver's body B and spec `b` its body
  /// A (the world is −1), so limits and motors read as "a relative to b".
  static func jointDef(_ j: JointSpec, index: Int, scene: SceneSpec, rigid: RigidWorld) throws
    -> JointDef
  {
    let key = "joints[\(index)]"
    guard let ia = scene.object(named: j.a) else {
      throw WorldBuildError(keyPath: key + ".a", message: "no object named \"\(j.a)\"")
    }
    let ib: Int
    if j.isToWorld {
      ib = -1
    } else if let b = scene.object(named: j.b) {
      ib = b
    } else {
      throw WorldBuildError(keyPath: key + ".b", message: "no object named \"\(j.b)\"")
    }
    let anchors = j.anchors(in: scene) ?? (scene.objects[ia].position, scene.objects[ia].position)
    let limits = j.limits.map { JointLimits(lower: $0.lower, upper: $0.upper) }
    let spring = j.spring.map { JointSpring(hertz: $0.hertz, dampingRatio: $0.dampingRatio) }
    var def: JointDef
    switch j.kind {
    case .fixed:
      def = .fixed(world: rigid, bodyA: ib, bodyB: ia, anchor: anchors.a)
    case .hinge:
      def = .hinge(
        world: rigid, bodyA: ib, bodyB: ia, anchor: anchors.a, axis: j.axis ?? Vec3(0, 0, 1),
        limits: limits,
        motor: j.motor.map { JointMotor(speed: $0.speed, maxForce: $0.maxTorque ?? .infinity) },
        spring: spring)
    case .slider:
      def = .slider(
        world: rigid, bodyA: ib, bodyB: ia, anchor: anchors.a, axis: j.axis ?? Vec3(1, 0, 0),
        limits: limits,
        motor: j.motor.map { JointMotor(speed: $0.speed, maxForce: $0.maxForce ?? .infinity) },
        spring: spring)
    case .ball:
      def = .ballSocket(
        world: rigid, bodyA: ib, bodyB: ia, anchor: anchors.a,
        twistAxis: j.coneAxis(in: scene) ?? Vec3(0, 0, 1), swingLimit: j.cone)
    case .distance, .rope:
      let range = j.lengthLimits(in: scene)
      def = .distance(
        world: rigid, bodyA: ib, bodyB: ia, anchorA: anchors.b, anchorB: anchors.a,
        minLength: range?.lower, maxLength: range?.upper,
        spring: spring.map {
          JointSpring(
            hertz: $0.hertz, dampingRatio: $0.dampingRatio, target: j.restLength(in: scene) ?? 0)
        })
    }
    def.collideConnected = j.collideConnected
    def.breakForce = j.breakForce
    def.breakTorque = j.breakTorque
    return def
  }

  /// Solver step (s): the frame interval split into `stepsPerFrame` equal steps.
  public var timestep: Double { 1 / Double(scene.world.fps) / Double(stepsPerFrame) }

  /// The state of every object now.
  public func snapshot() -> Snapshot {
    var s = Snapshot(
      time: time, positions: (0..<rigid.bodyCount).map { rigid.transform(of: $0).position },
      orientations: rigid.orientations,
      linearVelocities: rigid.linearVelocities, angularVelocities: rigid.angularVelocities)
    s.removed = (0..<rigid.bodyCount).filter { !rigid.isEnabled[$0] }
    return s
  }

  /// Advances one solver step, appending its events.
  public mutating func step(events: inout [Event]) {
    rigid.step(dt: timestep, substeps: scene.world.substeps, time: time, events: &events)
    time += timestep
  }

  /// Runs the whole scene and returns its recording.
  /// - Parameter progress: called after each frame with the fraction done (0…1].
  /// - Complexity: O(duration · fps · stepsPerFrame · step cost).
  public func run(progress: (Double) -> Void = { _ in }) -> Recording {
    var world = self
    let frames = Int((scene.world.duration * Double(scene.world.fps)).rounded())
    var snapshots: [Snapshot] = [world.snapshot()]
    var energy: [EnergySample] = [world.energySample()]
    var events: [Event] = []
    var warnings: [String] = []
    snapshots.reserveCapacity(frames + 1)
    for f in 1...max(frames, 1) {
      for _ in 0..<stepsPerFrame { world.step(events: &events) }
      // Frame times are exact multiples of 1/fps, not accumulated sums of dt.
      world.time = Double(f) / Double(scene.world.fps)
      snapshots.append(world.snapshot())
      energy.append(world.energySample())
      if warnings.isEmpty, let bad = world.firstNonFiniteObject() {
        let root = world.rootObject(ofBody: bad)
        let what = bad == root ? "" : " (a fragment of it)"
        warnings.append(
          "t=\(world.time) s: objects[\(root)] (\(scene.objects[root].name))\(what) has a "
            + "non-finite position or velocity; the simulation blew up")
      }
      progress(Double(f) / Double(max(frames, 1)))
    }
    events.sort { $0.time < $1.time }
    var recording = Recording(
      fps: scene.world.fps, timestep: timestep, substeps: scene.world.substeps,
      snapshots: snapshots, events: events, energy: energy, outcomes: [], warnings: warnings)
    recording.createdBodies = (scene.objects.count..<world.rigid.bodyCount).map { i in
      CreatedBody(
        index: i, object: world.rootObject(ofBody: i),
        parts: Self.parts(of: world.rigid.shapes[i], transform: .identity))
    }
    recording.outcomes = OutcomeEvaluator(scene: scene).evaluate(recording)
    return recording
  }

  func energySample() -> EnergySample {
    EnergySample(time: time, kinetic: rigid.kineticEnergy, potential: rigid.potentialEnergy)
  }

  func firstNonFiniteObject() -> Int? {
    for i in 0..<rigid.bodyCount
    where !rigid.positions[i].isFinite || !rigid.linearVelocities[i].isFinite {
      return i
    }
    return nil
  }
}
