import DioramaCore
import Foundation

/// Deferred shading of one pixel and its hand-written reverse-mode adjoint.
///
/// Surface: the pixel's ray o + t·d (d unnormalised with forward component 1, so t is the
/// camera depth) meets the rasterised triangle at barycentrics (b0, b1, b2), found by solving
/// o + t·d = v0 + b1·e1 + b2·e2 (Möller & Trumbore 1997) — the perspective-correct
/// interpolation weights of nvdiffrast's rasteriser, here with derivatives. The shading normal
/// is the normalised blend of the vertex normals (smooth objects) or the normalised
/// e1 × e2 (flat), turned toward the camera for two-sided drawing.
///
/// Radiance (linear RGB), per light with n·l > 0, no shadows (visibility toward lights is
/// not tested, so occluders cast no shadow — the price of a purely local, cheap adjoint):
///
///     L = a ⊙ L_amb + Σ_lights (kd·a + D·V·F) ⊙ E · (n·l)
///
/// - Lambert: kd = (1 − metallic)/π.
/// - GGX / Trowbridge–Reitz distribution with α = roughness² (Walter et al. 2007, eq. 33;
///   Burley 2012): D = α² / (π ((n·h)²(α² − 1) + 1)²).
/// - Height-correlated Smith visibility V = G/(4 n·l n·v) in the form of Heitz 2014 (eq. 99)
///   as written by Hammon (GDC 2017): V = ½ / (n·l·√((n·v)²(1 − α²) + α²) +
///   n·v·√((n·l)²(1 − α²) + α²)).
/// - Schlick Fresnel F = F0 + (1 − F0)(1 − v·h)⁵, F0 = mix(0.04, a, metallic).
/// - Sun: E = colour·intensity from direction −dir/|dir|. Point: E = colour·intensity/(4π r²).
///   Ambient: adds a ⊙ colour·intensity (as `Renderer`).
/// Roughness is clamped to [0.08, 1] (α² ≥ 4·10⁻⁵) so the lobe stays finite; clamped values
/// get zero gradient. This is not the forward `Renderer`'s normalised Blinn–Phong lobe, so the
/// two renderers agree on diffuse surfaces and differ in highlights.
extension RasterScene {
  /// Layout of the per-row gradient partials (doubles): camera origin, forward, right, up
  /// (4 × 3); then per object albedo (3) and roughness (1); then per light intensity (1),
  /// colour (3) and vector (3: sun direction or point position).
  static let cameraSlots = 12
  var objectSlotBase: Int { Self.cameraSlots }
  var lightSlotBase: Int { Self.cameraSlots + 4 * (vertexStart.count - 1) }
  var parameterSlots: Int { lightSlotBase + 7 * lights.count }

  /// What the shader needs about the surface seen through a pixel.
  struct Surface {
    var tri: Int
    var object: Int
    var i0: Int
    var i1: Int
    var i2: Int
    /// Ray direction (unnormalised) and parameter (camera depth, m).
    var d: Vec3
    var t: Double
    var b0: Double
    var b1: Double
    var b2: Double
    var e1: Vec3
    var e2: Vec3
    /// det [−d, e1, e2].
    var det: Double
    /// Hit point (m).
    var p: Vec3
    /// Unit shading normal toward the camera, and the unnormalised vector it normalises
    /// (σ·Σ bᵢnᵢ or σ·e1×e2) with its length.
    var n: Vec3
    var nRaw: Vec3
    var nLength: Double
    /// +1 or −1: the flip that turns the normal toward the camera.
    var sigma: Double
  }

