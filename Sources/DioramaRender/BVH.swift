import DioramaCore

/// A bounding-volume hierarchy over boxes: the scene's finite primitives (planes are kept
/// outside: they are unbounded) or one mesh's triangles. Nodes are an array of structs on
/// purpose: a traversal step reads all fields of one node together. The tree is flattened
/// depth-first with the two children of an inner node stored next to each other.
///
/// Built top-down with the surface area heuristic (SAH) over binned centroids (Wald 2007, "On
/// fast construction of SAH-based bounding volume hierarchies"; pbrt-v3 §4.3.2). For a split of
/// node N into L and R, the expected cost of a ray that hits N is
/// `C = C_trav + (A(L)/A(N))·c(L) + (A(R)/A(N))·c(R)` (in units of one sphere or box test, `A`
/// the surface area: the probability that a random ray hitting N also hits the child's box,
/// c(S) the summed test cost of the primitives in S, 1 each unless `costs` says otherwise),
/// against `c(N)` for a leaf. Candidates are the `binCount − 1` planes between equal-width bins
/// of the centroid bounds on each axis; the cheapest wins (ties: lower axis, lower plane), so
/// the tree is a pure function of the input order and bounds. A node becomes a leaf when it
/// has at most `maxLeafSize` primitives and no split is cheaper; larger nodes always split,
/// falling back to halving the range when every centroid coincides. Past depth
/// `sahDepthLimit` nodes split at the median along the longest centroid axis, so the depth
/// stays below `sahDepthLimit + log₂ n + 1` whatever the input.
struct BVH {
  /// 56 bytes (six bounds and two indices; the SIMD3 layout took 80).
  struct Node {
    /// Bounds (m), lower corner then upper corner.
    var minX: Double
    var minY: Double
    var minZ: Double
    var maxX: Double
    var maxY: Double
    var maxZ: Double
    /// Leaf: first index into `order`; inner: index of the left child (right = left + 1).
    var start: Int32
    /// Number of primitives in a leaf; 0 for an inner node.
    var count: Int32

    init(lo: Vec3, hi: Vec3, start: Int32, count: Int32) {
      (minX, minY, minZ) = (lo.x, lo.y, lo.z)
      (maxX, maxY, maxZ) = (hi.x, hi.y, hi.z)
      self.start = start
      self.count = count
    }

    var lo: Vec3 { Vec3(minX, minY, minZ) }
    var hi: Vec3 { Vec3(maxX, maxY, maxZ) }
  }

  /// Largest leaf of the scene-level tree (objects).
  ///
  /// Chosen with `sceneTraversalCost` by measurement (release, thread CPU time of 4 camera
  /// rays and one shadow ray per pixel, 320×240, the benchmark crowd scene, with the earlier
  /// pop-then-test traversal): leaf 4 / C_trav 2 ran 63.5 ms (200 objects) and 106 ms (2000),
  /// leaf 2 / C_trav 1 65 and 110 ms, the previous median split (leaf 2) 66.5 and 114 ms.
  static let leafSize = 4
  /// Cost of visiting a scene-level node relative to one sphere or box test.
  static let sceneTraversalCost = 2.0
  /// Centroid bins per axis.
  static let binCount = 16
  /// Depth past which splits are median splits (bounds the traversal stack).
  static let sahDepthLimit = 48

  /// Nodes, root first (empty when there are no primitives).
  var nodes: [Node] = []
  /// Primitive indices in leaf order.
  var order: [Int32] = []
  /// Depth of the tree (root = 1); traversal stacks need at most `depth` entries.
  var depth = 0

  /// Builds the tree over the primitives `indices`, whose boxes are `bounds[index]`.
  ///
  /// - Parameters:
  ///   - bounds: world or local boxes (m), indexed by primitive index.
  ///   - indices: the primitives to put in the tree (others in `bounds` are ignored).
  ///   - maxLeafSize: largest leaf (≥ 1).
  ///   - traversalCost: cost of visiting an inner node relative to a primitive test of cost 1.
  ///   - costs: test cost of each primitive (indexed like `bounds`, > 0), or nil for 1 each.
  /// - Complexity: O(n log n) for n primitives on balanced input (O(n) binning per level).
  init(
    bounds: [(lo: Vec3, hi: Vec3)], indices: [Int32], maxLeafSize: Int = BVH.leafSize,
    traversalCost: Double = BVH.sceneTraversalCost, costs: [Double]? = nil
  ) {
    guard !indices.isEmpty else { return }
    var builder = Builder(
      bounds: bounds, order: indices, maxLeafSize: max(1, maxLeafSize),
      traversalCost: traversalCost, costs: costs)
    builder.nodes.reserveCapacity(2 * indices.count)
    builder.nodes.append(Node(lo: .zero, hi: .zero, start: 0, count: 0))
    depth = builder.build(node: 0, range: 0..<indices.count, level: 1)
    nodes = builder.nodes
    order = builder.order
  }
}

