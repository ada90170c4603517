import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils

/// How progress is shown: `auto` redraws in place on a terminal and writes a line per change
/// otherwise.
package struct ProgressChoice: ExpressibleByArgument {
  package let mode: ProgressMode

  package static let auto = ProgressChoice(mode: .automatic)

  package init(mode: ProgressMode) {
    self.mode = mode
  }

  package init?(argument: String) {
    guard let mode = ProgressMode(argument: argument) else { return nil }
    self.mode = mode
  }

  package static var allValueStrings: [String] { ProgressMode.argumentNames }
}

/// `--watch`, `--wait` and `--progress`, for the verbs that start a workflow.
package struct FollowOptions: ParsableArguments {
  @Flag(help: "Show the workflow's progress until it ends.")
  package var watch = false

  @Flag(help: "Wait for the workflow to end, then print its status.")
  package var wait = false

  @Option(help: "How --watch shows progress: auto (redrawn on a terminal, a line per change otherwise), tty, plain or none.")
  package var progress: ProgressChoice = .auto

  package init() {}

  /// Whether to follow the workflow at all.
  package var requested: Bool { watch || wait }
  /// How to show it: nothing for `--wait`.
  package var mode: ProgressMode { watch ? progress.mode : .off }

  package func validate() throws {
    if watch, wait { throw ValidationError("--watch and --wait cannot be used together: --watch waits too") }
  }
}

/// Follows a workflow on the server until it ends, showing its progress.
package enum WorkflowFollower {
  private enum Signal: Sendable {
    case event(WatchEvent)
    case tick
    case failed(any Error)
    case ended
  }

  /// Watches the workflow until it ends, showing its progress; returns its final state.
  package static func follow(_ name: String, namespace: String, client: ArgoClient, mode: ProgressMode) async throws -> Workflow {
    var display = ProgressDisplay(mode: mode)
    let (signals, continuation) = AsyncStream<Signal>.makeStream()
    let watcher = Task {
      do {
        for try await event in client.watchWorkflow(name, namespace: namespace) { continuation.yield(.event(event)) }
        continuation.yield(.ended)
      } catch {
        continuation.yield(.failed(error))
      }
      continuation.finish()
    }
    // On a terminal the durations of running nodes tick even when nothing changes.
    let ticker: Task<Void, Never>? =
      display.mode == .terminal
      ? Task {
        while !Task.isCancelled {
          try? await Task.sleep(for: .seconds(1))
          continuation.yield(.tick)
        }
      } : nil
    defer {
      watcher.cancel()
      ticker?.cancel()
    }
    var last: Workflow?
    for await signal in signals {
      switch signal {
      case .event(let event):
        if event.type == "DELETED" {
          if let last { display.finish(last) }
          throw ArgoError(.notFound, "the workflow \(name) was deleted while it was watched")
        }
        last = event.workflow
        display.update(event.workflow)
      case .tick:
        if let last { display.update(last) }
      case .failed(let error):
        if let last { display.finish(last) }
        throw error
      case .ended:
        guard let last else { throw ArgoError(.unexpected, "the watch of \(name) ended before it said anything") }
        display.finish(last)
        return last
      }
    }
    throw CancellationError()
  }

  /// Follows the workflow when `--watch` or `--wait` asked for it; exits with 1 unless it
  /// Succeeded.
  package static func followIfAsked(_ workflow: Workflow, _ options: FollowOptions, session: ServerSession) async throws {
    guard options.requested, let name = workflow.metadata.name else { return }
    let final = try await follow(name, namespace: session.namespace, client: session.client, mode: options.mode)
    if options.wait { Terminal.standardOutput.write(outcome(final)) }
    if final.workflowPhase != .succeeded { throw ExitCode.failure }
  }

  /// `collect-x7k2p Failed: child 'collect-x7k2p-1234' failed`.
  package static func outcome(_ workflow: Workflow) -> String {
    "\(workflow.metadata.name ?? "") \(workflow.phaseText)\(workflow.status?.message.map { ": \($0)" } ?? "")\n"
  }

  /// The node tree of a workflow as it is now.
  package static func snapshot(_ workflow: Workflow) -> String {
    ProgressFrame(workflow: workflow, now: Date()).text
  }
}
