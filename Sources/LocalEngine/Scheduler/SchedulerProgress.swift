import ArgoModel

// What lets a walk of the workflow skip what cannot change.
//
// A walk from the root decides what can advance. In a large DAG or fan-out most tasks are either
// waiting for a dependency, queued or running as a pod (only their events change them), or
// ended: visiting each of them on every walk made a run of N pods cost N²/2 visits. The
// structures here keep, per DAG and per fan-out, which tasks or items a walk must visit and
// counts that replace looks at every sibling; the scheduler updates them as nodes end or
// become daemons (`markEnded`, `markDaemoned`), so that a walk costs what changed.

/// Pod nodes waiting to be launched, in the order they were queued; adding, taking, removing and
/// looking up are O(1).
struct LaunchQueue: Sendable {
  private var entries: [String] = []
  private var head = 0
  private var members: Set<String> = []

  var isEmpty: Bool { members.isEmpty }

  func contains(_ id: String) -> Bool { members.contains(id) }

  /// The queued ids, in order.
  var ids: [String] { entries[head...].filter { members.contains($0) } }

  mutating func append(_ id: String) {
    guard members.insert(id).inserted else { return }
    entries.append(id)
  }

  mutating func remove(_ id: String) {
    members.remove(id)
  }

  mutating func removeAll(where shouldRemove: (String) -> Bool) {
    for id in ids where shouldRemove(id) { members.remove(id) }
  }

  /// Takes the oldest queued id.
  mutating func takeFirst() -> String? {
    while head < entries.count {
      let id = entries[head]
      head += 1
      if members.remove(id) != nil {
        if head >= 1024, head * 2 >= entries.count {
          entries.removeFirst(head)
          head = 0
        }
        return id
      }
    }
    return nil
  }
}

/// Where a DAG task's node or a fan-out item's node sits in its DAG's or fan-out's progress.
struct ProgressSite: Sendable {
  /// The DAG's node id, or the fan-out's node name.
  let owner: String
  let index: Int
}

/// A DAG task's state as walks see it.
enum TaskState: UInt8, Sendable {
  /// No node yet.
  case waiting
  /// A node that has not ended, and is not a daemon.
  case open
  /// A daemon: its dependents may start.
  case released
  /// A daemon that failed, open again while its retry strategy decides; its dependents stay
  /// released.
  case reopened
  case ended
}

/// The fixed shape of one DAG node's tasks: the tasks a walk from the targets reaches, each
/// after the tasks it depends on, as a walk decides them; their nodes' names and ids; who
/// depends on whom.
struct DAGLayout: Sendable {
  let order: [String]
  let nodeNames: [String]
  let nodeIDs: [String]
  /// For each task (by position), the positions of the tasks that depend on it.
  let dependents: [[Int]]
  /// For each task, the number of its dependencies (a dependency that is not a task counts, and
  /// is never met).
  let dependencyCounts: [Int]
  /// Tasks with lifecycle hooks or an exit handler: visited even when ended or settled.
  let watched: [Bool]
  let continueOn: [ContinueOn?]

  /// - Parameters:
  ///   - nodeName: the DAG node's name; a task's node is `<nodeName>.<task>`.
  ///   - nodeID: how a node's id follows from its name.
  init(nodeName: String, plan: DAGPlan, nodeID: (String) -> String) {
    var order: [String] = []
    var position: [String: Int] = [:]
    var entered: Set<String> = []
    // Depth first from each target, dependencies before their dependents (without recursion,
    // for long chains).
    for target in plan.targets where plan.tasks[target] != nil && !entered.contains(target) {
      entered.insert(target)
      var stack: [(name: String, next: Int)] = [(target, 0)]
      while let top = stack.last {
        let dependencies = plan.dependencies[top.name] ?? []
        if top.next < dependencies.count {
          stack[stack.count - 1].next += 1
          let dependency = dependencies[top.next]
          if plan.tasks[dependency] != nil, entered.insert(dependency).inserted { stack.append((dependency, 0)) }
        } else {
          stack.removeLast()
          position[top.name] = order.count
          order.append(top.name)
        }
      }
    }
    var dependents = [[Int]](repeating: [], count: order.count)
    var counts = [Int](repeating: 0, count: order.count)
    for (index, name) in order.enumerated() {
      let dependencies = plan.dependencies[name] ?? []
      counts[index] = dependencies.count
      for dependency in dependencies {
        if let at = position[dependency] { dependents[at].append(index) }
      }
    }
    self.order = order
    nodeNames = order.map { "\(nodeName).\($0)" }
    nodeIDs = nodeNames.map(nodeID)
    self.dependents = dependents
    dependencyCounts = counts
    watched = order.map { name in
      guard let task = plan.tasks[name] else { return false }
      return task.onExit != nil || !(task.hooks ?? [:]).isEmpty
    }
    continueOn = order.map { plan.tasks[$0]?.continueOn }
  }
}

