import DioramaCollision
import DioramaCore
import Foundation
import Testing

@testable import DioramaRigid

/// A world without ground; sleeping off so every second of a test is simulated.
private func jointWorld() -> RigidWorld {
  var settings = RigidSettings()
  settings.sleeping = false
  return RigidWorld(settings: settings)
}

private func sphereDef(_ p: Vec3, radius: Double = 0.05, mass: Double = 1, entity: Int = 0)
  -> RigidBodyDef
{
  RigidBodyDef(
    shape: .sphere(radius: radius), transform: Transform(position: p), mass: mass,
    restitution: 0, allowSleep: false, entity: .object(entity))
}

private func boxDef(_ p: Vec3, halfExtents: Vec3, mass: Double = 1, entity: Int = 0)
  -> RigidBodyDef
{
  RigidBodyDef(
    shape: .box(halfExtents: halfExtents), transform: Transform(position: p), mass: mass,
    restitution: 0, allowSleep: false, entity: .object(entity))
}

/// Steps `world` for `seconds`, calling `each` with the time at the end of every step.
private func simulate(
  _ world: inout RigidWorld, seconds: Double, dt: Double = 1.0 / 240, substeps: Int = 4,
  events: inout [Event], each: (RigidWorld, Double) -> Void = { _, _ in }
) {
  var t = 0.0
  let steps = Int((seconds / dt).rounded())
  for _ in 0..<steps {
    world.step(dt: dt, substeps: substeps, time: t, events: &events)
    t += dt
    each(world, t)
  }
}

/// Mean period (s) from the upward zero crossings of a sampled signal, linearly interpolated.
private func period(times: [Double], values: [Double]) -> Double? {
  var crossings: [Double] = []
  for k in 1..<values.count where values[k - 1] < 0 && values[k] >= 0 {
    let f = -values[k - 1] / (values[k] - values[k - 1])
    crossings.append(times[k - 1] + f * (times[k] - times[k - 1]))
  }
  guard crossings.count >= 2 else { return nil }
  return (crossings.last! - crossings.first!) / Double(crossings.count - 1)
}

@Suite("Joints against closed-form motion")
struct JointTests {
  let g = 9.81

  @Test("A ball on a 1 m distance joint swings with the small-angle period 2π√(L/g) within 1%")
  func distancePendulum() throws {
    var w = jointWorld()
    let length = 1.0, theta0 = 0.05
    let ball = w.addBody(sphereDef(Vec3(length * sin(theta0), 0, -length * cos(theta0))))
    w.addJoint(
      .distance(world: w, bodyA: -1, bodyB: ball, anchorA: .zero, anchorB: w.positions[ball]))
    var times: [Double] = [], xs: [Double] = []
    var events: [Event] = []
    simulate(&w, seconds: 10.5, events: &events) { w, t in
      times.append(t)
      xs.append(w.positions[ball].x)
    }
    let measured = try #require(period(times: times, values: xs))
    // Small-angle period; the finite amplitude adds θ₀²/16 = 0.016%, far inside the 1% the
    // issue asks for, which bounds the integrator's phase error over five periods.
    let expected = 2 * Double.pi * (length / g).squareRoot()
    #expect(abs(measured - expected) < 0.01 * expected, "period \(measured) s vs \(expected) s")
  }

  @Test("A ball on a hinge swings with the compound-pendulum period within 1%")
  func hingePendulum() throws {
    var w = jointWorld()
    let length = 0.5, radius = 0.05, theta0 = 0.05
    let ball = w.addBody(
      sphereDef(Vec3(length * sin(theta0), 0, -length * cos(theta0)), radius: radius))
    w.addJoint(.hinge(world: w, bodyA: -1, bodyB: ball, anchor: .zero, axis: Vec3(0, 1, 0)))
    var times: [Double] = [], xs: [Double] = []
    var events: [Event] = []
    simulate(&w, seconds: 8, events: &events) { w, t in
      times.append(t)
      xs.append(w.positions[ball].x)
    }
    let measured = try #require(period(times: times, values: xs))
    // T = 2π √(I_pivot / (m g L)), I_pivot = m L² + (2/5) m r² for a solid ball; 1% as above.
    let pivotInertia = length * length + 0.4 * radius * radius
    let expected = 2 * Double.pi * (pivotInertia / (g * length)).squareRoot()
    #expect(abs(measured - expected) < 0.01 * expected, "period \(measured) s vs \(expected) s")
    // The hinge keeps the ball in the x–z plane.
    #expect(abs(w.positions[ball].y) < 1e-6)
  }

