import Foundation

/// Small, dependency-free SVG charts for the report page: a line chart, an event timeline and
/// a horizontal bar chart. Output is inline SVG (no `xmlns` needed inside HTML, no scripts, no
/// external references); every piece of text is escaped. Numbers are printed with fixed,
/// locale-independent formats, so the same data always gives the same bytes.
///
/// ```swift
/// let svg = SVGPlot.lineChart(
///   [SVGPlot.Series(name: "kinetic", color: "#d1495b", xs: t, ys: ke)],
///   width: 720, height: 300, xLabel: "time (s)", yLabel: "energy (J)")
/// ```
public enum SVGPlot {
  /// One line of a line chart.
  public struct Series: Sendable {
    /// Legend text.
    public var name: String
    /// CSS colour, e.g. `#d1495b`.
    public var color: String
    /// Abscissae (data units), same length as `ys`.
    public var xs: [Double]
    /// Ordinates (data units).
    public var ys: [Double]
    /// Draw dashed (for derived series such as a total).
    public var dashed: Bool

    public init(name: String, color: String, xs: [Double], ys: [Double], dashed: Bool = false) {
      self.name = name
      self.color = color
      self.xs = xs
      self.ys = ys
      self.dashed = dashed
    }
  }

  /// One dot on a timeline.
  public struct Mark: Sendable {
    /// Time (s).
    public var time: Double
    /// Row the dot sits in (e.g. the event kind).
    public var row: String
    /// Tooltip text.
    public var label: String
    /// Size driver (≥ 0, any unit); dot area grows linearly with it.
    public var magnitude: Double

    public init(time: Double, row: String, label: String, magnitude: Double) {
      self.time = time
      self.row = row
      self.label = label
      self.magnitude = magnitude
    }
  }

  /// Colours for rows and series, in order (colour-blind-friendly, after Okabe & Ito).
  public static let palette = [
    "#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c6d31", "#555555",
  ]

  static let font = "font-family=\"ui-sans-serif,system-ui,sans-serif\" font-size=\"12\""

  // MARK: - Line chart

  /// A line chart with axes, ticks, grid, axis labels and a legend above the plot.
  ///
  /// Non-finite points are skipped. Series with more points than 4 per horizontal pixel are
  /// reduced to the minimum and maximum of each pixel column, which keeps every peak visible.
  /// - Complexity: O(total points).
  public static func lineChart(
    _ series: [Series], width: Int, height: Int, xLabel: String, yLabel: String
  ) -> String {
    let left = 70.0
    let right = 16.0
    let top = 30.0
    let bottom = 44.0
    let pw = max(10, Double(width) - left - right)
    let ph = max(10, Double(height) - top - bottom)

    var xLo = Double.infinity
    var xHi = -Double.infinity
    var yLo = Double.infinity
    var yHi = -Double.infinity
    for s in series {
      for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite {
        xLo = min(xLo, x)
        xHi = max(xHi, x)
        yLo = min(yLo, y)
        yHi = max(yHi, y)
      }
    }
    if !xLo.isFinite {
      xLo = 0
      xHi = 1
      yLo = 0
      yHi = 1
    }
    let xAxis = niceAxis(xLo, xHi, maxTicks: max(2, Int(pw / 80)), tight: true)
    let yAxis = niceAxis(yLo, yHi, maxTicks: max(2, Int(ph / 40)), tight: false)
    func px(_ x: Double) -> Double { left + (x - xAxis.lo) / (xAxis.hi - xAxis.lo) * pw }
    func py(_ y: Double) -> Double { top + ph - (y - yAxis.lo) / (yAxis.hi - yAxis.lo) * ph }

    var svg = openSVG(width: width, height: height, label: "\(yLabel) against \(xLabel)")
    svg += axes(
      left: left, top: top, pw: pw, ph: ph, xAxis: xAxis, yAxis: yAxis, px: px, py: py,
      xLabel: xLabel, yLabel: yLabel, height: height)

    // Legend, left to right above the plot.
    var lx = left
    for s in series {
      let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
      svg +=
        "<line x1=\"\(f(lx))\" y1=\"14\" x2=\"\(f(lx + 22))\" y2=\"14\" stroke=\""
        + "\(escape(s.color))\" stroke-width=\"2.5\"\(dash)/>"
      svg += "<text x=\"\(f(lx + 28))\" y=\"18\" \(font)>\(escape(s.name))</text>"
      lx += 40 + Double(s.name.count) * 7
    }

    for s in series {
      let points = decimate(xs: s.xs, ys: s.ys, lo: xAxis.lo, hi: xAxis.hi, buckets: Int(pw))
      guard !points.isEmpty else { continue }
      let list = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
      let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
      svg +=
        "<polyline fill=\"none\" stroke=\"\(escape(s.color))\" stroke-width=\"2\""
        + " stroke-linejoin=\"round\"\(dash) points=\"\(list)\"><title>\(escape(s.name))"
        + "</title></polyline>"
    }
    svg += "</svg>"
    return svg
  }

