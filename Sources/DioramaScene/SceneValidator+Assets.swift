import Foundation

// MARK: - Asset paths

/// The kinds of file a scene may point at.
enum AssetKind {
  /// A texture (`texture` keys).
  case png
  /// A Wavefront OBJ triangle mesh (`obj`).
  case obj

  /// "PNG" or "OBJ", for messages.
  var name: String { self == .png ? "PNG" : "OBJ" }
  /// "a PNG" or "an OBJ".
  var withArticle: String { self == .png ? "a PNG" : "an OBJ" }
  /// The file name suffix it must have.
  var suffix: String { self == .png ? ".png" : ".obj" }
  /// What the suffix rule is about, for messages.
  var rule: String { self == .png ? "textures must be .png" : "meshes must be .obj" }
}

extension SceneValidator {
  /// The eight bytes every PNG file starts with.
  static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// Largest OBJ file the validator reads (bytes).
  static let maxOBJBytes = 256 << 20

  /// Checks a PNG (or OBJ) path relative to the scene's folder: not absolute, no `..` escape,
  /// a `.png` (`.obj`) name, and (when the folder is known) an existing file whose real path,
  /// after resolving symlinks, is still inside the folder, and whose content is a PNG (an OBJ
  /// with faces whose indices name existing vertices).
  mutating func asset(_ path: String, _ value: String, kind: AssetKind = .png) {
    if let problem = Self.assetProblem(value, baseDirectory: baseDirectory, kind: kind) {
      report(path, problem)
    }
  }

  /// Why `value` is not a usable asset path, or nil when it is.
  static func assetProblem(_ value: String, baseDirectory: URL?, kind: AssetKind = .png)
    -> String?
  {
    if value.isEmpty {
      return "expected \(kind.withArticle) path relative to the scene's folder, found \"\""
    }
    if value.hasPrefix("/") || value.hasPrefix("~") || value.hasPrefix("\\")
      || value.contains(":")
    {
      return "'\(value)' is an absolute path; give a path relative to the scene's folder"
    }
    var depth = 0
    for part in value.split(separator: "/", omittingEmptySubsequences: true) {
      if part == ".." {
        depth -= 1
        if depth < 0 {
          return "'\(value)' leaves the scene's folder; assets must be inside it"
        }
      } else if part != "." {
        depth += 1
      }
    }
    if !value.lowercased().hasSuffix(kind.suffix) {
      return "'\(value)' is not \(kind.withArticle) file name; \(kind.rule)"
    }
    guard let base = baseDirectory else { return nil }
    let url = base.appendingPathComponent(value)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else {
      return "file '\(value)' not found in \(base.path)"
    }
    let root = base.resolvingSymlinksInPath().standardizedFileURL.path
    let real = url.resolvingSymlinksInPath().standardizedFileURL.path
    let prefix = root.hasSuffix("/") ? root : root + "/"
    if !real.hasPrefix(prefix) {
      return "'\(value)' resolves (through a symlink) to \(real), outside the scene's folder"
    }
    if kind == .obj { return objProblem(value, at: real) }
    guard let handle = FileHandle(forReadingAtPath: real) else {
      return "file '\(value)' cannot be read"
    }
    defer { try? handle.close() }
    let head = [UInt8](handle.readData(ofLength: 8))
    if head != pngSignature {
      return "file '\(value)' is not a PNG (its first bytes are not the PNG signature)"
    }
    return nil
  }

  /// Why the OBJ file at `real` is not a usable triangle mesh, or nil. Reads only `v` and `f`
  /// lines: at least 3 vertices and 1 face, faces of at least 3 corners, every corner's vertex
  /// index (1-based, or negative counting back from the last vertex so far) in range.
  /// - Complexity: O(file size).
  static func objProblem(_ value: String, at real: String) -> String? {
    let attributes = try? FileManager.default.attributesOfItem(atPath: real)
    if let size = attributes?[.size] as? Int, size > maxOBJBytes {
      return "file '\(value)' is larger than \(maxOBJBytes >> 20) MiB"
    }
    guard let data = FileManager.default.contents(atPath: real) else {
      return "file '\(value)' cannot be read"
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return "file '\(value)' is not a text OBJ file"
    }
    var vertices = 0
    var faces = 0
    // Positive indices may name vertices defined later in the file: checked at the end.
    var largest = (index: 0, line: 0)
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let head = words.first else { continue }
      if head == "v" {
        vertices += 1
      } else if head == "f" {
        let line = number + 1
        guard words.count >= 4 else {
          return "file '\(value)' line \(line): a face needs at least 3 vertices"
        }
        for corner in words.dropFirst() {
          let first = corner.split(separator: "/", omittingEmptySubsequences: false).first
          guard let index = first.flatMap({ Int($0) }), index != 0 else {
            return "file '\(value)' line \(line): '\(corner)' is not a vertex index"
          }
          if index < 0, -index > vertices {
            return "file '\(value)' line \(line): face index \(index) is out of range "
              + "(\(vertices) vertices so far)"
          }
          if index > largest.index { largest = (index, line) }
        }
        faces += 1
      }
    }
    if vertices < 3 || faces == 0 {
      return "file '\(value)' has no triangles (found \(vertices) `v` and \(faces) `f` lines)"
    }
    if largest.index > vertices {
      return "file '\(value)' line \(largest.line): face index \(largest.index) is out of "
        + "range (\(vertices) vertices)"
    }
    return nil
  }
}
