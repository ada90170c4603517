import ArgoModel
import ArgoTestSupport
import Foundation
import Testing

@testable import LocalEngine

/// Argo's own examples (`../shared/argo/examples`), run on this machine with the host runner and
/// compared with what Argo does with them (`Conformance/`).
///
/// Each run gets at most 15 s (some a little more: `Conformance.longerLimits`); then it is
/// terminated (suspensions without a duration, `forever`, long sleeps). Every run must end with
/// a phase and with a message on each node that failed; the examples listed in `mustSucceed`
/// must succeed; every example with an expectation must match it node by node, except where a
/// known deviation of the engine is listed. Examples that need a cluster (resource templates),
/// the network (git, HTTP, S3 inputs) or an image's own programs (no command) fail with a
/// message saying so, and are listed with the reason they cannot run here.
///
/// To see the figures: `swift test --skip-build --filter ExampleRunTests` prints the report.
@Suite("Argo's examples run locally")
struct ExampleRunTests {
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

  @Test("every example ends with a phase and explains its failures; the portable ones succeed; each matches Argo's outcome")
  func examples() async throws {
    let library = try ExampleLibrary.load()
    let scratch = try Scratch()
    let store = RunStore(root: scratch.directory.appendingPathComponent(".hera"))
    let settings = ExampleRunSettings(runner: { _ in HostRunner(gracePeriod: .seconds(1)) }, limits: Conformance.longerLimits)
    let runs = await library.run(settings: settings, store: store)

    #expect(runs.count >= 190)
    let succeeded = runs.filter { $0.phase == "Succeeded" }
    #expect(succeeded.count >= Self.mustSucceed.count)
    for run in runs {
      #expect(["Succeeded", "Failed", "Error"].contains(run.phase), "\(run.name) ended \(run.phase)")
      #expect(run.failedWithoutMessage.isEmpty, "\(run.name): nodes failed without a message: \(run.failedWithoutMessage)")
      if Self.mustSucceed.contains(run.name) {
        #expect(run.phase == "Succeeded", "\(run.name): \(run.phase) \(run.message)")
      }
    }
    #expect(Set(runs.map(\.name)).isSuperset(of: Self.mustSucceed))

    let expectations = Conformance.expectations.filter { Conformance.hostCannotRun[$0.example] == nil }
    let report = ConformanceReport(title: "host runner", runs: runs, expectations: expectations, deviations: Conformance.deviations)
    print("\(succeeded.count) of \(runs.count) example workflows succeeded locally with the host runner")
    print(report.text(notRunnable: Conformance.reasonsNotCompared(hostRunner: true)))
    #expect(report.entries.count == expectations.count, "every example with an expectation ran")
    for mismatch in report.unexplained {
      Issue.record("\(mismatch)")
    }
  }

  @Test("every example has an expectation, or a reason why it cannot run here or is not checked")
  func everyExampleIsAccountedFor() throws {
    let library = try ExampleLibrary.load()
    let names = Set(library.examples.map(\.name))
    let expected = Conformance.expectations.map(\.example)
    #expect(Set(expected).count == expected.count, "an example has two expectations")
    let lists: [(String, Set<String>)] = [
      ("expectations", Set(expected)), ("cannotRun", Set(Conformance.cannotRun.keys)),
      ("notChecked", Set(Conformance.notChecked.keys)),
    ]
    for (index, (name, list)) in lists.enumerated() {
      #expect(list.isSubset(of: names), "\(name) names examples that do not exist: \(list.subtracting(names).sorted())")
      for (otherName, other) in lists.dropFirst(index + 1) {
        #expect(list.isDisjoint(with: other), "in both \(name) and \(otherName): \(list.intersection(other).sorted())")
      }
    }
    let accounted = lists.reduce(into: Set<String>()) { $0.formUnion($1.1) }
    #expect(names.subtracting(accounted).isEmpty, "examples without an expectation or a reason: \(names.subtracting(accounted).sorted())")
    #expect(Set(Conformance.hostCannotRun.keys).isSubset(of: Set(expected)))
    #expect(Set(Conformance.longerLimits.keys).isSubset(of: Set(expected)))
    for deviation in Conformance.deviations {
      #expect(Set(expected).contains(deviation.example), "a known deviation of an example without expectation: \(deviation.example)")
    }
  }
}

extension ExampleRunTests {
  @Test("the examples Argo's own end-to-end tests run (no no-test label) are expected to succeed")
  func argoEndToEndExamplesSucceed() throws {
    // Argo's test/e2e/examples_test.go submits every example without the label
    // workflows.argoproj.io/no-test and waits for it to succeed: a check of our tables.
    let library = try ExampleLibrary.load()
    let labelled = Set(library.examples.filter { $0.workflow.metadata.labels?["workflows.argoproj.io/no-test"] != nil }.map(\.name))
    var checked = 0
    for expectation in Conformance.expectations {
      guard let phase = expectation.fixedPhase, !labelled.contains(expectation.example) else { continue }
      checked += 1
      #expect(phase == "Succeeded", "\(expectation.example) is run by Argo's tests, which expect it to succeed, but we expect \(phase)")
    }
    #expect(checked > 50)
  }
}

extension Conformance {
  /// Why the examples without a comparison are not compared, for the report.
  static func reasonsNotCompared(hostRunner: Bool) -> [String: String] {
    var reasons = cannotRun
    for (name, reason) in notChecked { reasons[name] = "not checked: \(reason)" }
    if hostRunner {
      for (name, reason) in hostCannotRun { reasons[name] = "not with the host runner: \(reason)" }
    }
    return reasons
  }
}
