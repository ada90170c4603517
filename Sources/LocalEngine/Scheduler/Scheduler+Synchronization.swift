import ArgoModel

/// The locks a template's `synchronization` names, as this run holds them: mutexes (one holder)
/// and semaphores (as many holders as their ConfigMap's key says).
struct LockTable: Sendable {
  /// Holders by lock, in the order they took it.
  var holders: [String: [String]] = [:]

  mutating func release(_ holder: String) {
    for key in holders.keys { holders[key]?.removeAll { $0 == holder } }
  }

  func holds(_ holder: String) -> Bool {
    holders.values.contains { $0.contains(holder) }
  }
}

extension Scheduler {
  enum LockOutcome {
    case acquired
    case waiting(String)
    case failed(String)
  }

  /// The locks of `synchronization` with their limits, named as Argo names them in messages.
  func locks(of synchronization: Synchronization) -> Result<[(key: String, limit: Int)], SchedulerError> {
    let namespace = workflow.metadata.namespace ?? "default"
    var locks: [(String, Int)] = []
    for mutex in synchronization.mutexes ?? [] {
      locks.append(("\(mutex.namespace ?? namespace)/Mutex/\(mutex.name ?? "")", 1))
    }
    for semaphore in synchronization.semaphores ?? [] {
      guard let reference = semaphore.configMapKeyRef else {
        return .failure(SchedulerError("a database semaphore needs Argo's database; a local run knows only ConfigMap semaphores"))
      }
      let name = reference.name ?? ""
      guard let text = options.configMaps[name]?[reference.key] else {
        return .failure(
          SchedulerError(
            "failed to initialize the semaphore \(name)/\(reference.key): the ConfigMap or its key is not among the resources given",
            hint: "give the ConfigMap's manifest with the workflow's files, or with --resources FILE"))
      }
      guard let limit = Int(text.trimmingCharacters(in: .whitespaces)), limit >= 0 else {
        return .failure(SchedulerError("the semaphore \(name)/\(reference.key) is '\(text)', not a number of holders"))
      }
      locks.append(("\(semaphore.namespace ?? namespace)/ConfigMap/\(name)/\(reference.key)", limit))
    }
    return .success(locks)
  }

  /// Takes all the locks `synchronization` names for `holder`, or none.
  mutating func acquire(_ synchronization: Synchronization, for holder: String) -> LockOutcome {
    if lockTable.holds(holder) { return .acquired }
    let wanted: [(key: String, limit: Int)]
    switch locks(of: synchronization) {
    case .success(let locks): wanted = locks
    case .failure(let error): return .failed(error.description)
    }
    for (key, limit) in wanted {
      let count = lockTable.holders[key]?.count ?? 0
      if count >= limit { return .waiting("Waiting for \(key) lock. Lock status: \(limit - count)/\(limit)") }
    }
    for (key, _) in wanted { lockTable.holders[key, default: []].append(holder) }
    return .acquired
  }

  /// The gate of a template with `synchronization`: whether its node may go on now. A node that
  /// waits stays Pending with Argo's message; a pod is queued once its locks are taken.
  mutating func passSynchronization(_ template: Template, nodeID id: String) -> Bool {
    guard let synchronization = template.synchronization, let node = workflow.status?.nodes?[id] else { return true }
    if NodePhase.isFulfilled(node.phase) || lockTable.holds(id) { return true }
    if shutdown != nil, !isExitHandlerNode(node) {
      complete(id, phase: NodePhase.failed, message: shutdownMessage, outputs: nil)
      return false
    }
    switch acquire(synchronization, for: id) {
    case .acquired:
      update(id) {
        $0.message = nil
        if !NodeType.isRun($0.type) { $0.phase = NodePhase.running }
      }
      if NodeType.isRun(node.type), !launched.contains(id), !launchQueue.contains(id) { launchQueue.append(id) }
      return true
    case .waiting(let message):
      update(id) {
        $0.phase = NodePhase.pending
        $0.message = message
      }
      return false
    case .failed(let message):
      complete(id, phase: NodePhase.error, message: message, outputs: nil)
      return false
    }
  }
}
