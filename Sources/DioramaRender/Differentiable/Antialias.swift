import DioramaCore

/// Analytic antialiasing of silhouettes and its adjoint: the visibility gradients.
///
/// nvdiffrast's method (Laine et al. 2020, "Modular Primitives for High-Performance
/// Differentiable Rendering", §3.3): the rasterised image is piecewise constant in the vertex
/// positions, so it has no useful derivative at silhouettes. For every horizontally or
/// vertically adjacent pixel pair whose triangle ids differ, take the nearer of the two
/// surfaces (the occluder O, or the one that is not background) and look for a silhouette edge
/// — an edge with no neighbour, or whose neighbour faces the other way — that crosses the
/// segment between the two pixel centres (if none of the nearer surface's object does, try
/// the farther one: contact edges, such as a box standing on the ground). nvdiffrast tests
/// only the edges of the occluder pixel's own triangle; that misses most silhouettes once
/// triangles are smaller than a pixel (a level-3 icosphere ten pixels wide misses two pairs
/// in three), so here every silhouette edge of the frame is binned by the pixel pairs it
/// crosses, and a pair takes the binned edge of the occluder's object nearest the occluder's
/// centre. With α the crossing's distance from O's centre (pixels, in [0, 1]) and N the other
/// pixel:
///
///     α > ½:  N ← N + (α − ½)(O − N)   (the occluder reaches past the pixel boundary)
///     α < ½:  O ← O + (½ − α)(N − O)   (the occluder stops short of it)
///
/// i.e. the pixel boundary half-way between the centres is treated as covered up to the edge.
/// Each edge serves only the pairs along the axis it is more perpendicular to (horizontal pairs
/// for edges steeper than 45°), which keeps the result continuous when an edge passes a pixel
/// centre. Creases of flat-shaded objects (an edge between two visible, non-coplanar faces of a
/// box or a mesh without normals) are treated like silhouettes: the colour jumps there too, and
/// the blend rule is symmetric in the two faces, so it does not matter which is called the
/// occluder.
/// Blends use the colours before antialiasing, so pairs are independent. The output is
/// continuous in the vertex positions where colours are continuous across pixels, and its
/// adjoint sends dL/dα to the screen positions of the edge's two vertices, then through the
/// projection to the vertices, the object transforms and the camera.
///
/// Limits (as in nvdiffrast): only one edge per pixel pair, coverage is approximated along the
/// two axes only (not the pixel area), edges with a vertex behind the camera are skipped, and
/// intersecting surfaces (no edge where they cross) get no visibility gradient.
extension RasterScene {
  /// A silhouette edge between two adjacent pixels.
  struct Crossing {
    /// True when the first pixel (left or top) holds the occluder.
    var occluderFirst: Bool
    /// Crossing distance from the occluder's pixel centre (pixels, 0…1).
    var alpha: Double
    /// The edge's vertices (global indices).
    var a: Int32
    var b: Int32
  }

  /// The silhouette crossing between pixel (x, y) and its right neighbour (`vertical` false)
  /// or the one below (`vertical` true), or nil. `ids` and `depth` are the raster buffers.
  /// Among the silhouette edges binned to this pair (`binSilhouettes`), the one of the
  /// occluder's object nearest the occluder's centre; the occluder is the nearer surface, or
  /// the other one when the nearer one's object has no edge there.
  @inline(__always)
  func crossing(
    x: Int, y: Int, vertical: Bool, ids: UnsafeBufferPointer<Int32>,
    depth: UnsafeBufferPointer<Double>
  ) -> Crossing? {
    let p = y * width + x
    let q = vertical ? p + width : p + 1
    let ip = ids[p]
    let iq = ids[q]
    if ip == iq { return nil }
    let slot = 2 * p + (vertical ? 1 : 0)
    let lo = Int(pairStart[slot])
    let hi = Int(pairStart[slot + 1])
    if lo == hi { return nil }
    // The nearer surface is the likely occluder; if no silhouette edge of its object crosses,
    // try the other one (a box standing on a plane: the ground just below the box's bottom
    // edge is nearer than the box, yet the edge that separates them is the box's).
    let nearerFirst: Bool = iq < 0 ? true : (ip < 0 ? false : depth[p] <= depth[q])
    // The line the two centres lie on, and the first centre's coordinate along it.
    let across = vertical ? Double(x) + 0.5 : Double(y) + 0.5
    let start = vertical ? Double(y) + 0.5 : Double(x) + 0.5
    for attempt in 0..<2 {
      let first = attempt == 0 ? nearerFirst : !nearerFirst
      let occluder = first ? ip : iq
      if occluder < 0 { break }
      let object = triangleObject[Int(occluder)]
      var best: Crossing? = nil
      for k in lo..<hi {
        let e = pairEdges[k]
        if e.object != object { continue }
        let pa = screen[Int(e.a)]
        let pb = screen[Int(e.b)]
        // Coordinates across (ua, ub) and along (va, vb) the segment between the centres.
        let ua = vertical ? pa.x : pa.y
        let ub = vertical ? pb.x : pb.y
        let va = vertical ? pa.y : pa.x
        let vb = vertical ? pb.y : pb.x
        let s = (across - ua) / (ub - ua)
        let ve = va + s * (vb - va)
        let alpha = first ? ve - start : start + 1 - ve
        if alpha >= 0 && alpha <= 1 && alpha < (best?.alpha ?? 2) {
          best = Crossing(occluderFirst: first, alpha: alpha, a: e.a, b: e.b)
        }
      }
      if best != nil { return best }
    }
    return nil
  }

