import CLinearAlgebra

/// A dense real matrix in column-major storage, the layout BLAS and LAPACK expect.
///
/// Element (i, j) — row `i`, column `j`, both 0-based — lives at `storage[i + j * rows]`, so
/// each column is contiguous. Products call the reference CBLAS (`cblas_dgemm`,
/// `cblas_dgemv`); factorisations live in LinearSolve.swift.
///
/// ```swift
/// let a = DenseMatrix(rows: [[4, 1], [1, 3]])
/// let y = a * [1, 2]  // [6, 7]
/// let x = try CholeskyFactorization(a).solve(y)  // ≈ [1, 2]
/// ```
public struct DenseMatrix: Hashable, Sendable {
  /// Number of rows (m).
  public let rows: Int
  /// Number of columns (n).
  public let columns: Int
  /// The entries, column-major, length `rows * columns`: (i, j) at `i + j * rows`.
  public var storage: [Double]

  /// A `rows × columns` matrix filled with `value` (zero by default).
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "DenseMatrix: negative dimension \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    storage = [Double](repeating: value, count: rows * columns)
  }

  /// A matrix over existing column-major storage of length `rows * columns`.
  public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
    precondition(rows >= 0 && columns >= 0, "DenseMatrix: negative dimension \(rows)×\(columns)")
    precondition(
      storage.count == rows * columns,
      "DenseMatrix: \(rows)×\(columns) needs \(rows * columns) entries, found \(storage.count)")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// A matrix from a list of rows as written on paper; every row must have the same length.
  ///
  /// - Complexity: O(m·n).
  public init(rows rowList: [[Double]]) {
    let m = rowList.count
    let n = rowList.first?.count ?? 0
    self.init(rows: m, columns: n)
    for i in 0..<m {
      precondition(
        rowList[i].count == n,
        "DenseMatrix: row \(i) has \(rowList[i].count) entries, expected \(n)")
      for j in 0..<n { storage[i + j * m] = rowList[i][j] }
    }
  }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> DenseMatrix {
    var m = DenseMatrix(rows: n, columns: n)
    for i in 0..<n { m.storage[i + i * n] = 1 }
    return m
  }

  /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
  public static func diagonal(_ diagonal: [Double]) -> DenseMatrix {
    let n = diagonal.count
    var m = DenseMatrix(rows: n, columns: n)
    for i in 0..<n { m.storage[i + i * n] = diagonal[i] }
    return m
  }

  /// True when rows == columns.
  @inlinable public var isSquare: Bool { rows == columns }

  /// Element (i, j), 0-based row and column.
  @inlinable public subscript(i: Int, j: Int) -> Double {
    get {
      precondition(
        i >= 0 && i < rows && j >= 0 && j < columns, "DenseMatrix: (\(i), \(j)) out of range")
      return storage[i + j * rows]
    }
    set {
      precondition(
        i >= 0 && i < rows && j >= 0 && j < columns, "DenseMatrix: (\(i), \(j)) out of range")
      storage[i + j * rows] = newValue
    }
  }

  /// Column `j` as an array of length `rows`.
  public func column(_ j: Int) -> [Double] {
    precondition(j >= 0 && j < columns, "DenseMatrix: column \(j) out of range")
    return Array(storage[(j * rows)..<((j + 1) * rows)])
  }

  /// The transpose.
  ///
  /// - Complexity: O(m·n).
  public var transposed: DenseMatrix {
    var t = DenseMatrix(rows: columns, columns: rows)
    for j in 0..<columns {
      for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] }
    }
    return t
  }

  /// Largest absolute entry (0 for an empty matrix).
  public var maxAbs: Double { storage.reduce(0) { Swift.max($0, abs($1)) } }

  /// True when every entry is finite.
  public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

  /// Induced 1-norm: the largest column sum of absolute values, as LAPACK's `dlange('1')`.
  public var oneNorm: Double {
    var best = 0.0
    for j in 0..<columns {
      var s = 0.0
      for i in 0..<rows { s += abs(storage[i + j * rows]) }
      best = Swift.max(best, s)
    }
    return best
  }

  // MARK: - Products

  /// `alpha · op(a) · op(b)`, where `op` transposes when asked (`cblas_dgemm`).
  ///
  /// Dimensions must agree (a programming error otherwise).
  /// - Complexity: O(m·n·k).
  public static func product(
    _ a: DenseMatrix, _ b: DenseMatrix, transposeA ta: Bool = false, transposeB tb: Bool = false,
    alpha: Double = 1
  ) -> DenseMatrix {
    let m = ta ? a.columns : a.rows
    let k = ta ? a.rows : a.columns
    let kb = tb ? b.columns : b.rows
    let n = tb ? b.rows : b.columns
    precondition(k == kb, "DenseMatrix product: inner dimensions \(k) and \(kb) differ")
    var c = DenseMatrix(rows: m, columns: n)
    if m == 0 || n == 0 || k == 0 { return c }
    a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        c.storage.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress, Int32(Swift.max(1, a.rows)),
            pb.baseAddress, Int32(Swift.max(1, b.rows)), 0, pc.baseAddress, Int32(Swift.max(1, m)))
        }
      }
    }
    return c
  }

  /// `alpha · op(self) · x` (`cblas_dgemv`).
  ///
  /// - Complexity: O(m·n).
  public func multiply(_ x: [Double], transposed t: Bool = false, alpha: Double = 1) -> [Double] {
    let outCount = t ? columns : rows
    let inCount = t ? rows : columns
    precondition(
      x.count == inCount, "DenseMatrix·vector: expected \(inCount) entries, found \(x.count)")
    var y = [Double](repeating: 0, count: outCount)
    if rows == 0 || columns == 0 { return y }
    storage.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          cblas_dgemv(
            CblasColMajor, t ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), alpha,
            pa.baseAddress, Int32(Swift.max(1, rows)), px.baseAddress, 1, 0, py.baseAddress, 1)
        }
      }
    }
    return y
  }

  /// Matrix product (`cblas_dgemm`).
  public static func * (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix { product(a, b) }

  /// Matrix–vector product (`cblas_dgemv`).
  public static func * (a: DenseMatrix, x: [Double]) -> [Double] { a.multiply(x) }

  /// Entrywise sum.
  public static func + (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "DenseMatrix +: shapes differ")
    var c = a
    for k in 0..<c.storage.count { c.storage[k] += b.storage[k] }
    return c
  }

  /// Entrywise difference.
  public static func - (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "DenseMatrix -: shapes differ")
    var c = a
    for k in 0..<c.storage.count { c.storage[k] -= b.storage[k] }
    return c
  }

  /// Scalar multiple.
  public static func * (s: Double, a: DenseMatrix) -> DenseMatrix {
    var c = a
    for k in 0..<c.storage.count { c.storage[k] *= s }
    return c
  }
}
