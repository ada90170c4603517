import ArgoModel
import Foundation

/// A line a simulated pod wrote.
struct LogLine: Sendable {
  var podName: String
  var container: String
  var content: String
  var time: Date
}

/// What a simulated node needs to be made: Argo's node name, what it shows, the call (a step, a
/// task, or the entrypoint) and where it sits.
struct NodeRequest: Sendable, Hashable {
  var name: String
  var displayName: String
  var call: JSONValue
  var boundaryID: String?
  var parentID: String?
  var scope: TemplateScope
}

/// One node of a simulated workflow, as the controller keeps it.
struct SimulatedNode: Sendable, Hashable {
  var id: String
  var name: String
  var displayName: String
  var type: String
  var templateName: String?
  var templateRef: JSONValue?
  var scope: TemplateScope
  var phase: NodePhase
  var boundaryID: String?
  var children: [String] = []
  var startedAt: Date
  var finishedAt: Date?
  var message: String?
  var outputs: JSONValue?
  var podName: String?
  // Kept for the simulation only, never shown.
  var template: JSONValue
  var parentID: String?
  var linesWritten = 0
  var fails = false
  /// The nodes a group (a fanned-out task, a step group) is made of, and how to make them again
  /// after a retry.
  var members: [NodeRequest] = []

  var isFulfilled: Bool { phase.isFulfilled }
  var isFailure: Bool { phase.isFailedOrError }
}

/// The simulated controller's state for one workflow: its phase and nodes, advanced one tick at
/// a time.
///
/// Each tick does what one pass of Argo's controller does: it starts the workflow, starts every
/// node whose dependencies are met, moves each pod one step (Pending, then Running with one log
/// line per tick, then Succeeded or Failed), and completes the DAGs, steps and the workflow
/// whose children are done. A pure state machine: the store around it does the I/O.
struct WorkflowRun: Sendable {
  struct Context {
    var now: Date
    var library: RunTemplates
    /// Ticks a pod runs for, one log line each.
    var podTicks: Int
    var suspended: Bool
    /// `Stop` or `Terminate` once `spec.shutdown` is set.
    var shutdown: String?
  }

  let name: String
  /// The spec that runs: the workflow's, merged over its WorkflowTemplate's.
  var spec: JSONValue
  /// Display names, base names or template names of the nodes made to fail.
  var failing: Set<String>
  /// The same, for nodes that fail on their first attempt only (a retry runs them again).
  var failingOnce: Set<String> = []
  /// Names of the nodes that have had their one failure.
  var failedOnce: Set<String> = []
  var podNameFormat: PodNameFormat
  var phase = WorkflowPhase.pending
  var startedAt: Date?
  var finishedAt: Date?
  var message: String?
  var nodes: [String: SimulatedNode] = [:]
  var order: [String] = []
  /// The message `stop` gave, for the nodes it stops.
  var stopMessage: String?
  /// A status given when the workflow was seeded: shown as it is and never advanced.
  var frozenStatus: JSONValue?
  /// Lines written since the store last collected them.
  var newLines: [LogLine] = []
  private var advanced: Set<String> = []
  /// Whether the nodes being visited belong to the exit handler, which a stop lets run.
  private var inExitHandler = false
  private var context = Context(now: Date(), library: RunTemplates(spec: [:]), podTicks: 3, suspended: false)

  init(name: String, spec: JSONValue, failing: Set<String>, podNameFormat: PodNameFormat) {
    self.name = name
    self.spec = spec
    self.failing = failing
    self.podNameFormat = podNameFormat
  }

  var isFinished: Bool {
    if let frozen = frozenStatus?["phase"]?.stringValue { return WorkflowPhase(frozen).isCompleted }
    return phase.isCompleted
  }

  var shownPhase: String { frozenStatus?["phase"]?.stringValue ?? phase.rawValue }

  // MARK: Names

  /// Argo's node ID: the workflow's name for the root, else the name and the FNV-1a hash of the
  /// node's name.
  func nodeID(_ nodeName: String) -> String {
    NodeNames.nodeID(workflowName: name, nodeName: nodeName)
  }

