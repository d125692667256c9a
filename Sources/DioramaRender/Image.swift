import Foundation

/// A linear-RGB floating-point image: what the renderer writes and the clip writers read.
///
/// Values are scene-referred radiance in the renderer's display-relative unit (see
/// `RenderScene`): 1.0 is display white at exposure 1. Nothing is clamped until
/// `toSRGB8(exposure:toneMap:)`.
///
/// ```swift
/// var image = Image(width: 4, height: 2, fill: SIMD3(0.5, 0.5, 0.5))
/// image[x: 0, y: 0] = SIMD3(1, 0, 0)
/// let bytes = image.toSRGB8()  // 24 bytes, RGB8, top row first
/// ```
public struct Image: Sendable, Hashable {
  /// Width (pixels).
  public var width: Int
  /// Height (pixels).
  public var height: Int
  /// Linear RGB, 3 floats per pixel, row-major, top row first (count 3·width·height).
  public var pixels: [Float]

  /// An image of `width`×`height` pixels all set to `fill` (linear RGB).
  /// Negative sizes are treated as 0.
  public init(width: Int, height: Int, fill: SIMD3<Float> = .zero) {
    self.width = max(0, width)
    self.height = max(0, height)
    var p = [Float](repeating: 0, count: 3 * self.width * self.height)
    if fill != .zero {
      for i in 0..<(self.width * self.height) {
        p[3 * i] = fill.x
        p[3 * i + 1] = fill.y
        p[3 * i + 2] = fill.z
      }
    }
    pixels = p
  }

  /// The pixel in column `x`, row `y` (row 0 at the top), linear RGB.
  /// Out-of-range coordinates are a programming error and trap.
  public subscript(x x: Int, y y: Int) -> SIMD3<Float> {
    get {
      precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside image")
      let i = 3 * (y * width + x)
      return SIMD3(pixels[i], pixels[i + 1], pixels[i + 2])
    }
    set {
      precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside image")
      let i = 3 * (y * width + x)
      pixels[i] = newValue.x
      pixels[i + 1] = newValue.y
      pixels[i + 2] = newValue.z
    }
  }

  /// The curve that maps exposed linear radiance to [0, 1] before the sRGB encoding.
  public enum ToneMap: Sendable, Hashable {
    /// `min(max(v, 0), 1)`: identity on [0, 1]; highlights above 1 clip to white.
    case clip
    /// Extended Reinhard per channel (Reinhard et al. 2002, eq. 4):
    /// `v (1 + v / w²) / (1 + v)`, which maps 0 → 0 and `white` → 1, then clips.
    case reinhard(white: Float)
  }

  /// 8-bit sRGB bytes, 3 per pixel, row-major, top row first.
  ///
  /// Per channel: `v = exposure · c`, then the tone map (`.clip` by default, so radiance 1 is
  /// white), then the sRGB OETF (IEC 61966-2-1): `12.92 v` for `v ≤ 0.0031308`, else
  /// `1.055 v^(1/2.4) − 0.055`, then `round(255 · v)`. NaN encodes as 0.
  /// So 0 → 0, 1 → 255 and 0.5 → 188 with the defaults.
  /// - Complexity: O(width·height).
  public func toSRGB8(exposure: Float = 1, toneMap: ToneMap = .clip) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: pixels.count)
    for i in 0..<pixels.count {
      var v = exposure * pixels[i]
      if case .reinhard(let white) = toneMap {
        let w2 = max(white * white, .leastNormalMagnitude)
        v = v > 0 ? v * (1 + v / w2) / (1 + v) : 0
      }
      // `!(v > 0)` also catches NaN.
      v = !(v > 0) ? 0 : min(v, 1)
      let e = v <= 0.003_130_8 ? 12.92 * v : 1.055 * powf(v, 1 / 2.4) - 0.055
      out[i] = UInt8(min(255, max(0, (255 * e).rounded())))
    }
    return out
  }
}
