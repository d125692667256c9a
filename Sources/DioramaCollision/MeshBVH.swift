import DioramaCore

/// A static bounding-volume hierarchy over primitives given by their boxes (m), built once by
/// the binned surface-area heuristic and stored as a flat array of nodes in depth-first order.
///
/// Build (Wald, "On fast Construction of SAH-based Bounding Volume Hierarchies", RT 2007):
/// at each node the primitives' centroids are sorted into `binCount` equal bins along each
/// axis, and the split between bins that minimises the SAH cost
///
///     C = C_trav + (A_L N_L + A_R N_R) / A        (A: surface area, N: primitive count)
///
/// is taken, with C_trav = 1 and a primitive test costing 1; a node of at most `maxLeafSize`
/// primitives becomes a leaf when that is cheaper (cost N), a node whose centroids coincide is
/// split in half by position in the list. Deterministic: no hashing, no threads.
///
/// Layout (as pbrt-v4's `LinearBVHNode`): a node's left child follows it, its right child is at
/// `index`; a leaf holds primitives `primitives[index ..< index + count]`. Bounds are stored as
/// `Float`, rounded outwards, so each node is 32 bytes and still contains its primitives.
///
/// - Complexity: build O(n log n) for n primitives; a box query O(log n + k) for k hits on
///   well-shaped input.
struct MeshBVH: Sendable {
  /// One node: bounds (m, `Float`, rounded outwards) and either a primitive range (leaf,
  /// count > 0) or the right child's index and the split axis (count = 0).
  struct Node: Sendable {
    var minX: Float
    var minY: Float
    var minZ: Float
    var maxX: Float
    var maxY: Float
    var maxZ: Float
    /// Leaf: first entry in `primitives`; inner node: index of the right child.
    var index: Int32
    /// Number of primitives (0 for an inner node).
    var count: UInt16
    /// Split axis of an inner node (0, 1, 2): its left child holds the lower centroids.
    var axis: UInt16
  }

  static let binCount = 16
  static let maxLeafSize = 4

  /// Nodes in depth-first order; empty when there are no primitives.
  let nodes: [Node]
  /// Primitive ids (indices into the caller's list) in leaf order.
  let primitives: [Int32]
  /// Number of levels (1 for a single leaf); bounds the traversal stack.
  let depth: Int

  /// Builds the hierarchy over primitives whose boxes are `lo[i]`…`hi[i]` (m).
  ///
  /// Precondition: `lo.count == hi.count`, every bound finite.
  init(lo: [Vec3], hi: [Vec3]) {
    precondition(lo.count == hi.count, "MeshBVH: one lower and one upper corner per primitive")
    let n = lo.count
    precondition(n < Int(Int32.max), "MeshBVH: at most 2³¹ − 1 primitives")
    if n == 0 {
      nodes = []
      primitives = []
      depth = 0
      return
    }
    // One record per primitive (box, centroid, id), moved with the partition so that every
    // pass over a node reads memory in order.
    var records = [Record](repeating: Record(), count: n)
    for i in 0..<n {
      records[i] = Record(lo: lo[i], hi: hi[i], id: Int32(i))
    }
    var out: [Node] = []
    out.reserveCapacity(2 * ((n + 1) / 2))
    var maxLevel = 1
    records.withUnsafeMutableBufferPointer { r in
      maxLevel = Self.build(r, into: &out)
    }
    nodes = out
    primitives = records.map(\.id)
    depth = maxLevel
  }

  /// A primitive during the build: its box and centroid (m) and its id (80 bytes).
  struct Record {
    var lo: (Double, Double, Double) = (0, 0, 0)
    var hi: (Double, Double, Double) = (0, 0, 0)
    var centre: (Double, Double, Double) = (0, 0, 0)
    var id: Int32 = 0

    init() {}

    init(lo l: Vec3, hi h: Vec3, id: Int32) {
      lo = (l.x, l.y, l.z)
      hi = (h.x, h.y, h.z)
      centre = (0.5 * (l.x + h.x), 0.5 * (l.y + h.y), 0.5 * (l.z + h.z))
      self.id = id
    }

    @inline(__always) func centre(_ k: Int) -> Double {
      k == 0 ? centre.0 : (k == 1 ? centre.1 : centre.2)
    }
  }

  /// An axis-aligned box as six scalars, grown point by point (m).
  struct Bounds {
    var lo = (Double.infinity, Double.infinity, Double.infinity)
    var hi = (-Double.infinity, -Double.infinity, -Double.infinity)

