import Foundation

/// One energy sample of a recording.
public struct EnergySample: Sendable, Hashable {
  /// Time (s).
  public var time: Double
  /// Total kinetic energy, translational plus rotational (J).
  public var kinetic: Double
  /// Total potential energy relative to the scene's reference (J).
  public var potential: Double

  public init(time: Double, kinetic: Double, potential: Double) {
    self.time = time
    self.kinetic = kinetic
    self.potential = potential
  }
}

/// One event shown on the report's timeline.
public struct ReportEvent: Sendable, Hashable {
  /// Time (s).
  public var time: Double
  /// Row of the timeline, e.g. `impact`, `slide`, `splash`.
  public var kind: String
  /// Tooltip text, e.g. `ball hits pin 3`.
  public var label: String
  /// Dot size driver, e.g. impulse (N·s); any non-negative unit, consistent per report.
  public var magnitude: Double

  public init(time: Double, kind: String, label: String, magnitude: Double) {
    self.time = time
    self.kind = kind
    self.label = label
    self.magnitude = magnitude
  }
}

/// One outcome check: what the scene asked for and what the physics did.
public struct ReportOutcome: Sendable, Hashable {
  /// The check, e.g. `ball reaches cup`.
  public var name: String
  /// Whether the check held in the simulation.
  public var passed: Bool
  /// Whether the scene intended it to hold (a planned miss expects `false`).
  public var expected: Bool
  /// Measured detail, e.g. `closest approach 0.031 m at t = 2.40 s`.
  public var detail: String

  public init(name: String, passed: Bool, expected: Bool = true, detail: String = "") {
    self.name = name
    self.passed = passed
    self.expected = expected
    self.detail = detail
  }
}

/// Everything the report page shows. File references are paths relative to the page (e.g.
/// `clip.mp4`); anything that looks like a network address is not embedded.
public struct ReportData: Sendable {
  /// Page heading, e.g. the scene name.
  public var title: String
  /// One line under the heading, e.g. the prompt.
  public var subtitle: String
  /// Relative path of the MP4, or nil when none was written (e.g. ffmpeg missing).
  public var videoFile: String?
  /// Relative path of the WAV, or nil.
  public var audioFile: String?
  /// Relative path of the contact sheet PNG, or nil.
  public var contactSheetFile: String?
  /// Energy over time, in time order.
  public var energy: [EnergySample]
  /// Events, any order.
  public var events: [ReportEvent]
  /// Wall-clock time per pipeline stage (s), in pipeline order.
  public var timings: [(stage: String, seconds: Double)]
  /// Outcome checks, in scene order.
  public var outcomes: [ReportOutcome]
  /// Key/value facts (scene hash, seed, fps, …), shown in order.
  public var facts: [(key: String, value: String)]
  /// Duration of the clip (s); the timeline spans at least this long. 0: from the data.
  public var duration: Double

  public init(
    title: String, subtitle: String = "", videoFile: String? = nil, audioFile: String? = nil,
    contactSheetFile: String? = nil, energy: [EnergySample] = [], events: [ReportEvent] = [],
    timings: [(stage: String, seconds: Double)] = [], outcomes: [ReportOutcome] = [],
    facts: [(key: String, value: String)] = [], duration: Double = 0
  ) {
    self.title = title
    self.subtitle = subtitle
    self.videoFile = videoFile
    self.audioFile = audioFile
    self.contactSheetFile = contactSheetFile
    self.energy = energy
    self.events = events
    self.timings = timings
    self.outcomes = outcomes
    self.facts = facts
    self.duration = duration
  }
}

/// The clip's report: one self-contained HTML file (inline CSS and SVG, no scripts, no network
/// references) with the video, the audio, the contact sheet, the outcome checks, an energy
/// plot, an event timeline, stage timings and the run's facts.
///
/// ```swift
/// let html = ReportPage.html(ReportData(title: "Bowling", videoFile: "clip.mp4"))
/// try AtomicFile.write(html, to: out.appendingPathComponent("report.html"))
/// ```
public enum ReportPage {
  /// Plot width (CSS pixels); the SVGs scale down on narrow screens.
  static let plotWidth = 860