  @inline(__always)
  func surface(x: Int, y: Int, tri: Int) -> Surface {
    let d = pixelDirection(x: Double(x) + 0.5, y: Double(y) + 0.5)
    let tv = triangles[tri]
    let i0 = Int(tv.x)
    let i1 = Int(tv.y)
    let i2 = Int(tv.z)
    let v0 = worldVertices[i0]
    let e1 = worldVertices[i1] - v0
    let e2 = worldVertices[i2] - v0
    let s = origin - v0
    let pv = d.cross(e2)
    let det = e1.dot(pv)
    let inv = det != 0 ? 1 / det : 0
    let b1 = s.dot(pv) * inv
    let qv = s.cross(e1)
    let b2 = d.dot(qv) * inv
    let t = e2.dot(qv) * inv
    let b0 = 1 - b1 - b2
    let p = origin + t * d
    let ng = e1.cross(e2)
    let sigma: Double = ng.dot(d) > 0 ? -1 : 1
    let object = Int(triangleObject[tri])
    var raw: Vec3
    if smooth[object] {
      raw = sigma * (b0 * worldNormals[i0] + b1 * worldNormals[i1] + b2 * worldNormals[i2])
    } else {
      raw = sigma * ng
    }
    let len = raw.length
    let n = len > 0 ? raw / len : Vec3(0, 0, 1)
    return Surface(
      tri: tri, object: object, i0: i0, i1: i1, i2: i2, d: d, t: t, b0: b0, b1: b1, b2: b2,
      e1: e1, e2: e2, det: det, p: p, n: n, nRaw: raw, nLength: len, sigma: sigma)
  }

  /// Albedo at the surface (the checker's second albedo on odd squares of a plane) and
  /// whether it is the material's `albedo` (which gets the gradient).
  @inline(__always)
  func albedo(at sf: Surface) -> (Vec3, Bool) {
    guard let ch = checker[sf.object], ch.size > 0 else { return (albedo[sf.object], true) }
    let local = rotation[sf.object].transposed * (sf.p - position[sf.object])
    let i = parity(local.x / ch.size) &+ parity(local.y / ch.size)
    return i & 1 == 0 ? (albedo[sf.object], true) : (ch.secondAlbedo, false)
  }

  /// Sky radiance along d (see `Sky`).
  @inline(__always)
  func skyRadiance(_ d: Vec3) -> Vec3 {
    sky.radiance(d.normalized)
  }

  /// Adjoint of `skyRadiance`: adds dL/dd to `dd`.
  @inline(__always)
  func skyAdjoint(_ d: Vec3, _ g: Vec3, _ dd: inout Vec3) {
    let len = d.length
    let u = d / len
    guard u.z > 0 else { return }
    let du = Vec3(0, 0, g.dot(sky.zenith - sky.horizon))
    dd += (du - u * u.dot(du)) / len
  }

  /// Radiance leaving the surface toward the camera (linear RGB).
  @inline(__always)
  func shade(_ sf: Surface) -> Vec3 {
    var dummy = ShadeAdjoint()
    return shade(sf, adjoint: nil, into: &dummy, partials: nil)
  }

  /// Gradients of one pixel's radiance with respect to the local surface quantities.
  struct ShadeAdjoint {
    var dP = Vec3.zero
    var dn = Vec3.zero
    var dv = Vec3.zero
  }

