import DioramaCore
import DioramaScene
import DioramaWorld
import Foundation
import Testing

/// The scenes in `scenes/`, run as the command line runs them: every outcome a scene states
/// must come out as it expects. These guard the solver against regressions that a scene would
/// show (a card house that falls, a domino chain that stops, a shot that goes in).
@Suite("The scene library")
struct SceneLibraryTests {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scenes")

  static var files: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted()
  }

  @Test("Every scene's outcomes pass", arguments: files)
  func outcomes(file: String) throws {
    let url = Self.directory.appendingPathComponent(file)
    let spec = try SceneLoader.load(contentsOf: url)
    let r = try World(scene: spec, baseDirectory: Self.directory).run()
    #expect(r.warnings.isEmpty, "\(file): \(r.warnings)")
    for o in r.outcomes {
      #expect(o.passed, "\(file): \(o.name): \(o.detail)")
    }
  }

  @Test("The card house stands for 60 s")
  func cardHouseMinute() throws {
    var spec = try SceneLoader.load(
      contentsOf: Self.directory.appendingPathComponent("card_house.yaml"))
    spec.world.duration = 60
    let r = try World(scene: spec, baseDirectory: Self.directory).run()
    let first = try #require(r.snapshots.first), last = try #require(r.snapshots.last)
    let top = try #require(spec.object(named: "tent 3 left"))
    // The top card's centre may settle by the contacts' slop (1 mm per layer measured), no more:
    // 1 cm is far below any fall and far above settling.
    #expect(abs(last.positions[top].z - first.positions[top].z) < 0.01)
    #expect((last.positions[top] - first.positions[top]).length < 0.01)
  }
}
