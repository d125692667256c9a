import DioramaCore
import Foundation
import Yams

// MARK: - Shapes, rigid-body options and joints

extension SceneReader {
  /// The convex-shape keys objects and compound parts share.
  struct ConvexGeometry {
    var radius: Double?
    var size: Vec3?
    var length: Double?
    var height: Double?
    var points: [Vec3]?
  }

  mutating func readConvexGeometry(_ f: Fields) -> ConvexGeometry {
    var g = ConvexGeometry()
    g.radius = number(f, "radius", "a radius in m")
    g.size = vector(f, "size", "full extents in m")
    g.length = number(f, "length", "a length in m")
    g.height = number(f, "height", "a height in m")
    if let node = f["points"] {
      let path = Self.join(f.path, "points")
      note(node, path)
      if case .sequence(let seq) = node {
        var points: [Vec3] = []
        for (i, item) in seq.enumerated() {
          if let p = vector(item, "\(path)[\(i)]", "in m") { points.append(p) }
        }
        if points.count == seq.count { g.points = points } else { failed.insert(path) }
      } else {
        report(node, path, "expected a list of points [x, y, z] in m, found \(Self.describe(node))")
      }
    }
    return g
  }

  static let partKeys = [
    "shape", "radius", "size", "length", "height", "points", "position", "rotation",
  ]

  mutating func readPart(_ node: Node, _ path: String) -> PartSpec {
    var part = PartSpec(shape: .box)
    guard let f = fields(node, path, allowed: Self.partKeys, what: "a compound part") else {
      failed.insert(path)
      return part
    }
    let shapes = ShapeKind.partShapes.map(\.rawValue).joined(separator: ", ")
    if let n = require(f, "shape", shapes),
      let v = choice(n, Self.join(path, "shape"), "shape", ShapeKind.self)
    {
      part.shape = v
    }
    let g = readConvexGeometry(f)
    part.radius = g.radius
    part.size = g.size
    part.length = g.length
    part.height = g.height
    part.points = g.points
    if let v = vector(f, "position", "in m") { part.position = v }
    if let n = f["rotation"], let q = readRotation(n, Self.join(path, "rotation")) {
      part.rotation = q
    }
    return part
  }

  /// A mesh scale: one number for all axes, or `[sx, sy, sz]`.
  mutating func readScale(_ node: Node, _ path: String) -> Vec3? {
    note(node, path)
    if case .sequence = node {
      return vector(node, path, "(scale factors)", components: "[sx, sy, sz]")
    }
    return number(node, path, "a scale factor, or [sx, sy, sz]").map { Vec3(repeating: $0) }
  }

  /// `[dx, dy]` in m.
  mutating func readSpacing(_ node: Node, _ path: String) -> SIMD2<Double>? {
    note(node, path)
    guard case .sequence(let seq) = node, seq.count == 2 else {
      report(node, path, "expected [dx, dy] in m, found \(Self.describe(node))")
      return nil
    }
    let items = Array(seq)
    let dx = number(items[0], "\(path)[0]", "a spacing in m")
    let dy = number(items[1], "\(path)[1]", "a spacing in m")
    guard let dx, let dy else { return nil }
    return SIMD2(dx, dy)
  }

  /// A list of heights, or a generator mapping `{kind: waves, amplitude, wavelength}`.
  mutating func readHeights(_ node: Node, _ path: String) -> HeightfieldHeights? {
    note(node, path)
    switch node {
    case .sequence(let seq):
      var values: [Double] = []
      values.reserveCapacity(seq.count)
      for (i, item) in seq.enumerated() {
        if let v = number(item, "\(path)[\(i)]", "a height in m") { values.append(v) }
      }
      if values.count != seq.count { failed.insert(path) }
      return values.count == seq.count ? .samples(values) : nil
    case .mapping:
      let keys = ["kind", "amplitude", "wavelength"]
      guard let f = fields(node, path, allowed: keys, what: "a height generator") else {
        return nil
      }
      let kinds = HeightfieldGenerator.allCases.map(\.rawValue).joined(separator: ", ")
      let kind = require(f, "kind", kinds).flatMap {
        choice($0, Self.join(path, "kind"), "height generator", HeightfieldGenerator.self)
      }
      let amplitude = require(f, "amplitude", "the bump height in m").flatMap {
        number($0, Self.join(path, "amplitude"), "an amplitude in m")
      }
      let wavelength = require(f, "wavelength", "the bump spacing in m").flatMap {
        number($0, Self.join(path, "wavelength"), "a wavelength in m")
      }
      guard let kind, let amplitude, let wavelength else {
        failed.insert(path)
        return nil
      }
      switch kind {
      case .waves: return .waves(amplitude: amplitude, wavelength: wavelength)
      }
    case .scalar:
      report(
        node, path,
        "expected a list of heights in m, or a generator {kind: waves, amplitude, wavelength}, "
          + "found \(Self.describe(node))")
      return nil
    }
  }

  mutating func readBrittle(_ node: Node, _ path: String) -> BrittleSpec? {
    let keys = ["strength", "pieces", "seed"]
    guard let f = fields(node, path, allowed: keys, what: "brittle settings") else { return nil }
    var b = BrittleSpec()
    b.strength = number(f, "strength", "an impulse in N·s")
    if let v = integer(f, "pieces", "a whole number of pieces") { b.pieces = v }
    b.seed = unsigned(f, "seed", "a non-negative whole number")
    return b
  }