  /// Argo's pod name, in the format the workflow's annotation chose.
  func podName(nodeName: String, templateName: String?) -> String {
    podNameFormat.podName(workflowName: name, nodeName: nodeName, templateName: templateName)
  }

  // MARK: Ticks

  /// Moves the workflow one step on; `true` when anything changed.
  mutating func tick(_ context: Context) -> Bool {
    guard frozenStatus == nil, !isFinished else { return false }
    self.context = context
    advanced = []
    let before = (phase, nodes)
    if let shutdown = context.shutdown, phase != .pending {
      let exitID = nodeID("\(name).onExit")
      for id in order where nodes[id]?.isFulfilled == false && ["Pod", "Suspend", "HTTP", "Plugin"].contains(nodes[id]?.type ?? "") {
        guard shutdown == "Terminate" || id != exitID && !isDescendant(id, of: exitID) else { continue }
        finish(id, phase: .failed, message: stopMessage ?? "Stopped with strategy '\(shutdown)'")
      }
    }
    if context.suspended, context.shutdown == nil { return false }
    if phase == .pending {
      if context.shutdown != nil {
        phase = .failed
        startedAt = context.now
        finishedAt = context.now
        message = "Stopped with strategy '\(context.shutdown!)'"
        return true
      }
      phase = .running
      startedAt = context.now
    }
    let entrypoint = spec["entrypoint"]?.stringValue ?? ""
    let rootID = visit(NodeRequest(name: name, displayName: name, call: ["template": .string(entrypoint)], scope: .own))
    if let root = nodes[rootID], root.isFulfilled {
      completeWorkflow(root: root)
    }
    return before.0 != phase || before.1 != nodes
  }

  private mutating func completeWorkflow(root: SimulatedNode) {
    var exitNode: SimulatedNode?
    if let onExit = spec["onExit"]?.stringValue, !onExit.isEmpty, context.shutdown != "Terminate" {
      inExitHandler = true
      let exitID = visit(NodeRequest(name: "\(name).onExit", displayName: "\(name).onExit", call: ["template": .string(onExit)], scope: .own))
      inExitHandler = false
      guard let node = nodes[exitID], node.isFulfilled else { return }
      exitNode = node
    }
    finishedAt = context.now
    if let shutdown = context.shutdown {
      phase = .failed
      message = "Stopped with strategy '\(shutdown)'"
    } else if root.isFailure {
      phase = root.phase == .error ? .error : .failed
      message = root.message
    } else if let exitNode, exitNode.isFailure {
      phase = .failed
      message = exitNode.message
    } else {
      phase = .succeeded
      message = nil
    }
  }

  /// Advances the node of a request, making it first when it does not exist yet.
  @discardableResult
  private mutating func visit(_ request: NodeRequest) -> String {
    let id = nodeID(request.name)
    if nodes[id] != nil {
      advance(id)
    } else if !stopping {
      create(request)
    }
    return id
  }

  /// Whether no new node may start: the workflow is being stopped or terminated (a stop still
  /// runs the exit handler).
  private var stopping: Bool {
    guard let shutdown = context.shutdown else { return false }
    return !(inExitHandler && shutdown == "Stop")
  }

  private mutating func create(_ request: NodeRequest) {
    let id = nodeID(request.name)
    let call = request.call
    let templateName = call["template"]?.stringValue
    let templateRef = call["templateRef"]
    guard let (template, scope) = context.library.resolve(call, in: request.scope) else {
      let missing = templateName ?? templateRef.map { "\($0["name"]?.stringValue ?? "").\($0["template"]?.stringValue ?? "")" } ?? "(inline)"
      insert(
        SimulatedNode(
          id: id, name: request.name, displayName: request.displayName, type: "Pod", templateName: templateName, templateRef: templateRef,
          scope: request.scope, phase: .error, boundaryID: request.boundaryID, startedAt: context.now, finishedAt: context.now,
          message: "template name '\(missing)' undefined", template: [:], parentID: request.parentID))
      return
    }
    let type = RunTemplates.nodeType(template)
    let shownTemplate = templateName ?? templateRef?["template"]?.stringValue
    var node = SimulatedNode(
      id: id, name: request.name, displayName: request.displayName, type: type, templateName: templateRef == nil ? templateName : nil,
      templateRef: templateRef, scope: scope, phase: type == "Pod" ? .pending : .running, boundaryID: request.boundaryID,
      startedAt: context.now, template: template, parentID: request.parentID)
    if type == "Pod" {
      node.podName = podName(nodeName: request.name, templateName: shownTemplate)
      node.fails = willFail(template: template, request: request, templateName: shownTemplate)
    }
    insert(node)
    advanced.insert(id)
    switch type {
    case "DAG": runDAG(id)
    case "Steps": runSteps(id)
    default: break
    }
  }

