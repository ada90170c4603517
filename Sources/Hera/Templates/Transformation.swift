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
