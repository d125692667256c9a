import DioramaCore

/// The background seen by rays that hit nothing: a gradient over elevation (it lights nothing;
/// use `Light.ambient` for sky light).
///
/// Radiance for a unit direction d: `horizon + (zenith − horizon) · max(0, d.z)`, i.e. linear
/// in the sine of the elevation; below the horizon it is `horizon`.
public struct Sky: Sendable, Hashable {
  /// Radiance straight up (linear RGB, display-relative).
  public var zenith: Vec3
  /// Radiance at and below the horizon (linear RGB, display-relative).
  public var horizon: Vec3

  public init(zenith: Vec3 = Vec3(0.25, 0.45, 0.85), horizon: Vec3 = Vec3(0.75, 0.82, 0.9)) {
    self.zenith = zenith
    self.horizon = horizon
  }

  /// Sky radiance seen along unit direction `d`.
  @inline(__always) public func radiance(_ d: Vec3) -> Vec3 {
    horizon + (zenith - horizon) * max(0, d.z)
  }
}
