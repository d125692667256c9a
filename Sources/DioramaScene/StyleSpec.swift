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
