import DioramaCore

/// A static terrain: heights on a regular grid in the shape frame's xy plane.
///
/// Sample (row i, column j) sits at x = (j − (columns − 1)/2)·spacing.x,
/// y = (i − (rows − 1)/2)·spacing.y, z = heights[i·columns + j]. The solid lies below the
/// surface: triangles face +z and are one-sided for contact (see `TriangleMesh`).
///
/// Cell (i, j), 0 ≤ i < rows − 1, 0 ≤ j < columns − 1, is split along the diagonal from sample
/// (i, j) to (i + 1, j + 1), the same in every cell, into two counter-clockwise triangles:
///
///     k = 0: (i, j), (i, j + 1), (i + 1, j + 1)     below the diagonal
///     k = 1: (i, j), (i + 1, j + 1), (i + 1, j)     above it
///
/// and triangle index 2·(i·(columns − 1) + j) + k names it in contacts and ray hits. Lookups go
/// straight to the cells under a box; no hierarchy is needed. Active-edge flags (`ActiveEdges`)
/// are built once in `init`.
///
/// ```swift
/// let slope = Heightfield(
///   rows: 2, columns: 2, spacing: SIMD2(1, 1), heights: [0, 0.5, 0, 0.5])
/// slope.triangleNormal(0)  // (−0.447, 0, 0.894): rises along +x
/// ```
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
  /// Active-edge flags per triangle (2 (rows − 1)(columns − 1)): bit k set when edge k, from
  /// vertex k to vertex (k + 1) mod 3, is active; see `ActiveEdges`.
  public private(set) var activeEdges: [UInt8] = []

  /// Precondition: rows, columns ≥ 2, spacing > 0, heights.count == rows × columns, every
  /// height finite.
  public init(rows: Int, columns: Int, spacing: SIMD2<Double>, heights: [Double]) {
    precondition(rows >= 2 && columns >= 2, "Heightfield needs at least 2 × 2 samples")
    precondition(spacing.x > 0 && spacing.y > 0, "Heightfield spacing must be positive")
    precondition(heights.count == rows * columns, "Heightfield needs rows × columns heights")
    precondition(heights.allSatisfy(\.isFinite), "Heightfield: a height is not finite")
    self.rows = rows
    self.columns = columns
    self.spacing = spacing
    self.heights = heights
    let hx = 0.5 * Double(columns - 1) * spacing.x
    let hy = 0.5 * Double(rows - 1) * spacing.y
    let lo = heights.min() ?? 0
    let hi = heights.max() ?? 0
    localBounds = AABB(min: Vec3(-hx, -hy, lo), max: Vec3(hx, hy, hi))
    activeEdges = buildActiveEdges()
  }

  public static func == (a: Heightfield, b: Heightfield) -> Bool {
    a.rows == b.rows && a.columns == b.columns && a.spacing == b.spacing
      && a.heights == b.heights
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(rows)
    hasher.combine(columns)
    hasher.combine(spacing)
    hasher.combine(heights)
  }

  /// The surface point of sample (row, column) in the shape frame (m).
  @inlinable public func point(row: Int, column: Int) -> Vec3 {
    Vec3(
      (Double(column) - 0.5 * Double(columns - 1)) * spacing.x,
      (Double(row) - 0.5 * Double(rows - 1)) * spacing.y, heights[row * columns + column])
  }

  /// Number of triangles, 2 (rows − 1)(columns − 1).
  public var triangleCount: Int { 2 * (rows - 1) * (columns - 1) }

  /// Sample indices (row · columns + column) of triangle `t`'s vertices, counter-clockwise
  /// seen from above. Precondition: 0 ≤ t < triangleCount.
  @inline(__always)
  public func triangleSamples(_ t: Int) -> SIMD3<Int32> {
    precondition(t >= 0 && t < triangleCount, "Heightfield: triangle index out of range")
    let cell = t >> 1
    let i = cell / (columns - 1)
    let j = cell % (columns - 1)
    let s00 = Int32(i * columns + j)
    let s01 = s00 + 1
    let s10 = s00 + Int32(columns)
    let s11 = s10 + 1
    return t & 1 == 0 ? SIMD3(s00, s01, s11) : SIMD3(s00, s11, s10)
  }

  /// The surface point of sample `s` = row · columns + column (m).
  @inline(__always) func samplePoint(_ s: Int32) -> Vec3 {
    let s = Int(s)
    return point(row: s / columns, column: s % columns)
  }

  /// The three vertices of triangle `t` in the shape frame (m), counter-clockwise from above.
  public func triangleVertices(_ t: Int) -> (Vec3, Vec3, Vec3) {
    let s = triangleSamples(t)
    return (samplePoint(s.x), samplePoint(s.y), samplePoint(s.z))
  }

  /// Unit normal of triangle `t` (its z component is positive).
  public func triangleNormal(_ t: Int) -> Vec3 {
    let (a, b, c) = triangleVertices(t)
    return (b - a).cross(c - a).normalized
  }

  /// Calls `body` with the index of every triangle whose bounding box overlaps `box` (shape
  /// frame, m; closed boxes), cell by cell in row-major order, triangle 0 before 1.
  /// Allocates nothing.
  ///
  /// - Complexity: O(k) for the k cells under the box's xy footprint.
  @inline(__always)
  public func forEachTriangle(overlapping box: AABB, _ body: (Int) -> Void) {
    guard let (i0, i1, j0, j1) = cellRange(box) else { return }
    heights.withUnsafeBufferPointer { h in
      for i in i0...i1 {
        for j in j0...j1 {
          let s00 = i * columns + j
          let z00 = h[s00]
          let z01 = h[s00 + 1]
          let z10 = h[s00 + columns]
          let z11 = h[s00 + columns + 1]
          let x0 = (Double(j) - 0.5 * Double(columns - 1)) * spacing.x
          let y0 = (Double(i) - 0.5 * Double(rows - 1)) * spacing.y
          let x1 = x0 + spacing.x
          let y1 = y0 + spacing.y
          let cell = 2 * (i * (columns - 1) + j)
          // Triangle 0 spans x0…x1, y0…y1 (its corners (x0,y0), (x1,y0), (x1,y1)); so does 1.
          if x0 <= box.max.x && box.min.x <= x1 && y0 <= box.max.y && box.min.y <= y1 {
            let lo0 = Swift.min(z00, Swift.min(z01, z11))
            let hi0 = Swift.max(z00, Swift.max(z01, z11))
            if lo0 <= box.max.z && box.min.z <= hi0 { body(cell) }
            let lo1 = Swift.min(z00, Swift.min(z11, z10))
            let hi1 = Swift.max(z00, Swift.max(z11, z10))
            if lo1 <= box.max.z && box.min.z <= hi1 { body(cell + 1) }
          }
        }
      }
    }
  }

  /// Rows i0…i1 and columns j0…j1 of the cells whose xy footprint may overlap `box`, or nil
  /// when none does (or the box has a NaN bound).
  func cellRange(_ box: AABB) -> (Int, Int, Int, Int)? {
    guard box.overlaps(localBounds) else { return nil }
    let ox = localBounds.min.x
    let oy = localBounds.min.y
    func clampIndex(_ v: Double, _ last: Int) -> Int {
      let f = v.rounded(.down)
      if !(f > 0) { return 0 }
      if f >= Double(last) { return last }
      return Int(f)
    }
    let j0 = clampIndex((box.min.x - ox) / spacing.x, columns - 2)
    let j1 = clampIndex((box.max.x - ox) / spacing.x, columns - 2)
    let i0 = clampIndex((box.min.y - oy) / spacing.y, rows - 2)
    let i1 = clampIndex((box.max.y - oy) / spacing.y, rows - 2)
    return (i0, i1, j0, j1)
  }

  // MARK: - Active edges

  /// The triangle across edge k of triangle t and that triangle's vertex off the edge (a
  /// sample index), or nil on the border of the grid. Edges as in `triangleSamples`:
  /// k = 0 triangles: edge 0 is the cell's lower side, 1 its right side, 2 the diagonal;
  /// k = 1 triangles: edge 0 the diagonal, 1 the upper side, 2 the left side.
  func neighbour(of t: Int, edge k: Int) -> (triangle: Int, far: Int32)? {
    let cell = t >> 1
    let i = cell / (columns - 1)
    let j = cell % (columns - 1)
    let cols = columns - 1
    func sample(_ r: Int, _ c: Int) -> Int32 { Int32(r * columns + c) }
    if t & 1 == 0 {
      switch k {
      case 0:  // lower side: upper triangle of cell (i − 1, j)
        if i == 0 { return nil }
        return (2 * ((i - 1) * cols + j) + 1, sample(i - 1, j))
      case 1:  // right side: upper triangle of cell (i, j + 1)
        if j + 1 >= cols { return nil }
        return (2 * (i * cols + j + 1) + 1, sample(i + 1, j + 2))
      default:  // diagonal
        return (t + 1, sample(i + 1, j))
      }
    } else {
      switch k {
      case 0:  // diagonal
        return (t - 1, sample(i, j + 1))
      case 1:  // upper side: lower triangle of cell (i + 1, j)
        if i + 1 >= rows - 1 { return nil }
        return (2 * ((i + 1) * cols + j), sample(i + 2, j + 1))
      default:  // left side: lower triangle of cell (i, j − 1)
        if j == 0 { return nil }
        return (2 * (i * cols + j - 1), sample(i, j - 1))
      }
    }
  }

  private func buildActiveEdges() -> [UInt8] {
    var flags = [UInt8](repeating: ActiveEdges.all, count: triangleCount)
    for t in 0..<triangleCount {
      let s = triangleSamples(t)
      let n = triangleNormal(t)
      for k in 0..<3 {
        guard let (u, far) = neighbour(of: t, edge: k) else { continue }
        let active = ActiveEdges.isActive(
          normal: n, neighbourNormal: triangleNormal(u), edgeStart: samplePoint(s[k]),
          far: samplePoint(far))
        if !active { flags[t] &= ~(1 << UInt8(k)) }
      }
    }
    return flags
  }
}
