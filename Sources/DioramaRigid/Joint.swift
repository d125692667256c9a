import DioramaCollision
import DioramaCore

/// SEAM (filled in by the joints work this session): joint definitions, storage and the soft
/// joint solver. The contract with `RigidWorld.step`:
/// - body state: `positions` (centre of mass, m), `orientations`, `linearVelocities`,
///   `angularVelocities`, `inverseMasses`, `inverseInertiaWorld` (world frame, refreshed after
///   every position update), `startPositions` (centres at the start of the step); body index
///   −1 means the static world frame;
/// - call order per step: `prepareJoints(h:)` once; per substep `warmStartJoints()`,
///   `solveJoints(h:useBias: true)` before the contacts' biased solve, and
///   `solveJoints(h:useBias: false)` before the relax pass; `finishJoints(dt:time:events:)`
///   after the last substep (breaks become `Event.jointBreak`).
struct JointStorage: Sendable {}

extension RigidWorld {
  mutating func prepareJoints(h: Double) {}
  mutating func warmStartJoints() {}
  mutating func solveJoints(h: Double, useBias: Bool) {}
  mutating func finishJoints(dt: Double, time: Double, events: inout [Event]) {}
}
