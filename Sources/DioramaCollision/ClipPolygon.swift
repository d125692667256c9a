import DioramaCore

/// A vertex of a polygon being clipped: a position and a tag naming the features it came
/// from (an incident-box vertex, or an edge cut by a side plane).
struct ClipVertex {
  /// World position (m).
  var p: Vec3
  /// Feature tag, stable while the same features produce the vertex (24 bits used).
  var tag: UInt32
}

/// A convex polygon of at most eight vertices stored inline: a quad clipped by four planes
/// gains at most one vertex per plane. The one place here that views a tuple as a buffer.
struct ClipPolygon {
  static let capacity = 8
  private var storage:
    (
      ClipVertex, ClipVertex, ClipVertex, ClipVertex,
      ClipVertex, ClipVertex, ClipVertex, ClipVertex
    )
  private(set) var count = 0

  init() {
    let z = ClipVertex(p: .zero, tag: 0)
    storage = (z, z, z, z, z, z, z, z)
  }

  subscript(i: Int) -> ClipVertex {
    get {
      precondition(i >= 0 && i < count)
      // A switch, not a raw-buffer view: viewing a stored tuple from a getter copied all
      // eight vertices on every read (a tenth of a box pile's step went to that memmove).
      switch i {
      case 0: return storage.0
      case 1: return storage.1
      case 2: return storage.2
      case 3: return storage.3
      case 4: return storage.4
      case 5: return storage.5
      case 6: return storage.6
      default: return storage.7
      }
    }
    set {
      precondition(i >= 0 && i < count)
      // A homogeneous tuple is laid out as an array of its element type.
      withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: ClipVertex.self, capacity: Self.capacity) { $0[i] = newValue }
      }
    }
  }

  mutating func append(_ v: ClipVertex) {
    precondition(count < Self.capacity, "clip polygon overflow")
    count += 1
    self[count - 1] = v
  }

  mutating func removeAll() { count = 0 }

  /// Sutherland–Hodgman: the part of `self` with n·x ≤ d, written to `out`.
  ///
  /// A vertex on the plane is kept as is; an edge crossing the plane strictly gives a new
  /// vertex at t = dₚ/(dₚ − d_q), tagged from the edge's end tags and `plane` (0…3).
  func clipped(normal n: Vec3, offset d: Double, plane: UInt32, into out: inout ClipPolygon) {
    out.removeAll()
    guard count > 0 else { return }
    var prev = self[count - 1]
    var dPrev = n.dot(prev.p) - d
    for i in 0..<count {
      let cur = self[i]
      let dCur = n.dot(cur.p) - d
      if (dPrev < 0 && dCur > 0) || (dPrev > 0 && dCur < 0) {
        let t = dPrev / (dPrev - dCur)
        let p = prev.p + t * (cur.p - prev.p)
        out.append(ClipVertex(p: p, tag: Self.edgeTag(prev.tag, cur.tag, plane: plane)))
      }
      if dCur <= 0 { out.append(cur) }
      prev = cur
      dPrev = dCur
    }
  }

  /// Tag of the point where the edge between tags `a` and `b` meets side plane `plane`:
  /// independent of the edge's direction, bit 23 set so it never equals a vertex tag (< 8).
  static func edgeTag(_ a: UInt32, _ b: UInt32, plane: UInt32) -> UInt32 {
    let lo = Swift.min(a, b)
    let hi = Swift.max(a, b)
    var h = lo &* 0x9E37_79B1
    h = (h ^ (h >> 15)) &+ hi &* 0x85EB_CA77
    h = (h ^ (h >> 13)) &+ (plane &+ 1) &* 0xC2B2_AE3D
    h ^= h >> 16
    return (h & 0x7F_FFFF) | 0x80_0000
  }
}
