import Foundation

/// A step's or a task's `when`, evaluated as Argo evaluates it: with govaluate, after its
/// `{{…}}` tags were substituted.
///
/// Argo turns govaluate's variables into strings before evaluating, so bare words are text:
/// `heads == heads` is true and `Failed != Succeeded` is true, without quotes. Quoted strings
/// (`'a b'` or `"a b"`), numbers (compared as float64: `10 > 9`), `true` and `false`, and the
/// operators `== != < <= > >= =~ !~ && || ! + - * / % ** in ( ) ? : ??` are govaluate's. A word
/// holding a dot (`v1.2`) is a parameter accessor for govaluate, and fails as it fails in Argo.
///
/// ```swift
/// try WhenCondition.evaluate("heads == heads")                      // true
/// try WhenCondition.evaluate("7 < 10 && Succeeded != Failed")       // true
/// try WhenCondition.evaluate("tails =~ '^t'")                        // true
/// try WhenCondition.evaluate("{{steps.flip.outputs.result}} == heads")
/// // throws: the variable {{steps.flip.outputs.result}} was not resolved
/// ```
public enum WhenCondition {
  /// Evaluates a substituted `when` condition.
  ///
  /// - Parameter text: The condition after substitution; an empty condition is true.
  /// - Returns: Whether the step or task runs.
  /// - Throws: `ExpressionError`: `.unresolvedVariable` for a `{{…}}` left in the text,
  ///   `.syntax` for a condition govaluate cannot parse (with the offset, and a hint to quote
  ///   text with spaces or symbols), `.type` for operands of the wrong kind or a result that is
  ///   not a Boolean.
  public static func evaluate(_ text: String) throws(ExpressionError) -> Bool {
    if text.isEmpty { return true }
    if let open = text.range(of: "{{") {
      let rest = text[open.lowerBound...]
      let tag = rest.range(of: "}}").map { String(rest[..<$0.upperBound]) } ?? String(rest)
      let name = TemplateString.trimmed(String(tag.dropFirst(2).dropLast(tag.hasSuffix("}}") ? 2 : 0)))
      throw ExpressionError(
        .unresolvedVariable, "the when condition still holds \(tag): the variable was not resolved",
        expression: text, offset: text.distance(from: text.startIndex, to: open.lowerBound),
        hint: "check the name (and that the step or task it refers to comes before this one, or is a dependency)",
        variable: name)
    }
    var lexer = WhenLexer(text)
    let tokens = try lexer.tokenize()
    var parser = WhenParser(source: text, tokens: tokens)
    let root = try parser.parse()
    let value = try WhenEvaluator(source: text).evaluate(root)
    guard case .bool(let flag) = value else {
      var hint = "compare the value, e.g. `… == Succeeded`"
      if case .string = value { hint = "a bare word is text for Argo; compare it: `\(text) == something`" }
      throw ExpressionError(
        .type, "the when condition must give true or false, and it gave \(value.described)", expression: text,
        offset: 0, hint: hint)
    }
    return flag
  }
}

// MARK: Values and tokens

enum WhenValue: Equatable {
  case number(Double)
  case string(String)
  case bool(Bool)
  case list([WhenValue])
  case null

  var described: String {
    switch self {
    case .number(let double): return "the number \(GoFormat.float(double))"
    case .string(let string): return "the text '\(string)'"
    case .bool(let bool): return "the bool \(bool)"
    case .list: return "a list"
    case .null: return "nothing"
    }
  }

  /// As Go's `%v` prints it (for `+` with a string).
  var text: String {
    switch self {
    case .number(let double): return GoFormat.float(double)
    case .string(let string): return string
    case .bool(let bool): return bool ? "true" : "false"
    case .list(let values): return "[" + values.map(\.text).joined(separator: " ") + "]"
    case .null: return "<nil>"
    }
  }
}

struct WhenToken {
  enum Kind: Equatable {
    case value(WhenValue)
    /// A dotted word: a govaluate accessor, which needs parameters Argo never gives.
    case accessor(String)
    case op(String)
    case prefix(String)
    case open
    case close
    case separator
  }

  var kind: Kind
  var offset: Int
  var text: String

  var isValue: Bool {
    switch kind {
    case .value, .accessor, .close: return true
    default: return false
    }
  }
}

// MARK: Lexing

/// govaluate's lexer: words are letters, digits, `_` and `.`; a symbol run ends at a letter,
/// a digit, a bracket, a quote or a space.
struct WhenLexer {
  private let scalars: [Unicode.Scalar]
  private let source: String
  private var position = 0

