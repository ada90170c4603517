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
