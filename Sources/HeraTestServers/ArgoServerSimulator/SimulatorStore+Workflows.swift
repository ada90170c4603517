import ArgoModel
import Foundation

extension SimulatorStore {
  func routeWorkflows(_ request: TestRequest, _ parts: [String]) throws(SimulatorFailure) -> TestResponse {
    guard parts.count >= 4 else { throw .notFound("Not Found") }
    let namespace = parts[3]
    switch (request.method, parts.count) {
    case ("GET", 4):
      try authorize("list", .workflow, namespace: namespace)
      return answer(try list(workflowObjects(namespace), request), fields: request.query["fields"])
    case ("POST", 4):
      return answer(try createWorkflow(request, namespace: namespace))
    case ("POST", 5) where parts[4] == "lint":
      return answer(try lintWorkflow(request, namespace: namespace))
    case ("POST", 5) where parts[4] == "submit":
      return answer(try submitWorkflow(request, namespace: namespace))
    case ("GET", 5):
      try authorize("get", .workflow, namespace: namespace)
      return answer(try workflow(parts[4], namespace: namespace), fields: request.query["fields"])
    case ("DELETE", 5):
      try authorize("delete", .workflow, namespace: namespace)
      try deleteWorkflow(ObjectKey(namespace: namespace, name: parts[4]))
      return answer([:])
    case ("PUT", 6):
      try authorize("update", .workflow, namespace: namespace)
      return answer(try act(parts[5], on: ObjectKey(namespace: namespace, name: parts[4]), request))
    default:
      throw .notFound("Not Found")
    }
  }

  func workflowObjects(_ namespace: String) -> [(object: JSONValue, sequence: Int)] {
    workflows.filter { $0.key.namespace == namespace }.map { (render($0.value), $0.value.sequence) }
  }

  /// A Kubernetes list: label and field selectors, pages of `limit` with an opaque continue
  /// token, the resource version, in order of creation. An empty list has `"items": null`, as
  /// Go writes a nil slice.
  func list(_ objects: [(object: JSONValue, sequence: Int)], _ request: TestRequest) throws(SimulatorFailure) -> JSONValue {
    let labels = try LabelSelector(request.query["listOptions.labelSelector"])
    let fields = try FieldSelector(request.query["listOptions.fieldSelector"])
    var start = 0
    if let token = request.query["listOptions.continue"], !token.isEmpty {
      guard let data = Data(base64Encoded: token), let decoded = JSONValue.parse(Array(data)),
        let after = Int(decoded["start"]?.stringValue ?? "")
      else { throw .invalid("continue key is not valid: illegal base64 data at input byte 0") }
      start = after
    }
    let matching = objects.sorted { $0.sequence < $1.sequence }.filter { entry in
      let metadata = entry.object["metadata"]
      return labels.matches(metadata?["labels"]?.stringMap ?? [:])
        && fields.matches(name: metadata?["name"]?.stringValue ?? "", namespace: metadata?["namespace"]?.stringValue ?? "")
    }
    let remaining = matching.filter { $0.sequence > start }
    var page = remaining
    var metadata: JSONObject = ["resourceVersion": .string(String(resourceVersion))]
    if let limit = try integer(request, "listOptions.limit"), limit > 0, remaining.count > limit {
      page = Array(remaining.prefix(limit))
      let token: JSONValue = [
        "v": "meta.k8s.io/v1", "rv": .number(JSONNumber(resourceVersion)), "start": .string(String(page.last!.sequence)),
      ]
      metadata["continue"] = .string(Data(token.compactBytes).base64EncodedString())
      metadata["remainingItemCount"] = .number(JSONNumber(remaining.count - limit))
    }
    return ["metadata": .object(metadata), "items": page.isEmpty ? .null : .array(page.map(\.object))]
  }

  func workflow(_ name: String, namespace: String) throws(SimulatorFailure) -> JSONValue {
    if let record = workflows[ObjectKey(namespace: namespace, name: name)] { return render(record) }
    // The Argo Server answers an archived workflow when the live one is gone.
    let archivedCopy = archived.last { stored in
      stored.object.at("metadata", "namespace")?.stringValue == namespace && stored.object.at("metadata", "name")?.stringValue == name
    }
    if let archivedCopy { return archivedCopy.object }
    throw .notFound(.workflow, name)
  }

  // MARK: Creation

