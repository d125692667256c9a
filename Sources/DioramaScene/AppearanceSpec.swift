import DioramaCore

/// How an object or the ground looks to the renderer, apart from its physical material
/// (file key `appearance` on objects and the ground).
///
/// ```yaml
/// appearance: {kind: glass, ior: 1.5}
/// appearance: {kind: metal, color: [0.9, 0.6, 0.3], roughness: 0.25}
/// appearance: {kind: plastic, texture: {type: wood, scale: 0.02, color: [0.3, 0.18, 0.08]}}
/// appearance: {kind: lambert, texture: {type: png, path: textures/bricks.png}}
/// ```
public struct AppearanceSpec: Codable, Hashable, Sendable {
  /// The surface family.
  public var kind: AppearanceKind
  /// Base colour, linear RGB 0...1; nil means the object's `color`, else its material's.
  public var color: Vec3?
  /// Perceptual roughness 0...1 (0 mirror, 1 matte); nil means the kind's default
  /// (metal 0.3, plastic 0.4, lambert 1, glass and water 0).
  public var roughness: Double?
  /// Index of refraction of glass or water, 1...3; nil means glass 1.5, water 1.33.
  public var ior: Double?
  /// Beer–Lambert absorption inside glass or water (1/m, linear RGB, ≥ 0); nil means clear
  /// glass, or water's slight red absorption (0.45, 0.09, 0.05).
  public var absorption: Vec3?
  /// A texture replacing the base colour.
  public var texture: TextureSpec?

  public init(
    kind: AppearanceKind, color: Vec3? = nil, roughness: Double? = nil, ior: Double? = nil,
    absorption: Vec3? = nil, texture: TextureSpec? = nil
  ) {
    self.kind = kind
    self.color = color
    self.roughness = roughness
    self.ior = ior
    self.absorption = absorption
    self.texture = texture
  }
}

/// Surface families (file key `kind`).
public enum AppearanceKind: String, Codable, Hashable, Sendable, CaseIterable {
  /// Matte, no highlight.
  case lambert
  /// Conductor: GGX specular tinted by the colour, no diffuse.
  case metal
  /// Dielectric coat over a coloured diffuse base (GGX with F0 = 0.04).
  case plastic
  /// Clear refracting solid (n = 1.5).
  case glass
  /// Refracting liquid (n = 1.33) with slight absorption.
  case water
}

/// A texture on an appearance (file key `texture`).
public struct TextureSpec: Codable, Hashable, Sendable {
  /// Checker, wood, noise or png.
  public var type: TextureKind
  /// Feature size (m): checker square, wood ring spacing, noise cell; > 0. nil: 0.25 m for a
  /// checker, 0.02 m for wood, 0.1 m for noise.
  public var scale: Double?
  /// Second colour (linear RGB 0...1) mixed with the base colour; nil: the base at 60%.
  public var color: Vec3?
  /// PNG path relative to the scene's folder (png only, required there).
  public var path: String?

  public init(type: TextureKind, scale: Double? = nil, color: Vec3? = nil, path: String? = nil) {
    self.type = type
    self.scale = scale
    self.color = color
    self.path = path
  }

  /// The scale in use (m).
  public var resolvedScale: Double {
    scale ?? (type == .checker ? 0.25 : (type == .wood ? 0.02 : 0.1))
  }
}

/// Texture kinds (file key `type`).
public enum TextureKind: String, Codable, Hashable, Sendable, CaseIterable {
  case checker, wood, noise, png
}

/// Time-of-day skies (file: `environment.sky.preset`); each brings its own sun or moon.
public enum SkyPresetName: String, Codable, Hashable, Sendable, CaseIterable {
  case sunnyAfternoon = "sunny_afternoon"
  case goldenHour = "golden_hour"
  case overcast
  case rainyNight = "rainy_night"
  case night
}

/// Light transport for a style (file: `style.integrator`).
public enum IntegratorName: String, Codable, Hashable, Sendable, CaseIterable {
  /// Direct light only (fast; the default).
  case direct
  /// Path-traced global illumination.
  case path
}
