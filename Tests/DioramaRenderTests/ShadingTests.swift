import DioramaCore
import DioramaRender
import Foundation
import Testing
import _TestSupport

/// BRDF of a `.lambert` material as documented on `RenderMaterial`: a/π.
private func matteBRDF(_ a: Double) -> Double { a / .pi }

private func value(_ image: Image, _ p: SIMD2<Double>) -> SIMD3<Float> {
  image[x: Int(p.x.rounded(.down)), y: Int(p.y.rounded(.down))]
}

@Suite("Shading")
struct ShadingTests {
  /// A unit white sphere seen along the sun's direction. The expected value of each pixel is
  /// the Lambert law f·E·cos θ averaged over the pixel (16×16 sub-rays against the analytic
  /// sphere). The renderer estimates that average with 16 jittered samples (4×4 strata).
  /// With a pixel 0.03 m wide, cos θ changes across a pixel by g = 0.03·tan θ ≤ 0.052 for
  /// cos θ ≥ 0.5; the jitter error of a k×k stratified mean of a linear function has standard
  /// deviation g/(k²√12) ≤ 0.001, i.e. ≤ 0.2% of cos θ. 1% is five of those standard
  /// deviations (and Float storage adds 1e-7).
  @Test func sphereLitHeadOnFollowsLambertCosine() {
    let e = Double.pi
    let cam = Camera(position: Vec3(0, -20, 0), target: .zero, lensMM: 250, width: 96, height: 96)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(
          id: 1, shape: .sphere(radius: 1),
          material: RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert))
      ],
      lights: [.sun(direction: Vec3(0, 1, 0), color: Vec3(1, 1, 1), intensity: e)])
    let image = Renderer(options: RenderOptions(samplesPerPixel: 16, threads: 2)).render(scene)
    let l = Vec3(0, -1, 0)
    var checked = 0
    for py in stride(from: 2, to: 96, by: 3) {
      for px in stride(from: 1, to: 96, by: 3) {
        var sum = 0.0
        var allHit = true
        for k in 0..<256 {
          let r = cam.ray(
            x: Double(px) + (Double(k % 16) + 0.5) / 16, y: Double(py) + (Double(k / 16) + 0.5) / 16
          )
          let b = r.origin.dot(r.direction)
          let disc = b * b - (r.origin.dot(r.origin) - 1)
          if disc < 0 {
            allHit = false
            break
          }
          let n = r.origin + (-b - disc.squareRoot()) * r.direction
          sum += max(0, n.dot(l))
        }
        guard allHit else { continue }
        let cosMean = sum / 256
        guard cosMean >= 0.5 else { continue }
        let expected = matteBRDF(1) * e * cosMean
        let got = Double(image[x: px, y: py].x)
        #expect(isClose(got, expected, relative: 0.01), "pixel (\(px), \(py)) cos \(cosMean)")
        checked += 1
      }
    }
    #expect(checked > 100)
  }

  /// A box floats 1 m above a grey ground; the sun travels along (1, 0, −1), so the shadow
  /// is the box's silhouette swept to ground x ∈ [0.5, 1.5], y ∈ [−0.25, 0.25]. Inside it only
  /// the ambient term remains; outside, the sun adds f·E·cos 45°. Uniform regions and Float
  /// storage: 1e-5 relative.
  @Test func shadowFallsWhereGeometryPredicts() throws {
    let a = 0.5
    let e = 2.0
    let ambient = 0.2
    let cam = Camera(position: Vec3(1, -4, 3), target: Vec3(1, 0, 0), width: 96, height: 72)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(
          id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(a, a, a), kind: .lambert)),
        RenderObject(
          id: 1, shape: .box(halfExtents: Vec3(0.25, 0.25, 0.25)),
          transform: Transform(position: Vec3(0, 0, 1))),
      ],
      lights: [
        .sun(direction: Vec3(1, 0, -1), color: Vec3(1, 1, 1), intensity: e),
        .ambient(color: Vec3(1, 1, 1), intensity: ambient),
      ])
    let lit = matteBRDF(a) * e * 0.5.squareRoot() + ambient * a
    let dark = ambient * a
    let image = Renderer(options: RenderOptions(threads: 1)).render(scene)
    for p in [Vec3(1, 0, 0), Vec3(0.7, 0.1, 0), Vec3(1.35, -0.1, 0)] {
      let v = Double(value(image, try #require(cam.project(p))).y)
      #expect(isClose(v, dark, relative: 1e-5), "in shadow at \(p)")
    }
    for p in [Vec3(1, 0.6, 0), Vec3(1, -0.6, 0), Vec3(0.2, 0, 0), Vec3(1.8, 0, 0)] {
      let v = Double(value(image, try #require(cam.project(p))).y)
      #expect(isClose(v, lit, relative: 1e-5), "lit at \(p)")
    }
    let noShadows = Renderer(options: RenderOptions(shadows: false)).render(scene)
    let v = Double(value(noShadows, try #require(cam.project(Vec3(1, 0, 0)))).y)
    #expect(isClose(v, lit, relative: 1e-5))
  }

  /// A 100 W point light 2 m above a white ground: E = Φ/(4π r²)·cos straight below. With a
  /// 200 mm lens from 5 m the centre pixel spans 0.027 m, over which E = Φh/(4π r³) drops by
  /// 1.5·⟨x²+y²⟩/h² ≈ 5e-5 relative: 2e-4 tolerance.
  @Test func pointLightFallsOffWithInverseSquare() {
    let cam = Camera(
      position: Vec3(0, 0, 5), target: .zero, up: Vec3(0, 1, 0), lensMM: 200, width: 33,
      height: 33)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(
          id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert))
      ],
      lights: [.point(position: Vec3(0, 0, 2), color: Vec3(1, 1, 1), intensity: 100)])
    let image = Renderer().render(scene)
    let expected = matteBRDF(1) * 100 / (4 * .pi * 4)
    #expect(isClose(Double(image[x: 16, y: 16].z), expected, relative: 2e-4))
    // Off-axis ground point at horizontal distance 0.4: r² = 4.16, cos = 2/√4.16. The pixel
    // holding it spans ±0.027 m around it, where E changes by ≤ 0.6%: 1% tolerance.
    let img2 = value(image, cam.project(Vec3(0.4, 0, 0)) ?? .zero)
    let e2 = matteBRDF(1) * 100 / (4 * .pi * 4.16) * (2 / 4.16.squareRoot())
    #expect(isClose(Double(img2.x), e2, relative: 0.01))
  }

  @Test func missedRaysSeeTheSkyGradient() {
    let sky = Sky(zenith: Vec3(0.1, 0.2, 0.9), horizon: Vec3(0.9, 0.9, 0.9))
    let up = Camera(
      position: .zero, target: Vec3(0, 0, 1), up: Vec3(0, 1, 0), lensMM: 500, width: 9, height: 9)
    let image = Renderer(options: RenderOptions(samplesPerPixel: 1)).render(
      RenderScene(camera: up, objects: [], lights: [], sky: sky))
    // 500 mm: the centre pixel's rays stay within 0.33° of the zenith, d.z > 0.99998.
    #expect(isClose(Vec3(image[x: 4, y: 4]), sky.zenith, absolute: 1e-4))
    #expect(isClose(sky.radiance(Vec3(1, 0, 0)), sky.horizon, absolute: 0))
    #expect(isClose(sky.radiance(Vec3(0, 0, -1)), sky.horizon, absolute: 0))
  }

  @Test func metallicSmoothSurfaceShowsAMirrorHighlightOnlyNearTheReflection() {
    let m = RenderMaterial(albedo: Vec3(0.9, 0.6, 0.2), roughness: 0.3, metallic: 1)
    let cam = Camera(position: Vec3(0, -6, 0), target: .zero, lensMM: 80, width: 41, height: 41)
    let scene = RenderScene(
      camera: cam, objects: [RenderObject(id: 0, shape: .sphere(radius: 1), material: m)],
      lights: [.sun(direction: Vec3(0, 1, 0), color: Vec3(1, 1, 1), intensity: 3)])
    let image = Renderer().render(scene)
    // Half vector = view = light at the centre: the lobe peaks there; a fully metallic
    // surface has no diffuse term, so the rim (n·h ≈ 0.6) is nearly black.
    let centre = image[x: 20, y: 20]
    let rim = value(image, cam.project(Vec3(0.8, -0.6, 0)) ?? .zero)
    #expect(centre.x > 10 * rim.x)
    #expect(centre.x > centre.y && centre.y > centre.z)  // tinted by the albedo
  }
}
