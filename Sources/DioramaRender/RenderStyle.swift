import DioramaCore
import Foundation

/// A look: one preset of the same renderer, acting in the shader (cel bands, palette), the
/// camera (depth of field, motion blur) and the final image (outlines, grade, tone curve,
/// vignette, grain, letterbox).
///
/// The presets:
/// - `realistic`: physically based shading, ACES filmic tone mapping (Hill's fit of the RRT +
///   sRGB ODT), nothing else.
/// - `cinematic`: a 2.39:1 letterbox, shallow depth of field (f/2 at the camera's lens,
///   focused on its target), a 180° shutter (motion blur over half the frame interval), a
///   teal-and-orange split-tone grade with extra contrast, a vignette and film grain, then
///   ACES.
/// - `anime`: cel shading with three tone bands computed in the shader from the direct light
///   (see `celBands`), a flat saturated palette, ink outlines where depth, normal or object id
///   jump between neighbouring pixels (from the first-hit G-buffer), and no filmic curve.
///
/// ```swift
/// let image = Renderer(options: RenderOptions(style: .anime)).render(scene)
/// let bytes = image.toSRGB8()  // display-referred already
/// ```
public struct RenderStyle: Sendable, Hashable {
  /// The curve from exposed scene radiance to display values in [0, 1].
  public enum ToneCurve: UInt8, Sendable, Hashable {
    /// Clip at 1.
    case clip
    /// ACES filmic (Hill's fitted RRT + ODT, sRGB primaries).
    case aces
  }

  public var toneCurve: ToneCurve
  /// Linear exposure scale before the curve.
  public var exposure: Double
  /// Image aspect (width / height) kept visible: rows above and below are black. nil: none.
  public var letterbox: Double?
  /// Lens f-number for depth of field when the camera has no aperture of its own (nil: pinhole).
  public var fNumber: Double?
  /// Shutter as a fraction of the frame interval (motion blur), used when the options ask for
  /// none.
  public var shutter: Double
  /// Saturation multiplier around the luminance of each pixel (1 = unchanged).
  public var saturation: Double
  /// Contrast about mid grey 0.18 in log2 space (1 = unchanged).
  public var contrast: Double
  /// Multipliers for the shadows and highlights (split toning), blended by luminance.
  public var shadowTint: Vec3
  public var highlightTint: Vec3
  /// Vignette strength: the image is scaled by `1 − vignette · r⁴`, r = 1 at the corners.
  public var vignette: Double
  /// Standard deviation of the additive film grain (display units), seeded per pixel.
  public var grain: Double
  /// Cel shading tone levels (0 = smooth shading; 2 or 3 bands). In the shader the direct
  /// light fraction k = Σ E·cos·V / Σ E is quantised: with 3 bands to 0.35 (k < 0.2),
  /// 0.7 (k < 0.6) or 1; with 2 bands to 0.45 or 1 (k < 0.35).
  public var celBands: Int
  /// Palette saturation boost applied to albedos in the shader (1 = unchanged).
  public var paletteSaturation: Double
  /// Ink outline: on when > 0; the depth jump (relative), normal change (1 − cos) and id
  /// change that mark an edge.
  public var outlines: Bool
  /// Outline colour (display linear).
  public var outlineColor: Vec3
  /// Relative depth jump between neighbours that marks an edge.
  public var outlineDepthThreshold: Double
  /// Normal change `1 − n₁·n₂` between neighbours that marks an edge.
  public var outlineNormalThreshold: Double

  public init(
    toneCurve: ToneCurve = .aces, exposure: Double = 1, letterbox: Double? = nil,
    fNumber: Double? = nil, shutter: Double = 0, saturation: Double = 1, contrast: Double = 1,
    shadowTint: Vec3 = Vec3(1, 1, 1), highlightTint: Vec3 = Vec3(1, 1, 1), vignette: Double = 0,
    grain: Double = 0, celBands: Int = 0, paletteSaturation: Double = 1, outlines: Bool = false,
    outlineColor: Vec3 = Vec3(0.02, 0.02, 0.03), outlineDepthThreshold: Double = 0.08,
    outlineNormalThreshold: Double = 0.35
  ) {
    self.toneCurve = toneCurve
    self.exposure = exposure
    self.letterbox = letterbox
    self.fNumber = fNumber
    self.shutter = shutter
    self.saturation = saturation
    self.contrast = contrast
    self.shadowTint = shadowTint
    self.highlightTint = highlightTint
    self.vignette = vignette
    self.grain = grain
    self.celBands = celBands
    self.paletteSaturation = paletteSaturation
    self.outlines = outlines
    self.outlineColor = outlineColor
    self.outlineDepthThreshold = outlineDepthThreshold
    self.outlineNormalThreshold = outlineNormalThreshold
  }

