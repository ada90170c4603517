import ArgoModel
import ArgoTestSupport
import Foundation

/// The checks the Argo Server makes of a submitted manifest: first that it decodes into Argo's
/// types (here: Argo's JSON schema), then a few of the rules of Argo's validator
/// (`workflow/validate`), with its messages.
///
/// Scalars are accepted where the schema says string, as Argo's `AnyString`, `IntOrString` and
/// `Quantity` types accept them.
struct ManifestChecks {
  /// The templates that `workflowTemplateRef`s and `templateRef`s name.
  var references: TemplateLibrary

  enum Purpose {
    case create
    case lint
    case submit
  }

  /// The first problem with a manifest of the resource's kind, as Argo words it.
  func problem(_ manifest: JSONValue, resource: ArgoServerSimulator.Resource, purpose: Purpose) -> String? {
    var document = manifest
    if document["kind"] == nil { document.set("kind", to: .string(resource.kind)) }
    if let problem = schemaProblem(document, kind: resource.kind) { return problem }
    let name = manifest.at("metadata", "name")?.stringValue ?? ""
    if purpose != .lint, name.isEmpty, (manifest.at("metadata", "generateName")?.stringValue ?? "").isEmpty {
      return "\(resource.kind).argoproj.io \"\" is invalid: metadata.name: Required value: name or generateName is required"
    }
    let limit = resource == .cronWorkflow ? 52 : 63
    if name.count > limit {
      let what = resource == .cronWorkflow ? "cron workflow" : "workflow"
      return "\(what) name \"\(name)\" must not be more than \(limit) characters long (currently \(name.count))"
    }
    switch resource {
    case .cronWorkflow:
      return cronProblem(manifest["spec"] ?? [:], metadata: manifest["metadata"] ?? [:], purpose: purpose)
    case .workflow:
      return specProblem(manifest["spec"] ?? [:], isTemplate: false, lint: purpose == .lint)
    default:
      return specProblem(manifest["spec"] ?? [:], isTemplate: true, lint: true)
    }
  }

  private func schemaProblem(_ document: JSONValue, kind: String) -> String? {
    for problem in SchemaValidator.argo.validate(document: document) {
      guard let separator = problem.range(of: ": ") else { return problem }
      let path = String(problem[..<separator.lowerBound])
      let said = problem[separator.upperBound...]
      if said.hasPrefix("expected string, found ") {
        let found = said.dropFirst("expected string, found ".count)
        if let first = found.first, first.isNumber || first == "-" || found == "true" || found == "false" { continue }
      }
      let goPath = kind + path.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "", options: .regularExpression)
      if said.hasPrefix("missing required ") {
        let field = said.dropFirst("missing required ".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return "\(path.dropFirst()).\(field) is required".trimmingCharacters(in: CharacterSet(charactersIn: "."))
      }
      if said.hasPrefix("expected "), let found = said.range(of: ", found ") {
        let expected = said[said.index(said.startIndex, offsetBy: "expected ".count)..<found.lowerBound]
        let value = JSONValue.parse(Array(said[found.upperBound...].utf8))
        return "json: cannot unmarshal \(value?.goKind ?? "value") into Go struct field \(goPath) of type \(expected)"
      }
      return problem
    }
    return nil
  }

  private func cronProblem(_ spec: JSONValue, metadata: JSONValue, purpose: Purpose) -> String? {
    let schedules = spec["schedules"]?.elements.compactMap(\.stringValue) ?? []
    if schedules.isEmpty { return "cron workflow must have at least one schedule" }
    for schedule in schedules {
      let fields = schedule.split(separator: " ")
      if schedule.hasPrefix("@") { continue }
      if fields.count != 5 {
        return
          "cron schedule \(schedule) is malformed: expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]"
      }
    }
    if let policy = spec["concurrencyPolicy"]?.stringValue, !["Allow", "Forbid", "Replace", ""].contains(policy) {
      return "'\(policy)' is not a valid concurrencyPolicy"
    }
    if let problem = specProblem(spec["workflowSpec"] ?? [:], isTemplate: false, lint: purpose == .lint) {
      return "cannot validate Workflow: \(problem)"
    }
    return nil
  }

