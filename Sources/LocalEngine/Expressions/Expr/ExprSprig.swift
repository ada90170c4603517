import ArgoModel
import Foundation

/// The sprig helpers Argo exposes to expressions as `sprig.<name>`, with sprig's argument
/// order (the subject last: `sprig.replace(old, new, text)`) and its lenient conversions
/// (`sprig.int('x')` is 0).
enum ExprSprig {
  static let names: Set<String> = [
    "trim", "trimAll", "trimPrefix", "trimSuffix", "upper", "lower", "title", "untitle", "replace", "contains",
    "hasPrefix", "hasSuffix", "split", "splitList", "join", "repeat", "trunc", "default", "empty", "toString",
    "toJson", "toPrettyJson", "quote", "squote", "add", "add1", "sub", "mul", "div", "mod", "max", "min", "atoi",
    "int", "int64", "float64", "list", "first", "last", "nospace", "b64enc", "b64dec", "regexMatch", "regexFind",
    "regexFindAll", "regexReplaceAll", "regexReplaceAllLiteral", "regexSplit", "ternary", "coalesce", "cat",
    "indent", "nindent", "abbrev", "substr", "len", "fromJson", "dict", "has", "uniq", "compact", "sortAlpha",
    "date", "now", "sha256sum", "sha1sum", "uuidv4", "randAlphaNum",
  ]

