/// A physical, acoustic and visual material: the one table every solver, the renderer and the
/// sound share, so a steel ball looks, moves and rings like steel.
///
/// The table of named materials is `Material.table` (Materials.swift), each value with its
/// source in a comment.
public struct Material: Hashable, Codable, Sendable {
  /// Lower-case name used in scene files: "steel", "wood", …
  public var name: String

  // MARK: - Physical
  /// Density (kg/m³).
  public var density: Double
  /// Static Coulomb friction coefficient against a like surface (dimensionless).
  public var staticFriction: Double
  /// Kinetic Coulomb friction coefficient against a like surface (dimensionless).
  public var kineticFriction: Double
  /// Coefficient of restitution against a hard surface (dimensionless, 0…1).
  public var restitution: Double

  // MARK: - Acoustic
  /// Young's modulus (Pa): with density, sets the speed of sound and so mode frequencies.
  public var youngsModulus: Double
  /// Poisson's ratio (dimensionless).
  public var poissonRatio: Double
  /// Rayleigh mass-proportional damping α (1/s): ξ = α/(2ω) + βω/2.
  public var rayleighAlpha: Double
  /// Rayleigh stiffness-proportional damping β (s).
  public var rayleighBeta: Double
  /// Multiplier on modal frequencies relative to the √(E/ρ) scaling (dimensionless, 1 = none);
  /// a tuning knob for materials whose shapes ring unlike ideal solids (cloth, skin, water).
  public var modalFrequencyScale: Double

  // MARK: - Visual
  /// Base colour, linear RGB in 0…1.
  public var albedo: Vec3
  /// GGX roughness (0 mirror … 1 diffuse).
  public var roughness: Double
  /// Metalness (0 dielectric … 1 metal).
  public var metallic: Double
  /// Transmission (0 opaque … 1 clear glass or water).
  public var transmission: Double

  public init(
    name: String, density: Double, staticFriction: Double, kineticFriction: Double,
    restitution: Double, youngsModulus: Double, poissonRatio: Double, rayleighAlpha: Double,
    rayleighBeta: Double, modalFrequencyScale: Double = 1, albedo: Vec3, roughness: Double,
    metallic: Double, transmission: Double
  ) {
    self.name = name
    self.density = density
    self.staticFriction = staticFriction
    self.kineticFriction = kineticFriction
    self.restitution = restitution
    self.youngsModulus = youngsModulus
    self.poissonRatio = poissonRatio
    self.rayleighAlpha = rayleighAlpha
    self.rayleighBeta = rayleighBeta
    self.modalFrequencyScale = modalFrequencyScale
    self.albedo = albedo
    self.roughness = roughness
    self.metallic = metallic
    self.transmission = transmission
  }
}
