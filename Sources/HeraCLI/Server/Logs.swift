import ArgoClient
import ArgoModel
import ArgumentParser
import HeraSession
import HeraUtils

/// `hera logs NAME [POD]`: the logs of a workflow's pods.
struct Logs: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the logs of a workflow's pods (all of them, or one).",
    discussion: """
      Each line is prefixed with its pod's name. With --follow, lines are printed as they are \
      written until the workflow's pods end; a stream that drops is resumed where it was.
      """
  )

  @Argument(help: "The workflow's name.")
  var name: String

  @Argument(help: "One pod of the workflow (hera get shows their nodes); all pods by default.")
  var pod: String?

  @Option(name: .customLong("pod"), help: "One pod of the workflow (the same as the second argument).")
  var podOption: String?

  @Flag(name: [.customShort("f"), .customLong("follow")], help: "Keep printing lines as they are written.")
  var follow = false

  @Option(name: [.customShort("c"), .customLong("container")], help: "The container: main (the default), init, wait, or a sidecar's name.")
  var container = "main"

  @Option(help: "Only lines written within this duration: 30s, 10m, 1h.")
  var since: DurationArgument?

  @Option(help: "Only the last N lines of each pod.")
  var tail: Int?

  @Option(help: "Only lines matching this regular expression (the server filters).")
  var grep: String?

  @Flag(help: "Prefix each line with the time it was written.")
  var timestamps = false

  @Flag(name: .customLong("no-prefix"), help: "Do not prefix lines with their pod's name.")
  var noPrefix = false

  @OptionGroup var local: LocalRunOptionsGroup

  @OptionGroup var hera: HeraOptions

  func validate() throws {
    if pod != nil, podOption != nil, pod != podOption { throw ValidationError("two pods are named: \(pod!) and \(podOption!)") }
    if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more") }
  }

  func run() async throws {
    if local.local { return try await runLocal() }
    let options = LogOptions(
      podName: pod ?? podOption, container: container, follow: follow, sinceSeconds: since.map { Int($0.seconds.rounded(.up)) }, grep: grep,
      timestamps: timestamps, tailLines: tail)
    let prefix = !noPrefix
    try await ServerSession.run(hera) { session in
      do {
        for try await entry in session.client.workflowLogs(name, namespace: session.namespace, options: options) {
          // A container's log is data, written as it is.
          Terminal.standardOutput.write(Array((prefix ? "\(entry.podName): \(entry.content)\n" : entry.content + "\n").utf8))
        }
      } catch let error as ArgoError where error.kind == .notFound {
        // Say which of the workflow and the pod is missing.
        _ = try await session.client.getWorkflow(name, namespace: session.namespace)
        throw ArgoError(
          .notFound, "the workflow \(name) has no pod \(options.podName ?? "")", status: 404, serverMessage: error.serverMessage,
          hint: "hera get \(name) shows its nodes; pod names are <workflow>-<template>-<number>")
      }
    }
  }
}
