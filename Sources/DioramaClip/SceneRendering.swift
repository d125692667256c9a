import DioramaCore
import DioramaRender
import DioramaScene
import DioramaWorld
import Foundation

/// Turns a scene plus one snapshot into the renderer's plain values. The renderer knows
/// nothing of physics; this is the one place that maps objects, ground and walls to meshes,
/// materials and lights, and picks the camera of the active shot.
///
/// ```swift
/// let mapping = try SceneRendering(world: world, baseDirectory: nil)
/// let image = Renderer().render(mapping.renderScene(recording.snapshots[30]))
/// ```
public struct SceneRendering: Sendable {
  let scene: SceneSpec
  let materials: [Material]
  let objectTextures: [Texture?]
  let groundTexture: Texture?
  /// PNG textures named by each object's and the ground's `appearance.texture.path`.
  let objectAppearanceTextures: [Texture?]
  let groundAppearanceTexture: Texture?
  let groundMaterial: Material?
  let wallMaterials: [Material]
  let autoCamera: CameraSpec
  /// The render shapes of each object and their placement in its shape frame; meshes are
  /// built once here and shared by every frame.
  let objectParts: [[(RenderShape, Transform)]]
  /// Bodies the simulation created (fragments): body index, source object and shapes.
  var createdParts: [(index: Int, object: Int, parts: [(RenderShape, Transform)])] = []

  /// Loads the textures the scene names (paths already validated to stay in its folder).
  /// - Throws: `ClipError.asset` when a texture cannot be read.
  /// Render shapes for a body's parts.
  static func renderParts(_ parts: [BodyPart]) -> [(RenderShape, Transform)] {
    parts.map { part -> (RenderShape, Transform) in
      switch part.geometry {
      case .sphere(let r): return (.sphere(radius: r), part.transform)
      case .box(let h): return (.box(halfExtents: h), part.transform)
      case .capsule(let r, let h): return (.capsule(radius: r, halfHeight: h), part.transform)
      case .cylinder(let r, let h): return (.cylinder(radius: r, halfHeight: h), part.transform)
      case .triangles(let v, let t):
        return (.mesh(RenderMesh(vertices: v, triangles: t)), part.transform)
      }
    }
  }

  /// Adds the bodies a run created (fragments), drawn with their source object's material.
  public mutating func include(_ recording: Recording) {
    createdParts = recording.createdBodies.map {
      (index: $0.index, object: $0.object, parts: Self.renderParts($0.parts))
    }
  }

  public init(world: World, baseDirectory: URL?) throws {
    objectParts = (0..<world.scene.objects.count).map { i in
      Self.renderParts(world.parts(ofObject: i))
    }
    scene = world.scene
    materials = world.objectMaterials
    groundMaterial = world.groundMaterial
    wallMaterials = world.wallMaterials
    func load(_ path: String?, _ key: String) throws -> Texture? {
      guard let path else { return nil }
      let url = URL(fileURLWithPath: path, relativeTo: baseDirectory)
      do {
        let t = try PNGCodec.readTexture(at: url)
        return Texture(width: t.width, height: t.height, texels: t.rgb)
      } catch {
        throw ClipError.asset(key: key, path: url.path, reason: "\(error)")
      }
    }
    var textures: [Texture?] = []
    for (i, o) in world.scene.objects.enumerated() {
      textures.append(try load(o.texture, "objects[\(i)].texture"))
    }
    objectTextures = textures
    groundTexture = try load(world.scene.environment.ground?.texture, "environment.ground.texture")
    func pngPath(_ a: AppearanceSpec?) -> String? {
      guard let t = a?.texture, t.type == .png else { return nil }
      return t.path
    }
    var appearanceTextures: [Texture?] = []
    for (i, o) in world.scene.objects.enumerated() {
      appearanceTextures.append(
        try load(pngPath(o.appearance), "objects[\(i)].appearance.texture.path"))
    }
    objectAppearanceTextures = appearanceTextures
    groundAppearanceTexture = try load(
      pngPath(world.scene.environment.ground?.appearance),
      "environment.ground.appearance.texture.path")
    autoCamera = Self.autoFrame(world.scene)
  }

