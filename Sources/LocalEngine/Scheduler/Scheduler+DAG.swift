import ArgoModel
import Foundation

/// What a DAG node's walks share: its tasks by name and its targets.
struct DAGPlan: Sendable {
  let tasks: [String: DAGTask]
  let targets: [String]
  /// The tasks each task depends on.
  let dependencies: [String: [String]]
  /// The tasks each task's fields name (`{{tasks.a.outputs.result}}`, `tasks['a']`): the only
  /// ones whose outputs its arguments, condition and items can read.
  let references: [String: [String]]

  init(tasks: [String: DAGTask], targets: [String], dependencies: [String: [String]]) {
    self.tasks = tasks
    self.targets = targets
    self.dependencies = dependencies
    let names = Set(tasks.keys)
    references = tasks.mapValues { DAGPlan.referencedTasks(in: $0.toJSON(), among: names) }
  }

  /// The task names that strings of `json` refer to as `tasks.<name>` or `tasks['<name>']`.
  static func referencedTasks(in json: JSONValue, among names: Set<String>) -> [String] {
    var found: [String] = []
    func scan(_ text: String) {
      guard text.contains("tasks") else { return }
      let characters = Array(text.utf8)
      let marker = Array("tasks".utf8)
      var index = 0
      while index + marker.count < characters.count {
        guard characters[index..<(index + marker.count)].elementsEqual(marker) else {
          index += 1
          continue
        }
        var start = index + marker.count
        index = start
        var quote: UInt8?
        if characters[start] == UInt8(ascii: ".") {
          start += 1
        } else if characters[start] == UInt8(ascii: "["), start + 1 < characters.count,
          characters[start + 1] == UInt8(ascii: "'") || characters[start + 1] == UInt8(ascii: "\"")
        {
          quote = characters[start + 1]
          start += 2
        } else {
          continue
        }
        var end = start
        while end < characters.count {
          let byte = characters[end]
          if let quote {
            if byte == quote { break }
          } else if !(byte.isASCIILetterOrDigit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")) {
            break
          }
          end += 1
        }
        let name = String(decoding: characters[start..<end], as: UTF8.self)
        if names.contains(name), !found.contains(name) { found.append(name) }
        index = end
      }
    }
    func walk(_ value: JSONValue) {
      switch value {
      case .string(let text): scan(text)
      case .array(let items): items.forEach(walk)
      case .object(let members): for member in members { walk(member.value) }
      default: break
      }
    }
    walk(json)
    return found
  }
}

extension UInt8 {
  fileprivate var isASCIILetterOrDigit: Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
  }
}

/// The state of one walk of a DAG template.
struct DAGWalk {
  let nodeName: String
  let nodeID: String
  let template: Template
  let tasks: [String: DAGTask]
  let dependencies: [String: [String]]
  let references: [String: [String]]
  let layout: DAGLayout
  /// Whether a task failed: with failFast, a DAG that can go no further then fails (tasks whose
  /// `depends` is met still start, as in Argo).
  var failedFast = false
  /// The DAG's unfinished children, counted when a `parallelism` limit first needs them and
  /// again after a task made nodes.
  var activeChildren: Int?
}

