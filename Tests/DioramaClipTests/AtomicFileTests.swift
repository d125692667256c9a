import Foundation
import Testing

@testable import DioramaClip

private func scratchDirectory(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "diorama-atomic-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: dir)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

@Suite struct AtomicFileTests {
  @Test func writesBytesAndLeavesNoTemporaryFile() throws {
    let dir = try scratchDirectory("new")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("data.bin")
    let bytes: [UInt8] = (0..<1000).map { UInt8($0 % 251) }
    try AtomicFile.write(bytes, to: url)
    #expect([UInt8](try Data(contentsOf: url)) == bytes)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(names == ["data.bin"])
  }

  @Test func replacesAnExistingFileWhole() throws {
    let dir = try scratchDirectory("replace")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("report.html")
    try AtomicFile.write(String(repeating: "old content ", count: 500), to: url)
    try AtomicFile.write("new", to: url)
    // Shorter new content: no tail of the old file may survive.
    #expect(try String(contentsOf: url, encoding: .utf8) == "new")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.html"])
  }

  @Test func temporaryNameIsBesideTheDestination() {
    let url = URL(fileURLWithPath: "/some/dir/clip.mp4")
    let temp = AtomicFile.temporaryURL(for: url)
    #expect(temp.deletingLastPathComponent().path == "/some/dir")
    let pid = ProcessInfo.processInfo.processIdentifier
    #expect(temp.lastPathComponent == "clip.mp4.partial-\(pid)")
  }

  @Test func failureNamesThePathAndLeavesNothingBehind() throws {
    let dir = try scratchDirectory("fail")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("missing-dir/out.png")
    #expect {
      try AtomicFile.write([1, 2, 3], to: url)
    } throws: { error in
      guard let error = error as? AtomicFileError else { return false }
      return error.description.contains("missing-dir/out.png") && error.code == ENOENT
    }
    // Renaming onto a directory fails after the temp file exists: the temp must be removed.
    let blocker = dir.appendingPathComponent("taken")
    try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
    try "x".write(
      to: blocker.appendingPathComponent("keep"), atomically: false, encoding: .utf8)
    #expect(throws: AtomicFileError.self) { try AtomicFile.write([1], to: blocker) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken"])
  }
}
