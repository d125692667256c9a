import Foundation

// MARK: - Asset paths

extension SceneValidator {
  /// The eight bytes every PNG file starts with.
  static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// Checks a PNG path relative to the scene's folder: not absolute, no `..` escape, a `.png`
  /// name, and (when the folder is known) an existing PNG file whose real path, after
  /// resolving symlinks, is still inside the folder.
  mutating func asset(_ path: String, _ value: String) {
    if let problem = Self.assetProblem(value, baseDirectory: baseDirectory) {
      report(path, problem)
    }
  }

  /// Why `value` is not a usable asset path, or nil when it is.
  static func assetProblem(_ value: String, baseDirectory: URL?) -> String? {
    if value.isEmpty { return "expected a PNG path relative to the scene's folder, found \"\"" }
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
    if !value.lowercased().hasSuffix(".png") {
      return "'\(value)' is not a PNG file name; textures must be .png"
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
}
