import DioramaCore
import Dispatch

/// The visibility pass of the differentiable renderer: for every pixel centre, the nearest
/// triangle (id, or −1) and its camera depth, by z-buffered rasterisation.
///
/// Homogeneous rasterisation (Olano & Greer 1997, "Triangle scan conversion using 2D
/// homogeneous coordinates"): with the vertices V0, V1, V2 in camera coordinates and the
/// pixel's ray direction d(x, y) = ((2x/W − 1)·tanX, (1 − 2y/H)·tanY, 1), the ray meets the
/// triangle exactly when the three edge functions E0 = d·(V1×V2), E1 = d·(V2×V0),
/// E2 = d·(V0×V1) all have the sign of det = V0·(V1×V2). Each Eᵢ is affine in (x, y), so a
/// row is walked with one addition per edge, and no clipping is needed for triangles that
/// cross the camera plane (their screen box is unbounded, so they scan the whole image; the
/// edge tests keep only the part in front). The weights Eᵢ/ΣE are the perspective-correct
/// barycentric coordinates and the camera depth is z = det/ΣE (d has forward component 1).
///
/// Ties: a pixel centre exactly on an edge shared by two triangles goes to the one whose
/// sign-adjusted edge function increases to the right (or, for a horizontal edge, downward):
/// the two triangles see that edge function with opposite signs, so exactly one takes it.
/// Equal depths go to the lower triangle id, so the result does not depend on thread count.
///
/// No gradient flows through this pass (ids are piecewise constant); the shading pass
/// recomputes the barycentrics from the ray with derivatives, and the antialiasing pass
/// supplies the visibility gradients.
enum Rasterizer {
  /// Per-triangle setup, 12 doubles per triangle: edge coefficients (Aᵢ, Bᵢ, Cᵢ) with
  /// Eᵢ = Aᵢ·x + Bᵢ·y + Cᵢ at continuous pixel (x, y), already multiplied by sign(det)
  /// (9 values), |det|, and two unused slots; and the integer pixel box (x0, x1, y0, y1)
  /// (inclusive; x0 > x1 when the triangle cannot be seen).
  struct Setup {
    var coefficients: [Double]
    var boxes: [SIMD4<Int32>]
  }

  static func setup(_ s: RasterScene) -> Setup {
    let nt = s.triangles.count
    var c = [Double](repeating: 0, count: 12 * nt)
    var boxes = [SIMD4<Int32>](repeating: SIMD4(1, 0, 1, 0), count: nt)
    let w = Double(s.width)
    let h = Double(s.height)
    // d = (ax·x + bx, ay·y + by, 1) in camera coordinates.
    let ax = 2 * s.tanX / w
    let bx = -s.tanX
    let ay = -2 * s.tanY / h
    let by = s.tanY
    for k in 0..<nt {
      let t = s.triangles[k]
      let p0 = s.worldVertices[Int(t.x)] - s.origin
      let p1 = s.worldVertices[Int(t.y)] - s.origin
      let p2 = s.worldVertices[Int(t.z)] - s.origin
      let q0 = Vec3(p0.dot(s.right), p0.dot(s.up), p0.dot(s.forward))
      let q1 = Vec3(p1.dot(s.right), p1.dot(s.up), p1.dot(s.forward))
      let q2 = Vec3(p2.dot(s.right), p2.dot(s.up), p2.dot(s.forward))
      let near = RasterScene.nearDepth
      if q0.z <= near && q1.z <= near && q2.z <= near { continue }
      let n0 = q1.cross(q2)
      let n1 = q2.cross(q0)
      let n2 = q0.cross(q1)
      let det = q0.dot(n0)
      if det == 0 || !det.isFinite { continue }
      let sg: Double = det > 0 ? 1 : -1
      // (No array literals here: nothing is allocated per triangle.)
      @inline(__always) func setEdge(_ e: Int, _ n: Vec3) {
        c[12 * k + 3 * e] = sg * n.x * ax
        c[12 * k + 3 * e + 1] = sg * n.y * ay
        c[12 * k + 3 * e + 2] = sg * (n.x * bx + n.y * by + n.z)
      }
      setEdge(0, n0)
      setEdge(1, n1)
      setEdge(2, n2)
      c[12 * k + 9] = abs(det)
      // Screen box of the part in front of the near plane: clip the triangle to z ≥ near in
      // camera space (at most four corners) and project those.
      var lo = SIMD2<Double>(repeating: .infinity)
      var hi = SIMD2<Double>(repeating: -.infinity)
      @inline(__always) func include(_ c: Vec3) {
        let p = SIMD2((c.x / (c.z * s.tanX) + 1) * 0.5 * w, (1 - c.y / (c.z * s.tanY)) * 0.5 * h)
        lo = pointwiseMin(lo, p)
        hi = pointwiseMax(hi, p)
      }
      // Each corner in front, and each edge's crossing of the near plane.
      @inline(__always) func clip(_ a: Vec3, _ b: Vec3) {
        if a.z >= near { include(a) }
        if (a.z - near) * (b.z - near) < 0 { include(a + (b - a) * ((near - a.z) / (b.z - a.z))) }
      }
      clip(q0, q1)
      clip(q1, q2)
      clip(q2, q0)
      if !(lo.x.isFinite && hi.x.isFinite && lo.y.isFinite && hi.y.isFinite) { continue }
      // Clamped before the integer conversion (a corner just past the near plane can project
      // far outside the image).
      lo = pointwiseMax(lo, SIMD2(repeating: -1))
      hi = pointwiseMin(hi, SIMD2(w + 1, h + 1))
      // Pixel centres i + ½ inside [lo, hi].
      let x0 = max(0, Int((lo.x - 0.5).rounded(.up)))
      let x1 = min(s.width - 1, Int((hi.x - 0.5).rounded(.down)))
      let y0 = max(0, Int((lo.y - 0.5).rounded(.up)))
      let y1 = min(s.height - 1, Int((hi.y - 0.5).rounded(.down)))
      boxes[k] = SIMD4(Int32(x0), Int32(x1), Int32(y0), Int32(y1))
    }
    return Setup(coefficients: c, boxes: boxes)
  }

