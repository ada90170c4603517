import ArgoModel
import Foundation

/// How a step or task names the template it runs.
enum TemplateReference: Sendable {
  case named(String)
  case ref(TemplateRef)
  case inline(Template)
}

/// Where a template runs: its boundary, which templates `template:` names resolve against (a
/// referenced WorkflowTemplate's own), how deep, and whether in an exit handler.
struct ExecutionContext: Sendable {
  var boundaryID: String?
  /// The templates local names resolve to; nil for the workflow's own.
  var library: [Template]?
  var depth: Int
  var onExit = false
  /// The parent node to attach a new node to.
  var parentID: String?

  init(boundaryID: String? = nil, library: [Template]? = nil, depth: Int, parentID: String? = nil) {
    self.boundaryID = boundaryID
    self.library = library
    self.depth = depth
    self.parentID = parentID
  }
}

extension Scheduler {
  /// A node whose template cannot be executed: a Skipped node in Error, and the error Argo's
  /// controller meets executing it (see `executionError(of:)`).
  mutating func executionFailure(
    name nodeName: String, displayName: String, templateName: String?, context: ExecutionContext, message: String
  ) -> NodeStatus {
    let node = createNode(
      name: nodeName, displayName: displayName, type: NodeType.skipped, templateName: templateName, boundaryID: context.boundaryID,
      phase: NodePhase.error, message: message, parentID: context.parentID)
    recordExecutionError(of: node.id, message)
    return self.node(id: node.id) ?? node
  }

  /// Runs (advances) the node `nodeName`, which runs the template `reference` with
  /// `arguments`; returns the node, or nil when it cannot be created yet.
  @discardableResult
  mutating func execute(
    nodeName: String, displayName: String, reference: TemplateReference, arguments: Arguments?, context: ExecutionContext,
    retryAttempt: Int? = nil
  ) -> NodeStatus? {
    if let existing = node(named: nodeName) {
      if NodePhase.isFulfilled(existing.phase) || existing.daemoned == true { return existing }
      // A pod already queued or running only changes through its events: nothing to walk.
      if settledPods.contains(existing.id) { return existing }
    }
    let id = claimID(forNodeNamed: nodeName)

    // The template with its inputs, resolved once per node.
    var template: Template
    var library = context.library
    // A node read back from a saved run is resolved again from the inputs it recorded.
    let arguments = arguments ?? node(named: nodeName)?.inputs.map { Arguments(artifacts: $0.artifacts, parameters: $0.parameters) }
    if let resolved = resolvedTemplates[id] {
      template = resolved
      // A template reached through a templateRef resolves its own `template:` names in its
      // WorkflowTemplate, on every pass.
      if let own = resolvedLibraries[id] { library = own }
    } else {
      guard context.depth < options.maxDepth else {
        return executionFailure(
          name: nodeName, displayName: displayName, templateName: nil, context: context,
          message: "templates call each other more than \(options.maxDepth) levels deep (endless recursion?)")
      }
      let found: (template: Template, library: [Template]?)
      do {
        found = try resolve(reference, library: context.library)
      } catch {
        return executionFailure(name: nodeName, displayName: displayName, templateName: nil, context: context, message: error.message)
      }
      library = found.library
      if let own = found.library { resolvedLibraries[id] = own }
      do {
        var extra: Evaluation.Scope = [:]
        if let retryAttempt { extra["retries"] = .string(String(retryAttempt)) }
        // A retried template's attempts are the pods, each with its own name.
        if NodeType.isRun(nodeType(of: found.template, retrying: false)), retryAttempt != nil || found.template.retryStrategy == nil {
          let probe = NodeStatus(name: nodeName, id: id, templateName: found.template.name, type: NodeType.pod)
          extra["pod.name"] = .string(workflow.podName(of: probe) ?? id)
        }
        let (resolvedTemplate, inputs) = try applyInputs(found.template, arguments: arguments, nodeName: nodeName, extra: extra)
        template = resolvedTemplate
        resolvedTemplates[id] = template
        if let existing = node(named: nodeName) {
          _ = existing
        } else {
          let type = nodeType(of: template, retrying: retryAttempt == nil && template.retryStrategy != nil)
          let phase = NodeType.isRun(type) ? NodePhase.pending : NodePhase.running
          createNode(
            name: nodeName, displayName: displayName, type: type, templateName: template.name, boundaryID: context.boundaryID, phase: phase,
            inputs: inputs, parentID: context.parentID)
          // A template with locks is queued once it holds them.
          if NodeType.isRun(type), template.synchronization == nil || retryAttempt != nil { launchQueue.append(id) }
        }
      } catch {
        return executionFailure(
          name: nodeName, displayName: displayName, templateName: found.template.name, context: context, message: error.message)
      }
    }
    if library == nil { library = context.library }
    // A memoized template whose key has a fresh entry is not run: its outputs are the entry's.
    if retryAttempt == nil, let memoize = template.memoize, let existing = node(named: nodeName), existing.memoizationStatus == nil,
      !launched.contains(id), !NodePhase.isFulfilled(existing.phase)
    {
      let cacheName = memoize.cache.configMap.name ?? ""
      let maxAge = memoize.maxAge.isEmpty ? nil : Scheduler.seconds(memoize.maxAge)
      if let outputs = memoized.lookup(cache: cacheName, key: memoize.key, maxAge: maxAge, now: now) {
        update(id) { $0.memoizationStatus = MemoizationStatus(cacheName: cacheName, hit: true, key: memoize.key) }
        complete(id, phase: NodePhase.succeeded, message: nil, outputs: outputs)
        return node(named: nodeName)
      }
      update(id) { $0.memoizationStatus = MemoizationStatus(cacheName: cacheName, hit: false, key: memoize.key) }
    }
    // The attempts of a retried template run under the locks their retry node holds.
    guard retryAttempt != nil || passSynchronization(template, nodeID: id) else { return node(named: nodeName) }
    if template.memoize == nil || node(named: nodeName)?.memoizationStatus != nil, NodeType.isRun(nodeType(of: template, retrying: false)),
      retryAttempt != nil || template.retryStrategy == nil
    {
      settledPods.insert(id)
    }
    var inner = context
    inner.library = library
    inner.depth = context.depth + 1

    if retryAttempt == nil, template.retryStrategy != nil {
      return executeRetry(nodeName: nodeName, displayName: displayName, template: template, context: inner)
    }
    if template.steps != nil { return executeSteps(nodeName: nodeName, template: template, context: inner) }
    if template.dag != nil { return executeDAG(nodeName: nodeName, template: template, context: inner) }
    if template.suspend != nil { return executeSuspend(nodeName: nodeName, template: template) }
    return node(named: nodeName)
  }

