import DioramaCore
import DioramaScene
import DioramaWorld

/// Searches the physics for a launch that makes an outcome happen — or fail to happen — and
/// verifies it by simulation. The planner's core: a prompt such as "the ball misses the bin"
/// becomes a scene plus this search, so the clip misses because the physics says so, not
/// because a keyframe was drawn that way.
///
/// Candidates are initial velocities of one object drawn uniformly from a box with the seeded
/// generator, so the same seed tries the same candidates in the same order.
///
/// ```swift
/// let search = OutcomeSearch(
///   scene: spec, object: "ball", outcome: "ball in bin", wantHolds: false,
///   velocityMin: Vec3(2, 0, 3), velocityMax: Vec3(4, 0, 5))
/// if let found = try search.run(seed: 1) { render(found.scene) }
/// ```
public struct OutcomeSearch: Sendable {
  public let scene: SceneSpec
  /// Name of the object whose initial velocity is varied.
  public let object: String
  /// Name of the outcome predicate to steer.
  public let outcome: String
  /// Whether the outcome should hold (success) or not (failure).
  public let wantHolds: Bool
  /// Corners of the box of initial velocities to search (m/s).
  public let velocityMin: Vec3
  public let velocityMax: Vec3
  /// Most candidates to simulate.
  public let maxCandidates: Int

  public init(
    scene: SceneSpec, object: String, outcome: String, wantHolds: Bool, velocityMin: Vec3,
    velocityMax: Vec3, maxCandidates: Int = 64
  ) {
    self.scene = scene
    self.object = object
    self.outcome = outcome
    self.wantHolds = wantHolds
    self.velocityMin = velocityMin
    self.velocityMax = velocityMax
    self.maxCandidates = maxCandidates
  }

  /// A launch that gives the asked outcome, verified by a second independent run.
  public struct Found: Sendable {
    /// The scene with the object's velocity set and the outcome's `expect` set to the goal.
    public var scene: SceneSpec
    /// The chosen initial velocity (m/s).
    public var velocity: Vec3
    /// Candidates simulated, this one included.
    public var tried: Int
    /// The outcome's verdict on the verifying run.
    public var result: OutcomeResult
  }

  /// Errors in the request itself: names that do not exist in the scene.
  public enum SearchError: Error, CustomStringConvertible, Sendable {
    case unknownObject(String, known: [String])
    case unknownOutcome(String, known: [String])

    public var description: String {
      switch self {
      case .unknownObject(let n, let known):
        return "no object named \"\(n)\"; objects: \(known.joined(separator: ", "))"
      case .unknownOutcome(let n, let known):
        return "no outcome named \"\(n)\"; outcomes: \(known.joined(separator: ", "))"
      }
    }
  }

  /// Simulates candidates until one gives the asked outcome.
  /// - Returns: the verified launch, or nil when none of `maxCandidates` gives it.
  /// - Throws: `SearchError` for unknown names, `WorldBuildError` for unbuildable scenes.
  /// - Complexity: up to `maxCandidates + 1` full simulations of the scene.
  public func run(seed: UInt64) throws -> Found? {
    guard let i = scene.object(named: object) else {
      throw SearchError.unknownObject(object, known: scene.objects.map(\.name))
    }
    guard let k = scene.outcomes.firstIndex(where: { $0.name == outcome }) else {
      throw SearchError.unknownOutcome(outcome, known: scene.outcomes.map(\.name))
    }
    var rng = SeededGenerator(seed: seed)
    for n in 1...max(1, maxCandidates) {
      let u = Vec3(rng.nextUnit(), rng.nextUnit(), rng.nextUnit())
      let v = velocityMin + u * (velocityMax - velocityMin)
      var candidate = scene
      candidate.objects[i].velocity = v
      candidate.outcomes[k].expect = wantHolds
      let r = try World(scene: candidate).run()
      guard r.outcomes[k].holds == wantHolds else { continue }
      // Verify: a fresh world from the written scene must agree (determinism, no hidden state).
      let check = try World(scene: candidate).run().outcomes[k]
      guard check.holds == wantHolds else { continue }
      return Found(scene: candidate, velocity: v, tried: n, result: check)
    }
    return nil
  }
}