extension Scheduler {
  mutating func executeDAG(nodeName: String, template: Template, context: ExecutionContext) -> NodeStatus? {
    guard let dagNode = node(named: nodeName), let dag = template.dag else { return nil }
    if NodePhase.isFulfilled(dagNode.phase) { return dagNode }
    // The tasks by name and the targets, worked out once per DAG node.
    let plan: DAGPlan
    if let cached = dagPlans[dagNode.id] {
      plan = cached
    } else {
      plan = DAGPlan(
        tasks: Dictionary(dag.tasks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }), targets: targetTasks(dag),
        dependencies: Dictionary(dag.tasks.map { ($0.name, dependencies(of: $0)) }, uniquingKeysWith: { first, _ in first }))
      dagPlans[dagNode.id] = plan
    }
    let layout = prepareDAGProgress(nodeName: nodeName, dagID: dagNode.id, plan: plan)
    var walk = DAGWalk(
      nodeName: nodeName, nodeID: dagNode.id, template: template, tasks: plan.tasks, dependencies: plan.dependencies,
      references: plan.references, layout: layout)
    let failFast = dag.failFast ?? true
    let targets = plan.targets
    // failFast: once a task failed, no new task starts.
    if failFast { walk.failedFast = dagProgress[dagNode.id]?.failed ?? false }
    // Only the tasks that may advance: those ready to start, and those whose node is neither
    // ended nor a pod queued or running. A task made ready during the walk comes after the
    // task that released it, so the same walk reaches it, as a walk from the targets would.
    var position = 0
    while let next = dagProgress[dagNode.id]?.nextVisit(from: position) {
      visitDAGTask(next, walk: &walk, context: context)
      position = next + 1
    }
    let phase = assessDAGPhase(walk: walk, targets: targets, failFast: failFast)
    guard phase != NodePhase.running else { return node(id: walk.nodeID) }
    // Daemons of the DAG end with it.
    stopDaemons(in: walk.nodeID)
    recordOutboundNodes(ofDAG: walk.nodeID, nodeName: nodeName, targets: targets)
    if NodePhase.isFailure(phase) {
      // Argo's controller gives a failed DAG no message of its own (a steps template says
      // which child failed; a DAG does not), so neither does the workflow it is the entry of.
      complete(walk.nodeID, phase: phase, message: nil, outputs: nil)
    } else {
      var bindings = templateBindings(walk.template)
      for task in dag.tasks { addTaskScope(&bindings, prefix: "tasks.\(task.name)", nodeName: "\(nodeName).\(task.name)") }
      do {
        let outputs = try templateOutputs(template, bindings: bindings)
        complete(walk.nodeID, phase: NodePhase.succeeded, message: nil, outputs: outputs)
      } catch {
        complete(walk.nodeID, phase: NodePhase.error, message: error.message, outputs: nil)
      }
    }
    return node(id: walk.nodeID)
  }

  /// `dag.target`, or the tasks no other task depends on.
  func targetTasks(_ dag: DAGTemplate) -> [String] {
    if let target = dag.target, !target.isEmpty {
      return target.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }
    var dependedOn: Set<String> = []
    for task in dag.tasks { dependedOn.formUnion(dependencies(of: task)) }
    return dag.tasks.map(\.name).filter { !dependedOn.contains($0) }
  }

  /// The tasks a task depends on.
  func dependencies(of task: DAGTask) -> [String] {
    if let depends = task.depends, !depends.isEmpty {
      return (try? DependsExpression(parsing: depends).taskNames) ?? []
    }
    return task.dependencies ?? []
  }

  /// The `depends` logic of a task, with Argo's meaning of a bare task and of `dependencies`.
  func dependsLogic(of task: DAGTask, walk: DAGWalk) throws(SchedulerError) -> DependsExpression? {
    if let depends = task.depends, !depends.isEmpty {
      do {
        return try DependsExpression(parsing: depends)
      } catch {
        throw SchedulerError("task \(task.name): depends '\(TerminalText.shortened(depends))': \(error)")
      }
    }
    guard let names = task.dependencies, !names.isEmpty else { return nil }
    return DependsExpression.all(names.map { .task($0, result: nil) })
  }

  /// Advances one task of a DAG: decides whether it starts once its dependencies ended, runs
  /// it (or its items), and runs its hooks.
  mutating func visitDAGTask(_ index: Int, walk: inout DAGWalk, context: ExecutionContext) {
    let taskName = walk.layout.order[index]
    guard let task = walk.tasks[taskName] else { return }
    let taskNodeName = walk.layout.nodeNames[index]
    let dagID = walk.nodeID
    let layout = walk.layout
    defer { settleDAGTask(index, dagID: dagID, layout: layout) }
    if task.hooks?.keys.contains(where: { $0 != "exit" }) == true, node(named: taskNodeName) != nil {
      runStepHooks(
        task.hooks, stepName: taskName, stepNodeName: taskNodeName, prefix: "tasks", bindings: templateBindings(walk.template),
        boundaryID: walk.nodeID, context: context)
    }
    if let existing = node(named: taskNodeName), NodePhase.isFulfilled(existing.phase) || existing.daemoned == true {
      runExitHook(
        of: task.hooks?["exit"], onExit: task.onExit, taskNodeName: taskNodeName, prefix: "tasks.\(taskName)", boundaryID: walk.nodeID,
        context: context)
      return
    }
    let dependencyNames = walk.dependencies[taskName] ?? dependencies(of: task)
    // Worked out only when a node is made.
    var parents: [String] { parentIDs(of: dependencyNames, walk: walk) }
    if node(named: taskNodeName) == nil {
      let logic: DependsExpression?
      do {
        logic = try dependsLogic(of: task, walk: walk)
      } catch {
        createNode(
          name: taskNodeName, displayName: taskName, type: NodeType.skipped, templateName: nil, boundaryID: walk.nodeID,
          phase: NodePhase.error,
          message: error.message, parentID: parents.first ?? walk.nodeID)
        return
      }
      if let logic {
        guard let execute = evaluate(logic, walk: walk) else { return }  // dependencies not done yet
        if !execute {
          let parentList = parents
          let created = createNode(
            name: taskNodeName, displayName: taskName, type: NodeType.skipped, templateName: nil, boundaryID: walk.nodeID,
            phase: NodePhase.omitted, message: "omitted: depends condition not met", parentID: parentList.first ?? walk.nodeID)
          for parent in parentList.dropFirst() { addChild(parent, created.id) }
          giveDefaultOutputs(
            created.id, reference: reference(template: task.template, templateRef: task.templateRef, inline: task.inline),
            library: context.library)
          return
        }
      }
      if let limit = walk.template.parallelism, limit > 0 {
        let active = walk.activeChildren ?? activeChildren(of: walk.nodeID)
        walk.activeChildren = active
        if active >= limit { return }
        walk.activeChildren = nil
      }
    }
    // The task's references to other tasks, resolved. A task whose node is resolved already
    // reads no arguments again, unless its items must be expanded.
    let items = ItemSource(withItems: task.withItems, withParam: task.withParam, withSequence: task.withSequence)
    let bindings: Bindings
    if items.isEmpty, let existingID = idsByName[taskNodeName], resolvedTemplates[existingID] != nil {
      bindings = Bindings([:])
    } else {
      bindings = taskBindings(for: taskName, dependencies: Set(dependencyNames), walk: walk)
    }
    let parentList = parents
    var taskContext = context
    taskContext.boundaryID = walk.nodeID
    taskContext.parentID = parentList.first ?? walk.nodeID
    let before = node(named: taskNodeName)
    runStep(
      name: taskName, nodeName: taskNodeName,
      reference: reference(template: task.template, templateRef: task.templateRef, inline: task.inline),
      arguments: task.arguments, when: task.when, items: items, bindings: bindings,
      context: taskContext, groupParentless: false, parallelism: walk.template.parallelism, failFast: walk.template.failFast ?? false)
    if before == nil, let created = node(named: taskNodeName) {
      for parent in parentList.dropFirst() { addChild(parent, created.id) }
    }
  }

  /// What a task may refer to: the template's bindings, its dependencies, and the other tasks
  /// that ended or run as daemons. A task with no node yet has nothing to offer (a DAG task's
  /// items hang from its TaskGroup node), and one that is neither a dependency nor done offers
  /// only its id, phase and start time, which no task can rely on: leaving both out keeps the
  /// cost of a new task's scope in the tasks that ended, not in every task of the DAG.
  func taskBindings(for taskName: String, dependencies: Set<String>, walk: DAGWalk) -> Bindings {
    var bindings = templateBindings(walk.template)
    for name in walk.references[taskName] ?? [] where name != taskName {
      let otherName = "\(walk.nodeName).\(name)"
      guard let other = node(named: otherName) else { continue }
      guard dependencies.contains(name) || NodePhase.isFulfilled(other.phase) || other.daemoned == true else { continue }
      addTaskScope(&bindings, prefix: "tasks.\(name)", nodeName: otherName)
    }
    return bindings
  }

  /// The nodes a new task hangs from: its dependencies' nodes (the DAG's own node for a root
  /// task), as Argo links them.
  func parentIDs(of dependencyNames: [String], walk: DAGWalk) -> [String] {
    // A task hangs from its dependencies' outbound nodes (a retried task's last attempt, each
    // item of a fan-out, a nested DAG's targets), as in Argo.
    var ids: [String] = []
    for id in dependencyNames.compactMap({ idsByName["\(walk.nodeName).\($0)"] }) {
      for outbound in outboundNodes(of: id) where !ids.contains(outbound) { ids.append(outbound) }
    }
    return ids.isEmpty ? [walk.nodeID] : ids
  }

  /// Whether the depends logic allows the task to run: nil while a dependency has not ended.
  /// Argo waits for every dependency to end before deciding, as `DependsExpression.evaluate` does.
  func evaluate(_ logic: DependsExpression, walk: DAGWalk) -> Bool? {
    let fannedOut = Set(logic.terms.filter { $0.result == .anySucceeded || $0.result == .allFailed }.map(\.task))
    return logic.evaluate { name in dependsState(of: name, walk: walk, iterations: fannedOut.contains(name)) }
  }

  /// What `depends` reads of a task: nil while it has not ended and is no started daemon. The
  /// phases of its iterations are looked up only when the expression asks for them.
  func dependsState(of name: String, walk: DAGWalk, iterations: Bool) -> DependsTaskState? {
    guard let id = idsByName["\(walk.nodeName).\(name)"] else { return nil }
    // Most dependencies of a large DAG are either done (their phase is at hand) or not.
    var daemoned = false
    let phase: String?
    if let final = finalPhases[id] {
      phase = final
    } else {
      guard let current = node(id: id), current.daemoned == true, current.phase != NodePhase.pending else { return nil }
      (phase, daemoned) = (current.phase, true)
    }
    guard let nodePhase = ArgoModel.NodePhase(phase) else { return nil }
    var iterationPhases: [ArgoModel.NodePhase]?
    if iterations, let group = node(id: id), group.type == NodeType.taskGroup {
      iterationPhases = (group.children ?? []).compactMap { ArgoModel.NodePhase(workflow.status?.nodes?[$0]?.phase) }
    }
    return DependsTaskState(
      phase: nodePhase, daemoned: daemoned, iterationPhases: iterationPhases, continueOn: walk.tasks[name]?.continueOn)
  }

  func continuesOn(_ continueOn: ContinueOn?, _ phase: String?) -> Bool {
    guard let continueOn else { return false }
    if phase == NodePhase.failed { return continueOn.failed == true }
    if phase == NodePhase.error { return continueOn.error == true }
    return false
  }

  /// The DAG's phase as Argo assesses it: Running while a task runs or a target has not been
  /// reached; else Failed (or Error) when a target's branch failed, an omitted target taking
  /// the phase of the branch that led to it; else Succeeded.
  func assessDAGPhase(walk: DAGWalk, targets: [String], failFast: Bool) -> String {
    var targetPhases: [String: String] = [:]
    let targetIDs = Set(targets.compactMap { idsByName["\(walk.nodeName).\($0)"] })
    // A task still running means the DAG is: a cheap look before the walk of its branches.
    if (dagProgress[walk.nodeID]?.open ?? 0) > 0 { return NodePhase.running }
    let children = node(id: walk.nodeID)?.children ?? []
    var queue: [(id: String, phase: String)] = children.map { ($0, NodePhase.succeeded) }
    var seen: Set<String> = []
    var index = 0
    while index < queue.count {
      let (id, inherited) = queue[index]
      index += 1
      guard let current = node(id: id) else { continue }
      if !(NodePhase.isFulfilled(current.phase) || current.daemoned == true) { return NodePhase.running }
      // An omitted node takes the phase of the branch that led to it.
      var branch = inherited
      if NodePhase.isFulfilled(current.phase), current.phase != NodePhase.omitted { branch = current.phase ?? inherited }
      if targetIDs.contains(current.id) {
        let previous = targetPhases[current.id]
        if previous == nil || !NodePhase.isFailure(previous) { targetPhases[current.id] = branch }
      }
      let key = "\(id)\u{0}\(branch)"
      guard seen.insert(key).inserted else { continue }
      // A retry's attempts are not the branch: its dependents hang from the attempt that was
      // last when they started (a daemon's later attempt may follow them).
      var next = current.children ?? []
      if current.type == NodeType.retry { next = next.flatMap { node(id: $0)?.children ?? [] } }
      for child in next { queue.append((child, branch)) }
    }
    var result = NodePhase.succeeded
    for target in targets {
      guard let id = idsByName["\(walk.nodeName).\(target)"], let phase = targetPhases[id] else {
        result = NodePhase.running
        if !failFast { break }
        continue
      }
      if NodePhase.isFailure(phase) {
        if continuesOn(walk.tasks[target]?.continueOn, phase) { continue }
        result = phase
        if failFast { break }
      }
    }
    if result == NodePhase.running, walk.failedFast {
      // Nothing more will start: the DAG fails with what failed.
      return NodePhase.failed
    }
    return result
  }

  /// Unfinished children running in a boundary (for `parallelism`).
  func activeChildren(of boundaryID: String) -> Int {
    (workflow.status?.nodes ?? [:]).values.filter {
      $0.boundaryID == boundaryID && !NodePhase.isFulfilled($0.phase) && $0.type != NodeType.taskGroup && $0.type != NodeType.stepGroup
    }.count
  }

  /// Stops the daemons started in a boundary that is ending.
  mutating func stopDaemons(in boundaryID: String) {
    for id in daemonNodes {
      guard let node = node(id: id), node.boundaryID == boundaryID, node.daemoned == true else { continue }
      if launched.contains(id), !stops.contains(where: { $0.0 == id }) { stops.append((id, .daemonScopeEnded)) }
      if !launched.contains(id) {
        let finishedAt = Time(now)
        update(id) {
          $0.daemoned = nil
          $0.phase = NodePhase.succeeded
          $0.finishedAt = finishedAt
        }
        markEnded(id, phase: NodePhase.succeeded)
      }
    }
  }

  func reference(template: String?, templateRef: TemplateRef?, inline: Template?) -> TemplateReference {
    if let inline { return .inline(inline) }
    if let templateRef { return .ref(templateRef) }
    return .named(template ?? "")
  }
}
