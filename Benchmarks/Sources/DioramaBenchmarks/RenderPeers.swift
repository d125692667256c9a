import DioramaClip
import DioramaCore
import DioramaRender
import DioramaScene
import DioramaWorld
import Foundation

/// `DioramaBenchmarks render`: the renderer's reference scene, timed the way
/// `Benchmarks/peers/mitsuba_render.py` times Mitsuba 3 on the same scene, plus clip-length
/// renders of the realistic style.
///
/// The reference scene (identical in `mitsuba_render.py`): three spheres (r 0.6 m) and two
/// cubes (0.8 m) on a ground plane, all Lambertian, one 1.5 m × 1.5 m area light of 120 W
/// (radiance 120/(π·2.25) = 16.98) 4 m up facing down, a black environment, a 35 mm lens on a
/// 36 mm sensor (54.4° horizontal field of view). Direct lighting: one light sample and one
/// BSDF sample per camera sample, combined by MIS (Mitsuba's `direct`); path tracing: up to 8
/// bounces with next-event estimation and MIS (Mitsuba's `path`, max_depth 9).
enum RenderPeers {
  static let usage = """
    usage: DioramaBenchmarks render [--json] [--repetitions <n>] [--size WxH]... [--no-clips]
      --json         one JSON line per measurement (as Benchmarks/peers/mitsuba_render.py)
      --repetitions  timed runs per configuration (default 5; the median is reported)
      --size         image sizes (default 320x240 and 640x360)
      --no-clips     skip the clip-length renders (10 s at 640x360 and the 320x180 preview)
    """

  /// The reference scene at `width` × `height`.
  static func referenceScene(width: Int, height: Int) -> RenderScene {
    let cam = Camera(
      position: Vec3(0, -6, 2.2), target: Vec3(0, 0, 0.6), lensMM: 35, width: width,
      height: height)
    func lambert(_ r: Double, _ g: Double, _ b: Double) -> RenderMaterial {
      RenderMaterial(albedo: Vec3(r, g, b), kind: .lambert)
    }
    let objects = [
      RenderObject(id: 0, shape: .plane, material: lambert(0.6, 0.6, 0.6)),
      RenderObject(
        id: 1, shape: .sphere(radius: 0.6), transform: Transform(position: Vec3(-1.4, 0, 0.6)),
        material: lambert(0.8, 0.3, 0.2)),
      RenderObject(
        id: 2, shape: .sphere(radius: 0.6), transform: Transform(position: Vec3(0, 0.3, 0.6)),
        material: lambert(0.2, 0.6, 0.3)),
      RenderObject(
        id: 3, shape: .sphere(radius: 0.6), transform: Transform(position: Vec3(1.4, 0, 0.6)),
        material: lambert(0.2, 0.3, 0.8)),
      RenderObject(
        id: 4, shape: .box(halfExtents: Vec3(0.4, 0.4, 0.4)),
        transform: Transform(position: Vec3(-0.6, 1.5, 0.4)), material: lambert(0.7, 0.7, 0.7)),
      RenderObject(
        id: 5, shape: .box(halfExtents: Vec3(0.4, 0.4, 0.4)),
        transform: Transform(position: Vec3(0.9, 1.6, 0.4)), material: lambert(0.7, 0.7, 0.3)),
    ]
    let light = AreaLight(
      position: Vec3(0, -1, 4), normal: Vec3(0, 0, -1), width: 1.5, height: 1.5, intensity: 120)
    return RenderScene(
      camera: cam, objects: objects, lights: [.area(light)],
      sky: Sky(zenith: .zero, horizon: .zero))
  }

