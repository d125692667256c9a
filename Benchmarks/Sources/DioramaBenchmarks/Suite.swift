import DioramaAudio
import DioramaClip
import DioramaCore
import DioramaRender
import DioramaRigid
import DioramaScene
import DioramaWorld
import Foundation

/// Every benchmark, in the order the table lists them: simulation, render, audio, encode,
/// whole clip.
enum Suite {
  static func all(clipDirectory: URL) -> [Benchmark] {
    simulation() + render() + audio() + encode() + [clip(directory: clipDirectory)]
  }

  // MARK: - Simulation

  /// Rigid steps per second of the demo through `World.run()` and of a 200-body pile.
  static func simulation() -> [Benchmark] {
    // Demo: 4 s at 30 fps, `stepsPerFrame` steps per frame, `substeps` substeps per step.
    let demoScene = try? Scenes.demo()
    var demoSteps = Double.nan, demoBodies = Double.nan, stepsPerSecond = 0, substeps = 0
    if let s = demoScene, let w = try? World(scene: s) {
      let frames = (s.world.duration * Double(s.world.fps)).rounded()
      demoSteps = frames * Double(w.stepsPerFrame)
      demoBodies = Double(w.rigid.bodyCount)
      stepsPerSecond = Int((1 / w.timestep).rounded())
      substeps = s.world.substeps
    }
    let demo = Benchmark(
      name: "sim/demo",
      what: "World.run() of the demo: 4 s, \(Int(demoSteps)) steps of 1/\(stepsPerSecond) s × "
        + "\(substeps) substeps, \(Int(demoBodies)) bodies",
      work: [
        Work(amount: demoSteps, unit: "steps/s"),
        Work(amount: demoSteps * demoBodies, unit: "body-steps/s"),
      ],
      warmup: 1, repetitions: 7
    ) {
      let world = try World(scene: try Scenes.demo())
      return { world.run() }
    }

    // Pile: 200 bodies dropped from up to 3.5 m; 2 s covers the fall, the landing and most of
    // the settling.
    let bodies = 200
    let steps = 480
    let dt = 1.0 / 240
    let pile = Benchmark(
      name: "sim/pile200",
      what: "RigidWorld.step ×\(steps) (dt 1/240 s, 4 substeps): 200 boxes+spheres dropped",
      work: [
        Work(amount: Double(steps), unit: "steps/s"),
        Work(amount: Double(steps * bodies), unit: "body-steps/s"),
      ],
      warmup: 1, repetitions: 5
    ) {
      let initial = Scenes.pile(count: bodies)
      return { () -> RigidWorld in
        var world = initial
        var events: [Event] = []
        events.reserveCapacity(1 << 14)
        for k in 0..<steps {
          world.step(dt: dt, substeps: 4, time: Double(k) * dt, events: &events)
          events.removeAll(keepingCapacity: true)
        }
        return world
      }
    }
    return [demo, pile]
  }

  // MARK: - Render

  /// One 640×360 frame at 4 spp, demo mid-way (t = 2 s) and a 50-object crowd, 1 and 2
  /// threads.
  static func render() -> [Benchmark] {
    let width = 640, height = 360, spp = 4
    let pixels = Double(width * height)
    var out: [Benchmark] = []
    for threads in [1, 2] {
      out.append(
        Benchmark(
          name: "render/demo/t\(threads)",
          what: "Renderer.render, demo at t = 2 s, \(width)x\(height), \(spp) spp, "
            + "\(threads) thread\(threads > 1 ? "s" : "")",
          work: [
            Work(amount: pixels, unit: "px/s"),
            Work(amount: pixels * Double(spp), unit: "camera rays/s"),
          ],
          warmup: 1, repetitions: 5
        ) {
          let scene = try demoMidFrame()
          let renderer = Renderer(options: RenderOptions(samplesPerPixel: spp, threads: threads))
          return { renderer.render(scene) }
        })
    }
    for threads in [1, 2] {
      out.append(
        Benchmark(
          name: "render/crowd50/t\(threads)",
          what: "Renderer.render, 50 spheres+boxes on a plane, 3 lights, \(width)x\(height), "
            + "\(spp) spp, \(threads) thread\(threads > 1 ? "s" : "")",
          work: [
            Work(amount: pixels, unit: "px/s"),
            Work(amount: pixels * Double(spp), unit: "camera rays/s"),
          ],
          warmup: 1, repetitions: 5
        ) {
          let scene = Scenes.renderCrowd(count: 50, width: width, height: height)
          let renderer = Renderer(options: RenderOptions(samplesPerPixel: spp, threads: threads))
          return { renderer.render(scene) }
        })
    }
    return out
  }

