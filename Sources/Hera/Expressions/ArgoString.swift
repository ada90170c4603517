/// A string that Argo expands at run time (`"{{tasks.generate.outputs.result}}"`), which
/// remembers the DAG tasks it refers to, so that using it adds the dependency on them.
///
/// String literals and interpolations build one:
///
/// ```swift
/// let generate = Task("generate", template: generator)
/// Task("consume", template: consumer, arguments: ["data": generate.result])   // depends on generate
/// Task("report", template: reporter).when("\(generate.result) == ok")         // likewise
/// ```
public struct ArgoString: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation,
  ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
  /// The text, with its `{{...}}` tags.
  public var text: String
  /// Names of the DAG tasks the text refers to, in order of first mention.
  public var taskReferences: [String]

  public init(_ text: String, taskReferences: [String] = []) {
    self.text = text
    self.taskReferences = taskReferences
  }

  public init(stringLiteral value: String) { self.init(value) }
  public init(integerLiteral value: Int) { self.init(String(value)) }
  public init(floatLiteral value: Double) { self.init(JSONNumber(value).text) }
  public init(booleanLiteral value: Bool) { self.init(value ? "true" : "false") }

  public init(stringInterpolation: StringInterpolation) {
    self.init(stringInterpolation.text, taskReferences: stringInterpolation.taskReferences)
  }

  public var description: String { text }

  public struct StringInterpolation: StringInterpolationProtocol {
    var text = ""
    var taskReferences: [String] = []

    public init(literalCapacity: Int, interpolationCount: Int) {
      text.reserveCapacity(literalCapacity + 16 * interpolationCount)
    }

    public mutating func appendLiteral(_ literal: String) {
      text += literal
    }

    public mutating func appendInterpolation(_ value: ArgoString) {
      text += value.text
      for name in value.taskReferences where !taskReferences.contains(name) { taskReferences.append(name) }
    }

    public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
      text += value.description
    }
  }

  // MARK: Common tags

  /// `{{inputs.parameters.NAME}}`: an input parameter of the template being defined.
  public static func input(_ name: String) -> ArgoString { "{{inputs.parameters.\(name)}}" }
  /// `{{inputs.artifacts.NAME}}`: an input artifact, to pass it on.
  public static func inputArtifact(_ name: String) -> ArgoString { "{{inputs.artifacts.\(name)}}" }
  /// `{{inputs.artifacts.NAME.path}}`: where an input artifact is placed.
  public static func inputArtifactPath(_ name: String) -> ArgoString { "{{inputs.artifacts.\(name).path}}" }
  /// `{{workflow.parameters.NAME}}`: a workflow argument.
  public static func workflowParameter(_ name: String) -> ArgoString { "{{workflow.parameters.\(name)}}" }
  /// `{{workflow.name}}`.
  public static let workflowName: ArgoString = "{{workflow.name}}"
  /// `{{workflow.status}}`, in an exit handler.
  public static let workflowStatus: ArgoString = "{{workflow.status}}"
  /// `{{item}}`: the current item of a `withItems`, `withParam` or `withSequence` loop.
  public static let item: ArgoString = "{{item}}"
  /// `{{item.KEY}}`: a key of the current item when items are maps.
  public static func item(_ key: String) -> ArgoString { "{{item.\(key)}}" }
  /// `{{=EXPRESSION}}`: an expression Argo evaluates.
  public static func expression(_ expression: String) -> ArgoString { "{{=\(expression)}}" }
}

extension ArgoString {
  /// Adds the references of `other` to this string's.
  mutating func mergeReferences(of other: ArgoString) {
    for name in other.taskReferences where !taskReferences.contains(name) { taskReferences.append(name) }
  }
}
