import DioramaCore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A line of dialogue: who says what, when, where, and in which voice.
///
/// ```swift
/// let line = DialogueLine(text: "Here goes!", time: 0.5, position: Vec3(0, 0, 1.7),
///                         voice: "en-us", pitch: 40, wordsPerMinute: 160)
/// ```
public struct DialogueLine: Sendable, Hashable {
  /// What is said (UTF-8 text).
  public var text: String
  /// When the line starts (s): its first sample lands on this instant.
  public var time: Double
  /// The speaker's mouth (m).
  public var position: Vec3
  /// espeak-ng voice name ("en", "en-us", "de", "fr", ...; `espeak-ng --voices` lists them).
  public var voice: String
  /// Base pitch, espeak-ng's scale 0...99 (50 is the voice's normal pitch).
  public var pitch: Int
  /// Speaking rate (words per minute, 80...450).
  public var wordsPerMinute: Int
  /// Speech level: RMS sound pressure level at 1 m over the line (dB SPL re 20 µPa). 60 dB is
  /// normal conversation, 70 a raised voice, 80 a shout.
  public var levelDB: Double
  /// Who speaks (for reports and mute groups); free text.
  public var character: String

  public init(
    text: String, time: Double, position: Vec3 = Vec3(0, 0, 1.6), voice: String = "en",
    pitch: Int = 50, wordsPerMinute: Int = 175, levelDB: Double = 65, character: String = ""
  ) {
    self.text = text
    self.time = time
    self.position = position
    self.voice = voice
    self.pitch = pitch
    self.wordsPerMinute = wordsPerMinute
    self.levelDB = levelDB
    self.character = character
  }
}

/// Why a line could not be spoken.
public enum SpeechError: Error, Hashable, CustomStringConvertible {
  /// The espeak-ng shared library could not be loaded.
  case libraryMissing(library: String, reason: String)
  /// The library loaded but lacks a function.
  case symbolMissing(library: String, symbol: String)
  /// espeak_Initialize failed (usually: espeak-ng-data is not installed).
  case initializationFailed(library: String)
  /// espeak-ng has no voice of this name.
  case voiceUnavailable(voice: String, character: String)
  /// espeak_Synth returned an error code.
  case synthesisFailed(code: Int32, text: String)

  public var description: String {
    switch self {
    case .libraryMissing(let lib, let reason):
      return
        "dialogue needs espeak-ng, but \(lib) could not be loaded (\(reason)); install it with "
        + "`apt-get install libespeak-ng1 espeak-ng-data` (or libespeak-ng-dev), or remove the "
        + "scene's audio.dialogue lines"
    case .symbolMissing(let lib, let symbol):
      return "\(lib) has no function \(symbol): install espeak-ng 1.49 or newer (libespeak-ng1)"
    case .initializationFailed(let lib):
      return
        "espeak_Initialize failed in \(lib): its voice data is missing; install it with "
        + "`apt-get install espeak-ng-data`"
    case .voiceUnavailable(let voice, let who):
      let speaker = who.isEmpty ? "" : " (character \(who))"
      return
        "espeak-ng has no voice \"\(voice)\"\(speaker); use a name from `espeak-ng --voices`, "
        + "e.g. en, en-us, en-gb, de, fr, es"
    case .synthesisFailed(let code, let text):
      return "espeak-ng failed (error \(code)) to speak \"\(text)\""
    }
  }
}

/// Speaks dialogue with espeak-ng, loaded at run time from its shared library, so the
/// package builds and runs without it (only dialogue then fails, with a `SpeechError`).
///
/// ```swift
/// let speech = SpeechSynthesizer()
/// let mono = try speech.speak(line, sampleRate: 48_000)  // pascals at 1 m, 48 kHz
/// ```
///
/// espeak-ng keeps global state, so all calls are serialised behind one lock; the library is
/// opened and initialised once per process and name.
public struct SpeechSynthesizer: Sendable {
  /// The shared library to load (`dlopen` name or path).
  public var libraryName: String

  public static let defaultLibrary = "libespeak-ng.so.1"

  public init(libraryName: String = SpeechSynthesizer.defaultLibrary) {
    self.libraryName = libraryName
  }

  /// Whether the library loads and initialises on this machine.
  public var isAvailable: Bool {
    (try? Espeak.shared(libraryName)) != nil
  }

