import ArgoModel

/// Evaluates a syntax tree against an environment, with expr-lang's semantics: integers and
/// floats are distinct but compare and mix, `/` and `**` give floats, `==` between values of
/// different kinds is false, and the other operators reject mismatched kinds.
struct ExprEvaluator {
  let environment: ExprEnvironment
  let source: String
  /// The elements (and their indexes) of the predicates being evaluated, innermost last.
  private var elements: [(value: ExprValue, index: Int)] = []
  /// Variables read that stand for absent optional outputs.
  private(set) var absentNames: [String] = []

  init(environment: ExprEnvironment, source: String) {
    self.environment = environment
    self.source = source
  }

  func error(
    _ code: ExpressionError.Code, _ message: String, at node: ExprNode, hint: String? = nil, variable: String? = nil
  ) -> ExpressionError {
    ExpressionError(code, message, expression: source, offset: node.offset, hint: hint, variable: variable)
  }

  // MARK: Nodes

  mutating func evaluate(_ node: ExprNode) throws(ExpressionError) -> ExprValue {
    switch node.kind {
    case .literal(let value):
      return value
    case .identifier(let name):
      return try resolve(name, at: node)
    case .pointer(let name):
      guard let element = elements.last else {
        throw error(
          .syntax, "`#\(name)` is only meaningful inside a predicate", at: node,
          hint: "use it in the second argument of filter, map, all, any…, e.g. filter(list, # > 1)")
      }
      switch name {
      case "": return element.value
      case "index": return .int(Int64(element.index))
      default: throw error(.syntax, "unknown pointer `#\(name)`; use `#` or `#index`", at: node)
      }
    case .member(let baseNode, let name, let optional):
      let base = try evaluate(baseNode)
      return try member(name, of: base, optional: optional, at: node, baseNode: baseNode)
    case .index(let baseNode, let indexNode, let optional):
      let base = try evaluate(baseNode)
      let index = try evaluate(indexNode)
      return try subscriptValue(base, index, optional: optional, at: node, baseNode: baseNode)
    case .slice(let baseNode, let fromNode, let toNode):
      let base = try evaluate(baseNode)
      let from = try fromNode.map { (node) throws(ExpressionError) in try evaluate(node) }
      let to = try toNode.map { (node) throws(ExpressionError) in try evaluate(node) }
      return try slice(base, from: from, to: to, at: node)
    case .call(let callee, let arguments):
      return try call(callee, arguments, at: node)
    case .unary(let op, let operandNode):
      let operand = try evaluate(operandNode)
      return try unary(op, operand, at: node)
    case .binary(let op, let leftNode, let rightNode):
      return try binary(op, leftNode, rightNode, at: node)
    case .conditional(let conditionNode, let thenNode, let otherwiseNode):
      let condition = try evaluate(conditionNode)
      guard case .bool(let flag) = condition else {
        throw error(
          .type, "the condition of `? :` must be a bool, not \(describe(condition))", at: conditionNode)
      }
      return try evaluate(flag ? thenNode : otherwiseNode)
    case .array(let elementNodes):
      var values: [ExprValue] = []
      values.reserveCapacity(elementNodes.count)
      for elementNode in elementNodes { values.append(try evaluate(elementNode)) }
      return .array(values)
    case .map(let members):
      var map = ExprMap()
      for member in members { map[member.key] = try evaluate(member.value) }
      return .map(map)
    case .predicate:
      throw error(.syntax, "a predicate `{...}` is only meaningful as an argument of filter, map, all, any…", at: node)
    }
  }

  /// Evaluates a predicate's body for one element.
  mutating func apply(_ predicate: ExprNode, to element: ExprValue, index: Int) throws(ExpressionError) -> ExprValue {
    let body: ExprNode
    if case .predicate(let inner) = predicate.kind { body = inner } else { body = predicate }
    elements.append((element, index))
    defer { elements.removeLast() }
    return try evaluate(body)
  }

  // MARK: Variables

  private mutating func resolve(_ name: String, at node: ExprNode) throws(ExpressionError) -> ExprValue {
    switch environment.lookup(name) {
    case .value(let value):
      if value.isNull { absentNames.append(name) }
      return ExprValue(value)
    case .namespace:
      return .namespace(name)
    case .missing:
      if name == "sprig" { return .function("sprig") }
      if ExprBuiltins.names.contains(name) { return .function(name) }
      throw error(
        .unresolvedVariable, "unknown name \(name)", at: node, hint: environment.hint(forUnknown: name),
        variable: name)
    }
  }

