import Foundation

/// A built-in 5×7 pixel font for labels on contact sheets and debug frames, so that no font
/// file or text library is needed.
///
/// Glyphs cover `0-9`, `a-z`, `A-Z`, space and `. : - _ / ( ) % , + = # ? ! ' " < > * [ ] | & @`.
/// Any other character draws as a hollow box. Each glyph cell is 5×7 pixels with one column of
/// spacing, scaled by an integer factor; lowercase descenders sit inside the 7 rows.
///
/// ```swift
/// var image = RGBImage(width: 120, height: 20)
/// BitmapFont.draw("t = 1.25 s", into: &image, x: 2, y: 2, scale: 2, color: (255, 255, 255))
/// ```
public enum BitmapFont {
  /// Glyph width (pixels at scale 1).
  public static let glyphWidth = 5
  /// Glyph height (pixels at scale 1).
  public static let glyphHeight = 7
  /// Horizontal advance per character (pixels at scale 1): glyph plus one column of spacing.
  public static let advance = 6
  /// Vertical advance per line (pixels at scale 1): glyph plus two rows of spacing.
  public static let lineHeight = 9

  /// Draws `text` with its top-left corner at (`x`, `y`) (pixels, row 0 at the top). Pixels
  /// outside the image are clipped; `\n` starts a new line.
  /// - Parameters:
  ///   - scale: integer magnification (≥ 1): each font pixel becomes a scale×scale square.
  ///   - color: sRGB 8-bit colour of the ink.
  /// - Complexity: O(text.count · scale²).
  public static func draw(
    _ text: String, into image: inout RGBImage, x: Int, y: Int, scale: Int,
    color: (UInt8, UInt8, UInt8)
  ) {
    let s = max(1, scale)
    var penX = x
    var penY = y
    for ch in text {
      if ch == "\n" {
        penX = x
        penY += lineHeight * s
        continue
      }
      let rows = glyph(ch)
      for row in 0..<glyphHeight {
        let bits = rows[row]
        if bits == 0 { continue }
        for col in 0..<glyphWidth where bits & (1 << (glyphWidth - 1 - col)) != 0 {
          fill(&image, x: penX + col * s, y: penY + row * s, size: s, color: color)
        }
      }
      penX += advance * s
    }
  }

  /// The size (pixels) `text` occupies when drawn at `scale`: the widest line, and the lines'
  /// height (the last line without its spacing).
  public static func measure(_ text: String, scale: Int) -> (width: Int, height: Int) {
    let s = max(1, scale)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let longest = lines.map(\.count).max() ?? 0
    let width = longest == 0 ? 0 : (longest * advance - 1) * s
    return (width, ((lines.count - 1) * lineHeight + glyphHeight) * s)
  }

  /// Whether `ch` has its own glyph (rather than the fallback box).
  public static func hasGlyph(_ ch: Character) -> Bool {
    guard let a = ch.asciiValue else { return false }
    return table[Int(a)] != nil
  }

  /// The 7 row bitmasks of `ch` (bit 4 = leftmost column).
  static func glyph(_ ch: Character) -> [UInt8] {
    if let a = ch.asciiValue, let rows = table[Int(a)] { return rows }
    return fallback
  }

  private static func fill(
    _ image: inout RGBImage, x: Int, y: Int, size: Int, color: (UInt8, UInt8, UInt8)
  ) {
    let x0 = max(0, x)
    let x1 = min(image.width, x + size)
    let y0 = max(0, y)
    let y1 = min(image.height, y + size)
    guard x0 < x1, y0 < y1 else { return }
    for py in y0..<y1 {
      var i = (py * image.width + x0) * 3
      for _ in x0..<x1 {
        image.bytes[i] = color.0
        image.bytes[i + 1] = color.1
        image.bytes[i + 2] = color.2
        i += 3
      }
    }
  }

  /// A hollow box for characters without a glyph.
  private static let fallback: [UInt8] = [
    0b11111, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001,
    0b11111,
  ]

  /// Glyphs indexed by ASCII code; nil where there is none. Space is all-zero rows.
  static let table: [[UInt8]?] = {
    var t = [[UInt8]?](repeating: nil, count: 128)
    t[32] = [UInt8](repeating: 0, count: glyphHeight)
    for (ch, art) in glyphArt {
      guard let a = Character(ch).asciiValue else { continue }
      t[Int(a)] = parse(art)
    }
    return t
  }()

  /// Seven space-separated rows of five `.`/`#` cells → seven 5-bit masks.
  static func parse(_ art: String) -> [UInt8] {
    art.split(separator: " ").map { row in
      row.reduce(UInt8(0)) { ($0 << 1) | ($1 == "#" ? 1 : 0) }
    }
  }

  // MARK: - Glyphs

