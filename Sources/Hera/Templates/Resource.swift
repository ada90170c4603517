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
