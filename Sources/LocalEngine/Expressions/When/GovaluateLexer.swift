import Foundation

/// A token of govaluate's grammar, the language of Argo's `when` conditions.
struct GovaluateToken {
  enum Kind: String {
    case unknown = "UNKNOWN"
    case prefix = "PREFIX"
    case numeric = "NUMERIC"
    case boolean = "BOOLEAN"
    case string = "STRING"
    case pattern = "PATTERN"
    case time = "TIME"
    case variable = "VARIABLE"
    case function = "FUNCTION"
    case separator = "SEPARATOR"
    case accessor = "ACCESSOR"
    case comparator = "COMPARATOR"
    case logicalOperator = "LOGICALOP"
    case modifier = "MODIFIER"
    case clause = "CLAUSE"
    case clauseClose = "CLAUSE_CLOSE"
    case ternary = "TERNARY"
  }

  enum Value {
    case none
    case number(Double)
    case bool(Bool)
    case text(String)
    case path([String])
    case pattern(GoRegex)
  }

  var kind: Kind
  var value: Value
  /// Where the token starts, in characters.
  var offset: Int

  /// The value as Go's `%v` prints it, for error messages.
  var valueDescription: String {
    switch value {
    case .none: return kind == .clause ? "40" : kind == .clauseClose ? "41" : "<nil>"
    case .number(let number): return GoFormat.float(number)
    case .bool(let bool): return bool ? "true" : "false"
    case .text(let text): return text
    case .path(let parts): return "[" + parts.joined(separator: " ") + "]"
    case .pattern(let regex): return regex.source
    }
  }
}

/// The lexer states of govaluate: which kind of token may follow which, and whether an
/// expression may end there.
struct GovaluateLexerState {
  let kind: GovaluateToken.Kind
  let isEOF: Bool
  let isNullable: Bool
  let validNext: Set<GovaluateToken.Kind>

  func canTransition(to kind: GovaluateToken.Kind) -> Bool {
    validNext.contains(kind)
  }

  static let initial = state(for: .unknown)

  static func state(for kind: GovaluateToken.Kind) -> GovaluateLexerState {
    switch kind {
    case .unknown:
      return .init(
        kind: .unknown, isEOF: false, isNullable: true,
        validNext: [.prefix, .numeric, .boolean, .variable, .pattern, .function, .accessor, .string, .time, .clause])
    case .clause:
      return .init(
        kind: .clause, isEOF: false, isNullable: true,
        validNext: [
          .prefix, .numeric, .boolean, .variable, .pattern, .function, .accessor, .string, .time, .clause, .clauseClose,
        ])
    case .clauseClose:
      return .init(
        kind: .clauseClose, isEOF: true, isNullable: true,
        validNext: [
          .comparator, .modifier, .numeric, .boolean, .variable, .string, .pattern, .time, .clause, .clauseClose,
          .logicalOperator, .ternary, .separator,
        ])
    case .numeric, .boolean, .string, .variable:
      return .init(
        kind: kind, isEOF: true, isNullable: false,
        validNext: [.modifier, .comparator, .logicalOperator, .clauseClose, .ternary, .separator])
    case .time, .pattern:
      return .init(
        kind: kind, isEOF: true, isNullable: false,
        validNext: [.modifier, .comparator, .logicalOperator, .clauseClose, .separator])
    case .modifier:
      return .init(
        kind: .modifier, isEOF: false, isNullable: false,
        validNext: [.prefix, .numeric, .variable, .function, .accessor, .string, .boolean, .clause, .clauseClose])
    case .comparator:
      return .init(
        kind: .comparator, isEOF: false, isNullable: false,
        validNext: [
          .prefix, .numeric, .boolean, .variable, .function, .accessor, .string, .time, .clause, .clauseClose, .pattern,
        ])
    case .logicalOperator:
      return .init(
        kind: .logicalOperator, isEOF: false, isNullable: false,
        validNext: [.prefix, .numeric, .boolean, .variable, .function, .accessor, .string, .time, .clause, .clauseClose])
    case .prefix:
      return .init(
        kind: .prefix, isEOF: false, isNullable: false,
        validNext: [.numeric, .boolean, .variable, .function, .accessor, .clause, .clauseClose])
    case .ternary:
      return .init(
        kind: .ternary, isEOF: false, isNullable: false,
        validNext: [.prefix, .numeric, .boolean, .string, .time, .variable, .function, .accessor, .clause, .separator])
    case .function:
      return .init(kind: .function, isEOF: false, isNullable: false, validNext: [.clause])
    case .accessor:
      return .init(
        kind: .accessor, isEOF: true, isNullable: false,
        validNext: [.clause, .modifier, .comparator, .logicalOperator, .clauseClose, .ternary, .separator])
    case .separator:
      return .init(
        kind: .separator, isEOF: false, isNullable: true,
        validNext: [.prefix, .numeric, .boolean, .string, .time, .variable, .function, .accessor, .clause])
    }
  }
}

