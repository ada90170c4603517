import Hera
import Testing

/// The README's example compiles and gives a clean workflow: `Task` means the DSL's task where
/// Hera is imported.
@Suite struct ReadmeExampleTests {
  @Test func readmeExampleBuildsACleanWorkflow() throws {
    let vintages = ["2009", "2012"]
    let collect = Container("collect", image: "collect-lyon-data:0.1", args: [.input("vintage"), .input("borough")]) {
      Input("vintage")
      Input("borough")
    }
    let printResults = Script("print-results", image: "python:3.12-alpine", command: ["python3"], source: "print('done')")

    let workflow = Workflow(generateName: "collect-", entrypoint: "main") {
      DAG("main") {
        let done = Task("print-results", template: printResults)
        for vintage in vintages {
          Task(
            "collect-\(Naming.dns1123(vintage))", template: collect,
            arguments: ["vintage": ArgoString(vintage), "borough": .item]
          )
          .withItems(["LYON_1ER", "LYON_8EME"])
            >> done
        }
      }
    }
    .volumeClaim("workdir", storage: "1Gi")

    #expect(Linter().lint(.workflow(workflow)).isEmpty)
    #expect(WorkflowGraph(workflow).mermaid().contains("main__collect_2009 --> main__print_results"))
    let yaml = ManifestWriter(format: .yaml).string(workflow)
    #expect(yaml.contains("depends: collect-2009 && collect-2012"))
  }
}
