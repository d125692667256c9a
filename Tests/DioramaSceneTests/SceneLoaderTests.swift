import DioramaCore
import DioramaScene
import Foundation
import Testing

@Suite struct SceneLoaderTests {
  @Test func defaultsApplyToAMinimalScene() throws {
    let spec = try SceneLoader.load(
      yaml: """
        diorama: 1
        objects:
          - {name: ball, shape: sphere, radius: 0.1, position: [0, 0, 1]}
        """, fileName: "min.yaml", baseDirectory: nil)
    #expect(spec.version == 1)
    #expect(spec.name == "untitled")
    #expect(spec.world == WorldSettings())
    #expect(spec.world.gravity == Vec3(0, 0, -9.81))
    #expect(spec.world.duration == 4 && spec.world.fps == 30)
    #expect(spec.world.width == 640 && spec.world.height == 360)
    #expect(spec.world.timestep == 1.0 / 240 && spec.world.substeps == 4 && spec.world.seed == 0)
    #expect(spec.environment.ground == GroundSpec())
    #expect(spec.environment.ground?.material == "wood")
    #expect(spec.environment.lights.count == 2)
    #expect(spec.environment.lights[0].kind == .sun)
    #expect(spec.environment.lights[0].direction == Vec3(-0.4, -0.6, -1))
    #expect(spec.environment.lights[0].intensity == 3)
    #expect(spec.environment.lights[1].kind == .ambient)
    #expect(spec.environment.lights[1].intensity == 0.3)
    #expect(spec.environment.ambience == AmbienceSpec(kind: .none, levelDB: -45))
    #expect(spec.shots.isEmpty && spec.outcomes.isEmpty)
    #expect(spec.style.preset == .realistic)
    #expect(spec.audio == AudioSettings(enabled: true, sampleRate: 48000, gainDB: 0))
    let ball = spec.objects[0]
    #expect(ball.material == "plastic")
    #expect(ball.rotation == .identity)
    #expect(ball.velocity == .zero && ball.angularVelocity == .zero)
    #expect(!ball.isStatic && ball.mass == nil && ball.restitution == nil)
  }

  @Test func fullFixtureLoadsEverySection() throws {
    let dir = try fixturesDirectory()
    let spec = try SceneLoader.load(contentsOf: dir.appendingPathComponent("full_scene.yaml"))
    #expect(spec.name == "cup shot")
    #expect(spec.world.width == 320 && spec.world.height == 180 && spec.world.seed == 42)
    #expect(spec.environment.ground?.checkerSize == 0.5)
    #expect(spec.environment.ground?.texture == "checker.png")
    // Wall normals are normalised on load: [0, -2, 0] -> [0, -1, 0].
    #expect(spec.environment.walls[0].normal == Vec3(0, -1, 0))
    #expect(spec.environment.lights.map(\.kind) == [.sun, .point, .ambient])
    #expect(spec.environment.ambience.kind == .roomTone)
    #expect(spec.objects.count == 3)
    #expect(spec.objects[1].isStatic && spec.objects[1].density == 2300)
    // euler_deg [0, 0, 30] is a 30° yaw; tolerance is rounding in sin/cos (1e-12).
    let yaw = spec.objects[1].rotation.rotate(Vec3(1, 0, 0))
    #expect(abs(yaw.x - cos(Double.pi / 6)) < 1e-12 && abs(yaw.y - 0.5) < 1e-12)
    let q = spec.objects[2].rotation.rotate(Vec3(1, 0, 0))
    #expect(abs(q.x - q.y) < 1e-12 && abs(q.z) < 1e-12)
    #expect(spec.shots.count == 2 && spec.shots[1].camera.track == "ball")
    #expect(spec.interval(ofShot: 0) == 0...1.5)
    #expect(spec.interval(ofShot: 1) == 1.5...3)
    #expect(
      spec.outcomes.map(\.kind) == [
        .inside, .inside, .touches, .touches, .atRest, .moved, .heightBelow,
      ])
    #expect(spec.outcomes[1].regionMin == Vec3(-1, 0, 0))
    #expect(spec.outcomes[5].expect == false)
    #expect(spec.object(named: "cup") == 1 && spec.object(named: "nope") == nil)
  }

  @Test func fullSceneRoundTripsThroughItsJSONEncoding() throws {
    let dir = try fixturesDirectory()
    let spec = try SceneLoader.load(contentsOf: dir.appendingPathComponent("full_scene.yaml"))
    // The Codable form is the file format: encode, then load the JSON as a scene file.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = try #require(String(data: try encoder.encode(spec), encoding: .utf8))
    let again = try SceneLoader.load(yaml: json, fileName: "again.json", baseDirectory: dir)
    #expect(again == spec)
    // And Foundation's decoder reads the same bytes back.
    let decoded = try JSONDecoder().decode(SceneSpec.self, from: Data(json.utf8))
    #expect(decoded == spec)
  }

  @Test func groundNoneAndFalseRemoveTheGround() throws {
    for value in ["none", "false", "no"] {
      let spec = try SceneLoader.load(
        yaml: header + "environment: {ground: \(value)}", fileName: "g.yaml", baseDirectory: nil)
      #expect(spec.environment.ground == nil)
    }
    let spec = try SceneLoader.load(
      yaml: header + "environment: {ground: true}", fileName: "g.yaml", baseDirectory: nil)
    #expect(spec.environment.ground == GroundSpec())
  }

  @Test func styleMayBeAPlainName() throws {
    let spec = try SceneLoader.load(
      yaml: header + "style: realistic", fileName: "s.yaml", baseDirectory: nil)
    #expect(spec.style.preset == .realistic)
  }

  @Test func jsonInputLoads() throws {
    let json = """
      {"diorama": 1, "name": "json scene",
       "world": {"duration": 2, "resolution": [128, 64]},
       "objects": [{"name": "a", "shape": "box", "size": [1, 1, 1], "position": [0, 0, 0.5],
                    "static": true}]}
      """
    let spec = try SceneLoader.load(yaml: json, fileName: "s.json", baseDirectory: nil)
    #expect(spec.name == "json scene")
    #expect(spec.world.duration == 2 && spec.world.width == 128 && spec.world.height == 64)
    #expect(spec.objects[0].isStatic && spec.objects[0].size == Vec3(1, 1, 1))
  }

  @Test func jsonErrorsHaveLinesToo() {
    let json = """
      {
        "diorama": 1,
        "objects": [
          {"name": "a", "shape": "box", "size": [1, 1, 1], "position": [0, 0, "up"]}
        ]
      }
      """
    let d = diagnostics(json, file: "s.json")
    #expect(d.count == 1)
    #expect(d.first?.keyPath == "objects[0].position[2]")
    #expect(d.first?.location.line == 4)
  }

  @Test func unreadableFileIsADiagnosticNamingTheFile() {
    let url = URL(fileURLWithPath: "/nonexistent/dir/scene.yaml")
    do {
      _ = try SceneLoader.load(contentsOf: url)
      Issue.record("expected an error")
    } catch let error as SceneLoadError {
      #expect(error.diagnostics.count == 1)
      #expect(error.description.hasPrefix("/nonexistent/dir/scene.yaml: cannot read"))
    } catch {
      Issue.record("wrong error type \(error)")
    }
  }

  @Test func emptyFileIsReported() {
    let d = diagnostics("# nothing here\n")
    #expect(d.count == 1 && d[0].message.contains("empty"))
  }
}
