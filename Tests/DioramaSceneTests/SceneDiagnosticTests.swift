import DioramaCore
import DioramaScene
import Foundation
import Testing

/// Each class of mistake is reported at its line and key path, with what is allowed.
@Suite struct SceneDiagnosticTests {
  @Test func wrongTypeNamesUnitAndFoundValue() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - name: ball
          mass: heavy
          shape: sphere
          radius: 0.1
          position: [0, 0, 1]
      """, file: "scenes/drop.yaml")
    #expect(
      d.map(\.description) == [
        "scenes/drop.yaml:4:11: objects[0].mass: expected a number in kg, found \"heavy\""
      ])
  }

  @Test func unknownKeySuggestsTheClosestAndListsAllowed() {
    let d = diagnostics(header + "world:\n  durration: 3\n")
    #expect(d.count == 1)
    #expect(d[0].keyPath == "world.durration")
    #expect(d[0].location.line == 3 && d[0].location.column == 3)
    #expect(d[0].message.contains("did you mean 'duration'?"))
    #expect(d[0].message.contains("allowed keys: gravity, duration, fps"))
  }

  @Test func unknownKeyWithoutCloseMatchStillListsAllowed() {
    let d = diagnostics(header + "audio: {loudness: 3}\n")
    #expect(d.count == 1 && !d[0].message.contains("did you mean"))
    #expect(d[0].message.contains("allowed keys: enabled, sample_rate, gain_db"))
  }

  @Test(arguments: [
    ("world: {fps: 0}", "world.fps", "1...240"),
    ("world: {duration: -1}", "world.duration", "(0, 600]"),
    ("world: {resolution: [8, 360]}", "world.resolution[0]", "16...7680"),
    ("world: {substeps: 100}", "world.substeps", "1...64"),
    ("world: {timestep: 0.1}", "world.timestep", "1/fps"),
    ("audio: {sample_rate: 22050}", "audio.sample_rate", "44100 or 48000"),
    ("audio: {gain_db: 20}", "audio.gain_db", "-60...12"),
    ("environment: {ambience: {level_db: 3}}", "environment.ambience.level_db", "≤ 0"),
  ])
  func outOfRangeSaysTheAllowedRange(yaml: String, path: String, range: String) {
    let d = diagnostics(header + yaml + "\n")
    #expect(d.count == 1)
    #expect(d.first?.keyPath == path)
    #expect(d.first?.location.line == 2)
    #expect(d.first?.message.contains(range) == true, "\(d)")
  }

  @Test func objectRangesAndShapes() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - {name: a, shape: sphere, radius: 0.1, mass: -2, position: [0, 0, 1]}
        - {name: b, shape: box, size: [1, 0, 1], position: [0, 0, 1]}
        - {name: c, shape: sphere, position: [0, 0, 1], restitution: 1.5}
        - {name: d, shape: cube, position: [0, 0, 1]}
      """)
    #expect(
      d.map(\.keyPath) == [
        "objects[0].mass", "objects[1].size", "objects[2].radius", "objects[2].restitution",
        "objects[3].shape",
      ])
    #expect(d.map(\.location.line) == [3, 4, 5, 5, 6])
    #expect(d[0].message == "must be greater than 0 kg, found -2")
    #expect(d[2].message.contains("a sphere needs `radius`"))
    #expect(d[4].message.contains("allowed: sphere, box"))
  }

  @Test func missingRequiredKeysPointAtTheirMapping() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - name: a
          shape: sphere
          radius: 0.1
      """)
    #expect(d.count == 1)
    #expect(d[0].keyPath == "objects[0].position")
    #expect(d[0].location.line == 3)
    #expect(d[0].message.hasPrefix("missing required key 'position'"))
  }

  @Test func missingVersionAndWrongVersion() {
    let missing = diagnostics("name: x\n")
    #expect(missing.map(\.keyPath) == ["diorama"])
    let wrong = diagnostics("diorama: 2\n")
    #expect(wrong.map(\.keyPath) == ["diorama"])
    #expect(wrong.first?.message.contains("unsupported format version 2") == true)
    #expect(wrong.first?.location.line == 1)
  }

  @Test func duplicateNamesAndKeys() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - {name: ball, shape: sphere, radius: 0.1, position: [0, 0, 1]}
        - {name: ball, shape: sphere, radius: 0.1, position: [1, 0, 1]}
      audio:
        gain_db: 1
        gain_db: 2
      """)
    #expect(d.map(\.keyPath) == ["objects[1].name", "audio.gain_db"])
    #expect(d.map(\.location.line) == [4, 7])
    #expect(d[0].message.contains("duplicate object name 'ball' (also objects[0] at line 3)"))
    #expect(d[1].message.contains("duplicate key 'gain_db' (first given on line 6)"))
  }

  @Test func referencesToMissingObjectsListTheNames() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - {name: ball, shape: sphere, radius: 0.1, position: [0, 0, 1]}
        - {name: cup, shape: box, size: [1, 1, 1], position: [1, 0, 1]}
      shots:
        - {start: 0, camera: {position: [3, 3, 3], track: bal}}
      outcomes:
        - {type: touches, object: ball, other: flor}
        - {type: inside, object: ball, container: ball}
        - {type: height_below, objects: [cup, mug], fraction: 0.5}
      """)
    #expect(
      d.map(\.keyPath) == [
        "shots[0].camera.track", "outcomes[0].other", "outcomes[1].container",
        "outcomes[2].objects[1]",
      ])
    #expect(d.map(\.location.line) == [6, 8, 9, 10])
    #expect(d[0].message == "no object named 'bal'; did you mean 'ball'? objects: ball, cup")
    #expect(d[1].message.contains("objects, ground and walls: ball, cup, ground"))
    #expect(d[2].message.contains("must be a box object"))
  }

  @Test func unknownMaterialListsTheAllowed() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - {name: a, shape: sphere, radius: 0.1, material: steal, position: [0, 0, 1]}
      """)
    #expect(d.count == 1 && d[0].keyPath == "objects[0].material" && d[0].location.line == 3)
    #expect(d[0].message.contains("unknown material 'steal'; did you mean 'steel'?"))
    #expect(
      d[0].message.hasSuffix(
        "allowed: wood, steel, aluminium, glass, rubber, plastic, stone, ceramic, ice, cloth, "
          + "skin, water"))
  }

  @Test func shotTimingRules() {
    let d = diagnostics(
      """
      diorama: 1
      world: {duration: 3}
      shots:
        - {start: 0.5, camera: {position: [3, 3, 3], target: [0, 0, 0]}}
        - {start: 0.2, camera: {position: [3, 3, 3], target: [0, 0, 0]}}
        - {start: 1, end: 5, camera: {position: [3, 3, 3], target: [0, 0, 0]}}
        - {start: 2, end: 1.5, camera: {position: [3, 3, 3]}}
      """)
    #expect(
      d.map(\.keyPath) == [
        "shots[0].start", "shots[1].start", "shots[2].end", "shots[3].end", "shots[3].camera",
      ])
    #expect(d.map(\.location.line) == [4, 5, 6, 7, 7])
  }

  @Test func reservedSectionsAreErrorsAndEveryStyleIsSupported() {
    let d = diagnostics(
      """
      diorama: 1
      figures: [{name: bob}]
      fluid: {particles: 1000}
      style: anime
      """)
    #expect(
      d.map(\.description) == [
        "test.yaml:2:1: figures: figures are not yet supported (articulated figures issue)",
        "test.yaml:3:1: fluid: fluid is not yet supported (fluid simulation issue)",
      ])
  }

  @Test func yamlSyntaxErrorHasItsLine() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - name: [unclosed
          shape: sphere
      """)
    #expect(d.count == 1)
    #expect(d[0].message.hasPrefix("YAML syntax error"))
    #expect(d[0].location.line >= 3)
  }

  @Test func tabIndentationIsASyntaxError() {
    let d = diagnostics("diorama: 1\nworld:\n\tfps: 30\n")
    #expect(d.count == 1 && d[0].location.line == 3)
  }

  @Test func rotationForms() throws {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - {name: a, shape: sphere, radius: 0.1, position: [0, 0, 1],
           rotation: {euler_deg: [0, 0, 90], angle_deg: 3}}
        - {name: b, shape: sphere, radius: 0.1, position: [0, 0, 1], rotation: {axis: [0, 0, 1]}}
      """)
    #expect(d.map(\.keyPath) == ["objects[0].rotation", "objects[1].rotation.angle_deg"])
  }

  @Test func manyErrorsAreReportedTogetherInFileOrder() throws {
    let url = try fixturesDirectory().appendingPathComponent("bad_scene.yaml")
    do {
      _ = try SceneLoader.load(contentsOf: url)
      Issue.record("bad_scene.yaml loaded")
    } catch let error as SceneLoadError {
      let d = error.diagnostics
      #expect(
        d.map(\.keyPath) == [
          "world.fps", "objects[0].mass", "objects[1].name", "objects[1].size",
          "objects[1].materail",
        ])
      #expect(d.map(\.location.line) == [4, 9, 11, 13, 14])
      #expect(d[4].message.contains("did you mean 'material'?"))
      #expect(error.description.split(separator: "\n").count == 5)
      #expect(error.description.hasPrefix(url.path + ":4:8: world.fps: must be in 1...240"))
    }
  }

  @Test func missingTextureAndGoodTexture() throws {
    let url = try fixturesDirectory().appendingPathComponent("missing_texture.yaml")
    do {
      _ = try SceneLoader.load(contentsOf: url)
      Issue.record("missing_texture.yaml loaded")
    } catch let error as SceneLoadError {
      // The ground's checker.png exists; only the crate's texture is missing.
      #expect(error.diagnostics.map(\.keyPath) == ["objects[0].texture"])
      #expect(error.diagnostics.first?.location.line == 10)
      #expect(error.diagnostics.first?.message.contains("'textures/crate.png' not found") == true)
    }
  }

  @Test(arguments: [
    ("/etc/passwd.png", "absolute"),
    ("../outside.png", "leaves the scene's folder"),
    ("a/../../b.png", "leaves the scene's folder"),
    ("picture.jpg", "not a PNG"),
  ])
  func unsafeAssetPaths(path: String, phrase: String) throws {
    let d = diagnostics(
      header + "environment: {ground: {texture: \"\(path)\"}}\n",
      base: try fixturesDirectory())
    #expect(d.count == 1)
    #expect(d.first?.keyPath == "environment.ground.texture")
    #expect(d.first?.message.contains(phrase) == true, "\(d)")
  }

  @Test func symlinkLeavingTheFolderIsRejected() throws {
    let fm = FileManager.default
    let root = fm.temporaryDirectory.appendingPathComponent("scene-symlink-\(getpid())")
    let inside = root.appendingPathComponent("scene")
    try fm.createDirectory(at: inside, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: root) }
    let png = try fixturesDirectory().appendingPathComponent("checker.png")
    try fm.copyItem(at: png, to: root.appendingPathComponent("secret.png"))
    try fm.copyItem(at: png, to: inside.appendingPathComponent("ok.png"))
    try fm.createSymbolicLink(
      at: inside.appendingPathComponent("link.png"),
      withDestinationURL: root.appendingPathComponent("secret.png"))
    let ok = diagnostics(header + "environment: {ground: {texture: ok.png}}\n", base: inside)
    #expect(ok.isEmpty)
    let d = diagnostics(header + "environment: {ground: {texture: link.png}}\n", base: inside)
    #expect(d.count == 1 && d.first?.message.contains("outside the scene's folder") == true)
  }

  @Test func nonPNGContentIsRejected() throws {
    let d = diagnostics(
      header + "environment: {ground: {texture: checker.png}}\n"
        + "objects: [{name: a, shape: sphere, radius: 1, position: [0, 0, 1], "
        + "texture: missing_texture.yaml}]\n",
      base: try fixturesDirectory())
    #expect(d.map(\.keyPath) == ["objects[0].texture"])
  }

  @Test func oneBadValueDoesNotCascade() {
    // An unreadable shape must not also produce "a sphere needs radius".
    let d = diagnostics(
      header + "objects: [{name: a, shape: 3, size: [1, 1, 1], position: [0, 0, 1]}]\n")
    #expect(d.map(\.keyPath) == ["objects[0].shape"])
  }
}
