import DioramaAudio
import DioramaCore
import DioramaScene
import DioramaWorld
import Foundation

/// Turns a recording's contact events into the sound engine's plain values: which resonators
/// rang, how hard, where. The sound engine knows nothing of solvers; this is the map.
struct SceneSound {
  let world: World

  /// The resonator for an entity: an object's shape and material, or a thick slab for the
  /// ground and walls.
  func resonator(_ e: EntityID, _ r: Recording? = nil) -> Resonator {
    let scene = world.scene
    if let i = e.objectIndex, i >= scene.objects.count {
      // A fragment: its source object's material, scaled down to its share of the volume
      // (the pieces of one body are of similar size; bigger is lower).
      let created = r?.createdBodies.first { $0.index == i }
      let source = created?.object ?? 0
      let siblings = max(1, r?.createdBodies.filter { $0.object == source }.count ?? 1)
      let whole = resonator(.object(source))
      let f = pow(1 / Double(siblings), 1.0 / 3.0)
      let shape: ResonatorShape
      switch whole.shape {
      case .sphere(let radius): shape = .sphere(radius: f * radius)
      case .box(let h): shape = .box(halfExtents: f * h)
      default: shape = whole.shape
      }
      return Resonator(shape: shape, material: whole.material, mass: whole.mass / Double(siblings))
    }
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
          a: resonator(c.a, r), b: resonator(c.b, r)))
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
          rollingSpeed: c.rollingSpeed, a: resonator(c.a, r), b: resonator(c.b, r),
          pairID: Int(c.a.rawValue) &* 1_000_003 &+ Int(c.b.rawValue)))
    }
    return out
  }
}
