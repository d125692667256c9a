import DioramaAudio
import DioramaCore
import DioramaRender
import DioramaScene
import DioramaWorld
import Foundation

/// How a clip is made.
public struct ClipOptions: Sendable {
  /// Antialiasing samples per pixel.
  public var samplesPerPixel: Int = 4
  /// Render threads; output is identical for any count.
  public var threads: Int = 2
  /// Mux `clip.mp4` with ffmpeg when it is installed.
  public var muxVideo: Bool = true
  /// Columns of the contact sheet.
  public var contactSheetColumns: Int = 4
  /// Thumbnails on the contact sheet.
  public var contactSheetFrames: Int = 12
  /// Also write per-frame ground truth under `gt/`: depth, normals, instance ids, optical flow
  /// and 2D boxes (see `GroundTruth`).
  public var groundTruth: Bool = false

  public init() {}
}

/// Where a long run is, for progress bars: stage name and fraction of that stage done.
public struct ClipProgress: Sendable {
  public var stage: String
  /// 0…1 within the stage.
  public var fraction: Double
  /// 0…1 of the whole clip, weighting stages by their usual cost.
  public var overall: Double
}

/// What making a clip produced.
public struct ClipResult: Sendable {
  public var recording: Recording
  public var manifest: ClipManifest
  public var outputDirectory: URL
  /// Things the user should know that did not stop the clip (ffmpeg missing, blow-ups).
  public var notes: [String]
}

/// Turns a scene into a clip: simulate, render every frame, synthesise the sound, mux, and
/// write the manifest, contact sheet and report. Every file is written under a temporary
/// name and renamed when whole.
///
/// ```swift
/// let result = try ClipMaker(scene: spec).make(outputDirectory: URL(fileURLWithPath: "out/x"))
/// ```
public struct ClipMaker: Sendable {
  /// Integrated loudness of the clip's sound (LUFS), EBU R128's streaming-platform level: the
  /// default of the scene's `audio.loudness_target`.
  public static let loudnessTargetLUFS = AudioSettings().loudnessTargetLUFS
  /// Highest true peak of the clip's sound (dBTP).
  public static let truePeakCeilingDBTP = -1.0
  /// Most gain reduction the loudness limiter may apply to reach the target by default (dB);
  /// a scene sets its own with `audio.max_limiting_db`.
  public static let maxLimitingDB = 6.0

  public let scene: SceneSpec
  /// Folder that the scene's relative asset paths are resolved against.
  public let baseDirectory: URL?
  public var options: ClipOptions

  public init(scene: SceneSpec, baseDirectory: URL? = nil, options: ClipOptions = ClipOptions()) {
    self.scene = scene
    self.baseDirectory = baseDirectory
    self.options = options
  }

  /// Makes the clip in `outputDirectory` (created if missing).
  /// - Throws: `WorldBuildError`, `ClipError` for unreadable assets or unwritable outputs.
  public func make(
    outputDirectory out: URL, progress: (ClipProgress) -> Void = { _ in }
  ) throws -> ClipResult {
    let fm = FileManager.default
    let framesDir = out.appendingPathComponent("frames")
    do {
      try fm.createDirectory(at: framesDir, withIntermediateDirectories: true)
    } catch {
      throw ClipError.output(path: framesDir.path, reason: error.localizedDescription)
    }
    // Frames of an earlier, longer clip in the same folder would be muxed after this one's.
    let stale = (try? fm.contentsOfDirectory(atPath: framesDir.path)) ?? []
    for name in stale.sorted() where name.hasPrefix("frame_") && name.hasSuffix(".png") {
      try? fm.removeItem(at: framesDir.appendingPathComponent(name))
    }
    var timings: [StageTiming] = []
    var notes: [String] = []
    var loudness: ClipManifest.LoudnessSummary?
    var files: [String] = []
    let weights: [(String, Double)] = [
      ("simulate", 0.1), ("render", 0.75), ("audio", 0.05), ("encode", 0.1),
    ]
    func report(_ stage: String, _ f: Double) {
      var done = 0.0
      for (name, w) in weights {
        if name == stage {
          done += w * f
          break
        }
        done += w
      }
      progress(ClipProgress(stage: stage, fraction: f, overall: min(1, done)))
    }
    func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
      let t0 = DispatchTime.now().uptimeNanoseconds
      let r = try body()
      let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
      timings.append(StageTiming(stage: stage, seconds: dt))
      return r
    }

