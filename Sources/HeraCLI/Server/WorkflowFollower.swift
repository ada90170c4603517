import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils

/// How progress is shown: `auto` redraws in place on a terminal and writes a line per change
/// otherwise.
struct ProgressChoice: ExpressibleByArgument {
  let mode: ProgressMode

  static let auto = ProgressChoice(mode: .automatic)

  init(mode: ProgressMode) {
    self.mode = mode
  }

  init?(argument: String) {
    guard let mode = ProgressMode(argument: argument) else { return nil }
    self.mode = mode
  }

  static var allValueStrings: [String] { ProgressMode.argumentNames }
}

/// Follows a workflow on the server until it ends, showing its progress.
enum WorkflowFollower {
  private enum Signal: Sendable {
    case event(WatchEvent)
    case tick
    case failed(any Error)
    case ended
  }

  /// Watches the workflow until it ends, showing its progress; returns its final state.
  static func follow(_ name: String, namespace: String, client: ArgoClient, mode: ProgressMode) async throws -> Workflow {
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

  static func followIfAsked(_ workflow: Workflow, watch: Bool, wait: Bool, progress: ProgressChoice, session: ServerSession) async throws {
    guard watch || wait, let name = workflow.metadata.name else { return }
    let final = try await follow(name, namespace: session.namespace, client: session.client, mode: watch ? progress.mode : .off)
    if wait { Terminal.standardOutput.write("\(name) \(final.phaseText)\n") }
    if final.phaseText != "Succeeded" { throw ExitCode.failure }
  }

  /// The node tree of a workflow as it is now.
  static func snapshot(_ workflow: Workflow) -> String {
    ProgressFrame(workflow: workflow, now: Date()).text
  }
}
