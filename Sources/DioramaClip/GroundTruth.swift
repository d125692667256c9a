import DioramaCore
import DioramaRender
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writers for a frame's ground truth (`AOVs`), into `<directory>/gt/`:
///
/// - `depth_NNNNN.pfm`: PFM greyscale (`Pf`), float32 little-endian (scale −1), view-space
///   depth in metres, `+inf` for sky; rows **bottom to top**, as the PFM spec requires.
/// - `normal_NNNNN.png`: 8-bit RGB PNG, world-space unit normal n as `round(255·(0.5·n + 0.5))`;
///   sky (n = 0) is (128, 128, 128).
/// - `instance_NNNNN.bin`: 16-byte header `DINS`, u32 version 1, u32 width, u32 height, then
///   width·height int32 `RenderObject.id`s, all little-endian, rows top to bottom; sky is
///   −2147483648 (`Int32.min`). Raw int32 rather than PNG so every id round-trips exactly
///   (numpy: `np.fromfile(f, "<i4", offset=16).reshape(h, w)`).
/// - `flow_NNNNN.flo`: only when the AOVs carry flow: Middlebury `.flo` (`PIEH`, int32 width,
///   height, then float32 (dx, dy) pairs, little-endian, rows top to bottom), pixels to the next
///   frame; unknown flow is 1e10.
/// - `boxes.jsonl`: one JSON object per frame and line,
///   `{"frame":0,"time":0.0,"boxes":[{"id":3,"visible":[x0,y0,x1,y1],"projected":[...]}]}`,
///   inclusive pixel ranges, `null` where absent.
///
/// ```swift
/// let aovs = Renderer().renderAOVs(scene)
/// try GroundTruth.write(aovs, frame: 0, time: 0, to: outputFolder)
/// ```
public enum GroundTruth {
  /// Subfolder of the output folder holding the ground truth.
  public static let folder = "gt"

  /// Writes frame `frame`'s depth, normal, instance (and flow) files, each atomically, and
  /// adds its line to `boxes.jsonl`. Frame 0 starts `boxes.jsonl` afresh (replacing a file
  /// left by an earlier run); later frames append one line each, so call it in frame order.
  /// Creates `<directory>/gt` when missing.
  /// - Parameters:
  ///   - frame: frame number, used in the file names (`%05d`) and the JSON line.
  ///   - time: the frame's time (s), recorded in the JSON line.
  /// - Throws: `AtomicFileError` naming the file and the step that failed, or the error of
  ///   creating the folder.
  /// - Complexity: O(width · height + boxes).
  public static func write(_ aovs: AOVs, frame: Int, time: Double, to directory: URL) throws {
    let dir = directory.appendingPathComponent(folder)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let n = String(format: "%05d", frame)
    try AtomicFile.write(
      depthPFM(aovs), to: dir.appendingPathComponent("depth_\(n).pfm"), durable: false)
    try AtomicFile.write(
      PNGCodec.encode(normalImage(aovs), compressionLevel: 3),
      to: dir.appendingPathComponent("normal_\(n).png"), durable: false)
    try AtomicFile.write(
      instanceBinary(aovs), to: dir.appendingPathComponent("instance_\(n).bin"), durable: false)
    if let flo = flowFLO(aovs) {
      try AtomicFile.write(flo, to: dir.appendingPathComponent("flow_\(n).flo"), durable: false)
    }
    let line = Array((boxesLine(aovs, frame: frame, time: time) + "\n").utf8)
    let boxes = dir.appendingPathComponent("boxes.jsonl")
    if frame == 0 {
      try AtomicFile.write(line, to: boxes, durable: false)
    } else {
      try append(line, to: boxes)
    }
  }

  // MARK: - Encodings

  /// PFM bytes of the depth buffer: header `Pf\n<w> <h>\n-1\n` (negative scale = little-endian),
  /// then float32 values with the bottom image row first.
  public static func depthPFM(_ aovs: AOVs) -> [UInt8] {
    var out = Array("Pf\n\(aovs.width) \(aovs.height)\n-1\n".utf8)
    out.reserveCapacity(out.count + 4 * aovs.width * aovs.height)
    var y = aovs.height - 1
    while y >= 0 {
      for x in 0..<aovs.width { appendLE(aovs.depth[y * aovs.width + x].bitPattern, to: &out) }
      y -= 1
    }
    return out
  }

