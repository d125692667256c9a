import DioramaCollision
import DioramaCore
import Foundation
import Testing

@testable import DioramaRigid

@Suite("Brittle fracture")
struct FractureRigidTests {
  /// A 20 cm glass cube (2.5 t/m³, 20 kg) falling onto the ground from `height`.
  func drop(height: Double, strength: Double) -> (RigidWorld, [Event]) {
    var w = groundWorld()
    w.addBody(
      RigidBodyDef(
        shape: .box(halfExtents: Vec3(repeating: 0.1)),
        transform: Transform(position: Vec3(0, 0, 0.1 + height)),
        linearVelocity: Vec3(0.5, 0, 0), mass: 20, friction: 0.5, restitution: 0.1,
        brittle: BrittleDef(strength: strength, pieces: 12, seed: 5), entity: .object(0)))
    var events: [Event] = []
    let dt = 1.0 / 240
    var k = 0
    // Until the first fracture (or 2 s).
    while k < 480 {
      w.step(dt: dt, substeps: 4, time: Double(k) * dt, events: &events)
      k += 1
      if events.contains(where: { if case .fracture = $0 { return true } else { return false } }) {
        break
      }
    }
    return (w, events)
  }

  @Test("A glass cube dropped hard shatters: one event, mass and momentum kept")
  func shatters() throws {
    // Falling 2 m: impact speed 6.3 m/s, impulse ≈ m v = 125 N·s ≫ 20 N·s.
    var (w, events) = drop(height: 2, strength: 20)
    let breaks = events.compactMap { e -> FractureEvent? in
      if case .fracture(let f) = e { return f }
      return nil
    }
    let f = try #require(breaks.first)
    #expect(breaks.count == 1)
    #expect(f.entity == .object(0))
    #expect(f.fragments.count >= 8, "\(f.fragments.count) fragments")
    #expect(!w.isEnabled[0])
    // Mass: the cells tile the cube exactly (1e-9 relative covers the hull and tetrahedra
    // rounding).
    var mass = 0.0
    for e in f.fragments {
      let i = try #require(e.objectIndex)
      #expect(w.fragmentParents[i] == 0)
      mass += w.masses[i]
    }
    #expect(abs(mass - 20) / 20 < 1e-9, "fragments weigh \(mass) kg")
    // The fragments then fall and settle on the ground without passing through it.
    run(&w, seconds: 2)
    for e in f.fragments {
      let i = e.objectIndex!
      #expect(w.shapes[i].aabb(w.transform(of: i)).min.z > -0.01)
    }
  }

  @Test("A gentle drop does not break it")
  func survives() {
    // 2 cm: impact speed 0.63 m/s, impulse ≈ 13 N·s < 20 N·s.
    let (w, events) = drop(height: 0.02, strength: 20)
    #expect(!events.contains { if case .fracture = $0 { return true } else { return false } })
    #expect(w.isEnabled[0])
    #expect(w.bodyCount == 1)
  }

  @Test("Shattering keeps mass, momentum and angular momentum about the centre of mass")
  func conservation() {
    var s = RigidSettings()
    s.gravity = .zero
    var w = RigidWorld(settings: s)
    let v = Vec3(1, -2, 0.5), omega = Vec3(3, 1, -2)
    w.addBody(
      RigidBodyDef(
        shape: .box(halfExtents: Vec3(0.2, 0.1, 0.05)),
        transform: Transform(
          position: Vec3(1, 2, 3), rotation: Quaternion(axis: Vec3(1, 1, 0).normalized, angle: 0.4)),
        linearVelocity: v, angularVelocity: omega, mass: 6,
        brittle: BrittleDef(strength: 1, pieces: 16, seed: 9), entity: .object(0)))
    let centre = w.positions[0]
    let l0 = w.angularMomentum(of: 0)
    var events: [Event] = []
    w.shatter(0, impulse: 2, at: Vec3(1.2, 2, 3), time: 0, events: &events)
    var mass = 0.0, p = Vec3.zero, l = Vec3.zero
    for i in 1..<w.bodyCount {
      mass += w.masses[i]
      p += w.masses[i] * w.linearVelocities[i]
      // Orbital part about the old centre of mass plus each piece's own spin.
      l += w.masses[i] * (w.positions[i] - centre).cross(w.linearVelocities[i] - v)
      l += w.angularMomentum(of: i)
    }
    // Mass and momentum are sums of exact cell integrals: 1e-9 relative is rounding.
    #expect(abs(mass - 6) < 6e-9)
    #expect((p - 6 * v).length < 1e-8 * 6 * v.length)
    // Every piece turns with the body's ω, so the pieces' orbital and spin parts add up to
    // the body's I ω exactly (parallel-axis theorem over the tiling).
    #expect((l - l0).length < 1e-8 * l0.length, "ΔL = \((l - l0).length), L = \(l0.length)")
    #expect(events.count == 1)
  }
}