  /// A list of whole numbers.
  mutating func readIntegers(_ f: Fields, _ key: String, _ expected: String) -> [Int]? {
    guard let node = f[key] else { return nil }
    let path = Self.join(f.path, key)
    note(node, path)
    guard case .sequence(let seq) = node else {
      report(node, path, "expected a list of \(expected), found \(Self.describe(node))")
      return nil
    }
    var out: [Int] = []
    for (i, item) in seq.enumerated() {
      if let v = integer(item, "\(path)[\(i)]", "a whole number") { out.append(v) }
    }
    if out.count != seq.count { failed.insert(path) }
    return out.count == seq.count ? out : nil
  }

  /// `[lower, upper]`; `unit` reads like "in m".
  mutating func readRange(_ node: Node, _ path: String, _ unit: String) -> JointRange? {
    note(node, path)
    guard case .sequence(let seq) = node, seq.count == 2 else {
      report(node, path, "expected [lower, upper] \(unit), found \(Self.describe(node))")
      return nil
    }
    let items = Array(seq)
    let lower = number(items[0], "\(path)[0]", "a number \(unit)")
    let upper = number(items[1], "\(path)[1]", "a number \(unit)")
    guard let lower, let upper else { return nil }
    return JointRange(lower: lower, upper: upper)
  }

  // MARK: - Joints

  static let jointKeys = [
    "name", "kind", "a", "b", "anchor", "anchor_a", "anchor_b", "axis", "limits", "limits_deg",
    "cone", "cone_deg", "motor", "spring", "length", "min_length", "max_length", "break_force",
    "break_torque", "collide_connected",
  ]

  mutating func readJoint(_ node: Node, _ path: String, index: Int) -> JointSpec {
    var j = JointSpec(name: "joint\(index + 1)", kind: .fixed, a: "", b: "")
    guard let f = fields(node, path, allowed: Self.jointKeys, what: "a joint") else {
      failed.insert(path)
      return j
    }
    if let v = string(f, "name", "a joint name") { j.name = v }
    let kinds = JointKind.allCases.map(\.rawValue).joined(separator: ", ")
    if let n = require(f, "kind", kinds),
      let v = choice(n, Self.join(path, "kind"), "joint kind", JointKind.self)
    {
      j.kind = v
    }
    if let n = require(f, "a", "the name of the first object"),
      let v = string(n, Self.join(path, "a"), "an object name")
    {
      j.a = v
    }
    if let n = require(f, "b", "the name of the second object, or `world`"),
      let v = string(n, Self.join(path, "b"), "an object name or `world`")
    {
      j.b = v
    }
    j.anchor = vector(f, "anchor", "in m")
    j.anchorA = vector(f, "anchor_a", "in m")
    j.anchorB = vector(f, "anchor_b", "in m")
    j.axis = vector(f, "axis", "(a direction)")
    let degrees = Double.pi / 180
    if f.has("limits"), f.has("limits_deg") {
      report(
        location(f["limits_deg"] ?? node), Self.join(path, "limits_deg"),
        "give `limits` (rad for a hinge, m for a slider) or `limits_deg`, not both")
    } else if let n = f["limits_deg"] {
      j.limits = readRange(n, Self.join(path, "limits_deg"), "in degrees").map {
        JointRange(lower: $0.lower * degrees, upper: $0.upper * degrees)
      }
    } else if let n = f["limits"] {
      j.limits = readRange(n, Self.join(path, "limits"), "(rad for a hinge, m for a slider)")
    }
    if f.has("cone"), f.has("cone_deg") {
      report(
        location(f["cone_deg"] ?? node), Self.join(path, "cone_deg"),
        "give `cone` (rad) or `cone_deg`, not both")
    } else if f.has("cone_deg") {
      j.cone = number(f, "cone_deg", "an angle in degrees").map { $0 * degrees }
    } else {
      j.cone = number(f, "cone", "an angle in rad")
    }
    if let n = f["motor"] { j.motor = readMotor(n, Self.join(path, "motor")) }
    if let n = f["spring"] { j.spring = readSpring(n, Self.join(path, "spring")) }
    j.length = number(f, "length", "a length in m")
    j.minLength = number(f, "min_length", "a length in m")
    j.maxLength = number(f, "max_length", "a length in m")
    j.breakForce = number(f, "break_force", "a force in N")
    j.breakTorque = number(f, "break_torque", "a torque in N·m")
    if let v = bool(f, "collide_connected") { j.collideConnected = v }
    return j
  }

  mutating func readMotor(_ node: Node, _ path: String) -> JointMotorSpec? {
    let keys = ["speed", "max_torque", "max_force"]
    guard let f = fields(node, path, allowed: keys, what: "a motor") else { return nil }
    guard let n = require(f, "speed", "rad/s for a hinge, m/s for a slider"),
      let speed = number(n, Self.join(path, "speed"), "a speed (rad/s or m/s)")
    else { return nil }
    return JointMotorSpec(
      speed: speed, maxTorque: number(f, "max_torque", "a torque in N·m"),
      maxForce: number(f, "max_force", "a force in N"))
  }

  mutating func readSpring(_ node: Node, _ path: String) -> JointSpringSpec? {
    let keys = ["hertz", "damping_ratio"]
    guard let f = fields(node, path, allowed: keys, what: "a spring") else { return nil }
    guard let n = require(f, "hertz", "the natural frequency in Hz, e.g. 2"),
      let hertz = number(n, Self.join(path, "hertz"), "a frequency in Hz")
    else { return nil }
    var s = JointSpringSpec(hertz: hertz)
    if let v = number(f, "damping_ratio", "a damping ratio") { s.dampingRatio = v }
    return s
  }
}