  /// The dotted name a node reads, when it is a chain of names (`inputs.parameters['x']`).
  static func dottedName(of node: ExprNode) -> String? {
    switch node.kind {
    case .identifier(let name): return name
    case .member(let base, let name, _): return dottedName(of: base).map { $0 + "." + name }
    case .index(let base, let index, _):
      guard case .literal(.string(let key)) = index.kind else { return nil }
      return dottedName(of: base).map { $0 + "." + key }
    default: return nil
    }
  }

  private mutating func member(
    _ name: String, of base: ExprValue, optional: Bool, at node: ExprNode, baseNode: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    switch base {
    case .namespace(let prefix):
      let full = prefix + "." + name
      switch environment.lookup(full) {
      case .value(let value):
        if value.isNull { absentNames.append(full) }
        return ExprValue(value)
      case .namespace:
        return .namespace(full)
      case .missing:
        throw error(
          .unresolvedVariable, "unknown name \(full)", at: node, hint: environment.hint(forUnknown: full),
          variable: full)
      }
    case .map(let map):
      return map[name] ?? .null
    case .function("sprig"):
      guard ExprSprig.names.contains(name) else {
        throw error(
          .unsupported, "sprig.\(name) is not a sprig function this engine provides", at: node,
          hint: Suggestions.hint(for: name, among: ExprSprig.names))
      }
      return .function("sprig." + name)
    case .null:
      if optional { return .null }
      let what = ExprEvaluator.dottedName(of: baseNode).map { "\($0) is nil" } ?? "the value is nil"
      throw error(
        .evaluation, "cannot read .\(name): \(what)", at: node,
        hint: "use ?. to read a member of a value that may be nil, or ?? to give a default")
    default:
      if optional, case .null = base { return .null }
      throw error(.type, "cannot read .\(name) of \(describe(base))", at: node)
    }
  }

  private mutating func subscriptValue(
    _ base: ExprValue, _ index: ExprValue, optional: Bool, at node: ExprNode, baseNode: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    switch (base, index) {
    case (.namespace, .string(let key)), (.map, .string(let key)), (.function("sprig"), .string(let key)):
      return try member(key, of: base, optional: optional, at: node, baseNode: baseNode)
    case (.array(let elements), _):
      guard case .int(let position) = index else {
        throw error(.type, "an array's index must be an int, not \(describe(index))", at: node)
      }
      guard let found = ExprEvaluator.normalizedIndex(position, count: elements.count) else {
        throw error(
          .evaluation, "index out of range: \(position) (the array has \(elements.count) elements)", at: node)
      }
      return elements[found]
    case (.string(let string), .int(let position)):
      let characters = Array(string.unicodeScalars)
      guard let found = ExprEvaluator.normalizedIndex(position, count: characters.count) else {
        throw error(
          .evaluation, "index out of range: \(position) (the string has \(characters.count) characters)", at: node)
      }
      return .string(String(characters[found]))
    case (.null, _):
      if optional { return .null }
      throw error(.evaluation, "cannot index nil", at: node, hint: "use ?.[…] or ?? to handle a value that may be nil")
    default:
      throw error(.type, "cannot index \(describe(base)) with \(describe(index))", at: node)
    }
  }

  /// A position from the start, counting negative positions from the end.
  static func normalizedIndex(_ position: Int64, count: Int) -> Int? {
    let resolved = position < 0 ? Int64(count) + position : position
    guard resolved >= 0, resolved < Int64(count) else { return nil }
    return Int(resolved)
  }

  private func slice(_ base: ExprValue, from: ExprValue?, to: ExprValue?, at node: ExprNode) throws(ExpressionError) -> ExprValue {
    func bound(_ value: ExprValue?, default fallback: Int, count: Int) throws(ExpressionError) -> Int {
      guard let value else { return fallback }
      guard case .int(let int) = value else {
        throw error(.type, "a slice's bounds must be ints, not \(describe(value))", at: node)
      }
      let resolved = int < 0 ? Int64(count) + int : int
      return Int(min(max(resolved, 0), Int64(count)))
    }
    switch base {
    case .array(let elements):
      let lower = try bound(from, default: 0, count: elements.count)
      let upper = try bound(to, default: elements.count, count: elements.count)
      return .array(lower < upper ? Array(elements[lower..<upper]) : [])
    case .string(let string):
      let characters = Array(string.unicodeScalars)
      let lower = try bound(from, default: 0, count: characters.count)
      let upper = try bound(to, default: characters.count, count: characters.count)
      var view = String.UnicodeScalarView()
      if lower < upper { view.append(contentsOf: characters[lower..<upper]) }
      return .string(String(view))
    default:
      throw error(.type, "cannot slice \(describe(base))", at: node)
    }
  }

