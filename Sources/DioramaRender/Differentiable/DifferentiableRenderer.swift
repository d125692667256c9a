import DioramaCore
import Dispatch

/// Settings of the differentiable renderer.
public struct DifferentiableRenderOptions: Sendable {
  /// Worker threads (rows are split over them). The image and the gradients are
  /// bit-identical for any count: per-row partial sums are added in row order and vertex
  /// gradients are scattered in pixel order. Values < 1 mean 1.
  public var threads: Int
  /// Icosphere subdivision level for spheres (3: 642 vertices, 1 280 triangles).
  public var sphereLevel: Int
  /// Longitudes of capsules and cylinders.
  public var roundSegments: Int
  /// Half side (m) of the square that stands in for an infinite plane, and its quads per side.
  public var planeHalfExtent: Double
  public var planeDivisions: Int
  /// Run the analytic antialiasing pass (without it there are no visibility gradients).
  public var antialias: Bool

  public init(
    threads: Int = 2, sphereLevel: Int = 3, roundSegments: Int = 32,
    planeHalfExtent: Double = 50, planeDivisions: Int = 16, antialias: Bool = true
  ) {
    self.threads = threads
    self.sphereLevel = sphereLevel
    self.roundSegments = roundSegments
    self.planeHalfExtent = planeHalfExtent
    self.planeDivisions = planeDivisions
    self.antialias = antialias
  }
}

/// One rendered frame with what the backward pass needs (the raster buffers and the colours
/// before antialiasing).
public struct DifferentiableFrame: Sendable {
  /// Image size (pixels).
  public var width: Int { scene.width }
  public var height: Int { scene.height }
  /// Linear-RGB radiance, 3 doubles per pixel, row-major, top row first (3·width·height).
  public var radiance: [Double]

  var scene: RasterScene
  /// Triangle id per pixel (−1: sky) and camera depth (m).
  var ids: [Int32]
  var depth: [Double]
  /// Radiance before antialiasing (3 per pixel).
  var shaded: [Double]

  /// The radiance as an `Image` (Float).
  public var image: Image {
    var im = Image(width: width, height: height)
    for i in 0..<radiance.count { im.pixels[i] = Float(radiance[i]) }
    return im
  }

  /// Triangle count drawn (all objects).
  public var triangleCount: Int { scene.triangles.count }
}

/// A differentiable rasteriser in the style of nvdiffrast (Laine et al. 2020): rasterise
/// every object's triangles with a z-buffer, shade each pixel (Lambert + GGX, sun, point and
/// ambient lights, no shadows), antialias silhouettes analytically; then, for a gradient of a
/// scalar loss with respect to the image, run hand-written adjoints of those passes in
/// reverse to get the gradient with respect to the camera, object transforms, vertices,
/// materials and lights (`SceneGradient`).
///
/// Gradients inside surfaces come from the shading adjoint (including how the point under a
/// pixel slides over a moving triangle); gradients at silhouettes come from the antialiasing
/// pass (see `RasterScene.crossing`). One sample per pixel at its centre.
///
/// ```swift
/// let r = DifferentiableRenderer()
/// let frame = try r.render(scene)
/// var dL = [Double](repeating: 0, count: frame.radiance.count)
/// for i in dL.indices { dL[i] = 2 * (frame.radiance[i] - target[i]) }  // L = Σ (I − T)²
/// let g = try r.gradient(of: frame, imageGradient: dL)
/// print(g.objects[0].albedo, g.camera.yaw)
/// ```
public struct DifferentiableRenderer: Sendable {
  public var options: DifferentiableRenderOptions

  public init(options: DifferentiableRenderOptions = DifferentiableRenderOptions()) {
    self.options = options
  }

