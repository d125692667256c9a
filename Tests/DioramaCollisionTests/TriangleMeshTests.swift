import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Triangle meshes: the bounding-volume hierarchy against brute force, normals, active edges.

/// A flat grid of nx × ny square cells of side `cell` (m) centred on the origin at height
/// z(x, y), each cell split along its (0,0)–(1,1) diagonal, counter-clockwise from above.
func gridMesh(
  nx: Int, ny: Int, cell: Double, z: (Double, Double) -> Double = { _, _ in 0 }
) -> TriangleMesh {
  var vertices: [Vec3] = []
  for j in 0...ny {
    for i in 0...nx {
      let x = (Double(i) - 0.5 * Double(nx)) * cell
      let y = (Double(j) - 0.5 * Double(ny)) * cell
      vertices.append(Vec3(x, y, z(x, y)))
    }
  }
  var triangles: [SIMD3<Int32>] = []
  for j in 0..<ny {
    for i in 0..<nx {
      let a = Int32(j * (nx + 1) + i)
      let b = a + 1
      let c = a + Int32(nx + 1)
      let d = c + 1
      triangles.append(SIMD3(a, b, d))
      triangles.append(SIMD3(a, d, c))
    }
  }
  return TriangleMesh(vertices: vertices, triangles: triangles)
}

/// `count` random triangles of size up to `size` (m) in the cube ±`extent`.
func randomSoup(count: Int, extent: Double, size: Double, rng: inout SeededGenerator)
  -> TriangleMesh
{
  var vertices: [Vec3] = []
  var triangles: [SIMD3<Int32>] = []
  func uniform(_ rng: inout SeededGenerator) -> Double { 2 * rng.nextUnit() - 1 }
  for t in 0..<count {
    let c = extent * Vec3(uniform(&rng), uniform(&rng), uniform(&rng))
    for _ in 0..<3 {
      vertices.append(c + size * Vec3(uniform(&rng), uniform(&rng), uniform(&rng)))
    }
    triangles.append(SIMD3(Int32(3 * t), Int32(3 * t + 1), Int32(3 * t + 2)))
  }
  return TriangleMesh(vertices: vertices, triangles: triangles)
}

/// Triangles whose bounding boxes overlap `box`, by checking each one.
func bruteForceOverlaps(_ mesh: TriangleMesh, _ box: AABB) -> [Int] {
  mesh.triangles.indices.filter { i in
    let t = mesh.triangles[i]
    let a = mesh.vertices[Int(t.x)]
    let b = mesh.vertices[Int(t.y)]
    let c = mesh.vertices[Int(t.z)]
    return AABB(min: pointwiseMin(a, pointwiseMin(b, c)), max: pointwiseMax(a, pointwiseMax(b, c)))
      .overlaps(box)
  }
}

func randomBox(extent: Double, size: Double, rng: inout SeededGenerator) -> AABB {
  let c = extent * Vec3(2 * rng.nextUnit() - 1, 2 * rng.nextUnit() - 1, 2 * rng.nextUnit() - 1)
  let h = size * Vec3(rng.nextUnit(), rng.nextUnit(), rng.nextUnit())
  return AABB(min: c - h, max: c + h)
}

// Exact: the query and brute force apply the same Double box test per triangle, and the
// hierarchy's Float bounds are rounded outwards, so they can only add candidates, never lose one.
@Test func hierarchyQueryEqualsBruteForceOnRandomSoup() {
  var rng = SeededGenerator(seed: 7)
  let mesh = randomSoup(count: 3000, extent: 10, size: 0.8, rng: &rng)
  var nonEmpty = 0
  for _ in 0..<300 {
    let box = randomBox(extent: 10, size: 2, rng: &rng)
    var found: [Int] = []
    mesh.forEachTriangle(overlapping: box) { found.append($0) }
    let expected = bruteForceOverlaps(mesh, box)
    #expect(found.sorted() == expected)
    #expect(Set(found).count == found.count, "each triangle reported once")
    if !expected.isEmpty { nonEmpty += 1 }
  }
  #expect(nonEmpty > 100, "the random boxes should mostly hit something")
}

// Exact, as above; a flat grid has zero thickness in z, so boxes touching z = 0 from above or
// below must still find it (closed boxes).
@Test func hierarchyQueryEqualsBruteForceOnFlatGrid() {
  var rng = SeededGenerator(seed: 11)
  let mesh = gridMesh(nx: 60, ny: 40, cell: 0.25)
  for _ in 0..<200 {
    var box = randomBox(extent: 8, size: 1, rng: &rng)
    if rng.nextUnit() < 0.5 { box.min.z = 0 }  // touching from above
    var found: [Int] = []
    mesh.forEachTriangle(overlapping: box) { found.append($0) }
    #expect(found.sorted() == bruteForceOverlaps(mesh, box))
  }
}

