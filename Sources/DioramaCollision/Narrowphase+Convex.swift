import DioramaCore

extension Narrowphase {
  /// Two convex shapes other than the sphere/box pairs with closed forms.
  /// SEAM: filled in by the convex-collision work (GJK/EPA or SAT, clipping, feature ids).
  static func convexConvex(
    _ a: Shape, _ ta: Transform, _ b: Shape, _ tb: Transform, margin: Double
  ) -> ContactManifold? {
    fatalError("SEAM: Narrowphase.convexConvex")
  }

  /// A convex shape other than sphere or box against a half-space.
  /// SEAM: filled in by the convex-collision work.
  static func convexHalfSpace(
    _ a: Shape, _ ta: Transform, _ h: HalfSpace, margin: Double
  ) -> ContactManifold? {
    fatalError("SEAM: Narrowphase.convexHalfSpace")
  }
}
