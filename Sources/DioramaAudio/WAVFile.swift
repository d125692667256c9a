import Foundation

/// Sample formats of a WAV file.
public enum WAVFormat: Sendable, Hashable {
  /// 16-bit signed integer PCM (format tag 1).
  case pcm16
  /// 32-bit IEEE float (format tag 3).
  case float32
}

/// Why bytes could not be read as a WAV file.
public enum WAVError: Error, Hashable, CustomStringConvertible {
  /// The bytes end before a header or chunk that they announce (at byte `offset`).
  case truncated(offset: Int)
  /// The first four bytes are not "RIFF".
  case notRIFF
  /// The RIFF form type is not "WAVE".
  case notWAVE
  /// No "fmt " chunk before the "data" chunk.
  case missingFormatChunk
  /// No "data" chunk.
  case missingDataChunk
  /// A format tag / bit depth this reader does not handle.
  case unsupportedFormat(tag: Int, bitsPerSample: Int)
  /// Zero channels or a zero sample rate.
  case invalidHeader(channels: Int, sampleRate: Int)

  public var description: String {
    switch self {
    case .truncated(let o): return "WAV: bytes end at offset \(o) inside a header or chunk"
    case .notRIFF: return "WAV: expected \"RIFF\" at offset 0"
    case .notWAVE: return "WAV: expected form type \"WAVE\" at offset 8"
    case .missingFormatChunk: return "WAV: expected a \"fmt \" chunk before \"data\""
    case .missingDataChunk: return "WAV: expected a \"data\" chunk"
    case .unsupportedFormat(let t, let b):
      return "WAV: format tag \(t) with \(b) bits is not supported "
        + "(expected 16/24/32-bit PCM or 32-bit float)"
    case .invalidHeader(let c, let r):
      return "WAV: expected channels > 0 and sample rate > 0, found \(c) and \(r)"
    }
  }
}

/// RIFF/WAVE writer and reader (Microsoft/IBM "Multimedia Programming Interface and Data
/// Specifications 1.0", 1991; WAVE_FORMAT_EXTENSIBLE per Microsoft's WAVEFORMATEXTENSIBLE).
///
/// ```swift
/// let bytes = WAVFile.encode(track, format: .float32)
/// let back = try WAVFile.decode(bytes)
/// ```
public enum WAVFile {
  /// Encodes interleaved samples. PCM16 maps ±1 to ±32767 (x·32767 rounded to nearest,
  /// clamped), so decoding returns each sample within half an LSB plus Float rounding.
  /// Float32 stores the bits as given (with the "fact" chunk non-PCM formats require).
  /// - Complexity: O(samples).
  public static func encode(_ b: AudioBuffer, format: WAVFormat = .pcm16) -> [UInt8] {
    let channels = Swift.max(1, b.channelCount)
    let bits = format == .pcm16 ? 16 : 32
    let blockAlign = channels * bits / 8
    let dataBytes = b.samples.count * bits / 8
    let isFloat = format == .float32
    let fmtSize = isFloat ? 18 : 16
    let factBytes = isFloat ? 12 : 0
    var out: [UInt8] = []
    out.reserveCapacity(44 + factBytes + 2 + dataBytes)
    out.append(contentsOf: Array("RIFF".utf8))
    put32(&out, UInt32(4 + (8 + fmtSize) + factBytes + 8 + dataBytes + (dataBytes & 1)))
    out.append(contentsOf: Array("WAVE".utf8))
    out.append(contentsOf: Array("fmt ".utf8))
    put32(&out, UInt32(fmtSize))
    put16(&out, isFloat ? 3 : 1)
    put16(&out, UInt16(channels))
    put32(&out, UInt32(b.sampleRate))
    put32(&out, UInt32(b.sampleRate * blockAlign))
    put16(&out, UInt16(blockAlign))
    put16(&out, UInt16(bits))
    if isFloat {
      put16(&out, 0)  // cbSize
      out.append(contentsOf: Array("fact".utf8))
      put32(&out, 4)
      put32(&out, UInt32(b.samples.count / channels))
    }
    out.append(contentsOf: Array("data".utf8))
    put32(&out, UInt32(dataBytes))
    switch format {
    case .pcm16:
      for x in b.samples {
        let v = (Double(x) * 32767).rounded()
        let c = v.isNaN ? 0 : Swift.min(32767, Swift.max(-32767, v))
        put16(&out, UInt16(bitPattern: Int16(c)))
      }
    case .float32:
      for x in b.samples { put32(&out, x.bitPattern) }
    }
    return out
  }

