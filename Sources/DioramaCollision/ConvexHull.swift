import DioramaCore

/// Why a point set has no convex hull.
public enum ConvexHullError: Error, Equatable, CustomStringConvertible {
  /// A hull needs at least four points; `count` were given.
  case tooFewPoints(count: Int)
  /// Point `index` has a NaN or infinite coordinate.
  case nonFinitePoint(index: Int)
  /// The points span fewer than three dimensions within `tolerance` (m): `dimension` 0 when
  /// they coincide, 1 when collinear, 2 when coplanar.
  case degenerate(dimension: Int, tolerance: Double)
  /// Round-off left the hull's faces inconsistent (V − E + F ≠ 2); a larger
  /// `relativeTolerance` merges the nearly coplanar faces that cause it.
  case inconsistentTopology(vertices: Int, edges: Int, faces: Int)

  public var description: String {
    switch self {
    case .tooFewPoints(let n):
      return "ConvexHull: expected at least 4 points, found \(n)"
    case .nonFinitePoint(let i):
      return "ConvexHull: points[\(i)] is not finite: give finite coordinates in metres"
    case .degenerate(let d, let tol):
      let what = ["coincide", "are collinear", "are coplanar"][d]
      return "ConvexHull: all points \(what) within \(tol) m: a hull needs volume (use a box, "
        + "or thicken the point set)"
    case .inconsistentTopology(let v, let e, let f):
      return "ConvexHull: faces are inconsistent after round-off (V − E + F = \(v) − \(e) + \(f)"
        + " ≠ 2): raise relativeTolerance"
    }
  }
}

/// An edge of a hull, stored once: vertices `v0`, `v1`, with `face0` the face whose CCW loop
/// runs v0 → v1 and `face1` the face whose loop runs v1 → v0.
public struct HullEdge: Sendable, Hashable {
  public var v0: Int32
  public var v1: Int32
  public var face0: Int32
  public var face1: Int32
}

/// A convex polyhedron: the convex hull of a point set, in the shape frame.
///
/// Built by quickhull (`init(points:)`); coplanar faces are merged into polygons, so a box's
/// hull has 6 quadrilateral faces, not 12 triangles. Faces are planes (outward unit normal and
/// offset) with counter-clockwise vertex loops seen from outside; edges list both adjacent
/// faces (the Gauss map that the separating-axis test walks). Vertices stay where they were
/// given (the hull is not recentred; `massProperties` reports the centre of mass).
///
/// ```swift
/// let hull = try ConvexHull(points: cornersOfACube + interiorPoints)
/// hull.vertices.count  // 8
/// hull.faceCount       // 6
/// let body = Shape.convexHull(hull)
/// ```
public struct ConvexHull: Sendable, Hashable {
  /// Hull vertices in the shape frame (m); only points on the hull, no interior points.
  public internal(set) var vertices: [Vec3]
  /// Outward unit normal of each face (faceCount).
  public internal(set) var faceNormals: [Vec3]
  /// Plane offset of each face (m): n·x = offset on the face, n·x ≤ offset inside (faceCount).
  public internal(set) var faceOffsets: [Double]
  /// Face f's loop is `faceLoops[faceLoopStarts[f] ..< faceLoopStarts[f + 1]]` (faceCount + 1).
  public internal(set) var faceLoopStarts: [Int32]
  /// Vertex indices of every face loop, counter-clockwise seen from outside, concatenated.
  public internal(set) var faceLoops: [Int32]
  /// Every edge once, with its two faces.
  public internal(set) var edges: [HullEdge]
  /// The mean of the vertices: a point strictly inside (m).
  public internal(set) var interiorPoint: Vec3
  /// Least distance from `interiorPoint` to a face plane (m); sets the scale of contact
  /// tolerances.
  public internal(set) var innerRadius: Double

  /// Number of faces.
  public var faceCount: Int { faceNormals.count }

  /// Vertex indices of face `f`, counter-clockwise seen from outside.
  public func faceVertexIndices(_ f: Int) -> ArraySlice<Int32> {
    faceLoops[Int(faceLoopStarts[f])..<Int(faceLoopStarts[f + 1])]
  }