  func nodeType(of template: Template, retrying: Bool) -> String {
    if retrying { return NodeType.retry }
    if template.steps != nil { return NodeType.steps }
    if template.dag != nil { return NodeType.dag }
    if template.suspend != nil { return NodeType.suspend }
    if template.http != nil { return NodeType.http }
    return NodeType.pod
  }

  /// The template a reference names, and the templates its own references resolve against.
  func resolve(_ reference: TemplateReference, library: [Template]?) throws(SchedulerError) -> (template: Template, library: [Template]?) {
    switch reference {
    case .inline(let template):
      return (template, library)
    case .named(let name):
      do {
        return (withDefaults(try TemplateLibrary.template(named: name, in: library ?? workflow.spec.templates ?? [])), library)
      } catch {
        throw SchedulerError("\(error)")
      }
    case .ref(let reference):
      let references = TemplateLibrary(
        workflowTemplates: options.workflowTemplates, clusterWorkflowTemplates: options.clusterWorkflowTemplates)
      do {
        let found = try references.template(for: reference)
        return (withDefaults(found.template), found.holder.templates ?? [])
      } catch {
        throw SchedulerError(
          "templateRef: \(error)", hint: error.isMissingResource ? "give the file that defines it to hera run, next to the workflow" : nil)
      }
    }
  }

  /// A template with the workflow's `templateDefaults` and `retryStrategy` under it. The
  /// workflow's retry strategy is every template's that has none, steps and DAGs included, as
  /// Argo retries them.
  func withDefaults(_ template: Template) -> Template {
    var template = template
    if template.retryStrategy == nil, let retry = workflow.spec.retryStrategy {
      template.retryStrategy = retry
    }
    guard let defaults = workflow.spec.templateDefaults else { return template }
    guard case .object(var base) = defaults.toJSON(), case .object(let own) = template.toJSON() else { return template }
    // The parts of the defaults for another kind of template do not apply (a script's defaults
    // to a container template), as Argo clears them before it merges.
    for kind in ["container", "script", "containerSet", "resource", "dag", "steps", "suspend", "http", "data", "plugin"]
    where own[kind] == nil {
      base[kind] = nil
    }
    return (try? Template(json: JSONValue.object(own).merged(over: .object(base)), options: .preserving)) ?? template
  }

