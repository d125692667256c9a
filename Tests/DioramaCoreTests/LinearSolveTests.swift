import DioramaCore
import Foundation
import Testing
import _TestSupport

/// The n×n Hilbert matrix H(i, j) = 1/(i + j + 1), 0-based.
private func hilbert(_ n: Int) -> DenseMatrix {
  var h = DenseMatrix(rows: n, columns: n)
  for i in 0..<n {
    for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) }
  }
  return h
}

private func norm2(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

private func sub(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }

@Suite struct LUFactorizationTests {
  // The classic Gaussian-elimination example with solution (2, 3, −1) and det = −1.
  private let a = DenseMatrix(rows: [[2, 1, -1], [-3, -1, 2], [-2, 1, 2]])

  // Tolerance 1e-14: a well-conditioned 3×3 (κ₁ ≈ 40) solved in double precision.
  @Test func solvesIntegerSystem() throws {
    let lu = try LUFactorization(a)
    let x = try lu.solve([8, -11, -3])
    #expect(isClose(x[0], 2, relative: 1e-14))
    #expect(isClose(x[1], 3, relative: 1e-14))
    #expect(isClose(x[2], -1, relative: 1e-14))
    #expect(isClose(lu.determinant, -1, relative: 1e-14))
  }

  @Test func solvesManyRightHandSidesToTheInverse() throws {
    let lu = try LUFactorization(a)
    let inverse = try lu.solve(DenseMatrix.identity(3))
    let product = a * inverse
    #expect((product - DenseMatrix.identity(3)).maxAbs < 1e-14)
  }

  @Test func determinantCarriesPivotSign() throws {
    // A row swap: det [[0, 1], [1, 0]] = −1; det of a diagonal is its product.
    #expect(try LUFactorization(DenseMatrix(rows: [[0, 1], [1, 0]])).determinant == -1)
    #expect(try LUFactorization(DenseMatrix.diagonal([2, 3, 4])).determinant == 24)
  }

  // Hilbert 6×6: κ₁ = 29 070 279 (exact, from the rational inverse computed with python3
  // fractions). LU with partial pivoting is backward stable, so the relative residual is a few
  // n·eps, and the forward error is bounded by κ·(residual bound).
  @Test func hilbertSixResidualBoundedByConditionTimesEpsilon() throws {
    let n = 6
    let h = hilbert(n)
    let xTrue = [Double](repeating: 1, count: n)
    let b = h * xTrue
    let lu = try LUFactorization(h)
    let x = try lu.solve(b)
    let eps = Double.ulpOfOne
    let kappa = 29_070_279.0
    let residual = norm2(sub(h * x, b)) / (h.oneNorm * norm2(x))
    #expect(residual <= 10 * Double(n) * eps)
    let forward = norm2(sub(x, xTrue)) / norm2(xTrue)
    #expect(forward <= 10 * Double(n) * kappa * eps)
    // dgecon estimates ‖A⁻¹‖₁ from below; Higham's estimator is usually within a factor 3.
    let estimate = 1 / lu.reciprocalConditionNumber
    #expect(estimate <= kappa * 1.01)
    #expect(estimate >= kappa / 3)
  }

  @Test func exactlySingularMatrixNamesThePivot() {
    // Second row is twice the first: after elimination U(1, 1) = 0 exactly.
    #expect(throws: LinearAlgebraError.singular(pivot: 1)) {
      try LUFactorization(DenseMatrix(rows: [[1, 2], [2, 4]]))
    }
    // A zero middle column: pivot 1.
    #expect(throws: LinearAlgebraError.singular(pivot: 1)) {
      try LUFactorization(DenseMatrix(rows: [[1, 0, 2], [3, 0, 4], [5, 0, 7]]))
    }
  }

  @Test func nearlySingularMatrixHasTinyReciprocalCondition() throws {
    // [[1,2,3],[4,5,6],[7,8,9]] is singular; rounding leaves a pivot of order eps.
    let m = DenseMatrix(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    do {
      let lu = try LUFactorization(m)
      #expect(lu.reciprocalConditionNumber < 1e-15)
    } catch {
      #expect(error == .singular(pivot: 2))
    }
  }

  @Test func shapeAndFinitenessErrors() throws {
    #expect(
      throws: LinearAlgebraError.dimensionMismatch(
        what: "columns of a square matrix", expected: 2, found: 3)
    ) {
      try LUFactorization(DenseMatrix(rows: 2, columns: 3))
    }
    let lu = try LUFactorization(DenseMatrix.identity(3))
    #expect(
      throws: LinearAlgebraError.dimensionMismatch(
        what: "entries of the right-hand side", expected: 3, found: 2)
    ) {
      try lu.solve([1, 2])
    }
    var bad = DenseMatrix.identity(2)
    bad[1, 0] = .nan
    #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) {
      try LUFactorization(bad)
    }
  }

  @Test func errorsDescribeThemselves() {
    #expect(LinearAlgebraError.singular(pivot: 3).description.contains("pivot 3"))
    #expect(
      LinearAlgebraError.notPositiveDefinite(minor: 1).description.contains("leading 2×2"))
  }
}

