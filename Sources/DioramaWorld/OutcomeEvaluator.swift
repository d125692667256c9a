import DioramaCollision
import DioramaCore
import DioramaScene
import Foundation

/// Evaluates a scene's outcome predicates on a recording: the honest verdict on what happened.
public struct OutcomeEvaluator: Sendable {
  public let scene: SceneSpec

  public init(scene: SceneSpec) { self.scene = scene }

  /// One result per outcome in scene order.
  public func evaluate(_ r: Recording) -> [OutcomeResult] {
    scene.outcomes.map { evaluate($0, r) }
  }

  /// The snapshot nearest to time `t` (s), or the last one.
  func snapshot(at t: Double?, _ r: Recording) -> Snapshot {
    guard let t, let last = r.snapshots.last else { return r.snapshots[r.snapshots.count - 1] }
    let k = Int((t * Double(r.fps)).rounded())
    return k >= 0 && k < r.snapshots.count ? r.snapshots[k] : last
  }

  /// Highest point of object `i` in snapshot `s` (m): top of its world AABB.
  func top(_ i: Int, _ s: Snapshot) -> Double {
    shape(i).aabb(s.transform(of: i)).max.z
  }

  /// The collision shape of object `i`; a bounding sphere when it cannot be rebuilt without
  /// its files (the World that ran it already checked it).
  func shape(_ i: Int) -> Shape {
    let o = scene.objects[i]
    return (try? World.shape(of: o, index: i)) ?? .sphere(radius: o.boundingRadius)
  }

  func index(_ name: String?) -> Int? { name.flatMap { scene.object(named: $0) } }

  func fmt(_ x: Double) -> String { String(format: "%.3f", x) }

  func evaluate(_ o: OutcomeSpec, _ r: Recording) -> OutcomeResult {
    let s = snapshot(at: o.at, r)
    let when = "at t=\(fmt(s.time)) s"
    var holds = false
    var detail = ""
    switch o.kind {
    case .inside:
      guard let i = index(o.object) else { break }
      let p = s.positions[i]
      var lo = o.regionMin ?? .zero, hi = o.regionMax ?? .zero
      if let c = index(o.container) {
        // The container's box, in its own frame: inside means the centre is within it.
        let local = s.transform(of: c).inverseApply(p)
        let h = shape(c).aabb(.identity)
        lo = h.min
        hi = h.max
        holds = all(local .>= lo) && all(local .<= hi)
        detail = "\(o.object ?? "") centre \(vec(local)) in \(o.container ?? "")'s frame \(when)"
      } else {
        holds = all(p .>= lo) && all(p .<= hi)
        detail = "\(o.object ?? "") centre \(vec(p)) vs region \(vec(lo))…\(vec(hi)) \(when)"
      }
    case .heightBelow:
      let ids = (o.objects ?? []).compactMap { scene.object(named: $0) }
      guard !ids.isEmpty else { break }
      let first = r.snapshots[0]
      let h0 = ids.map { top($0, first) }.max() ?? 0
      let h1 = ids.map { top($0, s) }.max() ?? 0
      let f = o.fraction ?? 0.5
      holds = h1 < f * h0
      detail = "top \(fmt(h1)) m vs \(Int((f * 100).rounded()))% of \(fmt(h0)) m \(when)"
    case .touches:
      guard let i = index(o.object) else { break }
      let other = o.other ?? "ground"
      let target: EntityID? =
        other == "ground"
        ? .ground
        : index(other).map { EntityID.object($0) }
          ?? scene.environment.walls.firstIndex { $0.name == other }.map { EntityID.wall($0) }
      let limit = o.at ?? scene.world.duration
      var firstTime: Double?
      for e in r.events {
        guard case .contact(let c) = e, c.phase == .begin, c.time <= limit else { continue }
        let a = EntityID.object(i)
        if (c.a == a && c.b == target) || (c.b == a && c.a == target) {
          firstTime = c.time
          break
        }
      }
      holds = firstTime != nil
      detail =
        firstTime.map { "\(o.object ?? "") first touched \(other) at t=\(fmt($0)) s" }
        ?? "\(o.object ?? "") never touched \(other) up to t=\(fmt(limit)) s"
    case .atRest:
      guard let i = index(o.object) else { break }
      let v = s.linearVelocities[i].length
      let limit = o.speed ?? 0.05
      holds = v < limit
      detail = "speed \(fmt(v)) m/s vs \(fmt(limit)) m/s \(when)"
    case .broke:
      guard let i = index(o.object) else { break }
      let limit = o.at ?? .infinity
      let f = r.events.first { e in
        if case .fracture(let f) = e { return f.entity == .object(i) && f.time <= limit }
        return false
      }
      holds = f != nil
      detail =
        f.map { "shattered at t=\(fmt($0.time)) s" }
        ?? "did not break by t=\(fmt(min(limit, r.snapshots.last?.time ?? 0))) s"
    case .moved:
      guard let i = index(o.object) else { break }
      let d = (s.positions[i] - r.snapshots[0].positions[i]).length
      let limit = o.distance ?? 0.1
      holds = d > limit
      detail = "moved \(fmt(d)) m vs \(fmt(limit)) m \(when)"
    }
    if detail.isEmpty { detail = "refers to an object that does not exist" }
    return OutcomeResult(name: o.name, holds: holds, expected: o.expect, detail: detail)
  }

  func vec(_ v: Vec3) -> String { "(\(fmt(v.x)), \(fmt(v.y)), \(fmt(v.z)))" }
}
