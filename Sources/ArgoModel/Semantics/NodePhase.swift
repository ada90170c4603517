/// The phase of a workflow's node, as Argo's controller writes it in `status.nodes[*].phase`.
///
/// One home for what the phases mean, so that the local engine, the linter, the progress
/// display and the Argo Server simulator agree. A phase this version does not know (a later
/// Argo's) keeps its text and counts as neither completed nor failed.
///
/// ```swift
/// NodePhase(node.phase)?.isFulfilled == true   // Succeeded, Failed, Error, Skipped or Omitted
/// NodePhase.skipped.isCompleted                // false: skipped nodes did not run
/// ```
public struct NodePhase: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }

  /// The phase a node's `phase` field holds; nil when it holds none (or an empty one).
  public init?(_ text: String?) {
    guard let text, !text.isEmpty else { return nil }
    self.init(rawValue: text)
  }

  /// Made, not started: a pod waits for its node, a step for its turn.
  public static let pending = NodePhase(rawValue: "Pending")
  /// Started and not ended.
  public static let running = NodePhase(rawValue: "Running")
  public static let succeeded = NodePhase(rawValue: "Succeeded")
  /// A `when` was false (or a fan-out had no items): the node did not run.
  public static let skipped = NodePhase(rawValue: "Skipped")
  /// The node's own work failed (a non-zero exit, a failed child).
  public static let failed = NodePhase(rawValue: "Failed")
  /// The node could not be run as asked (a missing input, a pod that could not be made).
  public static let error = NodePhase(rawValue: "Error")
  /// A DAG task whose `depends` was not met: it did not run, and nothing waits for it.
  public static let omitted = NodePhase(rawValue: "Omitted")

  /// Every phase Argo writes, in the order of its definitions.
  public static let all: [NodePhase] = [.pending, .running, .succeeded, .skipped, .failed, .error, .omitted]

  /// Whether the node ran and ended: Succeeded, Failed or Error. Skipped and Omitted nodes did
  /// not run, so they are not completed (Argo's `Completed()`).
  public var isCompleted: Bool { self == .succeeded || isFailedOrError }

  /// Whether nothing more will happen to the node: it completed, or was skipped or omitted
  /// (Argo's `Fulfilled()`).
  public var isFulfilled: Bool { isCompleted || self == .skipped || self == .omitted }

  /// Whether the node failed, on its own (Failed) or for want of what it needed (Error).
  public var isFailedOrError: Bool { self == .failed || self == .error }

  public var description: String { rawValue }
}

extension NodeStatus {
  /// The node's phase, typed; nil before the controller gave it one.
  public var nodePhase: NodePhase? { NodePhase(phase) }

  /// Whether nothing more will happen to the node for its dependents: its phase is fulfilled, or
  /// it runs as a daemon that got past Pending (Argo's `NodeStatus.Fulfilled()`).
  public var isFulfilled: Bool {
    guard let phase = nodePhase else { return false }
    return phase.isFulfilled || daemoned == true && phase != .pending
  }
}
