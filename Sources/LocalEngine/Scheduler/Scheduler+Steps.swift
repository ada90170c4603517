import ArgoModel
import Foundation

/// What a step or task may refer to: values (`{{steps.a.outputs.result}}`) and artifacts
/// (`from: "{{tasks.a.outputs.artifacts.data}}"`).
struct Bindings: Sendable {
  var values: Evaluation.Scope
  var artifacts: [String: Artifact] = [:]

  init(_ values: Evaluation.Scope) {
    self.values = values
  }
}

extension Scheduler {
  /// The bindings every steps or DAG template starts from: the globals, and the artifacts
  /// published with `globalName` (`{{workflow.outputs.artifacts.x}}`).
  func globalBindings() -> Bindings {
    var bindings = Bindings(globalScope())
    for (name, artifact) in globalArtifacts { bindings.artifacts["workflow.outputs.artifacts.\(name)"] = artifact }
    return bindings
  }

  /// The bindings inside a steps or DAG template: the globals and the template's inputs, which
  /// its output expressions (`valueFrom.expression`) and `when`s may read.
  func templateBindings(_ template: Template) -> Bindings {
    var bindings = globalBindings()
    let parameters = template.inputs?.parameters ?? []
    for parameter in parameters {
      bindings.values["inputs.parameters.\(parameter.name)"] = .string(parameter.value?.string ?? "")
    }
    if !parameters.isEmpty { bindings.values["inputs.parameters"] = parametersJSON(parameters) }
    for artifact in template.inputs?.artifacts ?? [] {
      bindings.artifacts["inputs.artifacts.\(artifact.name)"] = artifact
      if let path = artifact.path { bindings.values["inputs.artifacts.\(artifact.name).path"] = .string(path) }
    }
    return bindings
  }
}

/// What the ended groups of a steps template give the groups after them (`{{steps.a.…}}`).
struct EndedGroupScope: Sendable {
  /// How many groups, from the first, are in.
  var groups = 0
  var values: Evaluation.Scope = [:]
  var artifacts: [String: Artifact] = [:]

  mutating func add(_ bindings: Bindings, groups: Int) {
    values.merge(bindings.values) { $1 }
    artifacts.merge(bindings.artifacts) { $1 }
    self.groups = groups
  }
}

/// Where a step's or task's items come from.
struct ItemSource {
  var withItems: [Item]?
  var withParam: String?
  var withSequence: ItemSequence?

  var isEmpty: Bool { withItems == nil && withParam == nil && withSequence == nil }

  /// The items, resolved with `scope`; nil when the step has none.
  func expand(_ scope: Evaluation.Scope) throws(SchedulerError) -> [JSONValue]? {
    if let withItems {
      return try withItems.map { item throws(SchedulerError) in try Evaluation.substitute(item, scope, keepUnresolved: false) }
    }
    if let withParam {
      let text = try Evaluation.render(withParam, scope, keepUnresolved: false)
      guard let parsed = try? ManifestReader(options: .preserving).values(Array(text.utf8), format: .json).first,
        case .array(let items) = parsed
      else {
        throw SchedulerError("withParam value could not be parsed as a JSON list: \(text.prefix(200))")
      }
      return items
    }
    if let sequence = withSequence {
      func number(_ value: IntOrString?) throws(SchedulerError) -> Int? {
        guard let value else { return nil }
        let text = try Evaluation.render(value.description, scope, keepUnresolved: false)
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
          throw SchedulerError("withSequence: '\(text)' is not a number")
        }
        return number
      }
      let start = try number(sequence.start) ?? 0
      var values: [Int]
      if let count = try number(sequence.count) {
        guard sequence.end == nil else { throw SchedulerError("withSequence: count and end cannot both be given") }
        values = count > 0 ? Array(start..<(start + count)) : []
      } else if let end = try number(sequence.end) {
        values = end >= start ? Array(start...end) : Array((end...start).reversed())
      } else {
        throw SchedulerError("withSequence needs count or end")
      }
      return values.map { .string(ItemSource.format($0, sequence.format)) }
    }
    return nil
  }

  /// A number as a `withSequence.format` (a printf format with one integer) writes it.
  static func format(_ value: Int, _ format: String?) -> String {
    guard let format, !format.isEmpty else { return String(value) }
    return String(
      format: format.replacingOccurrences(of: "%d", with: "%ld").replacingOccurrences(of: "%x", with: "%lx")
        .replacingOccurrences(of: "%X", with: "%lX").replacingOccurrences(of: "%o", with: "%lo"), value)
  }
}

