/// A node of an expression's syntax tree, with the offset of the text it came from and its
/// depth (which the parser bounds, so that evaluating never exhausts the stack).
struct ExprNode: Sendable {
  indirect enum Kind: Sendable {
    case literal(ExprValue)
    case identifier(String)
    /// `#` (the element inside a predicate) or `#index`.
    case pointer(String)
    case member(ExprNode, String, optional: Bool)
    case index(ExprNode, ExprNode, optional: Bool)
    case slice(ExprNode, from: ExprNode?, to: ExprNode?)
    case call(ExprNode, [ExprNode])
    case unary(String, ExprNode)
    case binary(String, ExprNode, ExprNode)
    case conditional(ExprNode, ExprNode, ExprNode)
    case array([ExprNode])
    case map([(key: String, value: ExprNode)])
    /// A predicate, `{# > 1}` or `# > 1` as the second argument of `filter`, `map`, `all`….
    case predicate(ExprNode)
  }

  let kind: Kind
  let offset: Int
  let depth: Int

  var children: [ExprNode] {
    switch kind {
    case .literal, .identifier, .pointer: return []
    case .member(let base, _, _): return [base]
    case .index(let base, let index, _): return [base, index]
    case .slice(let base, let from, let to): return [base] + [from, to].compactMap { $0 }
    case .call(let callee, let arguments): return [callee] + arguments
    case .unary(_, let operand): return [operand]
    case .binary(_, let left, let right): return [left, right]
    case .conditional(let condition, let then, let otherwise): return [condition, then, otherwise]
    case .array(let elements): return elements
    case .map(let members): return members.map(\.value)
    case .predicate(let body): return [body]
    }
  }
}

/// A Pratt parser for expr-lang's grammar, with its operator precedences.
struct ExprParser {
  /// The deepest nesting accepted: far beyond what a workflow writes, far below what would
  /// exhaust a thread's stack.
  static let maxDepth = 200

  /// Builtins whose second argument is a predicate over the elements of the first.
  static let predicateFunctions: Set<String> = [
    "filter", "map", "all", "any", "none", "one", "count", "find", "findIndex", "findLast",
    "findLastIndex", "sum", "groupBy", "sortBy",
  ]

  private let source: String
  private let tokens: [ExprToken]
  private var position = 0
  private var nesting = 0

  init(source: String, tokens: [ExprToken]) {
    self.source = source
    self.tokens = tokens
  }

  static func parse(_ source: String) throws(ExpressionError) -> ExprNode {
    let tokens = try ExprLexer.tokenize(source)
    var parser = ExprParser(source: source, tokens: tokens)
    if parser.current.kind == .end {
      throw ExpressionError(.syntax, "the expression is empty", expression: source, offset: 0)
    }
    let node = try parser.parseExpression(0)
    if parser.current.kind != .end {
      throw parser.unexpected(parser.current, expecting: "an operator or the end of the expression")
    }
    return node
  }

  // MARK: Tokens

  private var current: ExprToken { tokens[min(position, tokens.count - 1)] }

  private func peek(_ ahead: Int) -> ExprToken { tokens[min(position + ahead, tokens.count - 1)] }

  private mutating func advance() {
    if position < tokens.count - 1 { position += 1 }
  }

  private func isSymbol(_ symbol: String) -> Bool { current.symbol == symbol }

  private mutating func expect(_ symbol: String, closing opening: ExprToken? = nil) throws(ExpressionError) {
    guard isSymbol(symbol) else {
      var error = unexpected(current, expecting: "`\(symbol)`")
      if let opening, current.kind == .end {
        error.message = "unclosed `\(opening.display)`: expected `\(symbol)` before the end of the expression"
        error.offset = opening.offset
      }
      throw error
    }
    advance()
  }

  private func unexpected(_ token: ExprToken, expecting: String) -> ExpressionError {
    if token.kind == .end {
      return ExpressionError(
        .syntax, "unexpected end of expression: expected \(expecting)", expression: source, offset: token.offset)
    }
    var hint: String?
    if case .identifier = token.kind {
      hint = "text must be quoted: 'like this'"
    } else if token.symbol == "{" || token.symbol == "}" {
      hint = "`{{` and `}}` are not part of an expression; refer to variables by name, e.g. inputs.parameters.x"
    }
    return ExpressionError(
      .syntax, "unexpected `\(token.display)`: expected \(expecting)", expression: source, offset: token.offset,
      hint: hint)
  }