    @inline(__always) mutating func grow(
      lo l: (Double, Double, Double), hi h: (Double, Double, Double)
    ) {
      lo.0 = l.0 < lo.0 ? l.0 : lo.0
      lo.1 = l.1 < lo.1 ? l.1 : lo.1
      lo.2 = l.2 < lo.2 ? l.2 : lo.2
      hi.0 = h.0 > hi.0 ? h.0 : hi.0
      hi.1 = h.1 > hi.1 ? h.1 : hi.1
      hi.2 = h.2 > hi.2 ? h.2 : hi.2
    }

    @inline(__always) mutating func grow(_ b: Bounds) { grow(lo: b.lo, hi: b.hi) }

    /// Half the surface area (m²): dx dy + dy dz + dz dx.
    @inline(__always) var halfArea: Double {
      let dx = hi.0 - lo.0
      let dy = hi.1 - lo.1
      let dz = hi.2 - lo.2
      return dx * dy + dy * dz + dz * dx
    }
  }

  /// The build loop (see the type's comment); returns the number of levels.
  private static func build(_ prims: UnsafeMutableBufferPointer<Record>, into out: inout [Node])
    -> Int
  {
    struct Task {
      var start: Int
      var end: Int
      var parent: Int  // node whose right-child index this task fills, or −1
      var level: Int
    }
    let bins = binCount
    var stack = [Task(start: 0, end: prims.count, parent: -1, level: 1)]
    var maxLevel = 1
    // Per axis a and bin b (index a·bins + b): count and box.
    var binN = [Int](repeating: 0, count: 3 * bins)
    var binBox = [Bounds](repeating: Bounds(), count: 3 * bins)
    var rightArea = [Double](repeating: 0, count: bins)
    var rightN = [Int](repeating: 0, count: bins)

    binN.withUnsafeMutableBufferPointer { binN in
      binBox.withUnsafeMutableBufferPointer { binBox in
        rightArea.withUnsafeMutableBufferPointer { rightArea in
          rightN.withUnsafeMutableBufferPointer { rightN in
            while let task = stack.popLast() {
              let here = out.count
              if task.parent >= 0 { out[task.parent].index = Int32(here) }
              maxLevel = Swift.max(maxLevel, task.level)
              var bounds = Bounds()
              var centres = Bounds()
              for i in task.start..<task.end {
                bounds.grow(lo: prims[i].lo, hi: prims[i].hi)
                centres.grow(lo: prims[i].centre, hi: prims[i].centre)
              }
              let count = task.end - task.start
              var node = Self.node(
                lo: Vec3(bounds.lo.0, bounds.lo.1, bounds.lo.2),
                hi: Vec3(bounds.hi.0, bounds.hi.1, bounds.hi.2))

              // Bin all three axes in one pass. Bin of centroid c along k:
              // min(bins − 1, ⌊(c − c_min)·bins / extent⌋).
              let extent = (
                centres.hi.0 - centres.lo.0, centres.hi.1 - centres.lo.1,
                centres.hi.2 - centres.lo.2
              )
              let scale = (
                extent.0 > 0 ? Double(bins) / extent.0 : 0,
                extent.1 > 0 ? Double(bins) / extent.1 : 0,
                extent.2 > 0 ? Double(bins) / extent.2 : 0
              )
              let usable = (extent.0 > 0 ? 1 : 0) | (extent.1 > 0 ? 2 : 0) | (extent.2 > 0 ? 4 : 0)
              @inline(__always) func bin(_ c: Double, _ lo: Double, _ scale: Double) -> Int {
                Swift.min(bins - 1, Int((c - lo) * scale))
              }
              var bestCost = Double.infinity
              var bestAxis = -1
              var bestBin = 0
              if count > 1 && usable != 0 {
                for j in 0..<(3 * bins) {
                  binN[j] = 0
                  binBox[j] = Bounds()
                }
                for i in task.start..<task.end {
                  let r = prims[i]
                  if usable & 1 != 0 {
                    let j = bin(r.centre.0, centres.lo.0, scale.0)
                    binN[j] += 1
                    binBox[j].grow(lo: r.lo, hi: r.hi)
                  }
                  if usable & 2 != 0 {
                    let j = bins + bin(r.centre.1, centres.lo.1, scale.1)
                    binN[j] += 1
                    binBox[j].grow(lo: r.lo, hi: r.hi)
                  }
                  if usable & 4 != 0 {
                    let j = 2 * bins + bin(r.centre.2, centres.lo.2, scale.2)
                    binN[j] += 1
                    binBox[j].grow(lo: r.lo, hi: r.hi)
                  }
                }
                let parentArea = Swift.max(bounds.halfArea, .leastNormalMagnitude)
                for k in 0..<3 where usable & (1 << k) != 0 {
                  // Sweep from the right: rightArea[s], rightN[s] describe bins s+1 … end.
                  var right = Bounds()
                  var rN = 0
                  for s in stride(from: bins - 2, through: 0, by: -1) {
                    let j = k * bins + s + 1
                    right.grow(binBox[j])
                    rN += binN[j]
                    rightArea[s] = rN > 0 ? right.halfArea : 0
                    rightN[s] = rN
                  }
                  var left = Bounds()
                  var lN = 0
                  for s in 0..<(bins - 1) {
                    let j = k * bins + s
                    left.grow(binBox[j])
                    lN += binN[j]
                    if lN == 0 || rightN[s] == 0 { continue }
                    let cost =
                      1 + (left.halfArea * Double(lN) + rightArea[s] * Double(rightN[s]))
                      / parentArea
                    if cost < bestCost {
                      bestCost = cost
                      bestAxis = k
                      bestBin = s
                    }
                  }
                }
              }

              if count == 1 || (count <= Self.maxLeafSize && Double(count) <= bestCost) {
                node.index = Int32(task.start)
                node.count = UInt16(count)
                out.append(node)
                continue
              }
              var mid: Int
              if bestAxis >= 0 {
                // Partition by bin (the same arithmetic as binning): bins ≤ bestBin go left.
                let k = bestAxis
                let lo = k == 0 ? centres.lo.0 : (k == 1 ? centres.lo.1 : centres.lo.2)
                let sk = k == 0 ? scale.0 : (k == 1 ? scale.1 : scale.2)
                var i = task.start
                var j = task.end - 1
                while i <= j {
                  if bin(prims[i].centre(k), lo, sk) <= bestBin {
                    i += 1
                  } else {
                    prims.swapAt(i, j)
                    j -= 1
                  }
                }
                mid = i
                node.axis = UInt16(k)
              } else {
                // All centroids coincide: halve the list.
                mid = (task.start + task.end) / 2
              }
              if mid == task.start || mid == task.end { mid = (task.start + task.end) / 2 }
              node.count = 0
              node.index = -1
              out.append(node)
              stack.append(Task(start: mid, end: task.end, parent: here, level: task.level + 1))
              stack.append(Task(start: task.start, end: mid, parent: -1, level: task.level + 1))
            }
          }
        }
      }
    }
    return maxLevel
  }

