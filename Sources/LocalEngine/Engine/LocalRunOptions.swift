import ArgoModel
import Foundation

/// How a local run runs.
public struct LocalRunOptions: Sendable {
  /// Where runs are kept (`.hera` under the current directory by default).
  public var store: RunStore
  /// ConfigMaps and Secrets the workflow refers to.
  public var resources: LocalResources
  /// At most this many containers at once.
  public var parallelism: Int?
  /// Templates `templateRef`s and `workflowTemplateRef` may name.
  public var workflowTemplates: [String: WorkflowTemplate]
  public var clusterWorkflowTemplates: [String: ClusterWorkflowTemplate]
  /// Maps an image to the one to run (`--image-map`).
  public var imageMap: @Sendable (String) -> String
  /// The runner for each container (host, podman, docker).
  public var runner: @Sendable (PodRequest) async -> any PodRunner
  /// How often the status is written while the run goes on (and always at its end).
  public var saveInterval: Duration
  /// How often, at most, `run`'s `onUpdate` sees the status (and always at the start and the
  /// end): a display redrawn for each of a large run's events would cost more than the run.
  public var updateInterval: Duration
  /// Whether resource templates succeed without doing anything (they need a cluster).
  public var skipResources: Bool
  /// The check of a new run's spec before anything starts, as Argo's controller validates a
  /// workflow when it first sees it: the problem, or nil when the spec is valid. A run it
  /// refuses ends Failed with `invalid spec: PROBLEM`, as on the cluster. (The rules are the
  /// linter's, which lives above the engine; none by default.)
  public var validate: (@Sendable (Workflow) -> String?)?
  /// Told when the run's state cannot be saved (a full disk, a folder that went away): once
  /// for a failure, and again only after a save worked in between. ``LocalRun/unsavedState``
  /// says at the end whether the last state was saved.
  public var onStoreFailure: (@Sendable (RunStoreError) -> Void)?

  public init(
    store: RunStore = .standard, resources: LocalResources = LocalResources(), parallelism: Int? = nil,
    workflowTemplates: [String: WorkflowTemplate] = [:], clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:],
    imageMap: @escaping @Sendable (String) -> String = { $0 }, saveInterval: Duration = .milliseconds(250),
    updateInterval: Duration = .milliseconds(100), skipResources: Bool = false,
    validate: (@Sendable (Workflow) -> String?)? = nil,
    onStoreFailure: (@Sendable (RunStoreError) -> Void)? = nil,
    runner: @escaping @Sendable (PodRequest) async -> any PodRunner
  ) {
    self.validate = validate
    self.onStoreFailure = onStoreFailure
    self.skipResources = skipResources
    self.store = store
    self.resources = resources
    self.parallelism = parallelism
    self.workflowTemplates = workflowTemplates
    self.clusterWorkflowTemplates = clusterWorkflowTemplates
    self.imageMap = imageMap
    self.saveInterval = saveInterval
    self.updateInterval = updateInterval
    self.runner = runner
  }
}
