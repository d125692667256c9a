import CZlib
import Foundation

/// An 8-bit RGB image: the frame format every Diorama writer exchanges.
///
/// `bytes` holds `width * height * 3` values, row-major, top row first, each pixel `r, g, b`
/// in sRGB-encoded 0...255.
///
/// ```swift
/// var image = RGBImage(width: 4, height: 2)
/// image[1, 0] = (255, 0, 0)
/// let png = PNGCodec.encode(image)
/// ```
public struct RGBImage: Sendable, Hashable {
  /// Width (pixels).
  public var width: Int
  /// Height (pixels).
  public var height: Int
  /// Pixels, RGB8 row-major, top row first (`width * height * 3`).
  public var bytes: [UInt8]

  /// An image over existing pixel bytes.
  /// - Precondition: `bytes.count == width * height * 3`.
  public init(width: Int, height: Int, bytes: [UInt8]) {
    precondition(width >= 0 && height >= 0, "RGBImage: negative size \(width)x\(height)")
    precondition(
      bytes.count == width * height * 3,
      "RGBImage: \(bytes.count) bytes for \(width)x\(height) (expected \(width * height * 3))")
    self.width = width
    self.height = height
    self.bytes = bytes
  }

  /// An image filled with one colour (black unless given).
  public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
    precondition(width >= 0 && height >= 0, "RGBImage: negative size \(width)x\(height)")
    var bytes = [UInt8](repeating: 0, count: width * height * 3)
    if fill != (0, 0, 0) {
      for i in stride(from: 0, to: bytes.count, by: 3) {
        bytes[i] = fill.0
        bytes[i + 1] = fill.1
        bytes[i + 2] = fill.2
      }
    }
    self.width = width
    self.height = height
    self.bytes = bytes
  }

  /// The pixel at column `x`, row `y` (row 0 at the top).
  public subscript(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
    get {
      let i = (y * width + x) * 3
      return (bytes[i], bytes[i + 1], bytes[i + 2])
    }
    set {
      let i = (y * width + x) * 3
      bytes[i] = newValue.0
      bytes[i + 1] = newValue.1
      bytes[i + 2] = newValue.2
    }
  }
}

/// What went wrong reading a PNG. Each case says what was expected and what was found.
public enum PNGError: Error, Equatable, CustomStringConvertible {
  /// The first 8 bytes are not the PNG signature.
  case notPNG
  /// The data ended inside a chunk or before IEND.
  case truncated(needed: Int, available: Int)
  /// A chunk's stored CRC does not match its type and data.
  case crcMismatch(chunk: String, stored: UInt32, computed: UInt32)
  /// IHDR is missing, misplaced, or holds impossible values.
  case badHeader(String)
  /// A valid PNG feature this decoder does not implement.
  case unsupported(String)
  /// zlib refused the image data (zlib return code).
  case decompressionFailed(code: Int32)
  /// The inflated image data has the wrong length.
  case dataSizeMismatch(expected: Int, found: Int)
  /// A scanline names a filter type outside 0...4.
  case badFilter(row: Int, type: UInt8)
  /// No IDAT chunk.
  case missingImageData
  /// An error in a file, with its path.
  indirect case inFile(path: String, PNGError)
  /// The file could not be read.
  case unreadable(path: String, reason: String)

  public var description: String {
    switch self {
    case .notPNG: return "not a PNG file: the 8-byte PNG signature is missing"
    case .truncated(let needed, let available):
      return "truncated PNG: needed \(needed) bytes, found \(available)"
    case .crcMismatch(let chunk, let stored, let computed):
      return "corrupt PNG: chunk \(chunk) has CRC \(hex(stored)), its bytes give \(hex(computed))"
    case .badHeader(let why): return "bad PNG header (IHDR): \(why)"
    case .unsupported(let what): return "unsupported PNG: \(what)"
    case .decompressionFailed(let code):
      return "corrupt PNG: zlib could not inflate the image data (zlib code \(code))"
    case .dataSizeMismatch(let expected, let found):
      return "corrupt PNG: image data inflates to \(found) bytes, expected \(expected)"
    case .badFilter(let row, let type):
      return "corrupt PNG: row \(row) uses filter type \(type), expected 0...4"
    case .missingImageData: return "corrupt PNG: no IDAT chunk"
    case .inFile(let path, let error): return "\(path): \(error.description)"
    case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
    }
  }
}

private func hex(_ v: UInt32) -> String {
  let s = String(v, radix: 16)
  return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}

/// PNG scanline filters (PNG spec §9.2). `adaptive` picks, per row, the filter with the least
/// sum of absolute signed residuals (the spec's recommended heuristic, §12.8).
public enum PNGFilter: UInt8, Sendable, CaseIterable {
  case none = 0
  case sub = 1
  case up = 2
  case average = 3
  case paeth = 4
  case adaptive = 255
}

