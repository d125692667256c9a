import DioramaCore
import DioramaRender
import Foundation
import Testing

@testable import DioramaClip

private func scratchDirectory(_ name: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "diorama-gt-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.removeItem(at: dir)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

private func readLE32(_ b: [UInt8], _ i: Int) -> UInt32 {
  UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}

/// A PFM reader written from the format's definition: three ASCII lines (type, "w h", scale;
/// a negative scale means little-endian), then float32 rows from the bottom of the image up.
/// Returns the values top row first.
private func readPFM(_ bytes: [UInt8]) throws -> (width: Int, height: Int, values: [Float]) {
  var lines: [String] = []
  var i = 0
  while lines.count < 3 {
    let start = i
    while bytes[i] != 0x0A { i += 1 }
    lines.append(String(decoding: bytes[start..<i], as: UTF8.self))
    i += 1
  }
  #expect(lines[0] == "Pf")
  let dims = lines[1].split(separator: " ").compactMap { Int($0) }
  let scale = try #require(Double(lines[2]))
  #expect(scale < 0, "little-endian")
  let (w, h) = (dims[0], dims[1])
  #expect(bytes.count == i + 4 * w * h)
  var values = [Float](repeating: 0, count: w * h)
  for row in 0..<h {
    for x in 0..<w {
      let y = h - 1 - row
      values[y * w + x] = Float(bitPattern: readLE32(bytes, i + 4 * (row * w + x)))
    }
  }
  return (w, h, values)
}

/// AOVs of a small scene with every kind of pixel: a sphere, a box, the ground plane, sky.
private func sampleAOVs(flow: Bool) -> AOVs {
  let cam = Camera(position: Vec3(0, -6, 1.5), target: Vec3(0, 0, 0.5), width: 37, height: 23)
  let objects = [
    RenderObject(id: 0, shape: .plane),
    RenderObject(
      id: 12, shape: .sphere(radius: 0.6), transform: Transform(position: Vec3(-1, 0, 0.6))),
    RenderObject(
      id: 70_000, shape: .box(halfExtents: Vec3(0.4, 0.4, 0.4)),
      transform: Transform(position: Vec3(1, 0, 0.4))),
  ]
  let scene = RenderScene(camera: cam, objects: objects, lights: [])
  let next = objects.map { o in
    Transform(position: o.transform.position + Vec3(0.05, 0, 0), rotation: o.transform.rotation)
  }
  return Renderer().renderAOVs(scene, nextTransforms: flow ? next : nil)
}

@Suite("Ground-truth writers")
struct GroundTruthTests {
  @Test func depthPFMDecodesBackExactlyWithBottomRowFirst() throws {
    let aovs = sampleAOVs(flow: false)
    let bytes = GroundTruth.depthPFM(aovs)
    let pfm = try readPFM(bytes)
    #expect(pfm.width == 37 && pfm.height == 23)
    #expect(pfm.values.map(\.bitPattern) == aovs.depth.map(\.bitPattern))
    #expect(aovs.depth.contains(.infinity))
    // The first stored value is the bottom-left pixel.
    let first = Float(bitPattern: readLE32(bytes, bytes.count - 4 * 37 * 23))
    #expect(first == aovs.depth[22 * 37])
  }

  @Test func instanceBinaryDecodesBackExactly() throws {
    let aovs = sampleAOVs(flow: false)
    let b = GroundTruth.instanceBinary(aovs)
    #expect(Array(b[0..<4]) == Array("DINS".utf8))
    #expect(readLE32(b, 4) == 1)
    #expect(readLE32(b, 8) == 37 && readLE32(b, 12) == 23)
    #expect(b.count == 16 + 4 * 37 * 23)
    let ids = (0..<(37 * 23)).map { Int32(bitPattern: readLE32(b, 16 + 4 * $0)) }
    #expect(ids == aovs.instance)
    // Ids beyond 16 bits and the sky value survive.
    #expect(ids.contains(70_000) && ids.contains(12) && ids.contains(0))
    #expect(ids.contains(Int32.min))
  }

  /// 8-bit quantisation: a decoded component is within 1/255 of the Float normal (half a step
  /// of rounding, 1/510, plus nothing else).
  @Test func normalPNGEncodesHalfNPlusHalf() throws {
    let aovs = sampleAOVs(flow: false)
    let png = try PNGCodec.decode(PNGCodec.encode(GroundTruth.normalImage(aovs)))
    #expect(png.width == 37 && png.height == 23)
    for i in 0..<aovs.normal.count {
      let decoded = 2 * Double(png.bytes[i]) / 255 - 1
      #expect(abs(decoded - Double(aovs.normal[i])) <= 1.0 / 255, "component \(i)")
    }
    let sky = try #require(aovs.instance.firstIndex(of: AOVs.skyInstance))
    #expect(Array(png.bytes[(3 * sky)..<(3 * sky + 3)]) == [128, 128, 128])
  }

  @Test func flowFLODecodesBackExactly() throws {
    let aovs = sampleAOVs(flow: true)
    let flow = try #require(aovs.flow)
    let b = try #require(GroundTruth.flowFLO(aovs))
    #expect(Float(bitPattern: readLE32(b, 0)) == 202_021.25)
    #expect(Array(b[0..<4]) == Array("PIEH".utf8))
    #expect(readLE32(b, 4) == 37 && readLE32(b, 8) == 23)
    let values = (0..<flow.count).map { Float(bitPattern: readLE32(b, 12 + 4 * $0)) }
    #expect(values == flow)
    #expect(GroundTruth.flowFLO(sampleAOVs(flow: false)) == nil)
  }

  @Test func boxesLineListsEveryIDInOrder() throws {
    let aovs = sampleAOVs(flow: false)
    let line = GroundTruth.boxesLine(aovs, frame: 3, time: 0.1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(object["frame"] as? Int == 3)
    #expect(object["time"] as? Double == 0.1)
    let boxes = try #require(object["boxes"] as? [[String: Any]])
    #expect(boxes.compactMap { $0["id"] as? Int } == [0, 12, 70_000])
    // The plane has a visible box but no projected one.
    #expect(boxes[0]["projected"] is NSNull)
    let v = try #require(aovs.visibleBoxes.first { $0.id == 12 })
    #expect(
      boxes[1]["visible"] as? [Int] == [Int(v.minX), Int(v.minY), Int(v.maxX), Int(v.maxY)])
  }

  @Test func writeProducesEveryFileAndOneBoxesLinePerFrame() throws {
    let dir = try scratchDirectory("write")
    defer { try? FileManager.default.removeItem(at: dir) }
    let aovs = sampleAOVs(flow: true)
    // A stale boxes.jsonl from an earlier run is replaced at frame 0.
    let gt = dir.appendingPathComponent("gt")
    try FileManager.default.createDirectory(at: gt, withIntermediateDirectories: true)
    try AtomicFile.write("stale\n", to: gt.appendingPathComponent("boxes.jsonl"))
    for frame in 0..<3 {
      try GroundTruth.write(aovs, frame: frame, time: Double(frame) / 30, to: dir)
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: gt.path).sorted()
    #expect(
      names == [
        "boxes.jsonl",
        "depth_00000.pfm", "depth_00001.pfm", "depth_00002.pfm",
        "flow_00000.flo", "flow_00001.flo", "flow_00002.flo",
        "instance_00000.bin", "instance_00001.bin", "instance_00002.bin",
        "normal_00000.png", "normal_00001.png", "normal_00002.png",
      ])
    let text = try String(contentsOf: gt.appendingPathComponent("boxes.jsonl"), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[2] == GroundTruth.boxesLine(aovs, frame: 2, time: 2.0 / 30))
    let pfm = try readPFM(
      [UInt8](try Data(contentsOf: gt.appendingPathComponent("depth_00001.pfm"))))
    #expect(pfm.values.map(\.bitPattern) == aovs.depth.map(\.bitPattern))
  }

  @Test func manifestEntryEncodesAsJSON() throws {
    let data = try JSONEncoder().encode(GroundTruth.manifestEntry)
    let back = try JSONDecoder().decode(GroundTruthManifest.self, from: data)
    #expect(back == GroundTruth.manifestEntry)
    #expect(back.files.map(\.pattern).contains("gt/depth_%05d.pfm"))
  }
}
