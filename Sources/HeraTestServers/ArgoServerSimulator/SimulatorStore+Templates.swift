import ArgoModel
import Foundation

extension SimulatorStore {
  /// How each kind of stored object is asked for: the body member and the Go request types.
  private struct Shape {
    let member: String
    let goType: String
    let create: String
    let lint: String
    let update: String
    let missing: String

    init(_ resource: ArgoServerSimulator.Resource) {
      switch resource {
      case .cronWorkflow:
        member = "cronWorkflow"
        create = "CreateCronWorkflowRequest"
        lint = "LintCronWorkflowRequest"
        update = "UpdateCronWorkflowRequest"
        missing = "cron workflow was not found in the request body"
      default:
        member = "template"
        create = "\(resource.kind)CreateRequest"
        lint = "\(resource.kind)LintRequest"
        update = "\(resource.kind)UpdateRequest"
        missing =
          resource == .clusterWorkflowTemplate
          ? "cluster workflow template was not found in the request body" : "workflow template was not found in the request body"
      }
      goType = "v1alpha1.\(resource.kind)"
    }
  }

  /// WorkflowTemplates (`/workflow-templates/{ns}`), ClusterWorkflowTemplates
  /// (`/cluster-workflow-templates`) and CronWorkflows (`/cron-workflows/{ns}`).
  func routeTemplates(_ request: TestRequest, _ parts: [String], resource: ArgoServerSimulator.Resource) throws(SimulatorFailure)
    -> TestResponse
  {
    let scoped = !resource.clusterScoped
    guard !scoped || parts.count >= 4 else { throw .notFound("Not Found") }
    let namespace = scoped ? parts[3] : nil
    let rest = Array(parts.dropFirst(scoped ? 4 : 3))
    let shape = Shape(resource)
    switch (request.method, rest.count) {
    case ("GET", 0):
      try authorize("list", resource, namespace: namespace)
      return answer(try list(objects(resource, namespace: namespace), request), fields: request.query["fields"])
    case ("POST", 0):
      try authorize("create", resource, namespace: namespace)
      return answer(try createObject(resource, namespace: namespace, manifest: try manifest(request, shape, type: shape.create)))
    case ("POST", 1) where rest[0] == "lint":
      var manifest = try manifest(request, shape, type: shape.lint)
      if let problem = checks(namespace: namespace ?? "").problem(manifest, resource: resource, purpose: .lint) { throw .invalid(problem) }
      if let namespace { manifest.set("metadata", "namespace", to: .string(namespace)) }
      return answer(manifest)
    case ("GET", 1):
      try authorize("get", resource, namespace: namespace)
      guard let stored = stored(resource, namespace: namespace, name: rest[0]) else { throw .notFound(resource, rest[0]) }
      return answer(stored.object, fields: request.query["fields"])
    case ("PUT", 1):
      try authorize("update", resource, namespace: namespace)
      return answer(
        try updateObject(resource, namespace: namespace, name: rest[0], manifest: try manifest(request, shape, type: shape.update)))
    case ("DELETE", 1):
      try authorize("delete", resource, namespace: namespace)
      guard stored(resource, namespace: namespace, name: rest[0]) != nil else { throw .notFound(resource, rest[0]) }
      put(nil, resource, namespace: namespace, name: rest[0])
      return answer([:])
    case ("PUT", 2) where resource == .cronWorkflow && (rest[1] == "suspend" || rest[1] == "resume"):
      try authorize("update", resource, namespace: namespace)
      guard var stored = stored(resource, namespace: namespace, name: rest[0]) else { throw .notFound(resource, rest[0]) }
      stored.object.set("spec", "suspend", to: .bool(rest[1] == "suspend"))
      stored.object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
      put(stored, resource, namespace: namespace, name: rest[0])
      counters.actions["cron-\(rest[1])", default: 0] += 1
      return answer(stored.object)
    default:
      throw .notFound("Not Found")
    }
  }

  private func manifest(_ request: TestRequest, _ shape: Shape, type: String) throws(SimulatorFailure) -> JSONValue {
    let body = try body(request, type)
    guard let manifest = try member(body, shape.member, of: type, goType: shape.goType) else { throw .invalid(shape.missing) }
    return manifest
  }

  func objects(_ resource: ArgoServerSimulator.Resource, namespace: String?) -> [(object: JSONValue, sequence: Int)] {
    switch resource {
    case .workflowTemplate: return workflowTemplates.filter { $0.key.namespace == namespace }.map { ($0.value.object, $0.value.sequence) }
    case .cronWorkflow: return cronWorkflows.filter { $0.key.namespace == namespace }.map { ($0.value.object, $0.value.sequence) }
    default: return clusterWorkflowTemplates.values.map { ($0.object, $0.sequence) }
    }
  }

