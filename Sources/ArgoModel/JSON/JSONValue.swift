/// A JSON value as it was written, for the places where Argo's schema allows any JSON:
/// `withItems` entries, plugin configurations, fields a newer Argo added.
///
/// Object members keep their order, and numbers keep their text, so that a value read from a
/// manifest is written back as it was. Two values are equal when they mean the same thing:
/// object members compare without regard to order and numbers compare by value.
///
/// ```swift
/// let item: JSONValue = ["vintage": "2009", "boroughs": ["LYON_1ER", "LYON_8EME"]]
/// item["vintage"]?.stringValue  // "2009"
/// ```
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

extension JSONValue {
  /// The string, when the value is one.
  public var stringValue: String? {
    if case .string(let string) = self { return string }
    return nil
  }

  /// The Boolean, when the value is one.
  public var boolValue: Bool? {
    if case .bool(let bool) = self { return bool }
    return nil
  }

  /// The number, when the value is one.
  public var numberValue: JSONNumber? {
    if case .number(let number) = self { return number }
    return nil
  }

  /// The elements, when the value is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let array) = self { return array }
    return nil
  }

  /// The members, when the value is an object.
  public var objectValue: JSONObject? {
    if case .object(let object) = self { return object }
    return nil
  }

  /// Whether the value is `null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The value of an object's member, or `nil` when the value is not an object or has no such member.
  public subscript(key: String) -> JSONValue? {
    objectValue?[key]
  }

  /// The scalar as text, the way Argo substitutes it into a template: strings as they are,
  /// numbers as written, Booleans as `true`/`false`, `null` as an empty string; `nil` for arrays
  /// and objects.
  public var scalarText: String? {
    switch self {
    case .null: return ""
    case .bool(let bool): return bool ? "true" : "false"
    case .number(let number): return number.text
    case .string(let string): return string
    case .array, .object: return nil
    }
  }

  /// This value laid over `base`, as Kubernetes merges a patch into an object: objects member by
  /// member, all the way down; anything else (a list, a string, `null`) replaces what was there.
  ///
  /// ```swift
  /// let own: JSONValue = ["container": ["args": ["echo"]]]
  /// own.merged(over: ["container": ["image": "busybox", "args": ["ls"]]])
  /// // ["container": ["image": "busybox", "args": ["echo"]]]
  /// ```
  public func merged(over base: JSONValue) -> JSONValue {
    guard case .object(let own) = self, case .object(var result) = base else { return self }
    for member in own {
      result[member.key] = result[member.key].map { member.value.merged(over: $0) } ?? member.value
    }
    return .object(result)
  }

  /// The name of the value's kind, in the words of the format it was read from.
  func kindName(yaml: Bool) -> String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return yaml ? "a sequence" : "an array"
    case .object: return yaml ? "a mapping" : "an object"
    }
  }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral
{
  public init(nilLiteral: ()) { self = .null }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
  public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
  }
}

extension JSONValue: CustomStringConvertible {
  /// The value as compact JSON.
  public var description: String {
    var writer = JSONWriter(style: .compact)
    writer.write(self)
    return writer.string
  }
}
