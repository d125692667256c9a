import DioramaCore
import DioramaScene
import Foundation
import Testing

/// The rigid-body keys: shapes beyond sphere and box, contact and solver options, joints.
@Suite struct RigidSchemaTests {
  static func loadFixture() throws -> SceneSpec {
    try SceneLoader.load(contentsOf: fixturesDirectory().appendingPathComponent("rigid_scene.yaml"))
  }

  // MARK: - Every new key parses

  @Test func shapesParse() throws {
    let spec = try Self.loadFixture()
    let pill = spec.objects[0]
    #expect(pill.shape == .capsule && pill.radius == 0.05 && pill.length == 0.2)
    #expect(pill.halfHeight == 0.1)
    let can = spec.objects[1]
    #expect(can.shape == .cylinder && can.radius == 0.04 && can.height == 0.12)
    #expect(can.halfHeight == 0.06)
    let gem = spec.objects[2]
    #expect(gem.shape == .hull && gem.points?.count == 5)
    #expect(gem.points?[1] == Vec3(0.1, 0, 0))
    let ramp = spec.objects[3]
    #expect(ramp.shape == .mesh && ramp.objPath == "ramp.obj" && ramp.isStatic)
    #expect(ramp.scale == Vec3(1, 2, 1))
    let hills = spec.objects[4]
    #expect(hills.rows == 3 && hills.columns == 4 && hills.spacing == SIMD2(0.5, 0.25))
    #expect(hills.heightSamples == [0, 0.1, 0.1, 0, 0, 0.2, 0.2, 0, 0, 0.1, 0.1, 0])
    let dunes = spec.objects[5]
    #expect(dunes.heights == .waves(amplitude: 0.2, wavelength: 4))
    #expect(dunes.heightSamples?.count == 256)
    let table = spec.objects[6]
    #expect(table.shape == .compound && table.parts?.count == 3)
    #expect(
      table.parts?[0]
        == PartSpec(shape: .box, size: Vec3(1.2, 0.8, 0.05), position: Vec3(0, 0, 0.725)))
    #expect(table.parts?[2].shape == .capsule && table.parts?[2].length == 0.6)
    // 90° about z: rotating x gives y; 1e-12 absorbs sin/cos rounding.
    let turned = try #require(table.parts?[2].rotation).rotate(Vec3(1, 0, 0))
    #expect(abs(turned.y - 1) < 1e-12 && abs(turned.x) < 1e-12)
  }

  @Test func contactAndSolverOptionsParse() throws {
    let spec = try Self.loadFixture()
    let pill = spec.objects[0]
    #expect(pill.rollingFriction == 0.001 && pill.torsionalFriction == 0.002)
    #expect(!pill.isBullet && pill.allowsSleep && pill.brittle == nil)
    #expect(pill.group == 0 && pill.mask == nil)
    #expect(pill.categoryBits == 1 && pill.maskBits == UInt32.max)
    let can = spec.objects[1]
    #expect(!can.allowsSleep && can.group == 2 && can.mask == [0, 2])
    #expect(can.categoryBits == 4 && can.maskBits == 5)
    #expect(spec.objects[2].brittle == BrittleSpec(strength: 0.4, pieces: 12, seed: 3))
    #expect(spec.objects[7].isBullet)
    let w = spec.world
    #expect(w.substeps == 8 && w.iterations == 2 && w.relaxIterations == 2)
    #expect(!w.sleeping && w.sleepThreshold == 0.02 && w.sleepTime == 1)
    #expect(w.threads == 2 && !w.ccd)
  }

  @Test func solverDefaults() throws {
    let spec = try SceneLoader.load(
      yaml: header + "objects: [{name: b, shape: sphere, radius: 1, position: [0, 0, 1], "
        + "brittle: {strength: 2}}]", fileName: "d.yaml", baseDirectory: nil)
    let w = spec.world
    #expect(w.iterations == 1 && w.relaxIterations == 4 && w.sleeping)
    #expect(w.sleepThreshold == 0.05 && w.sleepTime == 0.5 && w.threads == 1 && w.ccd)
    #expect(spec.objects[0].brittle == BrittleSpec(strength: 2, pieces: 8, seed: nil))
    #expect(spec.joints.isEmpty)
  }

  @Test func jointsParse() throws {
    let spec = try Self.loadFixture()
    #expect(spec.joints.map(\.kind) == [.fixed, .hinge, .slider, .ball, .distance, .rope])
    let weld = spec.joints[0]
    #expect(weld.a == "pill" && weld.b == "can" && weld.anchor == Vec3(0.15, 0, 1))
    #expect(weld.breakForce == 50 && weld.breakTorque == 5 && weld.collideConnected)
    let hinge = spec.joints[1]
    #expect(hinge.name == "door hinge" && hinge.isToWorld)
    // Axes are normalised on load: [0, 0, 2] → [0, 0, 1].
    #expect(hinge.axis == Vec3(0, 0, 1))
    // limits_deg are stored in radians; exact because 90·(π/180) rounds the same both ways.
    #expect(hinge.limits == JointRange(lower: -90 * Double.pi / 180, upper: 0))
    #expect(hinge.motor == JointMotorSpec(speed: 1.5, maxTorque: 20))
    #expect(hinge.spring == JointSpringSpec(hertz: 1, dampingRatio: 0.5))
    let slide = spec.joints[2]
    #expect(slide.limits == JointRange(lower: -0.3, upper: 0))
    #expect(slide.motor == JointMotorSpec(speed: 0.2, maxForce: 100))
    #expect(spec.joints[3].cone == 45 * Double.pi / 180)
    let rod = spec.joints[4]
    #expect(rod.length == 1 && rod.minLength == 0.9 && rod.maxLength == 1.1)
    #expect(rod.spring?.dampingRatio == JointSpringSpec.defaultDampingRatio)
    #expect(
      rod.anchors(in: spec)?.a == Vec3(0, -4, 1) && rod.anchors(in: spec)?.b == Vec3(1, -4, 2))
    #expect(rod.lengthLimits(in: spec) == JointRange(lower: 0.9, upper: 1.1))
    // The swing cone's axis defaults to the direction from the anchor down to the bob.
    #expect(spec.joints[3].coneAxis(in: spec) == Vec3(0, 0, -1))
    let cord = spec.joints[5]
    #expect(cord.lengthLimits(in: spec) == JointRange(lower: 0, upper: 1.2))
    #expect(cord.anchorB == Vec3(1, -4, 3) && cord.maxLength == 1.2)
    #expect(cord.restLength(in: spec) == 1.2)
    #expect(spec.joint(named: "cord") == 5 && spec.joint(named: "nope") == nil)
  }

  @Test func alternativeFormsParse() throws {
    let spec = try SceneLoader.load(
      yaml: """
        diorama: 1
        objects:
          - {name: m, shape: mesh, obj: ramp.obj, scale: 2, static: true, position: [0, 0, 0]}
          - {name: bob, shape: sphere, radius: 0.1, position: [0, 0, 1]}
        joints:
          - {kind: ball, a: bob, b: world, anchor: [0, 0, 2], axis: [0, 0, -1], cone: 0.5}
          - {kind: hinge, a: bob, b: m, anchor: [0, 0, 1], axis: [1, 0, 0], limits: [-1, 2]}
          - {kind: rope, a: bob, b: m, anchor_a: [0, 0, 1.1], anchor_b: [0, 0, 0.5]}
        """, fileName: "alt.yaml", baseDirectory: try fixturesDirectory())
    #expect(spec.objects[0].scale == Vec3(2, 2, 2))
    #expect(spec.joints[0].cone == 0.5 && spec.joints[0].coneAxis(in: spec) == Vec3(0, 0, -1))
    #expect(spec.joints[1].limits == JointRange(lower: -1, upper: 2))
    #expect(spec.joints[2].anchorA == Vec3(0, 0, 1.1))
    // 1.1 − 0.5 in binary: 1e-15 covers the rounding of the difference.
    #expect(abs((spec.joints[2].restLength(in: spec) ?? 0) - 0.6) < 1e-15)
  }

  @Test func jointNamesDefaultAndRestLengthDefaultsToTheInitialDistance() throws {
    let spec = try SceneLoader.load(
      yaml: """
        diorama: 1
        objects: [{name: bob, shape: sphere, radius: 0.1, position: [0, 0, 1]}]
        joints: [{kind: rope, a: bob, b: world, anchor_b: [0, 0, 3]}]
        """, fileName: "r.yaml", baseDirectory: nil)
    #expect(spec.joints[0].name == "joint1")
    #expect(spec.joints[0].restLength(in: spec) == 2)
  }

  @Test func distanceLengthLimitsFollowTheSpringRule() {
    let spec = SceneSpec(objects: [
      ObjectSpec(name: "a", shape: .sphere, radius: 0.1, position: .zero),
      ObjectSpec(name: "b", shape: .sphere, radius: 0.1, position: Vec3(3, 0, 0)),
    ])
    // No spring, no lengths: a rigid rod at the initial distance.
    var j = JointSpec(name: "j", kind: .distance, a: "a", b: "b")
    #expect(j.lengthLimits(in: spec) == JointRange(lower: 3, upper: 3))
    // No spring, min and max only: free between them.
    j.minLength = 1
    j.maxLength = 4
    #expect(j.lengthLimits(in: spec) == JointRange(lower: 1, upper: 4))
    // A spring without limits: unbounded, pulled towards the rest length.
    j = JointSpec(name: "j", kind: .distance, a: "a", b: "b", spring: JointSpringSpec(hertz: 2))
    #expect(j.lengthLimits(in: spec) == JointRange(lower: 0, upper: .infinity))
    #expect(j.restLength(in: spec) == 3)
  }

  // MARK: - Geometry of the new shapes

  @Test func closedFormGeometry() {
    // Closed forms; 1e-12 relative is a few ulps of each formula.
    let capsule = ObjectSpec(name: "c", shape: .capsule, radius: 0.5, position: .zero, length: 2)
    let v = Double.pi * 0.25 * 2 + 4.0 / 3.0 * Double.pi * 0.125
    #expect(abs(capsule.volume - v) < 1e-12 * v)
    #expect(capsule.halfExtents == Vec3(0.5, 0.5, 1.5) && capsule.boundingRadius == 1.5)
    let cylinder = ObjectSpec(name: "y", shape: .cylinder, radius: 1, position: .zero, height: 2)
    #expect(abs(cylinder.volume - 2 * Double.pi) < 1e-12 * 2 * Double.pi)
    #expect(cylinder.halfExtents == Vec3(1, 1, 1) && cylinder.boundingRadius == 2.0.squareRoot())
    // The unit cube's corners plus an interior point and a point on a face: volume exactly 1
    // up to rounding in the triangle sums (1e-12).
    var corners: [Vec3] = []
    for i in 0..<8 { corners.append(Vec3(Double(i & 1), Double(i >> 1 & 1), Double(i >> 2))) }
    corners += [Vec3(0.5, 0.5, 0.5), Vec3(0.5, 0.5, 1)]
    let cube = ObjectSpec(name: "h", shape: .hull, position: .zero, points: corners)
    #expect(abs(cube.volume - 1) < 1e-12)
    #expect(cube.halfExtents == Vec3(1, 1, 1) && cube.boundingRadius == 3.0.squareRoot())
    // The corner tetrahedron of the unit cube has volume 1/6.
    let tetra = PartSpec(
      shape: .hull, points: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)])
    #expect(abs(tetra.volume - 1.0 / 6.0) < 1e-12)
    let compound = ObjectSpec(
      name: "k", shape: .compound, position: .zero,
      parts: [
        PartSpec(shape: .box, size: Vec3(2, 2, 2), position: Vec3(0, 0, 1)),
        PartSpec(shape: .sphere, radius: 1, position: Vec3(3, 0, 0)),
      ])
    #expect(abs(compound.volume - (8 + 4.0 / 3.0 * Double.pi)) < 1e-12 * 20)
    #expect(compound.halfExtents == Vec3(4, 1, 2) && compound.boundingRadius == 4)
  }

  @Test func wavesGeneratorFollowsItsFormula() {
    // z = A sin(2πx/λ) sin(2πy/λ); the grid of 5 × 5 at 1 m spacing spans x, y = -2...2.
    let heights = HeightfieldHeights.waves(amplitude: 0.5, wavelength: 4)
    let z = heights.samples(rows: 5, columns: 5, spacing: SIMD2(1, 1))
    #expect(z.count == 25)
    // Sample (row 3, column 3) is at x = y = 1: sin(π/2)² = 1. 1e-15 is rounding in sin.
    #expect(abs(z[3 * 5 + 3] - 0.5) < 1e-15)
    // Row 2 is y = 0: every height is 0 up to sin(0) = 0 exactly.
    #expect(z[10..<15].allSatisfy { $0 == 0 })
    // (row 1, column 3): x = 1, y = -1.
    #expect(abs(z[1 * 5 + 3] + 0.5) < 1e-15)
  }

  // MARK: - Writing back

  @Test func rigidSceneRoundTripsThroughJSON() throws {
    let dir = try fixturesDirectory()
    let spec = try Self.loadFixture()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = try #require(String(data: try encoder.encode(spec), encoding: .utf8))
    let again = try SceneLoader.load(yaml: json, fileName: "again.json", baseDirectory: dir)
    #expect(again == spec)
    let decoded = try JSONDecoder().decode(SceneSpec.self, from: Data(json.utf8))
    #expect(decoded == spec)
    #expect(decoded.canonicalJSON() == spec.canonicalJSON())
  }

  @Test func defaultsAreNotWrittenSoOldScenesKeepTheirBytes() throws {
    let spec = try SceneLoader.load(
      yaml: header + "objects: [{name: b, shape: sphere, radius: 1, position: [0, 0, 1]}]",
      fileName: "d.yaml", baseDirectory: nil)
    let text = try #require(String(bytes: spec.canonicalJSON(), encoding: .utf8))
    for key in [
      "joints", "bullet", "sleep", "group", "iterations", "sleeping", "threads", "ccd",
      "brittle", "mask",
    ] {
      #expect(!text.contains("\"\(key)\""), "\(key) written")
    }
  }

  // MARK: - Bad values: file:line:column: key.path: message

  /// A door and a bob on lines 3 and 4; joints start on line 6.
  static let jointScene = """
    diorama: 1
    objects:
      - {name: door, shape: box, size: [0.05, 0.8, 2], position: [1, 0, 1]}
      - {name: bob, shape: sphere, radius: 0.1, position: [0, 0, 1]}
    joints:

    """

  @Test(arguments: [
    (
      "objects: [{name: p, shape: capsule, radius: 0.1, position: [0, 0, 1]}]",
      "test.yaml:2:11: objects[0].length: a capsule needs `length` (the straight part between "
        + "the caps, in m), e.g. 0.5"
    ),
    (
      "objects: [{name: c, shape: cylinder, radius: 0.1, height: 1, size: [1, 1, 1], "
        + "position: [0, 0, 1]}]",
      "test.yaml:2:68: objects[0].size: `size` is for boxes; a cylinder takes `radius` and "
        + "`height`"
    ),
    (
      "objects: [{name: h, shape: hull, points: [[0, 0, 0], [1, 0, 0], [0, 1, 0]], "
        + "position: [0, 0, 1]}]",
      "test.yaml:2:42: objects[0].points: a hull needs at least 4 points, found 3"
    ),
    (
      "objects: [{name: h, shape: hull, points: [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]], "
        + "position: [0, 0, 1]}]",
      "test.yaml:2:42: objects[0].points: the 4 points lie in one plane (or on one line); a "
        + "hull needs points that span a volume"
    ),
    (
      "objects: [{name: h, shape: hull, points: [[0, 0, 0], [1, 0, x], [0, 1, 0], [0, 0, 1]], "
        + "position: [0, 0, 1]}]",
      "test.yaml:2:61: objects[0].points[1][2]: expected a number in m, found \"x\""
    ),
    (
      "objects: [{name: m, shape: mesh, obj: ramp.obj, position: [0, 0, 0]}]",
      "test.yaml:2:11: objects[0].static: a mesh is static only (it encloses no volume to give "
        + "it mass); add `static: true`"
    ),
    (
      "objects: [{name: f, shape: heightfield, rows: 2, columns: 3, spacing: [1, 1], "
        + "heights: [0, 0, 0, 0], static: true, position: [0, 0, 0]}]",
      "test.yaml:2:88: objects[0].heights: expected rows × columns = 2 × 3 = 6 heights, found 4"
    ),
    (
      "objects: [{name: f, shape: heightfield, rows: 2, columns: 2, spacing: [1, 1], "
        + "heights: {kind: waves, amplitude: 1, wavelength: 0}, static: true, "
        + "position: [0, 0, 0]}]",
      "test.yaml:2:128: objects[0].heights.wavelength: must be greater than 0 m, found 0"
    ),
    (
      "objects: [{name: k, shape: compound, position: [0, 0, 1], "
        + "parts: [{shape: box, sise: [1, 1, 1]}]}]",
      "test.yaml:2:80: objects[0].parts[0].sise: unknown key 'sise'; did you mean 'size'? "
        + "allowed keys: shape, radius, size, length, height, points, position, rotation"
    ),
    (
      "objects: [{name: k, shape: compound, position: [0, 0, 1], "
        + "parts: [{shape: mesh, radius: 1}]}]",
      "test.yaml:2:75: objects[0].parts[0].shape: a compound part must be a sphere, box, "
        + "capsule, cylinder or hull (convex shapes), found mesh"
    ),
    (
      "objects: [{name: b, shape: sphere, radius: 1, position: [0, 0, 1], "
        + "rolling_friction: -0.01}]",
      "test.yaml:2:86: objects[0].rolling_friction: must be ≥ 0 m (a lever arm of the normal "
        + "force), found -0.01"
    ),
    (
      "objects: [{name: b, shape: sphere, radius: 1, position: [0, 0, 1], brittle: {pieces: 4}}]",
      "test.yaml:2:77: objects[0].brittle.strength: missing required key 'strength' (the "
        + "breaking impulse in N·s, e.g. 0.5; materials carry no fracture strength yet)"
    ),
    (
      "objects: [{name: b, shape: sphere, radius: 1, position: [0, 0, 1], static: true, "
        + "bullet: true}]",
      "test.yaml:2:90: objects[0].bullet: `bullet` is for fast moving objects; a static object "
        + "never moves"
    ),
    (
      "objects: [{name: b, shape: sphere, radius: 1, position: [0, 0, 1], group: 40}]",
      "test.yaml:2:75: objects[0].group: must be in 0...31, found 40"
    ),
    (
      "world: {threads: 4}",
      "test.yaml:2:18: world.threads: must be in 1...2 (results are identical for every "
        + "count), found 4"
    ),
    (
      "world: {sleeping: sometimes}",
      "test.yaml:2:19: world.sleeping: expected true or false, found \"sometimes\""
    ),
  ])
  func badObjectAndWorldValues(yaml: String, expected: String) {
    let d = diagnostics(header + yaml + "\n")
    #expect(d.map(\.description) == [expected])
  }

  @Test(arguments: [
    (
      "  - {kind: hinge, a: dor, b: world, anchor: [1, 0, 2], axis: [0, 0, 1]}",
      "test.yaml:6:22: joints[0].a: no object named 'dor'; did you mean 'door'? objects: door, "
        + "bob"
    ),
    (
      "  - {kind: ball, a: door, b: bbo, anchor: [0, 0, 1]}",
      "test.yaml:6:30: joints[0].b: no object named 'bbo'; did you mean 'bob'? objects (or "
        + "world): door, bob, world"
    ),
    (
      "  - {kind: hing, a: door, b: world}",
      "test.yaml:6:12: joints[0].kind: unknown joint kind 'hing'; did you mean 'hinge'? "
        + "allowed: fixed, hinge, ball, slider, distance, rope"
    ),
    (
      "  - {kind: hinge, a: door, b: world, anchor: [1, 0, 2]}",
      "test.yaml:6:5: joints[0].axis: a hinge joint needs `axis` (the axis it turns about, "
        + "world), e.g. [0, 0, 1]"
    ),
    (
      "  - {kind: hinge, a: door, b: world, anchor: [1, 0, 2], axis: [0, 0, 1], "
        + "limits_deg: [-200, 0]}",
      "test.yaml:6:86: joints[0].limits_deg: hinge limits must be within -180...180 degrees, "
        + "found [-200, 0]"
    ),
    (
      "  - {kind: hinge, a: door, b: world, anchor: [1, 0, 2], axis: [0, 0, 1], "
        + "motor: {speed: 1, max_force: 3}}",
      "test.yaml:6:103: joints[0].motor.max_force: a hinge motor takes `max_torque` (N·m), not "
        + "`max_force`"
    ),
    (
      "  - {kind: rope, a: bob, b: world}",
      "test.yaml:6:5: joints[0].anchor_b: a rope joint to the world needs `anchor_b` (the "
        + "world point it hangs from, in m), e.g. [0, 0, 3]"
    ),
    (
      "  - {kind: rope, a: bob, b: door, break_torque: 3}",
      "test.yaml:6:49: joints[0].break_torque: a rope joint carries no torque; use "
        + "`break_force` (N)"
    ),
    (
      "  - {kind: fixed, a: bob, b: door, anchor: [0, 0, 1], break_forse: 3}",
      "test.yaml:6:55: joints[0].break_forse: unknown key 'break_forse'; did you mean "
        + "'break_force'? allowed keys: name, kind, a, b, anchor, anchor_a, anchor_b, axis, "
        + "limits, limits_deg, cone, cone_deg, motor, spring, length, min_length, max_length, "
        + "break_force, break_torque, collide_connected"
    ),
    (
      "  - {kind: distance, a: bob, b: door, anchor_a: [1, 0, 1]}",
      "test.yaml:6:5: joints[0].length: the anchors coincide at t = 0, so the distance would "
        + "have length 0; give `length` in m"
    ),
    (
      "  - {kind: ball, a: bob, b: world, anchor: [0, 0, 2], cone_deg: 200}",
      "test.yaml:6:65: joints[0].cone_deg: must be in 0...180 degrees, found 200"
    ),
    (
      "  - {kind: slider, a: bob, b: world, anchor: [0, 0, 1], axis: [1, 0, 0], "
        + "spring: {damping_ratio: 1}}",
      "test.yaml:6:82: joints[0].spring.hertz: missing required key 'hertz' (the natural "
        + "frequency in Hz, e.g. 2)"
    ),
  ])
  func badJointValues(yaml: String, expected: String) {
    let d = diagnostics(Self.jointScene + yaml + "\n")
    #expect(d.map(\.description) == [expected])
  }

  @Test func meshFilesAreChecked() throws {
    let dir = try fixturesDirectory()
    func load(_ obj: String) -> [SceneDiagnostic] {
      diagnostics(
        header + "objects: [{name: m, shape: mesh, obj: \(obj), static: true, "
          + "position: [0, 0, 0]}]\n", base: dir)
    }
    #expect(load("ramp.obj").isEmpty)
    #expect(load("nope.obj").map(\.message) == ["file 'nope.obj' not found in \(dir.path)"])
    #expect(
      load("broken.obj").map(\.message) == [
        "file 'broken.obj' line 6: face index 9 is out of range (3 vertices)"
      ])
    #expect(
      load("checker.png").map(\.message) == [
        "'checker.png' is not an OBJ file name; meshes must be .obj"
      ])
    #expect(load("../ramp.obj").first?.message.contains("leaves the scene's folder") == true)
  }

  @Test func meshWithoutStaticIsAnErrorEvenWhenBuiltInCode() {
    let spec = SceneSpec(objects: [
      ObjectSpec(name: "m", shape: .mesh, position: .zero, objPath: "ramp.obj"),
      ObjectSpec(
        name: "f", shape: .heightfield, position: .zero, isStatic: false, rows: 2, columns: 2,
        spacing: SIMD2(1, 1), heights: .samples([0, 0, 0, 0])),
    ])
    let d = SceneLoader.validate(spec, baseDirectory: nil)
    #expect(d.map(\.keyPath) == ["objects[0].static", "objects[1].static"])
    #expect(d.allSatisfy { $0.message.contains("add `static: true`") })
  }

  @Test func jointReferencesSuggestTheNearestNameAndListTheObjects() {
    let d = diagnostics(
      Self.jointScene + """
          - {name: j, kind: distance, a: bbo, b: dorr, length: 1}
          - {name: j, kind: fixed, a: world, b: bob, anchor: [0, 0, 1]}
          - {kind: hinge, a: bob, b: bob, anchor: [0, 0, 1], axis: [1, 0, 0]}
        """)
    #expect(
      d.map(\.keyPath) == [
        "joints[0].a", "joints[0].b", "joints[1].name", "joints[1].a", "joints[2].b",
      ])
    #expect(d.map(\.location.line) == [6, 6, 7, 7, 8])
    #expect(d[0].message.contains("did you mean 'bob'?"))
    #expect(d[1].message.contains("did you mean 'door'?"))
    #expect(d[1].message.hasSuffix("objects (or world): door, bob, world"))
    #expect(d[2].message == "duplicate joint name 'j' (also joints[0])")
    #expect(d[3].message.contains("swap them"))
    #expect(d[4].message.contains("two different bodies"))
  }

  @Test func kindSpecificKeysAreRejectedWhereTheyDoNotApply() {
    let d = diagnostics(
      Self.jointScene + """
          - {kind: ball, a: bob, b: world, anchor: [0, 0, 2], limits: [0, 1], motor: {speed: 1}}
          - {kind: slider, a: bob, b: world, anchor: [0, 0, 1], axis: [1, 0, 0],
             limits_deg: [0, 10], length: 2}
          - {kind: rope, a: bob, b: door, anchor: [0, 0, 1], min_length: 0.5}
        """)
    #expect(
      d.map(\.keyPath) == [
        "joints[0].limits", "joints[0].motor", "joints[1].limits_deg", "joints[1].length",
        "joints[2].anchor", "joints[2].min_length",
      ])
    #expect(d[0].message == "`limits` is for hinge and slider joints, not a ball joint")
    #expect(d[2].message.contains("use `limits`, not `limits_deg`"))
    #expect(d[5].message.contains("a rope can always go slack"))
  }

  @Test func aJointNeedsAMovingBody() {
    let d = diagnostics(
      """
      diorama: 1
      objects:
        - {name: shelf, shape: box, size: [1, 0.2, 0.02], position: [0, 0, 1], static: true}
        - {name: post, shape: box, size: [0.1, 0.1, 1], position: [0, 0, 0.5], static: true}
      joints:
        - {kind: fixed, a: shelf, b: world, anchor: [0, 0, 1]}
        - {kind: fixed, a: shelf, b: post, anchor: [0, 0, 1]}
      """)
    #expect(
      d.map(\.description) == [
        "test.yaml:6:5: joints[0]: joins two static bodies ('shelf' and 'world'); at least one "
          + "must move",
        "test.yaml:7:5: joints[1]: joins two static bodies ('shelf' and 'post'); at least one "
          + "must move",
      ])
  }

  @Test func anObjectNamedWorldIsAmbiguousOnlyWhenJointsUseTheWorld() {
    let scene = """
      diorama: 1
      objects:
        - {name: world, shape: sphere, radius: 1, position: [0, 0, 1]}
        - {name: bob, shape: sphere, radius: 1, position: [0, 0, 3]}

      """
    #expect(diagnostics(scene).isEmpty)
    let d = diagnostics(
      scene + "joints: [{kind: ball, a: bob, b: world, anchor: [0, 0, 2]}]\n")
    #expect(d.map(\.keyPath) == ["objects[0].name"])
    #expect(d.first?.location.line == 3)
  }

  @Test func codeBuiltJointsAreValidatedWithoutLines() {
    var spec = SceneSpec(
      objects: [ObjectSpec(name: "bob", shape: .sphere, radius: 0.1, position: Vec3(0, 0, 1))],
      joints: [
        JointSpec(
          name: "h", kind: .hinge, a: "bob", b: "world", anchor: Vec3(0, 0, 2),
          axis: Vec3(1, 0, 0), limits: JointRange(lower: 1, upper: -1))
      ])
    let d = SceneLoader.validate(spec, baseDirectory: nil)
    #expect(
      d.map(\.description) == ["<untitled>: joints[0].limits: lower must be ≤ upper, found [1, -1]"]
    )
    spec.joints[0].limits = JointRange(lower: -1, upper: 1)
    #expect(SceneLoader.validate(spec, baseDirectory: nil).isEmpty)
  }
}
