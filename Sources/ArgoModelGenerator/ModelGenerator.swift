import Foundation

/// Turns the definitions of Argo's JSON schema that the five Argo kinds reach into Swift structs
/// conforming to `JSONConvertible`.
struct ModelGenerator {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The kinds whose definitions, and everything they reach, become the model.
  static let rootKinds = ["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow", "WorkflowEventBinding"]
  static let argoPrefix = "io.argoproj.workflow.v1alpha1."

  /// Definitions written by hand in ArgoModel, because the schema types them loosely.
  static let handWritten: [String: String] = [
    "io.argoproj.workflow.v1alpha1.Amount": "Amount",
    "io.argoproj.workflow.v1alpha1.Item": "Item",
    "io.argoproj.workflow.v1alpha1.Plugin": "Plugin",
    "io.argoproj.workflow.v1alpha1.ParallelSteps": "ParallelSteps",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "IntOrString",
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "Quantity",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "Time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "FieldsV1",
  ]

  /// Swift names that differ from the schema's, to avoid clashing with the standard library,
  /// Foundation, Synchronization, or each other.
  static let renamed: [String: String] = [
    "io.argoproj.workflow.v1alpha1.Data": "DataTemplate",
    "io.argoproj.workflow.v1alpha1.Sequence": "ItemSequence",
    "io.argoproj.workflow.v1alpha1.Mutex": "MutexRef",
    "io.k8s.api.core.v1.HTTPHeader": "KubernetesHTTPHeader",
  ]

  /// Fields typed `string` in the schema that Argo reads as `AnyString` (a number or a Boolean
  /// is accepted and taken as its text).
  static let anyStringFields: Set<String> = [
    "io.argoproj.workflow.v1alpha1.Parameter.default",
    "io.argoproj.workflow.v1alpha1.Parameter.value",
    "io.argoproj.workflow.v1alpha1.Parameter.description",
    "io.argoproj.workflow.v1alpha1.Parameter.enum",
    "io.argoproj.workflow.v1alpha1.ValueFrom.default",
  ]

  /// Fields the schema marks required that Argo lets other fields supply: a container's image
  /// may come from `templateDefaults`.
  static let requiredExceptions: Set<String> = [
    "io.k8s.api.core.v1.Container.image",
    "io.argoproj.workflow.v1alpha1.ScriptTemplate.image",
  ]

