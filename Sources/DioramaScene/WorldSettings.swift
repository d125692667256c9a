import DioramaCore

/// Global simulation and output settings (file section `world`).
///
/// ```yaml
/// world: {duration: 3, fps: 30, resolution: [640, 360], seed: 7}
/// ```
public struct WorldSettings: Codable, Hashable, Sendable {
  /// Gravitational acceleration (m/s²); +z is up.
  public var gravity: Vec3
  /// Clip length (s), in (0, 600].
  public var duration: Double
  /// Frames per second (1/s), 1...240.
  public var fps: Int
  /// Frame width (pixels), 16...7680 (file: first element of `resolution`).
  public var width: Int
  /// Frame height (pixels), 16...7680 (file: second element of `resolution`).
  public var height: Int
  /// Seed of every random stream in the run.
  public var seed: UInt64
  /// Simulation step (s), in (0, 1/fps].
  public var timestep: Double
  /// Solver substeps per step, 1...64.
  public var substeps: Int

  public init(
    gravity: Vec3 = Vec3(0, 0, -9.81), duration: Double = 4, fps: Int = 30, width: Int = 640,
    height: Int = 360, seed: UInt64 = 0, timestep: Double = 1.0 / 240, substeps: Int = 4
  ) {
    self.gravity = gravity
    self.duration = duration
    self.fps = fps
    self.width = width
    self.height = height
    self.seed = seed
    self.timestep = timestep
    self.substeps = substeps
  }

  enum CodingKeys: String, CodingKey {
    case gravity, duration, fps, resolution, seed, timestep, substeps
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = WorldSettings()
    gravity = try c.decodeIfPresent(Vec3.self, forKey: .gravity) ?? d.gravity
    duration = try c.decodeIfPresent(Double.self, forKey: .duration) ?? d.duration
    fps = try c.decodeIfPresent(Int.self, forKey: .fps) ?? d.fps
    let resolution = try c.decodeIfPresent([Int].self, forKey: .resolution) ?? [d.width, d.height]
    guard resolution.count == 2 else {
      throw DecodingError.dataCorruptedError(
        forKey: .resolution, in: c, debugDescription: "expected [width, height]")
    }
    width = resolution[0]
    height = resolution[1]
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    timestep = try c.decodeIfPresent(Double.self, forKey: .timestep) ?? d.timestep
    substeps = try c.decodeIfPresent(Int.self, forKey: .substeps) ?? d.substeps
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(gravity, forKey: .gravity)
    try c.encode(duration, forKey: .duration)
    try c.encode(fps, forKey: .fps)
    try c.encode([width, height], forKey: .resolution)
    try c.encode(seed, forKey: .seed)
    try c.encode(timestep, forKey: .timestep)
    try c.encode(substeps, forKey: .substeps)
  }
}
