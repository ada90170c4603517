import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// The settings of an experiment executable: flag > environment variable > ./hera.config >
/// ~/hera.config > the experiment's default, for the Argo settings and the environment of
/// execution alike; `--print-config` shows each with its source, and the workflow is built with
/// what it shows.
@Suite struct SettingsPrecedenceTests {
  /// The rows of `--print-config`'s Settings section: name → (value, source).
  static func rows(_ output: String) -> [String: (value: String, source: String)] {
    var rows: [String: (String, String)] = [:]
    var inSettings = false
    for line in output.lines {
      if line == "Settings" {
        inSettings = true
        continue
      }
      if line == "Environment" { break }
      guard inSettings, line.hasPrefix("  ") else { continue }
      let cells = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
      guard let name = cells.first else { continue }
      rows[name] = (cells.count > 1 ? cells[1] : "", cells.count > 2 ? cells[2...].joined(separator: " ") : "")
    }
    return rows
  }

  /// The claim of the workflow collect-lyon renders.
  func renderedClaim(_ process: ExampleProcess, _ arguments: [String] = [], environment: [String: String] = [:]) async throws -> String? {
    let result = try await process.run("collect-lyon", ["--render", "-o", "json"] + arguments, environment: environment)
    #expect(result.status == 0, "\(result.standardError)")
    let value = try ManifestReader().values(Array(result.standardOutput.utf8), format: .json)[0]
    return try Workflow(json: value, options: .preserving).spec.volumes?.first?.persistentVolumeClaim?.claimName
  }

  @Test("each level overrides the ones below, for ARGO_* and for the environment of execution")
  func eachLevelOverridesTheOnesBelow() async throws {
    let process = try ExampleProcess("settings")
    defer { process.remove() }
    let home = process.folder.path("home/hera.config")
    let work = process.folder.path("hera.config")

    // Defaults.
    var result = try await process.run("collect-lyon", ["--print-config"])
    #expect(result.status == 0, "\(result.standardError)")
    var rows = Self.rows(result.standardOutput)
    #expect(rows["argo server"]?.value == "(not set)")
    #expect(rows["namespace"].map { "\($0.value) \($0.source)" } == "default default")
    #expect(rows["k8s_volume_claim_name"].map { "\($0.value) \($0.source)" } == "lyon-data default")
    #expect(rows["k8s_volume_mount_path"].map { "\($0.value) \($0.source)" } == "/within-container-mount-point default")
    #expect(rows["k8s_configmap_name"]?.value == "(not set)")
    #expect(
      result.standardOutput.contains(
        "Environment\n  target: this machine\n  namespace: default\n  volume claim: lyon-data at /within-container-mount-point (volume workdir)\n"
      ))
    #expect(try await renderedClaim(process) == "lyon-data")

    // ~/hera.config > default.
    try process.folder.write(
      "home/hera.config",
      "argo_namespace = from-home\nk8s_volume_claim_name = from-home\ncontainer_registry = registry.from-home.example\n")
    rows = Self.rows(try await process.run("collect-lyon", ["--print-config"]).standardOutput)
    #expect(rows["namespace"].map { "\($0.value) \($0.source)" } == "from-home file \(home):1")
    #expect(rows["k8s_volume_claim_name"].map { "\($0.value) \($0.source)" } == "from-home file \(home):2")
    #expect(rows["container_registry"].map { "\($0.value) \($0.source)" } == "registry.from-home.example file \(home):3")
    #expect(try await renderedClaim(process) == "from-home")

