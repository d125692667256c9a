import DioramaCore
import Foundation

/// Shading over a `PreparedScene` (the integrators are in `Integrator.swift`); ray queries go
/// to its `SceneGeometry`. `@unchecked Sendable`: it only reads the buffers, which
/// outlive every worker (`PreparedScene.withTracer`).
struct Tracer: @unchecked Sendable {
  let geometry: SceneGeometry
  let scene: PreparedScene
  /// `scene.shade` and `scene.lights` as buffers, for the shading loop (empty when built
  /// without them).
  var shade = UnsafeBufferPointer<ShadeMaterial>(start: nil, count: 0)
  var lightList = UnsafeBufferPointer<PreparedLight>(start: nil, count: 0)

  typealias Hit = SceneGeometry.Hit

  var prims: UnsafeBufferPointer<Primitive> { geometry.prims }

  /// Closest hit along unit direction `d` in (0, tMax) (see `SceneGeometry.closestHit`).
  @inline(__always)
  func closestHit(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Hit {
    geometry.closestHit(o, d, tMax)
  }

  /// True when something blocks the segment from `o` along unit `d` in (0, tMax).
  @inline(__always)
  func occluded(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Bool {
    geometry.occluded(o, d, tMax)
  }

  /// The surface at `hit` (see `SceneGeometry.surface`).
  @inline(__always)
  func surface(_ hit: Hit, _ o: Vec3, _ d: Vec3) -> SceneGeometry.Surface {
    geometry.surface(hit, o, d)
  }

  /// Albedo at world point `p` on `prim`: texture, else pattern, else checker, else the flat
  /// albedo.
  /// `meshNormal`: the hit triangle's local flat normal (meshes).
  @inline(__always)
  func albedo(_ m: RenderMaterial, _ prim: Primitive, _ p: Vec3, meshNormal: Vec3 = .zero)
    -> Vec3
  {
    if m.texture == nil && m.checker == nil && m.pattern == nil { return m.albedo }
    if m.texture == nil, let pattern = m.pattern {
      return pattern.albedo(at: prim.toLocal * (p - prim.position), base: m.albedo)
    }
    let c = prim.surfaceCoordinates(at: p, meshNormal: meshNormal)
    if let tex = m.texture { return tex.sample(u: c.uv.x, v: c.uv.y) }
    if let ch = m.checker, ch.size > 0 {
      let i = parity(c.metric.x / ch.size) &+ parity(c.metric.y / ch.size)
      return i & 1 == 0 ? m.albedo : ch.secondAlbedo
    }
    return m.albedo
  }

  /// `albedo` for a material without an image texture, from its flat form (no copy of the
  /// `RenderMaterial`, whose texture array would be retained and released per hit).
  @inline(__always)
  func albedo(_ m: ShadeMaterial, _ prim: Primitive, _ p: Vec3, meshNormal: Vec3) -> Vec3 {
    if let pattern = m.pattern {
      return pattern.albedo(at: prim.toLocal * (p - prim.position), base: m.albedo)
    }
    if let ch = m.checker, ch.size > 0 {
      let c = prim.surfaceCoordinates(at: p, meshNormal: meshNormal)
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

/// The ray queries over a `PreparedScene`'s buffers: closest hit, any hit, the surface at a
/// hit. A trivial struct of buffer pointers, so the traversal closures copy it without
/// reference counting; valid only inside `PreparedScene.withTracer`.
struct SceneGeometry: @unchecked Sendable {
  let prims: UnsafeBufferPointer<Primitive>
  let planes: UnsafeBufferPointer<Int32>
  let nodes: UnsafeBufferPointer<BVH.Node>
  let order: UnsafeBufferPointer<Int32>
  /// Tracing storage of each distinct mesh, indexed by `Primitive.mesh`.
  let meshes: UnsafeBufferPointer<MeshStorage>
  /// Depth of the scene BVH (bounds the traversal stack).
  let depth: Int

  /// The nearest surface along a ray: distance (m), primitive index (−1: nothing), and for a
  /// mesh the leaf-order triangle index (−1 otherwise) with the barycentric weights of its
  /// corners b and c.
  struct Hit {
    var t: Double
    var prim: Int
    var triangle: Int32 = -1
    var u: Double = 0
    var v: Double = 0
  }

  /// What shading needs at a hit: the point (m), the unit shading normal, and the unit
  /// geometric normal on the same side (for offsetting secondary rays). Planes and meshes are
  /// two-sided: both normals are turned toward the incoming ray.
  struct Surface {
    var point: Vec3
    var normal: Vec3
    var geometricNormal: Vec3
    /// Mesh: the hit triangle's flat normal in the local frame, unflipped (for the box
    /// mapping of textures); zero otherwise.
    var localFlatNormal: Vec3
    /// Whether the ray arrived from the outside of the surface (against its outward normal);
    /// false for a ray leaving a closed shape from inside, which refraction needs. Planes
    /// count as entered from either side.
    var entering = true
  }

  /// Distance to primitive `p` along unit `d` in (0, tMax), with the triangle and weights for
  /// a mesh (`.infinity` and −1 on a miss).
  @inline(__always)
  func intersect(_ p: Int, _ o: Vec3, _ d: Vec3, _ tMax: Double) -> Hit {
    let prim = prims[p]
    if prim.kind != .mesh { return Hit(t: prim.intersect(o, d, tMax), prim: p) }
    // Rotation keeps lengths, so the local ray's t is the world t.
    let h = meshes[Int(prim.mesh)].closestHit(
      prim.toLocal * (o - prim.position), prim.toLocal * d, tMax)
    return h.triangle >= 0
      ? Hit(t: h.t, prim: p, triangle: h.triangle, u: h.u, v: h.v) : Hit(t: .infinity, prim: p)
  }

  /// True when primitive `p` blocks the ray in (0, tMax).
  @inline(__always)
  func blocks(_ p: Int, _ o: Vec3, _ d: Vec3, _ tMax: Double) -> Bool {
    let prim = prims[p]
    if prim.kind != .mesh { return prim.intersect(o, d, tMax) < tMax }
    return meshes[Int(prim.mesh)].anyHit(
      prim.toLocal * (o - prim.position), prim.toLocal * d, tMax)
  }

  /// Closest hit along unit direction `d` in (0, tMax), or a hit with `prim` −1 and `t` =
  /// tMax when nothing is hit.
  @inline(__always)
  func closestHit(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Hit {
    var best = Hit(t: tMax, prim: -1)
    for p in planes {
      let t = prims[Int(p)].intersect(o, d, best.t)
      if t < best.t { best = Hit(t: t, prim: Int(p)) }
    }
    guard !nodes.isEmpty, let base = nodes.baseAddress else { return best }
    traverseBVH(base, depth: depth, o, safeInverse(d), best.t) { start, count, tMax in
      for k in start..<(start + count) {
        let h = intersect(Int(order[k]), o, d, tMax)
        if h.t < tMax {
          tMax = h.t
          best = h
        }
      }
      return false
    }
    return best
  }

  /// True when something blocks the segment from `o` along unit `d` in (0, tMax).
  @inline(__always)
  func occluded(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Bool {
    for p in planes where prims[Int(p)].intersect(o, d, tMax) < tMax { return true }
    guard !nodes.isEmpty, let base = nodes.baseAddress else { return false }
    var found = false
    traverseBVH(base, depth: depth, o, safeInverse(d), tMax) { start, count, tMax in
      for k in start..<(start + count) where blocks(Int(order[k]), o, d, tMax) {
        found = true
        return true
      }
      return false
    }
    return found
  }

  /// The surface at `hit` (which must have `prim` ≥ 0) of the ray o + t·d.
  @inline(__always)
  func surface(_ hit: Hit, _ o: Vec3, _ d: Vec3) -> Surface {
    let prim = prims[hit.prim]
    let p = o + hit.t * d
    switch prim.kind {
    case .mesh:
      let m = meshes[Int(prim.mesh)]
      let k = Int(hit.triangle)
      let flat = m.flatNormal(k)
      var ng = prim.toWorld * flat
      var n = prim.toWorld * m.shadingNormal(k, hit.u, hit.v, flat: flat)
      let entering = ng.dot(d) <= 0
      if !entering {
        ng = -ng
        n = -n
      }
      return Surface(
        point: p, normal: n, geometricNormal: ng, localFlatNormal: flat, entering: entering)
    case .plane:
      var n = prim.normal(at: p)
      if n.dot(d) > 0 { n = -n }
      return Surface(point: p, normal: n, geometricNormal: n, localFlatNormal: .zero)
    default:
      // Closed shapes: the outward normal, turned toward the ray when it leaves from inside.
      var n = prim.normal(at: p)
      let entering = n.dot(d) <= 0
      if !entering { n = -n }
      return Surface(
        point: p, normal: n, geometricNormal: n, localFlatNormal: .zero, entering: entering)
    }
  }
}
