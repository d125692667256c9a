import DioramaCore

/// Everything around the objects (file section `environment`).
///
/// ```yaml
/// environment:
///   ground: {material: wood, checker_size: 0.5}
///   walls: [{name: back, point: [0, 2, 0], normal: [0, -1, 0]}]
///   ambience: {kind: room_tone, level_db: -40}
/// ```
public struct EnvironmentSpec: Codable, Hashable, Sendable {
  /// The ground plane z = height, or nil for none (file: `ground: none` or `ground: false`).
  public var ground: GroundSpec?
  /// Static infinite planes besides the ground.
  public var walls: [WallSpec]
  /// Sky gradient, also the environment light.
  public var sky: SkySpec
  /// Light sources; replaces the default sun and ambient when given.
  public var lights: [LightSpec]
  /// Background sound.
  public var ambience: AmbienceSpec

  /// A sun from above-behind-left at intensity 3 plus ambient 0.3.
  public static let defaultLights = [
    LightSpec(kind: .sun, direction: Vec3(-0.4, -0.6, -1), intensity: 3),
    LightSpec(kind: .ambient, intensity: 0.3),
  ]

  public init(
    ground: GroundSpec? = GroundSpec(), walls: [WallSpec] = [], sky: SkySpec = SkySpec(),
    lights: [LightSpec] = EnvironmentSpec.defaultLights, ambience: AmbienceSpec = AmbienceSpec()
  ) {
    self.ground = ground
    self.walls = walls
    self.sky = sky
    self.lights = lights
    self.ambience = ambience
  }

  enum CodingKeys: String, CodingKey {
    case ground, walls, sky, lights, ambience
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = EnvironmentSpec()
    if (try? c.decode(Bool.self, forKey: .ground)) == false {
      ground = nil
    } else {
      ground = try c.decodeIfPresent(GroundSpec.self, forKey: .ground) ?? d.ground
    }
    walls = try c.decodeIfPresent([WallSpec].self, forKey: .walls) ?? d.walls
    sky = try c.decodeIfPresent(SkySpec.self, forKey: .sky) ?? d.sky
    lights = try c.decodeIfPresent([LightSpec].self, forKey: .lights) ?? d.lights
    ambience = try c.decodeIfPresent(AmbienceSpec.self, forKey: .ambience) ?? d.ambience
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    if let ground {
      try c.encode(ground, forKey: .ground)
    } else {
      try c.encode(false, forKey: .ground)
    }
    try c.encode(walls, forKey: .walls)
    try c.encode(sky, forKey: .sky)
    try c.encode(lights, forKey: .lights)
    try c.encode(ambience, forKey: .ambience)
  }
}

/// The ground: the plane z = `height`, facing +z.
public struct GroundSpec: Codable, Hashable, Sendable {
  /// Height of the plane (m).
  public var height: Double
  /// Material name (one of ``SceneSpec/materialNames``).
  public var material: String
  /// Base colour, linear RGB 0...1; nil means the material's colour.
  public var color: Vec3?
  /// Whether to draw a checkerboard (helps read motion).
  public var checker: Bool
  /// Checker square edge (m), > 0 (file: `checker_size`).
  public var checkerSize: Double
  /// PNG texture path, relative to the scene file's folder.
  public var texture: String?
  /// How the renderer draws it; nil: derived from the material, colour and checker.
  public var appearance: AppearanceSpec?

  public init(
    height: Double = 0, material: String = "wood", color: Vec3? = nil, checker: Bool = true,
    checkerSize: Double = 1, texture: String? = nil, appearance: AppearanceSpec? = nil
  ) {
    self.appearance = appearance
    self.height = height
    self.material = material
    self.color = color
    self.checker = checker
    self.checkerSize = checkerSize
    self.texture = texture
  }

  enum CodingKeys: String, CodingKey {
    case height, material, color, checker, checkerSize = "checker_size", texture, appearance
  }
}

/// A static infinite plane through `point` with outward `normal`.
public struct WallSpec: Codable, Hashable, Sendable {
  /// Unique among walls; outcomes may name it in `other`.
  public var name: String
  /// A point on the plane (m).
  public var point: Vec3
  /// Unit normal pointing into the free half-space (normalised on load).
  public var normal: Vec3
  /// Material name.
  public var material: String
  /// Colour, linear RGB 0...1; nil means the material's colour.
  public var color: Vec3?
  /// Whether the renderer draws it (an invisible wall still collides).
  public var visible: Bool

  public init(
    name: String, point: Vec3, normal: Vec3, material: String = "stone", color: Vec3? = nil,
    visible: Bool = true
  ) {
    self.name = name
    self.point = point
    self.normal = normal
    self.material = material
    self.color = color
    self.visible = visible
  }
}

/// A vertical sky gradient in linear RGB, or a time-of-day preset.
///
/// ```yaml
/// sky: {preset: golden_hour, azimuth_deg: -120}
/// ```
public struct SkySpec: Codable, Hashable, Sendable {
  /// Colour straight up (linear RGB).
  public var zenith: Vec3
  /// Colour at the horizon (linear RGB).
  public var horizon: Vec3
  /// A time-of-day sky that also lights the scene, with its own sun or moon added to the
  /// lights (file: `preset`); the gradient colours are then ignored.
  public var preset: SkyPresetName?
  /// Compass direction of the preset's sun, from +x toward +y (degrees; file: `azimuth_deg`);
  /// nil: −126°, behind the default camera's left shoulder.
  public var azimuthDegrees: Double?

