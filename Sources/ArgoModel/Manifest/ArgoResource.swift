/// What the five Argo kinds have in common: a kind, an API version and Kubernetes metadata.
public protocol ArgoResource: JSONConvertible, Hashable {
  /// The `kind` written in manifests of this type.
  static var kind: String { get }
  var apiVersion: String { get set }
  var metadata: ObjectMeta { get set }
}

extension ArgoResource {
  /// The API group and version of every Argo kind.
  public static var apiVersion: String { "argoproj.io/v1alpha1" }
}

extension Workflow: ArgoResource {
  public static var kind: String { "Workflow" }
}

extension WorkflowTemplate: ArgoResource {
  public static var kind: String { "WorkflowTemplate" }
}

extension ClusterWorkflowTemplate: ArgoResource {
  public static var kind: String { "ClusterWorkflowTemplate" }
}

extension CronWorkflow: ArgoResource {
  public static var kind: String { "CronWorkflow" }
}

extension WorkflowEventBinding: ArgoResource {
  public static var kind: String { "WorkflowEventBinding" }
}
