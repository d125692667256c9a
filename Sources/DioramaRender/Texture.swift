/// An image texture: linear-RGB texels sampled by (u, v) with bilinear filtering and repeat
/// wrapping.
///
/// Texture coordinates: `u` runs left → right and `v` bottom → top, one texture per unit in
/// each, repeating; texel `(i, j)` (column i, row j from the top) has its centre at
/// `u = (i + ½)/width`, `v = 1 − (j + ½)/height`. How each shape maps its surface to (u, v) is
/// described on `RenderMaterial`.
///
/// ```swift
/// let t = Texture(width: 2, height: 1, texels: [1, 0, 0,  0, 0, 1])  // red | blue
/// t.sample(u: 0.25, v: 0.5)  // (1, 0, 0)
/// ```
public struct Texture: Sendable, Hashable {
  /// Width (texels).
  public var width: Int
  /// Height (texels).
  public var height: Int
  /// Linear RGB, 3 floats per texel, row-major, top row first (count 3·width·height).
  public var texels: [Float]

  public init(width: Int, height: Int, texels: [Float]) {
    self.width = width
    self.height = height
    self.texels = texels
  }

  /// A texture from an image (same layout).
  public init(_ image: Image) {
    self.init(width: image.width, height: image.height, texels: image.pixels)
  }

  /// True when the sizes are positive and `texels` holds exactly 3·width·height values.
  public var isValid: Bool {
    width > 0 && height > 0 && texels.count == 3 * width * height
  }

  /// Colour shown for an invalid texture (mis-sized texel array): magenta, so it is seen.
  public static let invalidColor = SIMD3<Double>(1, 0, 1)

  /// Bilinearly filtered, repeat-wrapped linear RGB at (u, v); `invalidColor` for an invalid
  /// texture.
  public func sample(u: Double, v: Double) -> SIMD3<Double> {
    guard isValid, u.isFinite, v.isFinite else { return Texture.invalidColor }
    // Continuous texel coordinates with texel centres at integers.
    let fx = u * Double(width) - 0.5
    let fy = (1 - v) * Double(height) - 0.5
    let x0 = fx.rounded(.down)
    let y0 = fy.rounded(.down)
    let tx = fx - x0
    let ty = fy - y0
    let i0 = wrap(Int(x0), width)
    let i1 = wrap(Int(x0) + 1, width)
    let j0 = wrap(Int(y0), height)
    let j1 = wrap(Int(y0) + 1, height)
    let a = texel(i0, j0) * (1 - tx) + texel(i1, j0) * tx
    let b = texel(i0, j1) * (1 - tx) + texel(i1, j1) * tx
    return a * (1 - ty) + b * ty
  }

  @inline(__always) private func texel(_ i: Int, _ j: Int) -> SIMD3<Double> {
    let k = 3 * (j * width + i)
    return SIMD3(Double(texels[k]), Double(texels[k + 1]), Double(texels[k + 2]))
  }

  @inline(__always) private func wrap(_ i: Int, _ n: Int) -> Int {
    let r = i % n
    return r < 0 ? r + n : r
  }
}
