import DioramaCore

/// An inverse-rendering problem: recover some scene parameters from a target image by
/// gradient descent (Adam) on the mean squared error between the render and the target.
///
/// L(x) = (1/N) Σᵢ (Iᵢ(x) − Tᵢ)² over the N = 3·width·height channel values, with the
/// gradient from `DifferentiableRenderer.gradient`. The target is rendered from the true
/// parameters by the same renderer, so the minimum is 0 at the truth.
///
/// ```swift
/// var problem = InverseRenderingProblem.demo(.spherePosition)
/// let history = try problem.run(iterations: 60) { step, _ in print(step.loss) }
/// print(history.last!.error)  // distance to the true position (m)
/// ```
public struct InverseRenderingProblem {
  /// Short name (also the `diorama fit` argument of the demos).
  public var name: String
  /// What the parameters are, for printing (e.g. "sphere position (m)").
  public var parameterDescription: String
  /// The scene for a parameter vector.
  public var scene: ([Double]) -> RenderScene
  /// The loss gradient with respect to the parameters, picked from the scene gradient.
  public var pick: (SceneGradient) -> [Double]
  /// True and starting parameters.
  public var truth: [Double]
  public var initial: [Double]
  /// Adam step size (parameter units).
  public var learningRate: Double
  /// Converged when the Euclidean distance to `truth` is at most this (parameter units).
  public var tolerance: Double
  /// Renderer used for the target and the fit.
  public var renderer: DifferentiableRenderer

  public init(
    name: String, parameterDescription: String, scene: @escaping ([Double]) -> RenderScene,
    pick: @escaping (SceneGradient) -> [Double], truth: [Double], initial: [Double],
    learningRate: Double, tolerance: Double,
    renderer: DifferentiableRenderer = DifferentiableRenderer()
  ) {
    self.name = name
    self.parameterDescription = parameterDescription
    self.scene = scene
    self.pick = pick
    self.truth = truth
    self.initial = initial
    self.learningRate = learningRate
    self.tolerance = tolerance
    self.renderer = renderer
  }

  /// One iteration's record: the parameters it rendered, the loss there and their distance
  /// to the truth.
  public struct Step: Sendable {
    public var iteration: Int
    public var parameters: [Double]
    public var loss: Double
    public var error: Double
  }

  /// Runs `iterations` Adam steps from `initial` (stopping early once within `tolerance` of
  /// the truth for `patience` consecutive iterations), calling `onStep` with each iteration's
  /// record and frame. Returns the records, the first at the initial parameters.
  /// - Throws: `DifferentiableRenderError` when a scene cannot be rendered.
  /// - Complexity: iterations × (one forward and one backward render).
  public func run(
    iterations: Int, patience: Int = 5,
    onStep: (Step, DifferentiableFrame) -> Void = { _, _ in }
  ) throws -> [Step] {
    let target = try renderer.render(scene(truth)).radiance
    var x = initial
    var adam = Adam(count: x.count, learningRate: learningRate)
    var history: [Step] = []
    var inside = 0
    for it in 0...max(0, iterations) {
      let frame = try renderer.render(scene(x))
      let n = Double(target.count)
      var loss = 0.0
      var dL = [Double](repeating: 0, count: target.count)
      for i in 0..<target.count {
        let d = frame.radiance[i] - target[i]
        loss += d * d / n
        dL[i] = 2 * d / n
      }
      var e2 = 0.0
      for i in 0..<x.count { e2 += (x[i] - truth[i]) * (x[i] - truth[i]) }
      let step = Step(iteration: it, parameters: x, loss: loss, error: e2.squareRoot())
      history.append(step)
      onStep(step, frame)
      inside = step.error <= tolerance ? inside + 1 : 0
      if inside >= patience || it == iterations { break }
      let g = pick(try renderer.gradient(of: frame, imageGradient: dL))
      adam.step(&x, gradient: g)
    }
    return history
  }
}

/// The three inverse-rendering demos of `diorama fit`.
public enum InverseRenderingDemo: String, CaseIterable, Sendable {
  /// Recover a sphere's position (3 parameters, m) from 20 % of its radius away.
  case spherePosition = "sphere-position"
  /// Recover a sphere's albedo (3 parameters, linear RGB).
  case albedo
  /// Recover the camera's yaw (1 parameter, rad) from 0.08 rad (4.6°) away.
  case cameraYaw = "camera-yaw"
}