  /// The hull of points the caller knows to be in convex position (kept from the seam for
  /// tests and tools): quickhull as `init(points:)`, hull vertices in input order.
  /// Precondition: the points span a volume.
  init(uncheckedVertices v: [Vec3]) {
    do {
      try self.init(points: v)
    } catch {
      preconditionFailure("ConvexHull(uncheckedVertices:): \(error)")
    }
  }

  /// Builds a hull from vertices and CCW face loops that are already convex and consistent.
  init(uncheckedVertices v: [Vec3], faces: [[Int]]) throws {
    vertices = v
    faceNormals = []
    faceOffsets = []
    faceLoopStarts = [0]
    faceLoops = []
    edges = []
    interiorPoint = .zero
    innerRadius = 0
    interiorPoint = v.reduce(Vec3.zero, +) / Double(v.count)
    for loop in faces {
      let (n, _) = Self.newellPlane(loop.map { v[$0] })
      // Offset through the loop's mean: the least-squares plane of a slightly warped face.
      let c = loop.reduce(Vec3.zero) { $0 + v[$1] } / Double(loop.count)
      faceNormals.append(n)
      faceOffsets.append(n.dot(c))
      faceLoops.append(contentsOf: loop.map { Int32($0) })
      faceLoopStarts.append(Int32(faceLoops.count))
    }
    // Edges: each undirected edge is met twice (u→v in one face, v→u in the other); record it
    // at the occurrence with u < v. The face owning v→u comes from a sorted lookup table.
    var directed: [(Int, Int, Int)] = []  // (u, v, face)
    for (f, loop) in faces.enumerated() {
      for i in 0..<loop.count { directed.append((loop[i], loop[(i + 1) % loop.count], f)) }
    }
    directed.sort { ($0.0, $0.1) < ($1.0, $1.1) }
    func owner(_ u: Int, _ w: Int) -> Int? {
      var lo = 0
      var hi = directed.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if (directed[mid].0, directed[mid].1) < (u, w) { lo = mid + 1 } else { hi = mid }
      }
      return lo < directed.count && directed[lo].0 == u && directed[lo].1 == w
        ? directed[lo].2 : nil
    }
    for (f, loop) in faces.enumerated() {
      for i in 0..<loop.count {
        let u = loop[i]
        let w = loop[(i + 1) % loop.count]
        guard let g = owner(w, u) else {
          throw ConvexHullError.inconsistentTopology(
            vertices: v.count, edges: directed.count / 2, faces: faces.count)
        }
        if u < w {
          edges.append(HullEdge(v0: Int32(u), v1: Int32(w), face0: Int32(f), face1: Int32(g)))
        }
      }
    }
    if v.count - edges.count + faces.count != 2 || 2 * edges.count != directed.count {
      throw ConvexHullError.inconsistentTopology(
        vertices: v.count, edges: edges.count, faces: faces.count)
    }
    innerRadius = .infinity
    for f in 0..<faceNormals.count {
      innerRadius = Swift.min(innerRadius, faceOffsets[f] - faceNormals[f].dot(interiorPoint))
    }
  }

  /// Unit normal (by Newell's method, robust for nearly collinear or slightly warped loops)
  /// and twice the area of a polygon (m²).
  ///
  /// Newell: n = Σᵢ (pᵢ − c) × (pᵢ₊₁ − c), the vector area times two, with c the mean of the
  /// points (subtracting it keeps round-off relative to the polygon's size).
  static func newellPlane(_ p: [Vec3]) -> (normal: Vec3, twiceArea: Double) {
    let c = p.reduce(Vec3.zero, +) / Double(p.count)
    var n = Vec3.zero
    for i in 0..<p.count { n += (p[i] - c).cross(p[(i + 1) % p.count] - c) }
    let len = n.length
    return (len > 0 ? n / len : .zero, len)
  }
}

// MARK: - Construction