  /// True when triangles k and j (neighbours) belong to a flat-shaded object and are not
  /// coplanar: their shared edge is a crease where the colour jumps.
  @inline(__always)
  func isCrease(_ k: Int, _ j: Int) -> Bool {
    if smooth[Int(triangleObject[k])] { return false }
    func normal(_ t: Int) -> Vec3 {
      let tv = triangles[t]
      let a = worldVertices[Int(tv.x)]
      return (worldVertices[Int(tv.y)] - a).cross(worldVertices[Int(tv.z)] - a).normalized
    }
    return normal(k).dot(normal(j)) < 1 - 1e-9
  }

  /// Finds this frame's silhouette edges — edges with one triangle, or whose two triangles
  /// face opposite ways — and the creases of flat-shaded objects, with both ends in front of
  /// the camera, and bins them by the pixel pairs whose centre-to-centre segment they cross
  /// (`pairStart`, `pairEdges`; pair slot 2p is pixel p and its right neighbour, 2p + 1
  /// pixel p and the one below). Deterministic: edges in triangle order, a counting sort by
  /// slot.
  /// - Complexity: O(triangles + silhouette length in pixels + pixels).
  mutating func binSilhouettes() {
    var records: [(slot: Int32, edge: SilhouetteEdge)] = []
    let w = width
    let h = height
    for k in 0..<triangles.count {
      let tv = triangles[k]
      let nb = neighbors[k]
      for e in 0..<3 {
        let other = Int(nb[e])
        if other >= 0 {
          if other < k { continue }
          if facing[other] == facing[k] && !isCrease(k, other) { continue }
        }
        let a = tv[e]
        let b = tv[(e + 1) % 3]
        guard inFront[Int(a)] && inFront[Int(b)] else { continue }
        let edge = SilhouetteEdge(a: a, b: b, object: triangleObject[k])
        let pa = screen[Int(a)]
        let pb = screen[Int(b)]
        // Corners just past the near plane can project very far out; such edges are skipped
        // rather than converted to out-of-range integers.
        let limit = 1e9
        if !(abs(pa.x) < limit && abs(pa.y) < limit && abs(pb.x) < limit && abs(pb.y) < limit) {
          continue
        }
        // Each edge serves one axis: the one it is more perpendicular to (horizontal pairs for
        // steep edges, vertical pairs for flat ones), as nvdiffrast does. Otherwise an edge
        // passing through a pixel centre diagonally would blend that pixel along both axes at
        // once (up to 100 %) and jump to the opposite blend as it passes: a discontinuity.
        let steep = abs(pb.y - pa.y) >= abs(pb.x - pa.x)
        // Rows whose centre line y = j + ½ the edge crosses: horizontal pairs.
        let y0 = max(0, Int((min(pa.y, pb.y) - 0.5).rounded(.up)))
        let y1 = min(h - 1, Int((max(pa.y, pb.y) - 0.5).rounded(.down)))
        if steep && y0 <= y1 {
          for j in y0...y1 {
            let c = Double(j) + 0.5
            if !((pa.y - c) * (pb.y - c) < 0) { continue }
            let xe = pa.x + (c - pa.y) / (pb.y - pa.y) * (pb.x - pa.x)
            let i = Int((xe - 0.5).rounded(.down))
            if i >= 0 && i < w - 1 { records.append((Int32(2 * (j * w + i)), edge)) }
          }
        }
        // Columns whose centre line x = i + ½ it crosses: vertical pairs.
        let x0 = max(0, Int((min(pa.x, pb.x) - 0.5).rounded(.up)))
        let x1 = min(w - 1, Int((max(pa.x, pb.x) - 0.5).rounded(.down)))
        if !steep && x0 <= x1 {
          for i in x0...x1 {
            let c = Double(i) + 0.5
            if !((pa.x - c) * (pb.x - c) < 0) { continue }
            let ye = pa.y + (c - pa.x) / (pb.x - pa.x) * (pb.y - pa.y)
            let j = Int((ye - 0.5).rounded(.down))
            if j >= 0 && j < h - 1 { records.append((Int32(2 * (j * w + i) + 1), edge)) }
          }
        }
      }
    }
    var start = [Int32](repeating: 0, count: 2 * w * h + 1)
    for r in records { start[Int(r.slot) + 1] += 1 }
    for s in 0..<(2 * w * h) { start[s + 1] += start[s] }
    var fill = start
    var edges = [SilhouetteEdge](
      repeating: SilhouetteEdge(a: 0, b: 0, object: 0), count: records.count)
    for r in records {
      edges[Int(fill[Int(r.slot)])] = r.edge
      fill[Int(r.slot)] += 1
    }
    pairStart = start
    pairEdges = edges
  }

