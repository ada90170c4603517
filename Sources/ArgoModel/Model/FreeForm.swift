/// One entry of `withItems`: any JSON value (Argo accepts strings, numbers, Booleans, lists and
/// maps), kept as written; `{{item}}` and `{{item.key}}` refer to it.
public typealias Item = JSONValue

/// Kubernetes' managed-fields trie, a free-form JSON object kept as it is.
public typealias FieldsV1 = JSONValue

/// One group of steps that run in parallel, in a `steps` template: Argo's `ParallelSteps`,
/// written as a list of steps.
public typealias ParallelSteps = [WorkflowStep]

/// A plugin template: an object with exactly one key, the plugin's name, whose value is the
/// plugin's own configuration.
///
/// ```yaml
/// plugin:
///   slack:
///     text: "{{workflow.name}} finished"
/// ```
public struct Plugin: Sendable, Hashable {
  /// The plugin's name, the object's one key.
  public var name: String
  /// The plugin's configuration, free-form.
  public var configuration: JSONValue

  public init(name: String, configuration: JSONValue) {
    self.name = name
    self.configuration = configuration
  }
}

extension Plugin: JSONConvertible {
  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {
    let object = try objectMembers(json)
    guard object.count == 1, let member = object.first else {
      throw ManifestError(
        .invalidValue, "a plugin is an object with exactly one key, the plugin's name; found \(object.count) keys",
        hint: object.isEmpty ? "write e.g. `plugin: {hello: {}}`" : "keys: \(object.keys.joined(separator: ", "))")
    }
    name = member.key
    configuration = member.value
  }

  public func toJSON() -> JSONValue {
    .object(JSONObject([JSONObject.Member(key: name, value: configuration)]))
  }
}

extension Plugin: Codable {}