/// A PNG encoder and decoder over system zlib: 8-bit RGB out; 8-bit gray, gray+alpha, RGB,
/// RGBA and palette in (alpha is dropped); all five filter types; non-interlaced; CRCs checked.
public enum PNGCodec {
  /// The 8-byte PNG signature.
  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  // MARK: - Encoding

  /// The PNG file bytes of `image` (8-bit RGB, non-interlaced).
  /// - Parameters:
  ///   - compressionLevel: zlib level 0 (store) ... 9 (smallest); 6 is zlib's default.
  ///   - filter: scanline filter; `adaptive` chooses per row.
  /// - Complexity: O(width · height) (adaptive filtering tries all five filters per row).
  public static func encode(
    _ image: RGBImage, compressionLevel: Int32 = 6, filter: PNGFilter = .adaptive
  ) -> [UInt8] {
    let rowBytes = image.width * 3
    var filtered = [UInt8]()
    filtered.reserveCapacity(image.height * (rowBytes + 1))
    var candidate = [UInt8](repeating: 0, count: rowBytes)
    var best = [UInt8](repeating: 0, count: rowBytes)
    image.bytes.withUnsafeBufferPointer { px in
      for y in 0..<image.height {
        let row = y * rowBytes
        let prev = y > 0 ? row - rowBytes : -1
        if filter != .adaptive {
          applyFilter(filter.rawValue, px, row, prev, 3, rowBytes, &best)
          filtered.append(filter.rawValue)
          filtered.append(contentsOf: best)
          continue
        }
        var bestType: UInt8 = 0
        var bestCost = Int.max
        for type: UInt8 in 0...4 {
          applyFilter(type, px, row, prev, 3, rowBytes, &candidate)
          var cost = 0
          for b in candidate { cost += b < 128 ? Int(b) : 256 - Int(b) }
          if cost < bestCost {
            bestCost = cost
            bestType = type
            swap(&best, &candidate)
          }
        }
        filtered.append(bestType)
        filtered.append(contentsOf: best)
      }
    }

    var out = signature
    var ihdr = [UInt8]()
    appendBigEndian(UInt32(image.width), to: &ihdr)
    appendBigEndian(UInt32(image.height), to: &ihdr)
    // Bit depth 8, colour type 2 (truecolour), deflate, adaptive filtering, no interlace.
    ihdr += [8, 2, 0, 0, 0]
    appendChunk("IHDR", ihdr, to: &out)
    appendChunk("IDAT", deflate(filtered, level: compressionLevel), to: &out)
    appendChunk("IEND", [], to: &out)
    return out
  }

  /// Writes filter `type` of row starting at `row` (previous row at `prev`, or -1) into `out`.
  /// `bpp` is bytes per complete pixel (the filter's left distance).
  private static func applyFilter(
    _ type: UInt8, _ px: UnsafeBufferPointer<UInt8>, _ row: Int, _ prev: Int, _ bpp: Int,
    _ count: Int, _ out: inout [UInt8]
  ) {
    for i in 0..<count {
      let x = px[row + i]
      let a = i >= bpp ? px[row + i - bpp] : 0
      let b = prev >= 0 ? px[prev + i] : 0
      let c = (i >= bpp && prev >= 0) ? px[prev + i - bpp] : 0
      let predictor: UInt8
      switch type {
      case 0: predictor = 0
      case 1: predictor = a
      case 2: predictor = b
      case 3: predictor = UInt8((Int(a) + Int(b)) >> 1)
      default: predictor = paeth(a, b, c)
      }
      out[i] = x &- predictor
    }
  }