  /// The page for `data`. Deterministic: the same data gives the same bytes.
  /// - Complexity: O(energy samples + events · log events + rows).
  public static func html(_ data: ReportData) -> String {
    let e = SVGPlot.escape
    var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    h += "<title>\(e(data.title)) · Diorama report</title>\n<style>\n\(css)</style>\n"
    h += "</head>\n<body>\n<header>\n<h1>\(e(data.title))</h1>\n"
    if !data.subtitle.isEmpty { h += "<p class=\"subtitle\">\(e(data.subtitle))</p>\n" }
    h += outcomeSummary(data.outcomes)
    h += "</header>\n<main>\n"

    // Media.
    h += "<section class=\"media\">\n<h2>Clip</h2>\n"
    if let video = local(data.videoFile) {
      h += "<video controls preload=\"metadata\" src=\"\(e(video))\"></video>\n"
    } else {
      h +=
        "<p class=\"note\">No video in this report"
        + (data.videoFile == nil ? " (the MP4 was not written)" : " (not a local file)") + ".</p>\n"
    }
    if let audio = local(data.audioFile) {
      h +=
        "<p class=\"audio\"><span>Sound</span> <audio controls preload=\"metadata\" src=\""
        + "\(e(audio))\"></audio></p>\n"
    }
    h += "</section>\n"

    if let sheet = local(data.contactSheetFile) {
      h += "<section>\n<h2>Contact sheet</h2>\n"
      h += "<img class=\"sheet\" src=\"\(e(sheet))\" alt=\"contact sheet of the clip's frames\">\n"
      h += "</section>\n"
    }

    h += outcomesSection(data.outcomes)
    h += energySection(data.energy)

    h += "<section>\n<h2>Events</h2>\n"
    let kinds = Set(data.events.map(\.kind)).count
    h +=
      "<p class=\"note\">\(data.events.count) events in \(kinds) "
      + "\(kinds == 1 ? "kind" : "kinds"); dot area grows with magnitude.</p>\n"
    let marks = data.events.map {
      SVGPlot.Mark(time: $0.time, row: $0.kind, label: $0.label, magnitude: $0.magnitude)
    }
    h += SVGPlot.timeline(marks, duration: data.duration, width: plotWidth) + "\n"
    h += "</section>\n"

    h += "<section>\n<h2>Stage timings</h2>\n"
    let total = data.timings.reduce(0) { $0 + ($1.seconds.isFinite ? $1.seconds : 0) }
    h +=
      "<p class=\"note\">Wall-clock time per stage; total "
      + "\(e(SVGPlot.valueLabel(total))) s.</p>\n"
    h += SVGPlot.barChart(data.timings.map { ($0.stage, $0.seconds) }, width: plotWidth, unit: "s")
    h += "\n</section>\n"

    h += "<section>\n<h2>Facts</h2>\n<table class=\"facts\">\n"
    for fact in data.facts {
      h += "<tr><th>\(e(fact.key))</th><td>\(e(fact.value))</td></tr>\n"
    }
    if data.facts.isEmpty { h += "<tr><td>none recorded</td></tr>\n" }
    h += "</table>\n</section>\n"

    h +=
      "</main>\n<footer>Generated by Diorama. Every outcome on this page is what the "
      + "simulation did.</footer>\n</body>\n</html>\n"
    return h
  }

  /// `path` if it is a local reference (no scheme, not protocol-relative), else nil.
  static func local(_ path: String?) -> String? {
    guard let path, !path.isEmpty else { return nil }
    if path.contains("://") || path.hasPrefix("//") || path.lowercased().hasPrefix("javascript:")
      || path.lowercased().hasPrefix("data:")
    {
      return nil
    }
    return path
  }

  static func outcomeSummary(_ outcomes: [ReportOutcome]) -> String {
    guard !outcomes.isEmpty else { return "" }
    let asIntended = outcomes.filter { $0.passed == $0.expected }.count
    let cls = asIntended == outcomes.count ? "ok" : "bad"
    return "<p class=\"summary \(cls)\">\(asIntended) of \(outcomes.count) outcome checks "
      + "came out as intended.</p>\n"
  }

