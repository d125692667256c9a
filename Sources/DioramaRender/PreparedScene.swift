import DioramaCore

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
                return body(Tracer(geometry: geometry, scene: self))
              }
            }
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
