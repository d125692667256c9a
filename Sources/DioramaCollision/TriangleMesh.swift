import DioramaCore

/// A static triangle soup in the shape frame: the ground of a terrain, a bowl, a ramp.
///
/// Everything a query needs is built once, in `init`: each triangle's unit normal, its
/// active-edge flags (`ActiveEdges`: which edges may give a contact an edge normal, so that a
/// box sliding over a tessellated floor feels no seams), and a bounding-volume hierarchy
/// (`MeshBVH`, binned SAH) over the triangles. `forEachTriangle(overlapping:_:)` and
/// `raycast(origin:direction:maxDistance:)` then run without allocating.
///
/// Triangles are one-sided for contact: their front is the side from which the vertices run
/// counter-clockwise, and a convex shape whose centre lies behind a triangle's plane does not
/// touch that triangle (Jolt's default, back faces ignored). Close a mesh, or give a thin wall
/// two faces back to back, for contact from both sides. Ray casts hit both sides.
///
/// Load a Wavefront OBJ file with `init(objContentsOf:scale:)`.
///
/// ```swift
/// let quad = TriangleMesh(
///   vertices: [Vec3(-1, -1, 0), Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, 1, 0)],
///   triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3)])
/// quad.triangleNormals[0]  // (0, 0, 1)
/// quad.activeEdges[0]      // 0b011: the diagonal (edge 2, vertex 2 → 0) is inactive
/// ```
public struct TriangleMesh: Sendable, Hashable {
  /// Vertex positions in the shape frame (m).
  public let vertices: [Vec3]
  /// Triangles as vertex index triples, counter-clockwise seen from the front (outside).
  public let triangles: [SIMD3<Int32>]
  /// Bounds of the vertices in the shape frame.
  public let localBounds: AABB
  /// Unit front normal of each triangle (triangles.count): (b − a) × (c − a), normalised.
  /// Zero for a degenerate triangle (sine of its smallest angle below 1e-12), which never
  /// collides.
  public let triangleNormals: [Vec3]
  /// Active-edge flags (triangles.count): bit k set when edge k, from vertex k to vertex
  /// (k + 1) mod 3, is active; see `ActiveEdges` for the rules.
  public let activeEdges: [UInt8]
  /// Each triangle's vertex ids after welding exactly coincident positions (the smallest
  /// index holding that position): the ids in contact feature ids.
  let weldedTriangles: [SIMD3<Int32>]
  /// Hierarchy over the triangles' bounding boxes.
  let bvh: MeshBVH

  /// Builds normals, active edges and the bounding-volume hierarchy.
  ///
  /// Precondition: every index is a valid vertex index; every vertex is finite.
  /// - Complexity: O(n log n) for n triangles.
  public init(vertices: [Vec3], triangles: [SIMD3<Int32>]) {
    precondition(
      triangles.allSatisfy { t in
        (0..<3).allSatisfy { t[$0] >= 0 && Int(t[$0]) < vertices.count }
      }, "TriangleMesh: a triangle index is out of range")
    precondition(vertices.allSatisfy(\.isFinite), "TriangleMesh: a vertex is not finite")
    self.vertices = vertices
    self.triangles = triangles
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    for v in vertices {
      lo = pointwiseMin(lo, v)
      hi = pointwiseMax(hi, v)
    }
    localBounds = AABB(min: lo, max: hi)

    var normals = [Vec3](repeating: .zero, count: triangles.count)
    var triLo = [Vec3](repeating: .zero, count: triangles.count)
    var triHi = [Vec3](repeating: .zero, count: triangles.count)
    for (i, t) in triangles.enumerated() {
      let a = vertices[Int(t.x)]
      let b = vertices[Int(t.y)]
      let c = vertices[Int(t.z)]
      normals[i] = Self.normal(a, b, c)
      triLo[i] = pointwiseMin(a, pointwiseMin(b, c))
      triHi[i] = pointwiseMax(a, pointwiseMax(b, c))
    }
    triangleNormals = normals
    let welded = Self.weld(vertices: vertices, triangles: triangles)
    weldedTriangles = welded
    activeEdges = Self.activeEdgeFlags(vertices: vertices, triangles: welded, normals: normals)
    bvh = MeshBVH(lo: triLo, hi: triHi)
  }

  /// Two meshes are equal when their vertices and triangles are (everything else is derived).
  public static func == (a: TriangleMesh, b: TriangleMesh) -> Bool {
    a.vertices == b.vertices && a.triangles == b.triangles
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(vertices)
    hasher.combine(triangles)
  }

  /// Number of nodes in the bounding-volume hierarchy.
  public var hierarchyNodeCount: Int { bvh.nodes.count }

