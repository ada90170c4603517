import ArgoModel
import ArgoTestSupport
import Foundation
import struct Hera.TemplateLibrary
import Testing

@testable import LocalEngine

/// Argo's own examples (`../shared/argo/examples`), run on this machine with the host runner.
///
/// Each run gets at most `limit`; then it is terminated (suspensions without a duration,
/// `forever`, long sleeps). Every run must end with a phase and with a message on each node
/// that failed; the examples listed in `mustSucceed` must succeed. Examples that need a
/// cluster (resource templates), the network (git, http, S3 inputs) or an image's own
/// programs (no command) fail with a message saying so.
@Suite("Argo's examples run locally")
struct ExampleRunTests {
  static let limit: Duration = .seconds(15)

  /// Examples that succeed on this machine with the host runner, deterministically (those
  /// whose outcome is random, or that need an image's programs, the network or a cluster, are
  /// not listed).
  static let mustSucceed: Set<String> = [
    "archive-location", "arguments-parameters", "arguments-parameters-from-configmap", "artifact-disable-archive",
    "artifact-gc-workflow", "artifact-passing", "artifact-passing-explicit-plugin", "artifact-passing-subpath",
    "artifact-path-placeholders", "artifact-repository-ref", "artifactory-artifact",
    "cluster-workflow-template/mixed-cluster-namespaced-wftmpl-steps", "cluster-workflow-template/workflow-template-ref",
    "cluster-workflow-template/workflow-template-ref-with-entrypoint-arg-passing", "coinflip", "coinflip-recursive",
    "conditional-artifacts", "conditional-parameters", "conditionals-complex",
    "container-set-template/outputs-result-workflow", "continue-on-fail", "dag-coinflip",
    "dag-conditional-artifacts", "dag-conditional-parameters", "dag-diamond", "dag-diamond-steps", "dag-multiroot",
    "dag-nested", "dag-targets", "default-pdb-support", "dns-config", "exit-code-output-variable", "exit-handler-dag-level",
    "exit-handler-step-level", "exit-handler-with-artifacts", "exit-handler-with-param", "expression-destructure-json",
    "expression-destructure-json-complex", "expression-reusing-verbose-snippets", "fibonacci-seq-conditional-param",
    "gc-ttl", "global-outputs", "global-parameters", "global-parameters-from-configmap",
    "global-parameters-from-configmap-referenced-as-local-variable", "handle-large-output-results", "hdfs-artifact",
    "hello-world", "image-pull-secrets", "init-container", "input-artifact-raw", "life-cycle-hooks-tmpl-level", "loops",
    "loops-dag", "loops-maps", "loops-param-argument", "loops-sequence", "memoize-simple", "nested-workflow",
    "node-selector", "output-artifact-azure", "output-artifact-gcs", "output-artifact-s3", "output-parameter",
    "parameter-aggregation", "parameter-aggregation-dag", "parameter-aggregation-script", "pod-metadata",
    "pod-metadata-wf-field", "pod-resources", "pod-resources-template-override", "pod-spec-from-previous-step",
    "pod-spec-patch", "pod-spec-patch-wf-tmpl", "pod-spec-yaml-patch", "recursive-for-loop", "resource-claims",
    "resource-claims-template-override", "scripts-bash", "scripts-python", "skipped-output-defaults/expression-fallback",
    "status-reference", "steps", "synchronization-db-mutex-wf-level", "synchronization-db-wf-level",
    "synchronization-mutex-wf-level", "synchronization-wf-level", "template-on-exit",
    "title-and-description-with-markdown", "volumes-existing", "volumes-pvc", "withsequence-nested-result",
    "workflow-template/hello-world", "workflow-template/workflow-archive-logs", "workflow-template/workflow-template-ref",
    "workflow-template/workflow-template-ref-with-entrypoint-arg-passing",
  ]

  struct Outcome: Sendable {
    var name: String
    var phase: String
    var timedOut: Bool
    var failedWithoutMessage: [String]
    var message: String
  }

