import ArgoModel

/// The phase of a node or workflow, as the display groups them.
///
/// The order of the cases is the order in which counts are written: what went well, what is
/// going on, what waits, what went wrong, what did not run. What each phase means is
/// `NodePhase`'s; this type only orders them and adds `suspended`, which the display tells
/// apart from running.
enum ProgressPhase: Int, Sendable, Hashable, CaseIterable, Comparable {
  case succeeded, running, suspended, pending, failed, error, skipped, omitted

  /// The phase Argo wrote; no phase yet, or one this version does not know, reads as pending.
  init(_ text: String?) {
    self = ProgressPhase.allCases.first { $0.nodePhase != nil && $0.nodePhase == NodePhase(text) } ?? .pending
  }

  /// The Argo phase shown; nil for `suspended`, which Argo writes as Running.
  var nodePhase: NodePhase? {
    switch self {
    case .succeeded: .succeeded
    case .running: .running
    case .suspended: nil
    case .pending: .pending
    case .failed: .failed
    case .error: .error
    case .skipped: .skipped
    case .omitted: .omitted
    }
  }

  /// Whether the phase is final.
  var isFinished: Bool { nodePhase?.isFulfilled ?? false }

  /// Whether the phase is a failure (`Failed` or `Error`).
  var isFailure: Bool { nodePhase?.isFailedOrError ?? false }

  /// Whether the phase is final and nothing went wrong: what a crowded frame may fold away.
  var isQuietlyDone: Bool { isFinished && !isFailure }

  var name: String { nodePhase?.rawValue ?? "Suspended" }

  static func < (left: ProgressPhase, right: ProgressPhase) -> Bool { left.rawValue < right.rawValue }
}
