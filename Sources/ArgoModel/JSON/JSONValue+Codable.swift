extension JSONValue: Codable {
  /// Decodes any JSON value from any `Decoder`. Objects decoded this way have their keys sorted,
  /// since `Decoder` does not report the order in which they were written.
  public init(from decoder: any Decoder) throws {
    if let container = try? decoder.singleValueContainer() {
      if container.decodeNil() {
        self = .null
        return
      }
      if let bool = try? container.decode(Bool.self) {
        self = .bool(bool)
        return
      }
      if let int = try? container.decode(Int.self) {
        self = .number(JSONNumber(int))
        return
      }
      if let double = try? container.decode(Double.self), double.isFinite {
        self = .number(JSONNumber(double))
        return
      }
      if let string = try? container.decode(String.self) {
        self = .string(string)
        return
      }
    }
    if var array = try? decoder.unkeyedContainer() {
      var elements: [JSONValue] = []
      while !array.isAtEnd {
        elements.append(try array.decode(JSONValue.self))
      }
      self = .array(elements)
      return
    }
    let container = try decoder.container(keyedBy: AnyCodingKey.self)
    var object = JSONObject()
    for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
      object.append(key.stringValue, try container.decode(JSONValue.self, forKey: key))
    }
    self = .object(object)
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var container = encoder.singleValueContainer()
      try container.encodeNil()
    case .bool(let bool):
      var container = encoder.singleValueContainer()
      try container.encode(bool)
    case .number(let number):
      var container = encoder.singleValueContainer()
      if let int = Int(number.text) {
        try container.encode(int)
      } else {
        try container.encode(number.doubleValue)
      }
    case .string(let string):
      var container = encoder.singleValueContainer()
      try container.encode(string)
    case .array(let elements):
      var container = encoder.unkeyedContainer()
      for element in elements { try container.encode(element) }
    case .object(let object):
      var container = encoder.container(keyedBy: AnyCodingKey.self)
      for member in object {
        try container.encode(member.value, forKey: AnyCodingKey(stringValue: member.key))
      }
    }
  }
}

/// A coding key for any member name.
struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }

  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
