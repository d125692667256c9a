import DioramaCore
import Foundation

/// Collision and render shapes an object may have. Capsules and cylinders run along their
/// local z axis, centred on the object's `position` (as `DioramaCollision.Shape` does).
public enum ShapeKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Needs `radius`.
  case sphere
  /// Needs `size` (full extents).
  case box
  /// Needs `radius` and `length` (the straight part between the two hemispherical caps).
  case capsule
  /// Needs `radius` and `height` (full height along local z).
  case cylinder
  /// The convex hull of `points` (at least 4, not all in one plane).
  case hull
  /// A static triangle mesh from the OBJ file `obj`, scaled by `scale`. Static only.
  case mesh
  /// A static grid of heights: `rows`, `columns`, `spacing` and `heights`. Static only.
  case heightfield
  /// Several convex `parts` joined rigidly, each placed in the object's frame.
  case compound

  /// The shapes a compound part may have: the convex ones.
  public static let partShapes: [ShapeKind] = [.sphere, .box, .capsule, .cylinder, .hull]

  /// True for the shapes only a static object may have (they enclose no volume to give mass).
  public var isStaticOnly: Bool { self == .mesh || self == .heightfield }

  /// The file keys this shape requires, in the order messages list them.
  var requiredKeys: [String] {
    switch self {
    case .sphere: ["radius"]
    case .box: ["size"]
    case .capsule: ["radius", "length"]
    case .cylinder: ["radius", "height"]
    case .hull: ["points"]
    case .mesh: ["obj"]
    case .heightfield: ["rows", "columns", "spacing", "heights"]
    case .compound: ["parts"]
    }
  }

  /// The file keys this shape accepts besides the required ones.
  var optionalKeys: [String] { self == .mesh ? ["scale"] : [] }

  /// Every key that gives some shape's geometry.
  static let geometryKeys = [
    "radius", "size", "length", "height", "points", "obj", "scale", "rows", "columns", "spacing",
    "heights", "parts",
  ]

  /// "spheres", "boxes", … for messages.
  var plural: String {
    switch self {
    case .box: "boxes"
    case .mesh: "meshes"
    default: rawValue + "s"
    }
  }

  /// What a missing key should look like, for "a capsule needs `length` …".
  static func hint(forKey key: String) -> String {
    switch key {
    case "radius": "in m, e.g. 0.1"
    case "size": "(full extents in m), e.g. [0.2, 0.2, 0.2]"
    case "length": "(the straight part between the caps, in m), e.g. 0.5"
    case "height": "(full height along local z, in m), e.g. 0.3"
    case "points": "(at least 4 points [x, y, z] in m, not all in one plane)"
    case "obj": "(an OBJ file path relative to the scene's folder), e.g. meshes/bowl.obj"
    case "rows": "(grid rows along y, at least 2)"
    case "columns": "(grid columns along x, at least 2)"
    case "spacing": "([dx, dy] in m), e.g. [0.5, 0.5]"
    case "heights":
      "(rows × columns heights in m, or {kind: waves, amplitude: 0.2, wavelength: 4})"
    case "parts": "(a list of convex parts, e.g. [{shape: box, size: [1, 1, 1]}])"
    default: ""
    }
  }

  /// "`size` is for boxes; a sphere takes `radius`": the message for a geometry key that
  /// does not apply to this shape.
  func misplaced(_ key: String) -> String {
    let users = Self.allCases.filter {
      $0.requiredKeys.contains(key) || $0.optionalKeys.contains(key)
    }
    let takes = (requiredKeys + optionalKeys).map { "`\($0)`" }
    return "`\(key)` is for \(Self.englishList(users.map(\.plural))); a \(rawValue) takes "
      + Self.englishList(takes)
  }

  /// "a", "a and b", "a, b and c".
  static func englishList(_ items: [String]) -> String {
    switch items.count {
    case 0: return "nothing"
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
  }
}

/// The convex-shape fields objects and compound parts share, and their closed-form geometry.
protocol ConvexShapeFields {
  var shape: ShapeKind { get }
  var radius: Double? { get }
  var size: Vec3? { get }
  var length: Double? { get }
  var height: Double? { get }
  var points: [Vec3]? { get }
}

extension ConvexShapeFields {
  /// Volume (m³) of a convex shape; 0 when a dimension is missing or for other shapes.
  ///
  /// Sphere 4/3 π r³; box x·y·z; capsule π r² L + 4/3 π r³ (a cylinder of length L and two
  /// hemispheres); cylinder π r² h; hull: the volume of the convex hull of `points`.
  var convexVolume: Double {
    let r = radius ?? 0
    switch shape {
    case .sphere: return 4.0 / 3.0 * Double.pi * r * r * r
    case .box:
      let s = size ?? .zero
      return s.x * s.y * s.z
    case .capsule: return Double.pi * r * r * (length ?? 0) + 4.0 / 3.0 * Double.pi * r * r * r
    case .cylinder: return Double.pi * r * r * (height ?? 0)
    case .hull: return HullGeometry.volume(of: points ?? []) ?? 0
    case .mesh, .heightfield, .compound: return 0
    }
  }

  /// Half extents (m) of the smallest box centred on the shape frame's origin, aligned with
  /// its axes, that holds the shape; zero when a dimension is missing.
  var convexHalfExtents: Vec3 {
    let r = radius ?? 0
    switch shape {
    case .sphere: return Vec3(repeating: r)
    case .box: return 0.5 * (size ?? .zero)
    case .capsule: return Vec3(r, r, 0.5 * (length ?? 0) + r)
    case .cylinder: return Vec3(r, r, 0.5 * (height ?? 0))
    case .hull:
      return (points ?? []).reduce(Vec3.zero) {
        pointwiseMax($0, Vec3(abs($1.x), abs($1.y), abs($1.z)))
      }
    case .mesh, .heightfield, .compound: return .zero
    }
  }

  /// Radius (m) of the smallest sphere about the shape frame's origin that holds the shape.
  var convexBoundingRadius: Double {
    let r = radius ?? 0
    switch shape {
    case .sphere: return r
    case .box: return convexHalfExtents.length
    case .capsule: return 0.5 * (length ?? 0) + r
    case .cylinder: return (r * r + 0.25 * (height ?? 0) * (height ?? 0)).squareRoot()
    case .hull: return (points ?? []).reduce(0) { max($0, $1.length) }
    case .mesh, .heightfield, .compound: return 0
    }
  }

  /// Half the axial extent of a capsule's segment (`length`/2) or a cylinder (`height`/2) (m):
  /// the `halfHeight` of `DioramaCollision.Shape.capsule` and `.cylinder`; nil otherwise.
  var convexHalfHeight: Double? {
    switch shape {
    case .capsule: return length.map { 0.5 * $0 }
    case .cylinder: return height.map { 0.5 * $0 }
    default: return nil
    }
  }
}