  /// The template with its inputs bound from `arguments` (Argo's rules: an argument wins over a
  /// default; a parameter without either is an error; `enum` is checked) and substituted into it,
  /// together with the globals. References to steps, tasks and items stay for later.
  func applyInputs(_ template: Template, arguments: Arguments?, nodeName: String, extra: Evaluation.Scope = [:]) throws(SchedulerError) -> (
    Template, Inputs
  ) {
    var inputs = template.inputs ?? Inputs()
    var parameters = inputs.parameters ?? []
    var globals: Evaluation.Scope?
    // The template's own values that still hold tags once the globals are in.
    var ownValues: [Int] = []
    for index in parameters.indices {
      let parameterName = parameters[index].name
      if let argument = arguments?.parameters?.first(where: { $0.name == parameterName }), let value = argument.value {
        parameters[index].value = value
      } else {
        if parameters[index].value == nil {
          // The ConfigMap's name and key may name the workflow's parameters, as Argo substitutes them.
          if let reference = parameters[index].valueFrom?.configMapKeyRef,
            (reference.name ?? "").contains("{{") || reference.key.contains("{{")
          {
            if globals == nil { globals = globalScope() }
            var substituted = reference
            substituted.name = try reference.name.map { name throws(SchedulerError) in
              try Evaluation.render(name, globals ?? [:], keepUnresolved: false)
            }
            substituted.key = try Evaluation.render(reference.key, globals ?? [:], keepUnresolved: false)
            parameters[index].valueFrom?.configMapKeyRef = substituted
          }
          if let value = try Scheduler.configMapValue(of: parameters[index], place: "input parameter", configMaps: options.configMaps) {
            parameters[index].value = value
          } else if let value = parameters[index].default {
            parameters[index].value = value
          } else if let fallback = parameters[index].valueFrom?.default {
            parameters[index].value = fallback
          } else {
            throw SchedulerError("inputs.parameters.\(parameterName) was not supplied")
          }
        }
        // The template's own value or default may name the workflow's variables
        // (`{{workflow.outputs.parameters.x}}`), which Argo substitutes.
        if let own = parameters[index].value?.string, own.contains("{{") {
          if globals == nil { globals = globalScope() }
          parameters[index].value = AnyString(try Evaluation.render(own, globals ?? [:], keepUnresolved: true))
          if parameters[index].value?.string.contains("{{") == true { ownValues.append(index) }
        }
      }
      if let allowed = parameters[index].enum, !allowed.isEmpty, let value = parameters[index].value, !allowed.contains(value) {
        throw SchedulerError(
          "value '\(value)' for input parameter \(parameterName) is not one of \(allowed.map(\.string).joined(separator: ", "))")
      }
    }
    // Then, as Argo's second pass of substitution, the template's own values may name its other
    // inputs (`{{= inputs.parameters.test == 'true' ? ... }}`): they are evaluated with them.
    if !ownValues.isEmpty {
      var inputScope = globals ?? globalScope()
      for parameter in parameters { inputScope["inputs.parameters.\(parameter.name)"] = .string(parameter.value?.string ?? "") }
      for index in ownValues {
        guard let own = parameters[index].value?.string else { continue }
        parameters[index].value = AnyString(try Evaluation.render(own, inputScope, keepUnresolved: true))
      }
    }
    if !parameters.isEmpty { inputs.parameters = parameters }
    var artifacts = inputs.artifacts ?? []
    for index in artifacts.indices {
      let artifactName = artifacts[index].name
      if let argument = arguments?.artifacts?.first(where: { $0.name == artifactName }) {
        var merged = argument
        merged.path = artifacts[index].path
        merged.mode = artifacts[index].mode ?? argument.mode
        merged.optional = artifacts[index].optional ?? argument.optional
        artifacts[index] = merged
      }
    }
    if !artifacts.isEmpty { inputs.artifacts = artifacts }

    var scope = globalScope()
    for parameter in parameters {
      scope["inputs.parameters.\(parameter.name)"] = .string(parameter.value?.string ?? "")
    }
    if !parameters.isEmpty { scope["inputs.parameters"] = parametersJSON(parameters) }
    for artifact in artifacts {
      if let path = artifact.path { scope["inputs.artifacts.\(artifact.name).path"] = .string(path) }
    }
    for artifact in template.outputs?.artifacts ?? [] {
      if let path = artifact.path { scope["outputs.artifacts.\(artifact.name).path"] = .string(path) }
    }
    for parameter in template.outputs?.parameters ?? [] {
      if let path = parameter.valueFrom?.path { scope["outputs.parameters.\(parameter.name).path"] = .string(path) }
    }
    scope["node.name"] = .string(nodeName)
    scope.merge(extra) { $1 }
    let json = try Evaluation.substitute(withoutInputs(template), scope, keepUnresolved: true)
    var resolved: Template
    do {
      resolved = try Template(json: json, options: .preserving)
    } catch {
      throw SchedulerError("template \(template.name ?? ""): \(error)")
    }
    // Input artifacts' locations may name parameters and globals (`s3.key: "{{workflow.name}}/results"`).
    if var artifacts = inputs.artifacts {
      for index in artifacts.indices where artifacts[index].from == nil {
        let rendered = try Evaluation.substitute(artifacts[index].toJSON(), scope, keepUnresolved: true)
        if let artifact = try? Artifact(json: rendered, options: .preserving) { artifacts[index] = artifact }
      }
      inputs.artifacts = artifacts
    }
    resolved.inputs = inputs
    return (resolved, inputs)
  }

