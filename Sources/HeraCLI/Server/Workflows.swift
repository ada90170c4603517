import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraSession
import HeraUtils
import LocalEngine

/// `hera list`: the workflows of the namespace.
struct List: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the workflows of the namespace, newest first.")

  @Flag(help: "Only workflows not finished yet.")
  var running = false

  @Flag(help: "Only finished workflows.")
  var completed = false

  @Option(help: "Only workflows in these phases: Pending,Running,Succeeded,Failed,Error.")
  var status: String?

  @Option(name: [.customShort("l"), .customLong("selector")], help: "A label selector: app=collect,vintage!=2009.")
  var selector: String?

  @Option(help: "Only workflows created within this duration: 30m, 2h, 1d.")
  var since: DurationArgument?

  @Option(help: "Only workflows whose name starts with this.")
  var prefix: String?

  @Option(name: [.customShort("o"), .customLong("output")], help: "wide, name, json or yaml; a table by default.")
  var output: ObjectFormat = .table

  @OptionGroup var local: LocalRunOptionsGroup

  @OptionGroup var hera: HeraOptions

  static let phases = WorkflowPhase.named.map(\.rawValue)

  func validate() throws {
    if running, completed { throw ValidationError("--running and --completed exclude each other") }
    for phase in statusFilter ?? [] where !List.phases.contains(phase) {
      let suggestion = Spelling.closest(to: phase, among: List.phases).map { " (did you mean \($0)?)" } ?? ""
      throw ValidationError("--status \(phase): not a workflow phase\(suggestion); phases are \(List.phases.joined(separator: ", "))")
    }
  }

  var statusFilter: [String]? {
    status.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
  }

  func run() async throws {
    if local.local {
      let store = local.store
      var workflows: [Workflow] = []
      var unreadable: [(name: String, reason: String)] = []
      for name in store.runFolders() {
        do {
          workflows.append(try store.load(name))
        } catch {
          unreadable.append((name, (error as? RunStoreError)?.message ?? "\(error)"))
        }
      }
      let interrupted = Set(workflows.filter { store.isInterrupted($0) }.compactMap(\.metadata.name))
      show(
        workflows.filter { matchesLabels($0) }, interrupted: interrupted, unreadable: unreadable,
        emptyMessage: "No local runs in \(store.root.path).")
      if !unreadable.isEmpty { throw ExitCode.failure }
      return
    }
    try await ServerSession.run(hera) { session in
      // The controller labels each workflow with its phase and whether it completed, so the
      // server filters; the same filters are applied here to what comes back.
      var selectors = selector.map { [$0] } ?? []
      if running { selectors.append("workflows.argoproj.io/completed!=true") }
      if completed { selectors.append("workflows.argoproj.io/completed=true") }
      if let phases = statusFilter, !phases.isEmpty {
        selectors.append("workflows.argoproj.io/phase in (\(phases.joined(separator: ",")))")
      }
      let options = ListOptions(labelSelector: selectors.isEmpty ? nil : selectors.joined(separator: ","))
      show(
        try await session.client.allWorkflows(namespace: session.namespace, options: options),
        emptyMessage: "No workflows found in namespace \(session.namespace).")
    }
  }

  /// For local runs, which no server filters: equality selectors only (`a=b`, `a!=b`).
  private func matchesLabels(_ workflow: Workflow) -> Bool {
    guard let selector else { return true }
    let labels = workflow.metadata.labels ?? [:]
    for term in selector.split(separator: ",") {
      if let range = term.range(of: "!=") {
        if labels[String(term[..<range.lowerBound])] == String(term[range.upperBound...]) { return false }
      } else if let range = term.range(of: "=") {
        let key = String(term[..<range.lowerBound])
        let value = String(term[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "="))
        if labels[key] != value { return false }
      } else if labels[String(term)] == nil {
        return false
      }
    }
    return true
  }

  /// Filters, sorts and prints workflows.
  ///
  /// Local runs may be `interrupted` (saved as going on, but no process runs them), or
  /// `unreadable`: each is listed with why, never left out.
  private func show(
    _ found: [Workflow], interrupted: Set<String> = [], unreadable: [(name: String, reason: String)] = [], emptyMessage: String
  ) {
    let now = Date()
    var workflows = found.filter { workflow in
      if running, workflow.isFinished { return false }
      if completed, !workflow.isFinished { return false }
      if let phases = statusFilter, !phases.isEmpty, !phases.contains(workflow.phaseText) { return false }
      if let prefix, !(workflow.metadata.name ?? "").hasPrefix(prefix) { return false }
      if let since, let created = workflow.metadata.creationTimestamp?.date, now.timeIntervalSince(created) > since.seconds { return false }
      return true
    }
    workflows.sort { ($0.metadata.creationTimestamp?.text ?? "") > ($1.metadata.creationTimestamp?.text ?? "") }
    if output != .table, output != .wide {
      ObjectOutput.write(workflows, as: output, single: false)
      for run in unreadable { Diagnostics.standard.error("the run \(run.name) cannot be read: \(run.reason)") }
      return
    }
    if workflows.isEmpty, unreadable.isEmpty {
      Diagnostics.standard.say(emptyMessage)
      return
    }
    var table =
      output == .wide
      ? Table("NAME", "STATUS", "AGE", "DURATION", "PROGRESS", "TEMPLATE", "MESSAGE")
      : Table("NAME", "STATUS", "AGE", "DURATION", "PROGRESS", "MESSAGE")
    for workflow in workflows {
      let isInterrupted = interrupted.contains(workflow.metadata.name ?? "")
      var row = [
        workflow.metadata.name ?? "", isInterrupted ? "\(workflow.phaseText) (interrupted)" : workflow.phaseText,
        workflow.metadata.creationTimestamp?.date.map { Age.short(now.timeIntervalSince($0)) } ?? "",
        workflow.duration(now: now).map { Age.short($0) } ?? "", workflow.status?.progress ?? "",
      ]
      if output == .wide { row.append(workflow.spec.workflowTemplateRef?.name ?? "") }
      row.append(isInterrupted ? LocalInterruption.message(workflow.metadata.name ?? "") : workflow.status?.message ?? "")
      table.add(row)
    }
    for run in unreadable {
      var row = [run.name, "Unreadable", "", "", ""]
      if output == .wide { row.append("") }
      row.append(run.reason)
      table.add(row)
    }
    Terminal.standardOutput.write(table.text)
  }
}