  /// The Paeth predictor (PNG spec §9.4): whichever of left, up, upper-left is closest to
  /// left + up − upper-left, ties broken in that order.
  @inline(__always)
  private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
    let p = Int(a) + Int(b) - Int(c)
    let pa = abs(p - Int(a))
    let pb = abs(p - Int(b))
    let pc = abs(p - Int(c))
    if pa <= pb && pa <= pc { return a }
    if pb <= pc { return b }
    return c
  }

  private static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
    out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
  }

  private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
    appendBigEndian(UInt32(data.count), to: &out)
    let typeBytes = Array(type.utf8)
    out += typeBytes
    out += data
    appendBigEndian(crc(typeBytes, data), to: &out)
  }

  /// CRC-32 (ISO 3309, as zlib computes it) over a chunk's type and data.
  static func crc(_ type: [UInt8], _ data: [UInt8]) -> UInt32 {
    var c = type.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
    if !data.isEmpty {
      c = data.withUnsafeBufferPointer { crc32(c, $0.baseAddress, UInt32($0.count)) }
    }
    return UInt32(truncatingIfNeeded: c)
  }

  private static func deflate(_ input: [UInt8], level: Int32) -> [UInt8] {
    var destLength = compressBound(uLong(input.count))
    var out = [UInt8](repeating: 0, count: Int(destLength))
    let status = out.withUnsafeMutableBufferPointer { dst in
      input.withUnsafeBufferPointer { src in
        compress2(
          dst.baseAddress, &destLength, src.baseAddress, uLong(src.count),
          max(0, min(9, level)))
      }
    }
    // compress2 into a compressBound-sized buffer cannot run out of room; Z_MEM_ERROR is an
    // out-of-memory condition, which Swift treats as fatal everywhere else too.
    precondition(status == Z_OK, "zlib compress2 failed with code \(status)")
    out.removeSubrange(Int(destLength)...)
    return out
  }

  // MARK: - Decoding

  /// Decodes a PNG into 8-bit RGB.
  ///
  /// Accepts bit depth 8 with colour types 0 (gray), 2 (RGB), 3 (palette), 4 (gray+alpha) and
  /// 6 (RGBA); alpha is dropped, not composited. Every chunk's CRC is checked.
  /// - Throws: `PNGError` naming what was expected and found.
  /// - Complexity: O(file size + width · height).
  public static func decode(_ bytes: [UInt8]) throws -> RGBImage {
    guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw PNGError.notPNG }
    var offset = 8
    var width = 0
    var height = 0
    var colorType: UInt8 = 0
    var sawHeader = false
    var palette = [UInt8]()
    var idat = [UInt8]()
    var sawIDAT = false
    var sawEnd = false
    while !sawEnd {
      guard offset + 8 <= bytes.count else {
        throw PNGError.truncated(needed: offset + 8, available: bytes.count)
      }
      let length = Int(readBigEndian(bytes, offset))
      let typeBytes = Array(bytes[(offset + 4)..<(offset + 8)])
      let type = String(decoding: typeBytes, as: UTF8.self)
      let dataStart = offset + 8
      guard length <= Int(Int32.max), dataStart + length + 4 <= bytes.count else {
        throw PNGError.truncated(needed: dataStart + length + 4, available: bytes.count)
      }
      let data = Array(bytes[dataStart..<(dataStart + length)])
      let stored = readBigEndian(bytes, dataStart + length)
      let computed = crc(typeBytes, data)
      guard stored == computed else {
        throw PNGError.crcMismatch(chunk: type, stored: stored, computed: computed)
      }
      offset = dataStart + length + 4

      if !sawHeader && type != "IHDR" {
        throw PNGError.badHeader("first chunk is \(type), expected IHDR")
      }
      switch type {
      case "IHDR":
        guard !sawHeader else { throw PNGError.badHeader("a second IHDR chunk") }
        guard length == 13 else {
          throw PNGError.badHeader("IHDR holds \(length) bytes, expected 13")
        }
        sawHeader = true
        width = Int(readBigEndian(data, 0))
        height = Int(readBigEndian(data, 4))
        let depth = data[8]
        colorType = data[9]
        guard width > 0, height > 0 else {
          throw PNGError.badHeader("size \(width)x\(height), expected both > 0")
        }
        guard width <= 1 << 15, height <= 1 << 15 else {
          throw PNGError.unsupported("size \(width)x\(height) (at most 32768 per side)")
        }
        guard [0, 2, 3, 4, 6].contains(colorType) else {
          throw PNGError.badHeader("colour type \(colorType), expected 0, 2, 3, 4 or 6")
        }
        guard depth == 8 else {
          throw PNGError.unsupported("bit depth \(depth) (only 8 bits per sample)")
        }
        guard data[10] == 0, data[11] == 0 else {
          throw PNGError.badHeader(
            "compression method \(data[10]) / filter method \(data[11]), expected 0 / 0")
        }
        guard data[12] == 0 else {
          throw PNGError.unsupported("Adam7 interlacing (only non-interlaced images)")
        }
      case "PLTE":
        palette = data
      case "IDAT":
        sawIDAT = true
        idat += data
      case "IEND":
        sawEnd = true
      default:
        // Ancillary chunks (lower-case first letter) are skipped; unknown critical ones fail.
        if let first = typeBytes.first, first & 0x20 == 0 {
          throw PNGError.unsupported("critical chunk \(type)")
        }
      }
    }
    guard sawIDAT else { throw PNGError.missingImageData }

    let channels: Int
    switch colorType {
    case 0, 3: channels = 1
    case 4: channels = 2
    case 2: channels = 3
    default: channels = 4
    }
    let rowBytes = width * channels
    let expected = height * (rowBytes + 1)
    let raw = try inflate(idat, expected: expected)
    let samples = try unfilter(raw, width: width, height: height, channels: channels)

    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    let n = width * height
    switch colorType {
    case 2:
      rgb = samples
    case 6:
      for i in 0..<n {
        rgb[3 * i] = samples[4 * i]
        rgb[3 * i + 1] = samples[4 * i + 1]
        rgb[3 * i + 2] = samples[4 * i + 2]
      }
    case 0, 4:
      for i in 0..<n {
        let g = samples[channels * i]
        rgb[3 * i] = g
        rgb[3 * i + 1] = g
        rgb[3 * i + 2] = g
      }
    default:
      guard !palette.isEmpty, palette.count % 3 == 0 else {
        throw PNGError.badHeader("palette image without a valid PLTE chunk")
      }
      let entries = palette.count / 3
      for i in 0..<n {
        let k = Int(samples[i])
        guard k < entries else {
          throw PNGError.badHeader("pixel uses palette entry \(k) of \(entries)")
        }
        rgb[3 * i] = palette[3 * k]
        rgb[3 * i + 1] = palette[3 * k + 1]
        rgb[3 * i + 2] = palette[3 * k + 2]
      }
    }
    return RGBImage(width: width, height: height, bytes: rgb)
  }

  private static func readBigEndian(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
  }

  /// Inflates a zlib stream that must produce exactly `expected` bytes.
  static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
    // One spare byte so that a stream longer than expected is seen as too long.
    var out = [UInt8](repeating: 0, count: expected + 1)
    var destLength = uLong(out.count)
    var sourceLength = uLong(input.count)
    let status = out.withUnsafeMutableBufferPointer { dst in
      input.withUnsafeBufferPointer { src in
        uncompress2(dst.baseAddress, &destLength, src.baseAddress, &sourceLength)
      }
    }
    guard status == Z_OK else {
      if status == Z_BUF_ERROR && Int(destLength) == out.count {
        throw PNGError.dataSizeMismatch(expected: expected, found: out.count)
      }
      throw PNGError.decompressionFailed(code: status)
    }
    guard Int(destLength) == expected else {
      throw PNGError.dataSizeMismatch(expected: expected, found: Int(destLength))
    }
    out.removeLast()
    return out
  }

  /// Undoes the per-row filters (PNG spec §9.2), returning `height * width * channels` samples.
  private static func unfilter(
    _ raw: [UInt8], width: Int, height: Int, channels: Int
  ) throws -> [UInt8] {
    let rowBytes = width * channels
    let bpp = channels
    var out = [UInt8](repeating: 0, count: height * rowBytes)
    for y in 0..<height {
      let src = y * (rowBytes + 1)
      let type = raw[src]
      let row = y * rowBytes
      let prev = row - rowBytes
      switch type {
      case 0:
        for i in 0..<rowBytes { out[row + i] = raw[src + 1 + i] }
      case 1:
        for i in 0..<rowBytes {
          let a = i >= bpp ? out[row + i - bpp] : 0
          out[row + i] = raw[src + 1 + i] &+ a
        }
      case 2:
        for i in 0..<rowBytes {
          let b = y > 0 ? out[prev + i] : 0
          out[row + i] = raw[src + 1 + i] &+ b
        }
      case 3:
        for i in 0..<rowBytes {
          let a = i >= bpp ? Int(out[row + i - bpp]) : 0
          let b = y > 0 ? Int(out[prev + i]) : 0
          out[row + i] = raw[src + 1 + i] &+ UInt8((a + b) >> 1)
        }
      case 4:
        for i in 0..<rowBytes {
          let a = i >= bpp ? out[row + i - bpp] : 0
          let b = y > 0 ? out[prev + i] : 0
          let c = (i >= bpp && y > 0) ? out[prev + i - bpp] : 0
          out[row + i] = raw[src + 1 + i] &+ paeth(a, b, c)
        }
      default:
        throw PNGError.badFilter(row: y, type: type)
      }
    }
    return out
  }

  // MARK: - Textures

  /// Reads a PNG texture as linear RGB: each 8-bit sRGB sample is decoded with the sRGB
  /// transfer function (IEC 61966-2-1), c ≤ 0.04045 ? c/12.92 : ((c+0.055)/1.055)^2.4.
  /// - Returns: size (pixels) and `width * height * 3` linear values in 0...1, top row first.
  /// - Throws: `PNGError.unreadable` or `PNGError.inFile` wrapping the decoding error.
  public static func readTexture(at url: URL) throws -> (width: Int, height: Int, rgb: [Float]) {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw PNGError.unreadable(path: url.path, reason: error.localizedDescription)
    }
    let image: RGBImage
    do {
      image = try decode([UInt8](data))
    } catch let error as PNGError {
      throw PNGError.inFile(path: url.path, error)
    }
    let table = srgbToLinearTable
    let rgb = image.bytes.map { table[Int($0)] }
    return (image.width, image.height, rgb)
  }

  /// sRGB-encoded byte → linear value, for all 256 bytes.
  static let srgbToLinearTable: [Float] = (0..<256).map { i in
    let c = Double(i) / 255
    return Float(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
  }
}
