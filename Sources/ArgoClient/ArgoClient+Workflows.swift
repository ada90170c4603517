import ArgoModel
import Foundation

extension ArgoClient {
  /// The label that marks a submission, so that a creation whose answer was lost can be found
  /// rather than made again.
  public static let submissionLabel = "hera-swift.dev/submission"

  /// Creates a workflow (optionally a server-side dry run), never twice.
  ///
  /// A workflow with only a `generateName` gets its name here, as the API server would give
  /// it, and a label with a submission id. When the answer to the creation is lost (a time
  /// out, a connection closed, a 502/503/504), the same creation is sent again while the time
  /// limit allows: if the first one took effect, the server refuses the name (409), and the
  /// workflow under it, which carries our label, is the answer. When no answer comes in time,
  /// the error names the workflow, which may have been created, and how to look.
  public func createWorkflow(_ workflow: Workflow, namespace: String, serverDryRun: Bool = false) async throws(ArgoError) -> Workflow {
    var workflow = workflow
    let submission = UUID().uuidString.lowercased()
    workflow.metadata.labels = (workflow.metadata.labels ?? [:]).merging([ArgoClient.submissionLabel: submission]) { $1 }
    if workflow.metadata.namespace == nil { workflow.metadata.namespace = namespace }
    if (workflow.metadata.name ?? "").isEmpty, let prefix = workflow.metadata.generateName, !prefix.isEmpty {
      workflow.metadata.name = ObjectMeta.name(generatedFrom: prefix)
    }
    let name = workflow.metadata.name ?? ""
    var body: JSONObject = ["workflow": workflow.toJSON()]
    if serverDryRun { body["serverDryRun"] = true }
    let what = "create the workflow \(name.isEmpty ? "(no name)" : name)"
    let deadline = ContinuousClock.now + requestTimeout
    var attempt = 1
    var mayHaveReachedServer = false
    while true {
      do {
        let response = try await sendOnce(
          "POST", "/api/v1/workflows/\(segment(namespace))", body: .object(body), what: what, namespace: namespace, deadline: deadline)
        return try workflowFrom(try decodeJSON(response.body, what: what), what: what)
      } catch {
        if error.kind == .conflict, mayHaveReachedServer, !name.isEmpty,
          let existing = try? await getWorkflow(name, namespace: namespace),
          existing.metadata.labels?[ArgoClient.submissionLabel] == submission
        {
          // An earlier attempt took effect; its answer did not reach us.
          return existing
        }
        if !ArgoClient.surelyNotSent(error) { mayHaveReachedServer = true }
        guard attempt < retryPolicy.attempts, ArgoClient.isTransient(error) || ArgoClient.surelyNotSent(error),
          let wait = retryWait(before: attempt, deadline: deadline)
        else {
          throw mayHaveReachedServer && !serverDryRun && !name.isEmpty
            ? ArgoClient.uncertainCreation(error, name: name, namespace: namespace) : error
        }
        try? await Task.sleep(for: wait)
        attempt += 1
      }
    }
  }

  /// The error of a creation that may have taken effect though no answer said so.
  static func uncertainCreation(_ error: ArgoError, name: String, namespace: String) -> ArgoError {
    ArgoError(
      error.kind, "\(error.message); the workflow \(name) may have been created all the same", status: error.status,
      serverMessage: error.serverMessage,
      hint: "hera get \(name) -n \(namespace) says whether it was; submitting again would make another workflow",
      transport: error.transport)
  }

  /// Validates a workflow on the server (`POST .../lint`) without creating it.
  public func lintWorkflow(_ workflow: Workflow, namespace: String) async throws(ArgoError) -> Workflow {
    let json = try await json(
      "POST", "/api/v1/workflows/\(segment(namespace))/lint", body: ["workflow": workflow.toJSON()], what: "lint the workflow",
      namespace: namespace,
      idempotent: true)
    return try workflowFrom(json, what: "lint the workflow")
  }

  /// One page of the workflows of a namespace.
  public func listWorkflows(namespace: String, options: ListOptions = ListOptions()) async throws(ArgoError) -> ResourceList<Workflow> {
    try await list(Workflow.self, namespace: namespace, options: options)
  }

  /// Every workflow of a namespace, page after page.
  public func allWorkflows(namespace: String, options: ListOptions = ListOptions(), pageSize: Int = 500) async throws(ArgoError)
    -> [Workflow]
  {
    try await listAll(Workflow.self, namespace: namespace, options: options, pageSize: pageSize)
  }

  public func getWorkflow(_ name: String, namespace: String) async throws(ArgoError) -> Workflow {
    try await get(Workflow.self, name, namespace: namespace)
  }

  public func deleteWorkflow(_ name: String, namespace: String) async throws(ArgoError) {
    try await delete(Workflow.self, name, namespace: namespace)
  }

