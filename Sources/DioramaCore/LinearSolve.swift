import CLinearAlgebra

/// Why a dense solve failed. Indices are 0-based, like the rest of Swift.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
  /// LU found an exactly zero pivot: U(pivot, pivot) = 0, so the matrix is singular.
  case singular(pivot: Int)
  /// Cholesky failed at diagonal `minor`: the leading (minor+1)×(minor+1) block is not
  /// positive definite (the matrix is not symmetric positive definite).
  case notPositiveDefinite(minor: Int)
  /// Least squares found a zero on the diagonal of the triangular factor at `column`: the
  /// matrix does not have full rank.
  case rankDeficient(column: Int)
  /// Shapes do not fit: `what` names the dimension, with the expected and found sizes.
  case dimensionMismatch(what: String, expected: Int, found: Int)
  /// An input entry is NaN or infinite (row and column of the first one; column 0 for vectors).
  case nonFinite(row: Int, column: Int)

  public var description: String {
    switch self {
    case .singular(let p):
      return "matrix is singular: pivot \(p) is exactly zero"
    case .notPositiveDefinite(let k):
      return "matrix is not positive definite: Cholesky failed at diagonal \(k) "
        + "(leading \(k + 1)×\(k + 1) minor)"
    case .rankDeficient(let c):
      return "matrix is rank deficient: triangular factor has a zero at column \(c)"
    case .dimensionMismatch(let what, let expected, let found):
      return "dimension mismatch: \(what): expected \(expected), found \(found)"
    case .nonFinite(let r, let c):
      return "non-finite input entry at (\(r), \(c))"
    }
  }
}

// MARK: - Shared helpers

@inline(__always) private func lapackChar(_ c: Unicode.Scalar) -> CChar {
  CChar(bitPattern: UInt8(ascii: c))
}

/// Throws `.nonFinite` naming the first NaN or infinite entry of a column-major array.
private func checkFinite(_ values: [Double], rows: Int) throws(LinearAlgebraError) {
  for k in 0..<values.count where !values[k].isFinite {
    let r = Swift.max(rows, 1)
    throw .nonFinite(row: k % r, column: k / r)
  }
}

private func checkSquare(_ a: DenseMatrix) throws(LinearAlgebraError) {
  guard a.isSquare else {
    throw .dimensionMismatch(what: "columns of a square matrix", expected: a.rows, found: a.columns)
  }
}

// MARK: - LU

/// LU factorisation with partial pivoting, P·A = L·U (LAPACK `dgetrf`), for general square
/// systems.
///
/// ```swift
/// let lu = try LUFactorization(a)
/// let x = try lu.solve(b)
/// ```
/// Reports `.singular(pivot:)` only for an exactly zero pivot; check
/// `reciprocalConditionNumber` for near-singular systems.
public struct LUFactorization: Sendable {
  /// Order n of the matrix.
  public let dimension: Int
  /// L (unit lower, below the diagonal) and U (on and above it), column-major, n×n.
  public let factors: [Double]
  /// LAPACK pivot indices (1-based): row i was interchanged with row `pivots[i]` − 1.
  public let pivots: [Int32]
  /// 1-norm of the original matrix, for the condition estimate.
  public let oneNorm: Double

