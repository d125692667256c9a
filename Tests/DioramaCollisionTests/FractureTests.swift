import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Convex polyhedra (box, clipping, hull, round-shape stand-ins, exact mass properties) and
// Voronoi fracture. Fracture tests run in debug too: 20 cells take milliseconds.

// MARK: - Helpers

/// Structural soundness of a polyhedron, to `eps` (m): every face has ≥ 3 vertices lying on
/// its plane, its Newell normal points along the plane's normal, every vertex satisfies every
/// plane, each directed edge appears once with its reverse in another face (a closed,
/// consistently oriented surface), and V − E + F = 2 (Euler, genus 0).
private func isWellFormed(_ p: ConvexPolyhedron, eps: Double) -> Bool {
  guard p.faces.count == p.planes.count, p.faces.count >= 4 else { return false }
  var edges: [(Int, Int)] = []
  for (f, loop) in p.faces.enumerated() {
    guard loop.count >= 3 else { return false }
    let h = p.planes[f]
    var newell = Vec3.zero
    for k in loop.indices {
      let a = p.vertices[loop[k]]
      let b = p.vertices[loop[(k + 1) % loop.count]]
      newell += a.cross(b)
      guard abs(h.signedDistance(a)) <= eps else { return false }
      edges.append((loop[k], loop[(k + 1) % loop.count]))
    }
    guard newell.dot(h.normal) > 0 else { return false }
  }
  for v in p.vertices where !p.contains(v, tolerance: eps) { return false }
  for (a, b) in edges {
    guard edges.filter({ $0 == (a, b) }).count == 1 else { return false }
    guard edges.filter({ $0 == (b, a) }).count == 1 else { return false }
  }
  return p.vertices.count - edges.count / 2 + p.faces.count == 2
}

/// P(U₁ + U₂ + U₃ ≤ t) for three independent uniforms on [0, 1] (Irwin–Hall, n = 3): the
/// volume of the unit cube below the plane x + y + z = t.
private func irwinHall3(_ t: Double) -> Double {
  if t <= 0 { return 0 }
  if t <= 1 { return t * t * t / 6 }
  if t <= 2 { return (t * t * t - 3 * (t - 1) * (t - 1) * (t - 1)) / 6 }
  if t <= 3 { return 1 - (3 - t) * (3 - t) * (3 - t) / 6 }
  return 1
}

private let unitCube = ConvexPolyhedron(box: Vec3(0.5, 0.5, 0.5))

// MARK: - Polyhedron

@Test func boxPolyhedronIsWellFormed() {
  // 1e-15 m: the box's vertices and planes are exact in binary.
  #expect(isWellFormed(ConvexPolyhedron(box: Vec3(0.5, 1, 1.5), center: Vec3(1, 2, 3)), eps: 1e-15))
}

@Test func axisCutKeepsExactVolumeAndCentroid() throws {
  // x ≤ 0.2 of the unit cube: a 0.7 × 1 × 1 slab centred at x = −0.15. 1e-12 relative: a few
  // roundings of O(1) values.
  let cut = try #require(unitCube.clipped(by: HalfSpace(normal: Vec3(1, 0, 0), offset: 0.2)))
  let m = cut.massPropertiesPerUnitDensity
  #expect(isClose(m.volume, 0.7, relative: 1e-12))
  #expect(isClose(m.centroid, Vec3(-0.15, 0, 0), absolute: 1e-13))
  #expect(isWellFormed(cut, eps: 1e-12))
}

@Test(arguments: [-1.2, -0.7, 0.0, 0.3, 0.5, 1.1])
func diagonalCutKeepsAnalyticVolume(sum: Double) throws {
  // x + y + z ≤ sum on the cube [−½, ½]³ leaves the Irwin–Hall CDF at sum + 3/2. The cases
  // cover a corner tetrahedron, a hexagonal section, planes through vertices (0 and 0.5) and a
  // far corner cut. 1e-12 relative: a few roundings per cut vertex.
  let n = Vec3(1, 1, 1) / 3.0.squareRoot()
  let cut = try #require(unitCube.clipped(by: HalfSpace(normal: n, offset: sum * n.x)))
  #expect(isClose(cut.volume, irwinHall3(sum + 1.5), relative: 1e-12))
  #expect(isWellFormed(cut, eps: 1e-12))
}

