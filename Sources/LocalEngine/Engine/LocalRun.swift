import ArgoModel
import Foundation
import Synchronization

/// Events for the run's loop: posted from any task, handled in batches.
final class EventInbox: Sendable {
  private let events = Mutex<[SchedulerEvent]>([])
  /// Rings when events wait; one ring may stand for many events.
  let bell: AsyncStream<Void>
  private let ring: AsyncStream<Void>.Continuation

  init() {
    (bell, ring) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
  }

  func post(_ event: SchedulerEvent) {
    events.withLock { $0.append(event) }
    ring.yield()
  }

  /// Rings with no event: the loop looks at what waits (an update held back).
  func ringAlone() {
    ring.yield()
  }

  func drain() -> [SchedulerEvent] {
    events.withLock { events in
      defer { events = [] }
      return events
    }
  }

  func close() {
    ring.finish()
  }
}

/// How a local run runs.
public struct LocalRunOptions: Sendable {
  /// Where runs are kept (`.hera` under the current directory by default).
  public var store: RunStore
  /// ConfigMaps and Secrets the workflow refers to.
  public var resources: LocalResources
  /// At most this many containers at once.
  public var parallelism: Int?
  /// Templates `templateRef`s and `workflowTemplateRef` may name.
  public var workflowTemplates: [String: WorkflowTemplate]
  public var clusterWorkflowTemplates: [String: ClusterWorkflowTemplate]
  /// Maps an image to the one to run (`--image-map`).
  public var imageMap: @Sendable (String) -> String
  /// The runner for each container (host, podman, docker).
  public var runner: @Sendable (PodRequest) async -> any PodRunner
  /// How often the status is written while the run goes on (and always at its end).
  public var saveInterval: Duration
  /// How often, at most, `run`'s `onUpdate` sees the status (and always at the start and the
  /// end): a display redrawn for each of a large run's events would cost more than the run.
  public var updateInterval: Duration
  /// Whether resource templates succeed without doing anything (they need a cluster).
  public var skipResources: Bool
  /// The check of a new run's spec before anything starts, as Argo's controller validates a
  /// workflow when it first sees it: the problem, or nil when the spec is valid. A run it
  /// refuses ends Failed with `invalid spec: PROBLEM`, as on the cluster. (The rules are the
  /// linter's, which lives above the engine; none by default.)
  public var validate: (@Sendable (Workflow) -> String?)?
  /// Told when the run's state cannot be saved (a full disk, a folder that went away): once
  /// for a failure, and again only after a save worked in between. ``LocalRun/unsavedState``
  /// says at the end whether the last state was saved.
  public var onStoreFailure: (@Sendable (RunStoreError) -> Void)?

  public init(
    store: RunStore = .standard, resources: LocalResources = LocalResources(), parallelism: Int? = nil,
    workflowTemplates: [String: WorkflowTemplate] = [:], clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:],
    imageMap: @escaping @Sendable (String) -> String = { $0 }, saveInterval: Duration = .milliseconds(250),
    updateInterval: Duration = .milliseconds(100), skipResources: Bool = false,
    validate: (@Sendable (Workflow) -> String?)? = nil,
    onStoreFailure: (@Sendable (RunStoreError) -> Void)? = nil,
    runner: @escaping @Sendable (PodRequest) async -> any PodRunner
  ) {
    self.validate = validate
    self.onStoreFailure = onStoreFailure
    self.skipResources = skipResources
    self.store = store
    self.resources = resources
    self.parallelism = parallelism
    self.workflowTemplates = workflowTemplates
    self.clusterWorkflowTemplates = clusterWorkflowTemplates
    self.imageMap = imageMap
    self.saveInterval = saveInterval
    self.updateInterval = updateInterval
    self.runner = runner
  }
}

