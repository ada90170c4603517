/// Settings every kind of template has. Each returns a changed copy, so they chain:
///
/// ```swift
/// Container("fetch", image: "curl:8").retryStrategy(limit: 3, backoff: Backoff(duration: "5s", factor: 2))
///   .timeout("10m").nodeSelector(["disk": "ssd"])
/// ```
extension TemplateDefinition {
  /// Adds inputs and outputs.
  public func io(@TemplateIOBuilder _ io: () -> TemplateIO) -> Self {
    modify { io().apply(to: &$0) }
  }

  /// Adds input parameters given in full.
  public func inputs(_ parameters: [Parameter]) -> Self {
    guard !parameters.isEmpty else { return self }
    return modify { $0.inputs = Inputs(artifacts: $0.inputs?.artifacts, parameters: ($0.inputs?.parameters ?? []) + parameters) }
  }

  /// Adds input artifacts given in full.
  public func inputArtifacts(_ artifacts: [Artifact]) -> Self {
    guard !artifacts.isEmpty else { return self }
    return modify { $0.inputs = Inputs(artifacts: ($0.inputs?.artifacts ?? []) + artifacts, parameters: $0.inputs?.parameters) }
  }

  /// Adds output parameters given in full.
  public func outputs(_ parameters: [Parameter]) -> Self {
    guard !parameters.isEmpty else { return self }
    return modify {
      var outputs = $0.outputs ?? Outputs()
      outputs.parameters = (outputs.parameters ?? []) + parameters
      $0.outputs = outputs
    }
  }

  /// Adds output artifacts given in full.
  public func outputArtifacts(_ artifacts: [Artifact]) -> Self {
    guard !artifacts.isEmpty else { return self }
    return modify {
      var outputs = $0.outputs ?? Outputs()
      outputs.artifacts = (outputs.artifacts ?? []) + artifacts
      $0.outputs = outputs
    }
  }

  /// Retries: how many times, on what (`Always`, `OnFailure`, `OnError`, `OnTransientError`),
  /// with what back-off, or while an expression holds.
  public func retryStrategy(
    limit: IntOrString? = nil, policy: String? = nil, backoff: Backoff? = nil, expression: String? = nil
  ) -> Self {
    modify { $0.retryStrategy = RetryStrategy(backoff: backoff, expression: expression, limit: limit, retryPolicy: policy) }
  }

  public func retryStrategy(_ strategy: RetryStrategy) -> Self {
    modify { $0.retryStrategy = strategy }
  }

  /// How long the template may run, as a duration (`"30s"`, `"1h"`).
  public func timeout(_ duration: String) -> Self {
    modify { $0.timeout = duration }
  }

  /// Seconds the pod may run before Kubernetes stops it (a number or a `{{...}}` tag).
  public func activeDeadlineSeconds(_ seconds: IntOrString) -> Self {
    modify { $0.activeDeadlineSeconds = seconds }
  }

  /// How many of a steps or DAG template's children run at once.
  public func parallelism(_ limit: Int) -> Self {
    modify { $0.parallelism = limit }
  }

  /// Caches the outputs in a ConfigMap, keyed by `key`, for `maxAge`.
  public func memoize(key: String, configMap: String, maxAge: String) -> Self {
    modify { $0.memoize = Memoize(cache: Cache(configMap: LocalObjectReference(name: configMap)), key: key, maxAge: maxAge) }
  }

  /// Holds a mutex while running; with `database`, one shared by all controllers through
  /// Argo's database.
  public func mutex(_ name: String, namespace: String? = nil, database: Bool? = nil) -> Self {
    modify { $0.synchronization = $0.synchronization.adding(MutexRef(name: name, database: database, namespace: namespace)) }
  }

  /// Holds a semaphore whose limit is kept in Argo's database under `key`.
  public func semaphore(databaseKey key: String, namespace: String? = nil) -> Self {
    modify { $0.synchronization = $0.synchronization.adding(SemaphoreRef(database: SyncDatabaseRef(key: key), namespace: namespace)) }
  }

