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
    // Empty, or with a character a header cannot carry (`problem(in:)` says which).
    guard !value.isEmpty, ArgoToken.problem(in: value) == nil else { return nil }
    let lowered = value.lowercased()
    if lowered.hasPrefix("bearer ") || lowered.hasPrefix("basic ") {
      authorizationHeader = value
    } else {
      authorizationHeader = "Bearer " + value
    }
  }

  /// Why `text` cannot be a token, without showing any of it: a line break, a tab or another
  /// control character inside it (a header cannot carry one; it comes from a file or a paste
  /// that joined two lines). Nil when it can be one.
  public static func problem(in text: String) -> String? {
    let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let bad = value.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0 == "\u{7F}" }) else { return nil }
    let name =
      bad == "\n"
      ? "a line break"
      : bad == "\r"
        ? "a carriage return" : bad == "\t" ? "a tab" : "a control character (U+\(String(bad.value, radix: 16, uppercase: true)))"
    return "the token has \(name) inside it, which an Authorization header cannot carry"
  }

  /// The secret part of the header (after the scheme), which errors and server messages must
  /// never show.
  var secret: String {
    let parts = authorizationHeader.split(separator: " ", maxSplits: 1)
    return parts.count > 1 ? String(parts[1]) : authorizationHeader
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
