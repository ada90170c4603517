import Hera
import Testing

@Suite struct NamingTests {
  @Test(arguments: [
    ("LYON_1ER", "lyon-1er"), ("Lyon 8ème", "lyon-8-me"), ("--a--b--", "a-b"), ("2009", "2009"), ("a.b/c", "a-b-c"),
  ])
  func sanitisesToDNS1123(input: String, expected: String) {
    #expect(Naming.dns1123(input) == expected)
  }

  @Test func longNamesKeepAStableDistinguishingSuffix() {
    let long = String(repeating: "borough-", count: 20)
    let first = Naming.dns1123(long + "a")
    let second = Naming.dns1123(long + "b")
    #expect(first.count <= 63 && second.count <= 63)
    #expect(first != second)
    #expect(first == Naming.dns1123(long + "a"), "the same input gives the same name")
    #expect(!first.hasSuffix("-"))
  }

  @Test func suffixesAreDeterministicAndDistinct() {
    let a = Naming.suffixed("collect", for: "2009", "LYON_1ER")
    let b = Naming.suffixed("collect", for: "2009", "LYON_8EME")
    #expect(a == Naming.suffixed("collect", for: "2009", "LYON_1ER"))
    #expect(a != b)
    #expect(a.hasPrefix("collect-") && a.count == "collect-".count + 5)
    #expect(Naming.shortHash("x") == Naming.shortHash("x"))
    #expect(Naming.suffixed(String(repeating: "x", count: 100), for: "p", maxLength: 20).count <= 20)
  }

  @Test func argoNamesKeepCase() {
    #expect(Naming.argoName("Step_One.two") == "Step-One-two")
    #expect(Naming.argoName("___").hasPrefix("x"))
  }
}

@Suite struct DependsParserTests {
  @Test(arguments: [
    "A", "A && B", "A.Succeeded || B.Failed", "A && (C.Succeeded || C.Failed)", "!A.Skipped && (B || C)", "(A || B) && !C",
  ])
  func roundTrips(text: String) throws {
    let expression = try DependsExpression(parsing: text)
    #expect(expression.description == text)
  }

  @Test func readsNamesAndResults() throws {
    let expression = try DependsExpression(parsing: "should-execute-2.Succeeded || should-not-execute")
    #expect(expression.taskNames == ["should-execute-2", "should-not-execute"])
  }

  @Test(arguments: ["A &&", "(A || B", "A B", "&& A", ""])
  func rejectsMalformedExpressions(text: String) {
    #expect(throws: DependsSyntaxError.self) { try DependsExpression(parsing: text) }
  }

  @Test func operatorsBuildExpressionsFromTasks() {
    let echo = Container("echo", image: "busybox")
    let a = Hera.Task("a", template: echo)
    let b = Hera.Task("b", template: echo)
    let c = Hera.Task("c", template: echo)
    #expect((a.succeeded || b.failed).description == "a.Succeeded || b.Failed")
    #expect((a && (b || !c)).description == "a && (b || !c)")
    #expect(((a || b) && c.anySucceeded).description == "(a || b) && c.AnySucceeded")
  }
}

@Suite struct WorkflowGraphTests {
  static let workflow: Workflow = {
    let echo = Container("echo", image: "busybox", command: ["echo", .input("m")]) { Input("m") }
    let inner = Steps("inner") {
      Step("one", template: echo, arguments: ["m": "1"])
      Parallel {
        Step("two", template: echo, arguments: ["m": "2"])
        Step("three", template: echo, arguments: ["m": "3"])
      }
    }
    return Workflow(generateName: "graph-", entrypoint: "main") {
      DAG("main") {
        let a = Hera.Task("a", template: echo, arguments: ["m": "a"]).withItems(["x", "y"])
        let b = Hera.Task("b", template: inner)
        let c = Hera.Task("c", template: echo, arguments: ["m": "c"]).depends(a.succeeded || b.failed)
        a >> b
        c
      }
    }
  }()

  @Test func drawsMermaid() {
    let mermaid = WorkflowGraph(WorkflowGraphTests.workflow).mermaid()
    #expect(mermaid.hasPrefix("flowchart TD\n"))
    #expect(mermaid.contains("subgraph cluster__main[\"main (DAG)\"]"))
    #expect(mermaid.contains("main__a[\"a<br/>echo<br/>× 2 items\"]"))
    #expect(mermaid.contains("main__a --> main__b"))
    #expect(mermaid.contains("main__a -->|Succeeded| main__c"))
    #expect(mermaid.contains("main__b -->|Failed| main__c"))
    #expect(mermaid.contains("subgraph cluster__inner[\"inner (steps)\"]"))
    #expect(mermaid.contains("inner__0_one --> inner__1_two"))
    #expect(mermaid.contains("inner__0_one --> inner__1_three"))
    #expect(mermaid.contains("main__b -.-> cluster__inner"))
  }

  @Test func drawsDOT() {
    let dot = WorkflowGraph(WorkflowGraphTests.workflow).dot()
    #expect(dot.hasPrefix("digraph \"graph-\" {"))
    #expect(dot.contains("main__a -> main__c [label=\"Succeeded\"];"))
    #expect(dot.contains("label=\"inner (steps)\";"))
    #expect(dot.contains("[style=dashed, lhead=cluster_1]"))
    #expect(dot.hasSuffix("}\n"))
  }
}