  /// Calls `body` with the index of every triangle whose bounding box overlaps `box` (shape
  /// frame, m; closed boxes, so touching counts), in hierarchy order. Allocates nothing.
  ///
  /// - Complexity: O(log n + k) for k triangles reported, on well-shaped meshes.
  @inline(__always)
  public func forEachTriangle(overlapping box: AABB, _ body: (Int) -> Void) {
    vertices.withUnsafeBufferPointer { v in
      triangles.withUnsafeBufferPointer { tris in
        bvh.forEachCandidate(overlapping: box) { i in
          let t = tris[i]
          let a = v[Int(t.x)]
          let b = v[Int(t.y)]
          let c = v[Int(t.z)]
          let lo = pointwiseMin(a, pointwiseMin(b, c))
          let hi = pointwiseMax(a, pointwiseMax(b, c))
          if lo.x <= box.max.x && box.min.x <= hi.x && lo.y <= box.max.y
            && box.min.y <= hi.y && lo.z <= box.max.z && box.min.z <= hi.z
          {
            body(i)
          }
        }
      }
    }
  }

  // MARK: - Building

  /// Unit normal of the triangle a, b, c (counter-clockwise), or zero when degenerate: the
  /// cross product's length below 1e-12 × the longer edge's squared length.
  static func normal(_ a: Vec3, _ b: Vec3, _ c: Vec3) -> Vec3 {
    let e1 = b - a
    let e2 = c - a
    let n = e1.cross(e2)
    let len = n.length
    let scale = Swift.max(e1.lengthSquared, e2.lengthSquared)
    if !(len > 1e-12 * scale) { return .zero }
    return n / len
  }

  /// The triangles with each vertex index replaced by the smallest index at the same
  /// position (exact equality), found by sorting the vertices lexicographically.
  static func weld(vertices: [Vec3], triangles: [SIMD3<Int32>]) -> [SIMD3<Int32>] {
    let order = vertices.indices.sorted { i, j in
      let a = vertices[i]
      let b = vertices[j]
      if a.x != b.x { return a.x < b.x }
      if a.y != b.y { return a.y < b.y }
      if a.z != b.z { return a.z < b.z }
      return i < j
    }
    var canonical = [Int32](repeating: 0, count: vertices.count)
    var k = 0
    while k < order.count {
      var end = k + 1
      while end < order.count && vertices[order[end]] == vertices[order[k]] { end += 1 }
      // order[k] is the smallest index of the run (ties sorted by index).
      for m in k..<end { canonical[order[m]] = Int32(order[k]) }
      k = end
    }
    return triangles.map { t in
      SIMD3(canonical[Int(t.x)], canonical[Int(t.y)], canonical[Int(t.z)])
    }
  }

  /// Active-edge flags from the welded triangles: edges are paired by sorting their
  /// (smaller id, larger id) keys; see `ActiveEdges` for the rules.
  static func activeEdgeFlags(vertices: [Vec3], triangles: [SIMD3<Int32>], normals: [Vec3])
    -> [UInt8]
  {
    var flags = [UInt8](repeating: ActiveEdges.all, count: triangles.count)
    // (edge key, triangle · 3 + edge) for every edge of a non-degenerate triangle.
    var edges: [(key: UInt64, slot: Int)] = []
    edges.reserveCapacity(3 * triangles.count)
    for (i, t) in triangles.enumerated() where normals[i] != .zero {
      for k in 0..<3 {
        let a = UInt64(UInt32(t[k]))
        let b = UInt64(UInt32(t[(k + 1) % 3]))
        edges.append((key: Swift.min(a, b) << 32 | Swift.max(a, b), slot: 3 * i + k))
      }
    }
    edges.sort { $0.key != $1.key ? $0.key < $1.key : $0.slot < $1.slot }
    var g = 0
    while g < edges.count {
      var end = g + 1
      while end < edges.count && edges[end].key == edges[g].key { end += 1 }
      if end - g == 2 {
        let (t1, k1) = (edges[g].slot / 3, edges[g].slot % 3)
        let (t2, k2) = (edges[g + 1].slot / 3, edges[g + 1].slot % 3)
        let a = triangles[t1]
        let b = triangles[t2]
        // A consistent pair runs the shared edge in opposite directions.
        if a[k1] == b[(k2 + 1) % 3] && a[(k1 + 1) % 3] == b[k2] {
          let start = vertices[Int(a[k1])]
          let far2 = vertices[Int(b[(k2 + 2) % 3])]
          let far1 = vertices[Int(a[(k1 + 2) % 3])]
          let n1 = normals[t1]
          let n2 = normals[t2]
          if !ActiveEdges.isActive(normal: n1, neighbourNormal: n2, edgeStart: start, far: far2) {
            flags[t1] &= ~(1 << UInt8(k1))
          }
          if !ActiveEdges.isActive(normal: n2, neighbourNormal: n1, edgeStart: start, far: far1) {
            flags[t2] &= ~(1 << UInt8(k2))
          }
        }
      }
      g = end
    }
    return flags
  }
}