  /// The normal buffer as RGB8: each component c of the unit normal becomes
  /// `round(255 · (0.5 c + 0.5))`, clamped to [0, 255]; sky (0, 0, 0) becomes 128.
  public static func normalImage(_ aovs: AOVs) -> RGBImage {
    var bytes = [UInt8](repeating: 0, count: aovs.normal.count)
    for i in 0..<aovs.normal.count {
      let v = (255 * (0.5 * aovs.normal[i] + 0.5)).rounded()
      bytes[i] = v.isNaN ? 128 : UInt8(min(255, max(0, v)))
    }
    return RGBImage(width: aovs.width, height: aovs.height, bytes: bytes)
  }

  /// Magic of the instance file (`DINS`).
  public static let instanceMagic: [UInt8] = Array("DINS".utf8)

  /// Instance ids as `DINS`, u32 version (1), u32 width, u32 height, then int32 ids, all
  /// little-endian, rows top to bottom.
  public static func instanceBinary(_ aovs: AOVs) -> [UInt8] {
    var out = instanceMagic
    out.reserveCapacity(16 + 4 * aovs.instance.count)
    appendLE(UInt32(1), to: &out)
    appendLE(UInt32(aovs.width), to: &out)
    appendLE(UInt32(aovs.height), to: &out)
    for id in aovs.instance { appendLE(UInt32(bitPattern: id), to: &out) }
    return out
  }

  /// Flow as Middlebury `.flo`: the float 202021.25 (bytes `PIEH`), int32 width and height,
  /// then (dx, dy) float32 pairs, little-endian, rows top to bottom; NaN (unknown) is written
  /// as 1e10, which readers treat as unknown (> 1e9). Nil when the AOVs carry no flow.
  public static func flowFLO(_ aovs: AOVs) -> [UInt8]? {
    guard let flow = aovs.flow else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(12 + 4 * flow.count)
    appendLE(Float(202_021.25).bitPattern, to: &out)
    appendLE(UInt32(aovs.width), to: &out)
    appendLE(UInt32(aovs.height), to: &out)
    for v in flow { appendLE((v.isNaN ? Float(1e10) : v).bitPattern, to: &out) }
    return out
  }

  /// The `boxes.jsonl` line of one frame (without the newline): every id that has a visible
  /// or a projected box, ascending, with `null` for the one it lacks.
  public static func boxesLine(_ aovs: AOVs, frame: Int, time: Double) -> String {
    func json(_ b: PixelBox?) -> String {
      guard let b else { return "null" }
      return "[\(b.minX),\(b.minY),\(b.maxX),\(b.maxY)]"
    }
    var parts: [String] = []
    var i = 0
    var j = 0
    let vis = aovs.visibleBoxes
    let proj = aovs.projectedBoxes
    // Merge of two id-sorted lists.
    while i < vis.count || j < proj.count {
      let id = min(i < vis.count ? vis[i].id : .max, j < proj.count ? proj[j].id : .max)
      let v = i < vis.count && vis[i].id == id ? vis[i] : nil
      let p = j < proj.count && proj[j].id == id ? proj[j] : nil
      if v != nil { i += 1 }
      if p != nil { j += 1 }
      parts.append("{\"id\":\(id),\"visible\":\(json(v)),\"projected\":\(json(p))}")
    }
    let t = time.isFinite ? "\(time)" : "null"
    return "{\"frame\":\(frame),\"time\":\(t),\"boxes\":[\(parts.joined(separator: ","))]}"
  }

  // MARK: - Manifest