extension ConvexHull {
  /// Default planarity tolerance as a fraction of the point set's bounding-box diagonal.
  ///
  /// Points within this distance of the hull are dropped and faces whose vertices lie within
  /// it of each other's planes are merged. 1e-7 covers single-precision input (OBJ files,
  /// rounding ≈ 6e-8 relative), so a box read from a file still has 6 faces; at 1 m it is a
  /// tenth of a micrometre, far below anything a contact resolves.
  public static let defaultRelativeTolerance = 1e-7

  /// The convex hull of `points` (m, shape frame), by quickhull.
  ///
  /// Barber, Dobkin & Huhdanpaa, "The Quickhull algorithm for convex hulls", ACM TOMS 22(4),
  /// 1996: start from an extreme tetrahedron, repeatedly add the point farthest outside a face,
  /// replace the faces it sees by a cone from it to their horizon. Robustness as in Lloyd's
  /// quickhull3d and Gregorius ("Implementing Quickhull", GDC 2014): a face whose neighbour is
  /// coplanar or not clearly convex within the tolerance is merged with it into one polygon,
  /// so faces stay strictly convex and visibility stays well defined; vertices left on only
  /// two faces (on an edge or inside a face) are removed at the end.
  ///
  /// - Parameters:
  ///   - points: at least four finite points, not all coplanar.
  ///   - relativeTolerance: planarity tolerance as a fraction of the bounding-box diagonal
  ///     (`defaultRelativeTolerance`).
  /// - Throws: `ConvexHullError` for fewer than 4 points, a non-finite point, or points that
  ///   span no volume.
  ///
  /// Every input point lies inside every face plane to within a few tolerances (a seeded
  /// fuzz of 20 000 clouds — random, lattice, noisy cube surfaces, spheres, single-precision
  /// boxes — peaked at 2.7 ×): points dropped as within the tolerance of a face can end up
  /// slightly outside once later merges tilt that face's plane.
  /// - Complexity: O(n log n) expected for n points, O(n²) worst case.
  public init(points: [Vec3], relativeTolerance: Double = defaultRelativeTolerance) throws {
    guard points.count >= 4 else { throw ConvexHullError.tooFewPoints(count: points.count) }
    if let i = points.firstIndex(where: { !$0.isFinite }) {
      throw ConvexHullError.nonFinitePoint(index: i)
    }
    var builder = try QuickhullBuilder(points: points, relativeTolerance: relativeTolerance)
    builder.run()
    let (verts, loops) = builder.finish()
    try self.init(uncheckedVertices: verts, faces: loops)
  }

  /// The box with the given half-extents (m) about the origin, as a hull: vertex i at
  /// (±hx, ±hy, ±hz) with bit k of i choosing +hₖ (as `OrientedBox`), face 2k + s the face
  /// of axis k on side s (0: −, 1: +).
  ///
  /// Precondition: every half-extent is positive and finite.
  public static func box(halfExtents h: Vec3) -> ConvexHull {
    precondition(
      h.isFinite && h.x > 0 && h.y > 0 && h.z > 0,
      "ConvexHull.box: half-extents must be positive and finite, found \(h)")
    var v: [Vec3] = []
    for i in 0..<8 {
      v.append(
        Vec3(i & 1 != 0 ? h.x : -h.x, i & 2 != 0 ? h.y : -h.y, i & 4 != 0 ? h.z : -h.z))
    }
    var faces: [[Int]] = []
    for k in 0..<3 {
      let u = (k + 1) % 3
      let w = (k + 2) % 3
      for s in 0..<2 {
        // (u, w) corners (0,0) (1,0) (1,1) (0,1) run CCW about +e_k since e_u × e_w = e_k.
        var loop = [(0, 0), (1, 0), (1, 1), (0, 1)].map { (su, sw) in
          (s << k) | (su << u) | (sw << w)
        }
        if s == 0 { loop.reverse() }
        faces.append(loop)
      }
    }
    do {
      return try ConvexHull(uncheckedVertices: v, faces: faces)
    } catch {
      preconditionFailure("unreachable: a box's faces are consistent (\(error))")
    }
  }

  /// The unit cube (half-extents 1): boxes are viewed as it scaled per axis.
  static let unitCube = ConvexHull.box(halfExtents: Vec3(1, 1, 1))