    // 1. Simulate.
    let world = try World(scene: scene, baseDirectory: baseDirectory)
    let recording = timed("simulate") { world.run { report("simulate", $0) } }
    notes += recording.warnings

    // 2. Render every frame to PNG.
    var mapping = try SceneRendering(world: world, baseDirectory: baseDirectory)
    mapping.include(recording)
    var renderOptions = RenderOptions()
    renderOptions.samplesPerPixel = options.samplesPerPixel
    renderOptions.threads = options.threads
    renderOptions.seed = scene.world.seed
    let frameCount = recording.snapshots.count
    let sheetEvery = max(1, frameCount / max(1, options.contactSheetFrames))
    var sheetFrames: [(image: RGBImage, label: String)] = []
    var renderSeconds = 0.0, pngSeconds = 0.0, groundTruthSeconds = 0.0
    for (k, s) in recording.snapshots.enumerated() {
      let t0 = DispatchTime.now().uptimeNanoseconds
      // The previous snapshot gives each object its pose one frame earlier (motion blur in
      // the cinematic style); the shot's style picks the look and the integrator.
      let frameScene = mapping.renderScene(s, previous: k > 0 ? recording.snapshots[k - 1] : nil)
      let renderer = Renderer(options: mapping.renderOptions(at: s.time, base: renderOptions))
      let image = renderer.render(frameScene)
      let rgb = RGBImage(width: image.width, height: image.height, bytes: image.toSRGB8())
      let t1 = DispatchTime.now().uptimeNanoseconds
      let url = framesDir.appendingPathComponent(String(format: "frame_%05d.png", k))
      try write(PNGCodec.encode(rgb, compressionLevel: 1), to: url, durable: false)
      let t2 = DispatchTime.now().uptimeNanoseconds
      renderSeconds += Double(t1 - t0) * 1e-9
      pngSeconds += Double(t2 - t1) * 1e-9
      if options.groundTruth {
        let t3 = DispatchTime.now().uptimeNanoseconds
        var next: (transforms: [Transform], camera: Camera)?
        if k + 1 < frameCount {
          // Flow to the next frame: the same objects (render ids follow the scene's object
          // order, then ground and walls, which do not move) at the next snapshot's poses.
          let n = mapping.renderScene(recording.snapshots[k + 1])
          next = (n.objects.map(\.transform), n.camera)
        }
        let aovs = renderer.renderAOVs(
          frameScene, nextTransforms: next?.transforms, nextCamera: next?.camera)
        do {
          try GroundTruth.write(aovs, frame: k, time: s.time, to: out)
        } catch {
          throw ClipError.output(path: out.appendingPathComponent("gt").path, reason: "\(error)")
        }
        groundTruthSeconds += Double(DispatchTime.now().uptimeNanoseconds - t3) * 1e-9
      }
      if k % sheetEvery == 0 && sheetFrames.count < options.contactSheetFrames {
        let shot = scene.shots.isEmpty ? "" : " " + scene.shots[mapping.shot(at: s.time).index].name
        sheetFrames.append((rgb, String(format: "%.2fs", s.time) + shot))
      }
      report("render", Double(k + 1) / Double(frameCount))
    }
    timings.append(StageTiming(stage: "render", seconds: renderSeconds))
    timings.append(StageTiming(stage: "png", seconds: pngSeconds))
    files.append("frames/frame_%05d.png")
    if options.groundTruth {
      timings.append(StageTiming(stage: "ground truth", seconds: groundTruthSeconds))
      files += [
        "gt/depth_%05d.pfm", "gt/normal_%05d.png", "gt/instance_%05d.bin", "gt/flow_%05d.flo",
        "gt/boxes.jsonl",
      ]
    }

