import DioramaCore
import DioramaRender
import Testing

@Suite("Image and determinism")
struct ImageTests {
  @Test func srgbEncodingKnownValues() {
    var img = Image(width: 6, height: 1)
    let values: [Float] = [0, 1, 0.5, 0.002, 4, .nan]
    for (i, v) in values.enumerated() { img[x: i, y: 0] = SIMD3(repeating: v) }
    let b = img.toSRGB8()
    // 0.5 → 1.055·0.5^(1/2.4) − 0.055 = 0.7354 → 187.5 → 188; 0.002 → 12.92·0.002·255 = 6.6 → 7.
    #expect(stride(from: 0, to: 18, by: 3).map { b[$0] } == [0, 255, 188, 7, 255, 0])
    #expect(img.toSRGB8(exposure: 2)[6] == 255)
    // Extended Reinhard with white 4: 4 → 1 → 255; 1 → (1 + 1/16)/2 = 0.53125, encoded
    // 1.055·0.53125^(1/2.4) − 0.055 = 0.7556 → 192.7 → 193.
    let r = img.toSRGB8(toneMap: .reinhard(white: 4))
    #expect(r[12] == 255 && r[3] == 193 && r[0] == 0)
  }

  @Test func imageSubscriptAndFill() {
    var img = Image(width: 3, height: 2, fill: SIMD3(0.25, 0.5, 1))
    img[x: 2, y: 1] = SIMD3(9, 8, 7)
    #expect(img[x: 0, y: 0] == SIMD3(0.25, 0.5, 1))
    #expect(Array(img.pixels[15..<18]) == [9, 8, 7])
  }

  @Test func outOfRangePixelTraps() async {
    await #expect(processExitsWith: .failure) {
      let img = Image(width: 2, height: 2)
      _ = img[x: 2, y: 0]
    }
  }

  private func busyScene() -> RenderScene {
    var rng = SeededGenerator(seed: 3)
    var objects = [
      RenderObject(
        id: 0, shape: .plane,
        material: RenderMaterial(checker: Checker(size: 1, secondAlbedo: Vec3(0.2, 0.2, 0.2))))
    ]
    for i in 1...20 {
      let p = Vec3(rng.nextUnit() * 8 - 4, rng.nextUnit() * 8 - 4, 0.5 + rng.nextUnit())
      let shape: RenderShape =
        i % 2 == 0 ? .sphere(radius: 0.4) : .box(halfExtents: Vec3(0.3, 0.4, 0.5))
      objects.append(
        RenderObject(
          id: Int32(i), shape: shape, transform: Transform(position: p),
          material: RenderMaterial(roughness: 0.4)))
    }
    return RenderScene(
      camera: Camera(position: Vec3(0, -10, 5), target: .zero, width: 40, height: 23),
      objects: objects,
      lights: [
        .sun(direction: Vec3(0.3, 0.5, -1), color: Vec3(1, 0.95, 0.9), intensity: 3),
        .point(position: Vec3(0, 0, 4), color: Vec3(1, 1, 1), intensity: 200),
        .ambient(color: Vec3(0.4, 0.5, 0.6), intensity: 0.5),
      ])
  }

  @Test(arguments: [4, 3])
  func oneAndTwoThreadsGiveIdenticalPixels(spp: Int) {
    let scene = busyScene()
    let a = Renderer(options: RenderOptions(samplesPerPixel: spp, threads: 1)).render(scene)
    let b = Renderer(options: RenderOptions(samplesPerPixel: spp, threads: 2)).render(scene)
    let c = Renderer(options: RenderOptions(samplesPerPixel: spp, threads: 7)).render(scene)
    #expect(a == b && a == c)
    #expect(a.pixels.allSatisfy { $0.isFinite })
    let other = Renderer(options: RenderOptions(samplesPerPixel: spp, seed: 1)).render(scene)
    #expect(other != a)  // the seed reaches the jitter
  }
}
