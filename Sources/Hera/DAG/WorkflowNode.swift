/// What a DAG task and a step have in common: a name, a template to run with arguments,
/// loops, conditions, and outputs that later nodes refer to.
public protocol WorkflowNode: Sendable {
  associatedtype Model: NodeModel
  /// The node's name, unique in its DAG or steps template.
  var name: String { get }
  /// The model value being built.
  var node: Model { get set }
  /// Templates to register with the workflow because this node uses them by definition.
  var registeredTemplates: [Template] { get set }
  /// `tasks` or `steps`: the root of references to this node's outputs.
  static var scope: String { get }
  /// Notes the DAG tasks a value refers to (a task depends on them; a step ignores them).
  mutating func noteReferences(_ value: ArgoString)
}

/// The model fields that `DAGTask` and `WorkflowStep` share.
public protocol NodeModel: Sendable {
  var arguments: Arguments? { get set }
  var template: String? { get set }
  var templateRef: TemplateRef? { get set }
  var inline: Template? { get set }
  var when: String? { get set }
  var withItems: [Item]? { get set }
  var withParam: String? { get set }
  var withSequence: ItemSequence? { get set }
  var continueOn: ContinueOn? { get set }
  var onExit: String? { get set }
  var hooks: [String: LifecycleHook]? { get set }
}

extension DAGTask: NodeModel {}
extension WorkflowStep: NodeModel {}

// MARK: - Outputs

extension WorkflowNode {
  /// A reference to one of the node's values: `{{tasks.NAME.PATH}}` or `{{steps.NAME.PATH}}`.
  public func reference(_ path: String) -> ArgoString {
    ArgoString("{{\(Self.scope).\(name).\(path)}}", taskReferences: Self.scope == "tasks" ? [name] : [])
  }

  /// The standard output of the node's container or script, trimmed.
  public var result: ArgoString { reference("outputs.result") }
  /// An output parameter; aggregated into a JSON list when the node fans out.
  public func parameter(_ name: String) -> ArgoString { reference("outputs.parameters.\(name)") }
  /// An output artifact, for an artifact argument's `from`.
  public func artifact(_ name: String) -> ArgoString { reference("outputs.artifacts.\(name)") }
  /// All output parameters, as JSON.
  public var outputParameters: ArgoString { reference("outputs.parameters") }
  /// The exit code of the node's main container.
  public var exitCode: ArgoString { reference("exitCode") }
  /// The pod IP of a daemon node.
  public var ip: ArgoString { reference("ip") }
  /// The node's phase (`Succeeded`, `Failed`, ...).
  public var status: ArgoString { reference("status") }
  public var id: ArgoString { reference("id") }
  public var startedAt: ArgoString { reference("startedAt") }
  public var finishedAt: ArgoString { reference("finishedAt") }
}

// MARK: - Modifiers

extension WorkflowNode {
  private func changing(_ change: (inout Self) -> Void) -> Self {
    var copy = self
    change(&copy)
    return copy
  }

  /// Parameter arguments, in order; values may refer to other nodes' outputs.
  public func arguments(_ parameters: KeyValuePairs<String, ArgoString>) -> Self {
    changing { $0.addArguments(parameters) }
  }

  /// Adds parameter arguments in place.
  mutating func addArguments(_ parameters: KeyValuePairs<String, ArgoString>) {
    var list = node.arguments?.parameters ?? []
    list.reserveCapacity(list.count + parameters.count)
    for (name, value) in parameters {
      noteReferences(value)
      list.append(Parameter(name: name, value: AnyString(value.text)))
    }
    if node.arguments == nil {
      node.arguments = Arguments(parameters: list)
    } else {
      node.arguments!.parameters = list
    }
  }

  /// Parameter arguments given in full (with `valueFrom`, say).
  public func arguments(_ parameters: [Parameter]) -> Self {
    changing { node in
      var arguments = node.node.arguments ?? Arguments()
      arguments.parameters = (arguments.parameters ?? []) + parameters
      node.node.arguments = arguments
    }
  }

  /// Artifact arguments taken from other nodes' outputs: `["data": generate.artifact("out")]`.
  public func artifacts(_ artifacts: KeyValuePairs<String, ArgoString>) -> Self {
    changing { node in
      var arguments = node.node.arguments ?? Arguments()
      var list = arguments.artifacts ?? []
      for (name, source) in artifacts {
        node.noteReferences(source)
        list.append(Artifact(name: name, from: source.text))
      }
      arguments.artifacts = list
      node.node.arguments = arguments
    }
  }

  /// An artifact argument from another node's output, with more settings (a sub-path, say);
  /// the reference still adds the dependency.
  public func artifact(_ name: String, from source: ArgoString, _ change: (inout Artifact) -> Void) -> Self {
    var artifact = Artifact(name: name, from: source.text)
    change(&artifact)
    return changing { node in
      node.noteReferences(source)
      var arguments = node.node.arguments ?? Arguments()
      arguments.artifacts = (arguments.artifacts ?? []) + [artifact]
      node.node.arguments = arguments
    }
  }

