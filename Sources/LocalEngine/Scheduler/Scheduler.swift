import ArgoModel
import Foundation

/// A parent-child link between two nodes.
struct Link: Hashable, Sendable {
  let parent: String
  let child: String
}

/// The pure state machine of a local run: given the workflow and what happened (containers
/// started and ended, time passed, a resume or a stop), it says what to do next (run a
/// container, stop one, wake at a time, the workflow ended) and keeps the workflow's status as
/// Argo's controller keeps it (`status.nodes` with ids, names, types, phases, children,
/// boundaries, inputs, outputs, times and messages).
///
/// It does no I/O: the engine around it runs the containers, reads their outputs and tells it.
/// Like Argo's controller, each step re-walks the workflow from its root and advances whatever
/// can advance, so that the outcome never depends on the order events arrive in.
///
/// ```swift
/// var scheduler = try Scheduler(workflow: workflow)
/// var actions = scheduler.start(now: Date())
/// // run each .launch, then:
/// actions = scheduler.handle(.podFinished(nodeID: id, result), now: Date())
/// ```
public struct Scheduler: Sendable {
  /// Templates that `templateRef`s may name, and limits.
  public struct Options: Sendable {
    /// Workflow templates by name, for `templateRef`.
    public var workflowTemplates: [String: WorkflowTemplate]
    /// Cluster workflow templates by name, for `templateRef` with `clusterScope`.
    public var clusterWorkflowTemplates: [String: ClusterWorkflowTemplate]
    /// At most this many containers at once (the engine's `--parallelism`), on top of the
    /// workflow's own `parallelism`.
    public var parallelism: Int?
    /// How deep templates may call templates (a guard against endless recursion).
    public var maxDepth: Int
    /// ConfigMaps by name, their keys and values: for parameters whose value comes from one
    /// (`valueFrom.configMapKeyRef`).
    public var configMaps: [String: [String: String]]
    /// The outputs of memoized templates (`memoize`) kept by earlier runs.
    public var memoized: MemoizedOutputs

