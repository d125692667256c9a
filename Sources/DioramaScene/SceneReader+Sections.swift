import DioramaCore
import Foundation
import Yams

// MARK: - Sections of the file

extension SceneReader {
  static let rootKeys = [
    "diorama", "name", "description", "world", "environment", "objects", "joints", "shots",
    "style", "audio", "outcomes",
  ]

  static let reservedRootKeys = [
    ("figures", "figures are not yet supported (articulated figures issue)"),
    ("fluid", "fluid is not yet supported (fluid simulation issue)"),
  ]

  /// Reads the whole document. Missing or unreadable values take their defaults, so the
  /// result is always a complete spec; `diagnostics` says whether it can be trusted.
  mutating func readScene(_ root: Node) -> SceneSpec {
    var spec = SceneSpec()
    guard
      let f = fields(
        root, "", allowed: Self.rootKeys, reserved: Self.reservedRootKeys,
        what: "a scene with keys \(Self.rootKeys.joined(separator: ", "))")
    else { return spec }
    if let node = require(f, "diorama", "the format version; start the file with `diorama: 1`"),
      let v = integer(node, "diorama", "the format version 1")
    {
      spec.version = v
    }
    if let v = string(f, "name", "a scene name") { spec.name = v }
    if let v = string(f, "description", "a description") { spec.description = v }
    if let node = f["world"] { spec.world = readWorld(node, "world") }
    if let node = f["environment"] { spec.environment = readEnvironment(node, "environment") }
    spec.objects = list(f, "objects", "objects").map { readObject($0.0, $0.1) }
    spec.joints = list(f, "joints", "joints").enumerated().map {
      readJoint($0.element.0, $0.element.1, index: $0.offset)
    }
    spec.shots = list(f, "shots", "shots").enumerated().map {
      readShot($0.element.0, $0.element.1, index: $0.offset)
    }
    if let node = f["style"] { spec.style = readStyle(node, "style") }
    if let node = f["audio"] { spec.audio = readAudio(node, "audio") }
    spec.outcomes = list(f, "outcomes", "outcomes").enumerated().map {
      readOutcome($0.element.0, $0.element.1, index: $0.offset)
    }
    return spec
  }

  mutating func readWorld(_ node: Node, _ path: String) -> WorldSettings {
    var w = WorldSettings()
    let keys = [
      "gravity", "duration", "fps", "resolution", "seed", "timestep", "substeps", "iterations",
      "relax_iterations", "sleeping", "sleep_threshold", "sleep_time", "threads", "ccd",
    ]
    guard let f = fields(node, path, allowed: keys, what: "world settings") else { return w }
    if let v = vector(f, "gravity", "in m/s²") { w.gravity = v }
    if let v = number(f, "duration", "a duration in seconds") { w.duration = v }
    if let v = integer(f, "fps", "a whole number of frames per second") { w.fps = v }
    if let node = f["resolution"] {
      let rpath = Self.join(path, "resolution")
      note(node, rpath)
      if case .sequence(let seq) = node, seq.count == 2 {
        let items = Array(seq)
        let width = integer(items[0], "\(rpath)[0]", "a width in pixels")
        let height = integer(items[1], "\(rpath)[1]", "a height in pixels")
        if let width, let height {
          w.width = width
          w.height = height
        }
      } else {
        report(node, rpath, "expected [width, height] in pixels, found \(Self.describe(node))")
      }
    }
    if let v = unsigned(f, "seed", "a non-negative whole number") { w.seed = v }
    if let v = number(f, "timestep", "a time step in seconds") { w.timestep = v }
    if let v = integer(f, "substeps", "a whole number of substeps") { w.substeps = v }
    if let v = integer(f, "iterations", "a whole number of iterations") { w.iterations = v }
    if let v = integer(f, "relax_iterations", "a whole number of iterations") {
      w.relaxIterations = v
    }
    if let v = bool(f, "sleeping") { w.sleeping = v }
    if let v = number(f, "sleep_threshold", "a speed in m/s") { w.sleepThreshold = v }
    if let v = number(f, "sleep_time", "a time in seconds") { w.sleepTime = v }
    if let v = integer(f, "threads", "a whole number of threads") { w.threads = v }
    if let v = bool(f, "ccd") { w.ccd = v }
    return w
  }

