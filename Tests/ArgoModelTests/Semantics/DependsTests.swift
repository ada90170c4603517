import ArgoModel
import Testing

@Suite struct DependsTests {
  @Test func aQuotedNameNamesItsTaskAsABareOneDoes() throws {
    let expression = try DependsExpression(parsing: "'5A' && (C.Succeeded || \"C.Failed\")")
    #expect(expression.taskNames == ["5A", "C"])
    #expect(try DependsExpression(parsing: "'A.Succeeded'") == .task("A", result: .succeeded))
  }

  @Test(arguments: ["'A", "'A\"", "A'", "''"])
  func anUnclosedOrEmptyQuoteIsASyntaxError(text: String) {
    #expect(throws: DependsSyntaxError.self) { try DependsExpression(parsing: text) }
  }

  @Test func termsKeepEveryMentionWithItsResult() throws {
    let expression = try DependsExpression(parsing: "A.Failed || !(B && A.Errored)")
    #expect(expression.terms.map(\.task) == ["A", "B", "A"])
    #expect(expression.terms.map(\.result) == [.failed, nil, .errored])
  }

  @Test func nothingIsDecidedUntilEveryTaskNamedHasEnded() throws {
    // A.Succeeded alone would make the `||` true, but Argo waits for B too.
    let expression = try DependsExpression(parsing: "A.Succeeded || B.Succeeded")
    #expect(expression.evaluate { $0 == "A" ? DependsTaskState(phase: .succeeded) : nil } == nil)
    #expect(expression.evaluate { _ in DependsTaskState(phase: .failed) } == false)
  }

  @Test func aBareNameAcceptsSuccessSkipAndDaemonsAndFailureOnlyWithContinueOn() throws {
    let bare = try DependsExpression(parsing: "A")
    #expect(bare.evaluate { _ in DependsTaskState(phase: .succeeded) } == true)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .skipped) } == true)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .omitted) } == false)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .running, daemoned: true) } == true)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .failed) } == false)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .failed, continueOn: ContinueOn(failed: true)) } == true)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .error, continueOn: ContinueOn(failed: true)) } == false)
    #expect(bare.evaluate { _ in DependsTaskState(phase: .error, continueOn: ContinueOn(error: true)) } == true)
  }

  @Test func aDaemonStillPendingIsNotDaemoned() {
    #expect(!TaskResult.daemoned.holds(for: DependsTaskState(phase: .pending, daemoned: true)))
    #expect(TaskResult.daemoned.holds(for: DependsTaskState(phase: .running, daemoned: true)))
  }

  @Test func erroredIsTheErrorPhase() {
    #expect(TaskResult.errored.holds(for: DependsTaskState(phase: .error)))
    #expect(!TaskResult.failed.holds(for: DependsTaskState(phase: .error)))
  }

  @Test func allFailedNeedsIterationsThatAllFailedNotErrored() {
    #expect(TaskResult.allFailed.holds(for: DependsTaskState(phase: .failed, iterationPhases: [.failed, .failed])))
    #expect(!TaskResult.allFailed.holds(for: DependsTaskState(phase: .failed, iterationPhases: [.failed, .error])))
    #expect(!TaskResult.allFailed.holds(for: DependsTaskState(phase: .skipped, iterationPhases: [])))
    #expect(!TaskResult.allFailed.holds(for: DependsTaskState(phase: .failed)))
  }

  @Test func anySucceededLooksAtIterationsOnly() {
    #expect(TaskResult.anySucceeded.holds(for: DependsTaskState(phase: .failed, iterationPhases: [.failed, .succeeded])))
    #expect(!TaskResult.anySucceeded.holds(for: DependsTaskState(phase: .succeeded)))
  }

  @Test func aResultArgoDoesNotKnowHoldsForNoTask() throws {
    let expression = try DependsExpression(parsing: "A.Finished")
    #expect(expression == .task("A", result: TaskResult(rawValue: "Finished")))
    #expect(!TaskResult.all.contains(TaskResult(rawValue: "Finished")))
    #expect(expression.evaluate { _ in DependsTaskState(phase: .succeeded) } == false)
  }

  @Test func theResultsNamedAfterPhasesSpellThem() {
    #expect(TaskResult.succeeded.rawValue == NodePhase.succeeded.rawValue)
    #expect(TaskResult.defaults(continueOn: nil) == [.succeeded, .skipped, .daemoned])
    #expect(TaskResult.defaults(continueOn: ContinueOn(error: true, failed: true)) == [.succeeded, .skipped, .daemoned, .errored, .failed])
  }

  // Issue 13, defect 3: deep expressions are refused when read, so nothing later recurses deep.

  @Test func nestingPastTheLimitIsRefusedWithItsPosition() throws {
    let limit = DependsExpression.maxDepth
    let accepted = String(repeating: "(", count: limit) + "a" + String(repeating: ")", count: limit)
    #expect(try DependsExpression(parsing: accepted) == .task("a", result: nil))
    for text in [
      String(repeating: "(", count: limit + 1) + "a" + String(repeating: ")", count: limit + 1),
      String(repeating: "!", count: limit + 1) + "a",
      String(repeating: "(", count: 40_000) + "a" + String(repeating: ")", count: 40_000),
      String(repeating: "!", count: 100_000) + "a",
    ] {
      #expect {
        try DependsExpression(parsing: text)
      } throws: { error in
        let error = error as? DependsSyntaxError
        return error?.message == "the depends expression nests deeper than \(limit) levels" && error?.offset ?? 0 > limit
      }
    }
  }

  @Test func aLongChainIsReadAsABalancedTree() throws {
    let names = (0..<100_000).map { "t\($0)" }
    let expression = try DependsExpression(parsing: names.joined(separator: " && "))
    var height = 0
    var pending = [(expression, 1)]
    while let item = pending.popLast() {
      let (node, level) = item
      height = max(height, level)
      switch node {
      case .and(let left, let right), .or(let left, let right): pending += [(left, level + 1), (right, level + 1)]
      case .not(let inner): pending.append((inner, level + 1))
      case .task: break
      }
    }
    #expect(height <= 18)
    #expect(expression.taskNames == names)
    #expect(expression.evaluate { _ in DependsTaskState(phase: .succeeded) } == true)
    #expect(expression.description == names.joined(separator: " && "))
    // Three terms group as they read, left to right.
    #expect(
      try DependsExpression(parsing: "a || b || c") == .or(.or(.task("a", result: nil), .task("b", result: nil)), .task("c", result: nil)))
  }

  @Test func listsJoinIntoBalancedTrees() {
    let terms = (0..<4).map { DependsExpression.task("t\($0)", result: nil) }
    #expect(DependsExpression.all([]) == nil)
    #expect(DependsExpression.all(terms) == .and(.and(terms[0], terms[1]), .and(terms[2], terms[3])))
    #expect(DependsExpression.any(terms)?.description == "t0 || t1 || t2 || t3")
  }
}
