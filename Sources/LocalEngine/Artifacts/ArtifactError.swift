/// Why an artifact could not be kept, read, fetched or unpacked: what happened, and what to try.
///
/// The node whose artifact it is ends in Error with this description as its message. Messages
/// name files, keys and URLs (without credentials or query strings), never a secret's value.
public struct ArtifactError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var hint: String?

  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  public var description: String { hint.map { "\(message) (\($0))" } ?? message }

  /// The same error, its message prefixed (`input artifact data: ...`).
  func prefixed(_ prefix: String) -> ArtifactError {
    ArtifactError(prefix + message, hint: hint)
  }
}
