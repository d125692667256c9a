import DioramaCore
import Foundation
import Yams

// MARK: - The audio section

extension SceneReader {
  mutating func readAudio(_ node: Node, _ path: String) -> AudioSettings {
    var a = AudioSettings()
    let keys = [
      "enabled", "sample_rate", "gain_db", "loudness_target", "max_limiting_db", "mute",
      "ambience", "dialogue", "air_absorption", "room",
    ]
    guard let f = fields(node, path, allowed: keys, what: "audio settings") else { return a }
    if let v = bool(f, "enabled") { a.enabled = v }
    if let v = integer(f, "sample_rate", "a sample rate in Hz") { a.sampleRate = v }
    if let v = number(f, "gain_db", "a gain in dB") { a.gainDB = v }
    if let v = number(f, "loudness_target", "a loudness in LUFS, e.g. -16") {
      a.loudnessTargetLUFS = v
    }
    if let v = number(f, "max_limiting_db", "a gain reduction in dB, e.g. 6") {
      a.maxLimitingDB = v
    }
    if let v = bool(f, "air_absorption") { a.airAbsorption = v }
    if let node = f["mute"] {
      let mpath = Self.join(path, "mute")
      note(node, mpath)
      if case .sequence(let seq) = node {
        for (i, item) in seq.enumerated() {
          if let g = choice(item, "\(mpath)[\(i)]", "sound group", AudioGroup.self) {
            a.mute.append(g)
          }
        }
      } else {
        let names = AudioGroup.allCases.map(\.rawValue).joined(separator: ", ")
        report(
          node, mpath, "expected a list of sound groups (\(names)), found \(Self.describe(node))")
      }
    }
    a.ambience = list(f, "ambience", "ambience sources").compactMap { readAmbience($0.0, $0.1) }
    a.dialogue = list(f, "dialogue", "dialogue lines").compactMap { readDialogue($0.0, $0.1) }
    if let node = f["room"] {
      let rpath = Self.join(path, "room")
      if let r = fields(node, rpath, allowed: ["size", "center", "absorption"], what: "a room") {
        var room = RoomSpec(size: Vec3(6, 5, 3))
        if let n = require(r, "size", "inside dimensions [x, y, z] in m"),
          let v = vector(n, Self.join(rpath, "size"), "in m")
        {
          room.size = v
        }
        room.center = vector(r, "center", "in m")
        if let v = number(r, "absorption", "an absorption coefficient 0...1") {
          room.absorption = v
        }
        a.room = room
      }
    }
    return a
  }

  /// `{kind, level_db, intensity, surface}`, for `environment.ambience` and each
  /// `audio.ambience[i]`.
  mutating func readAmbience(_ node: Node, _ path: String) -> AmbienceSpec? {
    let keys = ["kind", "level_db", "intensity", "surface"]
    guard let a = fields(node, path, allowed: keys, what: "ambience settings") else { return nil }
    var out = AmbienceSpec()
    if let v = choice(a, "kind", "ambience", AmbienceKind.self) { out.kind = v }
    if let v = number(a, "level_db", "a level in dB") { out.levelDB = v }
    if let v = number(a, "intensity", "a rain rate in mm/h or a number of talkers") {
      out.intensity = v
    }
    if let v = choice(a, "surface", "rain surface", AmbienceSurface.self) { out.surface = v }
    return out
  }

  mutating func readDialogue(_ node: Node, _ path: String) -> DialogueSpec? {
    let keys = [
      "character", "text", "start", "voice", "pitch", "speed", "level_db", "position", "after",
    ]
    guard let f = fields(node, path, allowed: keys, what: "a dialogue line") else {
      failed.insert(path)
      return nil
    }
    var d = DialogueSpec(character: "", text: "", start: 0)
    if let n = require(f, "character", "an object's name, or any name with a position"),
      let v = string(n, Self.join(path, "character"), "a character name")
    {
      d.character = v
    }
    if let n = require(f, "text", "what is said"),
      let v = string(n, Self.join(path, "text"), "the words spoken")
    {
      d.text = v
    }
    if let n = require(f, "start", "when the line starts, in s"),
      let v = number(n, Self.join(path, "start"), "a time in s")
    {
      d.start = v
    }
    if let v = string(f, "voice", "an espeak-ng voice name such as en or en-us") { d.voice = v }
    if let v = integer(f, "pitch", "a pitch 0...99") { d.pitch = v }
    if let v = integer(f, "speed", "a rate in words per minute") { d.wordsPerMinute = v }
    if let v = number(f, "level_db", "a level in dB SPL at 1 m") { d.levelDB = v }
    d.position = vector(f, "position", "in m")
    if let node = f["after"] {
      let apath = Self.join(path, "after")
      if let a = fields(node, apath, allowed: ["object", "other"], what: "a touch {object, other}")
      {
        var cue = DialogueCue(object: "")
        if let n = require(a, "object", "the object whose touch starts the line"),
          let v = string(n, Self.join(apath, "object"), "an object name")
        {
          cue.object = v
        }
        if let v = string(a, "other", "an object name, \"ground\" or a wall name") {
          cue.other = v
        }
        d.after = cue
      }
    }
    return d
  }
}
