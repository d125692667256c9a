import DioramaCore
import Testing
import _TestSupport

@testable import DioramaCollision

// Heightfields: triangle layout, cell lookup against brute force, active edges.

/// A rows × columns heightfield of spacing (sx, sy) with heights z(x, y).
func heightfield(
  rows: Int, columns: Int, spacing: SIMD2<Double>, z: (Double, Double) -> Double
) -> Heightfield {
  var heights: [Double] = []
  for i in 0..<rows {
    for j in 0..<columns {
      let x = (Double(j) - 0.5 * Double(columns - 1)) * spacing.x
      let y = (Double(i) - 0.5 * Double(rows - 1)) * spacing.y
      heights.append(z(x, y))
    }
  }
  return Heightfield(rows: rows, columns: columns, spacing: spacing, heights: heights)
}

@Test func cellsSplitAlongTheSameDiagonalCounterClockwise() {
  let field = heightfield(rows: 3, columns: 4, spacing: SIMD2(1, 2)) { x, y in 0.1 * x + 0.05 * y }
  #expect(field.triangleCount == 12)
  // Cell (1, 2) = cell index 1·3 + 2 = 5: triangles 10 and 11.
  #expect(field.triangleSamples(10) == SIMD3(6, 7, 11))
  #expect(field.triangleSamples(11) == SIMD3(6, 11, 10))
  for t in 0..<field.triangleCount {
    #expect(field.triangleNormal(t).z > 0, "triangle \(t) faces up")
  }
  let (a, _, c) = field.triangleVertices(10)
  #expect(a == field.point(row: 1, column: 2))
  #expect(c == field.point(row: 2, column: 3))
}

/// Triangles of `field` whose bounding boxes overlap `box`, by checking each one.
private func bruteForce(_ field: Heightfield, _ box: AABB) -> [Int] {
  (0..<field.triangleCount).filter { t in
    let (a, b, c) = field.triangleVertices(t)
    return AABB(min: pointwiseMin(a, pointwiseMin(b, c)), max: pointwiseMax(a, pointwiseMax(b, c)))
      .overlaps(box)
  }
}

// Exact: both sides compute each triangle's box from the same sample positions.
@Test func cellLookupEqualsBruteForce() {
  let field = heightfield(rows: 21, columns: 31, spacing: SIMD2(0.5, 0.4)) { x, y in
    0.3 * (x * 0.7).sinApprox + 0.2 * (y * 1.3).sinApprox
  }
  var rng = SeededGenerator(seed: 21)
  var nonEmpty = 0
  for _ in 0..<300 {
    var box = randomBox(extent: 9, size: 1.5, rng: &rng)
    // Keep the boxes near the surface's heights (±0.5 m) so that most of them touch it.
    let shift = box.center.z * 0.9
    box.min.z -= shift
    box.max.z -= shift
    var found: [Int] = []
    field.forEachTriangle(overlapping: box) { found.append($0) }
    let expected = bruteForce(field, box)
    #expect(found.sorted() == expected)
    if !expected.isEmpty { nonEmpty += 1 }
  }
  #expect(nonEmpty > 50)
  // Boxes outside the grid, or huge, or NaN.
  var count = 0
  field.forEachTriangle(overlapping: AABB(min: Vec3(100, 0, -1), max: Vec3(101, 1, 1))) { _ in
    count += 1
  }
  #expect(count == 0)
  field.forEachTriangle(
    overlapping: AABB(min: Vec3(repeating: -.infinity), max: Vec3(repeating: .infinity))
  ) { _ in count += 1 }
  #expect(count == field.triangleCount)
}

@Test func flatHeightfieldHasOnlyBorderEdgesActive() {
  let field = heightfield(rows: 6, columns: 9, spacing: SIMD2(1, 1)) { _, _ in 2 }
  var active = 0
  for flags in field.activeEdges { active += flags.nonzeroBitCount }
  #expect(active == 2 * (5 + 8))
}

