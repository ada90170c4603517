/// An error said to a person: what was wrong and, where we know it, what to try.
///
/// Every error of the package that ends up before a user has this shape, so that the command
/// line says each one the same way (the message, then the hint on a line of its own) and a node's
/// message or a log holds it as `message (hint)`.
public protocol ExplainedError: Error, Sendable, CustomStringConvertible {
  var message: String { get }
  var hint: String? { get }
}

extension ExplainedError {
  /// `message (hint)`, as a node's message or a log holds the error.
  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// An error of one part of the package, told apart from the others' by `Domain` (a
/// `SchedulerError` is not a `RunnerError`), so that a caller catches the ones it handles:
/// what was wrong, and what to try.
///
/// ```swift
/// public enum SchedulerFailures {}
/// public typealias SchedulerError = Explanation<SchedulerFailures>
/// throw SchedulerError("the workflow has no entrypoint", hint: "set spec.entrypoint")
/// ```
public struct Explanation<Domain>: ExplainedError, Hashable {
  public var message: String
  public var hint: String?

  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }
}
