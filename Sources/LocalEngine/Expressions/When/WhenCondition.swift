/// A step's or a task's `when`, decided as Argo decides it.
///
/// Argo first substitutes every `{{...}}` in the condition (see ``TemplateString``), then reads
/// the text with govaluate, after turning each bare word into a string. So
/// `{{steps.flip.outputs.result}} == heads` becomes `heads == heads`, a comparison of two strings,
/// and `{{steps.count.outputs.result}} > 5` with a result of `7` compares two numbers.
///
/// The grammar is govaluate's: numbers (always floating point), strings in single or double
/// quotes, `true`/`false`, parentheses, `==` `!=` `>` `<` `>=` `<=`, `&&` `||` `!`, regular
/// expressions `=~` `!~` (Go's RE2 syntax), `+ - * / % **`, bitwise `& | ^ << >> ~`, unary minus,
/// `? :` and `??`, and `in` with a parenthesised list: `{{item}} in (a, b)`. Its type rules hold:
/// `==` between a string and a number is false, not an error; `>` between them is an error; `+`
/// concatenates when either side is a string.
///
/// Some of govaluate's rules surprise, and Argo users meet them after substitution:
/// - a value with a space is two words: `hello world == hello world` is a syntax error — quote
///   it in the condition (`'{{inputs.parameters.greeting}}' == 'hello world'`) or wrap it in
///   brackets (`[...]`, govaluate's escaped variable);
/// - a dash is an operator: `my-value == my-value` subtracts strings, an error;
/// - a word with a dot is a field access: `file.txt` is an error and `v1.2` finds nothing;
/// - a word may not start with a digit: `1st == 1st` is an error;
/// - quoted dates (`'2024-01-31'`) become numbers (seconds since 1970, read as UTC), so that they
///   compare in time order.
///
/// ```swift
/// try WhenCondition.evaluate("heads == heads")                   // true
/// try WhenCondition.evaluate("7 > 5 && tails != heads")          // true
/// try WhenCondition.evaluate("hello-world =~ '^hello'")          // error: '-' between strings
/// ```
public enum WhenCondition {
  /// Decides an already-substituted `when`. An empty condition is true.
  ///
  /// - Throws: `ExpressionError` when the text is not a govaluate expression (with Argo's hint to
  ///   quote when a token is invalid), when an operator gets values of the wrong type, or when the
  ///   result is not a Boolean.
  public static func evaluate(_ text: String) throws(ExpressionError) -> Bool {
    if text.isEmpty { return true }
    // 1. What NewEvaluableExpression does with the text.
    var tokens: [GovaluateToken]
    do {
      var lexer = GovaluateLexer(text)
      tokens = try lexer.tokens()
    } catch {
      let invalidToken = error.message.hasPrefix("Invalid token")
      throw ExpressionError(
        .syntax, "Invalid 'when' expression '\(text)': \(error.message)", expression: text, offset: error.offset,
        hint: invalidToken
          ? "try wrapping the affected expression in quotes (\"); a value with spaces, dashes or symbols must be quoted"
          : quotingHint(for: error.message))
    }
    do {
      _ = try GovaluateExpression(tokens: tokens)
    } catch {
      throw ExpressionError(
        .syntax, "Invalid 'when' expression '\(text)': \(error.message)", expression: text,
        hint: quotingHint(for: error.message))
    }
    // 2. Argo turns every variable into a string: `foo != bar` needs no quotes.
    for index in tokens.indices where tokens[index].kind == .variable {
      tokens[index].kind = .string
    }
    let expression: GovaluateExpression
    do {
      expression = try GovaluateExpression(tokens: tokens)
    } catch {
      throw ExpressionError(
        .syntax, "Failed to parse 'when' expression '\(text)': \(error.message)", expression: text,
        hint: quotingHint(for: error.message))
    }
    // 3. Evaluation, without parameters.
    let result: GovaluateExpression.Value
    do {
      result = try expression.evaluate()
    } catch {
      throw ExpressionError(
        .type, "Failed to evaluate 'when' expression '\(text)': \(error.message)", expression: text,
        hint: evaluationHint(for: error.message))
    }
    guard case .bool(let decision) = result else {
      throw ExpressionError(
        .type, "Expected boolean evaluation for '\(text)'. Got \(result.description)", expression: text,
        hint: "a condition compares values, e.g. `{{steps.flip.outputs.result}} == heads`")
    }
    return decision
  }

  private static func quotingHint(for message: String) -> String? {
    if message.contains("Cannot transition token types") {
      return "a value with spaces or starting with a digit splits into several tokens; quote it: '{{...}}'"
    }
    if message.contains("unexported field") || message.contains("Hanging accessor") {
      return "a value containing a dot must be quoted: '{{...}}'"
    }
    if message.contains("Unable to parse numeric value") {
      return "a value such as a version number (1.2.3) must be quoted: '{{...}}'"
    }
    return nil
  }

  private static func evaluationHint(for message: String) -> String? {
    if message.contains("modifier '-'") || message.contains("modifier '/'") {
      return "an unquoted value containing '-' or '/' is read as arithmetic; quote it: '{{...}}'"
    }
    if message.contains("No parameter") {
      return "a value containing a dot is read as a field access; quote it: '{{...}}'"
    }
    if message.contains("comparator") {
      return "compare numbers with numbers and strings with strings; `==` works between any two values"
    }
    return nil
  }
}