  /// The value of a parameter read from a ConfigMap (`valueFrom.configMapKeyRef`), its
  /// `valueFrom.default` when the key is missing; nil for other parameters.
  static func configMapValue(of parameter: Parameter, place: String, configMaps: [String: [String: String]]) throws(SchedulerError)
    -> AnyString?
  {
    guard let reference = parameter.valueFrom?.configMapKeyRef else { return nil }
    let mapName = reference.name ?? ""
    if let value = configMaps[mapName]?[reference.key] { return AnyString(value) }
    if let fallback = parameter.valueFrom?.default { return fallback }
    if reference.optional == true { return AnyString("") }
    let missing =
      configMaps[mapName] == nil
      ? "ConfigMap \(mapName) is not among the resources given" : "ConfigMap \(mapName) has no key \(reference.key)"
    throw SchedulerError(
      "\(place) \(parameter.name): \(missing)", hint: "give the ConfigMap's manifest with the workflow's files, or with --resources FILE")
  }

  /// A template's JSON without its inputs, which must not be substituted into themselves.
  func withoutInputs(_ template: Template) -> JSONValue {
    var copy = template
    copy.inputs = nil
    return copy.toJSON()
  }

  /// `[{"name": ..., "value": ...}]`, as `{{inputs.parameters}}` gives it.
  func parametersJSON(_ parameters: [Parameter]) -> JSONValue {
    .array(parameters.map { .object(["name": .string($0.name), "value": .string($0.value?.string ?? "")]) })
  }

  /// The variables every template sees: the workflow's.
  func globalScope() -> Evaluation.Scope {
    var scope = fixedGlobals ?? makeFixedGlobals()
    if let started = workflow.status?.startedAt?.date {
      scope["workflow.duration"] = .string(String(format: "%.6f", now.timeIntervalSince(started)))
    }
    for (key, value) in globalOutputs { scope["workflow.outputs.parameters.\(key)"] = .string(value) }
    // In exit handlers: how the workflow went.
    if let root = node(named: name), NodePhase.isFulfilled(root.phase) {
      scope["workflow.status"] = .string(shutdown == nil ? (root.phase ?? "") : NodePhase.failed)
      scope["workflow.failures"] = failuresJSON()
    }
    return scope
  }

  /// The workflow's variables that do not change while it runs: its name, its arguments, its
  /// labels, its creation time (worked out once: a calendar's fields are not cheap).
  func makeFixedGlobals() -> Evaluation.Scope {
    var scope: Evaluation.Scope = [
      "workflow.name": .string(name), "workflow.namespace": .string(workflow.metadata.namespace ?? "default"),
      "workflow.uid": .string(workflow.metadata.uid ?? ""),
      "workflow.serviceAccountName": .string(workflow.spec.serviceAccountName ?? "default"),
      "workflow.mainEntrypoint": .string(workflow.spec.entrypoint ?? ""),
    ]
    if let priority = workflow.spec.priority { scope["workflow.priority"] = .string(String(priority)) }
    let created = workflow.metadata.creationTimestamp ?? workflow.status?.startedAt ?? Time(now)
    scope["workflow.creationTimestamp"] = .string(created.text)
    if let date = created.date {
      for (key, value) in Scheduler.strftimeParts(date) { scope["workflow.creationTimestamp.\(key)"] = .string(value) }
      scope["workflow.creationTimestamp.RFC3339"] = .string(created.text)
    }
    let parameters = workflow.spec.arguments?.parameters ?? []
    for parameter in parameters {
      scope["workflow.parameters.\(parameter.name)"] = .string(parameter.value?.string ?? parameter.default?.string ?? "")
    }
    if !parameters.isEmpty { scope["workflow.parameters"] = parametersJSON(parameters) }
    for (key, value) in workflow.metadata.annotations ?? [:] { scope["workflow.annotations.\(key)"] = .string(value) }
    for (key, value) in workflow.metadata.labels ?? [:] { scope["workflow.labels.\(key)"] = .string(value) }
    return scope
  }

