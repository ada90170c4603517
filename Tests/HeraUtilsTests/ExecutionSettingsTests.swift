import ArgoClient
import Foundation
import HeraTestServers
import HeraUtils
import Testing

/// The settings of the environment of execution: flag, then environment variable, then config
/// file, then the experiment's default; each with its source.
@Suite struct ExecutionSettingsTests {
  static let defaults = ExperimentDefaults(
    volumeClaim: "lyon-data", mountPath: "/within-container-mount-point", configMap: "proxy-environment", registry: nil,
    organisation: "vcity")

  /// Settings resolved in a folder of their own, with `hera.config` holding `configFile`.
  func settings(configFile: String?, in folder: TemporaryFolder, environment: [String: String] = [:]) throws -> HeraSettings {
    try FileManager.default.createDirectory(atPath: folder.path("work"), withIntermediateDirectories: true)
    if let configFile { try folder.write("work/hera.config", configFile) }
    return try HeraSettings.resolve(
      SettingsInput(
        environment: environment.merging(["KUBECONFIG": folder.path("none")]) { $1 }, currentDirectory: folder.path("work"),
        homeDirectory: folder.path("home"), extraKeys: ExecutionSettings.fileKeys))
  }

  @Test func eachLevelOverridesTheOnesBelow() throws {
    let folder = try TemporaryFolder(prefix: "hera-execution-settings")
    defer { folder.remove() }
    let file = """
      k8s_volume_claim_name = 'from-file'
      k8s_volume_mount_path = /mnt/from-file
      k8s_configmap_name = proxy-from-file
      container_registry = registry.from-file.example
      container_organisation = organisation-from-file

      """
    let fromFile = try settings(configFile: file, in: folder)
    #expect(fromFile.warnings.isEmpty, "the experiment's keys are known: \(fromFile.warnings)")
    let environment = [
      "KUBEVOLUMECLAIMNAME": "from-environment", "KUBECONFIGMAP": "proxy-from-environment",
      "HERA_REGISTRY": "registry.from-environment.example",
      "HERA_ORGANISATION": "organisation-from-environment",
    ]
    let flags: [ExecutionSettings.Key: String] = [
      .volumeClaim: "from-flag", .mountPath: "/mnt/from-flag", .configMap: "proxy-from-flag", .registry: "registry.from-flag.example",
      .organisation: "organisation-from-flag",
    ]
    let configPath = folder.path("work/hera.config")

    // default
    let empty = try TemporaryFolder(prefix: "hera-execution-defaults")
    defer { empty.remove() }
    let none = try settings(configFile: nil, in: empty)
    var resolved = ExecutionSettings.resolve(flags: [:], environment: [:], settings: none, defaults: Self.defaults)
    #expect(resolved.volumeClaim?.value == "lyon-data")
    #expect(resolved.volumeClaim?.source.isDefault == true)
    #expect(resolved.mountPath.value == "/within-container-mount-point")
    #expect(resolved.configMap?.value == "proxy-environment")
    #expect(resolved.registry == nil)
    #expect(resolved.organisation?.value == "vcity")
    #expect(ExecutionSettings.resolve(flags: [:], environment: [:], settings: nil, defaults: ExperimentDefaults()).volumeClaim == nil)

    // ./hera.config > default
    resolved = ExecutionSettings.resolve(flags: [:], environment: [:], settings: fromFile, defaults: Self.defaults)
    #expect(resolved.volumeClaim?.value == "from-file")
    #expect(resolved.volumeClaim?.source.description == "file \(configPath):1")
    #expect(resolved.mountPath.value == "/mnt/from-file")
    #expect(resolved.configMap?.value == "proxy-from-file")
    #expect(resolved.registry?.value == "registry.from-file.example")
    #expect(resolved.organisation?.source.description == "file \(configPath):5")

    // environment > file
    resolved = ExecutionSettings.resolve(flags: [:], environment: environment, settings: fromFile, defaults: Self.defaults)
    #expect(resolved.volumeClaim?.value == "from-environment")
    #expect(resolved.volumeClaim?.source.description == "environment KUBEVOLUMECLAIMNAME")
    #expect(resolved.mountPath.value == "/mnt/from-file", "the mount path has no environment variable")
    #expect(resolved.configMap?.source.description == "environment KUBECONFIGMAP")
    #expect(resolved.registry?.source.description == "environment HERA_REGISTRY")
    #expect(resolved.organisation?.value == "organisation-from-environment")
    let emptyVariable = ExecutionSettings.resolve(
      flags: [:], environment: ["KUBEVOLUMECLAIMNAME": ""], settings: fromFile, defaults: Self.defaults)
    #expect(emptyVariable.volumeClaim?.value == "from-file", "an empty variable counts as unset")

    // flag > environment
    resolved = ExecutionSettings.resolve(flags: flags, environment: environment, settings: fromFile, defaults: Self.defaults)
    #expect(resolved.volumeClaim?.value == "from-flag")
    #expect(resolved.volumeClaim?.source.description == "flag --k8s-volume-claim-name")
    #expect(resolved.mountPath.source.description == "flag --k8s-volume-mount-path")
    #expect(resolved.configMap?.value == "proxy-from-flag")
    #expect(resolved.registry?.value == "registry.from-flag.example")
    #expect(resolved.organisation?.source.description == "flag --organisation")

    #expect(
      resolved.rows.map { "\($0.name)=\($0.value) (\($0.source))" } == [
        "k8s_volume_claim_name=from-flag (flag --k8s-volume-claim-name)",
        "k8s_volume_mount_path=/mnt/from-flag (flag --k8s-volume-mount-path)",
        "k8s_configmap_name=proxy-from-flag (flag --k8s-configmap-name)", "container_registry=registry.from-flag.example (flag --registry)",
        "container_organisation=organisation-from-flag (flag --organisation)",
      ])
  }

  @Test func settingsThatCannotWorkAreRefusedWithTheirSource() throws {
    let good = ExecutionSettings.resolve(
      flags: [:], environment: ["KUBEVOLUMECLAIMNAME": "lyon-data.v2"], settings: nil, defaults: Self.defaults)
    try good.validate()

    let relative = ExecutionSettings.resolve(flags: [.mountPath: "data"], environment: [:], settings: nil, defaults: Self.defaults)
    let notAbsolute = #expect(throws: ExperimentError.self) { try relative.validate() }
    #expect(notAbsolute?.message == "the volume's mount path data (flag --k8s-volume-mount-path) is not absolute")
    #expect(notAbsolute?.hint == "containers mount volumes at absolute paths: /data?")

    let upper = ExecutionSettings.resolve(
      flags: [:], environment: ["KUBEVOLUMECLAIMNAME": "Lyon_Data"], settings: nil, defaults: Self.defaults)
    let badClaim = #expect(throws: ExperimentError.self) { try upper.validate() }
    #expect(badClaim?.message == "the volume claim name Lyon_Data (environment KUBEVOLUMECLAIMNAME) is not a Kubernetes name")
    #expect(badClaim?.hint?.hasSuffix(": lyon-data?") == true)

    let proxy = ExecutionSettings.resolve(flags: [.configMap: "proxy-"], environment: [:], settings: nil, defaults: Self.defaults)
    let badConfigMap = #expect(throws: ExperimentError.self) { try proxy.validate() }
    #expect(badConfigMap?.message == "the ConfigMap name proxy- (flag --k8s-configmap-name) is not a Kubernetes name")
  }

  @Test func theSettingsDescribeTheEnvironment() throws {
    let folder = try TemporaryFolder(prefix: "hera-execution-environment")
    defer { folder.remove() }
    let settings = try settings(
      configFile: "argo_namespace = lyon\nargo_service_account = experimenter\n", in: folder,
      environment: ["ARGO_SERVER": "argo.lyon.example"])
    let resolved = ExecutionSettings.resolve(
      flags: [.registry: "registry.lyon.example"], environment: [:], settings: settings, defaults: Self.defaults)
    let server = try #require(settings.argoServer?.value)
    let environment = resolved.environment(target: .argo(server), settings: settings)
    #expect(environment.target == .argo(server))
    #expect(environment.namespace == "lyon")
    #expect(environment.serviceAccount == "experimenter")
    #expect(environment.volume == PersistedVolume(claimName: "lyon-data", mountPath: "/within-container-mount-point"))
    #expect(environment.configMaps.map(\.name) == ["proxy-environment"])
    #expect(environment.configMaps.first?.asEnvironment == true)
    #expect(environment.image("collect:0.1") == "registry.lyon.example/vcity/collect:0.1")

    let bare = ExecutionSettings.resolve(flags: [:], environment: [:], settings: nil, defaults: ExperimentDefaults())
      .environment(target: .local, settings: nil)
    #expect(bare.volume == nil)
    #expect(bare.configMaps.isEmpty)
    #expect(bare.registry == nil)
    #expect(bare.namespace == "default")
    #expect(bare.image("busybox:1.36") == "busybox:1.36")
  }
}
