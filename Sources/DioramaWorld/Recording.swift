import DioramaCore

/// Energy of the whole world at one instant (J).
public struct EnergySample: Hashable, Codable, Sendable {
  /// Time (s).
  public var time: Double
  /// Kinetic energy, translational plus rotational (J).
  public var kinetic: Double
  /// Gravitational potential energy relative to z = 0 (J).
  public var potential: Double

  public var total: Double { kinetic + potential }
}

/// Everything a run of the World produced: a snapshot per frame, every event, energy per
/// frame, and the outcome checks. Plain values: the renderer and the sound take it from here.
public struct Recording: Hashable, Codable, Sendable {
  /// Frames per second of `snapshots`.
  public var fps: Int
  /// Solver step (s).
  public var timestep: Double
  /// Solver substeps per step.
  public var substeps: Int
  /// One snapshot per frame, frame k at time k/fps, from 0 to the duration inclusive.
  public var snapshots: [Snapshot]
  /// Every event in time order.
  public var events: [Event]
  /// World energy at each frame (same length as `snapshots`).
  public var energy: [EnergySample]
  /// Results of the scene's outcome predicates, in scene order.
  public var outcomes: [OutcomeResult]
  /// Numerical trouble found at stage boundaries (NaN, blow-up), each naming the object.
  public var warnings: [String]
  /// Bodies the simulation created (fragments), in index order after the scene's objects.
  public var createdBodies: [CreatedBody] = []

  /// Number of begin-contact events (impacts).
  public var impactCount: Int {
    events.reduce(0) { n, e in
      if case .contact(let c) = e, c.phase == .begin { return n + 1 }
      return n
    }
  }
}

/// The verdict of one outcome predicate on a recording.
public struct OutcomeResult: Hashable, Codable, Sendable {
  public var name: String
  /// Whether the predicate held.
  public var holds: Bool
  /// What the scene expected (`expect:`); `passed` is `holds == expected`.
  public var expected: Bool
  /// The measured quantity and the threshold, in words, e.g. "top 0.42 m < 50% of 1.20 m".
  public var detail: String

  public var passed: Bool { holds == expected }

  public init(name: String, holds: Bool, expected: Bool, detail: String) {
    self.name = name
    self.holds = holds
    self.expected = expected
    self.detail = detail
  }

  enum CodingKeys: String, CodingKey { case name, holds, expected, passed, detail }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    holds = try c.decode(Bool.self, forKey: .holds)
    expected = try c.decode(Bool.self, forKey: .expected)
    detail = try c.decode(String.self, forKey: .detail)
  }

  /// Writes `passed` too, so clip.json readers need not derive it.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(holds, forKey: .holds)
    try c.encode(expected, forKey: .expected)
    try c.encode(passed, forKey: .passed)
    try c.encode(detail, forKey: .detail)
  }
}