/// Reads govaluate tokens the way govaluate's own lexer does, quirks included: unquoted words are
/// variables (letters, digits, `_` and `.`), a word with a dot is an accessor whose later parts
/// must start with a capital, numbers are digits and dots, strings end at the first quote of
/// either kind, and operators are runs of symbol characters broken only by whitespace, letters,
/// digits, brackets or quotes (so `==-1` is one invalid token).
struct GovaluateLexer {
  private let characters: [Character]
  private var position = 0

  init(_ text: String) {
    characters = Array(text)
  }

  static let modifierSymbols: Set<String> = ["+", "-", "*", "/", "%", "**", "&", "|", "^", ">>", "<<"]
  static let logicalSymbols: Set<String> = ["&&", "||"]
  static let comparatorSymbols: Set<String> = ["==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"]
  static let ternarySymbols: Set<String> = ["?", ":", "??"]
  static let prefixSymbols: Set<String> = ["-", "!", "~"]

  struct Failure: Error {
    var message: String
    var offset: Int
  }

  mutating func tokens() throws(Failure) -> [GovaluateToken] {
    var result: [GovaluateToken] = []
    var state = GovaluateLexerState.initial
    while position < characters.count {
      guard let token = try readToken(state: state) else { break }
      state = GovaluateLexerState.state(for: token.kind)
      result.append(token)
    }
    return result
  }

  private static func isSpace(_ character: Character) -> Bool {
    character.isWhitespace
  }

  private static func isDigit(_ character: Character) -> Bool {
    character.isNumber && character.unicodeScalars.count == 1
      && character.unicodeScalars.first!.properties.numericType == .decimal
  }

  private static func isLetter(_ character: Character) -> Bool {
    character.isLetter
  }

  private static func isNumeric(_ character: Character) -> Bool {
    isDigit(character) || character == "."
  }

  private static func isQuote(_ character: Character) -> Bool {
    character == "'" || character == "\""
  }

  private static func isVariableName(_ character: Character) -> Bool {
    isLetter(character) || isDigit(character) || character == "_" || character == "."
  }

  private static func isSymbol(_ character: Character) -> Bool {
    !(isDigit(character) || isLetter(character) || character == "(" || character == ")" || character == "["
      || character == "]" || isQuote(character))
  }

  /// Reads characters while `condition` holds; a backslash takes the next character as it is.
  /// Returns the text and whether reading stopped on a character (rather than at the end).
  private mutating func readUntilFalse(
    includeWhitespace: Bool, breakWhitespace: Bool, condition: (Character) -> Bool
  ) -> (String, Bool) {
    var buffer = ""
    while position < characters.count {
      var character = characters[position]
      position += 1
      if character == "\\" {
        guard position < characters.count else { break }
        character = characters[position]
        position += 1
        buffer.append(character)
        continue
      }
      if GovaluateLexer.isSpace(character) {
        if breakWhitespace, !buffer.isEmpty { return (buffer, true) }
        if !includeWhitespace { continue }
      }
      if condition(character) {
        buffer.append(character)
      } else {
        position -= 1
        return (buffer, true)
      }
    }
    return (buffer, false)
  }