  /// The rules of Argo's validator for a workflow spec (or a template's).
  func specProblem(_ spec: JSONValue, isTemplate: Bool, lint: Bool) -> String? {
    var spec = spec
    if let reference = spec["workflowTemplateRef"] {
      if !(spec["templates"]?.elements.isEmpty ?? true) {
        return "Templates is invalid field in spec if workflow referred WorkflowTemplate reference"
      }
      let name = reference["name"]?.stringValue ?? ""
      let cluster = reference["clusterScope"]?.boolValue == true
      guard let referenced = references.spec(named: name, clusterScope: cluster) else {
        return "\(cluster ? "clusterworkflowtemplates" : "workflowtemplates").argoproj.io \"\(name)\" not found"
      }
      spec = WorkflowSpecJoin.joined(spec, over: referenced.toJSON())
    }
    let templates = spec["templates"]?.elements ?? []
    var names: Set<String> = []
    for (index, template) in templates.enumerated() {
      guard let name = template["name"]?.stringValue, !name.isEmpty else { return "spec.templates[\(index)].name is required" }
      if !names.insert(name).inserted { return "spec.templates[\(index)].name '\(name)' is not unique" }
      if let problem = ManifestChecks.nameProblem(name) { return "spec.templates[\(index)].name '\(name)' is invalid: \(problem)" }
    }
    if !isTemplate && !lint {
      for parameter in spec.at("arguments", "parameters")?.elements ?? [] where parameter["value"] == nil && parameter["valueFrom"] == nil {
        return "spec.arguments.\(parameter["name"]?.stringValue ?? "").value is required"
      }
    }
    let entrypoint = spec["entrypoint"]?.stringValue ?? ""
    if entrypoint.isEmpty && !isTemplate { return "spec.entrypoint is required" }
    let library = ManifestChecks.templatesByName(spec)
    if !entrypoint.isEmpty, library[entrypoint] == nil { return "template name '\(entrypoint)' undefined" }
    if let onExit = spec["onExit"]?.stringValue, !onExit.isEmpty, library[onExit] == nil { return "template name '\(onExit)' undefined" }
    for template in templates {
      if let problem = templateProblem(template, library: library) { return problem }
    }
    return nil
  }

  private func templateProblem(_ template: JSONValue, library: [String: JSONValue]) -> String? {
    let name = template["name"]?.stringValue ?? ""
    let types = ManifestChecks.templateTypes.filter { template[$0] != nil }
    let choices = "choose one of: container, containerSet, steps, script, resource, dag, suspend, data, http, plugin"
    if types.isEmpty { return "templates.\(name) template type unspecified. \(choices)" }
    if types.count > 1 { return "templates.\(name) multiple template types specified. \(choices)" }
    if let groups = template["steps"]?.arrayValue {
      var stepNames: Set<String> = []
      for (index, group) in groups.enumerated() {
        for step in group.elements {
          guard let stepName = step["name"]?.stringValue, !stepName.isEmpty else {
            return "templates.\(name).steps[\(index)].name is required"
          }
          if !stepNames.insert(stepName).inserted { return "templates.\(name).steps[\(index)].name '\(stepName)' is not unique" }
          if let problem = callProblem(step, library: library) { return "templates.\(name).steps[\(index)].\(stepName) \(problem)" }
        }
      }
    }
    if let dag = template["dag"] {
      let tasks = dag["tasks"]?.elements ?? []
      if tasks.isEmpty { return "templates.\(name) must have at least one task" }
      var taskNames: [String] = []
      for task in tasks {
        guard let taskName = task["name"]?.stringValue, !taskName.isEmpty else { return "templates.\(name).tasks.name is required" }
        if taskNames.contains(taskName) { return "templates.\(name).tasks.\(taskName) name is not unique" }
        taskNames.append(taskName)
        if let problem = callProblem(task, library: library) { return "templates.\(name).tasks.\(taskName) \(problem)" }
      }
      let usesDepends = tasks.contains { $0["depends"] != nil }
      let usesDependencies = tasks.contains { $0["dependencies"] != nil }
      if usesDepends && usesDependencies {
        return "templates.\(name) cannot use both 'depends' and 'dependencies' in the same DAG template"
      }
      var edges: [String: [String]] = [:]
      for task in tasks {
        let taskName = task["name"]?.stringValue ?? ""
        for dependency in ManifestChecks.dependencies(of: task) {
          if !taskNames.contains(dependency) { return "templates.\(name).tasks.\(taskName) dependency '\(dependency)' not defined" }
        }
        edges[taskName] = ManifestChecks.dependencies(of: task)
      }
      if let cycle = ManifestChecks.cycle(taskNames, edges) {
        return "templates.\(name).tasks dependency cycle detected: \(cycle.joined(separator: "->"))"
      }
    }
    return nil
  }

