import ArgoModel
import Foundation
import Testing

@testable import LocalEngine

/// The scheduler's walks visit only what may advance (tasks ready to start, nodes not settled,
/// fan-out items not ended): these runs check that what they decide is what a walk of every
/// task would decide, on shapes where the bookkeeping is easy to get wrong.
@Suite struct SchedulerWalkTests {
  /// A deterministic pseudo-random sequence, so that every run of the test is the same.
  struct Sequence {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  /// A DAG of `count` tasks, each depending on up to three earlier ones; some fail, some of
  /// those continue on failure.
  struct RandomDAG {
    var dependencies: [[Int]] = []
    var failing: Set<Int> = []
    var continuing: Set<Int> = []

    init(count: Int, seed: UInt64) {
      var random = Sequence(state: seed)
      for index in 0..<count {
        var chosen: Set<Int> = []
        if index > 0 {
          for _ in 0..<random.next(4) { chosen.insert(random.next(index)) }
        }
        dependencies.append(chosen.sorted())
        if random.next(12) == 0 { failing.insert(index) }
        if failing.contains(index), random.next(2) == 0 { continuing.insert(index) }
      }
    }

    var yaml: String {
      var text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {name: random}
        spec:
          entrypoint: main
          templates:
            - {name: ok, container: {image: alpine, command: ["true"]}}
            - {name: fail, container: {image: alpine, command: ["false"]}}
            - name: main
              dag:
                failFast: false
                tasks:

        """
      for (index, dependencies) in dependencies.enumerated() {
        let template = failing.contains(index) ? "fail" : "ok"
        text += "          - name: t\(index)\n            template: \(template)\n"
        if !dependencies.isEmpty { text += "            dependencies: [\(dependencies.map { "t\($0)" }.joined(separator: ", "))]\n" }
        if continuing.contains(index) { text += "            continueOn: {failed: true}\n" }
      }
      return text
    }

    /// Argo's rule for plain `dependencies`, applied in order: a task runs when each dependency
    /// succeeded, was skipped, or failed with `continueOn.failed`; otherwise it is omitted.
    var expectedPhases: [String] {
      var phases: [String] = []
      for (index, dependencies) in dependencies.enumerated() {
        let runs = dependencies.allSatisfy { dependency in
          phases[dependency] == NodePhase.succeeded || (phases[dependency] == NodePhase.failed && continuing.contains(dependency))
        }
        phases.append(!runs ? NodePhase.omitted : failing.contains(index) ? NodePhase.failed : NodePhase.succeeded)
      }
      return phases
    }

    /// Argo's DAG phase: Failed when a target (a task no other depends on) failed, or was
    /// omitted because a task before it failed, unless it continues on failure.
    var expectedDAGPhase: String {
      let phases = expectedPhases
      let dependedOn = Set(dependencies.joined())
      let failed = phases.indices.contains { index in
        !dependedOn.contains(index) && !continuing.contains(index)
          && (phases[index] == NodePhase.failed || phases[index] == NodePhase.omitted)
      }
      return failed ? NodePhase.failed : NodePhase.succeeded
    }
  }

  static func failingTemplate(_ launch: PodLaunch) -> PodResult {
    launch.template.name == "fail" ? PodResult(phase: NodePhase.failed, message: "Error (exit code 1)") : .succeeded
  }

  @Test("large random DAGs: every task ends as Argo's dependency rules say, each pod runs once, after its dependencies")
  func randomDAGsMatchArgosRules() throws {
    for seed in [1, 7, 42] as [UInt64] {
      let dag = RandomDAG(count: 300, seed: seed)
      var run = try SimulatedRun(dag.yaml, options: Scheduler.Options(parallelism: 3), behaviour: Self.failingTemplate)
      let outcome = run.run(maxSteps: 100_000)
      let expected = dag.expectedPhases
      for (index, phase) in expected.enumerated() {
        #expect(run.phase("t\(index)") == phase, "seed \(seed): t\(index)")
      }
      #expect(outcome?.phase == dag.expectedDAGPhase, "seed \(seed)")
      let launched = run.launches.map(\.nodeName)
      #expect(launched.count == Set(launched).count, "seed \(seed): a pod launched twice")
      #expect(launched.count == expected.filter { $0 != NodePhase.omitted }.count, "seed \(seed)")
      let order = Dictionary(uniqueKeysWithValues: launched.enumerated().map { ($0.element, $0.offset) })
      for (index, dependencies) in dag.dependencies.enumerated() {
        guard let at = order["random.t\(index)"] else { continue }
        for dependency in dependencies {
          #expect((order["random.t\(dependency)"] ?? Int.max) < at, "seed \(seed): t\(index) launched before t\(dependency)")
        }
      }
      #expect(run.maxConcurrent <= 3)
    }
  }

  @Test(
    "a chain of omitted tasks is decided in the step that ended the failure, down to the task that waits for it; the DAG's targets decide its phase"
  )
  func omittedChainsAreDecidedAtOnce() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: chain}
      spec:
        entrypoint: main
        templates:
          - {name: ok, container: {image: alpine, command: ["true"]}}
          - {name: fail, container: {image: alpine, command: ["false"]}}
          - name: main
            dag:
              failFast: false
              tasks:
                - {name: a, template: fail}
                - {name: b, template: ok, depends: "a.Succeeded"}
                - {name: c, template: ok, depends: "b"}
                - {name: d, template: ok, depends: "c.Omitted || c.Skipped"}
                - {name: e, template: ok, depends: "a.Failed && d"}
      """
    var run = try SimulatedRun(yaml, behaviour: Self.failingTemplate)
    var afterFirst: [String: String] = [:]
    run.observe = { workflow, _ in
      guard afterFirst.isEmpty else { return }
      for node in (workflow.status?.nodes ?? [:]).values { afterFirst[node.displayName ?? node.name] = node.phase }
    }
    // `e`, the only target, succeeded: as in Argo, a failure other tasks depend on with
    // `.Failed` does not fail the DAG.
    #expect(run.run()?.phase == NodePhase.succeeded)
    #expect(run.phase("a") == NodePhase.failed)
    #expect(afterFirst["b"] == NodePhase.omitted)
    #expect(afterFirst["c"] == NodePhase.omitted)
    #expect(afterFirst["d"] == NodePhase.running, "d starts in the same step")
    #expect(run.phase("d") == NodePhase.succeeded)
    #expect(run.phase("e") == NodePhase.succeeded)
    #expect(run.launches.map(\.nodeName) == ["chain.a", "chain.d", "chain.e"])
  }

