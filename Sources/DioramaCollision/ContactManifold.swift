import DioramaCore

/// One point of a contact manifold.
public struct ContactPoint: Sendable, Hashable {
  /// World position (m), midway between the two surfaces along the manifold normal.
  public var position: Vec3
  /// Signed distance between the surfaces along the normal (m): < 0 penetrating, > 0 a gap
  /// (a speculative contact within the margin).
  public var separation: Double
  /// Identifies the pair of features (face, edge, vertex) that made this point; the same
  /// pair gives the same id frame after frame, so a solver can warm start from it.
  public var featureID: UInt32

  @inlinable public init(position: Vec3, separation: Double, featureID: UInt32) {
    self.position = position
    self.separation = separation
    self.featureID = featureID
  }

  /// The zero point that fills unused manifold slots.
  public static let zero = ContactPoint(position: .zero, separation: 0, featureID: 0)
}

/// Up to four contact points between shape A and shape B sharing one normal.
///
/// Points live inline (no heap allocation). Unused slots hold `ContactPoint.zero`, so two
/// manifolds with the same points compare equal.
///
/// ```swift
/// if let m = Narrowphase.collide(a, ta, b, tb, margin: 0.01) {
///   for i in 0..<m.pointCount { print(m[i].separation) }
/// }
/// ```
public struct ContactManifold: Sendable, Hashable {
  /// Most points a manifold holds.
  public static let capacity = 4

  /// Unit normal pointing from B towards A: pushing A along it separates the shapes.
  public var normal: Vec3
  /// Number of valid points, 0…4.
  public private(set) var pointCount: Int
  /// Which part of shape A made this manifold: the child index of a compound, the triangle
  /// index of a mesh or heightfield, 0 otherwise. With `subShapeB` and the points' feature
  /// ids it keys warm starting.
  public var subShapeA: UInt32 = 0
  /// Which part of shape B made this manifold (as `subShapeA`).
  public var subShapeB: UInt32 = 0
  @usableFromInline var p0: ContactPoint
  @usableFromInline var p1: ContactPoint
  @usableFromInline var p2: ContactPoint
  @usableFromInline var p3: ContactPoint

  /// An empty manifold with the given normal (unit, from B towards A).
  public init(normal: Vec3) {
    self.normal = normal
    pointCount = 0
    p0 = .zero
    p1 = .zero
    p2 = .zero
    p3 = .zero
  }

  /// Adds a point. Precondition: fewer than `capacity` points.
  public mutating func append(_ p: ContactPoint) {
    precondition(pointCount < Self.capacity, "ContactManifold holds at most 4 points")
    pointCount += 1
    self[pointCount - 1] = p
  }

  /// The point at `i` (0 ≤ i < pointCount).
  @inlinable public subscript(i: Int) -> ContactPoint {
    get {
      precondition(i >= 0 && i < pointCount, "contact point index out of range")
      switch i {
      case 0: return p0
      case 1: return p1
      case 2: return p2
      default: return p3
      }
    }
    set {
      precondition(i >= 0 && i < pointCount, "contact point index out of range")
      switch i {
      case 0: p0 = newValue
      case 1: p1 = newValue
      case 2: p2 = newValue
      default: p3 = newValue
      }
    }
  }

  /// The valid points as an array (allocates; for tests and tools, not hot loops).
  public var points: [ContactPoint] { (0..<pointCount).map { self[$0] } }

  /// Smallest separation (m) over the points, +∞ when empty.
  public var minSeparation: Double {
    var s = Double.infinity
    for i in 0..<pointCount { s = Swift.min(s, self[i].separation) }
    return s
  }

  /// The same contact seen from the other side: A and B swapped, normal negated.
  public var flipped: ContactManifold {
    var m = self
    m.normal = -normal
    swap(&m.subShapeA, &m.subShapeB)
    return m
  }
}
