import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaRender

// MARK: - Fixtures

/// The box of half extents `h` as 12 triangles, counter-clockwise seen from outside. Vertex k
/// has x = ±h.x by bit 0, y by bit 1, z by bit 2.
private func cubeMesh(_ h: Vec3) -> RenderMesh {
  let v = (0..<8).map { k in
    Vec3(k & 1 == 0 ? -h.x : h.x, k & 2 == 0 ? -h.y : h.y, k & 4 == 0 ? -h.z : h.z)
  }
  let t: [SIMD3<Int32>] = [
    SIMD3(0, 2, 3), SIMD3(0, 3, 1),  // −z
    SIMD3(4, 5, 7), SIMD3(4, 7, 6),  // +z
    SIMD3(0, 1, 5), SIMD3(0, 5, 4),  // −y
    SIMD3(2, 6, 7), SIMD3(2, 7, 3),  // +y
    SIMD3(0, 4, 6), SIMD3(0, 6, 2),  // −x
    SIMD3(1, 3, 7), SIMD3(1, 7, 5),  // +x
  ]
  return RenderMesh(vertices: v, triangles: t)
}

/// Unit icosphere with `level` subdivisions (20·4^level triangles, counter-clockwise from
/// outside), its vertices on the unit sphere, optionally pushed radially by a smooth bump of
/// relative amplitude `bump`.
private func icosphere(level: Int, bump: Double = 0) -> (v: [Vec3], t: [SIMD3<Int32>]) {
  let g = (1 + 5.0.squareRoot()) / 2
  var v: [Vec3] = [
    Vec3(-1, g, 0), Vec3(1, g, 0), Vec3(-1, -g, 0), Vec3(1, -g, 0),
    Vec3(0, -1, g), Vec3(0, 1, g), Vec3(0, -1, -g), Vec3(0, 1, -g),
    Vec3(g, 0, -1), Vec3(g, 0, 1), Vec3(-g, 0, -1), Vec3(-g, 0, 1),
  ].map(\.normalized)
  var t: [SIMD3<Int32>] = [
    SIMD3(0, 11, 5), SIMD3(0, 5, 1), SIMD3(0, 1, 7), SIMD3(0, 7, 10), SIMD3(0, 10, 11),
    SIMD3(1, 5, 9), SIMD3(5, 11, 4), SIMD3(11, 10, 2), SIMD3(10, 7, 6), SIMD3(7, 1, 8),
    SIMD3(3, 9, 4), SIMD3(3, 4, 2), SIMD3(3, 2, 6), SIMD3(3, 6, 8), SIMD3(3, 8, 9),
    SIMD3(4, 9, 5), SIMD3(2, 4, 11), SIMD3(6, 2, 10), SIMD3(8, 6, 7), SIMD3(9, 8, 1),
  ]
  for _ in 0..<level {
    // Midpoint of each edge once, found by its sorted vertex pair (lookup only).
    var mid: [UInt64: Int32] = [:]
    func m(_ a: Int32, _ b: Int32) -> Int32 {
      let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
      if let k = mid[key] { return k }
      v.append((0.5 * (v[Int(a)] + v[Int(b)])).normalized)
      mid[key] = Int32(v.count - 1)
      return Int32(v.count - 1)
    }
    var next: [SIMD3<Int32>] = []
    for f in t {
      let ab = m(f.x, f.y)
      let bc = m(f.y, f.z)
      let ca = m(f.z, f.x)
      next += [SIMD3(f.x, ab, ca), SIMD3(f.y, bc, ab), SIMD3(f.z, ca, bc), SIMD3(ab, bc, ca)]
    }
    t = next
  }
  if bump != 0 {
    v = v.map { p in p * (1 + bump * sin(5 * p.x) * sin(4 * p.y + 1) * sin(3 * p.z + 2)) }
  }
  return (v, t)
}

/// Number of triangles of `mesh` the ray o + t·d hits (t > 0), by brute force.
private func hitCount(_ mesh: RenderMesh, _ o: Vec3, _ d: Vec3) -> Int {
  let s = mesh.storage
  let ray = WatertightRay(o, d)
  return (0..<mesh.triangleCount).filter { k in
    intersectTriangle(s.corners.baseAddress! + 9 * k, ray, .infinity).t < .infinity
  }.count
}

private func vec(_ buffer: [Float], _ i: Int) -> Vec3 {
  Vec3(Double(buffer[3 * i]), Double(buffer[3 * i + 1]), Double(buffer[3 * i + 2]))
}

@Suite("Capsules, cylinders and meshes")
struct MeshTests {
  // MARK: Mesh against the analytic box

