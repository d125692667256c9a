/// Makes an object shatter when one impact is hard enough (file key `brittle`).
///
/// The break test is on the normal impulse of a single contact in one step: J > `strength`
/// shatters the body into `pieces` fragments that keep its total mass (reported as
/// `Event.fracture`). For a feel: J = m·Δv, so a 0.2 kg glass that stops dead from 2 m/s takes
/// 0.4 N·s.
///
/// ```yaml
/// brittle: {strength: 0.4, pieces: 12, seed: 3}
/// ```
public struct BrittleSpec: Codable, Hashable, Sendable {
  /// Impulse threshold (N·s), > 0. Required today: the materials table carries no fracture
  /// strength to derive it from (nil is kept for that future default).
  public var strength: Double?
  /// Number of fragments, 2...64.
  public var pieces: Int
  /// Seed of the fracture pattern; nil means the world seed split by the object's index.
  public var seed: UInt64?

  /// Fragments when `pieces` is not given.
  public static let defaultPieces = 8
  /// Allowed fragment counts.
  public static let pieceRange = 2...64

  public init(strength: Double? = nil, pieces: Int = BrittleSpec.defaultPieces, seed: UInt64? = nil)
  {
    self.strength = strength
    self.pieces = pieces
    self.seed = seed
  }

  enum CodingKeys: String, CodingKey {
    case strength, pieces, seed
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    strength = try c.decodeIfPresent(Double.self, forKey: .strength)
    pieces = try c.decodeIfPresent(Int.self, forKey: .pieces) ?? Self.defaultPieces
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
  }
}