  /// Finite points in order; above 4 points per bucket, each bucket keeps its min and max.
  static func decimate(
    xs: [Double], ys: [Double], lo: Double, hi: Double, buckets: Int
  ) -> [(Double, Double)] {
    let pts = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
    guard pts.count > 4 * max(1, buckets), hi > lo else { return pts }
    var out = [(Double, Double)]()
    var current = -1
    var minP = (0.0, 0.0)
    var maxP = (0.0, 0.0)
    var minIndex = 0
    var maxIndex = 0
    func flush() {
      guard current >= 0 else { return }
      if minIndex <= maxIndex {
        out.append(minP)
        if maxIndex != minIndex { out.append(maxP) }
      } else {
        out.append(maxP)
        out.append(minP)
      }
    }
    for (k, p) in pts.enumerated() {
      let b = min(buckets - 1, max(0, Int((p.0 - lo) / (hi - lo) * Double(buckets))))
      if b != current {
        flush()
        current = b
        minP = p
        maxP = p
        minIndex = k
        maxIndex = k
      } else {
        if p.1 < minP.1 {
          minP = p
          minIndex = k
        }
        if p.1 > maxP.1 {
          maxP = p
          maxIndex = k
        }
      }
    }
    flush()
    return out
  }

  // MARK: - Timeline

  /// Dots on a time axis, one row per distinct `row` (rows sorted by name), dot area
  /// proportional to magnitude (radius 2.5 px ... 9 px), a tooltip per dot.
  /// - Parameter duration: the axis spans 0 ... max(duration, last mark time) seconds.
  /// - Complexity: O(marks · log marks).
  public static func timeline(
    _ marks: [Mark], duration: Double, width: Int, xLabel: String = "time (s)"
  ) -> String {
    let rows = Array(Set(marks.map(\.row))).sorted()
    let rowHeight = 30.0
    let left = 120.0
    let right = 16.0
    let top = 10.0
    let bottom = 44.0
    let pw = max(10, Double(width) - left - right)
    let ph = rowHeight * Double(max(1, rows.count))
    let height = Int(top + ph + bottom)
    let end = max(duration.isFinite ? duration : 0, marks.map(\.time).filter(\.isFinite).max() ?? 0)
    let xAxis = niceAxis(0, end > 0 ? end : 1, maxTicks: max(2, Int(pw / 80)), tight: true)
    func px(_ t: Double) -> Double { left + (t - xAxis.lo) / (xAxis.hi - xAxis.lo) * pw }

    var svg = openSVG(width: width, height: height, label: "event timeline")
    // Row bands and labels.
    for (i, row) in rows.enumerated() {
      let y = top + Double(i) * rowHeight
      if i % 2 == 0 {
        svg +=
          "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(pw))\" height=\"\(f(rowHeight))\""
          + " fill=\"#f3f3f6\"/>"
      }
      svg +=
        "<text x=\"\(f(left - 8))\" y=\"\(f(y + rowHeight / 2 + 4))\" text-anchor=\"end\" "
        + "\(font)>\(escape(row))</text>"
    }
    if rows.isEmpty {
      svg +=
        "<text x=\"\(f(left + pw / 2))\" y=\"\(f(top + ph / 2 + 4))\" text-anchor=\"middle\""
        + " fill=\"#777\" \(font)>no events</text>"
    }
    // Time axis.
    let axisY = top + ph
    svg +=
      "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(left + pw))\" y2=\"\(f(axisY))\""
      + " stroke=\"#333\"/>"
    for t in xAxis.ticks {
      let x = px(t)
      svg +=
        "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(axisY))\""
        + " stroke=\"#ddd\"/>"
      svg +=
        "<line x1=\"\(f(x))\" y1=\"\(f(axisY))\" x2=\"\(f(x))\" y2=\"\(f(axisY + 5))\""
        + " stroke=\"#333\"/>"
      svg +=
        "<text x=\"\(f(x))\" y=\"\(f(axisY + 18))\" text-anchor=\"middle\" \(font)>"
        + "\(tickLabel(t, step: xAxis.step))</text>"
    }
    svg +=
      "<text x=\"\(f(left + pw / 2))\" y=\"\(height - 6)\" text-anchor=\"middle\" \(font)>"
      + "\(escape(xLabel))</text>"
    // Dots, in input order.
    let maxMagnitude = marks.map { $0.magnitude.isFinite ? max(0, $0.magnitude) : 0 }.max() ?? 0
    for m in marks where m.time.isFinite {
      guard let row = rows.firstIndex(of: m.row) else { continue }
      let mag = m.magnitude.isFinite ? max(0, m.magnitude) : 0
      let r = 2.5 + 6.5 * (maxMagnitude > 0 ? (mag / maxMagnitude).squareRoot() : 0)
      let cy = top + (Double(row) + 0.5) * rowHeight
      let color = palette[row % palette.count]
      svg +=
        "<circle cx=\"\(f(px(m.time)))\" cy=\"\(f(cy))\" r=\"\(f(r))\" fill=\"\(color)\""
        + " fill-opacity=\"0.7\" stroke=\"\(color)\"><title>\(escape(m.label)) at "
        + "\(String(format: "%.3f", m.time)) s, magnitude \(String(format: "%.3g", mag))"
        + "</title></circle>"
    }
    svg += "</svg>"
    return svg
  }

