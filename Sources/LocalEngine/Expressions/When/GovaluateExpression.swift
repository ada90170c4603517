import Foundation

/// A govaluate expression: the tokens checked as govaluate checks them, planned into a tree with
/// govaluate's precedence, and evaluated with its type rules.
struct GovaluateExpression {
  /// govaluate's values: numbers are always `Double`.
  enum Value: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case pattern(String)
    case array([Value])

    /// The value as Go's `%v` prints it.
    var description: String {
      switch self {
      case .null: return "<nil>"
      case .bool(let bool): return bool ? "true" : "false"
      case .number(let number): return GoFormat.float(number)
      case .string(let string), .pattern(let string): return string
      case .array(let values): return "[" + values.map(\.description).joined(separator: " ") + "]"
      }
    }
  }

  enum Symbol: String {
    case equal = "=", notEqual = "!=", greater = ">", less = "<", greaterOrEqual = ">=", lessOrEqual = "<="
    case matches = "=~", notMatches = "!~", and = "&&", or = "||", `in` = "in"
    case bitwiseAnd = "&", bitwiseOr = "|", bitwiseXor = "^", shiftLeft = "<<", shiftRight = ">>"
    case plus = "+", minus = "-", multiply = "*", divide = "/", modulus = "%", exponent = "**"
    case negate = "negate", invert = "!", bitwiseNot = "~"
    case ternaryTrue = "?", ternaryFalse = ":", coalesce = "??", separate = ","

    /// How Go's `OperatorSymbol.String()` names it in messages.
    var display: String {
      switch self {
      case .negate: return "-"
      default: return rawValue
      }
    }
  }

  indirect enum Node {
    case literal(Value)
    case accessor([String])
    case noop(Node?)
    case operation(Symbol, left: Node?, right: Node?)
  }

  struct Failure: Error {
    var message: String
  }

  let root: Node?

  // MARK: Checks

  static func checkBalance(_ tokens: [GovaluateToken]) throws(Failure) {
    var depth = 0
    for token in tokens {
      if token.kind == .clause { depth += 1 }
      if token.kind == .clauseClose { depth -= 1 }
    }
    if depth != 0 { throw Failure(message: "Unbalanced parenthesis") }
  }

  static func checkSyntax(_ tokens: [GovaluateToken]) throws(Failure) {
    var state = GovaluateLexerState.initial
    var last: GovaluateToken?
    for token in tokens {
      if !state.canTransition(to: token.kind) {
        if let last, last.kind == .variable, token.kind == .clause {
          throw Failure(message: "Undefined function \(last.valueDescription)")
        }
        let from = "\(state.kind.rawValue) [\(last?.valueDescription ?? "<nil>")]"
        let to = "\(token.kind.rawValue) [\(token.valueDescription)]"
        throw Failure(message: "Cannot transition token types from \(from) to \(to)")
      }
      state = GovaluateLexerState.state(for: token.kind)
      last = token
    }
    if !state.isEOF { throw Failure(message: "Unexpected end of expression") }
  }

  /// Compiles the string after `=~` and `!~` into a pattern, as govaluate does at parse time.
  static func compilePatterns(_ tokens: inout [GovaluateToken]) throws(Failure) {
    for index in tokens.indices where tokens[index].kind == .comparator {
      guard case .text(let symbol) = tokens[index].value, symbol == "=~" || symbol == "!~",
        index + 1 < tokens.count, tokens[index + 1].kind == .string, case .text(let source) = tokens[index + 1].value
      else { continue }
      switch GoRegex.compile(source) {
      case .success(let regex): tokens[index + 1] = GovaluateToken(kind: .pattern, value: .pattern(regex), offset: tokens[index + 1].offset)
      case .failure(let failure): throw Failure(message: "error parsing regexp: \(failure.message)")
      }
    }
  }

  /// Checks and plans `tokens`, as `NewEvaluableExpressionFromTokens` does.
  init(tokens: [GovaluateToken]) throws(Failure) {
    var tokens = tokens
    try GovaluateExpression.checkBalance(tokens)
    try GovaluateExpression.checkSyntax(tokens)
    try GovaluateExpression.compilePatterns(&tokens)
    var planner = Planner(tokens: tokens)
    root = try planner.planTokens()
  }

  // MARK: Planning

  private struct Planner {
    let tokens: [GovaluateToken]
    var index = 0

    init(tokens: [GovaluateToken]) {
      self.tokens = tokens
    }

    /// The operator levels, lowest first; each is left-associative, as govaluate's reordering
    /// of equal-precedence stages makes them.
    enum Level: Int, CaseIterable {
      case separator, ternary, or, and, comparator, bitwise, shift, additive, multiplicative, exponential

      func symbol(for token: GovaluateToken) -> Symbol? {
        guard case .text(let text) = token.value else { return nil }
        switch self {
        case .separator: return token.kind == .separator ? .separate : nil
        case .ternary:
          guard token.kind == .ternary else { return nil }
          return ["?": .ternaryTrue, ":": .ternaryFalse, "??": .coalesce][text]
        case .or: return token.kind == .logicalOperator && text == "||" ? .or : nil
        case .and: return token.kind == .logicalOperator && text == "&&" ? .and : nil
        case .comparator:
          guard token.kind == .comparator else { return nil }
          let table: [String: Symbol] = [
            "==": .equal, "!=": .notEqual, ">": .greater, ">=": .greaterOrEqual, "<": .less, "<=": .lessOrEqual,
            "=~": .matches, "!~": .notMatches, "in": .in,
          ]
          return table[text]
        case .bitwise:
          guard token.kind == .modifier else { return nil }
          return ["&": .bitwiseAnd, "|": .bitwiseOr, "^": .bitwiseXor][text]
        case .shift:
          guard token.kind == .modifier else { return nil }
          return ["<<": .shiftLeft, ">>": .shiftRight][text]
        case .additive:
          guard token.kind == .modifier else { return nil }
          return ["+": .plus, "-": .minus][text]
        case .multiplicative:
          guard token.kind == .modifier else { return nil }
          return ["*": .multiply, "/": .divide, "%": .modulus][text]
        case .exponential:
          return token.kind == .modifier && text == "**" ? .exponent : nil
        }
      }
    }

    mutating func planTokens() throws(Failure) -> Node? {
      guard index < tokens.count else { return nil }
      return try plan(.separator)
    }

    mutating func plan(_ level: Level) throws(Failure) -> Node? {
      var left = try planNext(above: level)
      while index < tokens.count, let symbol = level.symbol(for: tokens[index]) {
        index += 1
        let right = try planNext(above: level)
        left = .operation(symbol, left: left, right: right)
      }
      return left
    }

    private mutating func planNext(above level: Level) throws(Failure) -> Node? {
      if let next = Level(rawValue: level.rawValue + 1) { return try plan(next) }
      return try planAccessor()
    }

    private mutating func planAccessor() throws(Failure) -> Node? {
      guard index < tokens.count else { return nil }
      let token = tokens[index]
      guard token.kind == .accessor, case .path(let parts) = token.value else { return try planValue() }
      index += 1
      if index < tokens.count, tokens[index].kind == .clause {
        // A method call: the arguments are planned, and the accessor fails at evaluation.
        _ = try planTokens()
      }
      return .accessor(parts)
    }

    private mutating func planValue() throws(Failure) -> Node? {
      guard index < tokens.count else { return nil }
      let token = tokens[index]
      index += 1
      switch token.kind {
      case .clause:
        let inner = try planTokens()
        index += 1  // the closing parenthesis: balance was checked
        return .noop(inner)
      case .clauseClose:
        index -= 1
        return nil
      case .variable:
        if case .text(let name) = token.value { return .accessor([name]) }
      case .numeric:
        if case .number(let number) = token.value { return .literal(.number(number)) }
      case .time:
        if case .number(let number) = token.value { return .literal(.number(number.rounded(.down))) }
      case .string:
        if case .text(let text) = token.value { return .literal(.string(text)) }
      case .pattern:
        if case .pattern(let regex) = token.value { return .literal(.pattern(regex.source)) }
      case .boolean:
        if case .bool(let bool) = token.value { return .literal(.bool(bool)) }
      case .prefix:
        guard case .text(let text) = token.value else { break }
        let symbol: Symbol = text == "-" ? .negate : text == "!" ? .invert : .bitwiseNot
        let operand = try planAccessor()
        return .operation(symbol, left: nil, right: operand)
      default:
        break
      }
      throw Failure(message: "Unable to plan token kind: '\(token.kind.rawValue)', value: '\(token.valueDescription)'")
    }
  }

  // MARK: Evaluation

  func evaluate() throws(Failure) -> Value {
    guard let root else { return .null }
    return try evaluate(root)
  }

  private static let logicalFormat = "Value '%v' cannot be used with the logical operator '%s', it is not a bool"
  private static let modifierFormat = "Value '%v' cannot be used with the modifier '%s', it is not a number"
  private static let comparatorFormat = "Value '%v' cannot be used with the comparator '%s', it is not a number"
  private static let ternaryFormat = "Value '%v' cannot be used with the ternary operator '%s', it is not a bool"
  private static let prefixFormat = "Value '%v' cannot be used with the prefix '%s'"

  private static func typeError(_ format: String, _ value: Value, _ symbol: Symbol) -> Failure {
    Failure(
      message: format.replacingOccurrences(of: "%v", with: value.description)
        .replacingOccurrences(of: "%s", with: symbol.display))
  }

  private func evaluate(_ node: Node?) throws(Failure) -> Value {
    guard let node else { return .null }
    switch node {
    case .literal(let value):
      return value
    case .accessor(let parts):
      // Argo evaluates without parameters: every name left as a variable became a string, and
      // an accessor (a word with a dot) finds nothing.
      throw Failure(message: "No parameter '\(parts[0])' found.")
    case .noop(let inner):
      return try evaluate(inner)
    case .operation(let symbol, let leftNode, let rightNode):
      let left = try evaluate(leftNode)
      var skipRight = false
      switch symbol {
      case .and where left == .bool(false): return .bool(false)
      case .or where left == .bool(true): return .bool(true)
      case .coalesce where left != .null: return left
      case .ternaryFalse where left != .null: skipRight = true
      case .ternaryTrue where left == .bool(false): skipRight = true
      default: break
      }
      let right = skipRight ? Value.null : try evaluate(rightNode)
      return try apply(symbol, left, right, rightSkipped: skipRight)
    }
  }

  private func isNumber(_ value: Value) -> Bool {
    if case .number = value { return true }
    return false
  }

  private func isString(_ value: Value) -> Bool {
    if case .string = value { return true }
    return false
  }

  private func isBool(_ value: Value) -> Bool {
    if case .bool = value { return true }
    return false
  }

  private func apply(_ symbol: Symbol, _ left: Value, _ right: Value, rightSkipped: Bool) throws(Failure) -> Value {
    typealias F = GovaluateExpression
    switch symbol {
    case .equal: return .bool(left == right)
    case .notEqual: return .bool(left != right)
    case .greater, .less, .greaterOrEqual, .lessOrEqual:
      switch (left, right) {
      case (.number(let a), .number(let b)):
        switch symbol {
        case .greater: return .bool(a > b)
        case .less: return .bool(a < b)
        case .greaterOrEqual: return .bool(a >= b)
        default: return .bool(a <= b)
        }
      case (.string(let a), .string(let b)):
        let order = F.compareBytes(a, b)
        switch symbol {
        case .greater: return .bool(order > 0)
        case .less: return .bool(order < 0)
        case .greaterOrEqual: return .bool(order >= 0)
        default: return .bool(order <= 0)
        }
      default:
        throw F.typeError(F.comparatorFormat, left, symbol)
      }
    case .matches, .notMatches:
      guard case .string(let text) = left else { throw F.typeError(F.comparatorFormat, left, symbol) }
      let source: String
      switch right {
      case .string(let string), .pattern(let string): source = string
      default: throw F.typeError(F.comparatorFormat, right, symbol)
      }
      switch GoRegex.compile(source) {
      case .success(let regex):
        let found = regex.matches(text)
        return .bool(symbol == .matches ? found : !found)
      case .failure(let failure):
        throw Failure(message: "Unable to compile regexp pattern '\(source)': \(failure.message)")
      }
    case .and, .or:
      guard case .bool(let a) = left else { throw F.typeError(F.logicalFormat, left, symbol) }
      guard case .bool(let b) = right else { throw F.typeError(F.logicalFormat, right, symbol) }
      return .bool(symbol == .and ? a && b : a || b)
    case .in:
      guard case .array(let values) = right else { throw F.typeError(F.comparatorFormat, right, symbol) }
      return .bool(values.contains { F.identical($0, left) })
    case .plus:
      if case .number(let a) = left, case .number(let b) = right { return .number(a + b) }
      guard isString(left) || isString(right) else { throw F.typeError(F.modifierFormat, left, symbol) }
      return .string(left.description + right.description)
    case .minus, .multiply, .divide, .modulus, .exponent, .bitwiseAnd, .bitwiseOr, .bitwiseXor, .shiftLeft,
      .shiftRight:
      guard case .number(let a) = left else { throw F.typeError(F.modifierFormat, left, symbol) }
      guard case .number(let b) = right else { throw F.typeError(F.modifierFormat, right, symbol) }
      switch symbol {
      case .minus: return .number(a - b)
      case .multiply: return .number(a * b)
      case .divide: return .number(a / b)
      case .modulus: return .number(a.truncatingRemainder(dividingBy: b))
      case .exponent: return .number(F.power(a, b))
      case .bitwiseAnd: return .number(Double(F.int64(a) & F.int64(b)))
      case .bitwiseOr: return .number(Double(F.int64(a) | F.int64(b)))
      case .bitwiseXor: return .number(Double(F.int64(a) ^ F.int64(b)))
      case .shiftLeft: return .number(Double(F.uint64(a) << F.uint64(b)))
      default: return .number(Double(F.uint64(a) >> F.uint64(b)))
      }
    case .negate, .bitwiseNot:
      guard case .number(let b) = right else { throw F.typeError(F.prefixFormat, right, symbol) }
      return .number(symbol == .negate ? -b : Double(~F.int64(b)))
    case .invert:
      guard case .bool(let b) = right else { throw F.typeError(F.prefixFormat, right, symbol) }
      return .bool(!b)
    case .ternaryTrue:
      guard case .bool(let condition) = left else { throw F.typeError(F.ternaryFormat, left, symbol) }
      return condition && !rightSkipped ? right : .null
    case .ternaryFalse, .coalesce:
      return left != .null ? left : right
    case .separate:
      if case .array(var values) = left {
        values.append(right)
        return .array(values)
      }
      return .array([left, right])
    }
  }

  /// Go's `==` between two interface values: same type and same value.
  private static func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.null, .null): return true
    default: return false
    }
  }

  /// Byte-wise comparison, as Go compares strings.
  static func compareBytes(_ a: String, _ b: String) -> Int {
    if a == b { return 0 }
    return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
  }

  private static func int64(_ value: Double) -> Int64 {
    guard value.isFinite, abs(value) < 9.2e18 else { return value < 0 ? .min : .max }
    return Int64(value)
  }

  private static func uint64(_ value: Double) -> UInt64 {
    guard value.isFinite, value >= 0, value < 1.8e19 else { return 0 }
    return UInt64(value)
  }

  private static func power(_ base: Double, _ exponent: Double) -> Double {
    Foundation.pow(base, exponent)
  }
}