extension Scheduler {
  // MARK: Steps

  mutating func executeSteps(nodeName: String, template: Template, context: ExecutionContext) -> NodeStatus? {
    guard let stepsNode = node(named: nodeName), let groups = template.steps else { return nil }
    if NodePhase.isFulfilled(stepsNode.phase) { return stepsNode }
    var bindings = templateBindings(template)
    // What the groups that ended give later groups is worked out once.
    let ended = endedGroupScopes[stepsNode.id] ?? EndedGroupScope()
    bindings.values.merge(ended.values) { $1 }
    bindings.artifacts.merge(ended.artifacts) { $1 }
    var previous: [String] = []
    var lastGroup: String?
    for (index, group) in groups.enumerated() {
      let groupName = "\(nodeName)[\(index)]"
      if node(named: groupName) == nil {
        let created = createNode(
          name: groupName, displayName: "[\(index)]", type: NodeType.stepGroup, templateName: template.name, boundaryID: stepsNode.id,
          phase: NodePhase.running, parentID: index == 0 ? stepsNode.id : nil)
        for parent in previous { addChild(parent, created.id) }
      }
      guard let groupNode = node(named: groupName) else { return nil }
      if !NodePhase.isFulfilled(groupNode.phase) {
        var groupContext = context
        groupContext.boundaryID = stepsNode.id
        groupContext.parentID = groupNode.id
        executeStepGroup(group, groupName: groupName, groupID: groupNode.id, template: template, bindings: bindings, context: groupContext)
      }
      guard let done = node(named: groupName), NodePhase.isFulfilled(done.phase) else { return node(id: stepsNode.id) }
      if NodePhase.isFailure(done.phase) {
        stopDaemons(in: stepsNode.id)
        recordOutboundNodes(ofSteps: stepsNode.id, lastGroup: done.id)
        // An unsuccessful group, failed or errored, fails the steps (Argo marks them Failed with
        // the group's message); with failFast set, Argo's check of failFast says so first.
        var message = done.message
        if template.failFast == true {
          message = "template has failed or errored children and failFast enabled"
          update(done.id) { $0.message = message }
        }
        complete(stepsNode.id, phase: NodePhase.failed, message: message, outputs: nil)
        return node(id: stepsNode.id)
      }
      if index >= ended.groups {
        var additions = Bindings([:])
        for step in group {
          guard let stepName = step.name else { continue }
          addTaskScope(&additions, prefix: "steps.\(stepName)", nodeName: "\(groupName).\(stepName)")
        }
        bindings.values.merge(additions.values) { $1 }
        bindings.artifacts.merge(additions.artifacts) { $1 }
        endedGroupScopes[stepsNode.id, default: EndedGroupScope()].add(additions, groups: index + 1)
      }
      previous = parents(afterGroup: done.id)
      lastGroup = done.id
    }
    stopDaemons(in: stepsNode.id)
    if let lastGroup { recordOutboundNodes(ofSteps: stepsNode.id, lastGroup: lastGroup) }
    do {
      let outputs = try templateOutputs(template, bindings: bindings)
      complete(stepsNode.id, phase: NodePhase.succeeded, message: nil, outputs: outputs)
    } catch {
      complete(stepsNode.id, phase: NodePhase.error, message: error.message, outputs: nil)
    }
    return node(id: stepsNode.id)
  }

