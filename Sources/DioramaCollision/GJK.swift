import DioramaCore

/// A vertex of the GJK simplex: w = a − b, with the support points a on A and b on B (m).
struct SimplexVertex {
  var w: Vec3
  var a: Vec3
  var b: Vec3
  static let zero = SimplexVertex(w: .zero, a: .zero, b: .zero)
}

/// Up to four simplex vertices stored inline, with the barycentric weights of the closest
/// point to the origin.
struct Simplex {
  var v0 = SimplexVertex.zero
  var v1 = SimplexVertex.zero
  var v2 = SimplexVertex.zero
  var v3 = SimplexVertex.zero
  /// Weights of the vertices in the closest point (they sum to 1).
  var l0 = 0.0
  var l1 = 0.0
  var l2 = 0.0
  var l3 = 0.0
  var count = 0

  subscript(i: Int) -> SimplexVertex {
    get {
      switch i {
      case 0: return v0
      case 1: return v1
      case 2: return v2
      default: return v3
      }
    }
    set {
      switch i {
      case 0: v0 = newValue
      case 1: v1 = newValue
      case 2: v2 = newValue
      default: v3 = newValue
      }
    }
  }

  func weight(_ i: Int) -> Double {
    switch i {
    case 0: return l0
    case 1: return l1
    case 2: return l2
    default: return l3
    }
  }

  mutating func append(_ v: SimplexVertex) {
    self[count] = v
    count += 1
  }

  /// The closest point on the simplex to the origin, Σ λᵢ wᵢ.
  var closest: Vec3 {
    var p = l0 * v0.w
    if count > 1 { p += l1 * v1.w }
    if count > 2 { p += l2 * v2.w }
    if count > 3 { p += l3 * v3.w }
    return p
  }

  /// The matching points on A and B, Σ λᵢ aᵢ and Σ λᵢ bᵢ.
  var witnesses: (Vec3, Vec3) {
    var a = l0 * v0.a
    var b = l0 * v0.b
    for i in 1..<count {
      a += weight(i) * self[i].a
      b += weight(i) * self[i].b
    }
    return (a, b)
  }

  /// Keeps the vertices named in `keep` (indices in order) with weights `w`.
  private mutating func reduce(_ keep: (Int, Int, Int), _ n: Int, _ w: (Double, Double, Double)) {
    // Sort the kept indices (with their weights) increasing, so each slot is read before it
    // is overwritten; the order of simplex vertices does not matter.
    var k = keep
    var w = w
    if n > 1 && k.0 > k.1 {
      swap(&k.0, &k.1)
      swap(&w.0, &w.1)
    }
    if n > 2 {
      if k.1 > k.2 {
        swap(&k.1, &k.2)
        swap(&w.1, &w.2)
      }
      if k.0 > k.1 {
        swap(&k.0, &k.1)
        swap(&w.0, &w.1)
      }
    }
    let keep = k
    count = n
    if keep.0 != 0 { self[0] = self[keep.0] }
    l0 = w.0
    if n > 1 {
      if keep.1 != 1 { self[1] = self[keep.1] }
      l1 = w.1
    }
    if n > 2 {
      if keep.2 != 2 { self[2] = self[keep.2] }
      l2 = w.2
    }
  }

  /// Replaces the simplex by the smallest sub-simplex containing its closest point to the
  /// origin and sets the weights. Returns false when the origin lies inside a full
  /// (non-degenerate) tetrahedron.
  ///
  /// Voronoi-region tests of Ericson, "Real-Time Collision Detection" (2005), §5.1.2
  /// (segment), §5.1.5 (triangle) and §5.1.6 (tetrahedron), with the query point at the
  /// origin. A flat tetrahedron (|volume| below round-off) never counts as containing the
  /// origin: it is solved as the best of its faces.
  mutating func solve() -> Bool {
    switch count {
    case 1:
      l0 = 1
      return true
    case 2:
      solveSegment(0, 1)
      return true
    case 3:
      solveTriangle(0, 1, 2)
      return true
    default:
      return solveTetrahedron()
    }
  }

  private mutating func solveSegment(_ i: Int, _ j: Int) {
    let a = self[i].w
    let ab = self[j].w - a
    let den = ab.lengthSquared
    let t = den > 0 ? -a.dot(ab) / den : 0
    if t <= 0 {
      reduce((i, 0, 0), 1, (1, 0, 0))
    } else if t >= 1 {
      reduce((j, 0, 0), 1, (1, 0, 0))
    } else {
      reduce((i, j, 0), 2, (1 - t, t, 0))
    }
  }

