import DioramaCore

/// A bounding-volume hierarchy over finite primitives (planes are kept outside: they are
/// unbounded). Median split on the longest axis of the centroid bounds; leaves hold up to
/// `leafSize` primitives. Nodes are an array of structs on purpose: a traversal step reads
/// all fields of one node together.
struct BVH {
  struct Node {
    /// Bounds (m).
    var lo: Vec3
    var hi: Vec3
    /// Leaf: first index into `order`; inner: index of the left child (right = left + 1).
    var start: Int32
    /// Number of primitives in a leaf; 0 for an inner node.
    var count: Int32
    /// Split axis of an inner node (0, 1, 2), used to visit the nearer child first.
    var axis: Int32
  }

  static let leafSize = 2

  /// Nodes, root first (empty when there are no finite primitives).
  var nodes: [Node] = []
  /// Primitive indices in leaf order.
  var order: [Int32] = []
  /// Depth of the tree (root = 1); traversal stacks need at most `depth` entries.
  var depth = 0

  /// - Complexity: O(n log² n) for n primitives (a sort per level).
  init(bounds: [(lo: Vec3, hi: Vec3)], indices: [Int32]) {
    guard !indices.isEmpty else { return }
    order = indices
    nodes.reserveCapacity(2 * indices.count)
    nodes.append(Node(lo: .zero, hi: .zero, start: 0, count: 0, axis: 0))
    depth = build(node: 0, range: 0..<indices.count, bounds: bounds, level: 1)
  }

  private mutating func build(
    node: Int, range: Range<Int>, bounds: [(lo: Vec3, hi: Vec3)], level: Int
  ) -> Int {
    var lo = Vec3(repeating: .infinity)
    var hi = Vec3(repeating: -.infinity)
    var clo = Vec3(repeating: .infinity)
    var chi = Vec3(repeating: -.infinity)
    for i in range {
      let b = bounds[Int(order[i])]
      lo = pointwiseMin(lo, b.lo)
      hi = pointwiseMax(hi, b.hi)
      let c = 0.5 * (b.lo + b.hi)
      clo = pointwiseMin(clo, c)
      chi = pointwiseMax(chi, c)
    }
    nodes[node].lo = lo
    nodes[node].hi = hi
    if range.count <= BVH.leafSize {
      nodes[node].start = Int32(range.lowerBound)
      nodes[node].count = Int32(range.count)
      return level
    }
    let e = chi - clo
    let axis = e.x >= e.y && e.x >= e.z ? 0 : (e.y >= e.z ? 1 : 2)
    // Sort by centroid on the axis, ties by index, so the tree is deterministic.
    let sorted = order[range].sorted { a, b in
      let ca = bounds[Int(a)].lo[axis] + bounds[Int(a)].hi[axis]
      let cb = bounds[Int(b)].lo[axis] + bounds[Int(b)].hi[axis]
      return ca < cb || (ca == cb && a < b)
    }
    order.replaceSubrange(range, with: sorted)
    let mid = range.lowerBound + range.count / 2
    let left = nodes.count
    nodes.append(Node(lo: .zero, hi: .zero, start: 0, count: 0, axis: 0))
    nodes.append(Node(lo: .zero, hi: .zero, start: 0, count: 0, axis: 0))
    nodes[node].start = Int32(left)
    nodes[node].count = 0
    nodes[node].axis = Int32(axis)
    let dl = build(node: left, range: range.lowerBound..<mid, bounds: bounds, level: level + 1)
    let dr = build(node: left + 1, range: mid..<range.upperBound, bounds: bounds, level: level + 1)
    return max(dl, dr)
  }
}

/// Slab test of a ray against an AABB: true when it overlaps (0, tMax).
@inline(__always)
func hitsBox(_ lo: Vec3, _ hi: Vec3, _ o: Vec3, _ inv: Vec3, _ tMax: Double) -> Bool {
  let t1 = (lo - o) * inv
  let t2 = (hi - o) * inv
  let tNear = max(pointwiseMin(t1, t2).max(), 0)
  let tFar = min(pointwiseMax(t1, t2).min(), tMax)
  return tNear <= tFar
}