  @Test("A bar falling on a hinge stops at its 45° limit")
  func hingeLimit() {
    var w = jointWorld()
    let halfLength = 0.25
    let bar = w.addBody(
      boxDef(Vec3(halfLength, 0, 0), halfExtents: Vec3(halfLength, 0.02, 0.02), mass: 1))
    // Turning about +y takes +x towards −z: gravity drives the angle up, into the upper limit.
    let limit = Double.pi / 4
    w.addJoint(
      .hinge(
        world: w, bodyA: -1, bodyB: bar, anchor: .zero, axis: Vec3(0, 1, 0),
        limits: JointLimits(lower: -limit, upper: limit)))
    var largest = 0.0
    var events: [Event] = []
    func angle(_ w: RigidWorld) -> Double { atan2(-w.positions[bar].z, w.positions[bar].x) }
    simulate(&w, seconds: 2, events: &events) { w, _ in largest = max(largest, angle(w)) }
    // The speculative limit removes the approach within the substep it would cross, and the
    // limit row is solved with the hinge's pivot (see AngularResponse), so the bar stops at
    // the limit to within the soft limit's sag under the gravity torque (measured 2e-5 rad);
    // 1 mrad is a small fraction of one substep's motion (ω h ≈ 5 rad/s / 960 Hz ≈ 5 mrad).
    #expect(largest < limit + 0.001, "largest angle \(largest) rad")
    #expect(abs(angle(w) - limit) < 0.001, "rests at \(angle(w)) rad")
    #expect(w.angularVelocities[bar].length < 0.01)
  }

  @Test("A hinge motor spins a cube up at τ/I and holds its target speed")
  func hingeMotor() {
    var w = jointWorld()
    let half = 0.1, mass = 2.0
    let cube = w.addBody(boxDef(Vec3(0, 0, 1), halfExtents: Vec3(half, half, half), mass: mass))
    let torque = 0.1, target = 5.0
    // Vertical axis through the centre: gravity exerts no torque about it.
    w.addJoint(
      .hinge(
        world: w, bodyA: -1, bodyB: cube, anchor: Vec3(0, 0, 1), axis: Vec3(0, 0, 1),
        motor: JointMotor(speed: target, maxForce: torque)))
    let inertia = mass * (4 * half * half + 4 * half * half) / 12
    var events: [Event] = []
    simulate(&w, seconds: 0.4, events: &events)
    // Torque-limited: every substep adds exactly τ h / I, so ω = τ t / I (3 rad/s at 0.4 s)
    // up to round-off.
    let ramp = torque * 0.4 / inertia
    #expect(abs(w.angularVelocities[cube].z - ramp) < 1e-9 * ramp)
    simulate(&w, seconds: 1.1, events: &events)
    // Speed-limited once reached (at 0.67 s): exact up to round-off.
    #expect(abs(w.angularVelocities[cube].z - target) < 1e-6)
    #expect(abs(w.angularVelocities[cube].x) < 1e-6 && abs(w.angularVelocities[cube].y) < 1e-6)
  }

  @Test("A hinge spring of 2 Hz oscillates with a 0.5 s period within 1%")
  func hingeSpring() throws {
    var w = jointWorld()
    let cube = w.addBody(boxDef(Vec3(0, 0, 1), halfExtents: Vec3(0.1, 0.1, 0.1), mass: 2))
    w.addJoint(
      .hinge(
        world: w, bodyA: -1, bodyB: cube, anchor: Vec3(0, 0, 1), axis: Vec3(0, 0, 1),
        spring: JointSpring(hertz: 2, dampingRatio: 0)))
    w.setVelocity(cube, linear: .zero, angular: Vec3(0, 0, 1))
    var times: [Double] = [], rates: [Double] = []
    var events: [Event] = []
    simulate(&w, seconds: 3, events: &events) { w, t in
      times.append(t)
      rates.append(w.angularVelocities[cube].z)
    }
    let measured = try #require(period(times: times, values: rates))
    // Undamped implicit-Euler spring: frequency error O((ωh)²) ≈ 2e-4 at h = 1/960 s.
    #expect(abs(measured - 0.5) < 0.005, "period \(measured) s")
  }

