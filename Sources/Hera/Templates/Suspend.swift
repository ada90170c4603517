/// A suspend template: waits for a duration, or until someone resumes the workflow.
public struct Suspend: TemplateDefinition {
  public var template: Template

  public init(_ name: String, duration: String? = nil, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    template = Template(name: name, suspend: SuspendTemplate(duration: duration))
    io().apply(to: &template)
  }
}
