// swift-tools-version:6.1
// Diorama: a physics-first world-simulation engine. Module layout and import rules follow
// ARCHITECTURE.md (docs/architecture.md in this repository): no cycles, solvers are siblings,
// Render and Audio take plain values and never import a solver.
import PackageDescription

let package = Package(
  name: "Diorama",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "DioramaCore", targets: ["DioramaCore"]),
    .library(name: "DioramaCollision", targets: ["DioramaCollision"]),
    .library(name: "DioramaRigid", targets: ["DioramaRigid"]),
    .library(name: "DioramaArticulated", targets: ["DioramaArticulated"]),
    .library(name: "DioramaFluid", targets: ["DioramaFluid"]),
    .library(name: "DioramaRender", targets: ["DioramaRender"]),
    .library(name: "DioramaAudio", targets: ["DioramaAudio"]),
    .library(name: "DioramaScene", targets: ["DioramaScene"]),
    .library(name: "DioramaWorld", targets: ["DioramaWorld"]),
    .library(name: "DioramaClip", targets: ["DioramaClip"]),
    .library(name: "DioramaPlanner", targets: ["DioramaPlanner"]),
    .executable(name: "diorama", targets: ["diorama"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics.git", from: "1.0.0"),
  ],
  targets: [
    // System libraries (Debian: libblas-dev, liblapacke-dev, zlib1g-dev; scripts/setup.sh).
    .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra"),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

    .target(name: "DioramaCore", dependencies: ["CLinearAlgebra"]),
    .target(name: "DioramaCollision", dependencies: ["DioramaCore"]),
    .target(name: "DioramaRigid", dependencies: ["DioramaCore", "DioramaCollision"]),
    .target(name: "DioramaArticulated", dependencies: ["DioramaCore", "DioramaCollision"]),
    .target(name: "DioramaFluid", dependencies: ["DioramaCore", "DioramaCollision"]),
    .target(name: "DioramaRender", dependencies: ["DioramaCore"]),
    .target(name: "DioramaAudio", dependencies: ["DioramaCore"]),
    .target(
      name: "DioramaScene",
      dependencies: ["DioramaCore", .product(name: "Yams", package: "Yams")]
    ),
    .target(
      name: "DioramaWorld",
      dependencies: [
        "DioramaCore", "DioramaScene", "DioramaCollision", "DioramaRigid",
        "DioramaArticulated", "DioramaFluid",
      ]
    ),
    .target(
      name: "DioramaClip",
      dependencies: [
        "DioramaCore", "DioramaScene", "DioramaWorld", "DioramaRender", "DioramaAudio", "CZlib",
      ]
    ),
    .target(name: "DioramaPlanner", dependencies: ["DioramaCore", "DioramaScene", "DioramaWorld"]),
    .executableTarget(
      name: "diorama",
      dependencies: [
        "DioramaCore", "DioramaScene", "DioramaWorld", "DioramaClip", "DioramaPlanner",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Shared test helpers: approximate equality, finite differences, state hashes, onsets.
    .target(
      name: "_TestSupport",
      dependencies: ["DioramaCore", .product(name: "Numerics", package: "swift-numerics")],
      path: "Tests/_TestSupport"
    ),
    .testTarget(name: "DioramaCoreTests", dependencies: ["DioramaCore", "_TestSupport"]),
    .testTarget(
      name: "DioramaCollisionTests", dependencies: ["DioramaCollision", "_TestSupport"]),
    .testTarget(name: "DioramaRigidTests", dependencies: ["DioramaRigid", "_TestSupport"]),
    .testTarget(
      name: "DioramaArticulatedTests", dependencies: ["DioramaArticulated", "_TestSupport"]),
    .testTarget(name: "DioramaFluidTests", dependencies: ["DioramaFluid", "_TestSupport"]),
    .testTarget(name: "DioramaRenderTests", dependencies: ["DioramaRender", "_TestSupport"]),
    .testTarget(name: "DioramaAudioTests", dependencies: ["DioramaAudio", "_TestSupport"]),
    .testTarget(
      name: "DioramaSceneTests", dependencies: ["DioramaScene", "_TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "DioramaWorldTests", dependencies: ["DioramaWorld", "DioramaScene", "_TestSupport"]),
    .testTarget(
      name: "DioramaClipTests",
      dependencies: ["DioramaClip", "DioramaWorld", "DioramaScene", "DioramaAudio", "_TestSupport"]
    ),
    .testTarget(name: "DioramaPlannerTests", dependencies: ["DioramaPlanner", "_TestSupport"]),
    .testTarget(
      name: "DioramaCLITests", dependencies: ["_TestSupport"],
      path: "Tests/DioramaCLITests"
    ),
    // Compiles the README's "use Diorama as a dependency" snippet.
    .executableTarget(
      name: "DioramaExample",
      dependencies: ["DioramaWorld", "DioramaClip", "DioramaScene", "DioramaCore"],
      path: "Examples/DioramaExample"
    ),
  ],
  swiftLanguageModes: [.v5]
)
