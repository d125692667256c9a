import DioramaCollision
import DioramaCore
import DioramaRigid
import Foundation

/// `DioramaBenchmarks rigid-scaling`: step time against body count for a pile of cubes, and
/// memory per body.
///
/// For n in 100, 1 000, 10 000, 30 000: unit cubes (1 t) in a square grid of columns, 1.2 m
/// apart, 10 cubes high, each tilted by a seeded rotation of up to 10°, dropped onto a plane
/// from 0.2 m gaps; dt 1/240 s, 4 substeps, sleeping off, 1 thread. The first 120 steps (0.5 s,
/// the columns topple and settle into contact) are not timed; the next `steps` are, and the
/// contact points of the last step are counted, so the cost per contact can be read off.
/// Memory is the growth of the resident set from before the world is built to after the timed
/// steps, divided by n (it counts the solver's buffers at their working size).
enum RigidScaling {
  static func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
      let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// `joint_grid` (Box2D's benchmark, in 3D): 100 × 100 spheres of radius 0.4 m, 1 m apart in a
  /// vertical xz grid, each joined to its right and lower neighbour by a ball-and-socket joint
  /// (19 800 joints), the top row's two corners pinned to the world; dt 1/60 s, 4 substeps.
  static func jointGrid(steps: Int, threads: Int) {
    var s = RigidSettings()
    s.sleeping = false
    s.threads = threads
    var world = RigidWorld(settings: s)
    let n = 100
    for row in 0..<n {
      for col in 0..<n {
        world.addBody(
          RigidBodyDef(
            shape: .sphere(radius: 0.4),
            transform: Transform(position: Vec3(Double(col), 0, 100 - Double(row))), mass: 1,
            entity: .object(row * n + col)))
      }
    }
    var joints = 0
    for row in 0..<n {
      for col in 0..<n {
        let i = row * n + col
        let p = world.positions[i]
        if col + 1 < n {
          world.addJoint(
            .ballSocket(world: world, bodyA: i, bodyB: i + 1, anchor: p + Vec3(0.5, 0, 0)))
          joints += 1
        }
        if row + 1 < n {
          world.addJoint(
            .ballSocket(world: world, bodyA: i, bodyB: i + n, anchor: p - Vec3(0, 0, 0.5)))
          joints += 1
        }
      }
    }
    world.addJoint(.ballSocket(world: world, bodyA: -1, bodyB: 0, anchor: world.positions[0]))
    world.addJoint(
      .ballSocket(world: world, bodyA: -1, bodyB: n - 1, anchor: world.positions[n - 1]))
    var events: [Event] = []
    let dt = 1.0 / 60
    let t0 = DispatchTime.now().uptimeNanoseconds
    for k in 0..<steps {
      world.step(dt: dt, substeps: 4, time: Double(k) * dt, events: &events)
      events.removeAll(keepingCapacity: true)
    }
    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-6 / Double(steps)
    var worst = 0.0
    for row in 0..<n {
      for col in 0..<(n - 1) {
        let i = row * n + col
        worst = max(worst, abs((world.positions[i + 1] - world.positions[i]).length - 1))
      }
    }
    print(
      String(
        format: "joint_grid: %d bodies, %d joints, %d threads: %.2f ms/step over %d steps; "
          + "worst neighbour-distance error %.4f m", n * n, joints + 2, threads, ms, steps, worst))
  }

