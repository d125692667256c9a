import DioramaCore

/// An immutable triangle mesh for drawing, with its own bounding-volume hierarchy, built once
/// and shared by every object that shows it.
///
/// Instancing: `RenderMesh` is a final class, so `RenderShape.mesh(m)` on many objects holds
/// one reference, never a copy; a frame's `PreparedScene` lists each distinct mesh once (in
/// order of first appearance) and its primitives point at it by index. Equality and hashing
/// are by identity: two meshes built from equal arrays are different meshes.
///
/// Triangles are counter-clockwise seen from the front (outside), as in DioramaCollision's
/// `TriangleMesh`; the flat normal of triangle (a, b, c) is `(b − a) × (c − a)` normalised.
/// Meshes are drawn from both sides: the shading normal is flipped to face the viewer when the
/// front faces away, so open meshes (terrain, a sheet) shade the same from either side.
///
/// ```swift
/// let quad = RenderMesh(
///   vertices: [Vec3(-1, -1, 0), Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, 1, 0)],
///   triangles: [SIMD3(0, 1, 2), SIMD3(0, 2, 3)])
/// let tiles = (0..<4).map { i in
///   RenderObject(
///     id: Int32(i), shape: .mesh(quad), transform: Transform(position: Vec3(2 * Double(i), 0, 0)))
/// }
/// ```
public final class RenderMesh: @unchecked Sendable, Hashable {
  /// Vertex positions in the local frame (m).
  public let vertices: [Vec3]
  /// Triangles as vertex index triples, counter-clockwise seen from the front.
  public let triangles: [SIMD3<Int32>]
  /// Unit normals per vertex for smooth shading (interpolated with the hit's barycentric
  /// weights and renormalised), or nil for flat shading with each triangle's own normal.
  public let normals: [Vec3]?
  /// Smallest local box holding every vertex (m).
  public let boundsMin: Vec3
  public let boundsMax: Vec3

  /// The vertices some triangle uses (all of `vertices`, sharing its storage, when none is
  /// unused): what a projected 2D box is made of.
  let usedVertices: [Vec3]

  /// Tracing storage, written once in `init` and freed in `deinit`; the one place this
  /// module keeps unsafe memory that outlives a call (why the class is `@unchecked Sendable`:
  /// nothing writes to it after `init`).
  let storage: MeshStorage

  /// Builds the mesh and its BVH (binned SAH, up to 4 triangles per leaf).
  ///
  /// - Parameters:
  ///   - vertices: positions in the local frame (m), finite.
  ///   - triangles: vertex index triples, counter-clockwise seen from the front; degenerate
  ///     triangles are allowed and never hit.
  ///   - normals: one normal per vertex for smooth shading (normalised here; a zero normal
  ///     falls back to the flat one), or nil for flat shading.
  /// - Precondition: every index is a valid vertex index, coordinates are finite, and
  ///   `normals` (when given) has one entry per vertex.
  /// - Complexity: O(n log n) for n triangles.
  public init(vertices: [Vec3], triangles: [SIMD3<Int32>], normals: [Vec3]? = nil) {
    precondition(
      vertices.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite },
      "RenderMesh: a vertex coordinate is not finite")
    let vc = vertices.count
    for (i, t) in triangles.enumerated() {
      precondition(
        t.x >= 0 && t.y >= 0 && t.z >= 0 && Int(t.x) < vc && Int(t.y) < vc && Int(t.z) < vc,
        "RenderMesh: triangle \(i) has an index outside 0..<\(vc)")
    }
    if let normals {
      precondition(
        normals.count == vc,
        "RenderMesh: \(normals.count) normals for \(vc) vertices (need one per vertex)")
    }
    self.vertices = vertices
    self.triangles = triangles
    self.normals = normals?.map { n in
      let l = n.length
      return l > 0 && l.isFinite ? n / l : .zero
    }
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    for t in triangles {
      for k in 0..<3 {
        lo = pointwiseMin(lo, vertices[Int(t[k])])
        hi = pointwiseMax(hi, vertices[Int(t[k])])
      }
    }
    if triangles.isEmpty { (lo, hi) = (.zero, .zero) }
    var used = [Bool](repeating: false, count: vc)
    for t in triangles { (used[Int(t.x)], used[Int(t.y)], used[Int(t.z)]) = (true, true, true) }
    usedVertices =
      used.allSatisfy { $0 } ? vertices : vertices.indices.filter { used[$0] }.map { vertices[$0] }
    boundsMin = lo
    boundsMax = hi
    storage = MeshStorage(vertices: vertices, triangles: triangles, normals: self.normals)
  }

  deinit { storage.deallocate() }

  /// Number of triangles.
  public var triangleCount: Int { triangles.count }

  public static func == (a: RenderMesh, b: RenderMesh) -> Bool { a === b }

  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A mesh's tracing buffers: flattened BVH nodes, triangle corners and vertex indices in leaf