  @Test("A weld keeps two tumbling boxes rigid: relative drift under 1 mm")
  func weldStaysRigid() {
    var w = jointWorld()
    let h = Vec3(0.05, 0.05, 0.05)
    let a = w.addBody(boxDef(Vec3(0, 0, 0), halfExtents: h, mass: 1, entity: 0))
    let b = w.addBody(boxDef(Vec3(0.1, 0, 0), halfExtents: h, mass: 2, entity: 1))
    // Hung by a corner so the pair swings and tumbles; the weld takes bending and torsion.
    w.addJoint(.ballSocket(world: w, bodyA: -1, bodyB: a, anchor: Vec3(-0.05, 0.05, 0.05)))
    w.addJoint(.fixed(world: w, bodyA: a, bodyB: b, anchor: Vec3(0.05, 0, 0)))
    let offset0 = w.orientations[a].inverseRotate(w.positions[b] - w.positions[a])
    var drift = 0.0, turn = 0.0
    var events: [Event] = []
    simulate(&w, seconds: 3, events: &events) { w, _ in
      let offset = w.orientations[a].inverseRotate(w.positions[b] - w.positions[a])
      drift = max(drift, (offset - offset0).length)
      let q = w.orientations[a].conjugate * w.orientations[b]
      turn = max(turn, 2 * Vec3(q.x, q.y, q.z).length)
    }
    // 1 mm: the bound for "rigid"; the soft weld's error is the swinging load over
    // its stiffness (see JointSettings.hertz).
    #expect(drift < 0.001, "drift \(drift) m")
    #expect(turn < 0.01, "relative rotation \(turn) rad")
  }

  @Test("A slider drops a box 0.5 m in free fall to its limit, with no sideways motion")
  func sliderLimit() {
    var w = jointWorld()
    let body = w.addBody(boxDef(Vec3(0, 0, 1), halfExtents: Vec3(0.1, 0.1, 0.1), mass: 1))
    w.addJoint(
      .slider(
        world: w, bodyA: -1, bodyB: body, anchor: Vec3(0, 0, 1), axis: Vec3(0, 0, 1),
        limits: JointLimits(lower: -0.5, upper: 0.5)))
    w.setVelocity(body, linear: .zero, angular: Vec3(0.3, 0.2, 0.1))
    var events: [Event] = []
    var arrival = -1.0
    simulate(&w, seconds: 1, events: &events) { w, t in
      if arrival < 0 && w.positions[body].z < 0.5 + 1e-3 { arrival = t }
    }
    // Free fall over 0.5 m takes √(2·0.5/g) = 0.319 s; within one step (1/240 s).
    #expect(abs(arrival - (1 / g).squareRoot()) < 1.0 / 240 + 1e-9, "arrived at \(arrival) s")
    #expect(abs(w.positions[body].z - 0.5) < 0.001)
    #expect(abs(w.positions[body].x) < 1e-6 && abs(w.positions[body].y) < 1e-6)
    // The slider locks rotation: the initial spin is taken out entirely.
    #expect(w.angularVelocities[body].length < 1e-6)
  }

  @Test("A ball-and-socket swing cone of 30° bounds a pendulum thrown outwards")
  func swingCone() {
    var w = jointWorld()
    let ball = w.addBody(sphereDef(Vec3(0, 0, -0.5)))
    let cone = Double.pi / 6
    w.addJoint(
      .ballSocket(
        world: w, bodyA: -1, bodyB: ball, anchor: .zero, twistAxis: Vec3(0, 0, -1),
        swingLimit: cone))
    w.setVelocity(ball, linear: Vec3(3, 1, 0), angular: .zero)
    var largest = 0.0
    var events: [Event] = []
    simulate(&w, seconds: 2, events: &events) { w, _ in
      let d = w.positions[ball].normalized
      largest = max(largest, acos(min(1, -d.z)))
    }
    // The twist axis is the line from the pivot to the centre, so the swing of the ball's
    // frame is the pendulum's angle. The cone row is solved with the pivot (AngularResponse):
    // a light ball on a 0.5 m lever is the worst case for a plain Gauss–Seidel pass, which let
    // it through by 0.07 rad; now the excess is round-off (measured 2e-5 rad below the cone).
    // 1 mrad is a sixth of one substep's motion (≈ 6 rad/s / 960 Hz).
    #expect(largest < cone + 0.001, "largest swing \(largest) rad")
    #expect(largest > cone - 0.001)
  }

