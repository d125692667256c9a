import DioramaCore
import Foundation

/// What the integrator needs from the options and the style, in flat form.
struct IntegratorSettings {
  /// Most diffuse or glossy bounces (direct lighting: 1).
  var maxBounces: Int
  /// Cel shading tone bands (0 = off) and palette saturation, from the style.
  var celBands: Int
  var paletteSaturation: Double
  var style: RenderStyle?

  /// Most dielectric interfaces a path may cross (they do not count as bounces).
  static let maxSpecularVertices = 16
}

// MARK: - Light transport

extension Tracer {
  /// Radiance arriving along the camera ray o + t·d (linear RGB, display-relative): one path
  /// sample.
  ///
  /// At every opaque vertex, next-event estimation adds each light's direct contribution
  /// `f · E · cos · V` (sun, point, spot: delta lights, one shadow ray each; area lights: one
  /// uniformly sampled point, weighted by the power heuristic against the BSDF density,
  /// Veach 1997 eq. 9.13); then one direction is drawn from the BSDF (`SurfaceBSDF`), and
  /// what that ray finds — an area light (weighted by the complementary power heuristic), the
  /// sky when it `illuminates`, or the next vertex — continues the path. Dielectric
  /// interfaces choose reflection or refraction with probability equal to their Fresnel
  /// reflectance, so the throughput is unchanged, and apply Beer–Lambert absorption over the
  /// distance travelled inside. Russian roulette from the third bounce keeps paths unbiased
  /// (survival probability q = min(0.95, max throughput), survivors divided by q). Ambient
  /// lights add `albedo · ambient` at every opaque vertex.
  func trace(
    _ o0: Vec3, _ d0: Vec3, _ rng: inout SeededGenerator, _ cfg: IntegratorSettings
  ) -> Vec3 {
    var o = o0
    var d = d0
    var beta = Vec3(1, 1, 1)
    var radiance = Vec3.zero
    var specular = true  // the last scattering was a delta (camera ray, glass, water)
    var cameraPath = true  // every vertex so far was a delta: the camera sees what comes
    var lastPdf = 0.0
    var bounces = 0
    var specularVertices = 0
    var medium = Vec3.zero  // absorption (1/m) of the dielectric the ray travels in
    let lights = lightList
    let areaCount = scene.areaLights.count
    while true {
      // Past the last bounce, with a sky that lights nothing, only an area light can still
      // add anything along this ray: find the nearest one and test visibility up to it with
      // an any-hit query, instead of a closest-hit query through the whole scene (most
      // BSDF-sampled rays of a direct-lighting frame miss the light and cost no trace).
      if !cameraPath && bounces >= cfg.maxBounces && !scene.sky.illuminates {
        var tLight = Double.infinity
        var emitter = -1
        for k in 0..<lights.count where lights[k].kind == .area {
          let t = lights[k].intersectArea(o, d, tLight)
          if t < tLight {
            tLight = t
            emitter = k
          }
        }
        // Glass in the way counts as a blocker: light reaching a diffuse vertex through glass
        // is next-event estimation's (its shadow filter), weighted 0 here as below.
        guard emitter >= 0, !specular else { break }
        if scene.shadows && occluded(o, d, tLight * (1 - 1e-9)) { break }
        let light = lights[emitter]
        let cosL = -d.dot(light.axis)
        let pdfL = tLight * tLight / (light.area * max(cosL, 1e-12))
        let w = lastPdf * lastPdf / (lastPdf * lastPdf + pdfL * pdfL)
        var tr = beta
        if medium != .zero {
          tr =
            tr
            * Vec3(
              exp(-medium.x * tLight), exp(-medium.y * tLight), exp(-medium.z * tLight))
        }
        radiance += tr * light.power * w
        break
      }
      let hit = closestHit(o, d, .infinity)
      var tHit = hit.prim >= 0 ? hit.t : Double.infinity
      // Area lights are not in the BVH: test them directly.
      var emitter = -1
      if areaCount > 0 {
        for k in 0..<lights.count where lights[k].kind == .area {
          let t = lights[k].intersectArea(o, d, tHit)
          if t < tHit {
            tHit = t
            emitter = k
          }
        }
      }
      if medium != .zero && tHit.isFinite {
        beta = beta * Vec3(exp(-medium.x * tHit), exp(-medium.y * tHit), exp(-medium.z * tHit))
      }
      if emitter >= 0 {
        let light = lights[emitter]
        // Seen from the camera (through glass or not): all of it. After a BSDF sample: the
        // power-heuristic share. After a BSDF sample and then glass: nothing, since next-event
        // estimation already counted that light through the glass's shadow filter.
        var w = 1.0
        if !cameraPath {
          if specular {
            w = 0
          } else {
            let cosL = -d.dot(light.axis)
            let pdfL = tHit * tHit / (light.area * max(cosL, 1e-12))
            w = lastPdf * lastPdf / (lastPdf * lastPdf + pdfL * pdfL)
          }
        }
        radiance += beta * light.power * w
        break
      }
      guard hit.prim >= 0 else {
        if cameraPath || scene.sky.illuminates {
          radiance += beta * scene.sky.radiance(d, includeSun: cameraPath)
        }
        break
      }
      let prim = prims[hit.prim]
      let sf = surface(hit, o, d)
      let p = sf.point
      let n = sf.normal
      let m = shade[Int(prim.object)]
      let eps = 1e-6 * (1 + max(abs(p.x), abs(p.y), abs(p.z))) + 1e-6 * hit.t

      if m.kind == .dielectric {
        specularVertices += 1
        if specularVertices > IntegratorSettings.maxSpecularVertices { break }
        let ior = max(1.0001, m.ior)
        let eta = sf.entering ? ior : 1 / ior
        let cosI = min(1, max(0, -d.dot(n)))
        let f = fresnelDielectric(cosI: cosI, eta: eta)
        if rng.nextUnit() < f {
          d = (d + 2 * cosI * n).normalized
          o = p + eps * sf.geometricNormal
        } else {
          // Snell: t = d/η + (cos i/η − cos t) n with η = n_t/n_i (n facing the ray).
          let r = 1 / eta
          let cosT = max(0, 1 - r * r * (1 - cosI * cosI)).squareRoot()
          d = (r * d + (r * cosI - cosT) * n).normalized
          o = p - eps * sf.geometricNormal
          medium = sf.entering ? m.absorption : .zero
        }
        specular = true
        continue
      }

      // Past the last bounce a vertex only shows what emits (above): no direct light here.
      if bounces >= cfg.maxBounces { break }
      var a =
        m.varying
        ? (m.textured
          ? albedo(scene.materials[Int(prim.object)], prim, p, meshNormal: sf.localFlatNormal)
          : albedo(m, prim, p, meshNormal: sf.localFlatNormal))
        : m.albedo
      if cfg.paletteSaturation != 1 {
        a = saturate(a, cfg.paletteSaturation)
        a = Vec3(min(1, max(0, a.x)), min(1, max(0, a.y)), min(1, max(0, a.z)))
      }
      radiance += beta * scene.ambient * a
      if cfg.celBands > 0 && bounces == 0 {
        radiance += beta * celShade(p, n, -d, a, m, sf.geometricNormal, eps, cfg)
        break
      }
      let bsdf = SurfaceBSDF(kind: m.kind, albedo: a, roughness: m.roughness, metallic: m.metallic)
      let frame = ShadingFrame(n)
      var v = frame.toLocal(-d)
      // A smooth normal can face slightly away from the viewer; shade as if grazing.
      if v.z < 1e-4 { v = Vec3(v.x, v.y, 1e-4).normalized }
      let po = p + eps * sf.geometricNormal

      // Next-event estimation.
      for light in lights {
        switch light.kind {
        case .sun, .point, .spot:
          var l: Vec3
          var e: Vec3
          var dist: Double
          if light.kind == .sun {
            l = light.vector
            e = light.power
            dist = .infinity
          } else {
            let dl = light.vector - p
            let r2 = dl.dot(dl)
            dist = r2.squareRoot()
            guard dist > 0 else { continue }
            l = dl / dist
            e = light.power * (light.spotFactor(l) / r2)
            if e == .zero { continue }
          }
          let cosI = n.dot(l)
          if cosI <= 0 { continue }
          let vis = visibility(po, l, dist - eps)
          if vis == .zero { continue }
          let f = bsdf.evaluate(v, frame.toLocal(l)).f
          radiance += beta * f * e * vis * cosI
        case .area:
          let q = light.areaPoint(rng.nextUnit(), rng.nextUnit())
          let dl = q - p
          let r2 = dl.dot(dl)
          let dist = r2.squareRoot()
          guard dist > 0 else { continue }
          let l = dl * (1 / dist)
          let cosL = -l.dot(light.axis)
          let cosI = n.dot(l)
          if cosL <= 0 || cosI <= 0 { continue }
          let vis = visibility(po, l, dist * (1 - 1e-7) - eps)
          if vis == .zero { continue }
          let (f, pdfB) = bsdf.evaluate(v, frame.toLocal(l))
          let pdfL = r2 / (light.area * cosL)
          // f·L·cos·w/pdf_L with the power heuristic w = pdf_L²/(pdf_L² + pdf_B²), in one
          // division: cos·pdf_L/(pdf_L² + pdf_B²).
          let weight: Double = cosI * pdfL / (pdfL * pdfL + pdfB * pdfB)
          radiance += beta * f * light.power * vis * weight
        }
      }

      bounces += 1
      // The BSDF ray after the last bounce only matters for the sky or an area light.
      if bounces == cfg.maxBounces && !scene.sky.illuminates && scene.areaLights.isEmpty {
        break
      }
      let u = Vec3(rng.nextUnit(), rng.nextUnit(), rng.nextUnit())
      guard let l = bsdf.sample(v, u) else { break }
      let (f, pdf) = bsdf.evaluate(v, l)
      guard pdf > 0 else { break }
      beta = beta * f * (l.z / pdf)
      let dir = frame.toWorld(l)
      if dir.dot(sf.geometricNormal) <= 0 { break }
      if bounces >= 3 {
        let q = min(0.95, beta.maxComponent)
        if rng.nextUnit() >= q { break }
        beta = beta / q
      }
      lastPdf = pdf
      specular = false
      cameraPath = false
      o = po
      d = dir
      if beta == .zero { break }
    }
    return radiance
  }