  static let modifiers: Set<String> = ["+", "-", "*", "/", "%", "**", "&", "|", "^", ">>", "<<"]
  static let logical: Set<String> = ["&&", "||"]
  static let comparators: Set<String> = ["==", "!=", ">", ">=", "<", "<=", "=~", "!~"]
  static let ternary: Set<String> = ["?", ":", "??"]
  static let prefixes: Set<String> = ["-", "!", "~"]

  init(_ source: String) {
    self.source = source
    scalars = Array(source.unicodeScalars)
  }

  private func syntax(_ message: String, at offset: Int, hint: String? = nil) -> ExpressionError {
    ExpressionError(.syntax, "invalid when condition: \(message)", expression: source, offset: offset, hint: hint)
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
  private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.numericType == .decimal }
  private static func isQuote(_ scalar: Unicode.Scalar) -> Bool { scalar == "'" || scalar == "\"" }

  mutating func tokenize() throws(ExpressionError) -> [WhenToken] {
    var tokens: [WhenToken] = []
    while true {
      while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
      guard position < scalars.count else { break }
      let start = position
      let scalar = scalars[position]
      let afterValue = tokens.last?.isValue ?? false
      var token: WhenToken
      if WhenLexer.isDigit(scalar) || scalar == "." {
        token = try number(start: start)
      } else if scalar == "," {
        position += 1
        token = WhenToken(kind: .separator, offset: start, text: ",")
      } else if scalar == "[" {
        // `[any text]` is an escaped variable name: text for Argo.
        position += 1
        var name = String.UnicodeScalarView()
        while position < scalars.count, scalars[position] != "]" {
          if scalars[position] == "\\", position + 1 < scalars.count { position += 1 }
          name.append(scalars[position])
          position += 1
        }
        guard position < scalars.count else { throw syntax("unclosed [", at: start) }
        position += 1
        token = WhenToken(kind: .value(.string(String(name))), offset: start, text: "[" + String(name) + "]")
      } else if WhenLexer.isLetter(scalar) {
        var word = String.UnicodeScalarView()
        while position < scalars.count {
          let next = scalars[position]
          guard WhenLexer.isLetter(next) || WhenLexer.isDigit(next) || next == "_" || next == "." else { break }
          word.append(next)
          position += 1
        }
        let text = String(word)
        switch text {
        case "true": token = WhenToken(kind: .value(.bool(true)), offset: start, text: text)
        case "false": token = WhenToken(kind: .value(.bool(false)), offset: start, text: text)
        case "in", "IN": token = WhenToken(kind: .op("in"), offset: start, text: text)
        default:
          if text.contains(".") {
            if text.hasSuffix(".") {
              throw syntax("hanging accessor on token '\(text)'", at: start, hint: "quote text that holds dots: '\(text)'")
            }
            token = WhenToken(kind: .accessor(text), offset: start, text: text)
          } else {
            token = WhenToken(kind: .value(.string(text)), offset: start, text: text)
          }
        }
      } else if WhenLexer.isQuote(scalar) {
        position += 1
        var text = String.UnicodeScalarView()
        var closed = false
        while position < scalars.count {
          let next = scalars[position]
          position += 1
          if next == "\\", position < scalars.count {
            text.append(scalars[position])
            position += 1
            continue
          }
          // govaluate ends a string at either quote, whichever opened it.
          if WhenLexer.isQuote(next) {
            closed = true
            break
          }
          text.append(next)
        }
        guard closed else {
          throw syntax("unclosed string literal", at: start, hint: "close the quote, or escape a quote inside with \\")
        }
        token = WhenToken(kind: .value(.string(String(text))), offset: start, text: String(text))
      } else if scalar == "(" {
        position += 1
        token = WhenToken(kind: .open, offset: start, text: "(")
      } else if scalar == ")" {
        position += 1
        token = WhenToken(kind: .close, offset: start, text: ")")
      } else {
        var symbol = String.UnicodeScalarView()
        while position < scalars.count {
          let next = scalars[position]
          if WhenLexer.isLetter(next) || WhenLexer.isDigit(next) || next == "(" || next == ")" || next == "["
            || next == "]" || WhenLexer.isQuote(next) || next.properties.isWhitespace
          {
            break
          }
          symbol.append(next)
          position += 1
        }
        let text = String(symbol)
        if !afterValue, WhenLexer.prefixes.contains(text) {
          token = WhenToken(kind: .prefix(text), offset: start, text: text)
        } else if WhenLexer.modifiers.contains(text) || WhenLexer.logical.contains(text)
          || WhenLexer.comparators.contains(text) || WhenLexer.ternary.contains(text)
        {
          token = WhenToken(kind: .op(text), offset: start, text: text)
        } else {
          var hint = "wrap text that holds symbols in quotes: '…'"
          if text == "=" { hint = "compare with ==" }
          throw syntax("invalid token '\(text)'", at: start, hint: hint)
        }
      }
      if let previous = tokens.last {
        try checkTransition(from: previous, to: token)
      }
      tokens.append(token)
    }
    return tokens
  }

