/// A token of expr-lang's grammar, with the character offset where it starts.
struct ExprToken: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case int(Int64)
    case float(Double)
    case string(String)
    case identifier(String)
    /// `#`, `#index`: the element (or its index) inside a predicate.
    case pointer(String)
    /// An operator or a punctuation mark: `+`, `==`, `?.`, `(`, `..`.
    case symbol(String)
    case end
  }

  var kind: Kind
  var offset: Int

  var symbol: String? {
    if case .symbol(let symbol) = kind { return symbol }
    return nil
  }

  var identifier: String? {
    if case .identifier(let name) = kind { return name }
    return nil
  }

  /// The token as the author wrote it, for messages.
  var display: String {
    switch kind {
    case .int(let int): return String(int)
    case .float(let double): return GoFormat.float(double)
    case .string(let string): return "\"" + string + "\""
    case .identifier(let name): return name
    case .pointer(let name): return "#" + name
    case .symbol(let symbol): return symbol
    case .end: return "end of expression"
    }
  }
}

/// Splits an expression into tokens, one pass over its Unicode scalars.
struct ExprLexer {
  private let scalars: [Unicode.Scalar]
  private let source: String
  private var position = 0

  init(_ source: String) {
    self.source = source
    self.scalars = Array(source.unicodeScalars)
  }

  static func tokenize(_ source: String) throws(ExpressionError) -> [ExprToken] {
    var lexer = ExprLexer(source)
    var tokens: [ExprToken] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    let index = position + ahead
    return index < scalars.count ? scalars[index] : nil
  }

  private func error(_ message: String, at offset: Int, hint: String? = nil) -> ExpressionError {
    ExpressionError(.syntax, message, expression: source, offset: offset, hint: hint)
  }

  private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic
  }

  private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
  }

  private static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
    guard let scalar else { return false }
    return ("0"..."9").contains(scalar)
  }

  private mutating func next() throws(ExpressionError) -> ExprToken {
    while let scalar = peek(), scalar.properties.isWhitespace { position += 1 }
    let start = position
    guard let scalar = peek() else { return ExprToken(kind: .end, offset: start) }

    if ExprLexer.isDigit(scalar) || (scalar == "." && ExprLexer.isDigit(peek(1))) {
      return try number(start: start)
    }
    if scalar == "\"" || scalar == "'" || scalar == "`" {
      return ExprToken(kind: .string(try string(quote: scalar, start: start)), offset: start)
    }
    if ExprLexer.isIdentifierStart(scalar) {
      var name = ""
      while let part = peek(), ExprLexer.isIdentifierPart(part) {
        name.unicodeScalars.append(part)
        position += 1
      }
      return ExprToken(kind: .identifier(name), offset: start)
    }
    if scalar == "#" {
      position += 1
      var name = ""
      while let part = peek(), ExprLexer.isIdentifierPart(part) {
        name.unicodeScalars.append(part)
        position += 1
      }
      return ExprToken(kind: .pointer(name), offset: start)
    }
    let two = peek(1).map { String(scalar) + String($0) } ?? ""
    switch two {
    case "==", "!=", "<=", ">=", "&&", "||", "??", "**", "..":
      position += 2
      return ExprToken(kind: .symbol(two), offset: start)
    case "?.":
      // `a ?.5 : 1` is a ternary with a number, not optional chaining.
      if !ExprLexer.isDigit(peek(2)) {
        position += 2
        return ExprToken(kind: .symbol(two), offset: start)
      }
    default:
      break
    }
    if "+-*/%^<>!?:.,()[]{}|".unicodeScalars.contains(scalar) {
      position += 1
      return ExprToken(kind: .symbol(String(scalar)), offset: start)
    }
    if scalar == "=" {
      throw error(
        "unexpected `=`: expressions compare with `==`", at: start, hint: "write `==` to compare two values")
    }
    throw error("unexpected character `\(scalar.escaped(asASCII: false))`", at: start)
  }

  private mutating func number(start: Int) throws(ExpressionError) -> ExprToken {
    var text = ""
    var isFloat = false
    if peek() == "0", let x = peek(1), x == "x" || x == "X" {
      position += 2
      var digits = ""
      while let scalar = peek(), scalar.properties.isASCIIHexDigit || scalar == "_" {
        if scalar != "_" { digits.unicodeScalars.append(scalar) }
        position += 1
      }
      guard let value = Int64(digits, radix: 16) else {
        throw error("invalid hexadecimal number `0x\(digits)`", at: start)
      }
      return ExprToken(kind: .int(value), offset: start)
    }
    while let scalar = peek() {
      if ExprLexer.isDigit(scalar) {
        text.unicodeScalars.append(scalar)
      } else if scalar == "_" {
        // Digit separators: `1_000_000`.
      } else if scalar == ".", !isFloat, ExprLexer.isDigit(peek(1)) || (text.isEmpty) {
        // `1..3` is a range: a dot followed by a dot ends the number.
        isFloat = true
        text.append(".")
      } else if scalar == "e" || scalar == "E" {
        let sign = peek(1)
        let signed = sign == "+" || sign == "-"
        guard ExprLexer.isDigit(signed ? peek(2) : sign) else { break }
        isFloat = true
        text.append("e")
        position += 1
        if signed, let sign {
          text.unicodeScalars.append(sign)
          position += 1
        }
        continue
      } else {
        break
      }
      position += 1
    }
    if let scalar = peek(), ExprLexer.isIdentifierStart(scalar) {
      throw error(
        "invalid number: `\(text)` is followed by `\(scalar)`", at: start,
        hint: "a name cannot start with a digit; quote text that is not a number")
    }
    if isFloat {
      guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
        throw error("invalid number `\(text)`", at: start)
      }
      return ExprToken(kind: .float(value), offset: start)
    }
    guard let value = Int64(text) else {
      throw error("integer `\(text)` is too large", at: start, hint: "integers are 64-bit; write it as a float (\(text).0)")
    }
    return ExprToken(kind: .int(value), offset: start)
  }

  private mutating func string(quote: Unicode.Scalar, start: Int) throws(ExpressionError) -> String {
    position += 1
    var result = String.UnicodeScalarView()
    while let scalar = peek() {
      position += 1
      if scalar == quote { return String(result) }
      if scalar == "\\", quote != "`" {
        guard let escaped = peek() else { break }
        position += 1
        switch escaped {
        case "n": result.append("\n")
        case "t": result.append("\t")
        case "r": result.append("\r")
        case "a": result.append("\u{07}")
        case "b": result.append("\u{08}")
        case "f": result.append("\u{0C}")
        case "v": result.append("\u{0B}")
        case "0": result.append("\u{00}")
        case "\\", "\"", "'", "`": result.append(escaped)
        case "u", "x", "U":
          let length = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
          var digits = ""
          for _ in 0..<length {
            guard let digit = peek(), digit.properties.isASCIIHexDigit else {
              throw error("invalid escape `\\\(escaped)\(digits)` in a string", at: position - digits.count - 2)
            }
            digits.unicodeScalars.append(digit)
            position += 1
          }
          guard let code = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(code) else {
            throw error("invalid escape `\\\(escaped)\(digits)` in a string", at: position - digits.count - 2)
          }
          result.append(decoded)
        default:
          throw error(
            "invalid escape `\\\(escaped)` in a string", at: position - 2,
            hint: "write `\\\\` for a backslash")
        }
        continue
      }
      result.append(scalar)
    }
    throw error("unterminated string: no closing \(quote)", at: start, hint: "close the string with \(quote)")
  }
}