  @Test("A rope lets a ball fall freely until it is taut, then holds it at its length")
  func rope() {
    var w = jointWorld()
    let ball = w.addBody(sphereDef(Vec3(0, 0, -0.2)))
    w.addJoint(
      .distance(
        world: w, bodyA: -1, bodyB: ball, anchorA: .zero, anchorB: w.positions[ball],
        minLength: 0, maxLength: 1))
    var events: [Event] = []
    var taut = -1.0
    simulate(&w, seconds: 1.5, events: &events) { w, t in
      if taut < 0 && w.positions[ball].z < -1 + 1e-3 { taut = t }
    }
    // Free fall through 0.8 m: √(1.6/g) = 0.404 s, within one step.
    #expect(abs(taut - (1.6 / g).squareRoot()) < 1.0 / 240 + 1e-9, "taut at \(taut) s")
    #expect(abs(w.positions[ball].length - 1) < 0.001)
  }

  @Test("Joined bodies skip their contacts unless collideConnected")
  func contactFilter() {
    var w = jointWorld()
    let a = w.addBody(sphereDef(Vec3(0, 0, 0), radius: 0.1, entity: 0))
    let b = w.addBody(sphereDef(Vec3(0.15, 0, 0), radius: 0.1, entity: 1))
    let c = w.addBody(sphereDef(Vec3(0.3, 0, 0), radius: 0.1, entity: 2))
    w.addJoint(.fixed(world: w, bodyA: a, bodyB: b, anchor: Vec3(0.075, 0, 0)))
    var touching = JointDef.fixed(world: w, bodyA: b, bodyB: c, anchor: Vec3(0.225, 0, 0))
    touching.collideConnected = true
    w.addJoint(touching)
    #expect(w.jointFiltersPair(a, b) && w.jointFiltersPair(b, a))
    #expect(!w.jointFiltersPair(b, c) && !w.jointFiltersPair(a, c))
  }

  @Test("The same jointed world stepped twice gives bit-identical state")
  func determinism() {
    func runOnce() -> [Vec3] {
      var w = jointWorld()
      var previous = -1
      for k in 0..<12 {
        let p = Vec3(0.2 * Double(k), 0, 0)
        let body = w.addBody(boxDef(p, halfExtents: Vec3(0.08, 0.03, 0.03), entity: k))
        w.addJoint(
          k % 3 == 0
            ? .ballSocket(world: w, bodyA: previous, bodyB: body, anchor: p - Vec3(0.1, 0, 0))
            : .hinge(
              world: w, bodyA: previous, bodyB: body, anchor: p - Vec3(0.1, 0, 0),
              axis: Vec3(0, 1, 1), limits: JointLimits(lower: -1, upper: 1)))
        previous = body
      }
      var events: [Event] = []
      simulate(&w, seconds: 1, events: &events)
      return w.positions + w.linearVelocities + w.angularVelocities
    }
    #expect(runOnce() == runOnce())
  }

  @Test("A twist limit of ±0.3 rad stops a hanging cube spun about the twist axis")
  func twistLimit() {
    var w = jointWorld()
    let cube = w.addBody(boxDef(Vec3(0, 0, -0.1), halfExtents: Vec3(0.1, 0.1, 0.1)))
    w.addJoint(
      .ballSocket(
        world: w, bodyA: -1, bodyB: cube, anchor: .zero, twistAxis: Vec3(0, 0, 1),
        twistLimits: JointLimits(lower: -0.3, upper: 0.3)))
    w.setVelocity(cube, linear: .zero, angular: Vec3(0, 0, 3))
    var largest = 0.0
    var events: [Event] = []
    simulate(&w, seconds: 1, events: &events) { w, _ in
      let q = w.orientations[cube]
      largest = max(largest, 2 * atan2(q.z, q.w))
    }
    // Solved with the pivot, the limit holds to round-off; 1 mrad is a third of one
    // substep's motion (3 rad/s / 960 Hz ≈ 3 mrad).
    #expect(largest < 0.3 + 0.001, "largest twist \(largest) rad")
    #expect(largest > 0.3 - 0.001)
  }

