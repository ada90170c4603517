extension Conformance {
  /// Examples with random draws. Each outcome is derived from the draws alone (what a coin said,
  /// the exit code a random script chose, the number a script printed), read from the run; the
  /// phases, the nodes and their number follow from Argo's rules.
  static let random: [Expectation] = [
    .random("coinflip") { run in
      var rows = Rows()
      Tables.coinflip("@", run, recursive: false, into: &rows)
      return Outcome(phase: "Succeeded", nodes: rows.text)
    },
    .random("coinflip-recursive") { run in
      var rows = Rows()
      Tables.coinflip("@", run, recursive: true, into: &rows)
      return Outcome(phase: "Succeeded", nodes: rows.text)
    },
    .random("dag-coinflip") { run in
      var rows = Rows()
      rows.add("@", "DAG", "Succeeded")
      for task in ["A", "B", "C", "D"] { Tables.coinflip("@.\(task)", run, recursive: true, into: &rows) }
      return Outcome(phase: "Succeeded", nodes: rows.text)
    },
    .random("conditional-parameters") { run in
      // The steps template's output is the result of the step that ran: the coin's side.
      var rows = Rows()
      Tables.coinflip("@", run, recursive: false, into: &rows)
      var outcome = Outcome(phase: "Succeeded", nodes: rows.text)
      if let coin = run.result("@[0].flip-coin") {
        outcome.nodes = outcome.nodes.replacingOccurrences(
          of: "@ | Steps | Succeeded", with: "@ | Steps | Succeeded | parameters.stepresult=\(coin)")
      }
      return outcome
    },
    .random("conditional-artifacts") { run in
      var rows = Rows()
      Tables.coinflip("@", run, recursive: false, into: &rows)
      return Outcome(phase: "Succeeded", nodes: rows.text)
    },
    .random("dag-conditional-parameters") { run in
      Outcome(phase: "Succeeded", nodes: dagCoin(run, rootOutputs: true))
    },
    .random("dag-conditional-artifacts") { run in
      Outcome(phase: "Succeeded", nodes: dagCoin(run, rootOutputs: false))
    },
    .random("conditionals-complex") { run in
      // The second coin decides the last group: complex-condition runs when the second flip is
      // tails (heads then tails, or tails twice), heads-regex on heads, tails-regex on tails.
      var rows = Rows()
      rows.add("@", "Steps", "Succeeded")
      rows.add("[0]", "StepGroup", "Succeeded")
      rows.add("flip-coin", "Pod", "Succeeded", "result~heads|tails")
      rows.add("[1]", "StepGroup", "Succeeded")
      let first = run.result("flip-coin")
      rows.add("heads", first == "heads" ? "Pod" : "Skipped", first == "heads" ? "Succeeded" : "Skipped")
      rows.add("tails", first == "tails" ? "Pod" : "Skipped", first == "tails" ? "Succeeded" : "Skipped")
      rows.add("[2]", "StepGroup", "Succeeded")
      rows.add("flip-again", "Pod", "Succeeded", "result~heads|tails")
      rows.add("[3]", "StepGroup", "Succeeded")
      let second = run.result("flip-again")
      func ran(_ yes: Bool) -> (String, String) { yes ? ("Pod", "Succeeded") : ("Skipped", "Skipped") }
      let complex = ran(second == "tails")
      rows.add("complex-condition", complex.0, complex.1)
      let headsRegex = ran(second == "heads")
      rows.add("heads-regex", headsRegex.0, headsRegex.1)
      let tailsRegex = ran(second == "tails")
      rows.add("tails-regex", tailsRegex.0, tailsRegex.1)
      return Outcome(phase: "Succeeded", nodes: rows.text)
    },
    .random("scripts-python") { _ in
      Outcome(phase: "Succeeded", nodes: twoSteps("generate", "print", firstOutputs: "result~[0-9]+"))
    },
    .random("scripts-bash") { _ in
      // od -N2 -i reads two random bytes; busybox's od (alpine's) reads them signed, so the
      // number may be negative.
      Outcome(phase: "Succeeded", nodes: twoSteps("generate", "print", firstOutputs: "result~-?[0-9]+"))
    },
    .random("scripts-javascript") { _ in
      Outcome(phase: "Succeeded", nodes: twoSteps("generate", "print", firstOutputs: "result~[0-9]+"))
    },
    .random("custom-metrics") { run in
      // flakey fails two times in three, without retries; random-int's number is also the
      // global output rand-int-value.
      let flakey = run.exitCode("flakey").map { $0 == 0 ? "Succeeded" : "Failed" } ?? "Succeeded/Failed"
      var outcome = Outcome(
        phase: flakey,
        nodes: """
          @          | Steps     | \(flakey)
          [0]        | StepGroup | Succeeded
          random-int | Pod       | Succeeded | parameters.rand-int-value~[0-9]+
          [1]        | StepGroup | \(flakey)
          flakey     | Pod       | \(flakey)
          """)
      if let value = run.node("random-int").flatMap({ run.output("parameters.rand-int-value", of: $0) }) {
        outcome.globals = ["rand-int-value": value]
      }
      return outcome
    },
    .random("retry-container") { run in retriedRoot(run, limit: 10) },
    .random("retry-script") { run in retriedRoot(run, limit: 10) },
    .random("retry-on-error") { run in retriedRoot(run, limit: 2) },
    // retryStrategy {}: no limit, attempts go on until one succeeds.
    .random("retry-container-to-completion") { run in retriedRoot(run, limit: nil) },
    .random("retry-with-steps") { run in retriedSteps(run) },
    .random("workflow-template/retry-with-steps") { run in retriedSteps(run) },
    .random("resubmit") { run in resubmit(run) },
    .random("withsequence-nested-result") { run in withSequenceNestedResult(run) },
    .random("work-avoidance") { run in
      // Each echo fails at random (its exit code is the draw); the exit handler saves the markers.
      var rows = Rows()
      rows.add("@[0]", "StepGroup", "Succeeded")
      rows.add("@[0].load-markers", "Pod", "Succeeded")
      var phases: [String] = []
      for item in 0...2 {
        let key = "@[1].echo(\(item):\(item))"
        let phase = run.exitCode(key).map { $0 == 0 ? "Succeeded" : "Failed" } ?? "Succeeded/Failed"
        phases.append(phase)
        rows.add(key, "Pod", phase)
      }
      let steps = Tables.combined(phases)
      rows.add("@", "Steps", steps)
      rows.add("@[1]", "StepGroup", steps)
      rows.add("@.onExit", "Pod", "Succeeded")
      return Outcome(phase: steps, nodes: rows.text)
    },
    .random("retry-conditional") { _ in
      Outcome(
        phase: "Failed",
        nodes: """
          @             | Steps     | Failed
          [0]           | StepGroup | Succeeded
          safe-to-retry | Pod       | Succeeded | result=true
          [1]           | StepGroup | Failed
          retry         | Retry     | Failed
          """,
        // Attempts exit with 1 or 2 at random; the expression retries after a 2 only, so the
        // last attempt always fails. How many attempts there are also depends on how
        // asInt(lastRetry.duration) reads Argo's duration string, which we are unsure of.
        partial: "the number of attempts (asInt of lastRetry.duration: unsure)")
    },
  ]

  /// The DAG coin flip: flip-coin, then heads or tails by `when`.
  static func dagCoin(_ run: ObservedRun, rootOutputs: Bool) -> String {
    let coin = run.result("flip-coin")
    var rows = Rows()
    if rootOutputs, let coin {
      rows.add("@", "DAG", "Succeeded", "parameters.stepresult=\(coin)")
    } else {
      rows.add("@", "DAG", "Succeeded")
    }
    rows.add("flip-coin", "Pod", "Succeeded", "result~heads|tails")
    rows.add("heads", coin == "heads" ? "Pod" : "Skipped", coin == "heads" ? "Succeeded" : "Skipped")
    rows.add("tails", coin == "tails" ? "Pod" : "Skipped", coin == "tails" ? "Succeeded" : "Skipped")
    return rows.text
  }

  /// A workflow whose entrypoint is a retried container: the root is the Retry node.
  static func retriedRoot(_ run: ObservedRun, limit: Int?) -> Outcome {
    var rows = Rows()
    let phase = Tables.attempts("@", limit: limit, run, into: &rows)
    rows.add("@", "Retry", phase)
    return Outcome(phase: phase, nodes: rows.text)
  }

  /// retry-with-steps: hello1, then hello2a and hello2b, each retried up to 10 times.
  static func retriedSteps(_ run: ObservedRun) -> Outcome {
    var rows = Rows()
    let first = Tables.attempts("@[0].hello1", limit: 10, run, into: &rows)
    rows.add("@[0].hello1", "Retry", first)
    rows.add("@[0]", "StepGroup", first)
    var phase = first
    if first == "Succeeded" {
      let second = ["hello2a", "hello2b"].map { step in
        let attempt = Tables.attempts("@[1].\(step)", limit: 10, run, into: &rows)
        rows.add("@[1].\(step)", "Retry", attempt)
        return attempt
      }
      phase = Tables.combined(second)
      rows.add("@[1]", "StepGroup", phase)
    }
    rows.add("@", "Steps", phase)
    return Outcome(phase: phase, nodes: rows.text)
  }

  /// resubmit: a DAG of random failures (one in three): A; B, steps of two then four; C after B;
  /// D after A and B.
  static func resubmit(_ run: ObservedRun) -> Outcome {
    var rows = Rows()
    func pod(_ key: String) -> String {
      let phase = run.exitCode(key).map { $0 == 0 ? "Succeeded" : "Failed" } ?? "Succeeded/Failed"
      rows.add(key, "Pod", phase)
      return phase
    }
    let a = pod("@.A")
    var groups: [String] = []
    let first = Tables.combined(["randfail1a", "randfail1b"].map { pod("@.B[0].\($0)") })
    rows.add("@.B[0]", "StepGroup", first)
    groups.append(first)
    if first == "Succeeded" {
      let second = Tables.combined(["randfail2a", "randfail2b", "randfail2c", "randfail2d"].map { pod("@.B[1].\($0)") })
      rows.add("@.B[1]", "StepGroup", second)
      groups.append(second)
    }
    let b = Tables.combined(groups)
    rows.add("@.B", "Steps", b)
    // C needs B to succeed, D needs A and B; a task whose dependencies are not met is omitted.
    let c = b == "Succeeded" ? pod("@.C") : "Omitted"
    if c == "Omitted" { rows.add("@.C", "Skipped", "Omitted") }
    let d = a == "Succeeded" && b == "Succeeded" ? pod("@.D") : "Omitted"
    if d == "Omitted" { rows.add("@.D", "Skipped", "Omitted") }
    // The targets are C and D; an omitted one takes the phase of the branch that led to it, a
    // failure there failing the DAG: the DAG succeeds when nothing failed.
    let phase = Tables.combined([a, b, c, d].map { $0 == "Omitted" ? "Failed" : $0 })
    rows.add("@", "DAG", phase)
    return Outcome(phase: phase, nodes: rows.text)
  }

  /// withsequence-nested-result: hello-a prints 0 to 5; hello-b runs hello-hello for 1...that
  /// number (counting down to 0 when it is 0); each prints again and hello-c runs for 1...that.
  static func withSequenceNestedResult(_ run: ObservedRun) -> Outcome {
    var rows = Rows()
    rows.add("@", "Steps", "Succeeded")
    rows.add("@[0]", "StepGroup", "Succeeded")
    rows.add("@[0].hello-a", "Pod", "Succeeded", "result~[0-5]")
    rows.add("@[1]", "StepGroup", "Succeeded")
    guard let outer = run.result("@[0].hello-a").flatMap({ Int($0) }) else { return Outcome(phase: "Succeeded", nodes: rows.text) }
    for (index, item) in Tables.sequence(from: 1, to: outer).enumerated() {
      let prefix = "@[1].hello-b(\(index):\(item))"
      rows.add(prefix, "Steps", "Succeeded")
      rows.add("\(prefix)[0]", "StepGroup", "Succeeded")
      rows.add("\(prefix)[0].hello-b", "Pod", "Succeeded", "result~[0-5]")
      rows.add("\(prefix)[1]", "StepGroup", "Succeeded")
      guard let inner = run.result("\(prefix)[0].hello-b").flatMap({ Int($0) }) else { continue }
      for (innerIndex, innerItem) in Tables.sequence(from: 1, to: inner).enumerated() {
        rows.add("\(prefix)[1].hello-c(\(innerIndex):\(innerItem))", "Pod", "Succeeded")
      }
    }
    return Outcome(phase: "Succeeded", nodes: rows.text)
  }
}
