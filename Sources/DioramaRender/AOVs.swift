import DioramaCore

/// Ground-truth buffers of one frame ("arbitrary output variables"), for people who generate
/// training data: what is seen at each pixel centre, and where each object is in the image.
///
/// Every per-pixel buffer is row-major, top row first, `width·height` pixels, and is the value
/// of the single primary ray through the pixel centre `(x + ½, y + ½)` (see `Camera` for the
/// pixel coordinates), so edges are not anti-aliased and ids are never blended.
///
/// ```swift
/// let aovs = Renderer().renderAOVs(scene)
/// let i = y * aovs.width + x
/// aovs.depth[i]      // view-space z of the surface seen at (x, y), metres
/// aovs.instance[i]   // RenderObject.id seen there, or AOVs.skyInstance
/// aovs.visibleBoxes  // tight boxes around each object's visible pixels, sorted by id
/// ```
public struct AOVs: Sendable, Hashable {
  /// Image width (pixels).
  public var width: Int
  /// Image height (pixels).
  public var height: Int
  /// Depth (m) of the nearest surface at each pixel centre, measured along the camera's
  /// optical axis (view-space z: `t · (d · forward)` for hit distance t along unit ray d), not
  /// along the ray; `+infinity` where the ray hits nothing (sky). Count width·height.
  public var depth: [Float]
  /// World-space unit normal (x, y, z) of that surface, 3 per pixel (count 3·width·height).
  /// Spheres, boxes, capsules and cylinders give their outward normal; planes and meshes,
  /// drawn from both sides, give the normal of the side facing the camera (for a mesh the
  /// shading normal: interpolated vertex normals, or the flat one). Sky is (0, 0, 0).
  public var normal: [Float]
  /// `RenderObject.id` of the nearest object at each pixel centre, `AOVs.skyInstance` where
  /// nothing is hit (count width·height). Objects sharing an id share it here.
  public var instance: [Int32]
  /// Forward optical flow (pixels), 2 per pixel (dx, dy; +x right, +y down), count
  /// 2·width·height: where the surface point seen at the pixel centre appears in the next
  /// frame, minus the pixel centre. The point is carried rigidly with its object from this
  /// frame's transform to the next one's and projected with the next camera; sky pixels move
  /// with the camera's rotation only (directions at infinity). NaN where the moved point is not
  /// in front of the next camera. Nil unless next-frame transforms or a next camera were given.
  public var flow: [Float]?
  /// Per id, the tight inclusive pixel range of the pixels whose `instance` is that id: what
  /// is actually visible (occlusion and the image border shrink it). Sorted by id; ids with no
  /// visible pixel are absent.
  public var visibleBoxes: [PixelBox]
  /// Per id, the inclusive range of pixels overlapped by the projection of the object's whole
  /// 3D extent, occluded or not, clipped to the image: for a box the projection of its 8
  /// corners (after clipping the box to the half-space in front of the camera), for a sphere,
  /// capsule or cylinder its exact silhouette (when wholly in front of the camera; else its
  /// clipped local bounding box), for a mesh the projection of its vertices (clipped likewise).
  /// The union over objects sharing an id. Sorted by id; planes (unbounded)
  /// and objects entirely off-image or behind the camera are absent. For every id, the visible
  /// box lies inside the projected box.
  public var projectedBoxes: [PixelBox]

  /// `instance` value of pixels where no object is hit.
  public static let skyInstance = Int32.min

  public init(
    width: Int, height: Int, depth: [Float], normal: [Float], instance: [Int32],
    flow: [Float]? = nil, visibleBoxes: [PixelBox] = [], projectedBoxes: [PixelBox] = []
  ) {
    self.width = width
    self.height = height
    self.depth = depth
    self.normal = normal
    self.instance = instance
    self.flow = flow
    self.visibleBoxes = visibleBoxes
    self.projectedBoxes = projectedBoxes
  }
}

/// An object's 2D bounding box as an inclusive range of pixel columns and rows: it covers the
/// pixels (x, y) with `minX ≤ x ≤ maxX`, `minY ≤ y ≤ maxY` (row 0 at the top); in continuous
/// pixel coordinates that is `[minX, maxX + 1) × [minY, maxY + 1)`.
public struct PixelBox: Sendable, Hashable {
  /// `RenderObject.id` the box belongs to.
  public var id: Int32
  /// First column (pixels).
  public var minX: Int32
  /// First row (pixels, from the top).
  public var minY: Int32
  /// Last column (pixels, inclusive).
  public var maxX: Int32
  /// Last row (pixels, inclusive).
  public var maxY: Int32

  public init(id: Int32, minX: Int32, minY: Int32, maxX: Int32, maxY: Int32) {
    self.id = id
    self.minX = minX
    self.minY = minY
    self.maxX = maxX
    self.maxY = maxY
  }

  /// True when `other` covers no pixel outside `self`.
  public func contains(_ other: PixelBox) -> Bool {
    other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
  }
}

// MARK: - Boxes