  @Test("A 1 Hz distance spring bobs once a second around L + g/ω²")
  func distanceSpring() throws {
    var w = jointWorld()
    let ball = w.addBody(sphereDef(Vec3(0, 0, -1)))
    w.addJoint(
      .distance(
        world: w, bodyA: -1, bodyB: ball, anchorA: .zero, anchorB: w.positions[ball],
        minLength: 0, maxLength: 3, spring: JointSpring(hertz: 1, dampingRatio: 0, target: 1)))
    let omega = 2 * Double.pi
    let rest = -1 - g / (omega * omega)
    var times: [Double] = [], zs: [Double] = [], sum = 0.0
    var events: [Event] = []
    simulate(&w, seconds: 5, events: &events) { w, t in
      times.append(t)
      zs.append(w.positions[ball].z - rest)
      sum += w.positions[ball].z
    }
    // The spring's hertz is the frequency with the body's effective mass (here its mass):
    // period 1 s; 1% allows the implicit-Euler spring's small frequency error.
    let measured = try #require(period(times: times, values: zs))
    #expect(abs(measured - 1) < 0.01, "period \(measured) s")
    // Undamped, so it oscillates about the static stretch g/ω² = 0.248 m: the mean over five
    // whole periods is the equilibrium within 1 mm.
    #expect(abs(sum / Double(zs.count) - rest) < 0.001)
  }

  @Test("A slider motor pushes a box to 0.5 m/s at F/m, then holds the speed")
  func sliderMotor() {
    var w = jointWorld()
    let body = w.addBody(boxDef(Vec3(0, 0, 1), halfExtents: Vec3(0.1, 0.1, 0.1), mass: 4))
    w.addJoint(
      .slider(
        world: w, bodyA: -1, bodyB: body, anchor: Vec3(0, 0, 1), axis: Vec3(1, 0, 0),
        motor: JointMotor(speed: 0.5, maxForce: 2)))
    var events: [Event] = []
    simulate(&w, seconds: 0.5, events: &events)
    // Force-limited: every substep adds exactly F h / m, so v = F t / m = 0.25 m/s at 0.5 s
    // up to round-off.
    #expect(abs(w.linearVelocities[body].x - 0.25) < 1e-9)
    simulate(&w, seconds: 1, events: &events)
    #expect(abs(w.linearVelocities[body].x - 0.5) < 1e-6)
    // Gravity is carried by the slider, across its axis.
    #expect(abs(w.positions[body].z - 1) < 1e-4)
  }

  @Test(
    "A 40-link chain with a 100× heavier end keeps every joint within 1% of a link for 5 s",
    arguments: [8])
  func heavyChain(substeps: Int) {
    var w = jointWorld()
    let links = 40, length = 0.2, radius = 0.15
    var previous = -1
    for k in 0..<links {
      let body = w.addBody(
        boxDef(
          Vec3(0, 0, -(Double(k) + 0.5) * length), halfExtents: Vec3(0.03, 0.03, length / 2),
          mass: 1, entity: k))
      w.addJoint(
        .ballSocket(world: w, bodyA: previous, bodyB: body, anchor: Vec3(0, 0, -Double(k) * length))
      )
      previous = body
    }
    let bottom = -Double(links) * length
    let weight = w.addBody(
      sphereDef(Vec3(0, 0, bottom - radius), radius: radius, mass: 100, entity: links))
    w.addJoint(.ballSocket(world: w, bodyA: previous, bodyB: weight, anchor: Vec3(0, 0, bottom)))
    // A push so the chain swings as well as hangs.
    w.setVelocity(weight, linear: Vec3(1, 0, 0), angular: .zero)
    var worst = 0.0
    var events: [Event] = []
    simulate(&w, seconds: 5, substeps: substeps, events: &events) { w, _ in
      for j in 0..<w.jointCount {
        let (a, b) = w.jointWorldAnchors(j)
        worst = max(worst, (a - b).length)
      }
    }
    // 1%: the bound. A soft joint stretches by about F/(m ω²) with ω capped at a
    // quarter of the substep rate, so the error falls as h²: the top joints (tension ≈ 140 m g
    // on unit links) reach 1.10% at 4 substeps and 0.27% at 8 (dt = 1/240 s).
    #expect(worst < 0.01 * length, "worst joint gap \(worst / length * 100)% of a link")
  }

