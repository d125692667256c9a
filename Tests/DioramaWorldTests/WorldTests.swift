import DioramaCore
import DioramaScene
import DioramaWorld
import Foundation
import Testing

func load(_ yaml: String) throws -> SceneSpec {
  try SceneLoader.load(yaml: yaml, fileName: "test.yaml", baseDirectory: nil)
}

let dropScene = """
  diorama: 1
  name: drop
  world: { duration: 1.5, fps: 60, timestep: 0.004166666666666667, substeps: 4 }
  environment: { ground: { material: stone } }
  objects:
    - { name: ball, shape: sphere, radius: 0.1, material: steel, position: [0, 0, 2.1], restitution: 0 }
  outcomes:
    - { name: lands, type: touches, object: ball, other: ground, at: 1.0 }
    - { name: never lands early, type: touches, object: ball, other: ground, at: 0.5, expect: false }
    - { name: rests, type: at_rest, object: ball }
    - { name: falls 2 m, type: moved, object: ball, distance: 1.9 }
  """

@Suite("World: from scene to recording")
struct WorldTests {
  @Test("A ball dropped from 2 m first touches the ground at √(2h/g), within one step")
  func dropTime() throws {
    let world = try World(scene: try load(dropScene))
    let r = world.run()
    let first = try #require(
      r.events.lazy.compactMap { e -> ContactEvent? in
        if case .contact(let c) = e, c.phase == .begin { return c }
        return nil
      }.first)
    let expected = (2 * 2 / 9.81).squareRoot()
    #expect(abs(first.time - expected) < world.timestep, "touched at \(first.time)")
    #expect(first.a == .object(0) && first.b == .ground)
  }

  @Test("Snapshots are taken at exact multiples of 1/fps, from 0 to the duration")
  func frameTimes() throws {
    let r = try World(scene: try load(dropScene)).run()
    #expect(r.snapshots.count == 91)
    for (k, s) in r.snapshots.enumerated() { #expect(s.time == Double(k) / 60) }
    #expect(r.energy.count == r.snapshots.count)
  }

  @Test("Outcome predicates report what happened")
  func outcomes() throws {
    let r = try World(scene: try load(dropScene)).run()
    let byName = Dictionary(uniqueKeysWithValues: r.outcomes.map { ($0.name, $0) })
    #expect(byName["lands"]?.holds == true)
    #expect(byName["never lands early"]?.holds == false)
    #expect(byName["never lands early"]?.passed == true)
    #expect(byName["rests"]?.holds == true)
    #expect(byName["falls 2 m"]?.holds == true)
  }

  @Test("Energy is conserved in free fall, within the integrator's first-order error")
  func freeFallEnergy() throws {
    let r = try World(scene: try load(dropScene)).run()
    // Before the first impact (t < 0.6 s) the total must stay put. Semi-implicit Euler
    // loses ½ m g² t dt per unit time at most: 0.5 · 32.9 kg · 9.81² · 0.6 s · dt ≈ 4 J here,
    // against about 676 J of potential energy: 1% is the bound.
    let e0 = r.energy[0].total
    for e in r.energy where e.time < 0.6 {
      #expect(abs(e.total - e0) < 0.01 * abs(e0), "t=\(e.time): \(e.total) vs \(e0)")
    }
  }

  @Test("The same scene run twice gives bit-identical recordings")
  func determinism() throws {
    let yaml = """
      diorama: 1
      world: { duration: 2, fps: 30, seed: 5 }
      objects:
        - { name: a, shape: box, size: [0.3, 0.3, 0.3], material: wood, position: [0, 0, 0.15] }
        - { name: b, shape: box, size: [0.3, 0.3, 0.3], material: wood, position: [0.05, 0, 0.46] }
        - { name: c, shape: sphere, radius: 0.1, material: rubber, position: [-1, 0, 0.4], velocity: [4, 0, 0] }
        - { name: d, shape: sphere, radius: 0.15, material: steel, position: [0.02, 0.01, 1.5], angular_velocity: [1, 2, 3] }
      """
    let spec = try load(yaml)
    let a = try World(scene: spec).run()
    let b = try World(scene: spec).run()
    #expect(a == b)
    #expect(a.impactCount > 3)
  }

  @Test("An unknown material is a build error naming the key")
  func unknownMaterial() throws {
    var spec = try load(dropScene)
    spec.objects[0].material = "unobtanium"
    #expect {
      try World(scene: spec)
    } throws: { error in
      "\(error)".contains("objects[0].material") && "\(error)".contains("unobtanium")
    }
  }
}

@Test("Steps per frame: 30 fps with a 1/240 s timestep is 8 steps of exactly 1/240 s")
func stepsPerFrame() throws {
  let w = try World(
    scene: try load("diorama: 1\nworld: { fps: 30, timestep: 0.004166666666666667 }\n"))
  #expect(w.stepsPerFrame == 8)
  let w2 = try World(scene: try load("diorama: 1\nworld: { fps: 24, timestep: 0.005 }\n"))
  #expect(w2.stepsPerFrame == 9)  // 1/24 ÷ 0.005 = 8.33: nine steps of 4.63 ms
}
