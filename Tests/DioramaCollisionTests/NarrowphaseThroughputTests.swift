import DioramaCore
import Testing
import _TestSupport

@testable import DioramaCollision

/// Box–box manifolds per second on random near pairs, printed for the record (meaningful in
/// release: `swift test -c release --filter boxBoxThroughput`). The check is that repeated
/// runs over the same inputs give identical manifolds, i.e. the narrowphase is a pure function.
@Test func boxBoxThroughput() {
  var rng = SeededGenerator(seed: 99)
  let cases = (0..<1000).map { _ in randomBoxPair(&rng) }
  var first: [ContactManifold?] = []
  for (ha, ta, hb, tb) in cases {
    first.append(
      Narrowphase.collide(.box(halfExtents: ha), ta, .box(halfExtents: hb), tb, margin: 0.01))
  }
  #if DEBUG
    let rounds = 5
  #else
    let rounds = 500
  #endif
  var calls = 0
  var manifolds = 0
  var identical = true
  let clock = ContinuousClock()
  let elapsed = clock.measure {
    for _ in 0..<rounds {
      for (k, (ha, ta, hb, tb)) in cases.enumerated() {
        let m = Narrowphase.collide(
          .box(halfExtents: ha), ta, .box(halfExtents: hb), tb, margin: 0.01)
        calls += 1
        if m != nil { manifolds += 1 }
        if m != first[k] { identical = false }
      }
    }
  }
  // The same over the touching pairs only: the cost of building a manifold.
  let touchingCases = cases.indices.filter { first[$0] != nil }.map { cases[$0] }
  var points = 0
  let touchingElapsed = clock.measure {
    for _ in 0..<rounds {
      for (ha, ta, hb, tb) in touchingCases {
        let m = Narrowphase.collide(
          .box(halfExtents: ha), ta, .box(halfExtents: hb), tb, margin: 0.01)
        points += m?.pointCount ?? 0
      }
    }
  }
  func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
  let touching = touchingCases.count
  print(
    "box–box: \(touching)/1000 random pairs in contact; all pairs "
      + "\(Int(Double(calls) / seconds(elapsed))) calls/s; touching pairs only "
      + "\(Int(Double(rounds * touching) / seconds(touchingElapsed))) manifolds/s, "
      + "\(Double(points) / Double(rounds * touching)) points each")
  #expect(identical)
  #expect(manifolds == rounds * touching)
}
