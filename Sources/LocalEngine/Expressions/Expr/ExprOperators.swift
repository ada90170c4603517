import Foundation

/// expr-lang's binary operators on evaluated values.
enum ExprOperators {
  /// The longest list `a..b` may build.
  static let maxRange: Int64 = 1_000_000

  static func apply(
    _ op: String, _ left: ExprValue, _ right: ExprValue, evaluator: ExprEvaluator, at node: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    switch op {
    case "==": return .bool(equal(left, right, environment: evaluator.environment))
    case "!=": return .bool(!equal(left, right, environment: evaluator.environment))
    case "<", ">", "<=", ">=":
      guard let order = compare(left, right) else { throw evaluator.mismatch(op, left, right, at: node) }
      switch op {
      case "<": return .bool(order < 0)
      case ">": return .bool(order > 0)
      case "<=": return .bool(order <= 0)
      default: return .bool(order >= 0)
      }
    case "+":
      switch (left, right) {
      case (.int(let a), .int(let b)): return .int(a &+ b)
      case (.string(let a), .string(let b)): return .string(a + b)
      case (.array(let a), .array(let b)): return .array(a + b)
      default:
        guard let a = left.doubleValue, let b = right.doubleValue else {
          throw evaluator.mismatch(op, left, right, at: node)
        }
        return .float(a + b)
      }
    case "-", "*":
      if case .int(let a) = left, case .int(let b) = right { return .int(op == "-" ? a &- b : a &* b) }
      guard let a = left.doubleValue, let b = right.doubleValue else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      return .float(op == "-" ? a - b : a * b)
    case "/":
      guard let a = left.doubleValue, let b = right.doubleValue else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      return .float(a / b)
    case "%":
      guard case .int(let a) = left, case .int(let b) = right else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      if b == 0 { throw evaluator.error(.evaluation, "integer divide by zero", at: node) }
      return .int(a.remainderReportingOverflow(dividingBy: b).partialValue)
    case "**":
      guard let a = left.doubleValue, let b = right.doubleValue else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      return .float(pow(a, b))
    case "..":
      guard case .int(let a) = left, case .int(let b) = right else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      if b < a { return .array([]) }
      let (span, overflow) = b.subtractingReportingOverflow(a)
      guard !overflow, span < maxRange else {
        throw evaluator.error(.evaluation, "the range \(a)..\(b) is too long (more than \(maxRange) elements)", at: node)
      }
      return .array((a...b).map { .int($0) })
    case "in", "not in":
      let found = try contains(right, left, op: op, evaluator: evaluator, at: node)
      return .bool(op == "in" ? found : !found)
    case "matches":
      guard case .string(let text) = left, case .string(let pattern) = right else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      switch GoRegex.compile(pattern) {
      case .success(let regex): return .bool(regex.matches(text))
      case .failure(let failure):
        throw evaluator.error(.evaluation, failure.message, at: node)
      }
    case "contains", "startsWith", "endsWith":
      guard case .string(let text) = left, case .string(let part) = right else {
        throw evaluator.mismatch(op, left, right, at: node)
      }
      switch op {
      case "contains": return .bool(part.isEmpty || text.contains(part))
      case "startsWith": return .bool(text.hasPrefix(part))
      default: return .bool(text.hasSuffix(part))
      }
    default:
      throw evaluator.error(.unsupported, "unknown operator \(op)", at: node)
    }
  }

  private static func contains(
    _ container: ExprValue, _ element: ExprValue, op: String, evaluator: ExprEvaluator, at node: ExprNode
  ) throws(ExpressionError) -> Bool {
    switch container {
    case .array(let elements):
      return elements.contains { equal($0, element, environment: evaluator.environment) }
    case .map(let map):
      guard case .string(let key) = element else { return false }
      return map[key] != nil
    case .namespace(let prefix):
      guard case .string(let key) = element else { return false }
      if case .missing = evaluator.environment.lookup(prefix + "." + key) { return false }
      return true
    case .null:
      return false
    default:
      throw evaluator.error(
        .type, "invalid operation: \(op) needs an array or a map on its right, not \(evaluator.describe(container))",
        at: node, hint: container.typeName == "string" ? "to look for text in a string, use `contains`" : nil)
    }
  }

  /// expr-lang's equality: numbers by value whatever their type, other values of different
  /// types never equal.
  static func equal(_ left: ExprValue, _ right: ExprValue, environment: ExprEnvironment) -> Bool {
    switch (left, right) {
    case (.int(let a), .int(let b)): return a == b
    case (.int, .float), (.float, .int), (.float, .float):
      return left.doubleValue == right.doubleValue
    case (.namespace(let prefix), _):
      return equal(.map(environment.members(of: prefix)), right, environment: environment)
    case (_, .namespace(let prefix)):
      return equal(left, .map(environment.members(of: prefix)), environment: environment)
    case (.array(let a), .array(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1, environment: environment) }
    case (.map(let a), .map(let b)):
      return a.count == b.count
        && a.keys.allSatisfy { key in
          guard let x = a[key], let y = b[key] else { return false }
          return equal(x, y, environment: environment)
        }
    default:
      return left == right
    }
  }

  /// The order of two numbers or two strings; `nil` for other pairs.
  static func compare(_ left: ExprValue, _ right: ExprValue) -> Int? {
    switch (left, right) {
    case (.int(let a), .int(let b)): return a < b ? -1 : a > b ? 1 : 0
    case (.string(let a), .string(let b)):
      // Go compares strings byte by byte.
      return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : a == b ? 0 : 1
    default:
      guard let a = left.doubleValue, let b = right.doubleValue else { return nil }
      return a < b ? -1 : a > b ? 1 : 0
    }
  }
}
