import DioramaCore
import Foundation
import Yams

/// Reads scene files (YAML, or JSON, which is YAML's flow subset) and validates scenes.
///
/// ```swift
/// do {
///   let spec = try SceneLoader.load(contentsOf: URL(fileURLWithPath: "scenes/drop.yaml"))
/// } catch let error as SceneLoadError {
///   print(error)  // scenes/drop.yaml:4:11: objects[0].mass: expected a number in kg, …
/// }
/// ```
public enum SceneLoader {
  /// Loads and validates the scene file at `url`; assets resolve against its folder.
  /// - Throws: ``SceneLoadError`` with every problem found, including an unreadable file.
  public static func load(contentsOf url: URL) throws -> SceneSpec {
    let name = url.path
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw SceneLoadError(diagnostics: [
        SceneDiagnostic(
          location: SourceLocation(file: name), keyPath: "",
          message: "cannot read the scene file (\(Self.reason(error)))")
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw SceneLoadError(diagnostics: [
        SceneDiagnostic(
          location: SourceLocation(file: name), keyPath: "",
          message: "the scene file is not UTF-8 text")
      ])
    }
    return try load(yaml: text, fileName: name, baseDirectory: url.deletingLastPathComponent())
  }

  /// Loads and validates scene text.
  /// - Parameters:
  ///   - text: YAML or JSON.
  ///   - fileName: The name used in diagnostics.
  ///   - baseDirectory: The folder asset paths are relative to; nil skips file checks (paths
  ///     are still checked for absolute and `..` escapes).
  /// - Throws: ``SceneLoadError`` with every problem found, in file order.
  /// - Complexity: O(size of the text + objects × outcomes).
  public static func load(yaml text: String, fileName: String, baseDirectory: URL?) throws
    -> SceneSpec
  {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw SceneLoadError(diagnostics: [
          SceneDiagnostic(
            location: SourceLocation(file: fileName, line: 1, column: 1), keyPath: "",
            message: "the file is empty; a scene needs at least `diorama: 1`")
        ])
      }
      root = node
    } catch let error as SceneLoadError {
      throw error
    } catch {
      throw SceneLoadError(diagnostics: [syntaxDiagnostic(error, text: text, file: fileName)])
    }
    var reader = SceneReader(file: fileName)
    var spec = reader.readScene(root)
    var validator = SceneValidator(
      spec: spec, baseDirectory: baseDirectory, file: fileName, locations: reader.locations,
      failed: reader.failed)
    validator.run()
    let all = sorted(reader.diagnostics + validator.diagnostics)
    guard all.isEmpty else { throw SceneLoadError(diagnostics: all) }
    normalize(&spec)
    return spec
  }

  /// Semantic checks for a scene built in code: ranges, shapes, names, references,
  /// materials, asset paths and shot timing (everything but syntax). Locations carry no line.
  /// - Returns: Every problem found; empty when the scene is valid.
  public static func validate(_ spec: SceneSpec, baseDirectory: URL?) -> [SceneDiagnostic] {
    var validator = SceneValidator(
      spec: spec, baseDirectory: baseDirectory, file: "<\(spec.name)>")
    validator.run()
    return validator.diagnostics
  }

  /// Wall normals and joint axes become unit vectors (an axis already of unit length within
  /// 1e-12 is left bit-exact, so written-back scenes read back identically).
  static func normalize(_ spec: inout SceneSpec) {
    for i in spec.environment.walls.indices {
      spec.environment.walls[i].normal = spec.environment.walls[i].normal.normalized
    }
    for i in spec.joints.indices {
      if let axis = spec.joints[i].axis, abs(axis.length - 1) > 1e-12 {
        spec.joints[i].axis = axis.normalized
      }
    }
  }

  /// File order: by line and column, ties kept in the order found; unknown lines last.
  static func sorted(_ diagnostics: [SceneDiagnostic]) -> [SceneDiagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let la = a.element.location.line == 0 ? Int.max : a.element.location.line
      let lb = b.element.location.line == 0 ? Int.max : b.element.location.line
      if la != lb { return la < lb }
      if a.element.location.column != b.element.location.column {
        return a.element.location.column < b.element.location.column
      }
      return a.offset < b.offset
    }.map(\.element)
  }

  static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
      return underlying.localizedDescription
    }
    return ns.localizedDescription
  }

  /// A Yams parse error as a diagnostic at its line and column.
  static func syntaxDiagnostic(_ error: any Error, text: String, file: String) -> SceneDiagnostic {
    func diagnostic(
      _ mark: (line: Int, column: Int)?, _ problem: String,
      _ context: YamlError.Context?
    ) -> SceneDiagnostic {
      var message = "YAML syntax error: \(problem)"
      if let context { message += " (\(context.text) at line \(context.mark.line))" }
      let location = SourceLocation(
        file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
      return SceneDiagnostic(location: location, keyPath: "", message: message)
    }
    guard let yaml = error as? YamlError else {
      return diagnostic(nil, "\(error)", nil)
    }
    switch yaml {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return diagnostic((mark.line, mark.column), problem, context)
    case .reader(let problem, let offset, _, _):
      var line = 1
      var column = 1
      if let offset {
        for scalar in text.unicodeScalars.prefix(offset) {
          if scalar == "\n" {
            line += 1
            column = 1
          } else {
            column += 1
          }
        }
      }
      return diagnostic((line, column), problem, nil)
    default:
      return diagnostic(nil, "\(yaml)", nil)
    }
  }
}
