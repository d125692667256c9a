import DioramaCore
import Testing
import _TestSupport

@Suite struct DenseMatrixTests {
  @Test func storageIsColumnMajor() {
    let a = DenseMatrix(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(a.rows == 2 && a.columns == 3)
    #expect(a.storage == [1, 4, 2, 5, 3, 6])
    #expect(a[1, 2] == 6)
    #expect(a[0, 1] == 2)
    #expect(a.column(1) == [2, 5])
  }

  @Test func subscriptSetWritesTheRightSlot() {
    var a = DenseMatrix(rows: 3, columns: 2)
    a[2, 1] = 7
    #expect(a.storage == [0, 0, 0, 0, 0, 7])
  }

  @Test func identityAndTranspose() {
    let i3 = DenseMatrix.identity(3)
    #expect(i3.storage == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    let a = DenseMatrix(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(a.transposed == DenseMatrix(rows: [[1, 4], [2, 5], [3, 6]]))
    #expect(a.transposed.transposed == a)
  }

  // Products of small integer matrices are exact in floating point, so equality is exact.
  @Test func matrixProductMatchesHandComputation() {
    let a = DenseMatrix(rows: [[1, 2, 3], [4, 5, 6]])
    let b = DenseMatrix(rows: [[7, 8], [9, 10], [11, 12]])
    #expect(a * b == DenseMatrix(rows: [[58, 64], [139, 154]]))
    #expect(DenseMatrix.product(a, a, transposeA: true) == a.transposed * a)
    #expect(DenseMatrix.product(b, a, transposeA: true, transposeB: true) == (a * b).transposed)
    #expect(a * DenseMatrix.identity(3) == a)
  }

  @Test func matrixVectorProduct() {
    let a = DenseMatrix(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(a * [1, 0, -1] == [-2, -2])
    #expect(a.multiply([1, 1], transposed: true) == [5, 7, 9])
    #expect(a.multiply([1, 1, 1], alpha: 2) == [12, 30])
  }

  @Test func entrywiseArithmeticAndNorms() {
    let a = DenseMatrix(rows: [[1, -2], [3, 4]])
    #expect(a + a == 2 * a)
    #expect((a - a).maxAbs == 0)
    #expect(a.oneNorm == 6)
    #expect(a.maxAbs == 4)
    #expect(a.isFinite)
  }

  @Test func emptyMatricesMultiply() {
    let a = DenseMatrix(rows: 2, columns: 0)
    let b = DenseMatrix(rows: 0, columns: 3)
    #expect(a * b == DenseMatrix(rows: 2, columns: 3))
    #expect(a * [] == [0, 0])
  }
}

@Suite struct DenseMatrixMisuseTests {
  // Shape errors in products are programming errors: they trap with a message.
  @Test func mismatchedProductTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = DenseMatrix(rows: 2, columns: 3) * DenseMatrix(rows: 2, columns: 3)
    }
  }

  @Test func outOfRangeSubscriptTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = DenseMatrix.identity(2)[2, 0]
    }
  }
}
