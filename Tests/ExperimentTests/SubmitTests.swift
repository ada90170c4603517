import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// Every example submitted to the stand-in Argo Server (over TLS on 127.0.0.1), followed to its
/// end: the workflow the server received carries the environment of execution.
@Suite struct SubmitTests {
  /// An Argo Server that runs what it is sent, and the settings that reach it.
  struct Server {
    let simulator: ArgoServerSimulator
    let caFile: String

    init(_ process: ExampleProcess) async throws {
      var settings = ArgoServerSimulator.Settings()
      settings.acceptedAuthorizations = [ExampleProcess.token]
      settings.namespaces = ["lyon"]
      // The coin falls on heads: `when` then runs one step and skips the other.
      settings.podOutputs = ["flip-coin": ["result": "heads"]]
      simulator = try await ArgoServerSimulator(settings: settings)
      caFile = try process.folder.write("argo-ca.crt", simulator.certificateAuthorityPEM ?? "")
    }

    var environment: [String: String] {
      ["ARGO_SERVER": simulator.url, "ARGO_TOKEN": ExampleProcess.token, "ARGO_NAMESPACE": "lyon"]
    }

    /// The workflows the server holds in namespace lyon, as the model reads them.
    func workflows() async throws -> [Workflow] {
      try await simulator.workflows(namespace: "lyon").map { try Workflow(json: $0, options: .preserving) }
    }
  }

  struct Example: Sendable, CustomTestStringConvertible {
    var name: String
    var mountsVolume: Bool
    var usesEnvironment: Bool
    var testDescription: String { name }
  }

  static let examples = [
    Example(name: "hello-world", mountsVolume: false, usesEnvironment: false),
    Example(name: "coin-flip", mountsVolume: false, usesEnvironment: false),
    Example(name: "collect-lyon", mountsVolume: true, usesEnvironment: true),
    Example(name: "lyon-pipeline", mountsVolume: true, usesEnvironment: true),
    Example(name: "environment-check", mountsVolume: true, usesEnvironment: true),
    Example(name: "proxy-configmap", mountsVolume: false, usesEnvironment: true),
  ]

  @Test("--submit --wait: the server gets the workflow with the environment, and it is followed to its end", arguments: examples)
  func submitsAndWaits(_ example: Example) async throws {
    let process = try ExampleProcess("submit-\(example.name)")
    defer { process.remove() }
    let server = try await Server(process)
    await server.simulator.autoAdvance(every: .milliseconds(20))
    let environment = server.environment.merging(["ARGO_SERVICE_ACCOUNT": "experimenter", "KUBECONFIGMAP": "cluster-proxy"]) { $1 }
    let result = try await process.run(example.name, ["--submit", "--wait", "--argo-ca-file", server.caFile], environment: environment)
    await server.simulator.stop()
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")

    let workflows = try await server.workflows()
    #expect(workflows.count == 1)
    let workflow = try #require(workflows.first)
    let name = try #require(workflow.metadata.name)
    #expect(name.hasPrefix("\(example.name)-"))
    #expect(workflow.metadata.generateName == "\(example.name)-")
    #expect(workflow.metadata.namespace == "lyon")
    #expect(workflow.spec.serviceAccountName == "experimenter", "the service account of the settings")
    #expect(workflow.status?.phase == "Succeeded")
    if example.name == "coin-flip" {
      let phases = Dictionary((workflow.status?.nodes ?? [:]).values.map { ($0.displayName ?? $0.name, $0.phase ?? "") }) { first, _ in
        first
      }
      #expect(phases["heads"] == "Succeeded")
      #expect(phases["tails"] == "Skipped")
    }
    let claims = (workflow.spec.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName }
    #expect(claims == (example.mountsVolume ? ["lyon-data"] : []))
    let containers = (workflow.spec.templates ?? []).compactMap(\.container)
    #expect(!containers.isEmpty)
    for container in containers {
      let mounts = (container.volumeMounts ?? []).map { "\($0.name) \($0.mountPath)" }
      #expect(mounts == (example.mountsVolume ? ["workdir /within-container-mount-point"] : []))
      let sources = (container.envFrom ?? []).compactMap(\.configMapRef?.name)
      #expect(sources == (example.usesEnvironment ? ["cluster-proxy"] : []), "\(container.image ?? "")")
    }

    // What it said: the workflow, where results go, and how it ended; nothing was run here.
    #expect(result.standardOutput.contains(name))
    #expect(result.standardOutput.contains("Succeeded"), "\(result.standardOutput)")
    let results = "Results go to the volume claim lyon-data, mounted at /within-container-mount-point, in namespace lyon"
    #expect(result.standardOutput.contains(results) == example.mountsVolume, "\(result.standardOutput)")
    // No kubeconfig: the claim and the ConfigMap the workflow uses could not be checked.
    let needs = example.mountsVolume ? "volume claim lyon-data, ConfigMap cluster-proxy" : "ConfigMap cluster-proxy"
    let unchecked = "warning: what the workflow needs on the cluster is not checked (\(needs)): "
    #expect(result.standardError.contains(unchecked) == example.usesEnvironment, "\(result.standardError)")
    #expect(result.standardError.contains("warning") == example.usesEnvironment, "\(result.standardError)")
    #expect(!result.standardError.contains("note: no Argo Server"))
    #expect(process.runs().isEmpty)
  }

