import DioramaCore

/// The convex hull of a hull object's points, just enough of it for validation and for
/// `ObjectSpec.volume`: whether the points span a volume, and that volume. The collision hull
/// itself (faces, adjacency) is `DioramaCollision.ConvexHull`, built by the World.
enum HullGeometry {
  /// Most points a `hull` may list; bounds the O(n·faces) validation cost.
  static let maxPoints = 1024

  /// Planarity tolerance as a fraction of the points' bounding-box diagonal: a point closer
  /// than this to a plane is on it. The same value as
  /// `DioramaCollision.ConvexHull.defaultRelativeTolerance`, so the points this accepts are the
  /// ones the World can build a hull from.
  static let relativeTolerance = 1e-7

  /// Volume (m³) of the convex hull of `points`, or nil when they do not span a volume (fewer
  /// than 4, non-finite, or all on one plane within the tolerance).
  ///
  /// Incremental hull (Clarkson–Shor; as in O'Rourke, *Computational Geometry in C*, §4.3):
  /// start from the largest tetrahedron found greedily, add each point outside the current
  /// hull by replacing the faces it sees with a fan from the point to their horizon. The
  /// volume is Σ (a − c)·((b − a) × (c' − a)) / 6 over the outward triangles (a, b, c') with c
  /// any interior point (divergence theorem on tetrahedra from c).
  /// - Complexity: O(n · f) for n points and f hull faces.
  static func volume(of points: [Vec3]) -> Double? {
    guard let (faces, interior) = hull(points) else { return nil }
    var sum = 0.0
    for f in faces {
      let a = points[f.x]
      let b = points[f.y]
      let c = points[f.z]
      sum += (a - interior).dot((b - a).cross(c - a))
    }
    return sum / 6
  }

  /// Outward, counter-clockwise triangles of the hull (vertex index triples) and a point
  /// inside it; nil when the points span no volume.
  static func hull(_ p: [Vec3]) -> (faces: [SIMD3<Int>], interior: Vec3)? {
    guard p.count >= 4, p.allSatisfy(\.isFinite) else { return nil }
    var lo = p[0]
    var hi = p[0]
    for q in p {
      lo = pointwiseMin(lo, q)
      hi = pointwiseMax(hi, q)
    }
    let eps = relativeTolerance * max((hi - lo).length, Double.leastNormalMagnitude)
    // A greedy large tetrahedron: extreme x, farthest point, farthest from their line,
    // farthest from their plane.
    let i0 = p.indices.min { p[$0].x < p[$1].x } ?? 0
    let i1 = p.indices.max { (p[$0] - p[i0]).length < (p[$1] - p[i0]).length } ?? 0
    let d = (p[i1] - p[i0]).normalized
    guard (p[i1] - p[i0]).length > eps else { return nil }
    func lineDistance(_ k: Int) -> Double { (p[k] - p[i0]).cross(d).length }
    let i2 = p.indices.max { lineDistance($0) < lineDistance($1) } ?? 0
    guard lineDistance(i2) > eps else { return nil }
    let n = (p[i1] - p[i0]).cross(p[i2] - p[i0]).normalized
    func planeDistance(_ k: Int) -> Double { abs(n.dot(p[k] - p[i0])) }
    let i3 = p.indices.max { planeDistance($0) < planeDistance($1) } ?? 0
    guard planeDistance(i3) > eps else { return nil }
    let interior = 0.25 * (p[i0] + p[i1] + p[i2] + p[i3])

    var faces: [SIMD3<Int>] = []
    var normals: [Vec3] = []
    func add(_ a: Int, _ b: Int, _ c: Int) {
      var f = SIMD3(a, b, c)
      var m = (p[b] - p[a]).cross(p[c] - p[a]).normalized
      if m.dot(interior - p[a]) > 0 {
        f = SIMD3(a, c, b)
        m = -m
      }
      faces.append(f)
      normals.append(m)
    }
    add(i0, i1, i2)
    add(i0, i1, i3)
    add(i0, i2, i3)
    add(i1, i2, i3)

    let seed: Set<Int> = [i0, i1, i2, i3]
    for k in p.indices where !seed.contains(k) {
      var visible: [Int] = []
      for (j, f) in faces.enumerated() where normals[j].dot(p[k] - p[f.x]) > eps {
        visible.append(j)
      }
      if visible.isEmpty { continue }
      // Directed edges of the visible faces; a horizon edge is one whose reverse is not
      // among them. Lookups only: the faces are walked in array order.
      var edges = Set<SIMD2<Int>>()
      for j in visible {
        let f = faces[j]
        edges.insert(SIMD2(f.x, f.y))
        edges.insert(SIMD2(f.y, f.z))
        edges.insert(SIMD2(f.z, f.x))
      }
      var horizon: [SIMD2<Int>] = []
      for j in visible {
        let f = faces[j]
        for e in [SIMD2(f.x, f.y), SIMD2(f.y, f.z), SIMD2(f.z, f.x)]
        where !edges.contains(SIMD2(e.y, e.x)) {
          horizon.append(e)
        }
      }
      let gone = Set(visible)
      var keptFaces: [SIMD3<Int>] = []
      var keptNormals: [Vec3] = []
      for j in faces.indices where !gone.contains(j) {
        keptFaces.append(faces[j])
        keptNormals.append(normals[j])
      }
      faces = keptFaces
      normals = keptNormals
      for e in horizon {
        // The visible face ran a → b counter-clockwise; the new face keeps that order.
        faces.append(SIMD3(e.x, e.y, k))
        normals.append((p[e.y] - p[e.x]).cross(p[k] - p[e.x]).normalized)
      }
    }
    return (faces, interior)
  }
}
