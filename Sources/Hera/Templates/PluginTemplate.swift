/// A plugin template: runs an executor plugin with its own configuration.
public struct PluginTemplate: TemplateDefinition {
  public var template: Template

  public init(_ name: String, plugin: String, configuration: JSONValue, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    template = Template(name: name, plugin: Plugin(name: plugin, configuration: configuration))
    io().apply(to: &template)
  }
}
