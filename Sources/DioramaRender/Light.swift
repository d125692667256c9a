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
}
