import DioramaCollision
import DioramaCore
import DioramaRender
import DioramaRigid
import DioramaScene
import DioramaWorld
import Foundation

/// Inputs shared by the benchmarks. Everything random is drawn from `SeededGenerator`, so every
/// run times the same work.
enum Scenes {
  /// The built-in demo, copied verbatim from `Sources/diorama/BuiltinScenes.swift` (the
  /// executable's enum is not importable). Keep the two in step.
  static let demoYAML = """
    diorama: 1
    name: Diorama demo
    description: Five balls of five materials dropped from 1.5 m, and a steel ball bowled into a tower.
    world:
      duration: 4
      fps: 30
      resolution: [640, 360]
      seed: 7
    environment:
      ground: { material: wood, checker: true, checker_size: 0.5 }
      ambience: { kind: room_tone, level_db: -50 }
    objects:
      - { name: steel ball,   shape: sphere, radius: 0.12, material: steel,   position: [-1.0, 0, 1.5] }
      - { name: rubber ball,  shape: sphere, radius: 0.12, material: rubber,  position: [-0.5, 0, 1.5], color: [0.8, 0.1, 0.08] }
      - { name: glass ball,   shape: sphere, radius: 0.12, material: glass,   position: [0.0, 0, 1.5], color: [0.6, 0.8, 0.85] }
      - { name: wood ball,    shape: sphere, radius: 0.12, material: wood,    position: [0.5, 0, 1.5] }
      - { name: plastic ball, shape: sphere, radius: 0.12, material: plastic, position: [1.0, 0, 1.5], color: [0.1, 0.3, 0.8] }
      - { name: block 1, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.125], color: [0.75, 0.55, 0.3] }
      - { name: block 2, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.375], color: [0.65, 0.45, 0.25] }
      - { name: block 3, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.625], color: [0.75, 0.55, 0.3] }
      - { name: block 4, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.875], color: [0.65, 0.45, 0.25] }
      - name: bowler
        shape: sphere
        radius: 0.15
        material: steel
        position: [-2.0, 1.0, 0.3]
        velocity: [4.0, 0, 0]
        color: [0.9, 0.75, 0.2]
    shots:
      - name: wide
        start: 0
        camera: { position: [0.4, -3.3, 1.5], target: [0, 0.4, 0.45], lens_mm: 28 }
    outcomes:
      - { name: tower falls, type: height_below, objects: [block 1, block 2, block 3, block 4], fraction: 0.5 }
      - { name: steel ball hits the ground, type: touches, object: steel ball, other: ground, at: 1.0 }
    """

  /// Nil when `demoYAML` matches the demo in `Sources/diorama/BuiltinScenes.swift` (compared
  /// line by line, ignoring indentation), else a message saying they differ. Also nil when the
  /// source tree is not where this file was compiled from.
  static func demoDrift(filePath: String = #filePath) -> String? {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Sources/diorama/BuiltinScenes.swift")
    guard let text = try? String(contentsOf: url, encoding: .utf8),
      let start = text.range(of: "static let demo = \"\"\"\n")
    else { return nil }
    let rest = text[start.upperBound...]
    guard let end = rest.range(of: "\"\"\"") else { return nil }
    func lines<S: StringProtocol>(_ s: S) -> [String] {
      s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
    }
    guard lines(rest[..<end.lowerBound]) != lines(demoYAML) else { return nil }
    return "warning: the benchmark's copy of the demo differs from \(url.path); "
      + "copy the YAML into Benchmarks/Sources/DioramaBenchmarks/Scenes.swift"
  }

  /// The demo scene, loaded and validated.
  static func demo() throws -> SceneSpec {
    try SceneLoader.load(yaml: demoYAML, fileName: "demo.yaml", baseDirectory: nil)
  }

  // MARK: - Rigid pile

  /// A rigid world of `count` boxes and spheres (alternating) on a wood-like ground, placed on
  /// a 5 × 5 × ⌈count/25⌉ lattice of 0.4 m pitch starting 0.3 m up, each jittered by up to
  /// ±5 cm and given a random orientation, so nothing overlaps at t = 0 and the pile forms as
  /// the layers land. Sizes: sphere radius and box half-extents in [0.08, 0.15] m.
  static func pile(count: Int, seed: UInt64 = 1) -> RigidWorld {
    var rng = SeededGenerator(seed: seed)
    var world = RigidWorld()
    let pitch = 0.4
    for i in 0..<count {
      let (layer, cell) = i.quotientAndRemainder(dividingBy: 25)
      let (row, col) = cell.quotientAndRemainder(dividingBy: 5)
      func jitter() -> Double { (rng.nextUnit() - 0.5) * 0.1 }
      let p = Vec3(
        (Double(col) - 2) * pitch + jitter(), (Double(row) - 2) * pitch + jitter(),
        0.3 + Double(layer) * pitch + jitter())
      let axis = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
      let rotation = Quaternion(
        axis: axis.length > 1e-6 ? axis.normalized : Vec3(0, 0, 1),
        angle: rng.nextUnit() * 2 * .pi)
      func size() -> Double { 0.08 + 0.07 * rng.nextUnit() }
      let shape: Shape =
        i % 2 == 0 ? .sphere(radius: size()) : .box(halfExtents: Vec3(size(), size(), size()))
      world.addBody(
        RigidBodyDef(
          shape: shape, transform: Transform(position: p, rotation: rotation),
          linearVelocity: .zero, angularVelocity: .zero, mass: 700 * shape.volume,
          friction: 0.4, restitution: 0.3, entity: .object(i)))
    }
    world.addPlane(
      StaticPlaneDef(
        halfSpace: HalfSpace(normal: Vec3(0, 0, 1), offset: 0), friction: 0.4,
        restitution: 0.3, entity: .ground))
    return world
  }