  /// govaluate's lexer states: a value cannot follow a value, an operator cannot follow an
  /// operator.
  private func checkTransition(from previous: WhenToken, to token: WhenToken) throws(ExpressionError) {
    let tokenIsValueStart: Bool
    switch token.kind {
    case .value, .accessor, .open, .prefix: tokenIsValueStart = true
    default: tokenIsValueStart = false
    }
    if previous.isValue, tokenIsValueStart {
      throw syntax(
        "'\(token.text)' cannot follow '\(previous.text)'", at: token.offset,
        hint: "text with spaces must be quoted: '\(previous.text) \(token.text)'")
    }
    if !previous.isValue, !tokenIsValueStart {
      if case .close = token.kind, case .open = previous.kind {
        throw syntax("empty parentheses", at: token.offset)
      }
      throw syntax(
        "'\(token.text)' cannot follow '\(previous.text)'", at: token.offset,
        hint: "an operator needs a value on each side; quote text that holds symbols")
    }
  }

  private mutating func number(start: Int) throws(ExpressionError) -> WhenToken {
    if scalars[position] == "0", position + 1 < scalars.count, scalars[position + 1] == "x" {
      position += 2
      var digits = ""
      while position < scalars.count, scalars[position].properties.isASCIIHexDigit {
        digits.unicodeScalars.append(scalars[position])
        position += 1
      }
      guard let value = UInt64(digits, radix: 16) else { throw syntax("unable to parse hex value '\(digits)'", at: start) }
      return WhenToken(kind: .value(.number(Double(value))), offset: start, text: "0x" + digits)
    }
    var text = ""
    while position < scalars.count, WhenLexer.isDigit(scalars[position]) || scalars[position] == "." {
      text.unicodeScalars.append(scalars[position])
      position += 1
    }
    guard let value = Double(text) else {
      throw syntax(
        "unable to parse numeric value '\(text)' to float64", at: start, hint: "quote text that is not a number: '\(text)'")
    }
    return WhenToken(kind: .value(.number(value)), offset: start, text: text)
  }
}

// MARK: Parsing

indirect enum WhenNode {
  case value(WhenValue, offset: Int)
  case accessor(String, offset: Int)
  case prefix(String, WhenNode, offset: Int)
  case binary(String, WhenNode, WhenNode, offset: Int)
  case list([WhenNode], offset: Int)
}

/// Precedence climbing over govaluate's operator classes, loosest first: `,`, ternary,
/// `||`, `&&`, comparators, bitwise, shifts, `+ -`, `* / %`, `**`, prefixes.
struct WhenParser {
  let source: String
  let tokens: [WhenToken]
  private var position = 0
  private var nesting = 0

  init(source: String, tokens: [WhenToken]) {
    self.source = source
    self.tokens = tokens
  }

  private static func precedence(_ op: String) -> Int? {
    switch op {
    case "?", ":", "??": return 1
    case "||": return 2
    case "&&": return 3
    case "==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in": return 4
    case "&", "|", "^": return 5
    case "<<", ">>": return 6
    case "+", "-": return 7
    case "*", "/", "%": return 8
    case "**": return 9
    default: return nil
    }
  }

  private func syntax(_ message: String, at offset: Int, hint: String? = nil) -> ExpressionError {
    ExpressionError(.syntax, "invalid when condition: \(message)", expression: source, offset: offset, hint: hint)
  }

  mutating func parse() throws(ExpressionError) -> WhenNode {
    guard !tokens.isEmpty else {
      throw syntax("the condition is blank", at: 0, hint: "remove `when`, or write a comparison")
    }
    let parsed = try parseList()
    if position < tokens.count {
      let token = tokens[position]
      throw syntax("unexpected '\(token.text)'", at: token.offset, hint: token.kind == .close ? "unbalanced parenthesis" : nil)
    }
    return parsed.node
  }