/// One run of a workflow on this machine: the scheduler decides, runners run the containers,
/// the run's folder keeps the status, the logs and the outputs.
///
/// ```swift
/// let run = try LocalRun(workflow: workflow, options: LocalRunOptions { _ in HostRunner() })
/// let final = await run.run { workflow in display.update(workflow) }
/// ```
public actor LocalRun {
  public let options: LocalRunOptions
  private var scheduler: Scheduler
  private var tasks: [String: Task<Void, Never>] = [:]
  private var stopCauses: [String: StopCause] = [:]
  /// Where memoized outputs are kept across runs.
  private let memoization: MemoizationStore
  private var timer: Task<Void, Never>?
  private var inbox: EventInbox?
  private var pendingEvents: [SchedulerEvent] = []
  private var lastSave = ContinuousClock.now - .seconds(3600)
  /// How long the last save took.
  private var lastSaveCost: Duration = .zero
  private var lastUpdate = ContinuousClock.now - .seconds(3600)
  /// An update held back by `updateInterval`, to be shown when the interval has passed.
  private var updateHeld = false
  private var finished = false
  /// Why the last save failed; nil when it worked.
  private var saveFailure: RunStoreError?
  /// Plans every pod of the run, from the workflow without its status: a planner holding the
  /// scheduler's workflow would make the scheduler copy every node at its next change.
  private let planner: PodPlanner
  /// Reads every pod's outputs.
  private let collector: OutputCollector

  /// The scheduler's recursion over nested templates needs the stack of a thread of its own.
  public nonisolated var unownedExecutor: UnownedSerialExecutor {
    SchedulerThread.shared.asUnownedSerialExecutor()
  }

  /// - Throws: `SchedulerError` when the workflow cannot start (no entrypoint, ...).
  public init(workflow: Workflow, options: LocalRunOptions) throws(SchedulerError) {
    self.options = options
    let memoization = MemoizationStore(directory: options.store.root.appendingPathComponent("cache"))
    self.memoization = memoization
    scheduler = try Scheduler(
      workflow: workflow,
      options: Scheduler.Options(
        workflowTemplates: options.workflowTemplates, clusterWorkflowTemplates: options.clusterWorkflowTemplates,
        parallelism: options.parallelism, configMaps: options.resources.configMaps,
        memoized: memoization.load()))
    var planned = scheduler.workflow
    planned.status = nil
    planner = PodPlanner(workflow: planned, store: options.store, resources: options.resources, imageMap: options.imageMap)
    collector = OutputCollector(store: ArtifactStore(directory: options.store.artifactDirectory(planned.metadata.name ?? "")))
  }

  /// The workflow as the run has it now.
  public var workflow: Workflow { scheduler.workflow }

  /// Why the run's last state could not be saved in its folder, when it could not: what
  /// `hera get --local` shows is then older than what `run` returned.
  public var unsavedState: RunStoreError? { saveFailure }

  /// Runs to the end; `onUpdate` sees each new status.
  public func run(onUpdate: @escaping @Sendable (Workflow) -> Void = { _ in }) async -> Workflow {
    let inbox = EventInbox()
    self.inbox = inbox
    // Other commands reach the run through its folder (hera resume --local NAME).
    let runName = scheduler.workflow.metadata.name ?? ""
    let store = options.store
    // Only one process runs a run at a time; the command line claims its run before it reads
    // it, and then the engine goes on under that claim.
    let claim: RunClaim?
    do {
      claim = try store.claimForEngine(runName)
    } catch {
      inbox.close()
      var refused = scheduler.workflow
      var status = refused.status ?? WorkflowStatus()
      status.phase = NodePhase.error
      status.message = error.description
      refused.status = status
      return refused
    }
    let requests = Task.detached {
      var offset: UInt64 = 0
      while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(200))
        for request in store.takeRequests(runName, from: &offset) { inbox.post(request.event) }
      }
    }
    defer {
      requests.cancel()
      store.forgetRequests(runName)
      claim?.release()
    }
    for event in pendingEvents { inbox.post(event) }
    pendingEvents = []
    // A new run's spec is checked first; a resumed one was checked when it began.
    let isNew = scheduler.workflow.status?.nodes?.isEmpty ?? true
    if isNew, let validate = options.validate, let problem = validate(scheduler.workflow) {
      perform(scheduler.refuse(invalidSpec: problem, now: Date()))
    } else {
      perform(scheduler.start(now: Date()))
    }
    save(force: true)
    notify(onUpdate, force: true)
    if !finished {
      for await _ in inbox.bell {
        // Every event that came since the last walk, handled together.
        let batch = inbox.drain().map { event -> SchedulerEvent in
          guard case .podFinished(let id, let result) = event else { return event }
          tasks[id] = nil
          guard let cause = stopCauses.removeValue(forKey: id) else { return event }
          return .podFinished(nodeID: id, cause.outcome(of: result))
        }
        guard !batch.isEmpty else {
          if updateHeld { notify(onUpdate, force: true) }
          continue
        }
        perform(scheduler.handle(batch, now: Date()))
        save(force: finished)
        notify(onUpdate, force: finished)
        if finished { break }
      }
    }
    timer?.cancel()
    inbox.close()
    return scheduler.workflow
  }

  /// Stops the run: running containers are stopped, exit handlers still run.
  public func stop(message: String? = nil) {
    send(.stop(message: message))
  }

  /// Terminates the run: containers are stopped and exit handlers do not run.
  public func terminate() {
    send(.terminate)
  }

  /// Resumes suspended nodes.
  public func resume(displayName: String? = nil) {
    send(.resume(displayName: displayName))
  }

  private func send(_ event: SchedulerEvent) {
    if let inbox { inbox.post(event) } else { pendingEvents.append(event) }
  }

  private func perform(_ actions: [SchedulerAction]) {
    for action in actions {
      switch action {
      case .launch(let launch):
        let planner = self.planner
        let collector = self.collector
        let inbox = self.inbox
        let runner = options.runner
        let skip = options.skipResources
        EngineLog.logger.debug(
          "launching pod \(launch.podName) (template \(launch.template.name ?? "?"), node \(launch.nodeName), attempt \(launch.attempt))")
        tasks[launch.nodeID] = Task {
          await LocalRun.runPod(launch, planner: planner, collector: collector, skipResources: skip, runner: runner) { event in
            if case .podFinished(_, let result) = event {
              EngineLog.logger.debug("pod \(launch.podName) ended \(result.phase)\(result.message.map { ": \($0)" } ?? "")")
            }
            inbox?.post(event)
          }
        }
      case .stop(let nodeID, let cause):
        stopCauses[nodeID] = cause
        tasks[nodeID]?.cancel()
      case .wake(let date):
        timer?.cancel()
        let inbox = self.inbox
        timer = Task {
          let delay = date.timeIntervalSinceNow
          if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
          guard !Task.isCancelled else { return }
          inbox?.post(.wake)
        }
      case .memoize(let entry):
        // A cache that cannot be written only costs a later run its hit.
        try? memoization.save(entry)
      case .finished:
        finished = true
      }
    }
  }

  /// Plans, runs and reads back one container, reporting its start and end.
  static func runPod(
    _ launch: PodLaunch, planner: PodPlanner, collector: OutputCollector, skipResources: Bool = false,
    runner choose: @Sendable (PodRequest) async -> any PodRunner,
    report: @escaping @Sendable (SchedulerEvent) -> Void
  ) async {
    if let http = launch.template.http {
      report(.podStarted(nodeID: launch.nodeID))
      let runner = HTTPTemplateRunner(secrets: planner.resources.secrets, scratch: planner.store.temporaryDirectory(planner.runName))
      report(.podFinished(nodeID: launch.nodeID, await runner.run(http)))
      return
    }
    if let data = launch.template.data {
      report(.podStarted(nodeID: launch.nodeID))
      report(.podFinished(nodeID: launch.nodeID, DataTemplateRunner(store: collector.store).run(data)))
      return
    }
    if launch.template.resource != nil, skipResources {
      report(.podStarted(nodeID: launch.nodeID))
      report(
        .podFinished(
          nodeID: launch.nodeID,
          PodResult(phase: NodePhase.succeeded, message: "skipped: a resource template needs a cluster (--skip-resources)")))
      return
    }
    let plan: PodPlan
    do {
      plan = try await planner.plan(launch)
    } catch {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.error, message: error.message, notCreated: error.podCreation)))
      return
    }
    let runner = await choose(plan.request)
    let container = launch.template.container ?? launch.template.script.flatMap { try? Container(json: $0.toJSON(), options: .preserving) }
    let mapping = PathMapping(plan.request.mounts)
    let probe =
      launch.daemon
      ? container?.readinessProbe.flatMap { ReadinessProbe($0, ports: container?.ports ?? [], rewrite: { mapping.rewrite($0) }) } : nil
    let outcome: PodOutcome
    var containers: [ContainerResult] = []
    do {
      if let probe {
        // A daemon with a readiness probe counts as started once the probe passes.
        let running = Task { try await runner.run(plan.request) }
        let watcher = Task {
          try await Task.sleep(for: probe.initialDelay)
          while !Task.isCancelled {
            if await probe.passes() {
              report(.podStarted(nodeID: launch.nodeID))
              return
            }
            try await Task.sleep(for: probe.period)
          }
        }
        outcome = try await withTaskCancellationHandler {
          try await running.value
        } onCancel: {
          running.cancel()
        }
        watcher.cancel()
      } else {
        report(.podStarted(nodeID: launch.nodeID))
        if plan.containerSet.isEmpty {
          outcome = try await runner.run(plan.request)
        } else {
          (outcome, containers) = try await runContainerSet(plan, runner: runner)
        }
      }
    } catch let error as RunnerError {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.error, message: error.description)))
      return
    } catch is CancellationError {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.failed, message: "stopped")))
      return
    } catch {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.error, message: "\(error)")))
      return
    }
    var result = collector.result(of: plan, outcome: outcome)
    result.containers = containers
    report(.podFinished(nodeID: launch.nodeID, result))
  }

  /// Runs a container set's containers, each once those it depends on succeeded (those with
  /// no dependency between them at once), as Argo runs them in one pod. The pod's outcome is
  /// the main container's, or the first failure's.
  static func runContainerSet(_ plan: PodPlan, runner: any PodRunner) async throws -> (PodOutcome, [ContainerResult]) {
    var outcomes: [String: PodOutcome] = [:]
    var remaining = plan.containerSet
    var failure: (name: String, outcome: PodOutcome)?
    while !remaining.isEmpty, failure == nil {
      let ready = remaining.filter { $0.dependencies.allSatisfy { outcomes[$0] != nil } }
      guard !ready.isEmpty else {
        let names = remaining.map(\.name).joined(separator: ", ")
        throw RunnerError("the containers \(names) wait for each other or for a container that does not exist")
      }
      remaining.removeAll { entry in ready.contains { $0.name == entry.name } }
      let results = try await withThrowingTaskGroup(of: (String, PodOutcome).self) { group in
        for (name, request, _) in ready {
          group.addTask { (name, try await runner.run(request)) }
        }
        var results: [(String, PodOutcome)] = []
        for try await result in group { results.append(result) }
        return results
      }
      for (name, outcome) in results.sorted(by: { $0.0 < $1.0 }) {
        outcomes[name] = outcome
        if failure == nil, outcome.exitCode != 0 || outcome.failure != nil { failure = (name, outcome) }
      }
    }
    let containers = plan.containerSet.compactMap { entry -> ContainerResult? in
      guard let outcome = outcomes[entry.name] else { return nil }
      let succeeded = outcome.exitCode == 0 && outcome.failure == nil
      return ContainerResult(
        name: entry.name, phase: succeeded ? NodePhase.succeeded : NodePhase.failed,
        message: succeeded ? nil : outcome.failure ?? "Error (exit code \(outcome.exitCode))", exitCode: outcome.exitCode)
    }
    if let failure {
      var outcome = failure.outcome
      outcome.failure = "container \(failure.name): " + (failure.outcome.failure ?? "Error (exit code \(failure.outcome.exitCode))")
      return (outcome, containers)
    }
    return (
      outcomes["main"] ?? plan.containerSet.last.flatMap { outcomes[$0.name] } ?? PodOutcome(exitCode: 0, standardOutput: ""), containers
    )
  }

  /// Shows the status to `onUpdate` unless it saw one less than `updateInterval` ago; a held
  /// update is shown once the interval has passed, even if nothing else happens.
  private func notify(_ onUpdate: @Sendable (Workflow) -> Void, force: Bool) {
    guard force || lastUpdate.duration(to: .now) >= options.updateInterval else {
      guard !updateHeld else { return }
      updateHeld = true
      let inbox = self.inbox
      let wait = options.updateInterval
      Task {
        try? await Task.sleep(for: wait)
        inbox?.ringAlone()
      }
      return
    }
    updateHeld = false
    lastUpdate = .now
    onUpdate(scheduler.workflow)
  }

  /// Writes the status, at most every `saveInterval`, and at most a tenth of the time: a large
  /// run's status takes a while to write, and writing it again and again would cost more than
  /// the run itself.
  private func save(force: Bool) {
    guard force || lastSave.duration(to: .now) >= max(options.saveInterval, lastSaveCost * 10) else { return }
    let start = ContinuousClock.now
    do {
      try options.store.save(scheduler.workflow)
      saveFailure = nil
    } catch {
      // Said once, not at every save of a run that goes on with a full disk.
      if saveFailure == nil { options.onStoreFailure?(error) }
      saveFailure = error
    }
    lastSave = .now
    lastSaveCost = start.duration(to: lastSave)
  }
}