  /// What the ground-truth files are, for `clip.json`.
  public static var manifestEntry: GroundTruthManifest {
    GroundTruthManifest(
      folder: folder,
      files: [
        .init(
          pattern: "gt/depth_%05d.pfm",
          format: "PFM greyscale (Pf), float32 little-endian (scale -1), rows bottom to top",
          content:
            "depth along the camera's optical axis (view-space z) in metres at each pixel "
            + "centre; +inf where nothing is hit"),
        .init(
          pattern: "gt/normal_%05d.png",
          format: "PNG RGB 8-bit, rows top to bottom",
          content:
            "world-space unit normal n (right-handed, +z up) as round(255*(0.5*n+0.5)); "
            + "planes give the side facing the camera; sky is (128,128,128)"),
        .init(
          pattern: "gt/instance_%05d.bin",
          format:
            "16-byte header: 'DINS', uint32 version 1, uint32 width, uint32 height; then "
            + "width*height int32; all little-endian, rows top to bottom",
          content: "object id (RenderObject.id) at each pixel centre; -2147483648 for sky"),
        .init(
          pattern: "gt/flow_%05d.flo",
          format:
            "Middlebury .flo: float32 202021.25 ('PIEH'), int32 width, int32 height, then "
            + "float32 (dx, dy) per pixel; little-endian, rows top to bottom",
          content:
            "forward optical flow in pixels (+x right, +y down) of the surface point at each "
            + "pixel centre to the next frame; 1e10 where unknown; only when flow was rendered"),
        .init(
          pattern: "gt/boxes.jsonl",
          format:
            "JSON Lines, one per frame: {frame, time (s), boxes: [{id, visible, projected}]}",
          content:
            "per object id, inclusive pixel ranges [x0, y0, x1, y1]: visible = tight bounds of "
            + "the id's pixels in the instance image; projected = pixels overlapped by the "
            + "projection of the whole object (occluded or not; exact silhouette for spheres, "
            + "8 box corners for boxes), clipped to the image; null where absent (planes have "
            + "no projected box)"),
      ],
      pixelConvention:
        "pixel (x, y) covers [x, x+1) x [y, y+1) with (0, 0) the top-left corner; every value "
        + "is sampled by one ray through the pixel centre (x+0.5, y+0.5), no anti-aliasing",
      camera:
        "pinhole, 36 mm wide sensor, horizontal field of view 2*atan(18 mm / lens); square "
        + "pixels")
  }

  // MARK: - Bytes

  private static func appendLE(_ v: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: v))
    out.append(UInt8(truncatingIfNeeded: v >> 8))
    out.append(UInt8(truncatingIfNeeded: v >> 16))
    out.append(UInt8(truncatingIfNeeded: v >> 24))
  }

  /// Appends `bytes` to `url` (created when missing) with one `O_APPEND` write, so a line is
  /// never interleaved with another writer's.
  private static func append(_ bytes: [UInt8], to url: URL) throws {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw AtomicFileError(path: url.path, step: "open", errno: errno) }
    var failure: AtomicFileError?
    bytes.withUnsafeBytes { buffer in
      var written = 0
      while written < buffer.count {
        #if canImport(Glibc)
          let n = Glibc.write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
        #else
          let n = Darwin.write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
        #endif
        if n < 0 {
          if errno == EINTR { continue }
          failure = AtomicFileError(path: url.path, step: "append", errno: errno)
          return
        }
        written += n
      }
    }
    if close(fd) != 0 && failure == nil {
      failure = AtomicFileError(path: url.path, step: "close", errno: errno)
    }
    if let failure { throw failure }
  }
}

/// The ground truth's entry for `clip.json`: which files, in what format, meaning what.
public struct GroundTruthManifest: Codable, Hashable, Sendable {
  /// One kind of file.
  public struct File: Codable, Hashable, Sendable {
    /// Path relative to the output folder, printf-style frame number (`%05d`).
    public var pattern: String
    /// Encoding, byte order and row order.
    public var format: String
    /// What the values mean, with units.
    public var content: String
  }

  /// Subfolder of the output folder (`gt`).
  public var folder: String
  public var files: [File]
  /// Pixel coordinates and sampling.
  public var pixelConvention: String
  /// Camera model.
  public var camera: String
}