  /// Each glyph as 7 rows, top first, of 5 cells: `#` ink, `.` paper.
  static let glyphArt: [(String, String)] = [
    ("0", ".###. #...# #..## #.#.# ##..# #...# .###."),
    ("1", "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###."),
    ("2", ".###. #...# ....# ...#. ..#.. .#... #####"),
    ("3", "##### ...#. ..#.. ...#. ....# #...# .###."),
    ("4", "...#. ..##. .#.#. #..#. ##### ...#. ...#."),
    ("5", "##### #.... ####. ....# ....# #...# .###."),
    ("6", "..##. .#... #.... ####. #...# #...# .###."),
    ("7", "##### ....# ...#. ..#.. .#... .#... .#..."),
    ("8", ".###. #...# #...# .###. #...# #...# .###."),
    ("9", ".###. #...# #...# .#### ....# ...#. .##.."),
    ("A", ".###. #...# #...# ##### #...# #...# #...#"),
    ("B", "####. #...# #...# ####. #...# #...# ####."),
    ("C", ".###. #...# #.... #.... #.... #...# .###."),
    ("D", "###.. #..#. #...# #...# #...# #..#. ###.."),
    ("E", "##### #.... #.... ####. #.... #.... #####"),
    ("F", "##### #.... #.... ####. #.... #.... #...."),
    ("G", ".###. #...# #.... #.### #...# #...# .####"),
    ("H", "#...# #...# #...# ##### #...# #...# #...#"),
    ("I", ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###."),
    ("J", "..### ...#. ...#. ...#. ...#. #..#. .##.."),
    ("K", "#...# #..#. #.#.. ##... #.#.. #..#. #...#"),
    ("L", "#.... #.... #.... #.... #.... #.... #####"),
    ("M", "#...# ##.## #.#.# #.#.# #...# #...# #...#"),
    ("N", "#...# #...# ##..# #.#.# #..## #...# #...#"),
    ("O", ".###. #...# #...# #...# #...# #...# .###."),
    ("P", "####. #...# #...# ####. #.... #.... #...."),
    ("Q", ".###. #...# #...# #...# #.#.# #..#. .##.#"),
    ("R", "####. #...# #...# ####. #.#.. #..#. #...#"),
    ("S", ".#### #.... #.... .###. ....# ....# ####."),
    ("T", "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#.."),
    ("U", "#...# #...# #...# #...# #...# #...# .###."),
    ("V", "#...# #...# #...# #...# #...# .#.#. ..#.."),
    ("W", "#...# #...# #...# #.#.# #.#.# #.#.# .#.#."),
    ("X", "#...# #...# .#.#. ..#.. .#.#. #...# #...#"),
    ("Y", "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#.."),
    ("Z", "##### ....# ...#. ..#.. .#... #.... #####"),
    ("a", "..... ..... .###. ....# .#### #...# .####"),
    ("b", "#.... #.... #.##. ##..# #...# #...# ####."),
    ("c", "..... ..... .###. #.... #.... #...# .###."),
    ("d", "....# ....# .##.# #..## #...# #...# .####"),
    ("e", "..... ..... .###. #...# ##### #.... .###."),
    ("f", "..##. .#..# .#... ###.. .#... .#... .#..."),
    ("g", "..... .#### #...# #...# .#### ....# .###."),
    ("h", "#.... #.... #.##. ##..# #...# #...# #...#"),
    ("i", "..#.. ..... .##.. ..#.. ..#.. ..#.. .###."),
    ("j", "...#. ..... ..##. ...#. ...#. #..#. .##.."),
    ("k", "#.... #.... #..#. #.#.. ##... #.#.. #..#."),
    ("l", ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###."),
    ("m", "..... ..... ##.#. #.#.# #.#.# #...# #...#"),
    ("n", "..... ..... #.##. ##..# #...# #...# #...#"),
    ("o", "..... ..... .###. #...# #...# #...# .###."),
    ("p", "..... ####. #...# #...# ####. #.... #...."),
    ("q", "..... .#### #...# #...# .#### ....# ....#"),
    ("r", "..... ..... #.##. ##..# #.... #.... #...."),
    ("s", "..... ..... .#### #.... .###. ....# ####."),
    ("t", ".#... .#... ###.. .#... .#... .#..# ..##."),
    ("u", "..... ..... #...# #...# #...# #..## .##.#"),
    ("v", "..... ..... #...# #...# #...# .#.#. ..#.."),
    ("w", "..... ..... #...# #...# #.#.# #.#.# .#.#."),
    ("x", "..... ..... #...# .#.#. ..#.. .#.#. #...#"),
    ("y", "..... #...# #...# #...# .#### ....# .###."),
    ("z", "..... ..... ##### ...#. ..#.. .#... #####"),
    (".", "..... ..... ..... ..... ..... .##.. .##.."),
    (":", "..... .##.. .##.. ..... .##.. .##.. ....."),
    ("-", "..... ..... ..... ##### ..... ..... ....."),
    ("_", "..... ..... ..... ..... ..... ..... #####"),
    ("/", "..... ....# ...#. ..#.. .#... #.... ....."),
    ("(", "...#. ..#.. .#... .#... .#... ..#.. ...#."),
    (")", ".#... ..#.. ...#. ...#. ...#. ..#.. .#..."),
    ("%", "##... ##..# ...#. ..#.. .#... #..## ...##"),
    (",", "..... ..... ..... ..... .##.. ..#.. .#..."),
    ("+", "..... ..#.. ..#.. ##### ..#.. ..#.. ....."),
    ("=", "..... ..... ##### ..... ##### ..... ....."),
    ("#", ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#."),
    ("?", ".###. #...# ....# ...#. ..#.. ..... ..#.."),
    ("!", "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#.."),
    ("'", "..#.. ..#.. .#... ..... ..... ..... ....."),
    ("\"", ".#.#. .#.#. ..... ..... ..... ..... ....."),
    ("<", "...#. ..#.. .#... #.... .#... ..#.. ...#."),
    (">", ".#... ..#.. ...#. ....# ...#. ..#.. .#..."),
    ("*", "..... ..#.. #.#.# .###. #.#.# ..#.. ....."),
    ("[", ".###. .#... .#... .#... .#... .#... .###."),
    ("]", ".###. ...#. ...#. ...#. ...#. ...#. .###."),
    ("|", "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#.."),
    ("&", ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#"),
    ("@", ".###. #...# #.### #.#.# #.### #.... .####"),
  ]
}