  // MARK: - Bar chart

  /// Horizontal bars, one row per entry in order, each labelled on the left and with its
  /// value and `unit` on the right. Negative or non-finite values draw as empty bars.
  public static func barChart(
    _ bars: [(label: String, value: Double)], width: Int, unit: String
  ) -> String {
    let rowHeight = 24.0
    let left = 150.0
    let right = 90.0
    let top = 6.0
    let pw = max(10, Double(width) - left - right)
    let height = Int(top * 2 + rowHeight * Double(max(1, bars.count)))
    let maxValue = bars.map { $0.value.isFinite ? max(0, $0.value) : 0 }.max() ?? 0
    var svg = openSVG(width: width, height: height, label: "bar chart (\(unit))")
    for (i, bar) in bars.enumerated() {
      let y = top + Double(i) * rowHeight
      let v = bar.value.isFinite ? max(0, bar.value) : 0
      let w = maxValue > 0 ? v / maxValue * pw : 0
      svg +=
        "<text x=\"\(f(left - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\" \(font)>"
        + "\(escape(bar.label))</text>"
      svg +=
        "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(max(w, 1)))\" height=\""
        + "\(f(rowHeight - 8))\" fill=\"\(palette[1])\" rx=\"2\"><title>\(escape(bar.label))"
        + "</title></rect>"
      svg +=
        "<text x=\"\(f(left + w + 6))\" y=\"\(f(y + 16))\" \(font)>"
        + "\(escape(valueLabel(bar.value))) \(escape(unit))</text>"
    }
    if bars.isEmpty {
      svg += "<text x=\"\(f(left))\" y=\"\(f(top + 16))\" fill=\"#777\" \(font)>no data</text>"
    }
    svg += "</svg>"
    return svg
  }

  // MARK: - Axes and ticks

  /// An axis range with round tick positions.
  public struct Axis: Sendable, Equatable {
    /// Range shown (data units).
    public var lo: Double
    public var hi: Double
    /// Tick spacing (data units): 1, 2 or 5 times a power of ten.
    public var step: Double
    /// Tick positions inside [lo, hi], ascending.
    public var ticks: [Double]
  }

