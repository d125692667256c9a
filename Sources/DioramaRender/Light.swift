import DioramaCore

/// A light source. Units are display-relative radiometric units: an image value of 1 is the
/// radiance shown as white at exposure 1, and irradiance is in that unit × sr (so a white
/// Lambertian surface facing a sun of intensity π has radiance 1).
public enum Light: Sendable, Hashable {
  /// A directional light infinitely far away. `direction` is the way the light travels
  /// (toward the scene; normalised here). `color` (linear RGB, unitless) × `intensity` is the
  /// irradiance on a surface facing the sun.
  case sun(direction: Vec3, color: Vec3, intensity: Double)
  /// An isotropic point light at `position` (m) radiating `intensity` (W, i.e. power in the
  /// display-relative unit) tinted by `color`: irradiance `color·intensity / (4π r²)` at
  /// distance r, times the cosine of incidence.
  case point(position: Vec3, color: Vec3, intensity: Double)
  /// Uniform, unoccluded radiance `color·intensity` from every direction. A Lambertian
  /// surface of albedo a reflects `a · color · intensity` from it (irradiance π·L times a/π).
  case ambient(color: Vec3, intensity: Double)
  /// A point light at `position` (m) shining into a cone about `direction` (the way the light
  /// travels). Inside the cone it is the point light of the same `intensity` (W): irradiance
  /// `color·intensity/(4π r²) · cos i · s(θ)`, with θ the angle off the axis and the falloff
  /// `s = smoothstep(cos outerAngle, cos innerAngle, cos θ)`: 1 within `innerAngle`, 0 past
  /// `outerAngle` (radians), `3x² − 2x³` of the normalised cosine between (as in glTF's
  /// KHR_lights_punctual, with a smooth rather than linear ramp).
  case spot(
    position: Vec3, direction: Vec3, color: Vec3, intensity: Double, innerAngle: Double,
    outerAngle: Double)
  /// A one-sided emitting rectangle or disk (see `AreaLight`): soft shadows.
  case area(AreaLight)
}

/// A flat Lambertian emitter: a rectangle or a disk facing `normal`, sampled for soft shadows.
///
/// It emits total power `intensity` (W, display-relative) tinted by `color` from its front
/// side, uniformly over its area A and with a cosine distribution, so its radiance is
/// `L = color·intensity / (π A)` (a Lambertian emitter of exitance Φ/A has L = Φ/(πA)). It is
/// visible to camera and reflected rays.
///
/// ```swift
/// let panel = AreaLight(
///   position: Vec3(0, 0, 3), normal: Vec3(0, 0, -1), width: 1, height: 1, intensity: 200)
/// let scene = RenderScene(camera: cam, objects: objs, lights: [.area(panel)])
/// ```
public struct AreaLight: Sendable, Hashable {
  public enum Shape: UInt8, Sendable, Hashable {
    case rectangle
    /// A disk of diameter `width`.
    case disk
  }

  /// Centre (m).
  public var position: Vec3
  /// Direction the emitting face looks (normalised here).
  public var normal: Vec3
  /// Hint for the rectangle's `height` axis (projected onto the plane; any vector not
  /// parallel to `normal`).
  public var up: Vec3
  /// Extent along the rectangle's width axis, or the disk's diameter (m).
  public var width: Double
  /// Extent along the height axis (m; rectangle only).
  public var height: Double
  public var shape: Shape
  /// Colour (linear RGB, unitless).
  public var color: Vec3
  /// Emitted power (W, display-relative).
  public var intensity: Double

  public init(
    position: Vec3, normal: Vec3, up: Vec3 = Vec3(0, 1, 0), width: Double, height: Double,
    shape: Shape = .rectangle, color: Vec3 = Vec3(1, 1, 1), intensity: Double
  ) {
    self.position = position
    self.normal = normal
    self.up = up
    self.width = width
    self.height = height
    self.shape = shape
    self.color = color
    self.intensity = intensity
  }

  /// Emitting area (m²).
  public var area: Double {
    shape == .disk ? Double.pi * 0.25 * width * width : width * height
  }

  /// Radiance of the front face (linear RGB): `color·intensity/(π A)`.
  public var radiance: Vec3 {
    let a = area
    return a > 0 ? color * (intensity / (Double.pi * a)) : .zero
  }
}
