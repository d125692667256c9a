import Foundation

/// A grid of labelled thumbnails: the one-glance summary of a clip.
///
/// Layout (pixels): a `margin` around and between cells; each cell is `thumbnailWidth` wide and
/// holds the thumbnail (height from the widest-aspect frame) above a label strip. Labels use
/// `BitmapFont` at scale 2 when thumbnails are at least 240 px wide, else scale 1, and are
/// truncated to the cell width.
///
/// ```swift
/// let sheet = ContactSheet.make(frames: [(frame0, "t 0.00 s"), (frame1, "t 0.50 s")],
///                               columns: 4, thumbnailWidth: 160)
/// ```
public enum ContactSheet {
  /// Space around and between cells (pixels).
  public static let margin = 8
  /// Gap between a thumbnail and its label (pixels).
  public static let labelGap = 4
  /// Sheet background, sRGB 8-bit.
  public static let background: (UInt8, UInt8, UInt8) = (24, 24, 28)
  /// Label ink, sRGB 8-bit.
  public static let labelColor: (UInt8, UInt8, UInt8) = (230, 230, 230)

  /// Lays out `frames` in rows of `columns`, each scaled to `thumbnailWidth` (box filter).
  ///
  /// Every thumbnail keeps its frame's aspect ratio and is top-aligned in its cell; the cell
  /// height is the tallest thumbnail. With no frames the sheet is one empty row of margins.
  /// - Precondition: `columns >= 1`, `thumbnailWidth >= 1`.
  /// - Complexity: O(total source pixels + sheet pixels).
  public static func make(
    frames: [(image: RGBImage, label: String)], columns: Int, thumbnailWidth: Int
  ) -> RGBImage {
    precondition(columns >= 1, "ContactSheet: columns must be >= 1, got \(columns)")
    precondition(thumbnailWidth >= 1, "ContactSheet: thumbnailWidth must be >= 1")
    let layout = Layout(
      frames: frames.map { ($0.image.width, $0.image.height) }, columns: columns,
      thumbnailWidth: thumbnailWidth)
    var sheet = RGBImage(width: layout.width, height: layout.height, fill: background)
    let maxChars = max(1, (thumbnailWidth + 1) / (BitmapFont.advance * layout.labelScale))
    for (k, frame) in frames.enumerated() {
      let (cx, cy) = layout.origin(of: k)
      let h = layout.thumbnailHeight(frame.image.width, frame.image.height)
      let thumb = resize(frame.image, width: thumbnailWidth, height: h)
      blit(thumb, into: &sheet, x: cx, y: cy)
      let label = frame.label.count > maxChars ? String(frame.label.prefix(maxChars)) : frame.label
      BitmapFont.draw(
        label, into: &sheet, x: cx, y: cy + layout.cellImageHeight + labelGap,
        scale: layout.labelScale, color: labelColor)
    }
    return sheet
  }

  /// Where things go on a sheet; all values in pixels.
  struct Layout {
    var columns: Int
    var rows: Int
    var thumbnailWidth: Int
    /// Height of the image part of every cell (the tallest thumbnail).
    var cellImageHeight: Int
    var labelScale: Int
    var labelHeight: Int
    var width: Int
    var height: Int

    init(frames: [(Int, Int)], columns: Int, thumbnailWidth: Int) {
      self.columns = columns
      self.thumbnailWidth = thumbnailWidth
      rows = max(1, (frames.count + columns - 1) / columns)
      labelScale = thumbnailWidth >= 240 ? 2 : 1
      labelHeight = ContactSheet.labelGap + BitmapFont.glyphHeight * labelScale
      var tallest = 0
      for (w, h) in frames {
        tallest = max(tallest, Layout.scaledHeight(w, h, thumbnailWidth))
      }
      cellImageHeight = tallest
      let m = ContactSheet.margin
      width = columns * thumbnailWidth + (columns + 1) * m
      height = rows * (cellImageHeight + labelHeight) + (rows + 1) * m
    }

