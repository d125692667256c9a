import DioramaCore
import Foundation

// MARK: - Shapes and rigid-body options

extension SceneValidator {
  /// Most parts a compound may have.
  static let maxParts = 256
  /// Largest heightfield side (samples).
  static let maxGridSide = 4096
  /// Most samples a heightfield may have (rows × columns).
  static let maxGridSamples = 1 << 20

  /// The geometry keys an object sets, in ``ShapeKind/geometryKeys`` order.
  static func presentKeys(_ o: ObjectSpec) -> [String] {
    let present = [
      o.radius != nil, o.size != nil, o.length != nil, o.height != nil, o.points != nil,
      o.objPath != nil, o.scale != nil, o.rows != nil, o.columns != nil, o.spacing != nil,
      o.heights != nil, o.parts != nil,
    ]
    return zip(ShapeKind.geometryKeys, present).filter(\.1).map(\.0)
  }

  /// The geometry keys a compound part sets.
  static func presentKeys(_ part: PartSpec) -> [String] {
    let present = [
      ("radius", part.radius != nil), ("size", part.size != nil),
      ("length", part.length != nil), ("height", part.height != nil),
      ("points", part.points != nil),
    ]
    return present.filter(\.1).map(\.0)
  }

  /// Required keys present, other shapes' keys absent, then each present key's value.
  mutating func checkShape(_ o: ObjectSpec, _ p: String) {
    checkKeys(o.shape, present: Self.presentKeys(o), p)
    checkConvexValues(o, p)
    if let path = o.objPath, o.shape == .mesh { asset("\(p).obj", path, kind: .obj) }
    if let s = o.scale, o.shape == .mesh, !(s.min() > 0) || !s.isFinite {
      report("\(p).scale", "each scale factor must be greater than 0, found \(Self.format(s))")
    }
    if o.shape == .heightfield { checkHeightfield(o, p) }
    if o.shape == .compound, let parts = o.parts { checkParts(parts, p) }
    if o.shape.isStaticOnly, !o.isStatic {
      report(
        "\(p).static",
        "a \(o.shape.rawValue) is static only (it encloses no volume to give it mass); "
          + "add `static: true`")
    }
  }

  mutating func checkKeys(_ shape: ShapeKind, present: [String], _ p: String) {
    for key in shape.requiredKeys where !present.contains(key) && !hasFailed("\(p).\(key)") {
      report("\(p).\(key)", "a \(shape.rawValue) needs `\(key)` \(ShapeKind.hint(forKey: key))")
    }
    let allowed = shape.requiredKeys + shape.optionalKeys
    for key in present where !allowed.contains(key) {
      report("\(p).\(key)", shape.misplaced(key))
    }
  }

  /// Range checks of the convex keys the shape uses.
  mutating func checkConvexValues(_ g: some ConvexShapeFields, _ p: String) {
    let keys = g.shape.requiredKeys
    if keys.contains("radius") { positive("\(p).radius", g.radius, unit: "m") }
    if keys.contains("size"), let s = g.size, !(s.min() > 0) || !s.isFinite {
      report("\(p).size", "each extent must be greater than 0 m, found \(Self.format(s))")
    }
    if keys.contains("length") { positive("\(p).length", g.length, unit: "m") }
    if keys.contains("height") { positive("\(p).height", g.height, unit: "m") }
    if keys.contains("points"), let points = g.points { checkHullPoints(points, "\(p).points") }
  }

  mutating func checkHullPoints(_ points: [Vec3], _ path: String) {
    if points.count < 4 {
      report(path, "a hull needs at least 4 points, found \(points.count)")
    } else if points.count > HullGeometry.maxPoints {
      report(
        path, "a hull may have at most \(HullGeometry.maxPoints) points, found \(points.count)")
    } else if let k = points.firstIndex(where: { !$0.isFinite }) {
      report("\(path)[\(k)]", "must be finite (m), found \(Self.format(points[k]))")
    } else if HullGeometry.volume(of: points) == nil {
      report(
        path,
        "the \(points.count) points lie in one plane (or on one line); a hull needs points "
          + "that span a volume")
    }
  }