  /// The same box as `.box` and as a 12-triangle mesh, rotated, checkered (the mesh's box
  /// mapping), over a plane, with sun and point-light shadows at 4 spp. Slab test and
  /// triangle test reach the same surface with distances a few ulps apart, so the colour
  /// differs at most by Float rounding (1e-6 on values ≤ 4) except where a sample grazes an
  /// edge within that rounding: allowed on at most 0.2% of pixels. Normals are the same
  /// exact axis vectors; depth within Float storage (1e-6 relative).
  @Test func meshCubeRendersLikeTheAnalyticBox() {
    let h = Vec3(0.5, 0.4, 0.3)
    let t = Transform(
      position: Vec3(0.1, 0.2, 0.8),
      rotation: Quaternion(axis: Vec3(0.3, 0.5, 1).normalized, angle: 0.7))
    let checker = RenderMaterial(
      albedo: Vec3(0.9, 0.5, 0.2), checker: Checker(size: 0.13, secondAlbedo: Vec3(0.1, 0.3, 0.8)),
      roughness: 0.5)
    func scene(_ shape: RenderShape) -> RenderScene {
      RenderScene(
        camera: Camera(
          position: Vec3(2.5, -3.5, 2.2), target: Vec3(0, 0, 0.6), width: 120, height: 90),
        objects: [
          RenderObject(id: 1, shape: .plane),
          RenderObject(id: 2, shape: shape, transform: t, material: checker),
        ],
        lights: [
          .sun(direction: Vec3(-0.3, 0.4, -1), color: Vec3(1, 1, 1), intensity: 3),
          .point(position: Vec3(1, -1, 2.5), color: Vec3(1, 1, 1), intensity: 15),
          .ambient(color: Vec3(1, 1, 1), intensity: 0.2),
        ])
    }
    let renderer = Renderer(options: RenderOptions(samplesPerPixel: 4, threads: 2))
    let box = scene(.box(halfExtents: h))
    let mesh = scene(.mesh(cubeMesh(h)))
    let a = renderer.render(box).pixels
    let b = renderer.render(mesh).pixels
    var differing = 0
    for p in 0..<(a.count / 3) {
      var d: Float = 0
      for c in 0..<3 { d = max(d, abs(a[3 * p + c] - b[3 * p + c])) }
      if d > 1e-6 { differing += 1 }
    }
    #expect(differing <= 120 * 90 / 500, "\(differing) pixels differ")

    let ga = renderer.renderAOVs(box)
    let gb = renderer.renderAOVs(mesh)
    var idDiff = 0
    var onBox = 0
    for i in 0..<(120 * 90) {
      if ga.instance[i] != gb.instance[i] {
        idDiff += 1
        continue
      }
      #expect(isClose(Double(ga.depth[i]), Double(gb.depth[i]), relative: 1e-6))
      #expect(isClose(vec(ga.normal, i), vec(gb.normal, i), absolute: 1e-7), "pixel \(i)")
      if ga.instance[i] == 2 { onBox += 1 }
    }
    #expect(idDiff <= 2)
    #expect(onBox > 500)
    // The mesh's vertices are the box's corners: the same projected box. (Measured: no pixel
    // differs at all, in colour or id, so the visible boxes agree too.)
    #expect(ga.projectedBoxes == gb.projectedBoxes)
    #expect(ga.visibleBoxes == gb.visibleBoxes)
  }

  // MARK: Capsules and cylinders

  @Test func capsuleAndCylinderHitsAtAnalyticDistances() {
    func prim(_ s: RenderShape) -> Primitive { Primitive(RenderObject(id: 0, shape: s), index: 0) }
    let cap = prim(.capsule(radius: 0.5, halfHeight: 1))
    let up = Vec3(0, 0, 1)
    let y = Vec3(0, 1, 0)
    // Down the axis: the top pole at z = h + r.
    #expect(isClose(cap.intersect(Vec3(0, 0, 10), -up, .infinity), 8.5, relative: 1e-14))
    // Side at mid height: the cylinder at y = −r.
    #expect(isClose(cap.intersect(Vec3(0, -10, 0.5), y, .infinity), 9.5, relative: 1e-14))
    // 0.3 m above the top of the core segment: the top sphere at y = −√(r² − 0.3²) = −0.4.
    #expect(isClose(cap.intersect(Vec3(0, -10, 1.3), y, .infinity), 9.6, relative: 1e-14))
    #expect(cap.intersect(Vec3(0, -10, 1.6), y, .infinity) == .infinity)
    // From inside, the exit: the top pole.
    #expect(isClose(cap.intersect(.zero, up, .infinity), 1.5, relative: 1e-14))
    #expect(isClose(cap.normal(at: Vec3(0, -0.4, 1.3)), Vec3(0, -0.8, 0.6), absolute: 1e-14))

    let cyl = prim(.cylinder(radius: 0.5, halfHeight: 1))
    #expect(isClose(cyl.intersect(Vec3(0, 0, 10), -up, .infinity), 9, relative: 1e-14))
    #expect(isClose(cyl.intersect(Vec3(0.4, 0, 10), -up, .infinity), 9, relative: 1e-14))
    #expect(cyl.intersect(Vec3(0.6, 0, 10), -up, .infinity) == .infinity)
    #expect(cyl.intersect(Vec3(0, -10, 1.01), y, .infinity) == .infinity)
    #expect(isClose(cyl.intersect(Vec3(0, -10, 0.99), y, .infinity), 9.5, relative: 1e-14))
    // Through the rim's corner region: enters the side at x = −r, z = 0.75 along (1, 0, 1)/√2.
    let d = Vec3(1, 0, 1).normalized
    let t = cyl.intersect(Vec3(-1.5, 0, -0.25), d, .infinity)
    #expect(isClose(t, 2.0.squareRoot(), relative: 1e-14))
    #expect(isClose(cyl.normal(at: Vec3(-1.5, 0, -0.25) + t * d), Vec3(-1, 0, 0), absolute: 1e-14))
    #expect(isClose(cyl.intersect(.zero, d, .infinity), 0.5 * 2.0.squareRoot(), relative: 1e-14))
  }