  /// The line as sound pressure at 1 m (Pa) at espeak-ng's own rate.
  /// - Returns: the samples and their rate (Hz, 22 050 for espeak-ng's voices).
  /// - Throws: `SpeechError` when the library, its data or the voice is missing.
  public func speakRaw(_ line: DialogueLine) throws(SpeechError) -> (samples: [Double], rate: Int) {
    let engine = try Espeak.shared(libraryName)
    let pcm = try engine.synthesize(line)
    var sumSq = 0.0
    for x in pcm { sumSq += Double(x) * Double(x) }
    guard !pcm.isEmpty, sumSq > 0 else { return ([], engine.sampleRate) }
    let rms = (sumSq / Double(pcm.count)).squareRoot()
    let target = 20e-6 * pow(10, line.levelDB / 20)
    let g = target / rms
    return (pcm.map { Double($0) * g }, engine.sampleRate)
  }

  /// The line resampled to `sampleRate` (Hz), starting at its first sample (Pa at 1 m).
  /// - Complexity: O(samples × `Resampler.halfWidth`).
  public func speak(_ line: DialogueLine, sampleRate: Int) throws(SpeechError) -> [Double] {
    let (x, rate) = try speakRaw(line)
    let n = Int((Double(x.count) * Double(sampleRate) / Double(rate)).rounded(.up))
    var out = [Double](repeating: 0, count: n)
    out.withUnsafeMutableBufferPointer { o in
      Resampler.add(
        x, inputRate: Double(rate), startTime: 0, gain: 1, outputRate: Double(sampleRate), into: o)
    }
    return out
  }
}

/// Band-limited resampling by windowed sinc (Kaiser window, β = 8, 16 zero crossings each
/// side; Smith, "Digital Audio Resampling Home Page", CCRMA, 2002).
enum Resampler {
  /// Input samples on each side of the output instant.
  static let halfWidth = 16
  static let kaiserBeta = 8.0

  /// Adds `input` (rate `inputRate`, first sample at `startTime` s) times `gain` to `out`
  /// (rate `outputRate`, sample k at k/outputRate s).
  ///
  /// y(t) = Σ_j x_j·c·sinc(c·(u − j))·w((u − j)/W), u = (t − t₀)·f_in, c = min(1, f_out/f_in)
  /// (the cutoff drops below the input's Nyquist frequency when downsampling), w the Kaiser
  /// window of half-width W. The first output sample is the first at or after t₀.
  static func add(
    _ input: [Double], inputRate fin: Double, startTime t0: Double, gain: Double,
    outputRate fout: Double, into out: UnsafeMutableBufferPointer<Double>
  ) {
    guard !input.isEmpty, t0.isFinite else { return }
    let c = Swift.min(1, fout / fin)
    let w = Double(halfWidth) / c
    let k0 = ContactNoise.firstSample(atOrAfter: t0, sampleRate: fout)
    let duration = Double(input.count) / fin
    let kEnd = Swift.min(out.count, Int(((t0 + duration) * fout).rounded(.up)) + halfWidth)
    guard k0 < kEnd else { return }
    // Kernel c·sinc(c·d)·w(d/W) tabulated on |d| ∈ [0, W], 512 entries per zero crossing,
    // read with linear interpolation (error below 10⁻⁵ of the peak).
    let perUnit = 512.0 * c
    let size = Int(w * perUnit) + 2
    let i0 = TruePeak.besselI0(kaiserBeta)
    var table = [Double](repeating: 0, count: size)
    for i in 0..<size {
      let d = Double(i) / perUnit
      let r = Swift.min(1, d / w)
      table[i] =
        c * TruePeak.sinc(c * d) * TruePeak.besselI0(kaiserBeta * (1 - r * r).squareRoot()) / i0
    }
    let n = input.count
    input.withUnsafeBufferPointer { x in
      table.withUnsafeBufferPointer { tb in
        for k in k0..<kEnd {
          let u = (Double(k) / fout - t0) * fin
          let jLo = Swift.max(0, Int((u - w).rounded(.up)))
          let jHi = Swift.min(n - 1, Int((u + w).rounded(.down)))
          guard jLo <= jHi else { continue }
          var sum = 0.0
          for j in jLo...jHi {
            let pos = abs(u - Double(j)) * perUnit
            let i = Int(pos)
            guard i + 1 < size else { continue }
            let f = pos - Double(i)
            sum += x[j] * (tb[i] + f * (tb[i + 1] - tb[i]))
          }
          out[k] += gain * sum
        }
      }
    }
  }
}

