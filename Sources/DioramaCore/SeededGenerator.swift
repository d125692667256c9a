/// The only source of randomness in Diorama: SplitMix64 (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014), the generator Java's SplittableRandom uses.
///
/// State is one 64-bit word advanced by the golden-ratio increment 0x9E3779B97F4A7C15; each
/// output is the state passed through the `mix64` finaliser (variant 13 of Stafford's mixers).
/// Period 2⁶⁴. Streams are split by key with `split(key:)` so that a result never depends on
/// the order in which independent consumers draw.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let u = Double.random(in: 0..<1, using: &rng)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  @inlinable static func mix64(_ z0: UInt64) -> UInt64 {
    var z = z0
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix64(state)
  }

  /// An independent stream derived from this generator's seed and `key`, without advancing
  /// this generator.
  public func split(key: UInt64) -> SeededGenerator {
    SeededGenerator(seed: Self.mix64(state ^ Self.mix64(key &+ 0x632B_E59B_D9B4_E019)))
  }

  /// A double uniformly distributed in [0, 1) with 53 random bits.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}
