import DioramaCore
import _Differentiation

/// Scene parameters as a native `Differentiable` value, so that losses written with Swift's
/// `_Differentiation` (glue: image losses, regularisers, parameter maps) compose with the
/// renderer's hand-written adjoint, registered below with `@derivative(of:)`. The renderer's
/// per-pixel kernels never run on the native tape (STYLE.md: it costs 400–900× the primal).
///
/// ```swift
/// let image = try RenderedImage(renderer: DifferentiableRenderer(), base: scene)
/// let g = gradient(at: RenderParameters(objectCount: scene.objects.count)) { p in
///   sumOfSquares(image(p), target)  // native AD glue around the renderer's adjoint
/// }
/// g.translation  // 3 per object (loss unit per m)
/// ```
public struct RenderParameters: Differentiable, Sendable {
  /// Offset added to each object's position (m), 3 per object (x, y, z).
  public var translation: [Double]
  /// Each object's albedo (linear RGB), 3 per object; an empty array keeps the scene's.
  public var albedo: [Double]
  /// Yaw (rad) applied to the camera: its target turns about the world z axis through its
  /// position (`SceneGradient.CameraGradient.yaw`).
  public var cameraYaw: Double

  /// Zero offsets and yaw, the scene's own albedos (empty `albedo`).
  public init(objectCount: Int) {
    translation = [Double](repeating: 0, count: 3 * objectCount)
    albedo = []
    cameraYaw = 0
  }

  public init(translation: [Double], albedo: [Double], cameraYaw: Double) {
    self.translation = translation
    self.albedo = albedo
    self.cameraYaw = cameraYaw
  }

  /// `base` with these parameters applied.
  /// - Precondition: `translation` has 3 entries per object and `albedo` 0 or 3 per object.
  public func applied(to base: RenderScene) -> RenderScene {
    let n = base.objects.count
    precondition(
      translation.count == 3 * n && (albedo.isEmpty || albedo.count == 3 * n),
      "RenderParameters: \(translation.count) translations and \(albedo.count) albedos for "
        + "\(n) objects (need 3 per object; albedo may be empty)")
    var s = base
    for i in 0..<n {
      s.objects[i].transform.position += Vec3(
        translation[3 * i], translation[3 * i + 1], translation[3 * i + 2])
      if !albedo.isEmpty {
        s.objects[i].material.albedo = Vec3(albedo[3 * i], albedo[3 * i + 1], albedo[3 * i + 2])
      }
    }
    if cameraYaw != 0 {
      let d = s.camera.target - s.camera.position
      s.camera.target =
        s.camera.position + Quaternion(axis: Vec3(0, 0, 1), angle: cameraYaw).rotate(d)
    }
    return s
  }
}

/// A scene's image as a native differentiable function of `RenderParameters`: the renderer's
/// forward pass, with its hand-written backward pass registered as the derivative
/// (`@derivative(of:)`). Built once per scene, which validates it (every shape, material and
/// light has a gradient path), so the call itself cannot fail; parameters change only
/// positions, albedos and the camera's yaw.
///
/// ```swift
/// let image = try RenderedImage(renderer: DifferentiableRenderer(), base: scene)
/// let g = gradient(at: RenderParameters(objectCount: scene.objects.count)) { p in
///   sumOfSquares(image(p), target)  // a loss written with native AD
/// }
/// ```
public struct RenderedImage: Sendable {
  public let renderer: DifferentiableRenderer
  public let base: RenderScene

  /// - Throws: `DifferentiableRenderError` when `base` cannot be rendered.
  public init(renderer: DifferentiableRenderer, base: RenderScene) throws {
    _ = try RasterScene(base, options: renderer.options)
    self.renderer = renderer
    self.base = base
  }

  /// The radiance (3 doubles per pixel, as `DifferentiableFrame.radiance`) of `base` with
  /// `parameters` applied.
  @differentiable(reverse,wrt: parameters)
  public func callAsFunction(_ parameters: RenderParameters) -> [Double] {
    frame(parameters).radiance
  }

  /// The frame (validated in `init`, so rendering cannot fail; an empty image if it did).
  func frame(_ parameters: RenderParameters) -> DifferentiableFrame {
    let scene = parameters.applied(to: base)
    if let f = try? renderer.render(scene) { return f }
    preconditionFailure("RenderedImage: a validated scene failed to render")
  }

  /// The registered reverse-mode derivative of `callAsFunction`: one forward render, and a
  /// pullback that runs the hand-written backward pass (`gradient(of:imageGradient:)`).
  @derivative(of: callAsFunction, wrt: parameters)
  public func callAsFunctionVJP(_ parameters: RenderParameters) -> (
    value: [Double],
    pullback: (Array<Double>.TangentVector) -> RenderParameters.TangentVector
  ) {
    let frame = frame(parameters)
    let renderer = self.renderer
    let hasAlbedo = !parameters.albedo.isEmpty
    return (
      frame.radiance,
      { v in
        // A zero tangent can arrive empty; the renderer needs one value per channel, and with
        // the right length `gradient` cannot throw.
        let dL =
          v.base.count == frame.radiance.count
          ? v.base : [Double](repeating: 0, count: frame.radiance.count)
        guard let g = try? renderer.gradient(of: frame, imageGradient: dL) else {
          return .zero
        }
        var t: [Double] = []
        var a: [Double] = []
        for o in g.objects {
          t += [o.translation.x, o.translation.y, o.translation.z]
          if hasAlbedo { a += [o.albedo.x, o.albedo.y, o.albedo.z] }
        }
        return RenderParameters.TangentVector(
          translation: Array<Double>.TangentVector(t), albedo: Array<Double>.TangentVector(a),
          cameraYaw: g.camera.yaw)
      }
    )
  }
}
