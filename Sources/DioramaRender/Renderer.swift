import DioramaCore
import Dispatch
import Foundation

/// A CPU ray tracer: direct lighting or path-traced global illumination over spheres, boxes,
/// capsules, cylinders, planes and instanced triangle meshes, with GGX, Lambert and
/// dielectric materials (`RenderMaterial`), sun, point, spot, area and sky light, a thin-lens
/// camera, motion blur, an optional denoiser and the styles of `RenderStyle`.
///
/// Pixel radiance is the mean over `samplesPerPixel` stratified camera samples of the path
/// estimate of `Tracer.trace` (with `integrator = .direct`, paths stop after the first
/// bounce), times `RenderOptions.exposure`; then, when asked, the denoiser and the style's
/// post pass.
///
/// Sampling is deterministic per seed: each pixel draws from its own stream
/// `SeededGenerator(seed:).split(key: pixel index)`, in the same order whatever the thread
/// count, so the image is bit-identical for any `threads` and tile size.
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
  /// - Complexity: O(pixels · spp · bounces · (log n + planes) · (1 + lights)) for n finite
  ///   objects (times log m inside a mesh of m triangles), after an O(n log n) BVH build per
  ///   motion-blur time slice; meshes keep the BVH built in `RenderMesh`.
  public func render(_ scene: RenderScene) -> Image {
    let width = max(0, scene.camera.width)
    let height = max(0, scene.camera.height)
    var image = Image(width: width, height: height)
    guard width > 0, height > 0 else { return image }
    let style = options.style
    var camera = scene.camera
    if let f = style?.fNumber, camera.apertureRadius <= 0 {
      camera.apertureRadius = camera.apertureRadius(fNumber: f)
    }
    let spp = max(1, options.samplesPerPixel)
    let sppRoot = Int(Double(spp).squareRoot())
    // Motion blur: the shutter interval is cut into up to 8 time slices, each a scene of its
    // own; sample s of every pixel sees slice s mod K (stratified in time).
    let shutter = min(1, max(0, options.shutter > 0 ? options.shutter : (style?.shutter ?? 0)))
    let moving = shutter > 0 && scene.objects.contains { $0.previousTransform != nil }
    let slices = moving ? min(spp, 8) : 1
    var prepared: [PreparedScene] = []
    for k in 0..<slices {
      if slices == 1 {
        prepared.append(PreparedScene(scene, shadows: options.shadows))
      } else {
        let tau = 1 - shutter * (Double(k) + 0.5) / Double(slices)
        var sk = scene
        sk.objects = scene.objects.map { o in
          var c = o
          c.transform = o.transform(at: tau)
          return c
        }
        prepared.append(PreparedScene(sk, shadows: options.shadows))
      }
    }
    let cfg = IntegratorSettings(
      maxBounces: options.integrator == .direct ? 1 : max(1, options.maxBounces),
      celBands: style?.celBands ?? 0,
      paletteSaturation: style?.paletteSaturation ?? 1, style: style)
    let needG = options.denoise || (style?.needsGBuffer ?? false)
    var gbuffer = needG ? GBuffer(width: width, height: height) : nil
    let threads = max(1, options.threads)
    let exposure = options.exposure
    let base = SeededGenerator(seed: options.seed)
    let frame = camera.frame
    let origin = camera.position
    let aperture = camera.apertureRadius
    let focus = camera.resolvedFocusDistance
    let tile = max(1, options.tileSize)
    let tilesX = (width + tile - 1) / tile
    let tilesY = (height + tile - 1) / tile
    let tileCount = tilesX * tilesY
    var depth = gbuffer?.depth ?? []
    var normal = gbuffer?.normal ?? []
    var albedoG = gbuffer?.albedo ?? []
    var ids = gbuffer?.id ?? []
    // Worker w renders tiles w, w + threads, ...: disjoint writes, and every pixel depends
    // only on its own index, so the bytes do not depend on the thread count.
    image.pixels.withUnsafeMutableBufferPointer { out in
      depth.withUnsafeMutableBufferPointer { gDepth in
        normal.withUnsafeMutableBufferPointer { gNormal in
          albedoG.withUnsafeMutableBufferPointer { gAlbedo in
            ids.withUnsafeMutableBufferPointer { gId in
              let out = out
              let (gDepth, gNormal, gAlbedo, gId) = (gDepth, gNormal, gAlbedo, gId)
              withTracers(prepared[...], []) { tracers in
                DispatchQueue.concurrentPerform(iterations: min(threads, tileCount)) { worker in
                  // One tracer bound outside the loops: copying it retains its arrays.
                  let tracer0 = tracers[0]
                  var scratch = [Int](repeating: 0, count: spp)
                  var t = worker
                  while t < tileCount {
                    let (ty, tx) = t.quotientAndRemainder(dividingBy: tilesX)
                    for y in (ty * tile)..<min(height, ty * tile + tile) {
                      for x in (tx * tile)..<min(width, tx * tile + tile) {
                        let index = y * width + x
                        var rng = base.split(key: UInt64(index))
                        var sum = Vec3.zero
                        for s in 0..<spp {
                          let j = pixelOffset(
                            sample: s, count: spp, rng: &rng, scratch: &scratch, root: sppRoot)
                          let lens =
                            aperture > 0
                            ? concentricDisk(rng.nextUnit(), rng.nextUnit()) : SIMD2<Double>.zero
                          let ray = frame.lensRay(
                            x: Double(x) + j.x, y: Double(y) + j.y, width: width, height: height,
                            origin: origin, aperture: aperture, focus: focus, lens: lens)
                          let c =
                            slices == 1
                            ? tracer0.trace(ray.origin, ray.direction, &rng, cfg)
                            : tracers[s % slices].trace(ray.origin, ray.direction, &rng, cfg)
                          // A NaN or infinite sample (a degenerate hit) is dropped, not spread.
                          if c.isFinite { sum += c }
                        }
                        let c = sum * (exposure / Double(spp))
                        out[3 * index] = Float(c.x)
                        out[3 * index + 1] = Float(c.y)
                        out[3 * index + 2] = Float(c.z)
                        if needG {
                          tracer0.firstHit(
                            frame: frame, x: Double(x) + 0.5, y: Double(y) + 0.5, width: width,
                            height: height, origin: origin, index: index, depth: gDepth,
                            normal: gNormal, albedo: gAlbedo, id: gId,
                            paletteSaturation: cfg.paletteSaturation)
                        }
                      }
                    }
                    t += threads
                  }
                }
              }
            }
          }
        }
      }
    }
    if needG {
      gbuffer?.depth = depth
      gbuffer?.normal = normal
      gbuffer?.albedo = albedoG
      gbuffer?.id = ids
    }
    if options.denoise, let g = gbuffer { Denoiser().apply(to: &image, gbuffer: g) }
    if let style { style.apply(to: &image, gbuffer: gbuffer, seed: options.seed) }
    return image
  }
}