  @Test("a task reads the outputs of the tasks before it, not only of its direct dependencies")
  func tasksReadOutputsOfTasksThatEnded() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: reads}
      spec:
        entrypoint: main
        templates:
          - name: echo
            inputs: {parameters: [{name: message}]}
            container: {image: alpine, command: [echo], args: ["{{inputs.parameters.message}}"]}
          - name: main
            dag:
              tasks:
                - {name: first, template: echo, arguments: {parameters: [{name: message, value: one}]}}
                - {name: second, template: echo, dependencies: [first], arguments: {parameters: [{name: message, value: two}]}}
                - name: third
                  template: echo
                  dependencies: [second]
                  arguments: {parameters: [{name: message, value: "{{tasks.first.outputs.result}}+{{=tasks.second.outputs.result}}"}]}
      """
    var run = try SimulatedRun(yaml, behaviour: echo)
    #expect(run.run()?.phase == NodePhase.succeeded)
    #expect(run.launches.last?.template.container?.args == ["one+two"])
  }

  @Test("steps fan-out with parallelism and failFast: at most N items at once, nothing new after a failure, the group fails")
  func stepsFanOutLimitsAndStops() throws {
    let items = (0..<20).map(String.init).joined(separator: ", ")
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: fan}
      spec:
        entrypoint: main
        templates:
          - name: work
            inputs: {parameters: [{name: number}]}
            container: {image: alpine, command: [echo], args: ["{{inputs.parameters.number}}"]}
          - name: main
            parallelism: 3
            failFast: true
            steps:
              - - name: each
                  template: work
                  arguments: {parameters: [{name: number, value: "{{item}}"}]}
                  withItems: [\(items)]
              - - {name: after, template: work, arguments: {parameters: [{name: number, value: done}]}}
      """
    var run = try SimulatedRun(yaml) { launch in
      launch.template.container?.args == ["5"] ? PodResult(phase: NodePhase.failed, message: "Error (exit code 1)") : .succeeded
    }
    var mostAtOnce = 0
    run.observe = { _, running in mostAtOnce = max(mostAtOnce, running.count) }
    #expect(run.run()?.phase == NodePhase.failed)
    #expect(mostAtOnce <= 3)
    let launched = run.launches.compactMap { $0.template.container?.args?.first }
    #expect(launched.contains("5"))
    #expect(!launched.contains("19"), "no item starts after the failure")
    #expect(!launched.contains("done"))
    #expect(run.node("[0]")?.phase == NodePhase.failed)
  }

  @Test("a run continued from a saved status runs only what did not succeed, each once")
  func resumedDAGsRunTheRest() throws {
    let dag = RandomDAG(count: 120, seed: 3)
    let yaml = dag.yaml
    var first = try SimulatedRun(yaml, options: Scheduler.Options(parallelism: 2), behaviour: { _ in .succeeded })
    first.run(maxSteps: 50)
    #expect(first.finished == nil, "the first run is cut short")
    let done = Set((first.workflow.status?.nodes ?? [:]).values.filter { $0.type == "Pod" && $0.phase == NodePhase.succeeded }.map(\.name))
    #expect(!done.isEmpty)

    var second = try SimulatedRun(yaml, options: Scheduler.Options(parallelism: 2), behaviour: { _ in .succeeded })
    second.scheduler = try Scheduler(workflow: LocalRun.resumable(first.workflow), options: Scheduler.Options(parallelism: 2))
    #expect(second.run(maxSteps: 100_000)?.phase == NodePhase.succeeded)
    let rerun = Set(second.launches.map(\.nodeName))
    #expect(rerun.isDisjoint(with: done), "a task that succeeded ran again: \(rerun.intersection(done).sorted())")
    #expect(rerun.union(done).count == 120)
    #expect(second.launches.count == rerun.count)
  }
}
