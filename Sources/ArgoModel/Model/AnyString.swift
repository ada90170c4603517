/// A string that may be written as a number or a Boolean: Argo's `AnyString`, the type of a
/// parameter's `value`, `default` and `enum` entries.
///
/// `value: 3`, `value: 3.10` and `value: true` are the strings `"3"`, `"3.10"` (as written, not
/// `"3.1"`) and `"true"`. It is always written back as a string, as Argo writes it.
public struct AnyString: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
  ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral
{
  public var string: String

  public init(_ string: String) { self.string = string }
  public init(stringLiteral value: String) { string = value }
  public init(integerLiteral value: Int) { string = String(value) }
  public init(floatLiteral value: Double) { string = JSONNumber(value).text }
  public init(booleanLiteral value: Bool) { string = value ? "true" : "false" }

  public var description: String { string }
}

extension AnyString: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    switch json {
    case .string(let string): self.string = string
    case .number(let number): string = number.text
    case .bool(let bool): string = bool ? "true" : "false"
    default: throw .typeMismatch(expected: .scalar, found: json)
    }
  }

  public func toJSON() -> JSONValue { .string(string) }
}

extension AnyString: Codable {}
