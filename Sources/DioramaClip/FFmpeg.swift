import Foundation

/// The external `ffmpeg`/`ffprobe` tools: muxing PNG frames and a WAV into an MP4, and probing
/// the result. Both are found on `PATH`; nothing else about Diorama needs them.
///
/// ```swift
/// try FFmpeg.muxClip(
///   framesPattern: out.appendingPathComponent("frames/frame_%05d.png"), fps: 30,
///   audio: out.appendingPathComponent("audio.wav"),
///   output: out.appendingPathComponent("clip.mp4"))
/// let info = try FFmpeg.probe(out.appendingPathComponent("clip.mp4"))
/// ```
public enum FFmpeg {
  /// The first executable `tool` (default `ffmpeg`) in the directories of `searchPath`
  /// (default: the `PATH` environment variable), or nil.
  public static func locate(_ tool: String = "ffmpeg", searchPath: String? = nil) -> URL? {
    let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
    for dir in path.split(separator: ":") where !dir.isEmpty {
      let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(tool)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
      {
        return candidate
      }
    }
    return nil
  }

  /// Encodes numbered PNG frames (and optionally a WAV) into an MP4: H.264, yuv420p (odd
  /// sizes padded by one pixel to even), CRF 18, AAC 192 kb/s, `+faststart` for browsers.
  ///
  /// ffmpeg writes `<output>.partial-<pid>` which is renamed over `output` only on success, so
  /// `output` is never a half-written file.
  /// - Parameters:
  ///   - framesPattern: printf-style pattern, e.g. `out/frames/frame_%05d.png` (numbering
  ///     starting at 0...4, as ffmpeg's image2 demuxer detects).
  ///   - fps: frames per second (≥ 1).
  ///   - audio: a WAV (or any audio ffmpeg reads), or nil for a silent clip.
  ///   - frameCount: mux only the first this many frames (nil: all). A clip of duration T at
  ///     f fps shows T·f frames, each for 1/f s; the snapshot at T itself is the final state,
  ///     written as a PNG but not shown, so the video lasts exactly T like the sound.
  ///   - searchPath: directories to look for ffmpeg in, `:`-separated (default `PATH`).
  /// - Throws: `FFmpegError.notInstalled`, `.missingInput`, `.failed` (with the command, exit
  ///   code and ffmpeg's last stderr lines), `.launchFailed`, or `AtomicFileError`.
  public static func muxClip(
    framesPattern: URL, fps: Int, audio: URL?, output: URL, frameCount: Int? = nil,
    searchPath: String? = nil
  ) throws {
    guard let ffmpeg = locate("ffmpeg", searchPath: searchPath) else {
      throw FFmpegError.notInstalled
    }
    precondition(fps >= 1, "FFmpeg.muxClip: fps must be >= 1, got \(fps)")
    if let audio, !FileManager.default.fileExists(atPath: audio.path) {
      throw FFmpegError.missingInput(path: audio.path)
    }
    let temp = AtomicFile.temporaryURL(for: output)
    var args = [
      "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
      "-framerate", String(fps), "-i", framesPattern.path,
    ]
    if let audio { args += ["-i", audio.path] }
    args += [
      "-map", "0:v:0",
      "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
      "-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p",
      "-r", String(fps),
    ]
    // Limit the output's duration rather than its video frames: `-frames:v` ends the mux as
    // soon as the last frame is written and drops the audio still queued behind it.
    if let frameCount {
      args += ["-t", String(format: "%.6f", Double(max(1, frameCount)) / Double(fps))]
    }
    if audio != nil {
      args += ["-map", "1:a:0", "-c:a", "aac", "-b:a", "192k"]
    } else {
      args += ["-an"]
    }
    args += ["-movflags", "+faststart", "-f", "mp4", temp.path]

    let result: ProcessResult
    do {
      result = try run(ffmpeg, args)
    } catch {
      try? FileManager.default.removeItem(at: temp)
      throw error
    }
    guard result.status == 0 else {
      try? FileManager.default.removeItem(at: temp)
      throw FFmpegError.failed(
        command: commandLine(ffmpeg, args), exitCode: result.status,
        stderrTail: tail(result.stderr, lines: 8))
    }
    try AtomicFile.replace(output, with: temp)
  }

  /// Streams and durations of a media file, read with
  /// `ffprobe -print_format json -show_streams -show_format`.
  /// - Throws: `FFmpegError.notInstalled` (no ffprobe), `.missingInput`, `.failed`,
  ///   `.badProbeOutput`.
  public static func probe(_ file: URL, searchPath: String? = nil) throws -> ProbeResult {
    guard let ffprobe = locate("ffprobe", searchPath: searchPath) else {
      throw FFmpegError.notInstalled
    }
    guard FileManager.default.fileExists(atPath: file.path) else {
      throw FFmpegError.missingInput(path: file.path)
    }
    let args = [
      "-v", "error", "-print_format", "json", "-show_streams", "-show_format", file.path,
    ]
    let result = try run(ffprobe, args)
    guard result.status == 0 else {
      throw FFmpegError.failed(
        command: commandLine(ffprobe, args), exitCode: result.status,
        stderrTail: tail(result.stderr, lines: 8))
    }
    do {
      let raw = try JSONDecoder().decode(RawProbe.self, from: result.stdout)
      return ProbeResult(raw)
    } catch {
      throw FFmpegError.badProbeOutput(file: file.path, reason: String(describing: error))
    }
  }

  // MARK: - Processes

  struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: Data
  }

  /// Runs `executable` with `arguments`, collecting stdout and stderr (stderr drained on a
  /// second thread so that neither pipe can fill up and stall the child).
  static func run(_ executable: URL, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw FFmpegError.launchFailed(
        command: commandLine(executable, arguments), reason: error.localizedDescription)
    }
    let errBox = DataBox()
    let group = DispatchGroup()
    let errHandle = err.fileHandleForReading
    DispatchQueue.global().async(group: group) {
      errBox.set(errHandle.readDataToEndOfFile())
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: errBox.get())
  }

  /// The command as a user could paste it into a shell.
  static func commandLine(_ executable: URL, _ arguments: [String]) -> String {
    ([executable.path] + arguments).map(shellQuote).joined(separator: " ")
  }

  static func shellQuote(_ s: String) -> String {
    let safe = s.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || "-_./:=%+,@".unicodeScalars.contains($0)
    }
    if safe && !s.isEmpty { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The last `lines` non-empty lines of `data` as UTF-8.
  static func tail(_ data: Data, lines: Int) -> String {
    let text = String(decoding: data, as: UTF8.self)
    let all = text.split(whereSeparator: \.isNewline).filter {
      !$0.allSatisfy(\.isWhitespace)
    }
    return all.suffix(lines).joined(separator: "\n")
  }
}

/// A one-shot, lock-protected Data slot for a reader thread.
private final class DataBox: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ d: Data) {
    lock.lock()
    data = d
    lock.unlock()
  }
  func get() -> Data {
    lock.lock()
    defer { lock.unlock() }
    return data
  }
}

/// What went wrong calling ffmpeg or ffprobe.
public enum FFmpegError: Error, Equatable, CustomStringConvertible {
  /// ffmpeg (or ffprobe) is not on PATH.
  case notInstalled
  /// An input file does not exist.
  case missingInput(path: String)
  /// The tool ran and exited non-zero.
  case failed(command: String, exitCode: Int32, stderrTail: String)
  /// The tool could not be started.
  case launchFailed(command: String, reason: String)
  /// ffprobe's JSON could not be read.
  case badProbeOutput(file: String, reason: String)

  public var description: String {
    switch self {
    case .notInstalled:
      return "ffmpeg not found on PATH: install it (Debian: apt-get install ffmpeg, or run "
        + "scripts/setup.sh); frames, audio.wav and the report were still written"
    case .missingInput(let path):
      return "\(path): input file not found"
    case .failed(let command, let exitCode, let stderrTail):
      let detail = stderrTail.isEmpty ? "(no error output)" : stderrTail
      return "command failed with exit code \(exitCode): \(command)\n\(detail)"
    case .launchFailed(let command, let reason):
      return "could not start \(command): \(reason)"
    case .badProbeOutput(let file, let reason):
      return "\(file): could not read ffprobe's JSON output: \(reason)"
    }
  }
}

/// The streams and container duration ffprobe reports for a media file.
public struct ProbeResult: Sendable, Hashable {
  /// One elementary stream.
  public struct Stream: Sendable, Hashable {
    /// Stream index in the container.
    public var index: Int
    /// `video`, `audio`, `subtitle`, `data`, …
    public var codecType: String
    /// e.g. `h264`, `aac`, `pcm_s16le`.
    public var codecName: String
    /// Stream duration (s), when the container states it.
    public var duration: Double?
    /// Number of frames (video) or packets, when stated.
    public var frameCount: Int?
    /// Picture size (pixels), video only.
    public var width: Int?
    public var height: Int?
    /// Sample rate (Hz), audio only.
    public var sampleRate: Int?
    /// Channel count, audio only.
    public var channels: Int?
    /// Pixel format, video only, e.g. `yuv420p`.
    public var pixelFormat: String?
  }

  /// Streams in container order.
  public var streams: [Stream]
  /// Container duration (s).
  public var formatDuration: Double?
  /// Container format names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
  public var formatName: String?

  /// The streams whose `codecType` is `type` (`"video"`, `"audio"`).
  public func streams(ofType type: String) -> [Stream] {
    streams.filter { $0.codecType == type }
  }

  init(_ raw: RawProbe) {
    streams = (raw.streams ?? []).map {
      Stream(
        index: $0.index ?? 0, codecType: $0.codecType ?? "", codecName: $0.codecName ?? "",
        duration: $0.duration.flatMap(Double.init), frameCount: $0.frameCount.flatMap { Int($0) },
        width: $0.width, height: $0.height, sampleRate: $0.sampleRate.flatMap { Int($0) },
        channels: $0.channels, pixelFormat: $0.pixelFormat)
    }
    formatDuration = raw.format?.duration.flatMap(Double.init)
    formatName = raw.format?.formatName
  }
}

/// ffprobe's JSON (snake_case keys mapped by CodingKeys; numbers ffprobe prints as strings stay
/// strings here).
struct RawProbe: Decodable {
  struct RawStream: Decodable {
    var index: Int?
    var codecName: String?
    var codecType: String?
    var duration: String?
    var frameCount: String?
    var width: Int?
    var height: Int?
    var sampleRate: String?
    var channels: Int?
    var pixelFormat: String?

    enum CodingKeys: String, CodingKey {
      case index, duration, width, height, channels
      case codecName = "codec_name"
      case codecType = "codec_type"
      case frameCount = "nb_frames"
      case sampleRate = "sample_rate"
      case pixelFormat = "pix_fmt"
    }
  }
  struct RawFormat: Decodable {
    var duration: String?
    var formatName: String?

    enum CodingKeys: String, CodingKey {
      case duration
      case formatName = "format_name"
    }
  }
  var streams: [RawStream]?
  var format: RawFormat?
}
