/// A container template: runs an image's command.
///
/// ```swift
/// let echo = Container("echo", image: "alpine:3.7", command: ["echo", .input("message")]) {
///   Input("message")
/// }
/// ```
public struct Container: ContainerTemplateDefinition {
  public var template: Template

  public init(
    _ name: String, image: String, command: [ArgoString]? = nil, args: [ArgoString]? = nil,
    @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(
      name: name,
      container: ArgoModel.Container(args: args?.map(\.text), command: command?.map(\.text), image: image))
    io().apply(to: &template)
  }

  /// A container template whose container is given in full.
  public init(_ name: String, container: ArgoModel.Container, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    template = Template(name: name, container: container)
    io().apply(to: &template)
  }

  public var containerFields: ArgoModel.Container {
    get { template.container ?? ArgoModel.Container() }
    set { template.container = newValue }
  }
}

/// A script template: a source file run by an interpreter in an image, in any language.
///
/// ```swift
/// let flip = Script("flip-coin", image: "python:alpine3.6", command: ["python"], source: """
///   import random
///   print("heads" if random.randint(0, 1) == 0 else "tails")
///   """)
/// ```
public struct Script: ContainerTemplateDefinition {
  public var template: Template

  public init(
    _ name: String, image: String, command: [ArgoString]? = nil, args: [ArgoString]? = nil, source: ArgoString,
    @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(
      name: name,
      script: ScriptTemplate(args: args?.map(\.text), command: command?.map(\.text), image: image, source: source.text))
    io().apply(to: &template)
  }

  public var containerFields: ScriptTemplate {
    get { template.script ?? ScriptTemplate(source: "") }
    set { template.script = newValue }
  }
}

/// A sidecar or init container of a template, with the same modifiers as a container template.
///
/// ```swift
/// shell("client", "until curl -s localhost; do sleep 1; done")
///   .sidecars(Sidecar("nginx", image: "nginx:1.27").readinessProbe(...))
/// ```
public struct Sidecar: ContainerConfigurable {
  public var container: UserContainer

  public init(_ name: String, image: String, command: [ArgoString]? = nil, args: [ArgoString]? = nil, mirrorVolumeMounts: Bool? = nil) {
    container = UserContainer(
      name: name, args: args?.map(\.text), command: command?.map(\.text), image: image, mirrorVolumeMounts: mirrorVolumeMounts)
  }

  public var containerFields: UserContainer {
    get { container }
    set { container = newValue }
  }
}

/// A container of a container set, ordered after the ones it depends on.
public struct SetContainer: ContainerConfigurable {
  public var container: ContainerNode

  public init(_ name: String, image: String, command: [ArgoString]? = nil, args: [ArgoString]? = nil, dependencies: [String]? = nil) {
    container = ContainerNode(name: name, args: args?.map(\.text), command: command?.map(\.text), dependencies: dependencies, image: image)
  }

  public var containerFields: ContainerNode {
    get { container }
    set { container = newValue }
  }
}

/// The fields a container, a script, a sidecar and a container-set member share.
public protocol ContainerFields: Sendable {
  var image: String? { get set }
  var command: [String]? { get set }
  var args: [String]? { get set }
  var env: [EnvVar]? { get set }
  var envFrom: [EnvFromSource]? { get set }
  var volumeMounts: [VolumeMount]? { get set }
  var resources: ResourceRequirements? { get set }
  var workingDir: String? { get set }
  var imagePullPolicy: String? { get set }
  var ports: [ContainerPort]? { get set }
  var securityContext: SecurityContext? { get set }
  var readinessProbe: Probe? { get set }
  var livenessProbe: Probe? { get set }
  var startupProbe: Probe? { get set }
  var lifecycle: Lifecycle? { get set }
}

extension ArgoModel.Container: ContainerFields {}
extension ScriptTemplate: ContainerFields {}
extension UserContainer: ContainerFields {}
extension ContainerNode: ContainerFields {}

/// Something with a container's settings, and modifiers for them: container and script
/// templates, sidecars, container-set members.
public protocol ContainerConfigurable: Sendable {
  associatedtype Fields: ContainerFields
  var containerFields: Fields { get set }
}

