import DioramaCore
import Dispatch
import Foundation

/// A CPU ray tracer: primary rays, direct lighting from sun and point lights with hard shadows,
/// ambient light, a sky gradient behind everything. No indirect bounces.
///
/// Pixel radiance is the mean over `samplesPerPixel` stratified camera rays of
/// `Lₒ = Σ_lights f · E · max(0, n·l) · V + Σ_ambient a · L_amb` (BRDF `f` on
/// `RenderMaterial`, irradiance `E` and visibility `V` ∈ {0, 1} per `Light`), or the sky
/// radiance for rays that hit nothing, times `RenderOptions.exposure`.
///
/// ```swift
/// let image = Renderer(options: RenderOptions(samplesPerPixel: 4)).render(scene)
/// let rgb8 = image.toSRGB8()
/// ```
public struct Renderer: Sendable {
  public var options: RenderOptions

  public init(options: RenderOptions = RenderOptions()) {
    self.options = options
  }

  /// Renders one frame of `scene.camera.width` × `scene.camera.height` pixels. The result is
  /// bit-identical for any `options.threads`.
  /// - Complexity: O(pixels · spp · (log n + planes) · (1 + lights)) for n finite objects
  ///   (times log m inside a mesh of m triangles), after an O(n log n) BVH build; meshes
  ///   keep the BVH built in `RenderMesh`.
  public func render(_ scene: RenderScene) -> Image {
    let width = max(0, scene.camera.width)
    let height = max(0, scene.camera.height)
    var image = Image(width: width, height: height)
    guard width > 0, height > 0 else { return image }
    let prepared = PreparedScene(scene, shadows: options.shadows)
    let spp = max(1, options.samplesPerPixel)
    let threads = max(1, min(options.threads, height))
    let exposure = options.exposure
    let base = SeededGenerator(seed: options.seed)
    let frame = scene.camera.frame
    let origin = scene.camera.position
    // Worker w renders rows w, w + threads, ...: disjoint writes into `out`, and every pixel
    // depends only on its own index, so the bytes do not depend on the thread count.
    image.pixels.withUnsafeMutableBufferPointer { out in
      let out = out
      prepared.withTracer { tracer in
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
          var scratch = [Int](repeating: 0, count: spp)
          var y = worker
          while y < height {
            for x in 0..<width {
              let index = y * width + x
              var rng = base.split(key: UInt64(index))
              var sum = Vec3.zero
              for s in 0..<spp {
                let j = pixelOffset(sample: s, count: spp, rng: &rng, scratch: &scratch)
                let ray = frame.ray(
                  x: Double(x) + j.x, y: Double(y) + j.y, width: width, height: height,
                  origin: origin)
                sum += tracer.radiance(ray.origin, ray.direction)
              }
              let c = sum * (exposure / Double(spp))
              out[3 * index] = Float(c.x)
              out[3 * index + 1] = Float(c.y)
              out[3 * index + 2] = Float(c.z)
            }
            y += threads
          }
        }
      }
    }
    return image
  }
}

/// Offset in [0, 1)² of sample `s` of `count` within its pixel. A jittered k×k grid when
/// `count` = k²; otherwise n-rooks: x stratum s, y stratum π(s) for a random permutation π drawn
/// (into `scratch`) at s = 0. Uses the same draws in the same order for every pixel.
@inline(__always)
func pixelOffset(
  sample s: Int, count n: Int, rng: inout SeededGenerator, scratch: inout [Int]
) -> SIMD2<Double> {
  let k = Int(Double(n).squareRoot())
  if k * k == n {
    let (row, col) = s.quotientAndRemainder(dividingBy: k)
    return SIMD2(
      (Double(col) + rng.nextUnit()) / Double(k), (Double(row) + rng.nextUnit()) / Double(k))
  }
  if s == 0 {
    for i in 0..<n { scratch[i] = i }
    var i = n - 1
    while i > 0 {
      let j = Int(rng.next() % UInt64(i + 1))
      scratch.swapAt(i, j)
      i -= 1
    }
  }
  return SIMD2(
    (Double(s) + rng.nextUnit()) / Double(n), (Double(scratch[s]) + rng.nextUnit()) / Double(n))
}
