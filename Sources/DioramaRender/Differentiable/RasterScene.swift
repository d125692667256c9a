import DioramaCore
import Foundation

/// A `RenderScene` flattened for the differentiable rasteriser: every object tessellated into
/// one indexed triangle soup (struct of arrays), placed in the world and in camera coordinates,
/// with triangle adjacency for the silhouette test, flat material and light tables, and the
/// camera frame. Built once per `DifferentiableRenderer.render`.
struct RasterScene {
  // MARK: Camera

  var width: Int
  var height: Int
  /// Centre of projection (m).
  var origin: Vec3
  /// Camera frame (unit vectors): `forward` along the optical axis, `right` and `up` in the
  /// image plane, as `Camera.frame`.
  var forward: Vec3
  var right: Vec3
  var up: Vec3
  /// Half-extents of the image plane at unit distance (unitless).
  var tanX: Double
  var tanY: Double
  /// The camera's look-at inputs, kept for the pose gradient.
  var target: Vec3
  var worldUp: Vec3

  // MARK: Objects (count n)

  /// Vertex range of object i: `vertexStart[i] ..< vertexStart[i + 1]` (n + 1 entries).
  var vertexStart: [Int]
  /// Triangle range of object i (n + 1 entries).
  var triangleStart: [Int]
  /// Smooth (per-vertex normals) or flat shading, per object.
  var smooth: [Bool]
  /// World-from-local rotation and position (m) per object.
  var rotation: [Matrix3]
  var position: [Vec3]
  /// Albedo (linear RGB), roughness (unitless, [0, 1]) and metallic ([0, 1]) per object.
  var albedo: [Vec3]
  var roughness: [Double]
  var metallic: [Double]
  /// Checkerboard per object (planes only; nil otherwise): square side (m) and second albedo.
  var checker: [Checker?]
  /// Each object's shape (for the gradients of its size parameters).
  var shapes: [RenderShape]

  // MARK: Vertices (count nv)

  /// Local positions (m) and local unit normals (zero for flat objects).
  var localVertices: [Vec3]
  var localNormals: [Vec3]
  /// World positions (m) and world unit normals.
  var worldVertices: [Vec3]
  var worldNormals: [Vec3]
  /// Screen position (continuous pixels) of each vertex, valid when `inFront` is true
  /// (camera depth above `nearDepth`).
  var screen: [SIMD2<Double>]
  var inFront: [Bool]

  // MARK: Triangles (count nt)

  /// Global vertex indices, counter-clockwise from outside.
  var triangles: [SIMD3<Int32>]
  /// Object index per triangle.
  var triangleObject: [Int32]
  /// Triangle across edge (v0 v1), (v1 v2), (v2 v0), or −1 for a boundary edge (or an edge
  /// shared by more than two triangles).
  var neighbors: [SIMD3<Int32>]
  /// +1 when the triangle's front (counter-clockwise side) faces the camera, −1 when its back
  /// does, 0 when seen edge-on: the sign of (v0 − o)·((v1 − v0) × (v2 − v0)), negated.
  var facing: [Int8]

  /// Silhouette edges binned by pixel pair: the edges crossing pair slot s are
  /// `pairEdges[pairStart[s] ..< pairStart[s + 1]]` (2·width·height + 1 entries; see
  /// `binSilhouettes`).
  var pairStart: [Int32] = []
  var pairEdges: [SilhouetteEdge] = []

  // MARK: Lighting

  var lights: [ShadingLight]
  /// Sum of the ambient lights' radiance (linear RGB).
  var ambient: Vec3
  var sky: Sky

  /// Surfaces nearer than this camera depth (m) are not drawn.
  static let nearDepth = 1e-3