  mutating func readEnvironment(_ node: Node, _ path: String) -> EnvironmentSpec {
    var e = EnvironmentSpec()
    let keys = ["ground", "walls", "sky", "lights", "ambience"]
    guard let f = fields(node, path, allowed: keys, what: "environment settings") else { return e }
    if let node = f["ground"] { e.ground = readGround(node, Self.join(path, "ground")) }
    e.walls = list(f, "walls", "walls").map { readWall($0.0, $0.1) }
    if let node = f["sky"] {
      let spath = Self.join(path, "sky")
      let skyKeys = ["zenith", "horizon", "preset", "azimuth_deg"]
      if let s = fields(node, spath, allowed: skyKeys, what: "sky colours or a preset") {
        if let v = vector(s, "zenith", "linear RGB") { e.sky.zenith = v }
        if let v = vector(s, "horizon", "linear RGB") { e.sky.horizon = v }
        e.sky.preset = choice(s, "preset", "sky preset", SkyPresetName.self)
        e.sky.azimuthDegrees = number(s, "azimuth_deg", "a compass angle in degrees")
      }
    }
    if f.has("lights") {
      e.lights = list(f, "lights", "lights").compactMap { readLight($0.0, $0.1) }
    }
    if let node = f["ambience"] {
      let apath = Self.join(path, "ambience")
      if let a = readAmbience(node, apath) { e.ambience = a }
    }
    return e
  }

  mutating func readGround(_ node: Node, _ path: String) -> GroundSpec? {
    if case .scalar(let s) = node, Self.isPlain(s) {
      if s.string == "none" || Bool.construct(from: s) == false { return nil }
      if Bool.construct(from: s) == true { return GroundSpec() }
    }
    var g = GroundSpec()
    let keys = ["height", "material", "color", "checker", "checker_size", "texture", "appearance"]
    guard
      let f = fields(
        node, path, allowed: keys, what: "ground settings, `none` or `false`")
    else { return g }
    if let v = number(f, "height", "a height in m") { g.height = v }
    if let v = string(f, "material", "a material name") { g.material = v }
    if let v = vector(f, "color", "linear RGB") { g.color = v }
    if let v = bool(f, "checker") { g.checker = v }
    if let v = number(f, "checker_size", "a checker size in m") { g.checkerSize = v }
    if let v = string(f, "texture", "a PNG path") { g.texture = v }
    g.appearance = f["appearance"].flatMap { readAppearance($0, Self.join(path, "appearance")) }
    return g
  }

  /// `{kind: glass, color: [r, g, b], roughness: r, ior: n, absorption: [r, g, b],
  /// texture: {type: wood, scale: s, color: [r, g, b], path: p.png}}`.
  mutating func readAppearance(_ node: Node, _ path: String) -> AppearanceSpec? {
    let keys = ["kind", "color", "roughness", "ior", "absorption", "texture"]
    guard let f = fields(node, path, allowed: keys, what: "an appearance") else { return nil }
    let kinds = AppearanceKind.allCases.map(\.rawValue).joined(separator: ", ")
    guard let k = require(f, "kind", kinds),
      let kind = choice(k, Self.join(path, "kind"), "appearance kind", AppearanceKind.self)
    else { return nil }
    var a = AppearanceSpec(kind: kind)
    a.color = vector(f, "color", "linear RGB")
    a.roughness = number(f, "roughness", "a roughness 0...1")
    a.ior = number(f, "ior", "an index of refraction (glass 1.5, water 1.33)")
    a.absorption = vector(f, "absorption", "in 1/m (linear RGB)")
    if let t = f["texture"] {
      let tpath = Self.join(path, "texture")
      let tkeys = ["type", "scale", "color", "path"]
      if let g = fields(t, tpath, allowed: tkeys, what: "a texture") {
        let types = TextureKind.allCases.map(\.rawValue).joined(separator: ", ")
        if let n = require(g, "type", types),
          let type = choice(n, Self.join(tpath, "type"), "texture type", TextureKind.self)
        {
          var tex = TextureSpec(type: type)
          tex.scale = number(g, "scale", "a feature size in m")
          tex.color = vector(g, "color", "linear RGB")
          tex.path = string(g, "path", "a PNG path")
          a.texture = tex
        }
      }
    }
    return a
  }

