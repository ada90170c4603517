import ArgoModel

/// Compares a document read back after a round trip with the original, following Argo's schema:
/// keys and values must be the same, except that a number or Boolean and its string form are
/// taken as equal where Argo's type is `AnyString` or `IntOrString`. A `null` member counts as
/// absent.
public struct SemanticComparison: Sendable {
  let validator: SchemaValidator

  public init(validator: SchemaValidator = .argo) {
    self.validator = validator
  }

  static let anyStringFields: Set<String> = [
    "io.argoproj.workflow.v1alpha1.Parameter.default", "io.argoproj.workflow.v1alpha1.Parameter.value",
    "io.argoproj.workflow.v1alpha1.Parameter.description", "io.argoproj.workflow.v1alpha1.Parameter.enum",
    "io.argoproj.workflow.v1alpha1.ValueFrom.default",
  ]

  /// The differences, as paths with what each side holds; empty when the documents agree.
  public func differences(original: JSONValue, roundTripped: JSONValue) -> [String] {
    guard let kind = original["kind"]?.stringValue else { return original == roundTripped ? [] : ["(document)"] }
    var found: [String] = []
    compare(
      original, roundTripped, schema: .object(["$ref": .string("#/definitions/io.argoproj.workflow.v1alpha1.\(kind)")]),
      lenientScalars: false, path: "", found: &found)
    return found
  }

  private func compare(
    _ left: JSONValue, _ right: JSONValue, schema: JSONValue?, lenientScalars: Bool, path: String, found: inout [String]
  ) {
    var schema = schema
    var lenient = lenientScalars
    var definitionName: String?
    while let reference = schema?["$ref"]?.stringValue {
      let (name, resolved) = validator.definition(reference)
      if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString" { lenient = true }
      definitionName = name
      schema = resolved
    }
    switch (left, right) {
    case (.object(let a), .object(let b)):
      let aKeys = Set(a.filter { !$0.value.isNull }.map(\.key))
      let bKeys = Set(b.filter { !$0.value.isNull }.map(\.key))
      for key in aKeys.symmetricDifference(bKeys).sorted() {
        found.append("\(path).\(key): present on one side only")
      }
      let properties = schema?["properties"]?.objectValue
      for key in aKeys.intersection(bKeys).sorted() {
        var child: JSONValue? = properties?[key] ?? schema?["additionalProperties"]
        if properties?[key] == nil, schema?["additionalProperties"]?.objectValue == nil { child = nil }
        let anyString = definitionName.map { SemanticComparison.anyStringFields.contains("\($0).\(key)") } ?? false
        compare(a[key]!, b[key]!, schema: child, lenientScalars: anyString, path: "\(path).\(key)", found: &found)
      }
    case (.array(let a), .array(let b)):
      guard a.count == b.count else {
        found.append("\(path): \(a.count) elements against \(b.count)")
        return
      }
      for index in a.indices {
        compare(a[index], b[index], schema: schema?["items"], lenientScalars: lenient, path: "\(path)[\(index)]", found: &found)
      }
    default:
      if left == right { return }
      if lenient, let l = left.scalarText, let r = right.scalarText, l == r, left.arrayValue == nil, left.objectValue == nil {
        return
      }
      found.append("\(path): \(left) against \(right)")
    }
  }
}
