import DioramaCore

/// Finds the pairs of overlapping AABBs by sweep and prune along the axis of largest
/// variance of the box centres.
///
/// The output depends only on the boxes, never on history: the pairs (i, j) with i < j whose
/// closed boxes overlap (`AABB.overlaps`), in lexicographic order. Internally the sorted order
/// is kept between calls, so coherent motion re-sorts in near-linear time (insertion sort,
/// falling back to heapsort when the boxes moved too much or the sweep axis changed). All
/// buffers are kept: after warm-up a call allocates nothing unless the counts grow.
///
/// ```swift
/// var broad = BroadPhase()
/// var pairs: [(Int32, Int32)] = []
/// broad.findPairs(aabbs: boxes, into: &pairs)
/// ```
public struct BroadPhase: Sendable {
  /// The current sweep axis (0 = x, 1 = y, 2 = z).
  public private(set) var axis = 0
  /// Box indices sorted by (lower bound along `axis`, index).
  private var order: [Int32] = []
  /// Lower bound of each box along `axis` (m), NaN mapped to +∞; indexed by box.
  private var lower: [Double] = []
  /// Overlapping pairs packed as i << shift | j, then radix-sorted.
  private var keys: [UInt64] = []
  private var scratch: [UInt64] = []
  private var counts = [Int](repeating: 0, count: 256)

  public init() {}

  /// Writes into `pairs` (replacing its contents) every pair (i, j), i < j, of indices into
  /// `aabbs` whose boxes overlap, sorted lexicographically.
  ///
  /// Boxes with a NaN bound overlap nothing.
  /// - Complexity: O(n log n + k) for n boxes and k overlaps along the sweep axis; O(n + k)
  ///   when the order changed little since the previous call.
  public mutating func findPairs(aabbs: [AABB], into pairs: inout [(Int32, Int32)]) {
    let n = aabbs.count
    precondition(n < Int(Int32.max), "BroadPhase handles fewer than 2³¹ boxes")
    pairs.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    let newAxis = chooseAxis(aabbs)
    let resort = order.count != n || newAxis != axis
    axis = newAxis
    if lower.count != n { lower = [Double](repeating: 0, count: n) }
    for i in 0..<n {
      let lo = aabbs[i].min[axis]
      lower[i] = lo.isNaN ? .infinity : lo
    }
    if resort {
      order.removeAll(keepingCapacity: true)
      for i in 0..<n { order.append(Int32(i)) }
      heapSortOrder()
    } else if !insertionSortOrder(maxShifts: 16 * n + 64) {
      heapSortOrder()
    }
    sweep(aabbs)
    sortKeys(indexCount: n)
    let shift = Self.indexBits(n)
    let mask = (UInt64(1) << shift) - 1
    for k in keys {
      pairs.append((Int32(truncatingIfNeeded: k >> shift), Int32(truncatingIfNeeded: k & mask)))
    }
  }

  /// The axis with the largest variance of box centres, keeping the current axis unless
  /// another beats it by 25 % (hysteresis: fewer full re-sorts). Ties go to the lowest axis.
  private func chooseAxis(_ aabbs: [AABB]) -> Int {
    let n = aabbs.count
    if n < 2 { return axis }
    var sum = Vec3.zero
    for b in aabbs { sum += b.min + b.max }
    let mean = sum / Double(2 * n)
    var variance = Vec3.zero
    for b in aabbs {
      let c = 0.5 * (b.min + b.max) - mean
      variance += c * c
    }
    var best = 0
    for k in 1..<3 where variance[k] > variance[best] { best = k }
    return variance[best] > 1.25 * variance[axis] ? best : axis
  }

  @inline(__always) private func less(_ a: Int32, _ b: Int32) -> Bool {
    let la = lower[Int(a)]
    let lb = lower[Int(b)]
    return la < lb || (la == lb && a < b)
  }

  /// Insertion sort of `order`; gives up (returns false) after `maxShifts` moves.
  private mutating func insertionSortOrder(maxShifts: Int) -> Bool {
    var shifts = 0
    var i = 1
    while i < order.count {
      let x = order[i]
      var j = i
      while j > 0 && less(x, order[j - 1]) {
        order[j] = order[j - 1]
        j -= 1
        shifts += 1
      }
      order[j] = x
      if shifts > maxShifts { return false }
      i += 1
    }
    return true
  }

  /// In-place heapsort of `order` (no allocation; deterministic since keys are distinct).
  private mutating func heapSortOrder() {
    let n = order.count
    if n < 2 { return }
    var start = n / 2 - 1
    while start >= 0 {
      siftDown(start, n)
      start -= 1
    }
    var end = n - 1
    while end > 0 {
      order.swapAt(0, end)
      siftDown(0, end)
      end -= 1
    }
  }

  private mutating func siftDown(_ start: Int, _ end: Int) {
    var root = start
    while true {
      var child = 2 * root + 1
      if child >= end { return }
      if child + 1 < end && less(order[child], order[child + 1]) { child += 1 }
      if !less(order[root], order[child]) { return }
      order.swapAt(root, child)
      root = child
    }
  }

  /// Walks the sorted order: box i meets the later boxes whose lower bound along the axis is
  /// ≤ its upper bound; those that overlap on all three axes become keys.
  private mutating func sweep(_ aabbs: [AABB]) {
    let n = order.count
    let shift = Self.indexBits(n)
    for p in 0..<n {
      let i = Int(order[p])
      let hiRaw = aabbs[i].max[axis]
      let hi = hiRaw.isNaN ? -Double.infinity : hiRaw
      var q = p + 1
      while q < n {
        let j = Int(order[q])
        if lower[j] > hi { break }
        if aabbs[i].overlaps(aabbs[j]) {
          let (lo, up) = i < j ? (i, j) : (j, i)
          keys.append(UInt64(lo) << shift | UInt64(up))
        }
        q += 1
      }
    }
  }

  /// Bits needed for an index below `n` (at least 1).
  private static func indexBits(_ n: Int) -> UInt64 {
    UInt64(Swift.max(1, Int.bitWidth - Swift.max(n - 1, 1).leadingZeroBitCount))
  }

  /// LSD radix sort of `keys`, one byte per pass over the 2·indexBits used bits.
  private mutating func sortKeys(indexCount n: Int) {
    let m = keys.count
    if m < 2 { return }
    let bits = 2 * Int(Self.indexBits(n))
    if scratch.count < m { scratch = [UInt64](repeating: 0, count: m) }
    var shift: UInt64 = 0
    while shift < UInt64(bits) {
      for b in 0..<256 { counts[b] = 0 }
      for k in keys { counts[Int((k >> shift) & 0xFF)] += 1 }
      var total = 0
      for b in 0..<256 {
        let c = counts[b]
        counts[b] = total
        total += c
      }
      for k in keys {
        let b = Int((k >> shift) & 0xFF)
        scratch[counts[b]] = k
        counts[b] += 1
      }
      for t in 0..<m { keys[t] = scratch[t] }
      shift += 8
    }
  }
}
