/// A resource that carries a workflow spec: Workflow, WorkflowTemplate,
/// ClusterWorkflowTemplate, and CronWorkflow (through its `workflowSpec`). The modifiers below
/// work on all four.
public protocol WorkflowSpecResource: ArgoResource {
  var workflowSpec: WorkflowSpec { get set }
}

extension Workflow: WorkflowSpecResource {
  public var workflowSpec: WorkflowSpec {
    get { spec }
    set { spec = newValue }
  }
}

extension WorkflowTemplate: WorkflowSpecResource {
  public var workflowSpec: WorkflowSpec {
    get { spec }
    set { spec = newValue }
  }
}

extension ClusterWorkflowTemplate: WorkflowSpecResource {
  public var workflowSpec: WorkflowSpec {
    get { spec }
    set { spec = newValue }
  }
}

extension CronWorkflow: WorkflowSpecResource {
  public var workflowSpec: WorkflowSpec {
    get { spec.workflowSpec }
    set { spec.workflowSpec = newValue }
  }
}

extension WorkflowSpecResource {
  /// A copy with `change` applied to the spec: the way to set anything the DSL does not sugar.
  public func spec(_ change: (inout WorkflowSpec) -> Void) -> Self {
    var copy = self
    change(&copy.workflowSpec)
    return copy
  }

  /// A copy with `change` applied to the metadata.
  public func metadata(_ change: (inout ObjectMeta) -> Void) -> Self {
    var copy = self
    change(&copy.metadata)
    return copy
  }

  public func labels(_ labels: [String: String]) -> Self {
    metadata { $0.labels = ($0.labels ?? [:]).merging(labels) { $1 } }
  }

  public func annotations(_ annotations: [String: String]) -> Self {
    metadata { $0.annotations = ($0.annotations ?? [:]).merging(annotations) { $1 } }
  }

  /// Workflow arguments, in order: `.arguments(["message": "hello"])`.
  public func arguments(_ parameters: KeyValuePairs<String, AnyString>) -> Self {
    self.arguments(parameters.map { Parameter(name: $0.key, value: $0.value) })
  }

  /// Workflow arguments given in full (with `valueFrom`, `enum`, `description`).
  public func arguments(_ parameters: [Parameter]) -> Self {
    spec {
      var arguments = $0.arguments ?? Arguments()
      arguments.parameters = (arguments.parameters ?? []) + parameters
      $0.arguments = arguments
    }
  }

  /// Workflow artifact arguments.
  public func artifactArguments(_ artifacts: [Artifact]) -> Self {
    spec {
      var arguments = $0.arguments ?? Arguments()
      arguments.artifacts = (arguments.artifacts ?? []) + artifacts
      $0.arguments = arguments
    }
  }

  /// The exit handler: a template run when the workflow ends, whatever its result.
  public func onExit(_ template: some TemplateDefinition) -> Self {
    spec {
      $0.onExit = template.name
      var templates = TemplateList()
      templates.add(contentsOf: $0.templates ?? [])
      templates.add(contentsOf: template.registration)
      $0.templates = templates.templates
    }
  }

  public func onExit(_ templateName: String) -> Self {
    spec { $0.onExit = templateName }
  }

  public func serviceAccountName(_ name: String) -> Self {
    spec { $0.serviceAccountName = name }
  }

  public func volumes(_ volumes: [Volume]) -> Self {
    spec { $0.volumes = ($0.volumes ?? []) + volumes }
  }

  /// Volumes claimed for the run (one PVC per run) and released after it.
  public func volumeClaimTemplates(_ claims: [PersistentVolumeClaim]) -> Self {
    spec { $0.volumeClaimTemplates = ($0.volumeClaimTemplates ?? []) + claims }
  }

  /// A claim for the run's own volume: `.volumeClaim("workdir", storage: "1Gi")`.
  public func volumeClaim(_ name: String, storage: Quantity, accessModes: [String] = ["ReadWriteOnce"], storageClassName: String? = nil)
    -> Self
  {
    volumeClaimTemplates([
      PersistentVolumeClaim(
        metadata: ObjectMeta(name: name, generateName: nil, namespace: nil),
        spec: PersistentVolumeClaimSpec(
          accessModes: accessModes, resources: VolumeResourceRequirements(requests: ["storage": storage]),
          storageClassName: storageClassName))
    ])
  }

