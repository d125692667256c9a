import Foundation

/// The Adam optimiser (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization",
/// Algorithm 1) over a flat parameter vector.
///
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², x ← x − η·m̂/(√v̂ + ε) with the bias-corrected
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). Early steps move each parameter by about η whatever the
/// gradient's scale, which suits image losses whose gradients span orders of magnitude.
///
/// ```swift
/// var adam = Adam(count: 3, learningRate: 0.01)
/// adam.step(&position, gradient: g)
/// ```
public struct Adam: Sendable {
  /// Step size η, in the parameters' units.
  public var learningRate: Double
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  /// First and second moment estimates (one per parameter) and the step count.
  public private(set) var m: [Double]
  public private(set) var v: [Double]
  public private(set) var t: Int = 0

  public init(
    count: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    m = [Double](repeating: 0, count: count)
    v = [Double](repeating: 0, count: count)
  }

  /// One update of `x` against `gradient` (same length as `x` and `count`).
  /// - Precondition: `x` and `gradient` have `count` entries.
  public mutating func step(_ x: inout [Double], gradient g: [Double]) {
    precondition(
      x.count == m.count && g.count == m.count,
      "Adam.step: \(x.count) parameters and \(g.count) gradients for an optimiser of \(m.count)")
    t += 1
    let c1 = 1 - Foundation.pow(beta1, Double(t))
    let c2 = 1 - Foundation.pow(beta2, Double(t))
    for i in 0..<x.count {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i]
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
      x[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
    }
  }
}
