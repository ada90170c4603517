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
/// `workflowTemplateRef`), and those its `templateRef`s name, which the model's
/// `TemplateLibrary` resolves as the linter and the local engine resolve them.
struct RunTemplates: Sendable {
  var own: [String: JSONValue] = [:]
  var references: TemplateLibrary

  init(spec: JSONValue, references: TemplateLibrary = TemplateLibrary()) {
    own = RunTemplates.byName(spec)
    self.references = references
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
    case .namespaced(let holder): return try? references.template(for: TemplateRef(name: holder, template: name)).template.toJSON()
    case .cluster(let holder):
      return try? references.template(for: TemplateRef(name: holder, clusterScope: true, template: name)).template.toJSON()
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