  // MARK: - Render scenes

  /// The renderer's view of `scene` at `snapshot`, mapped as DioramaClip's (internal)
  /// `SceneRendering` does for scenes without textures, walls or tracking cameras: objects
  /// with their material's albedo, a checkered ground plane, the scene's lights and sky, the
  /// first shot's camera.
  static func renderScene(_ scene: SceneSpec, at snapshot: Snapshot) -> RenderScene {
    let cam = scene.shots.first?.camera
    let camera = Camera(
      position: cam?.position ?? Vec3(3, -4, 2), target: cam?.target ?? .zero,
      up: cam?.up ?? Vec3(0, 0, 1), lensMM: cam?.lensMM ?? 35,
      width: scene.world.width, height: scene.world.height)
    var objects: [RenderObject] = []
    for (i, o) in scene.objects.enumerated() {
      let m = Material.named(o.material) ?? Material.table[0]
      let shape: RenderShape =
        o.shape == .sphere ? .sphere(radius: o.radius ?? 0.5) : .box(halfExtents: o.halfExtents)
      objects.append(
        RenderObject(
          id: Int32(i), shape: shape, transform: snapshot.transform(of: i),
          material: RenderMaterial(
            albedo: o.color ?? m.albedo, roughness: m.roughness, metallic: m.metallic)))
    }
    if let g = scene.environment.ground {
      let m = Material.named(g.material) ?? Material.table[0]
      let albedo = g.color ?? m.albedo
      objects.append(
        RenderObject(
          id: -1, shape: .plane, transform: Transform(position: Vec3(0, 0, g.height)),
          material: RenderMaterial(
            albedo: albedo,
            checker: g.checker ? Checker(size: g.checkerSize, secondAlbedo: 0.7 * albedo) : nil,
            roughness: m.roughness, metallic: m.metallic)))
    }
    var lights: [Light] = []
    for l in scene.environment.lights {
      switch l.kind {
      case .sun:
        lights.append(
          .sun(direction: l.direction ?? Vec3(0, 0, -1), color: l.color, intensity: l.intensity))
      case .point:
        lights.append(
          .point(position: l.position ?? .zero, color: l.color, intensity: l.intensity))
      case .ambient:
        lights.append(.ambient(color: l.color, intensity: l.intensity))
      }
    }
    let sky = Sky(zenith: scene.environment.sky.zenith, horizon: scene.environment.sky.horizon)
    return RenderScene(camera: camera, objects: objects, lights: lights, sky: sky)
  }

  /// `count` spheres and boxes (alternating, random materials from the table) scattered over a
  /// 4 m × 4 m checkered floor, seen from 6 m away, under a sun, a point light and ambient.
  static func renderCrowd(count: Int, width: Int, height: Int, seed: UInt64 = 2) -> RenderScene {
    var rng = SeededGenerator(seed: seed)
    var objects: [RenderObject] = []
    let materials = Material.table
    for i in 0..<count {
      let size = 0.1 + 0.15 * rng.nextUnit()
      let p = Vec3(4 * rng.nextUnit() - 2, 4 * rng.nextUnit() - 2, size + rng.nextUnit())
      let m = materials[Int(rng.next() % UInt64(materials.count))]
      let axis = Vec3(rng.nextUnit(), rng.nextUnit(), rng.nextUnit() + 0.1).normalized
      let shape: RenderShape =
        i % 2 == 0 ? .sphere(radius: size) : .box(halfExtents: Vec3(size, 0.8 * size, 0.6 * size))
      objects.append(
        RenderObject(
          id: Int32(i), shape: shape,
          transform: Transform(
            position: p, rotation: Quaternion(axis: axis, angle: 2 * .pi * rng.nextUnit())),
          material: RenderMaterial(albedo: m.albedo, roughness: m.roughness, metallic: m.metallic)))
    }
    objects.append(
      RenderObject(
        id: -1, shape: .plane,
        material: RenderMaterial(
          albedo: Vec3(0.6, 0.5, 0.4),
          checker: Checker(size: 0.5, secondAlbedo: Vec3(0.4, 0.35, 0.3)))))
    let camera = Camera(
      position: Vec3(3.5, -4.5, 2.5), target: Vec3(0, 0, 0.3), lensMM: 30, width: width,
      height: height)
    let lights: [Light] = [
      .sun(direction: Vec3(-0.4, -0.6, -1), color: Vec3(1, 0.97, 0.9), intensity: 3),
      .point(position: Vec3(1, -1, 2.5), color: Vec3(1, 1, 1), intensity: 20),
      .ambient(color: Vec3(1, 1, 1), intensity: 0.3),
    ]
    return RenderScene(camera: camera, objects: objects, lights: lights)
  }
}
