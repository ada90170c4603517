import ArgoModel
import Foundation

/// expr-lang's builtin functions, and those Argo adds (`asInt`, `asFloat`, `jsonpath`,
/// `toJson`).
enum ExprBuiltins {
  static let names: Set<String> = [
    "len", "int", "float", "string", "upper", "lower", "trim", "trimPrefix", "trimSuffix", "split",
    "join", "replace", "repeat", "indexOf", "lastIndexOf", "hasPrefix", "hasSuffix", "toJSON", "fromJSON",
    "toBase64", "fromBase64", "abs", "ceil", "floor", "round", "max", "min", "sum", "mean", "keys", "values",
    "first", "last", "reverse", "sort", "uniq", "concat", "flatten", "type", "filter", "map", "all", "any",
    "none", "one", "count", "find", "findIndex", "findLast", "findLastIndex", "asInt", "asFloat", "jsonpath",
    "toJson", "now", "duration", "date",
  ]

  static func call(
    _ name: String, _ argumentNodes: [ExprNode], evaluator: inout ExprEvaluator, at node: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    if ExprParser.predicateFunctions.contains(name), argumentNodes.count == 2 {
      return try predicateCall(name, argumentNodes, evaluator: &evaluator, at: node)
    }
    var arguments: [ExprValue] = []
    for argumentNode in argumentNodes {
      if case .predicate = argumentNode.kind {
        throw evaluator.error(.syntax, "\(name) takes a list and a predicate: \(name)(list, {…})", at: node)
      }
      arguments.append(try evaluator.evaluate(argumentNode))
    }
    let call = Call(name: name, arguments: arguments, evaluator: evaluator, node: node)
    return try call.run()
  }

  // MARK: Predicates

  private static func predicateCall(
    _ name: String, _ argumentNodes: [ExprNode], evaluator: inout ExprEvaluator, at node: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    let collection = try evaluator.evaluate(argumentNodes[0])
    let elements: [ExprValue]
    switch collection {
    case .array(let array): elements = array
    case .null: elements = []
    case .map(let map): elements = map.values
    default:
      throw evaluator.error(
        .type, "\(name) needs an array as its first argument, not \(evaluator.describe(collection))", at: node,
        hint: collection.typeName == "string" ? "parse JSON text first: \(name)(fromJSON(text), …)" : nil)
    }
    let predicate = argumentNodes[1]
    func test(_ element: ExprValue, _ index: Int, _ evaluator: inout ExprEvaluator) throws(ExpressionError) -> Bool {
      let result = try evaluator.apply(predicate, to: element, index: index)
      guard case .bool(let flag) = result else {
        throw evaluator.error(
          .type, "the predicate of \(name) must give a bool, not \(evaluator.describe(result))", at: predicate)
      }
      return flag
    }
    switch name {
    case "filter":
      var kept: [ExprValue] = []
      for (index, element) in elements.enumerated() where try test(element, index, &evaluator) { kept.append(element) }
      return .array(kept)
    case "map":
      var mapped: [ExprValue] = []
      mapped.reserveCapacity(elements.count)
      for (index, element) in elements.enumerated() {
        mapped.append(try evaluator.apply(predicate, to: element, index: index))
      }
      return .array(mapped)
    case "all":
      for (index, element) in elements.enumerated() where try !test(element, index, &evaluator) { return .bool(false) }
      return .bool(true)
    case "any":
      for (index, element) in elements.enumerated() where try test(element, index, &evaluator) { return .bool(true) }
      return .bool(false)
    case "none":
      for (index, element) in elements.enumerated() where try test(element, index, &evaluator) { return .bool(false) }
      return .bool(true)
    case "one", "count":
      var matched = 0
      for (index, element) in elements.enumerated() where try test(element, index, &evaluator) { matched += 1 }
      return name == "one" ? .bool(matched == 1) : .int(Int64(matched))
    case "find", "findIndex":
      for (index, element) in elements.enumerated() where try test(element, index, &evaluator) {
        return name == "find" ? element : .int(Int64(index))
      }
      return name == "find" ? .null : .int(-1)
    case "findLast", "findLastIndex":
      for (index, element) in elements.enumerated().reversed() where try test(element, index, &evaluator) {
        return name == "findLast" ? element : .int(Int64(index))
      }
      return name == "findLast" ? .null : .int(-1)
    case "sum":
      var total: ExprValue = .int(0)
      for (index, element) in elements.enumerated() {
        let value = try evaluator.apply(predicate, to: element, index: index)
        total = try ExprOperators.apply("+", total, value, evaluator: evaluator, at: node)
      }
      return total
    default:
      throw evaluator.error(.unsupported, "\(name) with a predicate is not supported by this engine", at: node)
    }
  }