extension InverseRenderingProblem {
  /// A sphere (radius 0.5 m), a box and a ground plane under a sun, a point light and sky
  /// ambient, seen from 4 m.
  public static func demoScene(
    width: Int, height: Int, sphere: Vec3 = Vec3(0, 0, 0.5),
    albedo: Vec3 = Vec3(0.8, 0.3, 0.2), yaw: Double = 0
  ) -> RenderScene {
    let position = Vec3(0.4, -4, 1.8)
    let look = Vec3(0, 0, 0.4) - position
    let target = position + Quaternion(axis: Vec3(0, 0, 1), angle: yaw).rotate(look)
    return RenderScene(
      camera: Camera(position: position, target: target, width: width, height: height),
      objects: [
        RenderObject(
          id: 0, shape: .plane,
          material: RenderMaterial(albedo: Vec3(0.55, 0.55, 0.5), roughness: 0.9)),
        RenderObject(
          id: 1, shape: .sphere(radius: 0.5), transform: Transform(position: sphere),
          material: RenderMaterial(albedo: albedo, roughness: 0.35)),
        RenderObject(
          id: 2, shape: .box(halfExtents: Vec3(0.35, 0.35, 0.35)),
          transform: Transform(
            position: Vec3(1.1, 0.6, 0.35), rotation: Quaternion(axis: Vec3(0, 0, 1), angle: 0.6)),
          material: RenderMaterial(albedo: Vec3(0.2, 0.45, 0.8), roughness: 0.6)),
      ],
      lights: [
        .sun(direction: Vec3(-0.4, 0.6, -1), color: Vec3(1, 0.96, 0.9), intensity: 2.2),
        .point(position: Vec3(-1.5, -2, 2.5), color: Vec3(1, 1, 1), intensity: 40),
        .ambient(color: Vec3(0.55, 0.65, 0.9), intensity: 0.25),
      ])
  }

  /// One of the demos at `width`×`height` pixels.
  ///
  /// - sphere-position: truth (0, 0, 0.5) m, start 0.1 m (20 % of the radius) away along
  ///   (0.6, 0.48, −0.64); Adam η = 0.004 m; converged within 5 mm (1 % of the radius).
  /// - albedo: truth (0.8, 0.3, 0.2), start (0.5, 0.5, 0.5); η = 0.02; converged within 0.005.
  /// - camera-yaw: truth 0, start 0.08 rad; η = 0.004 rad; converged within 0.001 rad.
  public static func demo(
    _ d: InverseRenderingDemo, width: Int = 96, height: Int = 72, threads: Int = 2
  ) -> InverseRenderingProblem {
    let renderer = DifferentiableRenderer(options: DifferentiableRenderOptions(threads: threads))
    switch d {
    case .spherePosition:
      let truth = Vec3(0, 0, 0.5)
      let start = truth + 0.1 * Vec3(0.6, 0.48, -0.64)
      return InverseRenderingProblem(
        name: d.rawValue, parameterDescription: "sphere position (m)",
        scene: { demoScene(width: width, height: height, sphere: Vec3($0[0], $0[1], $0[2])) },
        pick: { g in
          let t = g.objects[1].translation; return [t.x, t.y, t.z]
        },
        truth: [truth.x, truth.y, truth.z], initial: [start.x, start.y, start.z],
        learningRate: 0.004, tolerance: 0.005, renderer: renderer)
    case .albedo:
      return InverseRenderingProblem(
        name: d.rawValue, parameterDescription: "sphere albedo (linear RGB)",
        scene: { demoScene(width: width, height: height, albedo: Vec3($0[0], $0[1], $0[2])) },
        pick: { g in
          let a = g.objects[1].albedo; return [a.x, a.y, a.z]
        },
        truth: [0.8, 0.3, 0.2], initial: [0.5, 0.5, 0.5], learningRate: 0.02,
        tolerance: 0.005, renderer: renderer)
    case .cameraYaw:
      return InverseRenderingProblem(
        name: d.rawValue, parameterDescription: "camera yaw (rad)",
        scene: { demoScene(width: width, height: height, yaw: $0[0]) },
        pick: { [$0.camera.yaw] }, truth: [0], initial: [0.08], learningRate: 0.004,
        tolerance: 0.001, renderer: renderer)
    }
  }
}
