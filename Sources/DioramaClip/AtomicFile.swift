import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file write that readers see whole or not at all.
///
/// The bytes go to `<name>.partial-<pid>` in the destination's directory, are flushed with
/// `fsync`, and the temporary file is renamed over the destination (`rename(2)` is atomic within
/// one file system). On any failure the temporary file is removed and the destination keeps its
/// old contents.
///
/// ```swift
/// try AtomicFile.write(PNGCodec.encode(frame), to: URL(fileURLWithPath: "out/frame.png"))
/// ```
public enum AtomicFile {
  /// The temporary name used while writing `url`: `<name>.partial-<pid>` in the same directory.
  public static func temporaryURL(for url: URL) -> URL {
    let pid = ProcessInfo.processInfo.processIdentifier
    return url.deletingLastPathComponent()
      .appendingPathComponent("\(url.lastPathComponent).partial-\(pid)")
  }

  /// Writes `bytes` to `url` atomically, replacing any existing file.
  /// - Parameter durable: also `fsync` the file and its directory, so the new contents survive
  ///   a power cut. Readers see the file whole or not at all either way; frames of a clip,
  ///   written by the hundred, skip the two syncs (about 5 ms each here).
  /// - Throws: `AtomicFileError` naming the path, the step that failed and the system's reason.
  /// - Complexity: O(bytes.count).
  public static func write(_ bytes: [UInt8], to url: URL, durable: Bool = true) throws {
    let temp = temporaryURL(for: url)
    let tempPath = temp.path
    let fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw AtomicFileError(path: url.path, step: "create \(tempPath)", errno: errno)
    }
    var failure: AtomicFileError?
    bytes.withUnsafeBytes { buffer in
      var written = 0
      while written < buffer.count {
        let n = systemWrite(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
        if n < 0 {
          if errno == EINTR { continue }
          failure = AtomicFileError(path: url.path, step: "write \(tempPath)", errno: errno)
          return
        }
        written += n
      }
    }
    if durable && failure == nil && fsync(fd) != 0 {
      failure = AtomicFileError(path: url.path, step: "fsync \(tempPath)", errno: errno)
    }
    if close(fd) != 0 && failure == nil {
      failure = AtomicFileError(path: url.path, step: "close \(tempPath)", errno: errno)
    }
    if let failure {
      unlink(tempPath)
      throw failure
    }
    try replace(url, with: temp, durable: durable)
  }

  /// Writes `string` as UTF-8 to `url` atomically.
  public static func write(_ string: String, to url: URL) throws {
    try write(Array(string.utf8), to: url)
  }

  /// Renames the finished file `temp` over `url` (atomic on one file system); on failure
  /// removes `temp` and leaves `url` as it was.
  /// - Throws: `AtomicFileError`.
  public static func replace(_ url: URL, with temp: URL, durable: Bool = true) throws {
    guard rename(temp.path, url.path) == 0 else {
      let code = errno
      unlink(temp.path)
      throw AtomicFileError(path: url.path, step: "rename \(temp.path) over it", errno: code)
    }
    if durable { syncDirectory(of: url) }
  }

  /// Flushes the directory entry so the rename itself survives a crash; best effort, since some
  /// file systems refuse `fsync` on directories.
  private static func syncDirectory(of url: URL) {
    let dir = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
    if dir >= 0 {
      _ = fsync(dir)
      close(dir)
    }
  }
}

private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.write(fd, p, count)
  #else
    return Darwin.write(fd, p, count)
  #endif
}

/// A failed atomic write: which file, which step, and the system's reason.
public struct AtomicFileError: Error, Equatable, CustomStringConvertible {
  /// The destination path.
  public var path: String
  /// The step that failed, e.g. `rename out/a.png.partial-12 over it`.
  public var step: String
  /// The `errno` value reported by the system.
  public var code: Int32

  public init(path: String, step: String, errno code: Int32) {
    self.path = path
    self.step = step
    self.code = code
  }

  public var description: String {
    "\(path): could not write the file: \(step) failed: \(String(cString: strerror(code)))"
  }
}
