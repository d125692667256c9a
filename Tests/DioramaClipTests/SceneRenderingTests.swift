import DioramaClip
import DioramaCore
import DioramaRender
import DioramaScene
import DioramaWorld
import Foundation
import Testing

/// How scene files reach the renderer: appearances, lights, sky presets, styles per shot and
/// the previous pose for motion blur.
@Suite struct SceneRenderingTests {
  static let yaml = """
    diorama: 1
    world: {duration: 1, fps: 10, resolution: [64, 36]}
    environment:
      ground: {appearance: {kind: lambert, texture: {type: png, path: t.png}}}
      sky: {preset: golden_hour}
      lights:
        - {type: spot, position: [0, 0, 3], target: [0, 0, 0], inner_deg: 10, outer_deg: 20}
        - {type: area, position: [1, 0, 2], width: 0.5, shape: disk}
    objects:
      - {name: glass, shape: sphere, radius: 0.1, position: [0, 0, 1], static: true,
         appearance: {kind: water, ior: 1.3}}
      - {name: ball, shape: sphere, radius: 0.1, position: [0.5, 0, 1],
         appearance: {kind: metal, color: [0.9, 0.5, 0.2], texture: {type: wood}}}
    shots:
      - {start: 0, camera: {position: [2, -2, 1], target: [0, 0, 0.5], f_number: 4}}
      - {start: 0.5, camera: {position: [2, -2, 1], target: [0, 0, 0.5]}, style: anime}
    style: {preset: cinematic, integrator: path}
    """

  @Test func sceneKeysMapToRenderValues() throws {
    // A directory URL (trailing slash), as the command line passes: paths resolve inside it.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "diorama-scene-rendering-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var image = RGBImage(width: 1, height: 1)
    image[0, 0] = (255, 0, 0)
    try AtomicFile.write(PNGCodec.encode(image), to: dir.appendingPathComponent("t.png"))

    let spec = try SceneLoader.load(yaml: Self.yaml, fileName: "t.yaml", baseDirectory: dir)
    let world = try World(scene: spec, baseDirectory: dir)
    let recording = world.run()
    let mapping = try SceneRendering(world: world, baseDirectory: dir)
    let s0 = recording.snapshots[0]
    let s1 = recording.snapshots[1]
    let scene = mapping.renderScene(s1, previous: s0)

    let glass = try #require(scene.objects.first { $0.id == 0 })
    #expect(glass.material.kind == .dielectric && glass.material.ior == 1.3)
    #expect(glass.material.absorption == RenderMaterial.water.absorption)
    let ball = try #require(scene.objects.first { $0.id == 1 })
    #expect(ball.material.metallic == 1 && ball.material.roughness == 0.3)
    #expect(ball.material.pattern?.kind == .wood)
    // The ball falls: its previous pose is the snapshot before.
    #expect(ball.previousTransform?.position == s0.transform(of: 1).position)
    #expect(ball.transform.position != s0.transform(of: 1).position)
    let ground = try #require(scene.objects.first { $0.id == -1 })
    #expect(ground.material.kind == .lambert)
    #expect(ground.material.texture?.texels == [1, 0, 0])

    // Spot and area as given, then the preset's sun; the default sun and ambient are
    // replaced only when the scene gives no lights (here it does: they are its own).
    #expect(scene.lights.count == 3)
    if case .spot(_, let direction, _, _, let inner, _) = scene.lights[0] {
      #expect(direction == Vec3(0, 0, -3))
      #expect(abs(inner - 10 * Double.pi / 180) < 1e-12)
    } else {
      Issue.record("first light is not a spot: \(scene.lights[0])")
    }
    if case .area(let a) = scene.lights[1] {
      #expect(a.shape == .disk && a.width == 0.5)
    } else {
      Issue.record("second light is not an area light")
    }
    #expect(scene.sky.illuminates && scene.sky.sunDirection != nil)
    // f/4 on a 35 mm lens: aperture radius 35 mm / 8.
    #expect(abs(scene.camera.apertureRadius - 0.035 / 8) < 1e-12)

    let base = RenderOptions(samplesPerPixel: 2)
    let first = mapping.renderOptions(at: 0, base: base)
    #expect(first.style == .cinematic && first.integrator == .path && first.denoise)
    let second = mapping.renderOptions(at: 0.6, base: base)
    #expect(second.style == .anime && second.integrator == .direct && !second.denoise)
  }
}
