import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// environment-check and proxy-configmap, run here: what a container gets from the environment
/// of execution (the volume, the proxy ConfigMap's values) is what they print.
@Suite struct EnvironmentExamplesTests {
  static let local = ["--runner", "host", "--progress", "none"]

  static func configMap(_ name: String, _ values: [String: String]) -> String {
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n"
      + values.sorted { $0.key < $1.key }.map { "  \($0.key): \"\($0.value)\"\n" }.joined()
  }

  /// The lines a pod printed, as the run's summary shows them.
  static func printed(_ output: String, by pod: String) -> [String] {
    let lines = output.lines
    guard let start = lines.firstIndex(of: "\(pod) printed:") else { return [] }
    return Array(lines[(start + 1)...].prefix { $0.hasPrefix("  ") }.map { String($0.dropFirst(2)) })
  }

  @Test("environment-check prints the proxy ConfigMap's values and the volume, and writes on it")
  func environmentCheck() async throws {
    let process = try ExampleProcess("environment-check")
    defer { process.remove() }
    let plain = try await process.run("environment-check", Self.local)
    #expect(plain.status == 0, "\(plain.standardError)")
    var printed = Self.printed(plain.standardOutput, by: "report")
    #expect(printed.first?.hasPrefix("host: ") == true, "\(plain.standardOutput)")
    #expect(printed.contains("user: \(getuid()):\(getgid())"))
    #expect(printed.contains("proxy ConfigMaps: none"))
    #expect(
      printed.contains("volume lyon-data at \(process.volume("lyon-data")):"), "the mount path is the claim's folder here: \(printed)")
    let check = try #require(process.text(process.volume("lyon-data") + "/environment-check/last-check"))
    let years = [-86_400.0, 86_400].map { String(Calendar(identifier: .gregorian).component(.year, from: Date(timeIntervalSinceNow: $0))) }
    #expect(years.contains { check.contains($0) }, "a date: \(check)")
    #expect(
      plain.standardOutput.contains(
        "Results: 1 file written in .hera/volumes/lyon-data (/within-container-mount-point in the containers):\n  environment-check/last-check  "
      ))

    // Another claim and a proxy ConfigMap, given by the environment and the command line.
    let proxy = try process.folder.write(
      "cluster-proxy.yaml", Self.configMap("cluster-proxy", ["HTTPS_PROXY": "http://proxy.lyon.example:3128", "no_proxy": ".lyon.example"]))
    let configured = try await process.run(
      "environment-check", Self.local + ["--k8s-configmap-name", "cluster-proxy", "--resources", proxy],
      environment: ["KUBEVOLUMECLAIMNAME": "scratch"])
    #expect(configured.status == 0, "\(configured.standardError)")
    printed = Self.printed(configured.standardOutput, by: "report")
    #expect(printed.contains("proxy ConfigMaps: cluster-proxy"), "\(configured.standardOutput)")
    #expect(printed.contains("  HTTPS_PROXY=http://proxy.lyon.example:3128"))
    #expect(printed.contains("  no_proxy=.lyon.example"))
    #expect(printed.contains("volume scratch at \(process.volume("scratch")):"))
    #expect(process.files(under: process.volume("scratch")) == ["environment-check/last-check"])
    #expect(!configured.standardError.contains("warning"), "\(configured.standardError)")
  }

  @Test("proxy-configmap shows the ConfigMap's values: this machine's proxy, or a manifest given with --resources")
  func proxyConfigMap() async throws {
    let process = try ExampleProcess("proxy-configmap")
    defer { process.remove() }
    // No proxy on this machine: the ConfigMap is empty.
    let direct = try await process.run("proxy-configmap", Self.local)
    #expect(direct.status == 0, "\(direct.standardError)")
    #expect(
      Self.printed(direct.standardOutput, by: "show-proxy") == [
        "ConfigMap proxy-environment, as environment variables:", "  (no proxy variable: direct connections)",
      ],
      "\(direct.standardOutput)")

    // This machine's proxy variables stand for the ConfigMap (the host runner passes no other
    // variable of the environment to the pod).
    let machine = ["HTTPS_PROXY": "http://machine-proxy:3128", "no_proxy": "localhost", "UNRELATED": "x"]
    let fromMachine = try await process.run("proxy-configmap", Self.local, environment: machine)
    #expect(fromMachine.status == 0, "\(fromMachine.standardError)")
    #expect(
      Self.printed(fromMachine.standardOutput, by: "show-proxy") == [
        "ConfigMap proxy-environment, as environment variables:", "  HTTPS_PROXY=http://machine-proxy:3128", "  no_proxy=localhost",
      ], "\(fromMachine.standardOutput)")

    // A manifest of the ConfigMap wins over this machine's values.
    let file = try process.folder.write(
      "proxy.yaml",
      Self.configMap("proxy-environment", ["HTTP_PROXY": "http://proxy.lyon.example:3128", "NO_PROXY": "localhost,.lyon.example"]))
    let given = try await process.run("proxy-configmap", Self.local + ["--resources", file], environment: machine)
    #expect(given.status == 0, "\(given.standardError)")
    #expect(
      Self.printed(given.standardOutput, by: "show-proxy") == [
        "ConfigMap proxy-environment, as environment variables:", "  HTTP_PROXY=http://proxy.lyon.example:3128",
        "  NO_PROXY=localhost,.lyon.example",
      ], "\(given.standardOutput)")

    // The ConfigMap's name from the environment, and a manifest of that name.
    let named = try process.folder.write("cluster-proxy.yaml", Self.configMap("cluster-proxy", ["https_proxy": "http://cluster:3128"]))
    let renamed = try await process.run(
      "proxy-configmap", Self.local + ["--resources", named], environment: ["KUBECONFIGMAP": "cluster-proxy"])
    #expect(
      Self.printed(renamed.standardOutput, by: "show-proxy") == [
        "ConfigMap cluster-proxy, as environment variables:", "  https_proxy=http://cluster:3128",
      ],
      "\(renamed.standardOutput)")

    // A manifest under another name than the workflow's is said to be unused.
    let unused = try await process.run("proxy-configmap", Self.local + ["--resources", named])
    #expect(unused.status == 0)
    #expect(
      unused.standardError.contains(
        "warning: --resources gives the ConfigMap cluster-proxy, which the workflow does not use (it uses proxy-environment; --k8s-configmap-name names the environment's)"
      ),
      "\(unused.standardError)")
    let missing = try await process.run("proxy-configmap", Self.local + ["--resources", process.folder.path("nothing.yaml")])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("--resources \(process.folder.path("nothing.yaml")): no such file or folder"))
  }
}
