import ArgoModel
import Testing

@testable import LocalEngine

/// Issue 13, defect 3: `hera run` crashed with a stack overflow on a `depends` or a `when` tens
/// of thousands of levels deep. The engine now fails the run with the parser's message, and runs
/// a long flat chain.
@Suite struct DeepExpressionRunTests {
  static func workflow(depends: String = "a", when: String? = nil) -> String {
    let condition = when.map { ", when: '\($0)'" } ?? ""
    return """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: deep}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: a, template: ok}
            - {name: b, template: ok, depends: '\(depends)'\(condition)}
        - {name: ok, container: {image: alpine, command: ["true"]}}
      """
  }

  /// The deep expressions of the issue, named, so that test names stay short.
  static func deep(_ kind: String) -> String {
    kind == "parentheses"
      ? String(repeating: "(", count: 40_000) + "a" + String(repeating: ")", count: 40_000)
      : String(repeating: "!", count: 100_000) + "a"
  }

  @Test(arguments: ["parentheses", "negations"])
  func aTooDeepDependsFailsTheRun(kind: String) throws {
    var run = try SimulatedRun(Self.workflow(depends: Self.deep(kind)))
    let outcome = run.run()
    #expect(outcome?.phase == "Error" || outcome?.phase == "Failed")
    let messages = (run.workflow.status?.nodes ?? [:]).values.compactMap(\.message)
    #expect(messages.contains { $0.contains("the depends expression nests deeper than 1000 levels") }, "\(messages.map { $0.prefix(300) })")
    // The expression is quoted shortened, not 80 KB long.
    #expect(messages.allSatisfy { $0.utf8.count < 1_000 })
    #expect(run.launches.count <= 1)
  }

  @Test func aLongFlatChainRuns() throws {
    var run = try SimulatedRun(Self.workflow(depends: String(repeating: "a && ", count: 100_000) + "a"))
    let outcome = run.run()
    #expect(outcome?.phase == "Succeeded")
    #expect(run.phase("b") == "Succeeded")
  }

  @Test func aLongWhenChainIsAnErrorNotACrash() throws {
    let chain = String(repeating: "true && ", count: 100_000) + "true"
    #expect(throws: ExpressionError.self) { try WhenCondition.evaluate(chain) }
    do {
      _ = try WhenCondition.evaluate(chain)
    } catch {
      #expect(error.message.contains("nested too deeply"))
    }
    var run = try SimulatedRun(Self.workflow(when: chain))
    let outcome = run.run()
    #expect(outcome?.phase != "Succeeded")
    #expect(run.phase("b") != "Succeeded")
  }

  @Test func theDeepestAcceptedDependsEvaluatesOnAnyThread() async throws {
    // The limit must hold on a thread of the cooperative pool, where the engine runs.
    let levels = DependsExpression.maxDepth / 2
    let text = String(repeating: "!(", count: levels) + "a" + String(repeating: ")", count: levels)
    let value = try await Task.detached {
      let expression = try DependsExpression(parsing: text)
      _ = expression.description
      _ = expression == expression
      return expression.evaluate { _ in DependsTaskState(phase: .succeeded) }
    }.value
    #expect(value == true)
  }
}