  func stored(_ resource: ArgoServerSimulator.Resource, namespace: String?, name: String) -> StoredObject? {
    switch resource {
    case .workflowTemplate: return workflowTemplates[ObjectKey(namespace: namespace ?? "", name: name)]
    case .cronWorkflow: return cronWorkflows[ObjectKey(namespace: namespace ?? "", name: name)]
    default: return clusterWorkflowTemplates[name]
    }
  }

  func put(_ object: StoredObject?, _ resource: ArgoServerSimulator.Resource, namespace: String?, name: String) {
    switch resource {
    case .workflowTemplate: workflowTemplates[ObjectKey(namespace: namespace ?? "", name: name)] = object
    case .cronWorkflow: cronWorkflows[ObjectKey(namespace: namespace ?? "", name: name)] = object
    default: clusterWorkflowTemplates[name] = object
    }
  }

  /// Validates and stores a new template or cron workflow.
  func createObject(_ resource: ArgoServerSimulator.Resource, namespace: String?, manifest: JSONValue) throws(SimulatorFailure) -> JSONValue
  {
    if let namespace { try checkNamespace(manifest, namespace) }
    if let problem = checks(namespace: namespace ?? "").problem(manifest, resource: resource, purpose: .create) { throw .invalid(problem) }
    var object = manifest
    let name = object.at("metadata", "name")?.stringValue ?? ""
    if !name.isEmpty, stored(resource, namespace: namespace, name: name) != nil { throw .alreadyExists(resource, name) }
    if object["apiVersion"] == nil { object.set("apiVersion", to: "argoproj.io/v1alpha1") }
    if object["kind"] == nil { object.set("kind", to: .string(resource.kind)) }
    stamp(&object, namespace: namespace) { self.stored(resource, namespace: namespace, name: $0) != nil }
    let finalName = object.at("metadata", "name")?.stringValue ?? ""
    put(StoredObject(object: object, sequence: nextSequence()), resource, namespace: namespace, name: finalName)
    return object
  }

  /// Replaces a stored object, as Kubernetes does: only from the version last read.
  func updateObject(_ resource: ArgoServerSimulator.Resource, namespace: String?, name: String, manifest: JSONValue)
    throws(SimulatorFailure)
    -> JSONValue
  {
    var object = manifest
    let given = object.at("metadata", "name")?.stringValue ?? ""
    if given.isEmpty {
      object.set("metadata", "name", to: .string(name))
    } else if given != name {
      throw .invalid("the name of the object (\(given)) does not match the name on the URL (\(name))")
    }
    if let namespace { try checkNamespace(object, namespace) }
    guard let current = stored(resource, namespace: namespace, name: name) else { throw .notFound(resource, name) }
    if let problem = checks(namespace: namespace ?? "").problem(object, resource: resource, purpose: .create) { throw .invalid(problem) }
    guard let version = object.at("metadata", "resourceVersion")?.stringValue, !version.isEmpty else {
      throw .invalid(
        "\(resource.plural).argoproj.io \"\(name)\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"
      )
    }
    guard version == current.object.at("metadata", "resourceVersion")?.stringValue else {
      throw SimulatorFailure(
        code: 10,
        message: "Operation cannot be fulfilled on \(resource.plural).argoproj.io \"\(name)\": the object has been modified; "
          + "please apply your changes to the latest version and try again")
    }
    for key in ["uid", "creationTimestamp", "namespace"] { object.set("metadata", key, to: current.object.at("metadata", key)) }
    if object["apiVersion"] == nil { object.set("apiVersion", to: "argoproj.io/v1alpha1") }
    if object["kind"] == nil { object.set("kind", to: .string(resource.kind)) }
    let generation = current.object.at("metadata", "generation")?.numberValue?.intValue ?? 1
    object.set("metadata", "generation", to: .number(JSONNumber(object["spec"] == current.object["spec"] ? generation : generation + 1)))
    object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
    put(StoredObject(object: object, sequence: current.sequence), resource, namespace: namespace, name: name)
    return object
  }

  // MARK: The archive

