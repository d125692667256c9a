import DioramaAudio
import DioramaCore
import DioramaScene
import DioramaWorld

/// Turns a recording's contact events into the sound engine's plain values: which resonators
/// rang, how hard, where. The sound engine knows nothing of solvers; this is the map.
struct SceneSound {
  let world: World

  /// The resonator for an entity: an object's shape and material, or a thick slab for the
  /// ground and walls.
  func resonator(_ e: EntityID) -> Resonator {
    let scene = world.scene
    if let i = e.objectIndex {
      let o = scene.objects[i]
      let m = world.objectMaterials[i]
      let shape: ResonatorShape =
        o.shape == .sphere ? .sphere(radius: o.radius ?? 0.5) : .box(halfExtents: o.halfExtents)
      let mass = o.mass ?? (o.density ?? m.density) * o.volume
      return Resonator(shape: shape, material: m, mass: mass)
    }
    let m =
      e.wallIndex.map { world.wallMaterials[$0] } ?? world.groundMaterial
      ?? world.objectMaterials[0]
    // Floors and walls ring as 5 cm slabs of their material; their mass is effectively infinite.
    return Resonator(shape: .plate(thickness: 0.05), material: m, mass: 1e4)
  }

  /// One impact per begin-contact event, at the event's exact time.
  func impacts(_ r: Recording) -> [ImpactSound] {
    var out: [ImpactSound] = []
    for e in r.events {
      guard case .contact(let c) = e, c.phase == .begin, c.normalSpeed > 0.01 else { continue }
      out.append(
        ImpactSound(
          time: c.time, position: c.point, impulse: c.normalImpulse, speed: c.normalSpeed,
          a: resonator(c.a), b: resonator(c.b)))
    }
    return out
  }

  /// One contact report per sustained-contact event (sliding or rolling faster than 1 cm/s,
  /// one per solver step while it lasts). The normal force is the step's normal impulse over
  /// the step; `pairID` keeps two pairs of identical bodies apart.
  func contacts(_ r: Recording) -> [ContactSound] {
    var out: [ContactSound] = []
    for e in r.events {
      guard case .contact(let c) = e, c.phase == .sustain, c.normalImpulse > 0 else { continue }
      out.append(
        ContactSound(
          time: c.time, duration: r.timestep, position: c.point,
          normalForce: c.normalImpulse / r.timestep, slidingSpeed: c.tangentSpeed,
          rollingSpeed: c.rollingSpeed, a: resonator(c.a), b: resonator(c.b),
          pairID: Int(c.a.rawValue) &* 1_000_003 &+ Int(c.b.rawValue)))
    }
    return out
  }
}
