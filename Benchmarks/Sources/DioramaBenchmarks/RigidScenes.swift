import DioramaCollision
import DioramaCore
import DioramaRigid
import Foundation

/// The rigid-body scenes shared with the peer engines (PyBullet, MuJoCo): the definitions of
/// docs/benchmarks.md, "Rigid-body scenes". Benchmarks/peers/peer_common.py holds the same
/// numbers for the Python side; change both together.
enum RigidScenes {
  /// Gravitational acceleration (m/s²), along −z.
  static let g = 9.81

  // MARK: - rigid_pile

  /// Cube half-extent (m); density 1000 kg/m³ makes each 1 m³ cube 1000 kg.
  static let pileHalf = 0.5
  static let pileDensity = 1000.0
  /// Coulomb friction of every body and the ground (pairs combine as √(μa μb), so 0.6).
  static let pileFriction = 0.6
  /// Step (s) and substeps: Diorama's usual 240 Hz × 4.
  static let pileDt = 1.0 / 240
  static let pileSubsteps = 4
  /// 5 s.
  static let pileSteps = 1200

  /// One initial pose of the pose fixture: centre (m) and quaternion [w, x, y, z].
  struct Pose: Decodable {
    var p: [Double]
    var q: [Double]
  }

  struct PoseFile: Decodable {
    var bodies: [Pose]
  }

  /// The fixture every engine reads, `Benchmarks/peers/rigid_pile_poses.json`, found next to
  /// this source file's package.
  static var defaultPosesPath: String {
    URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent()  // DioramaBenchmarks
      .deletingLastPathComponent()  // Sources
      .deletingLastPathComponent()  // Benchmarks
      .appendingPathComponent("peers/rigid_pile_poses.json").path
  }

  enum FixtureError: Error, CustomStringConvertible {
    case malformed(path: String, detail: String)

    var description: String {
      switch self {
      case .malformed(let path, let detail): return "\(path): \(detail)"
      }
    }
  }

