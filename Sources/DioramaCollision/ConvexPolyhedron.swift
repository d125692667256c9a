import DioramaCore
import Foundation

/// A convex polyhedron as a boundary representation: vertices, faces as index loops and each
/// face's outward plane. The solid is the intersection of the face half-spaces.
///
/// Built from a box, from half-spaces clipping a box, from a point set (its hull, brute force)
/// or as a polyhedral stand-in for a round shape; cut with `clipped(by:)`. Volume, centroid and
/// inertia are exact for the polyhedron (summed over tetrahedra), which is what makes the mass
/// properties of fracture fragments exact. Independent of `ConvexHull`: this type is plain
/// geometry for fracture and has no collision adjacency.
///
/// ```swift
/// let cube = ConvexPolyhedron(box: Vec3(0.5, 0.5, 0.5))
/// let cut = cube.clipped(by: HalfSpace(normal: Vec3(1, 0, 0), offset: 0.2))
/// cut?.volume  // 0.7 m³: the part with x ≤ 0.2
/// ```
public struct ConvexPolyhedron: Sendable, Hashable {
  /// Vertices (m), in the frame of whatever was cut (for a shape, its shape frame).
  public internal(set) var vertices: [Vec3]
  /// Faces as loops of indices into `vertices`, counter-clockwise seen from outside (the right
  /// hand rule gives the outward normal). At least three indices each.
  public internal(set) var faces: [[Int]]
  /// The outward plane of each face (`planes[f]` belongs to `faces[f]`); the solid is
  /// n·x ≤ offset for every plane.
  public internal(set) var planes: [HalfSpace]

  init(uncheckedVertices: [Vec3], faces: [[Int]], planes: [HalfSpace]) {
    vertices = uncheckedVertices
    self.faces = faces
    self.planes = planes
  }
}

// MARK: - Construction

extension ConvexPolyhedron {
  /// The box of the given half-extents (m) about `center` (m), axis-aligned.
  ///
  /// Vertex i has the sign pattern of its bits: bit 0 for x, bit 1 for y, bit 2 for z (clear
  /// is −, set is +). Faces in the order +x, −x, +y, −y, +z, −z.
  public init(box halfExtents: Vec3, center: Vec3 = .zero) {
    precondition(
      halfExtents.x > 0 && halfExtents.y > 0 && halfExtents.z > 0,
      "a box polyhedron needs positive half-extents, got \(halfExtents)")
    let h = halfExtents
    var v: [Vec3] = []
    v.reserveCapacity(8)
    for i in 0..<8 {
      v.append(
        center
          + Vec3(i & 1 == 0 ? -h.x : h.x, i & 2 == 0 ? -h.y : h.y, i & 4 == 0 ? -h.z : h.z))
    }
    let faces = [
      [1, 3, 7, 5], [0, 4, 6, 2], [2, 6, 7, 3], [0, 1, 5, 4], [4, 5, 7, 6], [0, 2, 3, 1],
    ]
    let planes = [
      HalfSpace(normal: Vec3(1, 0, 0), offset: center.x + h.x),
      HalfSpace(normal: Vec3(-1, 0, 0), offset: -(center.x - h.x)),
      HalfSpace(normal: Vec3(0, 1, 0), offset: center.y + h.y),
      HalfSpace(normal: Vec3(0, -1, 0), offset: -(center.y - h.y)),
      HalfSpace(normal: Vec3(0, 0, 1), offset: center.z + h.z),
      HalfSpace(normal: Vec3(0, 0, -1), offset: -(center.z - h.z)),
    ]
    self.init(uncheckedVertices: v, faces: faces, planes: planes)
  }

  /// The box `bounds` as a polyhedron. Precondition: positive size on every axis.
  public init(bounds: AABB) {
    self.init(box: bounds.halfExtents, center: bounds.center)
  }