  /// A node read so far, with the height of its tree: the evaluator recurses that deep, so the
  /// parser refuses a tree taller than `ExprParser.maxDepth` (a chain of a thousand `&&` is as
  /// tall as a thousand parentheses).
  private typealias Parsed = (node: WhenNode, height: Int)

  private func tooDeep(at offset: Int) -> ExpressionError {
    syntax("the condition is nested too deeply (more than \(ExprParser.maxDepth) levels of operators and parentheses)", at: offset)
  }

  private mutating func parseList() throws(ExpressionError) -> Parsed {
    let start = position < tokens.count ? tokens[position].offset : 0
    var items = [try parseBinary(1)]
    while position < tokens.count, tokens[position].kind == .separator {
      position += 1
      items.append(try parseBinary(1))
    }
    if items.count == 1 { return items[0] }
    let height = 1 + items.map(\.height).max()!
    guard height <= ExprParser.maxDepth else { throw tooDeep(at: start) }
    return (.list(items.map(\.node), offset: start), height)
  }

  private mutating func parseBinary(_ minimum: Int) throws(ExpressionError) -> Parsed {
    nesting += 1
    defer { nesting -= 1 }
    guard nesting <= ExprParser.maxDepth else {
      throw tooDeep(at: position < tokens.count ? tokens[position].offset : 0)
    }
    var left = try parseUnary()
    while position < tokens.count, case .op(let op) = tokens[position].kind, let level = WhenParser.precedence(op),
      level >= minimum
    {
      let offset = tokens[position].offset
      position += 1
      let right = try parseBinary(op == "**" ? level : level + 1)
      let height = 1 + max(left.height, right.height)
      guard height <= ExprParser.maxDepth else { throw tooDeep(at: offset) }
      left = (.binary(op, left.node, right.node, offset: offset), height)
    }
    return left
  }

  private mutating func parseUnary() throws(ExpressionError) -> Parsed {
    guard position < tokens.count else {
      throw syntax("unexpected end of the condition: a value is missing", at: source.count)
    }
    let token = tokens[position]
    position += 1
    switch token.kind {
    case .value(let value): return (.value(value, offset: token.offset), 1)
    case .accessor(let name): return (.accessor(name, offset: token.offset), 1)
    case .prefix(let op):
      nesting += 1
      defer { nesting -= 1 }
      guard nesting <= ExprParser.maxDepth else { throw tooDeep(at: token.offset) }
      let operand = try parseUnary()
      guard operand.height < ExprParser.maxDepth else { throw tooDeep(at: token.offset) }
      return (.prefix(op, operand.node, offset: token.offset), operand.height + 1)
    case .open:
      let inner = try parseList()
      guard position < tokens.count, tokens[position].kind == .close else {
        throw syntax("unbalanced parenthesis: no ) for this (", at: token.offset)
      }
      position += 1
      return inner
    default:
      throw syntax("unexpected '\(token.text)': a value is missing", at: token.offset)
    }
  }
}

// MARK: Evaluation

struct WhenEvaluator {
  let source: String

  private func typeError(_ message: String, at offset: Int, hint: String? = nil) -> ExpressionError {
    ExpressionError(.type, "invalid when condition: \(message)", expression: source, offset: offset, hint: hint)
  }

  private func needs(_ kind: String, _ value: WhenValue, for op: String, at offset: Int) -> ExpressionError {
    var hint: String?
    if case .string(let text) = value {
      hint =
        kind == "number"
        ? "'\(text)' is text; compare text with == or !=, or make sure the value is a number"
        : "a bare word is text for Argo; compare it, e.g. `\(text) == yes`"
      if op == "-" { hint = "text holding '-' must be quoted: '…-…'" }
    }
    return typeError("\(value.described) cannot be used with '\(op)': it is not a \(kind)", at: offset, hint: hint)
  }