  static func call(
    _ name: String, _ arguments: [ExprValue], evaluator: ExprEvaluator, at node: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    let environment = evaluator.environment
    func fail(_ message: String, code: ExpressionError.Code = .evaluation, hint: String? = nil) -> ExpressionError {
      evaluator.error(code, "sprig.\(name): \(message)", at: node, hint: hint)
    }
    func count(_ expected: Int) throws(ExpressionError) {
      guard arguments.count == expected else {
        throw fail("expects \(expected) argument\(expected == 1 ? "" : "s"), got \(arguments.count)", code: .syntax)
      }
    }
    func atLeast(_ expected: Int) throws(ExpressionError) {
      guard arguments.count >= expected else {
        throw fail("expects at least \(expected) arguments, got \(arguments.count)", code: .syntax)
      }
    }
    func string(_ index: Int) throws(ExpressionError) -> String {
      guard case .string(let string) = arguments[index] else {
        throw fail(
          "argument \(index + 1) must be a string, not \(evaluator.describe(arguments[index]))", code: .type,
          hint: "convert it with sprig.toString(…)")
      }
      return string
    }
    /// sprig's `strval`: strings as they are, anything else as `%v` prints it.
    func text(_ value: ExprValue) -> String { value.goText(environment: environment) }
    /// `cast.ToInt64` as sprig uses it: failures give 0.
    func integer(_ value: ExprValue) -> Int64 {
      switch value {
      case .int(let int): return int
      case .float(let double): return Int64(exactly: double.rounded(.towardZero)) ?? 0
      case .bool(let bool): return bool ? 1 : 0
      case .string(let string):
        var trimmed = string
        if let dot = trimmed.firstIndex(of: "."), trimmed[trimmed.index(after: dot)...].allSatisfy({ $0 == "0" }) {
          trimmed = String(trimmed[..<dot])
        }
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") { return Int64(trimmed.dropFirst(2), radix: 16) ?? 0 }
        return Int64(trimmed) ?? 0
      default: return 0
      }
    }
    func float(_ value: ExprValue) -> Double {
      switch value {
      case .int(let int): return Double(int)
      case .float(let double): return double
      case .bool(let bool): return bool ? 1 : 0
      case .string(let string): return ExprBuiltins.goParseFloat(string) ?? 0
      default: return 0
      }
    }
    func list(_ value: ExprValue) throws(ExpressionError) -> [ExprValue] {
      switch value {
      case .array(let array): return array
      case .null: return []
      default: throw fail("expects a list, not \(evaluator.describe(value))", code: .type)
      }
    }
    func isEmpty(_ value: ExprValue) -> Bool {
      switch value {
      case .null: return true
      case .bool(let bool): return !bool
      case .int(let int): return int == 0
      case .float(let double): return double == 0
      case .string(let string): return string.isEmpty
      case .array(let array): return array.isEmpty
      case .map(let map): return map.count == 0
      case .namespace(let prefix): return environment.members(of: prefix).count == 0
      case .function: return false
      }
    }
    func regex(_ pattern: String) throws(ExpressionError) -> GoRegex {
      switch GoRegex.compile(pattern) {
      case .success(let regex): return regex
      case .failure(let failure): throw fail(failure.message)
      }
    }

    switch name {
    case "trim":
      try count(1)
      return .string(ExprBuiltins.trim(try string(0)) { $0.properties.isWhitespace })
    case "trimAll":
      try count(2)
      let cut = Set(try string(0).unicodeScalars)
      return .string(ExprBuiltins.trim(try string(1)) { cut.contains($0) })
    case "trimPrefix", "trimSuffix":
      try count(2)
      let part = try string(0)
      let subject = try string(1)
      if name == "trimPrefix" { return .string(subject.hasPrefix(part) ? String(subject.dropFirst(part.count)) : subject) }
      return .string(subject.hasSuffix(part) ? String(subject.dropLast(part.count)) : subject)
    case "upper":
      try count(1)
      return .string(try string(0).uppercased())
    case "lower":
      try count(1)
      return .string(try string(0).lowercased())
    case "title", "untitle":
      try count(1)
      var result = ""
      var atWordStart = true
      for character in try string(0) {
        if atWordStart, character.isLetter {
          result += name == "title" ? character.uppercased() : character.lowercased()
        } else {
          result.append(character)
        }
        atWordStart = character.isWhitespace
      }
      return .string(result)
    case "replace":
      try count(3)
      let old = try string(0)
      let new = try string(1)
      let subject = try string(2)
      return .string(old.isEmpty ? subject : subject.replacingOccurrences(of: old, with: new))
    case "contains":
      try count(2)
      let part = try string(0)
      let subject = try string(1)
      return .bool(part.isEmpty || subject.contains(part))
    case "hasPrefix", "hasSuffix":
      try count(2)
      let part = try string(0)
      let subject = try string(1)
      return .bool(name == "hasPrefix" ? subject.hasPrefix(part) : subject.hasSuffix(part))
    case "split":
      // sprig's `split` gives a map `_0`, `_1`…; `splitList` a list.
      try count(2)
      let pieces = ExprBuiltins.goSplit(try string(1), try string(0), limit: -1)
      return .map(ExprMap(pieces.enumerated().map { ("_\($0.offset)", .string($0.element)) }))
    case "splitList":
      try count(2)
      return .array(ExprBuiltins.goSplit(try string(1), try string(0), limit: -1).map { .string($0) })
    case "join":
      try count(2)
      let separator = try string(0)
      return .string(try list(arguments[1]).map(text).joined(separator: separator))
    case "repeat":
      try count(2)
      let times = integer(arguments[0])
      let subject = try string(1)
      guard times <= 0 || Int64(subject.utf8.count) * times <= 10_000_000 else { throw fail("the result would be too long") }
      return .string(times > 0 ? String(repeating: subject, count: Int(times)) : "")
    case "trunc":
      try count(2)
      let length = integer(arguments[0])
      let subject = try string(1)
      if length < 0, Int64(subject.count) + length > 0 { return .string(String(subject.suffix(Int(-length)))) }
      if length >= 0, Int64(subject.count) > length { return .string(String(subject.prefix(Int(length)))) }
      return .string(subject)
    case "abbrev":
      try count(2)
      let width = integer(arguments[0])
      let subject = try string(1)
      guard width >= 4, Int64(subject.count) > width else { return .string(subject) }
      return .string(String(subject.prefix(Int(width) - 3)) + "...")
    case "substr":
      try count(3)
      let characters = Array(try string(2))
      let start = max(0, min(Int(clamping: integer(arguments[0])), characters.count))
      var end = Int(clamping: integer(arguments[1]))
      if end < 0 || end > characters.count { end = characters.count }
      return .string(start < end ? String(characters[start..<end]) : "")
    case "nospace":
      try count(1)
      return .string(String(try string(0).unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)))
    case "default":
      try atLeast(1)
      guard arguments.count >= 2 else { return arguments[0] }
      return isEmpty(arguments[1]) ? arguments[0] : arguments[1]
    case "empty":
      try count(1)
      return .bool(isEmpty(arguments[0]))
    case "coalesce":
      return arguments.first { !isEmpty($0) } ?? .null
    case "ternary":
      try count(3)
      guard case .bool(let flag) = arguments[2] else { throw fail("the condition must be a bool", code: .type) }
      return flag ? arguments[0] : arguments[1]
    case "toString":
      try count(1)
      return .string(text(arguments[0]))
    case "toJson", "toPrettyJson":
      try count(1)
      guard let json = arguments[0].goJSON(environment: environment, indented: name == "toPrettyJson") else {
        throw fail("the value holds a number JSON cannot represent")
      }
      return .string(json)
    case "fromJson":
      try count(1)
      guard let data = try? JSONDecoder().decode(JSONValueBox.self, from: Data(try string(0).utf8)) else {
        return .map(ExprMap())
      }
      return ExprBuiltins.goJSONValue(data.value)
    case "quote", "squote":
      let quoted = arguments.filter { $0 != .null }.map { value in
        name == "quote" ? GoFormat.quote(text(value)) : "'" + text(value) + "'"
      }
      return .string(quoted.joined(separator: " "))
    case "cat":
      return .string(arguments.filter { $0 != .null }.map(text).joined(separator: " "))
    case "indent", "nindent":
      try count(2)
      let pad = String(repeating: " ", count: Int(max(0, min(integer(arguments[0]), 1000))))
      let indented = pad + (try string(1)).replacingOccurrences(of: "\n", with: "\n" + pad)
      return .string(name == "nindent" ? "\n" + indented : indented)
    case "add", "mul":
      var total: Int64 = name == "add" ? 0 : 1
      for argument in arguments {
        total = name == "add" ? total &+ integer(argument) : total &* integer(argument)
      }
      return .int(total)
    case "add1":
      try count(1)
      return .int(integer(arguments[0]) &+ 1)
    case "sub":
      try count(2)
      return .int(integer(arguments[0]) &- integer(arguments[1]))
    case "div", "mod":
      try count(2)
      let divisor = integer(arguments[1])
      guard divisor != 0 else { throw fail("integer divide by zero") }
      let dividend = integer(arguments[0])
      return .int(
        name == "div"
          ? dividend.dividedReportingOverflow(by: divisor).partialValue
          : dividend.remainderReportingOverflow(dividingBy: divisor).partialValue)
    case "max", "min":
      try atLeast(1)
      let values = arguments.map(integer)
      return .int((name == "max" ? values.max() : values.min()) ?? 0)
    case "atoi":
      try count(1)
      return .int(Int64(try string(0)) ?? 0)
    case "int", "int64":
      try count(1)
      return .int(integer(arguments[0]))
    case "float64":
      try count(1)
      return .float(float(arguments[0]))
    case "len":
      try count(1)
      switch arguments[0] {
      case .string(let string): return .int(Int64(string.utf8.count))
      case .array(let array): return .int(Int64(array.count))
      case .map(let map): return .int(Int64(map.count))
      default: return .int(0)
      }
    case "list":
      return .array(arguments)
    case "dict":
      var map = ExprMap()
      var index = 0
      while index + 1 < arguments.count {
        map[text(arguments[index])] = arguments[index + 1]
        index += 2
      }
      return .map(map)
    case "has":
      try count(2)
      return .bool(try list(arguments[1]).contains { ExprOperators.equal($0, arguments[0], environment: environment) })
    case "first", "last":
      try count(1)
      let elements = try list(arguments[0])
      return (name == "first" ? elements.first : elements.last) ?? .null
    case "uniq":
      try count(1)
      var kept: [ExprValue] = []
      for element in try list(arguments[0]) where !kept.contains(where: { ExprOperators.equal($0, element, environment: environment) }) {
        kept.append(element)
      }
      return .array(kept)
    case "compact":
      try count(1)
      return .array(try list(arguments[0]).filter { !isEmpty($0) })
    case "sortAlpha":
      try count(1)
      return .array(try list(arguments[0]).map(text).sorted().map { .string($0) })
    case "b64enc":
      try count(1)
      return .string(Data(try string(0).utf8).base64EncodedString())
    case "b64dec":
      try count(1)
      guard let data = Data(base64Encoded: try string(0)) else { return .string("illegal base64 data") }
      return .string(String(decoding: data, as: UTF8.self))
    case "regexMatch":
      try count(2)
      return .bool(try regex(try string(0)).matches(try string(1)))
    case "regexFind":
      try count(2)
      return .string(try regex(try string(0)).firstMatch(in: try string(1)) ?? "")
    case "regexFindAll":
      try count(3)
      return .array(try regex(try string(0)).allMatches(in: try string(1), limit: Int(clamping: integer(arguments[2]))).map { .string($0) })
    case "regexReplaceAll", "regexReplaceAllLiteral":
      try count(3)
      let compiled = try regex(try string(0))
      return .string(compiled.replaceAll(in: try string(1), with: try string(2), literal: name.hasSuffix("Literal")))
    case "regexSplit":
      try count(3)
      return .array(try regex(try string(0)).split(try string(1), limit: Int(clamping: integer(arguments[2]))).map { .string($0) })
    default:
      throw fail(
        "not supported by this engine (dates, hashes and random values are not provided)", code: .unsupported,
        hint: "compute the value in a step and pass it as a parameter")
    }
  }
}

/// A decoding wrapper, so that sprig's lenient `fromJson` can ignore failures.
private struct JSONValueBox: Decodable {
  let value: JSONValue
  init(from decoder: any Decoder) throws {
    value = try JSONValue(from: decoder)
  }
}