  @Test("every example ends with a phase and explains its failures; the portable ones succeed")
  func examples() async throws {
    var manifests: [(file: String, manifest: Manifest)] = []
    for file in SharedData.exampleFiles() {
      let documents = try ManifestReader(options: .preserving).read(contentsOf: file.path)
      manifests += documents.map { (file.path, $0.manifest) }
    }
    let templates = TemplateLibrary(manifests.map(\.manifest))
    let resources = LocalResources(manifests: manifests.map(\.manifest))
    let library = (templates.workflowTemplates, templates.clusterWorkflowTemplates)
    let workflows = manifests.compactMap { entry -> (String, Workflow)? in
      guard case .workflow(let workflow) = entry.manifest else { return nil }
      // Named by their path in the folder: workflow-template/steps is not steps.
      let relative = entry.file.dropFirst(SharedData.examples.path.count + 1)
      return (String(relative.hasSuffix(".yaml") ? relative.dropLast(5) : relative), workflow)
    }
    let scratch = try Scratch()
    let store = RunStore(root: scratch.directory.appendingPathComponent(".hera"))

    let outcomes = await withTaskGroup(of: Outcome.self) { group in
      var results: [Outcome] = []
      var next = 0
      func add() {
        guard next < workflows.count else { return }
        let (name, workflow) = workflows[next]
        next += 1
        group.addTask {
          await Self.run(name, workflow, store: store, resources: resources, templates: library.0, clusterTemplates: library.1)
        }
      }
      for _ in 0..<3 { add() }
      for await outcome in group {
        results.append(outcome)
        add()
      }
      return results
    }

    let succeeded = outcomes.filter { $0.phase == "Succeeded" }
    print("\(succeeded.count) of \(outcomes.count) example workflows succeeded locally with the host runner")
    for outcome in outcomes.sorted(by: { $0.name < $1.name }) where outcome.phase != "Succeeded" {
      print("  \(outcome.name): \(outcome.phase)\(outcome.timedOut ? " (time limit)" : "") \(outcome.message)")
    }
    #expect(outcomes.count >= 190)
    #expect(succeeded.count >= Self.mustSucceed.count)
    for outcome in outcomes {
      #expect(["Succeeded", "Failed", "Error"].contains(outcome.phase), "\(outcome.name) ended \(outcome.phase)")
      #expect(outcome.failedWithoutMessage.isEmpty, "\(outcome.name): nodes failed without a message: \(outcome.failedWithoutMessage)")
      if Self.mustSucceed.contains(outcome.name) {
        #expect(outcome.phase == "Succeeded", "\(outcome.name): \(outcome.phase) \(outcome.message)")
      }
    }
    #expect(Set(outcomes.map(\.name)).isSuperset(of: Self.mustSucceed))
  }

  static func run(
    _ name: String, _ workflow: Workflow, store: RunStore, resources: LocalResources, templates: [String: WorkflowTemplate],
    clusterTemplates: [String: ClusterWorkflowTemplate]
  ) async -> Outcome {
    let local: LocalRun
    do {
      var named = workflow
      named.metadata.name = nil
      named.metadata.generateName = (workflow.metadata.name ?? workflow.metadata.generateName ?? "example-")
        .trimmingCharacters(in: CharacterSet(charactersIn: "-")) + "-"
      let prepared = try LocalRun.prepare(named, workflowTemplates: templates, clusterWorkflowTemplates: clusterTemplates)
      local = try LocalRun(
        workflow: prepared,
        options: LocalRunOptions(
          store: store, resources: resources, parallelism: 4, workflowTemplates: templates, clusterWorkflowTemplates: clusterTemplates,
          runner: { _ in HostRunner(gracePeriod: .seconds(1)) }))
    } catch {
      return Outcome(name: name, phase: "Error", timedOut: false, failedWithoutMessage: [], message: error.description)
    }
    let timer = Task {
      try await Task.sleep(for: limit)
      await local.terminate()
    }
    let final = await local.run()
    let timedOut = timer.isCancelled == false && (final.status?.message ?? "").contains("Terminate")
    timer.cancel()
    let silent = (final.status?.nodes ?? [:]).values
      .filter { NodePhase.isFailure($0.phase) && ($0.message ?? "").isEmpty }
      .map { $0.displayName ?? $0.name }
    return Outcome(
      name: name, phase: final.status?.phase ?? "none", timedOut: timedOut, failedWithoutMessage: silent,
      message: final.status?.message ?? "")
  }
}