@Test func cutThroughFaceDiagonalsHalvesTheCube() throws {
  // x + y ≤ 0 passes through four vertices exactly (the on-plane path): a half cube,
  // triangular prism with 5 faces and 6 vertices. 1e-12 relative as above.
  let cut = try #require(
    unitCube.clipped(by: HalfSpace(normal: Vec3(1, 1, 0), offset: 0)))
  #expect(isClose(cut.volume, 0.5, relative: 1e-12))
  #expect(cut.vertices.count == 6 && cut.faces.count == 5)
  #expect(isWellFormed(cut, eps: 1e-12))
}

@Test func cutsThatMissOrSwallowTheSolid() {
  // A plane above the cube or on its top face cuts nothing; one below everything leaves nil.
  #expect(unitCube.clipped(by: HalfSpace(normal: Vec3(0, 0, 1), offset: 2)) == unitCube)
  #expect(unitCube.clipped(by: HalfSpace(normal: Vec3(0, 0, 1), offset: 0.5)) == unitCube)
  #expect(unitCube.clipped(by: HalfSpace(normal: Vec3(0, 0, 1), offset: -0.5)) == nil)
  #expect(unitCube.clipped(by: HalfSpace(normal: Vec3(0, 0, 1), offset: -3)) == nil)
}

@Test func clippingByManyHalfSpacesGivesAnOctahedron() throws {
  // |x| + |y| + |z| ≤ 1 inside [−1, 1]³: the regular octahedron, volume 4/3, I = V/10 per
  // axis (I_xx = ∫ y² + z², ∫ x² = V/10 for the L1 ball). 1e-12 relative.
  var planes: [HalfSpace] = []
  for i in 0..<8 {
    let n = Vec3(i & 1 == 0 ? -1 : 1, i & 2 == 0 ? -1 : 1, i & 4 == 0 ? -1 : 1)
    planes.append(HalfSpace(normal: n, offset: 1 / 3.0.squareRoot()))
  }
  let box = AABB(min: Vec3(repeating: -1), max: Vec3(repeating: 1))
  let octa = try #require(ConvexPolyhedron(clipping: box, by: planes))
  let m = octa.massPropertiesPerUnitDensity
  #expect(octa.vertices.count == 6 && octa.faces.count == 8)
  #expect(isClose(m.volume, 4.0 / 3.0, relative: 1e-12))
  #expect(isClose(m.inertia.diagonal, Vec3(repeating: 2 * 4.0 / 30.0), absolute: 1e-13))
  #expect(isWellFormed(octa, eps: 1e-12))
  #expect(
    ConvexPolyhedron(clipping: box, by: [HalfSpace(normal: Vec3(1, 0, 0), offset: -2)]) == nil)
}

@Test func boxMassPropertiesMatchClosedForm() {
  // A 1 × 2 × 3 box off the origin against `Shape.massProperties` (m/12 (b² + c²), ...).
  // 1e-12 relative: the tetrahedron sums are exact up to rounding of O(1) values.
  let h = Vec3(0.5, 1, 1.5)
  let c = Vec3(0.3, -0.2, 1)
  let m = ConvexPolyhedron(box: h, center: c).massProperties(density: 1000)
  let ref = Shape.box(halfExtents: h).massProperties(density: 1000)
  #expect(isClose(m.mass, ref.mass, relative: 1e-12))
  #expect(isClose(m.centerOfMass, c, absolute: 1e-12))
  for (a, b) in [
    (m.inertia.r0, ref.inertia.r0), (m.inertia.r1, ref.inertia.r1),
    (m.inertia.r2, ref.inertia.r2),
  ] {
    #expect(isClose(a.x, b.x, relative: 1e-12, absolute: 1e-12 * ref.inertia.r0.x))
    #expect(isClose(a.y, b.y, relative: 1e-12, absolute: 1e-12 * ref.inertia.r0.x))
    #expect(isClose(a.z, b.z, relative: 1e-12, absolute: 1e-12 * ref.inertia.r0.x))
  }
}

