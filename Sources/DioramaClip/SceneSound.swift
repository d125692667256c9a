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
}