  private mutating func insert(_ node: SimulatedNode) {
    if nodes[node.id] == nil { order.append(node.id) }
    nodes[node.id] = node
  }

  func willFail(template: JSONValue, request: NodeRequest, templateName: String?) -> Bool {
    var texts: [String] = []
    for holder in ["container", "script"] {
      for key in ["command", "args"] { texts += template.at(holder, key)?.elements.compactMap(\.stringValue) ?? [] }
    }
    texts.append(template.at("script", "source")?.stringValue ?? "")
    for container in template.at("containerSet", "containers")?.elements ?? [] {
      texts += (container["command"]?.elements ?? []).compactMap(\.stringValue) + (container["args"]?.elements ?? []).compactMap(\.stringValue)
    }
    if texts.contains(where: { $0.contains("exit 1") }) { return true }
    let names = [request.displayName, String(request.displayName.prefix { $0 != "(" })] + (templateName.map { [$0] } ?? [])
    if names.contains(where: failing.contains) { return true }
    return !failedOnce.contains(request.name) && names.contains(where: failingOnce.contains)
  }

  private mutating func advance(_ id: String) {
    guard let node = nodes[id], !node.isFulfilled, !advanced.contains(id) else { return }
    advanced.insert(id)
    switch node.type {
    case "Pod": advancePod(id)
    case "HTTP", "Plugin": finish(id, phase: .succeeded, message: nil)
    case "Suspend":
      // A suspend with a duration resumes by itself one tick later; others wait for resume or set.
      if node.template.at("suspend", "duration") != nil { finish(id, phase: .succeeded, message: nil) }
    case "DAG": runDAG(id)
    case "Steps": runSteps(id)
    case "TaskGroup", "StepGroup": runGroup(id)
    default: break
    }
  }

  private mutating func advancePod(_ id: String) {
    guard var node = nodes[id] else { return }
    node.phase = .running
    node.linesWritten += 1
    let step = node.linesWritten
    let ticks = max(1, context.podTicks)
    if step >= ticks && node.fails {
      failedOnce.insert(node.name)
      write(node, "\(node.displayName): error: exit code 1")
      node.outputs = ["exitCode": "1"]
      nodes[id] = node
      finish(id, phase: .failed, message: "Error (exit code 1)")
      return
    }
    write(node, "\(node.displayName): step \(step) of \(ticks)")
    nodes[id] = node
    if step >= ticks {
      nodes[id]?.outputs = ["exitCode": "0"]
      finish(id, phase: .succeeded, message: nil)
    }
  }

  private mutating func write(_ node: SimulatedNode, _ content: String) {
    guard let podName = node.podName else { return }
    newLines.append(LogLine(podName: podName, container: "main", content: content, time: context.now))
  }

  private mutating func finish(_ id: String, phase: NodePhase, message: String?) {
    nodes[id]?.phase = phase
    nodes[id]?.message = message
    nodes[id]?.finishedAt = context.now
  }

  private mutating func addChild(_ parent: String, _ child: String) {
    guard nodes[parent] != nil, nodes[parent]?.children.contains(child) == false else { return }
    nodes[parent]?.children.append(child)
  }

  // MARK: Groups

