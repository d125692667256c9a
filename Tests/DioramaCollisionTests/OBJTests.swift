import DioramaCore
import Foundation
import Testing
import _TestSupport

@testable import DioramaCollision

// Wavefront OBJ loading. Coordinates are read exactly (decimal literals parse to the same
// doubles as Swift's), so geometry compares exactly.

/// A unit cube as an OBJ file: quads, counter-clockwise seen from outside, with comments,
/// texture coordinates and normals that the loader skips.
private let cubeOBJ = """
  # unit cube
  o Cube
  v -0.5 -0.5 -0.5
  v  0.5 -0.5 -0.5
  v  0.5  0.5 -0.5
  v -0.5  0.5 -0.5
  v -0.5 -0.5  0.5
  v  0.5 -0.5  0.5
  v  0.5  0.5  0.5
  v -0.5  0.5  0.5
  vt 0 0
  vn 0 0 1
  s off

  f 1 4 3 2
  f 5 6 7 8   # top
  f 1/1 2/1 6/1 5/1
  f 2//1 3//1 7//1 6//1
  f 3/1/1 4/1/1 8/1/1 7/1/1
  f 4 1 5 8
  """

@Test func cubeParsesToTwelveOutwardTriangles() throws {
  let mesh = try TriangleMesh(obj: cubeOBJ, fileName: "cube.obj")
  #expect(mesh.vertices.count == 8)
  #expect(mesh.triangles.count == 12)
  #expect(mesh.localBounds == AABB(min: Vec3(repeating: -0.5), max: Vec3(repeating: 0.5)))
  // Fan of the first quad (1 4 3 2): (1, 4, 3), (1, 3, 2), zero-based.
  #expect(mesh.triangles[0] == SIMD3(0, 3, 2))
  #expect(mesh.triangles[1] == SIMD3(0, 2, 1))
  for (i, t) in mesh.triangles.enumerated() {
    let centre =
      (mesh.vertices[Int(t.x)] + mesh.vertices[Int(t.y)] + mesh.vertices[Int(t.z)]) / 3
    #expect(mesh.triangleNormals[i].dot(centre) > 0, "triangle \(i) faces outwards")
  }
  // A closed box: the face diagonals are coplanar (inactive), the cube's edges are convex.
  var active = 0
  for flags in mesh.activeEdges { active += flags.nonzeroBitCount }
  #expect(active == 24, "12 cube edges, each active in its two triangles")
}

@Test func negativeIndicesCountBackFromTheLatestVertex() throws {
  let text = """
    v 0 0 0
    v 1 0 0
    v 0 1 0
    f -3 -2 -1
    v 1 1 0\r
    f -3/1/1 -1 -2\r
    """
  let mesh = try TriangleMesh(obj: text, fileName: "neg.obj", scale: 2)
  #expect(mesh.triangles == [SIMD3(0, 1, 2), SIMD3(1, 3, 2)])
  #expect(mesh.vertices[3] == Vec3(2, 2, 0), "scale applies to every coordinate")
}

@Test(arguments: [
  ("v 0 0 0\nv 1 abc 0\n", "bad.obj:2: expected a number for the y coordinate, found \"abc\""),
  ("v 0 0 0\nv 1 0\n", "bad.obj:2: expected 3 coordinates after 'v', found 2"),
  ("v 0 0 nan\n", "bad.obj:1: expected a number for the z coordinate, found \"nan\""),
  (
    "v 0 0 0\nv 1 0 0\nv 0 1 0\n\nf 1 2 4\n",
    "bad.obj:5: vertex index 4 is out of range: 3 vertices are defined before this line"
  ),
  (
    "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4\n",
    "bad.obj:4: vertex index -4 is out of range: 3 vertices are defined before this line"
  ),
  (
    "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n",
    "bad.obj:4: vertex index 0 is not allowed: indices start at 1, or count back from −1"
  ),
  ("v 0 0 0\nf 1 x/2 1\n", "bad.obj:2: expected a vertex index (an integer), found \"x/2\""),
  ("v 0 0 0\nf 1 1\n", "bad.obj:2: expected at least 3 vertices after 'f', found 2"),
  (
    "# only vertices\nv 0 0 0\nv 1 0 0\n",
    "bad.obj:3: reached the end of the file without a face: expected at least one 'f' line"
  ),
])
func malformedFilesNameFileAndLine(text: String, message: String) {
  #expect(throws: OBJError.self) { try TriangleMesh(obj: text, fileName: "bad.obj") }
  do {
    _ = try TriangleMesh(obj: text, fileName: "bad.obj")
  } catch {
    #expect(error.description == message)
  }
}

@Test func loadsFromFileWithScale() throws {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("diorama-obj-\(ProcessInfo.processInfo.processIdentifier)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let url = dir.appendingPathComponent("cube.obj")
  try cubeOBJ.write(to: url, atomically: true, encoding: .utf8)
  let mesh = try TriangleMesh(objContentsOf: url, scale: 0.01)
  #expect(mesh.triangles.count == 12)
  #expect(isClose(mesh.localBounds.max, Vec3(repeating: 0.005), absolute: 1e-18))

  let missing = dir.appendingPathComponent("missing.obj")
  do {
    _ = try TriangleMesh(objContentsOf: missing)
    Issue.record("a missing file must throw")
  } catch {
    #expect(error.location.file == missing.path)
    #expect(error.description.hasPrefix("\(missing.path): cannot read the file"))
  }
}
