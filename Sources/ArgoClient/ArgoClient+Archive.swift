import ArgoModel

extension ArgoClient {
  /// One page of the workflow archive (finished workflows kept in the server's database),
  /// of one namespace or of all.
  public func listArchivedWorkflows(namespace: String? = nil, namePrefix: String? = nil, options: ListOptions = ListOptions())
    async throws(ArgoError) -> ResourceList<Workflow>
  {
    var query = options.query
    if let namespace { query.append(("namespace", namespace)) }
    if let namePrefix { query.append(("namePrefix", namePrefix)) }
    let what = "list archived workflows"
    let json = try await json("GET", "/api/v1/archived-workflows", query: query, what: what, namespace: namespace, idempotent: true)
    var items: [Workflow] = []
    for item in json["items"]?.arrayValue ?? [] { items.append(try workflowFrom(item, what: what)) }
    return ResourceList(
      items: items, continueToken: json["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
      resourceVersion: json["metadata"]?["resourceVersion"]?.stringValue)
  }

  /// An archived workflow, by its uid.
  public func getArchivedWorkflow(uid: String) async throws(ArgoError) -> Workflow {
    let what = "get the archived workflow \(uid)"
    return try workflowFrom(try await json("GET", "/api/v1/archived-workflows/\(segment(uid))", what: what, idempotent: true), what: what)
  }

  public func deleteArchivedWorkflow(uid: String) async throws(ArgoError) {
    _ = try await send(
      "DELETE", "/api/v1/archived-workflows/\(segment(uid))", what: "delete the archived workflow \(uid)", idempotent: true)
  }

  /// A new workflow from an archived one's spec.
  public func resubmitArchivedWorkflow(uid: String, namespace: String, memoized: Bool = false, parameters: [String] = [])
    async throws(ArgoError)
    -> Workflow
  {
    var body: JSONObject = ["uid": .string(uid), "namespace": .string(namespace)]
    if memoized { body["memoized"] = true }
    if !parameters.isEmpty { body["parameters"] = .array(parameters.map(JSONValue.string)) }
    let what = "resubmit the archived workflow \(uid)"
    let json = try await json(
      "PUT", "/api/v1/archived-workflows/\(segment(uid))/resubmit", body: .object(body), what: what, namespace: namespace, idempotent: false
    )
    return try workflowFrom(json, what: what)
  }

  /// Runs the failed nodes of an archived workflow again (it is restored from the archive).
  public func retryArchivedWorkflow(
    uid: String, namespace: String, restartSuccessful: Bool = false, nodeFieldSelector: String? = nil, parameters: [String] = []
  ) async throws(ArgoError) -> Workflow {
    var body: JSONObject = ["uid": .string(uid), "namespace": .string(namespace)]
    if restartSuccessful { body["restartSuccessful"] = true }
    if let nodeFieldSelector { body["nodeFieldSelector"] = .string(nodeFieldSelector) }
    if !parameters.isEmpty { body["parameters"] = .array(parameters.map(JSONValue.string)) }
    let what = "retry the archived workflow \(uid)"
    let json = try await json(
      "PUT", "/api/v1/archived-workflows/\(segment(uid))/retry", body: .object(body), what: what, namespace: namespace, idempotent: false)
    return try workflowFrom(json, what: what)
  }
}
