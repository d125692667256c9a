import DioramaCore
import Foundation

/// Generators a heightfield's `heights` may name instead of listing every sample.
public enum HeightfieldGenerator: String, Codable, Hashable, Sendable, CaseIterable {
  /// z = amplitude · sin(2π x / wavelength) · sin(2π y / wavelength): an egg-crate of bumps,
  /// zero along the grid's centre lines.
  case waves
}

/// The heights of a heightfield object: listed, or generated.
///
/// Samples follow `DioramaCollision.Heightfield`: sample (row i, column j) sits at
/// x = (j − (columns − 1)/2)·dx, y = (i − (rows − 1)/2)·dy in the object's frame, at height
/// z = heights[i·columns + j] (row-major; rows run along y, columns along x).
///
/// ```yaml
/// heights: [0, 0.1, 0.1, 0]                           # rows × columns values (m)
/// heights: {kind: waves, amplitude: 0.2, wavelength: 4}
/// ```
public enum HeightfieldHeights: Codable, Hashable, Sendable {
  /// rows × columns heights (m), row-major.
  case samples([Double])
  /// z = amplitude · sin(2π x / wavelength) · sin(2π y / wavelength); amplitude (m) ≥ 0,
  /// wavelength (m) > 0.
  case waves(amplitude: Double, wavelength: Double)

  /// The rows × columns heights (m), row-major, ready for `DioramaCollision.Heightfield`.
  /// Listed samples are returned as given (their count is checked by validation).
  /// - Complexity: O(rows · columns).
  public func samples(rows: Int, columns: Int, spacing: SIMD2<Double>) -> [Double] {
    switch self {
    case .samples(let values):
      return values
    case .waves(let amplitude, let wavelength):
      let k = 2 * Double.pi / wavelength
      var out: [Double] = []
      out.reserveCapacity(max(0, rows * columns))
      for i in 0..<max(0, rows) {
        let y = (Double(i) - 0.5 * Double(rows - 1)) * spacing.y
        for j in 0..<max(0, columns) {
          let x = (Double(j) - 0.5 * Double(columns - 1)) * spacing.x
          out.append(amplitude * sin(k * x) * sin(k * y))
        }
      }
      return out
    }
  }

  /// Largest |height| (m) the field reaches (the amplitude for generated fields).
  var maxMagnitude: Double {
    switch self {
    case .samples(let values): values.reduce(0) { max($0, abs($1)) }
    case .waves(let amplitude, _): abs(amplitude)
    }
  }

  enum CodingKeys: String, CodingKey {
    case kind, amplitude, wavelength
  }

  public init(from decoder: any Decoder) throws {
    if let values = try? decoder.singleValueContainer().decode([Double].self) {
      self = .samples(values)
      return
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    switch try c.decode(HeightfieldGenerator.self, forKey: .kind) {
    case .waves:
      self = .waves(
        amplitude: try c.decode(Double.self, forKey: .amplitude),
        wavelength: try c.decode(Double.self, forKey: .wavelength))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .samples(let values):
      var c = encoder.singleValueContainer()
      try c.encode(values)
    case .waves(let amplitude, let wavelength):
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(HeightfieldGenerator.waves, forKey: .kind)
      try c.encode(amplitude, forKey: .amplitude)
      try c.encode(wavelength, forKey: .wavelength)
    }
  }
}
