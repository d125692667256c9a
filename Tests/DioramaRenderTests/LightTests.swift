import DioramaCore
import DioramaRender
import Foundation
import Testing
import _TestSupport

@Suite("Lights")
struct LightTests {
  /// A spot 2 m above a white Lambert ground, pointing down, inner 20°, outer 30°. Each checked
  /// pixel is compared with the Lambert law for a point light times the documented smoothstep
  /// falloff, averaged over the pixel by 8×8 sub-rays (so the steep ramp inside a pixel is
  /// accounted for). The renderer's 16 stratified samples estimate that average with a
  /// relative error under 0.3% where the ramp is steepest; 1% tolerance. Outside the cone the
  /// value is exactly 0.
  @Test func spotLightFollowsItsConeFalloff() throws {
    let inner = 20 * Double.pi / 180
    let outer = 30 * Double.pi / 180
    let cam = Camera(
      position: Vec3(0, 0, 6), target: .zero, up: Vec3(0, 1, 0), lensMM: 35, width: 96,
      height: 96)
    let power = 100.0
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(
          id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert))
      ],
      lights: [
        .spot(
          position: Vec3(0, 0, 2), direction: Vec3(0, 0, -1), color: Vec3(1, 1, 1),
          intensity: power, innerAngle: inner, outerAngle: outer)
      ])
    let image = Renderer(options: RenderOptions(samplesPerPixel: 16)).render(scene)
    func expected(_ p: Vec3) -> Double {
      let d = Vec3(0, 0, 2) - p
      let r2 = d.dot(d)
      let l = d / r2.squareRoot()
      let c = l.z  // cos θ off the axis = cos of incidence here
      let x = min(1, max(0, (c - cos(outer)) / (cos(inner) - cos(outer))))
      return power / (4 * .pi * r2) * c * x * x * (3 - 2 * x) / .pi
    }
    for deg in [10.0, 22.0, 25.0, 28.0, 35.0] {
      let rho = 2 * tan(deg * .pi / 180)
      let px = try #require(cam.project(Vec3(rho, 0, 0)))
      let (i, j) = (Int(px.x), Int(px.y))
      var mean = 0.0
      for k in 0..<64 {
        let r = cam.ray(
          x: Double(i) + (Double(k % 8) + 0.5) / 8, y: Double(j) + (Double(k / 8) + 0.5) / 8)
        let t = -r.origin.z / r.direction.z
        mean += expected(r.origin + t * r.direction) / 64
      }
      let got = Double(image[x: i, y: j].x)
      if deg > 31 {
        #expect(got == 0, "\(deg)° is outside the cone")
      } else {
        #expect(isClose(got, mean, relative: 0.01), "\(deg)°: \(got) vs \(mean)")
      }
    }
  }

  /// A 1 m square area light 4 m up casts the shadow of a straight edge 2 m up: the penumbra
  /// on the ground is W·h/(H − h) = 1 m wide, centred under the edge (x ∈ [−0.5, 0.5]).
  /// Checked from a camera off to the side (the occluder is the half-plane x < 0 at z = 2):
  /// fully dark at x = −0.6, fully lit at x = 0.6 (within 3% of x = 0.8, where only the
  /// cosine and distance differ, by 2%), about half at x = 0 (0.4–0.6: half the unoccluded
  /// irradiance there is 0.535 of the value at x = 0.8, which gets less light by cosine and
  /// distance), and strictly between at ±0.4. With one light sample per camera sample,
  /// visible or not, 256 samples per pixel leave 1/√256 = 6% noise per pixel at the
  /// penumbra's middle; the checks are on 3×3-pixel means (≈ 2%), each spanning ±0.06 m
  /// of ground along x.
  @Test func areaLightPenumbraMatchesGeometry() throws {
    let cam = Camera(
      position: Vec3(4, 0, 6), target: Vec3(0, 0, 0), lensMM: 50, width: 120, height: 80)
    let light = AreaLight(
      position: Vec3(0, 0, 4), normal: Vec3(0, 0, -1), width: 1, height: 1, intensity: 50)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(
          id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(1, 1, 1), kind: .lambert)),
        RenderObject(
          id: 1, shape: .box(halfExtents: Vec3(2, 20, 0.01)),
          transform: Transform(position: Vec3(-2, 0, 2))),
      ],
      lights: [.area(light)])
    let image = Renderer(options: RenderOptions(samplesPerPixel: 256)).render(scene)
    func mean(_ x: Double) throws -> Double {
      let p = try #require(cam.project(Vec3(x, 0, 0)))
      var s = 0.0
      for dy in -1...1 {
        for dx in -1...1 { s += Double(image[x: Int(p.x) + dx, y: Int(p.y) + dy].x) }
      }
      return s / 9
    }
    let lit = try mean(0.8)
    #expect(lit > 0)
    #expect(try mean(-0.6) < 0.01 * lit)
    #expect(try mean(0.6) > 0.97 * lit)
    let half = try mean(0) / lit
    #expect(half > 0.4 && half < 0.6, "\(half)")
    let nearDark = try mean(-0.4) / lit
    let nearLit = try mean(0.4) / lit
    #expect(nearDark > 0.02 && nearDark < 0.3, "\(nearDark)")
    #expect(nearLit > 0.7 && nearLit < 0.98, "\(nearLit)")
  }

  /// Sunlight through more air is redder: Kasten–Young air mass and Rayleigh depths give an
  /// overhead sun of exactly (1, 1, 1) (normalised there; 1e-12 rounding), and at 5°
  /// elevation red/blue > 2 (air mass ≈ 10.3: exp((0.265 − 0.046)·9.3) ≈ 7.7).
  @Test func lowSunIsWarm() {
    #expect(isClose(Sky.sunColor(elevation: .pi / 2), Vec3(1, 1, 1), absolute: 1e-12))
    let c = Sky.sunColor(elevation: 5 * .pi / 180)
    #expect(c.x / c.z > 2)
    #expect(c.x > c.y && c.y > c.z)
  }
}
