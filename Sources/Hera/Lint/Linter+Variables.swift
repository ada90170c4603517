/// The `workflow.*` names a workflow defines.
struct Globals {
  var names: Set<String> = []
  /// WorkflowTemplates accept any `workflow.parameters.*`: the workflow that runs them supplies
  /// the arguments.
  var anyWorkflowParameter = false
  var hasExitHandler = false
  /// With an exit handler, a global artifact whose name is computed (`globalName:
  /// "out-{{inputs.parameters.x}}"`) may be any `workflow.outputs.artifacts.*`, everywhere.
  var anyGlobalOutputArtifact = false

  init() {}

  init(metadata: ObjectMeta, spec: WorkflowSpec, kind: LintedKind) {
    names = [
      "workflow.name", "workflow.namespace", "workflow.mainEntrypoint", "workflow.serviceAccountName", "workflow.uid",
      "workflow.status", "workflow.annotations", "workflow.annotations.json", "workflow.labels", "workflow.labels.json",
    ]
    let parameters = spec.arguments?.parameters ?? []
    if !parameters.isEmpty {
      names.insert("workflow.parameters")
      names.insert("workflow.parameters.json")
      for parameter in parameters { names.insert("workflow.parameters.\(parameter.name)") }
    }
    let annotations = Array((metadata.annotations ?? [:]).keys) + Array((spec.workflowMetadata?.annotations ?? [:]).keys)
    for key in annotations { names.insert("workflow.annotations.\(key)") }
    let labels =
      Array((metadata.labels ?? [:]).keys) + Array((spec.workflowMetadata?.labels ?? [:]).keys)
      + Array((spec.workflowMetadata?.labelsFrom ?? [:]).keys)
    for key in labels { names.insert("workflow.labels.\(key)") }
    if spec.priority != nil { names.insert("workflow.priority") }
    // Global outputs, wherever they are declared.
    for template in spec.templates ?? [] {
      for parameter in template.outputs?.parameters ?? [] {
        if let name = parameter.globalName { names.insert("workflow.outputs.parameters.\(name)") }
      }
      for artifact in template.outputs?.artifacts ?? [] {
        if let name = artifact.globalName { names.insert("workflow.outputs.artifacts.\(name)") }
      }
    }
    anyWorkflowParameter = kind.isTemplate
    hasExitHandler = spec.onExit != nil
    anyGlobalOutputArtifact =
      hasExitHandler
      && (spec.templates ?? []).contains { template in
        (template.outputs?.artifacts ?? []).contains { $0.globalName.map(LintRun.isTemplated) ?? false }
      }
  }
}

/// What a step or task exposes to the nodes after it.
struct NodeExposure {
  /// The template it runs, when known (an unresolved `templateRef` exposes only its timing).
  var template: Template?
  /// Whether its outputs are aggregated (it fans out with withItems or withParam).
  var aggregate = false
  /// Whether `.status` is visible (an earlier step; an ancestor task).
  var status = false
  var known = true

  /// Whether `rest` (what follows `tasks.NAME.`) names something this node exposes.
  func exposes(_ rest: Substring) -> Bool {
    switch rest {
    case "id", "startedAt", "finishedAt", "hostNodeName": return true
    case "status": return status
    default: break
    }
    guard let template else { return false }
    if rest == "ip" { return template.daemon == true }
    let hasMain = template.containerSet?.containers.contains { $0.name == "main" } ?? false
    let hasOutput =
      template.container != nil || template.script != nil || template.data != nil || template.http != nil
      || template.plugin != nil || hasMain
    if rest == "outputs.result" || rest == "exitCode" {
      return hasOutput || (aggregate && (template.script != nil || template.containerSet != nil))
    }
    if rest == "outputs.parameters" { return aggregate }
    if rest.hasPrefix("outputs.parameters.") {
      let name = rest.dropFirst("outputs.parameters.".count)
      return template.outputs?.parameters?.contains { $0.name == name } ?? false
    }
    if rest.hasPrefix("outputs.artifacts.") {
      let name = rest.dropFirst("outputs.artifacts.".count)
      return template.outputs?.artifacts?.contains { $0.name == name } ?? false
    }
    return false
  }

  /// What the node exposes, for a hint.
  func offered(prefix: String) -> [String] {
    var names = ["\(prefix).id"]
    if status { names.append("\(prefix).status") }
    guard let template else { return names }
    if exposes("outputs.result") { names.append("\(prefix).outputs.result") }
    for parameter in template.outputs?.parameters ?? [] { names.append("\(prefix).outputs.parameters.\(parameter.name)") }
    for artifact in template.outputs?.artifacts ?? [] { names.append("\(prefix).outputs.artifacts.\(artifact.name)") }
    if aggregate { names.append("\(prefix).outputs.parameters") }
    return names
  }
}