@Test func hierarchyHandlesCoincidentTriangles() {
  // 1000 copies of one triangle: no centroid split exists; the list is halved instead.
  let mesh = TriangleMesh(
    vertices: [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0)],
    triangles: Array(repeating: SIMD3(0, 1, 2), count: 1000))
  var count = 0
  mesh.forEachTriangle(overlapping: AABB(min: Vec3(0.2, 0.2, -1), max: Vec3(0.3, 0.3, 1))) {
    _ in count += 1
  }
  #expect(count == 1000)
  #expect(mesh.bvh.depth <= 12, "halving 1000 down to leaves of ≤ 4 takes ⌈log₂ 250⌉ + 1 levels")
}

@Test func queriesOnEmptyMeshAndNaNBoxFindNothing() {
  let empty = TriangleMesh(vertices: [], triangles: [])
  var count = 0
  empty.forEachTriangle(overlapping: AABB(min: Vec3(-1, -1, -1), max: Vec3(1, 1, 1))) { _ in
    count += 1
  }
  let mesh = gridMesh(nx: 4, ny: 4, cell: 1)
  let nan = Double.nan
  mesh.forEachTriangle(overlapping: AABB(min: Vec3(nan, 0, 0), max: Vec3(1, 1, 1))) { _ in
    count += 1
  }
  #expect(count == 0)
  #expect(empty.raycast(origin: .zero, direction: Vec3(0, 0, -1)) == nil)
}

// Normals are unit cross products of exact inputs: (0, 0, 1) exactly for a flat quad.
@Test func quadNormalsAndActiveEdges() {
  let quad = TriangleMesh(
    vertices: [Vec3(-1, -1, 0), Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, 1, 0)],
    triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3)])
  #expect(quad.triangleNormals == [Vec3(0, 0, 1), Vec3(0, 0, 1)])
  // Triangle 0: edges 0→1 and 1→2 are the border, 2→0 the diagonal; triangle 1: 0→2 is it.
  #expect(quad.activeEdges == [0b011, 0b110])
}

@Test func flatGridHasOnlyBorderEdgesActive() {
  let mesh = gridMesh(nx: 10, ny: 7, cell: 0.3)
  var active = 0
  for flags in mesh.activeEdges { active += flags.nonzeroBitCount }
  #expect(active == 2 * (10 + 7), "one active edge per border cell side")
}

@Test func weldedDuplicateVerticesStillShareEdges() {
  // The quad as a soup: each triangle with its own copies of the vertices.
  let quad = TriangleMesh(
    vertices: [
      Vec3(-1, -1, 0), Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, -1, 0), Vec3(1, 1, 0),
      Vec3(-1, 1, 0),
    ],
    triangles: [SIMD3(0, 1, 2), SIMD3(3, 4, 5)])
  #expect(quad.activeEdges == [0b011, 0b110])
  #expect(quad.weldedTriangles[1] == SIMD3(0, 2, 5))
}

/// Two triangles sharing the edge (0,−1,0)–(0,1,0), the second's far vertex at
/// (1, 0, height): a ridge when height < 0, a valley when height > 0.
private func hinge(height: Double) -> TriangleMesh {
  TriangleMesh(
    vertices: [Vec3(0, -1, 0), Vec3(0, 1, 0), Vec3(-1, 0, 0), Vec3(1, 0, height)],
    triangles: [SIMD3(0, 1, 2), SIMD3(1, 0, 3)])
}

@Test(arguments: [
  (-0.6, true),  // convex ridge bent by 31°: a real edge
  (0.6, false),  // concave valley: the faces do the work
  (-0.03, false),  // convex by 1.7°, under the 5° coplanarity angle
])
func hingeEdgeActivity(height: Double, active: Bool) {
  let mesh = hinge(height: height)
  // The shared edge is edge 0 in both triangles.
  #expect((mesh.activeEdges[0] & 1 != 0) == active)
  #expect((mesh.activeEdges[1] & 1 != 0) == active)
  #expect(mesh.activeEdges[0] & 0b110 == 0b110, "border edges stay active")
}

@Test func degenerateTriangleHasZeroNormalAndNoEdges() {
  let mesh = TriangleMesh(
    vertices: [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(2, 0, 0), Vec3(0, 1, 0)],
    triangles: [SIMD3(0, 1, 2), SIMD3(0, 1, 3)])
  #expect(mesh.triangleNormals[0] == .zero)
  #expect(mesh.activeEdges[1] == 0b111, "the degenerate neighbour is no neighbour")
}

