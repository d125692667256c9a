import DioramaCore
import Foundation

/// A `RenderScene` turned into tracing storage: primitives, BVH, per-object materials and
/// lights in flat form. Built once per frame; a mesh's own BVH is built once in `RenderMesh`
/// and only referenced here.
struct PreparedScene {
  var primitives: [Primitive]
  /// Each distinct mesh of the scene once (by identity), in order of first appearance;
  /// `Primitive.mesh` indexes it. Holding them keeps their storage alive while tracing.
  var meshes: [RenderMesh]
  /// Indices of plane primitives (tested against every ray).
  var planes: [Int32]
  var bvh: BVH
  var materials: [RenderMaterial]
  var lights: [PreparedLight]
  /// Sum of ambient radiances (linear RGB).
  var ambient: Vec3
  var sky: Sky
  var shadows: Bool
  /// Indices into `lights` of the area lights (hit by camera and bounce rays).
  var areaLights: [Int] = []
  /// Whether any object is a dielectric (shadow rays then pass through them, tinted by
  /// `ShadeMaterial.transmitTint`).
  var hasTransmissive = false
  /// Per object, the material in flat form for the shading loop.
  var shade: [ShadeMaterial] = []

  init(_ scene: RenderScene, shadows: Bool) {
    var prims: [Primitive] = []
    prims.reserveCapacity(scene.objects.count)
    var planes: [Int32] = []
    var finite: [Int32] = []
    var bounds: [(lo: Vec3, hi: Vec3)] = []
    // SAH test cost per primitive: 1 for an analytic shape; a mesh instance is a BVH descent,
    // about its depth in node visits.
    var costs: [Double] = []
    var meshes: [RenderMesh] = []
    // Lookup only (never iterated), so the hash seed cannot change any order.
    var meshIndex: [ObjectIdentifier: Int32] = [:]
    for (i, o) in scene.objects.enumerated() {
      var slot: Int32 = -1
      if case .mesh(let m) = o.shape {
        if let k = meshIndex[ObjectIdentifier(m)] {
          slot = k
        } else {
          slot = Int32(meshes.count)
          meshIndex[ObjectIdentifier(m)] = slot
          meshes.append(m)
        }
      }
      let p = Primitive(o, index: i, mesh: slot)
      prims.append(p)
      costs.append(slot >= 0 ? Double(max(1, meshes[Int(slot)].storage.depth)) : 1)
      if p.kind == .plane {
        planes.append(Int32(i))
        bounds.append((.zero, .zero))
      } else {
        finite.append(Int32(i))
        bounds.append(p.bounds)
      }
    }
    primitives = prims
    self.meshes = meshes
    self.planes = planes
    bvh = BVH(bounds: bounds, indices: finite, costs: costs)
    materials = scene.objects.map(\.material)
    var ambient = Vec3.zero
    var lights: [PreparedLight] = []
    for light in scene.lights {
      switch light {
      case .sun(let direction, let color, let intensity):
        let l = -direction.normalized
        if l != .zero {
          lights.append(PreparedLight(isPoint: false, vector: l, power: color * intensity))
        }
      case .point(let position, let color, let intensity):
        lights.append(
          PreparedLight(
            isPoint: true, vector: position, power: color * (intensity / (4 * Double.pi))))
      case .spot(let position, let direction, let color, let intensity, let inner, let outer):
        var l = PreparedLight(
          isPoint: true, vector: position, power: color * (intensity / (4 * Double.pi)))
        l.kind = .spot
        l.axis = direction.normalized
        let o = min(Double.pi, max(0, outer))
        let i = min(o, max(0, inner))
        l.cosOuter = cos(o)
        l.cosInner = max(cos(i), l.cosOuter + 1e-9)
        if l.axis != .zero { lights.append(l) }
      case .area(let a):
        let n = a.normal.normalized
        guard n != .zero, a.area > 0 else { continue }
        var up = a.up - n * a.up.dot(n)
        if up.length < 1e-9 { up = n.anyOrthogonal }
        up = up.normalized
        let right = up.cross(n)
        var l = PreparedLight(isPoint: true, vector: a.position, power: a.radiance)
        l.kind = .area
        l.axis = n
        l.edgeU = right * (a.shape == .disk ? a.width : a.width)
        l.edgeV = up * (a.shape == .disk ? a.width : a.height)
        l.disk = a.shape == .disk
        l.area = a.area
        l.invU2 = 1 / l.edgeU.lengthSquared
        l.invV2 = 1 / l.edgeV.lengthSquared
        lights.append(l)
      case .ambient(let color, let intensity):
        ambient += color * intensity
      }
    }
    self.lights = lights
    areaLights = lights.indices.filter { lights[$0].kind == .area }
    hasTransmissive = scene.objects.contains { $0.material.kind == .dielectric }
    shade = scene.objects.map { ShadeMaterial($0.material) }
    self.ambient = ambient
    sky = scene.sky
    self.shadows = shadows
  }

