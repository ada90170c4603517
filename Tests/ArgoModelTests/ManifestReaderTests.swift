import ArgoTestSupport
import Foundation
import Testing

@testable import ArgoModel

@Suite struct ManifestReaderTests {
  let reader = ManifestReader()

  func failure(_ text: String, source: String = "workflow.yaml", format: ManifestFormat? = nil, options: ManifestReader.Options = .strict)
    -> ManifestError?
  {
    do {
      _ = try ManifestReader(options: options).read(text, source: source, format: format)
      return nil
    } catch {
      return error
    }
  }

  static let workflowWithWrongArguments = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      generateName: diamond-
    spec:
      entrypoint: main
      templates:
      - name: echo
        container: {image: busybox}
      - name: other
        container: {image: busybox}
      - name: main
        dag:
          tasks:
          - name: a
            arguments:
            - parameters: []
            template: echo
    """

  @Test func errorsNameFileLineAndPath() throws {
    let error = try #require(failure(ManifestReaderTests.workflowWithWrongArguments))
    #expect(error.code == .typeMismatch)
    #expect(error.line == 16)
    #expect("\(error)" == "workflow.yaml:16: spec.templates[2].dag.tasks[0].arguments: expected a mapping, found a sequence")
  }

  @Test func jsonErrorsNameTheLineAndSpeakJSON() throws {
    let text =
      "{\n  \"apiVersion\": \"argoproj.io/v1alpha1\",\n  \"kind\": \"Workflow\",\n  \"metadata\": {\"name\": \"w\"},\n  \"spec\": {\n    \"templates\": {\"name\": \"a\"}\n  }\n}"
    let error = try #require(failure(text, source: "w.json"))
    #expect("\(error)" == "w.json:6: spec.templates: expected an array, found an object")
  }

  @Test func unknownFieldsPointAtTheirLine() throws {
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec:\n  entrypoint: main\n  templats: []\n"
    let error = try #require(failure(text))
    #expect("\(error)" == "workflow.yaml:7: spec.templats: unknown field \"templats\" (did you mean \"templates\"?)")
    let kept = try ManifestReader(options: .preserving).read(text)
    guard case .workflow(let workflow) = kept[0].manifest else {
      Issue.record("not a workflow")
      return
    }
    #expect(workflow.spec.unknownFields == ["templats": []])
  }

  @Test func dispatchesOnKindAndPassesOtherObjectsThrough() throws {
    let text = """
      apiVersion: argoproj.io/v1alpha1
      kind: WorkflowTemplate
      metadata: {name: t}
      spec: {}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: CronWorkflow
      metadata: {name: c}
      spec: {schedules: ["* * * * *"], workflowSpec: {entrypoint: main}}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {proxy: "http://proxy:3128"}
      """
    let documents = try reader.read(text)
    #expect(documents.map(\.manifest.kind) == ["WorkflowTemplate", "CronWorkflow", "ConfigMap"])
    #expect(documents.map(\.line) == [1, 6, 11])
    #expect(documents.map(\.manifest.displayName) == ["t", "c", "settings"])
    var options = ManifestReader.Options()
    options.allowsOtherKinds = false
    #expect(failure(text, options: options)?.code == .unknownKind)
  }

  @Test func unknownKindsAreErrorsWithASuggestion() throws {
    let typo = try #require(failure("apiVersion: argoproj.io/v1alpha1\nkind: CronWorkfow\nmetadata: {}\n"))
    #expect("\(typo)" == "workflow.yaml:2: kind: unknown kind \"CronWorkfow\" (did you mean CronWorkflow?)")
    let missing = try #require(failure("metadata: {name: x}\nspec: {}\n"))
    #expect(missing.code == .missingField)
    #expect("\(missing)".contains("the document has no kind"))
    let notAMapping = try #require(failure("- a\n- b\n"))
    #expect("\(notAMapping)".contains("expected a mapping, found a sequence"))
  }

  @Test func expandsLists() throws {
    let text = """
      {"apiVersion": "argoproj.io/v1alpha1", "kind": "WorkflowList", "metadata": {},
       "items": [{"metadata": {"name": "a"}, "spec": {}}, {"metadata": {"name": "b"}, "spec": {}}]}
      """
    let documents = try ManifestReader(options: .preserving).read(text)
    #expect(documents.map(\.manifest.displayName) == ["a", "b"])
    #expect(documents.allSatisfy { $0.manifest.kind == "Workflow" })
    let bad = try #require(failure(text.replacingOccurrences(of: "\"spec\": {}}]", with: "\"spec\": []}]"), source: "list.json"))
    #expect("\(bad)".hasPrefix("list.json:2: items[1].spec: expected an object"))
  }

  @Test func startsLikeJSONButIsYAML() throws {
    let documents = try reader.read("{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: w}, spec: {}}")
    #expect(documents.first?.manifest.displayName == "w")
  }

  @Test func findsLinesOfPathsAfterReading() throws {
    let documents = try reader.read(
      ManifestReaderTests.workflowWithWrongArguments.replacingOccurrences(
        of: "        - parameters: []\n", with: "          parameters: []\n"))
    let path = ValuePath([.key("spec"), .key("templates"), .index(2), .key("dag"), .key("tasks"), .index(0), .key("template")])
    #expect(documents[0].line(of: path) == 18)
    #expect(documents[0].line(of: ValuePath([.key("spec"), .key("templates"), .index(1)])) == 10)
    #expect(documents[0].line(of: ValuePath([.key("spec"), .key("nothing"), .key("here")])) == 5, "the nearest ancestor")
  }

  @Test func readsFilesAndRefusesWhatIsNotAManifest() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("w.yaml")
    try Data("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec: {}\n".utf8).write(to: file)
    #expect(try reader.read(contentsOf: file.path).count == 1)

    let missing = directory.appendingPathComponent("missing.yaml").path
    #expect(throws: ManifestError.self) { try reader.read(contentsOf: missing) }
    do {
      _ = try reader.read(contentsOf: directory.path)
    } catch {
      #expect(error.code == .unreadable)
      #expect("\(error)".contains("is a directory"))
    }
    // A file far larger than memory should hold is refused before it is read.
    let huge = directory.appendingPathComponent("huge.yaml")
    #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
    let handle = try FileHandle(forWritingTo: huge)
    try handle.truncate(atOffset: 64 << 30)
    try handle.close()
    do {
      _ = try reader.read(contentsOf: huge.path)
      Issue.record("a 64 GiB file was read")
    } catch {
      #expect(error.code == .limitExceeded)
    }
    // Binary garbage.
    var random = SeededRandom(seed: 3)
    let garbage = directory.appendingPathComponent("garbage.yaml")
    try Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }).write(to: garbage)
    #expect(throws: ManifestError.self) { try reader.read(contentsOf: garbage.path) }
  }

  @Test func truncatedDocumentsFailCleanly() throws {
    let full = Array(ManifestReaderTests.workflowWithWrongArguments.utf8)
    for length in stride(from: 0, to: full.count, by: 7) {
      do {
        _ = try reader.read(Array(full[0..<length]))
      } catch {
        #expect(error.source == nil || error.line != nil || error.code == .missingField)
      }
    }
  }

  @Test func writesKeysInAStableOrder() throws {
    let text =
      "spec:\n  templates:\n  - container: {image: busybox}\n    name: main\n  entrypoint: main\nmetadata: {name: w}\nkind: Workflow\napiVersion: argoproj.io/v1alpha1\n"
    let written = ManifestWriter().string(try reader.read(text).map(\.manifest))
    #expect(
      written == """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          name: w
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: busybox

        """)
  }

  @Test func decodesASingleValue() throws {
    let parameter = try reader.decode(Parameter.self, from: Array(#"{"name": "p", "value": 3}"#.utf8))
    #expect(parameter.value == "3")
    #expect(throws: ManifestError.self) { try reader.decode(Parameter.self, from: Array("a: 1\n---\nb: 2\n".utf8)) }
  }
}