  // MARK: Plain functions

  private struct Call {
    let name: String
    let arguments: [ExprValue]
    let evaluator: ExprEvaluator
    let node: ExprNode

    func fail(_ message: String, code: ExpressionError.Code = .evaluation, hint: String? = nil) -> ExpressionError {
      evaluator.error(code, "\(name): \(message)", at: node, hint: hint)
    }

    func count(_ range: ClosedRange<Int>) throws(ExpressionError) {
      guard range.contains(arguments.count) else {
        let expected =
          range.lowerBound == range.upperBound
          ? "\(range.lowerBound) argument\(range.lowerBound == 1 ? "" : "s")"
          : "\(range.lowerBound) to \(range.upperBound) arguments"
        throw fail("expects \(expected), got \(arguments.count)", code: .syntax)
      }
    }

    func string(_ index: Int) throws(ExpressionError) -> String {
      guard case .string(let string) = arguments[index] else {
        throw fail(
          "argument \(index + 1) must be a string, not \(evaluator.describe(arguments[index]))", code: .type,
          hint: arguments[index].isNumber ? "convert it with string(…)" : nil)
      }
      return string
    }

    func int(_ index: Int) throws(ExpressionError) -> Int64 {
      switch arguments[index] {
      case .int(let int): return int
      case .float(let double):
        if let int = Int64(exactly: double.rounded(.towardZero)) { return int }
      default: break
      }
      throw fail("argument \(index + 1) must be an int, not \(evaluator.describe(arguments[index]))", code: .type)
    }

    func array(_ index: Int) throws(ExpressionError) -> [ExprValue] {
      switch arguments[index] {
      case .array(let array): return array
      case .null: return []
      default:
        throw fail("argument \(index + 1) must be an array, not \(evaluator.describe(arguments[index]))", code: .type)
      }
    }

    func map(_ index: Int) throws(ExpressionError) -> ExprMap {
      switch arguments[index] {
      case .map(let map): return map
      case .namespace(let prefix): return evaluator.environment.members(of: prefix)
      default:
        throw fail("argument \(index + 1) must be a map, not \(evaluator.describe(arguments[index]))", code: .type)
      }
    }

    func numbers() throws(ExpressionError) -> [ExprValue] {
      var values = arguments
      if arguments.count == 1, case .array(let array) = arguments[0] { values = array }
      for value in values where !value.isNumber {
        throw fail("expects numbers, not \(evaluator.describe(value))", code: .type)
      }
      return values
    }

