import ArgoModel
import ArgoTestSupport
import Foundation
import Testing

@Suite struct RenderCommandTests {
  @Test func rendersAManifestAsYAMLAndJSON() throws {
    let file = Executable.packageRoot.appendingPathComponent("Examples/manifests/collect-lyon.yaml").path
    let yaml = try Executable.run("hera", ["render", file])
    #expect(yaml.status == 0)
    #expect(yaml.standardError.isEmpty)
    #expect(yaml.standardOutput.hasPrefix("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: collect-lyon-\n"))
    let json = try Executable.run("hera", ["render", file, "-o", "json"])
    #expect(json.status == 0)
    let fromYAML = try ManifestReader().read(yaml.standardOutput).map(\.manifest)
    let fromJSON = try ManifestReader().read(json.standardOutput).map(\.manifest)
    #expect(fromYAML == fromJSON)
    #expect(fromYAML.count == 1)
  }

  @Test func readsStandardInputAndSeveralFiles() throws {
    let directory = try Executable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("t.yaml")
    try Data("apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: t}\nspec: {}\n".utf8).write(to: file)
    let result = try Executable.run(
      "hera", ["render", "--no-lint", "-", file.path],
      input: #"{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"name": "w"}, "spec": {}}"#)
    #expect(result.status == 0)
    #expect(
      result.standardOutput
        == "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec: {}\n---\napiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: t\nspec: {}\n"
    )
  }

  @Test func failsWithTheErrorOnStandardErrorAndNothingOnStandardOutput() throws {
    let good = Executable.packageRoot.appendingPathComponent("Examples/manifests/collect-lyon.yaml").path
    let result = try Executable.run(
      "hera", ["render", good, "-"],
      input:
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    dag: {tasks: [{name: a, dependancies: [b]}]}\n"
    )
    #expect(result.status == 1)
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError
        == "error: -:8: spec.templates[0].dag.tasks[0].dependancies: unknown field \"dependancies\" (did you mean \"dependencies\"?)\n")
  }

  @Test func keepsUnknownFieldsWithNoStrict() throws {
    let input = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  newField: {a: 1}\n"
    let result = try Executable.run("hera", ["render", "--no-strict", "--no-lint", "-"], input: input)
    #expect(result.status == 0)
    #expect(
      result.standardOutput == "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec:\n  newField:\n    a: 1\n")
  }

  @Test func refusesBadInputWithoutCrashing() throws {
    let directory = try Executable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let deep = directory.appendingPathComponent("deep.yaml")
    try Data(("a: " + String(repeating: "[", count: 200_000)).utf8).write(to: deep)
    let garbage = directory.appendingPathComponent("garbage.bin")
    try Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: garbage)
    let unknownKind = directory.appendingPathComponent("kind.yaml")
    try Data("apiVersion: argoproj.io/v1alpha1\nkind: Wrkflow\nmetadata: {}\n".utf8).write(to: unknownKind)
    for (file, expected) in [
      (deep.path, "nesting"), (garbage.path, "garbage.bin:"), (unknownKind.path, "unknown kind \"Wrkflow\" (did you mean Workflow?)"),
      (directory.appendingPathComponent("missing.yaml").path, "cannot open: No such file or directory"),
    ] {
      let result = try Executable.run("hera", ["render", file])
      #expect(result.status == 1, "\(file)")
      #expect(result.standardError.contains(expected), "\(result.standardError)")
    }
    let duplicated = directory.appendingPathComponent("dup.yaml")
    try Data("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: a}\nmetadata: {name: b}\nspec: {}\n".utf8).write(
      to: duplicated)
    let warned = try Executable.run("hera", ["render", "--no-lint", duplicated.path])
    #expect(warned.status == 0)
    #expect(warned.standardError.contains("warning: \(duplicated.path):4: duplicate key \"metadata\""))
    #expect(warned.standardOutput.contains("name: b"))
  }

  @Test func rejectsAnUnknownOutputFormat() throws {
    let result = try Executable.run("hera", ["render", "-o", "xml", "-"], input: "")
    #expect(result.status != 0)
    #expect(result.standardError.contains("xml"))
  }
}