  mutating func checkHeightfield(_ o: ObjectSpec, _ p: String) {
    var gridOK = true
    for (key, value) in [("rows", o.rows), ("columns", o.columns)] {
      if let v = value, !(2...Self.maxGridSide).contains(v) {
        report("\(p).\(key)", "must be in 2...\(Self.maxGridSide), found \(v)")
        gridOK = false
      }
    }
    if let r = o.rows, let c = o.columns, gridOK, r * c > Self.maxGridSamples {
      report(
        "\(p).rows",
        "a heightfield may have at most \(Self.maxGridSamples) samples, found \(r) × \(c) = "
          + "\(r * c)")
      gridOK = false
    }
    if let s = o.spacing, !(s.min() > 0) || !(s.x.isFinite && s.y.isFinite) {
      report(
        "\(p).spacing",
        "each spacing must be greater than 0 m, found [\(Self.format(s.x)), \(Self.format(s.y))]")
    }
    switch o.heights {
    case .samples(let values)?:
      if let r = o.rows, let c = o.columns, gridOK, values.count != r * c {
        report(
          "\(p).heights",
          "expected rows × columns = \(r) × \(c) = \(r * c) heights, found \(values.count)")
      }
      if let k = values.firstIndex(where: { !$0.isFinite }) {
        report("\(p).heights[\(k)]", "must be finite (m), found \(Self.format(values[k]))")
      }
    case .waves(let amplitude, let wavelength)?:
      if !(amplitude >= 0) || !amplitude.isFinite {
        report("\(p).heights.amplitude", "must be ≥ 0 m, found \(Self.format(amplitude))")
      }
      positive("\(p).heights.wavelength", wavelength, unit: "m")
    case nil:
      break
    }
  }

  mutating func checkParts(_ parts: [PartSpec], _ p: String) {
    if parts.isEmpty || parts.count > Self.maxParts {
      report(
        "\(p).parts", "a compound needs 1...\(Self.maxParts) parts, found \(parts.count)")
    }
    let names = ShapeKind.partShapes.map(\.rawValue)
    let allowed = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    for (k, part) in parts.enumerated() {
      let q = "\(p).parts[\(k)]"
      if hasFailed(q) || hasFailed("\(q).shape") { continue }
      guard ShapeKind.partShapes.contains(part.shape) else {
        report(
          "\(q).shape",
          "a compound part must be a \(allowed) (convex shapes), found \(part.shape.rawValue)")
        continue
      }
      checkKeys(part.shape, present: Self.presentKeys(part), q)
      checkConvexValues(part, q)
      finite("\(q).position", part.position, unit: "(m)")
      let r = part.rotation
      if !(r.w.isFinite && r.x.isFinite && r.y.isFinite && r.z.isFinite) || r.norm == 0 {
        report("\(q).rotation", "must be a finite, non-zero rotation")
      }
    }
  }

  /// Rolling and torsional friction, bullet, brittle, group and mask.
  mutating func checkRigidOptions(_ o: ObjectSpec, _ p: String) {
    for (key, value) in [
      ("rolling_friction", o.rollingFriction), ("torsional_friction", o.torsionalFriction),
    ] {
      if let v = value, !(v >= 0) || !v.isFinite {
        report(
          "\(p).\(key)", "must be ≥ 0 m (a lever arm of the normal force), found \(Self.format(v))")
      }
    }
    if o.isBullet, o.isStatic {
      report("\(p).bullet", "`bullet` is for fast moving objects; a static object never moves")
    }
    if let b = o.brittle {
      let q = "\(p).brittle"
      if o.isStatic {
        report(q, "a static object cannot shatter (it has no mass to share among the pieces)")
      }
      if let s = b.strength {
        positive("\(q).strength", s, unit: "N·s")
      } else if !hasFailed("\(q).strength") {
        report(
          "\(q).strength",
          "missing required key 'strength' (the breaking impulse in N·s, e.g. 0.5; materials "
            + "carry no fracture strength yet)")
      }
      if !BrittleSpec.pieceRange.contains(b.pieces) {
        report(
          "\(q).pieces",
          "must be in \(BrittleSpec.pieceRange.lowerBound)...\(BrittleSpec.pieceRange.upperBound), "
            + "found \(b.pieces)")
      }
    }
    if !ObjectSpec.groupRange.contains(o.group) {
      report("\(p).group", "must be in 0...31, found \(o.group)")
    }
    for (k, g) in (o.mask ?? []).enumerated() where !ObjectSpec.groupRange.contains(g) {
      report("\(p).mask[\(k)]", "must be a group in 0...31, found \(g)")
    }
  }
}

