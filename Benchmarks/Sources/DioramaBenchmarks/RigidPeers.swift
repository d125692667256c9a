import DioramaCollision
import DioramaCore
import DioramaRigid
import Foundation

/// A JSON scalar for the one-line reports.
enum JSONValue {
  case string(String)
  case int(Int)
  /// Printed rounded to 6 decimals, as the Python side does; non-finite values print `null`.
  case number(Double)
  case null

  var text: String {
    switch self {
    case .string(let s):
      var out = "\""
      for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
          if u.value < 0x20 {
            out +=
              "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count)
              + String(u.value, radix: 16)
          } else {
            out.unicodeScalars.append(u)
          }
        }
      }
      return out + "\""
    case .int(let n): return String(n)
    case .number(let x):
      guard x.isFinite else { return "null" }
      let r = (x * 1e6).rounded() / 1e6
      return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) + ".0" : String(r)
    case .null: return "null"
    }
  }
}

/// `{"k": v, ...}` on one line, keys in the given order.
func jsonLine(_ fields: [(String, JSONValue)]) -> String {
  "{" + fields.map { JSONValue.string($0.0).text + ": " + $0.1.text }.joined(separator: ", ")
    + "}"
}

/// `DioramaBenchmarks rigid`: the rigid-body scenes shared with the peer engines
/// (Benchmarks/peers), one JSON line per scene with `--json`, else a short text table.
enum RigidPeers {
  static let scenes = [
    "rigid_pile", "large_pyramid", "freefall", "bounce", "slide", "ramp_stick", "ramp_slide",
  ]

  static let usage = """
    usage: DioramaBenchmarks rigid [--json] [--scene <name>]... [--pile-steps <n>]
                                   [--pyramid-steps <n>] [--poses <file>] [--version <label>]
      --json           one JSON line per scene (the format of Benchmarks/peers/*_scenes.py)
      --scene          run only these scenes (repeatable): \(scenes.joined(separator: ", "))
      --pile-steps     steps of rigid_pile (default 1200: 5 s at 1/240 s)
      --pyramid-steps  steps of large_pyramid (default 600: 10 s at 1/60 s)
      --poses          rigid_pile pose fixture (default Benchmarks/peers/rigid_pile_poses.json)
      --version        label for the "version" field (default "dev"; run.py passes the commit)
      --sleep          let resting bodies sleep (default off, as in the peers; Diorama's own
                       default is on)
      --threads        solver threads, 1 or 2 (default 1; results are identical)
      --trace          every n large_pyramid steps, print the top box and max |y| to stderr
    """

  struct Options {
    var json = false
    var scenes: [String] = []
    var pileSteps = RigidScenes.pileSteps
    var pyramidSteps = RigidScenes.pyramidSteps
    var poses = RigidScenes.defaultPosesPath
    var version = "dev"
    /// Print the top box and the widest out-of-plane |y| every this many pyramid steps to
    /// stderr (0: never); the printing is outside the timed sections.
    var trace = 0
    /// Let resting islands sleep (Diorama's default). Off unless `--sleep`: the peers run
    /// without sleeping, so the timings compare the same work.
    var sleep = false
    /// Solver threads (1 or 2).
    var threads = 1
  }