  /// Fills `ids` (−1 where nothing is hit) and `depth` (camera depth, m; +∞ where nothing is
  /// hit), both width·height, row-major. Each of `threads` workers owns a contiguous band of
  /// rows and rasterises the triangles whose screen box meets it (a small triangle is set up
  /// by one worker, not by all).
  /// - Complexity: O(triangles · threads + covered pixels).
  static func rasterize(
    _ s: RasterScene, setup: Setup, threads: Int, ids: inout [Int32], depth: inout [Double]
  ) {
    let w = s.width
    let h = s.height
    let nt = s.triangles.count
    let workers = max(1, min(threads, h))
    ids.withUnsafeMutableBufferPointer { idb in
      depth.withUnsafeMutableBufferPointer { zb in
        setup.coefficients.withUnsafeBufferPointer { cb in
          setup.boxes.withUnsafeBufferPointer { bb in
            let idb = idb
            let zb = zb
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
              // Own band of rows [bandLo, bandHi], cleared first.
              let bandLo = worker * h / workers
              let bandHi = (worker + 1) * h / workers - 1
              if bandLo > bandHi { return }
              for y in bandLo...bandHi {
                for x in 0..<w {
                  idb[y * w + x] = -1
                  zb[y * w + x] = .infinity
                }
              }
              for k in 0..<nt {
                let box = bb[k]
                let rowLo = max(Int(box.z), bandLo)
                let rowHi = min(Int(box.w), bandHi)
                if box.x > box.y || rowLo > rowHi { continue }
                let o = 12 * k
                let a0 = cb[o]
                let b0 = cb[o + 1]
                let c0 = cb[o + 2]
                let a1 = cb[o + 3]
                let b1 = cb[o + 4]
                let c1 = cb[o + 5]
                let a2 = cb[o + 6]
                let b2 = cb[o + 7]
                let c2 = cb[o + 8]
                let absDet = cb[o + 9]
                // Tie rule: an exact zero counts as inside when the edge function grows to the
                // right (A > 0) or, for A = 0, downward (B > 0).
                let t0 = a0 > 0 || (a0 == 0 && b0 > 0)
                let t1 = a1 > 0 || (a1 == 0 && b1 > 0)
                let t2 = a2 > 0 || (a2 == 0 && b2 > 0)
                let tri = Int32(k)
                var yy = rowLo
                let x0 = Int(box.x)
                let x1 = Int(box.y)
                while yy <= rowHi {
                  let py = Double(yy) + 0.5
                  // Evaluated afresh per pixel (not incrementally) so that two triangles
                  // sharing an edge see exactly opposite values there.
                  let r0 = b0 * py + c0
                  let r1 = b1 * py + c1
                  let r2 = b2 * py + c2
                  let row = yy * w
                  // The row's span where every edge function is ≥ 0 (solved per edge), widened
                  // by a pixel each side; the exact test below decides each pixel.
                  var lo = Double(x0)
                  var hi = Double(x1)
                  if a0 > 0 {
                    lo = max(lo, -r0 / a0 - 1.5)
                  } else if a0 < 0 {
                    hi = min(hi, -r0 / a0 + 0.5)
                  }
                  if a1 > 0 {
                    lo = max(lo, -r1 / a1 - 1.5)
                  } else if a1 < 0 {
                    hi = min(hi, -r1 / a1 + 0.5)
                  }
                  if a2 > 0 {
                    lo = max(lo, -r2 / a2 - 1.5)
                  } else if a2 < 0 {
                    hi = min(hi, -r2 / a2 + 0.5)
                  }
                  if !(lo <= hi) {
                    yy += 1
                    continue
                  }
                  let xs = Int(lo.rounded(.down))
                  let xe = Int(hi.rounded(.up))
                  if xs > xe || xs > x1 || xe < x0 {
                    yy += 1
                    continue
                  }
                  for x in max(x0, xs)...min(x1, xe) {
                    let px = Double(x) + 0.5
                    let e0 = a0 * px + r0
                    let e1 = a1 * px + r1
                    let e2 = a2 * px + r2
                    let inside =
                      (e0 > 0 || (e0 == 0 && t0)) && (e1 > 0 || (e1 == 0 && t1))
                      && (e2 > 0 || (e2 == 0 && t2))
                    if inside {
                      let sum = e0 + e1 + e2
                      if sum > 0 {
                        let z = absDet / sum
                        let i = row + x
                        if z > RasterScene.nearDepth && (z < zb[i] || (z == zb[i] && tri < idb[i]))
                        {
                          zb[i] = z
                          idb[i] = tri
                        }
                      }
                    }
                  }
                  yy += 1
                }
              }
            }
          }
        }
      }
    }
  }
}