  private func node(_ kind: ExprNode.Kind, at offset: Int) throws(ExpressionError) -> ExprNode {
    var depth = 0
    switch kind {
    case .literal, .identifier, .pointer: depth = 1
    default:
      let probe = ExprNode(kind: kind, offset: offset, depth: 0)
      depth = 1 + (probe.children.map(\.depth).max() ?? 0)
    }
    if depth > ExprParser.maxDepth {
      throw ExpressionError(
        .syntax, "the expression is nested too deeply (more than \(ExprParser.maxDepth) levels)",
        expression: source, offset: offset, hint: "split it into several steps")
    }
    return ExprNode(kind: kind, offset: offset, depth: depth)
  }

  // MARK: Operators

  private struct Operator {
    var name: String
    var precedence: Int
    var rightAssociative = false
    /// Tokens the operator takes (`not in` takes two).
    var width = 1
  }

  private func binaryOperator() -> Operator? {
    let token = current
    if let symbol = token.symbol {
      switch symbol {
      case "||": return Operator(name: "||", precedence: 10)
      case "&&": return Operator(name: "&&", precedence: 15)
      case "==", "!=", "<", ">", "<=", ">=": return Operator(name: symbol, precedence: 20)
      case "..": return Operator(name: "..", precedence: 25)
      case "+", "-": return Operator(name: symbol, precedence: 30)
      case "*", "/", "%": return Operator(name: symbol, precedence: 60)
      case "**", "^": return Operator(name: "**", precedence: 100, rightAssociative: true)
      case "??": return Operator(name: "??", precedence: 500)
      default: return nil
      }
    }
    if let name = token.identifier {
      switch name {
      case "or": return Operator(name: "||", precedence: 10)
      case "and": return Operator(name: "&&", precedence: 15)
      case "in", "matches", "contains", "startsWith", "endsWith": return Operator(name: name, precedence: 20)
      case "not":
        if peek(1).identifier == "in" { return Operator(name: "not in", precedence: 20, width: 2) }
        return nil
      default: return nil
      }
    }
    return nil
  }

  // MARK: Grammar

  mutating func parseExpression(_ precedence: Int) throws(ExpressionError) -> ExprNode {
    nesting += 1
    defer { nesting -= 1 }
    if nesting > ExprParser.maxDepth {
      throw ExpressionError(
        .syntax, "the expression is nested too deeply (more than \(ExprParser.maxDepth) levels)",
        expression: source, offset: current.offset, hint: "split it into several steps")
    }
    var left = try parseUnary()
    while let op = binaryOperator(), op.precedence >= precedence {
      let offset = current.offset
      for _ in 0..<op.width { advance() }
      let right = try parseExpression(op.rightAssociative ? op.precedence : op.precedence + 1)
      left = try node(.binary(op.name, left, right), at: offset)
    }
    if precedence == 0 {
      while isSymbol("|") {
        left = try parsePipe(left)
      }
      if isSymbol("?") {
        let offset = current.offset
        advance()
        let then = try parseExpression(0)
        try expect(":")
        let otherwise = try parseExpression(0)
        left = try node(.conditional(left, then, otherwise), at: offset)
      }
    }
    return left
  }

  /// `value | f(b)` is `f(value, b)`.
  private mutating func parsePipe(_ value: ExprNode) throws(ExpressionError) -> ExprNode {
    let offset = current.offset
    advance()
    guard let name = current.identifier else {
      throw unexpected(current, expecting: "a function call after `|`")
    }
    var callee = try node(.identifier(name), at: current.offset)
    advance()
    var calleeName = name
    if isSymbol("."), let member = peek(1).identifier {
      advance()
      callee = try node(.member(callee, member, optional: false), at: current.offset)
      calleeName += "." + member
      advance()
    }
    var arguments = [value]
    if isSymbol("(") {
      let opening = current
      advance()
      arguments += try parseArguments(for: calleeName, opening: opening, skipping: 1)
    }
    return try node(.call(callee, arguments), at: offset)
  }

  private mutating func parseUnary() throws(ExpressionError) -> ExprNode {
    let token = current
    if token.symbol == "!" || token.identifier == "not" {
      advance()
      let operand = try parseExpression(50)
      return try node(.unary("!", operand), at: token.offset)
    }
    if token.symbol == "-" || token.symbol == "+" {
      advance()
      let operand = try parseExpression(90)
      return try node(.unary(token.symbol ?? "-", operand), at: token.offset)
    }
    return try parsePostfix(try parsePrimary())
  }