extension LocalRun {
  /// The workflow ready to run here: named (from `generateName`, as Argo names it), its
  /// `workflowTemplateRef` merged in, its namespace set.
  public static func prepare(
    _ workflow: Workflow, workflowTemplates: [String: WorkflowTemplate] = [:],
    clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:]
  ) throws(SchedulerError) -> Workflow {
    var workflow = workflow
    if let reference = workflow.spec.workflowTemplateRef {
      let name = reference.name ?? ""
      let library = TemplateLibrary(workflowTemplates: workflowTemplates, clusterWorkflowTemplates: clusterWorkflowTemplates)
      guard let spec = library.spec(named: name, clusterScope: reference.clusterScope == true) else {
        let kind = reference.clusterScope == true ? "cluster workflow template" : "workflow template"
        throw SchedulerError("workflowTemplateRef: \(kind) \(name) not found", hint: "give its file to hera run too")
      }
      workflow.spec = merged(workflow.spec, over: spec)
    }
    if workflow.metadata.name == nil || workflow.metadata.name?.isEmpty == true {
      workflow.metadata.name = ObjectMeta.name(generatedFrom: workflow.metadata.generateName ?? "workflow-")
    }
    if workflow.metadata.namespace == nil { workflow.metadata.namespace = "default" }
    if workflow.metadata.uid == nil { workflow.metadata.uid = UUID().uuidString.lowercased() }
    if workflow.metadata.creationTimestamp == nil { workflow.metadata.creationTimestamp = Time(Date()) }
    return workflow
  }

  /// A workflow's own spec joined over its `workflowTemplateRef`'s, as Argo joins them
  /// (`WorkflowSpec.joined(over:)`), the reference dropped once it is resolved.
  static func merged(_ own: WorkflowSpec, over base: WorkflowSpec) -> WorkflowSpec {
    var spec = own.joined(over: base)
    spec.workflowTemplateRef = nil
    return spec
  }

  /// A saved run made ready to continue: `Workflow.retried()` (what did not succeed runs
  /// again, as after Argo's `retry`).
  public static func resumable(_ workflow: Workflow) -> Workflow {
    workflow.retried()
  }
}