  /// Makes the members of a group that do not exist (yet, or again after a retry), advances the
  /// others, and completes the group once they are all done.
  private mutating func runGroup(_ id: String) {
    guard let group = nodes[id] else { return }
    for member in group.members {
      let memberID = nodeID(member.name)
      if nodes[memberID] == nil, !stopping {
        create(member)
        addChild(id, memberID)
      } else {
        advance(memberID)
      }
    }
    let members = group.members.compactMap { nodes[nodeID($0.name)] }
    guard members.allSatisfy(\.isFulfilled) else { return }
    if let failed = members.first(where: { $0.isFailure && !continuesOn($0) }) {
      finish(id, phase: .failed, message: "child '\(failed.id)' failed")
    } else if members.count < group.members.count {
      guard stopping else { return }
      finish(id, phase: .failed, message: "Stopped with strategy '\(context.shutdown ?? "Stop")'")
    } else {
      finish(id, phase: .succeeded, message: nil)
    }
  }

  /// Whether a failed node's step or task says to carry on (`continueOn`).
  private func continuesOn(_ node: SimulatedNode) -> Bool {
    guard let request = nodes[node.parentID ?? ""]?.members.first(where: { $0.name == node.name }) ?? memberRequest(for: node) else { return false }
    let continueOn = request.call["continueOn"]
    return node.phase == .failed ? continueOn?["failed"]?.boolValue == true : continueOn?["error"]?.boolValue == true
  }

  private func memberRequest(for node: SimulatedNode) -> NodeRequest? {
    guard let parent = nodes[node.parentID ?? ""], parent.type == "DAG" else { return nil }
    let taskName = String(node.name.dropFirst(parent.name.count + 1))
    return (parent.template.at("dag", "tasks")?.elements.first { $0["name"]?.stringValue == taskName }).map {
      NodeRequest(name: node.name, displayName: node.displayName, call: $0, scope: parent.scope)
    }
  }

  /// The items a step or task fans out over, or `nil` when it does not.
  private func items(of call: JSONValue) -> [JSONValue]? {
    if let items = call["withItems"]?.arrayValue { return items }
    if let parameter = call["withParam"]?.stringValue {
      // Outputs of earlier nodes are not simulated: a literal JSON list fans out, anything else
      // is one item.
      return JSONValue.parse(Array(parameter.utf8))?.arrayValue ?? [.string(parameter)]
    }
    if let sequence = call["withSequence"] {
      let start = Int(sequence["start"]?.scalarText ?? "0") ?? 0
      if let count = Int(sequence["count"]?.scalarText ?? "") { return (0..<count).map { .number(JSONNumber(start + $0)) } }
      let end = Int(sequence["end"]?.scalarText ?? "0") ?? 0
      return stride(from: start, through: end, by: start <= end ? 1 : -1).map { .number(JSONNumber($0)) }
    }
    return nil
  }

  /// An item as Argo writes it in a node's name: strings bare, anything else as JSON with
  /// sorted keys.
  private static func itemText(_ item: JSONValue) -> String {
    switch item {
    case .string(let string): return string
    case .number, .bool, .null: return item.scalarText ?? ""
    case .array, .object: return item.sortedKeys.compactText
    }
  }

  private func expanded(_ request: NodeRequest, items: [JSONValue], baseName: String) -> [NodeRequest] {
    items.enumerated().map { index, item in
      var member = request
      let suffix = "(\(index):\(WorkflowRun.itemText(item)))"
      member.name = request.name + suffix
      member.displayName = baseName + suffix
      return member
    }
  }

  // MARK: DAGs

