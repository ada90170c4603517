import ArgoModel
import Foundation
import Synchronization
import Testing

@testable import HeraUtils

/// A workflow status written by hand, as Argo's controller would write it. Times are given in
/// seconds after ``start``; a node's id is its display name unless told otherwise.
struct StatusBuilder {
  /// 2026-03-01T10:00:00Z.
  static let start = Date(timeIntervalSince1970: 1_772_359_200)

  let name: String
  var nodes: [String: NodeStatus] = [:]

  init(_ name: String) {
    self.name = name
  }

  static func at(_ seconds: Int) -> Date { start.addingTimeInterval(Double(seconds)) }
  static func time(_ seconds: Int?) -> Time? { seconds.map { Time(at($0)) } }

  mutating func node(
    _ id: String, _ type: String, _ phase: String?, display: String? = nil, boundary: String? = nil,
    children: [String] = [], started: Int? = 0, finished: Int? = nil, message: String? = nil
  ) {
    nodes[id] = NodeStatus(
      name: id, boundaryID: boundary, children: children.isEmpty ? nil : children, displayName: display ?? id,
      finishedAt: Self.time(finished), id: id, message: message, phase: phase, startedAt: Self.time(started), type: type)
  }

  func workflow(_ phase: String, started: Int = 0, finished: Int? = nil, message: String? = nil) -> Workflow {
    Workflow(
      metadata: ObjectMeta(name: name),
      status: WorkflowStatus(
        finishedAt: Self.time(finished), message: message, nodes: nodes, phase: phase, startedAt: Self.time(started)))
  }
}

/// Everything a renderer wrote, for the test to read back.
final class CapturedOutput: Sendable {
  private let text = Mutex("")

  var output: ProgressOutput {
    ProgressOutput { [self] written in text.withLock { $0 += written } }
  }

  /// What was written since the last call.
  func take() -> String {
    text.withLock { text in
      defer { text = "" }
      return text
    }
  }
}

/// The lines of a frame with runs of spaces after the indentation squeezed to one, to compare
/// content, not columns.
func squeezed(_ frame: ProgressFrame) -> [String] {
  frame.lines.map { line in
    let text = line.text
    let indentation = text.prefix { $0 == " " }
    return String(indentation) + text.dropFirst(indentation.count).split(separator: " ").joined(separator: " ")
  }
}

@Suite struct ProgressTests {
  // MARK: The tree

