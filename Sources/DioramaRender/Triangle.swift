import DioramaCore

// MARK: - Watertight ray–triangle test

/// A ray prepared for the watertight ray–triangle test of Woop, Benthin and Wald (2013),
/// "Watertight Ray/Triangle Intersection", JCGT 2(1).
///
/// The test moves the ray origin to 0 and shears space so the ray runs along +z through the
/// 2D origin: with `kz` the axis of largest |dᵢ| and (kx, ky) the other two (swapped when
/// d_kz < 0, keeping the winding), a point q maps to
/// `X = q_kx − (d_kx/d_kz) q_kz`, `Y = q_ky − (d_ky/d_kz) q_kz`, `Z = q_kz / d_kz`,
/// where `q = vertex − origin`. A shared vertex maps to the same bits in every triangle, so the
/// 2D edge functions of a shared edge are exact negatives of each other and no ray slips
/// between two triangles (no cracks) or counts both (with the tie rule of
/// `intersectTriangle`). Swift does not contract a·b − c·d into a fused multiply-add, which
/// would break that symmetry.
struct WatertightRay {
  var kx: Int
  var ky: Int
  var kz: Int
  /// d_kx/d_kz, d_ky/d_kz, 1/d_kz.
  var sx: Double
  var sy: Double
  var sz: Double
  /// Origin components on kx, ky, kz (m).
  var ox: Double
  var oy: Double
  var oz: Double

  /// - Parameters: o origin (m), d direction (need not be unit; t is in units of |d|).
  @inline(__always)
  init(_ o: Vec3, _ d: Vec3) {
    let ad = Vec3(abs(d.x), abs(d.y), abs(d.z))
    kz = ad.x >= ad.y && ad.x >= ad.z ? 0 : (ad.y >= ad.z ? 1 : 2)
    kx = kz == 2 ? 0 : kz + 1
    ky = kx == 2 ? 0 : kx + 1
    if d[kz] < 0 { swap(&kx, &ky) }
    sx = d[kx] / d[kz]
    sy = d[ky] / d[kz]
    sz = 1 / d[kz]
    ox = o[kx]
    oy = o[ky]
    oz = o[kz]
  }
}

/// Distance along the ray to the triangle whose 9 corner coordinates start at `v` (corner j
/// component i at `v[3j + i]`), in (0, tMax), with the barycentric weights `(u, v)` of corners
/// b and c (a's is 1 − u − v); `t = .infinity` on a miss. Two-sided.
///
/// With the sheared corners A, B, C (2D x, y), the edge functions are
/// `w_a = B × C`, `w_b = C × A`, `w_c = A × B` (2D cross products, each twice the signed area
/// of the sub-triangle opposite that corner seen from the ray's 2D origin) and
/// `det = w_a + w_b + w_c`. The ray hits when all three share det's sign; then
/// `t = (w_a A_z + w_b B_z + w_c C_z)/det` and the weights are `w/det`. `det = 0` (a ray
/// parallel to the triangle's plane, or a degenerate triangle) is a miss.
///
/// Tie rule (the paper falls back to higher precision when an edge function is exactly 0; we
/// are already in double, so instead): an edge with w = 0 belongs to the triangle only when,
/// oriented with the triangle on its left (reversed when det < 0), its 2D direction (ex, ey)
/// is "top-left": `ey > 0 || (ey == 0 && ex < 0)`. That is the rasteriser's top-left fill
/// rule; it equals moving the 2D origin by an infinitesimal (−δ, −δ²), so among triangles
/// that tile a neighbourhood of the point exactly one owns an edge or vertex point.
@inline(__always)
func intersectTriangle(_ v: UnsafePointer<Double>, _ r: WatertightRay, _ tMax: Double)
  -> (t: Double, u: Double, v: Double)
{
  let miss = (t: Double.infinity, u: 0.0, v: 0.0)
  let az = v[r.kz] - r.oz
  let bz = v[3 + r.kz] - r.oz
  let cz = v[6 + r.kz] - r.oz
  let ax = (v[r.kx] - r.ox) - r.sx * az
  let ay = (v[r.ky] - r.oy) - r.sy * az
  let bx = (v[3 + r.kx] - r.ox) - r.sx * bz
  let by = (v[3 + r.ky] - r.oy) - r.sy * bz
  let cx = (v[6 + r.kx] - r.ox) - r.sx * cz
  let cy = (v[6 + r.ky] - r.oy) - r.sy * cz
  let wa = bx * cy - by * cx
  let wb = cx * ay - cy * ax
  let wc = ax * by - ay * bx
  let front = wa >= 0 && wb >= 0 && wc >= 0
  if !front && !(wa <= 0 && wb <= 0 && wc <= 0) { return miss }
  let det = wa + wb + wc
  if det == 0 { return miss }
  if wa == 0 || wb == 0 || wc == 0 {
    let s: Double = det > 0 ? 1 : -1
    if wa == 0 && !ownsEdge(s * (cx - bx), s * (cy - by)) { return miss }
    if wb == 0 && !ownsEdge(s * (ax - cx), s * (ay - cy)) { return miss }
    if wc == 0 && !ownsEdge(s * (bx - ax), s * (by - ay)) { return miss }
  }
  let t = r.sz * (wa * az + wb * bz + wc * cz) / det
  guard t > 0 && t < tMax else { return miss }
  return (t, wb / det, wc / det)
}

