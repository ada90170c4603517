extension Workflow {
  /// The annotation that says how the workflow's pods are named (`v1` or `v2`).
  public static let podNameFormatAnnotation = "workflows.argoproj.io/pod-name-format"

  /// The name of the pod that runs a node, as Argo names it: `<workflow>-<template>-<hash of
  /// the node name>` (format v2, the default), or the node id (format v1, or a node without
  /// a template name). Nil for nodes that have no pod (DAG, Steps, ...).
  public func podName(of node: NodeStatus) -> String? {
    guard node.type == "Pod" else { return nil }
    let workflowName = metadata.name ?? ""
    let templateName = node.templateName ?? node.templateRef?.template ?? ""
    if metadata.annotations?[Workflow.podNameFormatAnnotation] == "v1" || templateName.isEmpty {
      return node.id
    }
    if node.name == workflowName { return workflowName }
    // The prefix leaves room for the hash in a 253-character name.
    let prefix = String("\(workflowName)-\(templateName)".utf8.prefix(253 - 10 - 2)) ?? "\(workflowName)-\(templateName)"
    return "\(prefix)-\(Workflow.fnv32a(node.name))"
  }

  /// The id Argo gives the node of this name: the workflow's name for its root node, else
  /// `<workflow>-<FNV-1a hash of the node name>`.
  public func nodeID(forNodeNamed nodeName: String) -> String {
    let workflowName = metadata.name ?? ""
    return nodeName == workflowName ? workflowName : "\(workflowName)-\(Workflow.fnv32a(nodeName))"
  }

  /// The 32-bit FNV-1a hash Argo uses for node ids and pod names.
  public static func fnv32a(_ text: String) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    return hash
  }

  /// The workflow's pods, with the node each runs, in the order their nodes started.
  public var pods: [(podName: String, node: NodeStatus)] {
    let nodes = (status?.nodes ?? [:]).values.filter { $0.type == "Pod" }
    return nodes.sorted { ($0.startedAt?.text ?? "~", $0.name) < ($1.startedAt?.text ?? "~", $1.name) }.compactMap { node in
      podName(of: node).map { ($0, node) }
    }
  }
}