  /// Fraction of light passing the segment from `o` along unit `l` in (0, tMax): 0 when an
  /// opaque object blocks it, 1 when nothing does. Glass and water let it through as a filter
  /// of their albedo times `(1 − R₀)²` per object crossed (the normal-incidence transmittance
  /// of two interfaces), an approximation that ignores refraction (no caustics) so they cast
  /// tinted, lighter shadows.
  @inline(__always)
  func visibility(_ o: Vec3, _ l: Vec3, _ tMax: Double) -> Vec3 {
    guard scene.shadows else { return Vec3(1, 1, 1) }
    if !scene.hasTransmissive { return occluded(o, l, tMax) ? .zero : Vec3(1, 1, 1) }
    return filteredVisibility(o, l, tMax)
  }

  /// `visibility` when some objects are glass or water.
  @inline(never)
  func filteredVisibility(_ o: Vec3, _ l: Vec3, _ tMax: Double) -> Vec3 {
    var t = Vec3(1, 1, 1)
    let g = geometry
    let shade = self.shade
    for p in g.planes where g.prims[Int(p)].intersect(o, l, tMax) < tMax {
      let tint = shade[Int(g.prims[Int(p)].object)].transmitTint
      if tint == .zero { return .zero }
      t = t * tint
    }
    guard !g.nodes.isEmpty, let base = g.nodes.baseAddress else { return t }
    var blocked = false
    traverseBVH(base, depth: g.depth, o, safeInverse(l), tMax) { start, count, tMax in
      for k in start..<(start + count) where g.blocks(Int(g.order[k]), o, l, tMax) {
        let tint = shade[Int(g.prims[Int(g.order[k])].object)].transmitTint
        if tint == .zero {
          blocked = true
          return true
        }
        t = t * tint
      }
      return false
    }
    return blocked ? .zero : t
  }

