import ArgoModel
import Foundation

/// A workflow's status, read once into the tree the progress display draws and the counts it
/// reports.
///
/// The tree is the one `argo get` draws. A node hangs from the `StepGroup` or `Retry` node that
/// lists it among its children, else from the template node named by its `boundaryID`
/// (a `DAG` or `Steps` node), else it is a root: the workflow's node first, then any other, then
/// the exit handler. Siblings are ordered by start time, then by the index of a fanned-out item
/// (`process(3:lyon)` before `process(12:paris)`), then by name. `TaskGroup` nodes, which Argo
/// adds above the items of a fanned-out DAG task, are not drawn: the items hang from the DAG, as
/// in `argo get`. The containers of a container set hang from their pod.
///
/// Building it sorts each node's children once: O(n log n) in the number of nodes, with no
/// lookup that scans the node list.
///
/// ```swift
/// let progress = WorkflowProgress(workflow)
/// if progress.isFinished { print(progress.counts.summary) }  // "119/120 succeeded, 1 failed"
/// ```
public struct WorkflowProgress: Sendable {
  /// The workflow's name (or, before the server named it, its `generateName`).
  public let name: String
  /// Argo's phase of the workflow (`Pending` until it has one).
  public let phase: String
  /// Whether the workflow is suspended (`argo suspend`, or `spec.suspend`).
  public let isSuspended: Bool
  /// Argo's message about the workflow, if any.
  public let message: String?
  public let startedAt: Date?
  public let finishedAt: Date?
  /// The leaf nodes by phase, each retried task counted once by its latest attempt.
  public let counts: ProgressCounts

  /// The phase the header shows: `suspended` while a suspended workflow is not finished.
  let displayPhase: ProgressPhase
  let nodes: [ProgressNode]
  /// The children of each node, ordered as drawn.
  let children: [[Int]]
  let roots: [Int]

  /// Whether the workflow reached a final phase (`Succeeded`, `Failed` or `Error`).
  public var isFinished: Bool { displayPhase.isFinished }

  /// The time the workflow has run: from its start to its end, or to `now` while it runs.
  public func elapsed(at now: Date) -> TimeInterval? {
    ProgressNode.span(
      from: startedAt?.timeIntervalSince1970, to: finishedAt?.timeIntervalSince1970,
      finished: isFinished, now: now.timeIntervalSince1970)
  }

  /// Reads the status of `workflow`; a workflow without a status is pending, with no nodes.
  public init(_ workflow: Workflow) {
    let status = workflow.status
    name = workflow.metadata.name ?? workflow.metadata.generateName ?? "workflow"
    phase = workflow.workflowPhase.displayName
    message = status?.message.flatMap { $0.isEmpty ? nil : $0 }
    let startSeconds = ProgressFormat.seconds(status?.startedAt)
    let finishSeconds = ProgressFormat.seconds(status?.finishedAt)
    startedAt = startSeconds.map(Date.init(timeIntervalSince1970:))
    finishedAt = finishSeconds.map(Date.init(timeIntervalSince1970:))
    let workflowPhase = ProgressPhase(status?.phase)
    isSuspended = workflow.spec.suspend == true && !workflowPhase.isFinished
    displayPhase = isSuspended ? .suspended : workflowPhase

    let tree = NodeTree(status?.nodes ?? [:], workflowName: workflow.metadata.name)
    nodes = tree.nodes
    children = tree.children
    roots = tree.roots
    counts = tree.countLeaves()
  }

  /// Visits the nodes in the order they are drawn, depth first.
  ///
  /// With `latestAttemptsOnly`, the earlier attempts of a retried node are left out, so that a
  /// task is seen once.
  func walk(latestAttemptsOnly: Bool, _ visit: (Int) -> Void) {
    var stack = roots.reversed() as [Int]
    while let index = stack.popLast() {
      visit(index)
      if latestAttemptsOnly, let latest = nodes[index].latestAttempt {
        stack.append(latest)
      } else {
        stack.append(contentsOf: children[index].reversed())
      }
    }
  }

  /// Whether a node is one the counts count: a pod, container, HTTP or plugin call or suspension
  /// with nothing of that kind below it (a container-set pod counts as its containers).
  func isLeaf(_ index: Int) -> Bool {
    nodes[index].role == .execution && !children[index].contains { nodes[$0].role == .execution }
  }
}

/// Counts of the leaf nodes of a workflow by phase.
public struct ProgressCounts: Sendable, Hashable, CustomStringConvertible {
  public var total = 0
  public var succeeded = 0
  public var running = 0
  /// Suspend nodes waiting to be resumed.
  public var suspended = 0
  public var pending = 0
  /// `Failed` and `Error` nodes.
  public var failed = 0
  /// Leaves that will not run (rare: skipped steps are `Skipped` nodes, which are not counted).
  public var skipped = 0

  public init() {}