  @Test(
    "A 160-plank bridge on hinges keeps every joint within 1% of a plank for 5 s",
    arguments: [(slack: 0.05, substeps: 8), (slack: 0.0, substeps: 16)])
  func bridge(slack: Double, substeps: Int) {
    var w = jointWorld()
    let planks = 160, length = 0.25
    let points = bridgePoints(planks: planks, length: length, slack: slack)
    var previous = -1
    for k in 0..<planks {
      let dir = (points[k + 1] - points[k]).normalized
      let body = w.addBody(
        RigidBodyDef(
          shape: .box(halfExtents: Vec3(length / 2, 0.1, 0.02)),
          transform: Transform(
            position: 0.5 * (points[k] + points[k + 1]),
            rotation: Quaternion(rotating: Vec3(1, 0, 0), to: dir)),
          mass: 1, restitution: 0, allowSleep: false, entity: .object(k)))
      w.addJoint(
        .hinge(world: w, bodyA: previous, bodyB: body, anchor: points[k], axis: Vec3(0, 1, 0)))
      previous = body
    }
    w.addJoint(
      .hinge(world: w, bodyA: previous, bodyB: -1, anchor: points[planks], axis: Vec3(0, 1, 0)))
    var worst = 0.0
    var events: [Event] = []
    simulate(&w, seconds: 5, substeps: substeps, events: &events) { w, _ in
      for j in 0..<w.jointCount {
        let (a, b) = w.jointWorldAnchors(j)
        worst = max(worst, (a - b).length)
      }
    }
    // 1%: the bound. A slack bridge (span 95% of its length, hung as a circular arc)
    // reaches 0.91% at 4 substeps and 0.23% at 8. A taut one (Box2D's benchmark layout) can
    // only sag by stretching its joints: 2.8% at 4 substeps, 1.07% at 8, 0.41% at 16.
    #expect(worst < 0.01 * length, "worst joint gap \(worst / length * 100)% of a plank")
  }

  @Test("A joint breaks in the first step its load exceeds breakForce, with one event")
  func breakForce() {
    var w = jointWorld()
    let mass = 2.0
    let ball = w.addBody(sphereDef(Vec3(0, 0, -1), mass: mass))
    var def = JointDef.ballSocket(world: w, bodyA: -1, bodyB: ball, anchor: .zero)
    // Gravity in step n is 10 + 0.02 n m/s², so the load m g crosses 40.02 N half-way between
    // steps 500 (40.00 N) and 501 (40.04 N): a 0.05% margin either side.
    def.breakForce = 40.02
    w.addJoint(def)
    let dt = 1.0 / 240
    var events: [Event] = []
    var brokeAt = -1
    for n in 0..<600 {
      w.settings.gravity = Vec3(0, 0, -(10 + 0.02 * Double(n)))
      w.step(dt: dt, substeps: 4, time: Double(n) * dt, events: &events)
      if brokeAt < 0 && w.isJointBroken(0) { brokeAt = n }
      if brokeAt < 0 {
        // The step's mean force is the weight it holds, to the margin above.
        #expect(abs(w.jointLoad(0).force - mass * (10 + 0.02 * Double(n))) < 0.01)
      }
    }
    #expect(brokeAt == 501)
    let breaks = events.compactMap { e -> JointBreakEvent? in
      if case .jointBreak(let b) = e { return b }
      return nil
    }
    #expect(breaks.count == 1)
    if let b = breaks.first {
      #expect(abs(b.time - 502 * dt) < 1e-9)
      #expect(b.joint == 0 && b.a == .ground && b.b == .object(0))
      #expect(abs(b.force - mass * 20.02) < 0.01)
      #expect(b.point.length < 1e-3)
    }
    // Broken for good: the ball has been falling freely since.
    #expect(w.positions[ball].z < -1.5)
  }

