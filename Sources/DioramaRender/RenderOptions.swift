/// How to render.
public struct RenderOptions: Sendable {
  /// Camera rays per pixel, stratified: a k×k jittered grid when this is a square k², else
  /// n-rooks (Latin hypercube) strata; jitter from `SeededGenerator(seed:)` split by the pixel
  /// index, so the image does not depend on thread count or scheduling. Values < 1 mean 1.
  public var samplesPerPixel: Int
  /// Worker threads (rows are interleaved over them). Values < 1 mean 1.
  public var threads: Int
  /// Trace shadow rays toward sun and point lights.
  public var shadows: Bool
  /// Linear scale applied to the radiance stored in the image (1 = none).
  public var exposure: Double
  /// Seed of the sampling jitter.
  public var seed: UInt64

  public init(
    samplesPerPixel: Int = 4, threads: Int = 2, shadows: Bool = true, exposure: Double = 1,
    seed: UInt64 = 0
  ) {
    self.samplesPerPixel = samplesPerPixel
    self.threads = threads
    self.shadows = shadows
    self.exposure = exposure
    self.seed = seed
  }
}