  mutating func add(_ phase: ProgressPhase) {
    total += 1
    switch phase {
    case .succeeded: succeeded += 1
    case .running: running += 1
    case .suspended: suspended += 1
    case .pending: pending += 1
    case .failed, .error: failed += 1
    case .skipped, .omitted: skipped += 1
    }
  }

  /// `37/120 succeeded, 4 running, 1 failed, 78 pending`: the parts after the first only when not zero.
  public var summary: String {
    var parts = ["\(succeeded)/\(total) succeeded"]
    for (count, word) in [(running, "running"), (suspended, "suspended"), (failed, "failed"), (pending, "pending"), (skipped, "skipped")]
    where count > 0 {
      parts.append("\(count) \(word)")
    }
    return parts.joined(separator: ", ")
  }

  public var description: String { summary }
}

/// The part a node plays in the tree.
enum NodeRole: Sendable, Hashable {
  /// A `DAG` or `Steps` node: the boundary of a template's nodes.
  case template
  /// A `StepGroup`: steps run in parallel; not drawn, its steps are.
  case stepGroup
  /// A `Retry` node, parent of its attempts.
  case retry
  /// A `TaskGroup`: above the items of a fanned-out DAG task; not drawn.
  case taskGroup
  /// A `Pod`, `Container`, `HTTP`, `Plugin` or `Suspend` node: something that runs.
  case execution
  /// A `Skipped` node: a step or task whose `when` was false, or that was omitted.
  case skipped
  /// A type this version does not know: drawn, not counted.
  case other

  init(type: String) {
    switch type {
    case "DAG", "Steps": self = .template
    case "StepGroup": self = .stepGroup
    case "Retry": self = .retry
    case "TaskGroup": self = .taskGroup
    case "Pod", "Container", "HTTP", "Plugin", "Suspend": self = .execution
    case "Skipped": self = .skipped
    default: self = .other
    }
  }
}

/// What the display needs of one `NodeStatus`.
struct ProgressNode: Sendable {
  let id: String
  /// The display name (`process(3:lyon)`), or the node name when there is none.
  let label: String
  let type: String
  let role: NodeRole
  let phase: ProgressPhase
  let startedAt: Double?
  let finishedAt: Double?
  let message: String?
  /// For an item of a fanned-out task (`process(3:lyon)`): the task's name and the item's index.
  let fanOutBase: String?
  let fanOutIndex: Int
  /// For a `Retry` node: its latest attempt.
  var latestAttempt: Int?

  init(id: String, status: NodeStatus) {
    self.id = id
    label = status.displayName.flatMap { $0.isEmpty ? nil : $0 } ?? status.name
    type = status.type
    role = NodeRole(type: status.type)
    let phase = ProgressPhase(status.phase)
    // Argo marks a suspension that waits to be resumed as a running Suspend node.
    self.phase = status.type == "Suspend" && phase == .running ? .suspended : phase
    startedAt = ProgressFormat.seconds(status.startedAt)
    finishedAt = ProgressFormat.seconds(status.finishedAt)
    message = status.message.flatMap { $0.isEmpty ? nil : $0 }
    if let (base, index) = ProgressNode.fanOutItem(label) {
      fanOutBase = base
      fanOutIndex = index
    } else {
      fanOutBase = nil
      fanOutIndex = -1
    }
  }

  /// The task name and index of an item's display name: `process(3:lyon)` gives `process`, 3.
  ///
  /// Argo names the items of `withItems`, `withParam` and `withSequence` `name(index:value)`.
  static func fanOutItem(_ label: String) -> (String, Int)? {
    guard let open = label.firstIndex(of: "(") else { return nil }
    var index = 0
    var digits = 0
    var cursor = label.index(after: open)
    while cursor < label.endIndex, let digit = label[cursor].wholeNumberValue, label[cursor].isASCII {
      index = index &* 10 &+ digit
      digits += 1
      cursor = label.index(after: cursor)
    }
    guard digits > 0, cursor < label.endIndex, label[cursor] == ":" else { return nil }
    return (String(label[..<open]), index)
  }

  /// Seconds from `start` to `finish`, or to `now` while unfinished; nil when that is unknown.
  static func span(from start: Double?, to finish: Double?, finished: Bool, now: Double) -> Double? {
    guard let start else { return nil }
    if let finish { return max(0, finish - start) }
    return finished ? nil : max(0, now - start)
  }

  func duration(now: Double) -> Double? {
    ProgressNode.span(from: startedAt, to: finishedAt, finished: phase.isFinished, now: now)
  }

  /// The order of siblings: `argo get`'s, made total so that sorting is deterministic.
  static func drawnBefore(_ left: ProgressNode, _ right: ProgressNode) -> Bool {
    let leftStart = left.startedAt ?? -.infinity
    let rightStart = right.startedAt ?? -.infinity
    if leftStart != rightStart { return leftStart < rightStart }
    let leftName = left.fanOutBase ?? left.label
    let rightName = right.fanOutBase ?? right.label
    if leftName != rightName { return leftName < rightName }
    if left.fanOutIndex != right.fanOutIndex { return left.fanOutIndex < right.fanOutIndex }
    if left.label != right.label { return left.label < right.label }
    return left.id < right.id
  }
}