  @Test("A broken joint stops filtering its bodies' contacts")
  func filterAfterBreak() {
    var w = jointWorld()
    let a = w.addBody(sphereDef(Vec3(0, 0, 0), radius: 0.1, entity: 0))
    let b = w.addBody(sphereDef(Vec3(0, 0, -0.15), radius: 0.1, entity: 1))
    var def = JointDef.fixed(world: w, bodyA: a, bodyB: b, anchor: Vec3(0, 0, -0.075))
    def.breakForce = 1
    w.addJoint(def)
    w.addJoint(.ballSocket(world: w, bodyA: -1, bodyB: a, anchor: Vec3(0, 0, 0.1)))
    #expect(w.jointFiltersPair(a, b))
    var events: [Event] = []
    simulate(&w, seconds: 0.1, events: &events)
    // Holding 1 kg takes 9.81 N > 1 N: it breaks in the first step.
    #expect(w.isJointBroken(0) && !w.isJointBroken(1))
    #expect(!w.jointFiltersPair(a, b))
  }
}

@Test("A joint to a removed body goes with it, without a break event")
func jointToRemovedBody() {
  var w = jointWorld()
  let a = w.addBody(sphereDef(Vec3(0, 0, -0.5), entity: 0))
  let b = w.addBody(sphereDef(Vec3(0, 0, -1), entity: 1))
  w.addJoint(.ballSocket(world: w, bodyA: -1, bodyB: a, anchor: .zero))
  w.addJoint(.ballSocket(world: w, bodyA: a, bodyB: b, anchor: Vec3(0, 0, -0.75)))
  var events: [Event] = []
  simulate(&w, seconds: 0.1, events: &events)
  // What a shattering body does to itself (DioramaRigid's fracture): it is disabled.
  w.isEnabled[a] = false
  simulate(&w, seconds: 0.5, events: &events)
  #expect(w.isJointBroken(0) && w.isJointBroken(1))
  #expect(!events.contains { if case .jointBreak = $0 { true } else { false } })
  // B has fallen freely for 0.5 s: ½ g t² = 1.23 m below where it hung (to 1 cm, the sag of
  // the first 0.1 s and one step of timing).
  #expect(abs(w.positions[b].z - (-1 - 0.5 * 9.81 * 0.25)) < 0.01)
}

@Suite struct JointMisuseTests {
  // Misuse is a programming error: it traps with a message.
  @Test func jointingABodyToItselfTraps() async {
    await #expect(processExitsWith: .failure) {
      var w = jointWorld()
      let body = w.addBody(sphereDef(.zero))
      w.addJoint(
        JointDef(kind: .fixed, bodyA: body, bodyB: body, localAnchorA: .zero, localAnchorB: .zero))
    }
  }

  @Test func invertedHingeLimitsTrap() async {
    await #expect(processExitsWith: .failure) {
      var w = jointWorld()
      let body = w.addBody(sphereDef(.zero))
      w.addJoint(
        .hinge(
          world: w, bodyA: -1, bodyB: body, anchor: .zero, axis: Vec3(0, 0, 1),
          limits: JointLimits(lower: 1, upper: -1)))
    }
  }

  @Test func missingBodyTraps() async {
    await #expect(processExitsWith: .failure) {
      var w = jointWorld()
      w.addJoint(
        JointDef(kind: .fixed, bodyA: -1, bodyB: 3, localAnchorA: .zero, localAnchorB: .zero))
    }
  }
}