  /// Antialiases `color` (3 doubles per pixel) into `out`, rows `rows` only. Each pixel
  /// gathers the blends of its four pairs, so rows can run in parallel.
  func antialias(
    rows: StrideTo<Int>, ids: UnsafeBufferPointer<Int32>, depth: UnsafeBufferPointer<Double>,
    color: UnsafeBufferPointer<Double>, out: UnsafeMutableBufferPointer<Double>
  ) {
    for y in rows {
      for x in 0..<width {
        let p = y * width + x
        var c = Vec3(color[3 * p], color[3 * p + 1], color[3 * p + 2])
        let c0 = c
        for k in 0..<4 {
          // Pairs: left, right, up, down; (fx, fy) is the pair's first pixel.
          let vertical = k >= 2
          let fx = k == 0 ? x - 1 : x
          let fy = k == 2 ? y - 1 : y
          if fx < 0 || fy < 0 || (!vertical && fx + 1 >= width) || (vertical && fy + 1 >= height) {
            continue
          }
          guard
            let cr = crossing(x: fx, y: fy, vertical: vertical, ids: ids, depth: depth)
          else { continue }
          let selfIsFirst = (k == 1 || k == 3)
          let q = selfIsFirst ? (vertical ? p + width : p + 1) : (vertical ? p - width : p - 1)
          let selfIsOccluder = selfIsFirst == cr.occluderFirst
          let blendsOccluder = cr.alpha < 0.5
          if selfIsOccluder == blendsOccluder {
            let w = blendsOccluder ? 0.5 - cr.alpha : cr.alpha - 0.5
            let cq = Vec3(color[3 * q], color[3 * q + 1], color[3 * q + 2])
            c += w * (cq - c0)
          }
        }
        out[3 * p] = c.x
        out[3 * p + 1] = c.y
        out[3 * p + 2] = c.z
      }
    }
  }