// MARK: - Binned SAH builder

extension BVH {
  /// Build state: the tree so far and per-primitive centroids. One per build, single-threaded.
  private struct Builder {
    let bounds: [(lo: Vec3, hi: Vec3)]
    /// Box centres (m), indexed like `bounds`.
    let centroid: [Vec3]
    /// Test cost per primitive, indexed like `bounds`.
    let cost: [Double]
    var order: [Int32]
    var nodes: [Node] = []
    let maxLeafSize: Int
    let traversalCost: Double
    /// Per-bin scratch (counts and boxes), reused at every node.
    var binCount = [Int](repeating: 0, count: BVH.binCount)
    var binCost = [Double](repeating: 0, count: BVH.binCount)
    var binLo = [Vec3](repeating: .zero, count: BVH.binCount)
    var binHi = [Vec3](repeating: .zero, count: BVH.binCount)
    /// Area·cost of the right side for a split after bin i (index i), from the backward sweep.
    var rightCost = [Double](repeating: 0, count: BVH.binCount)

    init(
      bounds: [(lo: Vec3, hi: Vec3)], order: [Int32], maxLeafSize: Int, traversalCost: Double,
      costs: [Double]?
    ) {
      self.bounds = bounds
      centroid = bounds.map { 0.5 * ($0.lo + $0.hi) }
      cost = costs ?? [Double](repeating: 1, count: bounds.count)
      self.order = order
      self.maxLeafSize = maxLeafSize
      self.traversalCost = traversalCost
    }

    /// Builds the subtree of `node` over `order[range]`; returns its depth counted from the
    /// root (the root is level 1).
    mutating func build(node: Int, range: Range<Int>, level: Int) -> Int {
      var lo = Vec3(repeating: .infinity)
      var hi = Vec3(repeating: -.infinity)
      var clo = Vec3(repeating: .infinity)
      var chi = Vec3(repeating: -.infinity)
      var leafCost = 0.0
      for i in range {
        let k = Int(order[i])
        leafCost += cost[k]
        lo = pointwiseMin(lo, bounds[k].lo)
        hi = pointwiseMax(hi, bounds[k].hi)
        clo = pointwiseMin(clo, centroid[k])
        chi = pointwiseMax(chi, centroid[k])
      }
      nodes[node] = Node(lo: lo, hi: hi, start: 0, count: 0)
      let n = range.count
      if n == 1 { return makeLeaf(node, range, level) }

      let e = chi - clo
      let longest = e.x >= e.y && e.x >= e.z ? 0 : (e.y >= e.z ? 1 : 2)
      var mid = range.lowerBound
      if level >= BVH.sahDepthLimit {
        mid = medianSplit(range, axis: longest)
      } else if let split = bestSplit(
        range, clo: clo, extent: e, nodeArea: area(lo, hi), leafCost: leafCost)
      {
        if n <= maxLeafSize && split.cost >= leafCost { return makeLeaf(node, range, level) }
        mid = partition(range, axis: split.axis, bin: split.bin, lo: clo[split.axis], extent: e)
      } else {
        // Every centroid coincides: no plane separates them.
        if n <= maxLeafSize { return makeLeaf(node, range, level) }
        mid = range.lowerBound + n / 2
      }
      let left = nodes.count
      nodes.append(Node(lo: .zero, hi: .zero, start: 0, count: 0))
      nodes.append(Node(lo: .zero, hi: .zero, start: 0, count: 0))
      nodes[node].start = Int32(left)
      nodes[node].count = 0
      let dl = build(node: left, range: range.lowerBound..<mid, level: level + 1)
      let dr = build(node: left + 1, range: mid..<range.upperBound, level: level + 1)
      return max(dl, dr)
    }

    private mutating func makeLeaf(_ node: Int, _ range: Range<Int>, _ level: Int) -> Int {
      nodes[node].start = Int32(range.lowerBound)
      nodes[node].count = Int32(range.count)
      return level
    }