  /// Closest point of triangle (i, j, k) as (kept indices, count, weights), without
  /// changing the simplex.
  private func triangleRegion(_ i: Int, _ j: Int, _ k: Int)
    -> (keep: (Int, Int, Int), n: Int, w: (Double, Double, Double))
  {
    let a = self[i].w
    let b = self[j].w
    let c = self[k].w
    let ab = b - a
    let ac = c - a
    let d1 = -ab.dot(a)
    let d2 = -ac.dot(a)
    if d1 <= 0 && d2 <= 0 { return ((i, 0, 0), 1, (1, 0, 0)) }
    let d3 = -ab.dot(b)
    let d4 = -ac.dot(b)
    if d3 >= 0 && d4 <= d3 { return ((j, 0, 0), 1, (1, 0, 0)) }
    let vc = d1 * d4 - d3 * d2
    if vc <= 0 && d1 >= 0 && d3 <= 0 {
      let t = d1 / (d1 - d3)
      return ((i, j, 0), 2, (1 - t, t, 0))
    }
    let d5 = -ab.dot(c)
    let d6 = -ac.dot(c)
    if d6 >= 0 && d5 <= d6 { return ((k, 0, 0), 1, (1, 0, 0)) }
    let vb = d5 * d2 - d1 * d6
    if vb <= 0 && d2 >= 0 && d6 <= 0 {
      let t = d2 / (d2 - d6)
      return ((i, k, 0), 2, (1 - t, t, 0))
    }
    let va = d3 * d6 - d5 * d4
    if va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0 {
      let t = (d4 - d3) / ((d4 - d3) + (d5 - d6))
      return ((j, k, 0), 2, (1 - t, t, 0))
    }
    let sum = va + vb + vc
    if !(sum > 0) {
      // Degenerate (collinear) triangle: the best of its edges.
      var best = ((i, 0, 0), 1, (1.0, 0.0, 0.0))
      var bestD = a.lengthSquared
      for e in 0..<3 {
        let (p, q) = e == 0 ? (i, j) : e == 1 ? (i, k) : (j, k)
        let e = self[q].w - self[p].w
        let den = e.lengthSquared
        let t = den > 0 ? Swift.min(Swift.max(-self[p].w.dot(e) / den, 0), 1) : 0
        let d = (self[p].w + t * e).lengthSquared
        if d < bestD {
          bestD = d
          best = ((p, q, 0), 2, (1 - t, t, 0))
        }
      }
      return best
    }
    let v = vb / sum
    let w = vc / sum
    return ((i, j, k), 3, (1 - v - w, v, w))
  }

  private mutating func solveTriangle(_ i: Int, _ j: Int, _ k: Int) {
    let r = triangleRegion(i, j, k)
    reduce(r.keep, r.n, r.w)
  }

  private func distanceSquared(_ r: (keep: (Int, Int, Int), n: Int, w: (Double, Double, Double)))
    -> Double
  {
    var p = r.w.0 * self[r.keep.0].w
    if r.n > 1 { p += r.w.1 * self[r.keep.1].w }
    if r.n > 2 { p += r.w.2 * self[r.keep.2].w }
    return p.lengthSquared
  }

  private mutating func solveTetrahedron() -> Bool {
    let a = v0.w
    let b = v1.w
    let c = v2.w
    let d = v3.w
    let vol = (b - a).dot((c - a).cross(d - a))
    let scale = Swift.max(
      Swift.max((b - a).lengthSquared, (c - a).lengthSquared), (d - a).lengthSquared)
    let flat = abs(vol) <= 1e-14 * scale * scale.squareRoot()
    // Faces with the opposite vertex: (a, b, c | d), (a, c, d | b), (a, d, b | c), (b, d, c | a).
    var best: (keep: (Int, Int, Int), n: Int, w: (Double, Double, Double))? = nil
    var bestD = Double.infinity
    for f in 0..<4 {
      let (i, j, k, o) =
        f == 0 ? (0, 1, 2, 3) : f == 1 ? (0, 2, 3, 1) : f == 2 ? (0, 3, 1, 2) : (1, 3, 2, 0)
      let p = self[i].w
      let n = (self[j].w - p).cross(self[k].w - p)
      let sOrigin = -n.dot(p)
      let sOpposite = n.dot(self[o].w - p)
      // The origin is outside this face when it lies on the other side from the opposite
      // vertex (and on the face plane counts as outside, so touching is not overlap).
      if !flat && sOrigin * sOpposite > 0 { continue }
      let r = triangleRegion(i, j, k)
      let dist = distanceSquared(r)
      if dist < bestD {
        bestD = dist
        best = r
      }
    }
    guard let r = best else { return false }
    reduce(r.keep, r.n, r.w)
    return true
  }
}

