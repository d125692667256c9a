import DioramaCore
import Foundation

/// Groups of sounds a scene can mute.
public enum SoundGroup: String, Sendable, Hashable, Codable, CaseIterable {
  /// Modal impacts between bodies.
  case impacts
  /// Sliding and rolling contacts.
  case contacts
  /// Bubbles, splashes, pours and drips.
  case water
  /// Footsteps and body thuds.
  case figures
  /// Background ambience.
  case ambience
  /// Dialogue lines.
  case dialogue
}

/// Everything that sounds in a shot, as plain events: the input of
/// `SoundSynthesizer.render(_:)`.
///
/// ```swift
/// var scene = SoundScene(duration: 4, listener: ear)
/// scene.impacts = hits
/// scene.bubbles = [BubbleSound(time: 1, position: .zero, radius: 0.001)]
/// scene.ambience = [AmbienceSource(kind: .rain, levelDB: -40, intensity: 8)]
/// scene.dialogue = [DialogueLine(text: "here goes", time: 0.5)]
/// let track = try SoundSynthesizer(settings: SoundSettings()).render(scene)
/// ```
public struct SoundScene: Sendable, Hashable {
  /// Length of the track (s).
  public var duration: Double
  /// The ear, or nil for a listener 1 m away, straight ahead of every source.
  public var listener: Listener?
  public var impacts: [ImpactSound] = []
  public var contacts: [ContactSound] = []
  public var bubbles: [BubbleSound] = []
  public var splashes: [SplashSound] = []
  public var pours: [PourSound] = []
  public var drips: [DripSound] = []
  public var footsteps: [FootstepSound] = []
  public var thuds: [ThudSound] = []
  /// Background sources, summed (each from its own noise stream).
  public var ambience: [AmbienceSource] = []
  public var dialogue: [DialogueLine] = []
  /// Groups left out of the mix.
  public var muted: [SoundGroup] = []

  public init(duration: Double, listener: Listener? = nil) {
    self.duration = duration
    self.listener = listener
  }

  func plays(_ g: SoundGroup) -> Bool { !muted.contains(g) }
}

/// A short early-reflection room: image sources of a shoebox room (Allen & Berkley, "Image
/// method for efficiently simulating small-room acoustics", J. Acoust. Soc. Am. 65, 1979),
/// up to `maxOrder` reflections, applied as delayed, attenuated and panned copies of the dry
/// mix.
///
/// ```swift
/// let room = RoomReflections(size: Vec3(6, 5, 3), center: Vec3(0, 0, 1.5), absorption: 0.3)
/// ```
public struct RoomReflections: Sendable, Hashable {
  /// Room dimensions (m).
  public var size: Vec3
  /// Room centre in world coordinates (m).
  public var center: Vec3
  /// Energy absorption coefficient of the walls α (0...1): each bounce keeps √(1 − α) of
  /// the pressure.
  public var absorption: Double
  /// Highest reflection order (1...3).
  public var maxOrder: Int

  public init(size: Vec3, center: Vec3, absorption: Double = 0.3, maxOrder: Int = 2) {
    self.size = size
    self.center = center
    self.absorption = absorption
    self.maxOrder = maxOrder
  }

  /// One reflection: delay after the direct sound (s), pressure gain relative to it, and
  /// its pan gains.
  struct Tap: Hashable {
    var delay: Double
    var gain: Double
    var left: Double
    var right: Double
  }

  /// Image-source taps for a source at `source` heard at `listener`.
  ///
  /// In a room [0, L] along an axis, the image of index n ∈ ℤ of a source at s lies at
  /// n·L + s for even n and (n+1)·L − s for odd n, after |n| reflections (Allen & Berkley
  /// eq. 3). Each image (nx, ny, nz) ≠ 0 with |nx|+|ny|+|nz| ≤ maxOrder gives a tap
  /// delayed by (|I − L| − |S − L|)/c, with gain (1 − α)^{order/2}·|S − L|/|I − L|
  /// (spherical spreading relative to the direct sound), panned by its direction.
  /// - Complexity: O(maxOrder³).
  func taps(source: Vec3, listener: Listener) -> [Tap] {
    let lo = center - 0.5 * size
    let s = source - lo
    let ear = listener.position
    let d0 = Swift.max((source - ear).length, SoundSynthesizer.nearFieldDistance)
    let order = Swift.max(0, Swift.min(3, maxOrder))
    let keep = (1 - Swift.min(1, Swift.max(0, absorption))).squareRoot()
    func image(_ n: Int, _ x: Double, _ l: Double) -> Double {
      n % 2 == 0 ? Double(n) * l + x : Double(n + 1) * l - x
    }
    var out: [Tap] = []
    for nx in -order...order {
      for ny in -order...order {
        for nz in -order...order {
          let o = abs(nx) + abs(ny) + abs(nz)
          guard o > 0, o <= order else { continue }
          let p =
            lo + Vec3(image(nx, s.x, size.x), image(ny, s.y, size.y), image(nz, s.z, size.z))
          let (d, gl, gr) = SoundSynthesizer.spatialize(p, listener: listener)
          out.append(
            Tap(
              delay: (d - d0) / ModalAnalysis.speedOfSound,
              gain: pow(keep, Double(o)) * d0 / d, left: gl, right: gr))
        }
      }
    }
    return out
  }
}
