import DioramaCollision
import DioramaCore
import Foundation
import Testing

@testable import DioramaRigid

/// A world with a ground plane at z = 0 of the given restitution and friction.
func groundWorld(restitution: Double = 0, friction: Double = 0.5) -> RigidWorld {
  var w = RigidWorld()
  w.addPlane(
    StaticPlaneDef(
      halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: friction,
      restitution: restitution, entity: .ground))
  return w
}

func ball(at p: Vec3, radius: Double = 0.1, restitution: Double = 0, velocity: Vec3 = .zero)
  -> RigidBodyDef
{
  RigidBodyDef(
    shape: .sphere(radius: radius), transform: Transform(position: p), linearVelocity: velocity,
    mass: 1, friction: 0.5, restitution: restitution, entity: .object(0))
}

@Suite("Rigid solver against closed-form motion")
struct RigidWorldTests {
  let dt = 1.0 / 240

  @Test("A ball dropped from 2 m first touches the ground at √(2h/g), within one step")
  func firstTouchTime() {
    var w = groundWorld()
    let r = 0.1
    w.addBody(ball(at: Vec3(0, 0, 2 + r), radius: r))
    var events: [Event] = []
    var t = 0.0
    while t < 1 {
      w.step(dt: dt, substeps: 4, time: t, events: &events)
      t += dt
    }
    let begins = events.compactMap { e -> ContactEvent? in
      if case .contact(let c) = e, c.phase == .begin { return c }
      return nil
    }
    let first = try! #require(begins.first)
    let expected = (2 * 2 / 9.81).squareRoot()
    // One step is the resolution the issue asks for; the in-step interpolation does better.
    #expect(abs(first.time - expected) < dt)
    #expect(first.a == .object(0) && first.b == .ground)
    // Speed at impact is √(2gh).
    #expect(abs(first.normalSpeed - (2 * 9.81 * 2).squareRoot()) < 9.81 * dt)
  }

  @Test("Restitution e gives a bounce height of e²h within 2%", arguments: [0.2, 0.5, 0.8])
  func bounceHeight(e: Double) {
    var w = groundWorld(restitution: e)
    let r = 0.1, h = 2.0
    w.addBody(ball(at: Vec3(0, 0, h + r), radius: r, restitution: e))
    var events: [Event] = []
    var t = 0.0
    var bounced = false, apex = 0.0
    // Track the first rebound's apex: after the first impact, the largest height until the
    // ball falls again.
    while t < 3 {
      w.step(dt: dt, substeps: 4, time: t, events: &events)
      t += dt
      let z = w.positions[0].z - r
      if !bounced && w.linearVelocities[0].z > 0 { bounced = true }
      if bounced {
        apex = max(apex, z)
        if w.linearVelocities[0].z < -0.5 { break }
      }
    }
    // 2%: the tolerance; the error sources are the apex sampled once per step
    // (≤ g·dt²/8 ≈ 2e-5 m) and the pre-impact speed measured at substep resolution.
    #expect(abs(apex - e * e * h) <= 0.02 * e * e * h, "apex \(apex) vs \(e * e * h)")
  }

  @Test("A box dropped onto the ground comes to rest on its face")
  func boxSettles() {
    var w = groundWorld()
    w.addBody(
      RigidBodyDef(
        shape: .box(halfExtents: Vec3(0.2, 0.2, 0.2)),
        transform: Transform(
          position: Vec3(0, 0, 0.6), rotation: Quaternion(axis: Vec3(1, 1, 0), angle: 0.3)),
        mass: 2, friction: 0.6, restitution: 0, entity: .object(0)))
    var events: [Event] = []
    var t = 0.0
    while t < 3 {
      w.step(dt: dt, substeps: 4, time: t, events: &events)
      t += dt
    }
    // Rests with its centre at the half-height, within the linear slop (5 mm).
    #expect(abs(w.positions[0].z - 0.2) < 0.005)
    #expect(w.linearVelocities[0].length < 0.01)
  }

