import DioramaCore

/// Where a ray meets a triangle mesh or heightfield, in the shape's frame.
public struct MeshRayHit: Sendable, Hashable {
  /// Distance from the ray's origin to the hit (m).
  public var distance: Double
  /// Unit normal of the triangle hit, turned to face the ray (normal · direction ≤ 0).
  public var normal: Vec3
  /// The triangle hit: its index in a mesh, 2·cell + k in a heightfield.
  public var triangleIndex: Int

  public init(distance: Double, normal: Vec3, triangleIndex: Int) {
    self.distance = distance
    self.normal = normal
    self.triangleIndex = triangleIndex
  }
}

/// A ray prepared for the watertight ray–triangle test of Woop, Benthin & Wald, "Watertight
/// Ray/Triangle Intersection", JCGT 2(1), 2013.
///
/// The ray is sheared so that it runs along +z from the origin; the triangle's vertices,
/// sheared the same way, give 2D edge functions U, V, W whose signs say on which side of each
/// edge the ray passes. A shared edge yields exactly opposite values in its two triangles
/// (same products, subtraction swapped), so a ray through an edge or vertex of a closed mesh
/// cannot slip between the triangles. Both sides count (no back-face culling). Unlike the
/// paper's single-precision version this works in `Double` throughout, so it needs no
/// higher-precision fallback for zero edge functions.
struct WatertightRay {
  let origin: Vec3
  /// Unit direction.
  let direction: Vec3
  let kx: Int
  let ky: Int
  let kz: Int
  let sx: Double
  let sy: Double
  let sz: Double

  /// Precondition: `direction` is non-zero and finite.
  init(origin: Vec3, direction: Vec3) {
    precondition(
      direction.isFinite && direction != .zero, "a ray needs a finite, non-zero direction")
    let d = direction.normalized
    self.origin = origin
    self.direction = d
    // kz: the dimension where the direction is largest; swap kx, ky to keep the winding.
    let a = Vec3(abs(d.x), abs(d.y), abs(d.z))
    var kz = 0
    if a.y > a[kz] { kz = 1 }
    if a.z > a[kz] { kz = 2 }
    var kx = (kz + 1) % 3
    var ky = (kx + 1) % 3
    if d[kz] < 0 { swap(&kx, &ky) }
    self.kx = kx
    self.ky = ky
    self.kz = kz
    sx = d[kx] / d[kz]
    sy = d[ky] / d[kz]
    sz = 1 / d[kz]
  }

  /// Distance t ∈ [0, tMax] (m) at which the ray meets triangle a, b, c, or nil.
  @inline(__always)
  func intersect(_ a: Vec3, _ b: Vec3, _ c: Vec3, tMax: Double) -> Double? {
    let pa = a - origin
    let pb = b - origin
    let pc = c - origin
    let ax = pa[kx] - sx * pa[kz]
    let ay = pa[ky] - sy * pa[kz]
    let bx = pb[kx] - sx * pb[kz]
    let by = pb[ky] - sy * pb[kz]
    let cx = pc[kx] - sx * pc[kz]
    let cy = pc[ky] - sy * pc[kz]
    let u = cx * by - cy * bx
    let v = ax * cy - ay * cx
    let w = bx * ay - by * ax
    if (u < 0 || v < 0 || w < 0) && (u > 0 || v > 0 || w > 0) { return nil }
    let det = u + v + w
    if det == 0 { return nil }
    let az = sz * pa[kz]
    let bz = sz * pb[kz]
    let cz = sz * pc[kz]
    let t = u * az + v * bz + w * cz
    // t/det ∈ [0, tMax], compared without dividing.
    if det > 0 {
      if t < 0 || t > tMax * det { return nil }
    } else {
      if t > 0 || t < tMax * det { return nil }
    }
    return t / det
  }

  /// Entry and exit distances of the ray in the box lo…hi (slab test), clipped to
  /// [0, tMax]; nil when it misses. An axis the ray runs parallel to must contain the origin.
  @inline(__always)
  func slabs(lo: Vec3, hi: Vec3, tMax: Double) -> (Double, Double)? {
    var t0 = 0.0
    var t1 = tMax
    for k in 0..<3 {
      let d = direction[k]
      let o = origin[k]
      if d == 0 {
        if o < lo[k] || o > hi[k] { return nil }
        continue
      }
      let inv = 1 / d
      var near = (lo[k] - o) * inv
      var far = (hi[k] - o) * inv
      if near > far { swap(&near, &far) }
      t0 = Swift.max(t0, near)
      t1 = Swift.min(t1, far)
      if t0 > t1 { return nil }
    }
    return (t0, t1)
  }
}