  /// Runs the command; returns the process exit code (0 ok, 1 a scene failed, 2 usage).
  static func main(_ arguments: [String]) -> Int32 {
    var o = Options()
    var it = arguments.makeIterator()
    func value(_ flag: String) -> String? {
      guard let v = it.next() else {
        FileHandle.standardError.write(Data("\(flag) needs a value\n\(usage)\n".utf8))
        return nil
      }
      return v
    }
    func count(_ flag: String) -> Int? {
      guard let v = value(flag) else { return nil }
      guard let n = Int(v), n > 0 else {
        FileHandle.standardError.write(
          Data("\(flag): expected a positive integer, found \(v)\n".utf8))
        return nil
      }
      return n
    }
    while let a = it.next() {
      switch a {
      case "--json": o.json = true
      case "--sleep": o.sleep = true
      case "--scene":
        guard let s = value(a) else { return 2 }
        guard scenes.contains(s) else {
          FileHandle.standardError.write(
            Data(
              "--scene: unknown scene \(s); expected one of \(scenes.joined(separator: ", "))\n"
                .utf8))
          return 2
        }
        o.scenes.append(s)
      case "--threads":
        guard let n = count(a), n == 1 || n == 2 else { return 2 }
        o.threads = n
      case "--pile-steps":
        guard let n = count(a) else { return 2 }
        o.pileSteps = n
      case "--pyramid-steps":
        guard let n = count(a) else { return 2 }
        o.pyramidSteps = n
      case "--poses":
        guard let v = value(a) else { return 2 }
        o.poses = v
      case "--trace":
        guard let n = count(a) else { return 2 }
        o.trace = n
      case "--version":
        guard let v = value(a) else { return 2 }
        o.version = v
      case "-h", "--help":
        print(usage)
        return 0
      default:
        FileHandle.standardError.write(Data("unknown argument \(a)\n\(usage)\n".utf8))
        return 2
      }
    }
    if o.scenes.isEmpty { o.scenes = scenes }
    var status: Int32 = 0
    for s in o.scenes {
      do {
        let fields = try run(s, o)
        if o.json {
          print(jsonLine(fields))
        } else {
          let shown = fields.filter { $0.0 != "engine" && $0.0 != "version" && $0.0 != "config" }
          print(shown.map { "\($0.0)=\($0.1.text)" }.joined(separator: " "))
        }
      } catch {
        FileHandle.standardError.write(Data("\(s) failed: \(error)\n".utf8))
        status = 1
      }
      fflush(stdout)
    }
    return status
  }

  static func run(_ scene: String, _ o: Options) throws -> [(String, JSONValue)] {
    switch scene {
    case "rigid_pile": return try rigidPile(o)
    case "large_pyramid": return largePyramid(o)
    case "freefall": return freefall(o)
    case "bounce": return bounce(o)
    case "slide": return slide(o)
    case "ramp_stick": return ramp(o, scene: scene, tanTheta: 0.9 * RigidScenes.rampFriction)
    default: return ramp(o, scene: scene, tanTheta: 1.1 * RigidScenes.rampFriction)
    }
  }

  /// The fields every engine reports, in peer_common.emit's order.
  static func header(
    _ o: Options, scene: String, steps: Int, seconds: Double, config: String
  ) -> [(String, JSONValue)] {
    [
      ("engine", .string("diorama")),
      ("version", .string(o.version)),
      ("scene", .string(scene)),
      ("steps", .int(steps)),
      ("seconds", .number(seconds)),
      ("steps_per_s", .number(Double(steps) / seconds)),
      ("ms_per_step", .number(1e3 * seconds / Double(steps))),
      ("threads", .int(o.threads)),
      ("config", .string(config)),
    ]
  }

  /// Steps `world` `steps` times and returns the wall-clock seconds; events are cleared every
  /// step, as a caller that reads them would.
  @inline(never)
  static func timedSteps(
    _ world: inout RigidWorld, steps: Int, dt: Double, substeps: Int, firstStep: Int = 0
  ) -> Double {
    var events: [Event] = []
    events.reserveCapacity(1 << 16)
    let t0 = nowNanoseconds()
    for k in firstStep..<(firstStep + steps) {
      world.step(dt: dt, substeps: substeps, time: Double(k) * dt, events: &events)
      events.removeAll(keepingCapacity: true)
    }
    let t1 = nowNanoseconds()
    blackHole(world.positions)
    return Double(t1 - t0) * 1e-9
  }

  /// Diorama's default settings, with sleeping as `--sleep` says.
  static func settings(_ o: Options) -> RigidSettings {
    var s = RigidSettings()
    s.sleeping = o.sleep
    s.threads = o.threads
    return s
  }

  static func settingsText(_ s: RigidSettings) -> String {
    "\(s.iterations) iteration + \(s.relaxIterations) relax per substep, "
      + "sleeping \(s.sleeping ? "on" : "off"), \(s.threads) thread"
  }

  // MARK: - Benchmarks