  // MARK: Calls

  private mutating func call(_ callee: ExprNode, _ arguments: [ExprNode], at node: ExprNode) throws(ExpressionError) -> ExprValue {
    let function = try evaluate(callee)
    guard case .function(let name) = function else {
      let what = ExprEvaluator.dottedName(of: callee) ?? "the value"
      throw error(.type, "\(what) is \(describe(function)), not a function", at: callee)
    }
    if name == "sprig" {
      throw error(.type, "sprig is a namespace: call one of its functions, e.g. sprig.upper(x)", at: callee)
    }
    if name.hasPrefix("sprig.") {
      var values: [ExprValue] = []
      for argument in arguments { values.append(try evaluate(argument)) }
      return try ExprSprig.call(String(name.dropFirst(6)), values, evaluator: self, at: node)
    }
    return try ExprBuiltins.call(name, arguments, evaluator: &self, at: node)
  }

  // MARK: Operators

  func describe(_ value: ExprValue) -> String {
    switch value {
    case .null: return "nil"
    case .string(let string):
      let shown = string.count > 40 ? String(string.prefix(40)) + "…" : string
      return "the string \"\(shown)\""
    case .int(let int): return "the int \(int)"
    case .float(let double): return "the float \(GoFormat.float(double))"
    case .bool(let bool): return "the bool \(bool)"
    case .array: return "an array"
    case .map, .namespace: return "a map"
    case .function(let name): return "the function \(name)"
    }
  }

  private func unary(_ op: String, _ operand: ExprValue, at node: ExprNode) throws(ExpressionError) -> ExprValue {
    switch (op, operand) {
    case ("!", .bool(let bool)): return .bool(!bool)
    case ("-", .int(let int)): return .int(0 &- int)
    case ("-", .float(let double)): return .float(-double)
    case ("+", .int), ("+", .float): return operand
    default:
      let name = op == "!" ? "not" : op
      throw error(
        .type, "invalid operation: \(name) \(operand.typeName) (\(describe(operand)))", at: node,
        hint: mismatchHint(operand, operand))
    }
  }

  private func mismatchHint(_ left: ExprValue, _ right: ExprValue) -> String? {
    func isNumericText(_ value: ExprValue) -> Bool {
      if case .string(let string) = value { return Double(string) != nil }
      return false
    }
    if isNumericText(left) || isNumericText(right) {
      return "parameters are strings: convert them with asInt(…) or asFloat(…)"
    }
    if case .string(let string) = left, string == "true" || string == "false" {
      return "parameters are strings: compare with == 'true', or convert"
    }
    if case .string(let string) = right, string == "true" || string == "false" {
      return "parameters are strings: compare with == 'true', or convert"
    }
    return nil
  }

  private mutating func binary(
    _ op: String, _ leftNode: ExprNode, _ rightNode: ExprNode, at node: ExprNode
  ) throws(ExpressionError) -> ExprValue {
    switch op {
    case "&&", "||":
      let left = try evaluate(leftNode)
      guard case .bool(let leftFlag) = left else {
        throw error(
          .type, "invalid operation: \(op) needs bools, and its left side is \(describe(left))", at: node,
          hint: mismatchHint(left, left))
      }
      if op == "&&", !leftFlag { return .bool(false) }
      if op == "||", leftFlag { return .bool(true) }
      let right = try evaluate(rightNode)
      guard case .bool(let rightFlag) = right else {
        throw error(
          .type, "invalid operation: \(op) needs bools, and its right side is \(describe(right))", at: node,
          hint: mismatchHint(right, right))
      }
      return .bool(rightFlag)
    case "??":
      let left: ExprValue
      do {
        left = try evaluate(leftNode)
      } catch {
        guard error.code == .unresolvedVariable else { throw error }
        return try evaluate(rightNode)
      }
      if case .null = left { return try evaluate(rightNode) }
      return left
    default:
      let left = try evaluate(leftNode)
      let right = try evaluate(rightNode)
      return try ExprOperators.apply(op, left, right, evaluator: self, at: node)
    }
  }

  func mismatch(_ op: String, _ left: ExprValue, _ right: ExprValue, at node: ExprNode) -> ExpressionError {
    error(
      .type,
      "invalid operation: \(op) (mismatched types \(left.typeName) and \(right.typeName)): \(describe(left)) \(op) \(describe(right))",
      at: node, hint: mismatchHint(left, right))
  }
}