// MARK: - Joints

extension SceneValidator {
  /// The key a value was read from: `alternative` (e.g. `limits_deg`) when the file used it.
  func key(_ base: String, or alternative: String, in p: String) -> String {
    locations["\(p).\(alternative)"] != nil ? alternative : base
  }

  /// "`motor` is for hinge and slider joints, not a ball joint".
  func misplaced(_ key: String, for kinds: [JointKind], not kind: JointKind) -> String {
    "`\(key)` is for \(ShapeKind.englishList(kinds.map(\.rawValue))) joints, not a "
      + "\(kind.rawValue) joint"
  }

  mutating func checkJoints() {
    var names: [String] = []
    let usesWorld = spec.joints.contains { $0.b == JointSpec.world }
    if usesWorld, let k = spec.object(named: JointSpec.world) {
      report(
        "objects[\(k)].name",
        "'world' names the static world frame in joints; choose another object name")
    }
    for (i, j) in spec.joints.enumerated() {
      let p = "joints[\(i)]"
      if hasFailed(p) { continue }
      if j.name.isEmpty {
        report("\(p).name", "must be a non-empty name")
      } else if let k = names.firstIndex(of: j.name) {
        report("\(p).name", "duplicate joint name '\(j.name)' (also joints[\(k)])")
      }
      names.append(j.name)
      checkJointBodies(j, p)
      if hasFailed("\(p).kind") { continue }
      checkJointPlacement(j, p)
      checkJointLimits(j, p)
      checkJointDrives(j, p)
      checkJointLengths(j, p)
      if let f = j.breakForce { positive("\(p).break_force", f, unit: "N") }
      if let t = j.breakTorque {
        if j.kind.carriesTorque {
          positive("\(p).break_torque", t, unit: "N·m")
        } else {
          report(
            "\(p).break_torque",
            "a \(j.kind.rawValue) joint carries no torque; use `break_force` (N)")
        }
      }
    }
  }

  /// `a` and `b` name existing, different bodies, not both static.
  mutating func checkJointBodies(_ j: JointSpec, _ p: String) {
    var aIndex: Int?
    var bIndex: Int?
    if j.a == JointSpec.world {
      report("\(p).a", "`a` must be an object; the world may only be `b` (swap them)")
    } else if !j.a.isEmpty, !hasFailed("\(p).a") {
      aIndex = spec.object(named: j.a)
      if aIndex == nil { report("\(p).a", missingObject(j.a)) }
    }
    if !j.b.isEmpty, !hasFailed("\(p).b"), j.b != JointSpec.world {
      bIndex = spec.object(named: j.b)
      if bIndex == nil {
        report(
          "\(p).b", missingObject(j.b, extra: [JointSpec.world], noun: "objects (or world)"))
      }
    }
    if !j.a.isEmpty, j.a == j.b, j.a != JointSpec.world {
      report("\(p).b", "a joint needs two different bodies; `a` and `b` are both '\(j.a)'")
      return
    }
    if let ai = aIndex, spec.objects[ai].isStatic,
      j.b == JointSpec.world || bIndex.map({ spec.objects[$0].isStatic }) == true
    {
      report(p, "joins two static bodies ('\(j.a)' and '\(j.b)'); at least one must move")
    }
  }

