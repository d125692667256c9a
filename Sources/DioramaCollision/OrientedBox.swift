import DioramaCore

/// A box placed in the world: centre, unit axes (the rotation matrix's columns) and
/// half-extents. The narrowphase's working form of `Shape.box` under a `Transform`.
///
/// Vertex `i` (0…7) sits at centre + Σₖ ±hₖ aₖ with the + sign where bit k of i is set.
struct OrientedBox {
  /// Centre (m).
  var center: Vec3
  /// Body x, y and z axes in the world frame (unit).
  var a0: Vec3
  var a1: Vec3
  var a2: Vec3
  /// Half-extents along a0, a1, a2 (m).
  var half: Vec3

  @inline(__always) init(halfExtents h: Vec3, transform t: Transform) {
    let m = t.rotation.matrix
    center = t.position
    a0 = Vec3(m.r0.x, m.r1.x, m.r2.x)
    a1 = Vec3(m.r0.y, m.r1.y, m.r2.y)
    a2 = Vec3(m.r0.z, m.r1.z, m.r2.z)
    half = h
  }

  @inline(__always) func axis(_ k: Int) -> Vec3 {
    switch k {
    case 0: return a0
    case 1: return a1
    default: return a2
    }
  }

  /// Half the length of the box's projection onto the unit direction `l` (m).
  @inline(__always) func projectedRadius(_ l: Vec3) -> Double {
    half.x * abs(a0.dot(l)) + half.y * abs(a1.dot(l)) + half.z * abs(a2.dot(l))
  }

  /// World position of vertex `i` (0…7), bit k of `i` choosing +hₖ.
  @inline(__always) func vertex(_ i: Int) -> Vec3 {
    let sx = i & 1 != 0 ? half.x : -half.x
    let sy = i & 2 != 0 ? half.y : -half.y
    let sz = i & 4 != 0 ? half.z : -half.z
    return center + sx * a0 + sy * a1 + sz * a2
  }

  /// Signed distance (m) from `p` to the box surface: negative inside. Used by tests.
  func signedDistance(_ p: Vec3) -> Double {
    let r = p - center
    let q = Vec3(abs(r.dot(a0)), abs(r.dot(a1)), abs(r.dot(a2))) - half
    let outside = pointwiseMax(q, .zero).length
    return outside + Swift.min(q.max(), 0)
  }
}
