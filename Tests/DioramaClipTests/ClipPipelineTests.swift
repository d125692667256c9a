import DioramaAudio
import DioramaClip
import DioramaCore
import DioramaScene
import DioramaWorld
import Foundation
import Testing
import _TestSupport

/// Five wooden balls tossed up from 0.3 m with different speeds onto a wooden floor, one
/// impact each (e = 0), landing at t ≈ 0.25, 0.55, 0.85, 1.15 and 1.45 s: the floor rings
/// for about 0.2 s (T60 of its low modes), so each impact is heard on its own.
/// Landing time from height h with upward speed v: t = (v + √(v² + 2gh))/g, so
/// v = (g t²/2 − h)/t.
let dropsScene = """
  diorama: 1
  name: drops
  world: { duration: 1.6, fps: 30, resolution: [160, 90], seed: 11 }
  environment: { ground: { material: wood } }
  objects:
    - { name: b0, shape: sphere, radius: 0.05, material: wood, position: [-0.6, 0, 0.35], restitution: 0 }
    - { name: b1, shape: sphere, radius: 0.05, material: wood, position: [-0.3, 0, 0.35], velocity: [0, 0, 2.152], restitution: 0 }
    - { name: b2, shape: sphere, radius: 0.05, material: wood, position: [0.0, 0, 0.35], velocity: [0, 0, 3.816], restitution: 0 }
    - { name: b3, shape: sphere, radius: 0.05, material: wood, position: [0.3, 0, 0.35], velocity: [0, 0, 5.380], restitution: 0 }
    - { name: b4, shape: sphere, radius: 0.05, material: wood, position: [0.6, 0, 0.35], velocity: [0, 0, 6.906], restitution: 0 }
  shots:
    - { name: wide, start: 0, camera: { position: [0, -4, 1.5], target: [0, 0, 1.0] } }
  outcomes:
    - { name: b4 lands, type: touches, object: b4, other: ground }
  """

func clipTemporaryDirectory(_ name: String) -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent(
      "diorama-tests-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try? FileManager.default.removeItem(at: url)
  return url
}

func makeClip(
  _ yaml: String, _ name: String, video: Bool = false, groundTruth: Bool = false
) throws -> ClipResult {
  let spec = try SceneLoader.load(yaml: yaml, fileName: "\(name).yaml", baseDirectory: nil)
  var options = ClipOptions()
  options.samplesPerPixel = 1
  options.muxVideo = video
  options.groundTruth = groundTruth
  return try ClipMaker(scene: spec, options: options)
    .make(outputDirectory: clipTemporaryDirectory(name))
}

func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

