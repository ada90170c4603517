/// A resource template: creates, applies, patches, gets or deletes a Kubernetes object.
///
/// ```swift
/// Resource("create-job", action: "create", manifest: jobYAML, successCondition: "status.succeeded > 0")
/// ```
public struct Resource: TemplateDefinition {
  public var template: Template

  public init(
    _ name: String, action: String, manifest: String? = nil, successCondition: String? = nil,
    failureCondition: String? = nil, setOwnerReference: Bool? = nil, mergeStrategy: String? = nil, flags: [String]? = nil,
    @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(
      name: name,
      resource: ResourceTemplate(
        action: action, failureCondition: failureCondition, flags: flags, manifest: manifest, mergeStrategy: mergeStrategy,
        setOwnerReference: setOwnerReference, successCondition: successCondition))
    io().apply(to: &template)
  }
}

/// A suspend template: waits for a duration, or until someone resumes the workflow.
public struct Suspend: TemplateDefinition {
  public var template: Template

  public init(_ name: String, duration: String? = nil, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    template = Template(name: name, suspend: SuspendTemplate(duration: duration))
    io().apply(to: &template)
  }
}

/// An HTTP template: the Argo agent makes a request, without a pod.
public struct HTTPTemplate: TemplateDefinition {
  public var template: Template

  public init(
    _ name: String, url: ArgoString, method: String? = nil, headers: [HTTPHeader]? = nil, body: ArgoString? = nil,
    successCondition: String? = nil, timeoutSeconds: Int? = nil, insecureSkipVerify: Bool? = nil,
    @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(
      name: name,
      http: HTTP(
        body: body?.text, headers: headers, insecureSkipVerify: insecureSkipVerify, method: method,
        successCondition: successCondition, timeoutSeconds: timeoutSeconds, url: url.text))
    io().apply(to: &template)
  }
}

/// A container-set template: several containers in one pod, ordered by their dependencies.
public struct ContainerSet: TemplateDefinition {
  public var template: Template

  public init(
    _ name: String, containers: [ContainerNode], volumeMounts: [VolumeMount]? = nil,
    retryStrategy: ContainerSetRetryStrategy? = nil, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(
      name: name,
      containerSet: ContainerSetTemplate(containers: containers, retryStrategy: retryStrategy, volumeMounts: volumeMounts))
    io().apply(to: &template)
  }
}

extension ContainerSet {
  /// A container set built from `SetContainer`s.
  public init(
    _ name: String, volumeMounts: [VolumeMount]? = nil, retryStrategy: ContainerSetRetryStrategy? = nil, containers: SetContainer...
  ) {
    self.init(name, containers: containers.map(\.container), volumeMounts: volumeMounts, retryStrategy: retryStrategy)
  }
}

/// A data template: lists artifacts from a source and transforms the list with expressions.
public struct Transformation: TemplateDefinition {
  public var template: Template

  public init(
    _ name: String, source: DataSource, transformation: [TransformationStep],
    @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
  ) {
    template = Template(name: name, data: DataTemplate(source: source, transformation: transformation))
    io().apply(to: &template)
  }
}

/// A plugin template: runs an executor plugin with its own configuration.
public struct PluginTemplate: TemplateDefinition {
  public var template: Template

  public init(_ name: String, plugin: String, configuration: JSONValue, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    template = Template(name: name, plugin: Plugin(name: plugin, configuration: configuration))
    io().apply(to: &template)
  }
}