/// Continuous image-space bounds (pixels) of a primitive's projection; nil when no part of it
/// is in front of the camera (or it is an unbounded plane). `mesh` is the primitive's mesh
/// (meshes only).
///
/// Perspective projection maps convex sets in front of the camera to convex sets and segments
/// to segments, so the image of a convex polytope is the convex hull of its projected vertices,
/// and the image of the convex hull of two sets is the hull of their images: its bounding box
/// is the union of theirs.
///
/// - Box: clipped to view z ≥ `nearZ`; its vertices then are the corners in front plus the
///   points where its 12 edges cross z = `nearZ`.
/// - Sphere in front of the camera plane (centre view z c_f > r), exactly: the image column
///   s = x_c/z_c touches the silhouette where the plane through the eye with normal (1, 0, −s)
///   (view axes right, up, forward) is tangent to the sphere, |c_r − s c_f| = r √(1 + s²),
///   i.e. (c_f² − r²) s² − 2 c_r c_f s + (c_r² − r²) = 0; the same for rows with c_u.
/// - Capsule: the hull of its two end spheres, so the union of their exact boxes.
/// - Cylinder: the hull of its two end discs, so the union of their exact boxes. A disc of
///   centre c, unit axis a and radius r (view coordinates) reaches column s when
///   c_r − s c_f + r (cos θ (u_r − s u_f) + sin θ (v_r − s v_f)) = 0 has a solution θ (u, v
///   spanning the disc), i.e. (c_r − s c_f)² ≤ r² ((u_r − s u_f)² + (v_r − s v_f)²). With
///   u_r² + v_r² = 1 − a_r², u_r u_f + v_r v_f = −a_r a_f, u_f² + v_f² = 1 − a_f² the bound is
///   A s² − 2B s + C = 0, A = c_f² − r²(1 − a_f²), B = c_r c_f + r² a_r a_f,
///   C = c_r² − r²(1 − a_r²); A > 0 and c_f > 0 exactly when the whole disc is in front.
/// - Mesh: its vertices in front plus the points where triangle edges cross z = `nearZ`.
///
/// Spheres, capsules and cylinders reaching behind the camera plane fall back to their local
/// bounding box, clipped like a box.
func projectedExtent(
  _ prim: Primitive, frame fr: Camera.Frame, origin: Vec3, width: Int, height: Int,
  mesh: RenderMesh? = nil
) -> (lo: SIMD2<Double>, hi: SIMD2<Double>)? {
  let w = Double(width)
  let h = Double(height)
  @inline(__always) func pixel(_ sx: Double, _ sy: Double) -> SIMD2<Double> {
    SIMD2((sx / fr.tanX + 1) * 0.5 * w, (1 - sy / fr.tanY) * 0.5 * h)
  }
  @inline(__always) func view(_ world: Vec3) -> Vec3 {
    let d = world - origin
    return Vec3(d.dot(fr.right), d.dot(fr.upward), d.dot(fr.forward))
  }
  /// Roots of A s² − 2B s + C = 0 (A > 0), clamping a negative discriminant (rounding) to 0.
  @inline(__always) func roots(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double) {
    let root = max(0, b * b - a * c).squareRoot()
    return ((b - root) / a, (b + root) / a)
  }
  /// Exact box of the disc of centre `c`, radius `r` and unit `axis` (view coordinates), or of
  /// the sphere when `axis` is nil; nil when it is not wholly in front of the camera plane.
  func roundExtent(_ c: Vec3, _ r: Double, axis: Vec3?)
    -> (lo: SIMD2<Double>, hi: SIMD2<Double>)?
  {
    let r2 = r * r
    let a = axis ?? .zero
    // A sphere is the "disc" with every direction in its plane: 1 − a² → 1, a_i a_f → 0.
    let aa = c.z * c.z - r2 * (1 - a.z * a.z)
    guard c.z > 0 && aa > 0 else { return nil }
    let (sx0, sx1) = roots(aa, c.x * c.z + r2 * a.x * a.z, c.x * c.x - r2 * (1 - a.x * a.x))
    let (sy0, sy1) = roots(aa, c.y * c.z + r2 * a.y * a.z, c.y * c.y - r2 * (1 - a.y * a.y))
    return (pixel(sx0, sy1), pixel(sx1, sy0))
  }
  var lo = SIMD2<Double>(repeating: .infinity)
  var hi = SIMD2<Double>(repeating: -.infinity)
  @inline(__always) func add(_ v: Vec3) {
    let p = pixel(v.x / v.z, v.y / v.z)
    lo = pointwiseMin(lo, p)
    hi = pointwiseMax(hi, p)
  }
  let nearZ = 1e-6
  /// Adds segment p–q's crossing of z = nearZ, if it has one.
  @inline(__always) func addCrossing(_ p: Vec3, _ q: Vec3) {
    if (p.z < nearZ) != (q.z < nearZ) {
      let s = (nearZ - p.z) / (q.z - p.z)
      var x = p + s * (q - p)
      x.z = nearZ
      add(x)
    }
  }
  // Local box to clip when no exact form applies: half extents and centre.
  var boxHalf = prim.size
  var boxCenter = Vec3.zero
  switch prim.kind {
  case .plane:
    return nil
  case .sphere:
    if let e = roundExtent(view(prim.position), prim.size.x, axis: nil) { return e }
  case .capsule, .cylinder:
    let r = prim.size.x
    let hh = prim.size.z
    let axisWorld = prim.toWorld * Vec3(0, 0, 1)
    let av = Vec3(axisWorld.dot(fr.right), axisWorld.dot(fr.upward), axisWorld.dot(fr.forward))
    let round = prim.kind == .cylinder ? av : nil
    if let e0 = roundExtent(view(prim.position + hh * axisWorld), r, axis: round),
      let e1 = roundExtent(view(prim.position - hh * axisWorld), r, axis: round)
    {
      return (pointwiseMin(e0.lo, e1.lo), pointwiseMax(e0.hi, e1.hi))
    }
    if prim.kind == .capsule { boxHalf.z += r }
  case .mesh:
    guard let mesh, !mesh.triangles.isEmpty else { return nil }
    // Every vertex in front (one pass over the used vertices) unless the bounding box
    // reaches behind the near plane; then clip each triangle's edges.
    var allInFront = true
    for k in 0..<8 {
      let local = Vec3(
        k & 1 == 0 ? mesh.boundsMin.x : mesh.boundsMax.x,
        k & 2 == 0 ? mesh.boundsMin.y : mesh.boundsMax.y,
        k & 4 == 0 ? mesh.boundsMin.z : mesh.boundsMax.z)
      if view(prim.toWorld * local + prim.position).z < nearZ { allInFront = false }
    }
    if allInFront {
      for p in mesh.usedVertices { add(view(prim.toWorld * p + prim.position)) }
    } else {
      let v = mesh.vertices.map { view(prim.toWorld * $0 + prim.position) }
      for t in mesh.triangles {
        for k in 0..<3 where v[Int(t[k])].z >= nearZ { add(v[Int(t[k])]) }
        addCrossing(v[Int(t.x)], v[Int(t.y)])
        addCrossing(v[Int(t.y)], v[Int(t.z)])
        addCrossing(v[Int(t.z)], v[Int(t.x)])
      }
    }
    return lo.x <= hi.x && lo.y <= hi.y ? (lo, hi) : nil
  case .box:
    break
  }
  if prim.kind == .mesh { boxCenter = prim.center }
  // Corners in view coordinates (right, up, forward).
  var corners: [Vec3] = []
  corners.reserveCapacity(8)
  for k in 0..<8 {
    let local = Vec3(
      k & 1 == 0 ? -boxHalf.x : boxHalf.x,
      k & 2 == 0 ? -boxHalf.y : boxHalf.y,
      k & 4 == 0 ? -boxHalf.z : boxHalf.z)
    corners.append(view(prim.toWorld * (local + boxCenter) + prim.position))
  }
  for v in corners where v.z >= nearZ { add(v) }
  // Edges join corners whose indices differ in one bit.
  for a in 0..<8 {
    for bit in [1, 2, 4] where a & bit == 0 {
      addCrossing(corners[a], corners[a | bit])
    }
  }
  return lo.x <= hi.x && lo.y <= hi.y ? (lo, hi) : nil
}

