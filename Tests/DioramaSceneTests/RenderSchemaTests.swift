import DioramaCore
import DioramaScene
import Foundation
import Testing

/// The renderer's keys: appearances, spot and area lights, sky presets, styles per scene and
/// per shot, lens settings. Each mistake is reported at its line with what is allowed.
@Suite struct RenderSchemaTests {
  @Test func appearancesLightsSkyAndStylesLoad() throws {
    let spec = try SceneLoader.load(
      yaml: """
        diorama: 1
        environment:
          ground: {appearance: {kind: lambert, texture: {type: checker, scale: 0.5}}}
          sky: {preset: golden_hour, azimuth_deg: 130}
          lights:
            - {type: spot, position: [0, 0, 3], target: [0, 0, 0], inner_deg: 15, outer_deg: 25}
            - {type: area, position: [0, 0, 3], width: 1, height: 0.5, shape: disk}
        objects:
          - name: glass
            shape: sphere
            radius: 0.1
            position: [0, 0, 1]
            appearance: {kind: glass, ior: 1.45, absorption: [0.1, 0, 0]}
          - name: table
            shape: box
            size: [1, 1, 0.1]
            position: [0, 0, 0.5]
            static: true
            appearance: {kind: plastic, roughness: 0.3, texture: {type: wood, color: [0.3, 0.2, 0.1]}}
        shots:
          - {start: 0, camera: {position: [2, -2, 1], target: [0, 0, 0.5], f_number: 2.8}}
          - {start: 0.5, camera: {position: [2, -2, 1], target: [0, 0, 0.5]}, style: anime}
        style: {preset: cinematic, integrator: path, denoise: false}
        """, fileName: "t.yaml", baseDirectory: nil)
    #expect(spec.environment.sky.preset == .goldenHour)
    #expect(spec.environment.sky.azimuthDegrees == 130)
    #expect(spec.environment.ground?.appearance?.texture?.type == .checker)
    #expect(spec.environment.lights.map(\.kind) == [.spot, .area])
    #expect(spec.environment.lights[0].outerDegrees == 25)
    #expect(spec.environment.lights[1].shape == .disk)
    #expect(
      spec.objects[0].appearance
        == AppearanceSpec(kind: .glass, ior: 1.45, absorption: Vec3(0.1, 0, 0)))
    #expect(spec.objects[1].appearance?.texture?.resolvedScale == 0.02)
    #expect(spec.shots[0].camera.fNumber == 2.8)
    #expect(spec.shots[1].style?.preset == .anime)
    #expect(spec.style == StyleSpec(preset: .cinematic, integrator: .path, denoise: false))
  }

  @Test func renderMistakesAreReportedAtTheirLines() {
    let d = diagnostics(
      """
      diorama: 1
      environment:
        sky: {preset: dusk}
        lights:
          - {type: spot, position: [0, 0, 2], direction: [0, 0, -1], inner_deg: 40, outer_deg: 30}
          - {type: area, position: [0, 0, 2], width: -1}
          - {type: point, position: [0, 0, 2], inner_deg: 10}
      objects:
        - {name: a, shape: sphere, radius: 0.1, position: [0, 0, 1], appearance: {kind: glas}}
        - name: b
          shape: sphere
          radius: 0.1
          position: [0, 0, 2]
          appearance: {kind: metal, ior: 1.5, roughness: 2, texture: {type: png}}
      """)
    let text = d.map(\.description)
    #expect(
      text.contains {
        $0.hasPrefix("test.yaml:3:17: environment.sky.preset: unknown sky preset 'dusk'")
      })
    #expect(
      text.contains {
        $0.hasPrefix("test.yaml:5:75: environment.lights[0].inner_deg: must not exceed outer_deg")
      })
    #expect(
      text.contains {
        $0.hasPrefix("test.yaml:6:48: environment.lights[1].width: must be greater than 0")
      })
    #expect(
      text.contains {
        $0.hasPrefix("test.yaml:7:53: environment.lights[2].inner_deg: only spot and area lights")
      })
    #expect(
      text.contains {
        $0.contains(
          "objects[0].appearance.kind: unknown appearance kind 'glas'; did you mean 'glass'?")
      })
    #expect(
      text.contains {
        $0.hasPrefix("test.yaml:14:")
          && $0.contains("objects[1].appearance.ior: only glass and water")
      })
    #expect(
      text.contains { $0.contains("objects[1].appearance.roughness: must be in 0...1, found 2") })
    #expect(
      text.contains {
        $0.contains("objects[1].appearance.texture.path: a png texture needs `path`")
      })
    #expect(d.count == 8, "\(text)")
  }

  /// Written back and read again, a scene with the new keys is the same scene; a scene without
  /// them writes no new keys (old files keep their bytes and hashes).
  @Test func newKeysRoundTripAndOldScenesStayTheSame() throws {
    var spec = SceneSpec(name: "t")
    let before = try JSONEncoder().encode(spec)
    spec.environment.sky.preset = .night
    spec.style = StyleSpec(preset: .anime)
    let after = try JSONDecoder().decode(SceneSpec.self, from: JSONEncoder().encode(spec))
    #expect(after.environment.sky.preset == .night)
    #expect(after.style.preset == .anime)
    let plain = String(decoding: before, as: UTF8.self)
    for key in ["appearance", "f_number", "focus_distance", "integrator", "azimuth_deg", "denoise"]
    {
      #expect(!plain.contains(key), "\(key)")
    }
  }
}
