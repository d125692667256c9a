import DioramaCore
import DioramaRender
import Foundation
import Testing
import _TestSupport

private func mean(_ image: Image, channel c: Int = 0) -> Double {
  var s = 0.0
  for i in 0..<(image.width * image.height) { s += Double(image.pixels[3 * i + c]) }
  return s / Double(image.width * image.height)
}

@Suite("Path tracing")
struct PathTracerTests {
  /// White furnace: albedo-1 Lambert surfaces under a uniform sky of radiance 1 must look
  /// uniformly 1 — every path carries throughput f·cos/pdf = 1 until it escapes to the sky.
  /// A lone convex sphere: every path escapes after one bounce, before Russian roulette
  /// starts, so each pixel is 1 up to Float rounding (1e-5). A sphere resting on the ground:
  /// paths in the crevice bounce more and meet roulette (5% killed per bounce from the third,
  /// survivors weighted 1/0.95) and the 8-bounce cut (probability ≪ 1e-3), so only the mean is
  /// 1 — within 1% at 64 spp over 32×24 pixels — and single pixels within 25%.
  @Test func whiteFurnaceLambert() {
    let cam = Camera(position: Vec3(0, -4, 1.5), target: Vec3(0, 0, 0.5), width: 32, height: 24)
    let white = RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert)
    let sphere = RenderObject(
      id: 1, shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(0, 0, 0.5)),
      material: white)
    let renderer = Renderer(options: RenderOptions(samplesPerPixel: 64, integrator: .path))
    let alone = renderer.render(
      RenderScene(camera: cam, objects: [sphere], lights: [], sky: .uniform(Vec3(1, 1, 1))))
    for v in alone.pixels { #expect(abs(Double(v) - 1) < 1e-5) }
    let grounded = renderer.render(
      RenderScene(
        camera: cam, objects: [RenderObject(id: 0, shape: .plane, material: white), sphere],
        lights: [], sky: .uniform(Vec3(1, 1, 1))))
    #expect(isClose(mean(grounded), 1, relative: 0.01), "\(mean(grounded))")
    for v in grounded.pixels { #expect(abs(Double(v) - 1) < 0.25) }
  }

  /// Direct lighting samples a sky that `illuminates` through the BSDF: a Lambert plane of
  /// albedo 0.5 under a uniform sky of radiance 2 (seen from above, so every BSDF ray escapes)
  /// shows a·L = 1 in every pixel: f·cos/pdf = a for cosine sampling, exact up to Float
  /// rounding (1e-5). A sky that does not illuminate adds nothing (0 exactly).
  @Test func directLightingSeesTheSkyLight() {
    let cam = Camera(
      position: Vec3(0, 0, 3), target: .zero, up: Vec3(0, 1, 0), width: 16, height: 12)
    let plane = RenderObject(
      id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(0.5, 0.5, 0.5), kind: .lambert))
    let lit = Renderer(options: RenderOptions(samplesPerPixel: 4)).render(
      RenderScene(camera: cam, objects: [plane], lights: [], sky: .uniform(Vec3(2, 2, 2))))
    for v in lit.pixels { #expect(abs(Double(v) - 1) < 1e-5) }
    let backdrop = Renderer(options: RenderOptions(samplesPerPixel: 4)).render(
      RenderScene(
        camera: cam, objects: [plane], lights: [],
        sky: .uniform(Vec3(2, 2, 2), illuminates: false)))
    #expect(backdrop.pixels.allSatisfy { $0 == 0 })
  }

  /// The same furnace with a white GGX metal sphere (roughness 0.5): the path tracer shows its
  /// directional albedo, which Smith masking keeps ≤ 1 (plus 1% noise at 64 spp on the mean)
  /// and above 0.8 (Heitz 2014: ≈ 0.9 at α = 0.25).
  @Test func whiteFurnaceGGXLosesButNeverGainsEnergy() {
    let cam = Camera(position: Vec3(0, -4, 0), target: .zero, lensMM: 120, width: 24, height: 24)
    let metal = RenderMaterial(albedo: Vec3(1, 1, 1), roughness: 0.5, metallic: 1)
    let scene = RenderScene(
      camera: cam, objects: [RenderObject(id: 1, shape: .sphere(radius: 1), material: metal)],
      lights: [], sky: .uniform(Vec3(1, 1, 1)))
    let image = Renderer(options: RenderOptions(samplesPerPixel: 64, integrator: .path))
      .render(scene)
    let m = mean(image)
    #expect(m <= 1.01 && m > 0.8, "\(m)")
  }

  /// Same seed, same bytes — on 1 or 2 threads and any tile size (every pixel draws from its
  /// own seeded stream); another seed gives another image. Exact comparisons.
  @Test func pathTracingIsDeterministicPerSeed() {
    let cam = Camera(position: Vec3(0, -4, 1.5), target: Vec3(0, 0, 0.5), width: 40, height: 30)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(id: 0, shape: .plane),
        RenderObject(
          id: 1, shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(0, 0, 0.5)),
          material: .glass),
        RenderObject(
          id: 2, shape: .box(halfExtents: Vec3(0.3, 0.3, 0.3)),
          transform: Transform(position: Vec3(1, 0.5, 0.3)),
          material: RenderMaterial(roughness: 0.3, metallic: 1)),
      ],
      lights: [
        .area(
          AreaLight(
            position: Vec3(0, 0, 3), normal: Vec3(0, 0, -1), width: 1, height: 1, intensity: 40))
      ], sky: Sky.preset(.overcast).sky)
    func render(threads: Int, tile: Int, seed: UInt64) -> [Float] {
      Renderer(
        options: RenderOptions(
          samplesPerPixel: 4, threads: threads, seed: seed, integrator: .path, tileSize: tile)
      ).render(scene).pixels
    }
    let a = render(threads: 1, tile: 16, seed: 7)
    #expect(a == render(threads: 2, tile: 16, seed: 7))
    #expect(a == render(threads: 2, tile: 5, seed: 7))
    #expect(a != render(threads: 2, tile: 16, seed: 8))
  }

  /// Glass and water pass light: a dark ground seen straight through a glass sphere keeps its
  /// colour scaled by about (1 − R₀)² per interface pair, and Beer absorption in a long water
  /// column darkens red more than blue. Checked on the pixel behind the sphere's centre against
  /// the bare ground: transmission through the centre of a ball is (1 − 0.04)² ≈ 0.92 up to
  /// the focusing of the lens-like ball, which over a 1-pixel patch keeps it within 0.5–1.5.
  @Test func dielectricsTransmitAndWaterAbsorbsRed() {
    let cam = Camera(
      position: Vec3(0, 0, 6), target: .zero, up: Vec3(0, 1, 0), lensMM: 200, width: 21,
      height: 21)
    let ground = RenderObject(
      id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(0.5, 0.5, 0.5), kind: .lambert))
    let lights: [Light] = [.ambient(color: Vec3(1, 1, 1), intensity: 1)]
    let bare = Renderer(options: RenderOptions(samplesPerPixel: 4)).render(
      RenderScene(camera: cam, objects: [ground], lights: lights))
    let ball = RenderObject(
      id: 1, shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(0, 0, 1)),
      material: .glass)
    let seen = Renderer(options: RenderOptions(samplesPerPixel: 4)).render(
      RenderScene(camera: cam, objects: [ground, ball], lights: lights))
    let ratio = Double(seen[x: 10, y: 10].y) / Double(bare[x: 10, y: 10].y)
    #expect(ratio > 0.5 && ratio < 1.5, "\(ratio)")
    let column = RenderObject(
      id: 1, shape: .cylinder(radius: 0.5, halfHeight: 1.5),
      transform: Transform(position: Vec3(0, 0, 1.55)), material: .water)
    let wet = Renderer(options: RenderOptions(samplesPerPixel: 4)).render(
      RenderScene(camera: cam, objects: [ground, column], lights: lights))
    let c = wet[x: 10, y: 10]
    // 3 m of water: exp(−0.45·3) = 0.26 red against exp(−0.05·3) = 0.86 blue.
    #expect(c.x < 0.5 * c.z, "\(c)")
  }

  /// The denoiser lowers the error of a 4-spp path-traced image against a 256-spp reference
  /// (same scene, another seed) — it must, or it is not doing its job. The scene is a matte
  /// ground and box under a small area light: smooth illumination, where the à-trous filter
  /// should remove most of the noise (we ask for at least a third less RMS error).
  @Test func denoiserReducesError() {
    let cam = Camera(position: Vec3(0, -4, 2), target: Vec3(0, 0, 0.3), width: 48, height: 32)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(id: 0, shape: .plane, material: RenderMaterial(kind: .lambert)),
        RenderObject(
          id: 1, shape: .box(halfExtents: Vec3(0.4, 0.4, 0.4)),
          transform: Transform(position: Vec3(0, 0, 0.4)),
          material: RenderMaterial(albedo: Vec3(0.7, 0.3, 0.2), kind: .lambert)),
      ],
      lights: [
        .area(
          AreaLight(
            position: Vec3(0.5, -0.5, 3), normal: Vec3(0, 0, -1), width: 0.8, height: 0.8,
            intensity: 40))
      ])
    let reference = Renderer(
      options: RenderOptions(samplesPerPixel: 256, seed: 99, integrator: .path)
    ).render(scene)
    let noisy = Renderer(options: RenderOptions(samplesPerPixel: 4, integrator: .path))
      .render(scene)
    let smooth = Renderer(
      options: RenderOptions(samplesPerPixel: 4, integrator: .path, denoise: true)
    ).render(scene)
    func rms(_ a: Image) -> Double {
      var s = 0.0
      for (x, y) in zip(a.pixels, reference.pixels) { s += Double((x - y) * (x - y)) }
      return (s / Double(a.pixels.count)).squareRoot()
    }
    #expect(rms(smooth) < 0.67 * rms(noisy), "\(rms(smooth)) vs \(rms(noisy))")
  }
}
