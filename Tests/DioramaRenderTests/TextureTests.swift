import DioramaCore
import DioramaRender
import Testing
import _TestSupport

@Suite("Textures and checkers")
struct TextureTests {
  /// 2×2 texture: red, green / blue, white (top row first).
  let tex = Texture(width: 2, height: 2, texels: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1])

  @Test func bilinearLookupAtTexelCentresEdgesAndWrap() {
    // Top-left texel centre is u = 0.25, v = 0.75 (v runs bottom → top).
    #expect(tex.sample(u: 0.25, v: 0.75) == SIMD3(1, 0, 0))
    #expect(tex.sample(u: 0.75, v: 0.75) == SIMD3(0, 1, 0))
    #expect(tex.sample(u: 0.25, v: 0.25) == SIMD3(0, 0, 1))
    #expect(tex.sample(u: 1.75, v: -0.75) == SIMD3(1, 1, 1))  // repeats
    // Halfway between red and green: their mean. At u = 0 it blends with the wrapped column.
    #expect(isClose(tex.sample(u: 0.5, v: 0.75), Vec3(0.5, 0.5, 0), absolute: 1e-15))
    #expect(isClose(tex.sample(u: 0, v: 0.75), Vec3(0.5, 0.5, 0), absolute: 1e-15))
    #expect(isClose(tex.sample(u: 0.5, v: 0.5), Vec3(0.5, 0.5, 0.5), absolute: 1e-15))
    let bad = Texture(width: 2, height: 2, texels: [1, 0, 0])
    #expect(!bad.isValid && bad.sample(u: 0.5, v: 0.5) == Texture.invalidColor)
  }

  /// Ambient light of radiance 1 on a textured ground: the pixel radiance is the albedo. The
  /// plane carries one tile per metre of local (x, y). The 8×8 texture has four uniform 4×4
  /// quadrants, so within a texel (0.125 m) of a quadrant centre bilinear filtering returns the
  /// quadrant colour exactly; pixels there are 0.064 m wide. Float storage: 1e-6.
  @Test func groundPlaneShowsOneTilePerMetre() throws {
    var texels: [Float] = []
    for j in 0..<8 {
      for i in 0..<8 {
        let c: [Float] =
          j < 4 ? (i < 4 ? [1, 0, 0] : [0, 1, 0]) : (i < 4 ? [0, 0, 1] : [1, 1, 1])
        texels += c
      }
    }
    let tex = Texture(width: 8, height: 8, texels: texels)
    let cam = Camera(
      position: Vec3(0, 0, 4), target: Vec3(0, 0, 0), up: Vec3(0, 1, 0), width: 64, height: 64)
    let scene = RenderScene(
      camera: cam,
      objects: [RenderObject(id: 0, shape: .plane, material: RenderMaterial(texture: tex))],
      lights: [.ambient(color: Vec3(1, 1, 1), intensity: 1)])
    let image = Renderer().render(scene)
    let cases: [(Vec3, Vec3)] = [
      (Vec3(0.25, 0.75, 0), Vec3(1, 0, 0)), (Vec3(1.75, 0.75, 0), Vec3(0, 1, 0)),
      (Vec3(-0.75, 0.25, 0), Vec3(0, 0, 1)), (Vec3(0.75, -0.75, 0), Vec3(1, 1, 1)),
    ]
    for (p, c) in cases {
      let q = try #require(cam.project(p))
      let v = Vec3(image[x: Int(q.x), y: Int(q.y)])
      #expect(isClose(v, c, absolute: 1e-6), "at \(p)")
    }
  }

  @Test func checkerAlternatesBySizeInMetres() throws {
    let m = RenderMaterial(
      albedo: Vec3(0.8, 0.8, 0.8), checker: Checker(size: 0.5, secondAlbedo: Vec3(0.1, 0.1, 0.1)))
    let cam = Camera(
      position: Vec3(0, 0, 4), target: .zero, up: Vec3(0, 1, 0), width: 64, height: 64)
    let scene = RenderScene(
      camera: cam, objects: [RenderObject(id: 0, shape: .plane, material: m)],
      lights: [.ambient(color: Vec3(1, 1, 1), intensity: 1)])
    let image = Renderer().render(scene)
    func at(_ x: Double, _ y: Double) throws -> Float {
      let q = try #require(cam.project(Vec3(x, y, 0)))
      return image[x: Int(q.x), y: Int(q.y)].x
    }
    // Squares are [0, 0.5)², [0.5, 1) × [0, 0.5), ...: parity of floor(x/0.5) + floor(y/0.5).
    #expect(try at(0.25, 0.25) == 0.8)
    #expect(try at(0.75, 0.25) == 0.1)
    #expect(try at(-0.25, 0.25) == 0.1)
    #expect(try at(-0.25, -0.25) == 0.8)
  }

  @Test func sphereAndBoxMapTexturesByLongitudeAndFace() {
    // A texture that is red on its left half and blue on its right half, 8 texels wide so the
    // bilinear blend stays within one colour away from the seams.
    let lr = Texture(
      width: 8, height: 1,
      texels: (0..<8).flatMap { i -> [Float] in i < 4 ? [1, 0, 0] : [0, 0, 1] })
    let cam = Camera(position: Vec3(0, -10, 0), target: .zero, lensMM: 100, width: 48, height: 48)
    for shape in [RenderShape.sphere(radius: 1), .box(halfExtents: Vec3(1, 1, 1))] {
      let scene = RenderScene(
        camera: cam,
        objects: [RenderObject(id: 0, shape: shape, material: RenderMaterial(texture: lr))],
        lights: [.ambient(color: Vec3(1, 1, 1), intensity: 1)])
      let image = Renderer().render(scene)
      let front = shape == .box(halfExtents: Vec3(1, 1, 1)) ? -1 : -0.75.squareRoot()
      let left = cam.project(Vec3(-0.5, front, 0)) ?? .zero
      let right = cam.project(Vec3(0.5, front, 0)) ?? .zero
      let l = image[x: Int(left.x), y: Int(left.y)]
      let r = image[x: Int(right.x), y: Int(right.y)]
      if case .box = shape {
        // The −y face seen from outside: right is +x, and the texture fills the face.
        #expect(l.x > 0.9 && r.z > 0.9, "box")
      } else {
        // Facing −y is longitude −90°: u = 0.25 (left half, red) is at x = 0 on the front;
        // x = ±0.5 are u = 0.25 ∓ 0.083: both red.
        #expect(l.x > 0.9 && r.x > 0.9, "sphere")
      }
    }
  }
}