/// Joint points of a bridge of `planks` links of `length` (m) hung between two pins
/// `(1 − slack)` of its length apart: a circular arc of equal chords, or a straight line.
private func bridgePoints(planks n: Int, length l: Double, slack: Double) -> [Vec3] {
  guard slack > 0 else { return (0...n).map { Vec3(Double($0) * l, 0, 0) } }
  // Bisection for the angle δ per chord: the chord is l = 2R sin(δ/2), the span 2R sin(nδ/2).
  let span = (1 - slack) * Double(n) * l
  var lo = 1e-9, hi = 2 * Double.pi / Double(n)
  for _ in 0..<200 {
    let d = 0.5 * (lo + hi)
    let r = l / (2 * sin(d / 2))
    if 2 * r * sin(Double(n) * d / 2) > span { lo = d } else { hi = d }
  }
  let d = 0.5 * (lo + hi), r = l / (2 * sin(d / 2))
  let centre = Vec3(span / 2, 0, r * cos(Double(n) * d / 2))
  return (0...n).map { k in
    let a = -Double(n) * d / 2 + Double(k) * d
    return centre + Vec3(r * sin(a), 0, -r * cos(a))
  }
}

/// A ragdoll of ten capsules and a sphere, joined by ten cone-limited ball joints, standing
/// with its feet at `base` (the benchmark's figure, `RigidScaling.addRagdoll`).
func addRagdoll(_ world: inout RigidWorld, at base: Vec3) {
  func add(_ shape: Shape, _ p: Vec3, _ q: Quaternion = .identity, mass: Double) -> Int {
    world.addBody(
      RigidBodyDef(
        shape: shape, transform: Transform(position: base + p, rotation: q), mass: mass,
        friction: 0.6, restitution: 0.1, entity: .object(world.bodyCount)))
  }
  let sideways = Quaternion(axis: Vec3(0, 1, 0), angle: .pi / 2)
  let pelvis = add(.capsule(radius: 0.12, halfHeight: 0.08), Vec3(0, 0, 0.95), sideways, mass: 10)
  let chest = add(.capsule(radius: 0.14, halfHeight: 0.12), Vec3(0, 0, 1.3), mass: 20)
  let head = add(.sphere(radius: 0.11), Vec3(0, 0, 1.68), mass: 5)
  var limbs = [(pelvis, chest, Vec3(0, 0, 1.12)), (chest, head, Vec3(0, 0, 1.55))]
  for side in [-1.0, 1.0] {
    let thigh = add(.capsule(radius: 0.07, halfHeight: 0.17), Vec3(0.12 * side, 0, 0.68), mass: 8)
    let shin = add(.capsule(radius: 0.055, halfHeight: 0.17), Vec3(0.12 * side, 0, 0.25), mass: 4)
    let arm = add(.capsule(radius: 0.05, halfHeight: 0.12), Vec3(0.28 * side, 0, 1.28), mass: 2.5)
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

@Test("A pile of 24 ragdolls with bouncy limbs lands and stays slow (no impact pumping)")
func ragdollPileStaysCalm() {
  // Three layers of eight ragdolls dropped from up to 4 m (restitution 0.1). A head falls at
  // most √(2 g · 5.9 m) ≈ 10.8 m/s, and limbs whip faster as the figures land: measured 14.1
  // m/s (12.0 with restitution off). When the sequential impacts of Impacts.swift also struck
  // jointed limbs, joint and impact traded blows every substep and the benchmark's pile flew
  // apart at 30–90 m/s; 20 m/s lies between.
  var s = RigidSettings()
  s.sleeping = false
  var w = RigidWorld(settings: s)
  w.addPlane(
    StaticPlaneDef(
      halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: 0.6, restitution: 0.1,
      entity: .ground))
  for layer in 0..<3 {
    for g in 0..<8 {
      addRagdoll(&w, at: Vec3(Double(g % 4) * 0.9, Double(g / 4) * 0.6, 0.2 + Double(layer) * 2))
    }
  }
  var fastest = 0.0
  var events: [Event] = []
  for k in 0..<150 {
    w.step(dt: 1.0 / 60, substeps: 4, time: Double(k) / 60, events: &events)
    for i in 0..<w.bodyCount { fastest = max(fastest, w.linearVelocities[i].length) }
  }
  #expect(fastest < 20, "a body reached \(fastest) m/s")
  var lowest = Double.infinity
  for i in 0..<w.bodyCount {
    lowest = min(lowest, w.shapes[i].aabb(w.transform(of: i)).min.z)
  }
  // Soft contacts under a few ragdolls sink millimetres; 5 cm is far from falling through.
  #expect(lowest > -0.05 && lowest.isFinite, "lowest point \(lowest) m")
}
