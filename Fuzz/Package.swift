// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for what reads a user's text: a separate package, built only with
// `-sanitize=fuzzer` (see `.ci/fuzz`), since its executables have no `main` of their own.
//
//   FuzzManifest     the manifest reader (YAML and JSON), lint of what it reads, and `depends`
//   FuzzExpressions  `when` (govaluate), expr-lang and `{{…}}` template strings
let package = Package(
  name: "hera-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "hera-swift", path: "..")],
  targets: [
    .executableTarget(
      name: "FuzzManifest",
      dependencies: [.product(name: "ArgoModel", package: "hera-swift"), .product(name: "Hera", package: "hera-swift")],
      swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
    ),
    .executableTarget(
      name: "FuzzExpressions",
      dependencies: [.product(name: "LocalEngine", package: "hera-swift")],
      swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
    ),
  ]
)
