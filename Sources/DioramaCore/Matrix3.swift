/// A 3×3 matrix stored as three rows: inertia tensors, rotation matrices.
@frozen
public struct Matrix3: Hashable, Sendable {
  public var r0: Vec3
  public var r1: Vec3
  public var r2: Vec3

  @inlinable public init(rows r0: Vec3, _ r1: Vec3, _ r2: Vec3) {
    self.r0 = r0
    self.r1 = r1
    self.r2 = r2
  }

  /// A diagonal matrix.
  @inlinable public init(diagonal d: Vec3) {
    self.init(rows: Vec3(d.x, 0, 0), Vec3(0, d.y, 0), Vec3(0, 0, d.z))
  }

  public static let identity = Matrix3(diagonal: Vec3(1, 1, 1))
  public static let zero = Matrix3(diagonal: .zero)

  @inlinable @inline(__always) public var transposed: Matrix3 {
    Matrix3(
      rows: Vec3(r0.x, r1.x, r2.x), Vec3(r0.y, r1.y, r2.y), Vec3(r0.z, r1.z, r2.z))
  }

  @inlinable @inline(__always) public static func * (m: Matrix3, v: Vec3) -> Vec3 {
    Vec3(m.r0.dot(v), m.r1.dot(v), m.r2.dot(v))
  }

  @inlinable @inline(__always) public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
    let bt = b.transposed
    return Matrix3(
      rows: Vec3(a.r0.dot(bt.r0), a.r0.dot(bt.r1), a.r0.dot(bt.r2)),
      Vec3(a.r1.dot(bt.r0), a.r1.dot(bt.r1), a.r1.dot(bt.r2)),
      Vec3(a.r2.dot(bt.r0), a.r2.dot(bt.r1), a.r2.dot(bt.r2)))
  }

  /// `R · diag(d) · Rᵀ`: a body-frame diagonal tensor (inertia) expressed in the world frame.
  @inlinable public static func rotated(diagonal d: Vec3, by r: Matrix3) -> Matrix3 {
    let a = Matrix3(rows: r.r0 * d, r.r1 * d, r.r2 * d)
    return a * r.transposed
  }

  @inlinable @inline(__always) public static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
    Matrix3(rows: a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2)
  }

  @inlinable @inline(__always) public static func - (a: Matrix3, b: Matrix3) -> Matrix3 {
    Matrix3(rows: a.r0 - b.r0, a.r1 - b.r1, a.r2 - b.r2)
  }

  @inlinable @inline(__always) public static func * (s: Double, m: Matrix3) -> Matrix3 {
    Matrix3(rows: s * m.r0, s * m.r1, s * m.r2)
  }

  /// The outer product a bᵀ.
  @inlinable public static func outer(_ a: Vec3, _ b: Vec3) -> Matrix3 {
    Matrix3(rows: a.x * b, a.y * b, a.z * b)
  }

  /// Diagonal entries.
  @inlinable public var diagonal: Vec3 { Vec3(r0.x, r1.y, r2.z) }

  /// Determinant.
  @inlinable public var determinant: Double { r0.dot(r1.cross(r2)) }

  /// The inverse, by the adjugate; the zero matrix when singular (|det| below 1e-300).
  @inlinable @inline(__always) public var inverse: Matrix3 {
    let c0 = r1.cross(r2)
    let c1 = r2.cross(r0)
    let c2 = r0.cross(r1)
    let det = r0.dot(c0)
    if abs(det) < 1e-300 { return .zero }
    // Columns of the inverse are the cross products over det; rows = transpose.
    return (1 / det) * Matrix3(rows: c0, c1, c2).transposed
  }
}