  /// Triangles fanned from the first vertex of each face, CCW seen from outside, as vertex
  /// index triples (allocates; for renderers and tools).
  public var triangles: [SIMD3<Int32>] {
    var out: [SIMD3<Int32>] = []
    for f in 0..<faceCount {
      let loop = faceVertexIndices(f)
      let first = loop.first!
      for i in (loop.startIndex + 1)..<(loop.endIndex - 1) {
        out.append(SIMD3(first, loop[i], loop[i + 1]))
      }
    }
    return out
  }
}

// MARK: - Mass properties

extension ConvexHull {
  /// Volume (m³): the sum of the signed volumes of the tetrahedra joining `interiorPoint` to
  /// each face triangle, V = Σ det(a − r, b − r, c − r)/6.
  public var volume: Double {
    var sixV = 0.0
    forEachTetrahedron { a, b, c in sixV += a.dot(b.cross(c)) }
    return sixV / 6
  }

  /// Mass, centre of mass and inertia tensor of the hull filled at `density` (kg/m³).
  ///
  /// Each face is fanned into triangles (a, b, c), taken relative to the interior point r.
  /// The tetrahedron (0, a, b, c) of unit density has volume V = det/6 with det = a·(b × c),
  /// first moment V (a + b + c)/4, and second-moment (covariance) matrix
  /// C = det/120 · (a aᵀ + b bᵀ + c cᵀ + s sᵀ), s = a + b + c
  /// (Tonon, "Explicit exact formulas for the 3-D tetrahedron inertia tensor in terms of its
  /// vertex coordinates", J. Math. Stat. 1(1), 2004; Blow & Binstock, "How to find the inertia
  /// tensor of a 3D solid body represented by a triangle mesh", 2004: C = det A · A C₀ Aᵀ with
  /// C₀ = (I + 11ᵀ)/120 the canonical tetrahedron's). Summed: V, centroid d = Σ first moments
  /// / V (relative to r), C about r; moved to the centroid, C_c = C − V d dᵀ; the inertia is
  /// I = ρ (tr(C_c) E − C_c).
  public func massProperties(density rho: Double) -> MassProperties {
    var sixV = 0.0
    var moment = Vec3.zero  // 24 × first moment
    var cov = Matrix3.zero  // 120 × covariance
    forEachTetrahedron { a, b, c in
      let det = a.dot(b.cross(c))
      let s = a + b + c
      sixV += det
      moment += det * s
      cov =
        cov + det
        * (Matrix3.outer(a, a) + Matrix3.outer(b, b) + Matrix3.outer(c, c) + Matrix3.outer(s, s))
    }
    let v = sixV / 6
    let d = moment / (4 * sixV)  // (Σ det s / 24) / (Σ det / 6)
    let cr = (1.0 / 120.0) * cov
    let cc = cr - v * Matrix3.outer(d, d)
    let tr = cc.r0.x + cc.r1.y + cc.r2.z
    let inertia = rho * (Matrix3(diagonal: Vec3(repeating: tr)) - cc)
    return MassProperties(mass: rho * v, centerOfMass: interiorPoint + d, inertia: inertia)
  }

  /// Calls `body(a, b, c)` for every fan triangle, vertices relative to `interiorPoint`.
  private func forEachTetrahedron(_ body: (Vec3, Vec3, Vec3) -> Void) {
    let r = interiorPoint
    for f in 0..<faceCount {
      let loop = faceVertexIndices(f)
      let a = vertices[Int(loop[loop.startIndex])] - r
      for i in (loop.startIndex + 1)..<(loop.endIndex - 1) {
        body(a, vertices[Int(loop[i])] - r, vertices[Int(loop[i + 1])] - r)
      }
    }
  }
}

// MARK: - Quickhull

/// Working state of one quickhull run: polygon faces with planes and outside sets, and a map
/// from directed edge to the face that owns it (looked up, never iterated).
struct QuickhullBuilder {
  let points: [Vec3]
  /// Planarity tolerance (m).
  let tol: Double
  var loops: [[Int]] = []
  var normals: [Vec3] = []
  var offsets: [Double] = []
  var twiceAreas: [Double] = []
  var outside: [[Int]] = []
  var alive: [Bool] = []
  var edgeOwner: [Int: Int] = [:]

