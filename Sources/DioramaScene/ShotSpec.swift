import DioramaCore
import Foundation

/// A camera: where it stands, what it looks at, and its lens.
///
/// ```yaml
/// camera: {position: [4, -4, 2], track: ball, lens_mm: 50}
/// ```
public struct CameraSpec: Codable, Hashable, Sendable {
  /// Camera position (m).
  public var position: Vec3
  /// Fixed point to aim at (m); give this or `track`.
  public var target: Vec3?
  /// Name of an object to keep aimed at; give this or `target`.
  public var track: String?
  /// World direction that appears up in the frame.
  public var up: Vec3
  /// Focal length (mm) for a 36 mm wide sensor, 8...600 (file: `lens_mm`).
  public var lensMM: Double
  /// Lens f-number for depth of field, 0.7...64 (file: `f_number`); nil: the style's
  /// (cinematic f/2) or a pinhole.
  public var fNumber: Double?
  /// Distance to the plane of focus (m, file: `focus_distance`); nil: the target's distance.
  public var focusDistance: Double?

  public init(
    position: Vec3, target: Vec3? = nil, track: String? = nil, up: Vec3 = Vec3(0, 0, 1),
    lensMM: Double = 35
  ) {
    self.position = position
    self.target = target
    self.track = track
    self.up = up
    self.lensMM = lensMM
  }

  /// Horizontal field of view (radians) of the 36 mm sensor behind this lens.
  public var horizontalFieldOfView: Double { 2 * atan(18 / lensMM) }

  enum CodingKeys: String, CodingKey {
    case position, target, track, up, lensMM = "lens_mm", fNumber = "f_number"
    case focusDistance = "focus_distance"
  }
}

/// One shot of the clip: a camera over a time span.
///
/// ```yaml
/// shots:
///   - {name: wide, start: 0, camera: {position: [5, -5, 2], target: [0, 0, 0.5]}}
///   - {name: close, start: 2, camera: {position: [1, -1, 0.5], track: ball}}
/// ```
public struct ShotSpec: Codable, Hashable, Sendable {
  /// Shot name, for reports.
  public var name: String
  /// The camera for this shot.
  public var camera: CameraSpec
  /// Start time (s).
  public var start: Double
  /// End time (s); nil means the next shot's start, or the world duration for the last shot.
  public var end: Double?
  /// The style of this shot, overriding the scene's (file: `style`); nil: the scene's.
  public var style: StyleSpec?

  public init(name: String, camera: CameraSpec, start: Double, end: Double? = nil) {
    self.name = name
    self.camera = camera
    self.start = start
    self.end = end
  }
}