  /// Cel shading at an opaque first hit: the fraction k of the lights' full irradiance that
  /// reaches the point (`Σ lum(E)·cos·V / Σ lum(E)`) is quantised to the style's tone levels,
  /// and the colour is `a · tint · level · min(1, lum(W))` with `W = Σ E/π + sky` the light a
  /// white surface would show and `tint = W / lum(W)` its colour: flat bands of the albedo. Smooth
  /// surfaces (roughness < 0.4) get a flat white highlight where `n·h > 0.97` toward the
  /// strongest light.
  func celShade(
    _ p: Vec3, _ n: Vec3, _ v: Vec3, _ a: Vec3, _ m: ShadeMaterial, _ ng: Vec3, _ eps: Double,
    _ cfg: IntegratorSettings
  ) -> Vec3 {
    var total = Vec3.zero
    var reached = 0.0
    var sum = 0.0
    var key = Vec3.zero
    var keyPower = -1.0
    let po = p + eps * ng
    for light in lightList {
      var l: Vec3
      var e: Vec3
      var dist: Double
      switch light.kind {
      case .sun:
        (l, e, dist) = (light.vector, light.power, .infinity)
      case .point, .spot:
        let dl = light.vector - p
        let r2 = max(dl.dot(dl), 1e-12)
        dist = r2.squareRoot()
        l = dl / dist
        e = light.power * (light.spotFactor(l) / r2)
      case .area:
        let dl = light.vector - p
        let r2 = max(dl.dot(dl), 1e-12)
        dist = r2.squareRoot()
        l = dl / dist
        e = light.power * (light.area * max(0, -l.dot(light.axis)) / r2)
      }
      let lum = luminance(e)
      total += e
      sum += lum
      if lum > keyPower {
        keyPower = lum
        key = l
      }
      let c = n.dot(l)
      if c > 0 && visibility(po, l, dist - eps) != .zero { reached += lum * c }
    }
    let k = sum > 0 ? reached / sum : 0
    let style = cfg.style ?? RenderStyle.anime
    let level = style.celLevel(k)
    var skyTerm = Vec3.zero
    if scene.sky.illuminates {
      skyTerm = 0.5 * (scene.sky.zenith + scene.sky.horizon)
    }
    // Brightness of the fully lit tone: the scene's light on a white surface, capped at 1 so
    // the lit band shows the palette colour itself (flat, not burnt out by strong lights).
    let white = total / Double.pi + skyTerm
    let b = min(1, luminance(white))
    let tint = luminance(white) > 0 ? white / luminance(white) : Vec3(1, 1, 1)
    var c = a * tint * (b * level)
    if m.kind == .standard && m.roughness < 0.4 && k > 0.6 && keyPower > 0 {
      let h = (key + v).normalized
      if n.dot(h) > 0.97 { c += Vec3(repeating: 0.6 * b) }
    }
    return c
  }
}