  init(points: [Vec3], relativeTolerance: Double) throws {
    self.points = points
    var lo = points[0]
    var hi = points[0]
    for p in points {
      lo = pointwiseMin(lo, p)
      hi = pointwiseMax(hi, p)
    }
    // Never below round-off of the coordinates themselves (Lloyd: 3 ε Σ max|xₖ|).
    let coordScale =
      Swift.max(abs(lo.x), abs(hi.x)) + Swift.max(abs(lo.y), abs(hi.y))
      + Swift.max(abs(lo.z), abs(hi.z))
    tol = Swift.max(relativeTolerance * (hi - lo).length, 3 * Double.ulpOfOne * coordScale)
    try makeSimplex()
  }

  func key(_ u: Int, _ v: Int) -> Int { u &* points.count &+ v }

  func distance(_ p: Int, _ f: Int) -> Double { normals[f].dot(points[p]) - offsets[f] }

  // MARK: Initial simplex

  mutating func makeSimplex() throws {
    let n = points.count
    // The extreme pair over the six axis extremes.
    var ext = [Int](repeating: 0, count: 6)
    for i in 0..<n {
      for k in 0..<3 {
        if points[i][k] < points[ext[2 * k]][k] { ext[2 * k] = i }
        if points[i][k] > points[ext[2 * k + 1]][k] { ext[2 * k + 1] = i }
      }
    }
    var i0 = ext[0]
    var i1 = ext[1]
    var best = -1.0
    for k in 0..<3 {
      let d = (points[ext[2 * k + 1]] - points[ext[2 * k]]).lengthSquared
      if d > best {
        best = d
        i0 = ext[2 * k]
        i1 = ext[2 * k + 1]
      }
    }
    if best.squareRoot() <= tol { throw ConvexHullError.degenerate(dimension: 0, tolerance: tol) }
    // The point farthest from the line i0 i1.
    let dir = (points[i1] - points[i0]).normalized
    var i2 = -1
    best = -1
    for i in 0..<n {
      let r = points[i] - points[i0]
      let d = (r - r.dot(dir) * dir).lengthSquared
      if d > best {
        best = d
        i2 = i
      }
    }
    if best.squareRoot() <= tol { throw ConvexHullError.degenerate(dimension: 1, tolerance: tol) }
    // The point farthest from the plane i0 i1 i2.
    let pn = (points[i1] - points[i0]).cross(points[i2] - points[i0]).normalized
    var i3 = -1
    best = -1
    for i in 0..<n {
      let d = abs(pn.dot(points[i] - points[i0]))
      if d > best {
        best = d
        i3 = i
      }
    }
    if best <= tol { throw ConvexHullError.degenerate(dimension: 2, tolerance: tol) }
    // Orient so that i3 lies below the base (i0, i1, i2).
    let base = pn.dot(points[i3] - points[i0]) < 0 ? [i0, i1, i2] : [i0, i2, i1]
    _ = addFace(base)
    _ = addFace([base[1], base[0], i3])
    _ = addFace([base[2], base[1], i3])
    _ = addFace([base[0], base[2], i3])
    let simplex = [i0, i1, i2, i3]
    for p in 0..<n where !simplex.contains(p) { assign(p, among: 0..<4) }
  }

  // MARK: Faces

  mutating func addFace(_ loop: [Int]) -> Int {
    let f = loops.count
    loops.append(loop)
    let (nrm, area2) = ConvexHull.newellPlane(loop.map { points[$0] })
    let c = loop.reduce(Vec3.zero) { $0 + points[$1] } / Double(loop.count)
    normals.append(nrm)
    offsets.append(nrm.dot(c))
    twiceAreas.append(area2)
    outside.append([])
    alive.append(true)
    for i in 0..<loop.count { edgeOwner[key(loop[i], loop[(i + 1) % loop.count])] = f }
    return f
  }

