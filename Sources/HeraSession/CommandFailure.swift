import ArgoModel
import ArgumentParser
import Foundation

/// A command that cannot go on: what was wrong, what to try, and the exit code that says which
/// kind of failure it was.
///
/// Code that finds the failure throws it; the command line's boundary (``CommandFailure/main(_:)``,
/// which is the `main` of `hera` and of every experiment) says it once, in one format, and exits
/// with its code:
///
/// ```
/// error: no Workflow in a.yaml
///   hint: hera run runs one Workflow (or a CronWorkflow, once)
/// ```
package struct CommandFailure: Error, CustomStringConvertible {
  package var message: String
  package var hint: String?
  package var exitCode: Int32

  package init(_ message: String, hint: String? = nil, exitCode: Int32 = 1) {
    self.message = message
    self.hint = hint
    self.exitCode = exitCode
  }

  /// The failure an error makes: its message and its hint, each in its place, when it is an
  /// `ExplainedError`; else what it says of itself.
  package init(_ error: any Error, exitCode: Int32 = 1) {
    if let explained = error as? any ExplainedError {
      self.init(explained.message, hint: explained.hint, exitCode: exitCode)
    } else {
      self.init("\(error)", exitCode: exitCode)
    }
  }

  /// As ``Diagnostics`` says every error.
  package var description: String {
    Diagnostics.format(.error, message, hint: hint)
  }

  /// The `main` of `hera` and of every experiment: parses the command line as `Command`, runs
  /// the command it names, and is the boundary: a failure it throws is said on standard error
  /// and ends the process with its code. Other errors go to argument-parser, which says usage
  /// errors its way. Logging (`HERA_LOG_LEVEL`) is set up here, before anything logs.
  package static func main<Command: ParsableCommand>(_ command: Command.Type) async {
    DiagnosticsLogHandler.bootstrap()
    do {
      var parsed = try Command.parseAsRoot()
      if var asynchronous = parsed as? any AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try parsed.run()
      }
    } catch let failure as CommandFailure {
      Diagnostics.standard.say(failure)
      Command.exit(withError: ExitCode(failure.exitCode))
    } catch {
      Command.exit(withError: error)
    }
  }
}
