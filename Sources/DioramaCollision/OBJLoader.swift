import DioramaCore
import Foundation

/// Why a Wavefront OBJ file could not be read as a triangle mesh: where (file and 1-based
/// line) and what was expected.
///
/// `description` reads `rock.obj:12: expected a number for the y coordinate, found "1,5"`.
public struct OBJError: Error, Hashable, Sendable, CustomStringConvertible {
  /// File as the caller named it, and the line (0 when the whole file is at fault).
  public var location: SourceLocation
  /// What was expected, what was found, and what to change.
  public var message: String

  public init(location: SourceLocation, message: String) {
    self.location = location
    self.message = message
  }

  public var description: String { "\(location): \(message)" }
}

extension TriangleMesh {
  /// Reads a Wavefront OBJ file (see `init(obj:fileName:scale:)` for what is read).
  ///
  /// - Parameters:
  ///   - url: a file URL; errors name it by its path as given.
  ///   - scale: factor applied to every coordinate (e.g. 0.01 for a file in centimetres).
  ///     Precondition: finite and > 0.
  /// - Throws: `OBJError` when the file cannot be read or is not a valid mesh.
  public init(objContentsOf url: URL, scale: Double = 1) throws(OBJError) {
    let name = url.isFileURL ? url.relativePath : url.absoluteString
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw OBJError(
        location: SourceLocation(file: name),
        message: "cannot read the file as UTF-8 text (\(error.localizedDescription))")
    }
    try self.init(obj: text, fileName: name, scale: scale)
  }

  /// Parses Wavefront OBJ text.
  ///
  /// Read: `v x y z` (a fourth number, or vertex colours after it, are ignored) and
  /// `f a b c …` with each reference `i`, `i/t`, `i//n` or `i/t/n` (only the position index
  /// `i` is used; 1-based, or negative to count back from the latest vertex, −1 being the
  /// last). Polygons are split into a fan (a, b, c), (a, c, d), …, which is exact for convex
  /// planar polygons. `#` starts a comment; blank lines and every other statement (`vt`, `vn`,
  /// `o`, `g`, `s`, `usemtl`, `mtllib`, `l`, `p`, …) are skipped. Line continuations (`\`) are
  /// not supported.
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - fileName: the name errors carry.
  ///   - scale: factor applied to every coordinate. Precondition: finite and > 0.
  /// - Throws: `OBJError` naming the line, for a coordinate that is not a finite number, a
  ///   `v` with fewer than three coordinates, a face with fewer than three vertices, an index
  ///   that is not an integer, is 0 or refers past the vertices defined so far, and for a
  ///   file without faces.
  /// - Complexity: O(length of `text`), then O(n log n) to build the mesh.
  public init(obj text: String, fileName: String, scale: Double = 1) throws(OBJError) {
    precondition(scale.isFinite && scale > 0, "OBJ scale must be finite and positive")
    var vertices: [Vec3] = []
    var triangles: [SIMD3<Int32>] = []
    var lineNumber = 0
    func fail(_ message: String) -> OBJError {
      OBJError(location: SourceLocation(file: fileName, line: lineNumber), message: message)
    }
    let axisNames = ["x", "y", "z"]
    // Lines end at "\n", "\r\n" (one Character in Swift) or "\r".
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      lineNumber += 1
      var line = rawLine[...]
      if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
      let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let keyword = tokens.first else { continue }
      switch keyword {
      case "v":
        if tokens.count < 4 {
          throw fail("expected 3 coordinates after 'v', found \(tokens.count - 1)")
        }
        var p = Vec3.zero
        for k in 0..<3 {
          let token = tokens[k + 1]
          guard let value = Double(token), value.isFinite else {
            throw fail(
              "expected a number for the \(axisNames[k]) coordinate, found \"\(token)\"")
          }
          p[k] = value * scale
        }
        if vertices.count == Int(Int32.max) {
          throw fail("more than \(Int32.max) vertices: split the file")
        }
        vertices.append(p)
      case "f":
        if tokens.count < 4 {
          throw fail("expected at least 3 vertices after 'f', found \(tokens.count - 1)")
        }
        var first: Int32 = 0
        var previous: Int32 = 0
        for k in 1..<tokens.count {
          let token = tokens[k]
          let head = token.split(separator: "/", omittingEmptySubsequences: false)[0]
          guard let raw = Int(head) else {
            throw fail("expected a vertex index (an integer), found \"\(token)\"")
          }
          if raw == 0 {
            throw fail("vertex index 0 is not allowed: indices start at 1, or count back from −1")
          }
          let index = raw > 0 ? raw - 1 : vertices.count + raw
          guard index >= 0 && index < vertices.count else {
            throw fail(
              "vertex index \(raw) is out of range: \(vertices.count) vertices are defined "
                + "before this line")
          }
          let v = Int32(index)
          if k == 1 {
            first = v
          } else if k >= 3 {
            triangles.append(SIMD3(first, previous, v))
          }
          previous = v
        }
      default:
        continue
      }
    }
    if triangles.isEmpty {
      // Name the last line: the end of the file is where a face was still expected.
      if text.last?.isNewline == true { lineNumber = Swift.max(1, lineNumber - 1) }
      throw fail("reached the end of the file without a face: expected at least one 'f' line")
    }
    self.init(vertices: vertices, triangles: triangles)
  }
}