    func run() throws(ExpressionError) -> ExprValue {
      let environment = evaluator.environment
      switch name {
      case "len":
        try count(1...1)
        switch arguments[0] {
        case .string(let string): return .int(Int64(string.unicodeScalars.count))
        case .array(let array): return .int(Int64(array.count))
        case .map(let map): return .int(Int64(map.count))
        case .namespace(let prefix): return .int(Int64(environment.members(of: prefix).count))
        default: throw fail("cannot take the length of \(evaluator.describe(arguments[0]))", code: .type)
        }
      case "int", "asInt":
        try count(1...1)
        return try ExprBuiltins.toInt(arguments[0], call: self)
      case "float", "asFloat":
        try count(1...1)
        return try ExprBuiltins.toFloat(arguments[0], call: self)
      case "string":
        try count(1...1)
        return .string(arguments[0].goText(environment: environment))
      case "type":
        try count(1...1)
        return .string(arguments[0].typeName)
      case "upper":
        try count(1...1)
        return .string(try string(0).uppercased())
      case "lower":
        try count(1...1)
        return .string(try string(0).lowercased())
      case "trim":
        try count(1...2)
        let text = try string(0)
        if arguments.count == 2 {
          let cut = Set(try string(1).unicodeScalars)
          return .string(ExprBuiltins.trim(text) { cut.contains($0) })
        }
        return .string(ExprBuiltins.trim(text) { $0.properties.isWhitespace })
      case "trimPrefix", "trimSuffix":
        try count(1...2)
        let text = try string(0)
        let part = arguments.count == 2 ? try string(1) : " "
        if name == "trimPrefix" { return .string(text.hasPrefix(part) ? String(text.dropFirst(part.count)) : text) }
        return .string(text.hasSuffix(part) ? String(text.dropLast(part.count)) : text)
      case "hasPrefix", "hasSuffix":
        try count(2...2)
        let text = try string(0)
        let part = try string(1)
        return .bool(name == "hasPrefix" ? text.hasPrefix(part) : text.hasSuffix(part))
      case "split":
        try count(2...3)
        let text = try string(0)
        let separator = try string(1)
        let limit = arguments.count == 3 ? try int(2) : -1
        return .array(ExprBuiltins.goSplit(text, separator, limit: limit).map { .string($0) })
      case "join":
        try count(1...2)
        let separator = arguments.count == 2 ? try string(1) : ""
        var parts: [String] = []
        for element in try array(0) {
          guard case .string(let part) = element else {
            throw fail("joins strings, and the array holds \(evaluator.describe(element))", code: .type)
          }
          parts.append(part)
        }
        return .string(parts.joined(separator: separator))
      case "replace":
        try count(3...3)
        let text = try string(0)
        let old = try string(1)
        let new = try string(2)
        if old.isEmpty { return .string(text) }
        return .string(text.replacingOccurrences(of: old, with: new))
      case "repeat":
        try count(2...2)
        let text = try string(0)
        let times = try int(1)
        guard times >= 0 else { throw fail("negative repeat count \(times)") }
        guard Int64(text.utf8.count) * times <= 10_000_000 else { throw fail("the result would be too long") }
        return .string(String(repeating: text, count: Int(times)))
      case "indexOf", "lastIndexOf":
        try count(2...2)
        let text = try string(0)
        let part = try string(1)
        let found = name == "indexOf" ? text.range(of: part) : text.range(of: part, options: .backwards)
        guard let found else { return .int(-1) }
        return .int(Int64(text.unicodeScalars.distance(from: text.startIndex, to: found.lowerBound)))
      case "toJSON", "toJson":
        try count(1...1)
        guard let json = arguments[0].goJSON(environment: environment, indented: name == "toJSON") else {
          throw fail("the value holds a number JSON cannot represent (NaN or infinity)")
        }
        return .string(json)
      case "fromJSON":
        try count(1...1)
        return try ExprBuiltins.parseJSON(try string(0), call: self)
      case "toBase64":
        try count(1...1)
        return .string(Data(try string(0).utf8).base64EncodedString())
      case "fromBase64":
        try count(1...1)
        guard let data = Data(base64Encoded: try string(0)) else { throw fail("not valid base64") }
        return .string(String(decoding: data, as: UTF8.self))
      case "abs":
        try count(1...1)
        switch arguments[0] {
        case .int(let int): return .int(int < 0 ? 0 &- int : int)
        case .float(let double): return .float(Swift.abs(double))
        default: throw fail("expects a number, not \(evaluator.describe(arguments[0]))", code: .type)
        }
      case "ceil", "floor", "round":
        try count(1...1)
        switch arguments[0] {
        case .int: return arguments[0]
        case .float(let double):
          let rule: FloatingPointRoundingRule =
            name == "ceil" ? .up : name == "floor" ? .down : .toNearestOrAwayFromZero
          return .float(double.rounded(rule))
        default: throw fail("expects a number, not \(evaluator.describe(arguments[0]))", code: .type)
        }
      case "max", "min":
        guard !arguments.isEmpty else { throw fail("expects at least one argument", code: .syntax) }
        let values = try numbers()
        guard var best = values.first else { throw fail("the array is empty") }
        for value in values.dropFirst() {
          let order = ExprOperators.compare(value, best) ?? 0
          if (name == "max" && order > 0) || (name == "min" && order < 0) { best = value }
        }
        return best
      case "sum", "mean":
        try count(1...1)
        let values = try numbers()
        var total: ExprValue = .int(0)
        for value in values {
          total = try ExprOperators.apply("+", total, value, evaluator: evaluator, at: node)
        }
        if name == "sum" { return total }
        guard !values.isEmpty, let sum = total.doubleValue else { return .float(0) }
        return .float(sum / Double(values.count))
      case "keys":
        try count(1...1)
        return .array(try map(0).keys.map { .string($0) })
      case "values":
        try count(1...1)
        return .array(try map(0).values)
      case "first", "last":
        try count(1...1)
        let elements = try array(0)
        return (name == "first" ? elements.first : elements.last) ?? .null
      case "reverse":
        try count(1...1)
        return .array(try array(0).reversed())
      case "sort":
        try count(1...2)
        let elements = try array(0)
        let descending = arguments.count == 2 ? try string(1) == "desc" : false
        for element in elements where ExprOperators.compare(element, elements[0]) == nil {
          throw fail("sorts numbers or strings, not \(evaluator.describe(element))", code: .type)
        }
        let sorted = elements.sorted { (ExprOperators.compare($0, $1) ?? 0) < 0 }
        return .array(descending ? sorted.reversed() : sorted)
      case "uniq":
        try count(1...1)
        var kept: [ExprValue] = []
        for element in try array(0) where !kept.contains(where: { ExprOperators.equal($0, element, environment: environment) }) {
          kept.append(element)
        }
        return .array(kept)
      case "concat":
        var result: [ExprValue] = []
        for index in arguments.indices { result += try array(index) }
        return .array(result)
      case "flatten":
        try count(1...1)
        func flatten(_ values: [ExprValue], depth: Int) -> [ExprValue] {
          values.flatMap { value -> [ExprValue] in
            if case .array(let inner) = value, depth < ExprParser.maxDepth { return flatten(inner, depth: depth + 1) }
            return [value]
          }
        }
        return .array(flatten(try array(0), depth: 0))
      case "jsonpath":
        try count(2...2)
        let document = try ExprBuiltins.parseJSON(try string(0), call: self)
        return try JSONPath.query(try string(1), in: document, call: { (message) in fail(message) })
      case "now", "duration", "date":
        throw fail(
          "time functions are not supported by this engine", code: .unsupported,
          hint: "compute times in a step and pass them as parameters")
      default:
        throw fail("unknown function", code: .unresolvedVariable)
      }
    }
  }

