import ArgoModel
import Foundation
import Testing

@testable import LocalEngine

/// Runs a workflow through the scheduler alone: containers are simulated by `behaviour`, time
/// by a clock that moves only when told, so every run is the same.
struct SimulatedRun {
  var scheduler: Scheduler
  var clock = Date(timeIntervalSince1970: 1_800_000_000)
  var behaviour: (PodLaunch) -> PodResult
  /// Every launch, in order.
  var launches: [PodLaunch] = []
  var stops: [String] = []
  /// The memoized successes the run handed to keep.
  var memoizations: [MemoizationEntry] = []
  var maxConcurrent = 0
  var finished: (phase: String, message: String?)?
  /// Sees the workflow and the running containers' node ids after each event.
  var observe: ((Workflow, [String]) -> Void)?

  init(
    _ yaml: String, options: Scheduler.Options = Scheduler.Options(), behaviour: @escaping (PodLaunch) -> PodResult = { _ in .succeeded }
  ) throws {
    let documents = try ManifestReader().read(yaml)
    guard case .workflow(var workflow) = documents[0].manifest else { throw SchedulerError("not a workflow") }
    if workflow.metadata.name == nil { workflow.metadata.name = (workflow.metadata.generateName ?? "wf-") + "test" }
    scheduler = try Scheduler(workflow: workflow, options: options)
    self.behaviour = behaviour
  }

  var workflow: Workflow { scheduler.workflow }

  /// The node of this display name (the first, in name order).
  func node(_ displayName: String) -> NodeStatus? {
    (workflow.status?.nodes ?? [:]).values.sorted { $0.name < $1.name }.first { $0.displayName == displayName }
  }

  func phase(_ displayName: String) -> String? { node(displayName)?.phase }

  /// Runs to the end: each container launched starts at once and ends a second later, in
  /// launch order; wakes are honoured by moving the clock.
  @discardableResult
  mutating func run(maxSteps: Int = 10_000) -> (phase: String, message: String?)? {
    var running: [PodLaunch] = []
    var wake: Date?
    absorb(scheduler.start(now: clock), into: &running, wake: &wake)
    var steps = 0
    while finished == nil, steps < maxSteps {
      steps += 1
      if !running.isEmpty {
        let launch = running.removeFirst()
        clock += 1
        absorb(scheduler.handle(.podFinished(nodeID: launch.nodeID, behaviour(launch)), now: clock), into: &running, wake: &wake)
        observe?(scheduler.workflow, running.map(\.nodeID))
      } else if let due = wake {
        clock = max(clock, due)
        wake = nil
        absorb(scheduler.handle(.wake, now: clock), into: &running, wake: &wake)
      } else {
        break
      }
    }
    return finished
  }

  mutating func absorb(_ actions: [SchedulerAction], into running: inout [PodLaunch], wake: inout Date?) {
    for action in actions {
      switch action {
      case .launch(let launch):
        launches.append(launch)
        running.append(launch)
        let more = scheduler.handle(.podStarted(nodeID: launch.nodeID), now: clock)
        maxConcurrent = max(maxConcurrent, running.count)
        absorb(more, into: &running, wake: &wake)
      case .stop(let id, let cause):
        stops.append(id)
        running.removeAll { $0.nodeID == id }
        let more = scheduler.handle(
          .podFinished(nodeID: id, cause.outcome(of: PodResult(phase: NodePhase.failed, message: "stopped"))), now: clock)
        absorb(more, into: &running, wake: &wake)
      case .wake(let at):
        wake = min(wake ?? at, at)
      case .memoize(let entry):
        memoizations.append(entry)
      case .finished(let phase, let message):
        finished = (phase, message)
      }
    }
  }
}

/// A container that echoes its first argument, as `outputs.result`.
func echo(_ launch: PodLaunch) -> PodResult {
  let text = (launch.template.container?.args ?? launch.template.container?.command ?? []).last ?? ""
  return PodResult(phase: NodePhase.succeeded, outputs: Outputs(exitCode: "0", result: text))
}