/// The variables visible at a place of a template, following Argo's `resolveAllVariables`.
struct Scope {
  /// The names shared by a template's nodes.
  var names: Set<String> = []
  /// Names of one node only (its loop items, an inline template's inputs).
  var extra: Set<String> = []
  /// Steps and tasks visible, by `steps.NAME` / `tasks.NAME`.
  var nodes: [String: NodeExposure] = [:]
  /// What one node sees differently (its ancestors' status and aggregates), over `nodes`.
  var extraNodes: [String: NodeExposure] = [:]
  /// `withParam` items may have any shape: any `item.*` resolves.
  var anyItem = false
  var anyGlobalOutputParameter = false
  var anyGlobalOutputArtifact = false
  let globals: Globals
  let mayReadFailures: Bool

  init(template: Template, globals: Globals, mayReadFailures: Bool) {
    self.globals = globals
    self.mayReadFailures = mayReadFailures
    // `inputs.parameters`, the JSON of all input parameters, is substituted even when there are none.
    names.insert("inputs.parameters")
    for parameter in template.inputs?.parameters ?? [] { names.insert("inputs.parameters.\(parameter.name)") }
    let isLeaf = LintRun.isLeaf(template)
    for artifact in template.inputs?.artifacts ?? [] {
      names.insert("inputs.artifacts.\(artifact.name)")
      if isLeaf { names.insert("inputs.artifacts.\(artifact.name).path") }
    }
    if LintRun.isPodType(template) { names.insert("pod.name") }
    addGlobalOutputs(of: template)
  }

  /// A template whose outputs have computed global names (`globalName: "{{inputs.parameters.x}}"`)
  /// may set any `workflow.outputs.parameters.*` (or `artifacts.*`): after it runs, any such
  /// name resolves.
  mutating func addGlobalOutputs(of template: Template?) {
    guard let outputs = template?.outputs else { return }
    if (outputs.parameters ?? []).contains(where: { $0.globalName.map(LintRun.isTemplated) ?? false }) {
      anyGlobalOutputParameter = true
    }
    if (outputs.artifacts ?? []).contains(where: { $0.globalName.map(LintRun.isTemplated) ?? false }) {
      anyGlobalOutputArtifact = true
    }
  }

  /// The roots whose variables Argo checks; tags with other roots (`{{item}}`, `{{retries}}`)
  /// are not checked.
  static let checkedRoots = ["item.", "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks."]

  func resolves(_ tag: String) -> Bool {
    if names.contains(tag) || extra.contains(tag) || globals.names.contains(tag) { return true }
    if tag.hasPrefix("tasks.") || tag.hasPrefix("steps.") {
      if tag.hasPrefix("tasks.name") || tag.hasPrefix("steps.name") { return true }
      let parts = tag.split(separator: ".", maxSplits: 2)
      guard parts.count == 3 else { return false }
      let key = "\(parts[0]).\(parts[1])"
      if let node = extraNodes[key], node.exposes(parts[2]) { return true }
      return nodes[key]?.exposes(parts[2]) ?? false
    }
    if tag == "workflow.failures" { return mayReadFailures }
    if (tag == "item" || tag.hasPrefix("item.")) && anyItem { return true }
    if tag.hasPrefix("workflow.outputs.parameters."), anyGlobalOutputParameter { return true }
    if tag.hasPrefix("workflow.outputs.artifacts."), anyGlobalOutputArtifact || globals.anyGlobalOutputArtifact { return true }
    let alwaysResolved = ["outputs.", "workflow.creationTimestamp", "workflow.scheduledTime", "workflow.duration", "node.name"]
    if alwaysResolved.contains(where: { tag.hasPrefix($0) }) { return true }
    if tag.hasPrefix("workflow.parameters"), globals.anyWorkflowParameter { return true }
    return false
  }

  /// What a node (`tasks.NAME`) offers, for a hint.
  func offered(by key: String) -> [String] {
    (extraNodes[key] ?? nodes[key])?.offered(prefix: key) ?? []
  }

  /// Adds the loop variables of a node.
  mutating func addItems(of node: some NodeModel, local: Bool = false) {
    var added: Set<String> = []
    if let items = node.withItems {
      for item in items {
        switch item {
        case .object(let object):
          for member in object { added.insert("item.\(member.key)") }
        case .array(let elements):
          for index in elements.indices { added.insert("item.[\(index)]") }
        default:
          added.insert("item")
        }
      }
    }
    if node.withParam != nil {
      added.insert("item")
      anyItem = true
    }
    if node.withSequence != nil { added.insert("item") }
    if local { extra.formUnion(added) } else { names.formUnion(added) }
  }
}

