/// How to render.
///
/// ```swift
/// var o = RenderOptions(samplesPerPixel: 16)
/// o.integrator = .path     // global illumination
/// o.style = .cinematic      // letterbox, depth of field, grade, tone mapping
/// let image = Renderer(options: o).render(scene)
/// ```
public struct RenderOptions: Sendable {
  /// Camera rays per pixel, stratified: a k×k jittered grid when this is a square k², else
  /// n-rooks (Latin hypercube) strata; jitter from `SeededGenerator(seed:)` split by the pixel
  /// index, so the image does not depend on thread count or scheduling. Values < 1 mean 1.
  public var samplesPerPixel: Int
  /// Worker threads (tiles are handed out to them). Values < 1 mean 1.
  public var threads: Int
  /// Trace shadow rays toward the lights.
  public var shadows: Bool
  /// Linear scale applied to the radiance stored in the image (1 = none).
  public var exposure: Double
  /// Seed of the sampling jitter.
  public var seed: UInt64
  /// Light transport: direct lighting or path tracing (see `Integrator`).
  public var integrator: Integrator
  /// Path tracing: the most diffuse or glossy bounces a path may take (specular glass and
  /// water interfaces do not count; at most 16 of them per path). ≥ 1.
  public var maxBounces: Int
  /// Fraction of the frame interval the shutter is open, in [0, 1]; objects with a
  /// `previousTransform` are blurred over it (0 = none). A style may set it.
  public var shutter: Double
  /// Smooth the Monte Carlo noise with the edge-avoiding à-trous filter guided by the
  /// normal, albedo and depth of the first hit (`Denoiser`).
  public var denoise: Bool
  /// The look: tone mapping, grading, lens and shading presets (nil = raw linear radiance,
  /// as the AOVs and tests expect). With a style the image holds display-referred linear
  /// values in [0, 1]: encode it with `toSRGB8()` and the default `.clip` curve.
  public var style: RenderStyle?
  /// Side of the square tiles handed to the threads (pixels).
  public var tileSize: Int

  /// Light transport algorithms.
  public enum Integrator: Sendable, Hashable {
    /// Next-event estimation of every light at the first hit, plus one BSDF-sampled ray for
    /// the sky and area lights (combined by multiple importance sampling), and specular
    /// chains through glass and water. No diffuse interreflection.
    case direct
    /// Unidirectional path tracing with next-event estimation and BSDF sampling combined by
    /// the power heuristic (Veach 1997, §9.2), Russian roulette from the third bounce.
    case path
  }

  public init(
    samplesPerPixel: Int = 4, threads: Int = 2, shadows: Bool = true, exposure: Double = 1,
    seed: UInt64 = 0, integrator: Integrator = .direct, maxBounces: Int = 8,
    shutter: Double = 0, denoise: Bool = false, style: RenderStyle? = nil, tileSize: Int = 16
  ) {
    self.samplesPerPixel = samplesPerPixel
    self.threads = threads
    self.shadows = shadows
    self.exposure = exposure
    self.seed = seed
    self.integrator = integrator
    self.maxBounces = maxBounces
    self.shutter = shutter
    self.denoise = denoise
    self.style = style
    self.tileSize = tileSize
  }
}
