import ArgoModel

/// Where a template is defined: in the workflow itself, or in a WorkflowTemplate or
/// ClusterWorkflowTemplate that a `templateRef` named. Plain `template:` names inside a
/// referenced template resolve within that template, as Argo resolves them.
enum TemplateScope: Sendable, Hashable {
  case own
  case namespaced(String)
  case cluster(String)

  /// Argo's `templateScope` of a node: `local/WORKFLOW`, `namespaced/NAME`, `cluster/NAME`.
  func text(workflow: String) -> String {
    switch self {
    case .own: return "local/\(workflow)"
    case .namespaced(let name): return "namespaced/\(name)"
    case .cluster(let name): return "cluster/\(name)"
    }
  }
}

/// The templates a workflow can run: its own (its WorkflowTemplate's, for a
/// `workflowTemplateRef`), and the specs of the templates its `templateRef`s may name.
struct TemplateLibrary: Sendable {
  var own: [String: JSONValue] = [:]
  var workflowTemplates: [String: JSONValue] = [:]
  var clusterWorkflowTemplates: [String: JSONValue] = [:]

  init(spec: JSONValue, workflowTemplates: [String: JSONValue] = [:], clusterWorkflowTemplates: [String: JSONValue] = [:]) {
    own = TemplateLibrary.byName(spec)
    self.workflowTemplates = workflowTemplates
    self.clusterWorkflowTemplates = clusterWorkflowTemplates
  }

  static func byName(_ spec: JSONValue?) -> [String: JSONValue] {
    var templates: [String: JSONValue] = [:]
    for template in spec?["templates"]?.elements ?? [] {
      if let name = template["name"]?.stringValue, templates[name] == nil { templates[name] = template }
    }
    return templates
  }

  func template(named name: String, in scope: TemplateScope) -> JSONValue? {
    switch scope {
    case .own: return own[name]
    case .namespaced(let holder): return TemplateLibrary.byName(workflowTemplates[holder])[name]
    case .cluster(let holder): return TemplateLibrary.byName(clusterWorkflowTemplates[holder])[name]
    }
  }

  /// The template a step, a task or the entrypoint calls, and the scope its own calls resolve in.
  func resolve(_ call: JSONValue, in scope: TemplateScope) -> (template: JSONValue, scope: TemplateScope)? {
    if let inline = call["inline"], inline.objectValue != nil { return (inline, scope) }
    if let reference = call["templateRef"], let holder = reference["name"]?.stringValue, let name = reference["template"]?.stringValue {
      let referenced: TemplateScope = reference["clusterScope"]?.boolValue == true ? .cluster(holder) : .namespaced(holder)
      return template(named: name, in: referenced).map { ($0, referenced) }
    }
    if let name = call["template"]?.stringValue { return template(named: name, in: scope).map { ($0, scope) } }
    return nil
  }

  /// The kind of node a template makes, in Argo's words.
  static func nodeType(_ template: JSONValue) -> String {
    if template["dag"] != nil { return "DAG" }
    if template["steps"] != nil { return "Steps" }
    if template["suspend"] != nil { return "Suspend" }
    if template["http"] != nil { return "HTTP" }
    if template["plugin"] != nil { return "Plugin" }
    return "Pod"
  }

  /// The template types Argo accepts, one of which each template must have.
  static let templateTypes = ["container", "containerSet", "steps", "script", "resource", "dag", "suspend", "data", "http", "plugin"]
}

/// Argo's `depends` expressions: task names, optionally with a result (`a.Succeeded`,
/// `b.Failed`, `c.AnySucceeded`), joined with `&&`, `||`, `!` and parentheses.
struct DependsExpression: Sendable {
  indirect enum Term: Sendable {
    case task(String, result: String?)
    case not(Term)
    case and(Term, Term)
    case or(Term, Term)
  }

  static let results: Set<String> = ["Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned", "AnySucceeded", "AllFailed"]

  let term: Term?

  init(_ text: String) {
    var tokens = DependsExpression.tokens(text)[...]
    term = DependsExpression.parseOr(&tokens)
  }

  /// Every task the expression names, with the results asked of it.
  var references: [(task: String, result: String?)] {
    var found: [(String, String?)] = []
    func walk(_ term: Term) {
      switch term {
      case .task(let name, let result): found.append((name, result))
      case .not(let inner): walk(inner)
      case .and(let left, let right), .or(let left, let right):
        walk(left)
        walk(right)
      }
    }
    if let term { walk(term) }
    return found
  }

  func evaluate(_ holds: (String, String?) -> Bool) -> Bool {
    func value(_ term: Term) -> Bool {
      switch term {
      case .task(let name, let result): return holds(name, result)
      case .not(let inner): return !value(inner)
      case .and(let left, let right): return value(left) && value(right)
      case .or(let left, let right): return value(left) || value(right)
      }
    }
    return term.map(value) ?? true
  }

  private static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    let characters = Array(text)
    var index = 0
    func flush() {
      if !current.isEmpty { tokens.append(current) }
      current = ""
    }
    while index < characters.count {
      let character = characters[index]
      if character == "(" || character == ")" || character == "!" {
        flush()
        tokens.append(String(character))
      } else if (character == "&" || character == "|"), index + 1 < characters.count, characters[index + 1] == character {
        flush()
        tokens.append(String([character, character]))
        index += 1
      } else if character == " " || character == "\t" || character == "\n" {
        flush()
      } else {
        current.append(character)
      }
      index += 1
    }
    flush()
    return tokens
  }

  private static func parseOr(_ tokens: inout ArraySlice<String>) -> Term? {
    guard var left = parseAnd(&tokens) else { return nil }
    while tokens.first == "||" {
      tokens.removeFirst()
      guard let right = parseAnd(&tokens) else { return left }
      left = .or(left, right)
    }
    return left
  }

  private static func parseAnd(_ tokens: inout ArraySlice<String>) -> Term? {
    guard var left = parseUnary(&tokens) else { return nil }
    while tokens.first == "&&" {
      tokens.removeFirst()
      guard let right = parseUnary(&tokens) else { return left }
      left = .and(left, right)
    }
    return left
  }

  private static func parseUnary(_ tokens: inout ArraySlice<String>) -> Term? {
    guard let token = tokens.first else { return nil }
    tokens.removeFirst()
    switch token {
    case "!":
      return parseUnary(&tokens).map { .not($0) }
    case "(":
      let inner = parseOr(&tokens)
      if tokens.first == ")" { tokens.removeFirst() }
      return inner
    default:
      if let dot = token.lastIndex(of: "."), results.contains(String(token[token.index(after: dot)...])) {
        return .task(String(token[..<dot]), result: String(token[token.index(after: dot)...]))
      }
      return .task(token, result: nil)
    }
  }
}