/// `hera get NAME`: one workflow, with its node tree.
struct Get: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Show a workflow: its status, parameters and node tree.")

  @Argument(help: "The workflow's name.")
  var name: String

  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml; a summary and the node tree by default.")
  var output: ObjectFormat = .table

  @OptionGroup var local: LocalRunOptionsGroup

  @OptionGroup var hera: HeraOptions

  func run() async throws {
    if local.local {
      let workflow = try local.load(name)
      let interrupted = local.store.isInterrupted(workflow)
      show(workflow, interrupted: interrupted)
      // What was saved says Running, but nothing runs it: not a state to report as fine.
      if interrupted {
        Diagnostics.standard.warning("the run \(name) is \(LocalInterruption.message(name))")
        throw ExitCode.failure
      }
      return
    }
    try await ServerSession.run(hera) { session in
      show(try await session.client.getWorkflow(name, namespace: session.namespace))
    }
  }

  private func show(_ workflow: Workflow, interrupted: Bool = false) {
    guard output == .table || output == .wide else {
      ObjectOutput.write([workflow], as: output, single: true)
      return
    }
    Terminal.standardOutput.write(
      WorkflowSummary.text(workflow, interrupted: interrupted) + "\n\n" + WorkflowFollower.snapshot(workflow) + "\n")
  }
}

/// `hera watch NAME`: the progress of a workflow until it ends.
struct Watch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show a workflow's progress until it ends.",
    discussion: "Exits with 0 when the workflow Succeeded, 1 when it Failed or ended in Error.")

  @Argument(help: "The workflow's name.")
  var name: String

  @Option(help: "How to show progress: auto (redrawn on a terminal, a line per change otherwise), tty, plain or none.")
  var progress: ProgressChoice = .auto

  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await ServerSession.run(hera) { session in
      let final = try await WorkflowFollower.follow(name, namespace: session.namespace, client: session.client, mode: progress.mode)
      if final.workflowPhase != .succeeded { throw ExitCode.failure }
    }
  }
}

