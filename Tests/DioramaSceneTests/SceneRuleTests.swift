import DioramaCore
import DioramaScene
import Foundation
import Testing

/// Per-kind rules for outcomes, lights and walls.
@Suite struct SceneRuleTests {
  @Test func outcomeRules() {
    let d = diagnostics(
      """
      diorama: 1
      world: {duration: 2}
      objects:
        - {name: ball, shape: sphere, radius: 0.1, position: [0, 0, 1]}
        - {name: box, shape: box, size: [1, 1, 1], position: [2, 0, 0.5]}
      outcomes:
        - {name: a, type: inside, object: ball, region: {min: [0, 0, 0], max: [1, 0, 1]}}
        - {name: a, type: at_rest, object: ball, speed: 0, at: 3}
        - {name: c, type: inside, object: ball, container: box,
           region: {min: [0, 0, 0], max: [1, 1, 1]}}
        - {name: d, type: height_below, objects: [box], fraction: 1.5}
        - {name: e, type: touches, object: ball}
      """)
    #expect(
      d.map(\.keyPath) == [
        "outcomes[0].region", "outcomes[1].name", "outcomes[1].speed", "outcomes[1].at",
        "outcomes[2]", "outcomes[3].fraction", "outcomes[4].other",
      ])
    #expect(d.map(\.location.line) == [7, 8, 8, 8, 9, 11, 12])
  }

  @Test func lightAndWallRules() {
    let d = diagnostics(
      """
      diorama: 1
      environment:
        ground: none
        lights:
          - {type: sun}
          - {type: point, intensity: -1}
        walls:
          - {name: ground, point: [0, 0, 0], normal: [0, 0, 1]}
          - {name: w, point: [0, 0, 0], normal: [1, 0, 0], material: marble}
      outcomes:
        - {type: touches, object: x, other: ground}
      """)
    #expect(
      d.map(\.keyPath) == [
        "environment.lights[0].direction", "environment.lights[1].position",
        "environment.lights[1].intensity", "environment.walls[0].name",
        "environment.walls[1].material", "outcomes[0].object",
      ])
    // The wall named "ground" is itself an error but still counts as a name for `other`.
    #expect(d.map(\.location.line) == [5, 6, 6, 8, 9, 11])
  }

  @Test func withoutAGroundTheGroundIsNotAnOther() {
    let d = diagnostics(
      """
      diorama: 1
      environment: {ground: none}
      objects: [{name: ball, shape: sphere, radius: 0.1, position: [0, 0, 1]}]
      outcomes: [{type: touches, object: ball, other: ground}]
      """)
    #expect(d.map(\.keyPath) == ["outcomes[0].other"])
    #expect(d.first?.message.contains("no ground") == true)
  }

  @Test func wrongTypesForEveryScalarKind() {
    let d = diagnostics(
      """
      diorama: 1
      world: {fps: 29.5, seed: -1, gravity: 9.81}
      audio: {enabled: maybe}
      name: [a, b]
      """)
    #expect(
      d.map(\.keyPath) == [
        "world.fps", "world.seed", "world.gravity", "audio.enabled", "name",
      ])
    #expect(d[0].message == "expected a whole number of frames per second, found 29.5")
    #expect(d[2].message == "expected [x, y, z] in m/s², found 9.81")
    #expect(d[3].message == "expected true or false, found \"maybe\"")
    #expect(d[4].message == "expected a scene name, found a list of 2 items")
  }
}
