import ArgoModel

/// Which objects a list returns, and how many at once.
public struct ListOptions: Sendable, Hashable {
  /// `app=collect,vintage=2009`.
  public var labelSelector: String?
  /// `metadata.name=collect-abc12`.
  public var fieldSelector: String?
  /// At most this many per page.
  public var limit: Int?
  /// The token of the next page, from the previous page.
  public var continueToken: String?
  /// The fields to return (`items.metadata.name,items.status.phase`), to keep answers small.
  public var fields: String?

  public init(
    labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil, fields: String? = nil
  ) {
    self.labelSelector = labelSelector
    self.fieldSelector = fieldSelector
    self.limit = limit
    self.continueToken = continueToken
    self.fields = fields
  }

  var query: [(String, String)] {
    var query: [(String, String)] = []
    if let labelSelector { query.append(("listOptions.labelSelector", labelSelector)) }
    if let fieldSelector { query.append(("listOptions.fieldSelector", fieldSelector)) }
    if let limit { query.append(("listOptions.limit", String(limit))) }
    if let continueToken { query.append(("listOptions.continue", continueToken)) }
    if let fields { query.append(("fields", fields)) }
    return query
  }
}

/// One page of a list.
public struct ResourceList<Item: Sendable & Hashable>: Sendable, Hashable {
  public var items: [Item]
  /// The token of the next page, when there is one.
  public var continueToken: String?
  public var resourceVersion: String?
}

/// A change to a workflow, from a watch.
public struct WatchEvent: Sendable, Hashable {
  /// `ADDED`, `MODIFIED` or `DELETED`.
  public var type: String
  public var workflow: Workflow
}

/// A line of a pod's log.
public struct LogEntry: Sendable, Hashable {
  public var podName: String
  public var content: String
}

/// Which logs to read.
public struct LogOptions: Sendable, Hashable {
  /// One pod, or all of the workflow's.
  public var podName: String?
  public var container = "main"
  /// Keep reading until the pods finish.
  public var follow = false
  public var sinceSeconds: Int?
  /// Only lines matching this regular expression (the server filters).
  public var grep: String?
  public var timestamps = false
  public var tailLines: Int?

  public init(
    podName: String? = nil, container: String = "main", follow: Bool = false, sinceSeconds: Int? = nil, grep: String? = nil,
    timestamps: Bool = false, tailLines: Int? = nil
  ) {
    self.podName = podName
    self.container = container
    self.follow = follow
    self.sinceSeconds = sinceSeconds
    self.grep = grep
    self.timestamps = timestamps
    self.tailLines = tailLines
  }

  var query: [(String, String)] {
    var query: [(String, String)] = [("logOptions.container", container)]
    if follow { query.append(("logOptions.follow", "true")) }
    if let sinceSeconds { query.append(("logOptions.sinceSeconds", String(sinceSeconds))) }
    if let grep { query.append(("grep", grep)) }
    if timestamps { query.append(("logOptions.timestamps", "true")) }
    if let tailLines { query.append(("logOptions.tailLines", String(tailLines))) }
    return query
  }
}

/// How to submit a workflow from a template.
public struct SubmitOptions: Sendable, Hashable {
  /// `name=value` pairs.
  public var parameters: [String] = []
  public var generateName: String?
  public var name: String?
  public var entryPoint: String?
  /// `a=b,c=d`.
  public var labels: String?
  public var serviceAccount: String?
  public var serverDryRun = false

  public init(
    parameters: [String] = [], generateName: String? = nil, name: String? = nil, entryPoint: String? = nil, labels: String? = nil,
    serviceAccount: String? = nil, serverDryRun: Bool = false
  ) {
    self.parameters = parameters
    self.generateName = generateName
    self.name = name
    self.entryPoint = entryPoint
    self.labels = labels
    self.serviceAccount = serviceAccount
    self.serverDryRun = serverDryRun
  }

  var json: JSONValue {
    var object = JSONObject()
    if !parameters.isEmpty { object.append("parameters", .array(parameters.map(JSONValue.string))) }
    if let generateName { object.append("generateName", .string(generateName)) }
    if let name { object.append("name", .string(name)) }
    if let entryPoint { object.append("entryPoint", .string(entryPoint)) }
    if let labels { object.append("labels", .string(labels)) }
    if let serviceAccount { object.append("serviceAccount", .string(serviceAccount)) }
    if serverDryRun { object.append("serverDryRun", true) }
    return .object(object)
  }
}

/// The kinds a workflow can be submitted from.
public struct SubmittableKind: Sendable, Hashable, CustomStringConvertible {
  public let name: String
  public var description: String { name }

  public static let workflowTemplate = SubmittableKind(name: "WorkflowTemplate")
  public static let clusterWorkflowTemplate = SubmittableKind(name: "ClusterWorkflowTemplate")
  public static let cronWorkflow = SubmittableKind(name: "CronWorkflow")

  /// The kind named as the argo CLI's `--from` names it: `workflowtemplate`, `wftmpl`,
  /// `clusterworkflowtemplate`, `cwftmpl`, `cronworkflow`, `cwf`, `cronwf`.
  public init?(argoName: String) {
    switch argoName.lowercased() {
    case "workflowtemplate", "workflowtemplates", "wftmpl": self = .workflowTemplate
    case "clusterworkflowtemplate", "clusterworkflowtemplates", "cwftmpl", "cwft": self = .clusterWorkflowTemplate
    case "cronworkflow", "cronworkflows", "cwf", "cronwf": self = .cronWorkflow
    default: return nil
    }
  }

  private init(name: String) {
    self.name = name
  }
}
