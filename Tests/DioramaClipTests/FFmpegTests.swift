import Foundation
import Testing

@testable import DioramaClip

private func scratchDirectory(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "diorama-ffmpeg-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: dir)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

/// A minimal RIFF/WAVE file: PCM 16-bit mono.
private func wavBytes(samples: [Int16], sampleRate: Int) -> [UInt8] {
  func u32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
  func u16(_ v: Int) -> [UInt8] { (0..<2).map { UInt8((v >> (8 * $0)) & 0xFF) } }
  let dataSize = samples.count * 2
  var out = Array("RIFF".utf8) + u32(36 + dataSize) + Array("WAVE".utf8)
  out += Array("fmt ".utf8) + u32(16) + u16(1) + u16(1) + u32(sampleRate)
  out += u32(sampleRate * 2) + u16(2) + u16(16)
  out += Array("data".utf8) + u32(dataSize)
  for s in samples { out += u16(Int(UInt16(bitPattern: s))) }
  return out
}

@Suite struct FFmpegTests {
  @Test func muxesFramesAndAudioIntoAProbeableMP4() throws {
    guard FFmpeg.locate() != nil, FFmpeg.locate("ffprobe") != nil else {
      print("skipped muxesFramesAndAudioIntoAProbeableMP4: ffmpeg/ffprobe not on PATH")
      return
    }
    let dir = try scratchDirectory("mux")
    defer { try? FileManager.default.removeItem(at: dir) }
    let frames = dir.appendingPathComponent("frames")
    try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
    let fps = 10
    for i in 0..<10 {
      // 33x25: odd on purpose, ffmpeg must pad to even for yuv420p.
      var image = RGBImage(width: 33, height: 25, fill: (20, 20, 20))
      for y in 0..<25 { image[(i * 3) % 33, y] = (250, 200, 0) }
      let name = String(format: "frame_%05d.png", i)
      try AtomicFile.write(PNGCodec.encode(image), to: frames.appendingPathComponent(name))
    }
    let rate = 44_100
    let samples = (0..<rate).map { n in
      Int16(8000 * sin(2 * Double.pi * 440 * Double(n) / Double(rate)))
    }
    let wav = dir.appendingPathComponent("audio.wav")
    try AtomicFile.write(wavBytes(samples: samples, sampleRate: rate), to: wav)
    let clip = dir.appendingPathComponent("clip.mp4")

    try FFmpeg.muxClip(
      framesPattern: frames.appendingPathComponent("frame_%05d.png"), fps: fps, audio: wav,
      output: clip)

    #expect(!FileManager.default.fileExists(atPath: AtomicFile.temporaryURL(for: clip).path))
    let info = try FFmpeg.probe(clip)
    let video = info.streams(ofType: "video")
    let audio = info.streams(ofType: "audio")
    try #require(video.count == 1 && audio.count == 1)
    #expect(video[0].codecName == "h264")
    #expect(video[0].pixelFormat == "yuv420p")
    #expect(video[0].width == 34 && video[0].height == 26)
    #expect(video[0].frameCount == 10)
    #expect(audio[0].codecName == "aac")
    #expect(audio[0].sampleRate == rate)
    // Both streams last 1 s to within one frame (0.1 s); AAC adds at most 2048 samples of
    // priming/padding (46 ms).
    let frame = 1.0 / Double(fps)
    #expect(abs((video[0].duration ?? -1) - 1.0) <= frame)
    #expect(abs((audio[0].duration ?? -1) - 1.0) <= frame)
    #expect(abs((info.formatDuration ?? -1) - 1.0) <= frame)
  }

  @Test func silentClipHasOnlyVideo() throws {
    guard FFmpeg.locate() != nil, FFmpeg.locate("ffprobe") != nil else {
      print("skipped silentClipHasOnlyVideo: ffmpeg/ffprobe not on PATH")
      return
    }
    let dir = try scratchDirectory("silent")
    defer { try? FileManager.default.removeItem(at: dir) }
    for i in 0..<4 {
      let image = RGBImage(width: 16, height: 16, fill: (UInt8(i * 60), 0, 0))
      try AtomicFile.write(
        PNGCodec.encode(image), to: dir.appendingPathComponent("f\(i).png"))
    }
    let clip = dir.appendingPathComponent("silent.mp4")
    try FFmpeg.muxClip(
      framesPattern: dir.appendingPathComponent("f%d.png"), fps: 4, audio: nil, output: clip)
    let info = try FFmpeg.probe(clip)
    #expect(info.streams(ofType: "video").count == 1)
    #expect(info.streams(ofType: "audio").isEmpty)
  }

  @Test func failureReportsCommandExitCodeAndStderr() throws {
    guard FFmpeg.locate() != nil else {
      print("skipped failureReportsCommandExitCodeAndStderr: ffmpeg not on PATH")
      return
    }
    let dir = try scratchDirectory("fail")
    defer { try? FileManager.default.removeItem(at: dir) }
    let output = dir.appendingPathComponent("clip.mp4")
    #expect {
      try FFmpeg.muxClip(
        framesPattern: dir.appendingPathComponent("none_%05d.png"), fps: 30, audio: nil,
        output: output)
    } throws: { error in
      guard case .failed(let command, let code, let tail) = error as? FFmpegError else {
        return false
      }
      return command.contains("ffmpeg") && command.contains("none_%05d.png") && code != 0
        && !tail.isEmpty && "\(error)".contains("exit code \(code)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func missingFFmpegSaysHowToInstallIt() {
    #expect(FFmpeg.locate(searchPath: "/nonexistent-diorama-dir") == nil)
    #expect(throws: FFmpegError.notInstalled) {
      try FFmpeg.muxClip(
        framesPattern: URL(fileURLWithPath: "/tmp/f_%05d.png"), fps: 30, audio: nil,
        output: URL(fileURLWithPath: "/tmp/x.mp4"), searchPath: "/nonexistent-diorama-dir")
    }
    #expect(
      FFmpegError.notInstalled.description
        == "ffmpeg not found on PATH: install it (Debian: apt-get install ffmpeg, or run "
        + "scripts/setup.sh); frames, audio.wav and the report were still written")
  }

  @Test func shellQuotingIsPasteable() {
    #expect(FFmpeg.shellQuote("a/b_c-1.png") == "a/b_c-1.png")
    #expect(FFmpeg.shellQuote("my clip.mp4") == "'my clip.mp4'")
    #expect(FFmpeg.shellQuote("it's") == "'it'\\''s'")
  }
}
