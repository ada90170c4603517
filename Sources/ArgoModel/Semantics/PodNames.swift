/// How Argo names the pods of a workflow's nodes, as the workflow's
/// `workflows.argoproj.io/pod-name-format` annotation chooses.
///
/// - `v2` (the default): `<workflow>-<template>-<hash of the node name>`, or
///   `<workflow>-<hash>` for a node whose template has no name (an inline one). The part before
///   the hash is cut to 242 bytes, so that the hash and its dash fit in Kubernetes' 253.
/// - `v1`: the node's id.
///
/// Either way, the pod of a workflow's root node (a workflow whose entrypoint is a container)
/// is named as the workflow.
///
/// ```swift
/// PodNameFormat.v2.podName(workflowName: "hello", nodeName: "hello[0].say", templateName: "say")
/// // "hello-say-1234567890"
/// ```
public struct PodNameFormat: RawRepresentable, Hashable, Sendable {
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }

  /// The format a workflow's annotation asks for: v1 when it says so, else v2, Argo's default
  /// (for a missing annotation and for one it does not know alike).
  public init(annotation: String?) {
    self = annotation == PodNameFormat.v1.rawValue ? .v1 : .v2
  }

  /// The node's id: `<workflow>-<hash of the node name>`.
  public static let v1 = PodNameFormat(rawValue: "v1")
  /// The workflow, template and hash of the node name.
  public static let v2 = PodNameFormat(rawValue: "v2")

  /// The longest name Kubernetes gives a resource, in bytes.
  public static let maximumNameLength = 253
  /// The longest part of a v2 pod name before its hash, in bytes: what is left of
  /// `maximumNameLength` once the dash and the ten digits of the hash are in.
  public static let maximumPrefixLength = maximumNameLength - 10 - 1

  /// The name of the pod that runs the node named `nodeName`.
  ///
  /// - Parameters:
  ///   - workflowName: the workflow's `metadata.name`.
  ///   - nodeName: the node's full name (`hello[0].say`), whose hash ends the pod name.
  ///   - templateName: the name of the template the node runs (a `templateRef`'s `template`);
  ///     nil or empty for an inline template.
  ///   - nodeID: the node's id as its status holds it, which v1 names the pod after; worked out
  ///     from the names when nil.
  public func podName(workflowName: String, nodeName: String, templateName: String?, nodeID: String? = nil) -> String {
    if self == .v1 { return nodeID ?? NodeNames.nodeID(workflowName: workflowName, nodeName: nodeName) }
    if nodeName == workflowName { return workflowName }
    var prefix = workflowName
    if let templateName, !templateName.isEmpty { prefix += "-\(templateName)" }
    return "\(PodNameFormat.truncated(prefix, toBytes: PodNameFormat.maximumPrefixLength))-\(NodeNames.fnv32a(nodeName))"
  }

  /// The longest start of `text` that fits in `limit` bytes of UTF-8. Argo cuts at the byte,
  /// which can split a character and leave bytes that are no text; we cut before that character
  /// instead. Kubernetes accepts only ASCII names, so for a pod that can run the two agree.
  static func truncated(_ text: String, toBytes limit: Int) -> String {
    guard text.utf8.count > limit else { return text }
    var end = text.startIndex
    var bytes = 0
    for index in text.unicodeScalars.indices {
      let width = text.unicodeScalars[index].utf8.count
      if bytes + width > limit { break }
      bytes += width
      end = text.unicodeScalars.index(after: index)
    }
    return String(text.unicodeScalars[..<end])
  }
}

/// The ids Argo gives the nodes of a workflow, and the hash they and pod names end with.
public enum NodeNames {
  /// The id of the node named `nodeName`: the workflow's name for its root node, else
  /// `<workflow>-<FNV-1a hash of the node name>`.
  public static func nodeID(workflowName: String, nodeName: String) -> String {
    nodeName == workflowName ? workflowName : "\(workflowName)-\(fnv32a(nodeName))"
  }

  /// The 32-bit FNV-1a hash of the UTF-8 of `text`, as node ids and pod names use it.
  public static func fnv32a(_ text: String) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    return hash
  }
}

extension Workflow {
  /// The annotation that says how the workflow's pods are named (`v1` or `v2`).
  public static let podNameFormatAnnotation = "workflows.argoproj.io/pod-name-format"

  /// How this workflow's pods are named, as its annotation says.
  public var podNameFormat: PodNameFormat {
    PodNameFormat(annotation: metadata.annotations?[Workflow.podNameFormatAnnotation])
  }

  /// The name of the pod that runs a node, as Argo names it (see `PodNameFormat`). The
  /// template name is the `templateRef`'s when the node has one, else `templateName`. Nil for
  /// nodes that have no pod (DAG, Steps, ...).
  public func podName(of node: NodeStatus) -> String? {
    guard node.type == "Pod" else { return nil }
    let templateName = node.templateRef?.template ?? node.templateName
    return podNameFormat.podName(workflowName: metadata.name ?? "", nodeName: node.name, templateName: templateName, nodeID: node.id)
  }

  /// The id Argo gives the node of this name: the workflow's name for its root node, else
  /// `<workflow>-<FNV-1a hash of the node name>`.
  public func nodeID(forNodeNamed nodeName: String) -> String {
    NodeNames.nodeID(workflowName: metadata.name ?? "", nodeName: nodeName)
  }

  /// The 32-bit FNV-1a hash Argo uses for node ids and pod names.
  public static func fnv32a(_ text: String) -> UInt32 { NodeNames.fnv32a(text) }

  /// The workflow's pods, with the node each runs, in the order their nodes started.
  public var pods: [(podName: String, node: NodeStatus)] {
    let nodes = (status?.nodes ?? [:]).values.filter { $0.type == "Pod" }
    return nodes.sorted { ($0.startedAt?.text ?? "~", $0.name) < ($1.startedAt?.text ?? "~", $1.name) }.compactMap { node in
      podName(of: node).map { ($0, node) }
    }
  }
}
