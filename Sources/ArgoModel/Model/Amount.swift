/// A number kept exactly as written, for Prometheus histogram buckets (`0.01`, `2.5`).
public struct Amount: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral
{
  public var number: JSONNumber

  public init(_ number: JSONNumber) { self.number = number }
  public init(integerLiteral value: Int) { number = JSONNumber(value) }
  public init(floatLiteral value: Double) { number = JSONNumber(value) }

  public var description: String { number.text }
}

extension Amount: JSONConvertible {
  /// Reads a number, or a string holding one (Go's `json.Number` accepts both).
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    switch json {
    case .number(let number):
      self.number = number
    case .string(let string):
      guard let number = JSONNumber(string) else {
        throw ManifestError(.invalidValue, "expected a number, found \"\(string)\"")
      }
      self.number = number
    default:
      throw .typeMismatch(expected: .number, found: json)
    }
  }

  public func toJSON() -> JSONValue { .number(number) }
}

extension Amount: Codable {}