  /// Flattens `scene`.
  /// - Throws: `DifferentiableRenderError` naming the object or light that has no gradient
  ///   path yet.
  /// - Complexity: O(vertices + triangles log triangles) (adjacency sort).
  init(_ scene: RenderScene, options: DifferentiableRenderOptions) throws {
    let cam = scene.camera
    guard cam.width > 0, cam.height > 0 else {
      throw DifferentiableRenderError.emptyImage(width: cam.width, height: cam.height)
    }
    width = cam.width
    height = cam.height
    let fr = cam.frame
    origin = cam.position
    forward = fr.forward
    right = fr.right
    up = fr.upward
    tanX = fr.tanX
    tanY = fr.tanY
    target = cam.target
    worldUp = cam.up

    vertexStart = [0]
    triangleStart = [0]
    smooth = []
    rotation = []
    position = []
    albedo = []
    roughness = []
    metallic = []
    checker = []
    shapes = []
    localVertices = []
    localNormals = []
    triangles = []
    triangleObject = []
    neighbors = []
    for (i, object) in scene.objects.enumerated() {
      // `if case` rather than `switch`: shapes added to `RenderShape` later fall through to
      // the error below instead of breaking the build (or warning about an unused default).
      let tess: Tessellation
      var isPlane = false
      let shape = object.shape
      if case .sphere(let r) = shape {
        tess = .icosphere(radius: r, level: options.sphereLevel)
      } else if case .box(let h) = shape {
        tess = .box(halfExtents: h)
      } else if case .plane = shape {
        tess = .plane(halfExtent: options.planeHalfExtent, divisions: options.planeDivisions)
        isPlane = true
      } else if case .capsule(let r, let h) = shape {
        tess = .capsule(radius: r, halfHeight: h, segments: options.roundSegments)
      } else if case .cylinder(let r, let h) = shape {
        tess = .lathe(
          profile: [
            SIMD4(0, -h, 0, -1), SIMD4(r, -h, 0, -1), SIMD4(r, -h, 1, 0), SIMD4(r, h, 1, 0),
            SIMD4(r, h, 0, 1), SIMD4(0, h, 0, 1),
          ], segments: options.roundSegments)
      } else if case .mesh(let m) = shape {
        tess = Tessellation(
          vertices: m.vertices, triangles: m.triangles, normals: m.normals ?? [])
      } else {
        throw DifferentiableRenderError.shapeNotDifferentiable(
          object: i, what: "\(shape)".prefix(40).description)
      }
      let mat = object.material
      if mat.texture != nil {
        throw DifferentiableRenderError.materialNotDifferentiable(object: i, what: "a texture")
      }
      if mat.checker != nil && !isPlane {
        throw DifferentiableRenderError.materialNotDifferentiable(
          object: i, what: "a checker on a shape other than a plane")
      }
      let base = Int32(localVertices.count)
      localVertices += tess.vertices
      localNormals +=
        tess.normals.isEmpty
        ? [Vec3](repeating: .zero, count: tess.vertices.count) : tess.normals
      let triBase = Int32(triangles.count)
      for t in tess.triangles { triangles.append(t &+ base) }
      triangleObject += [Int32](repeating: Int32(i), count: tess.triangles.count)
      for nb in tess.adjacency ?? Self.adjacency(tess) {
        neighbors.append(
          SIMD3(
            nb.x < 0 ? -1 : nb.x + triBase, nb.y < 0 ? -1 : nb.y + triBase,
            nb.z < 0 ? -1 : nb.z + triBase))
      }
      vertexStart.append(localVertices.count)
      triangleStart.append(triangles.count)
      smooth.append(!tess.normals.isEmpty)
      rotation.append(object.transform.rotation.normalized.matrix)
      position.append(object.transform.position)
      albedo.append(mat.albedo)
      roughness.append(mat.roughness)
      metallic.append(min(1, max(0, mat.metallic)))
      checker.append(isPlane ? mat.checker : nil)
      shapes.append(shape)
    }
    let nv = localVertices.count
    worldVertices = [Vec3](repeating: .zero, count: nv)
    worldNormals = [Vec3](repeating: .zero, count: nv)
    screen = [SIMD2<Double>](repeating: .zero, count: nv)
    inFront = [Bool](repeating: false, count: nv)
    facing = [Int8](repeating: 0, count: triangles.count)

    lights = []
    ambient = .zero
    for (k, light) in scene.lights.enumerated() {
      // `if case`, as for shapes: new kinds of light throw until they get a gradient path.
      if case .sun(let direction, let color, let intensity) = light {
        lights.append(
          ShadingLight(
            index: k, kind: .sun, vector: direction, color: color, intensity: intensity))
      } else if case .point(let p, let color, let intensity) = light {
        lights.append(
          ShadingLight(index: k, kind: .point, vector: p, color: color, intensity: intensity))
      } else if case .ambient(let color, let intensity) = light {
        lights.append(
          ShadingLight(
            index: k, kind: .ambient, vector: .zero, color: color, intensity: intensity))
        ambient += color * intensity
      } else {
        throw DifferentiableRenderError.lightNotDifferentiable(
          light: k, what: "\(light)".prefix(40).description)
      }
    }
    sky = scene.sky
    place()
  }