  /// The part of `bounds` on the inner side (n·x ≤ offset) of every half-space; nil when
  /// nothing is left.
  ///
  /// - Complexity: O(k·(V + F)) for k half-spaces and a result of V vertices and F faces.
  public init?(clipping bounds: AABB, by halfSpaces: [HalfSpace]) {
    var p = ConvexPolyhedron(bounds: bounds)
    let eps = p.planeTolerance
    for h in halfSpaces {
      guard let q = p.clipped(by: h, tolerance: eps) else { return nil }
      p = q
    }
    self = p
  }

  /// The convex hull of `points` (m), by brute force: every plane through three of the points
  /// with all the others on one side is a face plane, and the hull is the points' bounding box
  /// clipped by those planes. Nil when the points span no volume (fewer than four, or flat).
  ///
  /// Written here so that fracture does not depend on `ConvexHull`'s construction; meant for
  /// the small vertex counts of hull shapes (tens of points). Coplanar points give the same
  /// plane several times; a repeated plane cuts nothing, so no de-duplication is needed.
  ///
  /// - Complexity: O(n⁴) worst case for n points (O(n³) triples, each tested against all
  ///   points with an early exit as soon as points fall on both sides).
  public init?(hullOf points: [Vec3]) {
    guard points.count >= 4 else { return nil }
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    for q in points {
      lo = pointwiseMin(lo, q)
      hi = pointwiseMax(hi, q)
    }
    let size = (hi - lo).length
    guard size > 0, size.isFinite else { return nil }
    let e = hi - lo
    // A flat point set has a zero-thickness box: no volume.
    guard min(e.x, min(e.y, e.z)) > 1e-12 * size else { return nil }
    var p = ConvexPolyhedron(bounds: AABB(min: lo, max: hi))
    let eps = p.planeTolerance
    let n = points.count
    for i in 0..<n {
      for j in (i + 1)..<n {
        for k in (j + 1)..<n {
          let a = points[i]
          let m = (points[j] - a).cross(points[k] - a)
          // Skip (near-)collinear triples: |m| is twice the triangle's area (m²).
          guard m.length > 1e-12 * size * size else { continue }
          let u = m.normalized
          let off = u.dot(a)
          var above = false
          var below = false
          for q in points {
            let s = u.dot(q) - off
            if s > eps { above = true } else if s < -eps { below = true }
            if above && below { break }
          }
          if above && below { continue }
          if !above && !below { return nil }  // every point on one plane: flat
          let plane =
            above ? HalfSpace(normal: -u, offset: -off) : HalfSpace(normal: u, offset: off)
          guard let q = p.clipped(by: plane, tolerance: eps) else { return nil }
          p = q
        }
      }
    }
    self = p
  }