  mutating func readWall(_ node: Node, _ path: String) -> WallSpec {
    var w = WallSpec(name: "", point: .zero, normal: Vec3(0, 0, 1))
    let keys = ["name", "point", "normal", "material", "color", "visible"]
    guard let f = fields(node, path, allowed: keys, what: "a wall") else { return w }
    if let n = require(f, "name", "a unique wall name"),
      let v = string(n, Self.join(path, "name"), "a wall name")
    {
      w.name = v
    }
    if let n = require(f, "point", "a point on the wall in m, e.g. [0, 2, 0]"),
      let v = vector(n, Self.join(path, "point"), "in m")
    {
      w.point = v
    }
    if let n = require(f, "normal", "the direction the wall faces, e.g. [0, -1, 0]"),
      let v = vector(n, Self.join(path, "normal"), "(a direction)")
    {
      w.normal = v
    }
    if let v = string(f, "material", "a material name") { w.material = v }
    if let v = vector(f, "color", "linear RGB") { w.color = v }
    if let v = bool(f, "visible") { w.visible = v }
    return w
  }

  mutating func readLight(_ node: Node, _ path: String) -> LightSpec? {
    let keys = [
      "type", "direction", "position", "color", "intensity", "target", "inner_deg", "outer_deg",
      "width", "height", "shape",
    ]
    guard let f = fields(node, path, allowed: keys, what: "a light") else { return nil }
    guard let t = require(f, "type", "sun, point, ambient, spot or area"),
      let kind = choice(t, Self.join(path, "type"), "light type", LightKind.self)
    else { return nil }
    var light = LightSpec(kind: kind, intensity: LightSpec.defaultIntensity(for: kind))
    light.direction = vector(f, "direction", "(the direction the light travels)")
    light.position = vector(f, "position", "in m")
    if let v = vector(f, "color", "linear RGB") { light.color = v }
    let unit =
      kind == .sun || kind == .ambient ? "an intensity (3 is bright daylight)" : "a power in W"
    if let v = number(f, "intensity", unit) { light.intensity = v }
    light.target = vector(f, "target", "in m")
    light.innerDegrees = number(f, "inner_deg", "a half-angle in degrees")
    light.outerDegrees = number(f, "outer_deg", "a half-angle in degrees")
    light.width = number(f, "width", "a width in m")
    light.height = number(f, "height", "a height in m")
    light.shape = choice(f, "shape", "area light shape", AreaShapeName.self)
    return light
  }

  static let objectKeys =
    ["name", "shape"] + ShapeKind.geometryKeys + [
      "material", "mass", "density", "position", "rotation", "velocity", "angular_velocity",
      "color", "texture", "static", "restitution", "friction", "rolling_friction",
      "torsional_friction", "bullet", "brittle", "sleep", "group", "mask", "appearance",
    ]

  mutating func readObject(_ node: Node, _ path: String) -> ObjectSpec {
    var o = ObjectSpec(name: "", shape: .sphere, position: .zero)
    guard let f = fields(node, path, allowed: Self.objectKeys, what: "an object") else {
      failed.insert(path)
      return o
    }
    if let n = require(f, "name", "a unique object name"),
      let v = string(n, Self.join(path, "name"), "an object name")
    {
      o.name = v
    }
    let shapes = ShapeKind.allCases.map(\.rawValue).joined(separator: ", ")
    if let n = require(f, "shape", shapes),
      let v = choice(n, Self.join(path, "shape"), "shape", ShapeKind.self)
    {
      o.shape = v
    }
    let g = readConvexGeometry(f)
    o.radius = g.radius
    o.size = g.size
    o.length = g.length
    o.height = g.height
    o.points = g.points
    o.objPath = string(f, "obj", "an OBJ file path")
    o.scale = f["scale"].flatMap { readScale($0, Self.join(path, "scale")) }
    o.rows = integer(f, "rows", "a whole number of rows")
    o.columns = integer(f, "columns", "a whole number of columns")
    o.spacing = f["spacing"].flatMap { readSpacing($0, Self.join(path, "spacing")) }
    o.heights = f["heights"].flatMap { readHeights($0, Self.join(path, "heights")) }
    if f.has("parts") {
      o.parts = list(f, "parts", "compound parts").map { readPart($0.0, $0.1) }
    }
    if let v = string(f, "material", "a material name") { o.material = v }
    o.mass = number(f, "mass", "a number in kg")
    o.density = number(f, "density", "a density in kg/m³")
    if let n = require(f, "position", "the centre's position in m, e.g. [0, 0, 1]"),
      let v = vector(n, Self.join(path, "position"), "in m")
    {
      o.position = v
    }
    if let n = f["rotation"], let q = readRotation(n, Self.join(path, "rotation")) {
      o.rotation = q
    }
    if let v = vector(f, "velocity", "in m/s") { o.velocity = v }
    if let v = vector(f, "angular_velocity", "in rad/s") { o.angularVelocity = v }
    if let v = vector(f, "color", "linear RGB") { o.color = v }
    o.texture = string(f, "texture", "a PNG path")
    if let v = bool(f, "static") { o.isStatic = v }
    o.restitution = number(f, "restitution", "a restitution coefficient (0 to 1)")
    o.friction = number(f, "friction", "a friction coefficient")
    o.rollingFriction = number(f, "rolling_friction", "a rolling-friction length in m")
    o.torsionalFriction = number(f, "torsional_friction", "a torsional-friction length in m")
    if let v = bool(f, "bullet") { o.isBullet = v }
    o.brittle = f["brittle"].flatMap { readBrittle($0, Self.join(path, "brittle")) }
    if let v = bool(f, "sleep") { o.allowsSleep = v }
    if let v = integer(f, "group", "a collision group 0...31") { o.group = v }
    o.mask = readIntegers(f, "mask", "collision groups 0...31")
    o.appearance = f["appearance"].flatMap { readAppearance($0, Self.join(path, "appearance")) }
    return o
  }

