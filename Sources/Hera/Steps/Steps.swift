/// A step of a steps template, and a handle on it: later steps refer to its outputs
/// (`flip.result`), which render as `{{steps.NAME...}}`.
public struct Step: WorkflowNode, Hashable {
  public static var scope: String { "steps" }

  private struct State: Hashable, Sendable {
    var node: WorkflowStep
    var registeredTemplates: [Template] = []
  }

  @CopyOnWrite private var state: State

  public var node: WorkflowStep {
    get { state.node }
    set { state.node = newValue }
  }

  public var registeredTemplates: [Template] {
    get { state.registeredTemplates }
    set { state.registeredTemplates = newValue }
  }

  public var name: String { node.name ?? "" }

  /// A step that runs a template defined with the DSL (registered with the workflow).
  public init(_ name: String, template: some TemplateDefinition, arguments: KeyValuePairs<String, ArgoString> = [:]) {
    state = State(node: WorkflowStep(name: name))
    TemplateChoice.apply(to: &self, template: template, arguments: arguments)
  }

  /// A step that runs a template of the workflow by name.
  public init(_ name: String, templateName: String, arguments: KeyValuePairs<String, ArgoString> = [:]) {
    state = State(node: WorkflowStep(name: name, template: templateName))
    if !arguments.isEmpty { self = self.arguments(arguments) }
  }

  /// A step that runs a template of a WorkflowTemplate or ClusterWorkflowTemplate.
  public init(
    _ name: String, templateRef: String, template: String, clusterScope: Bool? = nil,
    arguments: KeyValuePairs<String, ArgoString> = [:]
  ) {
    state = State(
      node: WorkflowStep(name: name, templateRef: TemplateRef(name: templateRef, clusterScope: clusterScope, template: template)))
    if !arguments.isEmpty { self = self.arguments(arguments) }
  }

  /// A step whose template is written inline.
  public init(_ name: String, inline: some TemplateDefinition, arguments: KeyValuePairs<String, ArgoString> = [:]) {
    state = State(node: WorkflowStep(name: name))
    TemplateChoice.apply(to: &self, inline: inline, arguments: arguments)
  }

  /// The plain form: a step model value.
  public init(_ step: WorkflowStep) {
    state = State(node: step)
  }

  /// Steps do not have dependencies: they run in the order of their groups.
  public mutating func noteReferences(_ value: ArgoString) {}
}

/// Steps that run at the same time, between the groups before and after them.
public struct Parallel: Sendable, Hashable {
  var steps: [Step]

  public init(@ParallelBuilder _ steps: () -> [Step]) {
    self.steps = steps()
  }

  public init(steps: [Step]) {
    self.steps = steps
  }
}

/// A steps template: groups of steps run one group after another, the steps of a group in
/// parallel.
///
/// ```swift
/// Steps("coinflip") {
///   let flip = Step("flip-coin", template: flipCoin)
///   flip
///   Parallel {
///     Step("heads", template: heads).when("\(flip.result) == heads")
///     Step("tails", template: tails).when("\(flip.result) == tails")
///   }
/// }
/// ```
public struct Steps: TemplateDefinition {
  public var template: Template
  public private(set) var referencedTemplates: [Template]

  public init(_ name: String, @StepsBuilder steps: () -> [Parallel], @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    self.init(name, groups: steps().map(\.steps))
    io().apply(to: &template)
  }

  /// The plain form: the groups, each a list of steps run in parallel.
  public init(_ name: String, groups: [[Step]]) {
    var templates = TemplateList()
    for step in groups.joined() { templates.add(contentsOf: step.registeredTemplates) }
    referencedTemplates = templates.templates
    template = Template(name: name, steps: groups.map { $0.map(\.node) })
  }
}

/// Collects the groups of a steps template: each `Step` alone is a group, a `Parallel` block is
/// one group.
@resultBuilder
public enum StepsBuilder {
  public static func buildExpression(_ step: Step) -> [Parallel] { [Parallel(steps: [step])] }
  public static func buildExpression(_ group: Parallel) -> [Parallel] { [group] }
  public static func buildBlock(_ parts: [Parallel]...) -> [Parallel] { parts.flatMap { $0 } }
  public static func buildArray(_ parts: [[Parallel]]) -> [Parallel] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [Parallel]?) -> [Parallel] { part ?? [] }
  public static func buildEither(first part: [Parallel]) -> [Parallel] { part }
  public static func buildEither(second part: [Parallel]) -> [Parallel] { part }
}

/// Collects the steps of one parallel group.
@resultBuilder
public enum ParallelBuilder {
  public static func buildExpression(_ step: Step) -> [Step] { [step] }
  public static func buildBlock(_ parts: [Step]...) -> [Step] { parts.flatMap { $0 } }
  public static func buildArray(_ parts: [[Step]]) -> [Step] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [Step]?) -> [Step] { part ?? [] }
  public static func buildEither(first part: [Step]) -> [Step] { part }
  public static func buildEither(second part: [Step]) -> [Step] { part }
}