  /// Factorises a square matrix.
  ///
  /// - Throws: `.dimensionMismatch` if not square, `.nonFinite` for NaN/∞ entries,
  ///   `.singular(pivot:)` for an exactly zero pivot.
  /// - Complexity: O(n³).
  public init(_ a: DenseMatrix) throws(LinearAlgebraError) {
    try checkSquare(a)
    try checkFinite(a.storage, rows: a.rows)
    let n = a.rows
    var lu = a.storage
    var ipiv = [Int32](repeating: 0, count: n)
    if n > 0 {
      let info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), &lu, Int32(n), &ipiv)
      precondition(info >= 0, "LAPACKE_dgetrf: illegal argument \(-info)")
      if info > 0 { throw .singular(pivot: Int(info) - 1) }
    }
    dimension = n
    factors = lu
    pivots = ipiv
    oneNorm = a.oneNorm
  }

  /// det(A) = sign(P) · ∏ U(i, i).
  ///
  /// - Complexity: O(n).
  public var determinant: Double {
    var d = 1.0
    for i in 0..<dimension {
      d *= factors[i + i * dimension]
      if pivots[i] != Int32(i + 1) { d = -d }
    }
    return d
  }

  /// Estimate of 1/κ₁(A) (LAPACK `dgecon`): near 1 is well conditioned, near machine epsilon
  /// (2.2e-16) is numerically singular.
  ///
  /// - Complexity: O(n²).
  public var reciprocalConditionNumber: Double {
    if dimension == 0 { return 1 }
    var rcond = 0.0
    let info = LAPACKE_dgecon(
      LAPACK_COL_MAJOR, lapackChar("1"), Int32(dimension), factors, Int32(dimension), oneNorm,
      &rcond)
    precondition(info == 0, "LAPACKE_dgecon: info \(info)")
    return rcond
  }

  /// Solves A·X = B in place for the n×k right-hand sides in `b` (column-major, length n·k).
  ///
  /// - Complexity: O(n²·k).
  public func solve(inPlace b: inout [Double], rightHandSides k: Int = 1) throws(LinearAlgebraError)
  {
    guard b.count == dimension * k else {
      throw .dimensionMismatch(
        what: "entries of the right-hand side", expected: dimension * k, found: b.count)
    }
    try checkFinite(b, rows: dimension)
    if dimension == 0 || k == 0 { return }
    let info = LAPACKE_dgetrs(
      LAPACK_COL_MAJOR, lapackChar("N"), Int32(dimension), Int32(k), factors, Int32(dimension),
      pivots, &b, Int32(dimension))
    precondition(info == 0, "LAPACKE_dgetrs: illegal argument \(-info)")
  }

  /// Solves A·x = b for one right-hand side of length n.
  public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    var x = b
    try solve(inPlace: &x)
    return x
  }

  /// Solves A·X = B for every column of `b` (n×k).
  public func solve(_ b: DenseMatrix) throws(LinearAlgebraError) -> DenseMatrix {
    guard b.rows == dimension else {
      throw .dimensionMismatch(
        what: "rows of the right-hand side", expected: dimension, found: b.rows)
    }
    var x = b.storage
    try solve(inPlace: &x, rightHandSides: b.columns)
    return DenseMatrix(rows: b.rows, columns: b.columns, columnMajor: x)
  }
}

// MARK: - Cholesky

/// Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix (LAPACK `dpotrf`),
/// for mass matrices and contact/constraint systems J·M⁻¹·Jᵀ (+ regularisation).
///
/// Only the lower triangle of the input is read; the caller is responsible for symmetry.
///
/// ```swift
/// let chol = try CholeskyFactorization(massMatrix)
/// let qdd = try chol.solve(tau)
/// ```
public struct CholeskyFactorization: Sendable {
  /// Order n of the matrix.
  public let dimension: Int
  /// L in the lower triangle, column-major n×n (the strict upper triangle holds the input's).
  public let factors: [Double]
  /// 1-norm of the original (symmetrised from its lower triangle) matrix.
  public let oneNorm: Double

