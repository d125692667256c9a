import Foundation

/// Unit conversions and physical constants. Diorama computes in SI; these helpers sit at the
/// edges (scene files in degrees, mixes in decibels).
///
/// ```swift
/// Units.radians(fromDegrees: 90)        // π/2
/// Units.amplitude(fromDecibels: -6)     // ≈ 0.501
/// Units.standardGravity                 // 9.80665 m/s²
/// ```
public enum Units {
  /// Standard acceleration of gravity gₙ (m/s²), exact by definition (3rd CGPM, 1901; CODATA).
  public static let standardGravity: Double = 9.80665

  /// Speed of sound in dry air at 20 °C (m/s): c = 331.3·√(1 + T/273.15) with T = 20 °C.
  public static let speedOfSoundInAir: Double = 343.2

  /// Degrees → radians: θ·π/180.
  @inlinable public static func radians(fromDegrees degrees: Double) -> Double {
    degrees * (Double.pi / 180)
  }

  /// Radians → degrees: θ·180/π.
  @inlinable public static func degrees(fromRadians radians: Double) -> Double {
    radians * (180 / Double.pi)
  }

  /// Decibels → amplitude (field quantity) ratio: 10^(dB/20). −∞ dB gives 0.
  @inlinable public static func amplitude(fromDecibels decibels: Double) -> Double {
    Foundation.pow(10, decibels / 20)
  }

  /// Amplitude ratio → decibels: 20·log₁₀(a). 0 gives −∞; negative ratios are taken by
  /// magnitude.
  @inlinable public static func decibels(fromAmplitude amplitude: Double) -> Double {
    20 * Foundation.log10(Swift.abs(amplitude))
  }

  /// Decibels → power (energy) ratio: 10^(dB/10).
  @inlinable public static func power(fromDecibels decibels: Double) -> Double {
    Foundation.pow(10, decibels / 10)
  }

  /// Power ratio → decibels: 10·log₁₀(p).
  @inlinable public static func decibels(fromPower power: Double) -> Double {
    10 * Foundation.log10(power)
  }
}
