import DioramaCore
import Foundation

/// Semantic checks shared by loaded and code-built scenes: ranges, shape-specific keys,
/// unique names, references, materials, asset paths and shot timing. Key paths use the
/// file's key names (`objects[0].angular_velocity`) so messages match what the user wrote.
struct SceneValidator {
  let spec: SceneSpec
  let baseDirectory: URL?
  /// Where a key path came from; falls back to the nearest recorded ancestor.
  let locations: [String: SourceLocation]
  /// Key paths that already failed to read; checks that depend on them stay quiet.
  let failed: Set<String>
  let file: String
  private(set) var diagnostics: [SceneDiagnostic] = []

  init(
    spec: SceneSpec, baseDirectory: URL?, file: String,
    locations: [String: SourceLocation] = [:], failed: Set<String> = []
  ) {
    self.spec = spec
    self.baseDirectory = baseDirectory
    self.file = file
    self.locations = locations
    self.failed = failed
  }

  // MARK: - Reporting

  func locate(_ path: String) -> SourceLocation {
    var p = Substring(path)
    while !p.isEmpty {
      if let l = locations[String(p)] { return l }
      guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      p = p[..<cut]
    }
    return SourceLocation(file: file)
  }

  func hasFailed(_ path: String) -> Bool { failed.contains(path) }

  mutating func report(_ path: String, _ message: String) {
    guard !failed.contains(path) else { return }
    diagnostics.append(SceneDiagnostic(location: locate(path), keyPath: path, message: message))
  }

  static func format(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
  }

  static func format(_ v: Vec3) -> String {
    "[\(format(v.x)), \(format(v.y)), \(format(v.z))]"
  }

  mutating func range(
    _ path: String, _ value: Double, _ allowed: ClosedRange<Double>, _ text: String,
    unit: String
  ) {
    if !allowed.contains(value) || !value.isFinite {
      report(path, "must be \(text)\(unit.isEmpty ? "" : " \(unit)"), found \(Self.format(value))")
    }
  }

  mutating func positive(_ path: String, _ value: Double?, unit: String) {
    guard let value else { return }
    if !(value > 0) || !value.isFinite {
      report(path, "must be greater than 0 \(unit), found \(Self.format(value))")
    }
  }

  mutating func finite(_ path: String, _ v: Vec3, unit: String) {
    if !v.isFinite { report(path, "must be finite \(unit), found \(Self.format(v))") }
  }

  mutating func colour(_ path: String, _ v: Vec3?, upTo limit: Double = 1) {
    guard let v else { return }
    if !v.isFinite || v.min() < 0 || v.max() > limit {
      let bound = limit == .infinity ? "≥ 0" : "in 0...\(Self.format(limit))"
      report(path, "colour components must be \(bound) (linear RGB), found \(Self.format(v))")
    }
  }

  mutating func material(_ path: String, _ name: String) {
    guard !SceneSpec.materialNames.contains(name) else { return }
    let hint = KeySuggestion.didYouMean(name, in: SceneSpec.materialNames)
    let allowed = SceneSpec.materialNames.joined(separator: ", ")
    report(path, "unknown material '\(name)'\(hint) allowed: \(allowed)")
  }

  // MARK: - Checks

  mutating func run() {
    if spec.version != SceneSpec.currentVersion {
      report(
        "diorama",
        "unsupported format version \(spec.version); this build reads version "
          + "\(SceneSpec.currentVersion) (write `diorama: 1`)")
    }
    checkWorld()
    checkEnvironment()
    checkObjects()
    checkJoints()
    checkShots()
    if !StylePreset.supported.contains(spec.style.preset) {
      let supported = StylePreset.supported.map(\.rawValue).joined(separator: ", ")
      report(
        "style",
        "style '\(spec.style.preset.rawValue)' is not yet supported (renderer issue); "
          + "supported: \(supported)")
    }
    checkAudio()
    checkOutcomes()
  }

