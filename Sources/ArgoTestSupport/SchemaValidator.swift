import ArgoModel

/// Validates JSON values against Argo's JSON schema, for the subset of JSON Schema it uses:
/// `$ref`, `type`, `properties`, `required`, `items`, `additionalProperties`, `const`, and the
/// top-level `oneOf` over the five kinds.
///
/// As Argo's own example validator does, `IntOrString` accepts integers as well as strings.
public struct SchemaValidator: Sendable {
  let definitions: JSONObject

  /// The validator of `../shared/argo/schema.json`.
  public static let argo: SchemaValidator = {
    let bytes = try! SharedData.bytes(SharedData.schema)
    return SchemaValidator(schema: try! ManifestReader().values(bytes, format: .json)[0])
  }()

  public init(schema: JSONValue) {
    definitions = schema["definitions"]!.objectValue!
  }

  /// Paths and problems; empty when the document is valid for its kind.
  public func validate(document: JSONValue) -> [String] {
    guard let kind = document["kind"]?.stringValue else { return ["(document): no kind"] }
    var problems: [String] = []
    check(
      document, against: .object(["$ref": .string("#/definitions/io.argoproj.workflow.v1alpha1.\(kind)")]), path: "", problems: &problems)
    return problems
  }

  func definition(_ reference: String) -> (name: String, schema: JSONValue) {
    let name = String(reference.split(separator: "/").last!)
    return (name, definitions[name]!)
  }

  func check(_ value: JSONValue, against schema: JSONValue, path: String, problems: inout [String]) {
    if let reference = schema["$ref"]?.stringValue {
      let (name, resolved) = definition(reference)
      if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString" {
        if case .number(let number) = value, number.intValue != nil { return }
      }
      check(value, against: resolved, path: path, problems: &problems)
      return
    }
    if let constant = schema["const"], constant != value {
      problems.append("\(path): expected \(constant), found \(value)")
    }
    guard let type = schema["type"]?.stringValue else { return }
    switch (type, value) {
    case ("string", .string), ("boolean", .bool):
      return
    case ("integer", .number(let number)):
      if number.intValue == nil { problems.append("\(path): expected an integer, found \(number)") }
    case ("number", .number):
      return
    case ("array", .array(let elements)):
      guard let items = schema["items"] else { return }
      for (index, element) in elements.enumerated() {
        check(element, against: items, path: "\(path)[\(index)]", problems: &problems)
      }
    case ("object", .object(let object)):
      let properties = schema["properties"]?.objectValue ?? [:]
      for required in schema["required"]?.arrayValue ?? [] {
        if object[required.stringValue!] == nil { problems.append("\(path): missing required \(required)") }
      }
      for member in object {
        if let property = properties[member.key] {
          check(member.value, against: property, path: "\(path).\(member.key)", problems: &problems)
        } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
          check(member.value, against: additional, path: "\(path).\(member.key)", problems: &problems)
        }
      }
    default:
      problems.append("\(path): expected \(type), found \(value)")
    }
  }
}
