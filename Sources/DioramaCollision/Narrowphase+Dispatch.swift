import DioramaCore

extension Narrowphase {
  /// Every manifold between any two shapes, appended to `manifolds`: one for a convex pair,
  /// one per touching child pair of a compound, one per touching triangle (or reduced set)
  /// of a mesh or heightfield. Each manifold's `subShapeA`/`subShapeB` say which part made it.
  ///
  /// Conventions as `collide`: normals from B towards A, speculative points within `margin`.
  /// Static-only shapes (mesh, heightfield) never meet each other.
  public static func collide(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double,
    into manifolds: inout [ContactManifold]
  ) {
    if case .compound(let c) = a {
      let bBox = b.aabb(tb).expanded(by: margin)
      for (i, child) in c.children.enumerated() {
        let tc = ta * child.transform
        guard child.shape.aabb(tc).overlaps(bBox) else { continue }
        let first = manifolds.count
        collide(child.shape, tc, b, tb, margin: margin, into: &manifolds)
        for k in first..<manifolds.count { manifolds[k].subShapeA = UInt32(i) }
      }
      return
    }
    if case .compound = b {
      let first = manifolds.count
      collide(b, tb, a, ta, margin: margin, into: &manifolds)
      for k in first..<manifolds.count { manifolds[k] = manifolds[k].flipped }
      return
    }
    switch (a, b) {
    case (.triangleMesh, _), (.heightfield, _):
      let first = manifolds.count
      collideStatic(b, tb, a, ta, margin: margin, into: &manifolds)
      for k in first..<manifolds.count { manifolds[k] = manifolds[k].flipped }
    case (_, .triangleMesh), (_, .heightfield):
      collideStatic(a, ta, b, tb, margin: margin, into: &manifolds)
    default:
      if let m = collide(a, ta, b, tb, margin: margin) { manifolds.append(m) }
    }
  }

  /// Convex shape `a` against a static mesh or heightfield `b`: manifolds with subShapeB the
  /// triangle index (Narrowphase+Mesh.swift).
  static func collideStatic(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double,
    into manifolds: inout [ContactManifold]
  ) {
    precondition(a.isConvex, "meshes and heightfields only meet convex shapes")
    collideConvexStatic(a, ta, b, tb, margin: margin, into: &manifolds)
  }
}
