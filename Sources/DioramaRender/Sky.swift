import DioramaCore
import Foundation

/// The environment seen by rays that hit nothing, and (when `illuminates`) a light.
///
/// Radiance for a unit direction d with elevation sine `s = d.z`:
/// - above the horizon, `horizon + (zenith − horizon) · s^(1/falloff)`: with the default
///   `falloff` 1 linear in the sine, as before; a larger falloff keeps the horizon band
///   brighter over more of the sky (the optical air mass grows toward the horizon);
/// - below the horizon, `ground` (or `horizon` when `ground` is nil);
/// - plus, when `sunDirection` is set, a forward-scattering glow
///   `glow · ((1 − g²)/(1 + g² − 2g cos γ)^{3/2} − (1 − g)/(1 + g)²)⁺ / norm` about the sun
///   (Henyey–Greenstein phase, g = 0.8, the Mie aerosol lobe; γ the angle to the sun, the
///   constant subtracted so it fades to 0 opposite the sun) and the sun's disc of angular
///   radius `sunAngularRadius` with radiance `sunDisc`, seen only by camera rays and mirror
///   bounces (`includeSun`), since the sun's light itself comes from a `Light.sun`.
///
/// `Sky.preset(_:)` builds the time-of-day skies with matching sun lights.
///
/// ```swift
/// let (sky, sun) = Sky.preset(.goldenHour)
/// let scene = RenderScene(camera: cam, objects: objs, lights: [sun].compactMap { $0 }, sky: sky)
/// ```
public struct Sky: Sendable, Hashable {
  /// Radiance straight up (linear RGB, display-relative).
  public var zenith: Vec3
  /// Radiance at the horizon (linear RGB, display-relative).
  public var horizon: Vec3
  /// Radiance below the horizon, or nil for `horizon` (linear RGB).
  public var ground: Vec3?
  /// Shape of the gradient (≥ 1; 1 = linear in the elevation sine).
  public var falloff: Double
  /// Unit direction toward the sun, or nil for no sun glow or disc.
  public var sunDirection: Vec3?
  /// Radiance of the sun's disc as seen directly (linear RGB).
  public var sunDisc: Vec3
  /// Angular radius of the visible disc (radians).
  public var sunAngularRadius: Double
  /// Peak radiance added by the glow around the sun (linear RGB).
  public var glow: Vec3
  /// Whether the sky lights the scene (sampled by the renderer like any environment light).
  /// Off by default: then it is a backdrop only, and `Light.ambient` stands in for sky light.
  public var illuminates: Bool

  public init(
    zenith: Vec3 = Vec3(0.25, 0.45, 0.85), horizon: Vec3 = Vec3(0.75, 0.82, 0.9),
    ground: Vec3? = nil, falloff: Double = 1, sunDirection: Vec3? = nil,
    sunDisc: Vec3 = .zero, sunAngularRadius: Double = 0.0093, glow: Vec3 = .zero,
    illuminates: Bool = false
  ) {
    self.zenith = zenith
    self.horizon = horizon
    self.ground = ground
    self.falloff = falloff
    self.sunDirection = sunDirection?.normalized
    self.sunDisc = sunDisc
    self.sunAngularRadius = sunAngularRadius
    self.glow = glow
    self.illuminates = illuminates
  }

  /// A sky of the same radiance `l` in every direction (the white-furnace environment).
  public static func uniform(_ l: Vec3, illuminates: Bool = true) -> Sky {
    Sky(zenith: l, horizon: l, ground: l, illuminates: illuminates)
  }

  /// Sky radiance seen along unit direction `d` (without the sun disc).
  @inline(__always) public func radiance(_ d: Vec3) -> Vec3 {
    radiance(d, includeSun: false)
  }

  /// Sky radiance along unit `d`; `includeSun` adds the sun's disc.
  @inline(__always) public func radiance(_ d: Vec3, includeSun: Bool) -> Vec3 {
    var c: Vec3
    if d.z <= 0 {
      c = ground ?? horizon
    } else {
      let s = falloff == 1 ? d.z : Foundation.pow(d.z, 1 / max(1, falloff))
      c = horizon + (zenith - horizon) * s
    }
    if let sun = sunDirection {
      let cosG = d.dot(sun)
      if glow != .zero {
        // Henyey–Greenstein, g = 0.8, shifted to 0 at γ = π and normalised to 1 at γ = 0.
        let g = 0.8
        let hg = (1 - g * g) / Foundation.pow(1 + g * g - 2 * g * cosG, 1.5)
        let lo = (1 - g) / ((1 + g) * (1 + g))
        let hi = (1 + g) / ((1 - g) * (1 - g))
        c += glow * ((hg - lo) / (hi - lo))
      }
      if includeSun && cosG > cos(sunAngularRadius) { c += sunDisc }
    }
    return c
  }
}