  func createWorkflow(_ request: TestRequest, namespace: String) throws(SimulatorFailure) -> JSONValue {
    try authorize("create", .workflow, namespace: namespace)
    let body = try body(request, "WorkflowCreateRequest")
    guard let manifest = try member(body, "workflow", of: "WorkflowCreateRequest", goType: "v1alpha1.Workflow") else {
      throw .invalid("workflow body not specified")
    }
    var dryRun = try member(body, "serverDryRun", of: "WorkflowCreateRequest", goType: "bool")?.boolValue ?? false
    if let options = try member(body, "createOptions", of: "WorkflowCreateRequest", goType: "v1.CreateOptions") {
      dryRun = dryRun || options["dryRun"]?.elements.contains("All") == true
    }
    return try create(manifest, namespace: namespace, purpose: .create, dryRun: dryRun)
  }

  /// Validates, names and stores a workflow, and tells the watches; a dry run only answers
  /// what would be stored.
  func create(_ manifest: JSONValue, namespace: String, purpose: ManifestChecks.Purpose, dryRun: Bool, counted: Bool = true)
    throws(SimulatorFailure) -> JSONValue
  {
    try checkNamespace(manifest, namespace)
    if let problem = checks(namespace: namespace).problem(manifest, resource: .workflow, purpose: purpose) { throw .invalid(problem) }
    var object = manifest
    object.set("status", to: nil)
    let name = object.at("metadata", "name")?.stringValue ?? ""
    if !name.isEmpty, workflows[ObjectKey(namespace: namespace, name: name)] != nil { throw .alreadyExists(.workflow, name) }
    if dryRun {
      var preview = object
      var generator = self.generator
      if name.isEmpty, let prefix = preview.at("metadata", "generateName")?.stringValue {
        preview.set("metadata", "name", to: .string(ObjectMeta.name(generatedFrom: prefix, suffix: generator.suffix())))
      }
      preview.set("metadata", "namespace", to: .string(namespace))
      preview.set("metadata", "creationTimestamp", to: .string(KubernetesTime.seconds(now)))
      return preview
    }
    stamp(&object, namespace: namespace) { self.workflows[ObjectKey(namespace: namespace, name: $0)] != nil }
    let key = ObjectKey(namespace: namespace, name: object.at("metadata", "name")?.stringValue ?? "")
    let record = makeRecord(object, key: key)
    workflows[key] = record
    if counted { counters.workflowsCreated += 1 }
    let rendered = render(record)
    emit("ADDED", key, object: rendered)
    return rendered
  }

  /// A new record for an object: the spec that runs (merged over its WorkflowTemplate's), the
  /// nodes made to fail, the pod name version and compression, from its labels and annotations.
  func makeRecord(_ object: JSONValue, key: ObjectKey) -> WorkflowRecord {
    var spec = object["spec"] ?? [:]
    if let reference = spec["workflowTemplateRef"], let name = reference["name"]?.stringValue,
      let referenced = references(namespace: key.namespace).spec(named: name, clusterScope: reference["clusterScope"]?.boolValue == true)
    {
      spec = WorkflowSpecJoin.joined(spec, over: referenced.toJSON())
    }
    let annotations = object.at("metadata", "annotations")?.stringMap ?? [:]
    let labels = object.at("metadata", "labels")?.stringMap ?? [:]
    var running = object
    running.set("spec", to: spec)
    running.set("spec", "workflowTemplateRef", to: nil)
    running.set("status", to: nil)
    var script = PodScript(annotations: annotations, labels: labels)
    script.outputs.merge(settings.podOutputs) { own, _ in own }
    let run = WorkflowRun(name: key.name, object: running, script: script)
    let compressed = (labels[ArgoServerSimulator.compressLabel] ?? annotations[ArgoServerSimulator.compressLabel]) == "true"
    return WorkflowRecord(object: object, run: run, sequence: nextSequence(), compressed: compressed)
  }

  func lintWorkflow(_ request: TestRequest, namespace: String) throws(SimulatorFailure) -> JSONValue {
    let body = try body(request, "WorkflowLintRequest")
    guard var manifest = try member(body, "workflow", of: "WorkflowLintRequest", goType: "v1alpha1.Workflow") else {
      throw .invalid("workflow body not specified")
    }
    if let problem = checks(namespace: namespace).problem(manifest, resource: .workflow, purpose: .lint) { throw .invalid(problem) }
    manifest.set("metadata", "namespace", to: .string(namespace))
    return manifest
  }

