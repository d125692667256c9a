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
  /// The demo scene, loaded and validated.
  static func demo() throws -> SceneSpec { try BuiltinScenes.demoScene() }

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
