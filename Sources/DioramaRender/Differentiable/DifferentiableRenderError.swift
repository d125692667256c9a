/// Why a scene cannot go through the differentiable renderer.
///
/// ```swift
/// do { _ = try DifferentiableRenderer().render(scene) }
/// catch let e as DifferentiableRenderError { print(e) }  // names the object or light
/// ```
public enum DifferentiableRenderError: Error, Equatable, CustomStringConvertible {
  /// `objects[index]` has a shape the rasteriser does not tessellate yet (`what` names it).
  case shapeNotDifferentiable(object: Int, what: String)
  /// `objects[index]` has a material feature without a gradient path yet (image textures).
  case materialNotDifferentiable(object: Int, what: String)
  /// `lights[index]` is a kind of light the deferred shader does not handle yet.
  case lightNotDifferentiable(light: Int, what: String)
  /// The image gradient handed to `gradient(of:imageGradient:)` has the wrong length.
  case imageGradientSize(expected: Int, found: Int)
  /// The camera has no pixels.
  case emptyImage(width: Int, height: Int)

  public var description: String {
    switch self {
    case .shapeNotDifferentiable(let i, let what):
      return "objects[\(i)].shape: \(what) is not differentiable yet; use a sphere, box, plane, "
        + "capsule, cylinder or mesh"
    case .materialNotDifferentiable(let i, let what):
      return "objects[\(i)].material: \(what) is not differentiable yet; remove it or use albedo"
    case .lightNotDifferentiable(let i, let what):
      return "lights[\(i)]: \(what) is not differentiable yet; use sun, point or ambient lights"
    case .imageGradientSize(let expected, let found):
      return "image gradient: expected \(expected) values (3 per pixel), found \(found)"
    case .emptyImage(let w, let h):
      return "camera: the image is \(w)×\(h) pixels; width and height must be at least 1"
    }
  }
}