  // MARK: Submission from templates

  func submitWorkflow(_ request: TestRequest, namespace: String) throws(SimulatorFailure) -> JSONValue {
    try authorize("create", .workflow, namespace: namespace)
    let type = "WorkflowSubmitRequest"
    let body = try body(request, type)
    let kind = try member(body, "resourceKind", of: type, goType: "string")?.stringValue ?? ""
    let name = try member(body, "resourceName", of: type, goType: "string")?.stringValue ?? ""
    let options = try member(body, "submitOptions", of: type, goType: "v1alpha1.SubmitOpts") ?? [:]
    var workflow: JSONValue = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": ["generateName": .string("\(name)-")]]
    var labels = JSONObject()
    switch kind {
    case "WorkflowTemplate", "workflowtemplate", "workflowtemplates", "wftmpl":
      try authorize("get", .workflowTemplate, namespace: namespace)
      guard let template = workflowTemplates[ObjectKey(namespace: namespace, name: name)] else { throw .notFound(.workflowTemplate, name) }
      labels["workflows.argoproj.io/workflow-template"] = .string(name)
      workflow.set("spec", to: ["workflowTemplateRef": ["name": .string(name)]])
      copyWorkflowMetadata(template.object, into: &workflow, labels: &labels)
    case "ClusterWorkflowTemplate", "clusterworkflowtemplate", "clusterworkflowtemplates", "cwftmpl":
      try authorize("get", .clusterWorkflowTemplate, namespace: nil)
      guard let template = clusterWorkflowTemplates[name] else { throw .notFound(.clusterWorkflowTemplate, name) }
      labels["workflows.argoproj.io/cluster-workflow-template"] = .string(name)
      workflow.set("spec", to: ["workflowTemplateRef": ["name": .string(name), "clusterScope": true]])
      copyWorkflowMetadata(template.object, into: &workflow, labels: &labels)
    case "CronWorkflow", "cronworkflow", "cronworkflows", "cwf":
      try authorize("get", .cronWorkflow, namespace: namespace)
      guard let cron = cronWorkflows[ObjectKey(namespace: namespace, name: name)] else { throw .notFound(.cronWorkflow, name) }
      workflow = workflowFromCron(cron.object, namespace: namespace)
      labels = workflow.at("metadata", "labels")?.objectValue ?? [:]
    default:
      throw .invalid(
        "resourceKind must be one of \"WorkflowTemplate\", \"ClusterWorkflowTemplate\" or \"CronWorkflow\" (found \"\(kind)\")")
    }
    for (key, value) in try pairs(options["labels"]?.stringValue, "labels") { labels[key] = .string(value) }
    workflow.set("metadata", "labels", to: .object(labels))
    for (key, value) in try pairs(options["annotations"]?.stringValue, "annotations") {
      workflow.set("metadata", "annotations", key, to: .string(value))
    }
    if let generateName = options["generateName"]?.stringValue, !generateName.isEmpty {
      workflow.set("metadata", "generateName", to: .string(generateName))
    }
    if let fixed = options["name"]?.stringValue, !fixed.isEmpty { workflow.set("metadata", "name", to: .string(fixed)) }
    if let entryPoint = options["entryPoint"]?.stringValue, !entryPoint.isEmpty {
      workflow.set("spec", "entrypoint", to: .string(entryPoint))
    }
    if let account = options["serviceAccount"]?.stringValue, !account.isEmpty {
      workflow.set("spec", "serviceAccountName", to: .string(account))
    }
    if let priorityClass = options["podPriorityClassName"]?.stringValue {
      workflow.set("spec", "podPriorityClassName", to: .string(priorityClass))
    }
    if let priority = options["priority"] { workflow.set("spec", "priority", to: priority) }
    let parameters = options["parameters"]?.elements.compactMap(\.stringValue) ?? []
    workflow.set("spec", to: try applying(parameters, to: workflow["spec"] ?? [:]))
    counters.actions["submit", default: 0] += 1
    return try create(workflow, namespace: namespace, purpose: .submit, dryRun: options["serverDryRun"]?.boolValue == true)
  }

