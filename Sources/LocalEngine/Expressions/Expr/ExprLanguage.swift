import ArgoModel

/// Evaluation of expr-lang expressions, as Argo evaluates `{{= …}}` tags, a retry strategy's
/// `expression` and a lifecycle hook's `expression`.
///
/// Variables are the scope's dotted names; member access and indexing walk them one component
/// at a time, so `inputs.parameters.x`, `inputs.parameters['x']` and
/// `steps['flip-coin'].outputs.result` all read the variables of those names. Parameters are
/// strings: convert them with `asInt`/`asFloat` before doing arithmetic.
///
/// The language: literals (`1`, `2.5`, `'text'`, `"text"`, `true`, `nil`, `[1, 2]`, `{a: 1}`),
/// arithmetic (`+ - * / % **`; `/` and `**` give floats), comparisons (a string is never equal
/// to a number), `&& || !` and their spellings `and or not`, `??`, `a ? b : c`, `in`, `not in`,
/// `matches`, `contains`, `startsWith`, `endsWith`, ranges `1..3`, indexing and slices, pipes
/// (`x | upper()`), expr-lang's builtins (`len`, `filter(list, # > 1)`, `map`, `toJSON`…), and
/// Argo's additions: `asInt`, `asFloat`, `toJson`, `jsonpath(text, '$.a[0]')` and
/// `sprig.<function>`.
///
/// ```swift
/// let scope: ExpressionScope = ["inputs.parameters.count": "3", "lastRetry.exitCode": "2"]
/// try ExprLanguage.evaluate("asInt(inputs.parameters.count) * 2", scope: scope)  // 6
/// try ExprLanguage.isTrue("asInt(lastRetry.exitCode) > 1", scope: scope)        // true
/// ExprLanguage.references(in: "inputs.parameters['count'] + 1")                // ["inputs.parameters.count"]
/// ```
public enum ExprLanguage {
  /// Evaluates an expression.
  ///
  /// - Parameters:
  ///   - source: The expression, without the `{{=` and `}}` around it.
  ///   - scope: The variables it may read.
  /// - Returns: The value, as JSON: integers as integers, floats as floats.
  /// - Throws: `ExpressionError`: `.syntax` with the offset where parsing failed,
  ///   `.unresolvedVariable` with the closest known names as a hint, `.type` for operands of
  ///   the wrong kind, `.evaluation` for a failing function, `.absentValue` when the failure
  ///   comes from reading an absent optional output.
  public static func evaluate(_ source: String, scope: ExpressionScope) throws(ExpressionError) -> JSONValue {
    let environment = ExprEnvironment(scope: scope)
    let (value, evaluator) = try run(source, environment: environment)
    guard let json = value.json(environment: environment) else {
      throw evaluator.error(
        .evaluation, "the result is not a finite number (\(value.goText(environment: environment)))",
        at: ExprNode(kind: .literal(.null), offset: 0, depth: 1), hint: "check for a division by zero")
    }
    return json
  }

  /// Evaluates a condition, which must give a Boolean.
  ///
  /// - Throws: `ExpressionError` as ``evaluate(_:scope:)``, and `.type` naming what the
  ///   expression gave when it is not a Boolean.
  public static func isTrue(_ source: String, scope: ExpressionScope) throws(ExpressionError) -> Bool {
    let environment = ExprEnvironment(scope: scope)
    let (value, _) = try run(source, environment: environment)
    guard case .bool(let flag) = value else {
      var hint = "compare it, e.g. `… == 'Succeeded'`"
      if case .string(let text) = value, text == "true" || text == "false" {
        hint = "parameters are strings: write `… == 'true'`"
      }
      throw ExpressionError(
        .type, "the condition must give true or false, and it gave \(describe(value, environment: environment))",
        expression: source, offset: 0, hint: hint)
    }
    return flag
  }

  /// The variables an expression reads, as dotted names, in order of first use:
  /// `inputs.parameters.x` for `asInt(inputs.parameters['x'])`. Names under a predicate's `#`,
  /// function names and `sprig` are not variables. An expression that cannot be parsed reads
  /// nothing.
  public static func references(in source: String) -> [String] {
    guard let root = try? ExprParser.parse(source) else { return [] }
    var names: [String] = []
    var seen = Set<String>()
    var stack = [root]
    // Depth-first, left to right, without recursion.
    while let node = stack.popLast() {
      if case .call(let callee, let arguments) = node.kind, ExprEvaluator.dottedName(of: callee) != nil {
        stack.append(contentsOf: arguments.reversed())
        continue
      }
      if let name = ExprEvaluator.dottedName(of: node) {
        if name != "sprig", !name.hasPrefix("sprig."), seen.insert(name).inserted { names.append(name) }
        continue
      }
      stack.append(contentsOf: node.children.reversed())
    }
    return names
  }

  // MARK: Internals

  static func run(
    _ source: String, environment: ExprEnvironment
  ) throws(ExpressionError) -> (ExprValue, ExprEvaluator) {
    let root = try ExprParser.parse(source)
    var evaluator = ExprEvaluator(environment: environment, source: source)
    do {
      let value = try evaluator.evaluate(root)
      return (value, evaluator)
    } catch {
      throw absentCause(of: error, evaluator: evaluator)
    }
  }

  /// A failure that follows from reading an absent optional output, reported as such.
  private static func absentCause(of error: ExpressionError, evaluator: ExprEvaluator) -> ExpressionError {
    guard let name = evaluator.absentNames.first, error.code == .type || error.code == .evaluation else {
      return error
    }
    var copy = error
    copy.code = .absentValue
    copy.variable = name
    copy.message += " (\(name) is an absent optional output: its step was skipped or omitted)"
    copy.hint = "give a default: \(name) ?? 'fallback'"
    return copy
  }

  static func describe(_ value: ExprValue, environment: ExprEnvironment) -> String {
    ExprEvaluator(environment: environment, source: "").describe(value)
  }

  /// Evaluates a `{{=…}}` tag's expression to the text Argo inserts: the value as Go's `%v`
  /// prints it. A `nil` result is an error, as in Argo.
  static func substitution(_ source: String, environment: ExprEnvironment) throws(ExpressionError) -> String {
    let (value, evaluator) = try run(source, environment: environment)
    if case .null = value {
      if let name = evaluator.absentNames.first {
        throw ExpressionError(
          .absentValue, "the expression gave nil: \(name) is an absent optional output", expression: source,
          offset: 0, hint: "give a default: \(name) ?? 'fallback'", variable: name)
      }
      throw ExpressionError(
        .evaluation, "the expression gave nil", expression: source, offset: 0,
        hint: "a map's missing key gives nil; use ?? to give a default")
    }
    return value.goText(environment: environment)
  }
}