    // 3. Sound.
    let sound = SceneSound(world: world)
    let impacts = sound.impacts(recording)
    let audioURL = out.appendingPathComponent("audio.wav")
    if scene.audio.enabled {
      let buffer = try timed("audio") { () throws -> AudioBuffer in
        var settings = sound.settings()
        // The loudest event is recorded at −3 dBFS, up or down (no limiting, relative levels
        // kept; the ambience's dBFS levels sit under it); then the mix is normalised to the
        // loudness target below.
        settings.impactPeakDB = -3
        settings.raisesQuietEvents = true
        // Dialogue is close-miked: its loudest sample 6 dB under the loudest event's, so a
        // line is heard over a crash (at their physical levels a 65 dB voice a few metres
        // off would sit 50 dB under a ball hitting the floor).
        settings.dialoguePeakDB = -9
        let synth = SoundSynthesizer(settings: settings)
        let cam = mapping.shot(at: 0).camera
        let target = cam.target ?? .zero
        let listener = Listener(
          position: cam.position, forward: (target - cam.position).normalized, up: cam.up)
        let (soundScene, soundNotes) = sound.soundScene(recording, listener: listener)
        notes += soundNotes
        let mix: AudioBuffer
        do {
          mix = try synth.render(soundScene)
        } catch {
          throw ClipError.audio(key: "audio.dialogue", reason: "\(error)")
        }
        // EBU R128: integrated loudness to audio.loudness_target (−16 LUFS by default) + the
        // scene's gain_db, true peak at most −1 dBTP. Impacts are all transient: reaching
        // −16 LUFS can take 15–20 dB of limiting, which flattens every hit. So the gain is
        // capped where the limiter would take off more than `audio.max_limiting_db` (6 dB by
        // default); such a clip ends quieter than the target and clip.json says by how much
        // (40 dB always reaches it). A clip with no event sound
        // (impacts, contacts, dialogue) keeps its ambience at its own level rather than
        // having room tone pushed up to speech loudness.
        let inputLUFS = Loudness.integrated(mix)
        let eventSound =
          !soundScene.impacts.isEmpty || !soundScene.contacts.isEmpty
          || !soundScene.dialogue.isEmpty
        guard eventSound, inputLUFS.isFinite else { return mix }
        let wanted = scene.audio.loudnessTargetLUFS + scene.audio.gainDB
        func level(_ goal: Double) -> (AudioBuffer, LoudnessReport) {
          Loudness.normalize(mix, targetLUFS: goal, ceilingDBTP: ClipMaker.truePeakCeilingDBTP)
        }
        var (normalised, report) = level(wanted)
        let cap = scene.audio.maxLimitingDB
        if report.limiterMaxReductionDB > cap {
          // Limiting grows with the goal. Bisect between the mix's own level (gain 0: its
          // loudest impact sits at −3 dBFS, so no limiting) and the target for the loudest
          // goal within the cap; 10 halvings of a ≤ 60 dB bracket leave < 0.06 dB.
          var lo = min(wanted, inputLUFS)
          var hi = wanted
          (normalised, report) = level(lo)
          for _ in 0..<10 {
            let mid = 0.5 * (lo + hi)
            let attempt = level(mid)
            if attempt.1.limiterMaxReductionDB <= cap {
              lo = mid
              (normalised, report) = attempt
            } else {
              hi = mid
            }
          }
        }
        loudness = ClipManifest.LoudnessSummary(report)
        return normalised
      }
      try write(WAVFile.encode(buffer, format: .pcm16), to: audioURL)
      files.append("audio.wav")
    }
    report("audio", 1)

    // 4. Contact sheet, video.
    let sheet = ContactSheet.make(
      frames: sheetFrames, columns: options.contactSheetColumns, thumbnailWidth: 320)
    try write(PNGCodec.encode(sheet), to: out.appendingPathComponent("contact_sheet.png"))
    files.append("contact_sheet.png")
    var hasVideo = false
    if options.muxVideo {
      do {
        try timed("mux") {
          try FFmpeg.muxClip(
            framesPattern: framesDir.appendingPathComponent("frame_%05d.png"),
            fps: scene.world.fps, audio: scene.audio.enabled ? audioURL : nil,
            output: out.appendingPathComponent("clip.mp4"),
            frameCount: max(1, frameCount - 1))
        }
        files.append("clip.mp4")
        hasVideo = true
      } catch {
        notes.append("\(error)")
      }
    }
    report("encode", 0.5)