  private mutating func runDAG(_ id: String) {
    guard let dag = nodes[id] else { return }
    let tasks = dag.template.at("dag", "tasks")?.elements ?? []
    let failFast = dag.template["failFast"]?.boolValue ?? true
    var progressed = true
    while progressed {
      progressed = false
      for task in tasks {
        guard let taskName = task["name"]?.stringValue else { continue }
        let taskID = nodeID("\(dag.name).\(taskName)")
        if nodes[taskID] != nil {
          advance(taskID)
          continue
        }
        guard !stopping else { continue }
        let dependencies = WorkflowRun.dependencies(of: task)
        let dependencyNodes = dependencies.map { nodes[nodeID("\(dag.name).\($0)")] }
        guard dependencyNodes.allSatisfy({ $0?.isFulfilled == true }) else { continue }
        // With fail-fast (the default), nothing new runs after an unhandled failure; a task
        // whose dependencies rule it out is still marked omitted.
        let holds = dependenciesHold(task, in: dag)
        if holds && failFast && unhandledFailure(in: id, tasks: tasks) != nil { continue }
        startTask(task, named: taskName, in: dag, dependencies: dependencies, holds: holds)
        progressed = true
      }
    }
    let taskNodes = tasks.compactMap { $0["name"]?.stringValue }.compactMap { nodes[nodeID("\(dag.name).\($0)")] }
    guard taskNodes.allSatisfy(\.isFulfilled) else { return }
    if unhandledFailure(in: id, tasks: tasks) != nil {
      // Argo's controller gives a failed DAG no message (a step group names its child).
      finish(id, phase: .failed, message: nil)
    } else if taskNodes.count < tasks.count, stopping {
      finish(id, phase: .failed, message: "Stopped with strategy '\(context.shutdown ?? "Stop")'")
    } else {
      finish(id, phase: .succeeded, message: nil)
    }
  }

  private mutating func startTask(_ task: JSONValue, named taskName: String, in dag: SimulatedNode, dependencies: [String], holds: Bool) {
    let nodeName = "\(dag.name).\(taskName)"
    let taskID = nodeID(nodeName)
    let request = NodeRequest(name: nodeName, displayName: taskName, call: task, boundaryID: dag.id, parentID: dag.id, scope: dag.scope)
    if !holds {
      insert(
        SimulatedNode(
          id: taskID, name: nodeName, displayName: taskName, type: "Skipped", templateName: task["template"]?.stringValue,
          templateRef: task["templateRef"], scope: dag.scope, phase: .omitted, boundaryID: dag.id, startedAt: context.now,
          finishedAt: context.now, message: "omitted: depends condition not met", template: [:], parentID: dag.id))
    } else if let items = items(of: task) {
      var group = SimulatedNode(
        id: taskID, name: nodeName, displayName: taskName, type: "TaskGroup", templateName: task["template"]?.stringValue,
        templateRef: task["templateRef"], scope: dag.scope, phase: .running, boundaryID: dag.id, startedAt: context.now, template: [:],
        parentID: dag.id)
      let member = NodeRequest(name: nodeName, displayName: taskName, call: task, boundaryID: dag.id, parentID: taskID, scope: dag.scope)
      group.members = expanded(member, items: items, baseName: taskName)
      insert(group)
      advanced.insert(taskID)
      if items.isEmpty {
        finish(taskID, phase: .skipped, message: "Skipped, empty params")
      } else {
        runGroup(taskID)
      }
    } else {
      create(request)
    }
    if dependencies.isEmpty {
      addChild(dag.id, taskID)
    }
    for dependency in dependencies {
      let dependencyID = nodeID("\(dag.name).\(dependency)")
      // A fanned-out dependency leads to the dependent from each of its items.
      if let group = nodes[dependencyID], group.type == "TaskGroup", !group.members.isEmpty {
        for member in group.members { addChild(nodeID(member.name), taskID) }
      } else {
        addChild(dependencyID, taskID)
      }
    }
  }

  static func dependencies(of task: JSONValue) -> [String] {
    if let depends = task["depends"]?.stringValue {
      return (try? DependsExpression(parsing: depends))?.taskNames ?? []
    }
    return task["dependencies"]?.elements.compactMap(\.stringValue) ?? []
  }

