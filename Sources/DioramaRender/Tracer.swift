import DioramaCore
import Foundation

/// The ray-tracing kernels over a `PreparedScene`'s buffers: closest hit, any hit, shading.
/// `@unchecked Sendable`: it only reads the buffers, which outlive every worker
/// (`PreparedScene.withTracer`).
struct Tracer: @unchecked Sendable {
  let prims: UnsafeBufferPointer<Primitive>
  let planes: UnsafeBufferPointer<Int32>
  let nodes: UnsafeBufferPointer<BVH.Node>
  let order: UnsafeBufferPointer<Int32>
  let scene: PreparedScene

  /// Traversal stack capacity; BVH depth is about log2(n) so 64 covers any scene that fits.
  static let stackSize = 64

  /// Closest hit along unit direction `d` in (0, tMax): distance and primitive index, or
  /// index −1 when nothing is hit.
  @inline(__always)
  func closestHit(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> (t: Double, prim: Int) {
    var best = tMax
    var bestPrim = -1
    for p in planes {
      let t = prims[Int(p)].intersect(o, d, best)
      if t < best {
        best = t
        bestPrim = Int(p)
      }
    }
    if nodes.isEmpty { return (best, bestPrim) }
    let inv = 1 / d
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: Tracer.stackSize) { stack in
      var sp = 1
      stack[0] = 0
      while sp > 0 {
        sp -= 1
        let node = nodes[Int(stack[sp])]
        if !hitsBox(node.lo, node.hi, o, inv, best) { continue }
        if node.count > 0 {
          let start = Int(node.start)
          for k in start..<(start + Int(node.count)) {
            let p = Int(order[k])
            let t = prims[p].intersect(o, d, best)
            if t < best {
              best = t
              bestPrim = p
            }
          }
        } else {
          // Push the far child first so the near one is visited first.
          let left = node.start
          let nearFirst = d[Int(node.axis)] >= 0
          stack[sp] = nearFirst ? left + 1 : left
          stack[sp + 1] = nearFirst ? left : left + 1
          sp += 2
        }
      }
      return (best, bestPrim)
    }
  }

  /// True when something blocks the segment from `o` along unit `d` in (0, tMax).
  @inline(__always)
  func occluded(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Bool {
    for p in planes where prims[Int(p)].intersect(o, d, tMax) < tMax { return true }
    if nodes.isEmpty { return false }
    let inv = 1 / d
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: Tracer.stackSize) { stack in
      var sp = 1
      stack[0] = 0
      while sp > 0 {
        sp -= 1
        let node = nodes[Int(stack[sp])]
        if !hitsBox(node.lo, node.hi, o, inv, tMax) { continue }
        if node.count > 0 {
          let start = Int(node.start)
          for k in start..<(start + Int(node.count))
          where prims[Int(order[k])].intersect(o, d, tMax) < tMax {
            return true
          }
        } else {
          stack[sp] = node.start
          stack[sp + 1] = node.start + 1
          sp += 2
        }
      }
      return false
    }
  }

  /// Radiance arriving at the camera along the ray (linear RGB, display-relative).
  func radiance(_ o: Vec3, _ d: Vec3) -> Vec3 {
    let (t, hit) = closestHit(o, d, .infinity)
    guard hit >= 0 else { return scene.sky.radiance(d) }
    let prim = prims[hit]
    let p = o + t * d
    var n = prim.normal(at: p)
    // Planes are two-sided: shade the side the ray came from.
    if prim.kind == .plane && n.dot(d) > 0 { n = -n }
    let m = scene.materials[Int(prim.object)]
    let a = albedo(m, prim, p)
    var lo = scene.ambient * a
    if scene.lights.isEmpty { return lo }
    let v = -d
    let metallic = min(1, max(0, m.metallic))
    let kd = (1 - metallic) * a / Double.pi
    let f0 = Vec3(repeating: 0.04) * (1 - metallic) + a * metallic
    // Normalised Blinn-Phong: s = 2/α² − 2, α = roughness², lobe F0 (s+2)/(8π) (n·h)^s.
    let alpha = max(0.02, min(1, max(0, m.roughness)) * min(1, max(0, m.roughness)))
    let s = 2 / (alpha * alpha) - 2
    let specNorm = (s + 2) / (8 * Double.pi)
    // Shadow rays start a little off the surface so they do not re-hit it.
    let eps = 1e-6 * (1 + max(abs(p.x), abs(p.y), abs(p.z))) + 1e-6 * t
    let po = p + eps * n
    for light in scene.lights {
      var l: Vec3
      var e: Vec3
      var dist: Double
      if light.isPoint {
        let dl = light.vector - p
        let r2 = dl.dot(dl)
        dist = r2.squareRoot()
        guard dist > 0 else { continue }
        l = dl / dist
        e = light.power / r2
      } else {
        l = light.vector
        e = light.power
        dist = .infinity
      }
      let cosI = n.dot(l)
      if cosI <= 0 { continue }
      if scene.shadows && occluded(po, l, dist - eps) { continue }
      var f = kd
      if s > 0 {
        let h = (l + v).normalized
        f += f0 * (specNorm * Foundation.pow(max(0, n.dot(h)), s))
      } else {
        f += f0 * specNorm
      }
      lo += f * e * cosI
    }
    return lo
  }

  /// Albedo at world point `p` on `prim`: texture, else checker, else the flat albedo.
  @inline(__always)
  func albedo(_ m: RenderMaterial, _ prim: Primitive, _ p: Vec3) -> Vec3 {
    if m.texture == nil && m.checker == nil { return m.albedo }
    let c = prim.surfaceCoordinates(at: p)
    if let tex = m.texture { return tex.sample(u: c.uv.x, v: c.uv.y) }
    if let ch = m.checker, ch.size > 0 {
      let i = parity(c.metric.x / ch.size) &+ parity(c.metric.y / ch.size)
      return i & 1 == 0 ? m.albedo : ch.secondAlbedo
    }
    return m.albedo
  }
}

/// floor(x) mod 2 as 0 or 1, without overflow for huge or non-finite x (those give 0).
@inline(__always)
func parity(_ x: Double) -> Int {
  let f = x.rounded(.down)
  guard f.isFinite, abs(f) < 0x1p52 else { return 0 }
  return Int(f) & 1
}
