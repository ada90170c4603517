import ArgoModel
import Hera
import Testing

/// Issue 13, defect 3: a `depends` expression nested tens of thousands of levels deep crashed
/// lint and graph with a stack overflow. Each verb's code path now reports it, or (a long flat
/// chain) reads it, without exhausting the stack.
@Suite struct DeepExpressionTests {
  static let deepParentheses = String(repeating: "(", count: 40_000) + "a" + String(repeating: ")", count: 40_000)
  static let deepNegations = String(repeating: "!", count: 100_000) + "a"
  static let longChain = String(repeating: "a && ", count: 100_000) + "a"

  /// A workflow whose task b depends on `a` through `expression`.
  static func workflow(depends expression: String) throws -> Manifest {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: deep-}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: a, template: echo}
            - {name: b, template: echo, depends: '\(expression)'}
        - name: echo
          container: {image: busybox}
      """
    return try ManifestReader().read(yaml)[0].manifest
  }

  /// The expressions, named, so that test names stay short.
  static let expressions = ["parentheses": deepParentheses, "negations": deepNegations, "chain": longChain]

  @Test(arguments: ["parentheses", "negations"])
  func lintReportsTooDeepAnExpression(kind: String) throws {
    let diagnostics = Linter(options: .lint).lint(try DeepExpressionTests.workflow(depends: Self.expressions[kind]!))
    let depends = diagnostics.filter { $0.rule == "dag-depends" }
    #expect(depends.count == 1)
    #expect(
      depends.first?.description.contains("the depends expression nests deeper than 1000 levels") == true,
      "\(diagnostics.map { $0.description.prefix(300) })")
  }

  @Test func lintReadsALongFlatChain() throws {
    let diagnostics = Linter(options: .lint).lint(try DeepExpressionTests.workflow(depends: DeepExpressionTests.longChain))
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.prefix(3))")
  }

  @Test(arguments: ["parentheses", "negations", "chain"])
  func graphDrawsWithoutRecursingDeep(kind: String) throws {
    guard case .workflow(let workflow) = try DeepExpressionTests.workflow(depends: Self.expressions[kind]!) else {
      Issue.record("not a workflow")
      return
    }
    let mermaid = WorkflowGraph(workflow).mermaid()
    let edges = mermaid.split(separator: "\n").filter { $0.contains("main__a --> main__b") }
    // An unreadable expression draws no edge; the chain draws its one dependency once.
    #expect(edges.count == (kind == "chain" ? 1 : 0), "\(mermaid.prefix(2000))")
  }
}
