import ArgoModel
import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

/// One workflow, submitted with `hera submit --wait` to the stand-in Argo Server and run here
/// with `hera run`, ends the same way node by node: the stand-in runs workflows with the
/// engine's scheduler, so what a submission test sees of `when`, `depends` on a fan-out and
/// retries is what the engine does, and only the pods are pretended (scripted by the workflow's
/// annotations to do what the real commands do here).
@Suite struct SubmissionFidelityTests {
  static let token = "Bearer v2:fidelity-token"

  /// A coin that falls on heads (`echo heads`, read by `when`); a fan-out whose second item fails,
  /// with a task for any success and one for all failures; a task that fails its first attempt
  /// and succeeds on retry; a last task that waits for both branches.
  static let workflow = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      generateName: fidelity-
      annotations:
        simulator.hera/fail: "fan(1:2)"
        simulator.hera/fail-once: flaky
    spec:
      entrypoint: main
      templates:
        - name: main
          dag:
            tasks:
              - {name: flip, template: say, arguments: {parameters: [{name: text, value: heads}]}}
              - {name: heads, template: ok, depends: flip, when: "{{tasks.flip.outputs.result}} == heads"}
              - {name: tails, template: ok, depends: flip, when: "{{tasks.flip.outputs.result}} == tails"}
              - name: fan
                template: check
                withItems: [1, 2, 3]
                arguments: {parameters: [{name: number, value: "{{item}}"}]}
              - {name: any, template: ok, depends: fan.AnySucceeded}
              - {name: all-failed, template: ok, depends: fan.AllFailed}
              - {name: flaky, template: flaky}
              - {name: last, template: ok, depends: "flaky && (heads || tails)"}
        - name: say
          inputs: {parameters: [{name: text}]}
          container: {image: alpine, command: [echo, "{{inputs.parameters.text}}"]}
        - name: ok
          container: {image: alpine, command: ["true"]}
        - name: check
          inputs: {parameters: [{name: number}]}
          container: {image: alpine, command: [sh, -c, "test {{inputs.parameters.number}} != 2"]}
        - name: flaky
          retryStrategy: {limit: 2}
          container: {image: alpine, command: [sh, -c, "test {{retries}} -ge 1"]}
    """

  /// Each node's display name, type and phase, and the workflow's phase and message.
  struct Outcome: Equatable, CustomStringConvertible {
    var phase: String?
    var message: String?
    var nodes: [String: String]

    init(_ workflow: Workflow) {
      phase = workflow.status?.phase
      message = workflow.status?.message
      // Names and node IDs (hashes of names) hold the workflow's generated name, which differs:
      // they are shown as the node's display name, the workflow's as WORKFLOW.
      let name = workflow.metadata.name ?? ""
      let all = workflow.status?.nodes ?? [:]
      func shown(_ node: NodeStatus) -> String { node.name == name ? "WORKFLOW" : node.displayName ?? node.name }
      func general(_ text: String?) -> String? {
        guard var text else { return nil }
        for id in all.keys.sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: id, with: "<\(shown(all[id]!))>") }
        return text.replacingOccurrences(of: name, with: "WORKFLOW")
      }
      message = general(message)
      var nodes: [String: String] = [:]
      for node in all.values {
        nodes[shown(node)] = "\(node.type) \(node.phase ?? "")" + (general(node.message).map { ": \($0)" } ?? "")
      }
      self.nodes = nodes
    }

    var description: String {
      "\(phase ?? "-") \(message ?? "")\n" + nodes.keys.sorted().map { "  \($0): \(nodes[$0]!)" }.joined(separator: "\n")
    }
  }

  @Test("submitted to the stand-in and run here, the workflow ends the same, node by node")
  func submissionMatchesALocalRun() async throws {
    let folder = try TemporaryFolder(prefix: "hera-fidelity")
    defer { folder.remove() }
    let file = try folder.write("fidelity.yaml", Self.workflow)
    var settings = ArgoServerSimulator.Settings()
    settings.acceptedAuthorizations = [Self.token]
    settings.namespaces = ["lyon"]
    settings.podTicks = 1
    let server = try await ArgoServerSimulator(settings: settings)
    let caFile = try folder.write("ca.crt", server.certificateAuthorityPEM ?? "")
    await server.autoAdvance(every: .milliseconds(20))
    let environment = [
      "HOME": folder.path("home"), "KUBECONFIG": folder.path("none"), "PATH": "/usr/local/bin:/usr/bin:/bin",
    ]
    let submitted = try await Executable.launch(
      "hera", ["submit", file, "--wait", "--argo-ca-file", caFile], in: folder.url,
      environment: environment.merging(["ARGO_SERVER": server.url, "ARGO_TOKEN": Self.token, "ARGO_NAMESPACE": "lyon"]) { $1 })
    await server.stop()
    let remote = try #require(
      try await server.workflows(namespace: "lyon").map { try Workflow(json: $0, options: .preserving) }.first,
      "\(submitted.standardOutput)\(submitted.standardError)")

    let ran = try await Executable.launch("hera", ["run", file, "--runner", "host"], in: folder.url, environment: environment)
    let name = try #require(RunCommandTests.runName(ran.standardOutput), "\(ran.standardOutput)\(ran.standardError)")
    let saved = try Data(contentsOf: folder.url.appendingPathComponent(".hera/runs/\(name)/workflow.json"))
    let local = try Workflow(json: try ManifestReader().values(Array(saved), format: .json)[0], options: .preserving)

    let here = Outcome(local)
    let there = Outcome(remote)
    #expect(there == here, "submitted:\n\(there)\nrun here:\n\(here)")
    // What the workflow exercises, so that the two cannot agree by both doing nothing.
    #expect(here.nodes["heads"] == "Pod Succeeded")
    #expect(here.nodes["tails"]?.hasPrefix("Skipped Skipped") == true)
    #expect(here.nodes["fan(1:2)"] == "Pod Failed: Error (exit code 1)")
    #expect(here.nodes["any"] == "Pod Succeeded")
    #expect(here.nodes["all-failed"]?.hasPrefix("Skipped Omitted") == true)
    #expect(here.nodes["flaky(0)"] == "Pod Failed: Error (exit code 1)")
    #expect(here.nodes["flaky(1)"] == "Pod Succeeded")
    #expect(here.nodes["last"] == "Pod Succeeded")
    // The exit codes say the same as the phases.
    let failed = here.phase == "Succeeded" ? 0 : 1
    #expect(submitted.status == failed, "\(submitted.standardError)")
    #expect(ran.status == failed, "\(ran.standardError)")
  }
}