/// Build time of a 100k-triangle hierarchy, printed for the record (meaningful in release:
/// `swift test -c release --filter hierarchyBuildTime`). The check is only that it finishes
/// and answers a query.
@Test func hierarchyBuildTime() {
  var rng = SeededGenerator(seed: 3)
  // A bumpy 224 × 224 grid: 100,352 triangles.
  let n = 224
  var vertices: [Vec3] = []
  for j in 0...n {
    for i in 0...n {
      vertices.append(Vec3(Double(i) * 0.1, Double(j) * 0.1, 0.05 * rng.nextUnit()))
    }
  }
  var triangles: [SIMD3<Int32>] = []
  for j in 0..<n {
    for i in 0..<n {
      let a = Int32(j * (n + 1) + i)
      triangles.append(SIMD3(a, a + 1, a + Int32(n + 2)))
      triangles.append(SIMD3(a, a + Int32(n + 2), a + Int32(n + 1)))
    }
  }
  let soup = randomSoup(count: 100_000, extent: 50, size: 0.5, rng: &rng)
  var gridBVH: MeshBVH?
  let gridTime = measureMilliseconds {
    gridBVH = MeshBVH.buildOnly(vertices: vertices, triangles: triangles)
  }
  var soupBVH: MeshBVH?
  let soupTime = measureMilliseconds {
    soupBVH = MeshBVH.buildOnly(vertices: soup.vertices, triangles: soup.triangles)
  }
  var full: TriangleMesh?
  let meshTime = measureMilliseconds {
    full = TriangleMesh(vertices: vertices, triangles: triangles)
  }
  print(
    "mesh BVH build (wall / thread CPU ms): grid \(triangles.count) triangles "
      + "\(formatTimes(gridTime)) (\(gridBVH?.nodes.count ?? 0) nodes, depth "
      + "\(gridBVH?.depth ?? 0)); random soup of 100000 \(formatTimes(soupTime)) (depth "
      + "\(soupBVH?.depth ?? 0)); whole TriangleMesh init (normals, welding, active edges, "
      + "BVH) \(formatTimes(meshTime))")
  var hits = 0
  full?.forEachTriangle(overlapping: AABB(min: Vec3(1, 1, -1), max: Vec3(1.2, 1.2, 1))) { _ in
    hits += 1
  }
  #expect(hits > 0)
}

extension MeshBVH {
  /// The hierarchy alone over the triangles' boxes, to time it without the rest of the mesh.
  static func buildOnly(vertices: [Vec3], triangles: [SIMD3<Int32>]) -> MeshBVH {
    var lo = [Vec3](repeating: .zero, count: triangles.count)
    var hi = [Vec3](repeating: .zero, count: triangles.count)
    for (i, t) in triangles.enumerated() {
      let a = vertices[Int(t.x)]
      let b = vertices[Int(t.y)]
      let c = vertices[Int(t.z)]
      lo[i] = pointwiseMin(a, pointwiseMin(b, c))
      hi[i] = pointwiseMax(a, pointwiseMax(b, c))
    }
    return MeshBVH(lo: lo, hi: hi)
  }
}

// MARK: - Ray casts

/// The nearest hit over every triangle with the same ray test: the reference for the
/// hierarchy's traversal (exactly equal distances, since it is the same arithmetic).
func bruteForceRaycast(_ mesh: TriangleMesh, _ o: Vec3, _ d: Vec3, _ maxDistance: Double)
  -> (Double, Int)?
{
  let ray = WatertightRay(origin: o, direction: d)
  var best: (Double, Int)?
  for (i, t) in mesh.triangles.enumerated() {
    if let s = ray.intersect(
      mesh.vertices[Int(t.x)], mesh.vertices[Int(t.y)], mesh.vertices[Int(t.z)],
      tMax: best?.0 ?? maxDistance), best == nil || s < best!.0
    {
      best = (s, i)
    }
  }
  return best
}

