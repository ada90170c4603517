import ArgoTestSupport
import Foundation
import Testing

@testable import ArgoModel

/// Every Argo document of Argo's examples folder decodes strictly, re-encodes to a semantically
/// equal document in YAML and in JSON, and the re-encoded output validates against the schema.
@Suite struct ExampleRoundTripTests {
  static let schema: JSONValue = try! ManifestReader().values(SharedData.bytes(SharedData.schema), format: .json)[0]
  let validator = SchemaValidator(schema: ExampleRoundTripTests.schema)
  var comparison: SemanticComparison { SemanticComparison(validator: validator) }

  struct Outcome {
    var argoDocuments = 0
    var kept = 0
    var failures: [String] = []
  }

  func roundTrip(format: ManifestFormat) throws -> Outcome {
    var outcome = Outcome()
    let reader = ManifestReader()
    for file in SharedData.exampleFiles() {
      let name = file.path.replacingOccurrences(of: SharedData.examples.path + "/", with: "")
      var input = try SharedData.bytes(file)
      if format == .json {
        // The same documents, written as a JSON stream by an independent path (the writer of
        // plain JSON values), so that the JSON reader is what gets tested.
        input = ManifestWriter(format: .json).bytes(values: try reader.values(input, format: .yaml))
      }
      let originals = try reader.values(input, format: format)
      let documents: [ManifestDocument]
      do {
        documents = try reader.read(input, source: name, format: format)
      } catch {
        outcome.failures.append("\(error)")
        continue
      }
      #expect(documents.count == originals.count, "\(name)")
      for (original, document) in zip(originals, documents) where document.manifest.resource != nil {
        outcome.argoDocuments += 1
        let written = ManifestWriter(format: format).bytes([document.manifest])
        let reread: JSONValue
        do {
          reread = try reader.values(written, format: format)[0]
        } catch {
          outcome.failures.append("\(name): the output does not parse: \(error)")
          continue
        }
        let differences = comparison.differences(original: original, roundTripped: reread)
        let problems = validator.validate(document: reread)
        // Decoding the output again gives the same value: writing is stable.
        let again = try reader.read(written, format: format).first?.manifest
        if differences.isEmpty, problems.isEmpty, again == document.manifest {
          outcome.kept += 1
        } else {
          outcome.failures.append(
            "\(name) (\(document.manifest.displayName)): differences \(differences.prefix(5)), schema \(problems.prefix(5)), stable \(again == document.manifest)"
          )
        }
      }
    }
    return outcome
  }

  @Test(arguments: [ManifestFormat.yaml, .json])
  func everyExampleSurvivesARoundTrip(format: ManifestFormat) throws {
    let outcome = try roundTrip(format: format)
    print("\(format) round trip: \(outcome.kept) of \(outcome.argoDocuments) Argo documents kept")
    #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    #expect(outcome.argoDocuments == 225)
    #expect(outcome.kept == 225)
  }

  /// The comparison itself can fail: a changed value, a dropped key and a number where a plain
  /// string belongs are all differences.
  @Test func comparisonDetectsChanges() throws {
    let original: JSONValue = [
      "kind": "Workflow", "metadata": ["name": "x"],
      "spec": ["entrypoint": "main", "templates": [["name": "main", "inputs": ["parameters": [["name": "p", "value": "1"]]]]]],
    ]
    #expect(comparison.differences(original: original, roundTripped: original).isEmpty)
    var changed = original
    changed = ["kind": "Workflow", "metadata": ["name": "y"], "spec": original["spec"]!]
    #expect(!comparison.differences(original: original, roundTripped: changed).isEmpty)
    let dropped: JSONValue = ["kind": "Workflow", "metadata": ["name": "x"]]
    #expect(!comparison.differences(original: original, roundTripped: dropped).isEmpty)
    // A parameter value is AnyString: 1 and "1" agree. The entrypoint is a plain string: they do not.
    let numeric: JSONValue = [
      "kind": "Workflow", "metadata": ["name": "x"],
      "spec": ["entrypoint": "main", "templates": [["name": "main", "inputs": ["parameters": [["name": "p", "value": 1]]]]]],
    ]
    #expect(comparison.differences(original: original, roundTripped: numeric).isEmpty)
    let numericName: JSONValue = ["kind": "Workflow", "metadata": ["name": 1], "spec": original["spec"]!]
    let named: JSONValue = ["kind": "Workflow", "metadata": ["name": "1"], "spec": original["spec"]!]
    #expect(!comparison.differences(original: named, roundTripped: numericName).isEmpty)
  }

  @Test func validatorRejectsWrongTypes() {
    let bad: JSONValue = ["kind": "Workflow", "metadata": [:], "spec": ["templates": "not a list"]]
    #expect(!validator.validate(document: bad).isEmpty)
    let good: JSONValue = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": [:], "spec": ["templates": []]]
    #expect(validator.validate(document: good).isEmpty)
  }
}

/// Hera's golden outputs (the YAML its own examples render to) read strictly, except for the
/// few written for Argo 3, which are refused with a hint on what Argo 4 calls the field; read
/// leniently, every one of them survives a round trip.
@Suite struct HeraGoldenOutputTests {
  static let folder = SharedData.shared.appendingPathComponent("hera-examples")

  static func files() -> [URL] {
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = enumerator?.nextObject() as? URL {
      if url.pathExtension == "yaml" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
  }

  @Test func heraOutputsReadAndSurviveARoundTrip() throws {
    let files = HeraGoldenOutputTests.files()
    #expect(files.count > 200)
    var strictFailures: [String] = []
    var documents = 0
    for file in files {
      let bytes = try SharedData.bytes(file)
      do {
        _ = try ManifestReader().read(bytes, source: file.lastPathComponent)
      } catch {
        strictFailures.append("\(error)")
        #expect("\(error)".contains("Argo 4"), "\(error)")
      }
      let read = try ManifestReader(options: .preserving).read(bytes).map(\.manifest)
      documents += read.count
      for format in [ManifestFormat.yaml, .json] {
        let again = try ManifestReader(options: .preserving).read(ManifestWriter(format: format).bytes(read)).map(\.manifest)
        #expect(again == read, "\(file.lastPathComponent)")
      }
    }
    print("Hera golden outputs: \(documents) documents in \(files.count) files; \(strictFailures.count) files use fields Argo 4 removed")
    #expect(strictFailures.count <= 10)
  }
}