  /// Factorises a symmetric positive-definite matrix.
  ///
  /// - Throws: `.dimensionMismatch` if not square, `.nonFinite` for NaN/∞ entries,
  ///   `.notPositiveDefinite(minor:)` naming the diagonal where the factorisation failed.
  /// - Complexity: O(n³/3).
  public init(_ a: DenseMatrix) throws(LinearAlgebraError) {
    try checkSquare(a)
    try checkFinite(a.storage, rows: a.rows)
    let n = a.rows
    var l = a.storage
    if n > 0 {
      let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, lapackChar("L"), Int32(n), &l, Int32(n))
      precondition(info >= 0, "LAPACKE_dpotrf: illegal argument \(-info)")
      if info > 0 { throw .notPositiveDefinite(minor: Int(info) - 1) }
    }
    // 1-norm of the symmetric matrix whose lower triangle was given.
    var norm = 0.0
    for j in 0..<n {
      var s = 0.0
      for i in 0..<n { s += abs(i >= j ? a.storage[i + j * n] : a.storage[j + i * n]) }
      norm = Swift.max(norm, s)
    }
    dimension = n
    factors = l
    oneNorm = norm
  }

  /// det(A) = ∏ L(i, i)².
  public var determinant: Double {
    var d = 1.0
    for i in 0..<dimension { d *= factors[i + i * dimension] }
    return d * d
  }

  /// The factor L as a matrix (zeros above the diagonal).
  public var lower: DenseMatrix {
    var m = DenseMatrix(rows: dimension, columns: dimension)
    for j in 0..<dimension {
      for i in j..<dimension { m.storage[i + j * dimension] = factors[i + j * dimension] }
    }
    return m
  }

  /// Estimate of 1/κ₁(A) (LAPACK `dpocon`).
  ///
  /// - Complexity: O(n²).
  public var reciprocalConditionNumber: Double {
    if dimension == 0 { return 1 }
    var rcond = 0.0
    let info = LAPACKE_dpocon(
      LAPACK_COL_MAJOR, lapackChar("L"), Int32(dimension), factors, Int32(dimension), oneNorm,
      &rcond)
    precondition(info == 0, "LAPACKE_dpocon: info \(info)")
    return rcond
  }

  /// Solves A·X = B in place for n×k right-hand sides (column-major, length n·k).
  ///
  /// - Complexity: O(n²·k).
  public func solve(inPlace b: inout [Double], rightHandSides k: Int = 1) throws(LinearAlgebraError)
  {
    guard b.count == dimension * k else {
      throw .dimensionMismatch(
        what: "entries of the right-hand side", expected: dimension * k, found: b.count)
    }
    try checkFinite(b, rows: dimension)
    if dimension == 0 || k == 0 { return }
    let info = LAPACKE_dpotrs(
      LAPACK_COL_MAJOR, lapackChar("L"), Int32(dimension), Int32(k), factors, Int32(dimension),
      &b, Int32(dimension))
    precondition(info == 0, "LAPACKE_dpotrs: illegal argument \(-info)")
  }

  /// Solves A·x = b for one right-hand side of length n.
  public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    var x = b
    try solve(inPlace: &x)
    return x
  }

  /// Solves A·X = B for every column of `b` (n×k).
  public func solve(_ b: DenseMatrix) throws(LinearAlgebraError) -> DenseMatrix {
    guard b.rows == dimension else {
      throw .dimensionMismatch(
        what: "rows of the right-hand side", expected: dimension, found: b.rows)
    }
    var x = b.storage
    try solve(inPlace: &x, rightHandSides: b.columns)
    return DenseMatrix(rows: b.rows, columns: b.columns, columnMajor: x)
  }
}

// MARK: - Least squares

/// Minimises ‖A·x − b‖₂ for a full-rank m×n matrix with m ≥ n (LAPACK `dgels`, QR); for
/// m < n returns the minimum-norm solution of the underdetermined system (LQ).
///
/// - Parameters:
///   - a: m×n matrix of full rank min(m, n).
///   - b: right-hand side of length m.
/// - Returns: x of length n.
/// - Throws: `.dimensionMismatch` if `b.count != m`, `.nonFinite` for NaN/∞ input,
///   `.rankDeficient(column:)` when A is not of full rank.
/// - Complexity: O(m·n·min(m, n)).
public func leastSquares(_ a: DenseMatrix, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
  let m = a.rows
  let n = a.columns
  guard b.count == m else {
    throw .dimensionMismatch(what: "entries of the right-hand side", expected: m, found: b.count)
  }
  try checkFinite(a.storage, rows: m)
  try checkFinite(b, rows: m)
  if n == 0 { return [] }
  if m == 0 { return [Double](repeating: 0, count: n) }
  var qr = a.storage
  let ldb = Swift.max(m, n)
  var rhs = [Double](repeating: 0, count: ldb)
  for i in 0..<m { rhs[i] = b[i] }
  let info = LAPACKE_dgels(
    LAPACK_COL_MAJOR, lapackChar("N"), Int32(m), Int32(n), 1, &qr, Int32(m), &rhs, Int32(ldb))
  precondition(info >= 0, "LAPACKE_dgels: illegal argument \(-info)")
  if info > 0 { throw .rankDeficient(column: Int(info) - 1) }
  return Array(rhs[0..<n])
}
