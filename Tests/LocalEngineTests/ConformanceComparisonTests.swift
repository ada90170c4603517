import ArgoModel
import Testing

@testable import LocalEngine

/// The conformance suite's own machinery: node tables, and the comparison of a run with them.
@Suite("Conformance comparison")
struct ConformanceComparisonTests {
  /// A finished steps workflow `steps-abc`: hello1, then hello2a (failed) and hello2b.
  static func run(phase: String = "Failed", hello2a: String = "Failed", extra: String = "") throws -> ObservedRun {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: steps-abc}
      spec: {entrypoint: main}
      status:
        phase: \(phase)
        outputs: {parameters: [{name: global, value: "42"}]}
        nodes:
          steps-abc: {id: steps-abc, name: steps-abc, displayName: steps-abc, type: Steps, phase: \(phase)}
          n0: {id: n0, name: "steps-abc[0]", displayName: "[0]", type: StepGroup, phase: Succeeded}
          n1: {id: n1, name: "steps-abc[0].hello1", displayName: hello1, type: Pod, phase: Succeeded,
               outputs: {result: "hello 1", exitCode: "0", parameters: [{name: p, value: "v"}]},
               inputs: {parameters: [{name: message, value: hello1}]}}
          n2: {id: n2, name: "steps-abc[1]", displayName: "[1]", type: StepGroup, phase: \(phase)}
          n3: {id: n3, name: "steps-abc[1].hello2a", displayName: hello2a, type: Pod, phase: \(hello2a), message: exit 1}
          n4: {id: n4, name: "steps-abc[1].hello2b", displayName: hello2b, type: Pod, phase: Succeeded, outputs: {result: ""}}
      \(extra)
      """
    let documents = try ManifestReader().read(yaml)
    guard case .workflow(let workflow) = documents[0].manifest else { throw SchedulerError("not a workflow") }
    return ObservedRun(workflow: workflow)
  }

  static let table = """
    # the root, by node name
    @       | Steps     | Failed
    [0]     | StepGroup | Succeeded
    hello1  | Pod       | Succeeded | result=hello 1 | exitCode=0 | parameters.p=v | inputs.parameters.message=hello1
    @[1]    | StepGroup | Failed
    hello2a | Pod       | Failed
    hello2b | Pod       | Succeeded/Failed | result~.*
    """

  @Test("a row names a node, its type, its phases and the outputs to check")
  func rows() throws {
    let rows = try NodeRow.parse(table: Self.table)
    #expect(rows.count == 6)
    #expect(rows[2].key == "hello1")
    #expect(rows[2].outputs.map(\.name) == ["result", "exitCode", "parameters.p", "inputs.parameters.message"])
    #expect(rows[2].outputs[0].check == .equals("hello 1"))
    #expect(rows[5].phases == ["Succeeded", "Failed"])
    #expect(rows[5].outputs[0].check == .matches(".*"))
    #expect(try NodeRow.parse(row: "print-message-loop(0:hello world) | Pod | Succeeded").key == "print-message-loop(0:hello world)")
    #expect(try NodeRow.parse(row: "? x | Pod | Succeeded").optional)
    #expect(try NodeRow.parse(row: "x | Pod | Succeeded | result~heads|tails").outputs[0].check == .matches("heads|tails"))
    #expect(throws: NodeRow.ParseError.self) { try NodeRow.parse(row: "a | Pods | Succeeded") }
    #expect(throws: NodeRow.ParseError.self) { try NodeRow.parse(row: "a | Pod | Done") }
    #expect(throws: NodeRow.ParseError.self) { try NodeRow.parse(row: "a | Pod") }
    #expect(throws: NodeRow.ParseError.self) { try NodeRow.parse(row: "a | Pod | Succeeded | output=1") }
    #expect(throws: NodeRow.ParseError.self) { try NodeRow.parse(table: "a | Pod | Succeeded\na | Pod | Failed") }
  }

  @Test("a run that is as the table says has no mismatch")
  func matching() throws {
    let expectation = Expectation.example("steps", "Failed", Self.table, globals: ["global": "42"])
    #expect(expectation.mismatches(in: try Self.run()).isEmpty)
  }

  @Test("phases, types, outputs, globals, missing and unexpected nodes are reported")
  func mismatches() throws {
    let table = """
      @       | Steps     | Succeeded
      [0]     | StepGroup | Succeeded
      hello1  | DAG       | Succeeded | result=hello | parameters.q=v
      @[1]    | StepGroup | Failed
      hello2a | Pod       | Succeeded
      hello3  | Pod       | Succeeded
      ? hello4 | Pod      | Succeeded
      """
    let expectation = Expectation.example("steps", "Succeeded", table, globals: ["global": "41"])
    let found = expectation.mismatches(in: try Self.run())
    let summary = found.map { "\($0.node) \($0.aspect)" }
    #expect(
      summary == [
        "(workflow) phase", "@ phase", "hello1 type", "hello1 result", "hello1 parameters.q", "hello2a phase", "hello3 node",
        "@[1].hello2b node", "(workflow) global global",
      ])
    #expect(found[0].got == "Failed")
    #expect(found[5].got == "Failed (exit 1)")
    #expect(found[7].got == "Pod Succeeded [hello2b]")
  }

  @Test("a display name shared by two nodes is ambiguous; node names tell them apart")
  func ambiguity() throws {
    let extra = """
          n5: {id: n5, name: "steps-abc[1].hello2b.x", displayName: hello2b, type: Pod, phase: Succeeded}
      """
    let run = try Self.run(extra: extra)
    let ambiguous = Expectation.example("steps", "Failed", Self.table).mismatches(in: run)
    #expect(ambiguous.map { "\($0.node) \($0.aspect)" } == ["hello2b node"])
    let precise = Self.table.replacingOccurrences(of: "hello2b | Pod", with: "@[1].hello2b | Pod") + "\n@[1].hello2b.x | Pod | Succeeded"
    #expect(Expectation.example("steps", "Failed", precise).mismatches(in: run).isEmpty)
  }

  @Test("a partial table leaves the other nodes unchecked")
  func partial() throws {
    let expectation = Expectation.example("steps", "Failed", "hello1 | Pod | Succeeded", partial: "because")
    #expect(expectation.mismatches(in: try Self.run()).isEmpty)
    #expect(!Expectation.example("steps", "Failed", "hello1 | Pod | Succeeded").mismatches(in: try Self.run()).isEmpty)
  }

  @Test("a random example's table follows the run's draws")
  func random() throws {
    // hello2a's outcome is the draw: the table says what must go with it.
    let expectation = Expectation.random("steps") { run in
      let failed = run.node("hello2a")?.phase == "Failed"
      return Outcome(
        phase: failed ? "Failed" : "Succeeded",
        nodes: Self.table.replacingOccurrences(
          of: "@[1]    | StepGroup | Failed", with: "@[1] | StepGroup | \(failed ? "Failed" : "Succeeded")"
        )
        .replacingOccurrences(of: "@       | Steps     | Failed", with: "@ | Steps | \(failed ? "Failed" : "Succeeded")")
        .replacingOccurrences(of: "hello2a | Pod       | Failed", with: "hello2a | Pod | \(failed ? "Failed" : "Succeeded")"))
    }
    #expect(expectation.mismatches(in: try Self.run()).isEmpty)
    #expect(expectation.mismatches(in: try Self.run(phase: "Succeeded", hello2a: "Succeeded")).isEmpty)
    // A run that succeeded although its draw failed is reported.
    #expect(!expectation.mismatches(in: try Self.run(phase: "Succeeded", hello2a: "Failed")).isEmpty)
  }

  @Test("retried attempts follow their exit codes up to the limit")
  func attempts() throws {
    let extra = """
          r0: {id: r0, name: "steps-abc(0)", displayName: "steps-abc(0)", type: Pod, phase: Failed, outputs: {exitCode: "1"}}
          r1: {id: r1, name: "steps-abc(1)", displayName: "steps-abc(1)", type: Pod, phase: Failed, outputs: {exitCode: "2"}}
      """
    let run = try Self.run(extra: extra)
    var limited = Rows()
    #expect(Tables.attempts("@", limit: 1, run, into: &limited) == "Failed")
    #expect(limited.lines == ["@(0) | Pod | Failed | exitCode=1", "@(1) | Pod | Failed | exitCode=2"])
    // Without a limit, a third attempt must follow the second failure.
    var unlimited = Rows()
    #expect(Tables.attempts("@", limit: nil, run, into: &unlimited) == "Succeeded/Failed")
    #expect(unlimited.lines.last == "@(2) | Pod | Succeeded/Failed")
    #expect(Tables.sequence(from: 1, to: 0) == [1, 0])
    #expect(Tables.sequence(from: 1, to: 3) == [1, 2, 3])
  }

  @Test("known deviations excuse their nodes only; a time-out is a mismatch of the workflow")
  func report() throws {
    let run = try Self.run()
    let wrong = Expectation.example(
      "steps", "Failed", Self.table.replacingOccurrences(of: "hello2b | Pod       | Succeeded/Failed", with: "hello2b | Pod | Failed"))
    let deviation = KnownDeviation(example: "steps", nodes: ["hello2b"], reason: "hello2b differs")
    let excused = ConformanceReport(
      title: "test", runs: [ExampleRun(name: "steps", observed: run)], expectations: [wrong], deviations: [deviation])
    #expect(excused.unexplained.isEmpty)
    #expect(excused.deviating.count == 1)
    #expect(excused.text(notRunnable: ["k8s-jobs": "needs a cluster"]).contains("k8s-jobs: needs a cluster"))
    let other = KnownDeviation(example: "steps", nodes: ["hello1"], reason: "another node")
    let unexcused = ConformanceReport(
      title: "test", runs: [ExampleRun(name: "steps", observed: run)], expectations: [wrong], deviations: [other])
    #expect(unexcused.unexplained.map(\.node) == ["hello2b"])
    // An unexplained mismatch comes with the run's nodes as they are.
    #expect(unexcused.text(notRunnable: [:]).contains("@[1].hello2b [hello2b] | Pod | Succeeded"))
    let timedOut = ConformanceReport(
      title: "test", runs: [ExampleRun(name: "steps", observed: run, timedOut: true)], expectations: [wrong], deviations: [deviation])
    #expect(timedOut.unexplained.first?.aspect == "time")
    let fine = ConformanceReport(
      title: "test", runs: [ExampleRun(name: "steps", observed: run), ExampleRun(name: "other", observed: run)],
      expectations: [Expectation.example("steps", "Failed", Self.table)], deviations: [])
    #expect(fine.matched.count == 1)
    #expect(fine.runsWithoutExpectation == 1)
  }
}
