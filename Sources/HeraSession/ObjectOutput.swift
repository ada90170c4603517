import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils

/// The output formats of commands that show server objects.
package enum ObjectFormat: String, ExpressibleByArgument, CaseIterable {
  /// A table or a summary, for people.
  case table
  /// More columns.
  case wide
  /// Names only, one per line, for scripts.
  case name
  case json
  case yaml

  package static var allValueStrings: [String] { ["wide", "name", "json", "yaml"] }
}

/// Writes server objects as `-o` asks: names, JSON or YAML (a list when there are several).
package enum ObjectOutput {
  package static func write<Resource: ArgoResource>(_ objects: [Resource], as format: ObjectFormat, single: Bool) {
    switch format {
    case .name:
      Terminal.standardOutput.write(objects.map { ($0.metadata.name ?? "") + "\n" }.joined())
    case .json, .yaml:
      let writer = ManifestWriter(format: format == .json ? .json : .yaml)
      if single, let object = objects.first, objects.count == 1 {
        Terminal.standardOutput.write(writer.bytes(values: [object.toJSON()]))
      } else if format == .json {
        Terminal.standardOutput.write(writer.bytes(values: [.array(objects.map { $0.toJSON() })]))
      } else {
        Terminal.standardOutput.write(writer.bytes(values: objects.map { $0.toJSON() }))
      }
    case .table, .wide:
      break
    }
  }
}
