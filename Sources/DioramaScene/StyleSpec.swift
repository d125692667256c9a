import DioramaCore

/// Rendering style presets, each a preset of the same renderer (DioramaRender's
/// `RenderStyle`).
public enum StylePreset: String, Codable, Hashable, Sendable, CaseIterable {
  /// Physically based shading, ACES filmic tone mapping.
  case realistic
  /// 2.39:1 letterbox, shallow depth of field, motion blur, colour grade, vignette, grain.
  case cinematic
  /// Cel shading in three tone bands, ink outlines, flat saturated palette.
  case anime

  /// Presets the renderer supports.
  public static let supported: [StylePreset] = [.realistic, .cinematic, .anime]
}

/// Rendering style (file: `style: realistic` or
/// `style: {preset: cinematic, integrator: path, denoise: true}`).
public struct StyleSpec: Codable, Hashable, Sendable {
  /// The preset.
  public var preset: StylePreset
  /// Light transport; nil: direct lighting.
  public var integrator: IntegratorName?
  /// Whether to run the denoiser on each frame; nil: on for path tracing.
  public var denoise: Bool?

  public init(
    preset: StylePreset = .realistic, integrator: IntegratorName? = nil, denoise: Bool? = nil
  ) {
    self.preset = preset
    self.integrator = integrator
    self.denoise = denoise
  }
}

/// Sound output settings (file section `audio`).
///
/// ```yaml
/// audio:
///   gain_db: -3
///   loudness_target: -16
///   mute: [ambience]
///   ambience: [{kind: rain, level_db: -35, intensity: 8, surface: roof}]
///   room: {size: [6, 5, 3], center: [0, 0, 1.5], absorption: 0.3}
///   dialogue:
///     - {character: diver, text: "Here goes!", start: 0.5, voice: en-us, pitch: 40, speed: 160}
/// ```
public struct AudioSettings: Codable, Hashable, Sendable {
  /// Whether to synthesise a soundtrack.
  public var enabled: Bool
  /// Samples per second (Hz): 44100 or 48000 (file: `sample_rate`).
  public var sampleRate: Int
  /// Master gain (dB), −60...12 (file: `gain_db`).
  public var gainDB: Double
  /// Integrated loudness the mix is normalised to (LUFS, EBU R128), −40...−5 (file:
  /// `loudness_target`).
  public var loudnessTargetLUFS: Double
  /// Most gain reduction the limiter may apply to reach `loudnessTargetLUFS` (dB), 0...40
  /// (file: `max_limiting_db`). A clip of a few hard hits (billiard balls clicking) reaches
  /// −16 LUFS only by flattening every hit by 10–20 dB; with the default 6 dB such a clip
  /// ends quieter than the target and clip.json says by how much. 40 always reaches it.
  public var maxLimitingDB: Double
  /// Sound groups left out of the mix (file: `mute`).
  public var mute: [AudioGroup]
  /// Background sources added to `environment.ambience` (file: `ambience`).
  public var ambience: [AmbienceSpec]
  /// Lines of speech (file: `dialogue`).
  public var dialogue: [DialogueSpec]
  /// Whether distance takes the highs off (ISO 9613-1 air absorption, 20 °C, 50 % RH)
  /// (file: `air_absorption`).
  public var airAbsorption: Bool
  /// Early reflections of a shoebox room, or nil for a dry mix (file: `room`).
  public var room: RoomSpec?

  /// Sample rates the audio writer accepts (Hz).
  public static let sampleRates = [44100, 48000]

  public init(
    enabled: Bool = true, sampleRate: Int = 48000, gainDB: Double = 0,
    loudnessTargetLUFS: Double = -16, maxLimitingDB: Double = 6, mute: [AudioGroup] = [],
    ambience: [AmbienceSpec] = [], dialogue: [DialogueSpec] = [], airAbsorption: Bool = true,
    room: RoomSpec? = nil
  ) {
    self.enabled = enabled
    self.sampleRate = sampleRate
    self.gainDB = gainDB
    self.loudnessTargetLUFS = loudnessTargetLUFS
    self.maxLimitingDB = maxLimitingDB
    self.mute = mute
    self.ambience = ambience
    self.dialogue = dialogue
    self.airAbsorption = airAbsorption
    self.room = room
  }