  /// A three-quarter view that frames every object at t = 0: used when a scene has no shots.
  static func autoFrame(_ scene: SceneSpec) -> CameraSpec {
    var lo = Vec3(repeating: .infinity), hi = Vec3(repeating: -.infinity)
    for o in scene.objects {
      let r = o.boundingRadius
      lo = pointwiseMin(lo, o.position - Vec3(repeating: r))
      hi = pointwiseMax(hi, o.position + Vec3(repeating: r))
    }
    if scene.objects.isEmpty {
      lo = Vec3(-1, -1, 0)
      hi = Vec3(1, 1, 1)
    }
    let centre = 0.5 * (lo + hi)
    let radius = max(0.5, 0.5 * (hi - lo).length)
    // 35 mm lens: horizontal field of view 2·atan(18/35) ≈ 54°; fit the sphere vertically.
    let distance = radius / sin(0.5 * 2 * atan(12 / 35.0)) * 1.1
    let dir = Vec3(0.55, -0.75, 0.38).normalized
    return CameraSpec(position: centre + distance * dir, target: centre, lensMM: 35)
  }

  /// The shot active at time `t` (s): the last whose start is ≤ t.
  public func shot(at t: Double) -> (index: Int, camera: CameraSpec) {
    guard !scene.shots.isEmpty else { return (0, autoCamera) }
    var k = 0
    for (i, s) in scene.shots.enumerated() where s.start <= t + 1e-9 { k = i }
    return (k, scene.shots[k].camera)
  }

  /// The style in force at time `t` (s): the active shot's, else the scene's.
  public func style(at t: Double) -> StyleSpec {
    guard !scene.shots.isEmpty else { return scene.style }
    return scene.shots[shot(at: t).index].style ?? scene.style
  }

  /// Render options for the frame at time `t` (s): `base` (samples, threads, seed) with the
  /// style in force — its look (`RenderStyle.realistic`, `.cinematic` or `.anime`), its
  /// integrator (direct unless `integrator: path`) and denoising (on for path tracing unless
  /// `denoise: false`).
  public func renderOptions(at t: Double, base: RenderOptions) -> RenderOptions {
    let s = style(at: t)
    var o = base
    switch s.preset {
    case .realistic: o.style = .realistic
    case .cinematic: o.style = .cinematic
    case .anime: o.style = .anime
    }
    o.integrator = s.integrator == .path ? .path : .direct
    o.denoise = s.denoise ?? (s.integrator == .path)
    return o
  }

  /// A `Sky` and its light for a preset name.
  static func sky(_ preset: SkyPresetName, azimuthDegrees: Double?) -> (Sky, Light?) {
    let p: SkyPreset
    switch preset {
    case .sunnyAfternoon: p = .sunnyAfternoon
    case .goldenHour: p = .goldenHour
    case .overcast: p = .overcast
    case .rainyNight: p = .rainyNight
    case .night: p = .night
    }
    let azimuth = (azimuthDegrees ?? -126) * Double.pi / 180
    let r = Sky.preset(p, azimuth: azimuth)
    return (r.sky, r.sun)
  }

