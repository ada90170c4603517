/// Anything that defines one of a workflow's templates: the DSL's `Container`, `Script`, `DAG`,
/// `Steps`, ..., and the model's own `Template` (the plain form of every one of them).
///
/// A definition also carries the templates it uses by definition (a DAG's tasks' templates), so
/// that a workflow registers them without their being listed twice.
public protocol TemplateDefinition: Sendable {
  /// The template, as the model writes it.
  var template: Template { get set }
  /// Templates this one uses and that must be registered with it, in order of first use.
  var referencedTemplates: [Template] { get }
}

extension TemplateDefinition {
  public var referencedTemplates: [Template] { [] }

  /// The template's name.
  public var name: String { template.name ?? "" }

  /// This template followed by the ones it uses: what registering it adds to a workflow.
  var registration: [Template] { [template] + referencedTemplates }

  /// A copy with `change` applied to the template: the way to set anything the DSL does not
  /// sugar.
  ///
  /// ```swift
  /// Container("train", image: "trainer:1").modify { $0.schedulerName = "volcano" }
  /// ```
  public func modify(_ change: (inout Template) -> Void) -> Self {
    var copy = self
    change(&copy.template)
    return copy
  }
}

extension Template: TemplateDefinition {
  public var template: Template {
    get { self }
    set { self = newValue }
  }
}

/// An ordered list of templates without repeats: a template identical to one already present is
/// skipped; a different template with the same name is kept, for lint to report.
struct TemplateList {
  private(set) var templates: [Template] = []
  /// Positions by name, so that adding the same template for each of 50,000 tasks compares it
  /// only with the templates of its name.
  private var positions: [String: [Int]] = [:]

  mutating func add(_ template: Template) {
    let key = template.name ?? ""
    if let existing = positions[key], existing.contains(where: { templates[$0] == template }) { return }
    positions[key, default: []].append(templates.count)
    templates.append(template)
  }

  mutating func add(contentsOf templates: [Template]) {
    for template in templates { add(template) }
  }

  func contains(named name: String?) -> Bool {
    positions[name ?? ""] != nil
  }
}
