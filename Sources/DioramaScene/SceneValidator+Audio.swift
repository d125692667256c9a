import DioramaCore
import Foundation

extension SceneValidator {
  /// Ranges and references of the `audio` section.
  mutating func checkAudio() {
    let audio = spec.audio
    if !AudioSettings.sampleRates.contains(audio.sampleRate) {
      report(
        "audio.sample_rate",
        "must be 44100 or 48000 Hz, found \(audio.sampleRate)")
    }
    range("audio.gain_db", audio.gainDB, -60...12, "in -60...12", unit: "dB")
    range(
      "audio.loudness_target", audio.loudnessTargetLUFS, -40 ... -5, "in -40...-5", unit: "LUFS")
    range("audio.max_limiting_db", audio.maxLimitingDB, 0...40, "in 0...40", unit: "dB")
    for (i, a) in audio.ambience.enumerated() {
      checkAmbience(a, "audio.ambience[\(i)]")
    }
    let objectNames = spec.objects.map(\.name)
    for (i, d) in audio.dialogue.enumerated() {
      let p = "audio.dialogue[\(i)]"
      if d.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        report("\(p).text", "must say something, found an empty line")
      }
      if let cue = d.after {
        let walls = spec.environment.walls.map(\.name)
        let surfaces = (spec.environment.ground == nil ? [] : ["ground"]) + walls
        if spec.object(named: cue.object) == nil, !hasFailed("\(p).after.object") {
          report("\(p).after.object", missingObject(cue.object))
        }
        if spec.object(named: cue.other) == nil, !surfaces.contains(cue.other) {
          report("\(p).after.other", missingObject(cue.other, extra: surfaces))
        }
        if !(d.start >= 0 && d.start < spec.world.duration) {
          report(
            "\(p).start",
            "must be in [0, \(Self.format(spec.world.duration))) s after the touch, found "
              + Self.format(d.start))
        }
      } else if !(d.start >= 0 && d.start < spec.world.duration) {
        report(
          "\(p).start",
          "must be in [0, \(Self.format(spec.world.duration))) s (world.duration), found "
            + Self.format(d.start))
      }
      if !(0...99).contains(d.pitch) {
        report("\(p).pitch", "must be in 0...99 (espeak-ng's scale), found \(d.pitch)")
      }
      if !(80...450).contains(d.wordsPerMinute) {
        report("\(p).speed", "must be in 80...450 words per minute, found \(d.wordsPerMinute)")
      }
      range("\(p).level_db", d.levelDB, 30...100, "in 30...100", unit: "dB SPL")
      let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-+_/")
      if d.voice.isEmpty
        || d.voice.lowercased().unicodeScalars.contains(where: { !allowed.contains($0) })
      {
        report(
          "\(p).voice", "expected an espeak-ng voice name such as en or en-us, found \"\(d.voice)\""
        )
      }
      if d.position == nil && !objectNames.contains(d.character) && !hasFailed("\(p).character") {
        let hint = KeySuggestion.didYouMean(d.character, in: objectNames)
        report(
          "\(p).character",
          "'\(d.character)' names no object\(hint) give an object's name or a `position` in m")
      }
    }
    if let r = spec.audio.room {
      if !(r.size.x > 0 && r.size.y > 0 && r.size.z > 0) || !r.size.x.isFinite
        || !r.size.y.isFinite || !r.size.z.isFinite
      {
        report(
          "audio.room.size", "must be positive in every axis (m), found \(Self.format(r.size))")
      }
      range("audio.room.absorption", r.absorption, 0...1, "in 0...1", unit: "")
    }
  }

  mutating func checkAmbience(_ a: AmbienceSpec, _ p: String) {
    if !(a.levelDB <= 0) || !a.levelDB.isFinite {
      report("\(p).level_db", "must be ≤ 0 dB (full scale), found \(Self.format(a.levelDB))")
    }
    switch a.kind {
    case .rain:
      range("\(p).intensity", a.intensity, 0...500, "in 0...500 (0: 5 mm/h)", unit: "mm/h")
    case .crowd:
      range("\(p).intensity", a.intensity, 0...200, "in 0...200 (0: 12 talkers)", unit: "talkers")
    default:
      break
    }
  }
}