  /// Anchors and axis, by kind.
  mutating func checkJointPlacement(_ j: JointSpec, _ p: String) {
    let kind = j.kind
    let single = JointKind.allCases.filter(\.usesSingleAnchor)
    let pair = JointKind.allCases.filter { !$0.usesSingleAnchor }
    if kind.usesSingleAnchor {
      if let a = j.anchor {
        finite("\(p).anchor", a, unit: "(m)")
      } else if !hasFailed("\(p).anchor") {
        report(
          "\(p).anchor",
          "a \(kind.rawValue) joint needs `anchor` (the joint's world point in m at t = 0), "
            + "e.g. [0, 0, 1]")
      }
      if j.anchorA != nil { report("\(p).anchor_a", misplaced("anchor_a", for: pair, not: kind)) }
      if j.anchorB != nil { report("\(p).anchor_b", misplaced("anchor_b", for: pair, not: kind)) }
    } else {
      if j.anchor != nil {
        report(
          "\(p).anchor",
          misplaced("anchor", for: single, not: kind)
            + "; it takes `anchor_a` and `anchor_b` (each default: its body's position)")
      }
      if let a = j.anchorA { finite("\(p).anchor_a", a, unit: "(m)") }
      if let b = j.anchorB {
        finite("\(p).anchor_b", b, unit: "(m)")
      } else if j.isToWorld, !hasFailed("\(p).anchor_b") {
        report(
          "\(p).anchor_b",
          "a \(kind.rawValue) joint to the world needs `anchor_b` (the world point it hangs "
            + "from, in m), e.g. [0, 0, 3]")
      }
    }
    if let axis = j.axis {
      if !axis.isFinite || axis.length == 0 {
        report("\(p).axis", "must be a non-zero direction, found \(Self.format(axis))")
      }
      if !kind.needsAxis && kind != .ball {
        report("\(p).axis", misplaced("axis", for: [.hinge, .slider, .ball], not: kind))
      } else if kind == .ball, j.cone == nil {
        let cone = key("cone", or: "cone_deg", in: p)
        if !hasFailed("\(p).\(cone)") {
          report(
            "\(p).axis", "a ball joint's `axis` is the axis of its cone; give `cone_deg` too")
        }
      }
    } else if kind.needsAxis, !hasFailed("\(p).axis") {
      let what = kind == .hinge ? "the axis it turns about" : "the direction it slides along"
      report(
        "\(p).axis", "a \(kind.rawValue) joint needs `axis` (\(what), world), e.g. [0, 0, 1]")
    }
  }

  /// Hinge angle and slider offset limits, and a ball joint's cone.
  mutating func checkJointLimits(_ j: JointSpec, _ p: String) {
    let limitsKey = key("limits", or: "limits_deg", in: p)
    if let range = j.limits {
      let q = "\(p).\(limitsKey)"
      let degrees = limitsKey == "limits_deg"
      let scale = degrees ? 180 / Double.pi : 1
      let shown = "[\(Self.format(range.lower * scale)), \(Self.format(range.upper * scale))]"
      if j.kind != .hinge && j.kind != .slider {
        report(q, misplaced(limitsKey, for: [.hinge, .slider], not: j.kind))
      } else if degrees && j.kind == .slider {
        report(q, "a slider's limits are offsets in m: use `limits`, not `limits_deg`")
      } else if !(range.lower <= range.upper) || !range.lower.isFinite || !range.upper.isFinite {
        report(q, "lower must be ≤ upper, found \(shown)")
      } else if j.kind == .hinge, !(range.lower >= -Double.pi && range.upper <= Double.pi) {
        let bound = degrees ? "-180...180 degrees" : "-π...π rad"
        report(q, "hinge limits must be within \(bound), found \(shown)")
      }
    }
    if let cone = j.cone {
      let coneKey = key("cone", or: "cone_deg", in: p)
      let q = "\(p).\(coneKey)"
      if j.kind != .ball {
        report(q, misplaced(coneKey, for: [.ball], not: j.kind))
      } else if j.axis == nil, let anchor = j.anchor, let i = spec.object(named: j.a),
        spec.objects[i].position == anchor
      {
        report(
          "\(p).axis",
          "the cone's axis runs from `anchor` to a's position by default, and they coincide; "
            + "give `axis`")
      } else if !(cone >= 0 && cone <= Double.pi) {
        let shown = coneKey == "cone_deg" ? Self.format(cone * 180 / Double.pi) : Self.format(cone)
        let bound = coneKey == "cone_deg" ? "0...180 degrees" : "0...π rad"
        report(q, "must be in \(bound), found \(shown)")
      }
    }
  }