  /// Recomputes world positions and normals, screen positions and facing from the local
  /// vertices, object transforms and camera.
  /// - Complexity: O(vertices + triangles).
  mutating func place() {
    let w = Double(width)
    let h = Double(height)
    for i in 0..<(vertexStart.count - 1) {
      let r = rotation[i]
      let p = position[i]
      for v in vertexStart[i]..<vertexStart[i + 1] {
        let x = r * localVertices[v] + p
        worldVertices[v] = x
        worldNormals[v] = r * localNormals[v]
        let d = x - origin
        let zc = d.dot(forward)
        if zc > Self.nearDepth {
          let sx = d.dot(right) / (zc * tanX)
          let sy = d.dot(up) / (zc * tanY)
          screen[v] = SIMD2((sx + 1) * 0.5 * w, (1 - sy) * 0.5 * h)
          inFront[v] = true
        } else {
          screen[v] = .zero
          inFront[v] = false
        }
      }
    }
    for k in 0..<triangles.count {
      let t = triangles[k]
      let a = worldVertices[Int(t.x)]
      let n = (worldVertices[Int(t.y)] - a).cross(worldVertices[Int(t.z)] - a)
      let s = (a - origin).dot(n)
      facing[k] = s < 0 ? 1 : (s > 0 ? -1 : 0)
    }
  }

  /// For each triangle, the triangle across each of its edges (−1: none, or more than one).
  /// Vertices at equal positions count as one, so meshes with split vertices (sharp normals,
  /// the rims of a cylinder) still join. Sorting keeps it deterministic.
  /// - Complexity: O(t log t).
  static func adjacency(_ tess: Tessellation) -> [SIMD3<Int32>] {
    // Weld: the first vertex at each position (lookup only, never iterated).
    var first: [SIMD3<Double>: Int32] = [:]
    var weld = [Int32](repeating: 0, count: tess.vertices.count)
    for (i, v) in tess.vertices.enumerated() {
      if let f = first[v] {
        weld[i] = f
      } else {
        first[v] = Int32(i)
        weld[i] = Int32(i)
      }
    }
    // (lo, hi, triangle, edge) for every edge, sorted by (lo, hi).
    var edges: [(lo: Int32, hi: Int32, tri: Int32, edge: Int32)] = []
    edges.reserveCapacity(3 * tess.triangles.count)
    for (k, t) in tess.triangles.enumerated() {
      for e in 0..<3 {
        let a = weld[Int(t[e])]
        let b = weld[Int(t[(e + 1) % 3])]
        edges.append((min(a, b), max(a, b), Int32(k), Int32(e)))
      }
    }
    edges.sort { ($0.lo, $0.hi, $0.tri, $0.edge) < ($1.lo, $1.hi, $1.tri, $1.edge) }
    var nb = [SIMD3<Int32>](repeating: SIMD3(-1, -1, -1), count: tess.triangles.count)
    var i = 0
    while i < edges.count {
      var j = i + 1
      while j < edges.count && edges[j].lo == edges[i].lo && edges[j].hi == edges[i].hi {
        j += 1
      }
      if j - i == 2 {
        let a = edges[i]
        let b = edges[i + 1]
        nb[Int(a.tri)][Int(a.edge)] = b.tri
        nb[Int(b.tri)][Int(b.edge)] = a.tri
      }
      i = j
    }
    return nb
  }

  /// The unnormalised direction of the ray through continuous pixel (x, y): forward component
  /// 1, so the ray parameter at a point is its camera depth (m).
  @inline(__always)
  func pixelDirection(x: Double, y: Double) -> Vec3 {
    let sx = (2 * x / Double(width) - 1) * tanX
    let sy = (1 - 2 * y / Double(height)) * tanY
    return forward + sx * right + sy * up
  }
}

/// A light in the shader's form. `vector` is the sun's travel direction (unnormalised, as
/// given) or the point light's position (m).
struct ShadingLight {
  enum Kind { case sun, point, ambient }
  /// Index in `RenderScene.lights`.
  var index: Int
  var kind: Kind
  var vector: Vec3
  /// Linear RGB tint (unitless) and intensity (see `Light`).
  var color: Vec3
  var intensity: Double
  /// |vector|, and for a sun the unit direction toward it, −vector/|vector| (set in `init`).
  var vectorLength: Double = 0
  var toLight: Vec3 = .zero

  init(index: Int, kind: Kind, vector: Vec3, color: Vec3, intensity: Double) {
    self.index = index
    self.kind = kind
    self.vector = vector
    self.color = color
    self.intensity = intensity
    vectorLength = vector.length
    toLight = -vector.normalized
  }
}