  /// Whether a task's `depends` expression or `dependencies` list holds, its dependencies done.
  /// An expression that cannot be read holds for no outcome.
  private func dependenciesHold(_ task: JSONValue, in dag: SimulatedNode) -> Bool {
    let expression: DependsExpression?
    if let depends = task["depends"]?.stringValue {
      guard let parsed = try? DependsExpression(parsing: depends) else { return false }
      expression = parsed
    } else {
      expression = DependsExpression.all(WorkflowRun.dependencies(of: task).map { .task($0, result: nil) })
    }
    guard let expression else { return true }
    let tasks = dag.template.at("dag", "tasks")?.elements ?? []
    return expression.evaluate { name in
      guard let dependency = nodes[nodeID("\(dag.name).\(name)")], dependency.isFulfilled else { return nil }
      let continueOn = tasks.first { $0["name"]?.stringValue == name }?["continueOn"]
      return DependsTaskState(
        phase: dependency.phase,
        iterationPhases: dependency.type == "TaskGroup" ? dependency.members.compactMap { nodes[nodeID($0.name)]?.phase } : nil,
        continueOn: continueOn.map { ContinueOn(error: $0["error"]?.boolValue, failed: $0["failed"]?.boolValue) })
    } ?? false
  }

  /// The first failed task of a DAG that nothing handles: no `continueOn`, and no other task's
  /// `depends` asks for its failure.
  private func unhandledFailure(in dagID: String, tasks: [JSONValue]) -> SimulatedNode? {
    guard let dag = nodes[dagID] else { return nil }
    for task in tasks {
      guard let taskName = task["name"]?.stringValue, let node = nodes[nodeID("\(dag.name).\(taskName)")], node.isFailure else { continue }
      let continueOn = task["continueOn"]
      if node.phase == .failed && continueOn?["failed"]?.boolValue == true || node.phase == .error && continueOn?["error"]?.boolValue == true {
        continue
      }
      let handled = tasks.contains { other in
        guard let depends = other["depends"]?.stringValue, let expression = try? DependsExpression(parsing: depends) else { return false }
        return expression.terms.contains {
          $0.task == taskName && [TaskResult.failed, .errored, .allFailed, .anySucceeded].contains($0.result)
        }
      }
      if !handled { return node }
    }
    return nil
  }

  // MARK: Steps

  private mutating func runSteps(_ id: String) {
    guard let steps = nodes[id] else { return }
    let groups = steps.template["steps"]?.elements ?? []
    var previousMembers: [String] = []
    var previousGroup: String?
    for (index, group) in groups.enumerated() {
      let groupName = "\(steps.name)[\(index)]"
      let groupID = nodeID(groupName)
      if nodes[groupID] == nil {
        guard !stopping else { break }
        var node = SimulatedNode(
          id: groupID, name: groupName, displayName: "[\(index)]", type: "StepGroup", templateName: steps.templateName,
          templateRef: steps.templateRef, scope: steps.scope, phase: .running, boundaryID: id, startedAt: context.now, template: [:], parentID: id)
        for step in group.elements {
          guard let stepName = step["name"]?.stringValue else { continue }
          let request = NodeRequest(
            name: "\(groupName).\(stepName)", displayName: stepName, call: step, boundaryID: id, parentID: groupID, scope: steps.scope)
          if let items = items(of: step) {
            node.members += expanded(request, items: items, baseName: stepName)
          } else {
            node.members.append(request)
          }
        }
        insert(node)
        if previousGroup == nil {
          addChild(id, groupID)
        } else if previousMembers.isEmpty {
          addChild(previousGroup!, groupID)
        } else {
          for member in previousMembers { addChild(member, groupID) }
        }
        advanced.insert(groupID)
        runGroup(groupID)
      } else {
        advance(groupID)
      }
      guard let groupNode = nodes[groupID], groupNode.isFulfilled else { return }
      if groupNode.isFailure {
        finish(id, phase: .failed, message: groupNode.message)
        return
      }
      previousGroup = groupID
      previousMembers = groupNode.members.map { nodeID($0.name) }
    }
    let done = groups.indices.allSatisfy { nodes[nodeID("\(steps.name)[\($0)]")]?.isFulfilled == true }
    if done {
      finish(id, phase: .succeeded, message: nil)
    } else if stopping {
      finish(id, phase: .failed, message: "Stopped with strategy '\(context.shutdown ?? "Stop")'")
    }
  }
}

