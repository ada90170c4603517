/// Argo's progress of workflows and nodes: `N/M`, M the executable nodes (pods, containers,
/// suspensions, HTTP and plugin nodes) that count, N those that ended well.
public struct NodeProgress: Sendable, Hashable, CustomStringConvertible {
  public var done: Int
  public var total: Int

  public init(done: Int, total: Int) {
    self.done = done
    self.total = total
  }

  /// Reads `N/M`; nil for anything else.
  public init?(_ text: String?) {
    guard let parts = text?.split(separator: "/", omittingEmptySubsequences: false), parts.count == 2,
      let done = Int(parts[0]), let total = Int(parts[1])
    else { return nil }
    self.init(done: done, total: total)
  }

  public static let zero = NodeProgress(done: 0, total: 0)

  /// Whether Argo keeps it: at least one node counted, no more done than counted.
  public var isValid: Bool { done >= 0 && done <= total && total > 0 }

  public var description: String { "\(done)/\(total)" }

  static func + (left: NodeProgress, right: NodeProgress) -> NodeProgress {
    NodeProgress(done: left.done + right.done, total: left.total + right.total)
  }

  /// Whether a node of this type counts, its progress its own (Argo's `executable`); the
  /// others sum what lies under them.
  public static func isCounted(nodeType: String) -> Bool {
    ["Pod", "HTTP", "Plugin", "Container", "Suspend"].contains(nodeType)
  }
}

extension WorkflowStatus {
  /// Sets `progress` on the workflow and its nodes as Argo's controller does
  /// (`progress.UpdateProgress`): a counted node is `0/1` until it succeeds (or is skipped or
  /// omitted), then complete; any other node sums the nodes under it, through `children`, each
  /// once; the workflow sums its counted nodes.
  public mutating func updateProgress() {
    guard var nodes else {
      progress = NodeProgress.zero.description
      return
    }
    var overall = NodeProgress.zero
    for (id, var node) in nodes where NodeProgress.isCounted(nodeType: node.type) {
      var own = NodeProgress(node.progress) ?? NodeProgress(done: 0, total: 1)
      if ["Succeeded", "Skipped", "Omitted"].contains(node.phase) { own.done = own.total }
      if own.description != node.progress {
        node.progress = own.description
        nodes[id] = node
      }
      if own.isValid { overall = overall + own }
    }
    for (id, var node) in nodes where !NodeProgress.isCounted(nodeType: node.type) {
      var visited: Set<String> = []
      let sum = WorkflowStatus.sum(under: node, in: nodes, visited: &visited)
      if sum.isValid, sum.description != node.progress {
        node.progress = sum.description
        nodes[id] = node
      }
    }
    self.nodes = nodes
    progress = overall.description
  }

  private static func sum(under node: NodeStatus, in nodes: [String: NodeStatus], visited: inout Set<String>) -> NodeProgress {
    var total = NodeProgress.zero
    for childID in node.children ?? [] where visited.insert(childID).inserted {
      guard let child = nodes[childID] else { continue }
      total = total + sum(under: child, in: nodes, visited: &visited)
      if NodeProgress.isCounted(nodeType: child.type), let own = NodeProgress(child.progress), own.isValid { total = total + own }
    }
    return total
  }
}
