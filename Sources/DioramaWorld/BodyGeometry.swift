import DioramaCollision
import DioramaCore

/// The drawable geometry of one part of a body, in plain values, so renderers need not
/// import the collision module: a primitive, or triangles (hulls, meshes, heightfields).
public enum BodyGeometry: Sendable, Hashable, Codable {
  case sphere(radius: Double)
  case box(halfExtents: Vec3)
  /// Along local z, centred.
  case capsule(radius: Double, halfHeight: Double)
  /// Along local z, centred.
  case cylinder(radius: Double, halfHeight: Double)
  /// Triangles counter-clockwise seen from outside.
  case triangles(vertices: [Vec3], indices: [SIMD3<Int32>])
}

/// A part of a body: its geometry placed by `transform` in the body's shape frame.
public struct BodyPart: Sendable, Hashable, Codable {
  public var geometry: BodyGeometry
  public var transform: Transform
}

extension World {
  /// The parts that draw object `i`: one for a single shape, one per child of a compound.
  public func parts(ofObject i: Int) -> [BodyPart] {
    Self.parts(of: rigid.shapes[i], transform: .identity)
  }

  /// The scene object body `i` is, or broke from (fragments of fragments included).
  public func rootObject(ofBody i: Int) -> Int {
    var k = i
    while k >= scene.objects.count && rigid.fragmentParents[k] >= 0 { k = rigid.fragmentParents[k] }
    return k
  }

  static func parts(of shape: Shape, transform t: Transform) -> [BodyPart] {
    switch shape {
    case .sphere(let r): return [BodyPart(geometry: .sphere(radius: r), transform: t)]
    case .box(let h): return [BodyPart(geometry: .box(halfExtents: h), transform: t)]
    case .capsule(let r, let h):
      return [BodyPart(geometry: .capsule(radius: r, halfHeight: h), transform: t)]
    case .cylinder(let r, let h):
      return [BodyPart(geometry: .cylinder(radius: r, halfHeight: h), transform: t)]
    case .convexHull(let hull):
      return [
        BodyPart(
          geometry: .triangles(vertices: hull.vertices, indices: hull.triangles), transform: t)
      ]
    case .triangleMesh(let mesh):
      return [
        BodyPart(
          geometry: .triangles(vertices: mesh.vertices, indices: mesh.triangles), transform: t)
      ]
    case .heightfield(let f):
      var vertices: [Vec3] = []
      vertices.reserveCapacity(f.rows * f.columns)
      for r in 0..<f.rows {
        for c in 0..<f.columns { vertices.append(f.point(row: r, column: c)) }
      }
      var indices: [SIMD3<Int32>] = []
      for r in 0..<(f.rows - 1) {
        for c in 0..<(f.columns - 1) {
          let i00 = Int32(r * f.columns + c), i01 = i00 + 1
          let i10 = i00 + Int32(f.columns), i11 = i10 + 1
          indices.append(SIMD3(i00, i01, i11))
          indices.append(SIMD3(i00, i11, i10))
        }
      }
      return [BodyPart(geometry: .triangles(vertices: vertices, indices: indices), transform: t)]
    case .compound(let c):
      return c.children.flatMap { parts(of: $0.shape, transform: t * $0.transform) }
    }
  }
}

/// A body the simulation created (a fragment), with what draws it.
public struct CreatedBody: Sendable, Hashable, Codable {
  /// Body index (its entity is `.object(index)`).
  public var index: Int
  /// The scene object it came from: its material and colour apply.
  public var object: Int
  public var parts: [BodyPart]
}