  static func outcomesSection(_ outcomes: [ReportOutcome]) -> String {
    let e = SVGPlot.escape
    var h = "<section>\n<h2>Outcomes</h2>\n"
    guard !outcomes.isEmpty else {
      return h + "<p class=\"note\">No outcome checks.</p>\n</section>\n"
    }
    h +=
      "<table class=\"outcomes\">\n<thead><tr><th>Check</th><th>Intended</th>"
      + "<th>Simulated</th><th>Verdict</th><th>Detail</th></tr></thead>\n<tbody>\n"
    for o in outcomes {
      let match = o.passed == o.expected
      h +=
        "<tr class=\"\(match ? "ok" : "bad")\"><td>\(e(o.name))</td>"
        + "<td>\(o.expected ? "pass" : "fail")</td>"
        + "<td class=\"\(o.passed ? "pass" : "fail")\">\(o.passed ? "pass" : "fail")</td>"
        + "<td>\(match ? "as intended" : "NOT as intended")</td><td>\(e(o.detail))</td></tr>\n"
    }
    h += "</tbody>\n</table>\n</section>\n"
    return h
  }

  static func energySection(_ energy: [EnergySample]) -> String {
    var h = "<section>\n<h2>Energy</h2>\n"
    guard let first = energy.first, let last = energy.last else {
      return h + "<p class=\"note\">No energy samples.</p>\n</section>\n"
    }
    let t = energy.map(\.time)
    let ke = energy.map(\.kinetic)
    let pe = energy.map(\.potential)
    let total = energy.map { $0.kinetic + $0.potential }
    let e0 = first.kinetic + first.potential
    let e1 = last.kinetic + last.potential
    let change = e1 - e0
    var note =
      "Total energy \(SVGPlot.valueLabel(e0)) J at start, "
      + "\(SVGPlot.valueLabel(e1)) J at end (change \(change >= 0 ? "+" : "")"
      + "\(SVGPlot.valueLabel(change)) J"
    if abs(e0) > 1e-12 {
      note += ", \(String(format: "%+.1f", 100 * change / abs(e0))) %"
    }
    note += ")."
    h += "<p class=\"note\">\(SVGPlot.escape(note))</p>\n"
    h += SVGPlot.lineChart(
      [
        SVGPlot.Series(name: "kinetic", color: "#d55e00", xs: t, ys: ke),
        SVGPlot.Series(name: "potential", color: "#0072b2", xs: t, ys: pe),
        SVGPlot.Series(name: "total", color: "#222222", xs: t, ys: total, dashed: true),
      ],
      width: plotWidth, height: 320, xLabel: "time (s)", yLabel: "energy (J)")
    h += "\n</section>\n"
    return h
  }

  static let css = """
    :root { color-scheme: light; }
    body { font: 15px/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", sans-serif;
      margin: 0; background: #fafafa; color: #1d1d1f; }
    header { padding: 24px 32px 12px; background: #fff; border-bottom: 1px solid #e2e2e6; }
    h1 { margin: 0 0 4px; font-size: 26px; }
    h2 { font-size: 17px; margin: 0 0 10px; }
    .subtitle { margin: 0; color: #555; }
    main { max-width: 920px; margin: 0 auto; padding: 8px 16px 32px; }
    section { background: #fff; border: 1px solid #e2e2e6; border-radius: 8px; padding: 16px 20px;
      margin: 16px 0; overflow-x: auto; }
    video, img.sheet { max-width: 100%; display: block; border-radius: 4px; background: #111; }
    .audio { display: flex; align-items: center; gap: 12px; }
    audio { width: 100%; max-width: 520px; }
    svg.plot { max-width: 100%; height: auto; display: block; }
    .note { color: #555; font-size: 14px; margin: 0 0 8px; }
    table { border-collapse: collapse; width: 100%; font-size: 14px; }
    th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid #ececf0;
      vertical-align: top; }
    table.facts th { width: 30%; color: #444; font-weight: 600; }
    td.pass { color: #0a7d32; font-weight: 600; }
    td.fail { color: #b3261e; font-weight: 600; }
    tr.bad { background: #fdecea; }
    .summary { margin: 8px 0 0; font-weight: 600; }
    .summary.ok { color: #0a7d32; }
    .summary.bad { color: #b3261e; }
    footer { text-align: center; color: #777; font-size: 13px; padding: 0 0 24px; }

    """
}
