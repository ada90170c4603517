import ArgoModel
import Foundation

/// Writes the progress of a workflow as a log: a line each time a node changes phase, and a
/// summary at the end. For pipes, files and CI logs, where redrawing is not possible.
///
/// ```
/// 12:03:00 ● collect-x7k2p  Running
/// 12:03:07 ✔ collect(2:villeurbanne)  Succeeded  4s
/// 12:03:09 ✖ collect(3:lyon)  Failed  6s  Error (exit code 1)
/// 12:05:00 ✖ collect-x7k2p  Failed  2m00s  119/120 succeeded, 1 failed
///   ✖ collect(3:lyon)  Error (exit code 1)
/// ```
///
/// The nodes reported are the ones that run (pods and the like, each attempt of a retry) and the
/// skipped ones. The renderer remembers each node's last phase to compare the next status
/// with; a node first seen pending is not reported, so that a large fan-out does not print a
/// line per item before anything happens. Statuses that change nothing print nothing.
///
/// ```swift
/// var renderer = PlainProgressRenderer(output: .standardOutput)
/// renderer.update(workflow)
/// renderer.finish(finalWorkflow)
/// ```
public struct PlainProgressRenderer: Sendable {
  /// The symbols used and how many failures the summary lists.
  public var options: ProgressOptions
  /// The zone of the times of day that start each line.
  public var timeZone: TimeZone
  private let output: ProgressOutput
  private var phases: [String: ProgressPhase] = [:]
  private var workflowPhase: String?

  public init(options: ProgressOptions = ProgressOptions(), timeZone: TimeZone = .current, output: ProgressOutput) {
    self.options = options
    self.timeZone = timeZone
    self.output = output
  }

  /// Writes a line for each node whose phase changed since the last status, and for the
  /// workflow if its phase changed.
  public mutating func update(_ workflow: Workflow, now: Date = Date()) {
    output.write(Self.text(changes(WorkflowProgress(workflow), now: now)))
  }

  /// Writes the last changes, then the summary: the workflow's phase, duration and counts, its
  /// message, and its failed nodes with their messages.
  public mutating func finish(_ workflow: Workflow, now: Date = Date()) {
    let progress = WorkflowProgress(workflow)
    var lines = changes(progress, now: now, includingWorkflow: false)
    lines += summary(progress, now: now)
    workflowPhase = Self.phaseText(progress)
    output.write(Self.text(lines))
  }

  /// The lines reporting what changed since the last call, which becomes the new reference.
  public mutating func changes(_ progress: WorkflowProgress, now: Date) -> [String] {
    changes(progress, now: now, includingWorkflow: true)
  }

  private mutating func changes(_ progress: WorkflowProgress, now: Date, includingWorkflow: Bool) -> [String] {
    let symbols = options.symbols
    let clock = ProgressFormat.clock(now, timeZone: timeZone)
    var lines: [String] = []
    let phaseText = Self.phaseText(progress)
    // The workflow's line comes first when it starts, and last when it ends: after the nodes
    // that ended with it.
    var closingLine: String?
    if includingWorkflow, phaseText != workflowPhase {
      let line = "\(clock) \(symbols.symbol(progress.displayPhase)) \(progress.name)  \(phaseText)"
      if progress.displayPhase.isFinished { closingLine = line } else { lines.append(line) }
      workflowPhase = phaseText
    }
    let seconds = now.timeIntervalSince1970
    // Members of a fan-out that change alike in one status make one line (`process ×37
    // Succeeded`), so that thousands of items do not print thousands of lines; failures are
    // always listed one by one.
    var changed: [(line: String, group: String?)] = []
    var groupSizes: [String: Int] = [:]
    var groups: [String: (task: String, phase: ProgressPhase)] = [:]
    progress.walk(latestAttemptsOnly: false) { index in
      let node = progress.nodes[index]
      guard node.role == .skipped || progress.isLeaf(index) else { return }
      let previous = phases.updateValue(node.phase, forKey: node.id) ?? .pending
      guard node.phase != previous else { return }
      var line = "\(clock) \(symbols.symbol(node.phase)) \(node.label)  \(node.phase.name)"
      if node.phase.isFinished, !(node.phase == .skipped || node.phase == .omitted),
        let duration = node.duration(now: seconds)
      {
        line += "  " + ProgressFormat.duration(duration)
      }
      if node.phase != .succeeded, let message = node.message {
        line += "  " + ProgressFrame.oneLine(message)
      }
      var group: String?
      if !node.phase.isFailure, let task = node.fanOutBase {
        let key = "\(task)\u{0}\(node.phase.name)"
        groupSizes[key, default: 0] += 1
        groups[key] = (task, node.phase)
        group = key
      }
      changed.append((line, group))
    }
    var written: Set<String> = []
    for (line, group) in changed {
      guard let group, let size = groupSizes[group], size > options.fanOutThreshold else {
        lines.append(line)
        continue
      }
      guard written.insert(group).inserted, let (task, phase) = groups[group] else { continue }
      lines.append("\(clock) \(symbols.symbol(phase)) \(task) ×\(size)  \(phase.name)")
    }
    if let closingLine { lines.append(closingLine) }
    return lines
  }

  /// The closing lines: the workflow, its message, and its failed nodes (latest attempts only).
  public func summary(_ progress: WorkflowProgress, now: Date) -> [String] {
    let symbols = options.symbols
    var head = "\(ProgressFormat.clock(now, timeZone: timeZone)) \(symbols.symbol(progress.displayPhase)) "
    head += "\(progress.name)  \(Self.phaseText(progress))"
    if let elapsed = progress.elapsed(at: now) { head += "  " + ProgressFormat.duration(elapsed) }
    head += "  " + progress.counts.summary
    var lines = [head]
    if let message = progress.message { lines.append("  " + ProgressFrame.oneLine(message)) }
    var failed: [Int] = []
    progress.walk(latestAttemptsOnly: true) { index in
      if progress.nodes[index].phase.isFailure, progress.isLeaf(index) { failed.append(index) }
    }
    for index in failed.prefix(max(0, options.failuresShown)) {
      let node = progress.nodes[index]
      var line = "  \(symbols.symbol(node.phase)) \(node.label)"
      if let message = node.message { line += "  " + ProgressFrame.oneLine(message) }
      lines.append(line)
    }
    let more = failed.count - max(0, options.failuresShown)
    if more > 0 { lines.append("  \(symbols.ellipsis) and \(more) more failed") }
    return lines
  }

  private static func phaseText(_ progress: WorkflowProgress) -> String {
    progress.isSuspended ? "Suspended" : progress.phase
  }

  private static func text(_ lines: [String]) -> String {
    lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }
}
