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
  let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  let touching = first.compactMap { $0 }.count
  print(
    "box–box: \(calls) calls, \(touching)/1000 pairs in contact, "
      + "\(Int(Double(calls) / seconds)) calls/s, \(Int(Double(manifolds) / seconds)) manifolds/s")
  #expect(identical)
  #expect(manifolds == rounds * touching)
}