// MARK: Actions

extension WorkflowRun {
  /// The nodes as JSON, for node field selectors.
  func nodeJSON(_ id: String) -> JSONValue? {
    nodes[id].map { render($0, progress: progress(of: $0.id)) }
  }

  /// Argo's retry: failed pods (and, with `restartSuccessful`, the succeeded ones the selector
  /// names) are removed so that they run again; the DAGs and steps above them run again.
  mutating func retry(restartSuccessful: Bool, selector: NodeFieldSelector) throws(SimulatorFailure) {
    guard WorkflowPhase(shownPhase).isFailedOrError else { throw .invalid("workflow must be Failed/Error to retry") }
    if frozenStatus != nil {
      frozenStatus = nil
      nodes = [:]
      order = []
      phase = .pending
      startedAt = nil
      finishedAt = nil
      message = nil
      return
    }
    var removed: Set<String> = []
    for id in order {
      guard let node = nodes[id] else { continue }
      let leaf = !["DAG", "Steps", "StepGroup", "TaskGroup"].contains(node.type)
      if leaf && (node.isFailure || node.phase == .omitted) { removed.insert(id) }
      if leaf && restartSuccessful && !selector.isEmpty && node.phase == .succeeded, let json = nodeJSON(id), selector.matches(json) {
        removed.insert(id)
      }
    }
    // The exit handler runs again after the retried nodes.
    let exitID = nodeID("\(name).onExit")
    for id in order where id == exitID || isDescendant(id, of: exitID) { removed.insert(id) }
    var reset: Set<String> = []
    for id in removed {
      var parent = nodes[id]?.parentID
      while let current = parent, !removed.contains(current) {
        reset.insert(current)
        parent = nodes[current]?.parentID
      }
    }
    for id in order where nodes[id]?.isFailure == true && !removed.contains(id) { reset.insert(id) }
    for id in reset {
      nodes[id]?.phase = .running
      nodes[id]?.message = nil
      nodes[id]?.finishedAt = nil
    }
    for id in removed { nodes[id] = nil }
    order.removeAll { removed.contains($0) }
    for id in order { nodes[id]?.children.removeAll { removed.contains($0) } }
    phase = .running
    finishedAt = nil
    message = nil
  }

  private func isDescendant(_ id: String, of ancestor: String) -> Bool {
    var parent = nodes[id]?.parentID
    while let current = parent {
      if current == ancestor { return true }
      parent = nodes[current]?.parentID
    }
    return false
  }

  /// Argo's resume: active suspend nodes (those the selector names, when one is given) succeed.
  mutating func resume(selector: NodeFieldSelector, now: Date) {
    for id in order {
      guard let node = nodes[id], node.type == "Suspend", node.phase == .running else { continue }
      if !selector.isEmpty, let json = nodeJSON(id), !selector.matches(json) { continue }
      nodes[id]?.phase = .succeeded
      nodes[id]?.finishedAt = now
    }
  }

  /// Argo's set: the phase, message or output parameters of the suspend nodes a selector names.
  mutating func set(selector: NodeFieldSelector, phase: String?, message: String?, outputParameters: JSONObject?, now: Date) throws(SimulatorFailure) {
    let matching = order.filter { id in
      guard let node = nodes[id], let json = nodeJSON(id) else { return false }
      return node.type == "Suspend" && selector.matches(json)
    }
    guard !matching.isEmpty else { throw .invalid("currently, set only targets suspend nodes") }
    for id in matching {
      if let outputParameters {
        let parameters = outputParameters.map { member -> JSONValue in
          ["name": .string(member.key), "value": .string(member.value.scalarText ?? member.value.compactText)]
        }
        nodes[id]?.outputs = ["parameters": .array(parameters)]
      }
      if let message { nodes[id]?.message = message }
      if let phase = NodePhase(phase) {
        nodes[id]?.phase = phase
        if phase.isFulfilled { nodes[id]?.finishedAt = now }
      }
    }
  }