@Suite struct SchedulerTests {
  static let diamond = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: diamond}
    spec:
      entrypoint: main
      templates:
        - name: main
          dag:
            tasks:
              - {name: A, template: echo, arguments: {parameters: [{name: message, value: A}]}}
              - {name: B, template: echo, dependencies: [A], arguments: {parameters: [{name: message, value: "after {{tasks.A.outputs.result}}"}]}}
              - {name: C, template: echo, dependencies: [A], arguments: {parameters: [{name: message, value: C}]}}
              - {name: D, template: echo, dependencies: [B, C], arguments: {parameters: [{name: message, value: D}]}}
        - name: echo
          inputs: {parameters: [{name: message}]}
          container: {image: alpine, command: [echo], args: ["{{inputs.parameters.message}}"]}
    """

  @Test func dagRunsInDependencyOrderWithArgosNodes() throws {
    var run = try SimulatedRun(Self.diamond, behaviour: echo)
    #expect(run.run()?.phase == NodePhase.succeeded)
    #expect(run.launches.map { $0.nodeName } == ["diamond.A", "diamond.B", "diamond.C", "diamond.D"])
    // B's argument came from A's result.
    #expect(run.launches[1].template.container?.args == ["after A"])
    #expect(run.launches[1].inputs.parameters?.first?.value == "after A")
    let root = try #require(run.workflow.status?.nodes?["diamond"])
    #expect(root.type == "DAG")
    #expect(root.phase == "Succeeded")
    let a = try #require(run.node("A"))
    #expect(a.id == run.workflow.nodeID(forNodeNamed: "diamond.A"))
    #expect(a.boundaryID == "diamond")
    #expect(root.children == [a.id])
    #expect(Set(a.children ?? []) == Set([run.node("B")?.id, run.node("C")?.id].compactMap { $0 }))
    #expect(run.launches[0].podName == run.workflow.podName(of: a))
    #expect(run.workflow.status?.progress == "4/4")
    #expect(run.workflow.status?.phase == "Succeeded")
  }

  @Test func stepsPassOutputsAndWhenSkips() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: coinflip}
      spec:
        entrypoint: main
        templates:
          - name: main
            steps:
              - - {name: flip, template: flip}
              - - {name: heads, template: say, when: "{{steps.flip.outputs.result}} == heads"}
                - {name: tails, template: say, when: "{{steps.flip.outputs.result}} == tails"}
          - name: flip
            script: {image: python, command: [python], source: "print('heads')"}
          - name: say
            container: {image: alpine, command: [echo, hi]}
      """
    var run = try SimulatedRun(yaml) { launch in
      launch.template.name == "flip" ? PodResult(phase: "Succeeded", outputs: Outputs(result: "heads")) : .succeeded
    }
    #expect(run.run()?.phase == "Succeeded")
    #expect(run.phase("heads") == "Succeeded")
    #expect(run.phase("tails") == "Skipped")
    #expect(run.node("tails")?.message == "when 'heads == tails' evaluated false")
    #expect(run.node("[0]")?.type == "StepGroup")
    #expect(run.node("flip")?.name == "coinflip[0].flip")
    #expect(run.node("heads")?.name == "coinflip[1].heads")
  }

  static let continueOnFail = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: cof}
    spec:
      entrypoint: workflow
      templates:
        - name: workflow
          dag:
            tasks:
              - {name: A, template: ok}
              - {name: B, depends: "A", template: fail}
              - {name: C, depends: "A", template: ok}
              - {name: D, depends: "B.Failed && C", template: ok}
              - {name: E, depends: "A", template: fail}
              - {name: F, depends: "A", template: ok}
              - {name: G, depends: "E && F", template: ok}
        - {name: ok, container: {image: alpine, command: ["true"]}}
        - {name: fail, container: {image: alpine, command: ["false"]}}
    """

  static func failing(_ launch: PodLaunch) -> PodResult {
    launch.template.name == "fail"
      ? PodResult(phase: "Failed", message: "Error (exit code 1)", outputs: Outputs(exitCode: "1")) : .succeeded
  }

  @Test func dependsHandlesFailuresAndOmitsWhatCannotRun() throws {
    let disabled = Self.continueOnFail.replacingOccurrences(of: "dag:\n", with: "dag:\n        failFast: false\n")
    var run = try SimulatedRun(disabled, behaviour: Self.failing)
    let outcome = run.run()
    #expect(outcome?.phase == "Failed")
    #expect(run.phase("D") == "Succeeded")
    #expect(run.phase("G") == "Omitted")
    #expect(run.node("G")?.message == "omitted: depends condition not met")
    #expect(run.node("G")?.type == "Skipped")
  }

  @Test func failFastFailsTheDAGOnceNothingRuns() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: ff}
      spec:
        entrypoint: main
        templates:
          - name: main
            dag:
              tasks:
                - {name: bad, template: fail}
                - {name: slow, template: ok}
                - {name: later, template: ok, dependencies: [slow]}
          - {name: ok, container: {image: alpine, command: ["true"]}}
          - {name: fail, container: {image: alpine, command: ["false"]}}
      """
    // As in Argo's controller, failFast decides the DAG's phase once nothing runs; a task whose
    // dependencies are met still starts.
    var run = try SimulatedRun(yaml, behaviour: Self.failing)
    #expect(run.run()?.phase == "Failed")
    #expect(run.phase("slow") == "Succeeded")
    #expect(run.phase("later") == "Succeeded")
    var relaxed = try SimulatedRun(
      yaml.replacingOccurrences(of: "dag:\n", with: "dag:\n        failFast: false\n"), behaviour: Self.failing)
    #expect(relaxed.run()?.phase == "Failed")
    #expect(relaxed.phase("later") == "Succeeded")
  }

  @Test func fanOutsExpandNameAndAggregate() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: loops}
      spec:
        entrypoint: main
        templates:
          - name: main
            dag:
              tasks:
                - {name: gen, template: gen}
                - name: each
                  template: echo
                  dependencies: [gen]
                  withParam: "{{tasks.gen.outputs.result}}"
                  arguments: {parameters: [{name: message, value: "{{item.city}}-{{item.year}}"}]}
                - name: seq
                  template: echo
                  withSequence: {count: "3", start: "1", format: "v%02d"}
                  arguments: {parameters: [{name: message, value: "{{item}}"}]}
                - name: fanin
                  template: echo
                  dependencies: [each]
                  arguments: {parameters: [{name: message, value: "{{tasks.each.outputs.result}}"}]}
          - name: gen
            script: {image: python, command: [python], source: "print(1)"}
          - name: echo
            inputs: {parameters: [{name: message}]}
            container: {image: alpine, command: [echo], args: ["{{inputs.parameters.message}}"]}
      """
    var run = try SimulatedRun(yaml) { launch in
      if launch.template.name == "gen" {
        return PodResult(phase: "Succeeded", outputs: Outputs(result: #"[{"city":"lyon","year":2009},{"city":"paris","year":2012}]"#))
      }
      return echo(launch)
    }
    #expect(run.run()?.phase == "Succeeded")
    let group = try #require(run.node("each"))
    #expect(group.type == "TaskGroup")
    #expect(group.phase == "Succeeded")
    #expect(run.node("each(0:city:lyon,year:2009)")?.phase == "Succeeded")
    #expect(run.launches.first { $0.nodeName.hasSuffix("each(1:city:paris,year:2012)") }?.template.container?.args == ["paris-2012"])
    #expect(
      run.launches.filter { $0.nodeName.contains(".seq(") }.compactMap { $0.template.container?.args?.first } == ["v01", "v02", "v03"])
    #expect(run.launches.last { $0.nodeName == "loops.fanin" }?.template.container?.args == [#"["lyon-2009","paris-2012"]"#])
  }

  @Test func retriesWithBackoffUntilSuccessOrTheLimit() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: retry}
      spec:
        entrypoint: flaky
        templates:
          - name: flaky
            retryStrategy: {limit: "3", backoff: {duration: "10s", factor: "2"}}
            container: {image: alpine, command: [sh, -c, "exit {{retries}}"]}
      """
    var attempts = 0
    var run = try SimulatedRun(yaml) { launch in
      attempts += 1
      return launch.attempt < 2 ? PodResult(phase: "Failed", message: "Error (exit code 1)") : .succeeded
    }
    let start = run.clock
    #expect(run.run()?.phase == "Succeeded")
    #expect(attempts == 3)
    let retry = try #require(run.workflow.status?.nodes?["retry"])
    #expect(retry.type == "Retry")
    #expect(retry.children?.count == 3)
    #expect(run.launches.map(\.nodeName) == ["retry(0)", "retry(1)", "retry(2)"])
    #expect(run.launches[2].template.container?.command == ["sh", "-c", "exit 2"])
    // 3 containers of a second each, and back-offs of 10 s and 20 s.
    #expect(run.clock.timeIntervalSince(start) >= 33)

    var exhausted = try SimulatedRun(yaml.replacingOccurrences(of: "limit: \"3\"", with: "limit: \"1\"")) { _ in
      PodResult(phase: "Failed", message: "Error (exit code 1)")
    }
    #expect(exhausted.run()?.phase == "Failed")
    #expect(exhausted.workflow.status?.nodes?["retry"]?.message == "No more retries left")
    #expect(exhausted.launches.count == 2)
  }

  @Test func exitHandlersRunWithTheWorkflowsStatus() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: exits}
      spec:
        entrypoint: main
        onExit: report
        templates:
          - {name: main, container: {image: alpine, command: ["false"]}}
          - name: report
            container: {image: alpine, command: [echo], args: ["status {{workflow.status}}"]}
      """
    var run = try SimulatedRun(yaml) { launch in
      launch.template.name == "main" ? PodResult(phase: "Failed", message: "Error (exit code 1)") : echo(launch)
    }
    let outcome = run.run()
    #expect(outcome?.phase == "Failed")
    #expect(outcome?.message == "Error (exit code 1)")
    #expect(run.launches.last?.nodeName == "exits.onExit")
    #expect(run.launches.last?.template.container?.args == ["status Failed"])
  }

  @Test func parallelismLimitsContainersAtOnce() throws {
    var yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: par}
      spec:
        entrypoint: main
        parallelism: 2
        templates:
          - name: main
            dag:
              tasks:

      """
    for index in 0..<6 { yaml += "          - {name: t\(index), template: ok}\n" }
    yaml += "    - {name: ok, container: {image: alpine, command: [\"true\"]}}\n"
    var run = try SimulatedRun(yaml)
    #expect(run.run()?.phase == "Succeeded")
    #expect(run.launches.count == 6)
    #expect(run.maxConcurrent == 2)
    var capped = try SimulatedRun(yaml.replacingOccurrences(of: "  parallelism: 2\n", with: ""), options: Scheduler.Options(parallelism: 3))
    #expect(capped.run()?.phase == "Succeeded")
    #expect(capped.maxConcurrent == 3)
  }

  @Test func missingInputsAreErrorsOfTheNode() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: missing}
      spec:
        entrypoint: main
        templates:
          - name: main
            steps:
              - - {name: call, template: needs}
          - name: needs
            inputs: {parameters: [{name: vintage}, {name: mode, enum: [fast, slow], default: fast}]}
            container: {image: alpine, command: [echo, "{{inputs.parameters.vintage}}"]}
      """
    var run = try SimulatedRun(yaml)
    // The step errors; its group errors, and an unsuccessful group fails its steps (Argo: "the errored step group rolls up as Failed").
    #expect(run.run()?.phase == "Failed")
    #expect(run.node("call")?.phase == "Error")
    #expect(run.node("call")?.message == "inputs.parameters.vintage was not supplied")
    #expect(run.launches.isEmpty)
  }

  @Test func suspensionsWaitTheirDuration() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: pause}
      spec:
        entrypoint: main
        templates:
          - name: main
            steps:
              - - {name: wait, template: wait}
              - - {name: after, template: ok}
          - {name: wait, suspend: {duration: "2m"}}
          - {name: ok, container: {image: alpine, command: ["true"]}}
      """
    var run = try SimulatedRun(yaml)
    let start = run.clock
    #expect(run.run()?.phase == "Succeeded")
    #expect(run.node("wait")?.type == "Suspend")
    #expect(run.clock.timeIntervalSince(start) >= 120)
  }

  @Test func stoppingRunsExitHandlersAndTerminatingDoesNot() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: stopme}
      spec:
        entrypoint: main
        onExit: bye
        templates:
          - name: main
            dag:
              tasks:
                - {name: a, template: ok}
                - {name: b, template: ok, dependencies: [a]}
          - {name: ok, container: {image: alpine, command: ["true"]}}
          - {name: bye, container: {image: alpine, command: ["true"]}}
      """
    var scheduler = try SimulatedRun(yaml).scheduler
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var actions = scheduler.start(now: now)
    guard case .launch(let a) = actions.first else {
      Issue.record("expected a launch")
      return
    }
    _ = scheduler.handle(.podStarted(nodeID: a.nodeID), now: now)
    actions = scheduler.handle(.stop(message: nil), now: now)
    #expect(actions.contains(.stop(nodeID: a.nodeID, cause: .failed(message: "Stopped with strategy 'Stop'"))))
    actions = scheduler.handle(
      .podFinished(nodeID: a.nodeID, PodResult(phase: "Failed", message: "Stopped with strategy 'Stop'")), now: now)
    guard case .launch(let bye) = actions.first(where: { if case .launch = $0 { return true } else { return false } }) else {
      Issue.record("the exit handler did not start: \(actions)")
      return
    }
    #expect(bye.nodeName == "stopme.onExit")
    actions = scheduler.handle(.podFinished(nodeID: bye.nodeID, .succeeded), now: now)
    #expect(actions.contains(.finished(phase: "Failed", message: "Stopped with strategy 'Stop'")))
    #expect(scheduler.workflow.status?.nodes?.values.contains { $0.displayName == "b" && $0.type == "Pod" } == false)

    var terminated = try SimulatedRun(yaml).scheduler
    actions = terminated.start(now: now)
    guard case .launch(let first) = actions.first else { return }
    actions = terminated.handle(.terminate, now: now)
    actions = terminated.handle(.podFinished(nodeID: first.nodeID, PodResult(phase: "Failed")), now: now)
    #expect(actions.contains(.finished(phase: "Failed", message: "Stopped with strategy 'Terminate'")))
    #expect(!actions.contains { if case .launch = $0 { return true } else { return false } })
  }

  @Test func globalOutputsAndTemplateRefs() throws {
    let library = try ManifestReader().read(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: WorkflowTemplate
      metadata: {name: lib}
      spec:
        templates:
          - name: produce
            outputs:
              parameters:
                - {name: count, globalName: total, valueFrom: {path: /tmp/count}}
            container: {image: alpine, command: ["true"]}
      """)
    guard case .workflowTemplate(let template) = library[0].manifest else { return }
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: refs}
      spec:
        entrypoint: main
        templates:
          - name: main
            steps:
              - - {name: produce, templateRef: {name: lib, template: produce}}
              - - {name: use, template: echo, arguments: {parameters: [{name: message, value: "{{workflow.outputs.parameters.total}} and {{steps.produce.outputs.parameters.count}}"}]}}
          - name: echo
            inputs: {parameters: [{name: message}]}
            container: {image: alpine, command: [echo], args: ["{{inputs.parameters.message}}"]}
      """
    var run = try SimulatedRun(yaml, options: Scheduler.Options(workflowTemplates: ["lib": template])) { launch in
      if launch.template.name == "produce" {
        return PodResult(phase: "Succeeded", outputs: Outputs(parameters: [Parameter(name: "count", value: "42")]))
      }
      return echo(launch)
    }
    #expect(run.run()?.phase == "Succeeded")
    #expect(run.launches.last?.template.container?.args == ["42 and 42"])
    #expect(run.workflow.status?.outputs?.parameters?.first { $0.name == "total" }?.value == "42")

    var missing = try SimulatedRun(yaml)
    // The step errors; its group errors, and an unsuccessful group fails its steps (Argo: "the errored step group rolls up as Failed").
    #expect(missing.run()?.phase == "Failed")
    #expect(missing.node("produce")?.phase == "Error")
    #expect(missing.node("produce")?.message?.contains("WorkflowTemplate \"lib\" not found") == true)
  }

  @Test func nestedTemplatesAndTheRecursionGuard() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: nest}
      spec:
        entrypoint: main
        templates:
          - name: main
            steps:
              - - {name: inner, template: inner}
          - name: inner
            dag:
              tasks:
                - {name: first, template: ok}
                - {name: second, template: ok, dependencies: [first]}
          - {name: ok, container: {image: alpine, command: ["true"]}}
          - name: forever
            steps:
              - - {name: again, template: forever}
      """
    var run = try SimulatedRun(yaml)
    #expect(run.run()?.phase == "Succeeded")
    #expect(run.node("inner")?.type == "DAG")
    // (A task named y would be named true: YAML 1.1 reads y as a boolean, as Argo's reader does.)
    #expect(run.node("second")?.name == "nest[0].inner.second")
    #expect(run.node("second")?.boundaryID == run.node("inner")?.id)

    var endless = try SimulatedRun(
      yaml.replacingOccurrences(of: "entrypoint: main", with: "entrypoint: forever"), options: Scheduler.Options(maxDepth: 20))
    // The step errors; its group errors, and an unsuccessful group fails its steps (Argo: "the errored step group rolls up as Failed").
    #expect(endless.run()?.phase == "Failed")
  }
}