    static func scaledHeight(_ w: Int, _ h: Int, _ thumbnailWidth: Int) -> Int {
      guard w > 0, h > 0 else { return 1 }
      return max(1, Int((Double(h) * Double(thumbnailWidth) / Double(w)).rounded()))
    }

    func thumbnailHeight(_ w: Int, _ h: Int) -> Int {
      Layout.scaledHeight(w, h, thumbnailWidth)
    }

    /// Top-left corner of cell `k` (row-major).
    func origin(of k: Int) -> (Int, Int) {
      let m = ContactSheet.margin
      let col = k % columns
      let row = k / columns
      return (m + col * (thumbnailWidth + m), m + row * (cellImageHeight + labelHeight + m))
    }
  }

  // MARK: - Resampling

  /// `image` resampled to `width`×`height` with an exact box filter: each output pixel is the
  /// area-weighted mean of the source pixels its footprint covers (partial pixels weighted by
  /// the covered fraction), computed separably, rows then columns, and rounded to nearest.
  /// - Complexity: O(source pixels · ⌈scale⌉ + output pixels · ⌈scale⌉).
  public static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
    guard image.width > 0, image.height > 0, width > 0, height > 0 else {
      return RGBImage(width: max(0, width), height: max(0, height))
    }
    let wx = boxWeights(source: image.width, target: width)
    let wy = boxWeights(source: image.height, target: height)
    // Horizontal pass: image.height rows of `width` pixels, kept in Double.
    var mid = [Double](repeating: 0, count: image.height * width * 3)
    for y in 0..<image.height {
      let src = y * image.width * 3
      let dst = y * width * 3
      for x in 0..<width {
        var r = 0.0
        var g = 0.0
        var b = 0.0
        for (i, w) in wx[x] {
          let p = src + i * 3
          r += w * Double(image.bytes[p])
          g += w * Double(image.bytes[p + 1])
          b += w * Double(image.bytes[p + 2])
        }
        mid[dst + x * 3] = r
        mid[dst + x * 3 + 1] = g
        mid[dst + x * 3 + 2] = b
      }
    }
    var out = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for c in 0..<(width * 3) {
        var v = 0.0
        for (j, w) in wy[y] { v += w * mid[j * width * 3 + c] }
        out[y * width * 3 + c] = UInt8(max(0, min(255, v.rounded())))
      }
    }
    return RGBImage(width: width, height: height, bytes: out)
  }

  /// For each target pixel t, the source pixels overlapping [t·s, (t+1)·s) with s = source /
  /// target, and weights equal to the overlap length normalised to sum to 1.
  static func boxWeights(source: Int, target: Int) -> [[(Int, Double)]] {
    let s = Double(source) / Double(target)
    return (0..<target).map { t in
      let lo = Double(t) * s
      let hi = Double(t + 1) * s
      var taps = [(Int, Double)]()
      var total = 0.0
      var i = Int(lo.rounded(.down))
      while i < source && Double(i) < hi {
        let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
        if overlap > 1e-12 {
          taps.append((i, overlap))
          total += overlap
        }
        i += 1
      }
      return taps.map { ($0.0, $0.1 / total) }
    }
  }

  private static func blit(_ src: RGBImage, into dst: inout RGBImage, x: Int, y: Int) {
    for row in 0..<src.height {
      let ty = y + row
      guard ty >= 0 && ty < dst.height else { continue }
      for col in 0..<src.width {
        let tx = x + col
        guard tx >= 0 && tx < dst.width else { continue }
        let s = (row * src.width + col) * 3
        let d = (ty * dst.width + tx) * 3
        dst.bytes[d] = src.bytes[s]
        dst.bytes[d + 1] = src.bytes[s + 1]
        dst.bytes[d + 2] = src.bytes[s + 2]
      }
    }
  }
}