@Test func tetrahedronMassPropertiesMatchClosedForm() throws {
  // The corner x + y + z ≤ 1 of [0, 1]³: V = 1/6, centroid (¼, ¼, ¼); with ∫x² = 1/60 and
  // ∫xy = 1/120 about the origin, about the centroid I_xx = 1/80 and I_xy = +1/480.
  // 1e-12 relative (absolute on O(1e-2) entries).
  let cube = ConvexPolyhedron(box: Vec3(repeating: 0.5), center: Vec3(repeating: 0.5))
  let n = Vec3(1, 1, 1) / 3.0.squareRoot()
  let tet = try #require(cube.clipped(by: HalfSpace(normal: n, offset: n.x)))
  let m = tet.massPropertiesPerUnitDensity
  #expect(tet.vertices.count == 4 && tet.faces.count == 4)
  #expect(isClose(m.volume, 1.0 / 6.0, relative: 1e-12))
  #expect(isClose(m.centroid, Vec3(repeating: 0.25), absolute: 1e-13))
  #expect(isClose(m.inertia.diagonal, Vec3(repeating: 1.0 / 80.0), absolute: 1e-14))
  #expect(isClose(m.inertia.r0, Vec3(1.0 / 80.0, 1.0 / 480.0, 1.0 / 480.0), absolute: 1e-14))
}

@Test func hullOfRotatedBoxCornersMatchesRotatedInertia() throws {
  // The hull of the 8 corners of a rotated 0.4 × 0.6 × 1.0 box: volume 0.24 and
  // I = R diag(I_body) Rᵀ. 1e-10 relative: the vertices are rebuilt by ~30 cuts of the
  // bounding box, each a few ulps.
  let h = Vec3(0.2, 0.3, 0.5)
  let q = Quaternion(axis: Vec3(1, 2, 3).normalized, angle: 0.7)
  let corners = ConvexPolyhedron(box: h).vertices.map { q.rotate($0) + Vec3(1, 0, -1) }
  let hull = try #require(ConvexPolyhedron(hullOf: corners))
  let m = hull.massPropertiesPerUnitDensity
  let body = Shape.box(halfExtents: h).massProperties(density: 1).inertia.diagonal
  let ref = Matrix3.rotated(diagonal: body, by: q.matrix)
  #expect(hull.vertices.count == 8 && hull.faces.count == 6)
  #expect(isClose(m.volume, 0.24, relative: 1e-10))
  #expect(isClose(m.centroid, Vec3(1, 0, -1), absolute: 1e-12))
  let scale = body.maxComponent
  #expect(isClose(m.inertia.r0, ref.r0, absolute: 1e-10 * scale))
  #expect(isClose(m.inertia.r1, ref.r1, absolute: 1e-10 * scale))
  #expect(isClose(m.inertia.r2, ref.r2, absolute: 1e-10 * scale))
  #expect(isWellFormed(hull, eps: 1e-12))
}