extension LintRun {
  /// Checks every `{{...}}` tag in the strings of `value` against `scope`.
  func resolveVariables(in value: JSONValue, scope: Scope, path: LintPath) {
    var reported: Set<String> = []
    forEachString(in: value, path: path) { original, path in
      guard LintRun.containsTagOpening(original) else { return }
      // Nested tags ("{{steps.run-{{inputs.parameters.day}}.status}}"): the inner one is
      // substituted first, so it is checked, then stands for its value in the outer one.
      var text = original
      while let (inner, range) = LintRun.innermostNestedTag(in: text) {
        let tag = inner.trimmingCharacters(in: .whitespaces)
        if !inner.hasPrefix("="), Scope.checkedRoots.contains(where: { tag.hasPrefix($0) }), !scope.resolves(tag),
          reported.insert(tag).inserted
        {
          error("variables", path(), "{{\(inner)}} does not resolve here", hint: hint(forUnresolved: tag, scope: scope))
        }
        text.replaceSubrange(range, with: "x")
      }
      var rest = Substring(text)
      while let open = rest.range(of: "{{") {
        guard let close = rest[open.upperBound...].range(of: "}}") else {
          if reported.insert("{{").inserted {
            error("variables", path(), "a {{ is never closed", hint: "write }} after the variable, e.g. {{inputs.parameters.x}}")
          }
          return
        }
        let raw = String(rest[open.upperBound..<close.lowerBound])
        rest = rest[close.upperBound...]
        let tag = raw.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("=") || tag.hasPrefix("=") { continue }
        guard Scope.checkedRoots.contains(where: { tag.hasPrefix($0) }) else { continue }
        if !scope.resolves(tag), reported.insert(tag).inserted {
          error("variables", path(), "{{\(raw)}} does not resolve here", hint: hint(forUnresolved: tag, scope: scope))
        }
      }
    }
  }

  /// The first tag written inside another one, with its range (braces included), if any.
  static func innermostNestedTag(in text: String) -> (String, Range<String.Index>)? {
    var rest = text[...]
    while let open = rest.range(of: "{{") {
      guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
      let body = rest[open.upperBound..<close.lowerBound]
      if let inner = body.range(of: "{{", options: .backwards) {
        return (String(body[inner.upperBound...]), inner.lowerBound..<close.upperBound)
      }
      rest = rest[close.upperBound...]
    }
    return nil
  }

  func hint(forUnresolved tag: String, scope: Scope) -> String? {
    if tag.hasPrefix("inputs.parameters.") {
      let name = String(tag.dropFirst("inputs.parameters.".count))
      return "declare the input parameter \"\(name)\" in the template's inputs"
    }
    if tag.hasPrefix("workflow.parameters.") {
      let name = String(tag.dropFirst("workflow.parameters.".count))
      return "declare \"\(name)\" in spec.arguments.parameters"
    }
    if tag == "workflow.failures" { return "workflow.failures is only known in the exit handler (spec.onExit)" }
    if tag.hasPrefix("tasks.") || tag.hasPrefix("steps.") {
      let parts = tag.split(separator: ".")
      if parts.count >= 2 {
        let kind = tag.hasPrefix("tasks.") ? "task" : "step"
        let known = scope.offered(by: "\(parts[0]).\(parts[1])")
        if known.isEmpty {
          return tag.hasPrefix("steps.")
            ? "no earlier step is named \"\(parts[1])\"" : "no task of this DAG is named \"\(parts[1])\" (or it is not an ancestor)"
        }
        return "the \(kind) \"\(parts[1])\" offers \(known.prefix(6).joined(separator: ", "))"
      }
    }
    if tag.hasPrefix("item.") { return "the loop's items have no such key" }
    if tag == "pod.name" { return "pod.name is only known in templates that run a pod" }
    return nil
  }

  /// Whether `text` contains `{{`, by a scan of its bytes (most strings do not).
  static func containsTagOpening(_ text: String) -> Bool {
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "{") { return true }
      previous = byte
    }
    return false
  }

  func forEachString(in value: JSONValue, _ body: (String) -> Void) {
    switch value {
    case .string(let text): body(text)
    case .array(let elements): for element in elements { forEachString(in: element, body) }
    case .object(let object): for member in object { forEachString(in: member.value, body) }
    default: break
    }
  }

  /// Calls `body` with every string of `value` and a function giving its path (below `path`),
  /// built only when asked for.
  func forEachString(in value: JSONValue, path: LintPath, _ body: (String, () -> LintPath) -> Void) {
    var components = path.components
    func walk(_ value: JSONValue) {
      switch value {
      case .string(let text):
        body(text) { LintPath(components) }
      case .array(let elements):
        for (index, element) in elements.enumerated() {
          components.append(.element(index, name: element["name"]?.stringValue))
          walk(element)
          components.removeLast()
        }
      case .object(let object):
        for member in object {
          components.append(.key(member.key))
          walk(member.value)
          components.removeLast()
        }
      default:
        break
      }
    }
    walk(value)
  }

  /// The template a node runs, when lint can know it: a local template, an inline one, or one
  /// of the library's. `.some(nil)` means known not to exist; `nil` means unknown.
  func resolvedTemplate(of node: some NodeModel) -> Template?? {
    if let inline = node.inline { return .some(inline) }
    if let reference = node.templateRef {
      if (reference.name ?? "").contains("{{") || (reference.template ?? "").contains("{{") { return nil }
      do {
        return .some(try library.template(for: reference).template)
      } catch {
        return error.isMissingResource ? nil : .some(nil)
      }
    }
    if let name = node.template { return .some(templatesByName[name]) }
    return .some(nil)
  }
}
