/// One document of a manifest file: an Argo resource of one of the five kinds, or another
/// Kubernetes object (a ConfigMap, a PersistentVolumeClaim) kept as it is.
public enum Manifest: Sendable, Hashable {
  case workflow(Workflow)
  case workflowTemplate(WorkflowTemplate)
  case clusterWorkflowTemplate(ClusterWorkflowTemplate)
  case cronWorkflow(CronWorkflow)
  case workflowEventBinding(WorkflowEventBinding)
  /// A Kubernetes object of another API group, passed through unchanged.
  case kubernetes(JSONObject)

  /// The kinds read into the model, in the order Argo's CLI lists them.
  public static let argoKinds = [
    Workflow.kind, WorkflowTemplate.kind, ClusterWorkflowTemplate.kind, CronWorkflow.kind, WorkflowEventBinding.kind,
  ]

  /// The document's `kind`.
  public var kind: String {
    switch self {
    case .workflow: return Workflow.kind
    case .workflowTemplate: return WorkflowTemplate.kind
    case .clusterWorkflowTemplate: return ClusterWorkflowTemplate.kind
    case .cronWorkflow: return CronWorkflow.kind
    case .workflowEventBinding: return WorkflowEventBinding.kind
    case .kubernetes(let object): return object["kind"]?.stringValue ?? ""
    }
  }

  /// The resource, when it is one of Argo's kinds.
  public var resource: (any ArgoResource)? {
    switch self {
    case .workflow(let value): return value
    case .workflowTemplate(let value): return value
    case .clusterWorkflowTemplate(let value): return value
    case .cronWorkflow(let value): return value
    case .workflowEventBinding(let value): return value
    case .kubernetes: return nil
    }
  }

  /// The name, or `generateName` followed by `*` when the server will choose the name.
  public var displayName: String {
    if case .kubernetes(let object) = self {
      return object["metadata"]?["name"]?.stringValue ?? "(unnamed)"
    }
    let metadata = resource!.metadata
    if let name = metadata.name, !name.isEmpty { return name }
    if let prefix = metadata.generateName { return prefix + "*" }
    return "(unnamed)"
  }

  /// Reads a document, choosing the type by its `kind`.
  ///
  /// - Throws: `ManifestError` when the document is not a mapping, has no `kind`, names an
  ///   `argoproj.io` kind this model does not know, or does not fit its kind's schema.
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    guard case .object(let object) = json else {
      var error = ManifestError.typeMismatch(expected: .object, found: json)
      error.hint = "a manifest document is a mapping with apiVersion, kind, metadata and spec"
      throw error
    }
    let kind = object["kind"]?.stringValue
    switch kind {
    case Workflow.kind: self = .workflow(try Workflow(json: json, options: options))
    case WorkflowTemplate.kind: self = .workflowTemplate(try WorkflowTemplate(json: json, options: options))
    case ClusterWorkflowTemplate.kind:
      self = .clusterWorkflowTemplate(try ClusterWorkflowTemplate(json: json, options: options))
    case CronWorkflow.kind: self = .cronWorkflow(try CronWorkflow(json: json, options: options))
    case WorkflowEventBinding.kind: self = .workflowEventBinding(try WorkflowEventBinding(json: json, options: options))
    default:
      let apiVersion = object["apiVersion"]?.stringValue
      if let kind, let apiVersion, !apiVersion.hasPrefix("argoproj.io/"), !kind.isEmpty {
        self = .kubernetes(object)
        return
      }
      throw Manifest.unknownKind(kind, value: object["kind"])
    }
  }

  private static func unknownKind(_ kind: String?, value: JSONValue?) -> ManifestError {
    let expected = "one of " + argoKinds.joined(separator: ", ")
    guard let kind else {
      if let value {
        return ManifestError(.unknownKind, "kind must be a string, found \(value.kindName(yaml: true))", path: ValuePath([.key("kind")]))
      }
      return ManifestError(.missingField, "the document has no kind", hint: "add `kind:` with \(expected)")
    }
    var hint = "expected \(expected)"
    if let suggestion = closestName(to: kind, among: argoKinds) {
      hint = "did you mean \(suggestion)?"
    }
    return ManifestError(.unknownKind, "unknown kind \"\(kind)\"", path: ValuePath([.key("kind")]), hint: hint)
  }

  /// The document as JSON, with keys in the model's order.
  public func toJSON() -> JSONValue {
    switch self {
    case .kubernetes(let object): return .object(object)
    default: return resource!.toJSON()
    }
  }
}
