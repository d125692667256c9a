import DioramaCore

/// One drawable thing: a shape, where it is, and what it is made of.
public struct RenderObject: Sendable, Hashable {
  /// Identifier carried through for picking and AOVs (the entity id upstream).
  public var id: Int32
  public var shape: RenderShape
  /// Local → world placement.
  public var transform: Transform
  public var material: RenderMaterial
  /// Placement at the start of the frame interval, for motion blur (nil: not moving). With
  /// `RenderOptions.shutter` s > 0, each camera sample sees the object at
  /// `interpolate(previousTransform, transform, τ)` for a time τ ∈ [1 − s, 1].
  public var previousTransform: Transform?

  public init(
    id: Int32, shape: RenderShape, transform: Transform = .identity,
    material: RenderMaterial = RenderMaterial(), previousTransform: Transform? = nil
  ) {
    self.id = id
    self.shape = shape
    self.transform = transform
    self.material = material
    self.previousTransform = previousTransform
  }

  /// The placement at time τ ∈ [0, 1] between `previousTransform` (τ = 0) and `transform`
  /// (τ = 1): positions linearly, rotations by normalised linear interpolation of the
  /// quaternions on the shorter arc (within 0.3% of slerp's angle for turns up to 90° per
  /// frame).
  public func transform(at tau: Double) -> Transform {
    guard let p = previousTransform else { return transform }
    let a = p.rotation
    var b = transform.rotation
    if a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z < 0 {
      b = Quaternion(w: -b.w, x: -b.x, y: -b.y, z: -b.z)
    }
    let q = Quaternion(
      w: a.w + (b.w - a.w) * tau, x: a.x + (b.x - a.x) * tau, y: a.y + (b.y - a.y) * tau,
      z: a.z + (b.z - a.z) * tau
    ).normalized
    return Transform(
      position: p.position + (transform.position - p.position) * tau, rotation: q)
  }
}
