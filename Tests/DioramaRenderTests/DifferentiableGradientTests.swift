import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaRender

/// Fixtures shared by the differentiable-renderer tests: a small scene with a smooth sphere,
/// a flat-shaded box, a mesh (a tetrahedron), a ground plane and every kind of light, and the
/// L2 loss L = Σ (I − T)² against the render of a perturbed copy.
enum DiffFixture {
  static let tetra = RenderMesh(
    vertices: [Vec3(0, 0, 0), Vec3(0.6, 0, 0), Vec3(0, 0.6, 0), Vec3(0.1, 0.1, 0.6)],
    triangles: [SIMD3(0, 2, 1), SIMD3(0, 1, 3), SIMD3(1, 2, 3), SIMD3(0, 3, 2)])

  static func scene(width: Int = 48, height: Int = 36) -> RenderScene {
    RenderScene(
      camera: Camera(
        position: Vec3(0.3, -4, 1.6), target: Vec3(0, 0, 0.4), width: width, height: height),
      objects: [
        RenderObject(
          id: 0, shape: .plane,
          material: RenderMaterial(albedo: Vec3(0.5, 0.55, 0.5), roughness: 0.9)),
        RenderObject(
          id: 1, shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(-0.5, 0, 0.5)),
          material: RenderMaterial(albedo: Vec3(0.8, 0.3, 0.2), roughness: 0.4)),
        RenderObject(
          id: 2, shape: .box(halfExtents: Vec3(0.3, 0.3, 0.3)),
          transform: Transform(
            position: Vec3(0.7, 0.2, 0.3), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: 0.5)),
          material: RenderMaterial(albedo: Vec3(0.2, 0.4, 0.8), roughness: 0.6)),
        RenderObject(
          id: 3, shape: .mesh(tetra), transform: Transform(position: Vec3(0.1, -0.9, 0.0)),
          material: RenderMaterial(albedo: Vec3(0.7, 0.7, 0.2), roughness: 0.7)),
      ],
      lights: [
        .sun(direction: Vec3(-0.3, 0.5, -1), color: Vec3(1, 0.95, 0.9), intensity: 2.5),
        .point(position: Vec3(1.5, -2, 2.5), color: Vec3(1, 1, 1), intensity: 60),
        .ambient(color: Vec3(0.6, 0.7, 0.9), intensity: 0.2),
      ],
      sky: Sky())
  }

  /// A copy with every parameter nudged, so the loss has a non-zero gradient everywhere.
  static func perturbed(_ s: RenderScene) -> RenderScene {
    var t = s
    t.objects[1].transform.position += Vec3(0.04, 0.02, -0.03)
    t.objects[1].material.albedo = Vec3(0.6, 0.4, 0.3)
    t.objects[2].material.roughness = 0.45
    t.objects[2].transform.rotation = Quaternion(axis: Vec3(0, 0, 1), angle: 0.55)
    t.lights[1] = .point(position: Vec3(1.4, -2.1, 2.6), color: Vec3(1, 1, 1), intensity: 55)
    return t
  }

  static func loss(_ r: DifferentiableRenderer, _ s: RenderScene, _ target: [Double]) -> Double {
    guard let f = try? r.render(s) else { return .nan }
    var sum = 0.0
    for i in 0..<target.count {
      let d = f.radiance[i] - target[i]
      sum += d * d
    }
    return sum
  }

  static func gradient(_ r: DifferentiableRenderer, _ s: RenderScene, _ target: [Double]) throws
    -> SceneGradient
  {
    let f = try r.render(s)
    let g = (0..<target.count).map { 2 * (f.radiance[$0] - target[$0]) }
    return try r.gradient(of: f, imageGradient: g)
  }

  /// Central difference of the loss along one scalar parameter.
  static func centralDifference(
    _ r: DifferentiableRenderer, _ s: RenderScene, _ target: [Double], step h: Double,
    _ apply: (inout RenderScene, Double) -> Void
  ) -> Double {
    var plus = s
    apply(&plus, h)
    var minus = s
    apply(&minus, -h)
    return (loss(r, plus, target) - loss(r, minus, target)) / (2 * h)
  }
}

@Suite("Differentiable renderer: gradients against central finite differences")
struct DifferentiableGradientTests {
  let renderer = DifferentiableRenderer(options: DifferentiableRenderOptions(threads: 2))
  let scene = DiffFixture.scene()
  var target: [Double] {
    (try? DifferentiableRenderer().render(DiffFixture.perturbed(scene)).radiance) ?? []
  }

  /// Material and light parameters move no silhouette, so the loss is smooth in them except
  /// where n·l crosses 0 (a kink no pixel sits on here). Central differences with h = 1e-5
  /// have truncation error O(h²·L''') ≈ 1e-10 and rounding error ≈ 1e-16·L/h ≈ 1e-9, so the
  /// analytic gradient must agree to 1e-5 relative (plus 1e-8 absolute for near-zero ones).
  @Test func materialAndLightGradientsMatchFiniteDifferences() throws {
    let t = target
    let g = try DiffFixture.gradient(renderer, scene, t)
    let h = 1e-5
    func check(_ analytic: Double, _ name: String, _ apply: (inout RenderScene, Double) -> Void)
    {
      let fd = DiffFixture.centralDifference(renderer, scene, t, step: h, apply)
      #expect(isClose(analytic, fd, relative: 1e-5, absolute: 1e-8), "\(name): \(analytic) vs \(fd)")
    }
    for c in 0..<3 {
      check(g.objects[1].albedo[c], "sphere albedo[\(c)]") { s, e in
        s.objects[1].material.albedo[c] += e
      }
      check(g.objects[0].albedo[c], "plane albedo[\(c)]") { s, e in
        s.objects[0].material.albedo[c] += e
      }
    }
    for i in 0..<4 {
      check(g.objects[i].roughness, "roughness of object \(i)") { s, e in
        s.objects[i].material.roughness += e
      }
    }
    // Lights: intensity, colour, position or direction.
    func setLight(_ s: inout RenderScene, _ k: Int, _ f: (inout Vec3, inout Vec3, inout Double) -> Void) {
      switch s.lights[k] {
      case .sun(var d, var c, var i):
        f(&d, &c, &i)
        s.lights[k] = .sun(direction: d, color: c, intensity: i)
      case .point(var p, var c, var i):
        f(&p, &c, &i)
        s.lights[k] = .point(position: p, color: c, intensity: i)
      case .ambient(var c, var i):
        var z = Vec3.zero
        f(&z, &c, &i)
        s.lights[k] = .ambient(color: c, intensity: i)
      default: break
      }
    }
    for k in 0..<3 {
      check(g.lights[k].intensity, "light \(k) intensity") { s, e in
        setLight(&s, k) { _, _, i in i += e }
      }
      for c in 0..<3 {
        check(g.lights[k].color[c], "light \(k) colour[\(c)]") { s, e in
          setLight(&s, k) { _, col, _ in col[c] += e }
        }
      }
    }
    for c in 0..<3 {
      check(g.lights[0].direction[c], "sun direction[\(c)]") { s, e in
        setLight(&s, 0) { d, _, _ in d[c] += e }
      }
      check(g.lights[1].position[c], "point position[\(c)]") { s, e in
        setLight(&s, 1) { p, _, _ in p[c] += e }
      }
    }
  }
}
