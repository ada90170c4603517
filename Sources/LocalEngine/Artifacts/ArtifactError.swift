import ArgoModel

/// Why an artifact could not be kept, read, fetched or unpacked: what happened, and what to try.
///
/// The node whose artifact it is ends in Error with this description as its message. Messages
/// name files, keys and URLs (without credentials or query strings), never a secret's value.
public typealias ArtifactError = Explanation<ArtifactFailures>
/// What tells a `ArtifactError` apart from the package's other errors.
public enum ArtifactFailures {}

extension Explanation where Domain == ArtifactFailures {
  /// The same error, its message prefixed (`input artifact data: ...`).
  func prefixed(_ prefix: String) -> ArtifactError {
    ArtifactError(prefix + message, hint: hint)
  }
}