  /// A polyhedron standing in for a convex shape, in the shape frame; nil for a triangle mesh,
  /// heightfield or compound (no single convex solid), or a degenerate hull.
  ///
  /// - box: exact.
  /// - convex hull: exact, rebuilt from the hull's vertices by `init(hullOf:)`.
  /// - sphere: `2·segments` planes tangent to the sphere, normals ± a Fibonacci spiral over
  ///   the upper hemisphere (near-uniform, centrally symmetric; `fibonacciDirections`).
  /// - cylinder: `segments` side planes at equal azimuths plus the two end caps.
  /// - capsule: `segments` side planes at equal azimuths plus `segments` Fibonacci directions
  ///   for the hemispherical ends; the tangent plane with unit normal n has offset
  ///   r + h·|n_z|, the capsule's support function.
  ///
  /// Tangent planes circumscribe the round shape and add volume (about 1.1 % for a 24-sided
  /// cylinder: M tan(π/M)/π). With `matchVolume` (the default) every curved-surface plane is
  /// instead set at k·r with k found by a secant iteration so that the polyhedron's volume
  /// equals the shape's analytic volume (to 1e-12 relative): fragments then carry the body's
  /// mass at the body's density. The flat cylinder caps stay where they are.
  ///
  /// - Complexity: O(P²) per build for P planes (each clip visits the current polyhedron);
  ///   with `matchVolume`, a handful of builds.
  public init?(approximating shape: Shape, segments: Int = 24, matchVolume: Bool = true) {
    precondition(
      segments >= 8 && segments % 2 == 0,
      "use an even number of segments, at least 8 (central symmetry), got \(segments)")
    switch shape {
    case .box(let h):
      self.init(box: h)
    case .convexHull(let hull):
      self.init(hullOf: hull.vertices)
    case .sphere(let r):
      precondition(r > 0, "sphere radius must be positive, got \(r)")
      let dirs = Self.fibonacciDirections(2 * segments)
      let p = Self.tangentPolyhedron(
        directions: dirs, radius: r,
        bounds: AABB(min: Vec3(repeating: -2 * r), max: Vec3(repeating: 2 * r)),
        targetVolume: matchVolume ? shape.volume : nil)
      guard let p else { return nil }
      self = p
    case .cylinder(let r, let h):
      precondition(r > 0 && h > 0, "cylinder radius and half-height must be positive")
      let dirs = Self.ringDirections(segments)
      let caps = [
        HalfSpace(normal: Vec3(0, 0, 1), offset: h), HalfSpace(normal: Vec3(0, 0, -1), offset: h),
      ]
      let p = Self.tangentPolyhedron(
        directions: dirs, radius: r, flatPlanes: caps,
        bounds: AABB(min: Vec3(-2 * r, -2 * r, -h), max: Vec3(2 * r, 2 * r, h)),
        targetVolume: matchVolume ? shape.volume : nil)
      guard let p else { return nil }
      self = p
    case .capsule(let r, let h):
      precondition(r > 0 && h >= 0, "capsule radius must be positive, half-height ≥ 0")
      let dirs = Self.ringDirections(segments) + Self.fibonacciDirections(segments)
      let e = Vec3(2 * r, 2 * r, 2 * r + h)
      // Offsets k·r + h|n_z|: the curved part scales with k, the segment's reach does not.
      let p = Self.tangentPolyhedron(
        directions: dirs, radius: r, fixedOffset: { n in h * abs(n.z) },
        bounds: AABB(min: -e, max: e), targetVolume: matchVolume ? shape.volume : nil)
      guard let p else { return nil }
      self = p
    case .triangleMesh, .heightfield, .compound:
      return nil
    }
  }

  /// `n` (even) unit directions, ±dᵢ for dᵢ on a Fibonacci spiral over the upper hemisphere:
  /// zᵢ = 1 − (2i + 1)/n for i < n/2, azimuth φᵢ = i·π(3 − √5) (the golden angle).
  /// Near-uniform and deterministic; central symmetry puts the polyhedron's centroid at the
  /// origin like the round shape's (an unmirrored spiral leaves it ~1e-4 r off).
  static func fibonacciDirections(_ n: Int) -> [Vec3] {
    let golden = Double.pi * (3 - 5.0.squareRoot())
    let upper = (0..<(n / 2)).map { i in
      let z = 1 - (2 * Double(i) + 1) / Double(n)
      let s = max(0, 1 - z * z).squareRoot()
      let phi = Double(i) * golden
      return Vec3(s * cos(phi), s * sin(phi), z)
    }
    return upper + upper.map { -$0 }
  }

  /// `n` unit directions in the xy plane at azimuths 2πi/n.
  static func ringDirections(_ n: Int) -> [Vec3] {
    (0..<n).map { i in
      let phi = 2 * Double.pi * Double(i) / Double(n)
      return Vec3(cos(phi), sin(phi), 0)
    }
  }