  @Test("--submit --watch shows the progress, node by node, to the end")
  func watches() async throws {
    let process = try ExampleProcess("submit-watch")
    defer { process.remove() }
    let server = try await Server(process)
    await server.simulator.autoAdvance(every: .milliseconds(20))
    let result = try await process.run(
      "collect-lyon",
      [
        "--submit", "--watch", "--progress", "plain", "--argo-ca-file", server.caFile, "--vintages", "2015", "--boroughs", "LYON_2EME",
        "LYON_3EME",
      ],
      environment: server.environment)
    await server.simulator.stop()
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    for node in ["collect-2015(0:LYON_2EME)", "collect-2015(1:LYON_3EME)", "print-results"] {
      #expect(
        result.standardOutput.lines.contains { $0.contains("✔ \(node)") && $0.contains("Succeeded") }, "\(node): \(result.standardOutput)")
    }
    #expect(result.standardOutput.contains("3/3 succeeded"), "\(result.standardOutput)")
    let workflow = try #require(try await server.workflows().first)
    #expect(workflow.spec.templates?.first { $0.name == "main" }?.dag?.tasks.map(\.name) == ["collect-2015", "print-results"])
  }

  @Test("a server that does not answer ends the submission with exit 4 and a hint; nothing runs here instead")
  func unreachableServer() async throws {
    let process = try ExampleProcess("submit-unreachable")
    defer { process.remove() }
    // A port that was just closed: nothing listens there.
    let closed = try await TestHTTPServer(mode: .plainHTTP) { _ in .json(200, "{}") }
    let port = closed.port
    await closed.stop()
    let result = try await process.run(
      "hello-world", ["--submit"], environment: ["ARGO_SERVER": "127.0.0.1:\(port)", "ARGO_TOKEN": ExampleProcess.token])
    #expect(result.status == 4, "\(result.standardError)")
    #expect(result.standardError.contains("error: nothing answers at 127.0.0.1:\(port) (connection refused)"), "\(result.standardError)")
    #expect(result.standardError.contains("hint: "))
    #expect(process.runs().isEmpty)
  }

  @Test("a refused token ends the submission with exit 8, the token in no output")
  func refusedToken() async throws {
    let process = try ExampleProcess("submit-refused")
    defer { process.remove() }
    let server = try await Server(process)
    defer { Task { await server.simulator.stop() } }
    let wrong = "Bearer v2:\(ExampleProcess.secret)-expired"
    let result = try await process.run(
      "hello-world", ["--submit", "--argo-ca-file", server.caFile], environment: server.environment.merging(["ARGO_TOKEN": wrong]) { $1 })
    #expect(result.status == 8, "\(result.standardError)")
    #expect(result.standardError.contains("error: "))
    #expect(await server.simulator.creations == 0)
  }
}
