import Foundation

/// A rotation as a unit quaternion `w + xi + yj + zk` (Hamilton convention, active rotation).
///
/// ```swift
/// let q = Quaternion(axis: Vec3(0, 0, 1), angle: .pi / 2)
/// q.rotate(Vec3(1, 0, 0))  // ≈ (0, 1, 0)
/// ```
@frozen
public struct Quaternion: Hashable, Codable, Sendable {
  public var w: Double
  public var x: Double
  public var y: Double
  public var z: Double

  @inlinable public init(w: Double, x: Double, y: Double, z: Double) {
    self.w = w
    self.x = x
    self.y = y
    self.z = z
  }

  /// The identity rotation.
  public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

  /// Rotation by `angle` radians about `axis` (normalised here; a zero axis gives identity).
  @inlinable public init(axis: Vec3, angle: Double) {
    let n = axis.normalized
    if n == .zero {
      self = .identity
      return
    }
    let s = sin(angle * 0.5)
    self.init(w: cos(angle * 0.5), x: n.x * s, y: n.y * s, z: n.z * s)
  }

  /// Rotation from intrinsic Z-Y-X Euler angles: yaw about z, then pitch about the new y,
  /// then roll about the new x (radians). The aerospace convention.
  public init(roll: Double, pitch: Double, yaw: Double) {
    let qz = Quaternion(axis: Vec3(0, 0, 1), angle: yaw)
    let qy = Quaternion(axis: Vec3(0, 1, 0), angle: pitch)
    let qx = Quaternion(axis: Vec3(1, 0, 0), angle: roll)
    self = qz * qy * qx
  }

  /// Vector part.
  @inlinable public var vector: Vec3 { Vec3(x, y, z) }

  /// Conjugate, the inverse of a unit quaternion.
  @inlinable public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

  @inlinable public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }

  /// This quaternion scaled to unit norm.
  @inlinable public var normalized: Quaternion {
    let n = norm
    return n > 0 ? Quaternion(w: w / n, x: x / n, y: y / n, z: z / n) : .identity
  }

  /// Hamilton product: applying `b` first, then `a`.
  @inlinable @inline(__always) public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
    Quaternion(
      w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
      x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
      y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
      z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
  }

  /// Rotates a vector: `q v q*`, computed as v + 2w(u×v) + 2u×(u×v).
  @inlinable @inline(__always) public func rotate(_ v: Vec3) -> Vec3 {
    let u = vector
    let t = 2 * u.cross(v)
    return v + w * t + u.cross(t)
  }

  /// Rotates a vector by the inverse rotation.
  @inlinable public func inverseRotate(_ v: Vec3) -> Vec3 { conjugate.rotate(v) }

  /// Integrates an angular velocity `omega` (rad/s, world frame) over `dt` seconds:
  /// q ← normalise(q + ½ dt (0, ω) q). First order; the error is O(|ω|² dt²).
  @inlinable public func integrated(angularVelocity omega: Vec3, dt: Double) -> Quaternion {
    let dq = Quaternion(w: 0, x: omega.x, y: omega.y, z: omega.z) * self
    let h = 0.5 * dt
    return Quaternion(w: w + h * dq.w, x: x + h * dq.x, y: y + h * dq.y, z: z + h * dq.z)
      .normalized
  }

  /// The rotation as a 3×3 matrix.
  @inlinable public var matrix: Matrix3 {
    let xx = x * x, yy = y * y, zz = z * z
    let xy = x * y, xz = x * z, yz = y * z
    let wx = w * x, wy = w * y, wz = w * z
    return Matrix3(
      rows: Vec3(1 - 2 * (yy + zz), 2 * (xy - wz), 2 * (xz + wy)),
      Vec3(2 * (xy + wz), 1 - 2 * (xx + zz), 2 * (yz - wx)),
      Vec3(2 * (xz - wy), 2 * (yz + wx), 1 - 2 * (xx + yy)))
  }
}