  /// Runs the failed nodes of a workflow again.
  public func retryWorkflow(
    _ name: String, namespace: String, restartSuccessful: Bool = false, nodeFieldSelector: String? = nil, parameters: [String] = []
  ) async throws(ArgoError) -> Workflow {
    var body: JSONObject = [:]
    if restartSuccessful { body["restartSuccessful"] = true }
    if let nodeFieldSelector { body["nodeFieldSelector"] = .string(nodeFieldSelector) }
    if !parameters.isEmpty { body["parameters"] = .array(parameters.map(JSONValue.string)) }
    return try await action(name, "retry", namespace: namespace, body: .object(body), idempotent: false)
  }

  /// A new workflow from this one's spec.
  public func resubmitWorkflow(_ name: String, namespace: String, memoized: Bool = false, parameters: [String] = []) async throws(ArgoError)
    -> Workflow
  {
    var body: JSONObject = [:]
    if memoized { body["memoized"] = true }
    if !parameters.isEmpty { body["parameters"] = .array(parameters.map(JSONValue.string)) }
    return try await action(name, "resubmit", namespace: namespace, body: .object(body), idempotent: false)
  }

  public func suspendWorkflow(_ name: String, namespace: String) async throws(ArgoError) -> Workflow {
    try await action(name, "suspend", namespace: namespace, body: [:], idempotent: true)
  }

  /// Resumes a suspended workflow, or only the suspend nodes a selector names.
  public func resumeWorkflow(_ name: String, namespace: String, nodeFieldSelector: String? = nil) async throws(ArgoError) -> Workflow {
    let body: JSONValue = nodeFieldSelector.map { ["nodeFieldSelector": .string($0)] } ?? [:]
    return try await action(name, "resume", namespace: namespace, body: body, idempotent: true)
  }

  /// Stops a workflow: its exit handlers still run.
  public func stopWorkflow(_ name: String, namespace: String, message: String? = nil, nodeFieldSelector: String? = nil)
    async throws(ArgoError) -> Workflow
  {
    var body: JSONObject = [:]
    if let message { body["message"] = .string(message) }
    if let nodeFieldSelector { body["nodeFieldSelector"] = .string(nodeFieldSelector) }
    return try await action(name, "stop", namespace: namespace, body: .object(body), idempotent: true)
  }

  /// Terminates a workflow at once: its exit handlers do not run.
  public func terminateWorkflow(_ name: String, namespace: String) async throws(ArgoError) -> Workflow {
    try await action(name, "terminate", namespace: namespace, body: [:], idempotent: true)
  }

  /// Sets a node's phase, message or output parameters (approving a suspend node with values).
  public func setWorkflow(
    _ name: String, namespace: String, nodeFieldSelector: String, phase: String? = nil, message: String? = nil,
    outputParameters: [String: String] = [:]
  ) async throws(ArgoError) -> Workflow {
    var body: JSONObject = ["nodeFieldSelector": .string(nodeFieldSelector)]
    if let phase { body["phase"] = .string(phase) }
    if let message { body["message"] = .string(message) }
    if !outputParameters.isEmpty {
      var writer = JSONWriter(style: .compact)
      writer.write(outputParameters.mapValues(JSONValue.string).toJSON())
      body["outputParameters"] = .string(writer.string)
    }
    return try await action(name, "set", namespace: namespace, body: .object(body), idempotent: true)
  }

  /// Submits a workflow from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow.
  public func submitWorkflow(from kind: SubmittableKind, name: String, namespace: String, options: SubmitOptions = SubmitOptions())
    async throws(ArgoError) -> Workflow
  {
    let body: JSONValue = ["resourceKind": .string(kind.name), "resourceName": .string(name), "submitOptions": options.json]
    let what = "submit a workflow from \(kind) \(name)"
    let json = try await json(
      "POST", "/api/v1/workflows/\(segment(namespace))/submit", body: body, what: what, namespace: namespace, idempotent: false)
    return try workflowFrom(json, what: what)
  }

  private func action(_ name: String, _ verb: String, namespace: String, body: JSONValue, idempotent: Bool) async throws(ArgoError)
    -> Workflow
  {
    let what = "\(verb) the workflow \(name)"
    let json = try await json(
      "PUT", "/api/v1/workflows/\(segment(namespace))/\(segment(name))/\(verb)", body: body, what: what, namespace: namespace,
      idempotent: idempotent)
    return try workflowFrom(json, what: what)
  }

  /// A workflow read from an answer, its compressed node status inflated.
  func workflowFrom(_ json: JSONValue, what: String) throws(ArgoError) -> Workflow {
    var workflow = try decode(Workflow.self, from: json, what: what)
    if let compressed = workflow.status?.compressedNodes, !compressed.isEmpty, (workflow.status?.nodes ?? [:]).isEmpty {
      guard let data = Data(base64Encoded: compressed), let inflated = Gzip.inflate(Array(data)),
        let nodes = try? ManifestReader(options: .preserving).decode([String: NodeStatus].self, from: inflated, format: .json)
      else {
        throw ArgoError(.unexpected, "the compressed node status of \(workflow.metadata.name ?? "the workflow") cannot be read")
      }
      workflow.status?.nodes = nodes
      workflow.status?.compressedNodes = nil
    }
    return workflow
  }
}