  /// A "nice" axis covering [lo, hi] with at most about `maxTicks` ticks spaced 1, 2 or 5 ×
  /// 10^k. `tight` keeps the data range as the axis range; otherwise it widens to whole steps.
  /// A degenerate range (lo == hi) is widened around its value.
  public static func niceAxis(_ lo: Double, _ hi: Double, maxTicks: Int, tight: Bool) -> Axis {
    var a = min(lo, hi)
    var b = max(lo, hi)
    if !(b - a > 1e-12 * max(abs(a), abs(b), 1e-300)) {
      let pad = a == 0 ? 1 : abs(a) * 0.1
      a -= pad
      b += pad
    }
    let step = niceStep((b - a) / Double(max(1, maxTicks - 1)))
    if !tight {
      a = (a / step).rounded(.down) * step
      b = (b / step).rounded(.up) * step
    }
    var ticks = [Double]()
    var k = (a / step - 1e-9).rounded(.up)
    while k * step <= b + step * 1e-9 {
      // Snap near-zero ticks so that 0 prints as 0, not -0 or 1e-17.
      let t = abs(k) < 0.5 ? 0 : k * step
      ticks.append(t)
      k += 1
    }
    return Axis(lo: a, hi: b, step: step, ticks: ticks)
  }

  /// The smallest of 1, 2, 5 × 10^k that is ≥ `rough`.
  static func niceStep(_ rough: Double) -> Double {
    guard rough > 0, rough.isFinite else { return 1 }
    let p = pow(10, (log10(rough)).rounded(.down))
    for m in [1.0, 2.0, 5.0, 10.0] where m * p >= rough * (1 - 1e-9) { return m * p }
    return 10 * p
  }

  /// A tick value printed with as many decimals as `step` needs; very large or small values in
  /// exponent form.
  public static func tickLabel(_ v: Double, step: Double) -> String {
    let mag = max(abs(v), step)
    if mag >= 1e6 || mag < 1e-3 { return String(format: "%.2e", v) }
    let decimals = max(0, Int((-log10(step)).rounded(.up) + 1e-9))
    return String(format: "%.\(min(decimals, 6))f", v == 0 ? 0 : v)
  }

  /// A measured value with three significant figures (e.g. `0.0123`, `4.56`, `1230`).
  public static func valueLabel(_ v: Double) -> String {
    guard v.isFinite else { return String(describing: v) }
    if v == 0 { return "0" }
    if abs(v) >= 1e6 || abs(v) < 1e-3 { return String(format: "%.2e", v) }
    let decimals = max(0, 2 - Int(log10(abs(v)).rounded(.down)))
    return String(format: "%.\(decimals)f", v)
  }

  /// Text safe inside HTML or SVG, in content and in quoted attributes.
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  // MARK: - Pieces

  /// Fixed-point coordinate text with 1 decimal.
  static func f(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? v : 0) }

  static func openSVG(width: Int, height: Int, label: String) -> String {
    "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
      + "role=\"img\" aria-label=\"\(escape(label))\" class=\"plot\">"
  }

  static func axes(
    left: Double, top: Double, pw: Double, ph: Double, xAxis: Axis, yAxis: Axis,
    px: (Double) -> Double, py: (Double) -> Double, xLabel: String, yLabel: String, height: Int
  ) -> String {
    var svg = ""
    let bottomY = top + ph
    for t in yAxis.ticks {
      let y = py(t)
      let stroke = t == 0 ? "#999" : "#e4e4e4"
      svg +=
        "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + pw))\" y2=\"\(f(y))\""
        + " stroke=\"\(stroke)\"/>"
      svg +=
        "<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\""
        + " stroke=\"#333\"/>"
      svg +=
        "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\" \(font)>"
        + "\(tickLabel(t, step: yAxis.step))</text>"
    }
    for t in xAxis.ticks {
      let x = px(t)
      svg +=
        "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottomY))\""
        + " stroke=\"#eeeeee\"/>"
      svg +=
        "<line x1=\"\(f(x))\" y1=\"\(f(bottomY))\" x2=\"\(f(x))\" y2=\"\(f(bottomY + 5))\""
        + " stroke=\"#333\"/>"
      svg +=
        "<text x=\"\(f(x))\" y=\"\(f(bottomY + 18))\" text-anchor=\"middle\" \(font)>"
        + "\(tickLabel(t, step: xAxis.step))</text>"
    }
    svg +=
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\""
      + " fill=\"none\" stroke=\"#333\"/>"
    svg +=
      "<text x=\"\(f(left + pw / 2))\" y=\"\(height - 6)\" text-anchor=\"middle\" \(font)>"
      + "\(escape(xLabel))</text>"
    let cy = top + ph / 2
    svg +=
      "<text x=\"14\" y=\"\(f(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 14 "
      + "\(f(cy)))\" \(font)>\(escape(yLabel))</text>"
    return svg
  }
}