  /// Adjoint of `antialias` for rows `rows`: dL/dcolour into `dColor` (gathered per pixel)
  /// and, when `edges` is given, for each pair owned by a pixel (its right and lower pair:
  /// slots 2p and 2p + 1) the edge's vertices and dL/d(crossing coordinate along the pair),
  /// or −1 when there is none.
  func antialiasAdjoint(
    rows: StrideTo<Int>, ids: UnsafeBufferPointer<Int32>, depth: UnsafeBufferPointer<Double>,
    color: UnsafeBufferPointer<Double>, grad: UnsafeBufferPointer<Double>,
    dColor: UnsafeMutableBufferPointer<Double>, edges: UnsafeMutablePointer<EdgeGradient>?
  ) {
    @inline(__always) func v3(_ b: UnsafeBufferPointer<Double>, _ i: Int) -> Vec3 {
      Vec3(b[3 * i], b[3 * i + 1], b[3 * i + 2])
    }
    for y in rows {
      for x in 0..<width {
        let p = y * width + x
        let gp = v3(grad, p)
        var dc = gp
        for k in 0..<4 {
          let vertical = k >= 2
          let fx = k == 0 ? x - 1 : x
          let fy = k == 2 ? y - 1 : y
          let selfIsFirst = (k == 1 || k == 3)
          let valid =
            !(fx < 0 || fy < 0 || (!vertical && fx + 1 >= width)
            || (vertical && fy + 1 >= height))
          let cr =
            valid ? crossing(x: fx, y: fy, vertical: vertical, ids: ids, depth: depth) : nil
          if selfIsFirst, let edges {
            edges[2 * p + (vertical ? 1 : 0)] = EdgeGradient(a: -1, b: -1, dAlong: 0)
          }
          guard let cr else { continue }
          let q = selfIsFirst ? (vertical ? p + width : p + 1) : (vertical ? p - width : p - 1)
          let selfIsOccluder = selfIsFirst == cr.occluderFirst
          let blendsOccluder = cr.alpha < 0.5
          let w = blendsOccluder ? 0.5 - cr.alpha : cr.alpha - 0.5
          let gq = v3(grad, q)
          // The blended pixel B gets w·(other − B): dB −= w·g_B, dOther += w·g_B.
          if selfIsOccluder == blendsOccluder {
            dc -= w * gp
          } else {
            dc += w * gq
          }
          guard selfIsFirst, let edges else { continue }
          // dL/dα: α < ½ blends O: dL/dα = −g_O·(N − O); α > ½ blends N: g_N·(O − N).
          let cp = v3(color, p)
          let cq = v3(color, q)
          let (co, cn, go, gn) = selfIsOccluder ? (cp, cq, gp, gq) : (cq, cp, gq, gp)
          let dAlpha = blendsOccluder ? -go.dot(cn - co) : gn.dot(co - cn)
          // α = along − start (occluder first) or start + 1 − along.
          let dAlong = cr.occluderFirst ? dAlpha : -dAlpha
          edges[2 * p + (vertical ? 1 : 0)] = EdgeGradient(a: cr.a, b: cr.b, dAlong: dAlong)
        }
        dColor[3 * p] = dc.x
        dColor[3 * p + 1] = dc.y
        dColor[3 * p + 2] = dc.z
      }
    }
  }

  /// Scatters one pair's dL/d(crossing coordinate) to its edge's screen positions. The
  /// crossing of edge (pa, pb) with the line u = c (u the coordinate across the pair, v the one
  /// along it) is v = va + s(vb − va), s = (c − ua)/(ub − ua), so
  /// ∂v/∂va = 1 − s, ∂v/∂vb = s, ∂v/∂ua = −(1 − s)(vb − va)/(ub − ua),
  /// ∂v/∂ub = −s(vb − va)/(ub − ua).
  @inline(__always)
  func scatterEdge(
    _ eg: EdgeGradient, x: Int, y: Int, vertical: Bool,
    dScreen: UnsafeMutableBufferPointer<SIMD2<Double>>
  ) {
    let pa = screen[Int(eg.a)]
    let pb = screen[Int(eg.b)]
    let across = vertical ? Double(x) + 0.5 : Double(y) + 0.5
    let ua = vertical ? pa.x : pa.y
    let ub = vertical ? pb.x : pb.y
    let va = vertical ? pa.y : pa.x
    let vb = vertical ? pb.y : pb.x
    let du = ub - ua
    let s = (across - ua) / du
    let slope = (vb - va) / du
    let g = eg.dAlong
    let dva = g * (1 - s)
    let dvb = g * s
    let dua = -g * (1 - s) * slope
    let dub = -g * s * slope
    if vertical {
      dScreen[Int(eg.a)] += SIMD2(dua, dva)
      dScreen[Int(eg.b)] += SIMD2(dub, dvb)
    } else {
      dScreen[Int(eg.a)] += SIMD2(dva, dua)
      dScreen[Int(eg.b)] += SIMD2(dvb, dub)
    }
  }
}

/// A silhouette edge (its two vertices, global indices) and the object it belongs to.
struct SilhouetteEdge {
  var a: Int32
  var b: Int32
  var object: Int32
}

/// dL/d(crossing coordinate) of one pixel pair's silhouette edge (vertices a, b; a = −1: none).
struct EdgeGradient {
  var a: Int32
  var b: Int32
  var dAlong: Double
}