  mutating func executeStepGroup(
    _ group: ParallelSteps, groupName: String, groupID: String, template: Template, bindings: Bindings, context: ExecutionContext
  ) {
    var expected: [[String]] = []
    var complete = true
    for step in group {
      guard let stepName = step.name else { continue }
      let stepNodeName = "\(groupName).\(stepName)"
      let names = runStep(
        name: stepName, nodeName: stepNodeName,
        reference: reference(template: step.template, templateRef: step.templateRef, inline: step.inline), arguments: step.arguments,
        when: step.when, items: ItemSource(withItems: step.withItems, withParam: step.withParam, withSequence: step.withSequence),
        bindings: bindings, context: context, groupParentless: true, parallelism: template.parallelism, failFast: template.failFast ?? false
      )
      guard let names else {
        complete = false
        continue
      }
      expected.append(names)
      // A fan-out without hooks is read from its counts, not item by item.
      if step.hooks == nil, step.onExit == nil, let progress = fanOuts[stepNodeName], names.count == progress.ids.count,
        progress.allEnded || daemonNodes.isEmpty
      {
        if !progress.allEnded { complete = false }
        continue
      }
      for name in names {
        guard let stepNode = node(named: name) else {
          complete = false
          continue
        }
        let hooksEnded =
          step.hooks == nil
          || runStepHooks(
            step.hooks, stepName: step.name ?? "", stepNodeName: name, prefix: "steps", bindings: bindings, boundaryID: context.boundaryID,
            context: context)
        if NodePhase.isFulfilled(stepNode.phase) || stepNode.daemoned == true {
          if !runExitHook(
            of: step.hooks?["exit"], onExit: step.onExit, taskNodeName: name, prefix: "steps.\(stepName)", boundaryID: context.boundaryID,
            context: context)
          {
            complete = false
          }
          if !hooksEnded { complete = false }
        } else {
          complete = false
        }
      }
    }
    guard complete else { return }
    let failed = expected.joined().compactMap { node(named: $0) }.filter { stepNode in
      guard NodePhase.isFailure(stepNode.phase) else { return false }
      let step = group.first {
        stepNode.name == "\(groupName).\($0.name ?? "")" || stepNode.name.hasPrefix("\(groupName).\($0.name ?? "")(")
      }
      return !continuesOn(step?.continueOn, stepNode.phase)
    }
    if let first = failed.first {
      // A template that could not be executed (a suspend's missing value, a reference that does
      // not resolve) errors the group with its reason; a node that ran and failed, by its ID.
      let message =
        executionError(of: first).map { "step group deemed errored due to child \(first.name) error: \($0)" }
        ?? "child '\(first.id)' failed"
      self.complete(groupID, phase: first.phase ?? NodePhase.failed, message: message, outputs: nil)
    } else {
      self.complete(groupID, phase: NodePhase.succeeded, message: nil, outputs: nil)
    }
  }

  // MARK: One step or task, with its items

