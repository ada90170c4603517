import ArgoModel

/// The scheduler's use of expressions: `{{...}}` in templates and arguments, `when`
/// conditions, and `{{= ...}}` / `expression` fields. Scopes are flat: `tasks.a.outputs.result`.
enum Evaluation {
  typealias Scope = [String: JSONValue]

  /// `text` with every `{{...}}` it can resolve replaced; with `keepUnresolved`, the others stay
  /// as they are (to be resolved later, as Argo does for `{{tasks.*}}` and `{{item}}`).
  static func render(_ text: String, _ scope: Scope, keepUnresolved: Bool) throws(SchedulerError) -> String {
    guard text.contains("{{") else { return text }
    do {
      return try TemplateString.render(text, scope: ExpressionScope(scope), unresolved: keepUnresolved ? .keep : .fail)
    } catch {
      throw schedulerError(error)
    }
  }

  /// Every string of `json` rendered.
  static func substitute(_ json: JSONValue, _ scope: Scope, keepUnresolved: Bool) throws(SchedulerError) -> JSONValue {
    do {
      return try TemplateString.render(json, scope: ExpressionScope(scope), unresolved: keepUnresolved ? .keep : .fail)
    } catch {
      throw schedulerError(error)
    }
  }

  /// A `when` condition, already rendered, as Argo evaluates it (govaluate).
  static func condition(_ text: String) throws(SchedulerError) -> Bool {
    do {
      return try WhenCondition.evaluate(text)
    } catch {
      throw schedulerError(error)
    }
  }

  /// A `{{= ...}}` or `expression:` text (expr-lang).
  static func expression(_ text: String, _ scope: Scope) throws(SchedulerError) -> JSONValue {
    do {
      return try ExprLanguage.evaluate(text, scope: ExpressionScope(scope))
    } catch {
      throw schedulerError(error)
    }
  }

  /// An expression that must give true or false (retry and hook expressions).
  static func isTrue(_ text: String, _ scope: Scope) throws(SchedulerError) -> Bool {
    do {
      return try ExprLanguage.isTrue(text, scope: ExpressionScope(scope))
    } catch {
      throw schedulerError(error)
    }
  }

  /// An expression's error as one line for a node's message, its hint kept apart.
  static func schedulerError(_ error: ExpressionError) -> SchedulerError {
    var message = error.message
    if !error.expression.isEmpty, !message.contains(error.expression) { message += " in '\(error.expression)'" }
    return SchedulerError(message.replacingOccurrences(of: "\n", with: " "), hint: error.hint)
  }

  /// A value as Argo writes it into a template: strings as they are, anything else as JSON.
  static func string(_ value: JSONValue) -> String {
    TemplateString.text(of: value)
  }
}
