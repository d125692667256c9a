import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaRender

@Suite("Ray–shape intersection")
struct IntersectionTests {
  private func prim(_ shape: RenderShape, _ t: Transform = .identity) -> Primitive {
    Primitive(RenderObject(id: 0, shape: shape, transform: t), index: 0)
  }

  @Test func sphereHitsAtAnalyticDistanceAndNormal() {
    // Centre (1, 2, 3), r = 1.5; a ray from 5 m below along +z enters at z = 3 − 1.5.
    let s = prim(.sphere(radius: 1.5), Transform(position: Vec3(1, 2, 3)))
    let o = Vec3(1, 2, -2)
    let t = s.intersect(o, Vec3(0, 0, 1), .infinity)
    #expect(isClose(t, 3.5, relative: 1e-12))
    #expect(isClose(s.normal(at: o + t * Vec3(0, 0, 1)), Vec3(0, 0, -1), absolute: 1e-12))
    // Off-axis by b = 0.9: chord half-length √(r² − b²) = 1.2, so t = 5 − 1.2.
    let t2 = s.intersect(Vec3(1.9, 2, -2), Vec3(0, 0, 1), .infinity)
    #expect(isClose(t2, 3.8, relative: 1e-12))
    // From inside (the centre) the exit is at t = r.
    #expect(isClose(s.intersect(Vec3(1, 2, 3), Vec3(1, 0, 0), .infinity), 1.5, relative: 1e-12))
    // A ray passing 1.6 m from the centre misses; a hit beyond tMax is not reported.
    #expect(s.intersect(Vec3(2.6, 2, -2), Vec3(0, 0, 1), .infinity) == .infinity)
    #expect(s.intersect(o, Vec3(0, 0, 1), 3) == .infinity)
  }

  @Test func rotatedBoxHitsAtAnalyticDistanceAndNormal() {
    // Half extents (1, 2, 3) turned 90° about z: the world x extent is 2, y extent 1.
    let q = Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 2)
    let b = prim(.box(halfExtents: Vec3(1, 2, 3)), Transform(position: Vec3(0, 0, 1), rotation: q))
    let t = b.intersect(Vec3(-10, 0, 1), Vec3(1, 0, 0), .infinity)
    #expect(isClose(t, 8, relative: 1e-12))
    #expect(isClose(b.normal(at: Vec3(-2, 0, 1)), Vec3(-1, 0, 0), absolute: 1e-12))
    let ty = b.intersect(Vec3(0.5, 10, 1), Vec3(0, -1, 0), .infinity)
    #expect(isClose(ty, 9, relative: 1e-12))
    #expect(isClose(b.normal(at: Vec3(0.5, 1, 1)), Vec3(0, 1, 0), absolute: 1e-12))
    // Top face at z = 1 + 3; from inside the exit along +z is at 3.
    #expect(isClose(b.intersect(Vec3(0, 0, 10), Vec3(0, 0, -1), .infinity), 6, relative: 1e-12))
    #expect(isClose(b.intersect(Vec3(0, 0, 1), Vec3(0, 0, 1), .infinity), 3, relative: 1e-12))
    // Diagonal ray through the box's corner region: misses just outside the x extent.
    #expect(b.intersect(Vec3(-10, 1.01, 1), Vec3(1, 0, 0), .infinity) == .infinity)
  }

  @Test func planeHitAndTwoSidedShading() {
    let p = prim(.plane, Transform(position: Vec3(0, 0, 1)))
    let d = Vec3(1, 0, -1).normalized
    #expect(
      isClose(p.intersect(Vec3(0, 0, 6), d, .infinity), 5 * 2.0.squareRoot(), relative: 1e-12))
    #expect(p.intersect(Vec3(0, 0, 6), Vec3(1, 0, 0), .infinity) == .infinity)
    #expect(p.intersect(Vec3(0, 0, 6), Vec3(0, 0, 1), .infinity) == .infinity)
  }

  @Test func bvhClosestHitMatchesBruteForce() {
    var rng = SeededGenerator(seed: 7)
    var objects: [RenderObject] = []
    for i in 0..<100 {
      let pos = Vec3(rng.nextUnit() * 20 - 10, rng.nextUnit() * 20 - 10, rng.nextUnit() * 4)
      let q = Quaternion(axis: Vec3(rng.nextUnit(), rng.nextUnit(), 1), angle: rng.nextUnit() * 3)
      let shape: RenderShape =
        i % 2 == 0
        ? .sphere(radius: 0.2 + rng.nextUnit())
        : .box(halfExtents: Vec3(0.2 + rng.nextUnit(), 0.3, 0.2 + rng.nextUnit()))
      objects.append(
        RenderObject(id: Int32(i), shape: shape, transform: Transform(position: pos, rotation: q)))
    }
    objects.append(RenderObject(id: 100, shape: .plane))
    let cam = Camera(position: Vec3(0, -30, 10), target: .zero, width: 8, height: 8)
    let prepared = PreparedScene(
      RenderScene(camera: cam, objects: objects, lights: []), shadows: true)
    #expect(prepared.bvh.depth <= 8)
    prepared.withTracer { tracer in
      for _ in 0..<2000 {
        let o = Vec3(rng.nextUnit() * 30 - 15, rng.nextUnit() * 30 - 15, rng.nextUnit() * 8)
        let d = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5).normalized
        var best = Double.infinity
        var bestPrim = -1
        for (i, p) in prepared.primitives.enumerated() {
          let t = p.intersect(o, d, best)
          if t < best { (best, bestPrim) = (t, i) }
        }
        let hit = tracer.closestHit(o, d, .infinity)
        #expect(hit.prim == bestPrim && hit.t == best)
        #expect(tracer.occluded(o, d, .infinity) == (bestPrim >= 0))
      }
    }
  }
}