  /// Runs a step or task (or each of its items); returns the names of its nodes (for a step's
  /// items stopped by failFast, those made), or nil when they cannot all be known yet.
  @discardableResult
  mutating func runStep(
    name: String, nodeName: String, reference: TemplateReference, arguments: Arguments?, when: String?, items: ItemSource,
    bindings: Bindings, context: ExecutionContext, groupParentless: Bool, parallelism: Int?, failFast: Bool
  ) -> [String]? {
    if items.isEmpty {
      runSingle(
        nodeName: nodeName, displayName: name, reference: reference, arguments: arguments, when: when, bindings: bindings, context: context)
      return [nodeName]
    }
    // Items are expanded once: Argo fixes them when the fan-out starts.
    let values: [JSONValue]
    do {
      if let expanded = expandedItems[nodeName] {
        values = expanded
      } else {
        values = try items.expand(bindings.values) ?? []
        expandedItems[nodeName] = values
      }
    } catch {
      if node(named: nodeName) == nil {
        createNode(
          name: nodeName, displayName: name, type: NodeType.skipped, templateName: nil, boundaryID: context.boundaryID,
          phase: NodePhase.error,
          message: error.message, parentID: context.parentID)
      }
      return [nodeName]
    }
    if values.isEmpty {
      if node(named: nodeName) == nil {
        createNode(
          name: nodeName, displayName: name, type: NodeType.skipped, templateName: nil, boundaryID: context.boundaryID,
          phase: NodePhase.skipped, message: "Skipped, empty params", parentID: context.parentID)
      }
      return [nodeName]
    }
    var itemContext = context
    var groupID: String?
    if !groupParentless {
      // A DAG task's items hang from a TaskGroup node of the task's name.
      if node(named: nodeName) == nil {
        createNode(
          name: nodeName, displayName: name, type: NodeType.taskGroup, templateName: nil, boundaryID: context.boundaryID,
          phase: NodePhase.running, parentID: context.parentID)
      }
      groupID = idsByName[nodeName]
      itemContext.parentID = groupID
    }
    let allNames = itemNodeNames(nodeName, values: values)
    prepareFanOut(nodeName, names: allNames)
    // Items are made in order: an item not made yet comes after every item made. Only the
    // items that may advance are visited (not those ended, nor pods queued or running).
    var stoppedAt: Int?
    var index = 0
    while let next = fanOuts[nodeName]?.quiet[index...].firstIndex(of: false) {
      index = next + 1
      let item = values[next]
      let itemNodeName = allNames[next]
      let existingID = idsByName[itemNodeName]
      let description = Scheduler.describe(item)
      if existingID == nil, let progress = fanOuts[nodeName] {
        if failFast, progress.failedCount > 0 {
          stoppedAt = next
          break
        }
        if let parallelism, parallelism > 0, progress.madeCount - progress.endedCount >= parallelism { return nil }
      }
      defer { settleItem(next, key: nodeName, wasMade: existingID != nil) }
      if existingID != nil {
        // A made item reads no arguments again: no copy of the bindings for it on each pass.
        runSingle(
          nodeName: itemNodeName, displayName: "\(name)(\(next):\(description))", reference: reference, arguments: nil, when: when,
          bindings: bindings, context: itemContext)
        continue
      }
      var itemBindings = bindings
      itemBindings.values["item"] = item
      if case .object(let object) = item {
        for member in object { itemBindings.values["item.\(member.key)"] = .string(Evaluation.string(member.value)) }
      }
      runSingle(
        nodeName: itemNodeName, displayName: "\(name)(\(next):\(description))", reference: reference, arguments: arguments, when: when,
        bindings: itemBindings, context: itemContext)
    }
    let names = stoppedAt.map { Array(allNames[..<$0]) } ?? allNames
    let stoppedEarly = stoppedAt != nil
    // A step stopped by failFast is the items it made: the group ends, failed, once they have.
    guard let groupID else { return names }
    // The TaskGroup ends when its items have.
    guard let progress = fanOuts[nodeName] else { return names }
    if !progress.allEnded {
      // Items still running keep the group running, unless some run as daemons.
      let daemons = !daemonNodes.isEmpty && names.contains { name in idsByName[name].flatMap { node(id: $0) }?.daemoned == true }
      if !daemons, !stoppedEarly || progress.endedCount < progress.madeCount { return stoppedEarly ? nil : names }
    }
    let itemNodes = names.compactMap { node(named: $0) }
    if !stoppedEarly, itemNodes.count == values.count, itemNodes.allSatisfy({ NodePhase.isFulfilled($0.phase) || $0.daemoned == true }) {
      if let failed = itemNodes.first(where: { NodePhase.isFailure($0.phase) }) {
        complete(groupID, phase: failed.phase ?? NodePhase.failed, message: "child '\(failed.id)' failed", outputs: nil)
      } else {
        complete(groupID, phase: NodePhase.succeeded, message: nil, outputs: nil)
      }
    } else if stoppedEarly, itemNodes.allSatisfy({ NodePhase.isFulfilled($0.phase) }),
      let failed = itemNodes.first(where: { NodePhase.isFailure($0.phase) })
    {
      complete(groupID, phase: failed.phase ?? NodePhase.failed, message: "child '\(failed.id)' failed", outputs: nil)
    }
    return [nodeName]
  }

  /// A skipped or omitted node's outputs: the defaults of its template's output parameters
  /// (`valueFrom.default`), so that later steps can read them, as Argo gives them.
  mutating func giveDefaultOutputs(_ id: String, reference: TemplateReference, library: [Template]?) {
    guard let template = try? resolve(reference, library: library).template else { return }
    let parameters = (template.outputs?.parameters ?? []).compactMap { parameter -> Parameter? in
      guard let fallback = parameter.valueFrom?.default else { return nil }
      return Parameter(name: parameter.name, value: fallback)
    }
    let absent = (template.outputs?.parameters ?? []).filter { $0.valueFrom?.default == nil }.map(\.name)
    if !absent.isEmpty { absentOutputs[id] = absent }
    guard !parameters.isEmpty else { return }
    update(id) { $0.outputs = Outputs(parameters: parameters) }
  }

  /// The node names of a fan-out's items, `name(index:description)`, worked out once.
  mutating func itemNodeNames(_ nodeName: String, values: [JSONValue]) -> [String] {
    if let names = itemNames[nodeName], names.count == values.count { return names }
    let names = values.enumerated().map { "\(nodeName)(\($0.offset):\(Scheduler.describe($0.element)))" }
    itemNames[nodeName] = names
    return names
  }