  /// `bounds` clipped by `flatPlanes` and by one plane per unit direction n with offset
  /// `fixedOffset(n) + k·radius`: a shape's support function with its curved radius scaled
  /// by k. k = 1 gives the circumscribed polyhedron; with a target volume, k is found by the
  /// secant method on V(k) − V* (V grows monotonically and smoothly with k, between
  /// quadratically and cubically), starting from k = 1 and the homothetic guess (V*/V(1))^⅓.
  static func tangentPolyhedron(
    directions: [Vec3], radius: Double, fixedOffset: (Vec3) -> Double = { _ in 0 },
    flatPlanes: [HalfSpace] = [], bounds: AABB, targetVolume: Double?
  ) -> ConvexPolyhedron? {
    func build(_ k: Double) -> ConvexPolyhedron? {
      var planes = flatPlanes
      for n in directions {
        planes.append(HalfSpace(normal: n, offset: fixedOffset(n) + k * radius))
      }
      return ConvexPolyhedron(clipping: bounds, by: planes)
    }
    guard let p1 = build(1) else { return nil }
    guard let target = targetVolume else { return p1 }
    var k0 = 1.0
    var v0 = p1.volume - target
    var k1 = cbrt(target / p1.volume)
    var best = p1
    for _ in 0..<30 {
      guard let p = build(k1) else { return nil }
      best = p
      let v1 = p.volume - target
      if abs(v1) <= 1e-13 * target || v1 == v0 { break }
      let k2 = k1 - v1 * (k1 - k0) / (v1 - v0)
      k0 = k1
      v0 = v1
      k1 = k2
    }
    return best
  }
}

// MARK: - Queries

extension ConvexPolyhedron {
  /// The axis-aligned box of the vertices (m).
  public var bounds: AABB {
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    for v in vertices {
      lo = pointwiseMin(lo, v)
      hi = pointwiseMax(hi, v)
    }
    return AABB(min: lo, max: hi)
  }

  /// The distance (m) within which a vertex counts as lying on a cutting plane:
  /// 1e-11 of the bounding-box diagonal. Vertices made by cutting carry rounding errors of a
  /// few ulps of the size per cut; 1e-11 is far above that and far below any feature worth
  /// keeping (the volume moved by snapping is at most tolerance × face area, 1e-11 relative).
  public var planeTolerance: Double {
    let b = bounds
    return 1e-11 * (b.max - b.min).length
  }

  /// True when `p` (m) satisfies n·p − offset ≤ `tolerance` (m) for every face plane
  /// (a negative tolerance asks for a point strictly inside by that margin).
  ///
  /// - Complexity: O(F) for F faces.
  public func contains(_ p: Vec3, tolerance: Double = 0) -> Bool {
    for h in planes where h.signedDistance(p) > tolerance { return false }
    return true
  }
}

// MARK: - Clipping

extension ConvexPolyhedron {
  /// The part of the polyhedron below `plane` (n·x ≤ offset), or nil when nothing of positive
  /// volume is left. Vertices within `planeTolerance` of the plane count as on it.
  ///
  /// - Complexity: O(V + E) for V vertices and E edges, plus O(c log c) to order the c vertices
  ///   of the new cap face.
  public func clipped(by plane: HalfSpace) -> ConvexPolyhedron? {
    clipped(by: plane, tolerance: planeTolerance)
  }

