import DioramaCore
import DioramaScene
import Foundation
import Testing

@Suite struct SceneSpecTests {
  static func sample() -> SceneSpec {
    SceneSpec(
      name: "code",
      world: WorldSettings(duration: 2, seed: 9),
      objects: [
        ObjectSpec(
          name: "ball", shape: .sphere, radius: 0.1, material: "steel",
          position: Vec3(0, 0, 1)),
        ObjectSpec(name: "crate", shape: .box, size: Vec3(1, 2, 0.5), position: Vec3(2, 0, 0.25)),
      ],
      shots: [
        ShotSpec(
          name: "a", camera: CameraSpec(position: Vec3(3, -3, 1), track: "ball"),
          start: 0)
      ],
      outcomes: [OutcomeSpec(name: "rests", kind: .atRest, object: "ball")])
  }

  @Test func codeBuiltSpecValidates() {
    #expect(SceneLoader.validate(Self.sample(), baseDirectory: nil).isEmpty)
  }

  @Test func codeBuiltSpecReportsSemanticErrorsWithoutLines() {
    var spec = Self.sample()
    spec.objects[0].mass = -1
    spec.objects[1].material = "steal"
    spec.outcomes[0].object = "bal"
    let d = SceneLoader.validate(spec, baseDirectory: nil)
    #expect(d.map(\.keyPath) == ["objects[0].mass", "objects[1].material", "outcomes[0].object"])
    #expect(d.allSatisfy { $0.location.line == 0 })
    #expect(d[1].message.contains("did you mean 'steel'?"))
    #expect(d[2].message.contains("objects: ball, crate"))
  }

  @Test func canonicalJSONIsStableAndSorted() throws {
    let a = Self.sample().canonicalJSON()
    let b = Self.sample().canonicalJSON()
    #expect(a == b)
    #expect(!a.isEmpty)
    let text = try #require(String(bytes: a, encoding: .utf8))
    #expect(text.hasPrefix("{\"audio\":"))
    // Decoding the canonical bytes and encoding again gives the same bytes.
    let decoded = try JSONDecoder().decode(SceneSpec.self, from: Data(a))
    #expect(decoded == Self.sample())
    #expect(decoded.canonicalJSON() == a)
    var changed = Self.sample()
    changed.world.seed = 10
    #expect(changed.canonicalJSON() != a)
  }

  @Test func geometryHelpers() {
    let s = ObjectSpec(name: "s", shape: .sphere, radius: 0.5, position: .zero)
    // Closed forms; 1e-15 relative is a few ulps.
    #expect(abs(s.volume - 4.0 / 3.0 * Double.pi * 0.125) < 1e-15)
    #expect(s.boundingRadius == 0.5 && s.halfExtents == Vec3(0.5, 0.5, 0.5))
    let b = ObjectSpec(name: "b", shape: .box, size: Vec3(2, 4, 4), position: .zero)
    #expect(b.volume == 32 && b.halfExtents == Vec3(1, 2, 2) && b.boundingRadius == 3)
    #expect(b.resolvedMass(materialDensity: 10) == 320)
    var m = b
    m.mass = 2
    #expect(m.resolvedMass(materialDensity: 10) == 2)
  }

  @Test func diagnosticDescriptionFormat() {
    let d = SceneDiagnostic(
      location: SourceLocation(file: "scenes/drop.yaml", line: 4, column: 11),
      keyPath: "objects[0].mass", message: "expected a number in kg, found \"heavy\"")
    #expect(
      d.description
        == "scenes/drop.yaml:4:11: objects[0].mass: expected a number in kg, found \"heavy\"")
    let e = SceneLoadError(diagnostics: [d, d])
    #expect(e.description == d.description + "\n" + d.description)
  }
}