  mutating func checkWorld() {
    let w = spec.world
    finite("world.gravity", w.gravity, unit: "(m/s²)")
    if !(w.duration > 0 && w.duration <= 600) {
      report("world.duration", "must be in (0, 600] s, found \(Self.format(w.duration))")
    }
    if !(1...240).contains(w.fps) {
      report("world.fps", "must be in 1...240 frames per second, found \(w.fps)")
    }
    for (i, (label, v)) in [("width", w.width), ("height", w.height)].enumerated()
    where !(16...7680).contains(v) {
      report("world.resolution[\(i)]", "\(label) must be in 16...7680 pixels, found \(v)")
    }
    let frame = 1 / Double(max(w.fps, 1))
    if !(w.timestep > 0 && w.timestep <= frame * (1 + 1e-12)) {
      report(
        "world.timestep",
        "must be in (0, 1/fps] = (0, \(Self.format(frame))] s so every frame has a step, "
          + "found \(Self.format(w.timestep))")
    }
    if !(1...64).contains(w.substeps) {
      report("world.substeps", "must be in 1...64, found \(w.substeps)")
    }
    if !(1...64).contains(w.iterations) {
      report("world.iterations", "must be in 1...64, found \(w.iterations)")
    }
    if !(0...64).contains(w.relaxIterations) {
      report("world.relax_iterations", "must be in 0...64, found \(w.relaxIterations)")
    }
    if !(w.sleepThreshold > 0 && w.sleepThreshold <= 10) {
      report(
        "world.sleep_threshold", "must be in (0, 10] m/s, found \(Self.format(w.sleepThreshold))")
    }
    if !(w.sleepTime > 0 && w.sleepTime <= 60) {
      report("world.sleep_time", "must be in (0, 60] s, found \(Self.format(w.sleepTime))")
    }
    if !(1...WorldSettings.maxThreads).contains(w.threads) {
      report(
        "world.threads",
        "must be in 1...\(WorldSettings.maxThreads) (results are identical for every count), "
          + "found \(w.threads)")
    }
  }

  mutating func checkEnvironment() {
    let e = spec.environment
    if let g = e.ground {
      let p = "environment.ground"
      if !g.height.isFinite { report("\(p).height", "must be finite") }
      material("\(p).material", g.material)
      colour("\(p).color", g.color)
      positive("\(p).checker_size", g.checkerSize, unit: "m")
      if let t = g.texture { asset("\(p).texture", t) }
      checkAppearance(g.appearance, "\(p).appearance")
    }
    var wallNames: [String] = []
    for (i, w) in e.walls.enumerated() {
      let p = "environment.walls[\(i)]"
      if w.name.isEmpty {
        report("\(p).name", "must be a non-empty name")
      } else if w.name == "ground" {
        report("\(p).name", "'ground' is reserved for the ground plane; choose another name")
      } else if let j = wallNames.firstIndex(of: w.name) {
        report("\(p).name", "duplicate wall name '\(w.name)' (also environment.walls[\(j)])")
      }
      wallNames.append(w.name)
      finite("\(p).point", w.point, unit: "(m)")
      if !w.normal.isFinite || w.normal.length == 0 {
        report("\(p).normal", "must be a non-zero direction, found \(Self.format(w.normal))")
      }
      material("\(p).material", w.material)
      colour("\(p).color", w.color)
    }
    colour("environment.sky.zenith", e.sky.zenith, upTo: .infinity)
    colour("environment.sky.horizon", e.sky.horizon, upTo: .infinity)
    if let a = e.sky.azimuthDegrees, !a.isFinite {
      report("environment.sky.azimuth_deg", "must be finite, found \(Self.format(a))")
    }
    for (i, l) in e.lights.enumerated() {
      let p = "environment.lights[\(i)]"
      switch l.kind {
      case .sun:
        if let d = l.direction {
          if !d.isFinite || d.length == 0 {
            report("\(p).direction", "must be a non-zero direction, found \(Self.format(d))")
          }
        } else {
          report("\(p).direction", "a sun needs `direction`, e.g. [-0.4, -0.6, -1]")
        }
      case .point:
        if let q = l.position {
          finite("\(p).position", q, unit: "(m)")
        } else {
          report("\(p).position", "a point light needs `position` in m, e.g. [0, 0, 3]")
        }
      case .ambient:
        break
      case .spot, .area:
        if let q = l.position {
          finite("\(p).position", q, unit: "(m)")
        } else {
          report(
            "\(p).position", "a \(l.kind.rawValue) light needs `position` in m, e.g. [0, 0, 3]")
        }
        if let d = l.direction, !d.isFinite || d.length == 0 {
          report("\(p).direction", "must be a non-zero direction, found \(Self.format(d))")
        }
        if let t = l.target, let q = l.position, t == q || !t.isFinite {
          report("\(p).target", "must be a finite point other than the light's position")
        }
        if l.kind == .spot {
          if l.direction == nil && l.target == nil {
            report(p, "a spot light needs `direction` or `target`")
          }
          let inner = l.innerDegrees ?? 20
          let outer = l.outerDegrees ?? 30
          if let v = l.innerDegrees { range("\(p).inner_deg", v, 0...90, "in 0...90", unit: "°") }
          if let v = l.outerDegrees {
            range("\(p).outer_deg", v, 0.1...90, "in 0.1...90", unit: "°")
          }
          if inner > outer {
            report(
              "\(p).inner_deg",
              "must not exceed outer_deg (\(Self.format(outer))°), found \(Self.format(inner))")
          }
        } else {
          positive("\(p).width", l.width, unit: "m")
          positive("\(p).height", l.height, unit: "m")
        }
      }
      if l.kind != .spot && l.kind != .area {
        for (key, set) in [
          ("target", l.target != nil), ("inner_deg", l.innerDegrees != nil),
          ("outer_deg", l.outerDegrees != nil), ("width", l.width != nil),
          ("height", l.height != nil), ("shape", l.shape != nil),
        ] where set {
          report("\(p).\(key)", "only spot and area lights take `\(key)`")
        }
      }
      colour("\(p).color", l.color, upTo: .infinity)
      if !(l.intensity >= 0) || !l.intensity.isFinite {
        report("\(p).intensity", "must be ≥ 0, found \(Self.format(l.intensity))")
      }
    }
    checkAmbience(e.ambience, "environment.ambience")
  }

