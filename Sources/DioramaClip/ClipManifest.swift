import DioramaAudio
import DioramaCore
import DioramaWorld

/// The contents of `clip.json`: what was made, from what, and how long each stage took.
public struct ClipManifest: Codable, Hashable, Sendable {
  /// Diorama's version.
  public var dioramaVersion: String
  /// Scene schema version (`diorama:` key).
  public var schemaVersion: Int
  public var sceneName: String
  /// SHA-256 of the scene's canonical JSON: the same scene gives the same hash on any machine.
  public var sceneHash: String
  public var seed: UInt64
  public var settings: Settings
  public var frameCount: Int
  /// Files written, relative to the output folder.
  public var files: [String]
  public var eventCounts: EventCounts
  public var outcomes: [OutcomeResult]
  /// Wall-clock seconds per stage, in pipeline order.
  public var timings: [StageTiming]
  public var warnings: [String]
  /// Loudness of audio.wav after normalisation; nil when the clip has no physical sound.
  public var loudness: LoudnessSummary?
  /// Formats and conventions of the ground-truth files under gt/, when they were written.
  public var groundTruth: GroundTruthManifest?

  /// What the loudness normaliser measured and did (EBU R128 / ITU-R BS.1770).
  public struct LoudnessSummary: Codable, Hashable, Sendable {
    /// Integrated loudness before normalisation (LUFS).
    public var inputLUFS: Double
    /// Integrated loudness of audio.wav (LUFS).
    public var outputLUFS: Double
    /// True peak of audio.wav (dBTP).
    public var truePeakDBTP: Double
    /// Largest gain reduction of the look-ahead limiter (dB; 0 when it did not engage).
    public var limiterMaxReductionDB: Double

    init?(_ r: LoudnessReport) {
      guard r.inputLUFS.isFinite, r.outputLUFS.isFinite, r.outputTruePeakDBTP.isFinite else {
        return nil
      }
      inputLUFS = r.inputLUFS
      outputLUFS = r.outputLUFS
      truePeakDBTP = r.outputTruePeakDBTP
      limiterMaxReductionDB = r.limiterMaxReductionDB
    }
  }

  public struct Settings: Codable, Hashable, Sendable {
    /// Duration (s).
    public var duration: Double
    public var fps: Int
    public var width: Int
    public var height: Int
    /// Solver step (s).
    public var timestep: Double
    public var substeps: Int
    public var samplesPerPixel: Int
    /// Audio sample rate (Hz).
    public var sampleRate: Int
    public var style: String
    public var shots: [String]
  }

  public struct EventCounts: Codable, Hashable, Sendable {
    /// Contact begin events (impacts).
    public var impacts: Int
    /// Sustained sliding or rolling contact reports (one per step while it lasts).
    public var sustained: Int
    /// Contact end events (separations).
    public var separations: Int
    /// Impacts that made a sound (approach faster than 1 cm/s).
    public var sounds: Int
  }
}

/// Wall-clock time of one pipeline stage.
public struct StageTiming: Codable, Hashable, Sendable {
  public var stage: String
  /// Seconds.
  public var seconds: Double

  public init(stage: String, seconds: Double) {
    self.stage = stage
    self.seconds = seconds
  }
}

/// Diorama's release version.
public enum DioramaVersion {
  public static let current = "0.1.0"
}
