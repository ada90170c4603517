import ArgoTestSupport
import Foundation
import Testing

@Suite struct LintAndGraphCommandTests {
  static let broken = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: broken-}
    spec:
      entrypoint: main
      templates:
      - name: main
        dag:
          tasks:
          - {name: a, template: echo}
          - {name: b, template: echo, depends: x}
      - name: echo
        container: {image: busybox, command: [echo, "{{inputs.parameters.message}}"]}
    """

  @Test func lintsArgoExamplesClean() throws {
    let examples = Executable.shared.appendingPathComponent("argo/examples")
    let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted()
      .map { examples.appendingPathComponent($0).path }
    let result = try Executable.run("hera", ["lint"] + files)
    #expect(result.status == 0, "\(result.standardOutput)")
    // No error; the only warnings are the two examples with no name, which the API server
    // would refuse to create.
    let warnings = result.standardOutput.split(separator: "\n").filter { $0.contains(": warning: ") }
    #expect(warnings.count == 2 && warnings.allSatisfy { $0.contains("name or generateName is required") }, "\(result.standardOutput)")
    #expect(result.standardOutput.contains("0 errors, 2 warnings"), "\(result.standardOutput)")
  }

  @Test func reportsErrorsWithFileLineAndExitsOne() throws {
    let result = try Executable.run("hera", ["lint", "-"], input: LintAndGraphCommandTests.broken)
    #expect(result.status == 1)
    #expect(
      result.standardOutput.contains("-:11: error: spec.templates[main].dag.tasks[b].depends: dependency \"x\" is not a task of this DAG"))
    #expect(
      result.standardOutput.contains(
        "-:13: error: spec.templates[echo].container.command[1]: {{inputs.parameters.message}} does not resolve here"))
    #expect(result.standardOutput.hasSuffix("1 document: 2 errors, 0 warnings\n"))
  }

  @Test func argumentValuesAreGivenAsASubmissionGivesThem() throws {
    let workflow = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: vintage-}
      spec:
        entrypoint: main
        arguments:
          parameters: [{name: vintage}, {name: borough}]
        templates:
        - name: main
          container: {image: busybox, command: [echo, "{{workflow.parameters.vintage}}", "{{workflow.parameters.borough}}"]}
      """
    // Submitted as it is, the arguments have no values.
    let bare = try Executable.run("hera", ["lint", "--submit", "-"], input: workflow)
    #expect(bare.status == 1)
    #expect(bare.standardOutput.contains("vintage"))

    let directory = try Executable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let values = directory.appendingPathComponent("values.yaml")
    try Data("vintage: 2009\n".utf8).write(to: values)
    let given = try Executable.run("hera", ["lint", "--submit", "-f", values.path, "-p", "borough=LYON_1ER", "-"], input: workflow)
    #expect(given.status == 0, "\(given.standardOutput)\(given.standardError)")
    #expect(given.standardOutput.hasSuffix("1 document: no problems\n"))

    // A value for an argument the workflow does not declare is said, with the closest name.
    let misspelt = try Executable.run("hera", ["lint", "--submit", "-f", values.path, "-p", "borugh=LYON_1ER", "-"], input: workflow)
    #expect(misspelt.status == 1)
    #expect(misspelt.standardError.contains("did you mean borough?"))
  }

  @Test func renderRefusesWhatLintRejects() throws {
    let refused = try Executable.run("hera", ["render", "-"], input: LintAndGraphCommandTests.broken)
    #expect(refused.status == 1)
    #expect(refused.standardOutput.isEmpty)
    #expect(refused.standardError.contains("nothing was rendered"))
    let forced = try Executable.run("hera", ["render", "--no-lint", "-"], input: LintAndGraphCommandTests.broken)
    #expect(forced.status == 0)
    #expect(forced.standardOutput.contains("depends: x"))
  }

  @Test func drawsGraphs() throws {
    let file = Executable.shared.appendingPathComponent("argo/examples/dag-diamond.yaml").path
    let mermaid = try Executable.run("hera", ["graph", file])
    #expect(mermaid.status == 0)
    #expect(mermaid.standardOutput.contains("diamond__B --> diamond__D"))
    let dot = try Executable.run("hera", ["graph", file, "--format", "dot"])
    #expect(dot.standardOutput.contains("diamond__B -> diamond__D;"))
    let missing = try Executable.run("hera", ["graph", file, "--name", "nothing"])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("no workflow named \"nothing\""))
  }

  @Test("graph lints first and draws nothing for a workflow lint rejects; --no-lint draws it anyway")
  func graphRefusesWhatLintRejects() throws {
    let refused = try Executable.run("hera", ["graph", "-"], input: LintAndGraphCommandTests.broken)
    #expect(refused.status == 1)
    #expect(refused.standardOutput.isEmpty)
    #expect(refused.standardError.contains("nothing was drawn"))
    let forced = try Executable.run("hera", ["graph", "--no-lint", "-"], input: LintAndGraphCommandTests.broken)
    #expect(forced.status == 0)
  }

  @Test("an empty input, or one of comments only, is an error for every command that reads manifests")
  func emptyInputIsAnError() throws {
    for input in ["", "# only a comment\n", "---\n"] {
      for command in [["lint", "-"], ["render", "-"], ["graph", "-"]] {
        let result = try Executable.run("hera", command, input: input)
        #expect(result.status == 1, "\(command) of \(input.debugDescription)")
        #expect(result.standardError.contains("standard input holds no manifest"), "\(command): \(result.standardError)")
      }
    }
  }
}