@Test func hullContainsItsPointsAndKeepsOnlyExtremeOnes() throws {
  // 40 points: 30 on the unit sphere, 10 strictly inside (radius ≤ 0.5). Every point is inside
  // the hull and every hull vertex is one of the sphere points. 1e-9 m: cut vertices are within
  // rounding of the points they reproduce.
  var rng = SeededGenerator(seed: 5)
  var points: [Vec3] = []
  for i in 0..<40 {
    let z = 2 * rng.nextUnit() - 1
    let phi = 2 * Double.pi * rng.nextUnit()
    let s = (1 - z * z).squareRoot()
    let r = i < 30 ? 1 : 0.5 * rng.nextUnit()
    points.append(r * Vec3(s * cos(phi), s * sin(phi), z))
  }
  let hull = try #require(ConvexPolyhedron(hullOf: points))
  for p in points { #expect(hull.contains(p, tolerance: 1e-9)) }
  for v in hull.vertices {
    #expect(points.prefix(30).contains { ($0 - v).length < 1e-9 })
  }
  #expect(isWellFormed(hull, eps: 1e-9))
  #expect(ConvexPolyhedron(hullOf: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(1, 1, 0)]) == nil)
}

@Test func roundShapeStandInsMatchVolume() throws {
  // Volume-matched stand-ins carry the analytic volume (secant stop 1e-13, so 1e-12 relative);
  // circumscribed ones (matchVolume: false) have every curved plane tangent at distance r.
  let shapes: [Shape] = [
    .sphere(radius: 0.3), .cylinder(radius: 0.2, halfHeight: 0.5),
    .capsule(radius: 0.1, halfHeight: 0.3),
  ]
  for s in shapes {
    let p = try #require(ConvexPolyhedron(approximating: s))
    #expect(isClose(p.volume, s.volume, relative: 1e-12))
    #expect(isClose(p.centroid, .zero, absolute: 1e-12))
    #expect(isWellFormed(p, eps: 1e-12))
    let outer = try #require(ConvexPolyhedron(approximating: s, matchVolume: false))
    #expect(outer.volume > s.volume)
  }
  let sphere = try #require(
    ConvexPolyhedron(approximating: .sphere(radius: 0.3), matchVolume: false))
  #expect(sphere.planes.count == 48)
  for h in sphere.planes { #expect(isClose(h.offset, 0.3, relative: 1e-15)) }
  let cylinder = try #require(
    ConvexPolyhedron(approximating: .cylinder(radius: 0.2, halfHeight: 0.5)))
  #expect(cylinder.planes.count == 26)
  #expect(isClose(cylinder.bounds.max.z, 0.5, relative: 1e-15))
  #expect(
    ConvexPolyhedron(approximating: .box(halfExtents: Vec3(1, 2, 3)))
      == ConvexPolyhedron(box: Vec3(1, 2, 3)))
}

// MARK: - Fracture