  private mutating func parsePrimary() throws(ExpressionError) -> ExprNode {
    let token = current
    switch token.kind {
    case .int(let int):
      advance()
      return try node(.literal(.int(int)), at: token.offset)
    case .float(let double):
      advance()
      return try node(.literal(.float(double)), at: token.offset)
    case .string(let string):
      advance()
      return try node(.literal(.string(string)), at: token.offset)
    case .pointer(let name):
      advance()
      return try node(.pointer(name), at: token.offset)
    case .identifier(let name):
      advance()
      switch name {
      case "true": return try node(.literal(.bool(true)), at: token.offset)
      case "false": return try node(.literal(.bool(false)), at: token.offset)
      case "nil": return try node(.literal(.null), at: token.offset)
      default: return try node(.identifier(name), at: token.offset)
      }
    case .symbol(let symbol):
      switch symbol {
      case "(":
        advance()
        let inner = try parseExpression(0)
        try expect(")", closing: token)
        return inner
      case "[":
        advance()
        var elements: [ExprNode] = []
        while !isSymbol("]") {
          elements.append(try parseExpression(0))
          if isSymbol(",") { advance() } else { break }
        }
        try expect("]", closing: token)
        return try node(.array(elements), at: token.offset)
      case "{":
        return try parseMap()
      case ".":
        // `.name` inside a predicate: a member of the element.
        advance()
        guard let name = current.identifier else { throw unexpected(current, expecting: "a name after `.`") }
        advance()
        let element = try node(.pointer(""), at: token.offset)
        return try node(.member(element, name, optional: false), at: token.offset)
      default:
        throw unexpected(token, expecting: "a value")
      }
    case .end:
      throw unexpected(token, expecting: "a value")
    }
  }

  private mutating func parseMap() throws(ExpressionError) -> ExprNode {
    let opening = current
    advance()
    var members: [(key: String, value: ExprNode)] = []
    while !isSymbol("}") {
      let keyToken = current
      let key: String
      switch keyToken.kind {
      case .identifier(let name): key = name
      case .string(let string): key = string
      case .int(let int): key = String(int)
      default: throw unexpected(keyToken, expecting: "a key (a name or a string)")
      }
      advance()
      try expect(":")
      members.append((key, try parseExpression(0)))
      if isSymbol(",") { advance() } else { break }
    }
    try expect("}", closing: opening)
    return try node(.map(members), at: opening.offset)
  }

  private mutating func parsePostfix(_ base: ExprNode) throws(ExpressionError) -> ExprNode {
    var result = base
    while true {
      let token = current
      if token.symbol == "." || token.symbol == "?." {
        let optional = token.symbol == "?."
        advance()
        if optional, isSymbol("[") {
          result = try parseIndex(result, optional: true)
          continue
        }
        guard let name = current.identifier else { throw unexpected(current, expecting: "a name after `.`") }
        advance()
        result = try node(.member(result, name, optional: optional), at: token.offset)
      } else if token.symbol == "[" {
        result = try parseIndex(result, optional: false)
      } else if token.symbol == "(" {
        advance()
        let arguments = try parseArguments(for: ExprParser.calleeName(result), opening: token, skipping: 0)
        result = try node(.call(result, arguments), at: result.offset)
      } else {
        return result
      }
    }
  }

  private static func calleeName(_ node: ExprNode) -> String {
    switch node.kind {
    case .identifier(let name): return name
    case .member(let base, let name, _): return calleeName(base) + "." + name
    default: return ""
    }
  }

  private mutating func parseIndex(_ base: ExprNode, optional: Bool) throws(ExpressionError) -> ExprNode {
    let opening = current
    advance()
    if isSymbol(":") {
      advance()
      let to = isSymbol("]") ? nil : try parseExpression(0)
      try expect("]", closing: opening)
      return try node(.slice(base, from: nil, to: to), at: opening.offset)
    }
    let index = try parseExpression(0)
    if isSymbol(":") {
      advance()
      let to = isSymbol("]") ? nil : try parseExpression(0)
      try expect("]", closing: opening)
      return try node(.slice(base, from: index, to: to), at: opening.offset)
    }
    try expect("]", closing: opening)
    return try node(.index(base, index, optional: optional), at: opening.offset)
  }

  /// The arguments after `(`, through `)`; `skipping` arguments were given by a pipe.
  private mutating func parseArguments(
    for callee: String, opening: ExprToken, skipping: Int
  ) throws(ExpressionError) -> [ExprNode] {
    var arguments: [ExprNode] = []
    let takesPredicate = ExprParser.predicateFunctions.contains(callee)
    while !isSymbol(")") {
      let position = arguments.count + skipping
      if takesPredicate, position == 1 {
        let start = current
        if isSymbol("{") {
          advance()
          let body = try parseExpression(0)
          try expect("}", closing: start)
          arguments.append(try node(.predicate(body), at: start.offset))
        } else {
          let body = try parseExpression(0)
          arguments.append(try node(.predicate(body), at: start.offset))
        }
      } else {
        arguments.append(try parseExpression(0))
      }
      if isSymbol(",") { advance() } else { break }
    }
    try expect(")", closing: opening)
    return arguments
  }
}
