/// Rendering style presets. Only `realistic` renders today; the others are reserved names
/// that the loader reports as not yet supported.
public enum StylePreset: String, Codable, Hashable, Sendable, CaseIterable {
  /// Physically based path tracing.
  case realistic
  /// Reserved: graded, shallow depth of field.
  case cinematic
  /// Reserved: toon shading with outlines.
  case anime

  /// Presets the renderer supports.
  public static let supported: [StylePreset] = [.realistic]
}

/// Rendering style (file: `style: realistic` or `style: {preset: realistic}`).
public struct StyleSpec: Codable, Hashable, Sendable {
  /// The preset.
  public var preset: StylePreset

  public init(preset: StylePreset = .realistic) {
    self.preset = preset
  }
}

/// Sound output settings (file section `audio`).
///
/// ```yaml
/// audio: {enabled: true, sample_rate: 48000, gain_db: -3}
/// ```
public struct AudioSettings: Codable, Hashable, Sendable {
  /// Whether to synthesise a soundtrack.
  public var enabled: Bool
  /// Samples per second (Hz): 44100 or 48000 (file: `sample_rate`).
  public var sampleRate: Int
  /// Master gain (dB), −60...12 (file: `gain_db`).
  public var gainDB: Double

  /// Sample rates the audio writer accepts (Hz).
  public static let sampleRates = [44100, 48000]

  public init(enabled: Bool = true, sampleRate: Int = 48000, gainDB: Double = 0) {
    self.enabled = enabled
    self.sampleRate = sampleRate
    self.gainDB = gainDB
  }

  enum CodingKeys: String, CodingKey {
    case enabled, sampleRate = "sample_rate", gainDB = "gain_db"
  }
}
