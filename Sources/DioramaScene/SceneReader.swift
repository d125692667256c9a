import DioramaCore
import Foundation
import Yams

/// Walks a composed YAML tree into a ``SceneSpec``: structure, types, unknown and missing
/// keys, each reported with the node's line and column. Range and reference checks are left
/// to ``SceneValidator`` so scenes built in code get the same ones; the reader records where
/// each key path came from so those checks can point at the line too.
struct SceneReader {
  /// The file as the user named it.
  let file: String
  /// Problems found, in document order.
  private(set) var diagnostics: [SceneDiagnostic] = []
  /// Where each value read came from, by key path (lookup only, never iterated).
  private(set) var locations: [String: SourceLocation] = [:]
  /// Key paths that were missing or unreadable; later checks that depend on them are skipped.
  var failed: Set<String> = []

  init(file: String) {
    self.file = file
  }

  // MARK: - Locations and reporting

  func location(_ node: Node) -> SourceLocation {
    guard let mark = node.mark else { return SourceLocation(file: file) }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  mutating func report(_ location: SourceLocation, _ path: String, _ message: String) {
    diagnostics.append(SceneDiagnostic(location: location, keyPath: path, message: message))
    failed.insert(path)
  }

  mutating func report(_ node: Node, _ path: String, _ message: String) {
    report(location(node), path, message)
  }

  mutating func note(_ node: Node, _ path: String) {
    locations[path] = location(node)
  }

  static func join(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
  }

  /// How a node looks, for "found …" in messages.
  static func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s):
      let quoted = !(s.style == .plain || s.style == .any)
      if quoted { return "\"\(s.string)\"" }
      if isNull(s) { return "nothing (an empty value)" }
      if Double.construct(from: s) != nil || Bool.construct(from: s) != nil { return s.string }
      return "\"\(s.string)\""
    case .mapping: return "a mapping"
    case .sequence(let s): return s.count == 1 ? "a list of 1 item" : "a list of \(s.count) items"
    }
  }

  static func isPlain(_ s: Node.Scalar) -> Bool { s.style == .plain || s.style == .any }

  static func isNull(_ s: Node.Scalar) -> Bool {
    isPlain(s) && ["", "~", "null", "Null", "NULL"].contains(s.string)
  }

  // MARK: - Mappings

  /// The keys of one mapping, for lookup.
  struct Fields {
    let node: Node
    let path: String
    fileprivate var values: [String: Node] = [:]

    func has(_ key: String) -> Bool { values[key] != nil }
    subscript(key: String) -> Node? { values[key] }
  }

  /// Reads `node` as a mapping whose keys must come from `allowed`. Reports a non-mapping,
  /// duplicate keys, unknown keys (with the closest allowed key), and `reserved` keys with
  /// their own message.
  mutating func fields(
    _ node: Node, _ path: String, allowed: [String], reserved: [(String, String)] = [],
    what: String
  ) -> Fields? {
    note(node, path)
    guard case .mapping(let mapping) = node else {
      report(node, path, "expected \(what) (a mapping), found \(Self.describe(node))")
      return nil
    }
    var fields = Fields(node: node, path: path)
    var firstLine: [String: Int] = [:]
    for (keyNode, value) in mapping {
      guard case .scalar(let keyScalar) = keyNode else {
        report(keyNode, path, "keys must be plain names, found \(Self.describe(keyNode))")
        continue
      }
      let key = keyScalar.string
      let keyPath = Self.join(path, key)
      if let line = firstLine[key] {
        report(keyNode, keyPath, "duplicate key '\(key)' (first given on line \(line))")
        continue
      }
      firstLine[key] = keyNode.mark?.line ?? 0
      if let message = reserved.first(where: { $0.0 == key })?.1 {
        report(keyNode, keyPath, message)
        continue
      }
      guard allowed.contains(key) else {
        let hint = KeySuggestion.didYouMean(key, in: allowed)
        // A typo of an allowed key: later checks stay quiet about that key being missing.
        if let meant = KeySuggestion.closest(to: key, in: allowed) {
          failed.insert(Self.join(path, meant))
        }
        report(
          keyNode, keyPath,
          "unknown key '\(key)'\(hint) allowed keys: \(allowed.joined(separator: ", "))")
        continue
      }
      fields.values[key] = value
    }
    return fields
  }

  /// Reports a missing required key at the mapping's own location.
  mutating func require(_ f: Fields, _ key: String, _ hint: String) -> Node? {
    if let node = f[key] { return node }
    report(location(f.node), Self.join(f.path, key), "missing required key '\(key)' (\(hint))")
    return nil
  }

  // MARK: - Scalars

  /// A finite number; `expected` reads like "a number in kg".
  mutating func number(_ node: Node, _ path: String, _ expected: String) -> Double? {
    note(node, path)
    guard case .scalar(let s) = node, Self.isPlain(s), let v = Double.construct(from: s) else {
      report(node, path, "expected \(expected), found \(Self.describe(node))")
      return nil
    }
    guard v.isFinite else {
      report(node, path, "expected \(expected), found \(s.string) (must be finite)")
      return nil
    }
    return v
  }

  mutating func number(_ f: Fields, _ key: String, _ expected: String) -> Double? {
    f[key].flatMap { number($0, Self.join(f.path, key), expected) }
  }

  /// A whole number (a float with no fraction is accepted, as JSON writers may produce one).
  mutating func integer(_ node: Node, _ path: String, _ expected: String) -> Int? {
    note(node, path)
    if case .scalar(let s) = node, Self.isPlain(s) {
      if let v = Int.construct(from: s) { return v }
      if let d = Double.construct(from: s), d.rounded() == d, abs(d) < 9e15 { return Int(d) }
    }
    report(node, path, "expected \(expected), found \(Self.describe(node))")
    return nil
  }

  mutating func integer(_ f: Fields, _ key: String, _ expected: String) -> Int? {
    f[key].flatMap { integer($0, Self.join(f.path, key), expected) }
  }

  mutating func unsigned(_ f: Fields, _ key: String, _ expected: String) -> UInt64? {
    guard let node = f[key] else { return nil }
    let path = Self.join(f.path, key)
    note(node, path)
    if case .scalar(let s) = node, Self.isPlain(s), let v = UInt64.construct(from: s) {
      return v
    }
    report(node, path, "expected \(expected), found \(Self.describe(node))")
    return nil
  }

  mutating func bool(_ f: Fields, _ key: String) -> Bool? {
    guard let node = f[key] else { return nil }
    let path = Self.join(f.path, key)
    note(node, path)
    if case .scalar(let s) = node, Self.isPlain(s), let v = Bool.construct(from: s) { return v }
    report(node, path, "expected true or false, found \(Self.describe(node))")
    return nil
  }

  mutating func string(_ node: Node, _ path: String, _ expected: String) -> String? {
    note(node, path)
    if case .scalar(let s) = node, !Self.isNull(s) { return s.string }
    report(node, path, "expected \(expected), found \(Self.describe(node))")
    return nil
  }

  mutating func string(_ f: Fields, _ key: String, _ expected: String) -> String? {
    f[key].flatMap { string($0, Self.join(f.path, key), expected) }
  }

  mutating func strings(_ f: Fields, _ key: String, _ expected: String) -> [String]? {
    guard let node = f[key] else { return nil }
    let path = Self.join(f.path, key)
    note(node, path)
    guard case .sequence(let seq) = node else {
      report(node, path, "expected a list of \(expected), found \(Self.describe(node))")
      return nil
    }
    var out: [String] = []
    for (i, item) in seq.enumerated() {
      if let s = string(item, "\(path)[\(i)]", expected) { out.append(s) }
    }
    if out.count != seq.count { failed.insert(path) }
    return out.count == seq.count ? out : nil
  }

  /// Three numbers `[x, y, z]`; `unit` reads like "in m".
  mutating func vector(
    _ node: Node, _ path: String, _ unit: String, components: String = "[x, y, z]"
  ) -> Vec3? {
    note(node, path)
    guard case .sequence(let seq) = node, seq.count == 3 else {
      report(node, path, "expected \(components) \(unit), found \(Self.describe(node))")
      return nil
    }
    var v = Vec3.zero
    var ok = true
    for (i, item) in seq.enumerated() {
      if let x = number(item, "\(path)[\(i)]", "a number \(unit)") { v[i] = x } else { ok = false }
    }
    return ok ? v : nil
  }

  mutating func vector(_ f: Fields, _ key: String, _ unit: String) -> Vec3? {
    f[key].flatMap { vector($0, Self.join(f.path, key), unit) }
  }

  /// One of an enum's raw values; `what` names the thing ("shape").
  mutating func choice<E: RawRepresentable & CaseIterable>(
    _ node: Node, _ path: String, _ what: String, _ type: E.Type
  ) -> E? where E.RawValue == String {
    let names = E.allCases.map(\.rawValue)
    guard let raw = string(node, path, "a \(what) (\(names.joined(separator: ", ")))") else {
      return nil
    }
    if let v = E(rawValue: raw) { return v }
    let hint = KeySuggestion.didYouMean(raw, in: names)
    report(node, path, "unknown \(what) '\(raw)'\(hint) allowed: \(names.joined(separator: ", "))")
    return nil
  }

  mutating func choice<E: RawRepresentable & CaseIterable>(
    _ f: Fields, _ key: String, _ what: String, _ type: E.Type
  ) -> E? where E.RawValue == String {
    f[key].flatMap { choice($0, Self.join(f.path, key), what, type) }
  }

  /// The items of a list, each with its key path.
  mutating func list(_ f: Fields, _ key: String, _ what: String) -> [(Node, String)] {
    guard let node = f[key] else { return [] }
    let path = Self.join(f.path, key)
    note(node, path)
    guard case .sequence(let seq) = node else {
      if case .scalar(let s) = node, Self.isNull(s) { return [] }
      report(node, path, "expected a list of \(what), found \(Self.describe(node))")
      return []
    }
    return seq.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
  }
}