  public static let realistic = RenderStyle()

  public static let cinematic = RenderStyle(
    exposure: 1.1, letterbox: 2.39, fNumber: 2, shutter: 0.5, saturation: 0.9, contrast: 1.15,
    shadowTint: Vec3(0.88, 1.0, 1.08), highlightTint: Vec3(1.08, 1.0, 0.88), vignette: 0.35,
    grain: 0.012)

  public static let anime = RenderStyle(
    toneCurve: .clip, exposure: 1, celBands: 3, paletteSaturation: 1.35, outlines: true)

  /// True when the post pass needs the first-hit G-buffer.
  var needsGBuffer: Bool { outlines }

  /// Cel tone level for a direct-light fraction k ∈ [0, 1] (see `celBands`).
  @inline(__always)
  func celLevel(_ k: Double) -> Double {
    if celBands >= 3 { return k < 0.2 ? 0.35 : (k < 0.6 ? 0.7 : 1) }
    return k < 0.35 ? 0.45 : 1
  }
}

// MARK: - Tone curves

/// ACES filmic tone curve, Stephen Hill's fit (BakingLab, 2016): sRGB → ACEScg-like input
/// matrix, the rational fit `(v(v + 0.0245786) − 0.000090537) / (v(0.983729 v + 0.4329510) +
/// 0.238081)` of the RRT + ODT per channel, output matrix back to sRGB, clamped to [0, 1].
@inline(__always)
func acesFilmic(_ c: Vec3) -> Vec3 {
  let a = Vec3(
    0.59719 * c.x + 0.35458 * c.y + 0.04823 * c.z,
    0.07600 * c.x + 0.90834 * c.y + 0.01566 * c.z,
    0.02840 * c.x + 0.13383 * c.y + 0.83777 * c.z)
  func fit(_ v: Double) -> Double {
    (v * (v + 0.024_578_6) - 0.000_090_537) / (v * (0.983_729 * v + 0.432_951_0) + 0.238_081)
  }
  let b = Vec3(fit(a.x), fit(a.y), fit(a.z))
  let o = Vec3(
    1.60475 * b.x - 0.53108 * b.y - 0.07367 * b.z,
    -0.10208 * b.x + 1.10813 * b.y - 0.00605 * b.z,
    -0.00327 * b.x - 0.07276 * b.y + 1.07602 * b.z)
  return Vec3(min(1, max(0, o.x)), min(1, max(0, o.y)), min(1, max(0, o.z)))
}

/// Saturation change about the luminance.
@inline(__always)
func saturate(_ c: Vec3, _ s: Double) -> Vec3 {
  if s == 1 { return c }
  let l = luminance(c)
  return Vec3(repeating: l) + (c - Vec3(repeating: l)) * s
}

// MARK: - Post pass

