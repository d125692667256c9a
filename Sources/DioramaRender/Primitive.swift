import DioramaCore
import Foundation

/// A `RenderObject`'s geometry flattened for tracing: world placement as matrices, shape
/// parameters in one vector.
struct Primitive {
  enum Kind: UInt8 { case sphere, box, plane }

  var kind: Kind
  /// Local origin in the world (m).
  var position: Vec3
  /// World → local rotation (Rᵀ).
  var toLocal: Matrix3
  /// Local → world rotation (R).
  var toWorld: Matrix3
  /// Sphere: (r, r, r); box: half extents (m); plane: unused.
  var size: Vec3
  /// Index into `RenderScene.objects`.
  var object: Int32

  init(_ o: RenderObject, index: Int) {
    position = o.transform.position
    let r = o.transform.rotation.normalized.matrix
    toWorld = r
    toLocal = r.transposed
    object = Int32(index)
    switch o.shape {
    case .sphere(let radius):
      kind = .sphere
      size = Vec3(repeating: abs(radius))
    case .box(let h):
      kind = .box
      size = Vec3(abs(h.x), abs(h.y), abs(h.z))
    case .plane:
      kind = .plane
      size = .zero
    }
  }

  /// World-space bounds (m) of a finite primitive: the rotated box's extent is |R|·h.
  var bounds: (lo: Vec3, hi: Vec3) {
    if kind == .sphere { return (position - size, position + size) }
    let r = toWorld
    let e = Vec3(
      abs(r.r0.x) * size.x + abs(r.r0.y) * size.y + abs(r.r0.z) * size.z,
      abs(r.r1.x) * size.x + abs(r.r1.y) * size.y + abs(r.r1.z) * size.z,
      abs(r.r2.x) * size.x + abs(r.r2.y) * size.y + abs(r.r2.z) * size.z)
    return (position - e, position + e)
  }

  /// Distance along the ray (unit `d`) to the first surface crossing in (0, tMax), or
  /// `.infinity`. From inside a closed shape it finds the exit.
  @inline(__always)
  func intersect(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Double {
    switch kind {
    case .sphere:
      return intersectSphere(o - position, d, size.x, tMax)
    case .box:
      let lo = toLocal * (o - position)
      let ld = toLocal * d
      return intersectBox(lo, ld, size, tMax)
    case .plane:
      // n = R·ez is the third column of R, the third row of Rᵀ.
      let n = toLocal.r2
      let dz = n.dot(d)
      let t = -n.dot(o - position) / dz
      return t > 0 && t < tMax ? t : .infinity
    }
  }

  /// World outward normal at world point `p` on the surface (plane: +z of the plane).
  func normal(at p: Vec3) -> Vec3 {
    switch kind {
    case .sphere:
      return (p - position).normalized
    case .box:
      let (axis, sign) = boxFace(toLocal * (p - position))
      var nl = Vec3.zero
      nl[axis] = sign
      return toWorld * nl
    case .plane:
      return toLocal.r2
    }
  }

  /// Face of the box containing local point `lp`: the axis maximising |lp_i|/h_i, and its side.
  func boxFace(_ lp: Vec3) -> (axis: Int, sign: Double) {
    let q =
      Vec3(abs(lp.x), abs(lp.y), abs(lp.z))
      / Vec3(max(size.x, 1e-300), max(size.y, 1e-300), max(size.z, 1e-300))
    let axis = q.x >= q.y && q.x >= q.z ? 0 : (q.y >= q.z ? 1 : 2)
    return (axis, lp[axis] >= 0 ? 1 : -1)
  }

  /// Surface coordinates at world point `p`: texture (u, v) and metric checker coordinates
  /// (m), as documented on `RenderMaterial`.
  func surfaceCoordinates(at p: Vec3) -> (uv: SIMD2<Double>, metric: SIMD2<Double>) {
    let lp = toLocal * (p - position)
    switch kind {
    case .sphere:
      let r = max(size.x, 1e-300)
      let u = 0.5 + atan2(lp.y, lp.x) / (2 * Double.pi)
      let v = 0.5 + asin(min(1, max(-1, lp.z / r))) / Double.pi
      return (SIMD2(u, v), SIMD2(u * 2 * Double.pi * r, v * Double.pi * r))
    case .box:
      let (axis, sign) = boxFace(lp)
      // Right and up directions of the face seen from outside: right × up = outward normal;
      // z is up on the four side faces, +y is up on the top and bottom.
      let (ra, rs, ua): (Int, Double, Int)
      switch axis {
      case 0: (ra, rs, ua) = (1, sign, 2)
      case 1: (ra, rs, ua) = (0, -sign, 2)
      default: (ra, rs, ua) = (0, sign, 1)
      }
      let mu = rs * lp[ra] + size[ra]
      let mv = lp[ua] + size[ua]
      let u = size[ra] > 0 ? mu / (2 * size[ra]) : 0
      let v = size[ua] > 0 ? mv / (2 * size[ua]) : 0
      return (SIMD2(u, v), SIMD2(mu, mv))
    case .plane:
      return (SIMD2(lp.x, lp.y), SIMD2(lp.x, lp.y))
    }
  }
}

/// Ray–sphere: |oc + t d|² = r² with unit d gives t = −b ± √(b² − c), b = oc·d,
/// c = |oc|² − r². The nearer root in (0, tMax), else the farther, else `.infinity`.
@inline(__always)
func intersectSphere(_ oc: Vec3, _ d: Vec3, _ r: Double, _ tMax: Double) -> Double {
  let b = oc.dot(d)
  let c = oc.dot(oc) - r * r
  let disc = b * b - c
  if disc < 0 { return .infinity }
  let s = disc.squareRoot()
  let t0 = -b - s
  if t0 > 0 && t0 < tMax { return t0 }
  let t1 = -b + s
  return t1 > 0 && t1 < tMax ? t1 : .infinity
}

/// Ray–box by slabs (Kay & Kajiya 1986) in the box's local frame: entry t, or the exit t when
/// the origin is inside; `.infinity` when missed or outside (0, tMax).
@inline(__always)
func intersectBox(_ o: Vec3, _ d: Vec3, _ h: Vec3, _ tMax: Double) -> Double {
  let inv = 1 / d
  let t1 = (-h - o) * inv
  let t2 = (h - o) * inv
  let tNear = pointwiseMin(t1, t2).max()
  let tFar = pointwiseMax(t1, t2).min()
  if !(tNear <= tFar) { return .infinity }
  if tNear > 0 && tNear < tMax { return tNear }
  return tFar > 0 && tFar < tMax && tNear <= 0 ? tFar : .infinity
}