  /// `{{workflow.failures}}`: the failed nodes, as Argo lists them.
  func failuresJSON() -> JSONValue {
    let failed = (workflow.status?.nodes ?? [:]).values
      .filter { NodePhase.isFailure($0.phase) && $0.type == NodeType.pod }
      .sorted { ($0.finishedAt?.text ?? "", $0.name) < ($1.finishedAt?.text ?? "", $1.name) }
    return .array(
      failed.map { node in
        .object([
          "displayName": .string(node.displayName ?? node.name), "message": .string(node.message ?? ""),
          "templateName": .string(node.templateName ?? ""), "phase": .string(node.phase ?? ""),
          "podName": .string(workflow.podName(of: node) ?? node.id), "finishedAt": .string(node.finishedAt?.text ?? ""),
        ])
      })
  }

  /// The strftime fields of `workflow.creationTimestamp.<c>`.
  static func strftimeParts(_ date: Date) -> [String: String] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    let year = parts.year ?? 1970
    return [
      "Y": String(year), "y": two(year % 100), "m": two(parts.month), "d": two(parts.day), "H": two(parts.hour), "M": two(parts.minute),
      "S": two(parts.second), "e": String(format: "%2d", parts.day ?? 0), "s": String(Int(date.timeIntervalSince1970)),
    ]
  }

  // MARK: Suspend

  mutating func executeSuspend(nodeName: String, template: Template) -> NodeStatus? {
    guard let node = node(named: nodeName) else { return nil }
    if NodePhase.isFulfilled(node.phase) { return node }
    // Argo shows a suspend node's output parameters from the start, those to be supplied
    // (`valueFrom.supplied`) without a value until `set` gives one.
    if node.outputs == nil, let parameters = template.outputs?.parameters, !parameters.isEmpty {
      update(node.id) { $0.outputs = Outputs(parameters: parameters) }
    }
    if let text = template.suspend?.duration, let seconds = Scheduler.seconds(text) {
      let end = (node.startedAt?.date ?? now).addingTimeInterval(seconds)
      if now >= end {
        endSuspension(node.id, phase: NodePhase.succeeded)
      } else {
        wakeTimes[node.id] = end
      }
    }
    return self.node(named: nodeName)
  }

  /// Ends a suspension (its time is up, or it was resumed): values nobody supplied take their
  /// defaults; one without a default is an error of the template's execution, as in Argo
  /// (`OverrideOutputParametersWithDefault`).
  mutating func endSuspension(_ id: String, phase: String, message: String? = nil) {
    var parameters = node(id: id)?.outputs?.parameters ?? []
    for index in parameters.indices where parameters[index].valueFrom?.supplied != nil && parameters[index].value == nil {
      guard let fallback = parameters[index].valueFrom?.default else {
        complete(
          id, phase: NodePhase.error,
          message: "raw output parameter '\(parameters[index].name)' has not been set and does not have a default value", outputs: nil)
        return
      }
      parameters[index].value = fallback
      parameters[index].valueFrom = nil
    }
    let outputs = parameters.isEmpty ? nil : Outputs(parameters: parameters)
    update(id) { $0.outputs = outputs }
    complete(id, phase: phase, message: message, outputs: outputs)
  }

  /// Argo's `set` on a suspend node that waits: the values of its output parameters to be
  /// supplied, then its message and phase (a phase that ends it ends the suspension).
  mutating func setSuspended(_ id: String, phase: String?, message: String?, outputParameters: [String: String]) {
    guard let node = node(id: id), node.type == NodeType.suspend, !NodePhase.isFulfilled(node.phase) else { return }
    if !outputParameters.isEmpty {
      update(id) { node in
        for index in (node.outputs?.parameters ?? []).indices {
          guard let value = outputParameters[node.outputs!.parameters![index].name] else { continue }
          node.outputs!.parameters![index].value = AnyString(value)
          node.outputs!.parameters![index].valueFrom = nil
        }
      }
    }
    if let message { update(id) { $0.message = message } }
    if let phase, NodePhase.isFulfilled(phase) {
      endSuspension(id, phase: phase, message: message)
    } else if let phase {
      update(id) { $0.phase = phase }
    }
  }

  /// Seconds of a duration as Argo reads them: a number of seconds, or Go's `1h2m3s`.
  static func seconds(_ text: String) -> TimeInterval? {
    GoDuration.seconds(text)
  }

}