  /// Half the surface area of a box (m²): dx dy + dy dz + dz dx.
  @inline(__always) static func halfArea(_ lo: Vec3, _ hi: Vec3) -> Double {
    let d = hi - lo
    return d.x * d.y + d.y * d.z + d.z * d.x
  }

  /// The node enclosing `lo`…`hi`, bounds rounded outwards to `Float`.
  static func node(lo: Vec3, hi: Vec3) -> Node {
    Node(
      minX: floatDown(lo.x), minY: floatDown(lo.y), minZ: floatDown(lo.z),
      maxX: floatUp(hi.x), maxY: floatUp(hi.y), maxZ: floatUp(hi.z), index: 0, count: 0,
      axis: 0)
  }

  /// The largest `Float` ≤ x.
  @inline(__always) static func floatDown(_ x: Double) -> Float {
    let f = Float(x)
    return Double(f) > x ? f.nextDown : f
  }

  /// The smallest `Float` ≥ x.
  @inline(__always) static func floatUp(_ x: Double) -> Float {
    let f = Float(x)
    return Double(f) < x ? f.nextUp : f
  }

  /// Calls `body` with every primitive id in a leaf whose box overlaps `box` (a superset of
  /// the primitives whose own boxes overlap it), in depth-first order. No allocation: the
  /// traversal stack (`depth` entries) lives on the stack.
  ///
  /// - Complexity: O(log n + k) on well-shaped input.
  @inline(__always)
  func forEachCandidate(overlapping box: AABB, _ body: (Int) -> Void) {
    if nodes.isEmpty || !box.overlaps(box) { return }
    let qLo = SIMD3<Float>(
      Self.floatDown(box.min.x), Self.floatDown(box.min.y), Self.floatDown(box.min.z))
    let qHi = SIMD3<Float>(
      Self.floatUp(box.max.x), Self.floatUp(box.max.y), Self.floatUp(box.max.z))
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: depth + 1) { stack in
      nodes.withUnsafeBufferPointer { nb in
        primitives.withUnsafeBufferPointer { pb in
          var sp = 0
          var i = 0
          while true {
            let node = nb[i]
            let hit =
              node.minX <= qHi.x && qLo.x <= node.maxX && node.minY <= qHi.y
              && qLo.y <= node.maxY && node.minZ <= qHi.z && qLo.z <= node.maxZ
            if hit {
              if node.count == 0 {
                stack[sp] = node.index
                sp += 1
                i += 1
                continue
              }
              let start = Int(node.index)
              for k in start..<(start + Int(node.count)) { body(Int(pb[k])) }
            }
            if sp == 0 { break }
            sp -= 1
            i = Int(stack[sp])
          }
        }
      }
    }
  }
}
