import DioramaCore

/// A convex polyhedron: the convex hull of a point set, in the shape frame.
///
/// SEAM (filled in by the convex-collision work this session): `init(points:)` builds the hull
/// (quickhull), faces with outward planes and CCW vertex loops, and the half-edge adjacency that
/// SAT and clipping need.
public struct ConvexHull: Sendable, Hashable {
  /// Hull vertices in the shape frame (m); only points on the hull, no interior points.
  public internal(set) var vertices: [Vec3]

  init(uncheckedVertices: [Vec3]) { vertices = uncheckedVertices }
}

extension ConvexHull {
  /// Volume (m³). SEAM: filled in by the convex-collision work.
  public var volume: Double { fatalError("SEAM: ConvexHull.volume") }

  /// Mass properties at `density` (kg/m³). SEAM: filled in by the convex-collision work.
  public func massProperties(density: Double) -> MassProperties {
    fatalError("SEAM: ConvexHull.massProperties")
  }
}
