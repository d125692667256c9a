import DioramaCore

/// One impact between two bodies, as the sound engine needs it: when, where, how hard, and
/// what rings. Both bodies ring.
///
/// ```swift
/// let hit = ImpactSound(time: 0.5, position: Vec3(0, 0, 0), impulse: 0.4, speed: 2,
///                       a: ball, b: floor)
/// ```
public struct ImpactSound: Sendable, Hashable {
  /// Time of first touch (s). The sound starts on this instant exactly, to the sample's
  /// fraction.
  public var time: Double
  /// Contact point in world coordinates (m).
  public var position: Vec3
  /// Normal impulse delivered by the impact (N·s, ≥ 0): the sound's amplitude scales with it.
  public var impulse: Double
  /// Relative normal speed just before contact (m/s): sets the Hertz contact duration.
  public var speed: Double
  /// First body.
  public var a: Resonator
  /// Second body (often the ground: `.plate`).
  public var b: Resonator

  public init(
    time: Double, position: Vec3, impulse: Double, speed: Double, a: Resonator, b: Resonator
  ) {
    self.time = time
    self.position = position
    self.impulse = impulse
    self.speed = speed
    self.a = a
    self.b = b
  }
}

/// Where the sound is heard from: distance attenuation and stereo pan. Right-handed world,
/// so the listener's right is `forward × up`.
public struct Listener: Sendable, Hashable {
  /// Ear position (m).
  public var position: Vec3
  /// Viewing direction (unit vector, normalised on use).
  public var forward: Vec3
  /// Up direction (unit vector, orthogonalised against `forward` on use).
  public var up: Vec3

  public init(position: Vec3, forward: Vec3, up: Vec3 = Vec3(0, 0, 1)) {
    self.position = position
    self.forward = forward
    self.up = up
  }
}

/// Kinds of procedural background sound.
public enum AmbienceKind: String, Sendable, Hashable, Codable {
  /// Silence.
  case none
  /// Pink-ish filtered noise: the hum of a quiet room.
  case roomTone
  /// Low-passed noise whose brightness and level move slowly in gusts.
  case wind
}

/// A background sound under the whole track.
public struct AmbienceSource: Sendable, Hashable {
  /// What it sounds like.
  public var kind: AmbienceKind
  /// RMS level of each channel (dBFS).
  public var levelDB: Double

  public init(kind: AmbienceKind, levelDB: Double) {
    self.kind = kind
    self.levelDB = levelDB
  }
}

/// Sampled audio, channels interleaved (frame-major: L R L R … for stereo).
public struct AudioBuffer: Sendable, Hashable {
  /// Samples per second per channel (Hz).
  public var sampleRate: Int
  /// Channels per frame.
  public var channelCount: Int
  /// Interleaved samples, full scale ±1 (frameCount·channelCount).
  public var samples: [Float]

  public init(sampleRate: Int, channelCount: Int, samples: [Float]) {
    self.sampleRate = sampleRate
    self.channelCount = channelCount
    self.samples = samples
  }

  /// Frames (samples per channel).
  public var frameCount: Int { channelCount > 0 ? samples.count / channelCount : 0 }
  /// Length (s).
  public var duration: Double { Double(frameCount) / Double(sampleRate) }
}

/// Rendering settings.
public struct SoundSettings: Sendable, Hashable {
  /// Output sample rate (Hz).
  public var sampleRate: Int
  /// Master gain (dB) applied before the limiter.
  public var gainDB: Double
  /// Seed of the ambience noise; impacts use no randomness.
  public var seed: UInt64
  /// Recording level: when set, the impacts are scaled down together so that the loudest
  /// sample of their mix peaks at this level (dBFS), as an engineer sets the input gain
  /// for the loudest hit. Relative levels between impacts are kept; quieter mixes are not
  /// raised. nil leaves the absolute calibration (full scale = 120 dB SPL).
  public var impactPeakDB: Double?

  public init(
    sampleRate: Int = 48_000, gainDB: Double = 0, seed: UInt64 = 0, impactPeakDB: Double? = nil
  ) {
    self.sampleRate = sampleRate
    self.gainDB = gainDB
    self.seed = seed
    self.impactPeakDB = impactPeakDB
  }
}