  mutating func checkObjects() {
    var seen: [String: Int] = [:]
    for (i, o) in spec.objects.enumerated() {
      let p = "objects[\(i)]"
      if hasFailed(p) { continue }
      if o.name.isEmpty {
        report("\(p).name", "must be a non-empty name")
      } else if let j = seen[o.name] {
        let line = locate("objects[\(j)].name").line
        let at = line > 0 ? " at line \(line)" : ""
        report("\(p).name", "duplicate object name '\(o.name)' (also objects[\(j)]\(at))")
      } else {
        seen[o.name] = i
      }
      if !hasFailed("\(p).shape") { checkShape(o, p) }
      material("\(p).material", o.material)
      positive("\(p).mass", o.mass, unit: "kg")
      positive("\(p).density", o.density, unit: "kg/m³")
      finite("\(p).position", o.position, unit: "(m)")
      let q = o.rotation
      if !(q.w.isFinite && q.x.isFinite && q.y.isFinite && q.z.isFinite) || q.norm == 0 {
        report("\(p).rotation", "must be a finite, non-zero rotation")
      }
      finite("\(p).velocity", o.velocity, unit: "(m/s)")
      finite("\(p).angular_velocity", o.angularVelocity, unit: "(rad/s)")
      colour("\(p).color", o.color)
      if let t = o.texture { asset("\(p).texture", t) }
      checkAppearance(o.appearance, "\(p).appearance")
      if let r = o.restitution { range("\(p).restitution", r, 0...1, "in 0...1", unit: "") }
      if let f = o.friction, !(f >= 0) || !f.isFinite {
        report("\(p).friction", "must be ≥ 0, found \(Self.format(f))")
      }
      checkRigidOptions(o, p)
    }
  }

