import ArgoModel
import ArgumentParser
import Hera
import HeraSession

/// `-p name=value`, `-f values.yaml` and `--entrypoint`: a workflow's arguments, for `submit`
/// and `run` alike.
struct ArgumentOptions: ParsableArguments {
  @Option(name: [.customShort("p"), .customLong("parameter")], help: "Set a workflow argument: name=value (repeatable).")
  var parameters: [String] = []

  @Option(
    name: [.customShort("f"), .customLong("parameter-file")], help: "A YAML or JSON file of argument values: a mapping of name to value.")
  var parameterFile: String?

  @Option(help: "The template to start with, instead of the workflow's entrypoint.")
  var entrypoint: String?

  func validate() throws {
    for parameter in parameters where !parameter.contains("=") {
      throw ValidationError("-p \(parameter): expected name=value")
    }
  }

  /// The parameter file's values, then `-p`'s (which win).
  func values() throws -> [(name: String, value: String)] {
    var values: [(String, String)] = []
    if let parameterFile {
      let documents: [JSONValue]
      do {
        let bytes = try ManifestReader.readFile(parameterFile, maxBytes: 16 << 20)
        documents = try ManifestReader(options: .preserving).values(
          bytes, source: parameterFile, format: ManifestFormat.implied(byPath: parameterFile))
      } catch {
        throw CommandFailure(error)
      }
      guard documents.count == 1, let object = documents.first?.objectValue else {
        throw CommandFailure("\(parameterFile): expected a mapping of argument names to values")
      }
      for member in object {
        switch member.value {
        case .string(let text): values.append((member.key, text))
        case .number(let number): values.append((member.key, number.text))
        case .bool(let bool): values.append((member.key, bool ? "true" : "false"))
        default:
          var writer = JSONWriter(style: .compact)
          writer.write(member.value)
          values.append((member.key, writer.string))
        }
      }
    }
    for parameter in parameters {
      let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(parts[0])
      values.removeAll { $0.0 == name }
      values.append((name, parts.count > 1 ? String(parts[1]) : ""))
    }
    return values
  }

  /// Sets the workflow's arguments and entrypoint; returns warnings (an argument the workflow
  /// does not declare, with the closest declared name).
  func apply(_ values: [(name: String, value: String)], to workflow: inout Workflow) -> [String] {
    var warnings: [String] = []
    var arguments = workflow.spec.arguments ?? Arguments()
    var parameters = arguments.parameters ?? []
    let declared = parameters.map(\.name)
    for (name, value) in values {
      if let index = parameters.firstIndex(where: { $0.name == name }) {
        parameters[index].value = AnyString(value)
        parameters[index].valueFrom = nil
      } else {
        parameters.append(Parameter(name: name, value: AnyString(value)))
        if workflow.spec.workflowTemplateRef == nil {
          let known = declared.isEmpty ? "it declares none" : "it declares \(declared.joined(separator: ", "))"
          let suggestion = Spelling.closest(to: name, among: declared).map { " (did you mean \($0)?)" } ?? ""
          warnings.append(
            "-p \(name): \(workflow.metadata.name ?? workflow.metadata.generateName ?? "the workflow") has no argument \(name)\(suggestion); it is added to the arguments, though \(known)"
          )
        }
      }
    }
    if !values.isEmpty {
      arguments.parameters = parameters
      workflow.spec.arguments = arguments
    }
    if let entrypoint { workflow.spec.entrypoint = entrypoint }
    return warnings
  }
}
