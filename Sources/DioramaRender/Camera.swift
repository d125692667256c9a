import DioramaCore
import Foundation

/// A camera: a position looking at a target, with a 36 mm wide sensor and a lens; a pinhole
/// by default, a thin lens (depth of field) when `apertureRadius` > 0.
///
/// Thin lens (pbrt-v4 §5.2.3): a ray through pixel (x, y) starts at a uniformly sampled point
/// of the lens disk of radius `apertureRadius` about `position` (in the image plane's right
/// and up directions) and passes through the point where the pinhole ray meets the plane of
/// focus, at distance `focusDistance` along the optical axis; points on that plane are sharp,
/// and a point at depth z is blurred over a circle of diameter
/// `2 apertureRadius |z − f| / z` (m, projected back to the plane of focus).
///
/// Pixel coordinates are continuous: (0, 0) is the top-left corner of the image, (width,
/// height) the bottom-right corner, and pixel (i, j) covers [i, i+1) × [j, j+1). Pixels are
/// square; the horizontal field of view is `2 atan(18 mm / lensMM)` (35 mm → 54.4°).
///
/// ```swift
/// let cam = Camera(position: Vec3(0, -5, 2), target: .zero, width: 640, height: 360)
/// let (o, d) = cam.ray(x: 320, y: 180)  // through the image centre, toward the target
/// cam.project(.zero)                    // ≈ (320, 180)
/// ```
public struct Camera: Sendable, Hashable {
  /// Centre of projection (m).
  public var position: Vec3
  /// Point the optical axis passes through (m).
  public var target: Vec3
  /// World direction that appears up in the image (unitless; need not be unit or exactly
  /// orthogonal to the view direction). If parallel to the view, +y (or +x) is used.
  public var up: Vec3
  /// Focal length (mm) for a 36 mm wide sensor.
  public var lensMM: Double
  /// Image width (pixels).
  public var width: Int
  /// Image height (pixels).
  public var height: Int
  /// Radius of the lens aperture (m); 0 is a pinhole (everything sharp).
  public var apertureRadius: Double
  /// Distance to the plane of focus along the optical axis (m), or nil for the distance to
  /// `target`.
  public var focusDistance: Double?

  public init(
    position: Vec3, target: Vec3, up: Vec3 = Vec3(0, 0, 1), lensMM: Double = 35,
    width: Int, height: Int, apertureRadius: Double = 0, focusDistance: Double? = nil
  ) {
    self.position = position
    self.target = target
    self.up = up
    self.lensMM = lensMM
    self.width = width
    self.height = height
    self.apertureRadius = apertureRadius
    self.focusDistance = focusDistance
  }

  /// The aperture radius (m) of this lens at f-number `n`: focal length / (2n), with the
  /// focal length `lensMM` of the 36 mm sensor.
  public func apertureRadius(fNumber n: Double) -> Double {
    n > 0 ? lensMM * 1e-3 / (2 * n) : 0
  }

  /// The plane-of-focus distance in use (m): `focusDistance`, else the distance to `target`.
  public var resolvedFocusDistance: Double {
    if let f = focusDistance, f > 0 { return f }
    return max(1e-3, (target - position).length)
  }

  /// Orthonormal camera frame: `right`, `upward` (in the image plane) and `forward`, with
  /// half-extents of the image plane at unit distance (`tanX` horizontally, `tanY`
  /// vertically).
  struct Frame {
    var forward: Vec3
    var right: Vec3
    var upward: Vec3
    var tanX: Double
    var tanY: Double
  }

  var frame: Frame {
    var f = (target - position).normalized
    if f == .zero { f = Vec3(0, 1, 0) }
    var r = f.cross(up).normalized
    if r == .zero {
      r = f.cross(abs(f.y) < 0.9 ? Vec3(0, 1, 0) : Vec3(1, 0, 0)).normalized
    }
    let u = r.cross(f)
    let lens = lensMM > 0 ? lensMM : 35
    let tanX = 18 / lens
    let tanY = width > 0 ? tanX * Double(height) / Double(width) : tanX
    return Frame(forward: f, right: r, upward: u, tanX: tanX, tanY: tanY)
  }

  /// The primary ray through the continuous pixel coordinate (x, y): origin at `position` (m)
  /// and a unit direction.
  public func ray(x: Double, y: Double) -> (origin: Vec3, direction: Vec3) {
    frame.ray(x: x, y: y, width: width, height: height, origin: position)
  }

  /// The continuous pixel coordinate where world point `p` (m) appears, or nil when `p` is
  /// not in front of the camera. The inverse of `ray(x:y:)`; points outside the image give
  /// coordinates outside [0, width] × [0, height].
  public func project(_ p: Vec3) -> SIMD2<Double>? {
    let fr = frame
    let d = p - position
    let zc = d.dot(fr.forward)
    guard zc > 0, width > 0, height > 0 else { return nil }
    let sx = d.dot(fr.right) / (zc * fr.tanX)
    let sy = d.dot(fr.upward) / (zc * fr.tanY)
    return SIMD2((sx + 1) * 0.5 * Double(width), (1 - sy) * 0.5 * Double(height))
  }
}

extension Camera.Frame {
  /// The thin-lens ray through (x, y) for lens sample `lens` in the unit disk: origin on the
  /// aperture, through the in-focus point at axial distance `focus`.
  @inline(__always)
  func lensRay(
    x: Double, y: Double, width: Int, height: Int, origin: Vec3, aperture: Double,
    focus: Double, lens: SIMD2<Double>
  ) -> (origin: Vec3, direction: Vec3) {
    let pin = ray(x: x, y: y, width: width, height: height, origin: origin)
    if aperture <= 0 { return pin }
    let focal = origin + pin.direction * (focus / pin.direction.dot(forward))
    let o = origin + aperture * (lens.x * right + lens.y * upward)
    return (o, (focal - o).normalized)
  }

  @inline(__always)
  func ray(x: Double, y: Double, width: Int, height: Int, origin: Vec3)
    -> (origin: Vec3, direction: Vec3)
  {
    let sx = (2 * x / Double(max(1, width)) - 1) * tanX
    let sy = (1 - 2 * y / Double(max(1, height))) * tanY
    return (origin, (forward + sx * right + sy * upward).normalized)
  }
}
