import Foundation
import Testing

@testable import DioramaClip

@Suite struct ContactSheetTests {
  @Test func sheetSizeFollowsTheLayout() {
    let frame = RGBImage(width: 64, height: 48, fill: (200, 10, 10))
    let frames = (0..<5).map { (image: frame, label: "f\($0)") }
    let sheet = ContactSheet.make(frames: frames, columns: 3, thumbnailWidth: 32)
    // 3 columns of 32 px + 4 margins of 8 px; 2 rows of (24 px thumb + 4 gap + 7 label)
    // + 3 margins.
    #expect(sheet.width == 3 * 32 + 4 * 8)
    #expect(sheet.height == 2 * (24 + 4 + 7) + 3 * 8)
  }

  @Test func knownPixels() {
    let red = RGBImage(width: 64, height: 48, fill: (200, 10, 10))
    let blue = RGBImage(width: 64, height: 48, fill: (10, 20, 230))
    let sheet = ContactSheet.make(
      frames: [(red, "a"), (blue, "b")], columns: 2, thumbnailWidth: 32)
    #expect(sheet[0, 0] == ContactSheet.background)
    // Centre of the first and second thumbnails: a flat colour survives the box filter.
    #expect(sheet[8 + 16, 8 + 12] == (200, 10, 10))
    #expect(sheet[8 + 32 + 8 + 16, 8 + 12] == (10, 20, 230))
    // Gap between the thumbnails is background.
    #expect(sheet[8 + 32 + 4, 8 + 12] == ContactSheet.background)
    // The label "a" is drawn under the first thumbnail: some label-coloured pixel exists.
    var ink = 0
    for y in (8 + 24 + 4)..<(8 + 24 + 4 + 7) {
      for x in 8..<(8 + 6) where sheet[x, y] == ContactSheet.labelColor { ink += 1 }
    }
    #expect(ink > 5)
  }

  @Test func boxFilterAveragesExactly() {
    // 4x2 checker of 0 and 200 halves to 2x1 with every output the mean, 100.
    var image = RGBImage(width: 4, height: 2)
    for y in 0..<2 {
      for x in 0..<4 where (x + y) % 2 == 0 { image[x, y] = (200, 200, 200) }
    }
    let half = ContactSheet.resize(image, width: 2, height: 1)
    #expect(half.bytes == [UInt8](repeating: 100, count: 6))
    // Non-integer ratio 3 -> 2: output 0 covers pixel 0 fully and half of pixel 1.
    let row = RGBImage(width: 3, height: 1, bytes: [0, 0, 0, 90, 90, 90, 240, 240, 240])
    let two = ContactSheet.resize(row, width: 2, height: 1)
    #expect(two.bytes == [30, 30, 30, 190, 190, 190])  // (0 + 45)/1.5, (45 + 240)/1.5
  }

  @Test func glyphsCoverTheRequiredCharacters() {
    let required = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.:-_/()% "
    for ch in required { #expect(BitmapFont.hasGlyph(ch), "missing glyph \(ch)") }
    for (ch, art) in BitmapFont.glyphArt {
      let rows = art.split(separator: " ")
      #expect(rows.count == 7 && rows.allSatisfy { $0.count == 5 }, "glyph \(ch) is not 5x7")
    }
    // No two letters or digits share a bitmap (l/1, O/0 etc. must be distinguishable).
    let bitmaps = required.filter { $0 != " " }.map { BitmapFont.glyph($0) }
    #expect(Set(bitmaps).count == bitmaps.count)
  }

  @Test func drawsScaledGlyphsAndClipsAtTheEdges() {
    var image = RGBImage(width: 20, height: 20)
    BitmapFont.draw("-", into: &image, x: 2, y: 2, scale: 2, color: (255, 255, 255))
    // "-" is row 3 fully inked: at scale 2, rows 8...9 and columns 2...11.
    for x in 2...11 { #expect(image[x, 8] == (255, 255, 255) && image[x, 9] == (255, 255, 255)) }
    #expect(image[12, 8] == (0, 0, 0) && image[2, 7] == (0, 0, 0) && image[2, 10] == (0, 0, 0))
    // Off-image text does not trap.
    BitmapFont.draw("Hello", into: &image, x: -7, y: 15, scale: 3, color: (1, 2, 3))
    BitmapFont.draw("\u{1F600}?", into: &image, x: 18, y: -3, scale: 1, color: (1, 2, 3))
    #expect(BitmapFont.measure("ab\nc", scale: 2) == (width: 22, height: 32))
  }
}
