import ArgoModel

/// Where the Argo Server keeps a kind of resource, and how its requests wrap it.
public struct ResourceEndpoint: Sendable {
  /// The collection's path under `/api/v1/` (`workflow-templates`).
  let collection: String
  /// Whether objects live in a namespace (all but cluster workflow templates).
  let namespaced: Bool
  /// The member of create, lint and update bodies holding the object (`template`).
  let bodyKey: String
  /// How messages name the kind (`workflow template`).
  let noun: String

  /// Whether objects of the kind live in a namespace.
  public var isNamespaced: Bool { namespaced }

  func path(namespace: String?, client: ArgoClient) -> String {
    guard namespaced, let namespace else { return "/api/v1/\(collection)" }
    return "/api/v1/\(collection)/\(client.segment(namespace))"
  }
}

/// A kind the Argo Server reads, lists, lints and deletes.
public protocol ServerResource: ArgoResource {
  static var endpoint: ResourceEndpoint { get }
}

/// A kind the Argo Server also creates and updates as sent: workflow templates, cluster
/// workflow templates and cron workflows. (Workflows are created by `createWorkflow`, which
/// guards against double submission, and never updated.)
public protocol DefinitionResource: ServerResource {}

extension Workflow: ServerResource {
  public static var endpoint: ResourceEndpoint {
    ResourceEndpoint(collection: "workflows", namespaced: true, bodyKey: "workflow", noun: "workflow")
  }
}

extension WorkflowTemplate: DefinitionResource {
  public static var endpoint: ResourceEndpoint {
    ResourceEndpoint(collection: "workflow-templates", namespaced: true, bodyKey: "template", noun: "workflow template")
  }
}

extension ClusterWorkflowTemplate: DefinitionResource {
  public static var endpoint: ResourceEndpoint {
    ResourceEndpoint(collection: "cluster-workflow-templates", namespaced: false, bodyKey: "template", noun: "cluster workflow template")
  }
}

extension CronWorkflow: DefinitionResource {
  public static var endpoint: ResourceEndpoint {
    ResourceEndpoint(collection: "cron-workflows", namespaced: true, bodyKey: "cronWorkflow", noun: "cron workflow")
  }
}

/// What `apply` did.
public enum ApplyOutcome: Sendable, Hashable {
  case created
  case updated
}

