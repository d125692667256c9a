import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaRender

/// Nearest-root distance along unit `d` from `o` to the sphere (c, r), or nil on a miss.
private func sphereHit(_ o: Vec3, _ d: Vec3, _ c: Vec3, _ r: Double) -> Double? {
  let oc = o - c
  let b = oc.dot(d)
  let disc = b * b - (oc.dot(oc) - r * r)
  guard disc >= 0 else { return nil }
  let t = -b - disc.squareRoot()
  return t > 0 ? t : nil
}

/// The sphere's silhouette extent (continuous pixels), from 20 000 points on its rim circle:
/// the points p with (p − eye)·(p − c) = 0 form a circle around c − (r²/D²)(c − eye) of radius
/// r √(1 − r²/D²), D = |c − eye|, in the plane normal to c − eye. Sampling error of the extent
/// is at most R(1 − cos(π/20 000)) ≈ 1e-8·R for a rim of R pixels.
private func silhouetteExtent(_ cam: Camera, _ c: Vec3, _ r: Double)
  -> (lo: SIMD2<Double>, hi: SIMD2<Double>)
{
  let axis = c - cam.position
  let d2 = axis.dot(axis)
  let centre = c - (r * r / d2) * axis
  let rho = r * (1 - r * r / d2).squareRoot()
  let u = axis.anyOrthogonal
  let v = axis.normalized.cross(u)
  var lo = SIMD2<Double>(repeating: .infinity)
  var hi = SIMD2<Double>(repeating: -.infinity)
  for k in 0..<20_000 {
    let a = 2 * Double.pi * Double(k) / 20_000
    guard let p = cam.project(centre + rho * (cos(a) * u + sin(a) * v)) else { continue }
    lo = pointwiseMin(lo, p)
    hi = pointwiseMax(hi, p)
  }
  return (lo, hi)
}

private func box(_ boxes: [PixelBox], _ id: Int32) -> PixelBox? {
  boxes.first { $0.id == id }
}

/// A scene like the demo's: a ground plane and 49 spheres and boxes scattered over it, seen
/// from above and to the side, lit by a sun with shadows.
private func demoLikeScene(width: Int, height: Int) -> RenderScene {
  var rng = SeededGenerator(seed: 11)
  var objects = [RenderObject(id: 0, shape: .plane)]
  for i in 1..<50 {
    let pos = Vec3(rng.nextUnit() * 8 - 4, rng.nextUnit() * 8 - 4, 0.3 + rng.nextUnit() * 1.5)
    let q = Quaternion(axis: Vec3(rng.nextUnit(), rng.nextUnit(), 1), angle: rng.nextUnit() * 3)
    let shape: RenderShape =
      i % 2 == 0
      ? .sphere(radius: 0.2 + 0.3 * rng.nextUnit())
      : .box(halfExtents: Vec3(0.2 + 0.3 * rng.nextUnit(), 0.3, 0.2 + 0.3 * rng.nextUnit()))
    objects.append(
      RenderObject(id: Int32(i), shape: shape, transform: Transform(position: pos, rotation: q)))
  }
  let cam = Camera(
    position: Vec3(0, -10, 5), target: Vec3(0, 0, 0.5), width: width, height: height)
  return RenderScene(
    camera: cam, objects: objects,
    lights: [
      .sun(direction: Vec3(0.3, 0.5, -1), color: Vec3(1, 1, 1), intensity: 3),
      .ambient(color: Vec3(0.3, 0.35, 0.4), intensity: 1),
    ])
}

