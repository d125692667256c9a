import DioramaCore

/// A static triangle soup in the shape frame: the ground of a terrain, a bowl, a ramp.
///
/// SEAM (filled in by the mesh work this session): a bounding-volume hierarchy over the
/// triangles, OBJ loading, contact and ray queries.
public struct TriangleMesh: Sendable, Hashable {
  /// Vertex positions in the shape frame (m).
  public internal(set) var vertices: [Vec3]
  /// Triangles as vertex index triples, counter-clockwise seen from the front (outside).
  public internal(set) var triangles: [SIMD3<Int32>]
  /// Bounds of the vertices in the shape frame.
  public internal(set) var localBounds: AABB

  /// Precondition: every index is a valid vertex index.
  public init(vertices: [Vec3], triangles: [SIMD3<Int32>]) {
    precondition(
      triangles.allSatisfy { t in
        (0..<3).allSatisfy { t[$0] >= 0 && Int(t[$0]) < vertices.count }
      }, "TriangleMesh: a triangle index is out of range")
    self.vertices = vertices
    self.triangles = triangles
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    for v in vertices {
      lo = pointwiseMin(lo, v)
      hi = pointwiseMax(hi, v)
    }
    localBounds = AABB(min: lo, max: hi)
  }
}