/// Top-left rule for an edge through the 2D origin, direction (ex, ey) with the triangle on its
/// left.
@inline(__always)
func ownsEdge(_ ex: Double, _ ey: Double) -> Bool {
  ey > 0 || (ey == 0 && ex < 0)
}

// MARK: - Mesh traversal

/// A ray's nearest triangle in a mesh: distance (units of |d|), leaf-order triangle index
/// (−1: none) and the barycentric weights of its corners b and c.
struct MeshHit {
  var t: Double
  var triangle: Int32
  var u: Double
  var v: Double
}

extension MeshStorage {
  /// Nearest triangle hit by the ray o + t·d (mesh frame) with t in (0, tMax).
  /// - Complexity: O(log n) expected for n triangles.
  @inline(__always)
  func closestHit(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> MeshHit {
    var hit = MeshHit(t: tMax, triangle: -1, u: 0, v: 0)
    guard !nodes.isEmpty, let base = nodes.baseAddress, let tri = corners.baseAddress else {
      return hit
    }
    let ray = WatertightRay(o, d)
    traverseBVH(base, depth: depth, o, safeInverse(d), tMax) { start, count, tMax in
      for k in start..<(start + count) {
        let h = intersectTriangle(tri + 9 * k, ray, tMax)
        if h.t < tMax {
          tMax = h.t
          hit = MeshHit(t: h.t, triangle: Int32(k), u: h.u, v: h.v)
        }
      }
      return false
    }
    return hit
  }

  /// True when some triangle is hit with t in (0, tMax).
  @inline(__always)
  func anyHit(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Bool {
    guard !nodes.isEmpty, let base = nodes.baseAddress, let tri = corners.baseAddress else {
      return false
    }
    let ray = WatertightRay(o, d)
    var found = false
    traverseBVH(base, depth: depth, o, safeInverse(d), tMax) { start, count, tMax in
      for k in start..<(start + count) where intersectTriangle(tri + 9 * k, ray, tMax).t < tMax {
        found = true
        return true
      }
      return false
    }
    return found
  }

  /// Flat (geometric) unit normal of leaf-order triangle `k` in the mesh frame, from its
  /// winding: (b − a) × (c − a) normalised; zero for a degenerate triangle.
  @inline(__always)
  func flatNormal(_ k: Int) -> Vec3 {
    let a = Vec3(corners[9 * k], corners[9 * k + 1], corners[9 * k + 2])
    let b = Vec3(corners[9 * k + 3], corners[9 * k + 4], corners[9 * k + 5])
    let c = Vec3(corners[9 * k + 6], corners[9 * k + 7], corners[9 * k + 8])
    return (b - a).cross(c - a).normalized
  }

  /// Shading normal (mesh frame) of leaf-order triangle `k` at barycentric weights (u, v) of
  /// corners b and c: the renormalised blend of the vertex normals, or the flat normal when
  /// the mesh has none or the blend vanishes.
  @inline(__always)
  func shadingNormal(_ k: Int, _ u: Double, _ v: Double, flat: Vec3) -> Vec3 {
    if normals.isEmpty { return flat }
    let i = indices[k]
    let n =
      (1 - u - v) * normals[Int(i.x)] + u * normals[Int(i.y)] + v * normals[Int(i.z)]
    let l = n.length
    return l > 1e-12 ? n / l : flat
  }
}