@Test func cubeInto20PiecesPartitionsTheVolume() throws {
  var rng = SeededGenerator(seed: 42)
  let seeds = VoronoiFracture.seeds(in: unitCube, count: 20, impactPoint: nil, using: &rng)
  let result = VoronoiFracture.cells(of: unitCube, seeds: seeds)
  #expect(seeds.count == 20)
  #expect(result.pieces.count + result.droppedCount == 20)

  // Volumes (kept + dropped) sum to 1 m³ within 1e-9 relative: neighbouring cells compute
  // their shared bisector separately, so they agree to rounding (~1e-16) plus on-plane
  // snapping (≤ 1e-11 of the size per snapped vertex).
  let kept = result.pieces.reduce(0) { $0 + $1.volume }
  #expect(isClose(kept + result.droppedVolume, 1, relative: 1e-9))

  // Each seed lies inside its own cell (it is strictly nearer to itself than to any other).
  for p in result.pieces { #expect(p.polyhedron.contains(p.seed)) }

  // The mass-weighted centroids and the parallel-axis sum of the inertias give back the cube's
  // centroid (origin) and inertia 1/6 per axis; 1e-9 as for the volumes.
  let all = MassProperties.combined(result.pieces.map { $0.massProperties(density: 1) })
  #expect(isClose(all.centerOfMass, .zero, absolute: 1e-9))
  #expect(isClose(all.inertia.diagonal, Vec3(repeating: 1.0 / 6.0), absolute: 1e-9 / 6))
  #expect(isClose(all.inertia.r0.y, 0, absolute: 1e-9 / 6))

  // No overlap, no gap: 4000 random points each lie strictly (by 1e-9 m, 60× the plane
  // tolerance) inside at most one cell and, with the same slack outward, in at least one.
  var probe = SeededGenerator(seed: 7)
  for _ in 0..<4000 {
    let x = Vec3(probe.nextUnit(), probe.nextUnit(), probe.nextUnit()) - Vec3(repeating: 0.5)
    let strictly = result.pieces.filter { $0.polyhedron.contains(x, tolerance: -1e-9) }.count
    let loosely = result.pieces.filter { $0.polyhedron.contains(x, tolerance: 1e-9) }.count
    #expect(strictly <= 1)
    #expect(loosely >= 1)
  }
  for p in result.pieces { #expect(isWellFormed(p.polyhedron, eps: 1e-9)) }
}

@Test func sameSeedGivesBitIdenticalPieces() {
  func run(_ seed: UInt64) -> [FracturePiece] {
    var rng = SeededGenerator(seed: seed)
    return VoronoiFracture.fracture(
      unitCube, pieces: 20, impactPoint: Vec3(0.5, 0.1, 0), using: &rng)
  }
  let a = run(3)
  let b = run(3)
  #expect(a == b)
  let bits = { (pieces: [FracturePiece]) in
    pieces.flatMap { p in
      p.vertices.flatMap { [$0.x.bitPattern, $0.y.bitPattern, $0.z.bitPattern] }
        + [p.volume.bitPattern, p.inertia.r0.x.bitPattern]
    }
  }
  #expect(bits(a) == bits(b))
  #expect(run(4) != a)
}

@Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
func impactSeedingMakesSmallerPiecesNearTheImpact(seed: UInt64) {
  // Struck at the centre of the +x face: the 5 pieces whose centroids are nearest the impact
  // are smaller on average than the 5 farthest (held for 1000 of 1000 generator seeds when
  // measured, so any fixed handful is a stable check).
  let impact = Vec3(0.5, 0, 0)
  var rng = SeededGenerator(seed: seed)
  let pieces = VoronoiFracture.fracture(unitCube, pieces: 20, impactPoint: impact, using: &rng)
  let sorted = pieces.sorted {
    ($0.centroid - impact).lengthSquared < ($1.centroid - impact).lengthSquared
  }
  #expect(sorted.count >= 10)
  let near = sorted.prefix(5).reduce(0) { $0 + $1.volume } / 5
  let far = sorted.suffix(5).reduce(0) { $0 + $1.volume } / 5
  #expect(near < far)
}

@Test func fractureOfRoundShapesKeepsTheirVolume() {
  // A sphere, cylinder and capsule through their stand-ins: the kept fragments plus any dropped
  // dust add up to the analytic volume (1e-9 relative, as for the cube).
  let shapes: [Shape] = [
    .sphere(radius: 0.3), .cylinder(radius: 0.2, halfHeight: 0.5),
    .capsule(radius: 0.1, halfHeight: 0.3), .box(halfExtents: Vec3(0.4, 0.1, 0.05)),
  ]
  for s in shapes {
    var rng = SeededGenerator(seed: 11)
    let pieces = VoronoiFracture.fracture(
      shape: s, pieces: 15, impactPoint: nil, using: &rng)
    let total = pieces.reduce(0) { $0 + $1.volume }
    #expect(pieces.count == 15)
    #expect(isClose(total, s.volume, relative: 1e-9))
  }
}

@Test func fractureIsWatertightOverRandomCases() throws {
  // 40 random cases: a thin plate, a sphere, a capsule and a cube, 2–61 pieces, uniform or
  // struck at a random vertex. Kept plus dropped volume is the solid's (1e-9 relative, as
  // above), every seed is in its cell and every cell is a closed, consistently oriented
  // surface (1e-9 m).
  let shapes: [Shape] = [
    .box(halfExtents: Vec3(0.5, 0.2, 0.01)), .sphere(radius: 0.3),
    .capsule(radius: 0.1, halfHeight: 0.4), .box(halfExtents: Vec3(1, 1, 1)),
  ]
  for trial in 0..<40 {
    var rng = SeededGenerator(seed: UInt64(1000 + trial))
    let poly = try #require(ConvexPolyhedron(approximating: shapes[trial % 4]))
    let n = 2 + Int(rng.next() % 60)
    let impact: Vec3? =
      trial % 2 == 0 ? nil : poly.vertices[Int(rng.next() % UInt64(poly.vertices.count))]
    let seeds = VoronoiFracture.seeds(in: poly, count: n, impactPoint: impact, using: &rng)
    let result = VoronoiFracture.cells(of: poly, seeds: seeds)
    let total = result.pieces.reduce(0) { $0 + $1.volume } + result.droppedVolume
    #expect(isClose(total, poly.volume, relative: 1e-9))
    for p in result.pieces {
      #expect(p.polyhedron.contains(p.seed))
      #expect(isWellFormed(p.polyhedron, eps: 1e-9))
    }
  }
}

@Test func impactFarOutsideStillSeedsInside() {
  // An impact point 100 m away: almost every biased draw misses, so seeding falls back to
  // uniform sampling; all pieces are still produced and partition the cube (1e-9 relative).
  var rng = SeededGenerator(seed: 9)
  let pieces = VoronoiFracture.fracture(
    unitCube, pieces: 8, impactPoint: Vec3(100, 0, 0), using: &rng)
  #expect(pieces.count == 8)
  #expect(isClose(pieces.reduce(0) { $0 + $1.volume }, 1, relative: 1e-9))
}

@Test func tetrahedronSamplingIsInside() {
  // The fallback sampler's points all lie in the solid (1e-12 m: rounding of a convex
  // combination).
  var rng = SeededGenerator(seed: 2)
  let tet = ConvexPolyhedron(box: Vec3(repeating: 0.5)).clipped(
    by: HalfSpace(normal: Vec3(1, 1, 1), offset: -0.5 * 3.0.squareRoot() / 3))
  for _ in 0..<1000 {
    guard let t = tet, let p = VoronoiFracture.pointInTetrahedra(of: t, using: &rng) else {
      Issue.record("no sample")
      return
    }
    #expect(t.contains(p, tolerance: 1e-12))
  }
}

@Test func fractureTiming() {
  // Milliseconds to break the unit cube into 12, 30 and 100 pieces (seeding + cells), best of
  // 5, printed for the record; meaningful in release: `swift test -c release --filter
  // fractureTiming`. The check is that the pieces partition the cube (1e-9 relative).
  let clock = ContinuousClock()
  var report: [String] = []
  for n in [12, 30, 100] {
    var best = Double.infinity
    var last: [FracturePiece] = []
    for round in 0..<5 {
      var rng = SeededGenerator(seed: UInt64(round))
      let d = clock.measure {
        last = VoronoiFracture.fracture(unitCube, pieces: n, impactPoint: nil, using: &rng)
      }
      best = min(
        best, Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1e3)
    }
    #expect(isClose(last.reduce(0) { $0 + $1.volume }, 1, relative: 1e-9))
    let faces = Double(last.reduce(0) { $0 + $1.faces.count }) / Double(last.count)
    report.append(
      "\(n) pieces \(String(format: "%.3f", best)) ms (\(String(format: "%.1f", faces)) faces/cell)"
    )
  }
  print("fracture of the unit cube: " + report.joined(separator: "; "))
}

@Suite struct FractureMisuseTests {
  // Misuse is a programming error: it traps with a message.
  @Test func fracturingAStaticMeshTraps() async {
    await #expect(processExitsWith: .failure) {
      var rng = SeededGenerator(seed: 1)
      let mesh = TriangleMesh(
        vertices: [.zero, Vec3(1, 0, 0), Vec3(0, 1, 0)], triangles: [SIMD3(0, 1, 2)])
      _ = VoronoiFracture.fracture(
        shape: .triangleMesh(mesh), pieces: 4, impactPoint: nil, using: &rng)
    }
  }

  @Test func coincidentSeedsTrap() async {
    await #expect(processExitsWith: .failure) {
      let seed = Vec3(0.1, 0.2, 0.3)
      _ = VoronoiFracture.cells(of: ConvexPolyhedron(box: Vec3(1, 1, 1)), seeds: [seed, seed])
    }
  }

  @Test func zeroPiecesTraps() async {
    await #expect(processExitsWith: .failure) {
      var rng = SeededGenerator(seed: 1)
      _ = VoronoiFracture.fracture(
        ConvexPolyhedron(box: Vec3(1, 1, 1)), pieces: 0, impactPoint: nil, using: &rng)
    }
  }
}