  static func main(_ args: [String]) -> Int32 {
    var json = false
    var repetitions = 5
    var sizes: [(Int, Int)] = []
    var clips = true
    var it = args.makeIterator()
    while let a = it.next() {
      switch a {
      case "--json": json = true
      case "--no-clips": clips = false
      case "--repetitions":
        guard let v = it.next(), let n = Int(v), n > 0 else {
          FileHandle.standardError.write(Data("--repetitions needs a positive integer\n".utf8))
          return 2
        }
        repetitions = n
      case "--size":
        let parts = (it.next() ?? "").split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
          FileHandle.standardError.write(Data("--size needs WxH, e.g. 320x240\n".utf8))
          return 2
        }
        sizes.append((parts[0], parts[1]))
      case "-h", "--help":
        print(usage)
        return 0
      default:
        FileHandle.standardError.write(Data("unknown argument \(a)\n\(usage)\n".utf8))
        return 2
      }
    }
    if sizes.isEmpty { sizes = [(320, 240), (640, 360)] }
    if !json {
      print("engine     size     integrator  spp  threads   median ms   (min ms)")
    }
    for (w, h) in sizes {
      let scene = referenceScene(width: w, height: h)
      for (integrator, spp) in [(RenderOptions.Integrator.direct, 4), (.path, 16)] {
        for threads in [1, 2] {
          let renderer = Renderer(
            options: RenderOptions(
              samplesPerPixel: spp, threads: threads, integrator: integrator))
          blackHole(renderer.render(scene))
          var ms: [Double] = []
          var mean = 0.0
          for _ in 0..<repetitions {
            let t0 = nowNanoseconds()
            let image = renderer.render(scene)
            ms.append(Double(nowNanoseconds() - t0) * 1e-6)
            mean = image.pixels.reduce(0.0) { $0 + Double($1) } / Double(image.pixels.count)
            blackHole(image)
          }
          ms.sort()
          let name = integrator == .direct ? "direct" : "path"
          if json {
            print(
              jsonLine([
                ("engine", .string("diorama")), ("variant", .string("swift")),
                ("width", .int(w)), ("height", .int(h)), ("integrator", .string(name)),
                ("spp", .int(spp)), ("threads", .int(threads)),
                ("median_ms", .number(ms[ms.count / 2])), ("min_ms", .number(ms[0])),
                ("mean", .number(mean)),
              ]))
          } else {
            print(
              String(
                format: "diorama    %4dx%-4d %-10@ %4d  %7d   %9.1f   (%.1f)", w, h,
                name as NSString, spp, threads, ms[ms.count / 2], ms[0]))
          }
        }
      }
    }
    if clips {
      for (w, h, spp, label) in [
        (640, 360, 4, "clip"), (320, 180, 4, "preview"), (320, 180, 1, "preview-1spp"),
      ] {
        do {
          let s = try clipRender(width: w, height: h, spp: spp)
          if json {
            print(
              jsonLine([
                ("engine", .string("diorama")), ("variant", .string(label)),
                ("width", .int(w)), ("height", .int(h)), ("spp", .int(spp)),
                ("frames", .int(s.frames)),
                ("render_s", .number(s.seconds)),
              ]))
          } else {
            print(
              String(
                format: "%@ %dx%d: %d frames (10 s at 30 fps), realistic, %d spp, 2 threads: "
                  + "%.1f s rendering (%.0f ms/frame)", label as NSString, w, h, s.frames, spp,
                s.seconds, 1000 * s.seconds / Double(max(1, s.frames))))
          }
        } catch {
          FileHandle.standardError.write(Data("clip render failed: \(error)\n".utf8))
          return 1
        }
      }
    }
    return 0
  }

  /// Renders every frame of a 10 s, 30 fps run of the built-in demo scene in the realistic
  /// style (ACES, direct light, `spp` samples per pixel, 2 threads) to sRGB bytes, as
  /// `diorama render` does before writing PNGs; the simulation runs first, outside the timing.
  static func clipRender(width: Int, height: Int, spp: Int) throws -> (
    frames: Int, seconds: Double
  ) {
    var spec = try BuiltinScenes.demoScene()
    spec.world.duration = 10
    spec.world.fps = 30
    spec.world.width = width
    spec.world.height = height
    let world = try World(scene: spec, baseDirectory: nil)
    let recording = world.run()
    var mapping = try SceneRendering(world: world, baseDirectory: nil)
    mapping.include(recording)
    let base = RenderOptions(samplesPerPixel: spp, threads: 2, seed: spec.world.seed)
    let t0 = nowNanoseconds()
    for (k, s) in recording.snapshots.enumerated() {
      let scene = mapping.renderScene(s, previous: k > 0 ? recording.snapshots[k - 1] : nil)
      let image = Renderer(options: mapping.renderOptions(at: s.time, base: base)).render(scene)
      blackHole(image.toSRGB8())
    }
    return (recording.snapshots.count, Double(nowNanoseconds() - t0) * 1e-9)
  }
}
