import DioramaCore

/// One drawable thing: a shape, where it is, and what it is made of.
public struct RenderObject: Sendable, Hashable {
  /// Identifier carried through for picking and AOVs (the entity id upstream).
  public var id: Int32
  public var shape: RenderShape
  /// Local → world placement.
  public var transform: Transform
  public var material: RenderMaterial

  public init(
    id: Int32, shape: RenderShape, transform: Transform = .identity,
    material: RenderMaterial = RenderMaterial()
  ) {
    self.id = id
    self.shape = shape
    self.transform = transform
    self.material = material
  }
}
