import DioramaCore

/// A `RenderScene` turned into tracing storage: primitives, BVH, per-object materials and
/// lights in flat form. Built once per frame.
struct PreparedScene {
  var primitives: [Primitive]
  /// Indices of plane primitives (tested against every ray).
  var planes: [Int32]
  var bvh: BVH
  var materials: [RenderMaterial]
  var lights: [PreparedLight]
  /// Sum of ambient radiances (linear RGB).
  var ambient: Vec3
  var sky: Sky
  var shadows: Bool

  init(_ scene: RenderScene, shadows: Bool) {
    var prims: [Primitive] = []
    prims.reserveCapacity(scene.objects.count)
    var planes: [Int32] = []
    var finite: [Int32] = []
    var bounds: [(lo: Vec3, hi: Vec3)] = []
    for (i, o) in scene.objects.enumerated() {
      let p = Primitive(o, index: i)
      prims.append(p)
      if p.kind == .plane {
        planes.append(Int32(i))
        bounds.append((.zero, .zero))
      } else {
        finite.append(Int32(i))
        bounds.append(p.bounds)
      }
    }
    primitives = prims
    self.planes = planes
    bvh = BVH(bounds: bounds, indices: finite)
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
      case .ambient(let color, let intensity):
        ambient += color * intensity
      }
    }
    self.lights = lights
    self.ambient = ambient
    sky = scene.sky
    self.shadows = shadows
  }

  /// Runs `body` with a tracer reading this scene's storage through buffer pointers (valid only
  /// inside `body`).
  func withTracer<R>(_ body: (Tracer) -> R) -> R {
    primitives.withUnsafeBufferPointer { prims in
      planes.withUnsafeBufferPointer { planes in
        bvh.nodes.withUnsafeBufferPointer { nodes in
          bvh.order.withUnsafeBufferPointer { order in
            body(
              Tracer(
                prims: prims, planes: planes, nodes: nodes, order: order, scene: self))
          }
        }
      }
    }
  }
}

/// A sun or point light in tracing form.
struct PreparedLight {
  /// Point light (else sun).
  var isPoint: Bool
  /// Sun: unit direction toward the light; point: position (m).
  var vector: Vec3
  /// Sun: irradiance (colour × intensity); point: colour × intensity / 4π, so that
  /// E = power / r².
  var power: Vec3
}