/// Which tasks of one DAG node a walk must visit, and the counts its phase is read from.
struct DAGProgress: Sendable {
  var state: [TaskState]
  /// Dependencies not yet ended or running as daemons.
  var waiting: [Int]
  var visit: [Bool]
  /// Tasks whose node is open.
  var open = 0
  /// A task failed and does not continue on it (with failFast, nothing new starts).
  var failed = false
  let layout: DAGLayout

  init(layout: DAGLayout) {
    self.layout = layout
    state = Array(repeating: .waiting, count: layout.order.count)
    waiting = layout.dependencyCounts
    visit = Array(repeating: false, count: layout.order.count)
  }

  /// The first task at or after `start` to visit.
  func nextVisit(from start: Int) -> Int? {
    guard start < visit.count else { return nil }
    return visit[start...].firstIndex(of: true)
  }

  /// A task's node exists now (made during a visit, or found when the progress is built).
  mutating func made(_ index: Int) {
    guard state[index] == .waiting else { return }
    state[index] = .open
    open += 1
  }

  /// A task's node ended.
  mutating func ended(_ index: Int, phase: String?) {
    guard state[index] != .ended else { return }
    if state[index] == .open || state[index] == .reopened { open -= 1 }
    if state[index] != .released && state[index] != .reopened { release(index) }
    state[index] = .ended
    visit[index] = layout.watched[index]
    if NodePhase.isFailure(phase), !Self.continues(layout.continueOn[index], phase) { failed = true }
  }

  /// A task's node runs as a daemon: its dependents may start.
  mutating func daemoned(_ index: Int) {
    if state[index] == .reopened {
      open -= 1
      state[index] = .released
      return
    }
    guard state[index] == .open || state[index] == .waiting else { return }
    if state[index] == .open { open -= 1 }
    state[index] = .released
    release(index)
  }

  /// A task that ran as a daemon is open again (its daemon failed and its retry node must be
  /// walked); its dependents stay released.
  mutating func reopen(_ index: Int) {
    guard state[index] == .released else { return }
    state[index] = .reopened
    open += 1
    visit[index] = true
  }

  /// Whether a walk must visit the task, given whether its pod is settled (queued or running).
  mutating func update(_ index: Int, settled: Bool) {
    switch state[index] {
    case .waiting: visit[index] = waiting[index] <= 0
    case .ended: visit[index] = layout.watched[index]
    case .open, .reopened: visit[index] = layout.watched[index] || !settled
    case .released: visit[index] = layout.watched[index]
    }
  }

  private mutating func release(_ index: Int) {
    for dependent in layout.dependents[index] {
      waiting[dependent] -= 1
      if waiting[dependent] <= 0, state[dependent] == .waiting { visit[dependent] = true }
    }
  }

  static func continues(_ continueOn: ContinueOn?, _ phase: String?) -> Bool {
    guard let continueOn else { return false }
    if phase == NodePhase.failed { return continueOn.failed == true }
    if phase == NodePhase.error { return continueOn.error == true }
    return false
  }
}

/// The items of one fan-out (`withItems`, `withParam`, `withSequence`): which a walk must
/// visit, and how many were made, ended and failed. Items are made in order, so the items
/// made are always the first ones.
struct FanOutProgress: Sendable {
  let ids: [String]
  /// Ended, or a pod queued or running: nothing for a walk to do.
  var quiet: [Bool]
  var ended: [Bool]
  var madeCount = 0
  var endedCount = 0
  var failedCount = 0

  init(ids: [String]) {
    self.ids = ids
    quiet = Array(repeating: false, count: ids.count)
    ended = Array(repeating: false, count: ids.count)
  }

  var allEnded: Bool { endedCount == ids.count }