  /// Renders `scene` (forward pass).
  /// - Throws: `DifferentiableRenderError` for shapes, materials or lights without a gradient
  ///   path yet, or an empty image.
  /// - Complexity: O(triangles · threads + pixels · lights).
  public func render(_ scene: RenderScene) throws -> DifferentiableFrame {
    var built = try RasterScene(scene, options: options)
    if options.antialias { built.binSilhouettes() }
    // A `let` copy: closures capturing a `var` struct reload (and retain) all of it per call.
    let rs = built
    let n = rs.width * rs.height
    var ids = [Int32](repeating: -1, count: n)
    var depth = [Double](repeating: .infinity, count: n)
    let setup = Rasterizer.setup(rs)
    let threads = max(1, min(options.threads, rs.height))
    Rasterizer.rasterize(rs, setup: setup, threads: threads, ids: &ids, depth: &depth)
    var shaded = [Double](repeating: 0, count: 3 * n)
    let w = rs.width
    let h = rs.height
    ids.withUnsafeBufferPointer { idb in
      shaded.withUnsafeMutableBufferPointer { out in
        let out = out
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
          for y in stride(from: worker, to: h, by: threads) {
            for x in 0..<w {
              let p = y * w + x
              let tri = Int(idb[p])
              let c: Vec3
              if tri < 0 {
                c = rs.skyRadiance(rs.pixelDirection(x: Double(x) + 0.5, y: Double(y) + 0.5))
              } else {
                c = rs.shade(rs.surface(x: x, y: y, tri: tri))
              }
              out[3 * p] = c.x
              out[3 * p + 1] = c.y
              out[3 * p + 2] = c.z
            }
          }
        }
      }
    }
    var radiance = shaded
    if options.antialias {
      ids.withUnsafeBufferPointer { idb in
        depth.withUnsafeBufferPointer { zb in
          shaded.withUnsafeBufferPointer { cb in
            radiance.withUnsafeMutableBufferPointer { out in
              let out = out
              DispatchQueue.concurrentPerform(iterations: threads) { worker in
                rs.antialias(
                  rows: stride(from: worker, to: h, by: threads), ids: idb, depth: zb, color: cb,
                  out: out)
              }
            }
          }
        }
      }
    }
    return DifferentiableFrame(
      radiance: radiance, scene: rs, ids: ids, depth: depth, shaded: shaded)
  }

  /// Reverse pass: the gradient of a scalar loss L with respect to the scene, given
  /// dL/d`frame.radiance` (3 per pixel, same layout).
  ///
  /// - Parameters:
  ///   - geometry: also compute the camera, transform and vertex gradients (the geometric
  ///     adjoint, the vertex scatter and the silhouette gradients). When false only
  ///     materials and lights get gradients (the camera and object transforms stay zero).
  /// - Throws: `DifferentiableRenderError.imageGradientSize` for a buffer of the wrong length.
  /// - Complexity: O(pixels · lights + vertices).
  public func gradient(
    of frame: DifferentiableFrame, imageGradient: [Double], geometry: Bool = true
  ) throws -> SceneGradient {
    let rs = frame.scene
    let w = rs.width
    let h = rs.height
    let n = w * h
    guard imageGradient.count == 3 * n else {
      throw DifferentiableRenderError.imageGradientSize(
        expected: 3 * n, found: imageGradient.count)
    }
    let threads = max(1, min(options.threads, h))
    let slots = rs.parameterSlots
    var partials = [Double](repeating: 0, count: slots * h)
    // dL/d(colour before antialiasing), and the silhouette edges' gradients.
    var dColor = imageGradient
    // Both left unfilled (tens of MB at 640×360 would otherwise be zeroed per call): the
    // antialiasing adjoint writes every pixel's two pair slots, and the shading pass writes
    // the store of every pixel with a triangle, the only ones the scatter reads.
    let edgeCount = geometry && options.antialias ? 2 * n : 0
    var edges = [EdgeGradient](unsafeUninitializedCapacity: edgeCount) { _, count in
      count = edgeCount
    }
    // Per pixel: λ (3), normal adjoint (3), b1, b2.
    let storeCount = geometry ? 8 * n : 0
    var store = [Double](unsafeUninitializedCapacity: storeCount) { _, count in
      count = storeCount
    }
    frame.ids.withUnsafeBufferPointer { idb in
      frame.depth.withUnsafeBufferPointer { zb in
        frame.shaded.withUnsafeBufferPointer { cb in
          imageGradient.withUnsafeBufferPointer { gb in
            dColor.withUnsafeMutableBufferPointer { dcb in
              edges.withUnsafeMutableBufferPointer { eb in
                partials.withUnsafeMutableBufferPointer { pb in
                  store.withUnsafeMutableBufferPointer { sb in
                    let dcb = dcb
                    let eb = eb
                    let pb = pb
                    let sb = sb
                    let aa = options.antialias
                    DispatchQueue.concurrentPerform(iterations: threads) { worker in
                      let rows = stride(from: worker, to: h, by: threads)
                      if aa {
                        rs.antialiasAdjoint(
                          rows: rows, ids: idb, depth: zb, color: cb, grad: gb, dColor: dcb,
                          edges: geometry ? eb.baseAddress : nil)
                      }
                      for y in rows {
                        let row = pb.baseAddress! + slots * y
                        for x in 0..<w {
                          let p = y * w + x
                          let g = Vec3(dcb[3 * p], dcb[3 * p + 1], dcb[3 * p + 2])
                          let tri = Int(idb[p])
                          if tri < 0 {
                            if geometry {
                              let d = rs.pixelDirection(x: Double(x) + 0.5, y: Double(y) + 0.5)
                              var dd = Vec3.zero
                              rs.skyAdjoint(d, g, &dd)
                              rs.addPixelDirectionAdjoint(
                                x: x, y: y, dd: dd, dO: .zero, partials: row)
                            }
                            continue
                          }
                          let sf = rs.surface(x: x, y: y, tri: tri)
                          var adj = RasterScene.ShadeAdjoint()
                          _ = rs.shade(sf, adjoint: g, into: &adj, partials: row)
                          if geometry {
                            rs.geometryAdjoint(
                              sf, adj, x: x, y: y, partials: row, store: sb.baseAddress! + 8 * p)
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
      }
    }
    // Row partials, added in row order.
    var total = [Double](repeating: 0, count: slots)
    for y in 0..<h {
      for k in 0..<slots { total[k] += partials[slots * y + k] }
    }
    var result = SceneGradient()
    let objectCount = rs.vertexStart.count - 1
    result.objects = (0..<objectCount).map { i in
      var o = SceneGradient.ObjectGradient()
      let b = rs.objectSlotBase + 4 * i
      o.albedo = Vec3(total[b], total[b + 1], total[b + 2])
      o.roughness = total[b + 3]
      return o
    }
    result.lights = [SceneGradient.LightGradient](
      repeating: SceneGradient.LightGradient(),
      count: rs.lights.map(\.index).max().map { $0 + 1 } ?? 0)
    for (k, light) in rs.lights.enumerated() {
      let b = rs.lightSlotBase + 7 * k
      var lg = SceneGradient.LightGradient()
      lg.intensity = total[b]
      lg.color = Vec3(total[b + 1], total[b + 2], total[b + 3])
      let v = Vec3(total[b + 4], total[b + 5], total[b + 6])
      switch light.kind {
      case .sun: lg.direction = v
      case .point: lg.position = v
      case .ambient: break
      }
      result.lights[light.index] = lg
    }
    guard geometry else { return result }

    // Vertex scatter in pixel order (deterministic for any thread count).
    let nv = rs.localVertices.count
    var dV = [Vec3](repeating: .zero, count: nv)
    var dN = [Vec3](repeating: .zero, count: nv)
    var dScreen = [SIMD2<Double>](repeating: .zero, count: nv)
    for p in 0..<n {
      let tri = Int(frame.ids[p])
      if tri < 0 { continue }
      let tv = rs.triangles[tri]
      let i0 = Int(tv.x)
      let i1 = Int(tv.y)
      let i2 = Int(tv.z)
      let s = 8 * p
      let lambda = Vec3(store[s], store[s + 1], store[s + 2])
      let na = Vec3(store[s + 3], store[s + 4], store[s + 5])
      let b1 = store[s + 6]
      let b2 = store[s + 7]
      let b0 = 1 - b1 - b2
      dV[i0] -= b0 * lambda
      dV[i1] -= b1 * lambda
      dV[i2] -= b2 * lambda
      if rs.smooth[Int(rs.triangleObject[tri])] {
        dN[i0] += b0 * na
        dN[i1] += b1 * na
        dN[i2] += b2 * na
      } else {
        // raw = σ e1 × e2 (σ folded into na).
        let v0 = rs.worldVertices[i0]
        let e1 = rs.worldVertices[i1] - v0
        let e2 = rs.worldVertices[i2] - v0
        let de1 = e2.cross(na)
        let de2 = na.cross(e1)
        dV[i1] += de1
        dV[i2] += de2
        dV[i0] -= de1 + de2
      }
    }
    if options.antialias {
      dScreen.withUnsafeMutableBufferPointer { ds in
        for p in 0..<n {
          for k in 0..<2 where edges[2 * p + k].a >= 0 {
            rs.scatterEdge(edges[2 * p + k], x: p % w, y: p / w, vertical: k == 1, dScreen: ds)
          }
        }
      }
    }
    // Camera gradients gathered so far: origin, forward, right, up.
    var dO = Vec3(total[0], total[1], total[2])
    var dF = Vec3(total[3], total[4], total[5])
    var dR = Vec3(total[6], total[7], total[8])
    var dU = Vec3(total[9], total[10], total[11])
    // Projection adjoint: x = W/2 (1 + xc/(zc tanX)), y = H/2 (1 − yc/(zc tanY)) with
    // (xc, yc, zc) = ((V − o)·r, (V − o)·u, (V − o)·f).
    let halfW = 0.5 * Double(w)
    let halfH = 0.5 * Double(h)
    for v in 0..<nv where dScreen[v] != .zero {
      let d = rs.worldVertices[v] - rs.origin
      let xc = d.dot(rs.right)
      let yc = d.dot(rs.up)
      let zc = d.dot(rs.forward)
      let gs = dScreen[v]
      let dxc = gs.x * halfW / (zc * rs.tanX)
      let dyc = -gs.y * halfH / (zc * rs.tanY)
      let dzc = -gs.x * halfW * xc / (zc * zc * rs.tanX) + gs.y * halfH * yc / (zc * zc * rs.tanY)
      let dv = dxc * rs.right + dyc * rs.up + dzc * rs.forward
      dV[v] += dv
      dO -= dv
      dR += dxc * d
      dU += dyc * d
      dF += dzc * d
    }
    // Objects: V = R·Vl + t, N = R·Nl.
    for i in 0..<objectCount {
      let r = rs.rotation[i]
      let rt = r.transposed
      var dt = Vec3.zero
      var dw = Vec3.zero
      var local: [Vec3] = []
      local.reserveCapacity(rs.vertexStart[i + 1] - rs.vertexStart[i])
      for v in rs.vertexStart[i]..<rs.vertexStart[i + 1] {
        dt += dV[v]
        let rv = rs.worldVertices[v] - rs.position[i]
        dw += rv.cross(dV[v]) + rs.worldNormals[v].cross(dN[v])
        local.append(rt * dV[v])
      }
      result.objects[i].translation = dt
      result.objects[i].rotation = dw
      result.objects[i].vertices = local
      result.objects[i].shape = rs.shapeGradient(
        i, local: Array(rs.localVertices[rs.vertexStart[i]..<rs.vertexStart[i + 1]]),
        gradient: local)
    }
    // Camera frame: u = r × f, r = (f × up)/|f × up|, f = (T − o)/|T − o|.
    dR += rs.forward.cross(dU)
    dF += dU.cross(rs.right)
    let c = rs.forward.cross(rs.worldUp)
    let cl = c.length
    if cl > 0 {
      let dc = (dR - rs.right * rs.right.dot(dR)) / cl
      dF += rs.worldUp.cross(dc)
    }
    let toTarget = rs.target - rs.origin
    let tl = toTarget.length
    var dT = Vec3.zero
    if tl > 0 {
      dT = (dF - rs.forward * rs.forward.dot(dF)) / tl
      dO -= dT
    }
    result.camera.position = dO
    result.camera.target = dT
    result.camera.yaw = dT.dot(Vec3(0, 0, 1).cross(toTarget))
    result.camera.pitch = dT.dot(rs.right.cross(toTarget))
    return result
  }
}

extension RasterScene {
  /// dL/d(size parameters) of object i from dL/d(local vertex) `gradient`, through the
  /// tessellation: a sphere's vertex is r·u (∂v/∂r = v/r); a box corner's coordinate k is
  /// ±h_k (∂v_k/∂h_k = sign v_k); a capsule's vertex is (r·u_xy, ±h + r·u_z) on its upper or
  /// lower half (∂v/∂r = (v − (0, 0, ±h))/r, ∂v_z/∂h = ±1); a cylinder's is (r·c, r·s, ±h)
  /// (∂v/∂r = (v_x, v_y, 0)/r, ∂v_z/∂h = ±1). The halves are the lathe's first and second
  /// half of rings (`Tessellation.capsule`, the cylinder profile in `RasterScene.init`).
  func shapeGradient(_ i: Int, local: [Vec3], gradient g: [Vec3]) -> [Double] {
    let shape = shapes[i]
    if case .sphere(let r) = shape, r > 0 {
      var d = 0.0
      for k in local.indices { d += g[k].dot(local[k]) / r }
      return [d]
    } else if case .box = shape {
      var d = Vec3.zero
      for k in local.indices {
        d +=
          Vec3(
            local[k].x >= 0 ? 1 : -1, local[k].y >= 0 ? 1 : -1, local[k].z >= 0 ? 1 : -1) * g[k]
      }
      return [d.x, d.y, d.z]
    } else if case .capsule(let r, let h) = shape, r > 0 {
      var dr = 0.0
      var dh = 0.0
      for k in local.indices {
        // The lathe's first half of rings is the lower end (also when h = 0).
        let side: Double = 2 * k >= local.count ? 1 : -1
        let u = (local[k] - Vec3(0, 0, side * h)) / r
        dr += g[k].dot(u)
        dh += side * g[k].z
      }
      return [dr, dh]
    } else if case .cylinder(let r, _) = shape, r > 0 {
      var dr = 0.0
      var dh = 0.0
      for k in local.indices {
        dr += (g[k].x * local[k].x + g[k].y * local[k].y) / r
        dh += (2 * k >= local.count ? 1 : -1) * g[k].z
      }
      return [dr, dh]
    }
    return []
  }
}