@Suite("Synchronization")
struct SynchronizationTests {
  static let yaml = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: sync}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: a, template: locked, withItems: [1, 2, 3]}
          - {name: b, template: counted, withItems: [1, 2, 3, 4]}
      - name: locked
        synchronization: {mutexes: [{name: db}]}
        retryStrategy: {limit: 1}
        container: {image: alpine, command: ["true"]}
      - name: counted
        synchronization: {semaphores: [{configMapKeyRef: {name: limits, key: workers}}]}
        container: {image: alpine, command: ["true"]}
    """

  @Test("a mutex lets one node at a time run, a semaphore as many as its ConfigMap says; waiting nodes say so")
  func locks() throws {
    var run = try SimulatedRun(Self.yaml, options: Scheduler.Options(configMaps: ["limits": ["workers": "2"]]))
    var waitingMessages: Set<String> = []
    var peakMutex = 0
    var peakSemaphore = 0
    run.observe = { workflow, running in
      let names = running.compactMap { workflow.status?.nodes?[$0]?.templateName }
      peakMutex = max(peakMutex, names.filter { $0 == "locked" }.count)
      peakSemaphore = max(peakSemaphore, names.filter { $0 == "counted" }.count)
      for node in (workflow.status?.nodes ?? [:]).values where node.phase == "Pending" {
        if let message = node.message { waitingMessages.insert(message) }
      }
    }
    let finished = run.run()
    #expect(
      finished?.phase == "Succeeded",
      "\((run.workflow.status?.nodes ?? [:]).values.map { "\($0.displayName ?? "") \($0.type) \($0.phase ?? "") \($0.message ?? "")" }.sorted())"
    )
    #expect(peakMutex == 1)
    #expect(peakSemaphore == 2)
    #expect(waitingMessages.contains("Waiting for default/Mutex/db lock. Lock status: 0/1"))
    #expect(waitingMessages.contains("Waiting for default/ConfigMap/limits/workers lock. Lock status: 0/2"))
  }

  @Test("a semaphore whose ConfigMap is not given ends its node in Error, saying what to give")
  func missingConfigMap() throws {
    var run = try SimulatedRun(Self.yaml)
    let finished = run.run()
    #expect(finished?.phase == "Failed" || finished?.phase == "Error")
    let errored = run.workflow.status?.nodes?.values.first {
      $0.message?.contains("semaphore limits/workers") == true && $0.message?.hasPrefix("step group") != true
    }
    #expect(errored?.phase == "Error")
    #expect(errored?.message?.contains("--resources FILE") == true)
  }
}

@Suite("Memoization")
struct MemoizationTests {
  static let yaml = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: memo}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: a, template: collect, arguments: {parameters: [{name: vintage, value: "2009"}]}}
          - {name: b, template: collect, arguments: {parameters: [{name: vintage, value: "2012"}]}}
        - - {name: again, template: collect, arguments: {parameters: [{name: vintage, value: "2009"}]}}
      - name: collect
        inputs: {parameters: [{name: vintage}]}
        memoize: {key: "collect-{{inputs.parameters.vintage}}", maxAge: 1h, cache: {configMap: {name: collected}}}
        container: {image: alpine, args: ["{{inputs.parameters.vintage}}"]}
    """

  @Test("a memoized template runs once per key; later nodes and runs take its outputs while the entry is younger than maxAge")
  func memoize() throws {
    var first = try SimulatedRun(Self.yaml, behaviour: echo)
    #expect(first.run()?.phase == "Succeeded")
    // a and b run; again finds a's entry.
    #expect(first.launches.count == 2)
    #expect(first.node("again")?.memoizationStatus?.hit == true)
    #expect(first.node("again")?.outputs?.result == "2009")
    #expect(first.node("a")?.memoizationStatus?.hit == false)
    // The scheduler does no I/O: it hands each success over to be kept, once.
    #expect(first.memoizations.map(\.key).sorted() == ["collect-2009", "collect-2012"])
    #expect(first.memoizations.allSatisfy { $0.cache == "collected" })
    let kept = MemoizedOutputs(first.memoizations)

    var second = try SimulatedRun(Self.yaml, options: Scheduler.Options(memoized: kept), behaviour: echo)
    #expect(second.run()?.phase == "Succeeded")
    #expect(second.launches.isEmpty)
    #expect(second.memoizations.isEmpty)
    #expect(second.node("b")?.outputs?.result == "2012")

    // Two hours later the entries are too old.
    var late = try SimulatedRun(Self.yaml, options: Scheduler.Options(memoized: kept), behaviour: echo)
    late.clock += 7200
    #expect(late.run()?.phase == "Succeeded")
    #expect(late.launches.count == 2)
  }

  @Test("the cache is kept in a file across processes")
  func persisted() throws {
    let folder = try Scratch()
    let store = MemoizationStore(directory: folder.directory)
    var outputs = Outputs()
    outputs.result = "kept"
    try store.save(MemoizationEntry(cache: "collected", key: "k", nodeID: "n", outputs: outputs, created: Date()))
    try store.save(MemoizationEntry(cache: "other", key: "k", nodeID: "m", outputs: Outputs(), created: Date()))
    let read = MemoizationStore(directory: folder.directory).load()
    #expect(read.lookup(cache: "collected", key: "k", maxAge: 60, now: Date())?.result == "kept")
    #expect(read.lookup(cache: "collected", key: "other", maxAge: 60, now: Date()) == nil)
    #expect(read.lookup(cache: "other", key: "k", maxAge: 60, now: Date()) != nil)
  }
}

