import ArgoModel
import ArgumentParser
import Foundation
import HeraSession
import LocalEngine

/// `--local` and `--work-dir`: the verbs that read workflows (`list`, `get`, `logs`) read the
/// runs of this machine instead of the Argo Server.
struct LocalRunOptionsGroup: ParsableArguments {
  @Flag(help: "Read the runs of this machine (hera run) instead of the Argo Server.")
  var local = false

  @Option(name: .customLong("work-dir"), help: "With --local: the folder that holds .hera (default: the current folder).")
  var workDirectory: String?

  func validate() throws {
    if workDirectory != nil, !local { throw ValidationError("--work-dir goes with --local") }
    try LocalExecution.checkWorkDirectory(workDirectory)
  }

  var store: RunStore { RunStore(workFolder: workDirectory) }

  /// A saved run, or exit 1 with why it cannot be read.
  func load(_ name: String) throws -> Workflow {
    do {
      return try store.load(name)
    } catch {
      throw CommandFailure(error)
    }
  }

  /// Sends a request to each run; exit 1 when one cannot be reached.
  func send(_ request: RunRequest, to names: [String], past: String) throws {
    var failed = false
    for name in names {
      do {
        try store.send(request, to: name)
        Terminal.standardOutput.write("workflow \(name) \(past)\n")
      } catch {
        Diagnostics.standard.error("\(error)")
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
  }
}
