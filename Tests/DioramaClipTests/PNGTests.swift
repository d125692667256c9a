import DioramaCore
import Foundation
import Testing

@testable import DioramaClip

/// A random image from a fixed seed, half noise and half smooth gradient, so that every filter
/// type has something to predict.
private func randomImage(width: Int, height: Int, seed: UInt64) -> RGBImage {
  var rng = SeededGenerator(seed: seed)
  var image = RGBImage(width: width, height: height)
  for y in 0..<height {
    for x in 0..<width {
      if y < height / 2 {
        image[x, y] = (
          UInt8(truncatingIfNeeded: rng.next()), UInt8(truncatingIfNeeded: rng.next()),
          UInt8(truncatingIfNeeded: rng.next())
        )
      } else {
        image[x, y] = (UInt8((x * 7) & 255), UInt8((y * 5) & 255), UInt8((x + y) & 255))
      }
    }
  }
  return image
}

/// Indices of a chunk `type` in PNG `bytes`: (length offset, data offset, data length).
private func findChunk(_ type: String, in bytes: [UInt8]) -> (Int, Int, Int)? {
  var offset = 8
  while offset + 8 <= bytes.count {
    let length =
      Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8
      | Int(bytes[offset + 3])
    let name = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
    if name == type { return (offset, offset + 8, length) }
    offset += 12 + length
  }
  return nil
}

private func temporaryDirectory(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "diorama-png-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: dir)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

@Suite struct PNGTests {
  @Test(arguments: [(1, 1), (2, 3), (37, 23), (64, 1), (1, 40)])
  func roundTripIsExact(size: (Int, Int)) throws {
    let image = randomImage(width: size.0, height: size.1, seed: 7 &* UInt64(size.0 * 100 + size.1))
    let decoded = try PNGCodec.decode(PNGCodec.encode(image))
    #expect(decoded == image)
  }

  @Test(arguments: PNGFilter.allCases)
  func roundTripIsExactForEveryFilter(filter: PNGFilter) throws {
    let image = randomImage(width: 29, height: 17, seed: 42)
    let bytes = PNGCodec.encode(image, compressionLevel: 9, filter: filter)
    #expect(try PNGCodec.decode(bytes) == image)
    // Every row of a forced filter carries that filter's type byte.
    if filter != .adaptive {
      let (_, data, length) = try #require(findChunk("IDAT", in: bytes))
      let idat = Array(bytes[data..<(data + length)])
      let raw = try PNGCodec.inflate(idat, expected: 17 * (29 * 3 + 1))
      let types = Set(stride(from: 0, to: raw.count, by: 29 * 3 + 1).map { raw[$0] })
      #expect(types == [filter.rawValue])
    }
  }

  @Test func signatureAndHeaderBytesAreExact() {
    let bytes = PNGCodec.encode(RGBImage(width: 3, height: 2, fill: (1, 2, 3)))
    let expected: [UInt8] = [
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,  // signature
      0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,  // length 13, "IHDR"
      0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02,  // width 3, height 2
      0x08, 0x02, 0x00, 0x00, 0x00,  // depth 8, truecolour, deflate, filter 0, no interlace
      0x12, 0x16, 0xF1, 0x4D,  // CRC-32 of "IHDR" + data (python zlib.crc32)
    ]
    #expect(Array(bytes.prefix(33)) == expected)
    // The file ends with the fixed IEND chunk.
    #expect(
      Array(bytes.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
  }

  @Test func corruptedChunkFailsItsCRC() throws {
    var bytes = PNGCodec.encode(randomImage(width: 8, height: 8, seed: 1))
    let (_, data, _) = try #require(findChunk("IDAT", in: bytes))
    bytes[data + 3] ^= 0x40
    #expect {
      try PNGCodec.decode(bytes)
    } throws: { error in
      guard case .crcMismatch(let chunk, _, _) = error as? PNGError else { return false }
      return chunk == "IDAT"
    }
  }

  @Test func rejectsNonPNGAndTruncatedData() throws {
    #expect(throws: PNGError.notPNG) { try PNGCodec.decode(Array("GIF89a..".utf8)) }
    let bytes = PNGCodec.encode(randomImage(width: 8, height: 8, seed: 2))
    #expect {
      try PNGCodec.decode(Array(bytes.prefix(bytes.count - 20)))
    } throws: { error in
      guard case .truncated = error as? PNGError else { return false }
      return true
    }
  }

  @Test func readTextureUndoesSRGB() throws {
    let dir = try temporaryDirectory("texture")
    defer { try? FileManager.default.removeItem(at: dir) }
    var image = RGBImage(width: 2, height: 1)
    image[0, 0] = (0, 255, 128)
    image[1, 0] = (10, 64, 200)
    let url = dir.appendingPathComponent("t.png")
    try AtomicFile.write(PNGCodec.encode(image), to: url)
    let texture = try PNGCodec.readTexture(at: url)
    #expect(texture.width == 2 && texture.height == 1)
    // Reference values of the IEC 61966-2-1 decoding curve; Float has ~7 digits.
    let expected: [Float] = [0, 1, 0.2158605, 0.003035270, 0.05126946, 0.5775804]
    for (a, b) in zip(texture.rgb, expected) { #expect(abs(a - b) < 1e-6) }

    let missing = dir.appendingPathComponent("nope.png")
    #expect {
      try PNGCodec.readTexture(at: missing)
    } throws: { error in
      (error as? PNGError).map { "\($0)".contains("nope.png") } ?? false
    }
  }

  /// Decodes PNGs written by ffmpeg's encoder (mixed per-row filters) in RGB, RGBA and gray,
  /// and compares with ffmpeg's own raw decode of the same file.
  @Test(arguments: ["rgb24", "rgba", "gray"])
  func decodesExternalEncoderOutput(pixelFormat: String) throws {
    guard let ffmpeg = FFmpeg.locate() else {
      print("skipped decodesExternalEncoderOutput: ffmpeg not on PATH")
      return
    }
    let dir = try temporaryDirectory("ext-\(pixelFormat)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let png = dir.appendingPathComponent("ext.png")
    let raw = dir.appendingPathComponent("ext.rgb")
    let make = try FFmpeg.run(
      ffmpeg,
      [
        "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
        "testsrc2=size=61x35:rate=1,format=\(pixelFormat)", "-frames:v", "1", "-pred", "mixed",
        png.path,
      ])
    try #require(make.status == 0, "\(String(decoding: make.stderr, as: UTF8.self))")
    let dump = try FFmpeg.run(
      ffmpeg,
      [
        "-nostdin", "-v", "error", "-y", "-i", png.path, "-f", "rawvideo", "-pix_fmt", "rgb24",
        raw.path,
      ])
    try #require(dump.status == 0)
    let image = try PNGCodec.decode([UInt8](try Data(contentsOf: png)))
    #expect(image.width == 61 && image.height == 35)
    #expect(image.bytes == [UInt8](try Data(contentsOf: raw)))
  }
}
