import DioramaCore
import Foundation

/// A shape turned into triangles for the differentiable rasteriser, in the object's local frame.
///
/// Vertices are shared between the triangles that meet at them (an indexed mesh), which is what
/// the silhouette test of the antialiasing pass needs: an edge is found in two triangles.
/// Triangles are counter-clockwise seen from outside. `normals` is empty for flat shading (each
/// triangle's own normal, computed from its corners) or holds one unit normal per vertex for
/// smooth shading; smooth normals are constants of the shape (a sphere's radial directions, a
/// mesh's own normals), so moving a vertex moves the surface but not the normals given.
struct Tessellation {
  /// Local positions (m).
  var vertices: [Vec3]
  /// Vertex index triples, counter-clockwise from outside.
  var triangles: [SIMD3<Int32>]
  /// Unit normal per vertex (smooth shading), or empty (flat shading).
  var normals: [Vec3]
  /// Triangle adjacency (`RasterScene.adjacency`) when known in advance (cached icospheres);
  /// nil: computed when the scene is built.
  var adjacency: [SIMD3<Int32>]? = nil

  /// An icosphere of `radius` (m): the regular icosahedron with each triangle split in four
  /// `level` times and the new vertices pushed onto the sphere. 10·4^level + 2 vertices and
  /// 20·4^level triangles (level 3: 642 and 1 280). Smooth normals are the radial directions.
  /// - Complexity: O(4^level).
  static func icosphere(radius: Double, level: Int) -> Tessellation {
    let unit = unitIcosphere(level: level)
    return Tessellation(
      vertices: unit.vertices.map { $0 * radius }, triangles: unit.triangles,
      normals: unit.vertices, adjacency: unit.adjacency)
  }

  /// The unit icosphere, built once per level (levels 0…5 cached).
  static func unitIcosphere(level: Int) -> Tessellation {
    let l = min(max(level, 0), 5)
    return icosphereCache[l]
  }

  private static let icosphereCache: [Tessellation] = (0...5).map { buildUnitIcosphere(level: $0) }

  private static func buildUnitIcosphere(level: Int) -> Tessellation {
    let g = (1 + 5.0.squareRoot()) / 2
    var v: [Vec3] = [
      Vec3(-1, g, 0), Vec3(1, g, 0), Vec3(-1, -g, 0), Vec3(1, -g, 0),
      Vec3(0, -1, g), Vec3(0, 1, g), Vec3(0, -1, -g), Vec3(0, 1, -g),
      Vec3(g, 0, -1), Vec3(g, 0, 1), Vec3(-g, 0, -1), Vec3(-g, 0, 1),
    ].map(\.normalized)
    var t: [SIMD3<Int32>] = [
      SIMD3(0, 11, 5), SIMD3(0, 5, 1), SIMD3(0, 1, 7), SIMD3(0, 7, 10), SIMD3(0, 10, 11),
      SIMD3(1, 5, 9), SIMD3(5, 11, 4), SIMD3(11, 10, 2), SIMD3(10, 7, 6), SIMD3(7, 1, 8),
      SIMD3(3, 9, 4), SIMD3(3, 4, 2), SIMD3(3, 2, 6), SIMD3(3, 6, 8), SIMD3(3, 8, 9),
      SIMD3(4, 9, 5), SIMD3(2, 4, 11), SIMD3(6, 2, 10), SIMD3(8, 6, 7), SIMD3(9, 8, 1),
    ]
    for _ in 0..<level {
      // Lookup only (never iterated): the midpoint of edge (a, b), a < b, made once.
      var mid: [SIMD2<Int32>: Int32] = [:]
      func midpoint(_ a: Int32, _ b: Int32) -> Int32 {
        let key = SIMD2(min(a, b), max(a, b))
        if let m = mid[key] { return m }
        let m = Int32(v.count)
        v.append(((v[Int(a)] + v[Int(b)]) * 0.5).normalized)
        mid[key] = m
        return m
      }
      var next: [SIMD3<Int32>] = []
      next.reserveCapacity(4 * t.count)
      for tri in t {
        let ab = midpoint(tri.x, tri.y)
        let bc = midpoint(tri.y, tri.z)
        let ca = midpoint(tri.z, tri.x)
        next += [
          SIMD3(tri.x, ab, ca), SIMD3(tri.y, bc, ab), SIMD3(tri.z, ca, bc), SIMD3(ab, bc, ca),
        ]
      }
      t = next
    }
    var tess = Tessellation(vertices: v, triangles: t, normals: v)
    tess.adjacency = RasterScene.adjacency(tess)
    return tess
  }

