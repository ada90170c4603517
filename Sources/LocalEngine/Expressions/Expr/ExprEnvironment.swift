import ArgoModel

/// The variables of a scope as an expression sees them: the flat dotted names
/// (`tasks.a.outputs.result`) and every prefix of them (`tasks`, `tasks.a`), so that member
/// access and indexing (`tasks['a'].outputs`) walk the names one component at a time.
struct ExprEnvironment: Sendable {
  let scope: ExpressionScope
  /// Every proper dotted prefix of a name in the scope.
  private let prefixes: Set<String>

  init(scope: ExpressionScope) {
    self.scope = scope
    var prefixes = Set<String>()
    for name in scope.values.keys {
      var remainder = Substring(name)
      while let dot = remainder.lastIndex(of: ".") {
        remainder = remainder[..<dot]
        if !prefixes.insert(String(remainder)).inserted { break }
      }
    }
    self.prefixes = prefixes
  }

  enum Lookup {
    case value(JSONValue)
    case namespace
    case missing
  }

  /// What `name` stands for: a variable, a prefix, or nothing. When a name is both, an object
  /// wins (`item`, whose members are also `item.<key>`), and otherwise the prefix does:
  /// `inputs.parameters` is a JSON list for `{{inputs.parameters}}`, but
  /// `inputs.parameters.num` is what an expression means by it.
  func lookup(_ name: String) -> Lookup {
    let value = scope.values[name]
    if case .object = value { return .value(value ?? .null) }
    if prefixes.contains(name) { return .namespace }
    if let value { return .value(value) }
    return .missing
  }

  /// The variables directly under `prefix`, as a map.
  func members(of prefix: String) -> ExprMap {
    var map = ExprMap()
    let start = prefix + "."
    for name in scope.values.keys.sorted() where name.hasPrefix(start) {
      let rest = name.dropFirst(start.count)
      let key = rest.firstIndex(of: ".").map { String(rest[..<$0]) } ?? String(rest)
      guard map[key] == nil else { continue }
      let full = start + key
      switch lookup(full) {
      case .value(let value): map[key] = ExprValue(value)
      case .namespace: map[key] = .namespace(full)
      case .missing: break
      }
    }
    return map
  }

  /// A hint for an unknown `name`: the closest known names, or those under its longest
  /// known prefix.
  func hint(forUnknown name: String) -> String? {
    let depth = name.utf8.count { $0 == UInt8(ascii: ".") }
    let sameDepth =
      scope.values.keys.filter { $0.utf8.count { $0 == UInt8(ascii: ".") } == depth }
      + prefixes.filter { $0.utf8.count { $0 == UInt8(ascii: ".") } == depth }
    if let hint = Suggestions.hint(for: name, among: sameDepth) { return hint }
    return TemplateString.unresolvedHint(for: name, in: scope)
  }
}
