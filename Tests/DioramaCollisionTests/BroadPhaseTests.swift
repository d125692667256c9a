import DioramaCore
import Testing
import _TestSupport

@testable import DioramaCollision

private func randomBoxes(_ n: Int, seed: UInt64) -> [AABB] {
  var rng = SeededGenerator(seed: seed)
  return (0..<n).map { _ in
    // Spread wider in x than y and z so the sweep axis is x; sizes 0.05…1.05 m.
    let c = Vec3(20 * rng.nextUnit(), 8 * rng.nextUnit(), 5 * rng.nextUnit())
    let h = Vec3(
      0.05 + rng.nextUnit(), 0.05 + rng.nextUnit(), 0.05 + rng.nextUnit())
    return AABB(min: c - h, max: c + h)
  }
}

private func bruteForcePairs(_ boxes: [AABB]) -> [[Int32]] {
  var out: [[Int32]] = []
  for i in 0..<boxes.count {
    for j in (i + 1)..<boxes.count where boxes[i].overlaps(boxes[j]) {
      out.append([Int32(i), Int32(j)])
    }
  }
  return out
}

@Test func broadPhaseMatchesBruteForceOn500RandomBoxes() {
  let boxes = randomBoxes(500, seed: 11)
  var broad = BroadPhase()
  var pairs: [(Int32, Int32)] = []
  broad.findPairs(aabbs: boxes, into: &pairs)
  let expected = bruteForcePairs(boxes)
  #expect(expected.count > 500)  // a meaningful number of overlaps
  #expect(pairs.map { [$0.0, $0.1] } == expected)  // same set, same lexicographic order
  #expect(broad.axis == 0)
}

@Test func broadPhaseStaysExactAsBoxesMove() {
  // Coherent motion (insertion-sort path), a large jump (heapsort fallback) and a change of
  // sweep axis all give the brute-force answer.
  var boxes = randomBoxes(500, seed: 12)
  var rng = SeededGenerator(seed: 13)
  var broad = BroadPhase()
  var pairs: [(Int32, Int32)] = []
  for frame in 0..<12 {
    let jump = frame == 6 ? 10.0 : 0.05
    for i in boxes.indices {
      var d = jump * Vec3(rng.nextUnit() - 0.5, rng.nextUnit() - 0.5, rng.nextUnit() - 0.5)
      if frame >= 9 { d.y += 3 * Double(i % 10) * rng.nextUnit() }  // y spreads: new axis
      boxes[i] = AABB(min: boxes[i].min + d, max: boxes[i].max + d)
    }
    broad.findPairs(aabbs: boxes, into: &pairs)
    #expect(pairs.map { [$0.0, $0.1] } == bruteForcePairs(boxes), "frame \(frame)")
  }
  #expect(broad.axis == 1)
}

@Test func broadPhaseHandlesEdgeCases() {
  var broad = BroadPhase()
  var pairs: [(Int32, Int32)] = [(7, 8)]
  broad.findPairs(aabbs: [], into: &pairs)
  #expect(pairs.isEmpty)
  let unit = AABB(min: .zero, max: Vec3(1, 1, 1))
  broad.findPairs(aabbs: [unit], into: &pairs)
  #expect(pairs.isEmpty)
  // Touching faces overlap; a NaN box overlaps nothing; identical boxes overlap.
  let boxes = [
    unit, AABB(min: Vec3(1, 0, 0), max: Vec3(2, 1, 1)),
    AABB(min: Vec3(.nan, 0, 0), max: Vec3(1, 1, 1)), unit,
  ]
  broad.findPairs(aabbs: boxes, into: &pairs)
  #expect(pairs.map { [$0.0, $0.1] } == [[0, 1], [0, 3], [1, 3]])
}
