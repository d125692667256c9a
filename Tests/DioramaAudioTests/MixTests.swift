import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaAudio

@Suite struct AirAbsorptionTests {
  /// ISO 9613-1:1993 table 1 (20 °C, 101.325 kPa), pure-tone attenuation in dB/km:
  /// 50 % RH: 1 kHz 4.66, 2 kHz 9.86, 4 kHz 29.7 (read from the standard's table; its formulas are
  /// what the code evaluates, so the check is against the printed values, 2 % for their
  /// three digits and the table's own rounding of the formula).
  @Test(arguments: [(1_000.0, 4.66), (2_000.0, 9.86), (4_000.0, 29.7)])
  func matchesISO9613Table(frequency: Double, dBPerKm: Double) {
    let a = AirAbsorption().attenuation(atHertz: frequency) * 1_000
    print("AirAbsorption: \(frequency) Hz: \(a) dB/km")
    #expect(isClose(a, dBPerKm, relative: 0.02))
  }

  /// A far source is duller: with air absorption on, the 8 kHz part of an impact 40 m away
  /// loses α(8 kHz)·40 m relative to 1 kHz, beyond the 1/r both share.
  @Test func farSourcesAreDuller() {
    let air = AirAbsorption()
    let ratio = air.gain(atHertz: 8_000, distance: 40) / air.gain(atHertz: 1_000, distance: 40)
    #expect(ratio < 0.7)
    // The noise stand-in: its corner is where α·r = 3 dB.
    let fc = air.cornerFrequency(distance: 40)
    #expect(isClose(air.attenuation(atHertz: fc) * 40, 3, relative: 1e-6))
  }
}

@Suite struct RoomTests {
  /// One click in a 6 × 5 × 3 m room heard from 2 m: the first reflection off the floor
  /// arrives when the image source says, (|I − L| − |S − L|)/c, rounded to the sample.
  @Test func floorReflectionArrivesOnTime() throws {
    let ear = Listener(position: Vec3(0, -1, 1.5), forward: Vec3(0, 1, 0))
    let source = Vec3(0, 1, 1.5)
    let room = RoomReflections(size: Vec3(6, 5, 3), center: Vec3(0, 0, 1.5), absorption: 0.2)
    var scene = SoundScene(duration: 0.1, listener: ear)
    scene.bubbles = [BubbleSound(time: 0.010_01, position: source, radius: 0.2e-3, depth: 0)]
    let wet = try SoundSynthesizer(settings: SoundSettings(gainDB: 60, room: room)).render(scene)
    let dry = try SoundSynthesizer(settings: SoundSettings(gainDB: 60)).render(scene)
    let diff = zip(channel(wet, 0), channel(dry, 0)).map { $0 - $1 }
    // Floor image of S (z = 1.5 in a room from 0 to 3) is at z = −1.5: path √(2² + 3²).
    let delay = ((4.0 + 9).squareRoot() - 2) / 343
    let first = try #require(diff.firstIndex { $0 != 0 })
    let expected = Int((0.010_01 * 48_000).rounded(.up)) + Int((delay * 48_000).rounded())
    #expect(first == expected)
    // Off: identical to the dry mix (the room is opt-in).
    #expect(try SoundSynthesizer(settings: SoundSettings(gainDB: 60)).render(scene) == dry)
  }
}

@Suite struct RecordingLevelTests {
  /// With `raisesQuietEvents`, a quiet mix of events is raised so its loudest sample sits at
  /// `impactPeakDB` (−3 dBFS = 0.70795; Float rounding only), and ambience is added after,
  /// at its own dBFS level.
  @Test func quietEventsAreRaisedToThePeakLevel() throws {
    var scene = SoundScene(duration: 0.5)
    scene.bubbles = [BubbleSound(time: 0.1, position: Vec3(0, 3, 0), radius: 1e-3, depth: 0)]
    var settings = SoundSettings(impactPeakDB: -3)
    let untouched = try SoundSynthesizer(settings: settings).render(scene)
    #expect((untouched.samples.map { abs($0) }.max() ?? 0) < 0.01)
    settings.raisesQuietEvents = true
    let raised = try SoundSynthesizer(settings: settings).render(scene)
    let peak = Double(raised.samples.map { abs($0) }.max() ?? 0)
    #expect(abs(peak - 0.707_945_784) < 1e-6)
  }
}

@Suite struct MuteTests {
  /// Muting a group renders exactly the scene without it (bit for bit).
  @Test func mutedGroupIsLeftOut() throws {
    let hit = ImpactSound(
      time: 0.05, position: .zero, impulse: 0.3, speed: 2,
      a: sphere(TestMaterials.wood, radius: 0.03), b: slab(TestMaterials.wood))
    var both = SoundScene(duration: 0.4)
    both.impacts = [hit]
    both.drips = [DripSound(time: 0.2, position: .zero)]
    both.ambience = [AmbienceSource(kind: .rain, levelDB: -40)]
    var impactOnly = SoundScene(duration: 0.4)
    impactOnly.impacts = [hit]
    let synth = SoundSynthesizer(settings: SoundSettings(seed: 2))
    var muted = both
    muted.muted = [.water, .ambience]
    #expect(try synth.render(muted) == synth.render(impactOnly))
    #expect(try synth.render(both) != synth.render(impactOnly))
  }
}
