import DioramaCore

/// One problem in a scene: where it is, which key, and what to change.
///
/// `description` reads `scenes/drop.yaml:4:11: objects[0].mass: expected a number in kg,
/// found "heavy"`. Problems with the whole document (syntax errors, an empty file) have an
/// empty key path and print as `file:line:column: message`.
public struct SceneDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
  /// File, line and column (line 0 when unknown, as for scenes built in code).
  public var location: SourceLocation
  /// Key path of the offending value, e.g. `objects[2].mass`.
  public var keyPath: String
  /// What was expected, what was found, and what is allowed.
  public var message: String

  public init(location: SourceLocation, keyPath: String, message: String) {
    self.location = location
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
  }
}

/// Every problem found while loading a scene, in file order.
public struct SceneLoadError: Error, CustomStringConvertible {
  /// All diagnostics; never empty.
  public var diagnostics: [SceneDiagnostic]

  public init(diagnostics: [SceneDiagnostic]) {
    self.diagnostics = diagnostics
  }

  /// One diagnostic per line.
  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}