  /// Argo's stop with a node selector: the running nodes it names fail with the message.
  mutating func stopNodes(selector: NodeFieldSelector, message: String?, now: Date) {
    for id in order {
      guard let node = nodes[id], !node.isFulfilled, let json = nodeJSON(id), selector.matches(json) else { continue }
      guard ["Pod", "Suspend", "HTTP", "Plugin"].contains(node.type) else { continue }
      nodes[id]?.phase = .failed
      nodes[id]?.message = message ?? "Stopped with strategy 'Stop'"
      nodes[id]?.finishedAt = now
    }
  }
}

// MARK: Status

extension WorkflowRun {
  /// `succeeded/total` pods under a node (the node itself, for a pod).
  func progress(of id: String) -> String {
    var total = 0
    var succeeded = 0
    for nodeID in order {
      guard let node = nodes[nodeID], node.type == "Pod", nodeID == id || isDescendant(nodeID, of: id) else { continue }
      total += 1
      if node.phase == .succeeded { succeeded += 1 }
    }
    return "\(succeeded)/\(total)"
  }

  func render(_ node: SimulatedNode, progress: String) -> JSONValue {
    var object = JSONObject()
    object.append("id", .string(node.id))
    object.append("name", .string(node.name))
    object.append("displayName", .string(node.displayName))
    object.append("type", .string(node.type))
    if let templateName = node.templateName { object.append("templateName", .string(templateName)) }
    if let templateRef = node.templateRef { object.append("templateRef", templateRef) }
    object.append("templateScope", .string(node.scope.text(workflow: name)))
    object.append("phase", .string(node.phase.rawValue))
    if let boundaryID = node.boundaryID { object.append("boundaryID", .string(boundaryID)) }
    if let message = node.message { object.append("message", .string(message)) }
    object.append("startedAt", .string(KubernetesTime.seconds(node.startedAt)))
    object.append("finishedAt", node.finishedAt.map { .string(KubernetesTime.seconds($0)) } ?? .null)
    if node.type != "Skipped" { object.append("progress", .string(progress)) }
    if node.type == "Pod", node.phase != .pending || node.linesWritten > 0 { object.append("hostNodeName", "simulator-node") }
    if let outputs = node.outputs { object.append("outputs", outputs) }
    if !node.children.isEmpty { object.append("children", .array(node.children.map(JSONValue.string))) }
    return .object(object)
  }

  /// The nodes as Argo's status holds them, by ID.
  var nodesJSON: JSONValue {
    var object = JSONObject()
    for id in order {
      if let node = nodes[id] { object.append(id, render(node, progress: progress(of: id))) }
    }
    return .object(object)
  }

  /// `status`, as the controller writes it; with `compressed`, the nodes as Argo's
  /// `compressedNodes` (base64 of gzip of their JSON).
  func status(compressed: Bool) -> JSONValue {
    if let frozenStatus { return frozenStatus }
    var object = JSONObject()
    object.append("phase", .string(phase.rawValue))
    if let startedAt { object.append("startedAt", .string(KubernetesTime.seconds(startedAt))) }
    object.append("finishedAt", finishedAt.map { .string(KubernetesTime.seconds($0)) } ?? .null)
    if phase != .pending { object.append("progress", .string(workflowProgress)) }
    if let message { object.append("message", .string(message)) }
    if !order.isEmpty {
      if compressed {
        let gzip = StoredGzip.wrap(nodesJSON.compactBytes)
        object.append("compressedNodes", .string(Data(gzip).base64EncodedString()))
      } else {
        object.append("nodes", nodesJSON)
      }
    }
    if isFinished {
      object.append("conditions", [["type": "PodRunning", "status": "False"], ["type": "Completed", "status": "True"]])
    } else if phase == .running {
      let running = nodes.values.contains { $0.type == "Pod" && $0.phase == .running }
      object.append("conditions", [["type": "PodRunning", "status": running ? "True" : "False"]])
    }
    return .object(object)
  }

  var workflowProgress: String {
    let pods = nodes.values.filter { $0.type == "Pod" }
    return "\(pods.filter { $0.phase == .succeeded }.count)/\(pods.count)"
  }
}