  /// "no object named 'x'; did you mean 'y'? objects: a, b".
  /// - Parameters:
  ///   - extra: Other names allowed in the same place (ground and walls, or `world`).
  ///   - noun: What the list is called; defaults to "objects" (with extras: "objects, ground
  ///     and walls").
  func missingObject(_ name: String, extra: [String] = [], noun: String? = nil) -> String {
    let names = spec.objects.map(\.name) + extra
    let hint = KeySuggestion.didYouMean(name, in: names)
    let list = names.isEmpty ? "(none)" : names.joined(separator: ", ")
    let noun = noun ?? (extra.isEmpty ? "objects" : "objects, ground and walls")
    return "no object named '\(name)'\(hint) \(noun): \(list)"
  }

  /// Ranges of an appearance: roughness 0...1, ior 1...3 (glass and water only), absorption
  /// ≥ 0, colours in 0...1, a texture scale > 0 and a PNG path for `png` textures.
  mutating func checkAppearance(_ a: AppearanceSpec?, _ p: String) {
    guard let a, !hasFailed(p) else { return }
    colour("\(p).color", a.color)
    if let r = a.roughness { range("\(p).roughness", r, 0...1, "in 0...1", unit: "") }
    if let n = a.ior {
      if a.kind != .glass && a.kind != .water {
        report("\(p).ior", "only glass and water take `ior` (kind is \(a.kind.rawValue))")
      } else {
        range("\(p).ior", n, 1...3, "in 1...3", unit: "")
      }
    }
    colour("\(p).absorption", a.absorption, upTo: .infinity)
    if let t = a.texture {
      let tp = "\(p).texture"
      positive("\(tp).scale", t.scale, unit: "m")
      colour("\(tp).color", t.color)
      if t.type == .png {
        if let path = t.path {
          asset("\(tp).path", path)
        } else {
          report("\(tp).path", "a png texture needs `path`, a PNG file relative to the scene")
        }
      } else if t.path != nil {
        report("\(tp).path", "only png textures take `path` (type is \(t.type.rawValue))")
      }
    }
  }

  mutating func checkShots() {
    let duration = spec.world.duration
    for (i, shot) in spec.shots.enumerated() {
      let p = "shots[\(i)]"
      if hasFailed(p) { continue }
      if i == 0, shot.start != 0 {
        report("\(p).start", "the first shot must start at 0 s, found \(Self.format(shot.start))")
      }
      if i > 0, !(shot.start > spec.shots[i - 1].start) {
        report(
          "\(p).start",
          "shot starts must increase strictly; found \(Self.format(shot.start)) s after "
            + "\(Self.format(spec.shots[i - 1].start)) s")
      }
      if !(shot.start >= 0 && shot.start < duration) {
        report(
          "\(p).start",
          "must be in [0, \(Self.format(duration))) s (the world duration), "
            + "found \(Self.format(shot.start))")
      }
      if let end = shot.end {
        if !(end > shot.start) {
          report("\(p).end", "must be after start (\(Self.format(shot.start)) s), found \(end)")
        } else if !(end <= duration) {
          report(
            "\(p).end",
            "must be ≤ \(Self.format(duration)) s (the world duration), found \(Self.format(end))")
        }
      }
      let c = shot.camera
      let cp = "\(p).camera"
      if hasFailed(cp) { continue }
      finite("\(cp).position", c.position, unit: "(m)")
      switch (c.target, c.track) {
      case (nil, nil):
        report(cp, "a camera needs `target` (a point in m) or `track` (an object name)")
      case (.some, .some):
        report(cp, "give either `target` or `track`, not both")
      case (let t?, nil):
        if t == c.position {
          report("\(cp).target", "must differ from the camera position \(Self.format(t))")
        }
      case (nil, let name?):
        if spec.object(named: name) == nil { report("\(cp).track", missingObject(name)) }
      }
      if !c.up.isFinite || c.up.length == 0 {
        report("\(cp).up", "must be a non-zero direction, found \(Self.format(c.up))")
      }
      if let s = shot.style, !StylePreset.supported.contains(s.preset) {
        report("\(p).style", "style '\(s.preset.rawValue)' is not supported")
      }
      range("\(cp).lens_mm", c.lensMM, 8...600, "in 8...600", unit: "mm")
      if let n = c.fNumber { range("\(cp).f_number", n, 0.7...64, "in 0.7...64", unit: "") }
      positive("\(cp).focus_distance", c.focusDistance, unit: "m")
    }
  }