  @Test("A block sliding at v0 stops after v0²/(2μg), within 2%")
  func slidingStop() {
    let mu = 0.4, v0 = 3.0
    var w = groundWorld(friction: mu)
    w.addBody(
      RigidBodyDef(
        shape: .box(halfExtents: Vec3(0.1, 0.1, 0.1)),
        transform: Transform(position: Vec3(0, 0, 0.1)),
        linearVelocity: Vec3(v0, 0, 0), mass: 1, friction: mu, restitution: 0, entity: .object(0)))
    var events: [Event] = []
    var t = 0.0
    while t < 2 {
      w.step(dt: dt, substeps: 4, time: t, events: &events)
      t += dt
    }
    let expected = v0 * v0 / (2 * mu * 9.81)
    #expect(abs(w.positions[0].x - expected) < 0.02 * expected, "stopped at \(w.positions[0].x)")
  }

  @Test("A tower of five boxes stands for 5 s")
  func towerStands() {
    var w = groundWorld()
    for k in 0..<5 {
      w.addBody(
        RigidBodyDef(
          shape: .box(halfExtents: Vec3(0.15, 0.15, 0.15)),
          transform: Transform(position: Vec3(0, 0, 0.15 + 0.3 * Double(k))), mass: 10,
          friction: 0.6, restitution: 0, entity: .object(k)))
    }
    var events: [Event] = []
    var t = 0.0
    while t < 5 {
      w.step(dt: dt, substeps: 4, time: t, events: &events)
      t += dt
    }
    // Drift under 1 cm sideways, sag under 1 cm: a stack that stands, not one that creeps.
    let top = w.positions[4]
    #expect(abs(top.x) < 0.01 && abs(top.y) < 0.01)
    #expect(abs(top.z - (0.15 + 1.2)) < 0.01)
  }

  @Test("The same world stepped twice gives bit-identical state")
  func determinism() {
    func run() -> [Vec3] {
      var w = groundWorld(restitution: 0.3)
      var rng = SeededGenerator(seed: 3)
      for k in 0..<20 {
        let p = Vec3(rng.nextUnit(), rng.nextUnit(), 0.5 + Double(k) * 0.3)
        w.addBody(
          RigidBodyDef(
            shape: k % 2 == 0 ? .sphere(radius: 0.1) : .box(halfExtents: Vec3(0.1, 0.12, 0.08)),
            transform: Transform(position: p), mass: 1, entity: .object(k)))
      }
      var events: [Event] = []
      var t = 0.0
      for _ in 0..<480 {
        w.step(dt: dt, substeps: 4, time: t, events: &events)
        t += dt
      }
      return w.positions + w.linearVelocities
    }
    #expect(run() == run())
  }

  @Test("Time of first touch solves s + v t + ½ a t² = 0")
  func firstTouchFormula() {
    #expect(timeOfFirstTouch(separation: 0, velocity: -1, acceleration: 0, dt: 1) == 0)
    #expect(isCloseTo(timeOfFirstTouch(separation: 0.5, velocity: -1, acceleration: 0, dt: 1), 0.5))
    // Free fall from rest through 0.05 m: t = √(2s/g).
    let t = timeOfFirstTouch(separation: 0.05, velocity: 0, acceleration: -9.81, dt: 1)
    #expect(isCloseTo(t, (2 * 0.05 / 9.81).squareRoot()))
    #expect(timeOfFirstTouch(separation: 0.5, velocity: 1, acceleration: 0, dt: 0.1) == 0.1)
  }
}