  /// A step, task or item: its condition, its arguments resolved, then its template.
  mutating func runSingle(
    nodeName: String, displayName: String, reference: TemplateReference, arguments: Arguments?, when: String?, bindings: Bindings,
    context: ExecutionContext
  ) {
    if let id = idsByName[nodeName] {
      // Arguments matter only to a node not resolved yet (one read back from a saved run).
      let resolvedArguments = resolvedTemplates[id] != nil ? nil : try? resolveArguments(arguments, bindings: bindings)
      execute(nodeName: nodeName, displayName: displayName, reference: reference, arguments: resolvedArguments, context: context)
      return
    }
    if let when, !when.isEmpty {
      do {
        let rendered = try Evaluation.render(when, bindings.values, keepUnresolved: false)
        if try !Evaluation.condition(rendered) {
          let skipped = createNode(
            name: nodeName, displayName: displayName, type: NodeType.skipped, templateName: nil, boundaryID: context.boundaryID,
            phase: NodePhase.skipped, message: "when '\(rendered)' evaluated false", parentID: context.parentID)
          giveDefaultOutputs(skipped.id, reference: reference, library: context.library)
          return
        }
      } catch {
        createNode(
          name: nodeName, displayName: displayName, type: NodeType.skipped, templateName: nil, boundaryID: context.boundaryID,
          phase: NodePhase.error, message: "when '\(when)': \(error.message)", parentID: context.parentID)
        return
      }
    }
    let resolved: Arguments?
    do {
      resolved = try resolveArguments(arguments, bindings: bindings)
    } catch {
      createNode(
        name: nodeName, displayName: displayName, type: NodeType.skipped, templateName: nil, boundaryID: context.boundaryID,
        phase: NodePhase.error, message: error.message, parentID: context.parentID)
      return
    }
    execute(nodeName: nodeName, displayName: displayName, reference: reference, arguments: resolved, context: context)
  }