  private mutating func readTokenUntilFalse(_ condition: (Character) -> Bool) -> String {
    position -= 1
    return readUntilFalse(includeWhitespace: false, breakWhitespace: true, condition: condition).0
  }

  private mutating func readToken(state: GovaluateLexerState) throws(Failure) -> GovaluateToken? {
    while position < characters.count {
      let start = position
      let character = characters[position]
      position += 1
      if GovaluateLexer.isSpace(character) { continue }

      if GovaluateLexer.isNumeric(character) {
        let text = readTokenUntilFalse(GovaluateLexer.isNumeric)
        guard let number = GovaluateLexer.parseFloat(text) else {
          throw Failure(message: "Unable to parse numeric value '\(text)' to float64", offset: start)
        }
        return GovaluateToken(kind: .numeric, value: .number(number), offset: start)
      }
      if character == "," {
        return GovaluateToken(kind: .separator, value: .text(","), offset: start)
      }
      if character == "[" {
        let (text, completed) = readUntilFalse(includeWhitespace: true, breakWhitespace: false) { $0 != "]" }
        guard completed else { throw Failure(message: "Unclosed parameter bracket", offset: start) }
        position += 1
        return GovaluateToken(kind: .variable, value: .text(text), offset: start)
      }
      if GovaluateLexer.isLetter(character) {
        let text = readTokenUntilFalse(GovaluateLexer.isVariableName)
        if text == "true" || text == "false" {
          return GovaluateToken(kind: .boolean, value: .bool(text == "true"), offset: start)
        }
        if text == "in" || text == "IN" {
          return GovaluateToken(kind: .comparator, value: .text("in"), offset: start)
        }
        if let dot = text.firstIndex(of: "."), dot > text.startIndex {
          if text.hasSuffix(".") {
            throw Failure(message: "Hanging accessor on token '\(text)'", offset: start)
          }
          let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
          for part in parts.dropFirst() {
            let first = part.first ?? "\0"
            if first.uppercased() != String(first) {
              throw Failure(message: "Unable to access unexported field '\(part)' in token '\(text)'", offset: start)
            }
          }
          return GovaluateToken(kind: .accessor, value: .path(parts), offset: start)
        }
        return GovaluateToken(kind: .variable, value: .text(text), offset: start)
      }
      if GovaluateLexer.isQuote(character) {
        let (text, completed) = readUntilFalse(includeWhitespace: true, breakWhitespace: false) {
          !GovaluateLexer.isQuote($0)
        }
        guard completed else { throw Failure(message: "Unclosed string literal", offset: start) }
        position += 1
        if let time = GovaluateTime.parse(text) {
          return GovaluateToken(kind: .time, value: .number(time), offset: start)
        }
        return GovaluateToken(kind: .string, value: .text(text), offset: start)
      }
      if character == "(" {
        return GovaluateToken(kind: .clause, value: .none, offset: start)
      }
      if character == ")" {
        return GovaluateToken(kind: .clauseClose, value: .none, offset: start)
      }

      let symbol = readTokenUntilFalse(GovaluateLexer.isSymbol)
      if state.canTransition(to: .prefix), GovaluateLexer.prefixSymbols.contains(symbol) {
        return GovaluateToken(kind: .prefix, value: .text(symbol), offset: start)
      }
      if GovaluateLexer.modifierSymbols.contains(symbol) {
        return GovaluateToken(kind: .modifier, value: .text(symbol), offset: start)
      }
      if GovaluateLexer.logicalSymbols.contains(symbol) {
        return GovaluateToken(kind: .logicalOperator, value: .text(symbol), offset: start)
      }
      if GovaluateLexer.comparatorSymbols.contains(symbol) {
        return GovaluateToken(kind: .comparator, value: .text(symbol), offset: start)
      }
      if GovaluateLexer.ternarySymbols.contains(symbol) {
        return GovaluateToken(kind: .ternary, value: .text(symbol), offset: start)
      }
      throw Failure(message: "Invalid token: '\(symbol)'", offset: start)
    }
    return nil
  }

