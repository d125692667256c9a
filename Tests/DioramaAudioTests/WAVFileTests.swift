import DioramaAudio
import DioramaCore
import Foundation
import Testing

@Suite struct WAVFileTests {
  static func testBuffer() -> AudioBuffer {
    var rng = SeededGenerator(seed: 11)
    var s = (0..<2_000).map { _ in Float(rng.nextUnit() * 2 - 1) }
    s += [1, -1, 0, 0.5, -0.5, 1e-6]
    return AudioBuffer(sampleRate: 48_000, channelCount: 2, samples: s)
  }

  func u16(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
  func u32(_ b: [UInt8], _ o: Int) -> Int { u16(b, o) | u16(b, o + 2) << 16 }

  @Test func pcm16HeaderFields() {
    let b = Self.testBuffer()
    let bytes = WAVFile.encode(b)
    #expect(Array(bytes[0..<4]) == Array("RIFF".utf8))
    #expect(u32(bytes, 4) == bytes.count - 8)
    #expect(Array(bytes[8..<16]) == Array("WAVEfmt ".utf8))
    #expect(u32(bytes, 16) == 16)
    #expect(u16(bytes, 20) == 1)  // PCM
    #expect(u16(bytes, 22) == 2)  // channels
    #expect(u32(bytes, 24) == 48_000)
    #expect(u32(bytes, 28) == 48_000 * 4)  // byte rate
    #expect(u16(bytes, 32) == 4)  // block align
    #expect(u16(bytes, 34) == 16)
    #expect(Array(bytes[36..<40]) == Array("data".utf8))
    #expect(u32(bytes, 40) == b.samples.count * 2)
    #expect(bytes.count == 44 + b.samples.count * 2)
  }

  @Test func pcm16RoundTripWithinOneLSB() throws {
    let b = Self.testBuffer()
    let d = try WAVFile.decode(WAVFile.encode(b))
    #expect(d.sampleRate == 48_000 && d.channelCount == 2 && d.frameCount == b.frameCount)
    for (x, y) in zip(b.samples, d.samples) { #expect(abs(x - y) <= 1 / 32_767) }
  }

  @Test func float32RoundTripIsExact() throws {
    let b = Self.testBuffer()
    let bytes = WAVFile.encode(b, format: .float32)
    #expect(u16(bytes, 20) == 3)  // IEEE float
    #expect(u16(bytes, 34) == 32)
    let d = try WAVFile.decode(bytes)
    #expect(d == b)
  }

  @Test func typedErrors() {
    let good = WAVFile.encode(Self.testBuffer())
    #expect(throws: WAVError.notRIFF) { try WAVFile.decode(Array("RIFX".utf8) + good[4...]) }
    #expect(throws: WAVError.truncated(offset: 5)) { try WAVFile.decode(Array(good[0..<5])) }
    var notWave = good
    notWave[8] = UInt8(ascii: "X")
    #expect(throws: WAVError.notWAVE) { try WAVFile.decode(notWave) }
    #expect(throws: WAVError.missingDataChunk) { try WAVFile.decode(Array(good[0..<36])) }
    var eightBit = good
    eightBit[34] = 8
    #expect(throws: WAVError.unsupportedFormat(tag: 1, bitsPerSample: 8)) {
      try WAVFile.decode(eightBit)
    }
  }
}
