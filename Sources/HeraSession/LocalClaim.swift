import ArgumentParser
import Foundation
import LocalEngine

/// Claiming a local run for this command before anything reads or writes it, so that one run is
/// never run by two commands at once; a refusal is a ``CommandFailure`` with its exit code.
package enum LocalClaim {
  /// The exit code when another process runs the run now (EX_TEMPFAIL: try again later).
  package static let heldExitCode: Int32 = 75
  /// The exit code when a run ended but its final state could not be saved (EX_IOERR).
  package static let unsavedExitCode: Int32 = 74

  /// A new run of this name: refused when one is in the store already.
  package static func newRun(_ name: String, in store: RunStore) throws -> RunClaim {
    try claim { () throws(RunStoreError) in try store.claimNewRun(name) }
  }

  /// A saved run, to continue it: refused while another process runs it.
  package static func existingRun(_ name: String, in store: RunStore) throws -> RunClaim {
    try claim { () throws(RunStoreError) in try store.claimRun(name) }
  }

  private static func claim(_ make: () throws(RunStoreError) -> RunClaim) throws -> RunClaim {
    do {
      return try make()
    } catch {
      throw CommandFailure(error.message, hint: error.hint, exitCode: error.heldBy == nil ? 1 : heldExitCode)
    }
  }
}

/// What the `--local` verbs say of a run saved as going on that no process runs: its `hera run`
/// was killed or crashed before it could save its end.
package enum LocalInterruption {
  package static func message(_ name: String) -> String {
    "not going on: its hera run ended without saving its end (killed, or crashed); hera run --resume \(name) continues it"
  }
}