  /// The render material of a surface: from its `appearance` when given, else the physical
  /// material's colour, roughness and metalness (as before appearances existed).
  ///
  /// Appearance kinds: lambert → `.lambert` (roughness 1); metal → GGX, metallic 1, roughness
  /// 0.3 unless given; plastic → GGX, metallic 0, roughness 0.4 unless given; glass and water
  /// → `RenderMaterial.glass` / `.water` with the given `ior`, `absorption` and colour as a
  /// tint. Textures: checker → `Checker` (second colour 60% of the base unless given), wood
  /// and noise → `Pattern`, png → the loaded image.
  static func material(
    appearance a: AppearanceSpec?, color: Vec3?, physical m: Material, texture: Texture?,
    checker: Checker?, appearanceTexture: Texture?
  ) -> RenderMaterial {
    guard let a else {
      return RenderMaterial(
        albedo: color ?? m.albedo, checker: checker, texture: texture, roughness: m.roughness,
        metallic: m.metallic)
    }
    let base = a.color ?? color ?? m.albedo
    var r: RenderMaterial
    switch a.kind {
    case .lambert:
      r = RenderMaterial(albedo: base, roughness: a.roughness ?? 1, kind: .lambert)
    case .metal:
      r = RenderMaterial(albedo: base, roughness: a.roughness ?? 0.3, metallic: 1)
    case .plastic:
      r = RenderMaterial(albedo: base, roughness: a.roughness ?? 0.4, metallic: 0)
    case .glass, .water:
      r = a.kind == .glass ? .glass : .water
      r.albedo = a.color ?? Vec3(1, 1, 1)
      if let n = a.ior { r.ior = n }
      if let k = a.absorption { r.absorption = k }
      return r
    }
    if let t = a.texture {
      let second = t.color ?? 0.6 * base
      switch t.type {
      case .checker: r.checker = Checker(size: t.resolvedScale, secondAlbedo: second)
      case .wood: r.pattern = Pattern(kind: .wood, scale: t.resolvedScale, secondAlbedo: second)
      case .noise: r.pattern = Pattern(kind: .noise, scale: t.resolvedScale, secondAlbedo: second)
      case .png: r.texture = appearanceTexture
      }
    } else {
      r.texture = texture
      r.checker = checker
    }
    return r
  }