  mutating func checkOutcomes() {
    var seen: [String] = []
    let duration = spec.world.duration
    let walls = spec.environment.walls.map(\.name)
    let surfaces = (spec.environment.ground == nil ? [] : ["ground"]) + walls
    for (i, o) in spec.outcomes.enumerated() {
      let p = "outcomes[\(i)]"
      if hasFailed(p) { continue }
      if o.name.isEmpty {
        report("\(p).name", "must be a non-empty name")
      } else if let j = seen.firstIndex(of: o.name) {
        report("\(p).name", "duplicate outcome name '\(o.name)' (also outcomes[\(j)])")
      }
      seen.append(o.name)
      if let at = o.at, !(at >= 0 && at <= duration) {
        report(
          "\(p).at",
          "must be in [0, \(Self.format(duration))] s (the world duration), "
            + "found \(Self.format(at))")
      }
      if hasFailed("\(p).type") { continue }
      let kind = o.kind.rawValue
      func need(_ key: String, _ present: Bool, _ hint: String) -> Bool {
        if !present, !hasFailed("\(p).\(key)") {
          report("\(p).\(key)", "outcome type '\(kind)' needs `\(key)` (\(hint))")
        }
        return present
      }
      func object(_ key: String, _ name: String?, extra: [String] = []) {
        guard let name else { return }
        if spec.object(named: name) == nil, !extra.contains(name) {
          report("\(p).\(key)", missingObject(name, extra: extra))
        }
      }
      switch o.kind {
      case .inside:
        _ = need("object", o.object != nil, "the object's name")
        object("object", o.object)
        let hasRegion = o.regionMin != nil && o.regionMax != nil
        if o.container == nil, !hasRegion, !hasFailed("\(p).region") {
          report(p, "outcome type 'inside' needs `container` (a box object) or `region`")
        } else if o.container != nil, hasRegion {
          report(p, "give either `container` or `region`, not both")
        }
        if let c = o.container {
          if let j = spec.object(named: c) {
            if spec.objects[j].shape != .box {
              report(
                "\(p).container",
                "container '\(c)' must be a box object, found a \(spec.objects[j].shape.rawValue)")
            }
          } else {
            report("\(p).container", missingObject(c))
          }
        }
        if let lo = o.regionMin, let hi = o.regionMax,
          !(lo.x < hi.x && lo.y < hi.y && lo.z < hi.z)
        {
          report(
            "\(p).region",
            "min must be below max in every axis, found min \(Self.format(lo)) "
              + "and max \(Self.format(hi))")
        }
      case .heightBelow:
        if need("objects", !(o.objects ?? []).isEmpty, "a non-empty list of object names") {
          for (k, name) in (o.objects ?? []).enumerated() { object("objects[\(k)]", name) }
        }
        if need("fraction", o.fraction != nil, "e.g. 0.5 for half the initial height"),
          let f = o.fraction, !(f > 0 && f <= 1)
        {
          report("\(p).fraction", "must be in (0, 1], found \(Self.format(f))")
        }
      case .touches:
        _ = need("object", o.object != nil, "the object's name")
        object("object", o.object)
        _ = need("other", o.other != nil, "an object name, \"ground\" or a wall name")
        if o.other == "ground", spec.environment.ground == nil, !walls.contains("ground") {
          let names = (spec.objects.map(\.name) + walls).joined(separator: ", ")
          report(
            "\(p).other",
            "this scene has no ground (`ground: none`); objects and walls: \(names)")
        } else {
          object("other", o.other, extra: surfaces)
        }
      case .atRest:
        _ = need("object", o.object != nil, "the object's name")
        object("object", o.object)
        positive("\(p).speed", o.speed, unit: "m/s")
      case .broke:
        _ = need("object", o.object != nil, "the object's name")
        object("object", o.object)
      case .moved:
        _ = need("object", o.object != nil, "the object's name")
        object("object", o.object)
        if need("distance", o.distance != nil, "a displacement in m"), let d = o.distance,
          !(d >= 0) || !d.isFinite
        {
          report("\(p).distance", "must be ≥ 0 m, found \(Self.format(d))")
        }
      }
    }
  }
}