/// A template that runs one container (a container or a script template).
public protocol ContainerTemplateDefinition: TemplateDefinition, ContainerConfigurable {}

extension ContainerConfigurable {
  private func changingContainer(_ change: (inout Fields) -> Void) -> Self {
    var copy = self
    change(&copy.containerFields)
    return copy
  }

  /// Environment variables with literal (or templated) values, in order.
  public func env(_ variables: KeyValuePairs<String, ArgoString>) -> Self {
    changingContainer { $0.env = ($0.env ?? []) + variables.map { EnvVar(name: $0.key, value: $0.value.text) } }
  }

  /// Environment variables given in full (values from secrets, config maps, fields).
  public func env(_ variables: [EnvVar]) -> Self {
    changingContainer { $0.env = ($0.env ?? []) + variables }
  }

  /// An environment variable read from a key of a Secret.
  public func env(_ name: String, secret: String, key: String, optional: Bool? = nil) -> Self {
    env([EnvVar(name: name, valueFrom: EnvVarSource(secretKeyRef: SecretKeySelector(name: secret, key: key, optional: optional)))])
  }

  /// An environment variable read from a key of a ConfigMap.
  public func env(_ name: String, configMap: String, key: String, optional: Bool? = nil) -> Self {
    env([EnvVar(name: name, valueFrom: EnvVarSource(configMapKeyRef: ConfigMapKeySelector(name: configMap, key: key, optional: optional)))])
  }

  /// Every key of a ConfigMap as an environment variable (the seed's HTTP proxy settings).
  public func envFrom(configMap name: String, prefix: String? = nil, optional: Bool? = nil) -> Self {
    changingContainer {
      $0.envFrom = ($0.envFrom ?? []) + [EnvFromSource(configMapRef: ConfigMapEnvSource(name: name, optional: optional), prefix: prefix)]
    }
  }

  /// Every key of a Secret as an environment variable.
  public func envFrom(secret name: String, prefix: String? = nil, optional: Bool? = nil) -> Self {
    changingContainer {
      $0.envFrom = ($0.envFrom ?? []) + [EnvFromSource(prefix: prefix, secretRef: SecretEnvSource(name: name, optional: optional))]
    }
  }

  /// Mounts a volume of the pod (or a workflow's volume claim) at `path`.
  public func volumeMount(_ volume: String, at path: String, subPath: String? = nil, readOnly: Bool? = nil) -> Self {
    changingContainer {
      $0.volumeMounts = ($0.volumeMounts ?? []) + [VolumeMount(name: volume, mountPath: path, readOnly: readOnly, subPath: subPath)]
    }
  }

  /// Volume mounts given in full.
  public func volumeMounts(_ mounts: [VolumeMount]) -> Self {
    changingContainer { $0.volumeMounts = ($0.volumeMounts ?? []) + mounts }
  }

  /// Resource requests and limits: `.resources(requests: ["cpu": "500m"], limits: ["memory": "1Gi"])`.
  public func resources(requests: [String: Quantity]? = nil, limits: [String: Quantity]? = nil) -> Self {
    changingContainer { $0.resources = ResourceRequirements(limits: limits, requests: requests) }
  }

  public func workingDir(_ directory: String) -> Self {
    changingContainer { $0.workingDir = directory }
  }

  /// `Always`, `IfNotPresent` or `Never`.
  public func imagePullPolicy(_ policy: String) -> Self {
    changingContainer { $0.imagePullPolicy = policy }
  }

  public func ports(_ ports: [ContainerPort]) -> Self {
    changingContainer { $0.ports = ports }
  }

  public func readinessProbe(_ probe: Probe) -> Self {
    changingContainer { $0.readinessProbe = probe }
  }

  public func livenessProbe(_ probe: Probe) -> Self {
    changingContainer { $0.livenessProbe = probe }
  }

  /// The container's security context (the pod's is `podSecurityContext`).
  public func securityContext(_ context: SecurityContext) -> Self {
    changingContainer { $0.securityContext = context }
  }

  /// A change to the container's fields that the DSL does not sugar.
  public func container(_ change: (inout Fields) -> Void) -> Self {
    changingContainer(change)
  }
}
