import DioramaCore
import Dispatch

extension Renderer {
  /// Ground-truth buffers of one frame: depth, normals, instance ids, 2D boxes, and optical
  /// flow when the next frame's placement is given. One primary ray through each pixel centre,
  /// no shading; threads like `render(_:)` (rows interleaved over `options.threads` workers),
  /// and the result is identical for any thread count.
  ///
  /// - Parameters:
  ///   - scene: the frame, as given to `render(_:)`.
  ///   - nextTransforms: each object's transform in the next frame, indexed like
  ///     `scene.objects` (count must match: caller misuse traps). Nil: objects do not move.
  ///   - nextCamera: the camera of the next frame, with this frame's width and height (caller
  ///     misuse traps otherwise). Nil: the camera does not move.
  /// - Returns: the buffers; `flow` is nil when both `nextTransforms` and `nextCamera` are nil.
  /// - Complexity: O(pixels · (log n + planes)) for n finite objects (times log m inside a
  ///   mesh of m triangles), after an O(n log n) BVH build; boxes O(pixels + n log n), plus
  ///   O(vertices + triangles) per mesh instance.
  public func renderAOVs(
    _ scene: RenderScene, nextTransforms: [Transform]? = nil, nextCamera: Camera? = nil
  ) -> AOVs {
    let width = max(0, scene.camera.width)
    let height = max(0, scene.camera.height)
    let count = width * height
    if let nextTransforms {
      precondition(
        nextTransforms.count == scene.objects.count,
        "renderAOVs: \(nextTransforms.count) next transforms for \(scene.objects.count) objects")
    }
    if let nextCamera {
      precondition(
        nextCamera.width == scene.camera.width && nextCamera.height == scene.camera.height,
        "renderAOVs: the next camera must have this frame's image size")
    }
    let wantsFlow = nextTransforms != nil || nextCamera != nil
    var depth = [Float](repeating: .infinity, count: count)
    var normal = [Float](repeating: 0, count: 3 * count)
    var instance = [Int32](repeating: AOVs.skyInstance, count: count)
    var flow = [Float](repeating: 0, count: wantsFlow ? 2 * count : 0)
    // Index into scene.objects of the hit at each pixel (−1 for sky), for the boxes.
    var hitObject = [Int32](repeating: -1, count: count)
    guard count > 0 else {
      return AOVs(
        width: width, height: height, depth: depth, normal: normal, instance: instance,
        flow: wantsFlow ? flow : nil)
    }
    let prepared = PreparedScene(scene, shadows: false)
    let ids = scene.objects.map(\.id)
    let threads = max(1, min(options.threads, height))
    let frame = scene.camera.frame
    let origin = scene.camera.position
    let motion =
      wantsFlow ? Motion(scene, nextTransforms: nextTransforms, nextCamera: nextCamera) : nil

    depth.withUnsafeMutableBufferPointer { depthOut in
      normal.withUnsafeMutableBufferPointer { normalOut in
        instance.withUnsafeMutableBufferPointer { instanceOut in
          flow.withUnsafeMutableBufferPointer { flowOut in
            hitObject.withUnsafeMutableBufferPointer { hitOut in
              let (depthOut, normalOut, instanceOut, flowOut, hitOut) = (
                depthOut, normalOut, instanceOut, flowOut, hitOut
              )
              prepared.withTracer { tracer in
                // Worker w handles rows w, w + threads, ...: disjoint writes, and each pixel
                // depends only on its own ray, so the buffers do not depend on `threads`.
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                  var y = worker
                  while y < height {
                    for x in 0..<width {
                      let index = y * width + x
                      let px = Double(x) + 0.5
                      let py = Double(y) + 0.5
                      let ray = frame.ray(
                        x: px, y: py, width: width, height: height, origin: origin)
                      let d = ray.direction
                      let hit = tracer.closestHit(origin, d, .infinity)
                      guard hit.prim >= 0 else {
                        if let motion {
                          let f = motion.skyFlow(d, px, py)
                          flowOut[2 * index] = Float(f.x)
                          flowOut[2 * index + 1] = Float(f.y)
                        }
                        continue
                      }
                      let prim = tracer.prims[hit.prim]
                      let sf = tracer.surface(hit, origin, d)
                      let p = sf.point
                      let n = sf.normal
                      depthOut[index] = Float(hit.t * d.dot(frame.forward))
                      normalOut[3 * index] = Float(n.x)
                      normalOut[3 * index + 1] = Float(n.y)
                      normalOut[3 * index + 2] = Float(n.z)
                      instanceOut[index] = ids[Int(prim.object)]
                      hitOut[index] = prim.object
                      if let motion {
                        let f = motion.surfaceFlow(p, prim, px, py)
                        flowOut[2 * index] = Float(f.x)
                        flowOut[2 * index + 1] = Float(f.y)
                      }
                    }
                    y += threads
                  }
                }
              }
            }
          }
        }
      }
    }