  /// Reads the 1000 poses; throws, naming the file, when it is missing or malformed.
  static func loadPoses(path: String) throws -> [Transform] {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw FixtureError.malformed(
        path: path,
        detail: "cannot read the pose fixture (\(error.localizedDescription)); "
          + "regenerate it with Benchmarks/peers/make_rigid_pile_poses.py")
    }
    let file: PoseFile
    do {
      file = try JSONDecoder().decode(PoseFile.self, from: data)
    } catch {
      throw FixtureError.malformed(path: path, detail: "not a pose fixture: \(error)")
    }
    var out: [Transform] = []
    out.reserveCapacity(file.bodies.count)
    for (k, b) in file.bodies.enumerated() {
      guard b.p.count == 3, b.q.count == 4 else {
        throw FixtureError.malformed(
          path: path,
          detail: "bodies[\(k)]: expected p with 3 numbers and q with 4 (w, x, y, z), "
            + "found \(b.p.count) and \(b.q.count)")
      }
      out.append(
        Transform(
          position: Vec3(b.p[0], b.p[1], b.p[2]),
          rotation: Quaternion(w: b.q[0], x: b.q[1], y: b.q[2], z: b.q[3])))
    }
    guard out.count == 1000 else {
      throw FixtureError.malformed(path: path, detail: "expected 1000 bodies, found \(out.count)")
    }
    return out
  }

  /// 1000 cubes at the fixture's poses over the ground plane z = 0.
  static func pile(poses: [Transform]) -> RigidWorld {
    var world = RigidWorld(settings: RigidSettings())
    let h = pileHalf
    let shape = Shape.box(halfExtents: Vec3(h, h, h))
    let mass = pileDensity * 8 * h * h * h
    for (i, pose) in poses.enumerated() {
      world.addBody(
        RigidBodyDef(
          shape: shape, transform: pose, mass: mass, friction: pileFriction, restitution: 0,
          entity: .object(i)))
    }
    world.addPlane(ground(friction: pileFriction, restitution: 0))
    return world
  }

  // MARK: - large_pyramid

  static let pyramidBase = 100
  static let pyramidHalf = 0.5
  static let pyramidFriction = 0.6
  /// 60 Hz, 4 substeps.
  static let pyramidDt = 1.0 / 60
  static let pyramidSubsteps = 4
  /// 10 s: the top box's drift is measured over these.
  static let pyramidSteps = 600

  /// Centres of the pyramid's boxes, bottom row first, left to right; the last is the top box.
  /// Row r (0…99) holds 100 − r boxes at x = r/2 + j − 49.5 m, z = 0.5 + r m, y = 0.
  static func pyramidPositions() -> [Vec3] {
    var out: [Vec3] = []
    out.reserveCapacity(pyramidBase * (pyramidBase + 1) / 2)
    for r in 0..<pyramidBase {
      for j in 0..<(pyramidBase - r) {
        out.append(Vec3(0.5 * Double(r) + Double(j) - 49.5, 0, pyramidHalf + Double(r)))
      }
    }
    return out
  }

  /// 5050 touching unit cubes (1000 kg) in the xz plane on the ground.
  static func pyramid() -> RigidWorld {
    var world = RigidWorld(settings: RigidSettings())
    let h = pyramidHalf
    let shape = Shape.box(halfExtents: Vec3(h, h, h))
    for (i, p) in pyramidPositions().enumerated() {
      world.addBody(
        RigidBodyDef(
          shape: shape, transform: Transform(position: p), mass: 1000,
          friction: pyramidFriction, restitution: 0, entity: .object(i)))
    }
    world.addPlane(ground(friction: pyramidFriction, restitution: 0))
    return world
  }

  // MARK: - Validation scenes

  static let validationDt = 1.0 / 240
  static let validationSubsteps = 4
  /// Free fall: drop of the sphere's centre (m); analytic time √(2h/g).
  static let freefallHeight = 10.0
  static let sphereRadius = 0.1
  static let sphereDensity = 1000.0
  /// Bounce: drop height of the sphere's bottom (m) and restitution; rebound ratio e².
  static let bounceHeight = 1.0
  static let bounceRestitution = 0.5
  /// Slide: μ and initial speed (m/s); stop distance v²/(2μg).
  static let slideFriction = 0.3
  static let slideSpeed = 5.0
  /// Ramp: μ, and tan θ = 0.9 μ (sticks) or 1.1 μ (slides), over 2 s.
  static let rampFriction = 0.5
  static let rampSeconds = 2.0

  static func ground(friction: Double, restitution: Double) -> StaticPlaneDef {
    StaticPlaneDef(
      halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: friction,
      restitution: restitution, entity: .ground)
  }

  static func sphereDef(at p: Vec3, restitution: Double) -> RigidBodyDef {
    let r = sphereRadius
    return RigidBodyDef(
      shape: .sphere(radius: r), transform: Transform(position: p),
      mass: sphereDensity * 4 / 3 * .pi * r * r * r, friction: 0.5, restitution: restitution,
      entity: .object(0))
  }

  /// A 1000 kg unit cube resting on the ground (centre at z = 0.5 m).
  static func unitBoxDef(friction: Double, velocity: Vec3 = .zero) -> RigidBodyDef {
    RigidBodyDef(
      shape: .box(halfExtents: Vec3(0.5, 0.5, 0.5)),
      transform: Transform(position: Vec3(0, 0, 0.5)),
      linearVelocity: velocity, mass: 1000, friction: friction, restitution: 0,
      entity: .object(0))
  }

  /// A ramp of angle θ = atan(tanTheta) realised by tilting gravity by θ towards +x over flat
  /// ground: the same forces on the box as a tilted plane, in every engine.
  static func rampGravity(tanTheta: Double) -> Vec3 {
    let th = atan(tanTheta)
    return Vec3(g * sin(th), 0, -g * cos(th))
  }

  /// Displacement after `rampSeconds` on a ramp: ½ g (sin θ − μ cos θ) t², or 0 when it sticks.
  static func rampExpected(tanTheta: Double) -> Double {
    let th = atan(tanTheta)
    let a = g * (sin(th) - rampFriction * cos(th))
    return a > 0 ? 0.5 * a * rampSeconds * rampSeconds : 0
  }

  // MARK: - Outcomes

  /// The outcome fields of a box scene, computed as peer_common.box_outcomes does: max speed
  /// (m/s), lowest centre and vertex z (m), boxes with the centre below z = 0, boxes sunk more
  /// than 5 cm, mean centre z (m).
  static func boxOutcomes(_ world: RigidWorld, half: Double) -> [(String, JSONValue)] {
    var maxSpeed = 0.0
    var minCentre = Double.infinity
    var minVertex = Double.infinity
    var below = 0
    var sunk = 0
    var zSum = 0.0
    for i in 0..<world.bodyCount {
      let p = world.positions[i]
      let q = world.orientations[i]
      maxSpeed = max(maxSpeed, world.linearVelocities[i].length)
      // Third row of the rotation matrix: the box's extent along z is h Σ|R₂ⱼ|.
      let r0 = 2 * (q.x * q.z - q.w * q.y)
      let r1 = 2 * (q.y * q.z + q.w * q.x)
      let r2 = 1 - 2 * (q.x * q.x + q.y * q.y)
      let vertex = p.z - half * (abs(r0) + abs(r1) + abs(r2))
      minCentre = min(minCentre, p.z)
      minVertex = min(minVertex, vertex)
      if p.z < 0 { below += 1 }
      if vertex < -0.05 { sunk += 1 }
      zSum += p.z
    }
    return [
      ("max_speed", .number(maxSpeed)),
      ("min_center_z", .number(minCentre)),
      ("min_vertex_z", .number(minVertex)),
      ("below_ground", .int(below)),
      ("sunk_5cm", .int(sunk)),
      ("mean_center_z", .number(zSum / Double(max(1, world.bodyCount)))),
    ]
  }
}