  /// The renderer's input for snapshot `s`: every object at its pose, ground, visible walls,
  /// lights, sky, and the active shot's camera (aimed at its tracked object, if any), with
  /// the shot's lens (f-number, focus distance). With `previous` (the snapshot one frame
  /// earlier), each object also carries its previous pose, for motion blur.
  public func renderScene(_ s: Snapshot, previous: Snapshot? = nil) -> RenderScene {
    let spec = shot(at: s.time).camera
    var target = spec.target ?? Vec3(0, 0, 0)
    if let track = spec.track, let i = scene.object(named: track) { target = s.positions[i] }
    var camera = Camera(
      position: spec.position, target: target, up: spec.up, lensMM: spec.lensMM,
      width: scene.world.width, height: scene.world.height)
    if let n = spec.fNumber { camera.apertureRadius = camera.apertureRadius(fNumber: n) }
    camera.focusDistance = spec.focusDistance
    let prev = previous.flatMap { $0.positions.count == s.positions.count ? $0 : nil }
    var objects: [RenderObject] = []
    objects.reserveCapacity(scene.objects.count + 1 + scene.environment.walls.count)
    for (i, o) in scene.objects.enumerated() {
      let material = Self.material(
        appearance: o.appearance, color: o.color, physical: materials[i],
        texture: objectTextures[i], checker: nil, appearanceTexture: objectAppearanceTextures[i])
      if s.removed.contains(i) { continue }
      let pose = s.transform(of: i)
      let before = prev.map { $0.transform(of: i) }
      for (shape, offset) in objectParts[i] {
        objects.append(
          RenderObject(
            id: Int32(i), shape: shape, transform: pose * offset, material: material,
            previousTransform: before.map { $0 * offset }))
      }
    }
    for created in createdParts where created.index < s.positions.count {
      if s.removed.contains(created.index) { continue }
      let o = scene.objects[created.object]
      let material = Self.material(
        appearance: o.appearance, color: o.color, physical: materials[created.object],
        texture: nil, checker: nil, appearanceTexture: nil)
      let pose = s.transform(of: created.index)
      for (shape, offset) in created.parts {
        objects.append(
          RenderObject(
            id: Int32(created.index), shape: shape, transform: pose * offset, material: material))
      }
    }
    if let g = scene.environment.ground, let m = groundMaterial {
      let albedo = g.appearance?.color ?? g.color ?? m.albedo
      let checker = g.checker ? Checker(size: g.checkerSize, secondAlbedo: 0.7 * albedo) : nil
      objects.append(
        RenderObject(
          id: -1, shape: .plane, transform: Transform(position: Vec3(0, 0, g.height)),
          material: Self.material(
            appearance: g.appearance, color: g.color, physical: m, texture: groundTexture,
            checker: checker, appearanceTexture: groundAppearanceTexture)))
    }
    for (k, w) in scene.environment.walls.enumerated() where w.visible {
      let m = wallMaterials[k]
      let n = w.normal.normalized
      // The plane shape is local z = 0 with normal +z: rotate +z onto the wall normal.
      let axis = Vec3(0, 0, 1).cross(n)
      let angle = acos(max(-1, min(1, n.z)))
      let rot =
        axis.length < 1e-9
        ? (n.z > 0 ? Quaternion.identity : Quaternion(axis: Vec3(1, 0, 0), angle: .pi))
        : Quaternion(axis: axis, angle: angle)
      objects.append(
        RenderObject(
          id: Int32(-2 - k), shape: .plane, transform: Transform(position: w.point, rotation: rot),
          material: RenderMaterial(
            albedo: w.color ?? m.albedo, checker: nil, texture: nil, roughness: m.roughness,
            metallic: m.metallic)))
    }
    var lights: [Light] = []
    let preset = scene.environment.sky.preset
    for l in scene.environment.lights {
      // A sky preset brings its own sun: the default sun and ambient step aside.
      if preset != nil && scene.environment.lights == EnvironmentSpec.defaultLights { break }
      switch l.kind {
      case .sun:
        lights.append(
          .sun(direction: l.direction ?? Vec3(0, 0, -1), color: l.color, intensity: l.intensity))
      case .point:
        lights.append(.point(position: l.position ?? .zero, color: l.color, intensity: l.intensity))
      case .ambient:
        lights.append(.ambient(color: l.color, intensity: l.intensity))
      case .spot, .area:
        let position = l.position ?? .zero
        var direction = l.direction ?? Vec3(0, 0, -1)
        if let t = l.target, t != position { direction = t - position }
        if l.kind == .spot {
          lights.append(
            .spot(
              position: position, direction: direction, color: l.color, intensity: l.intensity,
              innerAngle: (l.innerDegrees ?? 20) * Double.pi / 180,
              outerAngle: (l.outerDegrees ?? 30) * Double.pi / 180))
        } else {
          let w = l.width ?? 1
          let n = direction.normalized
          lights.append(
            .area(
              AreaLight(
                position: position, normal: n,
                up: abs(n.z) > 0.9 ? Vec3(0, 1, 0) : Vec3(0, 0, 1), width: w,
                height: l.height ?? w, shape: l.shape == .disk ? .disk : .rectangle,
                color: l.color, intensity: l.intensity)))
        }
      }
    }
    var sky = Sky(zenith: scene.environment.sky.zenith, horizon: scene.environment.sky.horizon)
    if let preset {
      let (s, sun) = Self.sky(preset, azimuthDegrees: scene.environment.sky.azimuthDegrees)
      sky = s
      if let sun { lights.append(sun) }
    }
    return RenderScene(camera: camera, objects: objects, lights: lights, sky: sky)
  }
}

/// Errors making a clip that a user can cause or fix.
public enum ClipError: Error, CustomStringConvertible, Sendable {
  /// A texture or other asset could not be read.
  case asset(key: String, path: String, reason: String)
  /// An output could not be written.
  case output(path: String, reason: String)
  /// The soundtrack could not be made (e.g. dialogue without espeak-ng).
  case audio(key: String, reason: String)

  public var description: String {
    switch self {
    case .asset(let key, let path, let reason): return "\(key): cannot read \(path): \(reason)"
    case .output(let path, let reason): return "cannot write \(path): \(reason)"
    case .audio(let key, let reason): return "\(key): \(reason)"
    }
  }
}
