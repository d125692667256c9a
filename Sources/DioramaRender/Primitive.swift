import DioramaCore
import Foundation

/// A `RenderObject`'s geometry flattened for tracing: world placement as matrices, shape
/// parameters in one vector. A trivial struct (a mesh is referenced by index into
/// `PreparedScene.meshes`, not held), so the traversal loops copy it without reference counting.
struct Primitive {
  enum Kind: UInt8 { case sphere, box, plane, capsule, cylinder, mesh }

  var kind: Kind
  /// Local origin in the world (m).
  var position: Vec3
  /// World → local rotation (Rᵀ).
  var toLocal: Matrix3
  /// Local → world rotation (R).
  var toWorld: Matrix3
  /// Sphere: (r, r, r); box: half extents; capsule and cylinder: (r, r, half height); mesh:
  /// half extents of its local bounds (m); plane: unused.
  var size: Vec3
  /// Mesh: centre of its local bounds (m); zero otherwise.
  var center: Vec3
  /// Mesh: index into `PreparedScene.meshes`; −1 otherwise.
  var mesh: Int32
  /// Index into `RenderScene.objects`.
  var object: Int32

  /// - Parameter mesh: for a `.mesh` object, the index of its mesh in the prepared scene.
  init(_ o: RenderObject, index: Int, mesh: Int32 = -1) {
    position = o.transform.position
    let r = o.transform.rotation.normalized.matrix
    toWorld = r
    toLocal = r.transposed
    object = Int32(index)
    center = .zero
    self.mesh = -1
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
    case .capsule(let radius, let halfHeight):
      kind = .capsule
      size = Vec3(abs(radius), abs(radius), abs(halfHeight))
    case .cylinder(let radius, let halfHeight):
      kind = .cylinder
      size = Vec3(abs(radius), abs(radius), abs(halfHeight))
    case .mesh(let m):
      kind = .mesh
      size = 0.5 * (m.boundsMax - m.boundsMin)
      center = 0.5 * (m.boundsMax + m.boundsMin)
      self.mesh = mesh
    }
  }

  /// World-space bounds (m) of a finite primitive.
  ///
  /// A rotated box's extent is |R|·h. A capsule or cylinder of world axis a = R·ẑ (the third
  /// column of R) and half height h has half-extent |aᵢ|h + r (capsule) or
  /// |aᵢ|h + r√(1 − aᵢ²) (cylinder: the rims' extent). A mesh's is that of its rotated local
  /// bounds.
  var bounds: (lo: Vec3, hi: Vec3) {
    let r = toWorld
    switch kind {
    case .sphere:
      return (position - size, position + size)
    case .capsule, .cylinder:
      let a = Vec3(r.r0.z, r.r1.z, r.r2.z)
      let aa = Vec3(abs(a.x), abs(a.y), abs(a.z))
      let rim =
        kind == .capsule
        ? Vec3(repeating: 1)
        : Vec3(
          max(0, 1 - a.x * a.x).squareRoot(), max(0, 1 - a.y * a.y).squareRoot(),
          max(0, 1 - a.z * a.z).squareRoot())
      let e = aa * size.z + rim * size.x
      return (position - e, position + e)
    default:
      let c = position + r * center
      let e = Vec3(
        abs(r.r0.x) * size.x + abs(r.r0.y) * size.y + abs(r.r0.z) * size.z,
        abs(r.r1.x) * size.x + abs(r.r1.y) * size.y + abs(r.r1.z) * size.z,
        abs(r.r2.x) * size.x + abs(r.r2.y) * size.y + abs(r.r2.z) * size.z)
      return (c - e, c + e)
    }
  }

  /// Distance along the ray (unit `d`) to the first surface crossing in (0, tMax), or
  /// `.infinity`. From inside a closed shape it finds the exit. Meshes are traced by
  /// `Tracer.intersect` (they need the scene's mesh storage); here they give `.infinity`.
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
    case .capsule:
      return intersectCapsule(toLocal * (o - position), toLocal * d, size.x, size.z, tMax)
    case .cylinder:
      return intersectCylinder(toLocal * (o - position), toLocal * d, size.x, size.z, tMax)
    case .mesh:
      return .infinity
    }
  }

  /// World outward normal at world point `p` on the surface (plane: +z of the plane). Not
  /// for meshes (their normal comes from the hit triangle: `Tracer.surface`).
  func normal(at p: Vec3) -> Vec3 {
    switch kind {
    case .sphere:
      // On the surface |p − c| = r: divide rather than normalise (no square root).
      return size.x > 0 ? (p - position) / size.x : (p - position).normalized
    case .box:
      let (axis, sign) = boxFace(toLocal * (p - position))
      var nl = Vec3.zero
      nl[axis] = sign
      return toWorld * nl
    case .plane:
      return toLocal.r2
    case .capsule:
      // Away from the nearest point of the core segment.
      let lp = toLocal * (p - position)
      let z = min(size.z, max(-size.z, lp.z))
      return toWorld * (lp - Vec3(0, 0, z)).normalized
    case .cylinder:
      let lp = toLocal * (p - position)
      if cylinderCap(lp) { return toWorld * Vec3(0, 0, lp.z >= 0 ? 1 : -1) }
      return toWorld * Vec3(lp.x, lp.y, 0).normalized
    case .mesh:
      return .zero
    }
  }

  /// True when local point `lp` on a cylinder's surface lies on a cap rather than the side:
  /// the nearer of the two boundaries, |z| = h or ρ = r.
  @inline(__always)
  func cylinderCap(_ lp: Vec3) -> Bool {
    let rho = (lp.x * lp.x + lp.y * lp.y).squareRoot()
    return abs(abs(lp.z) - size.z) <= abs(rho - size.x)
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
  /// (m), as documented on `RenderMaterial`. `meshNormal` is the hit triangle's flat normal in
  /// the local frame (meshes only).
  func surfaceCoordinates(at p: Vec3, meshNormal: Vec3 = .zero)
    -> (uv: SIMD2<Double>, metric: SIMD2<Double>)
  {
    let lp = toLocal * (p - position)
    switch kind {
    case .sphere:
      let r = max(size.x, 1e-300)
      let u = 0.5 + atan2(lp.y, lp.x) / (2 * Double.pi)
      let v = 0.5 + asin(min(1, max(-1, lp.z / r))) / Double.pi
      return (SIMD2(u, v), SIMD2(u * 2 * Double.pi * r, v * Double.pi * r))
    case .box:
      let (axis, sign) = boxFace(lp)
      return faceCoordinates(lp, axis: axis, sign: sign, center: .zero)
    case .mesh:
      // The box mapping on the mesh's local bounds, the face chosen by the triangle's normal:
      // a box-shaped mesh maps exactly like `.box`.
      let a = Vec3(abs(meshNormal.x), abs(meshNormal.y), abs(meshNormal.z))
      let axis = a.x >= a.y && a.x >= a.z ? 0 : (a.y >= a.z ? 1 : 2)
      return faceCoordinates(lp, axis: axis, sign: meshNormal[axis] >= 0 ? 1 : -1, center: center)
    case .plane:
      return (SIMD2(lp.x, lp.y), SIMD2(lp.x, lp.y))
    case .capsule, .cylinder:
      // Longitude around z, and arc length along the profile from the bottom pole (capsule)
      // or the bottom rim (cylinder side); caps of a cylinder map like a plane.
      let r = size.x
      let h = size.z
      let u = 0.5 + atan2(lp.y, lp.x) / (2 * Double.pi)
      if kind == .cylinder {
        if cylinderCap(lp) {
          let m = SIMD2(lp.x + r, lp.y + r)
          return (r > 0 ? m / (2 * r) : .zero, m)
        }
        return (SIMD2(u, h > 0 ? (lp.z + h) / (2 * h) : 0), SIMD2(u * 2 * Double.pi * r, lp.z + h))
      }
      let quarter = 0.5 * Double.pi * r
      let s: Double
      if lp.z < -h {
        s = quarter + r * asin(min(1, max(-1, (lp.z + h) / max(r, 1e-300))))
      } else if lp.z > h {
        s = quarter + 2 * h + r * asin(min(1, max(-1, (lp.z - h) / max(r, 1e-300))))
      } else {
        s = quarter + lp.z + h
      }
      let total = 2 * quarter + 2 * h
      return (SIMD2(u, total > 0 ? s / total : 0), SIMD2(u * 2 * Double.pi * r, s))
    }
  }

  /// Box-face mapping of local point `lp` on the face (`axis`, `sign`) of the box with half
  /// extents `size` about `center`: the two other local axes, ordered so the face is seen
  /// unmirrored from outside (z up on the four side faces, +y up on the top and bottom).
  @inline(__always)
  func faceCoordinates(_ lp: Vec3, axis: Int, sign: Double, center: Vec3)
    -> (uv: SIMD2<Double>, metric: SIMD2<Double>)
  {
    // Right and up directions of the face seen from outside: right × up = outward normal.
    let (ra, rs, ua): (Int, Double, Int)
    switch axis {
    case 0: (ra, rs, ua) = (1, sign, 2)
    case 1: (ra, rs, ua) = (0, -sign, 2)
    default: (ra, rs, ua) = (0, sign, 1)
    }
    let q = lp - center
    let mu = rs * q[ra] + size[ra]
    let mv = q[ua] + size[ua]
    let u = size[ra] > 0 ? mu / (2 * size[ra]) : 0
    let v = size[ua] > 0 ? mv / (2 * size[ua]) : 0
    return (SIMD2(u, v), SIMD2(mu, mv))
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

// MARK: - Capsule and cylinder

/// Parameter interval of the ray o + t·d inside the infinite cylinder x² + y² ≤ r² (local
/// frame), `(+∞, −∞)` when empty. With a = dx² + dy², b = ox dx + oy dy, c = ox² + oy² − r²,
/// the boundary is a t² + 2b t + c = 0; the roots are taken in the cancellation-free form
/// q = −(b + sign(b)√(b² − ac)), t = q/a and c/q (Numerical Recipes §5.6). A ray parallel to
/// the axis (a = 0) is inside for every t or for none.
@inline(__always)
func cylinderInterval(_ o: Vec3, _ d: Vec3, _ r: Double) -> (t0: Double, t1: Double) {
  let a = d.x * d.x + d.y * d.y
  let b = o.x * d.x + o.y * d.y
  let c = o.x * o.x + o.y * o.y - r * r
  if a == 0 { return c <= 0 ? (-.infinity, .infinity) : (.infinity, -.infinity) }
  return quadraticInterval(a, b, c)
}

/// Parameter interval inside the sphere |p − centre| ≤ r for a ray whose origin relative to
/// the centre is `oc` (same root form as `cylinderInterval`).
@inline(__always)
func sphereInterval(_ oc: Vec3, _ d: Vec3, _ r: Double) -> (t0: Double, t1: Double) {
  let a = d.dot(d)
  if a == 0 { return (.infinity, -.infinity) }
  return quadraticInterval(a, oc.dot(d), oc.dot(oc) - r * r)
}

/// Roots of a t² + 2b t + c = 0 (a > 0) as an ordered interval, or `(+∞, −∞)` when there are
/// none.
@inline(__always)
func quadraticInterval(_ a: Double, _ b: Double, _ c: Double) -> (t0: Double, t1: Double) {
  let disc = b * b - a * c
  if !(disc >= 0) { return (.infinity, -.infinity) }
  let q = b >= 0 ? -(b + disc.squareRoot()) : -b + disc.squareRoot()
  if q == 0 { return (0, 0) }
  let x = q / a
  let y = c / q
  return x <= y ? (x, y) : (y, x)
}

/// Parameter interval inside the slab |z| ≤ h.
@inline(__always)
func slabInterval(_ oz: Double, _ dz: Double, _ h: Double) -> (t0: Double, t1: Double) {
  if dz == 0 { return abs(oz) <= h ? (-.infinity, .infinity) : (.infinity, -.infinity) }
  let x = (-h - oz) / dz
  let y = (h - oz) / dz
  return x <= y ? (x, y) : (y, x)
}

/// The first crossing in (0, tMax) of a convex solid occupying the ray interval [t0, t1]: the
/// entry, or the exit when the origin is inside; `.infinity` otherwise.
@inline(__always)
func firstCrossing(_ t0: Double, _ t1: Double, _ tMax: Double) -> Double {
  if !(t0 <= t1) { return .infinity }
  if t0 > 0 { return t0 < tMax ? t0 : .infinity }
  return t1 > 0 && t1 < tMax ? t1 : .infinity
}

/// Ray–cylinder (local frame, axis z, radius r, half height h): the solid is the infinite
/// cylinder ∩ the slab |z| ≤ h, both convex, so its ray interval is the intersection of theirs.
@inline(__always)
func intersectCylinder(_ o: Vec3, _ d: Vec3, _ r: Double, _ h: Double, _ tMax: Double) -> Double {
  let c = cylinderInterval(o, d, r)
  let s = slabInterval(o.z, d.z, h)
  return firstCrossing(max(c.t0, s.t0), min(c.t1, s.t1), tMax)
}

/// Ray–capsule (local frame, core segment z ∈ [−h, h], radius r): the capsule is the union of
/// the finite cylinder and the two end spheres, and is convex, so its ray interval is the
/// union of theirs: from the least entry to the greatest exit over the non-empty ones.
@inline(__always)
func intersectCapsule(_ o: Vec3, _ d: Vec3, _ r: Double, _ h: Double, _ tMax: Double) -> Double {
  let c = cylinderInterval(o, d, r)
  let s = slabInterval(o.z, d.z, h)
  var t0 = Double.infinity
  var t1 = -Double.infinity
  let mid = (max(c.t0, s.t0), min(c.t1, s.t1))
  if mid.0 <= mid.1 { (t0, t1) = mid }
  let top = sphereInterval(o - Vec3(0, 0, h), d, r)
  if top.t0 <= top.t1 { (t0, t1) = (min(t0, top.t0), max(t1, top.t1)) }
  let bottom = sphereInterval(o + Vec3(0, 0, h), d, r)
  if bottom.t0 <= bottom.t1 { (t0, t1) = (min(t0, bottom.t0), max(t1, bottom.t1)) }
  return firstCrossing(t0, t1, tMax)
}