  /// Motor and spring.
  mutating func checkJointDrives(_ j: JointSpec, _ p: String) {
    if let m = j.motor {
      let q = "\(p).motor"
      if j.kind != .hinge && j.kind != .slider {
        report(q, misplaced("motor", for: [.hinge, .slider], not: j.kind))
      } else {
        let (needed, unit, other) =
          j.kind == .hinge ? ("max_torque", "N·m", "max_force") : ("max_force", "N", "max_torque")
        let value = j.kind == .hinge ? m.maxTorque : m.maxForce
        let wrong = j.kind == .hinge ? m.maxForce : m.maxTorque
        if !m.speed.isFinite {
          report("\(q).speed", "must be finite, found \(Self.format(m.speed))")
        }
        if wrong != nil {
          report(
            "\(q).\(other)",
            "a \(j.kind.rawValue) motor takes `\(needed)` (\(unit)), not `\(other)`")
        } else if value == nil, !hasFailed("\(q).\(needed)") {
          report(
            "\(q).\(needed)",
            "a \(j.kind.rawValue) motor needs `\(needed)` (the most it may apply, in \(unit))")
        }
        if let v = value { positive("\(q).\(needed)", v, unit: unit) }
      }
    }
    if let s = j.spring {
      let q = "\(p).spring"
      if ![.hinge, .slider, .distance].contains(j.kind) {
        report(q, misplaced("spring", for: [.hinge, .slider, .distance], not: j.kind))
      } else {
        positive("\(q).hertz", s.hertz, unit: "Hz")
        if !(s.dampingRatio >= 0) || !s.dampingRatio.isFinite {
          report("\(q).damping_ratio", "must be ≥ 0, found \(Self.format(s.dampingRatio))")
        }
      }
    }
  }

  /// Distance and rope lengths.
  mutating func checkJointLengths(_ j: JointSpec, _ p: String) {
    if let l = j.length {
      if j.kind == .distance {
        positive("\(p).length", l, unit: "m")
      } else {
        let hint = j.kind == .rope ? "; a rope takes `max_length`" : ""
        report("\(p).length", misplaced("length", for: [.distance], not: j.kind) + hint)
      }
    }
    if let l = j.minLength {
      if j.kind == .distance {
        if !(l >= 0) || !l.isFinite {
          report("\(p).min_length", "must be ≥ 0 m, found \(Self.format(l))")
        }
      } else {
        let hint = j.kind == .rope ? "; a rope can always go slack" : ""
        report("\(p).min_length", misplaced("min_length", for: [.distance], not: j.kind) + hint)
      }
    }
    if let l = j.maxLength {
      if j.kind == .distance || j.kind == .rope {
        positive("\(p).max_length", l, unit: "m")
      } else {
        report("\(p).max_length", misplaced("max_length", for: [.distance, .rope], not: j.kind))
      }
    }
    guard j.kind == .distance || j.kind == .rope else { return }
    if j.kind == .distance, let lo = j.minLength, let hi = j.maxLength, lo > hi {
      report(
        "\(p).max_length",
        "must be ≥ min_length (\(Self.format(lo)) m), found \(Self.format(hi))")
    } else if j.kind == .distance, let l = j.length {
      if let lo = j.minLength, l < lo {
        report(
          "\(p).length", "must be ≥ min_length (\(Self.format(lo)) m), found \(Self.format(l))")
      } else if let hi = j.maxLength, l > hi {
        report(
          "\(p).length", "must be ≤ max_length (\(Self.format(hi)) m), found \(Self.format(l))")
      }
    }
    let given = j.kind == .distance ? j.length : j.maxLength
    if given == nil, let ends = j.anchors(in: spec), (ends.b - ends.a).length < 1e-9 {
      let key = j.kind == .distance ? "length" : "max_length"
      report(
        "\(p).\(key)",
        "the anchors coincide at t = 0, so the \(j.kind.rawValue) would have length 0; give "
          + "`\(key)` in m")
    }
  }
}
