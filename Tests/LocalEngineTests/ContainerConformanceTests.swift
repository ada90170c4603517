import ArgoModel
import Foundation
import Testing

@testable import LocalEngine

/// Argo's examples whose commands are plain shell and busybox commands, run in podman with the
/// test image of `../shared/podman/setup.sh` in place of their images, and compared with the
/// same expectations as with the host runner (`Conformance/`).
///
/// Skipped, with the reason, when podman or the test image is missing.
@Suite(
  "Argo's examples in containers (podman)",
  .enabled("podman or the test image is missing (run ../shared/podman/setup.sh)") { await usablePodman.value != nil })
struct ContainerConformanceTests {
  /// Examples whose commands the test image can run (sh, echo, cat, and busybox's applets
  /// through sh), chosen to cover steps, DAGs, loops, parameters, artifacts, volumes, exit
  /// handlers, hooks, templateRefs, `continueOn`, `depends`, timeouts and failures, in about 130
  /// containers.
  static let examples: Set<String> = [
    "hello-world", "steps", "dag-diamond", "loops", "output-parameter", "artifact-passing", "artifact-path-placeholders",
    "exit-code-output-variable", "continue-on-fail", "global-outputs", "volumes-pvc", "volumes-emptydir",
    "dag-enhanced-depends", "dag-continue-on-fail", "status-reference", "scripts-bash", "exit-handlers",
    "parameter-aggregation-dag", "expression-destructure-json", "input-artifact-raw",
    "skipped-output-defaults/consumer-input-default", "skipped-output-defaults/producer-output-default",
    "loops-dag", "dag-multiroot", "dag-targets", "exit-handler-step-level", "exit-handler-dag-level", "template-on-exit",
    "pod-gc-strategy", "parameter-aggregation", "nested-workflow", "workflow-template/hello-world", "workflow-template/steps",
    "volumes-existing", "artifact-passing-subpath", "cron-backfill#backfill-v2", "dag-custom-metrics", "global-parameters",
    "arguments-parameters-from-configmap", "step-level-timeout", "expression-reusing-verbose-snippets",
  ]

  /// The images of those examples, all sent to the test image. argosay's `echo MESSAGE` prints
  /// the message, as busybox's echo does (the only use of argosay here).
  static let imageMap: [String] = ["busybox", "alpine", "ubuntu", "argoproj/argosay"].map { "\($0)=\(testImage)" }

  @Test("the examples that busybox can run match Argo's outcome in podman")
  func examplesInPodman() async throws {
    let engine = try await podman()
    let library = try ExampleLibrary.load()
    let scratch = try Scratch()
    let store = RunStore(root: scratch.directory.appendingPathComponent(".hera"))
    let map = try ImageMap(parsing: Self.imageMap)
    // The images of the chosen examples are all mapped: none is pulled.
    for name in Self.examples {
      let example = try #require(library.examples.first { $0.name == name }, "no example \(name)")
      for template in example.workflow.spec.templates ?? [] {
        if let image = template.container?.image ?? template.script?.image {
          #expect(map.map(image) == testImage, "\(name): \(image) is not mapped to the test image")
        }
      }
    }
    let settings = ExampleRunSettings(
      runner: { _ in ContainerRunner(engine: engine, gracePeriod: .seconds(1)) }, imageMap: { map.map($0) },
      concurrency: 3, limit: .seconds(90), limits: Conformance.longerLimits)
    let start = ContinuousClock.now
    let runs = await library.run(Self.examples, settings: settings, store: store)
    #expect(runs.count == Self.examples.count)
    for run in runs {
      #expect(run.failedWithoutMessage.isEmpty, "\(run.name): nodes failed without a message: \(run.failedWithoutMessage)")
    }
    let expectations = Conformance.expectations.filter { Self.examples.contains($0.example) }
    #expect(expectations.count == Self.examples.count, "every example chosen for podman has an expectation")
    let report = ConformanceReport(
      title: "podman, \(testImage)", runs: runs, expectations: expectations, deviations: Conformance.deviations)
    print(report.text(notRunnable: [:]))
    print("The podman runs took \(ContinuousClock.now - start).")
    for mismatch in report.unexplained {
      Issue.record("\(mismatch)")
    }
  }
}