  /// The demo's render scene half-way through (frame 60 of 120, t = 2 s).
  static func demoMidFrame() throws -> RenderScene {
    let world = try World(scene: try Scenes.demo())
    let recording = world.run()
    let mid = recording.snapshots[recording.snapshots.count / 2]
    return try SceneRendering(world: world, baseDirectory: nil).renderScene(mid)
  }

  // MARK: - Audio

  /// A 10 s 48 kHz stereo track with 2000 impacts at seeded times, plus room tone.
  static func audio() -> [Benchmark] {
    let duration = 10.0, rate = 48_000, count = 2000
    let frames = duration * Double(rate)
    return [
      Benchmark(
        name: "audio/impacts2000",
        what: "SoundSynthesizer.render: 10 s, 48 kHz stereo, 2000 impacts, room tone",
        work: [
          Work(amount: frames, unit: "frames/s"),
          Work(amount: 2 * frames, unit: "samples/s"),
          Work(amount: duration, unit: "× real time"),
        ],
        warmup: 1, repetitions: 5
      ) {
        let impacts = seededImpacts(count: count, duration: duration)
        let synth = SoundSynthesizer(settings: SoundSettings(sampleRate: rate, seed: 3))
        let listener = Listener(position: Vec3(0, -4, 1.5), forward: Vec3(0, 1, -0.3))
        let ambience = AmbienceSource(kind: .roomTone, levelDB: -50)
        return {
          synth.render(
            impacts: impacts, ambience: ambience, listener: listener, duration: duration)
        }
      }
    ]
  }

  /// `count` impacts uniformly in [0, duration) s between one of nine small bodies (spheres of
  /// five materials, boxes of four, 8–15 cm) and a wood floor, at 0.3–4 m/s, within 2 m of the
  /// origin.
  static func seededImpacts(count: Int, duration: Double, seed: UInt64 = 5) -> [ImpactSound] {
    var rng = SeededGenerator(seed: seed)
    let names = ["steel", "rubber", "glass", "wood", "plastic"]
    let materials = names.compactMap { Material.named($0) }
    var bodies: [Resonator] = []
    for (k, m) in materials.enumerated() {
      let r = 0.08 + 0.015 * Double(k)
      let sphere = ResonatorShape.sphere(radius: r)
      let box = ResonatorShape.box(halfExtents: Vec3(r, 0.8 * r, 0.6 * r))
      let sphereMass = m.density * 4 / 3 * .pi * r * r * r
      bodies.append(Resonator(shape: sphere, material: m, mass: sphereMass))
      bodies.append(Resonator(shape: box, material: m, mass: m.density * 8 * 0.48 * r * r * r))
    }
    let floorMaterial = Material.named("wood") ?? Material.table[0]
    let floor = Resonator(shape: .plate(thickness: 0.05), material: floorMaterial, mass: 1e4)
    var out: [ImpactSound] = []
    out.reserveCapacity(count)
    for _ in 0..<count {
      let body = bodies[Int(rng.next() % UInt64(bodies.count))]
      let speed = 0.3 + 3.7 * rng.nextUnit()
      out.append(
        ImpactSound(
          time: duration * rng.nextUnit(),
          position: Vec3(4 * rng.nextUnit() - 2, 4 * rng.nextUnit() - 2, 0),
          impulse: body.mass * speed * 1.5, speed: speed, a: body, b: floor))
    }
    return out
  }