@Suite("Ground-truth AOVs")
struct AOVTests {
  /// Float storage rounds a value of magnitude ≤ 16 by at most 2⁻²⁰ ≈ 1e-6 relative to 1;
  /// depth is computed in Double (error ~1e-15) and stored as Float (relative 2⁻²⁴ ≈ 6e-8).
  @Test func depthOfPlaneFacingCameraIsItsDistanceEverywhere() {
    // The local z = 0 plane turned 90° about x: its normal (0, −1, 0) faces the camera, 5 m away.
    let q = Quaternion(axis: Vec3(1, 0, 0), angle: .pi / 2)
    let cam = Camera(position: Vec3(0, -5, 0), target: .zero, width: 40, height: 30)
    let scene = RenderScene(
      camera: cam,
      objects: [RenderObject(id: 7, shape: .plane, transform: Transform(rotation: q))],
      lights: [])
    let aovs = Renderer(options: RenderOptions(threads: 2)).renderAOVs(scene)
    #expect(aovs.depth.count == 40 * 30)
    for i in 0..<aovs.depth.count {
      #expect(isClose(Double(aovs.depth[i]), 5, relative: 1e-6), "pixel \(i)")
      #expect(aovs.instance[i] == 7)
      let n = Vec3(
        Double(aovs.normal[3 * i]), Double(aovs.normal[3 * i + 1]),
        Double(aovs.normal[3 * i + 2]))
      #expect(isClose(n, Vec3(0, -1, 0), absolute: 1e-7))
    }
    #expect(aovs.flow == nil)
    #expect(aovs.visibleBoxes == [PixelBox(id: 7, minX: 0, minY: 0, maxX: 39, maxY: 29)])
    #expect(aovs.projectedBoxes.isEmpty)
  }

