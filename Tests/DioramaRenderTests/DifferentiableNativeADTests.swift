import DioramaCore
import DioramaRender
import Testing
import _Differentiation
import _TestSupport

/// Σ (I − T)², written for Swift's native reverse mode (glue, not a hot kernel).
@differentiable(reverse,wrt: image)
func sumOfSquares(_ image: [Double], _ target: [Double]) -> Double {
  var s = 0.0
  for i in withoutDerivative(at: image.indices) {
    let d = image[i] - target[i]
    s += d * d
  }
  return s
}

@Suite("Differentiable renderer: native differentiation")
struct DifferentiableNativeADTests {
  /// A loss written with native AD around a `RenderedImage` gets the
  /// renderer's hand-written adjoint through the registered derivative: the gradient equals
  /// `gradient(of:imageGradient:)` with dL/dI = 2(I − T) to rounding (1e-12 relative; the
  /// native loss adds the same terms in the same order).
  @Test func nativeGradientUsesTheRegisteredAdjoint() throws {
    let r = DifferentiableRenderer()
    let s = DiffFixture.scene()
    let t = try r.render(DiffFixture.perturbed(s)).radiance
    var p = RenderParameters(objectCount: s.objects.count)
    p.albedo = s.objects.flatMap {
      [$0.material.albedo.x, $0.material.albedo.y, $0.material.albedo.z]
    }
    let image = try RenderedImage(renderer: r, base: s)
    let native = gradient(at: p) { p in sumOfSquares(image(p), t) }
    let expected = try DiffFixture.gradient(r, p.applied(to: s), t)
    #expect(isClose(native.cameraYaw, expected.camera.yaw, relative: 1e-12))
    for i in 0..<s.objects.count {
      for c in 0..<3 {
        #expect(
          isClose(
            native.translation[3 * i + c], expected.objects[i].translation[c], relative: 1e-12))
        #expect(isClose(native.albedo[3 * i + c], expected.objects[i].albedo[c], relative: 1e-12))
      }
    }
  }
}
