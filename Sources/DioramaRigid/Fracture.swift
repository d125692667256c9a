import DioramaCollision
import DioramaCore

/// What it takes to break a brittle body, and into how many pieces.
public struct BrittleDef: Sendable, Hashable {
  /// Normal impulse (N·s) of a single step's contact that shatters the body.
  public var strength: Double
  /// Number of Voronoi cells the body breaks into (2…64).
  public var pieces: Int
  /// Seed of the fracture pattern.
  public var seed: UInt64

  public init(strength: Double, pieces: Int = 8, seed: UInt64 = 0) {
    precondition(strength > 0, "brittle strength must be a positive impulse (N·s)")
    precondition((2...64).contains(pieces), "a brittle body breaks into 2…64 pieces")
    self.strength = strength
    self.pieces = pieces
    self.seed = seed
  }
}

extension RigidWorld {
  /// Shatters every brittle body whose contact impulse this step exceeded its strength.
  ///
  /// The body is cut into Voronoi cells seeded densest at the impact point
  /// (`VoronoiFracture`), each cell becomes a convex-hull body of the same density and
  /// material, moving with the rigid motion the body had (v + ω × r, and ω), so mass,
  /// momentum and angular momentum about the centre of mass are kept up to the cells'
  /// own spin (their inertia about their centres is not the body's). The body is disabled,
  /// the fragments are appended (entities `.object(bodyIndex)` of their new indices) and one
  /// `Event.fracture` names them all. Bodies are processed in index order: deterministic.
  mutating func processFractures(time: Double, dt: Double, events: inout [Event]) {
    guard hasBrittleBodies else { return }
    // The largest manifold impulse on each brittle body this step, and where it acted.
    var hits: [(body: Int, impulse: Double, point: Vec3)] = []
    for c in constraints where !c.sleeping {
      var impulse = 0.0
      var point = Vec3.zero
      var best = -1.0
      for k in Int(c.firstPoint)..<Int(c.firstPoint + c.pointCount) {
        let p = points[k]
        impulse += p.totalNormalImpulse
        if p.totalNormalImpulse > best {
          best = p.totalNormalImpulse
          point = positions[Int(c.a)] + p.rA
        }
      }
      for body in [Int(c.a), Int(c.b)] where body >= 0 {
        guard let b = brittle[body], isEnabled[body], impulse > b.strength else { continue }
        if let k = hits.firstIndex(where: { $0.body == body }) {
          if impulse > hits[k].impulse { hits[k] = (body, impulse, point) }
        } else {
          hits.append((body, impulse, point))
        }
      }
    }
    hits.sort { $0.body < $1.body }
    for hit in hits {
      shatter(hit.body, impulse: hit.impulse, at: hit.point, time: time + dt, events: &events)
    }
  }

  mutating func shatter(
    _ i: Int, impulse: Double, at point: Vec3, time: Double, events: inout [Event]
  ) {
    guard let def = brittle[i], shapes[i].isConvex else { return }
    let frame = transform(of: i)
    var rng = SeededGenerator(seed: def.seed).split(key: UInt64(i))
    let pieces = VoronoiFracture.fracture(
      shape: shapes[i], pieces: def.pieces, impactPoint: frame.inverseApply(point), using: &rng)
    let density = masses[i] / shapes[i].volume
    let v = linearVelocities[i], w = angularVelocities[i], centre = positions[i]
    var fragments: [EntityID] = []
    for piece in pieces {
      guard let hull = try? ConvexHull(points: piece.polyhedron.vertices) else { continue }
      let index = bodyCount
      let com = frame.apply(piece.centroid)
      addBody(
        RigidBodyDef(
          shape: .convexHull(hull), transform: frame, linearVelocity: v + w.cross(com - centre),
          angularVelocity: w, mass: 0, friction: frictions[i], staticFriction: staticFrictions[i],
          restitution: restitutions[i], density: density, rollingFriction: rollingFrictions[i],
          torsionalFriction: torsionalFrictions[i], isBullet: false, allowSleep: allowSleep[i],
          entity: .object(index)))
      fragmentParents[index] = i
      fragments.append(.object(index))
    }
    isEnabled[i] = false
    isAwake[i] = false
    linearVelocities[i] = .zero
    angularVelocities[i] = .zero
    events.append(
      .fracture(
        FractureEvent(
          time: time, entity: entities[i], fragments: fragments, point: point, impulse: impulse,
          mass: masses[i])))
  }
}
