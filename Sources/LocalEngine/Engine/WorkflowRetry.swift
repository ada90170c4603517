import ArgoModel

extension Workflow {
  /// The workflow made ready to run again from its status, as Argo's `retry` makes a failed
  /// workflow ready (`FormulateRetryWorkflow`), and as a local run goes on after it failed or was
  /// interrupted: the nodes that ran and did not succeed are forgotten, and so run again; so are
  /// the succeeded ones `restarting` picks (Argo's `restartSuccessful` with a node selector);
  /// the DAGs, steps and retries above them are running again; the exit handler runs again.
  /// What succeeded stays, with its outputs, and is not run twice.
  ///
  /// - Parameter restarting: Which succeeded run nodes run again; none by default.
  public func retried(restarting: (NodeStatus) -> Bool = { _ in false }) -> Workflow {
    var workflow = self
    var nodes = workflow.status?.nodes ?? [:]
    let name = metadata.name ?? ""
    var parents: [String: String] = [:]
    for (id, node) in nodes {
      for child in node.children ?? [] where parents[child] == nil { parents[child] = id }
    }
    var removed: Set<String> = []
    for (id, node) in nodes {
      let exitHandler = node.name == "\(name).onExit" || node.name.hasPrefix("\(name).onExit.") || node.name.hasPrefix("\(name).onExit(")
      let ran = !Workflow.retryBoundaries.contains(node.type)
      let succeeded = node.phase == NodePhase.succeeded || node.phase == NodePhase.skipped
      if exitHandler || ran && (!succeeded || node.phase == NodePhase.succeeded && restarting(node)) {
        removed.insert(id)
      }
    }
    // The boundaries above a node that runs again run again too, even those that succeeded.
    var reopened: Set<String> = []
    for id in removed {
      var parent = parents[id]
      while let current = parent, !removed.contains(current), reopened.insert(current).inserted {
        parent = parents[current]
      }
    }
    for id in removed { nodes[id] = nil }
    for (id, var node) in nodes {
      node.children = node.children?.filter { !removed.contains($0) }
      if node.children?.isEmpty == true { node.children = nil }
      let unfinished = node.phase != NodePhase.succeeded && node.phase != NodePhase.skipped
      if Workflow.retryBoundaries.contains(node.type) && (unfinished || reopened.contains(id)) {
        node.phase = NodePhase.running
        node.finishedAt = nil
        node.message = nil
      }
      nodes[id] = node
    }
    workflow.status?.nodes = nodes
    workflow.status?.phase = NodePhase.running
    workflow.status?.finishedAt = nil
    workflow.status?.message = nil
    return workflow
  }

  /// The node types that hold other nodes rather than run: they end again from their children.
  private static let retryBoundaries: Set<String> = ["DAG", "Steps", "StepGroup", "TaskGroup", "Retry"]
}