  mutating func markEnded(_ index: Int, phase: String?) {
    guard !ended[index] else { return }
    ended[index] = true
    quiet[index] = true
    endedCount += 1
    if NodePhase.isFailure(phase) { failedCount += 1 }
  }
}

extension Scheduler {
  /// Records that a node ended: walks read its phase from `finalPhases`, and the DAG or
  /// fan-out it belongs to counts it.
  mutating func markEnded(_ id: String, phase: String) {
    finalPhases[id] = phase
    if let site = taskSites[id] { dagProgress[site.owner]?.ended(site.index, phase: phase) }
    if let site = itemSites[id] { fanOuts[site.owner]?.markEnded(site.index, phase: phase) }
  }

  /// Records that a node runs as a daemon.
  mutating func markDaemoned(_ id: String) {
    daemonNodes.insert(id)
    if let site = taskSites[id] { dagProgress[site.owner]?.daemoned(site.index) }
  }

  /// The progress of a DAG node's tasks, made on its first walk from the nodes there are (a
  /// resumed run has some).
  mutating func prepareDAGProgress(nodeName: String, dagID: String, plan: DAGPlan) -> DAGLayout {
    if let existing = dagProgress[dagID] { return existing.layout }
    let layout = DAGLayout(nodeName: nodeName, plan: plan) { claimID(forNodeNamed: $0) }
    var progress = DAGProgress(layout: layout)
    for (index, id) in layout.nodeIDs.enumerated() {
      taskSites[id] = ProgressSite(owner: dagID, index: index)
      guard idsByName[layout.nodeNames[index]] != nil else { continue }
      progress.made(index)
    }
    for (index, id) in layout.nodeIDs.enumerated() where progress.state[index] != .waiting {
      if let phase = finalPhases[id] {
        progress.ended(index, phase: phase)
      } else if node(id: id)?.daemoned == true {
        progress.daemoned(index)
      }
    }
    for index in layout.order.indices { progress.update(index, settled: settledPods.contains(layout.nodeIDs[index])) }
    dagProgress[dagID] = progress
    return layout
  }

  /// Brings a task's progress up to date after a walk visited it.
  mutating func settleDAGTask(_ index: Int, dagID: String, layout: DAGLayout) {
    let id = layout.nodeIDs[index]
    guard idsByName[layout.nodeNames[index]] != nil else {
      dagProgress[dagID]?.update(index, settled: false)
      return
    }
    dagProgress[dagID]?.made(index)
    if let phase = finalPhases[id] {
      dagProgress[dagID]?.ended(index, phase: phase)
    } else if node(id: id)?.daemoned == true {
      dagProgress[dagID]?.daemoned(index)
    }
    dagProgress[dagID]?.update(index, settled: settledPods.contains(id))
  }

  /// The progress of a fan-out whose items' node names are `names`, made when it first expands.
  mutating func prepareFanOut(_ key: String, names: [String]) {
    if let existing = fanOuts[key], existing.ids.count == names.count { return }
    var ids: [String] = []
    ids.reserveCapacity(names.count)
    for name in names { ids.append(claimID(forNodeNamed: name)) }
    var progress = FanOutProgress(ids: ids)
    for (index, id) in progress.ids.enumerated() {
      itemSites[id] = ProgressSite(owner: key, index: index)
      guard idsByName[names[index]] != nil else { continue }
      progress.madeCount += 1
      if let phase = finalPhases[id] {
        progress.markEnded(index, phase: phase)
      } else if settledPods.contains(id) {
        progress.quiet[index] = true
      }
    }
    fanOuts[key] = progress
  }

  /// Brings an item's progress up to date after a walk visited it.
  mutating func settleItem(_ index: Int, key: String, wasMade: Bool) {
    guard let id = fanOuts[key]?.ids[index] else { return }
    if !wasMade, idsByName[fanOutName(key, index)] != nil || finalPhases[id] != nil { fanOuts[key]?.madeCount += 1 }
    if let phase = finalPhases[id] {
      fanOuts[key]?.markEnded(index, phase: phase)
    } else if settledPods.contains(id) {
      fanOuts[key]?.quiet[index] = true
    }
  }

  private func fanOutName(_ key: String, _ index: Int) -> String {
    itemNames[key]?[index] ?? ""
  }
}