  // MARK: - Encode

  /// PNG and WAV encoding of real content: the demo's mid frame and a 10 s impact track.
  static func encode() -> [Benchmark] {
    let width = 640, height = 360
    let rawBytes = Double(width * height * 3)
    let png = Benchmark(
      name: "encode/png",
      what: "PNGCodec.encode (level 6, adaptive filter) of a 640x360 RGB8 demo frame",
      work: [
        Work(amount: rawBytes / 1e6, unit: "MB/s (raw RGB in)"),
        Work(amount: 1, unit: "frames/s"),
      ],
      warmup: 2, repetitions: 9
    ) {
      let image = Renderer(options: RenderOptions(samplesPerPixel: 4, threads: 2))
        .render(try demoMidFrame())
      let rgb = RGBImage(width: image.width, height: image.height, bytes: image.toSRGB8())
      return { PNGCodec.encode(rgb) }
    }
    let srgb = Benchmark(
      name: "encode/srgb8",
      what: "Image.toSRGB8 (linear float → sRGB bytes) of a 640x360 frame",
      work: [Work(amount: Double(width * height), unit: "px/s")],
      warmup: 2, repetitions: 9
    ) {
      let image = Renderer(options: RenderOptions(samplesPerPixel: 1, threads: 2))
        .render(try demoMidFrame())
      return { image.toSRGB8() }
    }
    let duration = 10.0
    let wav = Benchmark(
      name: "encode/wav",
      what: "WAVFile.encode, 16-bit PCM, 10 s 48 kHz stereo",
      work: [Work(amount: duration * 48_000 * 2, unit: "samples/s")],
      warmup: 2, repetitions: 9
    ) {
      let track = SoundSynthesizer(settings: SoundSettings(sampleRate: 48_000)).render(
        impacts: seededImpacts(count: 200, duration: duration), ambience: nil, listener: nil,
        duration: duration)
      return { WAVFile.encode(track, format: .pcm16) }
    }
    return [png, srgb, wav]
  }

  // MARK: - Whole clip

  /// The demo end to end with `ClipMaker` (no MP4), stage timings from the clip manifest.
  static func clip(directory: URL) -> Benchmark {
    // Frames 0 … duration·fps inclusive.
    let demoFrames =
      (try? Scenes.demo()).map { Int($0.world.duration * Double($0.world.fps)) + 1 } ?? 0
    return Benchmark(
      name: "clip/demo",
      what: "ClipMaker.make, demo, \(demoFrames) frames 640x360 4 spp 2 threads, muxVideo off",
      work: [Work(amount: Double(demoFrames), unit: "frames/s")],
      warmup: 0, repetitions: 3
    ) {
      let scene = try Scenes.demo()
      var options = ClipOptions()
      options.muxVideo = false
      options.threads = 2
      options.samplesPerPixel = 4
      let maker = ClipMaker(scene: scene, options: options)
      return { ClipRun(result: try maker.make(outputDirectory: directory)) }
    }
  }
}

/// A clip made by the benchmark, reporting the manifest's stage timings.
struct ClipRun: StageTimed {
  var result: ClipResult

  static let descriptions = [
    "simulate": "World.run()",
    "render": "Renderer.render + toSRGB8, every frame",
    "png": "PNGCodec.encode + atomic write, every frame",
    "audio": "SoundSynthesizer.render of the clip's impacts",
    "mux": "ffmpeg",
  ]

  var stageSeconds: [(name: String, what: String, seconds: Double)] {
    result.manifest.timings.map { t in
      (t.stage, Self.descriptions[t.stage] ?? t.stage, t.seconds)
    }
  }
}
