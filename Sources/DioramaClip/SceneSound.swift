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

  /// Everything that sounds in the recording, with the scene's audio settings: impacts and
  /// contacts from the events, the environment's ambience plus `audio.ambience`, dialogue
  /// placed at its character (the named object where it is when the line starts, or the
  /// line's `position`) and started at its time or after its cue, and the muted groups.
  /// - Returns: the sound scene, and a note for each line whose cue never happened (the line
  ///   is left out).
  func soundScene(_ r: Recording, listener: Listener?) -> (SoundScene, notes: [String]) {
    let scene = world.scene
    let audio = scene.audio
    var s = SoundScene(duration: scene.world.duration, listener: listener)
    s.impacts = impacts(r)
    s.contacts = contacts(r)
    s.ambience = ([scene.environment.ambience] + audio.ambience).map(Self.ambience)
    var notes: [String] = []
    for (i, line) in audio.dialogue.enumerated() {
      var start = line.start
      if let cue = line.after {
        guard let t = firstTouch(cue, r) else {
          notes.append(
            "audio.dialogue[\(i)]: \(cue.object) never touched \(cue.other); the line "
              + "\"\(line.text)\" is left out")
          continue
        }
        start += t
      }
      s.dialogue.append(
        DialogueLine(
          text: line.text, time: start,
          position: line.position ?? position(of: line.character, at: start, r),
          voice: line.voice, pitch: line.pitch, wordsPerMinute: line.wordsPerMinute,
          levelDB: line.levelDB, character: line.character))
    }
    s.muted = audio.mute.map(Self.group)
    return (s, notes)
  }

  /// Time of the first begin-contact between the cue's two bodies (s), or nil.
  func firstTouch(_ cue: DialogueCue, _ r: Recording) -> Double? {
    let scene = world.scene
    guard let i = scene.object(named: cue.object) else { return nil }
    let a = EntityID.object(i)
    let b: EntityID? =
      cue.other == "ground"
      ? .ground
      : scene.object(named: cue.other).map { EntityID.object($0) }
        ?? scene.environment.walls.firstIndex { $0.name == cue.other }.map { EntityID.wall($0) }
    guard let b else { return nil }
    for e in r.events {
      guard case .contact(let c) = e, c.phase == .begin else { continue }
      if (c.a == a && c.b == b) || (c.a == b && c.b == a) { return c.time }
    }
    return nil
  }

  /// The synthesiser's settings for this scene: its sample rate and seed, air absorption
  /// and the room as the scene asks.
  func settings() -> SoundSettings {
    let scene = world.scene
    var settings = SoundSettings()
    settings.sampleRate = scene.audio.sampleRate
    settings.seed = scene.world.seed
    if scene.audio.airAbsorption { settings.airAbsorption = AirAbsorption() }
    if let room = scene.audio.room {
      let center = room.center ?? Vec3(0, 0, 0.5 * room.size.z)
      settings.room = RoomReflections(size: room.size, center: center, absorption: room.absorption)
    }
    return settings
  }

  /// Where an object is at time t (its centre, from the last snapshot at or before t), or the
  /// origin when no object has that name.
  func position(of name: String, at t: Double, _ r: Recording) -> Vec3 {
    guard let i = world.scene.objects.firstIndex(where: { $0.name == name }) else { return .zero }
    let snap = r.snapshots.last { $0.time <= t } ?? r.snapshots.first
    guard let snap, i < snap.positions.count else { return world.scene.objects[i].position }
    return snap.positions[i]
  }

  static func ambience(_ a: AmbienceSpec) -> AmbienceSource {
    let kind: DioramaAudio.AmbienceKind
    switch a.kind {
    case .none: kind = .none
    case .roomTone: kind = .roomTone
    case .wind: kind = .wind
    case .rain: kind = .rain
    case .crowd: kind = .crowd
    }
    return AmbienceSource(
      kind: kind, levelDB: a.levelDB, intensity: a.intensity,
      surface: a.surface == .water ? .water : .roof)
  }

  static func group(_ g: AudioGroup) -> SoundGroup {
    switch g {
    case .impacts: return .impacts
    case .contacts: return .contacts
    case .water: return .water
    case .figures: return .figures
    case .ambience: return .ambience
    case .dialogue: return .dialogue
    }
  }
}