extension ArgoClient {
  /// One page of the objects of a kind (`namespace` is ignored for cluster workflow templates).
  public func list<Resource: ServerResource>(_ kind: Resource.Type, namespace: String?, options: ListOptions = ListOptions())
    async throws(ArgoError) -> ResourceList<Resource>
  {
    let endpoint = Resource.endpoint
    let what = "list \(endpoint.noun)s"
    let json = try await json(
      "GET", endpoint.path(namespace: namespace, client: self), query: options.query, what: what, namespace: namespace, idempotent: true)
    var items: [Resource] = []
    for item in json["items"]?.arrayValue ?? [] { items.append(try resource(Resource.self, from: item, what: what)) }
    return ResourceList(
      items: items, continueToken: json["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
      resourceVersion: json["metadata"]?["resourceVersion"]?.stringValue)
  }

  /// Every object of a kind, page after page.
  public func listAll<Resource: ServerResource>(
    _ kind: Resource.Type, namespace: String?, options: ListOptions = ListOptions(), pageSize: Int = 500
  )
    async throws(ArgoError) -> [Resource]
  {
    var options = options
    options.limit = options.limit ?? pageSize
    var all: [Resource] = []
    while true {
      let page = try await list(Resource.self, namespace: namespace, options: options)
      all += page.items
      guard let next = page.continueToken else { return all }
      options.continueToken = next
    }
  }

  public func get<Resource: ServerResource>(_ kind: Resource.Type, _ name: String, namespace: String?) async throws(ArgoError) -> Resource {
    let endpoint = Resource.endpoint
    let what = "get the \(endpoint.noun) \(name)"
    let json = try await json(
      "GET", endpoint.path(namespace: namespace, client: self) + "/" + segment(name), what: what, namespace: namespace, idempotent: true)
    return try resource(Resource.self, from: json, what: what)
  }

  public func delete<Resource: ServerResource>(_ kind: Resource.Type, _ name: String, namespace: String?) async throws(ArgoError) {
    let endpoint = Resource.endpoint
    _ = try await send(
      "DELETE", endpoint.path(namespace: namespace, client: self) + "/" + segment(name), what: "delete the \(endpoint.noun) \(name)",
      namespace: namespace, idempotent: true)
  }

  /// Validates an object on the server without creating it; returns it as the server
  /// completed it with its defaults.
  public func lint<Resource: ServerResource>(_ object: Resource, namespace: String?) async throws(ArgoError) -> Resource {
    let endpoint = Resource.endpoint
    let what = "lint the \(endpoint.noun) \(object.metadata.name ?? object.metadata.generateName ?? "")"
    let json = try await json(
      "POST", endpoint.path(namespace: namespace, client: self) + "/lint", body: [endpoint.bodyKey: object.toJSON()], what: what,
      namespace: namespace, idempotent: true)
    return try resource(Resource.self, from: json, what: what)
  }

  /// Creates a workflow template, cluster workflow template or cron workflow; a name taken
  /// already is a `.conflict` error (see `apply` to replace it).
  public func create<Resource: DefinitionResource>(_ object: Resource, namespace: String?, serverDryRun: Bool = false)
    async throws(ArgoError) -> Resource
  {
    let endpoint = Resource.endpoint
    var object = object
    if endpoint.namespaced, object.metadata.namespace == nil { object.metadata.namespace = namespace }
    var body: JSONObject = [endpoint.bodyKey: object.toJSON()]
    if serverDryRun { body["createOptions"] = ["dryRun": ["All"]] }
    let what = "create the \(endpoint.noun) \(object.metadata.name ?? object.metadata.generateName ?? "")"
    // A creation is not repeated unless it surely did not reach the server: a second one would
    // fail with "already exists" and hide the first one's answer.
    let json = try await json(
      "POST", endpoint.path(namespace: namespace, client: self), body: .object(body), what: what, namespace: namespace, idempotent: false)
    return try resource(Resource.self, from: json, what: what)
  }

  /// Replaces an object; `object.metadata.resourceVersion` must be the server's current one
  /// (from a `get`), or the server answers `.conflict`.
  public func update<Resource: DefinitionResource>(_ object: Resource, namespace: String?) async throws(ArgoError) -> Resource {
    let endpoint = Resource.endpoint
    guard let name = object.metadata.name, !name.isEmpty else {
      throw ArgoError(.configuration, "a \(endpoint.noun) to update needs metadata.name", hint: "generateName only works when creating")
    }
    let what = "update the \(endpoint.noun) \(name)"
    // An update carries the version it replaces, so sending it twice cannot apply it twice.
    let json = try await json(
      "PUT", endpoint.path(namespace: namespace, client: self) + "/" + segment(name), body: [endpoint.bodyKey: object.toJSON()], what: what,
      namespace: namespace, idempotent: true)
    return try resource(Resource.self, from: json, what: what)
  }

  /// Creates an object, or replaces the one of the same name, without a moment where none
  /// exists: the current version is read and updated in place; a concurrent change (a
  /// `.conflict`) makes it read and try again.
  public func apply<Resource: DefinitionResource>(_ object: Resource, namespace: String?) async throws(ArgoError) -> (
    Resource, ApplyOutcome
  ) {
    let endpoint = Resource.endpoint
    guard let name = object.metadata.name, !name.isEmpty else {
      throw ArgoError(
        .configuration, "a \(endpoint.noun) to apply needs metadata.name",
        hint: "generateName makes a new object each time: use create, or set a name")
    }
    var lastConflict: ArgoError?
    for _ in 0..<5 {
      let current: Resource?
      do {
        current = try await get(Resource.self, name, namespace: namespace)
      } catch  where error.kind == .notFound {
        current = nil
      }
      do {
        if let current {
          var replacement = object
          replacement.metadata.resourceVersion = current.metadata.resourceVersion
          if endpoint.namespaced, replacement.metadata.namespace == nil { replacement.metadata.namespace = namespace }
          return (try await update(replacement, namespace: namespace), .updated)
        }
        return (try await create(object, namespace: namespace), .created)
      } catch  where error.kind == .conflict {
        lastConflict = error  // changed or created meanwhile: read it again
      }
    }
    throw lastConflict ?? ArgoError(.conflict, "the \(endpoint.noun) \(name) kept changing while it was applied")
  }

  /// Stops a cron workflow from starting workflows.
  public func suspendCronWorkflow(_ name: String, namespace: String) async throws(ArgoError) -> CronWorkflow {
    try await cronAction(name, "suspend", namespace: namespace)
  }

  /// Lets a suspended cron workflow start workflows again.
  public func resumeCronWorkflow(_ name: String, namespace: String) async throws(ArgoError) -> CronWorkflow {
    try await cronAction(name, "resume", namespace: namespace)
  }

  private func cronAction(_ name: String, _ verb: String, namespace: String) async throws(ArgoError) -> CronWorkflow {
    let what = "\(verb) the cron workflow \(name)"
    let json = try await json(
      "PUT", CronWorkflow.endpoint.path(namespace: namespace, client: self) + "/" + segment(name) + "/" + verb,
      body: ["name": .string(name), "namespace": .string(namespace)], what: what, namespace: namespace, idempotent: true)
    return try resource(CronWorkflow.self, from: json, what: what)
  }

  /// An object read leniently from an answer; workflows get their compressed nodes inflated.
  func resource<Resource: ServerResource>(_ kind: Resource.Type, from json: JSONValue, what: String) throws(ArgoError) -> Resource {
    if Resource.self == Workflow.self, let workflow = try workflowFrom(json, what: what) as? Resource { return workflow }
    return try decode(Resource.self, from: json, what: what)
  }
}