  /// Arguments with their references to steps, tasks and items resolved; artifacts `from`
  /// another step become that step's artifact.
  func resolveArguments(_ arguments: Arguments?, bindings: Bindings) throws(SchedulerError) -> Arguments? {
    guard var arguments else { return nil }
    if var parameters = arguments.parameters {
      var dropped: Set<Int> = []
      for index in parameters.indices {
        if let value = parameters[index].value {
          do {
            parameters[index].value = AnyString(try Evaluation.render(value.string, bindings.values, keepUnresolved: false))
          } catch {
            // An argument that is only a reference to an output a skipped or omitted step never
            // made (an absent optional) is not given: the input's default applies, or the
            // input, having none, fails, as in Argo. Anything else that names it fails here.
            guard Scheduler.isAbsentReference(value.string, bindings: bindings) else { throw error }
            dropped.insert(index)
          }
        } else if let expression = parameters[index].valueFrom?.expression {
          parameters[index].value = AnyString(Evaluation.string(try Evaluation.expression(expression, bindings.values)))
        }
      }
      arguments.parameters = parameters.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }
    if var artifacts = arguments.artifacts {
      for index in artifacts.indices {
        guard let from = artifacts[index].from else {
          // An artifact given in full (a key, a URL) may name items and outputs: `.../{{item}}.json`.
          let json = try Evaluation.substitute(artifacts[index].toJSON(), bindings.values, keepUnresolved: true)
          if let rendered = try? Artifact(json: json, options: .preserving) { artifacts[index] = rendered }
          continue
        }
        let key = from.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "{{", with: "").replacingOccurrences(
          of: "}}", with: ""
        )
        .trimmingCharacters(in: .whitespaces)
        guard var found = bindings.artifacts[key] else {
          if artifacts[index].optional == true { continue }
          throw SchedulerError("unable to resolve the artifact \(from)")
        }
        found.name = artifacts[index].name
        found.from = nil
        if let subPath = artifacts[index].subPath { found.subPath = subPath }
        artifacts[index] = found
      }
      arguments.artifacts = artifacts
    }
    return arguments
  }

  /// Whether `text` is one reference, `{{steps.a.outputs.parameters.p}}` and nothing else, to an
  /// absent optional: an output a skipped or omitted step declared without a default.
  static func isAbsentReference(_ text: String, bindings: Bindings) -> Bool {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.count > 4 else { return false }
    let key = trimmed.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
    guard !key.contains("{{"), !key.contains("}}") else { return false }
    return bindings.values[key] == .null
  }

  /// An item as Argo writes it in a node's name: strings as they are, maps as `key:value`
  /// pairs in key order, without parentheses.
  static func describe(_ item: JSONValue) -> String {
    let text: String
    switch item {
    case .object(let object):
      text = object.sorted { $0.key < $1.key }.map { "\($0.key):\(Evaluation.string($0.value))" }.joined(separator: ",")
    default:
      text = Evaluation.string(item)
    }
    // Each pass describes every item again: Foundation's replacing is left for the rare
    // item with parentheses.
    guard text.contains(where: { $0 == "(" || $0 == ")" }) else { return text }
    return text.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
  }

  // MARK: Scopes and outputs

  /// Adds what `{{<prefix>.…}}` gives for the node (or the items) named `nodeName`.
  func addTaskScope(_ bindings: inout Bindings, prefix: String, nodeName: String) {
    if let single = node(named: nodeName), single.type != NodeType.taskGroup {
      addNodeScope(&bindings, prefix: prefix, node: single)
      return
    }
    // Items: aggregated outputs.
    let items: [NodeStatus]
    if let group = node(named: nodeName) {
      items = (group.children ?? []).compactMap { node(id: $0) }.filter { $0.name.hasPrefix(nodeName + "(") }
      bindings.values["\(prefix).status"] = .string(group.phase ?? "")
      bindings.values["\(prefix).id"] = .string(group.id)
    } else {
      items = (workflow.status?.nodes ?? [:]).values.filter {
        $0.name.hasPrefix(nodeName + "(") && !$0.name.dropFirst(nodeName.count).contains(".")
      }
      .sorted { Scheduler.itemIndex($0.name) < Scheduler.itemIndex($1.name) }
    }
    // The items themselves: not their retried attempts (`name(0:a)(1)`) nor their hooks, and
    // only those that succeeded, as Argo aggregates them.
    let itemNodes = items.filter { item in
      if let names = itemNames[nodeName] { return names.contains(item.name) }
      return !item.name.dropFirst(nodeName.count).contains(")(")
    }
    guard !itemNodes.isEmpty else { return }
    let sorted = itemNodes.sorted { Scheduler.itemIndex($0.name) < Scheduler.itemIndex($1.name) }
    var results: [String] = []
    var parameterLists: [String: [String]] = [:]
    var parameterMaps: [JSONValue] = []
    for item in sorted where item.phase == NodePhase.succeeded {
      if let result = item.outputs?.result { results.append(result) }
      var map = JSONObject()
      for parameter in item.outputs?.parameters ?? [] {
        parameterLists[parameter.name, default: []].append(parameter.value?.string ?? "")
        map[parameter.name] = .string(parameter.value?.string ?? "")
      }
      if !map.isEmpty { parameterMaps.append(.object(map)) }
    }
    bindings.values["\(prefix).outputs.result"] = .string(Scheduler.aggregate(results))
    for (name, values) in parameterLists { bindings.values["\(prefix).outputs.parameters.\(name)"] = .string(Scheduler.aggregate(values)) }
    bindings.values["\(prefix).outputs.parameters"] = .string(Evaluation.string(.array(parameterMaps)))
  }

  func addNodeScope(_ bindings: inout Bindings, prefix: String, node: NodeStatus) {
    bindings.values["\(prefix).id"] = .string(node.id)
    bindings.values["\(prefix).status"] = .string(node.phase ?? "")
    if let started = node.startedAt { bindings.values["\(prefix).startedAt"] = .string(started.text) }
    if let finished = node.finishedAt { bindings.values["\(prefix).finishedAt"] = .string(finished.text) }
    if let ip = node.podIP ?? (node.daemoned == true ? "127.0.0.1" : nil) { bindings.values["\(prefix).ip"] = .string(ip) }
    for name in absentOutputs[node.id] ?? [] { bindings.values["\(prefix).outputs.parameters.\(name)"] = .null }
    guard let outputs = node.outputs else { return }
    if let result = outputs.result { bindings.values["\(prefix).outputs.result"] = .string(result) }
    if let exitCode = outputs.exitCode {
      bindings.values["\(prefix).exitCode"] = .string(exitCode)
      bindings.values["\(prefix).outputs.exitCode"] = .string(exitCode)
    }
    for parameter in outputs.parameters ?? [] {
      bindings.values["\(prefix).outputs.parameters.\(parameter.name)"] = .string(parameter.value?.string ?? "")
    }
    if let parameters = outputs.parameters, !parameters.isEmpty {
      bindings.values["\(prefix).outputs.parameters"] = parametersJSON(parameters)
    }
    for artifact in outputs.artifacts ?? [] {
      bindings.artifacts["\(prefix).outputs.artifacts.\(artifact.name)"] = artifact
    }
  }

  /// A list of values as Argo aggregates the outputs of items: a JSON list of the values,
  /// parsed when they are all JSON themselves.
  static func aggregate(_ values: [String]) -> String {
    let reader = ManifestReader(options: .preserving)
    var parsed: [JSONValue] = []
    for value in values {
      let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
      guard trimmed.first == "{" || trimmed.first == "[",
        let json = try? reader.values(Array(trimmed.utf8), format: .json).first
      else {
        return Evaluation.string(.array(values.map(JSONValue.string)))
      }
      parsed.append(json)
    }
    return Evaluation.string(.array(parsed))
  }

  static func itemIndex(_ name: String) -> Int {
    guard let open = name.lastIndex(of: "(") else { return 0 }
    let digits = name[name.index(after: open)...].prefix { $0.isNumber }
    return Int(digits) ?? 0
  }

  /// The outputs of a steps or DAG template, from its steps' or tasks' outputs.
  func templateOutputs(_ template: Template, bindings: Bindings) throws(SchedulerError) -> Outputs? {
    guard let declared = template.outputs else { return nil }
    var outputs = Outputs()
    if let parameters = declared.parameters {
      var values: [Parameter] = []
      for parameter in parameters {
        var value = parameter
        if let source = parameter.valueFrom?.parameter {
          do {
            value.value = AnyString(try Evaluation.render(source, bindings.values, keepUnresolved: false))
          } catch {
            // What cannot be resolved (a skipped step's output) takes the default when there is one.
            guard let fallback = parameter.valueFrom?.default else { throw error }
            value.value = fallback
          }
        } else if let expression = parameter.valueFrom?.expression {
          value.value = AnyString(Evaluation.string(try Evaluation.expression(expression, bindings.values)))
        } else if value.value == nil, let fallback = parameter.valueFrom?.default {
          value.value = fallback
        }
        value.valueFrom = nil
        values.append(value)
      }
      outputs.parameters = values
    }
    if let artifacts = declared.artifacts {
      var found: [Artifact] = []
      for artifact in artifacts {
        guard let from = artifact.from else { continue }
        let key = from.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: "").trimmingCharacters(
          in: .whitespaces)
        guard var source = bindings.artifacts[key] else {
          if artifact.optional == true { continue }
          throw SchedulerError("unable to resolve the output artifact \(artifact.name) from \(from)")
        }
        source.name = artifact.name
        found.append(source)
      }
      if !found.isEmpty { outputs.artifacts = found }
    }
    return outputs
  }

  // MARK: Exit hooks of steps and tasks

  /// Runs a step's or task's exit hook once it ended; returns whether the hook (if any) has
  /// ended too. The hook's arguments may read the node's outputs under `prefix`
  /// (`{{steps.step-1.outputs.parameters.result}}`), as Argo resolves them.
  @discardableResult
  mutating func runExitHook(
    of hook: LifecycleHook?, onExit: String?, taskNodeName: String, prefix: String, boundaryID: String?, context: ExecutionContext
  ) -> Bool {
    let templateName = hook?.template ?? onExit
    guard templateName != nil || hook?.templateRef != nil else { return true }
    let hookName = "\(taskNodeName).onExit"
    var hookContext = context
    hookContext.boundaryID = boundaryID
    hookContext.parentID = idsByName[taskNodeName]
    hookContext.onExit = true
    var bindings = globalBindings()
    let taskNode = node(named: taskNodeName)
    if let taskNode {
      bindings.values["steps.status"] = .string(taskNode.phase ?? "")
      bindings.values["tasks.status"] = .string(taskNode.phase ?? "")
      addNodeScope(&bindings, prefix: prefix, node: taskNode)
    }
    let resolved = idsByName[hookName] != nil ? nil : ((try? resolveArguments(hook?.arguments, bindings: bindings)) ?? hook?.arguments)
    let displayName = "\(taskNode?.displayName ?? String(taskNodeName.split(separator: ".").last ?? "")).onExit"
    let result = execute(
      nodeName: hookName, displayName: displayName,
      reference: reference(template: templateName, templateRef: hook?.templateRef, inline: nil), arguments: resolved, context: hookContext)
    return NodePhase.isFulfilled(result?.phase)
  }
}
