/// The phase of a workflow, as Argo's controller writes it in `status.phase`.
///
/// Fewer than a node's: a workflow is never Skipped or Omitted. A workflow the controller has not
/// seen yet has no phase, which Argo calls Unknown (the empty text); readers show it as Pending.
///
/// ```swift
/// if WorkflowPhase(workflow.status?.phase).isCompleted { print("done") }
/// ```
public struct WorkflowPhase: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }

  /// The phase a workflow's `status.phase` holds; no status or no phase is `unknown`.
  public init(_ text: String?) { self.init(rawValue: text ?? "") }

  /// Not seen by the controller yet: the empty text.
  public static let unknown = WorkflowPhase(rawValue: "")
  /// Being set up; rarely seen.
  public static let pending = WorkflowPhase(rawValue: "Pending")
  /// A node has started (the workflow may also be suspended).
  public static let running = WorkflowPhase(rawValue: "Running")
  public static let succeeded = WorkflowPhase(rawValue: "Succeeded")
  /// A node failed, or the workflow was stopped or terminated.
  public static let failed = WorkflowPhase(rawValue: "Failed")
  /// The workflow could not be run as written.
  public static let error = WorkflowPhase(rawValue: "Error")

  /// The phases a user can name (in a `--status` filter, a label selector): every one but
  /// `unknown`, in the order a workflow goes through them.
  public static let named: [WorkflowPhase] = [.pending, .running, .succeeded, .failed, .error]

  /// Whether the workflow has ended: Succeeded, Failed or Error (Argo's `Completed()`).
  public var isCompleted: Bool { self == .succeeded || isFailedOrError }

  /// Whether the workflow ended without success.
  public var isFailedOrError: Bool { self == .failed || self == .error }

  /// The phase as a person reads it: `Pending` for a workflow the controller has not seen yet.
  public var displayName: String { self == .unknown ? WorkflowPhase.pending.rawValue : rawValue }

  public var description: String { rawValue }
}

extension WorkflowStatus {
  /// The workflow's phase, typed: `unknown` before the controller gave it one.
  public var workflowPhase: WorkflowPhase { WorkflowPhase(phase) }
}

extension Workflow {
  /// The workflow's phase, typed: `unknown` while it has no status.
  public var workflowPhase: WorkflowPhase { WorkflowPhase(status?.phase) }
}