extension RenderStyle {
  /// Applies outlines, grade, tone curve, vignette, grain and letterbox to `image` (linear
  /// scene radiance) in place, leaving display-referred linear values in [0, 1].
  /// - Complexity: O(width·height).
  func apply(to image: inout Image, gbuffer: GBuffer?, seed: UInt64) {
    let w = image.width
    let h = image.height
    guard w > 0, h > 0 else { return }
    // Letterbox rows: keep the centred band of height w / aspect.
    var top = 0
    var bottom = h
    if let aspect = letterbox, aspect > 0 {
      let visible = min(h, Int((Double(w) / aspect).rounded()))
      top = (h - visible) / 2
      bottom = top + visible
    }
    let edges = outlines ? gbuffer.map { outlineMask($0) } : nil
    let cx = 0.5 * Double(w)
    let cy = 0.5 * Double(h)
    let rNorm = 1 / (cx * cx + cy * cy)
    let base = SeededGenerator(seed: seed ^ 0x6772_6169_6E00)
    image.pixels.withUnsafeMutableBufferPointer { px in
      for y in 0..<h {
        for x in 0..<w {
          let i = y * w + x
          if y < top || y >= bottom {
            (px[3 * i], px[3 * i + 1], px[3 * i + 2]) = (0, 0, 0)
            continue
          }
          var c = Vec3(Double(px[3 * i]), Double(px[3 * i + 1]), Double(px[3 * i + 2]))
          c = Vec3(max(0, c.x), max(0, c.y), max(0, c.z)) * exposure
          if saturation != 1 { c = saturate(c, saturation) }
          if contrast != 1 {
            // Power about mid grey in log2 space: log2(c/0.18) scaled by `contrast`.
            let k = contrast
            c = Vec3(
              0.18 * Foundation.pow(max(c.x, 1e-9) / 0.18, k),
              0.18 * Foundation.pow(max(c.y, 1e-9) / 0.18, k),
              0.18 * Foundation.pow(max(c.z, 1e-9) / 0.18, k))
          }
          if shadowTint != Vec3(1, 1, 1) || highlightTint != Vec3(1, 1, 1) {
            let t = min(1, max(0, luminance(c) / 0.5))
            c = c * (shadowTint * (1 - t) + highlightTint * t)
          }
          switch toneCurve {
          case .aces: c = acesFilmic(c)
          case .clip: c = Vec3(min(1, c.x), min(1, c.y), min(1, c.z))
          }
          if vignette > 0 {
            let dx = Double(x) + 0.5 - cx
            let dy = Double(y) + 0.5 - cy
            let r2 = (dx * dx + dy * dy) * rNorm
            c = c * max(0, 1 - vignette * r2 * r2)
          }
          if grain > 0 {
            var rng = base.split(key: UInt64(i))
            // Sum of 4 uniforms: mean 2, variance 1/3 → unit variance after scaling.
            let g =
              (rng.nextUnit() + rng.nextUnit() + rng.nextUnit() + rng.nextUnit() - 2)
              * 3
              .squareRoot()
            c = c + Vec3(repeating: grain * g)
          }
          if let e = edges, e[i] { c = outlineColor }
          px[3 * i] = Float(min(1, max(0, c.x)))
          px[3 * i + 1] = Float(min(1, max(0, c.y)))
          px[3 * i + 2] = Float(min(1, max(0, c.z)))
        }
      }
    }
  }

  /// Pixels on an ink line: those whose right or lower neighbour differs in object id, or in
  /// depth by more than `outlineDepthThreshold` relative, or in normal by more than
  /// `outlineNormalThreshold` (1 − cos). The far side of a depth jump is not marked, so
  /// silhouettes get a one-pixel line on the nearer object (Saito & Takahashi 1990 style G-
  /// buffer edges).
  func outlineMask(_ g: GBuffer) -> [Bool] {
    let w = g.width
    let h = g.height
    var mask = [Bool](repeating: false, count: w * h)
    func edge(_ a: Int, _ b: Int) -> Bool {
      if g.id[a] != g.id[b] { return true }
      if g.id[a] == GBuffer.noHit { return false }
      let da = Double(g.depth[a])
      let db = Double(g.depth[b])
      if abs(da - db) > outlineDepthThreshold * min(da, db) { return true }
      let na = Vec3(
        Double(g.normal[3 * a]), Double(g.normal[3 * a + 1]), Double(g.normal[3 * a + 2]))
      let nb = Vec3(
        Double(g.normal[3 * b]), Double(g.normal[3 * b + 1]), Double(g.normal[3 * b + 2]))
      return 1 - na.dot(nb) > outlineNormalThreshold
    }
    // Mark the nearer of the two pixels (or both when the depths match), so the line sits on
    // the object in front.
    func mark(_ a: Int, _ b: Int) {
      guard edge(a, b) else { return }
      let da = g.id[a] == GBuffer.noHit ? Float.infinity : g.depth[a]
      let db = g.id[b] == GBuffer.noHit ? Float.infinity : g.depth[b]
      if da <= db { mask[a] = true }
      if db <= da { mask[b] = true }
    }
    for y in 0..<h {
      for x in 0..<w {
        let i = y * w + x
        if x + 1 < w { mark(i, i + 1) }
        if y + 1 < h { mark(i, i + w) }
      }
    }
    return mask
  }
}

/// What the first camera hit of each pixel's centre ray saw: the guide for outlines and
/// denoising. Flat arrays, row-major, top row first.
struct GBuffer {
  static let noHit: Int32 = Int32.min
  var width: Int
  var height: Int
  /// Distance along the ray to the hit (m); +∞ for none.
  var depth: [Float]
  /// Unit shading normal, 3 per pixel (zero for none).
  var normal: [Float]
  /// Albedo, 3 per pixel (the sky colour for none).
  var albedo: [Float]
  /// Object index (`noHit` for none).
  var id: [Int32]

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    depth = [Float](repeating: .infinity, count: width * height)
    normal = [Float](repeating: 0, count: 3 * width * height)
    albedo = [Float](repeating: 0, count: 3 * width * height)
    id = [Int32](repeating: GBuffer.noHit, count: width * height)
  }
}