    public init(
      workflowTemplates: [String: WorkflowTemplate] = [:], clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:],
      parallelism: Int? = nil, maxDepth: Int = 100, configMaps: [String: [String: String]] = [:],
      memoized: MemoizedOutputs = MemoizedOutputs()
    ) {
      self.memoized = memoized
      self.workflowTemplates = workflowTemplates
      self.clusterWorkflowTemplates = clusterWorkflowTemplates
      self.parallelism = parallelism
      self.maxDepth = maxDepth
      self.configMaps = configMaps
    }
  }

  enum Shutdown: Sendable, Equatable {
    case stop(String?)
    case terminate
  }

  /// The workflow, its status as the run has it.
  public private(set) var workflow: Workflow
  let options: Options
  let name: String

  // The state beyond the status.
  /// Node ids by node name.
  var idsByName: [String: String] = [:]
  /// The node id each node name was given (made or about to be), and the name each id was given
  /// to: see `claimID(forNodeNamed:)`.
  var claimedIDs: [String: String] = [:]
  var claimants: [String: String] = [:]
  /// The template each node runs, resolved with its inputs.
  var resolvedTemplates: [String: Template] = [:]
  /// Nodes whose pod could not be made, and retry nodes that end on such an attempt, with the
  /// error: see `executionError(of:)`.
  var executionErrors: [String: String] = [:]
  /// The templates a node's own `template:` names resolve against, when it is not the
  /// workflow's (a template of a WorkflowTemplate reached through a templateRef).
  var resolvedLibraries: [String: [Template]] = [:]
  /// Pod nodes created and not yet launched, in creation order.
  var launchQueue = LaunchQueue()
  /// Pod nodes launched and not finished.
  var launched: Set<String> = []
  /// Launches waiting for the engine.
  var pendingLaunches: [String: PodLaunch] = [:]
  /// Times something is waiting for (retry back-offs, suspensions), by node id.
  var wakeTimes: [String: Date] = [:]
  /// The workflow's variables that do not change while it runs, once it started.
  var fixedGlobals: Evaluation.Scope?
  /// Parameters published with `globalName`.
  var globalOutputs: [String: String] = [:]
  /// Pods past their gates (locks, memoization), queued or running: walks skip them, since only
  /// their events change them.
  var settledPods: Set<String> = []

  /// Whether a node has ended, from `finalPhases`.
  func hasEnded(_ id: String) -> Bool { finalPhases[id] != nil }
  /// Pods made and pods that succeeded, for `status.progress`.
  var podsMade = 0
  var podsSucceeded = 0
  /// The phases of the nodes that have ended, by id: walks read them without copying nodes.
  var finalPhases: [String: String] = [:]
  /// The items of each fan-out, and their node names, fixed when it starts.
  var expandedItems: [String: [JSONValue]] = [:]
  var itemNames: [String: [String]] = [:]
  /// The output parameters a skipped or omitted node declares without a default, by node ID:
  /// "absent optionals", which a reference may not substitute (Argo fails it terminally) but an
  /// argument that is only that reference leaves to the input's own default.
  var absentOutputs: [String: [String]] = [:]
  /// Whether a lifecycle hook (other than `exit`) has been seen: then a pod's start is a change a
  /// pass must see, since a hook's expression may wait for a node to be Running.
  var hooksWatchStarts = false
  /// The tasks and targets of each DAG node.
  var dagPlans: [String: DAGPlan] = [:]
  /// Which tasks of each DAG node (by id) walks visit, and where each task's node sits.
  var dagProgress: [String: DAGProgress] = [:]
  var taskSites: [String: ProgressSite] = [:]
  /// Which items of each fan-out (by node name) walks visit, and where each item's node sits.
  var fanOuts: [String: FanOutProgress] = [:]
  var itemSites: [String: ProgressSite] = [:]
  /// The parent-child links made (children lists are not searched).
  var links: Set<Link> = []
  /// Nodes that ran as daemons (some may have ended since).
  var daemonNodes: Set<String> = []
  /// The scope steps see from their template's groups that ended, by steps node id: those
  /// groups' outputs do not change.
  var endedGroupScopes: [String: EndedGroupScope] = [:]
  /// The mutexes and semaphores nodes hold.
  var lockTable = LockTable()
  /// Artifacts published with `globalName`.
  var globalArtifacts: [String: Artifact] = [:]
  var shutdown: Shutdown?
  var finished = false
  var now = Date(timeIntervalSince1970: 0)
  /// Whether the last pass changed anything (another pass may then advance more).
  var changed = false
  /// Stop requests produced by the pass.
  var stops: [(String, StopCause)] = []
  /// Memoized outputs: those of earlier runs, and this run's successes, which later nodes use.
  var memoized: MemoizedOutputs
  /// This run's memoized successes not yet handed to the engine to keep.
  var newMemoizations: [MemoizationEntry] = []

  /// - Throws: `SchedulerError` when the workflow cannot start: no name, no entrypoint, an
  ///   entrypoint that names no template.
  public init(workflow: Workflow, options: Options = Options()) throws(SchedulerError) {
    guard let name = workflow.metadata.name, !name.isEmpty else {
      throw SchedulerError("the workflow has no name", hint: "give it metadata.name, or let the engine make one from generateName")
    }
    self.workflow = workflow
    self.options = options
    self.name = name
    memoized = options.memoized
    if workflow.spec.workflowTemplateRef == nil {
      guard let entrypoint = workflow.spec.entrypoint, !entrypoint.isEmpty else {
        throw SchedulerError("the workflow has no entrypoint", hint: "set spec.entrypoint to the template to start with")
      }
      guard workflow.spec.templates?.contains(where: { $0.name == entrypoint }) == true else {
        throw SchedulerError("the entrypoint \(entrypoint) names no template of the workflow")
      }
    }
    if self.workflow.status == nil { self.workflow.status = WorkflowStatus() }
    // Workflow arguments read from ConfigMaps get their values once, at the start.
    if var parameters = self.workflow.spec.arguments?.parameters {
      for index in parameters.indices where parameters[index].value == nil {
        if let value = try Scheduler.configMapValue(of: parameters[index], place: "workflow argument", configMaps: options.configMaps) {
          parameters[index].value = value
        }
      }
      self.workflow.spec.arguments?.parameters = parameters
    }
    for (id, node) in self.workflow.status?.nodes ?? [:] {
      idsByName[node.name] = id
      claimedIDs[node.name] = id
      claimants[id] = node.name
      if node.type == NodeType.pod {
        podsMade += 1
        if node.phase == NodePhase.succeeded { podsSucceeded += 1 }
      }
      if NodePhase.isFulfilled(node.phase) { finalPhases[id] = node.phase }
      if node.daemoned == true { daemonNodes.insert(id) }
      for child in node.children ?? [] { links.insert(Link(parent: id, child: child)) }
    }
    // A resumed run keeps what it published.
    for parameter in self.workflow.status?.outputs?.parameters ?? [] { globalOutputs[parameter.name] = parameter.value?.string }
    for artifact in self.workflow.status?.outputs?.artifacts ?? [] { globalArtifacts[artifact.name] = artifact }
  }

  /// Starts the run (or continues one whose status was read back).
  public mutating func start(now: Date) -> [SchedulerAction] {
    self.now = now
    if workflow.status?.startedAt == nil { workflow.status?.startedAt = Time(now) }
    workflow.status?.phase = NodePhase.running
    fixedGlobals = makeFixedGlobals()
    // Containers that were running when a previous run was interrupted start again.
    for (id, node) in workflow.status?.nodes ?? [:] where NodeType.isRun(node.type) && !NodePhase.isFulfilled(node.phase) {
      workflow.status?.nodes?[id]?.phase = NodePhase.pending
      launchQueue.append(id)
    }
    return step()
  }

  /// Ends a run that has not started as Argo's controller ends a workflow whose spec it finds
  /// invalid: Failed, with `invalid spec: ...`, no node made and no exit handler run.
  public mutating func refuse(invalidSpec problem: String, now: Date) -> [SchedulerAction] {
    self.now = now
    let message = "invalid spec: \(problem)"
    finished = true
    if workflow.status?.startedAt == nil { workflow.status?.startedAt = Time(now) }
    workflow.status?.phase = NodePhase.failed
    workflow.status?.message = message
    workflow.status?.finishedAt = Time(now)
    return [.finished(phase: NodePhase.failed, message: message)]
  }

  /// Takes an event into account and says what to do next.
  public mutating func handle(_ event: SchedulerEvent, now: Date) -> [SchedulerAction] {
    handle([event], now: now)
  }

  /// Takes events that came together into account, then says what to do next: one walk of the
  /// workflow for all of them (a large run's containers end faster than a walk takes).
  public mutating func handle(_ events: [SchedulerEvent], now: Date) -> [SchedulerAction] {
    self.now = now
    guard !finished else { return [] }
    var walk = false
    for event in events where apply(event) { walk = true }
    return walk ? step() : []
  }

  /// The change an event makes; whether a walk must follow.
  private mutating func apply(_ event: SchedulerEvent) -> Bool {
    switch event {
    case .podStarted(let id):
      let started = Time(now)
      let daemon = resolvedTemplates[id]?.daemon == true
      update(id) { node in
        if node.phase == NodePhase.pending { node.phase = NodePhase.running }
        node.startedAt = started
        if daemon { node.daemoned = true }
      }
      if daemon {
        markDaemoned(id)
        if let retry = retryNode(ofAttempt: id), retry.daemoned != true, !NodePhase.isFulfilled(retry.phase) {
          update(retry.id) { $0.daemoned = true }
          markDaemoned(retry.id)
        }
      }
      for container in containerNodes(of: id) {
        update(container) { node in
          if node.phase == NodePhase.pending { node.phase = NodePhase.running }
        }
      }
      // A start changes nothing a pass reads, except for a daemon (its dependents may start
      // then) and for lifecycle hooks (`status == "Running"`): no walk of the whole workflow for
      // it otherwise, which halves the passes of a large run.
      return daemon || hooksWatchStarts
    case .podFinished(let id, let result):
      launched.remove(id)
      pendingLaunches[id] = nil
      endContainers(of: id, result)
      complete(id, phase: result.phase, message: result.message, outputs: result.outputs)
      if result.notCreated { recordExecutionError(of: id, result.message ?? "") }
    case .suspend:
      workflow.spec.suspend = true
    case .unsuspend:
      workflow.spec.suspend = nil
    case .resume(let displayName):
      if displayName == nil { workflow.spec.suspend = nil }
      for (id, node) in workflow.status?.nodes ?? [:] where node.type == NodeType.suspend && !NodePhase.isFulfilled(node.phase) {
        if let displayName, node.displayName != displayName { continue }
        endSuspension(id, phase: NodePhase.succeeded)
      }
    case .set(let id, let phase, let message, let outputParameters):
      setSuspended(id, phase: phase, message: message, outputParameters: outputParameters)
    case .stop(let message):
      if shutdown == nil { shutdown = .stop(message) }
    case .terminate:
      shutdown = .terminate
    case .wake:
      break
    }
    return true
  }

  /// The launch of a node the engine was asked to run.
  public func launch(of nodeID: String) -> PodLaunch? {
    pendingLaunches[nodeID]
  }

  // MARK: The pass

  mutating func step() -> [SchedulerAction] {
    var actions: [SchedulerAction] = []
    stops = []
    var passes = 0
    repeat {
      changed = false
      operate()
      passes += 1
    } while changed && passes < 1000
    for (id, cause) in stops { actions.append(.stop(nodeID: id, cause: cause)) }
    for entry in newMemoizations { actions.append(.memoize(entry)) }
    newMemoizations = []
    actions += dispatch()
    updateProgress()
    if workflow.spec.suspend != true, let phase = finalPhase() {
      finished = true
      workflow.status?.phase = phase.phase
      workflow.status?.message = phase.message
      workflow.status?.finishedAt = Time(now)
      actions.append(.finished(phase: phase.phase, message: phase.message))
    } else if let wake = wakeTimes.values.filter({ $0 > now }).min() {
      actions.append(.wake(at: wake))
    }
    return actions
  }

  /// One walk from the root.
  mutating func operate() {
    // The workflow's own deadline.
    if shutdown == nil, let deadline = workflow.spec.activeDeadlineSeconds, let started = workflow.status?.startedAt?.date {
      let end = started.addingTimeInterval(TimeInterval(deadline))
      if now >= end {
        shutdown = .stop("Step exceeded its deadline")
        failUnfinished(message: "Step exceeded its deadline")
      } else {
        wakeTimes["workflow-deadline"] = end
      }
    }
    if let shutdown { applyShutdown(shutdown) }
    // Argo's controller does not walk a suspended workflow: its running pods end, and a stop
    // reaches them and its suspensions, but nothing else moves (no node ends from its children,
    // no exit handler starts, the workflow does not end) until it is resumed.
    if workflow.spec.suspend == true { return }
    let rootArguments = workflow.spec.arguments
    let entry = workflow.spec.entrypoint ?? ""
    let root = execute(
      nodeName: name, displayName: name, reference: .named(entry), arguments: rootArguments, context: ExecutionContext(depth: 0))
    runWorkflowHooks()
    guard let root, NodePhase.isFulfilled(root.phase) else { return }
    if shutdown == .terminate { return }
    // An entry template that could not be executed errors the workflow at once: no exit handler.
    if executionError(of: root) != nil { return }
    if let exitTemplate = workflow.spec.onExit ?? workflow.spec.hooks?["exit"]?.template {
      var context = ExecutionContext(depth: 0)
      context.onExit = true
      // An exit hook has arguments of its own; onExit gets the workflow's.
      var arguments = rootArguments
      if workflow.spec.onExit == nil, let hook = workflow.spec.hooks?["exit"] {
        arguments = (try? resolveArguments(hook.arguments, bindings: globalBindings())) ?? hook.arguments
      }
      execute(
        nodeName: "\(name).onExit", displayName: "\(name).onExit", reference: .named(exitTemplate), arguments: arguments, context: context)
    }
  }

  /// The workflow's phase and message once everything has ended, else nil.
  func finalPhase() -> (phase: String, message: String?)? {
    guard let root = node(named: name), NodePhase.isFulfilled(root.phase) else {
      if shutdown == .terminate, launched.isEmpty, pendingLaunches.isEmpty {
        return (NodePhase.failed, "Stopped with strategy 'Terminate'")
      }
      return nil
    }
    guard launched.isEmpty, shutdown == .terminate || hooksEnded else { return nil }
    // Argo's controller errors the workflow when it cannot execute the entry template or the
    // exit handler (it words the second with a space before the colon).
    if let error = executionError(of: root) { return (NodePhase.error, "error in entry template execution: \(error)") }
    var exitPhase: String?
    if shutdown != .terminate, workflow.spec.onExit ?? workflow.spec.hooks?["exit"]?.template != nil {
      guard let exitNode = node(named: "\(name).onExit"), NodePhase.isFulfilled(exitNode.phase) else { return nil }
      if let error = executionError(of: exitNode) { return (NodePhase.error, "error in exit template execution : \(error)") }
      exitPhase = exitNode.phase
    }
    switch shutdown {
    case .terminate: return (NodePhase.failed, "Stopped with strategy 'Terminate'")
    case .stop(let message): return (NodePhase.failed, message ?? "Stopped with strategy 'Stop'")
    case nil: break
    }
    if NodePhase.isFailure(root.phase) { return (root.phase ?? NodePhase.failed, root.message) }
    if let exitPhase, NodePhase.isFailure(exitPhase) { return (NodePhase.failed, node(named: "\(name).onExit")?.message) }
    return (NodePhase.succeeded, nil)
  }

  /// The error Argo's controller meets when it executes a node's template, which goes up where a
  /// node that ran and failed does not: a step group errors with it, and an entry template or
  /// exit handler errors the workflow. Nil for a node that could be executed. Such nodes: a
  /// reference or an input that does not resolve (a Skipped node in Error), a suspend without
  /// its value, a pod that cannot be created, and a retry node ending on one of those with a
  /// policy that does not retry errors.
  func executionError(of node: NodeStatus) -> String? {
    if let error = executionErrors[node.id] { return error }
    guard node.phase == NodePhase.error, node.type == NodeType.skipped || node.type == NodeType.suspend else { return nil }
    return node.message ?? ""
  }

  /// Records that the node's template could not be executed (see `executionError(of:)`), once
  /// the node is complete. A DAG task that could not be executed errors with Argo's words for
  /// it, `task 'NODE' errored: WHY` (an attempt's error is its retry node's, recorded when that
  /// ends); errors of the DAG's own `depends` or `when` are not recorded here and keep theirs.
  mutating func recordExecutionError(of id: String, _ error: String) {
    executionErrors[id] = error
    guard retryNode(ofAttempt: id) == nil, let task = node(id: id), task.phase == NodePhase.error,
      let boundary = task.boundaryID.flatMap({ node(id: $0) }), boundary.type == NodeType.dag
    else { return }
    update(id) { $0.message = "task '\(task.name)' errored: \(error)" }
  }

  /// The id of the node named `name`: Argo's hash of the name, unless that id was given to
  /// another name of this run already (32-bit hashes of the names of a large fan-out collide),
  /// then the hash of the name with a suffix. A name keeps the id it was first given, so the
  /// status holds every node and nothing keyed by id mixes two nodes.
  mutating func claimID(forNodeNamed name: String) -> String {
    if let id = claimedIDs[name] { return id }
    var id = workflow.nodeID(forNodeNamed: name)
    var salt = 0
    while let owner = claimants[id], owner != name {
      salt += 1
      id = workflow.nodeID(forNodeNamed: "\(name)#\(salt)")
    }
    claimedIDs[name] = id
    claimants[id] = name
    return id
  }

  /// Launches queued pods while the limits allow.
  mutating func dispatch() -> [SchedulerAction] {
    var actions: [SchedulerAction] = []
    // The workflow's parallelism counts every pod running, as Argo counts them; the engine's
    // own limit (how much this machine runs at once) leaves out daemons that are up: they wait
    // rather than work, and counting them could leave no room for the tasks that use them.
    let workflowCap = workflow.spec.parallelism.flatMap { $0 > 0 ? $0 : nil } ?? Int.max
    let engineCap = options.parallelism.flatMap { $0 > 0 ? $0 : nil } ?? Int.max
    let daemonsUp = daemonNodes.isEmpty ? 0 : launched.filter { workflow.status?.nodes?[$0]?.daemoned == true }.count
    // A suspended workflow starts nothing new.
    while !launchQueue.isEmpty, launched.count < workflowCap, launched.count - daemonsUp < engineCap, workflow.spec.suspend != true {
      guard let id = launchQueue.takeFirst() else { break }
      guard let node = workflow.status?.nodes?[id], !NodePhase.isFulfilled(node.phase), let template = resolvedTemplates[id] else {
        continue
      }
      if shutdown != nil, !isExitHandlerNode(node) {
        complete(id, phase: NodePhase.failed, message: shutdownMessage, outputs: nil)
        continue
      }
      let launch = PodLaunch(
        nodeID: id, nodeName: node.name, podName: workflow.podName(of: node) ?? id, template: template, inputs: node.inputs ?? Inputs(),
        attempt: attemptNumber(of: node.name), daemon: template.daemon == true)
      launched.insert(id)
      pendingLaunches[id] = launch
      makeContainerNodes(of: node, template: template)
      actions.append(.launch(launch))
    }
    return actions
  }

  var shutdownMessage: String {
    switch shutdown {
    case .stop(let message): return message ?? "Stopped with strategy 'Stop'"
    case .terminate: return "Stopped with strategy 'Terminate'"
    case nil: return ""
    }
  }

  /// Stops running containers and fails queued ones (exit handlers are spared by a stop).
  mutating func applyShutdown(_ shutdown: Shutdown) {
    for id in launched {
      guard let node = workflow.status?.nodes?[id], !NodePhase.isFulfilled(node.phase) else { continue }
      if case .stop = shutdown, isExitHandlerNode(node) { continue }
      if !stops.contains(where: { $0.0 == id }) { stops.append((id, .failed(message: shutdownMessage))) }
    }
    for id in launchQueue.ids {
      guard let node = workflow.status?.nodes?[id], !isExitHandlerNode(node) || shutdown == .terminate else { continue }
      complete(id, phase: NodePhase.failed, message: shutdownMessage, outputs: nil)
    }
    launchQueue.removeAll { NodePhase.isFulfilled(workflow.status?.nodes?[$0]?.phase) }
    // Suspensions end at once.
    for (id, node) in workflow.status?.nodes ?? [:] where node.type == NodeType.suspend && !NodePhase.isFulfilled(node.phase) {
      complete(id, phase: NodePhase.failed, message: shutdownMessage, outputs: nil)
    }
  }

  mutating func failUnfinished(message: String) {
    for id in launched where !stops.contains(where: { $0.0 == id }) { stops.append((id, .failed(message: message))) }
  }

  func isExitHandlerNode(_ node: NodeStatus) -> Bool {
    node.name.hasPrefix("\(name).onExit") || node.name.contains(".onExit")
  }

  /// `status.progress`: pods succeeded over pods.
  mutating func updateProgress() {
    // Counted as nodes are made and end, not by a look at every node on each pass.
    workflow.status?.progress = "\(podsSucceeded)/\(podsMade)"
    if !globalOutputs.isEmpty || !globalArtifacts.isEmpty {
      var outputs = workflow.status?.outputs ?? Outputs()
      if !globalOutputs.isEmpty {
        outputs.parameters = globalOutputs.sorted { $0.key < $1.key }.map { Parameter(name: $0.key, value: AnyString($0.value)) }
      }
      if !globalArtifacts.isEmpty { outputs.artifacts = globalArtifacts.sorted { $0.key < $1.key }.map(\.value) }
      workflow.status?.outputs = outputs
    }
  }

  // MARK: Nodes

  func node(named nodeName: String) -> NodeStatus? {
    idsByName[nodeName].flatMap { workflow.status?.nodes?[$0] }
  }

  func node(id: String) -> NodeStatus? {
    workflow.status?.nodes?[id]
  }

  /// Creates a node; returns it.
  @discardableResult
  mutating func createNode(
    name nodeName: String, displayName: String, type: String, templateName: String?, boundaryID: String?, phase: String,
    message: String? = nil, inputs: Inputs? = nil, parentID: String? = nil
  ) -> NodeStatus {
    let id = claimID(forNodeNamed: nodeName)
    var node = NodeStatus(
      name: nodeName, boundaryID: boundaryID, displayName: displayName, id: id, inputs: inputs, message: message, phase: phase,
      startedAt: Time(now), templateName: templateName, type: type)
    if NodePhase.isFulfilled(phase) { node.finishedAt = Time(now) }
    if type == NodeType.pod, workflow.status?.nodes?[id] == nil {
      podsMade += 1
      if phase == NodePhase.succeeded { podsSucceeded += 1 }
    }
    if workflow.status?.nodes == nil { workflow.status?.nodes = [:] }
    workflow.status?.nodes?[id] = node
    idsByName[nodeName] = id
    if NodePhase.isFulfilled(phase) { markEnded(id, phase: phase) }
    if let parentID { addChild(parentID, id) }
    changed = true
    return node
  }

  mutating func addChild(_ parentID: String, _ childID: String) {
    guard workflow.status?.nodes?[parentID] != nil else { return }
    // Each link once; looked up in a set, not in the parent's children (a DAG's root node may
    // have thousands).
    guard links.insert(Link(parent: parentID, child: childID)).inserted else { return }
    // Changed in place: a copy of the parent would copy its list of children.
    if workflow.status?.nodes?[parentID]?.children == nil {
      workflow.status?.nodes?[parentID]?.children = [childID]
    } else {
      workflow.status?.nodes?[parentID]?.children?.append(childID)
    }
  }

  mutating func update(_ id: String, _ change: (inout NodeStatus) -> Void) {
    guard workflow.status?.nodes?[id] != nil else { return }
    change(&workflow.status!.nodes![id]!)
    changed = true
  }

  /// Ends a node.
  mutating func complete(_ id: String, phase: String, message: String?, outputs: Outputs?) {
    guard let existing = workflow.status?.nodes?[id], !NodePhase.isFulfilled(existing.phase) || existing.daemoned == true else { return }
    let finishedAt = Time(now)
    if existing.type == NodeType.pod, phase == NodePhase.succeeded, existing.phase != NodePhase.succeeded { podsSucceeded += 1 }
    update(id) { node in
      node.phase = phase
      if let message { node.message = message }
      if let outputs { node.outputs = outputs }
      node.finishedAt = finishedAt
      if node.daemoned == true, phase != NodePhase.pending { node.daemoned = nil }
    }
    if NodePhase.isFulfilled(phase) { markEnded(id, phase: phase) }
    if existing.daemoned == true, NodePhase.isFailure(phase) { reopenRetry(ofDaemonAttempt: existing) }
    wakeTimes[id] = nil
    launchQueue.remove(id)
    lockTable.release(id)
    // A memoized template's success is kept for the next nodes and runs with its key.
    if phase == NodePhase.succeeded, let memoize = resolvedTemplates[id]?.memoize,
      workflow.status?.nodes?[id]?.memoizationStatus?.hit != true
    {
      let entry = MemoizationEntry(
        cache: memoize.cache.configMap.name ?? "", key: memoize.key, nodeID: id, outputs: outputs ?? Outputs(), created: now)
      memoized.record(entry)
      newMemoizations.append(entry)
    }
    if let parameters = outputs?.parameters {
      let declared = resolvedTemplates[id]?.outputs?.parameters ?? []
      for parameter in parameters {
        guard let global = declared.first(where: { $0.name == parameter.name })?.globalName ?? parameter.globalName,
          let value = parameter.value?.string
        else { continue }
        globalOutputs[global] = value
      }
    }
    if let artifacts = outputs?.artifacts {
      let declared = resolvedTemplates[id]?.outputs?.artifacts ?? []
      for artifact in artifacts {
        guard let global = declared.first(where: { $0.name == artifact.name })?.globalName ?? artifact.globalName else { continue }
        var published = artifact
        published.name = global
        globalArtifacts[global] = published
      }
    }
  }

  // MARK: Container sets

  /// A container set's pod has a node of type Container for each container (`POD.CONTAINER`),
  /// bounded by the pod's node, as Argo makes them.
  mutating func makeContainerNodes(of pod: NodeStatus, template: Template) {
    for container in template.containerSet?.containers ?? [] {
      let name = "\(pod.name).\(container.name)"
      guard idsByName[name] == nil else { continue }
      createNode(
        name: name, displayName: container.name, type: NodeType.container, templateName: template.name, boundaryID: pod.id,
        phase: NodePhase.pending, parentID: pod.id)
    }
  }

  func containerNodes(of podID: String) -> [String] {
    guard resolvedTemplates[podID]?.containerSet != nil else { return [] }
    return (node(id: podID)?.children ?? []).filter { node(id: $0)?.type == NodeType.container }
  }

  /// Ends a container set's Container nodes as their containers ended; a container that did not
  /// run (after another failed) takes the pod's phase.
  mutating func endContainers(of podID: String, _ result: PodResult) {
    for id in containerNodes(of: podID) {
      guard let container = node(id: id), !NodePhase.isFulfilled(container.phase) else { continue }
      let own = result.containers.first { $0.name == container.displayName }
      let phase = own?.phase ?? (result.phase == NodePhase.succeeded ? NodePhase.succeeded : result.phase)
      let message = own?.message ?? (own == nil && NodePhase.isFailure(phase) ? "not run: \(result.message ?? "the pod failed")" : nil)
      complete(id, phase: phase, message: message, outputs: own?.exitCode.map { Outputs(exitCode: String($0)) })
    }
  }

  /// A daemon that was up and failed: the retry node it is an attempt of is no longer up, and is
  /// walked again so that its strategy decides on a new attempt (Argo retries a daemon as any
  /// pod; what already started after it goes on).
  mutating func reopenRetry(ofDaemonAttempt attempt: NodeStatus) {
    guard let retry = retryNode(ofAttempt: attempt.id), retry.daemoned == true, !NodePhase.isFulfilled(retry.phase) else { return }
    update(retry.id) { $0.daemoned = nil }
    if let site = taskSites[retry.id] { dagProgress[site.owner]?.reopen(site.index) }
  }

  /// The retry node a node is an attempt of (`name(2)` of `name`), if it is one.
  func retryNode(ofAttempt id: String) -> NodeStatus? {
    guard let attempt = node(id: id), let (retryName, _) = Scheduler.attempt(attempt.name) else { return nil }
    guard let retry = node(named: String(retryName)), retry.type == NodeType.retry else { return nil }
    return retry
  }

  func attemptNumber(of nodeName: String) -> Int {
    Scheduler.attempt(nodeName)?.number ?? 0
  }

  /// A retry attempt's name, `name(2)`, as the retry node's name and the attempt's number.
  static func attempt(_ nodeName: String) -> (retryName: Substring, number: Int)? {
    guard nodeName.hasSuffix(")"), let open = nodeName.lastIndex(of: "("),
      let number = Int(nodeName[nodeName.index(after: open)..<nodeName.index(before: nodeName.endIndex)])
    else { return nil }
    return (nodeName[..<open], number)
  }
}