/// The Gilbert–Johnson–Keerthi distance algorithm between the cores of two convex shapes.
///
/// Gilbert, Johnson & Keerthi, "A fast procedure for computing the distance between complex
/// objects in three-dimensional space", IEEE J. Robotics & Automation 4(2), 1988; the
/// termination tests of van den Bergen, "Collision Detection in Interactive 3D Environments"
/// (2003), §4.3: stop when the support point w along −v improves the lower bound v·w/|v| by
/// less than `relativeTolerance` of |v|, when w repeats, when |v| stops decreasing, or when
/// the simplex encloses the origin.
enum GJK {
  /// Result of a distance query between two cores.
  struct Result {
    /// Distance between the cores (m); 0 when they overlap.
    var distance: Double
    /// Closest points on core A and core B (world, m); equal when overlapping.
    var pointA: Vec3
    var pointB: Vec3
    /// True when the cores overlap (or touch within round-off).
    var overlapping: Bool
    /// The final simplex (for EPA when overlapping).
    var simplex: Simplex
    var iterations: Int
  }

  static let relativeTolerance = 1e-10
  static let maxIterations = 64

  /// Closest points between the cores of `a` and `b` (radii ignored).
  ///
  /// - Parameter separatedBeyond: when finite, stop early (with `overlapping` false and a
  ///   lower bound as `distance`) once a separating axis shows the cores are more than this
  ///   far apart (m); used by overlap tests and margins.
  /// - Complexity: O(iterations × support cost); at most `maxIterations` iterations. No
  ///   allocation.
  static func closest(
    _ a: ConvexCore, _ b: ConvexCore, separatedBeyond limit: Double = .infinity
  ) -> Result {
    var simplex = Simplex()
    var v = a.center - b.center
    if v.lengthSquared == 0 { v = Vec3(1, 0, 0) }
    var dist2 = Double.infinity
    var iterations = 0
    var maxW2 = 0.0
    while iterations < maxIterations {
      iterations += 1
      let sa = a.support(-v)
      let sb = b.support(v)
      let w = sa - sb
      maxW2 = Swift.max(maxW2, w.lengthSquared)
      if simplex.count > 0 {
        let vw = v.dot(w)
        // Separating axis beyond the limit: v·w/|v| is a lower bound on the distance.
        if vw > 0 && vw * vw > limit * limit * dist2 {
          let (pa, pb) = simplex.witnesses
          return Result(
            distance: vw / dist2.squareRoot(), pointA: pa, pointB: pb, overlapping: false,
            simplex: simplex, iterations: iterations)
        }
        if dist2 - vw <= relativeTolerance * dist2 { break }
        var repeated = false
        for i in 0..<simplex.count where simplex[i].w == w { repeated = true }
        if repeated { break }
      }
      simplex.append(SimplexVertex(w: w, a: sa, b: sb))
      if !simplex.solve() {
        let (pa, pb) = simplex.witnesses
        return Result(
          distance: 0, pointA: pa, pointB: pb, overlapping: true, simplex: simplex,
          iterations: iterations)
      }
      let next = simplex.closest
      let next2 = next.lengthSquared
      // The origin on the simplex (within 1e-10 of the support points' size, where the
      // direction between the closest points is round-off): touching, left to EPA.
      if next2 <= 1e-20 * maxW2 {
        let (pa, pb) = simplex.witnesses
        return Result(
          distance: 0, pointA: pa, pointB: pb, overlapping: true, simplex: simplex,
          iterations: iterations)
      }
      if next2 >= dist2 {
        // No progress (round-off): report this simplex, whose distance is within round-off
        // of the previous one's.
        dist2 = next2
        break
      }
      dist2 = next2
      v = next
    }
    let (pa, pb) = simplex.witnesses
    return Result(
      distance: dist2.squareRoot(), pointA: pa, pointB: pb, overlapping: false,
      simplex: simplex, iterations: iterations)
  }
}
