/// An input parameter of a template.
///
/// ```swift
/// Container("collect", image: "collect:0.1", args: [.input("vintage")]) {
///   Input("vintage")
///   Input("borough", default: "LYON_1ER")
/// }
/// ```
public struct Input: Sendable, Hashable {
  public var parameter: Parameter

  public init(
    _ name: String, default defaultValue: AnyString? = nil, value: AnyString? = nil, enum values: [AnyString]? = nil,
    description: AnyString? = nil, valueFrom: ValueFrom? = nil
  ) {
    parameter = Parameter(
      name: name, default: defaultValue, description: description, enum: values, value: value, valueFrom: valueFrom)
  }

  /// `{{inputs.parameters.NAME}}`.
  public var reference: ArgoString { .input(parameter.name) }
}

/// An input artifact of a template: where it is placed, and where it comes from when it is not
/// passed as an argument.
public struct InputArtifact: Sendable, Hashable {
  public var artifact: Artifact

  public init(_ name: String, path: String? = nil, optional: Bool? = nil, mode: Int? = nil) {
    artifact = Artifact(name: name, mode: mode, optional: optional, path: path)
  }

  /// An artifact with its location given in full (S3, GCS, Git, HTTP, raw, ...).
  public init(_ artifact: Artifact) {
    self.artifact = artifact
  }

  /// A change to the artifact (its location, archive strategy, ...).
  public func with(_ change: (inout Artifact) -> Void) -> InputArtifact {
    var copy = self
    change(&copy.artifact)
    return copy
  }
}

/// An output parameter of a template.
///
/// ```swift
/// Output("result", path: "/tmp/result.txt")                      // a file of the container
/// Output("first", valueFrom: ValueFrom(parameter: step.parameter("x").text))   // of a steps/DAG template
/// ```
public struct Output: Sendable, Hashable {
  public var parameter: Parameter

  /// A parameter read from a file of the container.
  public init(_ name: String, path: String, default defaultValue: AnyString? = nil, globalName: String? = nil) {
    parameter = Parameter(
      name: name, globalName: globalName, valueFrom: ValueFrom(default: defaultValue, path: path))
  }

  /// A parameter whose value comes from elsewhere (a step's output, an expression, a JSON path).
  public init(_ name: String, valueFrom: ValueFrom, globalName: String? = nil) {
    parameter = Parameter(name: name, globalName: globalName, valueFrom: valueFrom)
  }

  /// A parameter of a steps or DAG template taken from one of its nodes:
  /// `Output("result", from: build.parameter("image"))`.
  public init(_ name: String, from reference: ArgoString, default defaultValue: AnyString? = nil, globalName: String? = nil) {
    parameter = Parameter(name: name, globalName: globalName, valueFrom: ValueFrom(default: defaultValue, parameter: reference.text))
  }

  /// A parameter computed by an expression (`"tasks.a.outputs.result == 'ok'"`).
  public init(_ name: String, expression: String, globalName: String? = nil) {
    parameter = Parameter(name: name, globalName: globalName, valueFrom: ValueFrom(expression: expression))
  }

  /// A parameter of a resource template, read from the object with a JSON path (`{.status.phase}`).
  public init(_ name: String, jsonPath: String, globalName: String? = nil) {
    parameter = Parameter(name: name, globalName: globalName, valueFrom: ValueFrom(jsonPath: jsonPath))
  }

  /// A parameter of a resource template, read from the object with a jq filter.
  public init(_ name: String, jqFilter: String, globalName: String? = nil) {
    parameter = Parameter(name: name, globalName: globalName, valueFrom: ValueFrom(jqFilter: jqFilter))
  }

  /// A parameter given when the workflow is resumed (a suspend template's approval).
  public init(_ name: String, supplied: Bool, default defaultValue: AnyString? = nil, globalName: String? = nil) {
    parameter = Parameter(
      name: name, globalName: globalName, valueFrom: ValueFrom(default: defaultValue, supplied: supplied ? SuppliedValueFrom() : nil))
  }

  /// A parameter whose value is given.
  public init(_ name: String, value: AnyString, globalName: String? = nil) {
    parameter = Parameter(name: name, globalName: globalName, value: value)
  }
}

/// An output artifact of a template.
public struct OutputArtifact: Sendable, Hashable {
  public var artifact: Artifact

  public init(_ name: String, path: String? = nil, from: ArgoString? = nil, globalName: String? = nil, optional: Bool? = nil) {
    artifact = Artifact(name: name, from: from?.text, globalName: globalName, optional: optional, path: path)
  }

  public init(_ artifact: Artifact) {
    self.artifact = artifact
  }

  /// A change to the artifact (its location, archive strategy, ...).
  public func with(_ change: (inout Artifact) -> Void) -> OutputArtifact {
    var copy = self
    change(&copy.artifact)
    return copy
  }
}

/// One entry of a template's inputs and outputs block: the single element type of
/// `TemplateIOBuilder`.
public struct TemplateIO: Sendable, Hashable {
  var inputParameters: [Parameter] = []
  var inputArtifacts: [Artifact] = []
  var outputParameters: [Parameter] = []
  var outputArtifacts: [Artifact] = []

  public init() {}

  mutating func append(_ other: TemplateIO) {
    inputParameters += other.inputParameters
    inputArtifacts += other.inputArtifacts
    outputParameters += other.outputParameters
    outputArtifacts += other.outputArtifacts
  }

  /// Adds these inputs and outputs to a template's.
  func apply(to template: inout Template) {
    if !inputParameters.isEmpty || !inputArtifacts.isEmpty {
      var inputs = template.inputs ?? Inputs()
      if !inputParameters.isEmpty { inputs.parameters = (inputs.parameters ?? []) + inputParameters }
      if !inputArtifacts.isEmpty { inputs.artifacts = (inputs.artifacts ?? []) + inputArtifacts }
      template.inputs = inputs
    }
    if !outputParameters.isEmpty || !outputArtifacts.isEmpty {
      var outputs = template.outputs ?? Outputs()
      if !outputParameters.isEmpty { outputs.parameters = (outputs.parameters ?? []) + outputParameters }
      if !outputArtifacts.isEmpty { outputs.artifacts = (outputs.artifacts ?? []) + outputArtifacts }
      template.outputs = outputs
    }
  }
}

/// Collects a template's `Input`, `InputArtifact`, `Output` and `OutputArtifact` entries.
@resultBuilder
public enum TemplateIOBuilder {
  public static func buildExpression(_ input: Input) -> TemplateIO {
    var io = TemplateIO()
    io.inputParameters = [input.parameter]
    return io
  }

  public static func buildExpression(_ artifact: InputArtifact) -> TemplateIO {
    var io = TemplateIO()
    io.inputArtifacts = [artifact.artifact]
    return io
  }

  public static func buildExpression(_ output: Output) -> TemplateIO {
    var io = TemplateIO()
    io.outputParameters = [output.parameter]
    return io
  }

  public static func buildExpression(_ artifact: OutputArtifact) -> TemplateIO {
    var io = TemplateIO()
    io.outputArtifacts = [artifact.artifact]
    return io
  }

  public static func buildBlock(_ parts: TemplateIO...) -> TemplateIO {
    buildArray(parts)
  }

  public static func buildArray(_ parts: [TemplateIO]) -> TemplateIO {
    var io = TemplateIO()
    for part in parts { io.append(part) }
    return io
  }

  public static func buildOptional(_ part: TemplateIO?) -> TemplateIO { part ?? TemplateIO() }
  public static func buildEither(first part: TemplateIO) -> TemplateIO { part }
  public static func buildEither(second part: TemplateIO) -> TemplateIO { part }
}