/// The verbs that act on workflows by name: delete, retry, resubmit, suspend, resume, stop,
/// terminate.
struct Delete: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Delete workflows.")

  @Argument(help: "The workflows' names.")
  var names: [String] = []

  @Flag(help: "Delete every workflow of the namespace (with --selector, every one it selects).")
  var all = false

  @Flag(help: "Delete the finished workflows (with --selector, those it selects).")
  var completed = false

  @Option(name: [.customShort("l"), .customLong("selector")], help: "Delete the workflows with these labels: app=collect.")
  var selector: String?

  @Flag(name: .customLong("dry-run"), help: "Print what would be deleted, and delete nothing.")
  var dryRun = false

  @OptionGroup var hera: HeraOptions

  func validate() throws {
    if names.isEmpty, !all, !completed, selector == nil {
      throw ValidationError("name the workflows to delete, or select them with --all, --completed or --selector")
    }
    if !names.isEmpty, all || completed || selector != nil { throw ValidationError("give names or a selection, not both") }
  }

  func run() async throws {
    try await ServerSession.run(hera) { session in
      var targets = names
      if targets.isEmpty {
        var selectors = selector.map { [$0] } ?? []
        if completed { selectors.append("workflows.argoproj.io/completed=true") }
        let options = ListOptions(
          labelSelector: selectors.isEmpty ? nil : selectors.joined(separator: ","), fields: "items.metadata.name,items.status.phase")
        targets = try await session.client.allWorkflows(namespace: session.namespace, options: options)
          .filter { !completed || $0.isFinished }.compactMap(\.metadata.name)
      }
      var failures = 0
      for name in targets {
        if dryRun {
          Terminal.standardOutput.write("Workflow '\(name)' would be deleted\n")
          continue
        }
        do throws(ArgoError) {
          try await session.client.deleteWorkflow(name, namespace: session.namespace)
          Terminal.standardOutput.write("Workflow '\(name)' deleted\n")
        } catch {
          // One workflow named: its error is the command's, said once by the boundary.
          if targets.count == 1 { throw ServerSession.fail(error) }
          ServerSession.report(error)
          failures += 1
        }
      }
      if failures > 0 { throw ExitCode.failure }
    }
  }
}

/// Acts on each named workflow, reporting each outcome, and fails if one failed.
enum WorkflowAction {
  static func perform(
    _ names: [String], hera: HeraOptions, past: String,
    _ action: @escaping @Sendable (ArgoClient, String, String) async throws(ArgoError) -> Workflow
  ) async throws {
    try await ServerSession.run(hera) { session in
      var lastError: ArgoError?
      for name in names {
        do throws(ArgoError) {
          let workflow = try await action(session.client, name, session.namespace)
          Terminal.standardOutput.write("Workflow '\(workflow.metadata.name ?? name)' \(past)\n")
        } catch {
          ServerSession.report(error)
          lastError = error
        }
      }
      if let lastError { throw ExitCode(ServerSession.exitCode(lastError)) }
    }
  }
}

struct Suspend: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Suspend running workflows: no new step starts until they are resumed.")
  @Argument(help: "The workflows' names.") var names: [String]
  @OptionGroup var local: LocalRunOptionsGroup
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    if local.local { return try local.send(.suspend, to: names, past: "suspended") }
    try await WorkflowAction.perform(names, hera: hera, past: "suspended") { client, name, namespace throws(ArgoError) in
      try await client.suspendWorkflow(name, namespace: namespace)
    }
  }
}

