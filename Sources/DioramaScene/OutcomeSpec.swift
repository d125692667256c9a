import DioramaCore

/// What an outcome checks (file key `type`).
public enum OutcomeKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// `object` ends inside `container` (a box object's box) or `region` at `at`.
  case inside
  /// The highest top of `objects` at `at` is below `fraction` × its value at t = 0.
  case heightBelow = "height_below"
  /// `object` touches `other` (an object, "ground" or a wall) at any time up to `at`.
  case touches
  /// `object` moves slower than `speed` (default 0.05 m/s) at `at`.
  case atRest = "at_rest"
  /// `object` is more than `distance` from its start position at `at`.
  case moved
  /// `object` (a brittle body) has shattered by `at`.
  case broke
}

/// A check on the recording: what the clip should show, or (with `expect: false`) not show.
///
/// ```yaml
/// outcomes:
///   - {name: lands_in_cup, type: inside, object: ball, container: cup, at: 3}
///   - {name: tower_falls, type: height_below, objects: [a, b, c], fraction: 0.5}
/// ```
public struct OutcomeSpec: Codable, Hashable, Sendable {
  /// Unique name, for reports.
  public var name: String
  /// What is checked (file key `type`).
  public var kind: OutcomeKind
  /// The object checked (inside, touches, at_rest, moved, broke).
  public var object: String?
  /// The objects checked (height_below).
  public var objects: [String]?
  /// What `object` must touch: an object name, "ground" or a wall name (touches).
  public var other: String?
  /// A box object whose box `object` must end inside (inside; or give a region).
  public var container: String?
  /// Region lower corner (m) (inside; file `region: {min: [...], max: [...]}`).
  public var regionMin: Vec3?
  /// Region upper corner (m).
  public var regionMax: Vec3?
  /// Time of the check (s); nil means the end of the clip.
  public var at: Double?
  /// Fraction of the initial height (height_below), in (0, 1].
  public var fraction: Double?
  /// Speed threshold (m/s) (at_rest); nil means ``defaultRestSpeed``.
  public var speed: Double?
  /// Displacement threshold (m) (moved).
  public var distance: Double?
  /// Whether the outcome should hold (true) or should not (false).
  public var expect: Bool

  /// The at_rest threshold when `speed` is not given (m/s).
  public static let defaultRestSpeed = 0.05

  public init(
    name: String, kind: OutcomeKind, object: String? = nil, objects: [String]? = nil,
    other: String? = nil, container: String? = nil, regionMin: Vec3? = nil,
    regionMax: Vec3? = nil, at: Double? = nil, fraction: Double? = nil, speed: Double? = nil,
    distance: Double? = nil, expect: Bool = true
  ) {
    self.name = name
    self.kind = kind
    self.object = object
    self.objects = objects
    self.other = other
    self.container = container
    self.regionMin = regionMin
    self.regionMax = regionMax
    self.at = at
    self.fraction = fraction
    self.speed = speed
    self.distance = distance
    self.expect = expect
  }

  enum CodingKeys: String, CodingKey {
    case name, kind = "type", object, objects, other, container, region, at, fraction, speed
    case distance, expect
  }

  enum RegionKeys: String, CodingKey {
    case min, max
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    kind = try c.decode(OutcomeKind.self, forKey: .kind)
    object = try c.decodeIfPresent(String.self, forKey: .object)
    objects = try c.decodeIfPresent([String].self, forKey: .objects)
    other = try c.decodeIfPresent(String.self, forKey: .other)
    container = try c.decodeIfPresent(String.self, forKey: .container)
    if c.contains(.region) {
      let r = try c.nestedContainer(keyedBy: RegionKeys.self, forKey: .region)
      regionMin = try r.decode(Vec3.self, forKey: .min)
      regionMax = try r.decode(Vec3.self, forKey: .max)
    }
    at = try c.decodeIfPresent(Double.self, forKey: .at)
    fraction = try c.decodeIfPresent(Double.self, forKey: .fraction)
    speed = try c.decodeIfPresent(Double.self, forKey: .speed)
    distance = try c.decodeIfPresent(Double.self, forKey: .distance)
    expect = try c.decodeIfPresent(Bool.self, forKey: .expect) ?? true
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(kind, forKey: .kind)
    try c.encodeIfPresent(object, forKey: .object)
    try c.encodeIfPresent(objects, forKey: .objects)
    try c.encodeIfPresent(other, forKey: .other)
    try c.encodeIfPresent(container, forKey: .container)
    if let regionMin, let regionMax {
      var r = c.nestedContainer(keyedBy: RegionKeys.self, forKey: .region)
      try r.encode(regionMin, forKey: .min)
      try r.encode(regionMax, forKey: .max)
    }
    try c.encodeIfPresent(at, forKey: .at)
    try c.encodeIfPresent(fraction, forKey: .fraction)
    try c.encodeIfPresent(speed, forKey: .speed)
    try c.encodeIfPresent(distance, forKey: .distance)
    try c.encode(expect, forKey: .expect)
  }
}
