import DioramaClip
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A progress bar with ETA on a terminal; plain lines every 10% when stderr is not a
/// terminal; nothing when disabled.
final class ProgressBar {
  let enabled: Bool
  let isTerminal: Bool
  let label: String
  let start = Date()
  var lastDecile = -1
  var lastDraw = Date.distantPast
  var drewBar = false

  init(enabled: Bool, label: String) {
    self.enabled = enabled
    self.label = label
    isTerminal = isatty(STDERR_FILENO) != 0
  }

  func update(_ p: ClipProgress) {
    guard enabled else { return }
    let elapsed = Date().timeIntervalSince(start)
    let eta = p.overall > 0.01 ? elapsed * (1 - p.overall) / p.overall : .nan
    if isTerminal {
      let now = Date()
      guard now.timeIntervalSince(lastDraw) > 0.1 || p.overall >= 1 else { return }
      lastDraw = now
      let width = 30
      let filled = Int((p.overall * Double(width)).rounded(.down))
      let bar =
        String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let etaText = eta.isFinite ? String(format: "ETA %.1fs", eta) : "ETA --"
      let percent = String(format: "%3d%%", Int(p.overall * 100))
      let stage = p.stage.padding(toLength: 8, withPad: " ", startingAt: 0)
      let line =
        "\r\(bar) \(percent) \(label) \(stage) \(String(format: "%.1fs", elapsed)) \(etaText)\u{1B}[K"
      FileHandle.standardError.write(Data(line.utf8))
      drewBar = true
    } else {
      let decile = Int(p.overall * 10)
      guard decile > lastDecile else { return }
      lastDecile = decile
      let line =
        "\(label): \(decile * 10)% (\(p.stage)) \(String(format: "%.1f", elapsed))s elapsed\n"
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  func finish() {
    if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    drewBar = false
  }
}
