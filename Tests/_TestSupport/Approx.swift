import DioramaCore
import Numerics

/// Relative-or-absolute closeness: |a − b| ≤ max(absolute, relative·max(|a|, |b|)).
public func isClose(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 0)
  -> Bool
{
  a.isApproximatelyEqual(to: b, absoluteTolerance: absolute, relativeTolerance: relative)
    || abs(a - b) <= absolute
}

/// Componentwise closeness of vectors.
public func isClose(_ a: Vec3, _ b: Vec3, absolute: Double) -> Bool {
  abs(a.x - b.x) <= absolute && abs(a.y - b.y) <= absolute && abs(a.z - b.z) <= absolute
}
