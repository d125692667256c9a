import DioramaCore

/// Global simulation and output settings (file section `world`).
///
/// ```yaml
/// world: {duration: 3, fps: 30, resolution: [640, 360], seed: 7}
/// world: {substeps: 8, iterations: 2, sleeping: false, threads: 2, ccd: true}
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
  /// Velocity iterations with position correction per substep, 1...64 (file: `iterations`).
  public var iterations: Int
  /// Contact velocity iterations without position correction per substep ("relax"; joints
  /// relax once), 0...64 (file:
  /// `relax_iterations`).
  public var relaxIterations: Int
  /// Whether bodies at rest may fall asleep (stop being simulated until touched).
  public var sleeping: Bool
  /// A body is at rest while its speed, and every point's speed from spinning, stays below
  /// this (m/s), in (0, 10] (file: `sleep_threshold`).
  public var sleepThreshold: Double
  /// How long a body must stay at rest before it sleeps (s), in (0, 60] (file: `sleep_time`).
  public var sleepTime: Double
  /// Worker threads for the solver, 1...``maxThreads``; results are the same for every count.
  public var threads: Int
  /// Continuous collision: fast bodies are swept against static geometry, and `bullet`
  /// objects against moving bodies too, so they do not tunnel through thin things.
  public var ccd: Bool

  /// Most worker threads a scene may ask for.
  public static let maxThreads = 2

  public init(
    gravity: Vec3 = Vec3(0, 0, -9.81), duration: Double = 4, fps: Int = 30, width: Int = 640,
    height: Int = 360, seed: UInt64 = 0, timestep: Double = 1.0 / 240, substeps: Int = 4,
    iterations: Int = 1, relaxIterations: Int = 4, sleeping: Bool = true,
    sleepThreshold: Double = 0.05, sleepTime: Double = 0.5, threads: Int = 1, ccd: Bool = true
  ) {
    self.gravity = gravity
    self.duration = duration
    self.fps = fps
    self.width = width
    self.height = height
    self.seed = seed
    self.timestep = timestep
    self.substeps = substeps
    self.iterations = iterations
    self.relaxIterations = relaxIterations
    self.sleeping = sleeping
    self.sleepThreshold = sleepThreshold
    self.sleepTime = sleepTime
    self.threads = threads
    self.ccd = ccd
  }

  enum CodingKeys: String, CodingKey {
    case gravity, duration, fps, resolution, seed, timestep, substeps, iterations
    case relaxIterations = "relax_iterations"
    case sleeping
    case sleepThreshold = "sleep_threshold"
    case sleepTime = "sleep_time"
    case threads, ccd
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
    iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
    relaxIterations =
      try c.decodeIfPresent(Int.self, forKey: .relaxIterations) ?? d.relaxIterations
    sleeping = try c.decodeIfPresent(Bool.self, forKey: .sleeping) ?? d.sleeping
    sleepThreshold =
      try c.decodeIfPresent(Double.self, forKey: .sleepThreshold) ?? d.sleepThreshold
    sleepTime = try c.decodeIfPresent(Double.self, forKey: .sleepTime) ?? d.sleepTime
    threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
    ccd = try c.decodeIfPresent(Bool.self, forKey: .ccd) ?? d.ccd
  }

  /// Writes every setting; the solver settings added with joints (`iterations` to `ccd`) only
  /// when they differ from their defaults, so older scenes keep their bytes and scene hashes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(gravity, forKey: .gravity)
    try c.encode(duration, forKey: .duration)
    try c.encode(fps, forKey: .fps)
    try c.encode([width, height], forKey: .resolution)
    try c.encode(seed, forKey: .seed)
    try c.encode(timestep, forKey: .timestep)
    try c.encode(substeps, forKey: .substeps)
    let d = WorldSettings()
    if iterations != d.iterations { try c.encode(iterations, forKey: .iterations) }
    if relaxIterations != d.relaxIterations {
      try c.encode(relaxIterations, forKey: .relaxIterations)
    }
    if sleeping != d.sleeping { try c.encode(sleeping, forKey: .sleeping) }
    if sleepThreshold != d.sleepThreshold {
      try c.encode(sleepThreshold, forKey: .sleepThreshold)
    }
    if sleepTime != d.sleepTime { try c.encode(sleepTime, forKey: .sleepTime) }
    if threads != d.threads { try c.encode(threads, forKey: .threads) }
    if ccd != d.ccd { try c.encode(ccd, forKey: .ccd) }
  }
}