  /// `clipped(by:)` with an explicit on-plane tolerance `eps` (m). Fracture passes the parent's
  /// tolerance to every cell, so all cells classify with the same threshold.
  ///
  /// Each vertex is classified by its signed distance d: out (d > eps), in (d < −eps) or on.
  /// Each face keeps its in and on vertices in order and gains a new vertex where an edge runs
  /// strictly from in to out, at t = dₐ/(dₐ − d_b) from its lower-indexed end a (computed once
  /// per edge, so both faces of the edge share the vertex bit for bit). Faces left with fewer
  /// than three vertices, or lying entirely in the plane, are dropped. The cap face is every
  /// kept vertex on the plane, ordered by (pseudo-)angle about their mean: the section of a convex
  /// solid by a plane is a convex polygon, so angular order is its boundary order, and
  /// increasing angle from u to w = n × u runs counter-clockwise seen from outside (+n).
  func clipped(by plane: HalfSpace, tolerance eps: Double) -> ConvexPolyhedron? {
    let n = plane.normal
    let off = plane.offset
    let count = vertices.count
    var d = [Double](repeating: 0, count: count)
    var anyOut = false
    var anyIn = false
    for i in 0..<count {
      let s = n.dot(vertices[i]) - off
      d[i] = s
      if s > eps { anyOut = true } else if s < -eps { anyIn = true }
    }
    if !anyOut { return self }
    if !anyIn { return nil }

    var newVertices = vertices
    // Cut edges as (lower index, higher index, new vertex index); a linear search is faster
    // than hashing for the few dozen edges one plane cuts, and iterates in a fixed order.
    var cuts: [(Int, Int, Int)] = []
    var newFaces: [[Int]] = []
    var newPlanes: [HalfSpace] = []
    newFaces.reserveCapacity(faces.count + 1)
    newPlanes.reserveCapacity(faces.count + 1)
    func isOnPlane(_ i: Int) -> Bool { i >= count || abs(d[i]) <= eps }

    for (f, loop) in faces.enumerated() {
      var kept: [Int] = []
      kept.reserveCapacity(loop.count + 2)
      let m = loop.count
      for k in 0..<m {
        let a = loop[k]
        let b = loop[k + 1 == m ? 0 : k + 1]
        let da = d[a]
        let db = d[b]
        if da <= eps { kept.append(a) }
        if (da < -eps && db > eps) || (da > eps && db < -eps) {
          let lo = min(a, b)
          let hi = max(a, b)
          var index = -1
          for c in cuts where c.0 == lo && c.1 == hi {
            index = c.2
            break
          }
          if index < 0 {
            let t = d[lo] / (d[lo] - d[hi])
            index = newVertices.count
            newVertices.append(vertices[lo] + t * (vertices[hi] - vertices[lo]))
            cuts.append((lo, hi, index))
          }
          kept.append(index)
        }
      }
      guard kept.count >= 3 else { continue }
      if kept.allSatisfy(isOnPlane) { continue }
      newFaces.append(kept)
      newPlanes.append(planes[f])
    }

    // The cap: kept vertices on the plane, each once, in order of first appearance.
    var inCap = [Bool](repeating: false, count: newVertices.count)
    var cap: [Int] = []
    for loop in newFaces {
      for i in loop where !inCap[i] && isOnPlane(i) {
        inCap[i] = true
        cap.append(i)
      }
    }
    if cap.count >= 3 {
      var mean = Vec3.zero
      for i in cap { mean += newVertices[i] }
      mean /= Double(cap.count)
      let u = n.anyOrthogonal
      let w = n.cross(u)
      var keyed = cap.map { i -> (Double, Int) in
        let r = newVertices[i] - mean
        return (Self.pseudoAngle(r.dot(u), r.dot(w)), i)
      }
      keyed.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
      newFaces.append(keyed.map { $0.1 })
      newPlanes.append(plane)
    }
    guard newFaces.count >= 4 else { return nil }

    // Compact: keep the vertices some face uses, old ones first, in index order.
    var remap = [Int](repeating: -1, count: newVertices.count)
    for loop in newFaces { for i in loop { remap[i] = 0 } }
    var compact: [Vec3] = []
    compact.reserveCapacity(newVertices.count)
    for i in newVertices.indices where remap[i] == 0 {
      remap[i] = compact.count
      compact.append(newVertices[i])
    }
    for f in newFaces.indices {
      for k in newFaces[f].indices { newFaces[f][k] = remap[newFaces[f][k]] }
    }
    return ConvexPolyhedron(uncheckedVertices: compact, faces: newFaces, planes: newPlanes)
  }
}

extension ConvexPolyhedron {
  /// A number in [0, 4) that increases monotonically with the angle of (x, y) from the +x
  /// axis (the "diamond angle": position along the unit L1 circle). Sorting by it sorts by
  /// angle without a transcendental function, so the order is the same on every platform.
  static func pseudoAngle(_ x: Double, _ y: Double) -> Double {
    let l1 = abs(x) + abs(y)
    guard l1 > 0 else { return 0 }
    if y >= 0 { return x >= 0 ? y / l1 : 1 - x / l1 }
    return x < 0 ? 2 - y / l1 : 3 + x / l1
  }
}