  static func rigidPile(_ o: Options) throws -> [(String, JSONValue)] {
    var world = RigidScenes.pile(poses: try RigidScenes.loadPoses(path: o.poses))
    world.settings.sleeping = o.sleep
    world.settings.threads = o.threads
    let seconds = timedSteps(
      &world, steps: o.pileSteps, dt: RigidScenes.pileDt, substeps: RigidScenes.pileSubsteps)
    return header(
      o, scene: "rigid_pile", steps: o.pileSteps, seconds: seconds,
      config: "dt 1/240 s, \(RigidScenes.pileSubsteps) substeps, \(settingsText(world.settings))")
      + [("bodies", .int(world.bodyCount))]
      + RigidScenes.boxOutcomes(world, half: RigidScenes.pileHalf)
  }

  static func largePyramid(_ o: Options) -> [(String, JSONValue)] {
    var world = RigidScenes.pyramid()
    world.settings.sleeping = o.sleep
    world.settings.threads = o.threads
    let top = world.bodyCount - 1
    let top0 = world.positions[top]
    var seconds = 0.0
    var done = 0
    while done < o.pyramidSteps {
      let n = o.trace > 0 ? min(o.trace, o.pyramidSteps - done) : o.pyramidSteps
      seconds += timedSteps(
        &world, steps: n, dt: RigidScenes.pyramidDt, substeps: RigidScenes.pyramidSubsteps,
        firstStep: done)
      done += n
      if o.trace > 0 {
        let p = world.positions[top]
        let wide = world.positions.reduce(0.0) { max($0, abs($1.y)) }
        let fast = world.linearVelocities.reduce(0.0) { max($0, $1.length) }
        let line =
          "large_pyramid step \(done): top (\(p.x), \(p.y), \(p.z)) m, "
          + "max |y| \(wide) m, max speed \(fast) m/s\n"
        FileHandle.standardError.write(Data(line.utf8))
      }
    }
    let d = world.positions[top] - top0
    return header(
      o, scene: "large_pyramid", steps: o.pyramidSteps, seconds: seconds,
      config: "dt 1/60 s, \(RigidScenes.pyramidSubsteps) substeps, \(settingsText(world.settings))")
      + [
        ("bodies", .int(world.bodyCount)),
        ("top_drift", .number(d.length)),
        ("top_dx", .number(d.x)),
        ("top_dz", .number(d.z)),
      ]
      + RigidScenes.boxOutcomes(world, half: RigidScenes.pyramidHalf)
  }

  // MARK: - Validation

  static func validationConfig(_ o: Options) -> String {
    "dt 1/240 s, \(RigidScenes.validationSubsteps) substeps, sleeping \(o.sleep ? "on" : "off")"
  }

  /// Time for the sphere's centre to drop `freefallHeight` (no ground), interpolated linearly
  /// between the steps that bracket it; analytic √(2h/g).
  static func freefall(_ o: Options) -> [(String, JSONValue)] {
    let dt = RigidScenes.validationDt
    let z0 = RigidScenes.freefallHeight + RigidScenes.sphereRadius
    var world = RigidWorld(settings: settings(o))
    world.addBody(RigidScenes.sphereDef(at: Vec3(0, 0, z0), restitution: 0))
    let target = z0 - RigidScenes.freefallHeight
    var events: [Event] = []
    var zPrev = z0
    var k = 0
    var crossed = Double.nan
    let t0 = nowNanoseconds()
    while crossed.isNaN && k < 10_000 {
      world.step(
        dt: dt, substeps: RigidScenes.validationSubsteps, time: Double(k) * dt, events: &events)
      k += 1
      let z = world.positions[0].z
      if z <= target { crossed = (Double(k - 1) + (zPrev - target) / (zPrev - z)) * dt }
      zPrev = z
    }
    let seconds = Double(nowNanoseconds() - t0) * 1e-9
    let want = (2 * RigidScenes.freefallHeight / RigidScenes.g).squareRoot()
    return header(
      o, scene: "freefall", steps: k, seconds: seconds, config: validationConfig(o) + ", no ground")
      + [
        ("measured", .number(crossed)), ("expected", .number(want)),
        ("rel_error", .number((crossed - want) / want)),
      ]
  }

