import DioramaCore
import DioramaRender
import Foundation
import Testing
import _TestSupport

/// A matte sphere lit from the side by a sun, on nothing, under a dark sky.
private func sphereScene(width: Int, height: Int) -> RenderScene {
  let cam = Camera(
    position: Vec3(0, -6, 0), target: .zero, lensMM: 60, width: width, height: height)
  return RenderScene(
    camera: cam,
    objects: [
      RenderObject(
        id: 1, shape: .sphere(radius: 1),
        material: RenderMaterial(albedo: Vec3(0.8, 0.3, 0.2), roughness: 1))
    ],
    lights: [.sun(direction: Vec3(-1, 0.3, -0.4), color: Vec3(1, 1, 1), intensity: 3)],
    sky: Sky(zenith: Vec3(0.1, 0.1, 0.2), horizon: Vec3(0.1, 0.1, 0.2)))
}

@Suite("Styles")
struct StyleTests {
  /// Cinematic keeps a 2.39:1 band: on a 96×54 frame that is round(96/2.39) = 40 rows, so
  /// rows 0..<7 and 47..<54 are exactly black, and the band holds the picture.
  @Test func cinematicLetterboxRowsAreBlack() {
    let image = Renderer(options: RenderOptions(samplesPerPixel: 1, style: .cinematic))
      .render(sphereScene(width: 96, height: 54))
    for y in Array(0..<7) + Array(47..<54) {
      for x in 0..<96 { #expect(image[x: x, y: y] == .zero, "row \(y)") }
    }
    var band = 0.0
    for x in 0..<96 { band += Double(image[x: x, y: 27].x) }
    #expect(band > 0)
    // Display-referred: every value in [0, 1].
    #expect(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  /// Anime cel shading gives at most three tone levels inside the object: with one sample per
  /// pixel (so no pixel averages two bands) the pixels well inside the sphere's disc (centre
  /// within 0.8 R of its image centre, away from the ink line) take ≤ 3 distinct colours,
  /// and at least 2 (the sun lights one side). Exact colour comparison: the levels are
  /// products of the same constants.
  @Test func animeShadesInAtMostThreeTones() throws {
    let scene = sphereScene(width: 64, height: 64)
    let image = Renderer(options: RenderOptions(samplesPerPixel: 1, style: .anime)).render(scene)
    let c = try #require(scene.camera.project(.zero))
    let edge = try #require(scene.camera.project(Vec3(1, 0, 0)))
    let radius = edge.x - c.x
    var tones = Set<SIMD3<Float>>()
    for y in 0..<64 {
      for x in 0..<64 {
        let d = SIMD2(Double(x) + 0.5, Double(y) + 0.5) - c
        if (d * d).sum().squareRoot() < 0.8 * radius { tones.insert(image[x: x, y: y]) }
      }
    }
    #expect(tones.count <= 3 && tones.count >= 2, "\(tones)")
  }

  /// Ink outlines at silhouettes: along the row through the sphere's centre, the pixel just
  /// inside the silhouette on each side carries the outline colour (the analytic silhouette
  /// is at x = c ± R·6/√35 in projection; ±1.5 pixels for the one-pixel line and rounding),
  /// and the centre pixel does not.
  @Test func animeDrawsOutlinesAtSilhouettes() throws {
    let scene = sphereScene(width: 64, height: 64)
    let image = Renderer(options: RenderOptions(samplesPerPixel: 1, style: .anime)).render(scene)
    let ink = RenderStyle.anime.outlineColor
    let inkF = SIMD3<Float>(Float(ink.x), Float(ink.y), Float(ink.z))
    let c = try #require(scene.camera.project(.zero))
    // Silhouette of a unit sphere seen from 6 m: tangent rays at angle asin(1/6) off-axis,
    // which the camera maps to x = c ± tan(asin(1/6))·(width/2)/tanX.
    let tanX = 18 / 60.0
    let r = tan(asin(1 / 6.0)) / tanX * 32
    let y = Int(c.y)
    for side in [-1.0, 1.0] {
      let xs = c.x + side * r
      let near = (Int(xs - 1.5)...Int(xs + 1.5)).filter { $0 >= 0 && $0 < 64 }
      #expect(near.contains { image[x: $0, y: y] == inkF }, "side \(side)")
    }
    #expect(image[x: Int(c.x), y: y] != inkF)
  }

  /// Depth of field: a sphere on the plane of focus stays sharp while the same sphere 3 m
  /// behind it (scaled to the same image size) spreads. Aperture radius 0.15 m: the far
  /// sphere's blur circle is 2·0.15·3/9 = 0.1 m on the plane of focus, 4.4 pixels at
  /// 0.0225 m per pixel (200 mm lens, 48 pixels, 6 m), against the sharp one's
  /// anti-aliasing edge of about one pixel. We count pixels of partial coverage (between
  /// 5% and 95% of the sphere's full radiance): the defocused one has at least twice as many.
  @Test func thinLensBlursOutOfFocusObjects() {
    func partialPixels(at z: Double) -> Int {
      var cam = Camera(
        position: Vec3(0, -6, 0), target: .zero, lensMM: 200, width: 48, height: 48)
      cam.apertureRadius = 0.15
      cam.focusDistance = 6
      let white = RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert)
      let scene = RenderScene(
        camera: cam,
        objects: [
          RenderObject(
            id: 1, shape: .sphere(radius: 0.25 * (6 + z) / 6),
            transform: Transform(position: Vec3(0, z, 0)), material: white)
        ],
        lights: [.ambient(color: Vec3(1, 1, 1), intensity: 1)],
        sky: Sky(zenith: .zero, horizon: .zero))
      let image = Renderer(options: RenderOptions(samplesPerPixel: 64)).render(scene)
      return image.pixels.enumerated().filter {
        $0.offset % 3 == 0 && $0.element > 0.05 && $0.element < 0.95
      }.count
    }
    let sharp = partialPixels(at: 0)
    let blurred = partialPixels(at: 3)
    #expect(blurred >= 2 * sharp, "\(sharp) vs \(blurred)")
  }

  /// Motion blur: a sphere that moved 1 m along x during the frame, with the shutter open the
  /// whole interval, leaves a streak: the pixel at the midpoint of its path is partly
  /// covered (between 20% and 80% of the static sphere's value, since the sphere covers that
  /// point for about half the interval), while without a shutter it is the sphere's full
  /// value only where the sphere now is.
  @Test func motionBlurStreaksMovingObjects() throws {
    let cam = Camera(position: Vec3(0, -8, 0), target: .zero, lensMM: 50, width: 64, height: 32)
    let white = RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert)
    let ball = RenderObject(
      id: 1, shape: .sphere(radius: 0.3), transform: Transform(position: Vec3(0.6, 0, 0)),
      material: white, previousTransform: Transform(position: Vec3(-0.6, 0, 0)))
    let scene = RenderScene(
      camera: cam, objects: [ball], lights: [.ambient(color: Vec3(1, 1, 1), intensity: 1)],
      sky: Sky(zenith: .zero, horizon: .zero))
    let blurred = Renderer(options: RenderOptions(samplesPerPixel: 64, shutter: 1)).render(scene)
    let still = Renderer(options: RenderOptions(samplesPerPixel: 64)).render(scene)
    let mid = try #require(cam.project(Vec3(0, 0, 0)))
    let v = Double(blurred[x: Int(mid.x), y: Int(mid.y)].x)
    #expect(v > 0.2 && v < 0.8, "\(v)")
    #expect(still[x: Int(mid.x), y: Int(mid.y)].x == 0)
  }
}