  // MARK: Conversions

  private static func toInt(_ value: ExprValue, call: Call) throws(ExpressionError) -> ExprValue {
    switch value {
    case .int: return value
    case .float(let double):
      guard let int = Int64(exactly: double.rounded(.towardZero)) else {
        throw call.fail("\(GoFormat.float(double)) does not fit an int")
      }
      return .int(int)
    case .string(let string):
      guard let int = Int64(string) else {
        throw call.fail(
          "\"\(string)\" is not an integer", hint: Double(string) != nil ? "use asFloat for a decimal number" : nil)
      }
      return .int(int)
    default:
      throw call.fail("cannot convert \(call.evaluator.describe(value)) to an int", code: .type)
    }
  }

  private static func toFloat(_ value: ExprValue, call: Call) throws(ExpressionError) -> ExprValue {
    switch value {
    case .float: return value
    case .int(let int): return .float(Double(int))
    case .string(let string):
      guard let double = goParseFloat(string) else { throw call.fail("\"\(string)\" is not a number") }
      return .float(double)
    default:
      throw call.fail("cannot convert \(call.evaluator.describe(value)) to a float", code: .type)
    }
  }

  /// `strconv.ParseFloat`: decimal or exponent notation, `inf`, `nan`; no surrounding spaces.
  static func goParseFloat(_ text: String) -> Double? {
    guard !text.isEmpty, text.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace }) else { return nil }
    switch text.lowercased() {
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "nan": return .nan
    default: break
    }
    guard text.unicodeScalars.allSatisfy({ "0123456789.eE+-_".unicodeScalars.contains($0) }) else { return nil }
    return Double(text)
  }

  /// Parses JSON text as Go's `json.Unmarshal` into `any` does: every number a float64.
  private static func parseJSON(_ text: String, call: Call) throws(ExpressionError) -> ExprValue {
    let value: JSONValue
    do {
      value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    } catch {
      let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
      throw call.fail("not valid JSON: \(shown)")
    }
    return goJSONValue(value)
  }

  static func goJSONValue(_ json: JSONValue) -> ExprValue {
    switch json {
    case .number(let number): return .float(number.doubleValue)
    case .array(let elements): return .array(elements.map(goJSONValue))
    case .object(let object): return .map(ExprMap(object.map { ($0.key, goJSONValue($0.value)) }))
    default: return ExprValue(json)
    }
  }

  // MARK: Strings

  static func trim(_ text: String, where shouldCut: (Unicode.Scalar) -> Bool) -> String {
    let scalars = Array(text.unicodeScalars)
    var start = 0
    var end = scalars.count
    while start < end, shouldCut(scalars[start]) { start += 1 }
    while end > start, shouldCut(scalars[end - 1]) { end -= 1 }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
  }

  /// `strings.SplitN`: an empty separator splits into characters; `limit` < 0 means all.
  static func goSplit(_ text: String, _ separator: String, limit: Int64) -> [String] {
    if limit == 0 { return [] }
    if separator.isEmpty {
      var pieces = text.map { String($0) }
      if limit > 0, pieces.count > Int(limit) {
        let rest = pieces[Int(limit - 1)...].joined()
        pieces = Array(pieces[..<Int(limit - 1)]) + [rest]
      }
      return pieces
    }
    var pieces: [String] = []
    var remainder = Substring(text)
    while let found = remainder.range(of: separator) {
      if limit > 0, pieces.count == Int(limit) - 1 { break }
      pieces.append(String(remainder[..<found.lowerBound]))
      remainder = remainder[found.upperBound...]
    }
    pieces.append(String(remainder))
    return pieces
  }
}