@Suite struct CholeskyFactorizationTests {
  // Consistent mass matrix of three equal linear bar elements (ρAL/6)[[2,1],[1,2]] assembled
  // with both ends free, ρAL = 6 kg: tridiagonal with 2, 4, 4, 2 on the diagonal, 1 off it.
  private let mass = DenseMatrix(rows: [
    [2, 1, 0, 0],
    [1, 4, 1, 0],
    [0, 1, 4, 1],
    [0, 0, 1, 2],
  ])

  @Test func solvesMassMatrixSystem() throws {
    let chol = try CholeskyFactorization(mass)
    let xTrue: [Double] = [1, -2, 0.5, 3]
    let x = try chol.solve(mass * xTrue)
    for k in 0..<4 { #expect(isClose(x[k], xTrue[k], relative: 1e-14, absolute: 1e-14)) }
  }

  @Test func factorTimesTransposeReproducesMatrix() throws {
    let l = try CholeskyFactorization(mass).lower
    let product = DenseMatrix.product(l, l, transposeB: true)
    #expect((product - mass).maxAbs < 1e-14)
  }

  @Test func determinantAgreesWithLU() throws {
    let c = try CholeskyFactorization(mass).determinant
    let l = try LUFactorization(mass).determinant
    #expect(isClose(c, l, relative: 1e-13))
    #expect(c > 0)
  }

  @Test func manyRightHandSides() throws {
    let chol = try CholeskyFactorization(mass)
    let inverse = try chol.solve(DenseMatrix.identity(4))
    #expect((mass * inverse - DenseMatrix.identity(4)).maxAbs < 1e-14)
    #expect(chol.reciprocalConditionNumber > 0.05)
  }

  @Test func indefiniteMatrixNamesTheFailingMinor() {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the 1×1 minor is fine, the 2×2 is not.
    #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 1)) {
      try CholeskyFactorization(DenseMatrix(rows: [[1, 2], [2, 1]]))
    }
    #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 0)) {
      try CholeskyFactorization(DenseMatrix.diagonal([-1, 1]))
    }
    // Positive semidefinite but singular: fails at the zero pivot.
    #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 2)) {
      try CholeskyFactorization(DenseMatrix.diagonal([1, 1, 0]))
    }
  }
}

@Suite struct LeastSquaresTests {
  // Line fit y = c0 + c1·t against the closed-form normal-equation solution
  // c1 = Σ(t − t̄)(y − ȳ)/Σ(t − t̄)², c0 = ȳ − c1·t̄. Tolerance 1e-12: κ of the 8×2 design
  // matrix is about 10, both methods are stable.
  @Test func lineFitMatchesNormalEquations() throws {
    let t: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
    let y: [Double] = [1.1, 2.9, 5.2, 6.8, 9.1, 11.2, 12.8, 15.1]
    var design = DenseMatrix(rows: t.count, columns: 2)
    for i in 0..<t.count {
      design[i, 0] = 1
      design[i, 1] = t[i]
    }
    let c = try leastSquares(design, y)
    let tMean = t.reduce(0, +) / Double(t.count)
    let yMean = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0
    var sxx = 0.0
    for i in 0..<t.count {
      sxy += (t[i] - tMean) * (y[i] - yMean)
      sxx += (t[i] - tMean) * (t[i] - tMean)
    }
    let slope = sxy / sxx
    let intercept = yMean - slope * tMean
    #expect(c.count == 2)
    #expect(isClose(c[1], slope, relative: 1e-12))
    #expect(isClose(c[0], intercept, relative: 1e-12))
  }

  @Test func squareSystemIsSolvedExactly() throws {
    let a = DenseMatrix(rows: [[2, 1, -1], [-3, -1, 2], [-2, 1, 2]])
    let x = try leastSquares(a, [8, -11, -3])
    #expect(isClose(x[0], 2, relative: 1e-13))
    #expect(isClose(x[1], 3, relative: 1e-13))
    #expect(isClose(x[2], -1, relative: 1e-13))
  }

  @Test func underdeterminedGivesMinimumNorm() throws {
    // x + y = 2: the minimum-norm solution is (1, 1).
    let x = try leastSquares(DenseMatrix(rows: [[1, 1]]), [2])
    #expect(isClose(x[0], 1, relative: 1e-14))
    #expect(isClose(x[1], 1, relative: 1e-14))
  }

  @Test func rankDeficientAndMismatchedInputsThrow() {
    // A zero second column: R(1, 1) is exactly zero. (Two equal columns would leave a
    // rounding-sized pivot, which dgels does not report.)
    let a = DenseMatrix(rows: [[1, 0], [2, 0], [3, 0]])
    #expect(throws: LinearAlgebraError.rankDeficient(column: 1)) {
      try leastSquares(a, [1, 2, 3])
    }
    #expect(
      throws: LinearAlgebraError.dimensionMismatch(
        what: "entries of the right-hand side", expected: 3, found: 2)
    ) {
      try leastSquares(a, [1, 2])
    }
  }
}