    /// Bin of a centroid coordinate `c` on an axis whose centroid bounds start at `lo` with
    /// width `extent` > 0. The same expression is used for binning and partitioning, so a
    /// primitive lands on the side its bin was counted on.
    @inline(__always)
    private func bin(_ c: Double, lo: Double, extent: Double) -> Int {
      min(BVH.binCount - 1, max(0, Int(Double(BVH.binCount) * ((c - lo) / extent))))
    }

    /// The cheapest binned SAH split of `order[range]`, or nil when the centroids coincide on
    /// every axis. Cost in units of one primitive test, `C_trav` included.
    private mutating func bestSplit(
      _ range: Range<Int>, clo: Vec3, extent: Vec3, nodeArea: Double, leafCost: Double
    ) -> (axis: Int, bin: Int, cost: Double)? {
      var best: (axis: Int, bin: Int, cost: Double)? = nil
      var bestCost = Double.infinity
      for axis in 0..<3 where extent[axis] > 0 {
        for b in 0..<BVH.binCount {
          binCount[b] = 0
          binCost[b] = 0
          binLo[b] = Vec3(repeating: .infinity)
          binHi[b] = Vec3(repeating: -.infinity)
        }
        for i in range {
          let k = Int(order[i])
          let b = bin(centroid[k][axis], lo: clo[axis], extent: extent[axis])
          binCount[b] += 1
          binCost[b] += cost[k]
          binLo[b] = pointwiseMin(binLo[b], bounds[k].lo)
          binHi[b] = pointwiseMax(binHi[b], bounds[k].hi)
        }
        // Backward sweep: right side of the plane after bin i holds bins i+1 ... B−1.
        var rLo = Vec3(repeating: .infinity)
        var rHi = Vec3(repeating: -.infinity)
        var rC = 0.0
        var b = BVH.binCount - 1
        while b > 0 {
          rLo = pointwiseMin(rLo, binLo[b])
          rHi = pointwiseMax(rHi, binHi[b])
          rC += binCost[b]
          rightCost[b - 1] = rC > 0 ? area(rLo, rHi) * rC : 0
          b -= 1
        }
        // Forward sweep over the planes; a plane with an empty side is no split.
        var lLo = Vec3(repeating: .infinity)
        var lHi = Vec3(repeating: -.infinity)
        var lN = 0
        var lC = 0.0
        let n = range.count
        for i in 0..<(BVH.binCount - 1) {
          lLo = pointwiseMin(lLo, binLo[i])
          lHi = pointwiseMax(lHi, binHi[i])
          lN += binCount[i]
          lC += binCost[i]
          if lN == 0 || lN == n { continue }
          let sah = area(lLo, lHi) * lC + rightCost[i]
          let cost = traversalCost + (nodeArea > 0 ? sah / nodeArea : leafCost)
          if cost < bestCost {
            bestCost = cost
            best = (axis, i, cost)
          }
        }
      }
      return best
    }

    /// Moves the primitives whose centroid bin is ≤ `bin` on `axis` to the front of `range`
    /// (two-pointer swaps: deterministic); returns the first index of the right side.
    private mutating func partition(
      _ range: Range<Int>, axis: Int, bin split: Int, lo: Double, extent: Vec3
    ) -> Int {
      var i = range.lowerBound
      var j = range.upperBound - 1
      while i <= j {
        if bin(centroid[Int(order[i])][axis], lo: lo, extent: extent[axis]) <= split {
          i += 1
        } else {
          order.swapAt(i, j)
          j -= 1
        }
      }
      return i
    }

    /// Sorts `order[range]` by centroid on `axis` (ties by index) and returns the middle.
    private mutating func medianSplit(_ range: Range<Int>, axis: Int) -> Int {
      let sorted = order[range].sorted { a, b in
        let ca = centroid[Int(a)][axis]
        let cb = centroid[Int(b)][axis]
        return ca < cb || (ca == cb && a < b)
      }
      order.replaceSubrange(range, with: sorted)
      return range.lowerBound + range.count / 2
    }
  }
}

/// Surface area (m²) of the box [lo, hi]; 0 for an empty or degenerate box.
@inline(__always)
func area(_ lo: Vec3, _ hi: Vec3) -> Double {
  let e = hi - lo
  guard e.x >= 0, e.y >= 0, e.z >= 0 else { return 0 }
  return 2 * (e.x * e.y + e.y * e.z + e.z * e.x)
}