  static let swiftKeywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
    "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
    "super", "throws", "true", "try",
  ]

  let definitions: [String: [String: Any]]
  let source: String
  /// Definition names reachable from the root kinds, sorted.
  let reachableNames: [String]

  init(schema: Data, source: String) throws {
    guard let root = try JSONSerialization.jsonObject(with: schema) as? [String: Any],
      let definitions = root["definitions"] as? [String: [String: Any]]
    else {
      throw Failure(description: "the schema has no \"definitions\" object")
    }
    self.definitions = definitions
    self.source = source
    reachableNames = ModelGenerator.reachable(in: definitions)
  }

  /// The first line of the SOURCE file beside the schema, naming the commit it came from.
  static func sourceLine(nextTo schema: URL) -> String {
    let sourceFile = schema.deletingLastPathComponent().appendingPathComponent("SOURCE")
    guard let text = try? String(contentsOf: sourceFile, encoding: .utf8) else { return schema.lastPathComponent }
    return text.split(separator: "\n").first.map(String.init) ?? schema.lastPathComponent
  }

  // MARK: Types

  /// The Swift type of a property, and how it is stored.
  indirect enum PropertyType {
    case string, anyString, integer, boolean, json
    case named(String, generated: Bool)
    case array(PropertyType)
    case map(PropertyType)

    var swift: String {
      switch self {
      case .string: return "String"
      case .anyString: return "AnyString"
      case .integer: return "Int"
      case .boolean: return "Bool"
      case .json: return "JSONValue"
      case .named(let name, _): return name
      case .array(let element): return "[\(element.swift)]"
      case .map(let value): return "[String: \(value.swift)]"
      }
    }

    var isGeneratedStruct: Bool {
      if case .named(_, true) = self { return true }
      return false
    }
  }

  struct Property {
    var jsonName: String
    var swiftName: String
    var type: PropertyType
    var description: String?
    var isRequired: Bool
    /// The value used for a required field absent from lenient input, when the type has one;
    /// a required field without one is stored as an optional.
    var emptyValue: String?
    var constant: String?

    var isOptional: Bool { !(isRequired && emptyValue != nil) && constant == nil }
  }

  struct Definition {
    var schemaName: String
    var swiftName: String
    var description: String?
    var properties: [Property]
    var isKubernetes: Bool
  }

  func swiftName(of schemaName: String) -> String {
    if let name = ModelGenerator.handWritten[schemaName] { return name }
    if let name = ModelGenerator.renamed[schemaName] { return name }
    return String(schemaName.split(separator: ".").last!)
  }

  func referenced(_ property: [String: Any]) -> String? {
    (property["$ref"] as? String).map { String($0.split(separator: "/").last!) }
  }

  func propertyType(_ property: [String: Any], field: String) throws -> PropertyType {
    if let name = referenced(property) {
      return .named(swiftName(of: name), generated: ModelGenerator.handWritten[name] == nil)
    }
    switch property["type"] as? String {
    case "string":
      return ModelGenerator.anyStringFields.contains(field) ? .anyString : .string
    case "integer":
      return .integer
    case "boolean":
      return .boolean
    case "array":
      guard let items = property["items"] as? [String: Any] else {
        throw Failure(description: "\(field): array without items")
      }
      return .array(try propertyType(items, field: field))
    case "object":
      guard let values = property["additionalProperties"] as? [String: Any] else { return .json }
      return .map(try propertyType(values, field: field))
    case nil:
      return .json
    case let other?:
      throw Failure(description: "\(field): unsupported type \(other)")
    }
  }

  /// Definition names reachable from the root kinds.
  private static func reachable(in definitions: [String: [String: Any]]) -> [String] {
    var seen: Set<String> = []
    var queue = ModelGenerator.rootKinds.map { ModelGenerator.argoPrefix + $0 }
    while let name = queue.popLast() {
      guard seen.insert(name).inserted, let definition = definitions[name] else { continue }
      collectReferences(definition, into: &queue)
    }
    return seen.sorted()
  }

  private static func collectReferences(_ value: Any, into names: inout [String]) {
    if let object = value as? [String: Any] {
      for (key, child) in object {
        if key == "$ref", let reference = child as? String {
          names.append(String(reference.split(separator: "/").last!))
        } else {
          collectReferences(child, into: &names)
        }
      }
    } else if let array = value as? [Any] {
      for child in array { collectReferences(child, into: &names) }
    }
  }

  /// The Swift expression of an empty value of a type, if it has one: what a required field
  /// becomes when lenient input omits it.
  func emptyValue(of type: PropertyType, visiting: Set<String> = []) -> String? {
    switch type {
    case .string: return "\"\""
    case .integer: return "0"
    case .boolean: return "false"
    case .array: return "[]"
    case .map: return "[:]"
    case .anyString, .json: return nil
    case .named(let name, let generated):
      guard generated, !visiting.contains(name),
        let schemaName = reachableNames.first(where: { swiftName(of: $0) == name && ModelGenerator.handWritten[$0] == nil }),
        let definition = definitions[schemaName]
      else { return nil }
      let required = Set(definition["required"] as? [String] ?? [])
      let properties = definition["properties"] as? [String: [String: Any]] ?? [:]
      var arguments: [String] = []
      for field in required.sorted(by: ModelGenerator.fieldOrder) {
        guard let property = properties[field], !ModelGenerator.requiredExceptions.contains("\(schemaName).\(field)"),
          let type = try? propertyType(property, field: "\(schemaName).\(field)")
        else { continue }
        guard let value = emptyValue(of: type, visiting: visiting.union([name])) else { continue }
        arguments.append("\(ModelGenerator.swiftIdentifier(field)): \(value)")
      }
      return "\(name)(\(arguments.joined(separator: ", ")))"
    }
  }

  /// `name` first, then alphabetical: the order fields are written in.
  static func fieldOrder(_ left: String, _ right: String) -> Bool {
    if left == right { return false }
    if left == "name" { return true }
    if right == "name" { return false }
    return left < right
  }

  static func swiftIdentifier(_ name: String) -> String {
    swiftKeywords.contains(name) ? "`\(name)`" : name
  }

  func definition(_ schemaName: String) throws -> Definition {
    let schema = definitions[schemaName]!
    let required = Set(schema["required"] as? [String] ?? [])
    let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
    var result: [Property] = []
    for field in properties.keys.sorted(by: ModelGenerator.fieldOrder) {
      let property = properties[field]!
      let qualified = "\(schemaName).\(field)"
      let type = try propertyType(property, field: qualified)
      let isRequired = required.contains(field) && !ModelGenerator.requiredExceptions.contains(qualified)
      result.append(
        Property(
          jsonName: field, swiftName: field, type: type, description: property["description"] as? String,
          isRequired: isRequired, emptyValue: isRequired ? emptyValue(of: type) : nil,
          constant: property["const"] as? String))
    }
    return Definition(
      schemaName: schemaName, swiftName: swiftName(of: schemaName), description: schema["description"] as? String,
      properties: result, isKubernetes: !schemaName.hasPrefix("io.argoproj."))
  }

  // MARK: Output

  struct File {
    var path: String
    var contents: String
  }

  func generate() throws -> [File] {
    var files: [File] = []
    var swiftNames: [String: String] = [:]
    for schemaName in reachableNames where ModelGenerator.handWritten[schemaName] == nil {
      guard definitions[schemaName]?["properties"] != nil || definitions[schemaName]?["type"] as? String == "object" else {
        throw Failure(description: "\(schemaName) is neither an object nor hand-written; add it to handWritten")
      }
      let definition = try definition(schemaName)
      if let other = swiftNames[definition.swiftName] {
        throw Failure(description: "\(schemaName) and \(other) would both be \(definition.swiftName); add one to renamed")
      }
      swiftNames[definition.swiftName] = schemaName
      let folder = definition.isKubernetes ? "Kubernetes" : "Argo"
      files.append(File(path: "\(folder)/\(definition.swiftName).swift", contents: render(definition)))
    }
    return files
  }

  static func write(_ files: [File], to directory: URL) throws {
    let manager = FileManager.default
    for folder in ["Argo", "Kubernetes"] {
      let url = directory.appendingPathComponent(folder)
      if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
      try manager.createDirectory(at: url, withIntermediateDirectories: true)
    }
    for file in files {
      try Data(file.contents.utf8).write(to: directory.appendingPathComponent(file.path))
    }
  }

  func docComment(_ text: String?, indent: String) -> String {
    guard let text, !text.isEmpty else { return "" }
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in line.isEmpty ? "\(indent)///\n" : "\(indent)/// \(line)\n" }
      .joined()
  }

  func render(_ definition: Definition) -> String {
    let name = definition.swiftName
    var out = "// Generated by argo-model-gen from \(source)\n"
    out += "// Schema definition: \(definition.schemaName). Do not edit: run `swift run argo-model-gen`.\n\n"
    out += docComment(definition.description ?? "The schema's \(definition.schemaName).", indent: "")
    out += "public struct \(name): Hashable, Sendable {\n"
    for property in definition.properties {
      out += docComment(property.description, indent: "  ")
      let identifier = ModelGenerator.swiftIdentifier(property.swiftName)
      if property.isOptional {
        let wrapper = property.type.isGeneratedStruct ? "@Indirect " : ""
        out += "  \(wrapper)public var \(identifier): \(property.type.swift)?\n"
      } else {
        out += "  public var \(identifier): \(property.type.swift)\n"
      }
    }
    if !definition.properties.isEmpty { out += "\n" }
    out += "  /// Fields the schema does not define, kept as read when unknown fields are allowed and\n"
    out += "  /// written back after the known ones.\n"
    out += "  public var unknownFields: JSONObject = [:]\n\n"

    // Memberwise initializer.
    let parameters = definition.properties.map { property -> String in
      let identifier = ModelGenerator.swiftIdentifier(property.swiftName)
      if let constant = property.constant {
        return "\(identifier): String = \"\(constant)\""
      }
      if property.isOptional { return "\(identifier): \(property.type.swift)? = nil" }
      switch property.type {
      case .string, .integer, .boolean:
        // A required scalar is for the caller to give.
        return "\(identifier): \(property.type.swift)"
      default:
        return "\(identifier): \(property.type.swift) = \(property.emptyValue!)"
      }
    }
    if parameters.isEmpty {
      out += "  public init() {}\n"
    } else {
      out += "  public init(\n"
      out += parameters.map { "    \($0)" }.joined(separator: ",\n")
      out += "\n  ) {\n"
      for property in definition.properties {
        let identifier = ModelGenerator.swiftIdentifier(property.swiftName)
        out += "    self.\(identifier) = \(identifier)\n"
      }
      out += "  }\n"
    }
    // An empty value for reading to fill in, built without any large temporary (a call of the
    // memberwise initializer would materialise every default argument on the stack).
    out += "\n  private init(empty: Void) {\n"
    for property in definition.properties {
      let identifier = ModelGenerator.swiftIdentifier(property.swiftName)
      if let constant = property.constant {
        out += "    self.\(identifier) = \"\(constant)\"\n"
      } else if property.isOptional, property.type.isGeneratedStruct {
        out += "    self._\(property.swiftName) = Indirect()\n"
      } else if property.isOptional {
        out += "    self.\(identifier) = nil\n"
      } else {
        out += "    self.\(identifier) = \(property.emptyValue!)\n"
      }
    }
    out += "  }\n"
    out += "}\n\n"

    // Conversion.
    out += "extension \(name): JSONConvertible, Codable {\n"
    out += "  /// The JSON names of the fields, in the order they are written.\n"
    let names = definition.properties.map { "\"\($0.jsonName)\"" }.joined(separator: ", ")
    out += "  public static let fieldNames: [String] = [\(names)]\n\n"
    // Reading goes through a table of one small function per field: the initializer's own
    // stack frame stays tiny however many fields the type has, which matters because nested
    // templates recurse through here, and the lookup is a hash rather than a chain of compares.
    let required = definition.properties.filter(\.isRequired).map { "\"\($0.jsonName)\"" }
    if !required.isEmpty {
      out += "  private static let requiredFields: [String] = [\(required.joined(separator: ", "))]\n\n"
    }
    out += "  private static let fieldReaders: [String: FieldReader<\(name)>] = [\n"
    for property in definition.properties {
      let identifier = ModelGenerator.swiftIdentifier(property.swiftName)
      let arguments = "json, key: \"\(property.jsonName)\", options: options"
      out += "    \"\(property.jsonName)\": { value, json, options throws(ManifestError) in\n"
      if let constant = property.constant {
        out += "      let read: String? = try decodeOptionalMember(\(arguments))\n"
        out += "      try checkConstant(read, \"\(constant)\", key: \"\(property.jsonName)\", options: options)\n"
        out += "      if let read { value.\(identifier) = read }\n"
      } else if property.isOptional, property.type.isGeneratedStruct {
        out += "      value._\(property.swiftName) = try decodeIndirectMember(\(arguments))\n"
      } else if property.isOptional {
        out += "      value.\(identifier) = try decodeOptionalMember(\(arguments))\n"
      } else {
        out += "      if let read: \(property.type.swift) = try decodeOptionalMember(\(arguments)) { value.\(identifier) = read }\n"
      }
      out += "    },\n"
    }
    if definition.properties.isEmpty { out += "    :\n" }
    out += "  ]\n\n"
    out += "  public init(json: JSONValue, options: ModelDecodingOptions) throws(ManifestError) {\n"
    out += "    self.init(empty: ())\n"
    out += "    unknownFields = try readFields(\n"
    out += "      of: json, into: &self, readers: Self.fieldReaders, required: \(required.isEmpty ? "[]" : "Self.requiredFields"),\n"
    out += "      knownFields: Self.fieldNames, typeName: \"\(name)\", options: options)\n"
    out += "  }\n\n"
    out += "  public func toJSON() -> JSONValue {\n"
    out += "    var object = JSONObject()\n"
    for property in definition.properties {
      let identifier = ModelGenerator.swiftIdentifier(property.swiftName)
      if property.isOptional, property.type.isGeneratedStruct {
        out += "    appendMember(&object, \"\(property.jsonName)\", _\(property.swiftName))\n"
      } else if property.isOptional {
        out += "    appendMember(&object, \"\(property.jsonName)\", \(identifier))\n"
      } else {
        out += "    object.append(\"\(property.jsonName)\", \(identifier).toJSON())\n"
      }
    }
    out += "    appendUnknownMembers(&object, unknownFields)\n"
    out += "    return .object(object)\n"
    out += "  }\n"
    out += "}\n"
    return out
  }
}