  /// A box with `h` half extents (m): 8 corners, 12 triangles, flat shading.
  static func box(halfExtents h: Vec3) -> Tessellation {
    var v: [Vec3] = []
    for k in 0..<8 {
      v.append(Vec3(k & 1 == 0 ? -h.x : h.x, k & 2 == 0 ? -h.y : h.y, k & 4 == 0 ? -h.z : h.z))
    }
    // Faces as corner quads, counter-clockwise from outside: −x, +x, −y, +y, −z, +z.
    let quads: [SIMD4<Int32>] = [
      SIMD4(0, 4, 6, 2), SIMD4(1, 3, 7, 5), SIMD4(0, 1, 5, 4), SIMD4(2, 6, 7, 3),
      SIMD4(0, 2, 3, 1), SIMD4(4, 5, 7, 6),
    ]
    var t: [SIMD3<Int32>] = []
    for q in quads {
      t.append(SIMD3(q.x, q.y, q.z))
      t.append(SIMD3(q.x, q.z, q.w))
    }
    return Tessellation(vertices: v, triangles: t, normals: [])
  }

  /// The local z = 0 plane as a square of half side `halfExtent` (m) cut into `divisions` ×
  /// `divisions` quads (two triangles each), flat shading, normal +z.
  static func plane(halfExtent: Double, divisions: Int) -> Tessellation {
    let n = max(1, divisions)
    var v: [Vec3] = []
    for j in 0...n {
      for i in 0...n {
        v.append(
          Vec3(
            -halfExtent + 2 * halfExtent * Double(i) / Double(n),
            -halfExtent + 2 * halfExtent * Double(j) / Double(n), 0))
      }
    }
    var t: [SIMD3<Int32>] = []
    for j in 0..<n {
      for i in 0..<n {
        let a = Int32(j * (n + 1) + i)
        let b = a + 1
        let c = a + Int32(n + 1) + 1
        let d = a + Int32(n + 1)
        t.append(SIMD3(a, b, c))
        t.append(SIMD3(a, c, d))
      }
    }
    return Tessellation(vertices: v, triangles: t, normals: [])
  }

  /// A closed surface of revolution about local z, smooth shading: `profile` lists (radius,
  /// z, normal radial part, normal z part) from the bottom pole (radius 0) to the top pole
  /// (radius 0), swept over `segments` longitudes. Used for capsules and, with duplicated
  /// rim rings for sharp edges, cylinders.
  static func lathe(profile: [SIMD4<Double>], segments: Int) -> Tessellation {
    let s = max(3, segments)
    var v: [Vec3] = []
    var nrm: [Vec3] = []
    for p in profile {
      for k in 0..<s {
        let phi = 2 * Double.pi * Double(k) / Double(s)
        let c = cos(phi)
        let sn = sin(phi)
        v.append(Vec3(p.x * c, p.x * sn, p.y))
        nrm.append(Vec3(p.z * c, p.z * sn, p.w).normalized)
      }
    }
    var t: [SIMD3<Int32>] = []
    for r in 0..<(profile.count - 1) {
      for k in 0..<s {
        let a = Int32(r * s + k)
        let b = Int32(r * s + (k + 1) % s)
        let c = b + Int32(s)
        let d = a + Int32(s)
        // Skip the zero-area triangles at a pole (radius 0 on one ring).
        if profile[r].x > 0 || profile[r + 1].x > 0 {
          if profile[r].x > 0 { t.append(SIMD3(a, b, c)) }
          if profile[r + 1].x > 0 { t.append(SIMD3(a, c, d)) }
        }
      }
    }
    return Tessellation(vertices: v, triangles: t, normals: nrm)
  }

  /// A capsule along local z: radius `r`, half height `h` of the straight part (m), smooth.
  static func capsule(radius r: Double, halfHeight h: Double, segments: Int) -> Tessellation {
    let rings = max(2, segments / 4)
    var profile: [SIMD4<Double>] = []
    for k in 0...rings {
      let th = -Double.pi / 2 + Double.pi / 2 * Double(k) / Double(rings)
      profile.append(SIMD4(r * cos(th), -h + r * sin(th), cos(th), sin(th)))
    }
    for k in 0...rings {
      let th = Double.pi / 2 * Double(k) / Double(rings)
      profile.append(SIMD4(r * cos(th), h + r * sin(th), cos(th), sin(th)))
    }
    profile[0].x = 0
    profile[profile.count - 1].x = 0
    return lathe(profile: profile, segments: segments)
  }
}
