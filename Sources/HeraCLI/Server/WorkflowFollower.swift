import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation

/// How progress is shown.
enum ProgressChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, tty, plain, none

  var mode: ProgressChoice { self }
}

/// Follows a workflow on the server until it ends, showing its progress.
enum WorkflowFollower {
  /// Watches the workflow until it ends; returns its final state.
  static func follow(_ name: String, namespace: String, client: ArgoClient, mode: ProgressChoice) async throws -> Workflow {
    var last: Workflow?
    var lastPhase: String?
    for try await event in client.watchWorkflow(name, namespace: namespace) {
      if event.type == "DELETED" {
        throw ArgoError(.notFound, "the workflow \(name) was deleted while it was watched")
      }
      last = event.workflow
      if mode != .none, event.workflow.phaseText != lastPhase {
        lastPhase = event.workflow.phaseText
        Terminal.standardOutput.write("\(name): \(event.workflow.phaseText)\n")
      }
    }
    guard let last else { throw ArgoError(.unexpected, "the watch of \(name) ended before it said anything") }
    return last
  }

  static func followIfAsked(_ workflow: Workflow, watch: Bool, wait: Bool, progress: ProgressChoice, session: ServerSession) async throws {
    guard watch || wait, let name = workflow.metadata.name else { return }
    let final = try await follow(name, namespace: session.namespace, client: session.client, mode: watch ? progress : .none)
    if wait { Terminal.standardOutput.write("\(name) \(final.phaseText)\n") }
    if final.phaseText != "Succeeded" { throw ExitCode.failure }
  }

  /// The node tree of a workflow as it is now.
  static func snapshot(_ workflow: Workflow) -> String {
    ""
  }
}