  /// Runs `body` with a tracer reading this scene's storage through buffer pointers (valid only
  /// inside `body`).
  func withTracer<R>(_ body: (Tracer) -> R) -> R {
    let storages = meshes.map(\.storage)
    return withExtendedLifetime(meshes) {
      primitives.withUnsafeBufferPointer { prims in
        planes.withUnsafeBufferPointer { planes in
          bvh.nodes.withUnsafeBufferPointer { nodes in
            bvh.order.withUnsafeBufferPointer { order in
              storages.withUnsafeBufferPointer { meshes in
                let geometry = SceneGeometry(
                  prims: prims, planes: planes, nodes: nodes, order: order, meshes: meshes,
                  depth: bvh.depth)
                return shade.withUnsafeBufferPointer { shade in
                  lights.withUnsafeBufferPointer { lights in
                    body(Tracer(geometry: geometry, scene: self, shade: shade, lightList: lights))
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// A light in tracing form.
struct PreparedLight {
  enum Kind: UInt8 { case sun, point, spot, area }
  var kind: Kind
  /// Sun: unit direction toward the light; point and spot: position (m); area: centre (m).
  var vector: Vec3
  /// Sun: irradiance (colour × intensity); point and spot: colour × intensity / 4π, so that
  /// E = power / r²; area: radiance of the face.
  var power: Vec3
  /// Spot: unit direction the light travels along the cone axis; area: unit face normal.
  var axis = Vec3.zero
  /// Spot: cosines of the inner and outer cone half-angles.
  var cosInner = -1.0
  var cosOuter = -1.0
  /// Area: the full width and height edge vectors (m); for a disk, two diameters.
  var edgeU = Vec3.zero
  var edgeV = Vec3.zero
  /// Area: a disk (else a rectangle).
  var disk = false
  /// Area: emitting area (m²).
  var area = 0.0
  /// Area: 1/|edgeU|² and 1/|edgeV|² (1/m²), for the face coordinates of a hit.
  var invU2 = 0.0
  var invV2 = 0.0

  /// Point-like (a position, not a direction): point, spot and area lights.
  var isPoint: Bool { kind != .sun }

  init(isPoint: Bool, vector: Vec3, power: Vec3) {
    kind = isPoint ? .point : .sun
    self.vector = vector
    self.power = power
  }

  /// Spot falloff for unit `l` from the surface toward the light: smoothstep of cos θ between
  /// the outer and inner cone cosines (see `Light.spot`); 1 for other kinds.
  @inline(__always)
  func spotFactor(_ l: Vec3) -> Double {
    guard kind == .spot else { return 1 }
    let c = -l.dot(axis)
    let x = min(1, max(0, (c - cosOuter) / (cosInner - cosOuter)))
    return x * x * (3 - 2 * x)
  }

  /// Area: the point of the face for uniforms (u, v) in [0, 1)² (uniform over the area).
  @inline(__always)
  func areaPoint(_ u: Double, _ v: Double) -> Vec3 {
    if disk {
      let d = concentricDisk(u, v) * 0.5
      return vector + d.x * edgeU + d.y * edgeV
    }
    return vector + (u - 0.5) * edgeU + (v - 0.5) * edgeV
  }

  /// Area: distance along the ray o + t·d (unit d) to the front of the face within (0, tMax),
  /// or `.infinity`.
  @inline(__always)
  func intersectArea(_ o: Vec3, _ d: Vec3, _ tMax: Double) -> Double {
    let dn = d.dot(axis)
    if dn >= 0 { return .infinity }
    let t = (vector - o).dot(axis) / dn
    if !(t > 0 && t < tMax) { return .infinity }
    let q = o + t * d - vector
    let a = q.dot(edgeU) * invU2
    let b = q.dot(edgeV) * invV2
    if disk { return a * a + b * b <= 0.25 ? t : .infinity }
    return abs(a) <= 0.5 && abs(b) <= 0.5 ? t : .infinity
  }
}

/// A `RenderMaterial` in the flat form the shading loop reads (no references, so copying it
/// costs no reference counting).
struct ShadeMaterial {
  var kind: RenderMaterial.Kind
  /// Whether the albedo varies over the surface (texture, pattern or checker).
  var varying: Bool
  /// Whether an image texture gives the albedo (then `RenderMaterial` is read).
  var textured: Bool
  var checker: Checker?
  var pattern: Pattern?
  var albedo: Vec3
  var roughness: Double
  var metallic: Double
  var ior: Double
  var absorption: Vec3
  /// Dielectrics: the filter a shadow ray crossing the object keeps, `albedo · (1 − R₀)²`
  /// (two interfaces at normal incidence, R₀ = ((n − 1)/(n + 1))²); zero for opaque objects.
  var transmitTint: Vec3

  init(_ m: RenderMaterial) {
    kind = m.kind
    varying = m.texture != nil || m.checker != nil || m.pattern != nil
    textured = m.texture != nil
    checker = m.checker
    pattern = m.pattern
    albedo = m.albedo
    roughness = m.roughness
    metallic = m.metallic
    ior = m.ior
    absorption = m.absorption
    if m.kind == .dielectric {
      let r0 = (m.ior - 1) / (m.ior + 1)
      let k = (1 - r0 * r0) * (1 - r0 * r0)
      transmitTint = m.albedo * k
    } else {
      transmitTint = .zero
    }
  }
}