  /// `strconv.ParseFloat` for the texts the lexer produces (digits and dots).
  static func parseFloat(_ text: String) -> Double? {
    guard !text.isEmpty, text.filter({ $0 == "." }).count <= 1, text != "." else { return nil }
    let ascii = String(text.map { character -> Character in
      if let value = character.wholeNumberValue, character != "." { return Character(String(value)) }
      return character
    })
    return Double(ascii)
  }
}

/// The date formats govaluate recognises in quoted strings, which become numbers (seconds since
/// 1970) so that dates compare in time order. Dates without a zone are read as UTC.
enum GovaluateTime {
  static func parse(_ text: String) -> Double? {
    let characters = Array(text.utf8)
    var index = 0
    func number(_ count: Int) -> Int? {
      guard index + count <= characters.count else { return nil }
      var value = 0
      for byte in characters[index..<index + count] {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      index += count
      return value
    }
    func expect(_ byte: UInt8) -> Bool {
      guard index < characters.count, characters[index] == byte else { return false }
      index += 1
      return true
    }
    // Kitchen: 3:04PM
    if let kitchen = parseKitchen(text) { return kitchen }
    guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
      let day = number(2), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
    if index == characters.count { return Double(seconds) }
    guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")) else { return nil }
    guard let hour = number(2), hour < 24 else { return nil }
    seconds += hour * 3600
    var fraction = 0.0
    if expect(UInt8(ascii: ":")) {
      guard let minute = number(2), minute < 60 else { return nil }
      seconds += minute * 60
      if expect(UInt8(ascii: ":")) {
        guard let second = number(2), second < 60 else { return nil }
        seconds += second
        if expect(UInt8(ascii: ".")) {
          var digits = 0
          var scale = 0.1
          while index < characters.count, characters[index] >= 0x30, characters[index] <= 0x39 {
            fraction += Double(characters[index] - 0x30) * scale
            scale /= 10
            index += 1
            digits += 1
          }
          guard digits > 0 else { return nil }
        }
      }
    }
    if index == characters.count { return Double(seconds) + fraction }
    if expect(UInt8(ascii: "Z")), index == characters.count { return Double(seconds) + fraction }
    let sign: Int
    if expect(UInt8(ascii: "+")) {
      sign = 1
    } else if expect(UInt8(ascii: "-")) {
      sign = -1
    } else {
      return nil
    }
    guard let zoneHours = number(2) else { return nil }
    _ = expect(UInt8(ascii: ":"))
    guard let zoneMinutes = number(2), index == characters.count else { return nil }
    seconds -= sign * (zoneHours * 3600 + zoneMinutes * 60)
    return Double(seconds) + fraction
  }

  private static func parseKitchen(_ text: String) -> Double? {
    guard text.hasSuffix("AM") || text.hasSuffix("PM") else { return nil }
    let clock = text.dropLast(2).split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 2, let hour = Int(clock[0]), (1...12).contains(hour), clock[1].count == 2,
      let minute = Int(clock[1]), minute < 60
    else { return nil }
    let hour24 = hour % 12 + (text.hasSuffix("PM") ? 12 : 0)
    // Go reads a kitchen time as that time on January 1st of year 0.
    return Double(daysFromCivil(year: 0, month: 1, day: 1) * 86_400 + hour24 * 3600 + minute * 60)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date.
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let shiftedMonth = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