  /// What is wrong with the template a step or task calls.
  private func callProblem(_ call: JSONValue, library: [String: JSONValue]) -> String? {
    if call["inline"] != nil { return nil }
    if let reference = call["templateRef"] {
      if call["template"] != nil { return "template name cannot be specified with templateRef." }
      let holder = reference["name"]?.stringValue ?? ""
      let name = reference["template"]?.stringValue ?? ""
      if holder.isEmpty { return "resource name is required" }
      if name.isEmpty { return "template name is required" }
      if holder.contains("{{") || name.contains("{{") { return nil }
      let found = try? references.template(
        for: TemplateRef(name: holder, clusterScope: reference["clusterScope"]?.boolValue, template: name))
      // Argo's validator words it so, whether the resource or its template is missing.
      return found == nil ? "template reference \(holder).\(name) not found" : nil
    }
    guard let name = call["template"]?.stringValue else { return "template name is required" }
    if name.contains("{{") || library[name] != nil { return nil }
    return "template name '\(name)' undefined"
  }

  /// A cycle among DAG tasks, as the path that closes it.
  static func cycle(_ names: [String], _ edges: [String: [String]]) -> [String]? {
    var state: [String: Int] = [:]
    var path: [String] = []
    func visit(_ name: String) -> [String]? {
      state[name] = 1
      path.append(name)
      for next in edges[name] ?? [] {
        if state[next] == 1, let start = path.firstIndex(of: next) { return Array(path[start...]) + [next] }
        if state[next] == nil, let found = visit(next) { return found }
      }
      state[name] = 2
      path.removeLast()
      return nil
    }
    for name in names where state[name] == nil {
      if let found = visit(name) { return found }
    }
    return nil
  }

  /// What is wrong with a template, step or task name: Argo wants `[a-zA-Z0-9][-a-zA-Z0-9]*`,
  /// 128 characters at most.
  static func nameProblem(_ name: String) -> String? {
    if name.count > 128 { return "must be no more than 128 characters" }
    if name.contains("{{") { return nil }
    let valid =
      name.first.map { $0.isASCII && ($0.isLetter || $0.isNumber) } == true
      && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    return valid ? nil : "name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character"
  }

  /// The tasks a DAG task waits for: those its `depends` names, else its `dependencies`.
  static func dependencies(of task: JSONValue) -> [String] {
    if let depends = task["depends"]?.stringValue {
      return (try? DependsExpression(parsing: depends))?.taskNames ?? []
    }
    return task["dependencies"]?.elements.compactMap(\.stringValue) ?? []
  }

  /// A spec's templates by name (the first of a name).
  static func templatesByName(_ spec: JSONValue) -> [String: JSONValue] {
    var templates: [String: JSONValue] = [:]
    for template in spec["templates"]?.elements ?? [] {
      if let name = template["name"]?.stringValue, templates[name] == nil { templates[name] = template }
    }
    return templates
  }

  /// The template types Argo accepts, one of which each template must have.
  static let templateTypes = ["container", "containerSet", "steps", "script", "resource", "dag", "suspend", "data", "http", "plugin"]
}
