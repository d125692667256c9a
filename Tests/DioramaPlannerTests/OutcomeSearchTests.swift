import DioramaCore
import DioramaPlanner
import DioramaScene
import DioramaWorld
import Testing

/// A ball tossed at a bin 1.5 m away: an open box of five static slabs.
let binScene = """
  diorama: 1
  name: toss
  world: { duration: 2.0, fps: 30 }
  objects:
    - { name: floor, shape: box, size: [0.6, 0.6, 0.04], material: wood, position: [1.5, 0, 0.02], static: true }
    - { name: front, shape: box, size: [0.04, 0.6, 0.4], material: wood, position: [1.2, 0, 0.2], static: true }
    - { name: back,  shape: box, size: [0.04, 0.6, 0.4], material: wood, position: [1.8, 0, 0.2], static: true }
    - { name: left,  shape: box, size: [0.6, 0.04, 0.4], material: wood, position: [1.5, 0.3, 0.2], static: true }
    - { name: right, shape: box, size: [0.6, 0.04, 0.4], material: wood, position: [1.5, -0.3, 0.2], static: true }
    - { name: ball, shape: sphere, radius: 0.06, material: rubber, position: [0, 0, 0.5] }
  outcomes:
    - { name: ball in bin, type: inside, object: ball, region: { min: [1.22, -0.28, 0.0], max: [1.78, 0.28, 0.4] } }
  """

@Suite("Outcome search: success and failure found by simulation")
struct OutcomeSearchTests {
  let spec: SceneSpec

  init() throws {
    spec = try SceneLoader.load(yaml: binScene, fileName: "toss.yaml", baseDirectory: nil)
  }

  @Test("Finds a toss that lands in the bin, and the found scene really does")
  func findsSuccess() throws {
    let search = OutcomeSearch(
      scene: spec, object: "ball", outcome: "ball in bin", wantHolds: true,
      velocityMin: Vec3(1.5, -0.3, 1.5), velocityMax: Vec3(4.5, 0.3, 4.5))
    let found = try #require(try search.run(seed: 1))
    #expect(found.result.holds)
    // Independent re-simulation of the returned scene.
    let r = try World(scene: found.scene).run()
    #expect(r.outcomes[0].holds && r.outcomes[0].passed)
  }

  @Test("Finds a toss that misses, and the found scene really misses")
  func findsFailure() throws {
    let search = OutcomeSearch(
      scene: spec, object: "ball", outcome: "ball in bin", wantHolds: false,
      velocityMin: Vec3(1.5, -0.3, 1.5), velocityMax: Vec3(4.5, 0.3, 4.5))
    let found = try #require(try search.run(seed: 1))
    let r = try World(scene: found.scene).run()
    #expect(!r.outcomes[0].holds && r.outcomes[0].passed)
  }

  @Test("Unknown names are errors that list what exists")
  func unknownNames() {
    let search = OutcomeSearch(
      scene: spec, object: "puck", outcome: "ball in bin", wantHolds: true,
      velocityMin: .zero, velocityMax: .zero)
    #expect { try search.run(seed: 0) } throws: { "\($0)".contains("ball") }
  }

  @Test("The same seed tries the same candidates")
  func deterministic() throws {
    let search = OutcomeSearch(
      scene: spec, object: "ball", outcome: "ball in bin", wantHolds: true,
      velocityMin: Vec3(1.5, -0.3, 1.5), velocityMax: Vec3(4.5, 0.3, 4.5))
    let a = try search.run(seed: 9), b = try search.run(seed: 9)
    #expect(a?.velocity == b?.velocity && a?.tried == b?.tried)
  }
}
