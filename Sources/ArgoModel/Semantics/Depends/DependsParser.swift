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
    let parsed = try parser.parseOr()
    parser.skipSpaces()
    guard parser.index == parser.text.count else {
      throw DependsSyntaxError(message: "unexpected '\(parser.text[parser.index])'", offset: parser.index)
    }
    self = parsed.expression
  }

  /// The deepest nesting `init(parsing:)` accepts: parentheses and `!` inside one another, and
  /// the height of the tree they give.
  ///
  /// Argo's expressions nest a few levels; the limit keeps a hostile one (forty thousand
  /// parentheses) from exhausting the stack of the parser, or of anything that later walks the
  /// tree recursively (evaluation, printing, comparison, even its release).
  public static let maxDepth = 1000

  /// The tasks joined by `&&`, as a tree of logarithmic height rather than a chain; nil for none.
  ///
  /// `a && b && c` means the same however it is grouped, and a balanced tree keeps a long list
  /// (a task's `dependencies`, or a generated `depends`) from making a tree too tall to walk.
  public static func all(_ operands: [DependsExpression]) -> DependsExpression? {
    balanced(operands[...], join: DependsExpression.and)
  }

  /// The tasks joined by `||`, balanced as `all(_:)`; nil for none.
  public static func any(_ operands: [DependsExpression]) -> DependsExpression? {
    balanced(operands[...], join: DependsExpression.or)
  }

  private static func balanced(
    _ operands: ArraySlice<DependsExpression>, join: (DependsExpression, DependsExpression) -> DependsExpression
  ) -> DependsExpression? {
    guard operands.count > 1 else { return operands.first }
    // The left half takes the extra operand, so that three terms group as `(a && b) && c`, as
    // they are read left to right.
    let middle = operands.startIndex + (operands.count + 1) / 2
    guard let left = balanced(operands[..<middle], join: join), let right = balanced(operands[middle...], join: join) else {
      return nil
    }
    return join(left, right)
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

  /// An expression read so far, with the height of its tree (a task is 1).
  struct Parsed {
    var expression: DependsExpression
    var height: Int
  }

  /// How many parentheses and `!` enclose the position being read.
  var nesting = 0

  private func tooDeep() -> DependsSyntaxError {
    DependsSyntaxError(
      message: "the depends expression nests deeper than \(DependsExpression.maxDepth) levels", offset: min(index, text.count))
  }

  mutating func parseOr() throws(DependsSyntaxError) -> Parsed {
    var operands = [try parseAnd()]
    while consume("||") { operands.append(try parseAnd()) }
    return try join(operands[...], with: DependsExpression.or)
  }

  mutating func parseAnd() throws(DependsSyntaxError) -> Parsed {
    var operands = [try parseUnary()]
    while consume("&&") { operands.append(try parseUnary()) }
    return try join(operands[...], with: DependsExpression.and)
  }

  /// Operands of one operator, joined into a balanced tree (see `DependsExpression.all(_:)`).
  private func join(
    _ operands: ArraySlice<Parsed>, with operation: (DependsExpression, DependsExpression) -> DependsExpression
  ) throws(DependsSyntaxError) -> Parsed {
    // Never empty: each operator has an operand on either side.
    guard operands.count > 1 else { return operands[operands.startIndex] }
    let middle = operands.startIndex + (operands.count + 1) / 2
    let left = try join(operands[..<middle], with: operation)
    let right = try join(operands[middle...], with: operation)
    let height = max(left.height, right.height) + 1
    guard height <= DependsExpression.maxDepth else { throw tooDeep() }
    return Parsed(expression: operation(left.expression, right.expression), height: height)
  }

  mutating func parseUnary() throws(DependsSyntaxError) -> Parsed {
    if consume("!") {
      nesting += 1
      defer { nesting -= 1 }
      guard nesting <= DependsExpression.maxDepth else { throw tooDeep() }
      let inner = try parseUnary()
      guard inner.height < DependsExpression.maxDepth else { throw tooDeep() }
      return Parsed(expression: .not(inner.expression), height: inner.height + 1)
    }
    if consume("(") {
      nesting += 1
      defer { nesting -= 1 }
      guard nesting <= DependsExpression.maxDepth else { throw tooDeep() }
      let inner = try parseOr()
      guard consume(")") else { throw DependsSyntaxError(message: "missing ')'", offset: index) }
      return inner
    }
    return Parsed(expression: try parseTask(), height: 1)
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
