import ArgoModel
import Foundation
import LocalEngine

/// Argo's node phases (the engine's `NodePhase` holds the same as text).
private typealias Phase = ArgoModel.NodePhase

/// A line a simulated pod wrote.
struct LogLine: Sendable {
  var podName: String
  var container: String
  var content: String
  var time: Date
}

/// How the stand-in's pods end, as a test scripts them through the workflow's annotations (or
/// labels). A pod is named by its display name, its display name before an item or attempt
/// suffix (`fan` for `fan(0:x)`, `b` for `b(1)`), or its template's name.
struct PodScript: Sendable {
  /// Pods that fail (`Error (exit code 1)`); so does a pod whose command, args or script source
  /// says `exit 1`.
  var failing: Set<String> = []
  /// Pods that fail on their first run only: an attempt of a retry strategy, or the same node
  /// after Argo's `retry`, succeeds.
  var failingOnce: Set<String> = []
  /// The output parameters pods write (and their `result`), by name of the pod as above. A pod
  /// of a template that only runs `echo TEXT` has `TEXT` as its result.
  var outputs: [String: [String: String]] = [:]

  init(annotations: [String: String], labels: [String: String]) {
    func names(_ key: String) -> Set<String> {
      Set((annotations[key] ?? labels[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
    failing = names(ArgoServerSimulator.failAnnotation)
    failingOnce = names(ArgoServerSimulator.failOnceAnnotation)
    if let text = annotations[ArgoServerSimulator.outputsAnnotation], let parsed = JSONValue.parse(Array(text.utf8))?.objectValue {
      for member in parsed { outputs[member.key] = member.value.stringMap }
    }
  }

  /// The names a pod goes by in a script.
  static func names(displayName: String, templateName: String?) -> [String] {
    [displayName, String(displayName.prefix { $0 != "(" })] + (templateName.map { [$0] } ?? [])
  }
}

/// A pod the stand-in is running: it starts a tick after it is launched, writes a line a tick,
/// and ends after the simulator's `podTicks` ticks.
struct SimulatedPod: Sendable {
  var launch: PodLaunch
  var displayName: String
  var started = false
  var linesWritten = 0
  var fails: Bool
  /// Why the scheduler stopped it, once it did: it ends at the next tick.
  var stopCause: StopCause?
}

/// The stand-in controller's run of one workflow: the local engine's `Scheduler`, the one that
/// runs workflows here, with pods that only pretend to run, as its test scripts them.
///
/// Each tick carries what changed since the last into the scheduler (the workflow suspended,
/// stopped or terminated, pods started or ended, time passed) and takes its actions (pods to
/// launch or stop, a time to wake at, the end). Everything else (what runs when, `when`,
/// `depends`, fan-outs, retries, exit handlers, the nodes and their messages) is the engine's.
struct WorkflowRun: Sendable {
  struct Context {
    var now: Date
    /// The WorkflowTemplates and ClusterWorkflowTemplates that `templateRef`s may name.
    var references: TemplateLibrary
    /// Ticks a pod runs for, one log line each.
    var podTicks: Int
    var suspended: Bool
    /// `Stop` or `Terminate` once `spec.shutdown` is set.
    var shutdown: String?
  }

  let name: String
  /// The workflow as it runs: its metadata, and its spec merged over its WorkflowTemplate's.
  var object: JSONValue
  var script: PodScript
  /// A status given when the workflow was seeded: shown as it is and never advanced.
  var frozenStatus: JSONValue?
  /// Lines written since the store last collected them.
  var newLines: [LogLine] = []

  private var scheduler: Scheduler?
  /// The workflow to start at the next tick, as Argo's `retry` left it.
  private var retried: Workflow?
  /// A workflow the engine could not start: its status.
  private var refusedStatus: WorkflowStatus?
  private var pods: [String: SimulatedPod] = [:]
  private var podOrder: [String] = []
  private var wakeAt: Date?
  private var ended = false
  private var shutdownSeen: String?
  private var suspendedSeen = false
  /// The node names (a retry's, for its attempts) whose pod had its one failure.
  private var failedOnce: Set<String> = []

  init(name: String, object: JSONValue, script: PodScript) {
    self.name = name
    self.object = object
    self.script = script
  }

  /// The spec that runs.
  var spec: JSONValue {
    get { object["spec"] ?? [:] }
    set { object.set("spec", to: newValue) }
  }

  var isFinished: Bool {
    if let frozen = frozenStatus?["phase"]?.stringValue { return WorkflowPhase(frozen).isCompleted }
    return ended
  }

  var hasStarted: Bool { scheduler != nil || refusedStatus != nil || retried != nil }

  var shownPhase: String {
    frozenStatus?["phase"]?.stringValue ?? workflowStatus?.phase ?? WorkflowPhase.pending.rawValue
  }

  /// The status as Argo's controller shows it: the engine's, with Argo's progress on every node.
  private var workflowStatus: WorkflowStatus? {
    if let refusedStatus { return refusedStatus }
    guard var status = scheduler?.workflow.status ?? retried?.status else { return nil }
    status.updateProgress()
    return status
  }

  // MARK: Ticks

  /// Moves the workflow one step on; `true` when anything changed.
  mutating func tick(_ context: Context) -> Bool {
    guard frozenStatus == nil, !isFinished else { return false }
    // The engine's status: Argo's progress, derived from it, changes only when it does.
    let before = scheduler?.workflow.status ?? refusedStatus
    let lines = newLines.count
    if scheduler == nil {
      start(context)
    } else {
      var events: [SchedulerEvent] = []
      if context.shutdown != shutdownSeen, let shutdown = context.shutdown {
        events.append(shutdown == "Terminate" ? .terminate : .stop(message: nil))
      }
      shutdownSeen = context.shutdown
      if context.suspended != suspendedSeen {
        // A resume of the whole workflow reaches the scheduler through `resume(selector:now:)`.
        if context.suspended { events.append(.suspend) }
        suspendedSeen = context.suspended
      }
      events += movePods(context)
      if let due = wakeAt, due <= context.now {
        wakeAt = nil
        events.append(.wake)
      }
      if !events.isEmpty, var scheduler {
        let actions = scheduler.handle(events, now: context.now)
        self.scheduler = scheduler
        take(actions)
      }
    }
    return before != (scheduler?.workflow.status ?? refusedStatus) || newLines.count != lines
  }

  private mutating func start(_ context: Context) {
    var workflow: Workflow
    if let retried {
      workflow = retried
      self.retried = nil
    } else {
      do {
        workflow = try Workflow(json: object, options: .preserving)
      } catch {
        refuse("invalid spec: \(error)", now: context.now)
        return
      }
      workflow.status = nil
    }
    if context.suspended { workflow.spec.suspend = true }
    suspendedSeen = context.suspended
    let options = Scheduler.Options(
      workflowTemplates: context.references.workflowTemplates, clusterWorkflowTemplates: context.references.clusterWorkflowTemplates)
    do {
      var scheduler = try Scheduler(workflow: workflow, options: options)
      var actions = scheduler.start(now: context.now)
      if let shutdown = context.shutdown {
        actions += scheduler.handle(shutdown == "Terminate" ? .terminate : .stop(message: nil), now: context.now)
      }
      shutdownSeen = context.shutdown
      self.scheduler = scheduler
      take(actions)
    } catch {
      refuse(error.description, now: context.now)
    }
  }

  private mutating func refuse(_ message: String, now: Date) {
    var status = WorkflowStatus()
    status.phase = WorkflowPhase.error.rawValue
    status.message = message
    status.startedAt = Time(now)
    status.finishedAt = Time(now)
    refusedStatus = status
    ended = true
  }

  /// Carries out what the scheduler asked.
  private mutating func take(_ actions: [SchedulerAction]) {
    for action in actions {
      switch action {
      case .launch(let launch):
        let node = scheduler?.workflow.status?.nodes?[launch.nodeID]
        let displayName = node?.displayName ?? launch.nodeName
        pods[launch.nodeID] = SimulatedPod(launch: launch, displayName: displayName, fails: willFail(launch, displayName: displayName))
        podOrder.append(launch.nodeID)
      case .stop(let nodeID, let cause):
        pods[nodeID]?.stopCause = cause
      case .wake(let date):
        wakeAt = min(wakeAt ?? date, date)
      case .memoize:
        break  // a memoized success is kept for the run only
      case .finished:
        ended = true
      }
    }
  }

  /// Moves every pod one tick on: a launched pod starts; a running one writes a line, and ends
  /// after `podTicks` lines or when it was stopped.
  private mutating func movePods(_ context: Context) -> [SchedulerEvent] {
    var events: [SchedulerEvent] = []
    let ticks = max(1, context.podTicks)
    for id in podOrder {
      guard var pod = pods[id] else { continue }
      if let cause = pod.stopCause {
        events.append(.podFinished(nodeID: id, cause.outcome(of: PodResult(phase: Phase.failed.rawValue, message: "terminated"))))
        pods[id] = nil
        continue
      }
      if !pod.started {
        pod.started = true
        events.append(.podStarted(nodeID: id))
      }
      pod.linesWritten += 1
      let step = pod.linesWritten
      if step >= ticks, pod.fails {
        failedOnce.insert(onceKey(of: pod))
        write(pod, context, "\(pod.displayName): error: exit code 1")
        events.append(
          .podFinished(nodeID: id, PodResult(phase: Phase.failed.rawValue, message: "Error (exit code 1)", outputs: Outputs(exitCode: "1")))
        )
        pods[id] = nil
        continue
      }
      write(pod, context, "\(pod.displayName): step \(step) of \(ticks)")
      if step >= ticks, !pod.launch.daemon {
        events.append(.podFinished(nodeID: id, PodResult(phase: Phase.succeeded.rawValue, outputs: outputs(of: pod))))
        pods[id] = nil
      } else {
        pods[id] = pod
      }
    }
    podOrder.removeAll { pods[$0] == nil }
    return events
  }

  private mutating func write(_ pod: SimulatedPod, _ context: Context, _ content: String) {
    newLines.append(LogLine(podName: pod.launch.podName, container: "main", content: content, time: context.now))
  }

  // MARK: Scripted outcomes

  private func willFail(_ launch: PodLaunch, displayName: String) -> Bool {
    let template = launch.template
    var texts: [String] = []
    texts += (template.container?.command ?? []) + (template.container?.args ?? [])
    texts += (template.script?.command ?? []) + (template.script?.args ?? [])
    texts.append(template.script?.source ?? "")
    for container in template.containerSet?.containers ?? [] { texts += (container.command ?? []) + (container.args ?? []) }
    if texts.contains(where: { $0.contains("exit 1") }) { return true }
    let names = PodScript.names(displayName: displayName, templateName: template.name)
    if names.contains(where: script.failing.contains) { return true }
    return !failedOnce.contains(onceKey(nodeName: launch.nodeName)) && names.contains(where: script.failingOnce.contains)
  }

  /// The name a fail-once pod is remembered by: its retry node's for an attempt (so that the
  /// next attempt succeeds), its own otherwise (so that it succeeds after Argo's `retry`).
  private func onceKey(of pod: SimulatedPod) -> String { onceKey(nodeName: pod.launch.nodeName) }

  private func onceKey(nodeName: String) -> String {
    let nodes = scheduler?.workflow.status?.nodes ?? [:]
    guard let id = nodes.first(where: { $0.value.name == nodeName })?.key,
      let retry = nodes.values.first(where: { $0.type == "Retry" && $0.children?.contains(id) == true })
    else { return nodeName }
    return retry.name
  }

  /// What a pod that succeeds writes: its exit code, the output parameters its script gives
  /// (else their defaults), its result, and its output artifacts where they were declared.
  private func outputs(of pod: SimulatedPod) -> Outputs {
    let template = pod.launch.template
    let names = PodScript.names(displayName: pod.displayName, templateName: template.name)
    let scripted = names.compactMap { script.outputs[$0] }.first ?? [:]
    var outputs = Outputs(exitCode: "0")
    if let result = scripted["result"] ?? PodScript.echoed(template) { outputs.result = result }
    let parameters = (template.outputs?.parameters ?? []).compactMap { declared -> Parameter? in
      guard let value = scripted[declared.name] ?? declared.value?.string ?? declared.valueFrom?.default?.string else { return nil }
      return Parameter(name: declared.name, value: AnyString(value))
    }
    if !parameters.isEmpty { outputs.parameters = parameters }
    if let artifacts = template.outputs?.artifacts, !artifacts.isEmpty { outputs.artifacts = artifacts }
    return outputs
  }
}

extension PodScript {
  /// What a template that only runs `echo TEXT` writes on its standard output.
  static func echoed(_ template: Template) -> String? {
    guard let container = template.container else { return nil }
    let words = (container.command ?? []) + (container.args ?? [])
    guard words.first == "echo" else { return nil }
    return words.dropFirst().joined(separator: " ")
  }
}

// MARK: Actions

extension WorkflowRun {
  /// The node as JSON, for node field selectors.
  func nodeJSON(_ id: String) -> JSONValue? {
    nodesJSON?[id]
  }

  /// The nodes' IDs in the order they were made.
  private static func nodeIDs(_ status: WorkflowStatus?) -> [String] {
    (status?.nodes ?? [:]).values.sorted {
      ($0.startedAt?.date ?? .distantPast, $0.name) < ($1.startedAt?.date ?? .distantPast, $1.name)
    }
    .map(\.id)
  }

  /// Argo's retry: the workflow made ready to run again (`Workflow.retried`, the engine's, which
  /// a local run resumes with), the succeeded pods the selector names too with
  /// `restartSuccessful`. The engine then goes on from the status.
  mutating func retry(restartSuccessful: Bool, selector: NodeFieldSelector, now: Date) throws(SimulatorFailure) {
    guard WorkflowPhase(shownPhase).isFailedOrError else { throw .invalid("workflow must be Failed/Error to retry") }
    var workflow: Workflow
    do {
      workflow = try Workflow(json: object, options: .preserving)
      if let frozenStatus {
        workflow.status = try WorkflowStatus(json: frozenStatus, options: .preserving)
      } else {
        workflow.status = workflowStatus
      }
    } catch {
      throw .invalid("the workflow cannot be read: \(error)")
    }
    let nodes = nodesJSON
    let retried = workflow.retried { node in
      restartSuccessful && !selector.isEmpty && (nodes?[node.id]).map(selector.matches) == true
    }
    frozenStatus = nil
    refusedStatus = nil
    pods = [:]
    podOrder = []
    wakeAt = nil
    ended = false
    shutdownSeen = nil
    suspendedSeen = false
    var again = retried
    again.spec.shutdown = nil
    again.spec.suspend = nil
    scheduler = nil
    self.retried = again
  }

  /// Argo's resume: the workflow, when no selector is given, and the suspend nodes that wait (those
  /// the selector names, when one is given).
  mutating func resume(selector: NodeFieldSelector, now: Date) {
    guard var scheduler else { return }
    var events: [SchedulerEvent] = []
    if selector.isEmpty {
      events.append(.resume(displayName: nil))
      suspendedSeen = false
    } else {
      for id in waitingSuspendNodes(selector) {
        events.append(.set(nodeID: id, phase: Phase.succeeded.rawValue, message: nil, outputParameters: [:]))
      }
    }
    let actions = scheduler.handle(events, now: now)
    self.scheduler = scheduler
    take(actions)
  }

  /// Argo's set: the phase, message or output parameters of the suspend nodes a selector names,
  /// refused as Argo refuses it when none waits or a parameter is not one to be supplied.
  mutating func set(selector: NodeFieldSelector, phase: String?, message: String?, outputParameters: [String: String], now: Date)
    throws(SimulatorFailure)
  {
    let matching = waitingSuspendNodes(selector)
    guard !matching.isEmpty, var scheduler else {
      throw .invalid("currently, set only targets suspend nodes: no suspend nodes matching nodeFieldSelector: \(selector.text)")
    }
    for id in matching where !outputParameters.isEmpty {
      let declared = scheduler.workflow.status?.nodes?[id]?.outputs?.parameters
      guard let declared else { throw .invalid("cannot set output parameters because node is not expecting any raw parameters") }
      for name in outputParameters.keys.sorted() {
        guard let parameter = declared.first(where: { $0.name == name }) else {
          throw .invalid("node is not expecting output parameter '\(name)'")
        }
        guard parameter.valueFrom?.supplied != nil else {
          throw .invalid("cannot set output parameter '\(name)' because it does not use valueFrom.raw or it was already set")
        }
      }
    }
    let events = matching.map { SchedulerEvent.set(nodeID: $0, phase: phase, message: message, outputParameters: outputParameters) }
    let actions = scheduler.handle(events, now: now)
    self.scheduler = scheduler
    take(actions)
  }

  /// Argo's stop with a node selector: the suspend nodes it names that wait fail, with the
  /// message.
  mutating func stopNodes(selector: NodeFieldSelector, message: String?, now: Date) throws(SimulatorFailure) {
    try set(selector: selector, phase: Phase.failed.rawValue, message: message, outputParameters: [:], now: now)
  }

  private func waitingSuspendNodes(_ selector: NodeFieldSelector) -> [String] {
    let status = workflowStatus
    let nodes = Self.nodesJSON(status)
    return Self.nodeIDs(status).filter { id in
      guard let node = status?.nodes?[id], node.type == "Suspend", !WorkflowPhase(node.phase ?? "").isCompleted,
        node.phase != Phase.pending.rawValue
      else { return false }
      return selector.isEmpty || (nodes?[id]).map(selector.matches) == true
    }
  }
}

// MARK: Status

extension WorkflowRun {
  /// The nodes as Argo's status holds them, by ID, in the order they were made.
  var nodesJSON: JSONValue? { Self.nodesJSON(workflowStatus) }

  private static func nodesJSON(_ status: WorkflowStatus?) -> JSONValue? {
    guard let nodes = status?.nodes, !nodes.isEmpty else { return nil }
    var object = JSONObject()
    for id in nodeIDs(status) {
      guard let node = nodes[id], var rendered = node.toJSON().objectValue else { continue }
      if node.type == "Pod", node.phase != Phase.pending.rawValue { rendered["hostNodeName"] = "simulator-node" }
      // Go writes a time not set yet as null.
      if rendered["finishedAt"] == nil { rendered["finishedAt"] = .null }
      object.append(id, .object(rendered))
    }
    return .object(object)
  }

  /// `status`, as the controller writes it; with `compressed`, the nodes as Argo's
  /// `compressedNodes` (base64 of gzip of their JSON).
  func status(compressed: Bool) -> JSONValue {
    if let frozenStatus { return frozenStatus }
    guard let status = workflowStatus, var object = status.toJSON().objectValue else {
      return ["phase": .string(WorkflowPhase.pending.rawValue), "finishedAt": .null]
    }
    object["nodes"] = nil
    if object["finishedAt"] == nil { object["finishedAt"] = .null }
    if let nodes = Self.nodesJSON(status) {
      if compressed {
        object["compressedNodes"] = .string(Data(StoredGzip.wrap(nodes.compactBytes)).base64EncodedString())
      } else {
        object["nodes"] = nodes
      }
    }
    if isFinished {
      object["conditions"] = [["type": "PodRunning", "status": "False"], ["type": "Completed", "status": "True"]]
    } else {
      let running = (status.nodes ?? [:]).values.contains { $0.type == "Pod" && $0.phase == Phase.running.rawValue }
      object["conditions"] = [["type": "PodRunning", "status": running ? "True" : "False"]]
    }
    return .object(object)
  }
}