// 1e-12 m: the plane is 10 m across, so the hit point carries a few ulps of 10 (~2e-15 each)
// through the shear and the division.
@Test func meshRaycastMatchesTiltedPlane() throws {
  // z = 0.3x − 0.2y + 0.5, tessellated 20 × 20 over ±5 m.
  let mesh = gridMesh(nx: 20, ny: 20, cell: 0.5) { x, y in 0.3 * x - 0.2 * y + 0.5 }
  let n = Vec3(-0.3, 0.2, 1).normalized
  var rng = SeededGenerator(seed: 5)
  for _ in 0..<200 {
    let o = Vec3(8 * rng.nextUnit() - 4, 8 * rng.nextUnit() - 4, 4 + 2 * rng.nextUnit())
    let target = Vec3(8 * rng.nextUnit() - 4, 8 * rng.nextUnit() - 4, 0)
    let target3 = Vec3(target.x, target.y, 0.3 * target.x - 0.2 * target.y + 0.5)
    let d = (target3 - o) * (0.5 + rng.nextUnit())  // any length
    let hit = try #require(mesh.raycast(origin: o, direction: d))
    let expected = (target3 - o).length
    #expect(isClose(hit.distance, expected, absolute: 1e-12))
    #expect(isClose(hit.normal, n, absolute: 1e-12))
    let p = o + hit.distance * d.normalized
    let t = mesh.triangles[hit.triangleIndex]
    let lo = pointwiseMin(
      mesh.vertices[Int(t.x)], pointwiseMin(mesh.vertices[Int(t.y)], mesh.vertices[Int(t.z)]))
    let hi = pointwiseMax(
      mesh.vertices[Int(t.x)], pointwiseMax(mesh.vertices[Int(t.y)], mesh.vertices[Int(t.z)]))
    #expect(
      AABB(min: lo, max: hi).expanded(by: 1e-9).contains(p), "the reported triangle holds the hit")
    // From below: the normal turns to face the ray.
    let below = try #require(
      mesh.raycast(origin: target3 - Vec3(0, 0, 2), direction: Vec3(0, 0, 1)))
    #expect(isClose(below.distance, 2, absolute: 1e-12))
    #expect(below.normal.z < 0)
  }
  #expect(mesh.raycast(origin: Vec3(0, 0, 5), direction: Vec3(0, 0, 1)) == nil, "pointing away")
  #expect(mesh.raycast(origin: Vec3(0, 0, 5), direction: Vec3(0, 0, -1), maxDistance: 4) == nil)
  #expect(mesh.raycast(origin: Vec3(9, 0, 5), direction: Vec3(0, 0, -1)) == nil, "off the mesh")
}

@Test func meshRaycastThroughSharedVerticesAndEdgesHits() throws {
  // Watertight: rays through grid vertices and along cell edges never slip through.
  let mesh = gridMesh(nx: 8, ny: 8, cell: 0.25)
  for i in -4...4 {
    for j in -4...4 {
      let o = Vec3(Double(i) * 0.25, Double(j) * 0.25, 1)
      let hit = try #require(mesh.raycast(origin: o, direction: Vec3(0, 0, -1)))
      #expect(hit.distance == 1)
      let mid = Vec3(Double(i) * 0.25 + 0.125, Double(j) * 0.25, 1)
      if i < 4 { #expect(mesh.raycast(origin: mid, direction: Vec3(0, 0, -1))?.distance == 1) }
    }
  }
}

// Exact: the traversal must find the same nearest triangle the brute force finds.
@Test func meshRaycastEqualsBruteForceOnRandomSoup() {
  var rng = SeededGenerator(seed: 8)
  let mesh = randomSoup(count: 2000, extent: 5, size: 0.6, rng: &rng)
  var hits = 0
  for _ in 0..<300 {
    let o = Vec3(12 * rng.nextUnit() - 6, 12 * rng.nextUnit() - 6, 12 * rng.nextUnit() - 6)
    let d = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
    let maxDistance = rng.nextUnit() < 0.2 ? 3.0 : Double.infinity
    let hit = mesh.raycast(origin: o, direction: d, maxDistance: maxDistance)
    let expected = bruteForceRaycast(mesh, o, d, maxDistance)
    #expect(hit?.distance == expected?.0)
    if let hit, let expected {
      #expect(hit.triangleIndex == expected.1 || hit.distance == expected.0)
      hits += 1
    }
  }
  #expect(hits > 30)
}

/// Wall-clock and this thread's CPU time of `body` in milliseconds: the CPU time is what to
/// quote when other processes share the machine.
func measureMilliseconds(_ body: () -> Void) -> (wall: Double, cpu: Double) {
  func cpu() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) * 1e-6
  }
  let clock = ContinuousClock()
  let c0 = cpu()
  let d = clock.measure(body)
  let c1 = cpu()
  let wall = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
  return (wall, c1 - c0)
}

/// "wall / cpu" with one decimal, scaled by `factor`.
func formatTimes(_ t: (wall: Double, cpu: Double), factor: Double = 1) -> String {
  String(format: "%.1f / %.1f", t.wall * factor, t.cpu * factor)
}
