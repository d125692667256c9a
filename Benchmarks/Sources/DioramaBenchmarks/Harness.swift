import Dispatch

/// Keeps `value` alive so the optimiser cannot drop the work that produced it. Not inlinable
/// and not optimised: the compiler must assume it reads its argument.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}

/// Monotonic wall-clock time (ns).
@inline(__always)
func nowNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Work done by one run of a benchmark, in some unit, for throughput columns.
struct Work {
  /// Units of work per run (e.g. 230_400 pixels).
  var amount: Double
  /// Unit of the throughput, per second (e.g. "px/s").
  var unit: String
}

/// One benchmark: a name, a description of what is timed, how much work a run does, and a
/// setup closure that runs outside the measurement and returns the timed body.
///
/// ```swift
/// Benchmark(name: "encode/png", what: "PNGCodec.encode, 640x360 RGB",
///           work: [Work(amount: 0.69, unit: "MB/s")]) {
///   let image = makeImage()
///   return { PNGCodec.encode(image) }
/// }
/// ```
struct Benchmark {
  /// Name matched by `--filter` (substring), e.g. "render/demo/t1".
  var name: String
  /// What one timed run does, for the table.
  var what: String
  /// Work per run; throughput is amount / median time.
  var work: [Work]
  /// Untimed runs before measuring (caches, page faults, lazy tables).
  var warmup = 1
  /// Timed runs.
  var repetitions = 5
  /// Builds the inputs (untimed) and returns the timed body; its result goes to `blackHole`.
  var setup: () throws -> () throws -> Any
}

/// A run result that carries timings of its own stages (e.g. `ClipManifest.timings`), shown as
/// extra rows under the benchmark.
protocol StageTimed {
  /// (stage name, what it does, seconds) in stage order.
  var stageSeconds: [(name: String, what: String, seconds: Double)] { get }
}

/// Times of the runs of one benchmark.
struct Measurement {
  var benchmark: Benchmark
  /// Seconds per timed run, in run order.
  var seconds: [Double]
  /// Extra rows measured inside the runs (e.g. stages of a clip), by name in first-seen
  /// order; each has one time per run (s).
  var parts: [(name: String, what: String, seconds: [Double])] = []

  var median: Double { Self.median(seconds) }
  var minimum: Double { seconds.min() ?? .nan }

  static func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    let n = s.count
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
  }
}

/// Runs a benchmark: setup, warm-up, then `repetitions` timed runs of the body alone.
func measure(_ b: Benchmark) throws -> Measurement {
  let body = try b.setup()
  for _ in 0..<b.warmup { blackHole(try body()) }
  var seconds: [Double] = []
  var parts: [(name: String, what: String, seconds: [Double])] = []
  seconds.reserveCapacity(b.repetitions)
  for _ in 0..<max(1, b.repetitions) {
    let t0 = nowNanoseconds()
    let result = try body()
    let t1 = nowNanoseconds()
    blackHole(result)
    seconds.append(Double(t1 - t0) * 1e-9)
    if let staged = result as? StageTimed {
      let stages = staged.stageSeconds
      let total = Double(t1 - t0) * 1e-9
      let rest = total - stages.reduce(0) { $0 + $1.seconds }
      for stage in stages + [("other", "everything else (setup, contact sheet, report)", rest)] {
        if let k = parts.firstIndex(where: { $0.name == stage.name }) {
          parts[k].seconds.append(stage.seconds)
        } else {
          parts.append((stage.name, stage.what, [stage.seconds]))
        }
      }
    }
  }
  return Measurement(benchmark: b, seconds: seconds, parts: parts)
}

// MARK: - Formatting

/// "12.3 ms", "4.56 s", "789 µs": three significant digits in a readable unit.
func formatSeconds(_ s: Double) -> String {
  guard s.isFinite else { return "–" }
  if s >= 1 { return significant(s) + " s" }
  if s >= 1e-3 { return significant(s * 1e3) + " ms" }
  if s >= 1e-6 { return significant(s * 1e6) + " µs" }
  return significant(s * 1e9) + " ns"
}

/// A rate with an SI prefix: "1.23 M px/s".
func formatRate(_ r: Double, unit: String) -> String {
  guard r.isFinite else { return "–" }
  let prefixes: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
  for (scale, p) in prefixes where r >= scale {
    return significant(r / scale) + " " + p + " " + unit
  }
  return significant(r) + " " + unit
}

/// Three significant digits, no exponent, for values ≥ 0.001.
func significant(_ x: Double) -> String {
  let a = abs(x)
  let decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
  return fixed(x, decimals: decimals)
}

/// `x` rounded to `decimals` places, without Foundation's `String(format:)`.
func fixed(_ x: Double, decimals: Int) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let r = (abs(x) * scale).rounded()
  let whole = Int(r / scale)
  let frac = Int(r - Double(whole) * scale)
  var s = (x < 0 && r > 0 ? "-" : "") + String(whole)
  if decimals > 0 {
    let digits = String(frac)
    s += "." + String(repeating: "0", count: decimals - digits.count) + digits
  }
  return s
}

/// One line of the results table.
struct Row {
  var name: String
  var what: String
  var median: String
  var minimum: String
  var throughput: String
  var runs: String
}

/// The rows of a measurement: the benchmark itself, then its parts.
func rows(_ m: Measurement) -> [Row] {
  let b = m.benchmark
  let rate = b.work.map { formatRate($0.amount / m.median, unit: $0.unit) }
  var out = [
    Row(
      name: b.name, what: b.what, median: formatSeconds(m.median),
      minimum: formatSeconds(m.minimum), throughput: rate.joined(separator: "; "),
      runs: String(m.seconds.count))
  ]
  for p in m.parts {
    let median = Measurement.median(p.seconds)
    out.append(
      Row(
        name: b.name + "/" + p.name, what: p.what, median: formatSeconds(median),
        minimum: formatSeconds(p.seconds.min() ?? .nan),
        throughput: fixed(100 * median / m.median, decimals: 1) + " % of total",
        runs: String(p.seconds.count)))
  }
  return out
}

let tableHeader = Row(
  name: "benchmark", what: "what is measured", median: "median", minimum: "min",
  throughput: "throughput (at median)", runs: "runs")

/// A GitHub-flavoured Markdown table.
func markdownTable(_ rows: [Row]) -> String {
  func line(_ r: Row) -> String {
    "| \(r.name) | \(r.what) | \(r.median) | \(r.minimum) | \(r.throughput) | \(r.runs) |"
  }
  var s = line(tableHeader) + "\n| --- | --- | ---: | ---: | --- | ---: |\n"
  for r in rows { s += line(r) + "\n" }
  return s
}

/// A plain-text table with padded columns.
func textTable(_ rows: [Row]) -> String {
  let all = [tableHeader] + rows
  func cells(_ r: Row) -> [String] {
    [r.name, r.what, r.median, r.minimum, r.throughput, r.runs]
  }
  var widths = [Int](repeating: 0, count: 6)
  for r in all {
    for (k, c) in cells(r).enumerated() { widths[k] = max(widths[k], c.count) }
  }
  func pad(_ c: String, _ w: Int, right: Bool) -> String {
    let fill = String(repeating: " ", count: max(0, w - c.count))
    return right ? fill + c : c + fill
  }
  var s = ""
  for (i, r) in all.enumerated() {
    let c = cells(r)
    var line = ""
    for k in 0..<6 {
      line += pad(c[k], widths[k], right: k == 2 || k == 3 || k == 5) + (k < 5 ? "  " : "")
    }
    s += line + "\n"
    if i == 0 { s += String(repeating: "-", count: line.count) + "\n" }
  }
  return s
}
