import DioramaCore
import DioramaRender
import Testing
import _TestSupport

/// The inverse-rendering demos converge: Adam on the image MSE brings the parameters within
/// each demo's tolerance of the truth (`InverseRenderingProblem.demo`) in a bounded number of
/// iterations, on 64×48 images. Measured (release): sphere position within 5 mm (1 % of the
/// radius) after 85 iterations, albedo within 0.005 after 69, camera yaw within 0.001 rad
/// after 77; the bound of 150 leaves room for other machines' rounding.
@Suite("Differentiable renderer: inverse rendering converges")
struct DifferentiableInverseRenderingTests {
  @Test(arguments: InverseRenderingDemo.allCases)
  func demoConverges(_ demo: InverseRenderingDemo) throws {
    let problem = InverseRenderingProblem.demo(demo, width: 64, height: 48)
    let history = try problem.run(iterations: 150)
    let first = try #require(history.first)
    let last = try #require(history.last)
    #expect(last.error <= problem.tolerance, "\(demo): error \(last.error) after \(history.count)")
    // The start is not already converged, and the loss fell by orders of magnitude.
    #expect(first.error > 10 * problem.tolerance)
    #expect(last.loss < 0.01 * first.loss, "\(demo): loss \(first.loss) → \(last.loss)")
  }

  /// Adam's first step moves every parameter by the learning rate against its gradient's
  /// sign (bias correction makes m̂/√v̂ = g/|g| at t = 1), whatever the gradient's scale.
  @Test func adamFirstStepIsTheLearningRate() {
    var adam = Adam(count: 3, learningRate: 0.1)
    var x = [1.0, 2.0, 3.0]
    adam.step(&x, gradient: [1e-3, -5e3, 2])  // ε = 1e-8 shortens the first by 1e-5
    #expect(isClose(x[0], 0.9, relative: 2e-6))
    #expect(isClose(x[1], 2.1, relative: 1e-9))
    #expect(isClose(x[2], 2.9, relative: 1e-9))
  }
}
