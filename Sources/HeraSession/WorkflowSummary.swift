import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import HeraUtils
import LocalEngine

/// The header `hera get` and `hera submit` print for a workflow, as `argo get` does.
package enum WorkflowSummary {
  /// - Parameter interrupted: a local run saved as going on whose `hera run` is gone.
  package static func text(_ workflow: Workflow, now: Date = Date(), interrupted: Bool = false) -> String {
    var rows: [(String, String)] = [("Name", workflow.metadata.name ?? workflow.metadata.generateName.map { $0 + "…" } ?? "")]
    rows.append(("Namespace", workflow.metadata.namespace ?? ""))
    if let account = workflow.spec.serviceAccountName { rows.append(("ServiceAccount", account)) }
    rows.append(("Status", interrupted ? "\(workflow.phaseText) (interrupted)" : workflow.phaseText))
    if interrupted { rows.append(("Interrupted", LocalInterruption.message(workflow.metadata.name ?? ""))) }
    if let message = workflow.status?.message, !message.isEmpty { rows.append(("Message", message)) }
    if let created = workflow.metadata.creationTimestamp {
      rows.append(("Created", created.text + (created.date.map { " (\(Age.short(now.timeIntervalSince($0))) ago)" } ?? "")))
    }
    if let started = workflow.status?.startedAt { rows.append(("Started", started.text)) }
    if let finished = workflow.status?.finishedAt { rows.append(("Finished", finished.text)) }
    if let duration = workflow.duration(now: now) { rows.append(("Duration", Age.duration(duration))) }
    if let progress = workflow.status?.progress, !progress.isEmpty { rows.append(("Progress", progress)) }
    if let reference = workflow.spec.workflowTemplateRef {
      rows.append(("From", "\(reference.clusterScope == true ? "clusterworkflowtemplate" : "workflowtemplate")/\(reference.name ?? "")"))
    }
    var text = rows.map { "\($0.0 + ":")".padding(toLength: 16, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    let parameters = workflow.spec.arguments?.parameters ?? []
    if !parameters.isEmpty {
      text += "\nParameters:"
      for parameter in parameters {
        text += "\n  \(parameter.name): \(parameter.value?.string ?? parameter.default?.string ?? "")"
      }
    }
    return text
  }
}

extension Workflow {
  /// Seconds from start to finish, or to `now` while running.
  package func duration(now: Date = Date()) -> TimeInterval? {
    guard let started = status?.startedAt?.date else { return nil }
    return (status?.finishedAt?.date ?? now).timeIntervalSince(started)
  }

  /// The phase, `Pending` before the controller has seen it.
  package var phaseText: String { workflowPhase.displayName }
}