  /// `{euler_deg: [roll, pitch, yaw]}`, `{axis: [x, y, z], angle_deg: a}` or the unit
  /// quaternion `{w, x, y, z}` that written-back scenes use.
  mutating func readRotation(_ node: Node, _ path: String) -> Quaternion? {
    let keys = ["euler_deg", "axis", "angle_deg", "w", "x", "y", "z"]
    let what = "a rotation: {euler_deg: [roll, pitch, yaw]} or {axis: [x, y, z], angle_deg: a}"
    guard let f = fields(node, path, allowed: keys, what: what) else { return nil }
    let forms = [
      f.has("euler_deg"), f.has("axis") || f.has("angle_deg"),
      ["w", "x", "y", "z"].contains { f.has($0) },
    ]
    guard forms.filter({ $0 }).count == 1 else {
      report(node, path, "expected exactly one of \(what), or {w, x, y, z}")
      return nil
    }
    let degrees = Double.pi / 180
    if f.has("euler_deg") {
      guard let n = f["euler_deg"],
        let e = vector(
          n, Self.join(path, "euler_deg"), "in degrees", components: "[roll, pitch, yaw]")
      else { return nil }
      return Quaternion(roll: e.x * degrees, pitch: e.y * degrees, yaw: e.z * degrees)
    }
    if forms[1] {
      let axisNode = require(f, "axis", "the rotation axis, e.g. [0, 0, 1]")
      let angleNode = require(f, "angle_deg", "the angle in degrees")
      guard let axisNode, let angleNode,
        let axis = vector(axisNode, Self.join(path, "axis"), "(an axis direction)"),
        let angle = number(angleNode, Self.join(path, "angle_deg"), "an angle in degrees")
      else { return nil }
      if axis == .zero {
        report(axisNode, Self.join(path, "axis"), "axis must be non-zero, found [0, 0, 0]")
        return nil
      }
      return Quaternion(axis: axis, angle: angle * degrees)
    }
    var c: [Double] = []
    for key in ["w", "x", "y", "z"] {
      if let n = require(f, key, "a quaternion needs w, x, y and z"),
        let v = number(n, Self.join(path, key), "a quaternion component")
      {
        c.append(v)
      }
    }
    guard c.count == 4 else { return nil }
    let q = Quaternion(w: c[0], x: c[1], y: c[2], z: c[3])
    guard q.norm > 0 else {
      report(node, path, "quaternion must be non-zero")
      return nil
    }
    // Leave unit quaternions bit-exact so written-back scenes read back identically.
    return abs(q.norm - 1) > 1e-12 ? q.normalized : q
  }