  public init(
    zenith: Vec3 = Vec3(0.35, 0.55, 0.9), horizon: Vec3 = Vec3(0.85, 0.9, 0.95),
    preset: SkyPresetName? = nil, azimuthDegrees: Double? = nil
  ) {
    self.zenith = zenith
    self.horizon = horizon
    self.preset = preset
    self.azimuthDegrees = azimuthDegrees
  }

  enum CodingKeys: String, CodingKey {
    case zenith, horizon, preset, azimuthDegrees = "azimuth_deg"
  }
}

/// Kinds of light (file key `type`).
public enum LightKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Parallel light from infinitely far away; needs `direction`.
  case sun
  /// Light from a point; needs `position`.
  case point
  /// Uniform light from every direction.
  case ambient
  /// A cone of light from a point; needs `position` and `direction` or `target`.
  case spot
  /// A glowing rectangle or disk (soft shadows); needs `position`, faces `direction` or
  /// `target` (default straight down).
  case area
}

/// Outline of an area light (file key `shape`).
public enum AreaShapeName: String, Codable, Hashable, Sendable, CaseIterable {
  case rectangle, disk
}

/// A light source.
public struct LightSpec: Codable, Hashable, Sendable {
  /// Sun, point or ambient (file key `type`).
  public var kind: LightKind
  /// Direction the sunlight travels (need not be unit length); sun only, required there.
  public var direction: Vec3?
  /// Position of a point light (m); point only, required there.
  public var position: Vec3?
  /// Colour, linear RGB 0...1.
  public var color: Vec3
  /// Sun and ambient: irradiance scale (3 ≈ bright daylight); point, spot and area: radiant
  /// power (W). ≥ 0.
  public var intensity: Double
  /// Spot and area: a point to aim at (m), instead of `direction`.
  public var target: Vec3?
  /// Spot: half-angle of full intensity (degrees, file `inner_deg`); default 20.
  public var innerDegrees: Double?
  /// Spot: half-angle where the light ends (degrees, file `outer_deg`), ≥ inner, ≤ 90;
  /// default 30.
  public var outerDegrees: Double?
  /// Area: width, or a disk's diameter (m); default 1.
  public var width: Double?
  /// Area: height of a rectangle (m); default `width`.
  public var height: Double?
  /// Area: rectangle (default) or disk.
  public var shape: AreaShapeName?

  /// Intensity used when the file leaves it out (sun 3, point 100 W, ambient 0.3).
  public static func defaultIntensity(for kind: LightKind) -> Double {
    switch kind {
    case .sun: 3
    case .point: 100
    case .ambient: 0.3
    case .spot: 200
    case .area: 200
    }
  }

  public init(
    kind: LightKind, direction: Vec3? = nil, position: Vec3? = nil, color: Vec3 = Vec3(1, 1, 1),
    intensity: Double
  ) {
    self.kind = kind
    self.direction = direction
    self.position = position
    self.color = color
    self.intensity = intensity
  }

  enum CodingKeys: String, CodingKey {
    case kind = "type", direction, position, color, intensity, target
    case innerDegrees = "inner_deg", outerDegrees = "outer_deg", width, height, shape
  }
}

/// Kinds of background sound.
public enum AmbienceKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Silence.
  case none
  /// Quiet indoor room tone.
  case roomTone = "room_tone"
  /// Outdoor wind.
  case wind
  /// Rain; `intensity` is the rain rate in mm/h (default 5), `surface` what it falls on.
  case rain
  /// Crowd murmur; `intensity` is the number of talkers (default 12).
  case crowd
}

/// What rain falls on (ambience `surface`).
public enum AmbienceSurface: String, Codable, Hashable, Sendable, CaseIterable {
  /// A hard roof: ticks.
  case roof
  /// Open water: ticks and bubbles.
  case water
}

/// Background sound bed.
public struct AmbienceSpec: Codable, Hashable, Sendable {
  /// What to play.
  public var kind: AmbienceKind
  /// Level (dB relative to full scale), ≤ 0 (file: `level_db`).
  public var levelDB: Double
  /// Rain rate (mm/h, 0...500) for `rain`, number of talkers (0...200) for `crowd`; 0 takes
  /// the kind's default (file: `intensity`).
  public var intensity: Double
  /// What rain falls on (file: `surface`).
  public var surface: AmbienceSurface

  public init(
    kind: AmbienceKind = .none, levelDB: Double = -45, intensity: Double = 0,
    surface: AmbienceSurface = .roof
  ) {
    self.kind = kind
    self.levelDB = levelDB
    self.intensity = intensity
    self.surface = surface
  }

  enum CodingKeys: String, CodingKey {
    case kind, levelDB = "level_db", intensity, surface
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    kind = try c.decode(AmbienceKind.self, forKey: .kind)
    levelDB = try c.decode(Double.self, forKey: .levelDB)
    intensity = try c.decodeIfPresent(Double.self, forKey: .intensity) ?? 0
    surface = try c.decodeIfPresent(AmbienceSurface.self, forKey: .surface) ?? .roof
  }
}