/// order, and the per-vertex normals. A trivial struct of pointers (no reference counting in
/// the traversal loop); valid while its `RenderMesh` lives, which `PreparedScene` guarantees by
/// holding the meshes.
struct MeshStorage {
  var nodes: UnsafeMutableBufferPointer<BVH.Node>
  /// Corner coordinates (m, mesh frame) in leaf order, 9 per triangle: triangle k's corner j
  /// component i is at 9k + 3j + i (a leaf reads one contiguous run).
  var corners: UnsafeMutableBufferPointer<Double>
  /// Vertex indices per triangle, leaf order.
  var indices: UnsafeMutableBufferPointer<SIMD3<Int32>>
  /// Unit normal per vertex (count = vertex count), or empty for flat shading.
  var normals: UnsafeMutableBufferPointer<Vec3>
  /// BVH depth (root = 1): the traversal stack needs at most this many entries.
  var depth: Int

  /// Largest leaf of a mesh BVH (triangles). Leaf 2, 4, 8 or 16 with C_trav 0.5 to 2 ran
  /// within 3% of each other (43 ms, the 20k-triangle benchmark frame, 1 spp, 1 thread).
  static let leafSize = 4
  /// Cost of visiting a mesh BVH node relative to one triangle test.
  static let traversalCost = 1.0

  init(vertices: [Vec3], triangles: [SIMD3<Int32>], normals vertexNormals: [Vec3]?) {
    var boxes: [(lo: Vec3, hi: Vec3)] = []
    boxes.reserveCapacity(triangles.count)
    for t in triangles {
      let a = vertices[Int(t.x)]
      let b = vertices[Int(t.y)]
      let c = vertices[Int(t.z)]
      boxes.append((pointwiseMin(a, pointwiseMin(b, c)), pointwiseMax(a, pointwiseMax(b, c))))
    }
    let bvh = BVH(
      bounds: boxes, indices: (0..<Int32(triangles.count)).map { $0 },
      maxLeafSize: MeshStorage.leafSize, traversalCost: MeshStorage.traversalCost)
    depth = bvh.depth
    nodes = .allocate(capacity: bvh.nodes.count)
    _ = nodes.initialize(from: bvh.nodes)
    corners = .allocate(capacity: 9 * triangles.count)
    indices = .allocate(capacity: triangles.count)
    for (k, i) in bvh.order.enumerated() {
      let t = triangles[Int(i)]
      indices.initializeElement(at: k, to: t)
      for j in 0..<3 {
        let v = vertices[Int(t[j])]
        for c in 0..<3 { corners.initializeElement(at: 9 * k + 3 * j + c, to: v[c]) }
      }
    }
    normals = .allocate(capacity: vertexNormals?.count ?? 0)
    if let n = vertexNormals { _ = normals.initialize(from: n) }
  }

  func deallocate() {
    nodes.deallocate()
    corners.deallocate()
    indices.deallocate()
    normals.deallocate()
  }
}
