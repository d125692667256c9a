// swift-tools-version:6.1
// Diorama's benchmarks: a nested package that depends on the main one by path, so building or
// testing the library never compiles them. Run from this folder:
//   swift run -c release DioramaBenchmarks [--filter name] [--markdown]
import PackageDescription

let package = Package(
  name: "DioramaBenchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(name: "Diorama", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "DioramaBenchmarks",
      dependencies: [
        .product(name: "DioramaCore", package: "Diorama"),
        .product(name: "DioramaScene", package: "Diorama"),
        .product(name: "DioramaRigid", package: "Diorama"),
        .product(name: "DioramaCollision", package: "Diorama"),
        .product(name: "DioramaWorld", package: "Diorama"),
        .product(name: "DioramaRender", package: "Diorama"),
        .product(name: "DioramaAudio", package: "Diorama"),
        .product(name: "DioramaClip", package: "Diorama"),
      ]
    )
  ],
  swiftLanguageModes: [.v5]
)
