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

/// One report of a sustained contact, sliding or rolling, covering one solver step: what the
/// sound engine needs to scrape and roll. Consecutive reports of the same pair form one
/// continuous sound (see `ContactNoise`): speed and force are interpolated linearly between
/// report times at audio rate.
///
/// ```swift
/// let slide = ContactSound(time: 0.504, duration: 0.004, position: Vec3(0, 0, 0),
///                          normalForce: 9.8, slidingSpeed: 0.6, rollingSpeed: 0,
///                          a: box, b: floor)
/// ```
public struct ContactSound: Sendable, Hashable {
  /// Time of the report (s): the end of the solver step it covers.
  public var time: Double
  /// Length of the step the report covers (s, ≥ 0): the report describes [time − duration,
  /// time].
  public var duration: Double
  /// Contact point in world coordinates (m).
  public var position: Vec3
  /// Mean normal force over the step (N, ≥ 0): normal impulse over the step / step length.
  public var normalForce: Double
  /// Tangential relative speed at the contact (m/s, ≥ 0).
  public var slidingSpeed: Double
  /// Rolling speed |ω × n|·r of a rolling body (m/s, ≥ 0), 0 when nothing rolls.
  public var rollingSpeed: Double
  /// First body.
  public var a: Resonator
  /// Second body (often the ground: `.plate`).
  public var b: Resonator
  /// Tells apart two pairs of identical bodies touching at the same time (for example the
  /// two entity ids packed into one integer): reports with different `pairID`s never join
  /// one sound. With the default 0, reports join by resonators, time and nearest position.
  public var pairID: Int

  public init(
    time: Double, duration: Double, position: Vec3, normalForce: Double,
    slidingSpeed: Double, rollingSpeed: Double, a: Resonator, b: Resonator, pairID: Int = 0
  ) {
    self.time = time
    self.duration = duration
    self.position = position
    self.normalForce = normalForce
    self.slidingSpeed = slidingSpeed
    self.rollingSpeed = rollingSpeed
    self.a = a
    self.b = b
    self.pairID = pairID
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
  /// Raindrops striking a roof or a water surface, their number and sizes from the rain
  /// rate (`AmbienceSource.intensity`, mm/h): see `Rain`.
  case rain
  /// The murmur of a crowd: `intensity` talkers' syllables, unintelligible: see
  /// `CrowdMurmur`.
  case crowd
}

/// What rain falls on.
public enum RainSurface: String, Sendable, Hashable, Codable {
  /// A hard roof: every drop a short tick.
  case roof
  /// Open water: a tick and, for some drop sizes, a ringing bubble.
  case water
}

/// A background sound under the whole track.
public struct AmbienceSource: Sendable, Hashable {
  /// What it sounds like.
  public var kind: AmbienceKind
  /// RMS level of each channel (dBFS).
  public var levelDB: Double
  /// Strength of the source: rain rate (mm/h) for `.rain`, number of talkers for `.crowd`;
  /// ignored by the others. 0 means the kind's default (5 mm/h, 12 talkers).
  public var intensity: Double
  /// What the rain falls on (`.rain` only).
  public var surface: RainSurface

  public init(
    kind: AmbienceKind, levelDB: Double, intensity: Double = 0, surface: RainSurface = .roof
  ) {
    self.kind = kind
    self.levelDB = levelDB
    self.intensity = intensity
    self.surface = surface
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
  /// Seed of the ambience and contact (scraping, rolling) noise; impacts use no randomness.
  public var seed: UInt64
  /// Recording level: when set, the impacts (and all other event sounds) are scaled down
  /// together so that the loudest sample of their mix peaks at this level (dBFS), as an
  /// engineer sets the input gain for the loudest hit. Relative levels between events are
  /// kept; quieter mixes are not raised. nil leaves the absolute calibration (full scale =
  /// 120 dB SPL).
  public var impactPeakDB: Double?

  /// With `impactPeakDB` set, whether a mix of events whose loudest sample lies below that
  /// level is raised to it too (false: only loud mixes are scaled down). The clip pipeline
  /// raises, so that ambience levels given in dBFS sit under the events as a recordist
  /// would set them, whatever the scene's distances.
  public var raisesQuietEvents: Bool = false
  /// Dialogue as its own stem, as a recordist mikes the actors close: when set, the spoken
  /// lines are mixed with their loudest sample at this level (dBFS), after the events'
  /// recording level (`impactPeakDB`); nil mixes them physically, at their `levelDB` and
  /// distance, with the other event sounds.
  public var dialoguePeakDB: Double? = nil
  /// Air absorption over each source's distance (ISO 9613-1), or nil for none: exact per
  /// mode for modal impacts, bubbles and grains (pure tones), a one-pole low-pass at the
  /// 3 dB frequency for noise bursts; sliding/rolling noise and dialogue are not filtered.
  public var airAbsorption: AirAbsorption?
  /// Early reflections of a shoebox room, or nil for a dry (anechoic) mix.
  public var room: RoomReflections?
  /// The espeak-ng shared library dialogue is spoken with (`dlopen` name or path).
  public var speechLibrary: String

  public init(
    sampleRate: Int = 48_000, gainDB: Double = 0, seed: UInt64 = 0, impactPeakDB: Double? = nil,
    airAbsorption: AirAbsorption? = nil, room: RoomReflections? = nil,
    speechLibrary: String = SpeechSynthesizer.defaultLibrary
  ) {
    self.sampleRate = sampleRate
    self.gainDB = gainDB
    self.seed = seed
    self.impactPeakDB = impactPeakDB
    self.airAbsorption = airAbsorption
    self.room = room
    self.speechLibrary = speechLibrary
  }
}