  /// An existing claim mounted as a volume named `volume`.
  public func existingClaim(_ claimName: String, as volume: String, readOnly: Bool? = nil) -> Self {
    volumes([Volume(name: volume, persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: claimName, readOnly: readOnly))])
  }

  /// When to delete the workflow's pods: `OnPodCompletion`, `OnPodSuccess`,
  /// `OnWorkflowCompletion` or `OnWorkflowSuccess`.
  public func podGC(_ strategy: String, labelSelector: LabelSelector? = nil, deleteDelayDuration: String? = nil) -> Self {
    spec { $0.podGC = PodGC(deleteDelayDuration: deleteDelayDuration, labelSelector: labelSelector, strategy: strategy) }
  }

  /// How long a finished workflow is kept.
  public func ttlStrategy(afterCompletion: Int? = nil, afterSuccess: Int? = nil, afterFailure: Int? = nil) -> Self {
    spec {
      $0.ttlStrategy = TTLStrategy(
        secondsAfterCompletion: afterCompletion, secondsAfterFailure: afterFailure, secondsAfterSuccess: afterSuccess)
    }
  }

  /// How many pods of the workflow run at once.
  public func parallelism(_ limit: Int) -> Self {
    spec { $0.parallelism = limit }
  }

  public func activeDeadlineSeconds(_ seconds: Int) -> Self {
    spec { $0.activeDeadlineSeconds = seconds }
  }

  /// Holds a mutex while the workflow runs.
  public func mutex(_ name: String, namespace: String? = nil, database: Bool? = nil) -> Self {
    spec { $0.synchronization = $0.synchronization.adding(MutexRef(name: name, database: database, namespace: namespace)) }
  }

  /// Holds a semaphore, whose limit is a key of a ConfigMap, while the workflow runs.
  public func semaphore(configMap: String, key: String) -> Self {
    spec { $0.synchronization = $0.synchronization.adding(SemaphoreRef(configMapKeyRef: ConfigMapKeySelector(name: configMap, key: key))) }
  }

  public func nodeSelector(_ selector: [String: String]) -> Self {
    spec { $0.nodeSelector = selector }
  }

  public func tolerations(_ tolerations: [Toleration]) -> Self {
    spec { $0.tolerations = tolerations }
  }

  public func affinity(_ affinity: Affinity) -> Self {
    spec { $0.affinity = affinity }
  }

  /// Secrets holding credentials for private registries.
  public func imagePullSecrets(_ names: [String]) -> Self {
    spec { $0.imagePullSecrets = names.map { LocalObjectReference(name: $0) } }
  }

  /// Defaults applied to every template (an image, a retry strategy, a timeout).
  public func templateDefaults(_ defaults: Template) -> Self {
    spec { $0.templateDefaults = defaults }
  }

  /// Runs a WorkflowTemplate (or ClusterWorkflowTemplate) instead of templates of its own.
  public func workflowTemplateRef(_ name: String, clusterScope: Bool? = nil) -> Self {
    spec { $0.workflowTemplateRef = WorkflowTemplateRef(name: name, clusterScope: clusterScope) }
  }

  /// A lifecycle hook of the workflow: `template` runs when `expression` becomes true (or at
  /// exit, for the hook named `exit`).
  public func hook(_ name: String, template: some TemplateDefinition, expression: String? = nil) -> Self {
    spec {
      var hooks = $0.hooks ?? [:]
      hooks[name] = LifecycleHook(expression: expression, template: template.name)
      $0.hooks = hooks
      var templates = TemplateList()
      templates.add(contentsOf: $0.templates ?? [])
      templates.add(contentsOf: template.registration)
      $0.templates = templates.templates
    }
  }

  public func metrics(_ metrics: [Prometheus]) -> Self {
    spec { $0.metrics = Metrics(prometheus: metrics) }
  }

  /// Labels and annotations of every pod of the workflow.
  public func podMetadata(labels: [String: String]? = nil, annotations: [String: String]? = nil) -> Self {
    spec { $0.podMetadata = Metadata(annotations: annotations, labels: labels) }
  }

  public func artifactRepositoryRef(configMap: String? = nil, key: String? = nil) -> Self {
    spec { $0.artifactRepositoryRef = ArtifactRepositoryRef(configMap: configMap, key: key) }
  }

  /// The default retry strategy of every template.
  public func retryStrategy(_ strategy: RetryStrategy) -> Self {
    spec { $0.retryStrategy = strategy }
  }

  public func priority(_ priority: Int) -> Self {
    spec { $0.priority = priority }
  }

  public func podSecurityContext(_ context: PodSecurityContext) -> Self {
    spec { $0.securityContext = context }
  }

  public func archiveLogs(_ archive: Bool = true) -> Self {
    spec { $0.archiveLogs = archive }
  }

  public func podDisruptionBudget(minAvailable: IntOrString? = nil, maxUnavailable: IntOrString? = nil) -> Self {
    spec { $0.podDisruptionBudget = PodDisruptionBudgetSpec(maxUnavailable: maxUnavailable, minAvailable: minAvailable) }
  }

  public func podSpecPatch(_ patch: String) -> Self {
    spec { $0.podSpecPatch = patch }
  }

  /// Adds templates after the builder's.
  public func templates(@TemplateBuilder _ templates: () -> TemplateGroup) -> Self {
    spec {
      var list = TemplateList()
      list.add(contentsOf: $0.templates ?? [])
      list.add(contentsOf: templates().templates)
      $0.templates = list.templates.isEmpty ? nil : list.templates
    }
  }
}
