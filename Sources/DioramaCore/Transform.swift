/// A rigid transform: rotate, then translate. Maps body-frame points to the world frame.
@frozen
public struct Transform: Hashable, Codable, Sendable {
  /// Translation (m).
  public var position: Vec3
  public var rotation: Quaternion

  @inlinable public init(position: Vec3 = .zero, rotation: Quaternion = .identity) {
    self.position = position
    self.rotation = rotation
  }

  public static let identity = Transform()

  /// Maps a body-frame point to the world frame.
  @inlinable public func apply(_ p: Vec3) -> Vec3 { rotation.rotate(p) + position }

  /// Maps a world-frame point to the body frame.
  @inlinable public func inverseApply(_ p: Vec3) -> Vec3 { rotation.inverseRotate(p - position) }

  /// `self ∘ other`: applies `other` first.
  @inlinable public static func * (a: Transform, b: Transform) -> Transform {
    Transform(position: a.apply(b.position), rotation: a.rotation * b.rotation)
  }
}
