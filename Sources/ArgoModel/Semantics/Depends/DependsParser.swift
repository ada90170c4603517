extension DependsExpression {
  /// Reads a `depends` expression as Argo writes it: task names, optionally with a result
  /// (`A.Succeeded`), joined by `&&` and `||`, negated with `!`, grouped with parentheses.
  ///
  /// A name may be quoted (`'5A' && B`): Argo finds the task names of an expression by their
  /// shape, quotes or not, so a quoted name depends on its task as a bare one does.
  ///
  /// - Throws: `DependsSyntaxError` with the position of the problem.
  public init(parsing text: String) throws(DependsSyntaxError) {
    var parser = DependsParser(text: Array(text.unicodeScalars))
    let expression = try parser.parseOr()
    parser.skipSpaces()
    guard parser.index == parser.text.count else {
      throw DependsSyntaxError(message: "unexpected '\(parser.text[parser.index])'", offset: parser.index)
    }
    self = expression
  }
}

/// A `depends` expression that cannot be read.
public struct DependsSyntaxError: Error, Sendable, CustomStringConvertible {
  public var message: String
  /// The 0-based character offset of the problem.
  public var offset: Int
  public var description: String { "\(message) at character \(offset + 1)" }
}

private struct DependsParser {
  let text: [Unicode.Scalar]
  var index = 0

  mutating func skipSpaces() {
    while index < text.count, text[index] == " " || text[index] == "\t" || text[index] == "\n" { index += 1 }
  }

  mutating func consume(_ token: String) -> Bool {
    skipSpaces()
    let scalars = Array(token.unicodeScalars)
    guard index + scalars.count <= text.count, Array(text[index..<index + scalars.count]) == scalars else { return false }
    index += scalars.count
    return true
  }

  mutating func parseOr() throws(DependsSyntaxError) -> DependsExpression {
    var expression = try parseAnd()
    while consume("||") { expression = .or(expression, try parseAnd()) }
    return expression
  }

  mutating func parseAnd() throws(DependsSyntaxError) -> DependsExpression {
    var expression = try parseUnary()
    while consume("&&") { expression = .and(expression, try parseUnary()) }
    return expression
  }

  mutating func parseUnary() throws(DependsSyntaxError) -> DependsExpression {
    if consume("!") { return .not(try parseUnary()) }
    if consume("(") {
      let inner = try parseOr()
      guard consume(")") else { throw DependsSyntaxError(message: "missing ')'", offset: index) }
      return inner
    }
    return try parseTask()
  }

  static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
      || scalar == "_" || scalar == "{" || scalar == "}" || scalar == "."
  }

  mutating func parseTask() throws(DependsSyntaxError) -> DependsExpression {
    skipSpaces()
    guard index < text.count, text[index] == "'" || text[index] == "\"" else { return try parseName() }
    let quote = text[index]
    index += 1
    let task = try parseName()
    guard index < text.count, text[index] == quote else {
      throw DependsSyntaxError(message: "missing closing \(quote) after the task name", offset: index)
    }
    index += 1
    return task
  }

  mutating func parseName() throws(DependsSyntaxError) -> DependsExpression {
    let start = index
    while index < text.count, DependsParser.isNameCharacter(text[index]) { index += 1 }
    guard index > start else {
      let found = index < text.count ? "'\(text[index])'" : "the end"
      throw DependsSyntaxError(message: "expected a task name, found \(found)", offset: index)
    }
    var name = String(String.UnicodeScalarView(text[start..<index]))
    // A result name follows the last dot, when it is one Argo knows.
    if let dot = name.lastIndex(of: "."), !name.hasSuffix("}") {
      let result = String(name[name.index(after: dot)...])
      name = String(name[..<dot])
      return .task(name, result: TaskResult(rawValue: result))
    }
    return .task(name, result: nil)
  }
}
