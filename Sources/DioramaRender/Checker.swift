import DioramaCore

/// A two-colour checkerboard over a surface's metric coordinates.
public struct Checker: Sendable, Hashable {
  /// Side of one square (m).
  public var size: Double
  /// Linear-RGB albedo of the odd squares (the even ones use the material's `albedo`).
  public var secondAlbedo: Vec3

  public init(size: Double, secondAlbedo: Vec3) {
    self.size = size
    self.secondAlbedo = secondAlbedo
  }
}