  mutating func kill(_ f: Int) {
    alive[f] = false
    let loop = loops[f]
    for i in 0..<loop.count {
      let k = key(loop[i], loop[(i + 1) % loop.count])
      if edgeOwner[k] == f { edgeOwner[k] = nil }
    }
  }

  /// Puts point p in the outside set of the face (among `faces`) it is farthest above, if it
  /// is above one by more than the tolerance; otherwise p is inside and dropped.
  mutating func assign<S: Sequence<Int>>(_ p: Int, among faces: S) {
    var best = tol
    var bf = -1
    for f in faces where alive[f] {
      let d = distance(p, f)
      if d > best {
        best = d
        bf = f
      }
    }
    if bf >= 0 { outside[bf].append(p) }
  }

  // MARK: Main loop

  mutating func run() {
    var cursor = 0
    while cursor < loops.count {
      if !alive[cursor] || outside[cursor].isEmpty {
        cursor += 1
        continue
      }
      // The farthest outside point of the face (ties: first in the set).
      var eye = -1
      var best = -Double.infinity
      for p in outside[cursor] {
        let d = distance(p, cursor)
        if d > best {
          best = d
          eye = p
        }
      }
      addPoint(eye, seen: cursor)
    }
  }

  /// Adds point `eye`, which lies above face `seed`.
  mutating func addPoint(_ eye: Int, seen seed: Int) {
    // Faces visible from the eye: a flood from the seed over faces it is above.
    var visible = [seed]
    var isVisible: Set<Int> = [seed]  // membership only, never iterated
    var k = 0
    while k < visible.count {
      let f = visible[k]
      k += 1
      let loop = loops[f]
      for i in 0..<loop.count {
        guard let g = edgeOwner[key(loop[(i + 1) % loop.count], loop[i])] else { continue }
        if alive[g] && !isVisible.contains(g) && distance(eye, g) > tol {
          visible.append(g)
          isVisible.insert(g)
        }
      }
    }
    // Horizon: directed edges of visible faces whose twin face is not visible, chained into
    // one loop. A vertex met twice means the visible region is not a disc (possible only
    // through round-off): then the eye is dropped, at most `tol` outside some face.
    var next: [Int: Int] = [:]
    var start = -1
    for f in visible {
      let loop = loops[f]
      for i in 0..<loop.count {
        let u = loop[i]
        let v = loop[(i + 1) % loop.count]
        guard let g = edgeOwner[key(v, u)], !isVisible.contains(g) else { continue }
        if next[u] != nil {
          outside[seed].removeAll { $0 == eye }
          return
        }
        next[u] = v
        if start < 0 { start = u }
      }
    }
    var horizon: [Int] = []
    var u = start
    repeat {
      horizon.append(u)
      guard let v = next[u], horizon.count <= next.count else { break }
      u = v
    } while u != start
    if u != start || horizon.count != next.count {
      outside[seed].removeAll { $0 == eye }
      return
    }
    // Replace the visible faces by the cone from the eye.
    var orphans: [Int] = []
    for f in visible {
      orphans.append(contentsOf: outside[f])
      outside[f] = []
      kill(f)
    }
    var created: [Int] = []
    for i in 0..<horizon.count {
      created.append(addFace([horizon[i], horizon[(i + 1) % horizon.count], eye]))
    }
    let touched = mergeFaces(startingWith: created, orphans: &orphans)
    for p in orphans where p != eye { assign(p, among: touched) }
  }

  // MARK: Merging

