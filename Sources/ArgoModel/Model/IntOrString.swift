/// A value that is an integer or a string, as Kubernetes' `IntOrString`: a port (`8080` or
/// `http`), a retry limit (`3` or `"{{inputs.parameters.retries}}"`), a percentage (`"25%"`).
///
/// It is written back in the form it was read: an integer stays an integer, a string stays a
/// string, because Kubernetes gives them different meanings (port `8080` versus the port named
/// `"8080"`).
public enum IntOrString: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
  CustomStringConvertible
{
  case int(Int)
  case string(String)

  public init(integerLiteral value: Int) { self = .int(value) }
  public init(stringLiteral value: String) { self = .string(value) }

  /// The integer, when it is one or is a string holding one.
  public var intValue: Int? {
    switch self {
    case .int(let int): return int
    case .string(let string): return Int(string)
    }
  }

  /// The value as text, the way Argo substitutes it.
  public var description: String {
    switch self {
    case .int(let int): return String(int)
    case .string(let string): return string
    }
  }
}

extension IntOrString: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    switch json {
    case .string(let string):
      // YAML reads a plain .inf or .nan as a float, which Kubernetes' decoder cannot hold in an
      // integer-or-string (JSON has no infinity): it refuses them, and so do we, rather than
      // keep the text. (The reader leaves them as text, which string fields want.)
      if IntOrString.yamlSpecialFloats.contains(string) {
        throw ManifestError(
          .invalidValue, "expected an integer or a string, found \(string), which YAML reads as a float that Kubernetes cannot hold",
          hint: "write an integer, or quote a text that is meant")
      }
      self = .string(string)
    case .number(let number):
      guard let int = number.intValue else {
        throw ManifestError(.invalidValue, "expected an integer or a string, found \(number.text)")
      }
      self = .int(int)
    default:
      throw .typeMismatch(expected: .stringOrInteger, found: json)
    }
  }

  /// YAML 1.1's infinities and not-a-number, as go-yaml reads them.
  static let yamlSpecialFloats: Set<String> = [
    ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
  ]

  public func toJSON() -> JSONValue {
    switch self {
    case .int(let int): return .number(JSONNumber(int))
    case .string(let string): return .string(string)
    }
  }
}

extension IntOrString: Codable {}