  /// A ragdoll of 10 capsules and a sphere joined by 10 ball-and-socket joints (hips,
  /// shoulders, knees and elbows as cones), standing upright at `base` (its feet's level).
  static func addRagdoll(_ world: inout RigidWorld, at base: Vec3, first: Int) {
    func add(_ shape: Shape, _ p: Vec3, _ q: Quaternion = .identity, mass: Double) -> Int {
      world.addBody(
        RigidBodyDef(
          shape: shape, transform: Transform(position: base + p, rotation: q), mass: mass,
          friction: 0.6, restitution: 0.1, entity: .object(first + world.bodyCount)))
    }
    let sideways = Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 2)
    let pelvis = add(.capsule(radius: 0.12, halfHeight: 0.08), Vec3(0, 0, 0.95), sideways, mass: 10)
    let chest = add(.capsule(radius: 0.14, halfHeight: 0.12), Vec3(0, 0, 1.3), mass: 20)
    let head = add(.sphere(radius: 0.11), Vec3(0, 0, 1.68), mass: 5)
    var limbs: [(Int, Int, Vec3)] = [
      (pelvis, chest, Vec3(0, 0, 1.12)), (chest, head, Vec3(0, 0, 1.55)),
    ]
    for side in [-1.0, 1.0] {
      let thigh = add(.capsule(radius: 0.07, halfHeight: 0.17), Vec3(0.12 * side, 0, 0.68), mass: 8)
      let shin = add(.capsule(radius: 0.055, halfHeight: 0.17), Vec3(0.12 * side, 0, 0.25), mass: 4)
      let arm = add(
        .capsule(radius: 0.05, halfHeight: 0.12), Vec3(0.28 * side, 0, 1.28), mass: 2.5)
      let forearm = add(
        .capsule(radius: 0.045, halfHeight: 0.12), Vec3(0.28 * side, 0, 0.95), mass: 1.5)
      limbs += [
        (pelvis, thigh, Vec3(0.12 * side, 0, 0.9)), (thigh, shin, Vec3(0.12 * side, 0, 0.46)),
        (chest, arm, Vec3(0.28 * side, 0, 1.45)), (arm, forearm, Vec3(0.28 * side, 0, 1.11)),
      ]
    }
    for (a, b, anchor) in limbs {
      world.addJoint(
        .ballSocket(world: world, bodyA: a, bodyB: b, anchor: base + anchor, swingLimit: 1.2))
    }
  }

  /// 160 ragdolls (1 760 bodies, 1 600 joints) dropped in a 8 × 4 grid, five layers, onto a
  /// plane; dt 1/60 s, 4 substeps, sleeping off, 3 s (180 steps) timed from the drop.
  static func ragdollPile(threads: Int) {
    var s = RigidSettings()
    s.sleeping = false
    s.threads = threads
    var world = RigidWorld(settings: s)
    world.addPlane(
      StaticPlaneDef(
        halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: 0.6, restitution: 0.1,
        entity: .ground))
    for layer in 0..<5 {
      for gy in 0..<4 {
        for gx in 0..<8 {
          addRagdoll(
            &world, at: Vec3(Double(gx) * 0.9, Double(gy) * 0.6, 0.2 + Double(layer) * 2.0),
            first: 0)
        }
      }
    }
    var events: [Event] = []
    let dt = 1.0 / 60
    let steps = 180
    let t0 = DispatchTime.now().uptimeNanoseconds
    for k in 0..<steps {
      world.step(dt: dt, substeps: 4, time: Double(k) * dt, events: &events)
      events.removeAll(keepingCapacity: true)
    }
    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-6 / Double(steps)
    var lowest = Double.infinity
    for i in 0..<world.bodyCount {
      lowest = min(lowest, world.shapes[i].aabb(world.transform(of: i)).min.z)
    }
    print(
      String(
        format: "ragdoll_pile: 160 ragdolls, %d bodies, %d joints, %d threads: %.2f ms/step "
          + "over %d steps (3 s); lowest point %.4f m", world.bodyCount, world.jointCount,
        threads, ms, steps, lowest))
  }

  static func main(_ args: [String]) -> Int32 {
    if args.first == "--ragdolls" {
      for t in [1, 2] { ragdollPile(threads: t) }
      return 0
    }
    if args.first == "--joint-grid" {
      let steps = args.count > 1 ? Int(args[1]) ?? 60 : 60
      for t in [1, 2] { jointGrid(steps: steps, threads: t) }
      return 0
    }
    var counts = [100, 1000, 10_000, 30_000]
    var steps = 60
    var threads = 1
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--bodies":
        i += 1
        counts = args[i].split(separator: ",").compactMap { Int($0) }
      case "--steps":
        i += 1
        steps = Int(args[i]) ?? steps
      case "--threads":
        i += 1
        threads = Int(args[i]) ?? 1
      default:
        print(
          "usage: DioramaBenchmarks rigid-scaling [--bodies 100,1000,...] [--steps n] [--threads 1|2]"
        )
        return 2
      }
      i += 1
    }
    print(
      "| bodies | contact points | ms/step | µs per body | ns per contact point | memory per body |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in counts {
      let before = residentBytes()
      var s = RigidSettings()
      s.sleeping = false
      s.threads = threads
      var world = RigidWorld(settings: s)
      world.addPlane(
        StaticPlaneDef(
          halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: 0.6, restitution: 0,
          entity: .ground))
      let columns = max(1, n / 10)
      let side = Int(Double(columns).squareRoot().rounded(.up))
      var rng = SeededGenerator(seed: 42)
      for k in 0..<n {
        let c = k / 10, level = k % 10
        let axis = Vec3(
          Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng), 1
        ).normalized
        let q = Quaternion(
          axis: axis, angle: Double.random(in: 0...(10 * Double.pi / 180), using: &rng))
        let p = Vec3(Double(c % side) * 1.2, Double(c / side) * 1.2, 0.6 + Double(level) * 1.2)
        world.addBody(
          RigidBodyDef(
            shape: .box(halfExtents: Vec3(repeating: 0.5)),
            transform: Transform(position: p, rotation: q),
            mass: 1000, friction: 0.6, restitution: 0, entity: .object(k)))
      }
      var events: [Event] = []
      let dt = 1.0 / 240
      for k in 0..<120 {
        world.step(dt: dt, substeps: 4, time: Double(k) * dt, events: &events)
        events.removeAll(keepingCapacity: true)
      }
      let t0 = DispatchTime.now().uptimeNanoseconds
      for k in 120..<(120 + steps) {
        world.step(dt: dt, substeps: 4, time: Double(k) * dt, events: &events)
        events.removeAll(keepingCapacity: true)
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
      let ms = 1e3 * seconds / Double(steps)
      let points = world.contactPointCount
      let memory = Double(residentBytes() - before) / Double(n)
      print(
        String(
          format: "| %d | %d | %.2f | %.2f | %.0f | %.0f B |", n, points, ms, 1e3 * ms / Double(n),
          1e6 * ms / Double(max(points, 1)), memory))
    }
    return 0
  }
}