  private func copyWorkflowMetadata(_ template: JSONValue, into workflow: inout JSONValue, labels: inout JSONObject) {
    for member in template.at("spec", "workflowMetadata", "labels")?.objectValue ?? [:] { labels[member.key] = member.value }
    for member in template.at("spec", "workflowMetadata", "annotations")?.objectValue ?? [:] {
      workflow.set("metadata", "annotations", member.key, to: member.value)
    }
  }

  /// A workflow from a cron workflow, as Argo's controller makes one: its spec, labels, and an
  /// owner reference.
  func workflowFromCron(_ cron: JSONValue, namespace: String) -> JSONValue {
    let name = cron.at("metadata", "name")?.stringValue ?? ""
    var labels = cron.at("spec", "workflowMetadata", "labels")?.objectValue ?? [:]
    labels["workflows.argoproj.io/cron-workflow"] = .string(name)
    var workflow: JSONValue = [
      "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
      "metadata": [
        "generateName": .string("\(name)-"), "labels": .object(labels),
        "annotations": ["workflows.argoproj.io/scheduled-time": .string(KubernetesTime.seconds(now))],
        "ownerReferences": [
          [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "CronWorkflow", "name": .string(name), "uid": cron.at("metadata", "uid") ?? "",
            "controller": true, "blockOwnerDeletion": true,
          ]
        ],
      ],
      "spec": cron.at("spec", "workflowSpec") ?? [:],
    ]
    for member in cron.at("spec", "workflowMetadata", "annotations")?.objectValue ?? [:] {
      workflow.set("metadata", "annotations", member.key, to: member.value)
    }
    return workflow
  }

