import ArgoModel

/// The scheduler's use of expressions: `{{...}}` in templates and arguments, `when`
/// conditions, and `{{= ...}}` / `expression` fields. Scopes are flat: `tasks.a.outputs.result`.
enum Evaluation {
  typealias Scope = [String: JSONValue]

  /// `text` with every `{{...}}` it can resolve replaced; with `keepUnresolved`, the others stay
  /// as they are (to be resolved later, as Argo does for `{{tasks.*}}` and `{{item}}`).
  static func render(_ text: String, _ scope: Scope, keepUnresolved: Bool) throws(SchedulerError) -> String {
    guard text.contains("{{") else { return text }
    var result = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      result += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].range(of: "}}") else {
        result += rest[open.lowerBound...]
        return result
      }
      let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
      if let value = scope[name] {
        result += string(value)
      } else if keepUnresolved {
        result += rest[open.lowerBound..<close.upperBound]
      } else {
        throw SchedulerError("failed to resolve {{\(name)}}")
      }
      rest = rest[close.upperBound...]
    }
    return result + rest
  }

  /// Every string of `json` rendered.
  static func substitute(_ json: JSONValue, _ scope: Scope, keepUnresolved: Bool) throws(SchedulerError) -> JSONValue {
    switch json {
    case .string(let text): return .string(try render(text, scope, keepUnresolved: keepUnresolved))
    case .array(let values):
      var result: [JSONValue] = []
      result.reserveCapacity(values.count)
      for value in values { result.append(try substitute(value, scope, keepUnresolved: keepUnresolved)) }
      return .array(result)
    case .object(let object):
      var result = JSONObject()
      for member in object { result.append(member.key, try substitute(member.value, scope, keepUnresolved: keepUnresolved)) }
      return .object(result)
    default: return json
    }
  }

  /// A `when` condition, already rendered.
  static func condition(_ text: String) throws(SchedulerError) -> Bool {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    for op in ["!=", "=="] {
      if let range = trimmed.range(of: op) {
        let left = unquote(trimmed[..<range.lowerBound])
        let right = unquote(trimmed[range.upperBound...])
        return op == "==" ? left == right : left != right
      }
    }
    if trimmed == "true" { return true }
    if trimmed == "false" { return false }
    throw SchedulerError("cannot evaluate the condition '\(text)'")
  }

  /// A `{{= ...}}` or `expression:` text.
  static func expression(_ text: String, _ scope: Scope) throws(SchedulerError) -> JSONValue {
    if let value = scope[text.trimmingCharacters(in: .whitespaces)] { return value }
    throw SchedulerError("cannot evaluate the expression '\(text)'")
  }

  private static func unquote(_ text: Substring) -> String {
    var value = text.trimmingCharacters(in: .whitespaces)
    if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
      value = String(value.dropFirst().dropLast())
    }
    return value
  }

  /// A value as Argo writes it into a template: strings as they are, anything else as JSON.
  static func string(_ value: JSONValue) -> String {
    if case .string(let text) = value { return text }
    var writer = JSONWriter(style: .compact)
    writer.write(value)
    return writer.string
  }
}