  /// Merges each face in the work list with any neighbour that is coplanar or not clearly
  /// convex; returns the alive faces the work produced. Outside points of merged faces go to
  /// `orphans` for reassignment.
  mutating func mergeFaces(startingWith work: [Int], orphans: inout [Int]) -> [Int] {
    var queue = work
    var produced = work
    var k = 0
    while k < queue.count {
      let f = queue[k]
      k += 1
      guard alive[f] else { continue }
      let loop = loops[f]
      var mergedInto = -1
      // A sliver (area below tol × longest edge) has no reliable plane: merge it across its
      // longest edge whatever the angle.
      var longest = 0
      var longestLen = -1.0
      for i in 0..<loop.count {
        let len = (points[loop[(i + 1) % loop.count]] - points[loop[i]]).length
        if len > longestLen {
          longestLen = len
          longest = i
        }
      }
      let sliver = twiceAreas[f] <= 2 * tol * longestLen
      for i in 0..<loop.count {
        if sliver && i != longest { continue }
        let u = loop[i]
        let v = loop[(i + 1) % loop.count]
        guard let g = edgeOwner[key(v, u)], g != f, alive[g] else { continue }
        if sliver || !clearlyConvex(f, g) {
          if let h = merge(f, g, orphans: &orphans) {
            mergedInto = h
            break
          }
        }
      }
      if mergedInto >= 0 {
        queue.append(mergedInto)
        produced.append(mergedInto)
      }
    }
    return produced.filter { alive[$0] }
  }

  /// True when each face's centroid lies below the other's plane by more than the
  /// tolerance (Lloyd's test). Centroids, not vertices: a vertex on the line where the two
  /// planes meet (collinear with the shared edge) lies in both planes without making them
  /// coplanar.
  func clearlyConvex(_ f: Int, _ g: Int) -> Bool {
    let cf = loops[f].reduce(Vec3.zero) { $0 + points[$1] } / Double(loops[f].count)
    let cg = loops[g].reduce(Vec3.zero) { $0 + points[$1] } / Double(loops[g].count)
    return normals[f].dot(cg) - offsets[f] < -tol && normals[g].dot(cf) - offsets[g] < -tol
  }

  /// Replaces faces f and g by one polygon: the directed edges of both with the shared pairs
  /// (u→v in one, v→u in the other) cancelled, chained into a loop. Returns nil (and changes
  /// nothing) when the remaining edges do not form one simple loop.
  mutating func merge(_ f: Int, _ g: Int, orphans: inout [Int]) -> Int? {
    var edgesLeft: [(Int, Int)] = []
    let lf = loops[f]
    let lg = loops[g]
    func has(_ l: [Int], _ u: Int, _ v: Int) -> Bool {
      for i in 0..<l.count where l[i] == u && l[(i + 1) % l.count] == v { return true }
      return false
    }
    for i in 0..<lf.count {
      let u = lf[i]
      let v = lf[(i + 1) % lf.count]
      if !has(lg, v, u) { edgesLeft.append((u, v)) }
    }
    for i in 0..<lg.count {
      let u = lg[i]
      let v = lg[(i + 1) % lg.count]
      if !has(lf, v, u) { edgesLeft.append((u, v)) }
    }
    guard edgesLeft.count >= 3 else { return nil }
    var loop: [Int] = [edgesLeft[0].0]
    var cur = edgesLeft[0].1
    while cur != loop[0] {
      if loop.contains(cur) || loop.count > edgesLeft.count { return nil }
      loop.append(cur)
      var found = false
      for e in edgesLeft where e.0 == cur {
        cur = e.1
        found = true
        break
      }
      if !found { return nil }
    }
    if loop.count != edgesLeft.count { return nil }
    orphans.append(contentsOf: outside[f])
    orphans.append(contentsOf: outside[g])
    outside[f] = []
    outside[g] = []
    kill(f)
    kill(g)
    return addFace(loop)
  }

  // MARK: Result

  /// The hull's vertices (in input order) and face loops over them, vertices on fewer than
  /// three faces removed.
  func finish() -> ([Vec3], [[Int]]) {
    var faceCountOf = [Int](repeating: 0, count: points.count)
    for f in 0..<loops.count where alive[f] {
      for p in loops[f] { faceCountOf[p] += 1 }
    }
    var remap = [Int](repeating: -1, count: points.count)
    var verts: [Vec3] = []
    for p in 0..<points.count where faceCountOf[p] >= 3 {
      remap[p] = verts.count
      verts.append(points[p])
    }
    var out: [[Int]] = []
    for f in 0..<loops.count where alive[f] {
      let loop = loops[f].compactMap { remap[$0] >= 0 ? remap[$0] : nil }
      if loop.count >= 3 { out.append(loop) }
    }
    return (verts, out)
  }
}
