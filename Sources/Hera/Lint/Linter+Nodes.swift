extension LintRun {
  // MARK: Steps

  func lintSteps(_ groups: [ParallelSteps], template: Template, path: LintPath, scope: inout Scope) {
    // Names are unique across all the groups of the template.
    var seen: Set<String> = []
    for (groupIndex, group) in groups.enumerated() {
      for (index, step) in group.enumerated() {
        let stepPath = path.element(groupIndex).element(index, name: step.name)
        let name = step.name ?? ""
        if name.isEmpty {
          error("node-name", stepPath, "a step needs a name", hint: "give every step a name unique in its template")
        } else {
          // A name may be computed: each {{...}} stands for some value, and the rest must still
          // make a valid name.
          if !NamePattern.node.accepts(LintRun.replacingTags(in: name, with: "x")) {
            error(
              "node-name", stepPath.key("name"), "step name \"\(name)\" is invalid: use \(NamePattern.node.rule)",
              hint: name.contains("{{")
                ? "only the {{...}} parts of the name are computed: the rest must follow the rule" : "e.g. \"\(Naming.argoName(name))\"")
          }
          if !seen.insert(name).inserted {
            error(
              "node-name", stepPath.key("name"), "step name \"\(name)\" is not unique",
              hint: "names are unique across all the groups of a steps template")
          }
        }
        // A computed name ("run-{{inputs.parameters.day}}") is known by its skeleton, as
        // references to it are once their inner tags are substituted.
        let key = "steps.\(LintRun.replacingTags(in: name, with: "x"))"
        scope.nodes[key, default: NodeExposure(template: nil, known: false)].status = true
        scope.addItems(of: step)
        checkNode(step, path: stepPath)
        checkHooks(step.hooks, path: stepPath.key("hooks"), requireExpression: true)
        let child = resolvedTemplate(of: step)
        if step.onExit != nil || step.hooks?["exit"] != nil {
          scope.nodes[key] = NodeExposure(template: child ?? nil, aggregate: false, status: true)
        }
        var stepScope = scope
        for parameter in step.inline?.inputs?.parameters ?? [] { stepScope.extra.insert("inputs.parameters.\(parameter.name)") }
        resolveVariables(in: step.toJSON(), scope: stepScope, path: stepPath)
        scope.nodes[key] = NodeExposure(template: child ?? nil, aggregate: step.withItems != nil || step.withParam != nil, status: true)
        scope.addGlobalOutputs(of: child ?? nil)
      }
    }
  }

  // MARK: DAG

  func lintDAG(_ dag: DAGTemplate, template: Template, path: LintPath, scope: inout Scope) {
    let tasks = dag.tasks
    let tasksPath = path.key("tasks")
    if tasks.isEmpty {
      error("dag-structure", tasksPath, "a DAG needs at least one task", hint: "add tasks, or make the template a container or script")
      return
    }
    checkNames(tasks.map(\.name), kind: "task", path: { tasksPath.element($0, name: tasks[$0].name) }, rule: "node-name", pattern: .node)
    let usesDepends = tasks.contains { $0.depends != nil }
    let tasksByName = Dictionary(tasks.map { ($0.name, $0) }) { first, _ in first }

    // Dependencies of each task, by name, with the results its `depends` tests.
    var dependencies: [String: [String]] = [:]
    for (index, task) in tasks.enumerated() {
      let taskPath = tasksPath.element(index, name: task.name)
      var taskDependencies: [String] = task.dependencies ?? []
      // A set beside the ordered list: an expression may name many thousands of tasks.
      var listed = Set(taskDependencies)
      if let depends = task.depends {
        do {
          let expression = try DependsExpression(parsing: depends)
          for (dependency, result) in expression.terms {
            if listed.insert(dependency).inserted { taskDependencies.append(dependency) }
            guard let result else { continue }
            if !TaskResult.all.contains(result) {
              error(
                "dag-depends", taskPath.key("depends"), "\"\(result.rawValue)\" is not a task result (in \(dependency).\(result.rawValue))",
                hint: "use one of \(TaskResult.all.map(\.rawValue).joined(separator: ", "))")
            } else if result == .anySucceeded || result == .allFailed, let target = tasksByName[dependency],
              target.withItems == nil, target.withParam == nil, target.withSequence == nil
            {
              error(
                "dag-depends", taskPath.key("depends"),
                "\(dependency).\(result.rawValue) applies to tasks that fan out, and \"\(dependency)\" has no withItems, withParam or withSequence"
              )
            }
          }
        } catch {
          self.error(
            "dag-depends", taskPath.key("depends"), "the depends expression cannot be read: \(error)",
            hint: "write task names joined by && and ||, e.g. \"a && (b.Failed || c)\"")
        }
        if task.dependencies != nil {
          error("dag-depends", taskPath, "a task cannot have both depends and dependencies", hint: "write everything in depends")
        }
      }
      if usesDepends, task.dependencies != nil, task.depends == nil {
        error(
          "dag-depends", taskPath.key("dependencies"), "this DAG uses depends, so its tasks cannot also use dependencies",
          hint: "write \"\(task.dependencies!.joined(separator: " && "))\" in depends")
      }
      if usesDepends, task.continueOn != nil {
        error(
          "dag-depends", taskPath.key("continueOn"), "continueOn cannot be used in a DAG that uses depends",
          hint: "test the result instead, e.g. depends: \"\(task.name).Failed\" in the tasks that follow")
      }
      if let first = task.name.unicodeScalars.first, ("0"..."9").contains(first), usesDepends || !(task.dependencies ?? []).isEmpty {
        error(
          "node-name", taskPath.key("name"), "a task name cannot begin with a digit in a DAG that uses depends or dependencies",
          hint: "prefix it, e.g. \"t-\(task.name)\"")
      }
      for dependency in taskDependencies where !LintRun.isTemplated(dependency) && tasksByName[dependency] == nil {
        error(
          "dag-dependency", taskPath.key(task.depends != nil ? "depends" : "dependencies"),
          "dependency \"\(dependency)\" is not a task of this DAG",
          hint: closest(dependency, among: Array(tasksByName.keys)).map { "did you mean \"\($0)\"?" })
      }
      dependencies[task.name] = taskDependencies.filter { tasksByName[$0] != nil }
    }
    if let cycle = LintRun.findCycle(in: dependencies, order: tasks.map(\.name)) {
      error(
        "dag-cycle", tasksPath, "the tasks depend on each other in a cycle: \(cycle.reversed().joined(separator: " -> "))",
        hint: "remove one of these dependencies")
    }
    // Every task's outputs are visible to every other task; status only to descendants.
    for task in tasks {
      let child = resolvedTemplate(of: task)
      scope.nodes["tasks.\(task.name)"] = NodeExposure(template: child ?? nil, aggregate: task.withItems != nil || task.withParam != nil)
      scope.addGlobalOutputs(of: child ?? nil)
    }
    if let target = dag.target {
      // The target's variables must resolve; then each name it lists must be a task (computed
      // names are known only at run time).
      resolveVariables(in: .string(target), scope: scope, path: path.key("target"))
      for name in target.split(separator: " ").map(String.init)
      where !name.isEmpty && !LintRun.isTemplated(name) && tasksByName[name] == nil {
        error(
          "dag-target", path.key("target"), "the target \"\(name)\" is not a task of this DAG",
          hint: closest(name, among: Array(tasksByName.keys)).map { "did you mean \"\($0)\"?" }
            ?? "targets are task names separated by spaces")
      }
    }
    let ancestry = Ancestry(dependencies: dependencies)
    for (index, task) in tasks.enumerated() {
      let taskPath = tasksPath.element(index, name: task.name)
      checkNode(task, path: taskPath)
      let json = task.toJSON()
      // Only the tasks this one mentions matter: a task sees the status (and the aggregated
      // outputs, for loops) of its ancestors.
      var taskScope = scope
      var ancestors: Set<String> = []
      for name in LintRun.mentionedTasks(in: json, helper: self) where ancestry.isAncestor(name, of: task.name) {
        ancestors.insert(name)
        if var exposure = scope.nodes["tasks.\(name)"] {
          exposure.status = true
          taskScope.extraNodes["tasks.\(name)"] = exposure
        }
      }
      if task.hooks != nil { scope.nodes["tasks.\(task.name)"]?.status = true }
      for parameter in task.inline?.inputs?.parameters ?? [] { taskScope.extra.insert("inputs.parameters.\(parameter.name)") }
      taskScope.addItems(of: task, local: true)
      resolveVariables(in: json, scope: taskScope, path: taskPath)
      checkArgumentDependencies(task, ancestors: ancestors, path: taskPath)
    }
  }

  /// The task names a task's strings mention in `{{tasks.NAME...}}` tags.
  static func mentionedTasks(in json: JSONValue, helper: LintRun) -> Set<String> {
    var names: Set<String> = []
    helper.forEachString(in: json) { text in
      guard LintRun.containsTagOpening(text) else { return }
      var rest = Substring(text)
      while let range = rest.range(of: "tasks.") {
        rest = rest[range.upperBound...]
        let name = rest.prefix { $0 != "." && $0 != "}" && $0 != " " }
        if !name.isEmpty { names.insert(String(name)) }
      }
    }
    return names
  }

  static func isTemplated(_ text: String) -> Bool { text.contains("{{") }

  /// An argument whose value starts with `{{tasks.X` needs X to be an ancestor, or it would be
  /// read before X ran.
  func checkArgumentDependencies(_ task: DAGTask, ancestors: Set<String>, path: LintPath) {
    func dependency(in text: String) -> String? {
      guard text.hasPrefix("{{tasks.") else { return nil }
      let rest = text.dropFirst("{{tasks.".count)
      return rest.split(separator: ".").first.map(String.init)
    }
    for (index, parameter) in (task.arguments?.parameters ?? []).enumerated() {
      if let value = parameter.value?.string, let name = dependency(in: value), name != task.name, !ancestors.contains(name) {
        error(
          "dag-dependency", path.key("arguments").key("parameters").element(index, name: parameter.name),
          "the argument \"\(parameter.name)\" reads task \"\(name)\", which this task does not depend on",
          hint: "add \"\(name)\" to the task's depends")
      }
    }
    for (index, artifact) in (task.arguments?.artifacts ?? []).enumerated() {
      if let from = artifact.from, let name = dependency(in: from), name != task.name, !ancestors.contains(name) {
        error(
          "dag-dependency", path.key("arguments").key("artifacts").element(index, name: artifact.name),
          "the artifact \"\(artifact.name)\" comes from task \"\(name)\", which this task does not depend on",
          hint: "add \"\(name)\" to the task's depends")
      }
    }
  }

  // MARK: Steps and tasks alike

  func checkNode(_ node: some NodeModel, path: LintPath) {
    let ways = [node.template != nil, node.templateRef != nil, node.inline != nil].filter { $0 }.count
    if ways == 0 {
      error("template-reference", path, "the node runs no template", hint: "set template, templateRef or inline")
    } else if node.template != nil, node.templateRef != nil {
      error(
        "template-reference", path, "a node names either a template or a templateRef, not both",
        hint: "keep template for this workflow's templates, templateRef for a WorkflowTemplate's")
    }
    if let reference = node.templateRef {
      if (reference.name ?? "").isEmpty {
        error(
          "template-reference", path.key("templateRef").key("name"), "the templateRef needs the name of a WorkflowTemplate",
          hint: "set templateRef.name")
      }
      if (reference.template ?? "").isEmpty {
        error(
          "template-reference", path.key("templateRef").key("template"), "the templateRef needs the name of a template",
          hint: "set templateRef.template")
      }
      if let name = reference.name, let template = reference.template, !LintRun.isTemplated(name + template) {
        do {
          _ = try library.template(for: reference)
        } catch let problem where problem.isMissingResource {
          reportUnknownReference(
            "template-reference", path.key("templateRef"),
            "\(reference.clusterScope == true ? "ClusterWorkflowTemplate" : "WorkflowTemplate") \"\(name)\" is not among the files linted, so its template \"\(template)\" is not found",
            noteSuffix: "the reference was not checked")
        } catch let problem {
          error("template-reference", path.key("templateRef"), problem.message, hint: problem.closestName.map { "did you mean \"\($0)\"?" })
        }
      }
    }
    if let name = node.template, node.templateRef == nil, !LintRun.isTemplated(name), templatesByName[name] == nil {
      error(
        "template-reference", path.key("template"), "\"\(name)\" is not a template of this workflow",
        hint: closest(name, among: Array(templatesByName.keys)).map { "did you mean \"\($0)\"?" })
    }
    if let onExit = node.onExit, templatesByName[onExit] == nil {
      error(
        "template-reference", path.key("onExit"), "the exit handler \"\(onExit)\" is not a template of this workflow",
        hint: closest(onExit, among: Array(templatesByName.keys)).map { "did you mean \"\($0)\"?" } ?? "add a template of that name")
    }
    let loops = [node.withItems != nil, node.withParam != nil, node.withSequence != nil].filter { $0 }.count
    if loops > 1 {
      error(
        "loops", path, "a node loops with one of withItems, withParam, withSequence, not several",
        hint: "keep one; nest a steps or DAG template for a loop of loops")
    }
    if let sequence = node.withSequence, sequence.count != nil, sequence.end != nil {
      error(
        "loops", path.key("withSequence"), "withSequence takes count or end, not both",
        hint: "count runs 0...count-1; start and end give a range")
    }
    for (index, item) in (node.withItems ?? []).enumerated() where item.isNull {
      error(
        "loops", path.key("withItems").element(index), "a withItems entry is null",
        hint: "items are strings, numbers, booleans, lists or maps")
    }
    checkArguments(node.arguments, path: path.key("arguments"), allowsEmptyValues: false, isWorkflowLevel: false)
    if case .some(.some(let child)) = resolvedTemplate(of: node), node.inline == nil {
      checkSupplied(template: child, arguments: node.arguments, path: path, calledName: node.template ?? node.templateRef?.template ?? "")
    }
  }

  // MARK: Arguments

  func checkArguments(_ arguments: Arguments?, path: LintPath, allowsEmptyValues: Bool, isWorkflowLevel: Bool) {
    guard let arguments else { return }
    let parameters = arguments.parameters ?? []
    checkNames(
      parameters.map(\.name), kind: "argument", path: { path.key("parameters").element($0, name: parameters[$0].name) },
      rule: "parameter-name", pattern: .parameter)
    for (index, parameter) in parameters.enumerated() {
      let parameterPath = path.key("parameters").element(index, name: parameter.name)
      if parameter.value == nil, parameter.valueFrom == nil, !allowsEmptyValues {
        error(
          "arguments", parameterPath, "the argument \"\(parameter.name)\" has no value",
          hint: isWorkflowLevel ? "give it a value, or pass one when submitting (-p \(parameter.name)=...)" : "give it a value or valueFrom"
        )
      }
      if let valueFrom = parameter.valueFrom {
        let forbidden = [
          ("path", valueFrom.path), ("jsonPath", valueFrom.jsonPath), ("parameter", valueFrom.parameter),
          ("expression", valueFrom.expression),
        ]
        .compactMap { $0.1 == nil ? nil : $0.0 }
        if !forbidden.isEmpty {
          error(
            "arguments", parameterPath.key("valueFrom"), "an argument's valueFrom cannot use \(forbidden.joined(separator: ", "))",
            hint: "arguments take values from configMapKeyRef, supplied or event")
        }
      }
      if let values = parameter.enum {
        if values.isEmpty {
          error("parameter-enum", parameterPath.key("enum"), "the enum is empty", hint: "list the allowed values, or drop enum")
        } else if let value = parameter.value, !LintRun.isTemplated(value.string), !values.contains(value) {
          error(
            "parameter-enum", parameterPath.key("value"),
            "\"\(value)\" is not one of the enum's values (\(values.map(\.string).joined(separator: ", ")))",
            hint: "use one of them, or add it to the enum")
        }
      }
    }
    let artifacts = arguments.artifacts ?? []
    checkNames(
      artifacts.map(\.name), kind: "artifact argument", path: { path.key("artifacts").element($0, name: artifacts[$0].name) },
      rule: "parameter-name", pattern: .parameter)
    for (index, artifact) in artifacts.enumerated() {
      let artifactPath = path.key("artifacts").element(index, name: artifact.name)
      if artifact.from != nil, artifact.fromExpression != nil {
        error(
          "arguments", artifactPath, "an artifact argument takes from or fromExpression, not both",
          hint: "keep from for a fixed reference, fromExpression for a computed one")
      }
      if artifact.from == nil, artifact.fromExpression == nil, !LintRun.hasLocation(artifact), !allowsEmptyValues || !isWorkflowLevel {
        error(
          "arguments", artifactPath, "the artifact argument \"\(artifact.name)\" has no source",
          hint: "set from, a location (s3, http, git, raw, ...) or a key")
      }
    }
  }

  /// Whether an artifact says where it is stored.
  static func hasLocation(_ artifact: Artifact) -> Bool {
    artifact.raw != nil || artifact.http != nil || artifact.git != nil || artifact.s3 != nil || artifact.gcs != nil || artifact.oss != nil
      || artifact.azure != nil || artifact.hdfs != nil || artifact.artifactory != nil || artifact.plugin != nil
  }

  /// The called template's inputs without a value must be given by the caller's arguments.
  func checkSupplied(template: Template, arguments: Arguments?, path: LintPath, calledName: String) {
    let given = Set((arguments?.parameters ?? []).filter { $0.value != nil || $0.valueFrom != nil }.map(\.name))
    for parameter in template.inputs?.parameters ?? [] {
      if parameter.value == nil, parameter.default == nil, parameter.valueFrom == nil, !given.contains(parameter.name) {
        error(
          "arguments", path, "the input parameter \"\(parameter.name)\" of template \"\(calledName)\" is not supplied",
          hint: "pass it as an argument, or give the input a default")
      }
    }
    let givenArtifacts = Set((arguments?.artifacts ?? []).map(\.name))
    for artifact in template.inputs?.artifacts ?? [] where artifact.optional != true && !LintRun.hasLocation(artifact) {
      if !givenArtifacts.contains(artifact.name), artifact.from == nil {
        error(
          "arguments", path, "the input artifact \"\(artifact.name)\" of template \"\(calledName)\" is not supplied",
          hint: "pass it as an artifact argument, give the input a location, or mark it optional")
      }
    }
  }
}

/// Which DAG tasks wait for which, answered on demand.
struct Ancestry {
  let dependencies: [String: [String]]

  /// Whether `task` waits for `candidate`, directly or not: a breadth-first search that stops
  /// as soon as it finds it, so that the usual case (a direct dependency) is immediate.
  func isAncestor(_ candidate: String, of task: String) -> Bool {
    var seen: Set<String> = [task]
    var frontier = dependencies[task] ?? []
    while !frontier.isEmpty {
      var next: [String] = []
      for name in frontier where seen.insert(name).inserted {
        if name == candidate { return true }
        next += dependencies[name] ?? []
      }
      frontier = next
    }
    return false
  }
}