  /// The workflow archive: a list of summaries, newest first, paged by offset; a workflow by
  /// UID; deletion, resubmission, retry; label keys and values.
  func routeArchive(_ request: TestRequest, _ parts: [String]) throws(SimulatorFailure) -> TestResponse {
    switch (request.method, parts[2], parts.count) {
    case ("GET", "archived-workflows", 3):
      let namespace = request.query["namespace"].flatMap { $0.isEmpty ? nil : $0 }
      try authorize("list", .workflow, namespace: namespace)
      return answer(try archiveList(request, namespace: namespace))
    case ("GET", "archived-workflows-label-keys", 3):
      let keys = Set(archived.flatMap { $0.object.at("metadata", "labels")?.stringMap.keys.map { $0 } ?? [] })
      return answer(["items": .array(keys.sorted().map(JSONValue.string))])
    case ("GET", "archived-workflows-label-values", 3):
      let key = request.query["listOptions.labelSelector"] ?? ""
      let values = Set(archived.compactMap { $0.object.at("metadata", "labels")?.stringMap[key] })
      return answer(["items": .array(values.sorted().map(JSONValue.string))])
    case ("GET", "archived-workflows", 4):
      let object = try archivedObject(parts[3])
      try authorize("get", .workflow, namespace: object.at("metadata", "namespace")?.stringValue)
      return answer(object)
    case ("DELETE", "archived-workflows", 4):
      let object = try archivedObject(parts[3])
      try authorize("delete", .workflow, namespace: object.at("metadata", "namespace")?.stringValue)
      archived.removeAll { $0.object.at("metadata", "uid")?.stringValue == parts[3] }
      return answer([:])
    case ("PUT", "archived-workflows", 5) where parts[4] == "resubmit":
      let object = try archivedObject(parts[3])
      let namespace = object.at("metadata", "namespace")?.stringValue ?? ""
      try authorize("create", .workflow, namespace: namespace)
      let body = try body(request, "ResubmitArchivedWorkflowRequest")
      let parameters =
        try member(body, "parameters", of: "ResubmitArchivedWorkflowRequest", goType: "[]string")?.elements.compactMap(\.stringValue) ?? []
      counters.actions["resubmit-archived", default: 0] += 1
      return answer(try create(resubmission(of: object, parameters: parameters), namespace: namespace, purpose: .create, dryRun: false))
    case ("PUT", "archived-workflows", 5) where parts[4] == "retry":
      let object = try archivedObject(parts[3])
      let namespace = object.at("metadata", "namespace")?.stringValue ?? ""
      try authorize("create", .workflow, namespace: namespace)
      let key = ObjectKey(namespace: namespace, name: object.at("metadata", "name")?.stringValue ?? "")
      if workflows[key] != nil { throw .alreadyExists(.workflow, key.name) }
      var base = object
      base.set("status", to: nil)
      var record = makeRecord(base, key: key)
      record.run.frozenStatus = object["status"]
      try record.run.retry(restartSuccessful: false, selector: NodeFieldSelector(nil), now: now)
      record.object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
      workflows[key] = record
      counters.actions["retry-archived", default: 0] += 1
      let rendered = render(record)
      emit("ADDED", key, object: rendered)
      return answer(rendered)
    default:
      throw .notFound("Not Found")
    }
  }

  private func archivedObject(_ uid: String) throws(SimulatorFailure) -> JSONValue {
    guard let stored = archived.first(where: { $0.object.at("metadata", "uid")?.stringValue == uid }) else { throw .notFound("not found") }
    return stored.object
  }

  private func archiveList(_ request: TestRequest, namespace: String?) throws(SimulatorFailure) -> JSONValue {
    let labels = try LabelSelector(request.query["listOptions.labelSelector"])
    let prefix = request.query["namePrefix"] ?? ""
    let nameFilter = request.query["nameFilter"] ?? "Prefix"
    let name = request.query["name"] ?? ""
    let matching = archived.sorted { $0.sequence > $1.sequence }.map(\.object).filter { object in
      let metadata = object["metadata"] ?? [:]
      let objectName = metadata["name"]?.stringValue ?? ""
      if let namespace, metadata["namespace"]?.stringValue != namespace { return false }
      if !prefix.isEmpty, !objectName.hasPrefix(prefix) { return false }
      if !name.isEmpty {
        switch nameFilter {
        case "Exact": if objectName != name { return false }
        case "Contains": if !objectName.contains(name) { return false }
        default: if !objectName.hasPrefix(name) { return false }
        }
      }
      return labels.matches(metadata["labels"]?.stringMap ?? [:])
    }
    let offset = try integer(request, "listOptions.continue") ?? 0
    let limit = try integer(request, "listOptions.limit") ?? 0
    let rest = Array(matching.dropFirst(offset))
    let page = limit > 0 ? Array(rest.prefix(limit)) : rest
    var metadata = JSONObject()
    if limit > 0, rest.count > limit { metadata["continue"] = .string(String(offset + limit)) }
    let summaries = page.map { object -> JSONValue in
      var status = JSONObject()
      for key in ["phase", "startedAt", "finishedAt", "progress", "estimatedDuration", "resourcesDuration", "message"] {
        if let value = object.at("status", key) { status[key] = value }
      }
      return ["metadata": object["metadata"] ?? [:], "spec": [:], "status": .object(status)]
    }
    return ["metadata": .object(metadata), "items": .array(summaries)]
  }
}