  mutating func readShot(_ node: Node, _ path: String, index: Int) -> ShotSpec {
    var shot = ShotSpec(
      name: "shot\(index + 1)", camera: CameraSpec(position: Vec3(0, -5, 2)), start: 0)
    let keys = ["name", "camera", "start", "end", "style"]
    guard let f = fields(node, path, allowed: keys, what: "a shot") else {
      failed.insert(path)
      return shot
    }
    if let v = string(f, "name", "a shot name") { shot.name = v }
    if let n = require(f, "camera", "{position: [x, y, z], target: [x, y, z] or track: name}") {
      shot.camera = readCamera(n, Self.join(path, "camera"))
    }
    if index == 0 {
      if let v = number(f, "start", "a start time in seconds") { shot.start = v }
    } else if let n = require(f, "start", "the shot's start time in seconds"),
      let v = number(n, Self.join(path, "start"), "a start time in seconds")
    {
      shot.start = v
    }
    shot.end = number(f, "end", "an end time in seconds")
    if let node = f["style"] { shot.style = readStyle(node, Self.join(path, "style")) }
    return shot
  }

  mutating func readCamera(_ node: Node, _ path: String) -> CameraSpec {
    var c = CameraSpec(position: Vec3(0, -5, 2))
    let keys = ["position", "target", "track", "up", "lens_mm", "f_number", "focus_distance"]
    guard let f = fields(node, path, allowed: keys, what: "a camera") else { return c }
    if let n = require(f, "position", "the camera position in m"),
      let v = vector(n, Self.join(path, "position"), "in m")
    {
      c.position = v
    }
    c.target = vector(f, "target", "in m")
    c.track = string(f, "track", "an object name")
    if let v = vector(f, "up", "(the up direction)") { c.up = v }
    if let v = number(f, "lens_mm", "a focal length in mm") { c.lensMM = v }
    c.fNumber = number(f, "f_number", "an f-number (e.g. 2.8)")
    c.focusDistance = number(f, "focus_distance", "a distance in m")
    return c
  }

  mutating func readStyle(_ node: Node, _ path: String) -> StyleSpec {
    if case .scalar = node {
      return StyleSpec(preset: choice(node, path, "style", StylePreset.self) ?? .realistic)
    }
    let keys = ["preset", "integrator", "denoise"]
    guard let f = fields(node, path, allowed: keys, what: "a style") else {
      return StyleSpec()
    }
    return StyleSpec(
      preset: choice(f, "preset", "style", StylePreset.self) ?? .realistic,
      integrator: choice(f, "integrator", "integrator", IntegratorName.self),
      denoise: bool(f, "denoise"))
  }

  mutating func readOutcome(_ node: Node, _ path: String, index: Int) -> OutcomeSpec {
    var o = OutcomeSpec(name: "outcome\(index + 1)", kind: .moved)
    let keys = [
      "name", "type", "object", "objects", "other", "container", "region", "at", "fraction",
      "speed", "distance", "expect",
    ]
    guard let f = fields(node, path, allowed: keys, what: "an outcome") else {
      failed.insert(path)
      return o
    }
    if let v = string(f, "name", "an outcome name") { o.name = v }
    let types = OutcomeKind.allCases.map(\.rawValue).joined(separator: ", ")
    if let n = require(f, "type", types),
      let v = choice(n, Self.join(path, "type"), "outcome type", OutcomeKind.self)
    {
      o.kind = v
    }
    o.object = string(f, "object", "an object name")
    o.objects = strings(f, "objects", "object names")
    o.other = string(f, "other", "an object name, \"ground\" or a wall name")
    o.container = string(f, "container", "a box object's name")
    if let n = f["region"] {
      let rpath = Self.join(path, "region")
      if let r = fields(n, rpath, allowed: ["min", "max"], what: "a region {min, max}") {
        let lo = require(r, "min", "the lower corner in m").flatMap {
          vector($0, Self.join(rpath, "min"), "in m")
        }
        let hi = require(r, "max", "the upper corner in m").flatMap {
          vector($0, Self.join(rpath, "max"), "in m")
        }
        if let lo, let hi {
          o.regionMin = lo
          o.regionMax = hi
        }
      }
    }
    o.at = number(f, "at", "a time in seconds")
    o.fraction = number(f, "fraction", "a fraction")
    o.speed = number(f, "speed", "a speed in m/s")
    o.distance = number(f, "distance", "a distance in m")
    if let v = bool(f, "expect") { o.expect = v }
    return o
  }
}