struct Resume: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Resume suspended workflows, or only the suspend nodes a selector names.")
  @Argument(help: "The workflows' names.") var names: [String]
  @Option(name: .customLong("node-field-selector"), help: "Resume only these nodes: displayName=approve.")
  var nodeFieldSelector: String?
  @OptionGroup var local: LocalRunOptionsGroup
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    if local.local {
      var displayName: String?
      if let nodeFieldSelector {
        guard nodeFieldSelector.hasPrefix("displayName=") else {
          throw ValidationError("--node-field-selector: a local run selects nodes by displayName=NAME only")
        }
        displayName = String(nodeFieldSelector.dropFirst("displayName=".count))
      }
      return try local.send(.resume(displayName: displayName), to: names, past: "resumed")
    }
    let selector = nodeFieldSelector
    try await WorkflowAction.perform(names, hera: hera, past: "resumed") { client, name, namespace throws(ArgoError) in
      try await client.resumeWorkflow(name, namespace: namespace, nodeFieldSelector: selector)
    }
  }
}

struct Stop: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Stop workflows: running steps are stopped, exit handlers still run.")
  @Argument(help: "The workflows' names.") var names: [String]
  @Option(help: "Why, recorded in the workflow's message.") var message: String?
  @Option(name: .customLong("node-field-selector"), help: "Stop only these nodes.") var nodeFieldSelector: String?
  @OptionGroup var local: LocalRunOptionsGroup
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    if local.local {
      if nodeFieldSelector != nil { throw ValidationError("--node-field-selector: a local run is stopped as a whole") }
      return try local.send(.stop(message: message), to: names, past: "stopped")
    }
    let (message, selector) = (message, nodeFieldSelector)
    try await WorkflowAction.perform(names, hera: hera, past: "stopped") { client, name, namespace throws(ArgoError) in
      try await client.stopWorkflow(name, namespace: namespace, message: message, nodeFieldSelector: selector)
    }
  }
}

struct Terminate: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Terminate workflows at once: exit handlers do not run.")
  @Argument(help: "The workflows' names.") var names: [String]
  @OptionGroup var local: LocalRunOptionsGroup
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    if local.local { return try local.send(.terminate, to: names, past: "terminated") }
    try await WorkflowAction.perform(names, hera: hera, past: "terminated") { client, name, namespace throws(ArgoError) in
      try await client.terminateWorkflow(name, namespace: namespace)
    }
  }
}

struct Retry: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the failed steps of a workflow again.",
    discussion: "With --watch or --wait, exits with 0 when the workflow then Succeeded, 1 otherwise.")
  @Argument(help: "The workflow's name.") var name: String
  @Flag(name: .customLong("restart-successful"), help: "Run again the successful nodes the selector names too.")
  var restartSuccessful = false
  @Option(name: .customLong("node-field-selector"), help: "Which nodes to run again: displayName=collect.")
  var nodeFieldSelector: String?
  @Option(name: [.customShort("p"), .customLong("parameter")], help: "Change a workflow argument: name=value (repeatable).")
  var parameters: [String] = []
  @OptionGroup var follow: FollowOptions
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await ServerSession.run(hera) { session in
      let workflow = try await session.client.retryWorkflow(
        name, namespace: session.namespace, restartSuccessful: restartSuccessful, nodeFieldSelector: nodeFieldSelector,
        parameters: parameters)
      Terminal.standardOutput.write("Workflow '\(workflow.metadata.name ?? name)' retried\n")
      try await WorkflowFollower.followIfAsked(workflow, follow, session: session)
    }
  }
}

struct Resubmit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Submit a new workflow with the spec of an existing one.",
    discussion: "With --watch or --wait, exits with 0 when the new workflow Succeeded, 1 otherwise.")
  @Argument(help: "The workflow's name.") var name: String
  @Flag(help: "Reuse the outputs of the steps that succeeded (memoized resubmit).") var memoized = false
  @Option(name: [.customShort("p"), .customLong("parameter")], help: "Change a workflow argument: name=value (repeatable).")
  var parameters: [String] = []
  @OptionGroup var follow: FollowOptions
  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml; a summary by default.")
  var output: ObjectFormat = .table
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await ServerSession.run(hera) { session in
      let workflow = try await session.client.resubmitWorkflow(
        name, namespace: session.namespace, memoized: memoized, parameters: parameters)
      if output == .table || output == .wide {
        Terminal.standardOutput.write(WorkflowSummary.text(workflow) + "\n")
      } else {
        ObjectOutput.write([workflow], as: output, single: true)
      }
      try await WorkflowFollower.followIfAsked(workflow, follow, session: session)
    }
  }
}
