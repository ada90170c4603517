import ArgoModel

/// The variables visible at one place of a workflow, named as Argo names them.
///
/// Names are flat and dotted, exactly as they are written between braces:
/// `inputs.parameters.vintage`, `steps.flip.outputs.result`,
/// `tasks.collect.outputs.parameters.count`, `workflow.name`, `workflow.parameters.x`, `item`,
/// `item.key`, `pod.name`, `retries`. Values are mostly strings; `item` may be an object, a number
/// or a list, and `null` stands for an absent optional output (a skipped node's output parameter
/// without a default), which only an expression's `??` can replace.
///
/// ```swift
/// var scope = ExpressionScope(["workflow.name": "collect-x7k2p"])
/// scope["inputs.parameters.vintage"] = "2009"
/// scope.setItem(["borough": "LYON_1ER", "year": 2009])  // item, item.borough, item.year
/// let inner = scope.merging(["retries": "0"])
/// ```
public struct ExpressionScope: Sendable, Hashable, ExpressibleByDictionaryLiteral {
  private(set) var values: [String: JSONValue]

  /// An empty scope.
  public init() {
    values = [:]
  }

  /// A scope holding `values`, keyed by their dotted names.
  public init(_ values: [String: JSONValue]) {
    self.values = values
  }

  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    values = Dictionary(elements, uniquingKeysWith: { _, last in last })
  }

  /// The value of a variable; setting `nil` removes it.
  public subscript(name: String) -> JSONValue? {
    get { values[name] }
    set { values[name] = newValue }
  }

  /// Sets a variable to a string, the common case.
  public mutating func set(_ name: String, _ value: String) {
    values[name] = .string(value)
  }

  /// Sets a variable to any JSON value.
  public mutating func set(_ name: String, _ value: JSONValue) {
    values[name] = value
  }

  /// Sets `item` as Argo does when it expands `withItems`, `withParam` or `withSequence`:
  /// `item` is the value, and for an object each member is also `item.<key>`, rendered as
  /// text (strings as they are, other values as compact JSON).
  public mutating func setItem(_ item: JSONValue) {
    for name in values.keys where name.hasPrefix("item.") { values[name] = nil }
    values["item"] = item
    if case .object(let object) = item {
      for member in object {
        values["item." + member.key] = .string(TemplateString.text(of: member.value))
      }
    }
  }

  /// Whether the scope holds `name`.
  public func contains(_ name: String) -> Bool {
    values[name] != nil
  }

  /// The names of the variables, sorted.
  public var names: [String] {
    values.keys.sorted()
  }

  /// The number of variables.
  public var count: Int { values.count }

  /// Whether the scope holds no variable.
  public var isEmpty: Bool { values.isEmpty }

  /// This scope with the variables of `other` added; `other` wins where both hold a name.
  public func merging(_ other: ExpressionScope) -> ExpressionScope {
    var copy = self
    copy.merge(other)
    return copy
  }

  /// Adds the variables of `other`; `other` wins where both hold a name.
  public mutating func merge(_ other: ExpressionScope) {
    if values.isEmpty {
      values = other.values
    } else {
      values.merge(other.values, uniquingKeysWith: { _, new in new })
    }
  }

  /// The known names closest to `name`, nearest first: for "did you mean" hints.
  public func suggestions(for name: String) -> [String] {
    Suggestions.closest(to: name, among: values.keys)
  }
}
