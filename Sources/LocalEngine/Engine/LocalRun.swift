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

  /// What Ctrl-C does: stops the run (or terminates it), and lifts a suspension of the workflow
  /// so that the stop ends it. A run here must end when its user interrupts it, where Argo would
  /// leave a suspended workflow waiting for a resume.
  public func interrupt(terminating: Bool) {
    send(terminating ? .terminate : .stop(message: "Stopped with Ctrl-C"))
    send(.unsuspend)
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
