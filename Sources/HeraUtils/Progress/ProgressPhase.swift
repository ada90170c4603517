/// The phase of a node or workflow, as the display groups them.
///
/// The order of the cases is the order in which counts are written: what went well, what is
/// going on, what waits, what went wrong, what did not run.
enum ProgressPhase: Int, Sendable, Hashable, CaseIterable, Comparable {
  case succeeded, running, suspended, pending, failed, error, skipped, omitted

  /// The phase Argo wrote; no phase yet, or one this version does not know, reads as pending.
  init(_ text: String?) {
    switch text {
    case "Succeeded": self = .succeeded
    case "Running": self = .running
    case "Failed": self = .failed
    case "Error": self = .error
    case "Skipped": self = .skipped
    case "Omitted": self = .omitted
    default: self = .pending
    }
  }

  /// Whether the phase is final.
  var isFinished: Bool {
    switch self {
    case .succeeded, .failed, .error, .skipped, .omitted: true
    case .running, .suspended, .pending: false
    }
  }

  /// Whether the phase is a failure (`Failed` or `Error`).
  var isFailure: Bool { self == .failed || self == .error }

  /// Whether the phase is final and nothing went wrong: what a crowded frame may fold away.
  var isQuietlyDone: Bool { self == .succeeded || self == .skipped || self == .omitted }

  var name: String {
    switch self {
    case .succeeded: "Succeeded"
    case .running: "Running"
    case .suspended: "Suspended"
    case .pending: "Pending"
    case .failed: "Failed"
    case .error: "Error"
    case .skipped: "Skipped"
    case .omitted: "Omitted"
    }
  }

  static func < (left: ProgressPhase, right: ProgressPhase) -> Bool { left.rawValue < right.rawValue }
}
