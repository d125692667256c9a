/// The state of every object at one instant, struct-of-arrays, indexed by object index.
public struct Snapshot: Hashable, Codable, Sendable {
  /// Time (s).
  public var time: Double
  /// Object positions (m), one per object.
  public var positions: [Vec3]
  /// Object orientations, one per object.
  public var orientations: [Quaternion]
  /// Linear velocities (m/s).
  public var linearVelocities: [Vec3]
  /// Angular velocities (rad/s, world frame).
  public var angularVelocities: [Vec3]
  /// Bodies removed from the world by this time (a brittle body that shattered), sorted.
  public var removed: [Int] = []

  public init(
    time: Double, positions: [Vec3], orientations: [Quaternion], linearVelocities: [Vec3],
    angularVelocities: [Vec3]
  ) {
    self.time = time
    self.positions = positions
    self.orientations = orientations
    self.linearVelocities = linearVelocities
    self.angularVelocities = angularVelocities
  }

  /// The pose of object `i`.
  public func transform(of i: Int) -> Transform {
    Transform(position: positions[i], rotation: orientations[i])
  }
}