  /// Apex of the sphere's bottom after its first bounce over the drop height; e² expected.
  static func bounce(_ o: Options) -> [(String, JSONValue)] {
    let dt = RigidScenes.validationDt
    let r = RigidScenes.sphereRadius
    let e = RigidScenes.bounceRestitution
    var world = RigidWorld(settings: settings(o))
    world.addBody(
      RigidScenes.sphereDef(at: Vec3(0, 0, RigidScenes.bounceHeight + r), restitution: e))
    world.addPlane(RigidScenes.ground(friction: 0.5, restitution: e))
    let steps = Int(1.5 / dt)
    var events: [Event] = []
    var bounced = false
    var apex = -Double.infinity
    let t0 = nowNanoseconds()
    for k in 0..<steps {
      world.step(
        dt: dt, substeps: RigidScenes.validationSubsteps, time: Double(k) * dt, events: &events)
      events.removeAll(keepingCapacity: true)
      if !bounced && world.linearVelocities[0].z > 0 { bounced = true }
      if bounced { apex = max(apex, world.positions[0].z) }
    }
    let seconds = Double(nowNanoseconds() - t0) * 1e-9
    let ratio = (apex - r) / RigidScenes.bounceHeight
    let want = e * e
    return header(
      o, scene: "bounce", steps: steps, seconds: seconds,
      config: validationConfig(o) + ", restitution 0.5 (pairs combine as √(ea eb))")
      + [
        ("measured", .number(ratio)), ("expected", .number(want)),
        ("rel_error", .number((ratio - want) / want)),
      ]
  }

  /// Distance a cube launched at 5 m/s slides with μ = 0.3 in 3 s; v²/(2μg) expected.
  static func slide(_ o: Options) -> [(String, JSONValue)] {
    var world = RigidWorld(settings: settings(o))
    world.addBody(
      RigidScenes.unitBoxDef(
        friction: RigidScenes.slideFriction, velocity: Vec3(RigidScenes.slideSpeed, 0, 0)))
    world.addPlane(RigidScenes.ground(friction: RigidScenes.slideFriction, restitution: 0))
    let steps = Int(3.0 / RigidScenes.validationDt)
    let seconds = timedSteps(
      &world, steps: steps, dt: RigidScenes.validationDt,
      substeps: RigidScenes.validationSubsteps)
    let x = world.positions[0].x
    let v = RigidScenes.slideSpeed
    let want = v * v / (2 * RigidScenes.slideFriction * RigidScenes.g)
    return header(
      o, scene: "slide", steps: steps, seconds: seconds,
      config: validationConfig(o) + ", friction 0.3"
    )
      + [
        ("measured", .number(x)), ("expected", .number(want)),
        ("rel_error", .number((x - want) / want)),
      ]
  }

  /// Displacement of a cube resting on a ramp (gravity tilted by θ) after 2 s.
  static func ramp(_ o: Options, scene: String, tanTheta: Double) -> [(String, JSONValue)] {
    var s = settings(o)
    s.gravity = RigidScenes.rampGravity(tanTheta: tanTheta)
    var world = RigidWorld(settings: s)
    world.addBody(RigidScenes.unitBoxDef(friction: RigidScenes.rampFriction))
    world.addPlane(RigidScenes.ground(friction: RigidScenes.rampFriction, restitution: 0))
    let steps = Int((RigidScenes.rampSeconds / RigidScenes.validationDt).rounded())
    let seconds = timedSteps(
      &world, steps: steps, dt: RigidScenes.validationDt,
      substeps: RigidScenes.validationSubsteps)
    return header(
      o, scene: scene, steps: steps, seconds: seconds,
      config: validationConfig(o) + ", gravity tilted to tan theta = \(tanTheta), mu 0.5")
      + [
        ("measured", .number(world.positions[0].x)),
        ("expected", .number(RigidScenes.rampExpected(tanTheta: tanTheta))),
        ("tan_theta", .number(tanTheta)),
      ]
  }
}
