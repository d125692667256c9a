import DioramaCore
import Foundation

/// A procedural solid texture: an albedo computed from the hit point in the object's local
/// frame (m), so it needs no texture coordinates and does not swim as the object moves.
///
/// - `.wood`: concentric growth rings about the local z axis. With ρ the distance from the
///   axis, perturbed by noise, the ring phase is `s = ρ/scale + 2·noise(p/scale · 0.3)`; the
///   albedo is `mix(albedo, secondAlbedo, w)` with `w = fract(s)^3` (a sharp late-wood band).
/// - `.noise`: fractal value noise (4 octaves, each half the amplitude of the last, gain 0.5,
///   lacunarity 2; Perlin 1985's fBm with value rather than gradient lattice noise) at
///   `p/scale`, mixing the two albedos by its value in [0, 1].
///
/// The lattice values come from a 64-bit integer hash of the cell coordinates (SplitMix64's
/// finaliser), so the pattern is the same on every run and platform.
///
/// ```swift
/// let oak = Pattern(kind: .wood, scale: 0.01, secondAlbedo: Vec3(0.35, 0.2, 0.1))
/// let m = RenderMaterial(albedo: Vec3(0.65, 0.45, 0.25), pattern: oak)
/// ```
public struct Pattern: Sendable, Hashable {
  /// Which pattern.
  public enum Kind: UInt8, Sendable, Hashable {
    case wood
    case noise
  }

  public var kind: Kind
  /// Feature size (m): ring spacing for wood, base cell size for noise. > 0.
  public var scale: Double
  /// The second colour mixed in (linear RGB).
  public var secondAlbedo: Vec3

  public init(kind: Kind, scale: Double, secondAlbedo: Vec3) {
    self.kind = kind
    self.scale = scale
    self.secondAlbedo = secondAlbedo
  }

  /// Albedo at local point `p` (m) given the material's base `albedo`.
  public func albedo(at p: Vec3, base albedo: Vec3) -> Vec3 {
    let s = scale > 0 ? scale : 1
    let q = p / s
    switch kind {
    case .wood:
      let rho = (q.x * q.x + q.y * q.y).squareRoot()
      let phase = rho + 2 * valueNoise(q * 0.3 + Vec3(0, 0, 0.1 * q.z))
      let f = phase - phase.rounded(.down)
      let w = f * f * f
      return albedo + (secondAlbedo - albedo) * w
    case .noise:
      let w = fractalNoise(q, octaves: 4)
      return albedo + (secondAlbedo - albedo) * w
    }
  }
}

/// Hash of an integer lattice point to [0, 1).
@inline(__always)
func latticeValue(_ i: Int64, _ j: Int64, _ k: Int64) -> Double {
  var z = UInt64(bitPattern: i &* 0x9E37_79B9) ^ UInt64(bitPattern: j &* 0x85EB_CA6B) &* 31
  z ^= UInt64(bitPattern: k &* 0xC2B2_AE35) &* 1_000_003
  z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
  z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
  z ^= z >> 31
  return Double(z >> 11) * 0x1p-53
}

/// Trilinear value noise in [0, 1] with the quintic fade `6t⁵ − 15t⁴ + 10t³` (Perlin 2002),
/// so the field is C² across cell faces.
func valueNoise(_ p: Vec3) -> Double {
  let f = Vec3(p.x.rounded(.down), p.y.rounded(.down), p.z.rounded(.down))
  guard f.isFinite, abs(f.x) < 1e15, abs(f.y) < 1e15, abs(f.z) < 1e15 else { return 0.5 }
  let t = p - f
  let u = t * t * t * (t * (t * 6 - 15) + 10)
  let i = Int64(f.x)
  let j = Int64(f.y)
  let k = Int64(f.z)
  func lerp(_ a: Double, _ b: Double, _ w: Double) -> Double { a + (b - a) * w }
  let x00 = lerp(latticeValue(i, j, k), latticeValue(i + 1, j, k), u.x)
  let x10 = lerp(latticeValue(i, j + 1, k), latticeValue(i + 1, j + 1, k), u.x)
  let x01 = lerp(latticeValue(i, j, k + 1), latticeValue(i + 1, j, k + 1), u.x)
  let x11 = lerp(latticeValue(i, j + 1, k + 1), latticeValue(i + 1, j + 1, k + 1), u.x)
  return lerp(lerp(x00, x10, u.y), lerp(x01, x11, u.y), u.z)
}

/// Fractal sum of `octaves` value-noise octaves, normalised back to [0, 1].
func fractalNoise(_ p: Vec3, octaves: Int) -> Double {
  var sum = 0.0
  var amplitude = 0.5
  var total = 0.0
  var q = p
  for _ in 0..<max(1, octaves) {
    sum += amplitude * valueNoise(q)
    total += amplitude
    amplitude *= 0.5
    q = q * 2 + Vec3(17.1, 31.7, 5.3)
  }
  return sum / total
}
