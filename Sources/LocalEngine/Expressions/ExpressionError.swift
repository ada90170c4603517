/// Why a template, a `when` condition or an expression could not be resolved.
///
/// The message says what went wrong in the words of the workflow's author; `expression` is the
/// text that was being evaluated, `offset` the character in it where the problem was found (when
/// one place is to blame), and `hint` what to try.
///
/// ```swift
/// do {
///   _ = try TemplateString.render("{{inputs.parameters.vintag}}", scope: scope)
/// } catch {
///   print(error)
///   // unresolved variable {{inputs.parameters.vintag}}
///   //   hint: did you mean inputs.parameters.vintage?
/// }
/// ```
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure, for callers that react to some of them (an unresolved variable may be
  /// resolved later; a syntax error never will).
  public struct Code: Sendable, Hashable, CustomStringConvertible {
    let rawValue: String

    /// A `{{name}}` or a name in an expression that the scope does not hold.
    public static let unresolvedVariable = Code(rawValue: "unresolved variable")
    /// A variable that is present but stands for an absent optional output (a skipped node's
    /// output parameter without a default).
    public static let absentValue = Code(rawValue: "absent value")
    /// The text does not follow the grammar (an unclosed `{{`, a stray token).
    public static let syntax = Code(rawValue: "syntax")
    /// An operator or a function was given values of the wrong type.
    public static let type = Code(rawValue: "type")
    /// A function failed, or an index was out of range.
    public static let evaluation = Code(rawValue: "evaluation")
    /// A function or a feature this engine does not implement.
    public static let unsupported = Code(rawValue: "unsupported")

    public var description: String { rawValue }
  }

  /// The kind of failure.
  public var code: Code
  /// What went wrong.
  public var message: String
  /// The text being evaluated: a template, a `when` condition or an expression.
  public var expression: String
  /// The character offset in `expression` where the problem was found.
  public var offset: Int?
  /// What to try.
  public var hint: String?
  /// The variable that could not be resolved, for `.unresolvedVariable` and `.absentValue`.
  public var variable: String?

  public init(
    _ code: Code, _ message: String, expression: String = "", offset: Int? = nil, hint: String? = nil,
    variable: String? = nil
  ) {
    self.code = code
    self.message = message
    self.expression = expression
    self.offset = offset
    self.hint = hint
    self.variable = variable
  }

  public var description: String {
    var text = message
    if !expression.isEmpty, !message.contains(expression) {
      text += "\n  in: \(expression)"
      if let offset, offset >= 0, offset <= expression.count, !expression.contains("\n") {
        text += "\n      " + String(repeating: " ", count: offset) + "^"
      }
    }
    if let hint { text += "\n  hint: \(hint)" }
    return text
  }

  /// The same error, located in `expression` (when it was not located yet).
  func located(in expression: String, offset: Int? = nil) -> ExpressionError {
    var copy = self
    if copy.expression.isEmpty { copy.expression = expression }
    if copy.offset == nil { copy.offset = offset }
    return copy
  }
}

/// The known names closest to `name`, for "did you mean" hints: those within a small edit
/// distance, nearest first.
enum Suggestions {
  static func closest(to name: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
    let target = Array(name.utf8)
    // Two edits for short names, three for long ones: more would suggest unrelated siblings
    // (`inputs.parameters.a` for `inputs.parameters.vintag`).
    let threshold = max(2, min(3, target.count / 4))
    var scored: [(distance: Int, name: String)] = []
    for candidate in candidates {
      let bytes = Array(candidate.utf8)
      guard abs(bytes.count - target.count) <= threshold else { continue }
      let distance = editDistance(target, bytes, limit: threshold)
      if distance <= threshold { scored.append((distance, candidate)) }
    }
    scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    return scored.prefix(limit).map(\.name)
  }

  /// A hint naming the closest candidates, or `nil` when none is close.
  static func hint(for name: String, among candidates: some Sequence<String>) -> String? {
    let found = closest(to: name, among: candidates)
    guard !found.isEmpty else { return nil }
    return "did you mean " + found.joined(separator: " or ") + "?"
  }

  /// Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
  static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        rowMinimum = min(rowMinimum, current[j])
      }
      if rowMinimum > limit { return limit + 1 }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
