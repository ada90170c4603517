import ArgoModel

extension Scheduler {
  // MARK: Outbound nodes

  /// The nodes a node's successors hang from, as Argo's controller finds them
  /// (`getOutboundNodes`): a pod, a skipped node, a suspension or an HTTP node itself; the last
  /// attempt of a retried node; the outbound nodes of each item of a fan-out and of each last
  /// container of a container set; for a DAG or steps, the outbound nodes it recorded when it
  /// ended (`outboundNodes`: its target tasks', its last step group's).
  ///
  /// A DAG task's node is the child of its dependencies' outbound nodes, and a step group the
  /// child of its previous group's: that is how `status.nodes` draws the workflow's graph.
  func outboundNodes(of id: String) -> [String] {
    guard let node = node(id: id) else { return [id] }
    switch node.type {
    case NodeType.skipped, NodeType.suspend, NodeType.http, "Plugin":
      return [id]
    case NodeType.pod where containerNodes(of: id).isEmpty:
      return [id]
    case NodeType.pod, NodeType.container, NodeType.taskGroup:
      guard let children = node.children, !children.isEmpty else { return [id] }
      return children.flatMap { child -> [String] in
        // A container whose child lies outside its pod is the deepest outbound node.
        if node.type == NodeType.container, self.node(id: child)?.boundaryID != node.boundaryID { return [id] }
        return outboundNodes(of: child)
      }
    case NodeType.retry:
      if let last = node.children?.last { return [last] }
    case NodeType.steps, NodeType.dag:
      if node.memoizationStatus?.hit == true { return [id] }
    default:
      break
    }
    return (node.outboundNodes ?? []).flatMap { outboundNodes(of: $0) }
  }

  /// Records a DAG's outbound nodes as it ends: those of its target tasks.
  mutating func recordOutboundNodes(ofDAG id: String, nodeName: String, targets: [String]) {
    let outbound = targets.compactMap { idsByName["\(nodeName).\($0)"] }.flatMap { outboundNodes(of: $0) }
    update(id) { $0.outboundNodes = outbound.isEmpty ? nil : outbound }
  }

  /// Records a steps node's outbound nodes as it ends: those of its last step group's children.
  mutating func recordOutboundNodes(ofSteps id: String, lastGroup groupID: String) {
    let outbound = (node(id: groupID)?.children ?? []).flatMap { outboundNodes(of: $0) }
    update(id) { $0.outboundNodes = outbound.isEmpty ? nil : outbound }
  }

  /// The nodes a step group hangs from: the outbound nodes of the previous group's children,
  /// or the previous group itself when it made none (an empty fan-out).
  func parents(afterGroup groupID: String) -> [String] {
    let children = node(id: groupID)?.children ?? []
    return children.isEmpty ? [groupID] : children.flatMap { outboundNodes(of: $0) }
  }
}