/// Times of day and weather: each a `Sky` and a matching sun (or moon) light.
public enum SkyPreset: String, Sendable, Hashable, CaseIterable {
  case sunnyAfternoon = "sunny_afternoon"
  case goldenHour = "golden_hour"
  case overcast
  case rainyNight = "rainy_night"
  case night
}

extension Sky {
  /// Colour of sunlight after crossing the atmosphere at `elevation` (radians): Beer–Lambert
  /// `exp(−τ m)` with Rayleigh optical depths τ = (0.046, 0.108, 0.265) for (680, 550, 440) nm
  /// (β_R(λ) = (5.8, 13.5, 33.1)·10⁻⁶ /m times the 8 km scale height; Preetham et al. 1999's
  /// sea-level coefficients) plus a grey aerosol depth 0.1, and the Kasten–Young (1989) air
  /// mass `m = 1/(cos z + 0.50572 (96.07995° − z)^−1.6364)`; normalised so the overhead sun is
  /// white.
  public static func sunColor(elevation: Double) -> Vec3 {
    func airMass(_ z: Double) -> Double {
      1 / (cos(z * Double.pi / 180) + 0.50572 * Foundation.pow(96.07995 - z, -1.6364))
    }
    let z = max(0, min(90, 90 - elevation * 180 / Double.pi))
    // Relative to the overhead sun, so that one is white.
    let m = airMass(z) - airMass(0)
    let tau = Vec3(0.046, 0.108, 0.265) + Vec3(repeating: 0.1)
    return Vec3(exp(-tau.x * m), exp(-tau.y * m), exp(-tau.z * m))
  }

  /// The sky and sun light of a preset. The sun's direction is given by its elevation and
  /// azimuth (from +x toward +y); its irradiance and colour follow `sunColor(elevation:)`,
  /// and the sky's zenith and horizon colours are chosen to match (a clear sky is bright blue
  /// at noon, paler at the horizon, warm toward a low sun; overcast is grey and uniform;
  /// night skies are dark blue with a cool moon).
  ///
  /// - Returns: the sky (which `illuminates`) and its sun or moon light (nil for overcast,
  ///   where all light is the sky's).
  public static func preset(_ p: SkyPreset, azimuth: Double = -2.2) -> (sky: Sky, sun: Light?) {
    func dir(_ elevationDegrees: Double) -> Vec3 {
      let e = elevationDegrees * Double.pi / 180
      return Vec3(cos(e) * cos(azimuth), cos(e) * sin(azimuth), sin(e))
    }
    switch p {
    case .sunnyAfternoon:
      let s = dir(45)
      let c = sunColor(elevation: 45 * Double.pi / 180)
      let sky = Sky(
        zenith: Vec3(0.18, 0.34, 0.75), horizon: Vec3(0.62, 0.72, 0.85),
        ground: Vec3(0.25, 0.24, 0.22), falloff: 2, sunDirection: s, sunDisc: 2000 * c,
        glow: Vec3(0.25, 0.22, 0.18), illuminates: true)
      return (sky, .sun(direction: -s, color: c, intensity: 3.2))
    case .goldenHour:
      let s = dir(7)
      let c = sunColor(elevation: 7 * Double.pi / 180)
      let sky = Sky(
        zenith: Vec3(0.16, 0.24, 0.5), horizon: Vec3(0.95, 0.62, 0.35),
        ground: Vec3(0.2, 0.15, 0.1), falloff: 3, sunDirection: s, sunDisc: 800 * c,
        glow: Vec3(1.2, 0.55, 0.2), illuminates: true)
      return (sky, .sun(direction: -s, color: c, intensity: 2.4))
    case .overcast:
      let sky = Sky(
        zenith: Vec3(0.78, 0.8, 0.84), horizon: Vec3(0.55, 0.57, 0.6),
        ground: Vec3(0.2, 0.2, 0.2), falloff: 1, illuminates: true)
      return (sky, nil)
    case .rainyNight:
      let sky = Sky(
        zenith: Vec3(0.01, 0.012, 0.02), horizon: Vec3(0.05, 0.045, 0.04),
        ground: Vec3(0.01, 0.01, 0.01), falloff: 1, illuminates: true)
      return (sky, .sun(direction: -dir(50), color: Vec3(0.6, 0.7, 1), intensity: 0.08))
    case .night:
      let s = dir(35)
      let sky = Sky(
        zenith: Vec3(0.004, 0.006, 0.018), horizon: Vec3(0.012, 0.016, 0.03),
        ground: Vec3(0.004, 0.004, 0.005), falloff: 1, sunDirection: s,
        sunDisc: Vec3(4, 4.2, 4.6), sunAngularRadius: 0.0045, illuminates: true)
      return (sky, .sun(direction: -s, color: Vec3(0.7, 0.8, 1), intensity: 0.12))
    }
  }
}
