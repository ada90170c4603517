import Foundation

/// A point in time as Kubernetes writes it: an RFC 3339 string such as `2026-11-25T08:24:13Z`.
///
/// The text is kept as written; `date` parses it.
public struct Time: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
  public var text: String

  public init(_ text: String) { self.text = text }
  public init(stringLiteral value: String) { text = value }

  /// The time of `date`, in UTC with second precision, as Kubernetes writes it.
  public init(_ date: Date) {
    text = Time.format(date)
  }

  /// The instant, when the text is a valid RFC 3339 time (fractional seconds allowed).
  public var date: Date? {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }

  public var description: String { text }

  private static func format(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
  }
}

extension Time: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    guard case .string(let string) = json else { throw .typeMismatch(expected: .string, found: json) }
    text = string
  }

  public func toJSON() -> JSONValue { .string(text) }
}

extension Time: Codable {}