  /// `a=b,c=d`, as the CLI's `--labels` writes them.
  private func pairs(_ text: String?, _ what: String) throws(SimulatorFailure) -> [(String, String)] {
    guard let text, !text.isEmpty else { return [] }
    var pairs: [(String, String)] = []
    for term in text.split(separator: ",") {
      let parts = term.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw .invalid("expected \(what) of the form: NAME1=VALUE1,NAME2=VALUE2; received: \(text)") }
      pairs.append((parts[0], parts[1]))
    }
    return pairs
  }

  /// Parameters `name=value` set on a spec's arguments: an existing parameter takes the value,
  /// a new one is added.
  func applying(_ parameters: [String], to spec: JSONValue) throws(SimulatorFailure) -> JSONValue {
    guard !parameters.isEmpty else { return spec }
    var spec = spec
    var arguments = spec.at("arguments", "parameters")?.elements ?? []
    for parameter in parameters {
      guard let separator = parameter.firstIndex(of: "=") else {
        throw .invalid("expected parameter of the form: NAME=VALUE. Received: \(parameter)")
      }
      let name = String(parameter[..<separator])
      let value = JSONValue.string(String(parameter[parameter.index(after: separator)...]))
      if let index = arguments.firstIndex(where: { $0["name"]?.stringValue == name }) {
        arguments[index].set("value", to: value)
      } else {
        arguments.append(["name": .string(name), "value": value])
      }
    }
    spec.set("arguments", "parameters", to: .array(arguments))
    return spec
  }

  // MARK: Deletion

  func deleteWorkflow(_ key: ObjectKey) throws(SimulatorFailure) {
    guard var record = workflows.removeValue(forKey: key) else { throw .notFound(.workflow, key.name) }
    record.object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
    counters.workflowsDeleted += 1
    if settings.archivePolicy == .whenDeleted, record.run.isFinished { archive(record) }
    emit("DELETED", key, object: render(record))
    endLogStreams(of: key)
  }

  // MARK: Actions

  /// `PUT …/{name}/{action}`: the changes Argo's server makes to the workflow, which the
  /// simulated controller then carries out on its next ticks.
  func act(_ action: String, on key: ObjectKey, _ request: TestRequest) throws(SimulatorFailure) -> JSONValue {
    let type = "Workflow\(action.prefix(1).uppercased() + action.dropFirst())Request"
    guard ["retry", "resubmit", "suspend", "resume", "stop", "terminate", "set"].contains(action) else { throw .notFound("Not Found") }
    let body = try body(request, type)
    guard var record = workflows[key] else { throw .notFound(.workflow, key.name) }
    let selector = NodeFieldSelector(try member(body, "nodeFieldSelector", of: type, goType: "string")?.stringValue)
    switch action {
    case "retry":
      let parameters = try member(body, "parameters", of: type, goType: "[]string")?.elements.compactMap(\.stringValue) ?? []
      let restartSuccessful = try member(body, "restartSuccessful", of: type, goType: "bool")?.boolValue ?? false
      guard WorkflowPhase(record.run.shownPhase).isFailedOrError else { throw .invalid("workflow must be Failed/Error to retry") }
      if !parameters.isEmpty {
        record.object.set("spec", to: try applying(parameters, to: record.object["spec"] ?? [:]))
        record.run.spec = try applying(parameters, to: record.run.spec)
      }
      try record.run.retry(restartSuccessful: restartSuccessful, selector: selector, now: now)
      record.object.set("spec", "shutdown", to: nil)
      record.object.set("spec", "suspend", to: nil)
    case "resubmit":
      let parameters = try member(body, "parameters", of: type, goType: "[]string")?.elements.compactMap(\.stringValue) ?? []
      let memoized = try member(body, "memoized", of: type, goType: "bool")?.boolValue ?? false
      if memoized && !WorkflowPhase(record.run.shownPhase).isFailedOrError {
        throw .invalid("workflow must be Failed/Error to resubmit in memoized mode")
      }
      counters.actions[action, default: 0] += 1
      return try create(resubmission(of: record.object, parameters: parameters), namespace: key.namespace, purpose: .create, dryRun: false)
    case "suspend":
      if record.run.isFinished { throw .invalid("cannot suspend completed workflows") }
      record.object.set("spec", "suspend", to: true)
    case "resume":
      if selector.isEmpty { record.object.set("spec", "suspend", to: nil) }
      record.run.resume(selector: selector, now: now)
    case "stop", "terminate":
      if record.run.isFinished { throw .invalid("cannot shutdown a completed workflow") }
      let message = try member(body, "message", of: type, goType: "string")?.stringValue
      if action == "stop", !selector.isEmpty {
        // Argo's server then only fails the suspend nodes named, with the message.
        try record.run.stopNodes(selector: selector, message: message, now: now)
      } else {
        record.object.set("spec", "shutdown", to: action == "stop" ? "Stop" : "Terminate")
      }
    default:
      let phase = try member(body, "phase", of: type, goType: "string")?.stringValue
      let message = try member(body, "message", of: type, goType: "string")?.stringValue
      var outputs: [String: String] = [:]
      if let text = try member(body, "outputParameters", of: type, goType: "string")?.stringValue, !text.isEmpty {
        guard let parsed = JSONValue.parse(Array(text.utf8))?.objectValue else {
          throw .invalid("unable to parse output parameter set request: \(text)")
        }
        for member in parsed { outputs[member.key] = member.value.scalarText ?? member.value.compactText }
      }
      try record.run.set(
        selector: selector, phase: phase.flatMap { $0.isEmpty ? nil : $0 }, message: message.flatMap { $0.isEmpty ? nil : $0 },
        outputParameters: outputs, now: now)
    }
    record.object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
    workflows[key] = record
    counters.actions[action, default: 0] += 1
    let rendered = render(record)
    emit("MODIFIED", key, object: rendered)
    return rendered
  }

  /// A new workflow with the spec of an old one, as Argo's resubmit makes it: `NAME-` plus a
  /// suffix, its labels but the controller's, and a label naming the original.
  func resubmission(of object: JSONValue, parameters: [String]) throws(SimulatorFailure) -> JSONValue {
    let name = object.at("metadata", "name")?.stringValue ?? ""
    var labels = JSONObject()
    let ignored: Set<String> = [
      "workflows.argoproj.io/phase", "workflows.argoproj.io/completed", "workflows.argoproj.io/workflow-archiving-status",
      "workflows.argoproj.io/creator",
    ]
    for member in object.at("metadata", "labels")?.objectValue ?? [:] where !ignored.contains(member.key) {
      labels[member.key] = member.value
    }
    labels["workflows.argoproj.io/resubmitted-from-workflow"] = .string(name)
    var metadata: JSONObject = ["generateName": .string("\(name)-"), "labels": .object(labels)]
    if let annotations = object.at("metadata", "annotations") { metadata["annotations"] = annotations }
    var spec = object["spec"] ?? [:]
    spec.set("shutdown", to: nil)
    spec.set("suspend", to: nil)
    return [
      "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": .object(metadata), "spec": try applying(parameters, to: spec),
    ]
  }
}