@Suite("Lifecycle hooks")
struct LifecycleHookTests {
  @Test("a workflow's hooks run once when their expression holds; a step's hooks see its status; the workflow waits for them")
  func hooks() throws {
    var run = try SimulatedRun(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: hooked}
      spec:
        entrypoint: main
        hooks:
          exit: {template: say, arguments: {parameters: [{name: text, value: exit}]}}
          running: {expression: workflow.status == "Running", template: say, arguments: {parameters: [{name: text, value: started}]}}
          done: {expression: workflow.status == "Succeeded", template: say, arguments: {parameters: [{name: text, value: done}]}}
        templates:
        - name: main
          steps:
          - - name: work
              template: say
              arguments: {parameters: [{name: text, value: working}]}
              hooks:
                ok: {expression: 'steps["work"].status == "Succeeded"', template: say, arguments: {parameters: [{name: text, value: "work ok"}]}}
                failed: {expression: 'steps.work.status == "Failed"', template: say, arguments: {parameters: [{name: text, value: "work failed"}]}}
          - - {name: after, template: say, arguments: {parameters: [{name: text, value: after}]}}
        - name: say
          inputs: {parameters: [{name: text}]}
          container: {image: alpine, args: ["{{inputs.parameters.text}}"]}
      """, behaviour: echo)
    #expect(run.run()?.phase == "Succeeded")
    let said = run.launches.compactMap { $0.template.container?.args?.last }
    #expect(said.filter { $0 == "started" }.count == 1)
    #expect(said.contains("work ok"))
    #expect(!said.contains("work failed"))
    #expect(said.contains("done"))
    #expect(said.contains("exit"))
    // The step's hook ran before the next step.
    let ok = try #require(said.firstIndex(of: "work ok"))
    let after = try #require(said.firstIndex(of: "after"))
    #expect(ok < after)
    #expect(run.node("hooked.hooks.running")?.phase == "Succeeded")
    #expect(run.node("work.hooks.ok")?.phase == "Succeeded")
  }
}

@Suite("Suspending a workflow")
struct WorkflowSuspensionTests {
  @Test("a suspended workflow starts nothing new; running pods end; resume goes on")
  func suspendAndResume() throws {
    let documents = try ManifestReader().read(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: pause}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: work}
          - - {name: b, template: work}
        - {name: work, container: {image: alpine, command: ["true"]}}
      """)
    guard case .workflow(let workflow) = documents[0].manifest else { throw SchedulerError("not a workflow") }
    var scheduler = try Scheduler(workflow: workflow)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func launches(_ actions: [SchedulerAction]) -> [PodLaunch] {
      actions.compactMap { if case .launch(let launch) = $0 { return launch } else { return nil } }
    }
    let first = launches(scheduler.start(now: now))
    #expect(first.map(\.nodeName) == ["pause[0].a"])
    _ = scheduler.handle(.suspend, now: now)
    #expect(scheduler.workflow.spec.suspend == true)
    let afterA = scheduler.handle(.podFinished(nodeID: first[0].nodeID, .succeeded), now: now + 1)
    #expect(launches(afterA).isEmpty)
    #expect(scheduler.workflow.status?.phase == "Running")
    let resumed = launches(scheduler.handle(.resume(displayName: nil), now: now + 2))
    #expect(resumed.map(\.nodeName) == ["pause[1].b"])
    #expect(scheduler.workflow.spec.suspend == nil)
  }

  @Test("stopped while suspended, a workflow ends only once the suspension is lifted: by a resume, as in Argo, or by Ctrl-C here")
  func stopWhileSuspended() throws {
    let documents = try ManifestReader().read(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: held}
      spec:
        entrypoint: main
        onExit: bye
        templates:
        - name: main
          steps:
          - - {name: a, template: work}
          - - {name: gate, template: gate}
        - {name: work, container: {image: alpine, command: ["true"]}}
        - {name: gate, suspend: {}}
        - {name: bye, container: {image: alpine, command: ["true"]}}
      """)
    guard case .workflow(let workflow) = documents[0].manifest else { throw SchedulerError("not a workflow") }
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func finished(_ actions: [SchedulerAction]) -> Bool {
      actions.contains { if case .finished = $0 { return true } else { return false } }
    }
    for lift in [SchedulerEvent.resume(displayName: nil), .unsuspend] {
      var scheduler = try Scheduler(workflow: workflow)
      guard case .launch(let a) = scheduler.start(now: now).first else {
        Issue.record("a did not start")
        return
      }
      _ = scheduler.handle([.suspend, .stop(message: nil)], now: now)
      // The running pod is stopped, but Argo walks nothing of a suspended workflow.
      let stopped = scheduler.handle(.podFinished(nodeID: a.nodeID, PodResult(phase: "Failed", message: "stopped")), now: now + 1)
      #expect(!finished(stopped))
      #expect(scheduler.workflow.status?.phase == "Running")
      var actions = scheduler.handle(lift, now: now + 2)
      // The exit handler runs once the suspension is lifted, then the workflow ends.
      guard case .launch(let bye) = actions.first(where: { if case .launch = $0 { return true } else { return false } }) else {
        Issue.record("the exit handler did not start after \(lift): \(actions)")
        continue
      }
      actions = scheduler.handle(.podFinished(nodeID: bye.nodeID, .succeeded), now: now + 3)
      #expect(finished(actions), "\(lift)")
      #expect(scheduler.workflow.status?.phase == "Failed")
    }
  }
}

@Suite("Node ids that collide")
struct NodeIDCollisionTests {
  /// In `coll-49929`, the items 28 and 202 of a fan-out of 300 named `fan` have node names whose
  /// 32-bit FNV-1a hashes, Argo's node ids, are equal (found by trying names in turn).
  @Test("two items whose hashed ids collide are both kept and both counted: the fan-out ends")
  func collidingItemsAreKeptApart() throws {
    let workflowName = "coll-49929"
    let first = "\(workflowName)[0].fan(28:28)"
    let second = "\(workflowName)[0].fan(202:202)"
    #expect(NodeNames.nodeID(workflowName: workflowName, nodeName: first) == NodeNames.nodeID(workflowName: workflowName, nodeName: second))
    var run = try SimulatedRun(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: \(workflowName)}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: fan
              template: echo
              withSequence: {count: "300"}
        - name: echo
          container: {image: busybox, command: [echo, hi]}
      """)
    let finished = run.run()
    #expect(finished?.phase == "Succeeded")
    let nodes = run.workflow.status?.nodes ?? [:]
    #expect(nodes.count == 302)
    let names = Set(nodes.values.map(\.name))
    #expect(names.contains(first) && names.contains(second))
    #expect(run.launches.count == 300)
    #expect(Set(run.launches.map(\.nodeID)).count == 300)
  }
}