/// The forest of a status's nodes, built in one pass over the nodes and their children lists.
struct NodeTree {
  let nodes: [ProgressNode]
  let children: [[Int]]
  let roots: [Int]

  init(_ statusNodes: [String: NodeStatus], workflowName: String?) {
    let count = statusNodes.count
    var nodes: [ProgressNode] = []
    var position: [String: Int] = Dictionary(minimumCapacity: count)
    var listedChildren: [[String]] = []
    var boundaries: [String?] = []
    nodes.reserveCapacity(count)
    listedChildren.reserveCapacity(count)
    boundaries.reserveCapacity(count)
    for (id, status) in statusNodes {
      position[id] = nodes.count
      nodes.append(ProgressNode(id: id, status: status))
      listedChildren.append(status.children ?? [])
      boundaries.append(status.boundaryID)
    }

    // A step group's steps, a retry's attempts and a container set's containers hang from the
    // node that lists them, whatever their boundary: steps of one group share the boundary of
    // the whole Steps template.
    var parent = [Int](repeating: -1, count: count)
    var listed = [Bool](repeating: false, count: count)
    for index in 0..<count {
      let role = nodes[index].role
      guard role == .stepGroup || role == .retry || nodes[index].type == "Pod" else { continue }
      for childID in listedChildren[index] {
        guard let child = position[childID], child != index, !listed[child] else { continue }
        // A pod lists the steps after it as children too: only its containers are its own.
        if role == .execution && nodes[child].type != "Container" { continue }
        parent[child] = index
        listed[child] = true
        // Argo appends attempts as it makes them: the last one listed is the latest.
        if role == .retry { nodes[index].latestAttempt = child }
      }
    }
    for index in 0..<count where !listed[index] {
      if let boundary = boundaries[index], let owner = position[boundary], owner != index {
        parent[index] = owner
      }
    }
    for index in 0..<count {
      var owner = parent[index]
      var hops = 0
      while owner >= 0, nodes[owner].role == .taskGroup, hops < count {
        owner = parent[owner]
        hops += 1
      }
      parent[index] = owner
    }
    Self.breakCycles(&parent, skipping: nodes.map { $0.role == .taskGroup })

    var children = [[Int]](repeating: [], count: count)
    var roots: [Int] = []
    for index in 0..<count where nodes[index].role != .taskGroup {
      if parent[index] >= 0 {
        children[parent[index]].append(index)
      } else {
        roots.append(index)
      }
    }
    for index in 0..<count where children[index].count > 1 {
      children[index].sort { ProgressNode.drawnBefore(nodes[$0], nodes[$1]) }
    }
    roots.sort { left, right in
      let leftRank = Self.rootRank(nodes[left], workflowName: workflowName)
      let rightRank = Self.rootRank(nodes[right], workflowName: workflowName)
      if leftRank != rightRank { return leftRank < rightRank }
      return ProgressNode.drawnBefore(nodes[left], nodes[right])
    }
    self.nodes = nodes
    self.children = children
    self.roots = roots
  }

  /// The workflow's own node first, the exit handler last, anything else between.
  private static func rootRank(_ node: ProgressNode, workflowName: String?) -> Int {
    if let workflowName, node.id == workflowName || node.label == workflowName { return 0 }
    if node.label.hasSuffix(".onExit") { return 2 }
    return 1
  }

  /// Makes the parent links a forest: a status edited by hand, or damaged, could loop, and
  /// drawing a loop would never end.
  private static func breakCycles(_ parent: inout [Int], skipping skipped: [Bool]) {
    // 0: not seen, 1: on the current path, 2: known to reach a root.
    var state = skipped.map { $0 ? UInt8(2) : 0 }
    var path: [Int] = []
    for start in parent.indices where state[start] == 0 {
      path.removeAll(keepingCapacity: true)
      var current = start
      while current >= 0, state[current] == 0 {
        state[current] = 1
        path.append(current)
        current = parent[current]
      }
      if current >= 0, state[current] == 1 { parent[current] = -1 }
      for index in path { state[index] = 2 }
    }
  }

  func countLeaves() -> ProgressCounts {
    var counts = ProgressCounts()
    var stack = roots
    while let index = stack.popLast() {
      if let latest = nodes[index].latestAttempt {
        stack.append(latest)
        continue
      }
      let below = children[index]
      if nodes[index].role == .execution && !below.contains(where: { nodes[$0].role == .execution }) {
        counts.add(nodes[index].phase)
      }
      stack.append(contentsOf: below)
    }
    return counts
  }
}