  enum CodingKeys: String, CodingKey {
    case enabled, sampleRate = "sample_rate", gainDB = "gain_db"
    case loudnessTargetLUFS = "loudness_target", maxLimitingDB = "max_limiting_db"
    case mute, ambience, dialogue
    case airAbsorption = "air_absorption", room
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = AudioSettings()
    enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
    sampleRate = try c.decodeIfPresent(Int.self, forKey: .sampleRate) ?? d.sampleRate
    gainDB = try c.decodeIfPresent(Double.self, forKey: .gainDB) ?? d.gainDB
    loudnessTargetLUFS =
      try c.decodeIfPresent(Double.self, forKey: .loudnessTargetLUFS) ?? d.loudnessTargetLUFS
    maxLimitingDB = try c.decodeIfPresent(Double.self, forKey: .maxLimitingDB) ?? d.maxLimitingDB
    mute = try c.decodeIfPresent([AudioGroup].self, forKey: .mute) ?? []
    ambience = try c.decodeIfPresent([AmbienceSpec].self, forKey: .ambience) ?? []
    dialogue = try c.decodeIfPresent([DialogueSpec].self, forKey: .dialogue) ?? []
    airAbsorption = try c.decodeIfPresent(Bool.self, forKey: .airAbsorption) ?? d.airAbsorption
    room = try c.decodeIfPresent(RoomSpec.self, forKey: .room)
  }
}

/// Groups of sounds a scene can mute (`audio.mute`).
public enum AudioGroup: String, Codable, Hashable, Sendable, CaseIterable {
  /// Impacts between bodies.
  case impacts
  /// Sliding and rolling.
  case contacts
  /// Bubbles, splashes, pours, drips.
  case water
  /// Footsteps and body thuds.
  case figures
  /// Background ambience.
  case ambience
  /// Dialogue.
  case dialogue
}

/// One line of speech (`audio.dialogue[i]`), spoken by espeak-ng.
public struct DialogueSpec: Codable, Hashable, Sendable {
  /// Who speaks: an object's name (the voice comes from that object, where it is when the
  /// line starts), or any name when `position` is given.
  public var character: String
  /// What is said.
  public var text: String
  /// When the line starts (s, 0 ≤ start < world.duration).
  public var start: Double
  /// espeak-ng voice name (`en`, `en-us`, `de`, …).
  public var voice: String
  /// Base pitch on espeak-ng's scale, 0...99 (50 is the voice's normal pitch).
  public var pitch: Int
  /// Speaking rate (words per minute, 80...450) (file: `speed`).
  public var wordsPerMinute: Int
  /// Level: RMS sound pressure at 1 m (dB SPL, 30...100) (file: `level_db`).
  public var levelDB: Double
  /// Where the voice comes from (m), when `character` is not an object.
  public var position: Vec3?
  /// When given, the line starts `start` seconds after this touch instead of at `start`
  /// (file: `after`).
  public var after: DialogueCue?

  public init(
    character: String, text: String, start: Double, voice: String = "en", pitch: Int = 50,
    wordsPerMinute: Int = 175, levelDB: Double = 65, position: Vec3? = nil,
    after: DialogueCue? = nil
  ) {
    self.character = character
    self.text = text
    self.start = start
    self.voice = voice
    self.pitch = pitch
    self.wordsPerMinute = wordsPerMinute
    self.levelDB = levelDB
    self.position = position
    self.after = after
  }

  enum CodingKeys: String, CodingKey {
    case character, text, start, voice, pitch, wordsPerMinute = "speed", levelDB = "level_db"
    case position, after
  }
}

/// An event a dialogue line waits for: the first touch between `object` and `other`
/// (`audio.dialogue[i].after`).
public struct DialogueCue: Codable, Hashable, Sendable {
  /// An object's name.
  public var object: String
  /// An object's name, `ground` or a wall's name.
  public var other: String

  public init(object: String, other: String = "ground") {
    self.object = object
    self.other = other
  }
}

/// A shoebox room for early reflections (`audio.room`).
public struct RoomSpec: Codable, Hashable, Sendable {
  /// Inside dimensions (m), each > 0.
  public var size: Vec3
  /// Centre of the room (m); default: over the origin with the floor at z = 0.
  public var center: Vec3?
  /// Energy absorption coefficient of the walls, 0...1.
  public var absorption: Double

  public init(size: Vec3, center: Vec3? = nil, absorption: Double = 0.3) {
    self.size = size
    self.center = center
    self.absorption = absorption
  }
}
