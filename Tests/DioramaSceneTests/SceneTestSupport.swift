import DioramaScene
import Foundation
import Testing

/// Loads inline YAML expecting failure; returns the diagnostics (empty if it loaded).
func diagnostics(_ yaml: String, file: String = "test.yaml", base: URL? = nil)
  -> [SceneDiagnostic]
{
  do {
    _ = try SceneLoader.load(yaml: yaml, fileName: file, baseDirectory: base)
    return []
  } catch let error as SceneLoadError {
    return error.diagnostics
  } catch {
    Issue.record("unexpected error type: \(error)")
    return []
  }
}

/// The fixtures folder inside the test bundle.
func fixturesDirectory() throws -> URL {
  try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
}

/// A minimal valid scene body to extend in tests (the header line is line 1).
let header = "diorama: 1\n"