/// Runs `body` with one tracer per prepared scene (nested `withTracer` scopes).
func withTracers<R>(
  _ scenes: ArraySlice<PreparedScene>, _ acc: [Tracer], _ body: ([Tracer]) -> R
) -> R {
  guard let first = scenes.first else { return body(acc) }
  return first.withTracer { t in withTracers(scenes.dropFirst(), acc + [t], body) }
}

extension Tracer {
  /// Writes the G-buffer entry of pixel `index` from the pinhole ray through (x, y): depth,
  /// shading normal, albedo and object index of the first hit.
  @inline(__always)
  func firstHit(
    frame: Camera.Frame, x: Double, y: Double, width: Int, height: Int, origin: Vec3,
    index: Int, depth: UnsafeMutableBufferPointer<Float>,
    normal: UnsafeMutableBufferPointer<Float>, albedo: UnsafeMutableBufferPointer<Float>,
    id: UnsafeMutableBufferPointer<Int32>, paletteSaturation: Double
  ) {
    let r = frame.ray(x: x, y: y, width: width, height: height, origin: origin)
    let hit = closestHit(r.origin, r.direction, .infinity)
    guard hit.prim >= 0 else { return }
    let prim = prims[hit.prim]
    let sf = surface(hit, r.origin, r.direction)
    let m = scene.materials[Int(prim.object)]
    var a =
      m.kind == .dielectric
      ? Vec3(1, 1, 1) : self.albedo(m, prim, sf.point, meshNormal: sf.localFlatNormal)
    if paletteSaturation != 1 { a = saturate(a, paletteSaturation) }
    depth[index] = Float(hit.t)
    normal[3 * index] = Float(sf.normal.x)
    normal[3 * index + 1] = Float(sf.normal.y)
    normal[3 * index + 2] = Float(sf.normal.z)
    albedo[3 * index] = Float(a.x)
    albedo[3 * index + 1] = Float(a.y)
    albedo[3 * index + 2] = Float(a.z)
    id[index] = prim.object
  }
}

/// Offset in [0, 1)² of sample `s` of `count` within its pixel. A jittered k×k grid when
/// `count` = k²; otherwise n-rooks: x stratum s, y stratum π(s) for a random permutation π drawn
/// (into `scratch`) at s = 0. Uses the same draws in the same order for every pixel.
@inline(__always)
func pixelOffset(
  sample s: Int, count n: Int, rng: inout SeededGenerator, scratch: inout [Int],
  root: Int = -1
) -> SIMD2<Double> {
  let k = root >= 0 ? root : Int(Double(n).squareRoot())
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
