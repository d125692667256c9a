import Foundation
import Testing

@testable import DioramaClip

/// A report with every section filled: a ball dropped from 1 m bouncing with restitution 0.7.
private func sampleReportData(title: String = "Drop test") -> ReportData {
  let g = 9.81
  let m = 0.5
  var energy = [EnergySample]()
  var events = [ReportEvent]()
  var h = 1.0
  var t0 = 0.0
  var v0 = 0.0  // upward speed after the last bounce (m/s)
  for i in 0..<300 {
    let t = Double(i) / 100
    var tau = t - t0
    var z = h == 1 && v0 == 0 ? 1 - 0.5 * g * tau * tau : v0 * tau - 0.5 * g * tau * tau
    if z < 0 {
      let speed = (v0 == 0 ? (2 * g).squareRoot() : v0)
      events.append(
        ReportEvent(time: t, kind: "impact", label: "ball hits floor", magnitude: m * speed * 1.7))
      v0 = speed * 0.7
      t0 = t
      h = 0
      tau = 0
      z = 0
    }
    let v = h == 1 ? -g * tau : v0 - g * tau
    energy.append(EnergySample(time: t, kinetic: 0.5 * m * v * v, potential: m * g * max(0, z)))
  }
  events.append(ReportEvent(time: 2.5, kind: "roll", label: "ball rolls", magnitude: 0.1))
  return ReportData(
    title: title, subtitle: "a 0.5 kg ball falls 1 m onto concrete",
    videoFile: "clip.mp4", audioFile: "audio.wav", contactSheetFile: "contact.png",
    energy: energy, events: events,
    timings: [("simulate", 0.42), ("render", 12.5), ("audio", 0.8), ("encode", 2.1)],
    outcomes: [
      ReportOutcome(name: "ball bounces", passed: true, expected: true, detail: "3 bounces"),
      ReportOutcome(name: "ball leaves table", passed: false, expected: true, detail: "stayed"),
    ],
    facts: [("scene hash", "9f2c01ab"), ("seed", "42"), ("fps", "30")],
    duration: 3)
}

@Suite struct ReportPageTests {
  @Test func containsEverySection() {
    let html = ReportPage.html(sampleReportData())
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.components(separatedBy: "<svg").count - 1 == 3)
    #expect(html.components(separatedBy: "</svg>").count - 1 == 3)
    #expect(html.components(separatedBy: "<polyline").count - 1 == 3)  // kinetic, potential, total
    #expect(html.contains("<circle"))
    #expect(html.contains("<video controls preload=\"metadata\" src=\"clip.mp4\">"))
    #expect(html.contains("src=\"audio.wav\""))
    #expect(html.contains("<img class=\"sheet\" src=\"contact.png\""))
    #expect(html.contains("energy (J)") && html.contains("time (s)"))
    #expect(html.contains(">kinetic<") && html.contains(">potential<") && html.contains(">total<"))
    #expect(html.contains("<td>scene hash</td>") == false && html.contains("<th>scene hash</th>"))
    #expect(html.contains("NOT as intended") && html.contains("1 of 2 outcome checks"))
    #expect(html.contains(">render</text>"))
  }

  @Test func escapesUserText() {
    let html = ReportPage.html(
      sampleReportData(title: "<script>alert(\"x\")</script> & 'more'"))
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;"))
  }

  @Test func hasNoNetworkReferences() {
    var data = sampleReportData()
    let html = ReportPage.html(data)
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(!html.contains("<script") && !html.contains("<link"))
    // A remote file name is not embedded.
    data.videoFile = "https://example.com/clip.mp4"
    let remote = ReportPage.html(data)
    #expect(!remote.contains("example.com") && remote.contains("not a local file"))
  }

  @Test func isDeterministicAndHandlesEmptyData() {
    #expect(ReportPage.html(sampleReportData()) == ReportPage.html(sampleReportData()))
    let empty = ReportPage.html(ReportData(title: "Empty"))
    #expect(empty.contains("No energy samples") && empty.contains("no events"))
    #expect(!empty.contains("nan") && !empty.contains("inf"))
  }

  @Test func niceAxesUseRoundSteps() {
    let a = SVGPlot.niceAxis(0, 2.97, maxTicks: 7, tight: true)
    #expect(a.step == 0.5)
    #expect(a.ticks == [0, 0.5, 1, 1.5, 2, 2.5])
    let b = SVGPlot.niceAxis(-3.2, 47, maxTicks: 7, tight: false)
    #expect(b.step == 10 && b.lo == -10 && b.hi == 50)
    #expect(b.ticks == [-10, 0, 10, 20, 30, 40, 50])
    let flat = SVGPlot.niceAxis(5, 5, maxTicks: 5, tight: false)
    #expect(flat.lo < 5 && flat.hi > 5)
    #expect(SVGPlot.tickLabel(0.5, step: 0.5) == "0.5")
    #expect(SVGPlot.tickLabel(20, step: 10) == "20")
    #expect(SVGPlot.valueLabel(12.5) == "12.5" && SVGPlot.valueLabel(0.0421) == "0.0421")
  }

  @Test func decimationKeepsPeaks() {
    let xs = (0..<10_000).map { Double($0) / 10_000 }
    var ys = [Double](repeating: 0, count: 10_000)
    ys[5_000] = 9
    let points = SVGPlot.decimate(xs: xs, ys: ys, lo: 0, hi: 1, buckets: 100)
    #expect(points.count <= 200)
    #expect(points.contains { $0.1 == 9 })
  }
}