@Test func heightfieldRidgeIsActiveAndValleyIsNot() {
  // z = −|x|: a ridge along the column x = 0; z = +|x|: a valley there. 60° bends.
  let ridge = heightfield(rows: 3, columns: 3, spacing: SIMD2(1, 1)) { x, _ in -abs(x) * 1.7 }
  let valley = heightfield(rows: 3, columns: 3, spacing: SIMD2(1, 1)) { x, _ in abs(x) * 1.7 }
  // Cell (0, 0)'s lower-left... its triangle 0 has the right side x = 0 as edge 1.
  #expect(ridge.activeEdges[0] & 0b010 != 0)
  #expect(valley.activeEdges[0] & 0b010 == 0)
  // Cell (0, 1)'s triangle 1 has the left side x = 0 as edge 2.
  #expect(ridge.activeEdges[3] & 0b100 != 0)
  #expect(valley.activeEdges[3] & 0b100 == 0)
}

extension Double {
  /// sin by a short series: deterministic bumps for test terrains (not a precise sine).
  var sinApprox: Double {
    let x = self - 6.283185307179586 * (self / 6.283185307179586).rounded()
    let x2 = x * x
    return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42)))
  }
}

// MARK: - Ray casts

// 1e-12 m: inputs of a few metres, a handful of roundings in the shear and division.
@Test func heightfieldRaycastMatchesSlope() throws {
  // z = 0.4x + 0.1y − 0.2 over ±4 × ±3 m.
  let field = heightfield(rows: 13, columns: 17, spacing: SIMD2(0.5, 0.5)) { x, y in
    0.4 * x + 0.1 * y - 0.2
  }
  let n = Vec3(-0.4, -0.1, 1).normalized
  var rng = SeededGenerator(seed: 17)
  for k in 0..<300 {
    let target = Vec3(7.8 * rng.nextUnit() - 3.9, 5.8 * rng.nextUnit() - 2.9, 0)
    let p = Vec3(target.x, target.y, 0.4 * target.x + 0.1 * target.y - 0.2)
    // From above at random slants; every tenth ray vertical, every seventh from below.
    var o = p + Vec3(4 * rng.nextUnit() - 2, 4 * rng.nextUnit() - 2, 3 + rng.nextUnit())
    if k % 10 == 0 { o = Vec3(p.x, p.y, 5) }
    if k % 7 == 0 { o = p + Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, -3) }
    let hit = try #require(field.raycast(origin: o, direction: p - o))
    #expect(isClose(hit.distance, (p - o).length, absolute: 1e-12))
    #expect(isClose(hit.normal, o.z > p.z ? n : -n, absolute: 1e-12))
  }
  #expect(field.raycast(origin: Vec3(0, 0, 5), direction: Vec3(1, 0, 0)) == nil)
  #expect(field.raycast(origin: Vec3(10, 0, 0), direction: Vec3(0, 0, -1)) == nil)
  #expect(field.raycast(origin: Vec3(0, 0, 5), direction: Vec3(0, 0, -1), maxDistance: 5) == nil)
}

// Exact: the cell walk must find the nearest of all triangles, with the same ray test.
@Test func heightfieldRaycastEqualsBruteForceOnBumps() {
  let field = heightfield(rows: 25, columns: 19, spacing: SIMD2(0.3, 0.25)) { x, y in
    0.4 * (1.7 * x).sinApprox * (1.1 * y + 0.5).sinApprox
  }
  var rng = SeededGenerator(seed: 23)
  var hits = 0
  for k in 0..<400 {
    let o = Vec3(8 * rng.nextUnit() - 4, 8 * rng.nextUnit() - 4, 2 * rng.nextUnit() - 0.5)
    var d = Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.7)
    if k % 9 == 0 { d.y = 0 }  // along a row: crosses cell corners' lines exactly
    let hit = field.raycast(origin: o, direction: d)
    let ray = WatertightRay(origin: o, direction: d)
    var best: Double?
    for t in 0..<field.triangleCount {
      let (a, b, c) = field.triangleVertices(t)
      if let s = ray.intersect(a, b, c, tMax: best ?? .infinity) { best = Swift.min(best ?? s, s) }
    }
    #expect(hit?.distance == best)
    if hit != nil { hits += 1 }
  }
  #expect(hits > 80)
}