  /// Normals are stored as Float: each unit component is rounded by at most 2⁻²⁵ ≈ 3e-8, so
  /// 1e-7 absolute is the Double-exact answer after storage (1e-9 is below Float resolution).
  @Test func sphereDepthAndNormalsMatchAnalyticIntersection() {
    let c = Vec3(0.3, 0, -0.2)
    let r = 1.0
    // 65 columns: pixel 32's centre is the image centre, so its ray is the optical axis.
    let cam = Camera(position: Vec3(0, -10, 0), target: .zero, width: 65, height: 49)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(id: 3, shape: .sphere(radius: r), transform: Transform(position: c))
      ],
      lights: [])
    let aovs = Renderer(options: RenderOptions(threads: 2)).renderAOVs(scene)
    // Depth at the centre pixel of a sphere centred on the axis: distance − radius.
    let centred = RenderScene(
      camera: cam, objects: [RenderObject(id: 3, shape: .sphere(radius: r))], lights: [])
    let a0 = Renderer().renderAOVs(centred)
    #expect(isClose(Double(a0.depth[24 * 65 + 32]), 10 - r, relative: 1e-6))
    let forward = Vec3(0, 1, 0)
    var hits = 0
    for y in 0..<49 {
      for x in 0..<65 {
        let i = y * 65 + x
        let ray = cam.ray(x: Double(x) + 0.5, y: Double(y) + 0.5)
        guard let t = sphereHit(ray.origin, ray.direction, c, r) else {
          #expect(aovs.instance[i] == AOVs.skyInstance)
          #expect(aovs.depth[i] == .infinity)
          #expect(aovs.normal[3 * i] == 0 && aovs.normal[3 * i + 1] == 0)
          continue
        }
        hits += 1
        #expect(aovs.instance[i] == 3)
        let n = (ray.origin + t * ray.direction - c) / r
        let got = Vec3(
          Double(aovs.normal[3 * i]), Double(aovs.normal[3 * i + 1]),
          Double(aovs.normal[3 * i + 2]))
        #expect(isClose(got, n, absolute: 1e-7), "pixel (\(x), \(y))")
        let z = t * ray.direction.dot(forward)
        #expect(isClose(Double(aovs.depth[i]), z, relative: 1e-6), "pixel (\(x), \(y))")
      }
    }
    #expect(hits > 100)
  }

  /// The face-on front face of a box is its whole silhouette (the side faces are edge-on), so a
  /// pixel shows the box exactly when its centre is inside the projection of the face.
  @Test func instanceIDsCoverExactlyTheProjectedFaceOfABox() throws {
    let h = Vec3(1.03, 0.5, 0.61)
    let cam = Camera(position: Vec3(0, -10, 0), target: .zero, width: 80, height: 60)
    let scene = RenderScene(
      camera: cam, objects: [RenderObject(id: 42, shape: .box(halfExtents: h))], lights: [])
    let aovs = Renderer(options: RenderOptions(threads: 2)).renderAOVs(scene)
    let lo = try #require(cam.project(Vec3(-h.x, -h.y, h.z)))
    let hi = try #require(cam.project(Vec3(h.x, -h.y, -h.z)))
    var inside = 0
    for y in 0..<60 {
      for x in 0..<80 {
        let p = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
        let margin = min(
          abs(p.x - lo.x), abs(p.x - hi.x), abs(p.y - lo.y), abs(p.y - hi.y))
        #expect(margin > 1e-3, "pixel centre on the face's edge makes the test ambiguous")
        let expected = p.x > lo.x && p.x < hi.x && p.y > lo.y && p.y < hi.y
        if expected { inside += 1 }
        #expect(
          (aovs.instance[y * 80 + x] == 42) == expected, "pixel (\(x), \(y))")
      }
    }
    #expect(inside > 100)
    let vis = try #require(box(aovs.visibleBoxes, 42))
    let proj = try #require(box(aovs.projectedBoxes, 42))
    // Projected: the pixels the continuous box [lo, hi] overlaps; the back face projects
    // inside the front one.
    #expect(
      proj
        == PixelBox(
          id: 42, minX: Int32(lo.x.rounded(.down)), minY: Int32(lo.y.rounded(.down)),
          maxX: Int32(hi.x.rounded(.up)) - 1, maxY: Int32(hi.y.rounded(.up)) - 1))
    #expect(proj.contains(vis))
  }

  @Test func visibleBoxOfUnoccludedSphereMatchesItsSilhouette() throws {
    let c = Vec3(0.7, 1, 0.4)
    let r = 0.8
    let cam = Camera(position: Vec3(-1, -8, 2), target: .zero, width: 160, height: 90)
    let scene = RenderScene(
      camera: cam,
      objects: [RenderObject(id: 5, shape: .sphere(radius: r), transform: Transform(position: c))],
      lights: [])
    let aovs = Renderer(options: RenderOptions(threads: 2)).renderAOVs(scene)
    let e = silhouetteExtent(cam, c, r)
    let vis = try #require(box(aovs.visibleBoxes, 5))
    // Visible pixels are those whose centre is inside: columns ceil(lo − ½) ... floor(hi − ½).
    // Within 1 pixel: the extreme column or row of the silhouette need not hold a pixel centre.
    #expect(abs(Double(vis.minX) - (e.lo.x - 0.5).rounded(.up)) <= 1)
    #expect(abs(Double(vis.maxX) - (e.hi.x - 0.5).rounded(.down)) <= 1)
    #expect(abs(Double(vis.minY) - (e.lo.y - 0.5).rounded(.up)) <= 1)
    #expect(abs(Double(vis.maxY) - (e.hi.y - 0.5).rounded(.down)) <= 1)
    // The projected box is the exact silhouette's: the pixels it overlaps.
    let proj = try #require(box(aovs.projectedBoxes, 5))
    #expect(proj.minX == Int32(e.lo.x.rounded(.down)))
    #expect(proj.maxX == Int32(e.hi.x.rounded(.up)) - 1)
    #expect(proj.minY == Int32(e.lo.y.rounded(.down)))
    #expect(proj.maxY == Int32(e.hi.y.rounded(.up)) - 1)
    #expect(proj.contains(vis))
  }

  @Test func occludedObjectKeepsProjectedBoxButVisibleBoxShrinks() throws {
    let cam = Camera(position: Vec3(0, -10, 0), target: .zero, width: 120, height: 80)
    let back = RenderObject(id: 1, shape: .sphere(radius: 1), transform: Transform(position: .zero))
    // A box in front covering the sphere's left half.
    let front = RenderObject(
      id: 2, shape: .box(halfExtents: Vec3(1, 0.1, 2)),
      transform: Transform(position: Vec3(-1.2, -3, 0)))
    let alone = Renderer().renderAOVs(RenderScene(camera: cam, objects: [back], lights: []))
    let both = Renderer().renderAOVs(RenderScene(camera: cam, objects: [back, front], lights: []))
    let v0 = try #require(box(alone.visibleBoxes, 1))
    let v1 = try #require(box(both.visibleBoxes, 1))
    let p0 = try #require(box(alone.projectedBoxes, 1))
    let p1 = try #require(box(both.projectedBoxes, 1))
    #expect(p0 == p1)
    #expect(v0.contains(v1))
    #expect(v1.minX > v0.minX + 5)
    #expect(v1.maxX == v0.maxX && v1.minY == v0.minY && v1.maxY == v0.maxY)
    #expect(p1.contains(v1))
    let vFront = try #require(box(both.visibleBoxes, 2))
    let pFront = try #require(box(both.projectedBoxes, 2))
    #expect(pFront.contains(vFront))
    // Sorted by id.
    #expect(both.visibleBoxes.map(\.id) == [1, 2])
  }

  @Test func boxesMergeObjectsSharingAnIDAndDropOffscreenOnes() throws {
    let cam = Camera(position: Vec3(0, -10, 0), target: .zero, width: 100, height: 60)
    let objects = [
      RenderObject(
        id: 9, shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(2, 0, 0))),
      RenderObject(id: 4, shape: .sphere(radius: 0.5), transform: Transform(position: .zero)),
      RenderObject(
        id: 9, shape: .sphere(radius: 0.5), transform: Transform(position: Vec3(-2, 0, 0))),
      // Behind the camera: neither box.
      RenderObject(
        id: 1, shape: .box(halfExtents: Vec3(1, 1, 1)),
        transform: Transform(position: Vec3(0, -20, 0))),
    ]
    let aovs = Renderer().renderAOVs(RenderScene(camera: cam, objects: objects, lights: []))
    #expect(aovs.visibleBoxes.map(\.id) == [4, 9])
    #expect(aovs.projectedBoxes.map(\.id) == [4, 9])
    let v9 = try #require(box(aovs.visibleBoxes, 9))
    let v4 = try #require(box(aovs.visibleBoxes, 4))
    #expect(v9.minX < v4.minX && v9.maxX > v4.maxX)
  }

  @Test func cameraInsideABoxProjectsToTheWholeImage() throws {
    let cam = Camera(position: Vec3(0, 0, 0), target: Vec3(0, 1, 0), width: 32, height: 24)
    let room = RenderObject(id: 3, shape: .box(halfExtents: Vec3(5, 5, 5)))
    let aovs = Renderer().renderAOVs(RenderScene(camera: cam, objects: [room], lights: []))
    let full = PixelBox(id: 3, minX: 0, minY: 0, maxX: 31, maxY: 23)
    #expect(aovs.visibleBoxes == [full])
    #expect(aovs.projectedBoxes == [full])
    // The far wall is 5 m ahead along the axis.
    #expect(isClose(Double(aovs.depth[12 * 32 + 16]), 5, relative: 1e-6))
  }

  @Test func buffersAreIdenticalForOneAndTwoThreads() {
    let scene = demoLikeScene(width: 97, height: 61)
    var next = scene.objects.map(\.transform)
    for k in next.indices { next[k].position += Vec3(0.01 * Double(k % 3), 0.02, -0.01) }
    let a = Renderer(options: RenderOptions(threads: 1)).renderAOVs(scene, nextTransforms: next)
    let b = Renderer(options: RenderOptions(threads: 2)).renderAOVs(scene, nextTransforms: next)
    #expect(a.depth == b.depth)
    #expect(a.normal == b.normal)
    #expect(a.instance == b.instance)
    #expect(a.visibleBoxes == b.visibleBoxes)
    #expect(a.projectedBoxes == b.projectedBoxes)
    #expect(a.flow?.map(\.bitPattern) == b.flow?.map(\.bitPattern))
    #expect(a.visibleBoxes.count > 30)
    // Every visible box lies inside its projected box (planes have none).
    for v in a.visibleBoxes where v.id != 0 {
      #expect(box(a.projectedBoxes, v.id)?.contains(v) == true, "id \(v.id)")
    }
  }

  /// Flow is computed in Double and stored as Float: a displacement below 8 px is rounded by
  /// at most 2⁻²² ≈ 2.4e-7 px, so 1e-6 px holds.
  @Test func flowOfTranslatingSphereIsTheAnalyticPixelDisplacement() {
    let c = Vec3(0, 0, 0)
    let r = 1.0
    let delta = Vec3(0.03, 0.05, -0.02)
    let cam = Camera(position: Vec3(0.5, -8, 1), target: .zero, width: 64, height: 48)
    let scene = RenderScene(
      camera: cam,
      objects: [
        RenderObject(id: 1, shape: .sphere(radius: r), transform: Transform(position: c)),
        RenderObject(id: 0, shape: .plane, transform: Transform(position: Vec3(0, 0, -1))),
      ],
      lights: [])
    let next = [Transform(position: c + delta), Transform(position: Vec3(0, 0, -1))]
    let aovs = Renderer(options: RenderOptions(threads: 2)).renderAOVs(scene, nextTransforms: next)
    var checked = 0
    for y in 0..<48 {
      for x in 0..<64 {
        let i = y * 64 + x
        let f = SIMD2(Double(aovs.flow?[2 * i] ?? .nan), Double(aovs.flow?[2 * i + 1] ?? .nan))
        let centre = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
        let ray = cam.ray(x: centre.x, y: centre.y)
        if let t = sphereHit(ray.origin, ray.direction, c, r) {
          guard let moved = cam.project(ray.origin + t * ray.direction + delta) else {
            Issue.record("moved point behind the camera")
            continue
          }
          let expected = moved - centre
          #expect(abs(f.x - expected.x) <= 1e-6 && abs(f.y - expected.y) <= 1e-6, "(\(x), \(y))")
          checked += 1
        } else if aovs.instance[i] == 0 {
          // The static ground does not move.
          #expect(abs(f.x) <= 1e-6 && abs(f.y) <= 1e-6, "(\(x), \(y))")
        }
      }
    }
    #expect(checked > 150)
  }

  /// A camera that only turns moves the sky like a direction at infinity: the next camera's
  /// projection of `position + d` (same position), minus the pixel centre.
  @Test func skyFlowFollowsCameraRotation() {
    let cam = Camera(position: Vec3(0, 0, 1), target: Vec3(0, 10, 1), width: 40, height: 30)
    var turned = cam
    turned.target = Vec3(0.3, 10, 1.2)
    let scene = RenderScene(camera: cam, objects: [], lights: [])
    let aovs = Renderer().renderAOVs(scene, nextCamera: turned)
    for y in stride(from: 0, to: 30, by: 3) {
      for x in stride(from: 0, to: 40, by: 3) {
        let i = y * 40 + x
        let centre = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
        let d = cam.ray(x: centre.x, y: centre.y).direction
        guard let p = turned.project(cam.position + d), let flow = aovs.flow else {
          Issue.record("no flow")
          continue
        }
        #expect(abs(Double(flow[2 * i]) - (p.x - centre.x)) <= 1e-5)
        #expect(abs(Double(flow[2 * i + 1]) - (p.y - centre.y)) <= 1e-5)
      }
    }
  }

  @Test func mismatchedNextTransformsAreCallerMisuse() async {
    await #expect(processExitsWith: .failure) {
      let cam = Camera(position: Vec3(0, -5, 0), target: .zero, width: 4, height: 4)
      let scene = RenderScene(
        camera: cam, objects: [RenderObject(id: 1, shape: .sphere(radius: 1))], lights: [])
      _ = Renderer().renderAOVs(scene, nextTransforms: [])
    }
  }

  /// Release build, 2 threads, 640×360, 50 objects: the AOV pass (one ray per pixel, no
  /// shading or shadows) against a 4-spp colour render with shadows. Target ≤ 20%; the check
  /// allows 40% so a busy machine does not fail it.
  @Test func aovPassCostsAFractionOfAColourRender() {
    let scene = demoLikeScene(width: 640, height: 360)
    let renderer = Renderer(options: RenderOptions(samplesPerPixel: 4, threads: 2))
    func best(_ body: () -> Void) -> Double {
      var t = Double.infinity
      for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        t = min(t, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
      }
      return t
    }
    var sink = 0.0
    let colour = best { sink += Double(renderer.render(scene).pixels[0]) }
    let aov = best { sink += Double(renderer.renderAOVs(scene).depth[0]) }
    let next = scene.objects.map { o in
      Transform(position: o.transform.position + Vec3(0.01, 0, 0), rotation: o.transform.rotation)
    }
    let withFlow = best {
      sink += Double(renderer.renderAOVs(scene, nextTransforms: next).flow?[0] ?? 0)
    }
    print(
      "AOV pass 640x360, 50 objects: \(aov) ms (with flow \(withFlow) ms); 4-spp colour "
        + "\(colour) ms; ratio \(aov / colour) [sink \(sink.isNaN)]")
    #expect(aov <= 0.4 * colour)
  }
}