  /// Artifact arguments given in full (a location, a `fromExpression`).
  public func artifacts(_ artifacts: [Artifact]) -> Self {
    changing { node in
      var arguments = node.node.arguments ?? Arguments()
      arguments.artifacts = (arguments.artifacts ?? []) + artifacts
      node.node.arguments = arguments
    }
  }

  /// Runs the node only when the condition holds, at run time: `"\(flip.result) == heads"`.
  public func when(_ condition: ArgoString) -> Self {
    changing { node in
      node.noteReferences(condition)
      node.node.when = condition.text
    }
  }

  /// Fans out over a list known when the workflow is written; `{{item}}` is the current one.
  public func withItems(_ items: [Item]) -> Self {
    changing { $0.node.withItems = items }
  }

  public func withItems(_ items: [String]) -> Self {
    withItems(items.map(JSONValue.string))
  }

  public func withItems(_ items: [Int]) -> Self {
    withItems(items.map { JSONValue.number(JSONNumber($0)) })
  }

  /// Fans out over a JSON list known only at run time (another node's output).
  public func withParam(_ list: ArgoString) -> Self {
    changing { node in
      node.noteReferences(list)
      node.node.withParam = list.text
    }
  }

  /// Fans out over a range of numbers: a `count`, or `start` to `end`, with a `printf` format.
  /// Bounds are numbers, or strings that may refer to other nodes' outputs (the node then
  /// depends on them): `.withSequence(count: "\(generate.result)")`.
  public func withSequence(
    count: SequenceBound? = nil, start: SequenceBound? = nil, end: SequenceBound? = nil, format: String? = nil
  ) -> Self {
    changing { node in
      for bound in [count, start, end].compactMap({ $0 }) {
        if let reference = bound.reference { node.noteReferences(reference) }
      }
      node.node.withSequence = ItemSequence(count: count?.value, end: end?.value, format: format, start: start?.value)
    }
  }

  /// Lets the workflow go on when the node fails or errors.
  public func continueOn(failed: Bool? = nil, error: Bool? = nil) -> Self {
    changing { $0.node.continueOn = ContinueOn(error: error, failed: failed) }
  }

  /// A template run when the node ends, whatever its result.
  public func onExit(_ template: some TemplateDefinition) -> Self {
    changing { node in
      node.node.onExit = template.name
      node.registeredTemplates += template.registration
    }
  }

  public func onExit(_ templateName: String) -> Self {
    changing { $0.node.onExit = templateName }
  }

  /// A lifecycle hook: `template` runs when `expression` becomes true (or at exit, for the
  /// hook named `exit`), with parameter and artifact arguments.
  public func hook(
    _ name: String, template: some TemplateDefinition, expression: String? = nil,
    arguments: KeyValuePairs<String, ArgoString> = [:], artifacts: KeyValuePairs<String, ArgoString> = [:]
  ) -> Self {
    changing { node in
      var hooks = node.node.hooks ?? [:]
      let parameters = arguments.map { Parameter(name: $0.key, value: AnyString($0.value.text)) }
      let artifactArguments = artifacts.map { Artifact(name: $0.key, from: $0.value.text) }
      let hookArguments =
        parameters.isEmpty && artifactArguments.isEmpty
        ? nil : Arguments(artifacts: artifactArguments.isEmpty ? nil : artifactArguments, parameters: parameters.isEmpty ? nil : parameters)
      hooks[name] = LifecycleHook(arguments: hookArguments, expression: expression, template: template.name)
      node.node.hooks = hooks
      node.registeredTemplates += template.registration
    }
  }

  /// A change to the model value that the DSL does not sugar.
  public func modify(_ change: (inout Model) -> Void) -> Self {
    changing { change(&$0.node) }
  }
}

/// How a node names the template it runs.
enum TemplateChoice {
  static func apply<Node: WorkflowNode>(
    to node: inout Node, template: some TemplateDefinition, arguments: KeyValuePairs<String, ArgoString>
  ) {
    node.node.template = template.name
    node.registeredTemplates = template.registration
    if !arguments.isEmpty { node.addArguments(arguments) }
  }

  static func apply<Node: WorkflowNode>(
    to node: inout Node, inline: some TemplateDefinition, arguments: KeyValuePairs<String, ArgoString>
  ) {
    var template = inline.template
    template.name = nil
    node.node.inline = template
    node.registeredTemplates = inline.referencedTemplates
    if !arguments.isEmpty { node.addArguments(arguments) }
  }
}

/// A bound of `withSequence`: a number, or a string that Argo expands at run time.
public struct SequenceBound: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByStringInterpolation {
  public var value: IntOrString
  /// The tasks the bound refers to.
  var reference: ArgoString?

  public init(integerLiteral value: Int) {
    self.value = .int(value)
  }

  public init(stringLiteral value: String) {
    self.value = .string(value)
  }

  public init(stringInterpolation: ArgoString.StringInterpolation) {
    let string = ArgoString(stringInterpolation: stringInterpolation)
    value = .string(string.text)
    reference = string
  }

  /// A bound read from another node's output: `SequenceBound(generate.result)`.
  public init(_ string: ArgoString) {
    value = .string(string.text)
    reference = string
  }
}