    // ./hera.config > ~/hera.config; keys it does not set still come from the home one.
    try process.folder.write(
      "hera.config",
      "argo_server = argo.from-work.example:443\nargo_token = '\(ExampleProcess.token)'\nargo_namespace = from-work\nk8s_volume_claim_name = from-work\nk8s_configmap_name = proxy-from-work\n",
      permissions: 0o600)
    result = try await process.run("collect-lyon", ["--print-config"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.isEmpty, "\(result.standardError)")
    rows = Self.rows(result.standardOutput)
    #expect(rows["argo server"].map { "\($0.value) \($0.source)" } == "https://argo.from-work.example file \(work):1")
    #expect(
      rows["argo token"]?.value.hasPrefix("Bearer v2:… (redacted, \("v2:\(ExampleProcess.secret)".count) chars)") == true,
      "\(rows["argo token"] ?? ("", ""))")
    #expect(rows["namespace"].map { "\($0.value) \($0.source)" } == "from-work file \(work):3")
    #expect(rows["k8s_volume_claim_name"].map { "\($0.value) \($0.source)" } == "from-work file \(work):4")
    #expect(rows["k8s_configmap_name"].map { "\($0.value) \($0.source)" } == "proxy-from-work file \(work):5")
    #expect(rows["container_registry"]?.value == "registry.from-home.example")
    #expect(result.standardOutput.contains("  target: the Argo Server https://argo.from-work.example\n"))
    #expect(result.standardOutput.contains("  configmap: proxy-from-work as environment\n"))
    #expect(result.standardOutput.contains("  registry: registry.from-home.example\n"))
    #expect(result.standardOutput.contains("config files read: \(work), \(home)"))
    #expect(try await renderedClaim(process) == "from-work")

    // The file ARGOCONFIG names > ./hera.config.
    let named = try process.folder.write("lyon.config", "k8s_volume_claim_name = from-argoconfig\n")
    rows = Self.rows(try await process.run("collect-lyon", ["--print-config"], environment: ["ARGOCONFIG": named]).standardOutput)
    #expect(rows["k8s_volume_claim_name"].map { "\($0.value) \($0.source)" } == "from-argoconfig file \(named):1")
    #expect(rows["namespace"]?.value == "from-work")

    // The environment > the files.
    let environment = [
      "ARGO_SERVER": "argo.from-environment.example", "ARGO_NAMESPACE": "from-environment", "KUBEVOLUMECLAIMNAME": "from-environment",
      "KUBECONFIGMAP": "proxy-from-environment", "HERA_ORGANISATION": "vcity",
    ]
    rows = Self.rows(try await process.run("collect-lyon", ["--print-config"], environment: environment).standardOutput)
    #expect(rows["argo server"].map { "\($0.value) \($0.source)" } == "https://argo.from-environment.example environment ARGO_SERVER")
    #expect(rows["namespace"].map { "\($0.value) \($0.source)" } == "from-environment environment ARGO_NAMESPACE")
    #expect(rows["k8s_volume_claim_name"].map { "\($0.value) \($0.source)" } == "from-environment environment KUBEVOLUMECLAIMNAME")
    #expect(rows["k8s_configmap_name"].map { "\($0.value) \($0.source)" } == "proxy-from-environment environment KUBECONFIGMAP")
    #expect(rows["container_organisation"].map { "\($0.value) \($0.source)" } == "vcity environment HERA_ORGANISATION")
    #expect(try await renderedClaim(process, environment: environment) == "from-environment")

    // Flags > the environment.
    let flags = [
      "--argo-server", "argo.from-flag.example", "--argo-namespace", "from-flag", "--k8s-volume-claim-name", "from-flag",
      "--k8s-volume-mount-path", "/mnt/lyon", "--k8s-configmap-name", "proxy-from-flag", "--registry", "registry.from-flag.example",
    ]
    result = try await process.run("collect-lyon", ["--print-config"] + flags, environment: environment)
    rows = Self.rows(result.standardOutput)
    #expect(rows["argo server"].map { "\($0.value) \($0.source)" } == "https://argo.from-flag.example flag --argo-server")
    #expect(rows["namespace"].map { "\($0.value) \($0.source)" } == "from-flag flag --argo-namespace")
    #expect(rows["k8s_volume_claim_name"].map { "\($0.value) \($0.source)" } == "from-flag flag --k8s-volume-claim-name")
    #expect(rows["k8s_volume_mount_path"].map { "\($0.value) \($0.source)" } == "/mnt/lyon flag --k8s-volume-mount-path")
    #expect(rows["container_registry"].map { "\($0.value) \($0.source)" } == "registry.from-flag.example flag --registry")
    #expect(result.standardOutput.contains("  volume claim: from-flag at /mnt/lyon (volume workdir)\n"))