extension TriangleMesh {
  /// The first triangle the ray from `origin` along `direction` meets within `maxDistance`,
  /// in the mesh's shape frame. Triangles are hit from either side; exact ties keep the first
  /// triangle found.
  ///
  /// - Parameters:
  ///   - origin: start of the ray (m).
  ///   - direction: non-zero; need not be unit (distances are in metres regardless).
  ///   - maxDistance: farthest hit accepted (m).
  /// - Returns: distance, normal facing the ray, and triangle index; nil when nothing is hit.
  /// - Complexity: O(log n) on well-shaped meshes (nearer child first, pruned by the best hit).
  public func raycast(origin: Vec3, direction: Vec3, maxDistance: Double = .infinity)
    -> MeshRayHit?
  {
    let ray = WatertightRay(origin: origin, direction: direction)
    let nodes = bvh.nodes
    if nodes.isEmpty || !(maxDistance >= 0) { return nil }
    var best = maxDistance
    var bestTriangle = -1
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: bvh.depth + 1) { stack in
      nodes.withUnsafeBufferPointer { nb in
        var sp = 0
        var i = 0
        while true {
          let node = nb[i]
          let lo = Vec3(Double(node.minX), Double(node.minY), Double(node.minZ))
          let hi = Vec3(Double(node.maxX), Double(node.maxY), Double(node.maxZ))
          if ray.slabs(lo: lo, hi: hi, tMax: best) != nil {
            if node.count == 0 {
              // Visit the child on the ray's near side first.
              let right = node.index
              if ray.direction[Int(node.axis)] >= 0 {
                stack[sp] = right
                sp += 1
                i += 1
              } else {
                stack[sp] = Int32(i + 1)
                sp += 1
                i = Int(right)
              }
              continue
            }
            let start = Int(node.index)
            for k in start..<(start + Int(node.count)) {
              let t = Int(bvh.primitives[k])
              let tri = triangles[t]
              if let d = ray.intersect(
                vertices[Int(tri.x)], vertices[Int(tri.y)], vertices[Int(tri.z)], tMax: best),
                d < best || bestTriangle < 0
              {
                best = d
                bestTriangle = t
              }
            }
          }
          if sp == 0 { break }
          sp -= 1
          i = Int(stack[sp])
        }
      }
    }
    if bestTriangle < 0 { return nil }
    let t = triangles[bestTriangle]
    var n = (vertices[Int(t.y)] - vertices[Int(t.x)]).cross(
      vertices[Int(t.z)] - vertices[Int(t.x)]
    ).normalized
    if n.dot(ray.direction) > 0 { n = -n }
    return MeshRayHit(distance: best, normal: n, triangleIndex: bestTriangle)
  }
}

extension Heightfield {
  /// The first triangle the ray from `origin` along `direction` meets within `maxDistance`,
  /// in the heightfield's shape frame; from above or below.
  ///
  /// Walks the cells under the ray in order (Amanatides & Woo, "A Fast Voxel Traversal
  /// Algorithm for Ray Tracing", Eurographics 1987, in the xy plane), testing each cell's two
  /// triangles, and stops at the first cell whose hit comes before the ray leaves the cell.
  ///
  /// - Parameters:
  ///   - origin: start of the ray (m).
  ///   - direction: non-zero; need not be unit (distances are in metres regardless).
  ///   - maxDistance: farthest hit accepted (m).
  /// - Returns: distance, normal facing the ray, and triangle index (2·cell + k); nil on a miss.
  /// - Complexity: O(rows + columns) cells at most.
  public func raycast(origin: Vec3, direction: Vec3, maxDistance: Double = .infinity)
    -> MeshRayHit?
  {
    let ray = WatertightRay(origin: origin, direction: direction)
    guard maxDistance >= 0,
      let (tIn, tOut) = ray.slabs(lo: localBounds.min, hi: localBounds.max, tMax: maxDistance)
    else { return nil }
    let d = ray.direction
    let ox = localBounds.min.x
    let oy = localBounds.min.y
    let lastColumn = columns - 2
    let lastRow = rows - 2
    let start = origin + tIn * d
    func cellIndex(_ v: Double, _ last: Int) -> Int {
      let f = v.rounded(.down)
      if !(f > 0) { return 0 }
      if f >= Double(last) { return last }
      return Int(f)
    }
    var j = cellIndex((start.x - ox) / spacing.x, lastColumn)
    var i = cellIndex((start.y - oy) / spacing.y, lastRow)
    let stepJ = d.x > 0 ? 1 : (d.x < 0 ? -1 : 0)
    let stepI = d.y > 0 ? 1 : (d.y < 0 ? -1 : 0)
    // Distance along the ray to the next column / row boundary, and between boundaries.
    func boundary(_ cell: Int, _ step: Int, _ o: Double, _ h: Double, _ p: Double, _ dk: Double)
      -> Double
    {
      if step == 0 { return .infinity }
      let edge = o + Double(cell + (step > 0 ? 1 : 0)) * h
      return (edge - p) / dk
    }
    var nextX = boundary(j, stepJ, ox, spacing.x, origin.x, d.x)
    var nextY = boundary(i, stepI, oy, spacing.y, origin.y, d.y)
    let deltaX = stepJ == 0 ? Double.infinity : spacing.x / abs(d.x)
    let deltaY = stepI == 0 ? Double.infinity : spacing.y / abs(d.y)
    var best = tOut
    var bestTriangle = -1
    for _ in 0..<(rows + columns) {
      let cell = 2 * (i * (columns - 1) + j)
      for k in 0..<2 {
        let (a, b, c) = triangleVertices(cell + k)
        if let t = ray.intersect(a, b, c, tMax: best), t < best || bestTriangle < 0 {
          best = t
          bestTriangle = cell + k
        }
      }
      let exit = Swift.min(nextX, nextY)
      if bestTriangle >= 0 && best <= exit { break }
      if exit > tOut { break }
      if nextX < nextY {
        j += stepJ
        nextX += deltaX
        if j < 0 || j > lastColumn { break }
      } else {
        i += stepI
        nextY += deltaY
        if i < 0 || i > lastRow { break }
      }
    }
    if bestTriangle < 0 { return nil }
    var n = triangleNormal(bestTriangle)
    if n.dot(d) > 0 { n = -n }
    return MeshRayHit(distance: best, normal: n, triangleIndex: bestTriangle)
  }
}