func isCloseTo(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

@Suite("Static and kinetic friction on an incline")
struct InclineFrictionTests {
  let dt = 1.0 / 240

  /// A 0.2 m cube resting on a plane through the origin tilted by θ about the y axis.
  func incline(theta: Double, muStatic: Double, muKinetic: Double) -> RigidWorld {
    var w = RigidWorld()
    let n = Vec3(sin(theta), 0, cos(theta))
    w.addPlane(
      StaticPlaneDef(
        halfSpace: HalfSpace(normal: n, offset: 0), friction: muKinetic,
        staticFriction: muStatic, restitution: 0, entity: .ground))
    w.addBody(
      RigidBodyDef(
        shape: .box(halfExtents: Vec3(0.1, 0.1, 0.1)),
        transform: Transform(
          position: 0.1 * n, rotation: Quaternion(axis: Vec3(0, 1, 0), angle: theta)),
        mass: 1, friction: muKinetic, staticFriction: muStatic, restitution: 0, entity: .object(0)))
    return w
  }

  func run(_ w: inout RigidWorld, seconds: Double) {
    var events: [Event] = []
    var t = 0.0
    while t < seconds - 1e-9 {
      w.step(dt: dt, substeps: 4, time: t, events: &events)
      t += dt
    }
  }

  @Test("Below tan θ = μs the block sticks (moves < 1 mm in 2 s)")
  func sticks() {
    // tan θ = 0.5 < μs = 0.6, though > μk = 0.4: only static friction holds it.
    var w = incline(theta: atan(0.5), muStatic: 0.6, muKinetic: 0.4)
    run(&w, seconds: 2)
    #expect((w.positions[0] - 0.1 * Vec3(sin(atan(0.5)), 0, cos(atan(0.5)))).length < 0.001)
  }

  @Test("Above tan θ = μs the block slides at g(sin θ − μk cos θ), within 2%")
  func slides() {
    let theta = atan(0.8)
    var w = incline(theta: theta, muStatic: 0.6, muKinetic: 0.4)
    let p0 = w.positions[0]
    run(&w, seconds: 1)
    let d = (w.positions[0] - p0).length
    // From rest, s = ½ a t²; the first step sticks until static friction is exceeded, which
    // costs under one step (0.4% of the distance at t = 1 s).
    let a = 9.81 * (sin(theta) - 0.4 * cos(theta))
    #expect(abs(d - 0.5 * a) < 0.02 * 0.5 * a, "slid \(d) m, expected \(0.5 * a) m")
  }
}

@Test(
  "A ball knocking down a tower never raises the total energy (restitution 0 and 0.5)",
  arguments: [0.0, 0.5])
func collisionsDoNotCreateEnergy(restitution: Double) {
  var w = RigidWorld()
  w.addPlane(
    StaticPlaneDef(
      halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: 0.4,
      staticFriction: 0.6, restitution: restitution, entity: .ground))
  for k in 0..<6 {
    w.addBody(
      RigidBodyDef(
        shape: .box(halfExtents: Vec3(0.15, 0.15, 0.15)),
        transform: Transform(position: Vec3(0, 0, 0.15 + 0.3 * Double(k))), mass: 20,
        friction: 0.4, staticFriction: 0.6, restitution: restitution, entity: .object(k)))
  }
  w.addBody(
    RigidBodyDef(
      shape: .sphere(radius: 0.15), transform: Transform(position: Vec3(-1, 0, 0.85)),
      linearVelocity: Vec3(5, 0, 2.6), mass: 72, friction: 0.4, restitution: restitution,
      entity: .object(6)))
  let e0 = w.kineticEnergy + w.potentialEnergy
  var events: [Event] = []
  var t = 0.0
  var highest = e0
  for _ in 0..<480 {
    w.step(dt: 1.0 / 240, substeps: 4, time: t, events: &events)
    t += 1.0 / 240
    highest = max(highest, w.kineticEnergy + w.potentialEnergy)
  }
  // Contacts, friction and restitution ≤ 1 only remove energy; the soft position correction
  // may add a little while pushing overlap apart (≤ 3 m/s by design). 0.1% of the ~2.8 kJ
  // allows that and nothing like a real gain.
  #expect(highest <= e0 * 1.001, "energy rose from \(e0) J to \(highest) J")
}