    // What is shown is what the workflow is built with: the claim, the mount path, the
    // ConfigMap, the images, the namespace (a server is configured).
    let rendered = try await process.run("collect-lyon", ["--render", "-o", "json"] + flags, environment: environment)
    let workflow = try Workflow(
      json: try ManifestReader().values(Array(rendered.standardOutput.utf8), format: .json)[0], options: .preserving)
    #expect(workflow.metadata.namespace == "from-flag")
    #expect(workflow.spec.volumes?.first?.persistentVolumeClaim?.claimName == "from-flag")
    let collect = try #require(workflow.spec.templates?.first { $0.name == "collect" }?.container)
    #expect(collect.image == "registry.from-flag.example/vcity/busybox:1.36")
    #expect(collect.volumeMounts?.map(\.mountPath) == ["/mnt/lyon"])
    #expect(collect.envFrom?.compactMap(\.configMapRef?.name) == ["proxy-from-flag"])
    // The seed's spellings of the flags are accepted.
    #expect(try await renderedClaim(process, ["--k8s_volume_claim_name", "seed-spelling"], environment: environment) == "seed-spelling")
  }

  @Test("a mount path that is not absolute, a claim name Kubernetes refuses: exit 2 before anything runs; --print-config still shows them")
  func unusableSettings() async throws {
    let process = try ExampleProcess("settings-unusable")
    defer { process.remove() }
    let relative = try await process.run("collect-lyon", ["--runner", "host", "--k8s-volume-mount-path", "data"])
    #expect(relative.status == 2)
    #expect(
      relative.standardError.contains(
        "error: the volume's mount path data (flag --k8s-volume-mount-path) is not absolute\n  hint: containers mount volumes at absolute paths: /data?"
      ),
      "\(relative.standardError)")
    let badClaim = try await process.run("collect-lyon", ["--render"], environment: ["KUBEVOLUMECLAIMNAME": "Lyon_Data"])
    #expect(badClaim.status == 2)
    #expect(
      badClaim.standardError.contains("error: the volume claim name Lyon_Data (environment KUBEVOLUMECLAIMNAME) is not a Kubernetes name"))
    #expect(badClaim.standardOutput.isEmpty)
    #expect(process.runs().isEmpty)
    let shown = try await process.run("collect-lyon", ["--print-config"], environment: ["KUBEVOLUMECLAIMNAME": "Lyon_Data"])
    #expect(shown.status == 0)
    #expect(Self.rows(shown.standardOutput)["k8s_volume_claim_name"]?.value == "Lyon_Data")
  }

  @Test("a run here uses the claim of the settings: its folder is .hera/volumes/<claim>")
  func runHereUsesTheClaim() async throws {
    let process = try ExampleProcess("settings-run")
    defer { process.remove() }
    try process.folder.write("hera.config", "k8s_volume_claim_name = from-file\n")
    let result = try await process.run(
      "collect-lyon", ["--runner", "host", "--progress", "none", "--vintages", "2009", "--boroughs", "LYON_1ER"],
      environment: ["KUBEVOLUMECLAIMNAME": "from-environment"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(process.files(under: process.volume("from-environment")) == ["collect-lyon/stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml"])
    #expect(!FileManager.default.fileExists(atPath: process.volume("from-file")))
    #expect(!FileManager.default.fileExists(atPath: process.volume("lyon-data")))
    #expect(
      result.standardOutput.contains(
        "Results: 1 file written in .hera/volumes/from-environment (/within-container-mount-point in the containers):"))
  }
}