  @Test func dagTasksInStartOrderWithOmittedNodesDimmed() {
    var status = StatusBuilder("dag-x")
    status.node("dag-x", "DAG", "Running", children: ["A"])
    status.node("A", "Pod", "Succeeded", boundary: "dag-x", children: ["B", "C"], started: 0, finished: 10)
    status.node("C", "Pod", "Running", boundary: "dag-x", children: ["D"], started: 12)
    status.node("B", "Pod", "Succeeded", boundary: "dag-x", children: ["D"], started: 12, finished: 20)
    status.node("D", "Pod", "Pending", boundary: "dag-x", started: 21)
    status.node(
      "E", "Skipped", "Omitted", boundary: "dag-x", started: 21, finished: 21, message: "omitted: depends condition not met")
    let frame = ProgressFrame(workflow: status.workflow("Running"), now: StatusBuilder.at(83))
    #expect(
      squeezed(frame) == [
        "● dag-x Running 1m23s 2/4 succeeded, 1 running, 1 pending",
        "● dag-x 1m23s",
        "├─✔ A 10s",
        "├─✔ B 8s",
        "├─● C 1m11s",
        "├─◷ D 1m02s",
        "└─○ E Omitted omitted: depends condition not met",
      ])
    // Durations are right-aligned in one column.
    let timed = frame.lines[1...5].map(\.text.count)
    #expect(Set(timed).count == 1)
    let omitted = frame.lines[6]
    #expect(omitted.spans.contains(ProgressSpan("E", .dim)))
  }

  @Test func stepGroupsAreBracketsAsInArgoGet() {
    var status = StatusBuilder("steps-x")
    status.node("steps-x", "Steps", "Running", children: ["steps-x[0]"])
    status.node(
      "steps-x[0]", "StepGroup", "Succeeded", display: "[0]", boundary: "steps-x", children: ["prepare"], finished: 10)
    status.node("prepare", "Pod", "Succeeded", boundary: "steps-x", children: ["steps-x[1]"], finished: 10)
    status.node(
      "steps-x[1]", "StepGroup", "Running", display: "[1]", boundary: "steps-x", children: ["train-b", "train-a"],
      started: 10)
    status.node("train-b", "Pod", "Running", boundary: "steps-x", started: 10)
    status.node("train-a", "Pod", "Succeeded", boundary: "steps-x", started: 10, finished: 30)
    let frame = ProgressFrame(workflow: status.workflow("Running"), now: StatusBuilder.at(40))
    #expect(
      squeezed(frame) == [
        "● steps-x Running 40s 2/3 succeeded, 1 running",
        "● steps-x 40s",
        "├───✔ prepare 10s",
        "└─┬─✔ train-a 20s",
        "  └─● train-b 30s",
      ])
  }

  @Test func nestedDAGInsideSteps() {
    var status = StatusBuilder("nest")
    status.node("nest", "Steps", "Running", children: ["nest[0]"])
    status.node("nest[0]", "StepGroup", "Running", display: "[0]", boundary: "nest", children: ["nest[0].inner"])
    status.node("nest[0].inner", "DAG", "Running", display: "inner", boundary: "nest", children: ["nest[0].inner.a"])
    status.node(
      "nest[0].inner.a", "Pod", "Succeeded", display: "a", boundary: "nest[0].inner", children: ["nest[0].inner.b"],
      finished: 10)
    status.node("nest[0].inner.b", "Pod", "Running", display: "b", boundary: "nest[0].inner", started: 10)
    let frame = ProgressFrame(workflow: status.workflow("Running"), now: StatusBuilder.at(20))
    #expect(
      squeezed(frame) == [
        "● nest Running 20s 1/2 succeeded, 1 running",
        "● nest 20s",
        "└───● inner 20s",
        "    ├─✔ a 10s",
        "    └─● b 10s",
      ])
  }

  /// A DAG task fanned out over 120 items, and another over 3, as Argo records them: a
  /// TaskGroup node lists the items, which belong to the DAG's boundary.
  static func fanOut(failures: Int) -> StatusBuilder {
    var status = StatusBuilder("fan")
    status.node("fan", "DAG", "Running", children: ["prepare"])
    status.node("prepare", "Pod", "Succeeded", boundary: "fan", children: ["fan.process", "fan.small"], finished: 5)
    var items: [String] = []
    for index in 0..<120 {
      let name = "process(\(index):city-\(index))"
      items.append("fan.\(name)")
      switch index {
      case ..<37:
        status.node("fan.\(name)", "Pod", "Succeeded", display: name, boundary: "fan", started: 5, finished: 15)
      case 37..<41:
        status.node("fan.\(name)", "Pod", "Running", display: name, boundary: "fan", started: 6)
      case 41..<(41 + failures):
        status.node(
          "fan.\(name)", "Pod", "Failed", display: name, boundary: "fan", started: 6, finished: 9,
          message: "Error (exit code 1)")
      default:
        status.node("fan.\(name)", "Pod", "Pending", display: name, boundary: "fan", started: 7)
      }
    }
    status.node("fan.process", "TaskGroup", "Running", display: "process", boundary: "fan", children: items, started: 5)
    status.node(
      "fan.small", "TaskGroup", "Succeeded", display: "small", boundary: "fan",
      children: ["small(0:a)", "small(1:b)", "small(2:c)"], started: 5, finished: 8)
    for name in ["small(0:a)", "small(1:b)", "small(2:c)"] {
      status.node(name, "Pod", "Succeeded", boundary: "fan", started: 5, finished: 8)
    }
    return status
  }

  @Test func largeFanOutIsOneLineOfCountsWithItsFailuresListed() {
    let frame = ProgressFrame(workflow: Self.fanOut(failures: 1).workflow("Running"), now: StatusBuilder.at(60))
    #expect(
      squeezed(frame) == [
        "● fan Running 1m00s 41/124 succeeded, 4 running, 1 failed, 78 pending",
        "● fan 1m00s",
        "├─✔ prepare 5s",
        "├─● process ×120 55s 37 ✔ 4 ● 1 ✖ 78 ◷",
        "│ └─✖ process(41:city-41) 3s Error (exit code 1)",
        "├─✔ small(0:a) 3s",
        "├─✔ small(1:b) 3s",
        "└─✔ small(2:c) 3s",
      ])
  }

  @Test func failuresOfAFanOutBeyondTheLimitAreCounted() {
    let frame = ProgressFrame(workflow: Self.fanOut(failures: 8).workflow("Running"), now: StatusBuilder.at(60))
    let lines = squeezed(frame)
    #expect(lines[3] == "├─● process ×120 55s 37 ✔ 4 ● 8 ✖ 71 ◷")
    #expect(lines[4...8].allSatisfy { $0.hasPrefix("│ ├─✖ process(") && $0.hasSuffix("Error (exit code 1)") })
    #expect(lines[9] == "│ └─… and 3 more failed")
    #expect(lines[10] == "├─✔ small(0:a) 3s")
    #expect(WorkflowProgress(Self.fanOut(failures: 8).workflow("Running")).counts.failed == 8)
  }

  @Test func failedNodesShowTheirMessages() {
    var status = StatusBuilder("fail-x")
    status.node("fail-x", "DAG", "Failed", children: ["train"], finished: 30, message: "child 'train' failed")
    status.node(
      "train", "Pod", "Failed", boundary: "fail-x", finished: 30,
      message: "Error (exit code 137): OOMKilled\n  last log line\n")
    let workflow = status.workflow("Failed", finished: 30, message: "child 'train' failed")
    let frame = ProgressFrame(workflow: workflow, now: StatusBuilder.at(500))
    #expect(
      squeezed(frame) == [
        "✖ fail-x Failed 30s 0/1 succeeded, 1 failed",
        "  child 'train' failed",
        "✖ fail-x 30s child 'train' failed",
        "└─✖ train 30s Error (exit code 137): OOMKilled last log line",
      ])
    #expect(frame.lines[3].spans.contains(ProgressSpan("Error (exit code 137): OOMKilled last log line", .failed)))
    #expect(WorkflowProgress(workflow).isFinished)
  }

  @Test func retriesShowTheirAttemptsAndCountOnce() {
    var status = StatusBuilder("retry-x")
    status.node("retry-x", "DAG", "Succeeded", children: ["fetch", "single"], finished: 40)
    status.node(
      "fetch", "Retry", "Succeeded", boundary: "retry-x", children: ["fetch(0)", "fetch(1)", "fetch(2)"], finished: 30)
    status.node("fetch(0)", "Pod", "Failed", boundary: "retry-x", started: 0, finished: 5, message: "timeout")
    status.node("fetch(1)", "Pod", "Failed", boundary: "retry-x", started: 10, finished: 15, message: "timeout")
    status.node("fetch(2)", "Pod", "Succeeded", boundary: "retry-x", started: 20, finished: 30)
    status.node("single", "Retry", "Succeeded", boundary: "retry-x", children: ["single(0)"], finished: 5)
    status.node("single(0)", "Pod", "Succeeded", boundary: "retry-x", finished: 5)
    let workflow = status.workflow("Succeeded", finished: 40)
    #expect(
      squeezed(ProgressFrame(workflow: workflow, now: StatusBuilder.at(100))) == [
        "✔ retry-x Succeeded 40s 2/2 succeeded",
        "✔ retry-x 40s",
        "├─✔ fetch 30s 3 attempts",
        "│ ├─✖ fetch(0) 5s timeout",
        "│ ├─✖ fetch(1) 5s timeout",
        "│ └─✔ fetch(2) 10s",
        "└─✔ single 5s",
      ])

    // While the second attempt runs, the task is running, not failed.
    var running = StatusBuilder("retry-y")
    running.node("retry-y", "DAG", "Running", children: ["fetch"])
    running.node("fetch", "Retry", "Running", boundary: "retry-y", children: ["fetch(0)", "fetch(1)"])
    running.node("fetch(0)", "Pod", "Failed", boundary: "retry-y", finished: 5, message: "timeout")
    running.node("fetch(1)", "Pod", "Running", boundary: "retry-y", started: 10)
    let counts = WorkflowProgress(running.workflow("Running")).counts
    #expect(counts.total == 1 && counts.running == 1 && counts.failed == 0)
    #expect(counts.summary == "0/1 succeeded, 1 running")
  }

  @Test func aFailedRetryShowsWhyItsLastAttemptFailed() {
    var status = StatusBuilder("retry-z")
    status.node("retry-z", "DAG", "Failed", children: ["fetch"], finished: 20)
    status.node(
      "fetch", "Retry", "Failed", boundary: "retry-z", children: ["fetch(0)", "fetch(1)"], finished: 20,
      message: "No more retries left")
    status.node("fetch(0)", "Pod", "Failed", boundary: "retry-z", finished: 5, message: "timeout")
    status.node("fetch(1)", "Pod", "Failed", boundary: "retry-z", started: 10, finished: 20, message: "disk full")
    let lines = squeezed(ProgressFrame(workflow: status.workflow("Failed", finished: 20), now: StatusBuilder.at(30)))
    #expect(lines[2] == "└─✖ fetch 20s 2 attempts disk full")
  }

  @Test func suspendedNodesAndExitHandlers() {
    var status = StatusBuilder("wait-x")
    status.node("wait-x", "Steps", "Running", children: ["wait-x[0]"])
    status.node("wait-x[0]", "StepGroup", "Running", display: "[0]", boundary: "wait-x", children: ["approve"])
    status.node("approve", "Suspend", "Running", boundary: "wait-x", started: 2)
    status.node("wait-x.onExit", "Pod", "Pending", started: 1)
    let frame = ProgressFrame(workflow: status.workflow("Running"), now: StatusBuilder.at(10))
    #expect(
      squeezed(frame) == [
        "● wait-x Running 10s 0/2 succeeded, 1 suspended, 1 pending",
        "● wait-x 10s",
        "└───‖ approve 8s",
        "◷ wait-x.onExit 9s",
      ])
  }

  // MARK: Times

  @Test func durationsAndTimes() throws {
    #expect(ProgressFormat.duration(0) == "0s")
    #expect(ProgressFormat.duration(4.9) == "4s")
    #expect(ProgressFormat.duration(65) == "1m05s")
    #expect(ProgressFormat.duration(83) == "1m23s")
    #expect(ProgressFormat.duration(7_500) == "2h05m")
    #expect(ProgressFormat.duration(3 * 86_400 + 4 * 3_600 + 59) == "3d04h")
    #expect(ProgressFormat.duration(-3) == "0s")
    #expect(ProgressFormat.clock(StatusBuilder.at(3_787), timeZone: TimeZone(identifier: "UTC")!) == "11:03:07")
    #expect(ProgressFormat.clock(StatusBuilder.at(0), timeZone: TimeZone(secondsFromGMT: 3_600)!) == "11:00:00")

    let epoch = StatusBuilder.start.timeIntervalSince1970
    #expect(ProgressFormat.seconds(Time("2026-03-01T10:00:00Z")) == epoch)
    #expect(ProgressFormat.seconds(Time("2026-03-01T12:00:00+02:00")) == epoch)
    #expect(ProgressFormat.seconds(Time("2026-03-01T10:00:00.250Z")) == epoch + 0.25)
    #expect(ProgressFormat.seconds(Time("1969-12-31T23:59:59Z")) == -1)
    #expect(ProgressFormat.seconds(Time("2024-02-29T00:00:00Z")) == 1_709_164_800)
    #expect(ProgressFormat.seconds(Time("not a time")) == nil)
    #expect(ProgressFormat.seconds(nil) == nil)

    // Unfinished nodes and workflows are timed to `now`; finished ones to their end.
    var status = StatusBuilder("time-x")
    status.node("time-x", "DAG", "Running", children: ["long"])
    status.node("long", "Pod", "Running", boundary: "time-x", started: 0)
    status.node("done", "Pod", "Succeeded", boundary: "time-x", started: 0, finished: 7_500)
    let workflow = status.workflow("Running")
    #expect(WorkflowProgress(workflow).elapsed(at: StatusBuilder.at(93_784)) == 93_784)
    #expect(
      squeezed(ProgressFrame(workflow: workflow, now: StatusBuilder.at(93_784))) == [
        "● time-x Running 1d02h 1/2 succeeded, 1 running",
        "● time-x 1d02h",
        "├─✔ done 2h05m",
        "└─● long 1d02h",
      ])
  }

  // MARK: Renderers

  /// Three statuses of one workflow, the second sent twice, then the last.
  static func plainStatuses() -> [(Workflow, Date)] {
    var status = StatusBuilder("plain-x")
    status.node("plain-x", "DAG", "Running", children: ["A"])
    status.node("A", "Pod", "Running", boundary: "plain-x", children: ["B"], started: 1)
    status.node("B", "Pod", "Pending", boundary: "plain-x", started: 9)
    let first = status.workflow("Running")
    status.node("A", "Pod", "Succeeded", boundary: "plain-x", children: ["B"], started: 1, finished: 5)
    status.node("B", "Pod", "Running", boundary: "plain-x", started: 9)
    let second = status.workflow("Running")
    status.node("B", "Pod", "Failed", boundary: "plain-x", started: 9, finished: 18, message: "Error (exit code 2)")
    status.node("C", "Skipped", "Omitted", boundary: "plain-x", started: 19, finished: 19)
    let third = status.workflow("Running")
    status.node("plain-x", "DAG", "Failed", children: ["A"], finished: 21, message: "child 'B' failed")
    let last = status.workflow("Failed", finished: 21, message: "child 'B' failed")
    return [
      (first, StatusBuilder.at(5)), (second, StatusBuilder.at(10)), (second, StatusBuilder.at(12)),
      (third, StatusBuilder.at(20)), (last, StatusBuilder.at(21)),
    ]
  }

  @Test func plainRendererWritesALinePerChange() {
    let captured = CapturedOutput()
    var renderer = PlainProgressRenderer(timeZone: TimeZone(identifier: "UTC")!, output: captured.output)
    let statuses = Self.plainStatuses()
    renderer.update(statuses[0].0, now: statuses[0].1)
    #expect(captured.take() == "10:00:05 ● plain-x  Running\n10:00:05 ● A  Running\n")
    renderer.update(statuses[1].0, now: statuses[1].1)
    #expect(captured.take() == "10:00:10 ✔ A  Succeeded  4s\n10:00:10 ● B  Running\n")
    renderer.update(statuses[2].0, now: statuses[2].1)
    #expect(captured.take() == "", "nothing changed: nothing written")
    renderer.update(statuses[3].0, now: statuses[3].1)
    #expect(captured.take() == "10:00:20 ✖ B  Failed  9s  Error (exit code 2)\n10:00:20 ○ C  Omitted\n")
    renderer.finish(statuses[4].0, now: statuses[4].1)
    #expect(
      captured.take() == """
        10:00:21 ✖ plain-x  Failed  21s  1/2 succeeded, 1 failed
          child 'B' failed
          ✖ B  Error (exit code 2)

        """)
  }

  @Test func plainRendererGroupsAFanOutsAlikeChanges() {
    let captured = CapturedOutput()
    var renderer = PlainProgressRenderer(timeZone: TimeZone(identifier: "UTC")!, output: captured.output)
    renderer.update(Self.fanOut(failures: 2).workflow("Running"), now: StatusBuilder.at(20))
    let lines = captured.take().split(separator: "\n").map(String.init)
    // The 37 that succeeded make one line; 4 running are few enough to list; each failure has
    // its own line; the three items of the small fan-out are listed.
    #expect(lines.contains("10:00:20 ✔ process ×37  Succeeded"))
    #expect(lines.filter { $0.contains("● process(") }.count == 4)
    #expect(lines.filter { $0.contains("✖ process(") && $0.contains("Error (exit code 1)") }.count == 2)
    #expect(lines.filter { $0.contains("small(") }.count == 3)
    #expect(lines.count == 12)
  }

  @Test func terminalRendererRedrawsInPlace() throws {
    let captured = CapturedOutput()
    var renderer = TerminalProgressRenderer(size: TerminalSize(columns: 80, rows: 24), colors: false, output: captured.output)
    let statuses = Self.plainStatuses()

    renderer.update(statuses[0].0, now: statuses[0].1)
    let first = captured.take()
    #expect(!first.contains("\r"), "nothing to move over yet")
    #expect(first.components(separatedBy: "\u{1B}[2K").count - 1 == 4)
    #expect(first.hasSuffix("\n") && first.filter { $0 == "\n" }.count == 4)
    #expect(first.contains("\u{1B}[2K● plain-x  Running  5s  0/2 succeeded, 1 running, 1 pending\n"))

    renderer.update(statuses[0].0, now: statuses[0].1)
    #expect(captured.take() == "", "the same frame is not drawn again")

    renderer.update(statuses[3].0, now: statuses[3].1)
    let third = captured.take()
    #expect(third.hasPrefix("\r\u{1B}[4A\u{1B}[2K"), "up over the 4 lines of the last frame")
    #expect(third.filter { $0 == "\n" }.count == 5)
    #expect(!third.contains("\u{1B}[J"), "a longer frame overwrites all of the last one")

    let shorter = renderer.redraw(ProgressFrame(lines: [ProgressLine([ProgressSpan("done")])]))
    #expect(shorter == "\r\u{1B}[5A\u{1B}[2Kdone\n\u{1B}[J", "a shorter frame clears what is left below it")

    renderer.finish(statuses[4].0, now: statuses[4].1)
    let last = captured.take()
    #expect(last.hasPrefix("\r\u{1B}[1A"))
    #expect(last.contains("child 'B' failed"))
    renderer.update(statuses[4].0, now: statuses[4].1)
    #expect(!captured.take().hasPrefix("\r"), "after finish, the last frame stays and the next starts below")

    var colored = TerminalProgressRenderer(colors: true, output: captured.output)
    colored.update(statuses[1].0, now: statuses[1].1)
    #expect(captured.take().contains("\u{1B}[32m✔\u{1B}[0m"))
  }

  @Test func displayModes() {
    #expect(ProgressMode(argument: "tty") == .terminal)
    #expect(ProgressMode(argument: "plain") == .plain)
    #expect(ProgressMode(argument: "none") == .off)
    #expect(ProgressMode(argument: "AUTO") == .automatic)
    #expect(ProgressMode(argument: "fancy") == nil)

    let captured = CapturedOutput()
    let statuses = Self.plainStatuses()
    // Output that is not a terminal gets the plain log.
    var automatic = ProgressDisplay(output: captured.output, environment: [:])
    #expect(automatic.mode == .plain)
    automatic.update(statuses[0].0, now: statuses[0].1)
    #expect(!captured.take().contains("\u{1B}["))
    // A forced terminal without NO_COLOR is coloured; with it, not.
    var forced = ProgressDisplay(mode: .terminal, output: captured.output, environment: [:])
    forced.update(statuses[0].0, now: statuses[0].1)
    #expect(captured.take().contains("\u{1B}[36m●"))
    var uncoloured = ProgressDisplay(mode: .terminal, output: captured.output, environment: ["NO_COLOR": "1"])
    uncoloured.update(statuses[0].0, now: statuses[0].1)
    let text = captured.take()
    #expect(text.contains("\u{1B}[2K") && !text.contains("m●"))
    var silent = ProgressDisplay(mode: .off, output: captured.output, environment: [:])
    silent.update(statuses[0].0, now: statuses[0].1)
    silent.finish(statuses[4].0, now: statuses[4].1)
    #expect(captured.take() == "")

    #expect(TerminalSize.detect(fileDescriptor: -1, environment: [:]) == .fallback)
    #expect(
      TerminalSize.detect(fileDescriptor: -1, environment: ["COLUMNS": "120", "LINES": "40"]) == TerminalSize(columns: 120, rows: 40))
  }

  // MARK: Scale

  /// A DAG of 5,001 nodes: its own, 999 tasks started in the reverse order of their names, and a
  /// task fanned out over 4,000 items (7 of which failed) with its TaskGroup.
  static func large() -> Workflow {
    var status = StatusBuilder("big")
    var tasks: [String] = []
    for number in 1...999 {
      let name = "t" + String(String(number + 10_000).dropFirst())
      tasks.append(name)
      let phase = ["Succeeded", "Running", "Pending"][number % 3]
      status.node(name, "Pod", phase, boundary: "big", started: 1_000 - number, finished: phase == "Succeeded" ? 1_500 : nil)
    }
    var items: [String] = []
    for index in 0..<4_000 {
      let name = "map(\(index):\(index))"
      items.append(name)
      let phase = index < 7 ? "Failed" : ["Succeeded", "Running", "Pending"][index % 3]
      status.node(name, "Pod", phase, boundary: "big", started: 1_000, finished: phase == "Running" || phase == "Pending" ? nil : 1_200)
    }
    status.node("big.map", "TaskGroup", "Running", display: "map", boundary: "big", children: items, started: 1_000)
    status.node("big", "DAG", "Running", children: tasks)
    return status.workflow("Running")
  }

  @Test func fiveThousandNodes() {
    let workflow = Self.large()
    #expect(workflow.status?.nodes?.count == 5_001)
    let progress = WorkflowProgress(workflow)
    #expect(progress.counts.total == 4_999)
    #expect(progress.counts.failed == 7)
    #expect(progress.counts.succeeded == 333 + (0..<4_000).filter { $0 >= 7 && $0 % 3 == 0 }.count)

    let lines = squeezed(ProgressFrame(progress, now: StatusBuilder.at(2_000)))
    // Header, root, 999 tasks, the fan-out, 5 of its failures and "and 2 more failed".
    #expect(lines.count == 1_008)
    #expect(lines[2].hasPrefix("├─✔ t0999 "), "the task started first comes first")
    #expect(lines[1_000].hasPrefix("├─● t0001 "))
    #expect(lines[1_001].hasPrefix("└─● map ×4000 "))
    #expect(lines[1_007] == "  └─… and 2 more failed")

    // Fitted to a small terminal: what finished folds, then the tail is cut.
    let fitted = TerminalProgressRenderer(size: TerminalSize(columns: 60, rows: 10), output: ProgressOutput { _ in })
      .frame(workflow, now: StatusBuilder.at(2_000))
    #expect(fitted.lines.count == 9)
    #expect(fitted.lines.allSatisfy { $0.text.count <= 59 })
    #expect(fitted.lines[2].text.hasPrefix("├─✔ 333 finished"))
    #expect(fitted.lines[8].text.hasPrefix("… ") && fitted.lines[8].text.hasSuffix(" more, 7 failed"), "cut failures are counted")

    let ascii = ProgressFrame(progress, now: StatusBuilder.at(2_000), options: ProgressOptions(symbols: .ascii))
    #expect(ascii.text.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(squeezed(ascii)[1_001].hasPrefix("`-* map x4000 "))
  }
}