  /// Holds a semaphore, whose limit is a key of a ConfigMap, while running.
  public func semaphore(configMap: String, key: String) -> Self {
    modify {
      $0.synchronization = $0.synchronization.adding(SemaphoreRef(configMapKeyRef: ConfigMapKeySelector(name: configMap, key: key)))
    }
  }

  public func synchronization(_ synchronization: Synchronization) -> Self {
    modify { $0.synchronization = synchronization }
  }

  /// Prometheus metrics emitted when the template runs.
  public func metrics(_ metrics: [Prometheus]) -> Self {
    modify { $0.metrics = Metrics(prometheus: metrics) }
  }

  public func nodeSelector(_ selector: [String: String]) -> Self {
    modify { $0.nodeSelector = selector }
  }

  public func tolerations(_ tolerations: [Toleration]) -> Self {
    modify { $0.tolerations = tolerations }
  }

  public func affinity(_ affinity: Affinity) -> Self {
    modify { $0.affinity = affinity }
  }

  public func serviceAccountName(_ name: String) -> Self {
    modify { $0.serviceAccountName = name }
  }

  /// Labels and annotations of the template's pod.
  public func podMetadata(labels: [String: String]? = nil, annotations: [String: String]? = nil) -> Self {
    modify { $0.metadata = Metadata(annotations: annotations, labels: labels) }
  }

  /// Keeps the template running as a daemon (a database, a server) while its scope runs.
  public func daemon(_ isDaemon: Bool = true) -> Self {
    modify { $0.daemon = isDaemon }
  }

  public func sidecars(_ sidecars: [UserContainer]) -> Self {
    guard !sidecars.isEmpty else { return self }
    return modify { $0.sidecars = ($0.sidecars ?? []) + sidecars }
  }

  /// Sidecars built with the DSL: `.sidecars(Sidecar("nginx", image: "nginx:1.27"))`.
  public func sidecars(_ sidecars: Sidecar...) -> Self {
    self.sidecars(sidecars.map(\.container))
  }

  public func initContainers(_ containers: [UserContainer]) -> Self {
    guard !containers.isEmpty else { return self }
    return modify { $0.initContainers = ($0.initContainers ?? []) + containers }
  }

  /// Init containers built with the DSL.
  public func initContainers(_ containers: Sidecar...) -> Self {
    initContainers(containers.map(\.container))
  }

  /// Volumes of the template's pod.
  public func volumes(_ volumes: [Volume]) -> Self {
    modify { $0.volumes = ($0.volumes ?? []) + volumes }
  }

  /// A strategic merge patch (JSON or YAML) applied to the pod's spec.
  public func podSpecPatch(_ patch: String) -> Self {
    modify { $0.podSpecPatch = patch }
  }

  public func priorityClassName(_ name: String) -> Self {
    modify { $0.priorityClassName = name }
  }

  /// The pod's security context.
  public func podSecurityContext(_ context: PodSecurityContext) -> Self {
    modify { $0.securityContext = context }
  }

  /// Where the template's output artifacts go, when not the default repository.
  public func archiveLocation(_ location: ArtifactLocation) -> Self {
    modify { $0.archiveLocation = location }
  }

  /// Whether a failed DAG task stops the scheduling of the others (Argo's default: yes).
  public func failFast(_ failFast: Bool) -> Self {
    modify { $0.failFast = failFast }
  }
}

extension Optional where Wrapped == Synchronization {
  /// The synchronization with one more mutex.
  func adding(_ mutex: MutexRef) -> Synchronization {
    var synchronization = self ?? Synchronization()
    synchronization.mutexes = (synchronization.mutexes ?? []) + [mutex]
    return synchronization
  }

  /// The synchronization with one more semaphore.
  func adding(_ semaphore: SemaphoreRef) -> Synchronization {
    var synchronization = self ?? Synchronization()
    synchronization.semaphores = (synchronization.semaphores ?? []) + [semaphore]
    return synchronization
  }
}
