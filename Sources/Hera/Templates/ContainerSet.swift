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
