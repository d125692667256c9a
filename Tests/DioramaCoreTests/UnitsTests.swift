import DioramaCore
import Foundation
import Testing
import _TestSupport

@Suite struct UnitsTests {
  @Test func standardGravityIsTheDefinedValue() {
    #expect(Units.standardGravity == 9.80665)
  }

  @Test func anglesRoundTrip() {
    #expect(isClose(Units.radians(fromDegrees: 180), .pi, relative: 1e-15))
    #expect(isClose(Units.degrees(fromRadians: .pi / 2), 90, relative: 1e-15))
    for d in stride(from: -720.0, through: 720, by: 37.5) {
      #expect(
        isClose(
          Units.degrees(fromRadians: Units.radians(fromDegrees: d)), d,
          relative: 1e-14, absolute: 1e-13))
    }
  }

  @Test func decibels() {
    #expect(isClose(Units.amplitude(fromDecibels: 20), 10, relative: 1e-14))
    #expect(isClose(Units.amplitude(fromDecibels: -6), 0.501187, relative: 1e-6))
    #expect(isClose(Units.power(fromDecibels: 3), 1.995262, relative: 1e-6))
    #expect(Units.amplitude(fromDecibels: -.infinity) == 0)
    #expect(Units.decibels(fromAmplitude: 0) == -.infinity)
    #expect(isClose(Units.decibels(fromAmplitude: 0.5), -6.0206, relative: 1e-5))
    #expect(isClose(Units.decibels(fromPower: 100), 20, relative: 1e-15))
    for db in stride(from: -90.0, through: 20, by: 7.3) {
      #expect(
        isClose(
          Units.decibels(fromAmplitude: Units.amplitude(fromDecibels: db)), db,
          relative: 1e-12, absolute: 1e-12))
    }
  }

  @Test func speedOfSoundAt20C() {
    // c = 331.3·√(1 + 20/273.15) = 343.21 m/s.
    #expect(
      isClose(
        Units.speedOfSoundInAir, 331.3 * (1 + 20 / 273.15).squareRoot(),
        relative: 1e-4))
  }
}