  /// Caps are flat: the normal is exactly ±z of the cylinder (exactly R·ẑ turned), the depth
  /// at the image centre is the distance to the cap.
  @Test func cylinderCapNormalIsPlusOrMinusZ() throws {
    let cyl = Primitive(
      RenderObject(id: 0, shape: .cylinder(radius: 0.5, halfHeight: 1)), index: 0)
    #expect(cyl.normal(at: Vec3(0.2, -0.3, 1)) == Vec3(0, 0, 1))
    #expect(cyl.normal(at: Vec3(0.49, 0, -1)) == Vec3(0, 0, -1))
    #expect(isClose(cyl.normal(at: Vec3(0, 0.5, 0.99)), Vec3(0, 1, 0), absolute: 1e-15))

    for (z, n) in [(6.0, 1.0), (-6.0, -1.0)] {
      // 33 × 33: pixel 16's centre is the image centre, on the optical axis.
      let cam = Camera(
        position: Vec3(0, 0, z), target: .zero, up: Vec3(0, 1, 0), width: 33, height: 33)
      let scene = RenderScene(
        camera: cam,
        objects: [RenderObject(id: 4, shape: .cylinder(radius: 0.5, halfHeight: 1))], lights: [])
      let aovs = Renderer().renderAOVs(scene)
      let c = 16 * 33 + 16
      #expect(aovs.instance[c] == 4)
      #expect(vec(aovs.normal, c) == Vec3(0, 0, n))
      #expect(isClose(Double(aovs.depth[c]), 5, relative: 1e-6))
    }
    // Turned: the cap normal is R·ẑ, to Float storage (3e-8 per component).
    let q = Quaternion(axis: Vec3(1, 0.2, 0).normalized, angle: 0.5)
    let axis = q.rotate(Vec3(0, 0, 1))
    let cam = Camera(
      position: 6 * axis, target: .zero, up: Vec3(0, 1, 0), width: 33, height: 33)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(
          id: 4, shape: .cylinder(radius: 0.5, halfHeight: 1), transform: Transform(rotation: q))
      ], lights: [])
    let aovs = Renderer().renderAOVs(scene)
    #expect(isClose(vec(aovs.normal, 16 * 33 + 16), axis, absolute: 1e-7))
  }

  /// A vertical capsule seen side-on from D = 10 m: the centre row crosses the cylinder part,
  /// whose silhouette edges are the tangents from the eye to a circle of radius r, at
  /// tan α = r/√(D² − r²). Pixels are counted by their centres, so the count is exact once no
  /// centre lies on the edge (checked: margin > 1e-6 px). The projected box is the union of
  /// the end spheres' exact silhouettes, computed here from the tangent-plane condition.
  @Test func capsuleSilhouetteWidthMatchesAnalyticProjection() throws {
    let r = 0.5
    let h = 1.0
    let dist = 10.0
    let (w, ht) = (201, 151)
    let cam = Camera(position: Vec3(0, -dist, 0), target: .zero, width: w, height: ht)
    let scene = RenderScene(
      camera: cam,
      objects: [RenderObject(id: 8, shape: .capsule(radius: r, halfHeight: h))], lights: [])
    let aovs = Renderer().renderAOVs(scene)
    let tanX = 18.0 / 35
    let tanY = tanX * Double(ht) / Double(w)
    let half = r / (dist * dist - r * r).squareRoot()
    let row = 75  // centre 75.5: the optical axis' row
    var expected = 0
    var seen = 0
    for x in 0..<w {
      let s = (2 * (Double(x) + 0.5) / Double(w) - 1) * tanX
      let marginPx = abs(abs(s) - half) / tanX * Double(w) / 2
      #expect(marginPx > 1e-6)
      if abs(s) < half { expected += 1 }
      if aovs.instance[row * w + x] == 8 { seen += 1 }
    }
    #expect(seen == expected)
    #expect(expected > 8)

    // Column extent: ±half; row extent: the top sphere's upper tangent and the bottom's lower
    // one, (D² − r²) s² − 2 h D s + (h² − r²) = 0.
    let a = dist * dist - r * r
    let sTop = (h * dist + r * (h * h + dist * dist - r * r).squareRoot()) / a
    let lo = SIMD2((-half / tanX + 1) * 0.5 * Double(w), (1 - sTop / tanY) * 0.5 * Double(ht))
    let hi = SIMD2((half / tanX + 1) * 0.5 * Double(w), (1 + sTop / tanY) * 0.5 * Double(ht))
    let proj = try #require(aovs.projectedBoxes.first)
    #expect(proj.minX == Int32(lo.x.rounded(.down)) && proj.maxX == Int32(hi.x.rounded(.up)) - 1)
    #expect(proj.minY == Int32(lo.y.rounded(.down)) && proj.maxY == Int32(hi.y.rounded(.up)) - 1)
    let vis = try #require(aovs.visibleBoxes.first)
    #expect(proj.contains(vis))
    #expect(vis.maxY - vis.minY >= proj.maxY - proj.minY - 2)
  }

  /// Tilted capsule and cylinder, off-centre: `projectedExtent` against the extent of many
  /// projected surface points. A convex body's extreme column is reached on its silhouette;
  /// for a capsule that is on one end sphere's rim circle (sampled like AOVTests), for a
  /// cylinder on one of its two rims. 20 000 samples per circle leave an error of at most
  /// R(1 − cos(π/20 000)) ≈ 1.3e-8·R for a circle of R pixels: 1e-4 px holds.
  @Test func tiltedCapsuleAndCylinderProjectToTheirExactSilhouettes() throws {
    let cam = Camera(
      position: Vec3(-1, -7, 2.5), target: Vec3(0.3, 0, 0.2), width: 160, height: 120)
    let q = Quaternion(axis: Vec3(0.4, 1, 0.3).normalized, angle: 0.9)
    let t = Transform(position: Vec3(0.5, 0.6, 0.1), rotation: q)
    let axis = q.rotate(Vec3(0, 0, 1))
    let (r, h) = (0.35, 0.8)
    for shape in [
      RenderShape.capsule(radius: r, halfHeight: h), .cylinder(radius: r, halfHeight: h),
    ] {
      let prim = Primitive(RenderObject(id: 0, shape: shape, transform: t), index: 0)
      let e = try #require(
        projectedExtent(
          prim, frame: cam.frame, origin: cam.position, width: 160, height: 120))
      var lo = SIMD2<Double>(repeating: .infinity)
      var hi = SIMD2<Double>(repeating: -.infinity)
      let u = axis.anyOrthogonal.normalized
      let v = axis.cross(u)
      for end in [-h, h] {
        let c = t.position + end * axis
        if case .capsule = shape {
          // Rim of the end sphere seen from the eye (see AOVTests' silhouetteExtent).
          let toC = c - cam.position
          let d2 = toC.dot(toC)
          let centre = c - (r * r / d2) * toC
          let rho = r * (1 - r * r / d2).squareRoot()
          let su = toC.anyOrthogonal.normalized
          let sv = toC.normalized.cross(su)
          for k in 0..<20_000 {
            let a = 2 * Double.pi * Double(k) / 20_000
            let p = try #require(cam.project(centre + rho * (cos(a) * su + sin(a) * sv)))
            (lo, hi) = (pointwiseMin(lo, p), pointwiseMax(hi, p))
          }
        } else {
          for k in 0..<20_000 {
            let a = 2 * Double.pi * Double(k) / 20_000
            let p = try #require(cam.project(c + r * (cos(a) * u + sin(a) * v)))
            (lo, hi) = (pointwiseMin(lo, p), pointwiseMax(hi, p))
          }
        }
      }
      #expect(abs(e.lo.x - lo.x) < 1e-4 && abs(e.lo.y - lo.y) < 1e-4, "\(shape)")
      #expect(abs(e.hi.x - hi.x) < 1e-4 && abs(e.hi.y - hi.y) < 1e-4, "\(shape)")
    }
  }

  // MARK: Instancing

  @Test func instancedMeshesShareStorage() {
    let ball = icosphere(level: 2)
    let mesh = RenderMesh(vertices: ball.v, triangles: ball.t)
    let same = RenderMesh(vertices: ball.v, triangles: ball.t)
    let cube = cubeMesh(Vec3(0.5, 0.5, 0.5))
    // Identity semantics: equal arrays, different meshes.
    #expect(RenderShape.mesh(mesh) == .mesh(mesh))
    #expect(RenderShape.mesh(mesh) != .mesh(same))
    var objects: [RenderObject] = []
    for i in 0..<6 {
      objects.append(
        RenderObject(
          id: Int32(i), shape: .mesh(i == 3 ? cube : mesh),
          transform: Transform(position: Vec3(2.5 * Double(i) - 6, 0, 0))))
    }
    let cam = Camera(position: Vec3(0, -14, 3), target: .zero, width: 160, height: 60)
    let scene = RenderScene(camera: cam, objects: objects, lights: [])
    let prepared = PreparedScene(scene, shadows: false)
    // One entry per distinct mesh, in order of first appearance; the same object, not a copy.
    #expect(prepared.meshes.count == 2)
    #expect(prepared.meshes[0] === mesh && prepared.meshes[1] === cube)
    #expect(prepared.primitives.map(\.mesh) == [0, 0, 0, 1, 0, 0])
    // The scene-level tree holds one entry per instance; the triangles live once.
    #expect(prepared.bvh.order.count == 6)
    let aovs = Renderer().renderAOVs(scene)
    #expect(aovs.visibleBoxes.map(\.id) == [0, 1, 2, 3, 4, 5])
    #expect(aovs.projectedBoxes.map(\.id) == [0, 1, 2, 3, 4, 5])
    // Translated instances look the same: equal box sizes for the two centred-symmetric ones.
    let b1 = aovs.visibleBoxes[1]
    let b4 = aovs.visibleBoxes[4]
    #expect(abs((b1.maxY - b1.minY) - (b4.maxY - b4.minY)) <= 1)
  }

  // MARK: Ray–triangle

  /// A flat square fan: centre vertex 0 and corners 1–4, four triangles. Rays through the
  /// centre vertex or along the shared spokes hit exactly one triangle (the tie rule); rays in
  /// or parallel to the plane hit none.
  @Test func rayThroughSharedEdgeOrVertexHitsExactlyOneTriangle() {
    let fan = RenderMesh(
      vertices: [.zero, Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, 1, 0), Vec3(-1, -1, 0)],
      triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3), SIMD3(0, 3, 4), SIMD3(0, 4, 1)])
    let down = Vec3(0, 0, -1)
    // The centre vertex, from above and below, straight and oblique.
    #expect(hitCount(fan, Vec3(0, 0, 5), down) == 1)
    #expect(hitCount(fan, Vec3(0, 0, -5), -down) == 1)
    #expect(hitCount(fan, Vec3(0.3, 0.2, 1), Vec3(-0.3, -0.2, -1)) == 1)
    #expect(hitCount(fan, Vec3(-0.7, 0.1, -2), Vec3(0.7, -0.1, 2)) == 1)
    // Points on the four spokes (the shared edges), exactly representable.
    for p in [
      Vec3(0.25, 0.25, 0), Vec3(-0.5, 0.5, 0), Vec3(0.125, -0.125, 0), Vec3(-0.375, -0.375, 0),
    ] {
      #expect(hitCount(fan, p + Vec3(0, 0, 3), down) == 1, "\(p)")
      #expect(hitCount(fan, p - Vec3(0, 0, 3), -down) == 1, "\(p)")
      #expect(hitCount(fan, p + Vec3(0.5, 0.25, 2), -Vec3(0.5, 0.25, 2)) == 1, "\(p)")
    }
    // Random points on the spokes from random origins.
    var rng = SeededGenerator(seed: 3)
    let spokes = [Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, 1, 0), Vec3(-1, -1, 0)]
    for i in 0..<2000 {
      let target = rng.nextUnit() * spokes[i % 4]
      let o = Vec3(4 * rng.nextUnit() - 2, 4 * rng.nextUnit() - 2, i % 2 == 0 ? 3 : -3)
      #expect(hitCount(fan, o, target - o) == 1, "ray \(i)")
    }
    // Parallel: in the plane (det = 0) and above it.
    #expect(hitCount(fan, Vec3(-5, 0.1, 0), Vec3(1, 0, 0)) == 0)
    #expect(hitCount(fan, Vec3(-5, -5, 0), Vec3(1, 1, 0)) == 0)
    #expect(hitCount(fan, Vec3(-5, 0, 0.5), Vec3(1, 0, 0)) == 0)
    // Pointing away.
    #expect(hitCount(fan, Vec3(0.2, 0.1, 1), Vec3(0, 0, 1)) == 0)
  }

  /// Watertightness on a closed convex mesh: from an interior point every ray leaves through
  /// exactly one triangle, including rays aimed at vertices and edge midpoints (where two,
  /// five or six triangles meet).
  @Test func raysFromInsideAClosedMeshCrossItExactlyOnce() {
    let ball = icosphere(level: 2)
    let mesh = RenderMesh(vertices: ball.v, triangles: ball.t)
    var targets = ball.v
    for f in ball.t {
      targets.append(0.5 * (ball.v[Int(f.x)] + ball.v[Int(f.y)]))
      targets.append(0.25 * (ball.v[Int(f.y)] + 3 * ball.v[Int(f.z)]))
    }
    for origin in [Vec3.zero, Vec3(0.1, -0.05, 0.2), Vec3(-0.3, 0.25, -0.1)] {
      for (i, p) in targets.enumerated() {
        #expect(hitCount(mesh, origin, p - origin) == 1, "origin \(origin), target \(i)")
      }
    }
  }

  /// The mesh BVH (binned SAH) returns exactly the brute-force nearest triangle: same
  /// distance bits, same triangle.
  @Test func meshBVHHitEqualsBruteForce() {
    let blob = icosphere(level: 3, bump: 0.2)
    let mesh = RenderMesh(vertices: blob.v, triangles: blob.t)
    let s = mesh.storage
    var rng = SeededGenerator(seed: 17)
    var hits = 0
    for i in 0..<3000 {
      let o = Vec3(6 * rng.nextUnit() - 3, 6 * rng.nextUnit() - 3, 6 * rng.nextUnit() - 3)
      // Half the rays aim at a vertex neighbourhood, half anywhere.
      let d =
        i % 2 == 0
        ? blob.v[Int(rng.next() % UInt64(blob.v.count))] * (0.9 + 0.2 * rng.nextUnit()) - o
        : Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
      let ray = WatertightRay(o, d)
      var best = Double.infinity
      var bestK = -1
      for k in 0..<mesh.triangleCount {
        let h = intersectTriangle(s.corners.baseAddress! + 9 * k, ray, best)
        if h.t < best { (best, bestK) = (h.t, k) }
      }
      let hit = s.closestHit(o, d, .infinity)
      #expect(hit.t == (bestK >= 0 ? best : .infinity) && Int(hit.triangle) == bestK, "ray \(i)")
      #expect(s.anyHit(o, d, .infinity) == (bestK >= 0))
      if bestK >= 0 { hits += 1 }
    }
    #expect(hits > 1000)
    #expect(s.depth <= 20)
  }

  /// The scene BVH (SAH) over every shape kind, meshes instanced: closest hit and occlusion
  /// equal brute force over all primitives.
  @Test func sceneBVHWithEveryShapeMatchesBruteForce() {
    var rng = SeededGenerator(seed: 23)
    let blob = icosphere(level: 2, bump: 0.2)
    let meshes = [
      RenderMesh(vertices: blob.v, triangles: blob.t), cubeMesh(Vec3(0.3, 0.5, 0.2)),
    ]
    var objects = [
      RenderObject(id: 999, shape: .plane, transform: Transform(position: Vec3(0, 0, -1)))
    ]
    for i in 0..<150 {
      let pos = Vec3(rng.nextUnit() * 20 - 10, rng.nextUnit() * 20 - 10, rng.nextUnit() * 4)
      let q = Quaternion(axis: Vec3(rng.nextUnit(), rng.nextUnit(), 1), angle: rng.nextUnit() * 3)
      let a = 0.2 + rng.nextUnit()
      let shapes: [RenderShape] = [
        .sphere(radius: a), .box(halfExtents: Vec3(a, 0.3, 0.5)),
        .capsule(radius: 0.3 * a, halfHeight: a), .cylinder(radius: 0.4 * a, halfHeight: a),
        .mesh(meshes[i % 2]),
      ]
      objects.append(
        RenderObject(
          id: Int32(i), shape: shapes[i % 5], transform: Transform(position: pos, rotation: q)))
    }
    let cam = Camera(position: Vec3(0, -30, 10), target: .zero, width: 8, height: 8)
    let prepared = PreparedScene(
      RenderScene(camera: cam, objects: objects, lights: []), shadows: true)
    #expect(prepared.meshes.count == 2)
    prepared.withTracer { tracer in
      let g = tracer.geometry
      var hits = 0
      for i in 0..<3000 {
        let o = Vec3(rng.nextUnit() * 30 - 15, rng.nextUnit() * 30 - 15, rng.nextUnit() * 8)
        let d = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5).normalized
        var best = Double.infinity
        var bestPrim = -1
        for p in 0..<g.prims.count {
          let h = g.intersect(p, o, d, best)
          if h.t < best { (best, bestPrim) = (h.t, p) }
        }
        let hit = tracer.closestHit(o, d, .infinity)
        #expect(hit.prim == bestPrim && hit.t == best, "ray \(i)")
        #expect(tracer.occluded(o, d, .infinity) == (bestPrim >= 0))
        if bestPrim > 0 { hits += 1 }
      }
      #expect(hits > 300)
    }
  }

  // MARK: Shading, shadows and ground truth

  /// A sun from 45° (direction (1, 0, −1)): an object at height z casts its shadow centre z
  /// metres along +x. Seen from straight above, the shadow centre of each new shape shows the
  /// ground lit by the ambient light only, a·L_amb exactly (1e-6: Float storage); a clear
  /// spot adds the sun through the Lambert BRDF, (a/π)·E·cos 45°.
  @Test func newShapesCastShadows() {
    let blob = icosphere(level: 2)
    let shapes: [RenderShape] = [
      .capsule(radius: 0.3, halfHeight: 0.4), .cylinder(radius: 0.35, halfHeight: 0.3),
      .mesh(RenderMesh(vertices: blob.v.map { 0.4 * $0 }, triangles: blob.t)),
    ]
    var objects = [
      RenderObject(
        id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(0.5, 0.5, 0.5), kind: .lambert))
    ]
    for (i, s) in shapes.enumerated() {
      objects.append(
        RenderObject(
          id: Int32(i + 1), shape: s,
          transform: Transform(position: Vec3(-2.5 + 2 * Double(i), 0, 1.2))))
    }
    let cam = Camera(
      position: Vec3(0, 0, 12), target: .zero, up: Vec3(0, 1, 0), width: 160, height: 120)
    let scene = RenderScene(
      camera: cam, objects: objects,
      lights: [
        .sun(direction: Vec3(1, 0, -1), color: Vec3(1, 1, 1), intensity: 2),
        .ambient(color: Vec3(1, 1, 1), intensity: 0.25),
      ])
    let image = Renderer(options: RenderOptions(samplesPerPixel: 1)).render(scene)
    let aovs = Renderer().renderAOVs(scene)
    let lit = 0.5 * 0.25 + 0.5 / Double.pi * 2 * 0.5.squareRoot()
    for i in 0..<shapes.count {
      let shadow = Vec3(-2.5 + 2 * Double(i) + 1.2, 0, 0)
      let clear = Vec3(-2.5 + 2 * Double(i) + 1.2, 2.5, 0)
      for (p, expected) in [(shadow, 0.5 * 0.25), (clear, lit)] {
        guard let px = cam.project(p) else {
          Issue.record("behind the camera")
          continue
        }
        let k = Int(px.y) * 160 + Int(px.x)
        #expect(aovs.instance[k] == 0)
        #expect(isClose(Double(image.pixels[3 * k]), expected, absolute: 1e-6), "shape \(i)")
      }
    }
  }

  /// A smooth-normal icosphere shades like a sphere: its interpolated normal is within 0.01
  /// of the true sphere normal (the level-3 faces are 0.16 rad apart; linear interpolation of
  /// the vertex normals errs far less), while the flat normals deviate by up to half a face
  /// angle.
  @Test func smoothNormalsInterpolateVertexNormals() {
    let ball = icosphere(level: 3)
    let smooth = RenderMesh(vertices: ball.v, triangles: ball.t, normals: ball.v)
    let flat = RenderMesh(vertices: ball.v, triangles: ball.t)
    let cam = Camera(position: Vec3(0, -5, 0.5), target: .zero, width: 64, height: 48)
    func normals(_ m: RenderMesh) -> AOVs {
      Renderer().renderAOVs(
        RenderScene(camera: cam, objects: [RenderObject(id: 1, shape: .mesh(m))], lights: []))
    }
    let a = normals(smooth)
    let b = normals(flat)
    var worstSmooth = 0.0
    var worstFlat = 0.0
    var count = 0
    for i in 0..<(64 * 48) where a.instance[i] == 1 {
      let ray = cam.ray(x: Double(i % 64) + 0.5, y: Double(i / 64) + 0.5)
      // Depth is along the optical axis; the hit is on the mesh, within 1.3% of the unit
      // sphere (level 3), whose normal there is the hit's direction.
      let t = Double(a.depth[i]) / ray.direction.dot(cam.frame.forward)
      let hit = ray.origin + t * ray.direction
      let truth = hit.normalized
      worstSmooth = max(worstSmooth, (vec(a.normal, i) - truth).length)
      worstFlat = max(worstFlat, (vec(b.normal, i) - truth).length)
      count += 1
    }
    #expect(count > 300)
    #expect(worstSmooth < 0.01)
    #expect(worstFlat > 0.04)
  }

  /// A mesh's projected box is the pixel range of its projected vertices.
  @Test func meshProjectedBoxIsTheProjectionOfItsVertices() throws {
    let blob = icosphere(level: 2, bump: 0.3)
    let mesh = RenderMesh(vertices: blob.v, triangles: blob.t)
    let t = Transform(
      position: Vec3(0.4, 0.3, -0.2), rotation: Quaternion(axis: Vec3(1, 2, 3).normalized, angle: 1)
    )
    let cam = Camera(position: Vec3(1, -6, 2), target: .zero, width: 120, height: 90)
    let aovs = Renderer().renderAOVs(
      RenderScene(
        camera: cam, objects: [RenderObject(id: 6, shape: .mesh(mesh), transform: t)], lights: []))
    var lo = SIMD2<Double>(repeating: .infinity)
    var hi = SIMD2<Double>(repeating: -.infinity)
    for v in blob.v {
      let p = try #require(cam.project(t.apply(v)))
      (lo, hi) = (pointwiseMin(lo, p), pointwiseMax(hi, p))
    }
    let proj = try #require(aovs.projectedBoxes.first)
    #expect(
      proj
        == PixelBox(
          id: 6, minX: Int32(lo.x.rounded(.down)), minY: Int32(lo.y.rounded(.down)),
          maxX: Int32(hi.x.rounded(.up)) - 1, maxY: Int32(hi.y.rounded(.up)) - 1))
    let vis = try #require(aovs.visibleBoxes.first)
    #expect(proj.contains(vis))

    // A floor quad reaching behind the camera: clipped at the camera plane, still containing
    // everything visible.
    let quad = RenderMesh(
      vertices: [Vec3(-50, -50, 0), Vec3(50, -50, 0), Vec3(50, 50, 0), Vec3(-50, 50, 0)],
      triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3)])
    let floor = Renderer().renderAOVs(
      RenderScene(camera: cam, objects: [RenderObject(id: 2, shape: .mesh(quad))], lights: []))
    let fp = try #require(floor.projectedBoxes.first)
    let fv = try #require(floor.visibleBoxes.first)
    #expect(fp.contains(fv))
    #expect(fv.minX == 0 && fv.maxX == 119 && fv.maxY == 89)
  }

  /// Flow is carried rigidly for every shape: a mesh cube and the analytic box moving alike
  /// give the same flow where both are seen (1e-5 px: the two surfaces' hit points differ by
  /// ulps, flow is stored as Float).
  @Test func meshFlowMatchesAnalyticBoxFlow() {
    let h = Vec3(0.6, 0.4, 0.5)
    let cam = Camera(position: Vec3(1, -6, 2), target: .zero, width: 80, height: 60)
    let t = Transform(rotation: Quaternion(axis: Vec3(0, 0, 1), angle: 0.4))
    let next = [
      Transform(
        position: Vec3(0.05, 0.02, -0.03),
        rotation: Quaternion(axis: Vec3(0.2, 0, 1).normalized, angle: 0.45))
    ]
    func flow(_ s: RenderShape) -> AOVs {
      Renderer().renderAOVs(
        RenderScene(
          camera: cam, objects: [RenderObject(id: 1, shape: s, transform: t)], lights: []),
        nextTransforms: next)
    }
    let a = flow(.box(halfExtents: h))
    let b = flow(.mesh(cubeMesh(h)))
    var compared = 0
    for i in 0..<(80 * 60) where a.instance[i] == 1 && b.instance[i] == 1 {
      for c in 0..<2 {
        #expect(abs(Double((a.flow?[2 * i + c] ?? 0) - (b.flow?[2 * i + c] ?? 1))) < 1e-5)
      }
      compared += 1
    }
    #expect(compared > 200)
  }

  @Test func meshScenesAreIdenticalForOneAndTwoThreads() {
    let blob = icosphere(level: 3, bump: 0.15)
    let mesh = RenderMesh(vertices: blob.v, triangles: blob.t, normals: blob.v)
    var objects = [
      RenderObject(id: 0, shape: .plane, transform: Transform(position: Vec3(0, 0, -1.2)))
    ]
    for i in 0..<5 {
      objects.append(
        RenderObject(
          id: Int32(i + 1), shape: i == 4 ? .capsule(radius: 0.3, halfHeight: 0.5) : .mesh(mesh),
          transform: Transform(
            position: Vec3(2.2 * Double(i) - 4.4, 0, 0),
            rotation: Quaternion(axis: Vec3(1, 1, 1).normalized, angle: Double(i)))))
    }
    let scene = RenderScene(
      camera: Camera(position: Vec3(0, -9, 3), target: .zero, width: 97, height: 61),
      objects: objects,
      lights: [
        .sun(direction: Vec3(0.3, 0.5, -1), color: Vec3(1, 1, 1), intensity: 3),
        .ambient(color: Vec3(0.3, 0.35, 0.4), intensity: 1),
      ])
    let one = Renderer(options: RenderOptions(samplesPerPixel: 2, threads: 1))
    let two = Renderer(options: RenderOptions(samplesPerPixel: 2, threads: 2))
    #expect(
      one.render(scene).pixels.map(\.bitPattern) == two.render(scene).pixels.map(\.bitPattern))
    let a = one.renderAOVs(scene)
    let b = two.renderAOVs(scene)
    #expect(a == b)
    #expect(a.visibleBoxes.count == 6)
  }

  /// A mesh without triangles is valid and invisible: no hit, no box.
  @Test func emptyMeshDrawsNothing() {
    let empty = RenderMesh(vertices: [Vec3(1, 2, 3)], triangles: [])
    let cam = Camera(position: Vec3(0, -5, 0), target: .zero, width: 16, height: 12)
    let scene = RenderScene(
      camera: cam, objects: [RenderObject(id: 1, shape: .mesh(empty))],
      lights: [.sun(direction: Vec3(0, 0, -1), color: Vec3(1, 1, 1), intensity: 1)])
    let aovs = Renderer().renderAOVs(scene)
    #expect(aovs.instance.allSatisfy { $0 == AOVs.skyInstance })
    #expect(aovs.projectedBoxes.isEmpty && aovs.visibleBoxes.isEmpty)
    #expect(Renderer().render(scene).pixels.count == 16 * 12 * 3)
  }

  @Test func badMeshInputIsCallerMisuse() async {
    await #expect(processExitsWith: .failure) {
      _ = RenderMesh(vertices: [.zero, Vec3(1, 0, 0)], triangles: [SIMD3(0, 1, 2)])
    }
    await #expect(processExitsWith: .failure) {
      _ = RenderMesh(
        vertices: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0)], triangles: [SIMD3(0, 1, 2)],
        normals: [Vec3(0, 0, 1)])
    }
  }
}