  func evaluate(_ node: WhenNode) throws(ExpressionError) -> WhenValue {
    switch node {
    case .value(let value, _):
      return value
    case .accessor(let name, let offset):
      let root = name.prefix { $0 != "." }
      throw ExpressionError(
        .syntax, "invalid when condition: no parameter '\(root)' found (govaluate reads `\(name)` as a parameter accessor)",
        expression: source, offset: offset, hint: "quote text that holds dots: '\(name)'")
    case .list(let items, _):
      var values: [WhenValue] = []
      for item in items { values.append(try evaluate(item)) }
      return .list(values)
    case .prefix(let op, let operandNode, let offset):
      let operand = try evaluate(operandNode)
      switch (op, operand) {
      case ("!", .bool(let bool)): return .bool(!bool)
      case ("-", .number(let double)): return .number(-double)
      case ("~", .number(let double)): return .number(Double(~WhenEvaluator.int(double)))
      default: throw needs(op == "!" ? "bool" : "number", operand, for: op, at: offset)
      }
    case .binary(let op, let leftNode, let rightNode, let offset):
      let left = try evaluate(leftNode)
      switch op {
      case "&&", "||":
        guard case .bool(let leftFlag) = left else { throw needs("bool", left, for: op, at: offset) }
        if op == "&&", !leftFlag { return .bool(false) }
        if op == "||", leftFlag { return .bool(true) }
        let right = try evaluate(rightNode)
        guard case .bool(let rightFlag) = right else { throw needs("bool", right, for: op, at: offset) }
        return .bool(rightFlag)
      case "?":
        guard case .bool(let flag) = left else { throw needs("bool", left, for: op, at: offset) }
        return flag ? try evaluate(rightNode) : .null
      case ":", "??":
        if left != .null { return left }
        return try evaluate(rightNode)
      default:
        let right = try evaluate(rightNode)
        return try apply(op, left, right, at: offset)
      }
    }
  }

  private static func int(_ double: Double) -> Int64 {
    guard double.isFinite, let int = Int64(exactly: double.rounded(.towardZero)) else { return 0 }
    return int
  }

  private func apply(_ op: String, _ left: WhenValue, _ right: WhenValue, at offset: Int) throws(ExpressionError) -> WhenValue {
    switch op {
    case "==": return .bool(left == right)
    case "!=": return .bool(left != right)
    case ">", ">=", "<", "<=":
      let order: Int
      switch (left, right) {
      case (.number(let a), .number(let b)): order = a < b ? -1 : a > b ? 1 : 0
      case (.string(let a), .string(let b)):
        order = a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : a == b ? 0 : 1
      default:
        let offender = left.isNumber ? right : left
        throw needs("number", offender, for: op, at: offset)
      }
      switch op {
      case ">": return .bool(order > 0)
      case ">=": return .bool(order >= 0)
      case "<": return .bool(order < 0)
      default: return .bool(order <= 0)
      }
    case "=~", "!~":
      guard case .string(let text) = left else { throw needs("string", left, for: op, at: offset) }
      guard case .string(let pattern) = right else { throw needs("string", right, for: op, at: offset) }
      switch GoRegex.compile(pattern) {
      case .success(let regex): return .bool(regex.matches(text) == (op == "=~"))
      case .failure(let failure):
        throw ExpressionError(.evaluation, "invalid when condition: \(failure.message)", expression: source, offset: offset)
      }
    case "in":
      guard case .list(let values) = right else {
        throw typeError(
          "\(right.described) cannot be used with 'in': it is not a list", at: offset,
          hint: "write the choices in parentheses, separated by commas: x in (a, b)")
      }
      return .bool(values.contains(left))
    case "+":
      if case .number(let a) = left, case .number(let b) = right { return .number(a + b) }
      if case .string = left { return .string(left.text + right.text) }
      if case .string = right { return .string(left.text + right.text) }
      throw needs("number", left.isNumber ? right : left, for: op, at: offset)
    default:
      guard case .number(let a) = left else { throw needs("number", left, for: op, at: offset) }
      guard case .number(let b) = right else { throw needs("number", right, for: op, at: offset) }
      switch op {
      case "-": return .number(a - b)
      case "*": return .number(a * b)
      case "/": return .number(a / b)
      case "%": return .number(fmod(a, b))
      case "**": return .number(pow(a, b))
      case "&": return .number(Double(WhenEvaluator.int(a) & WhenEvaluator.int(b)))
      case "|": return .number(Double(WhenEvaluator.int(a) | WhenEvaluator.int(b)))
      case "^": return .number(Double(WhenEvaluator.int(a) ^ WhenEvaluator.int(b)))
      case "<<": return .number(Double(WhenEvaluator.int(a) << (WhenEvaluator.int(b) & 63)))
      case ">>": return .number(Double(WhenEvaluator.int(a) >> (WhenEvaluator.int(b) & 63)))
      default:
        throw ExpressionError(.unsupported, "invalid when condition: unknown operator \(op)", expression: source, offset: offset)
      }
    }
  }
}

extension WhenValue {
  var isNumber: Bool {
    if case .number = self { return true }
    return false
  }
}
