import DioramaCore

/// Which triangle edges of a mesh or heightfield may produce an edge normal in a contact.
///
/// A convex shape sliding over a flat floor made of many triangles touches the triangles' edges
/// as well as their faces, and the separating-axis or closest-point normal at an edge tilts
/// sideways: the shape bumps on "ghost" edges that a smooth floor does not have. The cure
/// (Jolt's active edges; Bullet's `btAdjustInternalEdgeContacts`) marks each edge once, at
/// build time:
/// - an edge on the border of the surface (one triangle) is active: it is a real edge;
/// - an edge between two triangles whose normals differ by less than `coplanarAngle` is
///   inactive: the surface is flat (or nearly) across it;
/// - a concave edge (the neighbour bends up, towards the front) is inactive: anything that
///   touches it also touches one of the two faces, whose normal is the right one;
/// - a convex edge between two triangles bent by more than `coplanarAngle` is active;
/// - an edge shared by three or more triangles, or by two whose windings disagree, is
///   active (no consistent neighbour to defer to).
///
/// A contact whose triangle feature is an inactive edge, or a vertex both of whose edges in
/// that triangle are inactive, takes the triangle's face normal instead.
///
/// Bit k of a triangle's flags is edge k, from vertex k to vertex (k + 1) mod 3.
enum ActiveEdges {
  /// Normals closer than this angle count as coplanar: 5°, Jolt's default
  /// (`mActiveEdgeCosThresholdAngle` = cos 5°).
  static let coplanarAngle = 5.0 * Double.pi / 180
  /// cos(`coplanarAngle`).
  static let coplanarCosine = 0.996_194_698_091_745_5

  /// All three edges active.
  static let all: UInt8 = 0b111

  /// Whether the edge from `edgeStart` shared by a triangle of unit normal `n` and a
  /// neighbour of unit normal `m`, whose third vertex is `far`, is active (see the type's
  /// rules). Concave means `far` lies in front of the first triangle's plane.
  static func isActive(normal n: Vec3, neighbourNormal m: Vec3, edgeStart: Vec3, far: Vec3)
    -> Bool
  {
    if n.dot(m) >= coplanarCosine { return false }
    if n.dot(far - edgeStart) > 0 { return false }
    return true
  }

  /// Whether triangle feature `region` (as `TriangleRegion`) may keep a normal of its own:
  /// the face always; an edge when it is active; a vertex when either of its two edges is.
  @inline(__always)
  static func allowsOwnNormal(_ region: TriangleRegion, flags: UInt8) -> Bool {
    switch region {
    case .face: return true
    case .edge(let k): return flags & (1 << k) != 0
    case .vertex(let i): return flags & (1 << i | 1 << ((i + 2) % 3)) != 0
    }
  }
}

/// The part of a triangle a closest point lies on: the interior, edge k (vertex k to k + 1),
/// or vertex i.
enum TriangleRegion: Equatable {
  case face
  case edge(Int)
  case vertex(Int)
}