/// Componentwise 1/d with zero components replaced by ±1e-300 (keeping the sign of zero), so
/// the slab test never forms 0·∞ = NaN for a ray lying in a slab's plane: it then counts as
/// inside the slab.
@inline(__always)
func safeInverse(_ d: Vec3) -> Vec3 {
  @inline(__always) func s(_ x: Double) -> Double {
    x != 0 ? x : (x.sign == .minus ? -1e-300 : 1e-300)
  }
  return 1 / Vec3(s(d.x), s(d.y), s(d.z))
}

/// Entry distance of a ray into an AABB, clamped to ≥ 0, when the ray overlaps it within
/// [0, tMax]; `.infinity` otherwise. `inv` comes from `safeInverse`.
///
/// Slab test (Kay & Kajiya 1986). The far distance is enlarged by 1 + 2γ₃ (γₙ = nu/(1 − nu),
/// u = 2⁻⁵³), which bounds the rounding of `(hi − o)·inv` (Ize 2013, "Robust BVH ray
/// traversal"; pbrt-v3 §3.9.2), so a ray that touches a box is never culled by rounding:
/// traversal is conservative and the primitive tests alone decide what is hit. Written on
/// scalars so it compiles to plain min/max instructions.
@inline(__always)
func boxEntry(_ n: BVH.Node, _ o: Vec3, _ inv: Vec3, _ tMax: Double) -> Double {
  let x1 = (n.minX - o.x) * inv.x
  let x2 = (n.maxX - o.x) * inv.x
  let y1 = (n.minY - o.y) * inv.y
  let y2 = (n.maxY - o.y) * inv.y
  let z1 = (n.minZ - o.z) * inv.z
  let z2 = (n.maxZ - o.z) * inv.z
  let tNear = max(max(min(x1, x2), min(y1, y2)), max(min(z1, z2), 0))
  let tFar = min(min(max(x1, x2), max(y1, y2)), max(z1, z2)) * (1 + 6.7e-16)
  return tNear <= tFar && tNear <= tMax ? tNear : .infinity
}

/// One pending subtree of a traversal: node index and the ray's entry distance into its box.
struct TraversalEntry {
  var node: Int32
  var t: Double
}

/// Walks the BVH `nodes` (root at index 0, depth `depth`) front to back along the ray
/// o + t·d (`inv` = `safeInverse(d)`), calling `leaf(start, count, &tMax)` for every leaf whose
/// box the ray enters before `tMax`. The leaf may lower `tMax` (closest hit: boxes entered
/// beyond it are skipped) and returns true to stop (any hit).
///
/// At an inner node both children's boxes are tested; the nearer hit child is visited next and
/// the farther one pushed with its entry distance, and a popped entry beyond the current
/// `tMax` is dropped. The stack never holds more than `depth` entries.
@inline(__always)
func traverseBVH(
  _ nodes: UnsafePointer<BVH.Node>, depth: Int, _ o: Vec3, _ inv: Vec3, _ tMax: Double,
  _ leaf: (_ start: Int, _ count: Int, _ tMax: inout Double) -> Bool
) {
  var tMax = tMax
  if boxEntry(nodes[0], o, inv, tMax) == .infinity { return }
  withUnsafeTemporaryAllocation(of: TraversalEntry.self, capacity: depth + 1) { stack in
    var sp = 0
    var current = 0
    while true {
      let node = nodes[current]
      var next = -1
      if node.count > 0 {
        if leaf(Int(node.start), Int(node.count), &tMax) { return }
      } else {
        let l = Int(node.start)
        let tl = boxEntry(nodes[l], o, inv, tMax)
        let tr = boxEntry(nodes[l + 1], o, inv, tMax)
        if tl <= tr {
          if tl < .infinity {
            next = l
            if tr < .infinity {
              stack[sp] = TraversalEntry(node: Int32(l + 1), t: tr)
              sp += 1
            }
          }
        } else {
          next = l + 1
          if tl < .infinity {
            stack[sp] = TraversalEntry(node: Int32(l), t: tl)
            sp += 1
          }
        }
      }
      while next < 0 && sp > 0 {
        sp -= 1
        if stack[sp].t <= tMax { next = Int(stack[sp].node) }
      }
      if next < 0 { return }
      current = next
    }
  }
}