// MARK: - Mass properties

extension ConvexPolyhedron {
  /// Volume (m³), centroid (m) and inertia tensor about the centroid per unit density (m⁵,
  /// i.e. kg·m² per kg/m³), in one pass.
  ///
  /// The solid is cut into tetrahedra (p, a, b, c): p the mean of the vertices (inside, since
  /// the polyhedron is convex) and (a, b, c) a fan triangle of each face. With coordinates
  /// relative to p, so that one vertex is 0, a tetrahedron has
  ///   V = a·(b × c)/6,  ∫ x dV = V s/4,  ∫ x xᵀ dV = V/20 (a aᵀ + b bᵀ + c cᵀ + s sᵀ),
  /// with s = a + b + c (the exact second moment of a tetrahedron, e.g. Tonon, "Explicit exact
  /// formulas for the 3-D tetrahedron inertia tensor in terms of its vertex coordinates",
  /// J. Math. Stat. 1(1), 2005; the covariance form as in Kallay, "Computing the moment of
  /// inertia of a solid defined by a triangle mesh", J. Graphics Tools 11(2), 2006). Signed
  /// volumes make the sum exact for any fan. The second moment moves to the centroid
  /// g = ∫x/V by C_g = C_p − V g gᵀ, and I = tr(C) E − C.
  ///
  /// - Complexity: O(V + E).
  public var massPropertiesPerUnitDensity: (volume: Double, centroid: Vec3, inertia: Matrix3) {
    guard !vertices.isEmpty else { return (0, .zero, .zero) }
    var p = Vec3.zero
    for v in vertices { p += v }
    p /= Double(vertices.count)
    var volume = 0.0
    var first = Vec3.zero
    var diag = Vec3.zero  // ∫ (x², y², z²) dV
    var off = Vec3.zero  // ∫ (xy, yz, zx) dV
    for loop in faces {
      let a = vertices[loop[0]] - p
      for k in 1..<(loop.count - 1) {
        let b = vertices[loop[k]] - p
        let c = vertices[loop[k + 1]] - p
        let v = a.dot(b.cross(c)) / 6
        let s = a + b + c
        volume += v
        first += (v / 4) * s
        let w = v / 20
        let squares: Vec3 = Self.squares(a) + Self.squares(b) + Self.squares(c) + Self.squares(s)
        let cross: Vec3 =
          Self.crossTerms(a) + Self.crossTerms(b) + Self.crossTerms(c) + Self.crossTerms(s)
        diag += w * squares
        off += w * cross
      }
    }
    guard volume > 0 else { return (volume, p, .zero) }
    let g = first / volume
    let cd = diag - volume * Self.squares(g)
    let co = off - volume * Self.crossTerms(g)
    let inertia = Matrix3(
      rows: Vec3(cd.y + cd.z, -co.x, -co.z),
      Vec3(-co.x, cd.x + cd.z, -co.y),
      Vec3(-co.z, -co.y, cd.x + cd.y))
    return (volume, p + g, inertia)
  }

  /// (x², y², z²).
  @inline(__always) static func squares(_ v: Vec3) -> Vec3 { v * v }

  /// (xy, yz, zx).
  @inline(__always) static func crossTerms(_ v: Vec3) -> Vec3 {
    Vec3(v.x * v.y, v.y * v.z, v.z * v.x)
  }

  /// Volume (m³).
  public var volume: Double { massPropertiesPerUnitDensity.volume }

  /// Centroid (m): the centre of mass at uniform density.
  public var centroid: Vec3 { massPropertiesPerUnitDensity.centroid }

  /// Mass properties of the polyhedron filled uniformly at `density` (kg/m³).
  public func massProperties(density rho: Double) -> MassProperties {
    let m = massPropertiesPerUnitDensity
    return MassProperties(mass: rho * m.volume, centerOfMass: m.centroid, inertia: rho * m.inertia)
  }
}
