import DioramaCore

/// A static terrain: heights on a regular grid in the shape frame's xy plane.
///
/// Sample (row i, column j) sits at x = (j − (columns − 1)/2)·spacing.x,
/// y = (i − (rows − 1)/2)·spacing.y, z = heights[i·columns + j]; each grid cell is two
/// triangles. The solid lies below the surface.
///
/// SEAM (filled in by the mesh work this session): contact and ray queries.
public struct Heightfield: Sendable, Hashable {
  /// Number of rows (along y) and columns (along x); both ≥ 2.
  public let rows: Int
  public let columns: Int
  /// Grid spacing along x and y (m).
  public let spacing: SIMD2<Double>
  /// Heights (m), row-major, rows × columns.
  public let heights: [Double]
  /// Bounds of the surface in the shape frame.
  public let localBounds: AABB

  /// Precondition: rows, columns ≥ 2, spacing > 0, heights.count == rows × columns.
  public init(rows: Int, columns: Int, spacing: SIMD2<Double>, heights: [Double]) {
    precondition(rows >= 2 && columns >= 2, "Heightfield needs at least 2 × 2 samples")
    precondition(spacing.x > 0 && spacing.y > 0, "Heightfield spacing must be positive")
    precondition(heights.count == rows * columns, "Heightfield needs rows × columns heights")
    self.rows = rows
    self.columns = columns
    self.spacing = spacing
    self.heights = heights
    let hx = 0.5 * Double(columns - 1) * spacing.x
    let hy = 0.5 * Double(rows - 1) * spacing.y
    let lo = heights.min() ?? 0
    let hi = heights.max() ?? 0
    localBounds = AABB(min: Vec3(-hx, -hy, lo), max: Vec3(hx, hy, hi))
  }

  /// The surface point of sample (row, column) in the shape frame (m).
  @inlinable public func point(row: Int, column: Int) -> Vec3 {
    Vec3(
      (Double(column) - 0.5 * Double(columns - 1)) * spacing.x,
      (Double(row) - 0.5 * Double(rows - 1)) * spacing.y, heights[row * columns + column])
  }
}
