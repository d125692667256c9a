import DioramaCore
import DioramaRender
import Foundation

/// `DioramaBenchmarks diffrender`: forward and forward+backward time of the differentiable
/// rasteriser (`DifferentiableRenderer`) at 320×240 and 640×360 on 1 and 2 threads.
///
/// Scene: three spheres (level-3 icospheres, 1 280 triangles each) and two boxes on a ground
/// plane (16 × 16 quads), a sun, a point light and sky ambient (4 370 triangles). Rows:
/// - forward: `render` (tessellate, raster, shade, antialias);
/// - albedo: `render` + `gradient(geometry: false)` (materials and lights only), the
///   gradient Mitsuba 3's LLVM variant took 429 ms for at 320×240 on this machine;
/// - vertices: `render` + `gradient(geometry: true)` (everything: camera, transforms, every
///   vertex, with the silhouette gradients).
/// The loss gradient is 2(I − T) against the render of a moved copy. Median of `--runs` timed
/// rounds after two untimed ones; a round times the three rows in turn, so a busy machine
/// slows them alike and the ratios stay meaningful.
enum DiffRenderBench {
  static func scene(width: Int, height: Int, shift: Double = 0) -> RenderScene {
    var objects = [
      RenderObject(
        id: 0, shape: .plane, material: RenderMaterial(albedo: Vec3(0.6, 0.6, 0.55), roughness: 0.9)
      )
    ]
    let spheres: [(Vec3, Double, Vec3)] = [
      (Vec3(-1.2, 0.3, 0.5), 0.5, Vec3(0.8, 0.3, 0.2)),
      (Vec3(0.1, -0.4, 0.35), 0.35, Vec3(0.9, 0.8, 0.2)),
      (Vec3(1.3, 0.8, 0.6), 0.6, Vec3(0.3, 0.7, 0.4)),
    ]
    for (k, s) in spheres.enumerated() {
      objects.append(
        RenderObject(
          id: Int32(1 + k), shape: .sphere(radius: s.1),
          transform: Transform(position: s.0 + Vec3(shift, 0, 0)),
          material: RenderMaterial(albedo: s.2, roughness: 0.3 + 0.2 * Double(k))))
    }
    for k in 0..<2 {
      objects.append(
        RenderObject(
          id: Int32(4 + k), shape: .box(halfExtents: Vec3(0.3, 0.3, 0.3)),
          transform: Transform(
            position: Vec3(-0.4 + 1.2 * Double(k), 1.2, 0.3),
            rotation: Quaternion(axis: Vec3(0, 0, 1), angle: 0.4 + Double(k))),
          material: RenderMaterial(albedo: Vec3(0.2, 0.4, 0.8), roughness: 0.6)))
    }
    return RenderScene(
      camera: Camera(
        position: Vec3(0.5, -5, 2.2), target: Vec3(0, 0.3, 0.4), width: width, height: height),
      objects: objects,
      lights: [
        .sun(direction: Vec3(-0.4, 0.6, -1), color: Vec3(1, 0.96, 0.9), intensity: 2.2),
        .point(position: Vec3(-1.5, -2, 2.5), color: Vec3(1, 1, 1), intensity: 40),
        .ambient(color: Vec3(0.55, 0.65, 0.9), intensity: 0.25),
      ])
  }

  /// Medians (ms) of `runs` timed rounds after two untimed ones; each round times every body
  /// once, in turn, so all of them see the same machine load.
  static func medians(_ runs: Int, _ bodies: [() throws -> Void]) throws -> [Double] {
    for _ in 0..<2 { for b in bodies { try b() } }
    var t = [[Double]](repeating: [], count: bodies.count)
    for _ in 0..<runs {
      for (k, b) in bodies.enumerated() {
        let t0 = nowNanoseconds()
        try b()
        t[k].append(Double(nowNanoseconds() - t0) * 1e-6)
      }
    }
    return t.map { Measurement.median($0) }
  }

  static func main(_ args: [String]) -> Int32 {
    var runs = 7
    var markdown = false
    var it = args.makeIterator()
    while let a = it.next() {
      switch a {
      case "--runs":
        guard let v = it.next(), let n = Int(v), n > 0 else {
          FileHandle.standardError.write(Data("--runs needs a positive integer\n".utf8))
          return 2
        }
        runs = n
      case "--markdown": markdown = true
      case "-h", "--help":
        print("usage: DioramaBenchmarks diffrender [--runs n] [--markdown]")
        return 0
      default:
        FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8))
        return 2
      }
    }
    var lines: [[String]] = [
      [
        "size", "threads", "forward (ms)", "fwd+bwd albedo (ms)", "ratio", "fwd+bwd vertices (ms)",
        "ratio",
      ]
    ]
    do {
      for (w, h) in [(320, 240), (640, 360)] {
        for threads in [1, 2] {
          let r = DifferentiableRenderer(options: DifferentiableRenderOptions(threads: threads))
          let s = scene(width: w, height: h)
          let target = try r.render(scene(width: w, height: h, shift: 0.05)).radiance
          let probe = try r.render(s)
          let dL = (0..<target.count).map { 2 * (probe.radiance[$0] - target[$0]) }
          let m = try medians(
            runs,
            [
              { blackHole(try r.render(s)) },
              {
                let f = try r.render(s)
                blackHole(try r.gradient(of: f, imageGradient: dL, geometry: false))
              },
              {
                let f = try r.render(s)
                blackHole(try r.gradient(of: f, imageGradient: dL, geometry: true))
              },
            ])
          let (forward, albedo, vertices) = (m[0], m[1], m[2])
          lines.append([
            "\(w)×\(h)", "\(threads)", fixed(forward, decimals: 1), fixed(albedo, decimals: 1),
            fixed(albedo / forward, decimals: 2), fixed(vertices, decimals: 1),
            fixed(vertices / forward, decimals: 2),
          ])
          FileHandle.standardError.write(Data("done \(w)×\(h), \(threads) thread(s)\n".utf8))
        }
      }
    } catch {
      FileHandle.standardError.write(Data("diffrender: \(error)\n".utf8))
      return 1
    }
    print(
      "cores: \(ProcessInfo.processInfo.activeProcessorCount); load average: \(loadAverage()); "
        + "\(runs) runs, median; triangles: "
        + "\((try? DifferentiableRenderer().render(scene(width: 8, height: 6)).triangleCount) ?? 0)"
    )
    if markdown {
      print("| " + lines[0].joined(separator: " | ") + " |")
      print("|" + String(repeating: " ---: |", count: lines[0].count))
      for l in lines.dropFirst() { print("| " + l.joined(separator: " | ") + " |") }
    } else {
      var widths = [Int](repeating: 0, count: lines[0].count)
      for l in lines { for (k, c) in l.enumerated() { widths[k] = max(widths[k], c.count) } }
      for l in lines {
        print(
          l.enumerated().map { String(repeating: " ", count: widths[$0.0] - $0.1.count) + $0.1 }
            .joined(separator: "  "))
      }
    }
    return 0
  }
}
