/// A Kubernetes resource quantity: `500m` CPU, `1Gi` of memory, `2` GPUs.
///
/// Kept as written, and written back in the same form: YAML lets a quantity be a number
/// (`cpu: 2`), which Kubernetes accepts as well as the string `"2"`.
public struct Quantity: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
  ExpressibleByIntegerLiteral
{
  /// The quantity's text (`500m`, `1Gi`, `2`).
  public var text: String
  /// Whether it was written as a number rather than a string.
  public var isNumber: Bool

  public init(_ text: String) {
    self.text = text
    isNumber = false
  }

  public init(stringLiteral value: String) { self.init(value) }

  public init(integerLiteral value: Int) {
    text = String(value)
    isNumber = true
  }

  public var description: String { text }

  /// The quantity in base units (cores, bytes), when it parses: `500m` is 0.5, `1Ki` is 1024.
  public var value: Double? {
    let suffixes: [(String, Double)] = [
      ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
      ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
      ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
      ("P", 1e15), ("E", 1e18),
    ]
    for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
      return Double(text.dropLast(suffix.count)).map { $0 * factor }
    }
    return Double(text)
  }
}

extension Quantity: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    switch json {
    case .string(let string):
      text = string
      isNumber = false
    case .number(let number):
      text = number.text
      isNumber = true
    default:
      throw .typeMismatch(expected: .stringOrInteger, found: json)
    }
  }

  public func toJSON() -> JSONValue {
    if isNumber, let number = JSONNumber(text) { return .number(number) }
    return .string(text)
  }
}

extension Quantity: Codable {}