  /// Shades the surface; when `g` (dL/dradiance) is given, also accumulates the adjoint:
  /// material and light gradients into `partials` (the row's slots, see `parameterSlots`) and
  /// dL/dP, dL/dn, dL/dv into `adj`.
  @inline(__always)
  func shade(
    _ sf: Surface, adjoint g: Vec3?, into adj: inout ShadeAdjoint,
    partials: UnsafeMutablePointer<Double>?
  ) -> Vec3 {
    let obj = sf.object
    let (a, ownAlbedo) = albedo(at: sf)
    let m = metallic[obj]
    let rough = roughness[obj]
    let rc = min(1, max(0.08, rough))
    let dRcdRough: Double = rough > 0.08 && rough < 1 ? 1 : 0
    let al = rc * rc
    let a2 = al * al
    let f0 = Vec3(repeating: 0.04 * (1 - m)) + a * m
    let kd = (1 - m) / Double.pi
    let n = sf.n
    let toEye = origin - sf.p
    let eyeLen = toEye.length
    let v = eyeLen > 0 ? toEye / eyeLen : -sf.d.normalized
    let nvRaw = n.dot(v)
    let nv = max(nvRaw, 1e-4)
    var c = a * ambient
    var dAlbedo = Vec3.zero
    var dnv = 0.0
    var dRough = 0.0
    let ob = objectSlotBase + 4 * obj
    let lb = lightSlotBase
    if let g {
      dAlbedo += g * ambient
    }
    for (k, light) in lights.enumerated() {
      var l: Vec3
      var e: Vec3
      var r2 = 0.0
      var dl0 = Vec3.zero
      switch light.kind {
      case .ambient:
        if let g, let partials {
          // L_amb = Σ colour·intensity: d/dintensity = (g⊙a)·colour, d/dcolour = g⊙a·I.
          let ga = g * a
          partials[lb + 7 * k] += ga.dot(light.color)
          let dc = ga * light.intensity
          partials[lb + 7 * k + 1] += dc.x
          partials[lb + 7 * k + 2] += dc.y
          partials[lb + 7 * k + 3] += dc.z
        }
        continue
      case .sun:
        l = light.toLight
        e = light.color * light.intensity
      case .point:
        dl0 = light.vector - sf.p
        r2 = dl0.dot(dl0)
        guard r2 > 0 else { continue }
        l = dl0 / r2.squareRoot()
        e = light.color * (light.intensity / (4 * Double.pi * r2))
      }
      let nl = n.dot(l)
      if nl <= 0 { continue }
      let w = l + v
      let wl = w.length
      guard wl > 0 else { continue }
      let h = w / wl
      let nhRaw = n.dot(h)
      let nh = max(nhRaw, 0)
      let vhRaw = v.dot(h)
      let vh = max(vhRaw, 0)
      let kk = nh * nh * (a2 - 1) + 1
      let dist = a2 / (Double.pi * kk * kk)
      let aa = (nv * nv * (1 - a2) + a2).squareRoot()
      let bb = (nl * nl * (1 - a2) + a2).squareRoot()
      let sv = nl * aa + nv * bb
      let vis = 0.5 / sv
      let q = 1 - vh
      let q2 = q * q
      let q4 = q2 * q2
      let q5 = q4 * q
      let fr = f0 + (Vec3(repeating: 1) - f0) * q5
      let f = kd * a + (dist * vis) * fr
      c += f * e * nl
      guard let g, let partials else { continue }

      // Adjoint of c += f ⊙ E · nl.
      let ge = g * e
      var dnl = ge.dot(f)
      let dE = g * f * nl
      let gf = ge.dot(fr) * nl
      let dD = gf * vis
      let dVis = gf * dist
      let dF = ge * (nl * dist * vis)
      dAlbedo += ge * (nl * kd) + dF * ((1 - q5) * m)
      let dvh: Double = vhRaw > 0 ? -5 * q4 * dF.dot(Vec3(repeating: 1) - f0) : 0
      // D = a2/(π k²), k = nh²(a2 − 1) + 1.
      let dk = dD * (-2 * dist / kk)
      var da2 = dD * (dist / a2) + dk * nh * nh
      let dnh: Double = nhRaw > 0 ? dk * 2 * nh * (a2 - 1) : 0
      // V = ½/S, S = nl·A + nv·B.
      let dS = -dVis * vis / sv
      dnl += dS * (aa + nv * nl * (1 - a2) / bb)
      dnv += dS * (bb + nl * nv * (1 - a2) / aa)
      da2 += dS * (nl * (1 - nv * nv) / (2 * aa) + nv * (1 - nl * nl) / (2 * bb))
      dRough += da2 * 4 * al * rc * dRcdRough
      // nl = n·l, nh = n·h, vh = v·h, h = w/|w|, w = l + v.
      adj.dn += dnl * l + dnh * h
      var dlv = dnl * n
      let dh = dnh * n + dvh * v
      adj.dv += dvh * h
      let dw = (dh - h * h.dot(dh)) / wl
      dlv += dw
      adj.dv += dw
      // Light parameters.
      let slot = lb + 7 * k
      switch light.kind {
      case .sun:
        let dirLen = light.vectorLength
        // l = −dir/|dir|.
        let ddir = -(dlv - l * l.dot(dlv)) / dirLen
        partials[slot] += dE.dot(light.color)
        let dc = dE * light.intensity
        partials[slot + 1] += dc.x
        partials[slot + 2] += dc.y
        partials[slot + 3] += dc.z
        partials[slot + 4] += ddir.x
        partials[slot + 5] += ddir.y
        partials[slot + 6] += ddir.z
      case .point:
        let r = r2.squareRoot()
        let s4 = 1 / (4 * Double.pi * r2)
        // l = dl/|dl|, E = colour·I/(4π r²), r² = |dl|².
        let dr2 = -dE.dot(e) / r2
        let ddl = (dlv - l * l.dot(dlv)) / r + 2 * dr2 * dl0
        partials[slot] += dE.dot(light.color) * s4
        let dc = dE * (light.intensity * s4)
        partials[slot + 1] += dc.x
        partials[slot + 2] += dc.y
        partials[slot + 3] += dc.z
        partials[slot + 4] += ddl.x
        partials[slot + 5] += ddl.y
        partials[slot + 6] += ddl.z
        adj.dP -= ddl
      case .ambient:
        break
      }
    }
    if g != nil, let partials {
      if nvRaw > 1e-4 {
        adj.dn += dnv * v
        adj.dv += dnv * n
      }
      if ownAlbedo {
        partials[ob] += dAlbedo.x
        partials[ob + 1] += dAlbedo.y
        partials[ob + 2] += dAlbedo.z
      }
      partials[ob + 3] += dRough
      // v = (o − P)/|o − P|.
      if eyeLen > 0 {
        let dq = (adj.dv - v * v.dot(adj.dv)) / eyeLen
        adj.dP -= dq
        partials[0] += dq.x
        partials[1] += dq.y
        partials[2] += dq.z
      }
    }
    return c
  }

