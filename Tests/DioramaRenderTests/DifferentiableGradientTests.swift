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
    func check(_ analytic: Double, _ name: String, _ apply: (inout RenderScene, Double) -> Void) {
      let fd = DiffFixture.centralDifference(renderer, scene, t, step: h, apply)
      #expect(
        isClose(analytic, fd, relative: 1e-5, absolute: 1e-8), "\(name): \(analytic) vs \(fd)")
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
    func setLight(
      _ s: inout RenderScene, _ k: Int, _ f: (inout Vec3, inout Vec3, inout Double) -> Void
    ) {
      if case .sun(var d, var c, var i) = s.lights[k] {
        f(&d, &c, &i)
        s.lights[k] = .sun(direction: d, color: c, intensity: i)
      } else if case .point(var p, var c, var i) = s.lights[k] {
        f(&p, &c, &i)
        s.lights[k] = .point(position: p, color: c, intensity: i)
      } else if case .ambient(var c, var i) = s.lights[k] {
        var z = Vec3.zero
        f(&z, &c, &i)
        s.lights[k] = .ambient(color: c, intensity: i)
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

extension DifferentiableGradientTests {
  /// Rotates the camera's target about the world z axis through its position (yaw) or about
  /// its right axis (pitch), as `SceneGradient.CameraGradient` defines them.
  static func turnCamera(_ s: inout RenderScene, yaw: Double = 0, pitch: Double = 0) {
    let d = s.camera.target - s.camera.position
    let right = d.normalized.cross(s.camera.up).normalized
    let q = Quaternion(axis: Vec3(0, 0, 1), angle: yaw) * Quaternion(axis: right, angle: pitch)
    s.camera.target = s.camera.position + q.rotate(d)
  }

  /// The geometric gradients (object transforms, mesh vertices, camera pose) are the exact
  /// derivative of the antialiased image for a fixed set of covered pixel centres: between
  /// two pixel-centre crossings the image is smooth, and h = 1e-6 m or rad moves every edge by
  /// ~1e-5 pixel, so no centre is crossed here. Truncation error O(h²) ≈ 1e-12 and rounding
  /// error ≈ 1e-16·L/h ≈ 1e-9 allow 1e-5 relative to the largest component of each vector.
  @Test func geometryGradientsAreExactBetweenPixelCrossings() throws {
    let t = target
    let g = try DiffFixture.gradient(renderer, scene, t)
    let h = 1e-6
    func check(
      _ analytic: Vec3, _ name: String, _ apply: (inout RenderScene, Int, Double) -> Void
    ) {
      let scale = max(abs(analytic.x), abs(analytic.y), abs(analytic.z), 1e-3)
      for c in 0..<3 {
        let fd = DiffFixture.centralDifference(renderer, scene, t, step: h) { apply(&$0, c, $1) }
        #expect(
          abs(analytic[c] - fd) <= 1e-5 * scale, "\(name)[\(c)]: \(analytic[c]) vs \(fd)")
      }
    }
    for i in 1...3 {
      check(g.objects[i].translation, "objects[\(i)].translation") { s, c, e in
        s.objects[i].transform.position[c] += e
      }
      check(g.objects[i].rotation, "objects[\(i)].rotation") { s, c, e in
        var axis = Vec3.zero
        axis[c] = 1
        s.objects[i].transform.rotation =
          Quaternion(axis: axis, angle: e) * s.objects[i].transform.rotation
      }
    }
    let tetra = DiffFixture.tetra
    for v in 0..<4 {
      check(g.objects[3].vertices[v], "tetrahedron vertex \(v)") { s, c, e in
        var vs = tetra.vertices
        vs[v][c] += e
        s.objects[3].shape = .mesh(RenderMesh(vertices: vs, triangles: tetra.triangles))
      }
    }
    check(g.camera.position, "camera.position") { s, c, e in s.camera.position[c] += e }
    check(g.camera.target, "camera.target") { s, c, e in s.camera.target[c] += e }
    check(Vec3(g.camera.yaw, g.camera.pitch, 0), "camera yaw, pitch") { s, c, e in
      if c == 0 { Self.turnCamera(&s, yaw: e) }
      if c == 1 { Self.turnCamera(&s, pitch: e) }
    }
  }

  /// Silhouette gradients against finite differences of the antialiased image over steps that
  /// cross pixel centres. The image is continuous but only piecewise smooth (a kink at every
  /// crossing), so the central difference is compared with the integral of the analytic
  /// gradient over the same interval (trapezoid rule, 16 panels): for a continuous loss they
  /// are equal. Steps of 0.3 pixel at the sphere (h = 0.02 m at 4 m, 64 px over 54°); 5 %
  /// allows for the small jumps the pixel-pair antialiasing leaves where two edges of the
  /// silhouette polygon meet inside a pixel pair (measured: 0.3–2.4 % here).
  @Test func silhouetteGradientsIntegrateToTheLossChange() throws {
    var s = DiffFixture.scene(width: 64, height: 48)
    s.objects = [s.objects[0], s.objects[1]]
    var moved = s
    moved.objects[1].transform.position += Vec3(0.1, 0, -0.05)
    let t = try renderer.render(moved).radiance
    let h = 0.02
    func integrate(_ apply: (inout RenderScene, Double) -> Void, _ pick: (SceneGradient) -> Double)
      throws -> Double
    {
      var sum = 0.0
      let n = 16
      for k in 0...n {
        var q = s
        apply(&q, -h + 2 * h * Double(k) / Double(n))
        sum += pick(try DiffFixture.gradient(renderer, q, t)) * (k == 0 || k == n ? 0.5 : 1)
      }
      return sum * 2 * h / Double(n)
    }
    func check(
      _ name: String, _ apply: (inout RenderScene, Double) -> Void,
      _ pick: (SceneGradient) -> Double
    ) throws {
      var plus = s
      apply(&plus, h)
      var minus = s
      apply(&minus, -h)
      let change = DiffFixture.loss(renderer, plus, t) - DiffFixture.loss(renderer, minus, t)
      let integral = try integrate(apply, pick)
      #expect(isClose(change, integral, relative: 0.05), "\(name): ΔL \(change), ∫g \(integral)")
    }
    for c in 0..<3 {
      try check("sphere translation[\(c)]", { $0.objects[1].transform.position[c] += $1 }) {
        $0.objects[1].translation[c]
      }
    }
    try check("camera yaw", { Self.turnCamera(&$0, yaw: 0.1 * $1) }) { 0.1 * $0.camera.yaw }
    try check("camera position x", { $0.camera.position.x += $1 }) { $0.camera.position.x }
  }
}

@Suite("Differentiable renderer: kernels")
struct DifferentiableKernelTests {
  /// For fixed geometry the antialiasing pass is linear in the colours, out = A·c, and its
  /// adjoint must be Aᵀ: ⟨A c, g⟩ = ⟨c, Aᵀ g⟩ for random c and g. Both sides are sums of
  /// ~10⁴ products of O(1) numbers, so they agree to rounding, 1e-12 relative.
  @Test func antialiasAdjointIsTheTranspose() throws {
    let frame = try DifferentiableRenderer().render(DiffFixture.scene())
    let rs = frame.scene
    let n = rs.width * rs.height
    var rng = SeededGenerator(seed: 7)
    let c = (0..<(3 * n)).map { _ in rng.nextUnit() }
    let g = (0..<(3 * n)).map { _ in rng.nextUnit() - 0.5 }
    var out = [Double](repeating: 0, count: 3 * n)
    var back = [Double](repeating: 0, count: 3 * n)
    var blended = 0
    frame.ids.withUnsafeBufferPointer { ids in
      frame.depth.withUnsafeBufferPointer { z in
        c.withUnsafeBufferPointer { cb in
          g.withUnsafeBufferPointer { gb in
            out.withUnsafeMutableBufferPointer { ob in
              rs.antialias(
                rows: stride(from: 0, to: rs.height, by: 1), ids: ids, depth: z, color: cb, out: ob)
            }
            back.withUnsafeMutableBufferPointer { bb in
              rs.antialiasAdjoint(
                rows: stride(from: 0, to: rs.height, by: 1), ids: ids, depth: z, color: cb,
                grad: gb, dColor: bb, edges: nil)
            }
          }
        }
      }
    }
    for i in 0..<(3 * n) where out[i] != c[i] { blended += 1 }
    let lhs = zip(out, g).reduce(0) { $0 + $1.0 * $1.1 }
    let rhs = zip(c, back).reduce(0) { $0 + $1.0 * $1.1 }
    #expect(blended > 100, "the antialiasing pass changed only \(blended) values")
    #expect(isClose(lhs, rhs, relative: 1e-12), "⟨Ac, g⟩ = \(lhs), ⟨c, Aᵀg⟩ = \(rhs)")
  }

  /// Rows are interleaved over threads, per-row partial sums are added in row order and the
  /// vertex scatter runs in pixel order, so one and two threads give bit-identical images and
  /// gradients.
  @Test func imageAndGradientDoNotDependOnThreadCount() throws {
    let s = DiffFixture.scene()
    let t = try DifferentiableRenderer().render(DiffFixture.perturbed(s)).radiance
    var results: [([Double], SceneGradient)] = []
    for threads in [1, 2, 3] {
      let r = DifferentiableRenderer(options: DifferentiableRenderOptions(threads: threads))
      let f = try r.render(s)
      let g = try r.gradient(
        of: f, imageGradient: (0..<t.count).map { 2 * (f.radiance[$0] - t[$0]) })
      results.append((f.radiance, g))
    }
    for k in 1..<results.count {
      #expect(results[k].0 == results[0].0)
      #expect(results[k].1.camera.position == results[0].1.camera.position)
      #expect(results[k].1.camera.yaw == results[0].1.camera.yaw)
      for i in 0..<4 {
        #expect(results[k].1.objects[i].translation == results[0].1.objects[i].translation)
        #expect(results[k].1.objects[i].albedo == results[0].1.objects[i].albedo)
        #expect(results[k].1.objects[i].vertices == results[0].1.objects[i].vertices)
      }
      #expect(results[k].1.lights[1].position == results[0].1.lights[1].position)
    }
  }

  /// A white sphere lit by a sun along the view axis, no ambient, black sky: the pixel at the
  /// centre of the disc sees n = l = v = h, so its radiance is E·(a/π + D·V·F) with the GGX
  /// peak D = 1/(π α²) (α = roughness²), the height-correlated visibility
  /// V = ½/(n·l·1 + n·v·1) = ¼ and Schlick's F = F0 = 0.04 at v·h = 1.
  @Test func shadingAtNormalIncidenceMatchesTheClosedForm() throws {
    let rough = 0.5
    let e = 3.0
    let scene = RenderScene(
      camera: Camera(position: Vec3(0, -6, 0), target: .zero, width: 33, height: 33),
      objects: [
        RenderObject(
          id: 0, shape: .sphere(radius: 1),
          material: RenderMaterial(albedo: Vec3(1, 1, 1), roughness: rough))
      ],
      lights: [.sun(direction: Vec3(0, 1, 0), color: Vec3(1, 1, 1), intensity: e)],
      sky: Sky(zenith: .zero, horizon: .zero))
    let f = try DifferentiableRenderer(
      options: DifferentiableRenderOptions(sphereLevel: 5)
    ).render(scene)
    let centre = 3 * (16 * 33 + 16)
    let alpha2 = rough * rough * rough * rough
    let expected = e * (1 / Double.pi + 0.04 / (Double.pi * alpha2) * 0.25)
    // The centre pixel's ray hits a flat facet of the level-5 icosphere whose interpolated
    // normal is within ~1e-3 rad of the axis: (n·h) differs from 1 by ~1e-6, which moves the
    // GGX peak by ~1e-5 relative. 1e-3 covers it.
    #expect(isClose(f.radiance[centre], expected, relative: 1e-3))
  }

  /// Homogeneous rasterisation draws triangles that cross the camera plane without clipping:
  /// a camera 1.6 m above the 100 m ground square, looking level, sees ground in every pixel
  /// below the square's far edge (1.8° under the horizon, 2.2 rows below the centre row of 48
  /// at 0.39 tan half-height) and sky in every pixel above the horizon.
  @Test func groundUnderALevelCameraIsDrawnToTheImageEdge() throws {
    let scene = RenderScene(
      camera: Camera(
        position: Vec3(0, 0, 1.6), target: Vec3(0, 10, 1.6), width: 64, height: 48),
      objects: [RenderObject(id: 0, shape: .plane)],
      lights: [.ambient(color: Vec3(1, 1, 1), intensity: 1)])
    let f = try DifferentiableRenderer().render(scene)
    for y in 0..<48 {
      let row = f.ids[(64 * y)..<(64 * y + 64)]
      if y < 24 { #expect(row.allSatisfy { $0 < 0 }, "row \(y) should be sky") }
      if y >= 27 { #expect(row.allSatisfy { $0 >= 0 }, "row \(y) should be ground") }
    }
  }

  /// A gradient buffer of the wrong length is a typed error naming both lengths.
  @Test func wrongImageGradientLengthThrows() throws {
    let r = DifferentiableRenderer()
    let f = try r.render(DiffFixture.scene(width: 8, height: 6))
    #expect(throws: DifferentiableRenderError.imageGradientSize(expected: 144, found: 3)) {
      try r.gradient(of: f, imageGradient: [0, 0, 0])
    }
  }

  /// Capsules and cylinders (lathe tessellations with welded rims) get exact translation and
  /// rotation gradients between pixel crossings, as the fixture's shapes do (same step and
  /// tolerance as `geometryGradientsAreExactBetweenPixelCrossings`).
  @Test func capsuleAndCylinderGradientsAreExactBetweenPixelCrossings() throws {
    var s = DiffFixture.scene()
    s.objects = [
      s.objects[0],
      RenderObject(
        id: 1, shape: .capsule(radius: 0.25, halfHeight: 0.3),
        transform: Transform(
          position: Vec3(-0.5, 0, 0.6), rotation: Quaternion(axis: Vec3(1, 0, 0), angle: 0.3)),
        material: RenderMaterial(albedo: Vec3(0.8, 0.5, 0.2), roughness: 0.5)),
      RenderObject(
        id: 2, shape: .cylinder(radius: 0.3, halfHeight: 0.25),
        transform: Transform(position: Vec3(0.6, 0.2, 0.25)),
        material: RenderMaterial(albedo: Vec3(0.3, 0.5, 0.8), roughness: 0.7)),
    ]
    var moved = s
    moved.objects[1].transform.position.x += 0.05
    moved.objects[2].transform.position.y -= 0.05
    let r = DifferentiableRenderer()
    let t = try r.render(moved).radiance
    let g = try DiffFixture.gradient(r, s, t)
    for i in 1...2 {
      let tr = g.objects[i].translation
      let rot = g.objects[i].rotation
      let scale = max(
        abs(tr.x), abs(tr.y), abs(tr.z), abs(rot.x), abs(rot.y), abs(rot.z))
      #expect(scale > 1e-3, "objects[\(i)] has no gradient")
      for c in 0..<3 {
        let fd = DiffFixture.centralDifference(r, s, t, step: 1e-6) { q, e in
          q.objects[i].transform.position[c] += e
        }
        #expect(abs(g.objects[i].translation[c] - fd) <= 1e-5 * scale, "translation \(i) \(c)")
        let fdr = DiffFixture.centralDifference(r, s, t, step: 1e-6) { q, e in
          var axis = Vec3.zero
          axis[c] = 1
          q.objects[i].transform.rotation =
            Quaternion(axis: axis, angle: e) * q.objects[i].transform.rotation
        }
        #expect(abs(g.objects[i].rotation[c] - fdr) <= 1e-5 * scale, "rotation \(i) \(c)")
      }
      // Size parameters: [radius, halfHeight].
      for k in 0..<2 {
        let fd = DiffFixture.centralDifference(r, s, t, step: 1e-6) { q, e in
          if case .capsule(let rad, let hh) = q.objects[i].shape {
            q.objects[i].shape = .capsule(
              radius: rad + (k == 0 ? e : 0), halfHeight: hh + (k == 1 ? e : 0))
          } else if case .cylinder(let rad, let hh) = q.objects[i].shape {
            q.objects[i].shape = .cylinder(
              radius: rad + (k == 0 ? e : 0), halfHeight: hh + (k == 1 ? e : 0))
          }
        }
        #expect(
          abs(g.objects[i].shape[k] - fd) <= 1e-5 * scale,
          "shape \(i) \(k): \(g.objects[i].shape[k]) vs \(fd)")
      }
    }
  }

  /// Sphere radius and box half extents: the size gradients are exact between pixel crossings
  /// (as above).
  @Test func sphereAndBoxSizeGradientsAreExactBetweenPixelCrossings() throws {
    let r = DifferentiableRenderer()
    let s = DiffFixture.scene()
    let t = try r.render(DiffFixture.perturbed(s)).radiance
    let g = try DiffFixture.gradient(r, s, t)
    let fdRadius = DiffFixture.centralDifference(r, s, t, step: 1e-6) { q, e in
      q.objects[1].shape = .sphere(radius: 0.5 + e)
    }
    #expect(isClose(g.objects[1].shape[0], fdRadius, relative: 1e-5), "radius")
    let box = g.objects[2].shape
    let scale = max(abs(box[0]), abs(box[1]), abs(box[2]))
    for k in 0..<3 {
      let fd = DiffFixture.centralDifference(r, s, t, step: 1e-6) { q, e in
        var h = Vec3(0.3, 0.3, 0.3)
        h[k] += e
        q.objects[2].shape = .box(halfExtents: h)
      }
      #expect(abs(box[k] - fd) <= 1e-5 * scale, "box half extent \(k): \(box[k]) vs \(fd)")
    }
  }

  /// Image textures have no gradient path yet: a typed error naming the object.
  @Test func texturedMaterialThrows() throws {
    var s = DiffFixture.scene(width: 8, height: 6)
    s.objects[1].material.texture = Texture(width: 1, height: 1, texels: [1, 1, 1])
    #expect(
      throws: DifferentiableRenderError.materialNotDifferentiable(object: 1, what: "a texture")
    ) {
      try DifferentiableRenderer().render(s)
    }
  }

  /// Dot-product check of the whole vertex adjoint at once: for a flat-shaded 162-vertex mesh
  /// (a level-2 icosphere without normals), moving every vertex along a random direction v
  /// changes the loss at the rate ⟨v, dL/dvertices⟩. Central difference with h = 1e-6 (no
  /// pixel centre is crossed; see `geometryGradientsAreExactBetweenPixelCrossings`), 1e-5
  /// relative.
  @Test func meshVertexAdjointPassesTheDotProductTest() throws {
    let ico = Tessellation.icosphere(radius: 0.5, level: 2)
    let mesh = RenderMesh(vertices: ico.vertices, triangles: ico.triangles)
    var s = DiffFixture.scene()
    s.objects[1].shape = .mesh(mesh)
    var rng = SeededGenerator(seed: 3)
    let v = ico.vertices.map { _ in
      Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
    }
    let r = DifferentiableRenderer()
    let t = try r.render(DiffFixture.perturbed(s)).radiance
    let g = try DiffFixture.gradient(r, s, t)
    let analytic = zip(v, g.objects[1].vertices).reduce(0) { $0 + $1.0.dot($1.1) }
    let fd = DiffFixture.centralDifference(r, s, t, step: 1e-6) { q, e in
      q.objects[1].shape = .mesh(
        RenderMesh(vertices: zip(ico.vertices, v).map { $0 + e * $1 }, triangles: ico.triangles))
    }
    #expect(abs(analytic) > 1e-3)
    #expect(isClose(analytic, fd, relative: 1e-5), "⟨v, g⟩ = \(analytic), FD \(fd)")
  }
}
