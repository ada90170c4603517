/// The value of the Authorization header sent to the Argo Server: `Bearer v2:...` (a token
/// copied from the Argo UI), `Bearer x` (a Kubernetes token), `Basic x`; a bare token gets
/// `Bearer `.
///
/// It never appears in full in a description, a log line or an error:
/// `Bearer v2:… (redacted, 812 chars)`.
public struct ArgoToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The header value; read it only to send it.
  public let authorizationHeader: String

  public init?(_ text: String) {
    var value = text.trimmingCharacters(in: .whitespacesAndNewlines)
    // Quotes left from a shell export or a config file.
    if value.count >= 2, let first = value.first, first == value.last, first == "'" || first == "\"" {
      value = String(value.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
    }
    guard !value.isEmpty else { return nil }
    let lowered = value.lowercased()
    if lowered.hasPrefix("bearer ") || lowered.hasPrefix("basic ") {
      authorizationHeader = value
    } else {
      authorizationHeader = "Bearer " + value
    }
  }

  /// The scheme and the first characters that tell tokens apart (`Bearer v2:`), then the length.
  public var description: String {
    let parts = authorizationHeader.split(separator: " ", maxSplits: 1)
    let scheme = parts.first.map(String.init) ?? ""
    let secret = parts.count > 1 ? String(parts[1]) : ""
    let shown = secret.hasPrefix("v2:") ? "v2:" : ""
    return "\(scheme) \(shown)… (redacted, \(secret.count) chars)"
  }

  public var debugDescription: String { description }
}