  /// The geometric part of one pixel's adjoint: from dL/dP and dL/dn (of `shade`) through the
  /// normal and the ray–triangle intersection. Adds dL/do and dL/dd (camera) to `partials`
  /// and writes what the vertex scatter needs to `store` (8 doubles: λ, the normal adjoint,
  /// b1, b2).
  ///
  /// Intersection adjoint: x = (t, b1, b2) solves M·x = o − v0 with M = [−d, e1, e2], so for
  /// a gradient gₓ, λ = M⁻ᵀgₓ gives dL/do = λ, dL/dd = t·λ, dL/dvᵢ = −bᵢ·λ.
  @inline(__always)
  func geometryAdjoint(
    _ sf: Surface, _ adj: ShadeAdjoint, x: Int, y: Int, partials: UnsafeMutablePointer<Double>,
    store: UnsafeMutablePointer<Double>
  ) {
    // n = raw/|raw|.
    let dRaw = (adj.dn - sf.n * sf.n.dot(adj.dn)) / max(sf.nLength, 1e-300)
    var db0 = 0.0
    var db1 = 0.0
    var db2 = 0.0
    if smooth[sf.object] {
      // raw = σ Σ bᵢ nᵢ.
      db0 = sf.sigma * dRaw.dot(worldNormals[sf.i0])
      db1 = sf.sigma * dRaw.dot(worldNormals[sf.i1])
      db2 = sf.sigma * dRaw.dot(worldNormals[sf.i2])
    }
    // P = o + t d.
    let dt = adj.dP.dot(sf.d)
    var dO = adj.dP
    var dd = sf.t * adj.dP
    // b0 = 1 − b1 − b2.
    let g1 = db1 - db0
    let g2 = db2 - db0
    let md = -sf.d
    let lambda =
      sf.det != 0
      ? (dt * sf.e1.cross(sf.e2) + g1 * sf.e2.cross(md) + g2 * md.cross(sf.e1)) / sf.det
      : .zero
    dO += lambda
    dd += sf.t * lambda
    addPixelDirectionAdjoint(x: x, y: y, dd: dd, dO: dO, partials: partials)
    store[0] = lambda.x
    store[1] = lambda.y
    store[2] = lambda.z
    let na = sf.sigma * dRaw
    store[3] = na.x
    store[4] = na.y
    store[5] = na.z
    store[6] = sf.b1
    store[7] = sf.b2
  }

  /// Adds dL/do and, through d = f + sx·tanX·r + sy·tanY·u, dL/df, dL/dr, dL/du.
  @inline(__always)
  func addPixelDirectionAdjoint(
    x: Int, y: Int, dd: Vec3, dO: Vec3, partials: UnsafeMutablePointer<Double>
  ) {
    let sx = (2 * (Double(x) + 0.5) / Double(width) - 1) * tanX
    let sy = (1 - 2 * (Double(y) + 0.5) / Double(height)) * tanY
    partials[0] += dO.x
    partials[1] += dO.y
    partials[2] += dO.z
    partials[3] += dd.x
    partials[4] += dd.y
    partials[5] += dd.z
    partials[6] += sx * dd.x
    partials[7] += sx * dd.y
    partials[8] += sx * dd.z
    partials[9] += sy * dd.x
    partials[10] += sy * dd.y
    partials[11] += sy * dd.z
  }
}
