import DioramaCore
import Foundation

/// A whole scene file: world settings, environment, objects, joints, shots, style, audio and
/// the outcomes the clip is expected to show. Right-handed world frame, +z up, SI units.
///
/// Load one with ``SceneLoader``; build one in code with the memberwise initialiser and check
/// it with ``SceneLoader/validate(_:baseDirectory:)``. The `Codable` form uses the file's own
/// keys, so `JSONEncoder().encode(spec)` is itself a loadable scene file.
///
/// ```swift
/// let spec = SceneSpec(objects: [
///   ObjectSpec(name: "ball", shape: .sphere, radius: 0.1, position: Vec3(0, 0, 1)),
/// ])
/// ```
public struct SceneSpec: Codable, Hashable, Sendable {
  /// Format version (file key `diorama`); must be 1.
  public var version: Int
  /// Scene name, for reports and file names.
  public var name: String
  /// Free-text description.
  public var description: String?
  /// Gravity, duration, frame rate, resolution, seed and step sizes.
  public var world: WorldSettings
  /// Ground, walls, sky, lights and ambient sound.
  public var environment: EnvironmentSpec
  /// The rigid objects, in file order (indices are stable ids).
  public var objects: [ObjectSpec]
  /// Joints between objects, or between an object and the world, in file order (indices are
  /// the ids `Event.jointBreak` reports).
  public var joints: [JointSpec]
  /// Camera shots in time order; empty means one automatically framed shot.
  public var shots: [ShotSpec]
  /// Rendering style.
  public var style: StyleSpec
  /// Sound settings.
  public var audio: AudioSettings
  /// Checks run on the recording: what the clip is supposed to show.
  public var outcomes: [OutcomeSpec]

  /// The only format version this build reads.
  public static let currentVersion = 1

  /// Material names a scene may use, in the order they are listed in messages.
  public static let materialNames = [
    "wood", "steel", "aluminium", "glass", "rubber", "plastic", "stone", "ceramic", "ice",
    "cloth", "skin", "water",
  ]

  public init(
    version: Int = SceneSpec.currentVersion, name: String = "untitled",
    description: String? = nil, world: WorldSettings = WorldSettings(),
    environment: EnvironmentSpec = EnvironmentSpec(), objects: [ObjectSpec] = [],
    joints: [JointSpec] = [], shots: [ShotSpec] = [], style: StyleSpec = StyleSpec(),
    audio: AudioSettings = AudioSettings(),
    outcomes: [OutcomeSpec] = []
  ) {
    self.version = version
    self.name = name
    self.description = description
    self.world = world
    self.environment = environment
    self.objects = objects
    self.joints = joints
    self.shots = shots
    self.style = style
    self.audio = audio
    self.outcomes = outcomes
  }

  enum CodingKeys: String, CodingKey {
    case version = "diorama"
    case name, description, world, environment, objects, joints, shots, style, audio, outcomes
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    version = try c.decode(Int.self, forKey: .version)
    name = try c.decode(String.self, forKey: .name)
    description = try c.decodeIfPresent(String.self, forKey: .description)
    world = try c.decode(WorldSettings.self, forKey: .world)
    environment = try c.decode(EnvironmentSpec.self, forKey: .environment)
    objects = try c.decode([ObjectSpec].self, forKey: .objects)
    joints = try c.decodeIfPresent([JointSpec].self, forKey: .joints) ?? []
    shots = try c.decode([ShotSpec].self, forKey: .shots)
    style = try c.decode(StyleSpec.self, forKey: .style)
    audio = try c.decode(AudioSettings.self, forKey: .audio)
    outcomes = try c.decode([OutcomeSpec].self, forKey: .outcomes)
  }

  /// Writes every section; `joints` only when there are some, so scenes without joints keep
  /// their bytes and scene hashes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(version, forKey: .version)
    try c.encode(name, forKey: .name)
    try c.encodeIfPresent(description, forKey: .description)
    try c.encode(world, forKey: .world)
    try c.encode(environment, forKey: .environment)
    try c.encode(objects, forKey: .objects)
    if !joints.isEmpty { try c.encode(joints, forKey: .joints) }
    try c.encode(shots, forKey: .shots)
    try c.encode(style, forKey: .style)
    try c.encode(audio, forKey: .audio)
    try c.encode(outcomes, forKey: .outcomes)
  }

  /// The scene as JSON with sorted keys: deterministic bytes for hashing and caching.
  /// The same spec gives the same bytes in every process.
  public func canonicalJSON() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Every stored value is finite after validation; a non-finite double (only possible in a
    // spec built in code) is written as a string rather than failing.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return Array(try encoder.encode(self))
    } catch {
      return Array("{\"error\":\"unencodable scene\"}".utf8)
    }
  }

  /// Index of the object called `name`, or nil.
  /// - Complexity: O(n) in the number of objects.
  public func object(named name: String) -> Int? {
    objects.firstIndex { $0.name == name }
  }

  /// Index of the joint called `name`, or nil.
  /// - Complexity: O(n) in the number of joints.
  public func joint(named name: String) -> Int? {
    joints.firstIndex { $0.name == name }
  }

  /// Start and end times (s) of shot `index`: its `end`, else the next shot's start, else the
  /// world duration.
  public func interval(ofShot index: Int) -> ClosedRange<Double> {
    let shot = shots[index]
    let fallback = index + 1 < shots.count ? shots[index + 1].start : world.duration
    let end = shot.end ?? fallback
    return shot.start...max(shot.start, end)
  }
}
