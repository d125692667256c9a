import Foundation

/// Atmospheric absorption of sound (ISO 9613-1:1993): high frequencies fade with distance.
///
/// ```swift
/// let air = AirAbsorption()  // 20 °C, 50 % relative humidity, 101.325 kPa
/// let dBPerMetre = air.attenuation(atHertz: 8_000)  // ≈ 0.1 dB/m
/// let gain = air.gain(atHertz: 8_000, distance: 30)
/// ```
public struct AirAbsorption: Sendable, Hashable {
  /// Air temperature (°C).
  public var temperatureCelsius: Double
  /// Relative humidity (%, 0...100).
  public var relativeHumidity: Double
  /// Ambient pressure (kPa).
  public var pressureKilopascal: Double

  public init(
    temperatureCelsius: Double = 20, relativeHumidity: Double = 50,
    pressureKilopascal: Double = 101.325
  ) {
    self.temperatureCelsius = temperatureCelsius
    self.relativeHumidity = relativeHumidity
    self.pressureKilopascal = pressureKilopascal
  }

  /// Pure-tone attenuation coefficient α (dB/m) at `frequency` (Hz).
  ///
  /// ISO 9613-1:1993 eqs. (3)–(5) and annex B, with T in kelvin, T₀ = 293.15 K,
  /// T₀₁ = 273.16 K, p_r = 101.325 kPa:
  ///   p_sat/p_r = 10^C,  C = −6.8346·(T₀₁/T)^1.261 + 4.6151
  ///   h = h_r·(p_sat/p_r)/(p_a/p_r)                        (molar water vapour, %)
  ///   f_rO = (p_a/p_r)·(24 + 4.04·10⁴·h·(0.02 + h)/(0.391 + h))
  ///   f_rN = (p_a/p_r)·(T/T₀)^(−1/2)·(9 + 280·h·e^{−4.170((T/T₀)^(−1/3) − 1)})
  ///   α = 8.686·f²·[1.84·10⁻¹¹·(p_r/p_a)·(T/T₀)^(1/2) + (T/T₀)^(−5/2)·
  ///       (0.01275·e^{−2239.1/T}/(f_rO + f²/f_rO) + 0.1068·e^{−3352.0/T}/(f_rN + f²/f_rN))]
  /// (classical + rotational absorption, then the oxygen and nitrogen vibrational
  /// relaxations). The standard quotes ±10 % for these conditions.
  public func attenuation(atHertz f: Double) -> Double {
    let t = temperatureCelsius + 273.15
    let t0 = 293.15
    let pr = 101.325
    let pa = pressureKilopascal / pr
    let c = -6.8346 * pow(273.16 / t, 1.261) + 4.6151
    let h = relativeHumidity * pow(10, c) / pa
    let frO = pa * (24 + 4.04e4 * h * (0.02 + h) / (0.391 + h))
    let tt = t / t0
    let frN = pa / tt.squareRoot() * (9 + 280 * h * exp(-4.170 * (pow(tt, -1.0 / 3) - 1)))
    let f2 = f * f
    let relax =
      0.01275 * exp(-2239.1 / t) / (frO + f2 / frO) + 0.1068 * exp(-3352.0 / t)
      / (frN + f2 / frN)
    return 8.686 * f2 * (1.84e-11 / pa * tt.squareRoot() + pow(tt, -2.5) * relax)
  }

  /// Amplitude factor 10^(−α(f)·r/20) of a pure tone at `frequency` (Hz) after `distance` (m).
  public func gain(atHertz f: Double, distance r: Double) -> Double {
    pow(10, -attenuation(atHertz: f) * Swift.max(0, r) / 20)
  }

  /// The frequency (Hz) at which the air takes 3 dB off over `distance` (m), capped at
  /// `ceiling`: the corner of the one-pole low-pass that stands in for air absorption on
  /// broadband (noise) sources. α grows roughly as f² above the relaxation frequencies, so
  /// a single pole is a rough fit (exact at the corner, too gentle far above it).
  /// Found by bisection on log f (40 halvings of 20 Hz...ceiling).
  public func cornerFrequency(distance r: Double, ceiling: Double = 20_000) -> Double {
    guard r > 0, attenuation(atHertz: ceiling) * r > 3 else { return ceiling }
    var lo = log(20.0)
    var hi = log(ceiling)
    for _ in 0..<40 {
      let mid = 0.5 * (lo + hi)
      if attenuation(atHertz: exp(mid)) * r > 3 { hi = mid } else { lo = mid }
    }
    return exp(0.5 * (lo + hi))
  }
}
