import ArgoModel

/// A value while an expression is evaluated: expr-lang's run-time types, with integers and
/// floats kept apart as Go keeps `int` and `float64` apart.
enum ExprValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case float(Double)
  case string(String)
  case array([ExprValue])
  case map(ExprMap)
  /// A dotted prefix of the scope's names (`inputs.parameters`), resolved member by member.
  case namespace(String)
  /// A function value, only ever the callee of a call (`sprig.trim`).
  case function(String)

  init(_ json: JSONValue) {
    switch json {
    case .null: self = .null
    case .bool(let bool): self = .bool(bool)
    case .string(let string): self = .string(string)
    case .number(let number):
      if number.isIntegerLiteral, let int = Int64(number.text) {
        self = .int(int)
      } else {
        self = .float(number.doubleValue)
      }
    case .array(let elements): self = .array(elements.map(ExprValue.init))
    case .object(let object):
      self = .map(ExprMap(object.map { ($0.key, ExprValue($0.value)) }))
    }
  }

  /// The name of the value's type, as expr-lang's messages name Go types.
  var typeName: String {
    switch self {
    case .null: return "nil"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float64"
    case .string: return "string"
    case .array: return "array"
    case .map, .namespace: return "map"
    case .function: return "func"
    }
  }

  var isNumber: Bool {
    switch self {
    case .int, .float: return true
    default: return false
    }
  }

  var doubleValue: Double? {
    switch self {
    case .int(let int): return Double(int)
    case .float(let double): return double
    default: return nil
    }
  }
}

/// A map with string keys, in insertion order (Go prints and marshals maps with their keys
/// sorted, which the formatting functions do themselves).
struct ExprMap: Sendable, Equatable {
  private(set) var keys: [String] = []
  private var storage: [String: ExprValue] = [:]

  init() {}

  init(_ members: [(String, ExprValue)]) {
    for (key, value) in members { self[key] = value }
  }

  subscript(key: String) -> ExprValue? {
    get { storage[key] }
    set {
      if storage[key] == nil, newValue != nil { keys.append(key) }
      if newValue == nil, storage[key] != nil { keys.removeAll { $0 == key } }
      storage[key] = newValue
    }
  }

  var count: Int { keys.count }
  var values: [ExprValue] { keys.compactMap { storage[$0] } }
  var sortedKeys: [String] { keys.sorted() }

  static func == (lhs: ExprMap, rhs: ExprMap) -> Bool {
    lhs.storage == rhs.storage
  }
}

extension ExprValue {
  /// The value as JSON, or `nil` when it holds a number JSON cannot write (NaN, infinity).
  func json(environment: ExprEnvironment) -> JSONValue? {
    switch self {
    case .null: return .null
    case .bool(let bool): return .bool(bool)
    case .int(let int): return .number(JSONNumber(Int(int)))
    case .float(let double):
      guard double.isFinite, let text = GoFormat.jsonFloat(double), let number = JSONNumber(text) else { return nil }
      return .number(number)
    case .string(let string): return .string(string)
    case .array(let elements):
      var result: [JSONValue] = []
      result.reserveCapacity(elements.count)
      for element in elements {
        guard let json = element.json(environment: environment) else { return nil }
        result.append(json)
      }
      return .array(result)
    case .map(let map):
      var object = JSONObject()
      for key in map.keys {
        guard let value = map[key], let json = value.json(environment: environment) else { return nil }
        object.append(key, json)
      }
      return .object(object)
    case .namespace(let prefix):
      return ExprValue.map(environment.members(of: prefix)).json(environment: environment)
    case .function(let name):
      return .string("func " + name)
    }
  }

  /// The value as Go's `fmt` prints it with `%v`, which is how Argo inserts an expression's
  /// result into text: `[a b]` for a list, `map[k:v]` for a map (keys sorted), `<nil>` for nil.
  func goText(environment: ExprEnvironment) -> String {
    switch self {
    case .null: return "<nil>"
    case .bool(let bool): return bool ? "true" : "false"
    case .int(let int): return String(int)
    case .float(let double): return GoFormat.float(double)
    case .string(let string): return string
    case .array(let elements):
      return "[" + elements.map { $0.goText(environment: environment) }.joined(separator: " ") + "]"
    case .map(let map):
      let members = map.sortedKeys.map { key in
        key + ":" + (map[key] ?? .null).goText(environment: environment)
      }
      return "map[" + members.joined(separator: " ") + "]"
    case .namespace(let prefix):
      return ExprValue.map(environment.members(of: prefix)).goText(environment: environment)
    case .function(let name):
      return "func " + name
    }
  }

  /// Compact JSON as Go's `encoding/json` writes it (keys sorted, HTML characters escaped),
  /// or indented with two spaces as expr-lang's `toJSON` writes it.
  func goJSON(environment: ExprEnvironment, indented: Bool = false) -> String? {
    guard let json = json(environment: environment) else { return nil }
    return GoFormat.json(json, keys: .sorted, escapeHTML: true, indent: indented ? "  " : nil)
  }
}