    // 5. Manifest and report.
    var manifest = makeManifest(
      recording: recording, impacts: impacts.count, files: files + ["clip.json", "report.html"],
      timings: timings, warnings: notes)
    manifest.loudness = loudness
    if options.groundTruth { manifest.groundTruth = GroundTruth.manifestEntry }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = try encoder.encode(manifest)
    try write([UInt8](json), to: out.appendingPathComponent("clip.json"))
    let page = ReportPage.html(
      reportData(recording: recording, manifest: manifest, hasVideo: hasVideo))
    try write(Array(page.utf8), to: out.appendingPathComponent("report.html"))
    report("encode", 1)
    return ClipResult(recording: recording, manifest: manifest, outputDirectory: out, notes: notes)
  }

  func write(_ bytes: [UInt8], to url: URL, durable: Bool = true) throws {
    do {
      try AtomicFile.write(bytes, to: url, durable: durable)
    } catch {
      throw ClipError.output(path: url.path, reason: "\(error)")
    }
  }

  func makeManifest(
    recording r: Recording, impacts: Int, files: [String], timings: [StageTiming],
    warnings: [String]
  ) -> ClipManifest {
    var begin = 0, sustain = 0, end = 0
    for e in r.events {
      guard case .contact(let c) = e else { continue }
      switch c.phase {
      case .begin: begin += 1
      case .sustain: sustain += 1
      case .end: end += 1
      }
    }
    let w = scene.world
    return ClipManifest(
      dioramaVersion: DioramaVersion.current, schemaVersion: scene.version,
      sceneName: scene.name, sceneHash: SHA256.hexDigest(scene.canonicalJSON()), seed: w.seed,
      settings: .init(
        duration: w.duration, fps: w.fps, width: w.width, height: w.height,
        timestep: r.timestep, substeps: r.substeps, samplesPerPixel: options.samplesPerPixel,
        sampleRate: scene.audio.sampleRate, style: scene.style.preset.rawValue,
        shots: scene.shots.map(\.name)),
      frameCount: r.snapshots.count, files: files,
      eventCounts: .init(impacts: begin, sustained: sustain, separations: end, sounds: impacts),
      outcomes: r.outcomes, timings: timings, warnings: warnings)
  }

  func entityName(_ e: EntityID) -> String {
    if let i = e.objectIndex {
      return i < scene.objects.count ? scene.objects[i].name : "fragment \(i)"
    }
    if let k = e.wallIndex { return scene.environment.walls[k].name }
    return "ground"
  }

  func reportData(recording r: Recording, manifest m: ClipManifest, hasVideo: Bool) -> ReportData {
    var events: [ReportEvent] = []
    for e in r.events {
      guard case .contact(let c) = e, c.phase == .begin else { continue }
      events.append(
        ReportEvent(
          time: c.time, kind: "impact",
          label:
            "\(entityName(c.a)) – \(entityName(c.b)) at \(String(format: "%.2f", c.normalSpeed)) m/s",
          magnitude: c.normalImpulse))
    }
    var facts: [(key: String, value: String)] = [
      ("scene", scene.name), ("scene hash (SHA-256)", m.sceneHash), ("seed", "\(m.seed)"),
      ("duration", "\(m.settings.duration) s"),
      ("frames", "\(m.frameCount) at \(m.settings.fps) fps"),
      ("resolution", "\(m.settings.width)×\(m.settings.height), \(m.settings.samplesPerPixel) spp"),
      (
        "solver step",
        String(format: "%.5f s × %d substeps", m.settings.timestep, m.settings.substeps)
      ),
      ("impacts", "\(m.eventCounts.impacts)"), ("version", m.dioramaVersion),
    ]
    if let l = m.loudness {
      facts.append(
        (
          "loudness (EBU R128)",
          String(
            format: "%.1f LUFS, true peak %.1f dBTP (limiter %.1f dB; mix was %.1f LUFS)",
            l.outputLUFS, l.truePeakDBTP, l.limiterMaxReductionDB, l.inputLUFS)
        ))
    }
    return ReportData(
      title: scene.name, subtitle: scene.description ?? "",
      videoFile: hasVideo ? "clip.mp4" : nil, audioFile: scene.audio.enabled ? "audio.wav" : nil,
      contactSheetFile: "contact_sheet.png",
      energy: r.energy.map {
        EnergySample(time: $0.time, kinetic: $0.kinetic, potential: $0.potential)
      },
      events: events, timings: m.timings.map { ($0.stage, $0.seconds) },
      outcomes: r.outcomes.map {
        ReportOutcome(name: $0.name, passed: $0.passed, expected: $0.expected, detail: $0.detail)
      },
      facts: facts, duration: scene.world.duration)
  }
}