  /// Decodes a WAV file: PCM 16/24/32-bit integer or 32-bit float, plain or
  /// WAVE_FORMAT_EXTENSIBLE; unknown chunks are skipped. Integer PCM is scaled by
  /// 1/(2^(bits−1) − 1), the inverse of `encode`.
  /// - Throws: `WAVError` naming what was expected.
  /// - Complexity: O(bytes).
  public static func decode(_ bytes: [UInt8]) throws -> AudioBuffer {
    guard bytes.count >= 12 else { throw WAVError.truncated(offset: bytes.count) }
    guard Array(bytes[0..<4]) == Array("RIFF".utf8) else { throw WAVError.notRIFF }
    guard Array(bytes[8..<12]) == Array("WAVE".utf8) else { throw WAVError.notWAVE }
    var pos = 12
    var format: (tag: Int, channels: Int, rate: Int, bits: Int)?
    while pos + 8 <= bytes.count {
      let id = Array(bytes[pos..<pos + 4])
      let size = Int(get32(bytes, pos + 4))
      let body = pos + 8
      if id == Array("fmt ".utf8) {
        guard size >= 16, body + size <= bytes.count else {
          throw WAVError.truncated(offset: bytes.count)
        }
        var tag = Int(get16(bytes, body))
        let channels = Int(get16(bytes, body + 2))
        let rate = Int(get32(bytes, body + 4))
        let bits = Int(get16(bytes, body + 14))
        if tag == 0xFFFE {
          // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the real tag.
          guard size >= 40 else { throw WAVError.truncated(offset: body + size) }
          tag = Int(get16(bytes, body + 24))
        }
        guard channels > 0, rate > 0 else {
          throw WAVError.invalidHeader(channels: channels, sampleRate: rate)
        }
        format = (tag, channels, rate, bits)
      } else if id == Array("data".utf8) {
        guard let f = format else { throw WAVError.missingFormatChunk }
        guard body + size <= bytes.count else { throw WAVError.truncated(offset: bytes.count) }
        let samples = try decodeSamples(bytes, from: body, count: size, format: f)
        return AudioBuffer(sampleRate: f.rate, channelCount: f.channels, samples: samples)
      }
      pos = body + size + (size & 1)  // chunks are padded to even sizes
    }
    throw WAVError.missingDataChunk
  }

  static func decodeSamples(
    _ bytes: [UInt8], from start: Int, count: Int,
    format f: (tag: Int, channels: Int, rate: Int, bits: Int)
  ) throws -> [Float] {
    let width = f.bits / 8
    let n = count / Swift.max(1, width)
    let frames = n / f.channels
    let total = frames * f.channels
    var out = [Float](repeating: 0, count: total)
    switch (f.tag, f.bits) {
    case (1, 16):
      for i in 0..<total {
        out[i] = Float(Double(Int16(bitPattern: get16(bytes, start + 2 * i))) / 32767)
      }
    case (1, 24):
      for i in 0..<total {
        let o = start + 3 * i
        let u = Int32(bytes[o]) | Int32(bytes[o + 1]) << 8 | Int32(bytes[o + 2]) << 16
        let v = (u << 8) >> 8  // sign-extend
        out[i] = Float(Double(v) / 8_388_607)
      }
    case (1, 32):
      for i in 0..<total {
        out[i] = Float(Double(Int32(bitPattern: get32(bytes, start + 4 * i))) / 2_147_483_647)
      }
    case (3, 32):
      for i in 0..<total { out[i] = Float(bitPattern: get32(bytes, start + 4 * i)) }
    default:
      throw WAVError.unsupportedFormat(tag: f.tag, bitsPerSample: f.bits)
    }
    return out
  }

  static func put16(_ out: inout [UInt8], _ v: UInt16) {
    out.append(UInt8(v & 0xFF))
    out.append(UInt8(v >> 8))
  }

  static func put32(_ out: inout [UInt8], _ v: UInt32) {
    for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8((v >> UInt32(s)) & 0xFF)) }
  }

  static func get16(_ b: [UInt8], _ o: Int) -> UInt16 {
    UInt16(b[o]) | UInt16(b[o + 1]) << 8
  }

  static func get32(_ b: [UInt8], _ o: Int) -> UInt32 {
    UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
  }
}