/// The loaded espeak-ng library: its function pointers, behind a process-wide lock.
final class Espeak: @unchecked Sendable {
  typealias Initialize = @convention(c) (Int32, Int32, UnsafePointer<CChar>?, Int32) -> Int32
  typealias Callback =
    @convention(c) (UnsafeMutablePointer<Int16>?, Int32, UnsafeMutableRawPointer?)
    -> Int32
  typealias SetCallback = @convention(c) (Callback?) -> Void
  typealias SetVoice = @convention(c) (UnsafePointer<CChar>?) -> Int32
  typealias SetParameter = @convention(c) (Int32, Int32, Int32) -> Int32
  typealias Synth =
    @convention(c) (
      UnsafeRawPointer?, Int, UInt32, Int32, UInt32, UInt32, UnsafeMutablePointer<UInt32>?,
      UnsafeMutableRawPointer?
    ) -> Int32
  typealias Synchronize = @convention(c) () -> Int32

  let library: String
  let sampleRate: Int
  let setVoice: SetVoice
  let setParameter: SetParameter
  let synth: Synth
  let synchronize: Synchronize

  /// Guards every call into espeak-ng and `collected`.
  static let lock = NSLock()
  /// Samples the callback has received for the line being spoken (guarded by `lock`).
  nonisolated(unsafe) static var collected: [Int16] = []
  /// Loaded libraries by name (guarded by `lock`; looked up only, never iterated).
  nonisolated(unsafe) static var loaded: [String: Espeak] = [:]

  /// The library named `name`, opened and initialised on first use.
  static func shared(_ name: String) throws(SpeechError) -> Espeak {
    lock.lock()
    defer { lock.unlock() }
    if let e = loaded[name] { return e }
    let e = try Espeak(name)
    loaded[name] = e
    return e
  }

  private init(_ name: String) throws(SpeechError) {
    library = name
    guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
      let reason = dlerror().map { String(cString: $0) } ?? "not found"
      throw .libraryMissing(library: name, reason: reason)
    }
    func symbol<T>(_ s: String, as: T.Type) throws(SpeechError) -> T {
      guard let p = dlsym(handle, s) else { throw .symbolMissing(library: name, symbol: s) }
      return unsafeBitCast(p, to: T.self)
    }
    let initialize = try symbol("espeak_Initialize", as: Initialize.self)
    let setCallback = try symbol("espeak_SetSynthCallback", as: SetCallback.self)
    setVoice = try symbol("espeak_SetVoiceByName", as: SetVoice.self)
    setParameter = try symbol("espeak_SetParameter", as: SetParameter.self)
    synth = try symbol("espeak_Synth", as: Synth.self)
    synchronize = try symbol("espeak_Synchronize", as: Synchronize.self)
    // AUDIO_OUTPUT_SYNCHRONOUS = 2; 0 ms buffer (the default); default data path;
    // espeakINITIALIZE_DONT_EXIT = 0x8000 (return an error instead of exiting).
    let rate = initialize(2, 0, nil, 0x8000)
    guard rate > 0 else { throw .initializationFailed(library: name) }
    sampleRate = Int(rate)
    setCallback { wav, count, _ in
      if let wav, count > 0 {
        Espeak.collected.append(contentsOf: UnsafeBufferPointer(start: wav, count: Int(count)))
      }
      return 0
    }
  }

  /// 16-bit samples of the line at `sampleRate`.
  func synthesize(_ line: DialogueLine) throws(SpeechError) -> [Int16] {
    Self.lock.lock()
    defer { Self.lock.unlock() }
    let found = line.voice.withCString { setVoice($0) }
    guard found == 0 else { throw .voiceUnavailable(voice: line.voice, character: line.character) }
    // espeakRATE = 1 (words per minute), espeakPITCH = 3 (0...100), absolute values.
    _ = setParameter(1, Int32(Swift.min(450, Swift.max(80, line.wordsPerMinute))), 0)
    _ = setParameter(3, Int32(Swift.min(99, Swift.max(0, line.pitch))), 0)
    Self.collected = []
    let bytes = Array(line.text.utf8CString)
    // position 0, POS_CHARACTER = 1, no end, espeakCHARS_UTF8 = 1.
    let code = bytes.withUnsafeBytes { p in
      synth(p.baseAddress, bytes.count, 0, 1, 0, 1, nil, nil)
    }
    _ = synchronize()
    guard code == 0 else { throw .synthesisFailed(code: code, text: line.text) }
    let out = Self.collected
    Self.collected = []
    return out
  }
}