@Suite("Clip pipeline: scene to files", .serialized)
struct ClipPipelineTests {
  @Test("Every impact's onset in the written WAV lies within 1 ms of its event time")
  func onsetsOnTheExactSample() throws {
    let result = try makeClip(dropsScene, "onsets")
    defer { try? FileManager.default.removeItem(at: result.outputDirectory) }
    let wav = try WAVFile.decode(
      try bytes(result.outputDirectory.appendingPathComponent("audio.wav")))
    #expect(wav.sampleRate == 48_000 && wav.channelCount == 2)
    // Threshold 1e-4 FS (−80 dBFS, ten 16-bit steps): the pipeline records the loudest
    // landing (7.6 m/s) at −3 dBFS, and the softest (2.4 m/s) is some 60 dB below it.
    let onsets = detectOnsets(
      samples: wav.samples, channelCount: wav.channelCount, sampleRate: wav.sampleRate,
      threshold: 1e-4)
    let impacts = result.recording.events.compactMap { e -> ContactEvent? in
      if case .contact(let c) = e, c.phase == .begin, c.normalSpeed > 0.01 { return c }
      return nil
    }
    // Every loud impact (the five landings, > 2 m/s) is found within 1 ms of its event time,
    // and every onset the detector finds belongs to some sounding impact within 1 ms.
    let loud = impacts.filter { $0.normalSpeed > 2 }
    #expect(loud.count == 5)
    for c in loud {
      let nearest = onsets.min { abs($0 - c.time) < abs($1 - c.time) }
      let error = try #require(nearest).distance(to: c.time).magnitude
      #expect(
        error < 0.001,
        "impact at \(c.time) s (\(c.normalSpeed) m/s): nearest onset \(nearest ?? -1) s of \(onsets)"
      )
    }
    for t in onsets {
      #expect(impacts.contains { abs($0.time - t) < 0.001 }, "onset at \(t) s has no impact")
    }
  }

  @Test("The files decode: PNG frames, WAV, clip.json, report")
  func filesDecode() throws {
    let result = try makeClip(dropsScene, "files")
    let out = result.outputDirectory
    defer { try? FileManager.default.removeItem(at: out) }
    let frames = try FileManager.default.contentsOfDirectory(
      atPath: out.appendingPathComponent("frames").path
    )
    .filter { $0.hasSuffix(".png") }
    #expect(frames.count == 49)
    let frame = try PNGCodec.decode(try bytes(out.appendingPathComponent("frames/frame_00015.png")))
    #expect(frame.width == 160 && frame.height == 90)
    let sheet = try PNGCodec.decode(try bytes(out.appendingPathComponent("contact_sheet.png")))
    #expect(sheet.width > 0)
    let wav = try WAVFile.decode(try bytes(out.appendingPathComponent("audio.wav")))
    #expect(abs(wav.duration - 1.6) < 1.0 / 48_000)
    let manifest = try JSONDecoder().decode(
      ClipManifest.self, from: Data(contentsOf: out.appendingPathComponent("clip.json")))
    #expect(manifest.sceneHash.count == 64)
    #expect(manifest.eventCounts.impacts == result.recording.impactCount)
    #expect(manifest.outcomes.first?.passed == true)
    #expect(manifest.timings.map(\.stage).starts(with: ["simulate", "render"]))
    let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.contains("<svg"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    // Nothing left under a temporary name.
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out.path)
      .filter { $0.contains(".partial") }
    #expect(leftovers.isEmpty)
  }

  @Test("The same scene twice gives byte-identical WAV, frames and recording")
  func determinism() throws {
    let a = try makeClip(dropsScene, "det-a")
    let b = try makeClip(dropsScene, "det-b")
    defer {
      try? FileManager.default.removeItem(at: a.outputDirectory)
      try? FileManager.default.removeItem(at: b.outputDirectory)
    }
    #expect(a.recording == b.recording)
    for file in [
      "audio.wav", "frames/frame_00000.png", "frames/frame_00020.png", "contact_sheet.png",
    ] {
      let x = try bytes(a.outputDirectory.appendingPathComponent(file))
      let y = try bytes(b.outputDirectory.appendingPathComponent(file))
      #expect(x == y, "\(file) differs")
    }
    #expect(a.manifest.sceneHash == b.manifest.sceneHash)
  }

  @Test("clip.mp4 has a video and an audio stream of the scene's duration (ffprobe)")
  func mp4Streams() throws {
    guard FFmpeg.locate() != nil, FFmpeg.locate("ffprobe") != nil else {
      print("skipped: ffmpeg/ffprobe not on PATH (scripts/setup.sh installs them)")
      return
    }
    let result = try makeClip(dropsScene, "mp4", video: true)
    defer { try? FileManager.default.removeItem(at: result.outputDirectory) }
    let probe = try FFmpeg.probe(result.outputDirectory.appendingPathComponent("clip.mp4"))
    let video = try #require(probe.streams(ofType: "video").first)
    let audio = try #require(probe.streams(ofType: "audio").first)
    // 48 frames shown for 1/30 s each: exactly 1.6 s of video. AAC pads its last packet, and
    // ffprobe reports durations in its time base: 1 ms for video, one frame for audio.
    #expect(abs((video.duration ?? 0) - 1.6) <= 1e-3, "video \(video.duration ?? -1)")
    #expect(abs((audio.duration ?? 0) - 1.6) <= 1.0 / 30 + 1e-3, "audio \(audio.duration ?? -1)")
    #expect(video.width == 160 && video.height == 90)
  }

  @Test("The sound is normalised towards −16 LUFS, true peak ≤ −1 dBTP, ≤ 6 dB of limiting")
  func loudness() throws {
    let result = try makeClip(dropsScene, "loudness")
    defer { try? FileManager.default.removeItem(at: result.outputDirectory) }
    let wav = try WAVFile.decode(
      try bytes(result.outputDirectory.appendingPathComponent("audio.wav")))
    let l = try #require(result.manifest.loudness)
    let measured = Loudness.integrated(wav)
    // Measured on the written 16-bit file, it agrees with clip.json (0.1 LU: quantisation);
    // it reaches −16 LUFS (0.5 LU, the tolerance) unless the limiter cap held it back.
    #expect(abs(measured - l.outputLUFS) < 0.1, "\(measured) vs \(l.outputLUFS) LUFS")
    #expect(measured < -16 + 0.5)
    if l.limiterMaxReductionDB < ClipMaker.maxLimitingDB - 0.5 {
      #expect(abs(measured - -16) < 0.5, "\(measured) LUFS with \(l.limiterMaxReductionDB) dB")
    }
    #expect(l.limiterMaxReductionDB <= ClipMaker.maxLimitingDB + 0.5)
    #expect(Loudness.truePeak(wav) <= -1 + 0.05, "\(Loudness.truePeak(wav)) dBTP")
  }

  @Test("With audio.max_limiting_db: 40 the drops reach −16 LUFS within 0.5 LU anyway")
  func loudnessWithoutTheCap() throws {
    // Five wooden balls landing: alone they need more than the default 6 dB of limiting to
    // reach −16 LUFS (the test above), so lifting the cap is what gets them there.
    let result = try makeClip(dropsScene + "\naudio: { max_limiting_db: 40 }\n", "uncapped")
    defer { try? FileManager.default.removeItem(at: result.outputDirectory) }
    let wav = try WAVFile.decode(
      try bytes(result.outputDirectory.appendingPathComponent("audio.wav")))
    let measured = Loudness.integrated(wav)
    #expect(abs(measured - -16) < 0.5, "\(measured) LUFS")
    #expect(Loudness.truePeak(wav) <= -1 + 0.05, "\(Loudness.truePeak(wav)) dBTP")
  }

  @Test("Ground truth: one depth, normal, instance and flow file per frame, one box line each")
  func groundTruthFiles() throws {
    let result = try makeClip(dropsScene, "gt", groundTruth: true)
    let gt = result.outputDirectory.appendingPathComponent("gt")
    defer { try? FileManager.default.removeItem(at: result.outputDirectory) }
    let names = try FileManager.default.contentsOfDirectory(atPath: gt.path)
    let frames = result.recording.snapshots.count
    #expect(names.filter { $0.hasPrefix("depth_") }.count == frames)
    #expect(names.filter { $0.hasPrefix("normal_") }.count == frames)
    #expect(names.filter { $0.hasPrefix("instance_") }.count == frames)
    #expect(names.filter { $0.hasPrefix("flow_") }.count == frames - 1)  // none after the last
    let lines = try String(contentsOf: gt.appendingPathComponent("boxes.jsonl"), encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == frames)
    #expect(result.manifest.groundTruth != nil)
    #expect(result.manifest.timings.contains { $0.stage == "ground truth" })
  }
}
