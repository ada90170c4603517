// swift-tools-version:6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "hera-swift",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "ArgoModel", targets: ["ArgoModel"]),
    .library(name: "Hera", targets: ["Hera"]),
    .library(name: "HeraCLI", targets: ["HeraCLI"]),
    .library(name: "HeraExperiment", targets: ["HeraExperiment"]),
    .library(name: "LocalEngine", targets: ["LocalEngine"]),
    .library(name: "ArgoClient", targets: ["ArgoClient"]),
    .library(name: "HeraUtils", targets: ["HeraUtils"]),
    .library(name: "Kubernetes", targets: ["Kubernetes"]),
    .executable(name: "hera", targets: ["HeraCommand"]),
    .executable(name: "argo-model-gen", targets: ["ArgoModelGenerator"]),
    .executable(name: "manifest-benchmark", targets: ["ManifestBenchmark"]),
    .executable(name: "dsl-render", targets: ["DSLRender"]),
    .executable(name: "local-benchmark", targets: ["LocalBenchmark"]),
    .executable(name: "hello-world", targets: ["HelloWorld"]),
    .executable(name: "coin-flip", targets: ["CoinFlip"]),
    .executable(name: "collect-lyon", targets: ["CollectLyon"]),
    .executable(name: "lyon-pipeline", targets: ["LyonPipeline"]),
    .executable(name: "environment-check", targets: ["EnvironmentCheck"]),
    .executable(name: "proxy-configmap", targets: ["ProxyConfigMap"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    // Logs (HERA_LOG_LEVEL): the engine's pods and runner commands, for finding out why.
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // `swift package generate-documentation` for the DocC catalogs; no target depends on it.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // The Codable model of Argo's resources and the manifest reader and writer.
    // Yams is used only for its bundled libyaml (the CYaml module): we read the event stream
    // ourselves so that nesting, aliases and positions stay under our control.
    .target(
      name: "ArgoModel",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: strictSwift
    ),
    // The workflow DSL, offline lint with Argo's rules, naming helpers and graphs.
    .target(
      name: "Hera",
      dependencies: ["ArgoModel"],
      swiftSettings: strictSwift
    ),
    // HTTPS as the Argo Server and Kubernetes clients (and the local engine's http artifacts)
    // need it: custom CAs, client certificates, opt-in insecure mode, and one diagnosis per
    // transport failure.
    .target(
      name: "HTTPTransport",
      dependencies: [
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOTLS", package: "swift-nio"),
      ],
      swiftSettings: strictSwift
    ),
    // Kubernetes access: kubeconfig files merged as kubectl merges them, every kind of
    // credential (tokens, client certificates, exec plugins, in-cluster service accounts), and
    // the few namespace-scoped calls experiments need.
    .target(
      name: "Kubernetes",
      dependencies: ["ArgoModel", "HTTPTransport"],
      swiftSettings: strictSwift
    ),
    // The system's zlib: the gzip-compressed node status of large workflows, and the local
    // engine's artifact archives.
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    // The Argo Server's REST API.
    .target(
      name: "ArgoClient",
      dependencies: ["ArgoModel", "HTTPTransport", "CZlib"],
      swiftSettings: strictSwift
    ),
    // The local engine: Argo's semantics on this machine (processes, or containers through
    // podman or docker), with an artifact store holding what Argo's executor would upload
    // (tarballs and zip files over the system's zlib) and http input artifacts fetched through
    // HTTPTransport.
    .target(
      name: "LocalEngine",
      dependencies: ["ArgoModel", "HTTPTransport", "CZlib", .product(name: "Logging", package: "swift-log")],
      swiftSettings: strictSwift
    ),
    // The seed's concepts: settings with their sources, access checks with one diagnosis per
    // failure, and (later) experiments.
    .target(
      name: "HeraUtils",
      dependencies: [
        "ArgoModel", "Hera", "HTTPTransport", "Kubernetes", "ArgoClient",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift
    ),
    // The session layer `hera` and every experiment share: run here, submit, follow, report,
    // Ctrl-C, the terminal.
    .target(
      name: "HeraSession",
      dependencies: [
        "ArgoModel",
        "ArgoClient",
        "Hera",
        "HeraUtils",
        "LocalEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strictSwift
    ),
    // The `hera` command line, as a library so that tests can run its commands.
    .target(
      name: "HeraCLI",
      dependencies: [
        "ArgoModel",
        "ArgoClient",
        "Hera",
        "HeraUtils",
        "HeraSession",
        "LocalEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "HeraCommand",
      dependencies: ["HeraCLI"],
      swiftSettings: strictSwift
    ),
    // Experiments in one import: the model, the DSL, settings and environment, ExperimentCommand.
    .target(
      name: "HeraExperiment",
      dependencies: [
        "ArgoModel", "Hera", "HeraUtils", "HeraSession", "ArgoClient", "LocalEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift
    ),
    // The seed's experiments, runnable: each runs here by default and on Argo with --submit.
    .executableTarget(name: "HelloWorld", dependencies: ["HeraExperiment"], path: "Examples/HelloWorld", swiftSettings: strictSwift),
    .executableTarget(name: "CoinFlip", dependencies: ["HeraExperiment"], path: "Examples/CoinFlip", swiftSettings: strictSwift),
    .executableTarget(name: "CollectLyon", dependencies: ["HeraExperiment"], path: "Examples/CollectLyon", swiftSettings: strictSwift),
    .executableTarget(name: "LyonPipeline", dependencies: ["HeraExperiment"], path: "Examples/LyonPipeline", swiftSettings: strictSwift),
    .executableTarget(
      name: "EnvironmentCheck", dependencies: ["HeraExperiment"], path: "Examples/EnvironmentCheck", swiftSettings: strictSwift),
    .executableTarget(name: "ProxyConfigMap", dependencies: ["HeraExperiment"], path: "Examples/ProxyConfigMap", swiftSettings: strictSwift),
    // Generates Sources/ArgoModel/Generated from Argo's JSON schema.
    .executableTarget(
      name: "ArgoModelGenerator",
      swiftSettings: strictSwift
    ),
    // The reference workload of ../shared/bench, built with the DSL, for the benchmarks.
    .target(
      name: "HeraBenchmarkSupport",
      dependencies: ["Hera"],
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "ManifestBenchmark",
      dependencies: ["ArgoModel", "Hera", "HeraBenchmarkSupport"],
      path: "Benchmarks/ManifestBenchmark",
      swiftSettings: strictSwift
    ),
    .executableTarget(
      name: "DSLRender",
      dependencies: ["Hera", "HeraBenchmarkSupport"],
      path: "Benchmarks/DSLRender",
      swiftSettings: strictSwift
    ),
    // The local engine against the floor of starting processes, and its scheduler alone.
    .executableTarget(
      name: "LocalBenchmark",
      dependencies: ["LocalEngine", "ArgoModel"],
      path: "Benchmarks/LocalBenchmark",
      swiftSettings: strictSwift
    ),
    // Stand-in servers for the tests: HTTPS on 127.0.0.1 with certificates made for the test,
    // and a stateful simulator of the Argo Server.
    .target(
      name: "HeraTestServers",
      dependencies: [
        "ArgoModel",
        "ArgoTestSupport",
        "LocalEngine",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSwift
    ),
    // What the tests share: Argo's schema as a validator, semantic comparison of documents,
    // the paths of ../shared.
    .target(
      name: "ArgoTestSupport",
      dependencies: ["ArgoModel"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ArgoModelTests",
      dependencies: ["ArgoModel", "ArgoTestSupport"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "HeraTests",
      dependencies: ["Hera", "ArgoTestSupport"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "HeraUtilsTests",
      dependencies: [
        "HeraUtils", "Hera", "ArgoModel", "Kubernetes", "ArgoClient", "HTTPTransport", "HeraTestServers",
      ],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "ArgoClientTests",
      dependencies: ["ArgoClient", "ArgoModel", "HeraTestServers", "HTTPTransport"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "LocalEngineTests",
      dependencies: ["LocalEngine", "ArgoModel", "Hera", "ArgoTestSupport", "HeraTestServers", "HTTPTransport"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "HTTPTransportTests",
      dependencies: ["HTTPTransport", "HeraTestServers"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "HeraTestServersTests",
      dependencies: ["HeraTestServers", "HTTPTransport", "ArgoModel", "ArgoTestSupport"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "HeraCLITests",
      dependencies: [
        "HeraCLI", "HeraSession", "HeraCommand", "ArgoModelGenerator", "HeraTestServers", "ArgoTestSupport",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strictSwift
    ),
    // Argo's own verdicts (../shared/argo/conformance): `hera lint` and `hera run` as a user runs them.
    .testTarget(
      name: "ArgoConformanceTests",
      dependencies: ["HeraCommand", "ArgoTestSupport"],
      swiftSettings: strictSwift
    ),
    // The example experiments, run as a user runs them: here, rendered, submitted.
    .testTarget(
      name: "ExperimentTests",
      dependencies: [
        "HeraExperiment", "HeraUtils", "ArgoModel", "HeraTestServers", "ArgoTestSupport", "HelloWorld", "CoinFlip", "CollectLyon", "LyonPipeline",
        "EnvironmentCheck", "ProxyConfigMap",
      ],
      swiftSettings: strictSwift
    ),
  ]
)