/// The inclusive pixel range overlapped by continuous bounds, clipped to the image; nil when
/// they miss the image.
func pixelRange(
  _ e: (lo: SIMD2<Double>, hi: SIMD2<Double>), id: Int32, width: Int, height: Int
) -> PixelBox? {
  let w = Double(width)
  let h = Double(height)
  guard e.hi.x > 0, e.hi.y > 0, e.lo.x < w, e.lo.y < h else { return nil }
  let x0 = max(0, e.lo.x).rounded(.down)
  let y0 = max(0, e.lo.y).rounded(.down)
  let x1 = max(x0, min(w, e.hi.x).rounded(.up) - 1)
  let y1 = max(y0, min(h, e.hi.y).rounded(.up) - 1)
  return PixelBox(id: id, minX: Int32(x0), minY: Int32(y0), maxX: Int32(x1), maxY: Int32(y1))
}

/// Merges per-object boxes into per-id boxes (union over objects sharing an id), sorted by id.
/// - Complexity: O(n log n) for n boxes.
func mergeByID(_ boxes: [PixelBox]) -> [PixelBox] {
  let sorted = boxes.sorted { $0.id < $1.id }
  var out: [PixelBox] = []
  for b in sorted {
    if var last = out.last, last.id == b.id {
      last.minX = min(last.minX, b.minX)
      last.minY = min(last.minY, b.minY)
      last.maxX = max(last.maxX, b.maxX)
      last.maxY = max(last.maxY, b.maxY)
      out[out.count - 1] = last
    } else {
      out.append(b)
    }
  }
  return out
}