    let visible = visibleBoxes(hitObject, ids: ids, width: width, height: height)
    var projected: [PixelBox] = []
    for prim in prepared.primitives {
      guard
        let e = projectedExtent(
          prim, frame: frame, origin: origin, width: width, height: height,
          mesh: prim.mesh >= 0 ? prepared.meshes[Int(prim.mesh)] : nil),
        let b = pixelRange(e, id: ids[Int(prim.object)], width: width, height: height)
      else { continue }
      projected.append(b)
    }
    return AOVs(
      width: width, height: height, depth: depth, normal: normal, instance: instance,
      flow: wantsFlow ? flow : nil, visibleBoxes: visible, projectedBoxes: mergeByID(projected))
  }

  /// Tight per-id pixel ranges of the pixels showing each object (`hit` holds object indices,
  /// −1 for sky).
  /// - Complexity: O(pixels + n log n) for n objects.
  private func visibleBoxes(_ hit: [Int32], ids: [Int32], width: Int, height: Int) -> [PixelBox] {
    let n = ids.count
    var minX = [Int32](repeating: .max, count: n)
    var minY = [Int32](repeating: .max, count: n)
    var maxX = [Int32](repeating: -1, count: n)
    var maxY = [Int32](repeating: -1, count: n)
    for y in 0..<height {
      let row = y * width
      for x in 0..<width {
        let k = Int(hit[row + x])
        if k < 0 { continue }
        minX[k] = min(minX[k], Int32(x))
        maxX[k] = max(maxX[k], Int32(x))
        minY[k] = min(minY[k], Int32(y))
        maxY[k] = max(maxY[k], Int32(y))
      }
    }
    var boxes: [PixelBox] = []
    for k in 0..<n where maxX[k] >= 0 {
      boxes.append(PixelBox(id: ids[k], minX: minX[k], minY: minY[k], maxX: maxX[k], maxY: maxY[k]))
    }
    return mergeByID(boxes)
  }
}

/// What optical flow needs about the next frame: each object's next placement and the next
/// camera, in tracing form.
private struct Motion: Sendable {
  /// Next local → world rotation per object (R').
  var rotation: [Matrix3]
  /// Next position per object (m).
  var position: [Vec3]
  var frame: Camera.Frame
  /// Next camera position (m).
  var origin: Vec3
  var width: Double
  var height: Double

  init(_ scene: RenderScene, nextTransforms: [Transform]?, nextCamera: Camera?) {
    let next = nextTransforms ?? scene.objects.map(\.transform)
    rotation = next.map { $0.rotation.normalized.matrix }
    position = next.map(\.position)
    let camera = nextCamera ?? scene.camera
    frame = camera.frame
    origin = camera.position
    width = Double(camera.width)
    height = Double(camera.height)
  }

  /// Image position (pixels) of the view-space vector `v` (right, up, forward components taken
  /// from a world vector), or NaN when it is not in front.
  @inline(__always)
  func project(_ v: Vec3) -> SIMD2<Double> {
    let zc = v.dot(frame.forward)
    guard zc > 0 else { return SIMD2(repeating: .nan) }
    let sx = v.dot(frame.right) / (zc * frame.tanX)
    let sy = v.dot(frame.upward) / (zc * frame.tanY)
    return SIMD2((sx + 1) * 0.5 * width, (1 - sy) * 0.5 * height)
  }

  /// Flow (pixels) of world point `p` on `prim` seen at pixel centre (px, py): the local point
  /// `Rᵀ(p − x)` carried to `R'·local + x'`, projected by the next camera.
  @inline(__always)
  func surfaceFlow(_ p: Vec3, _ prim: Primitive, _ px: Double, _ py: Double) -> SIMD2<Double> {
    let k = Int(prim.object)
    let local = prim.toLocal * (p - prim.position)
    let moved = rotation[k] * local + position[k]
    return project(moved - origin) - SIMD2(px, py)
  }

  /// Flow (pixels) of the sky seen along unit direction `d`: a direction at infinity, which
  /// only the camera's rotation moves.
  @inline(__always)
  func skyFlow(_ d: Vec3, _ px: Double, _ py: Double) -> SIMD2<Double> {
    project(d) - SIMD2(px, py)
  }
}
