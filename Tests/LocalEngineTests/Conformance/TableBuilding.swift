/// Helpers that write node tables for the examples whose shape repeats (nested diamonds, fan-outs)
/// or depends on random draws (coin flips, random exit codes).
struct Rows {
  private(set) var lines: [String] = []

  /// A row: `key | type | phase | outputs...`.
  mutating func add(_ key: String, _ type: String, _ phase: String, _ outputs: String...) {
    lines.append(([key, type, phase] + outputs).joined(separator: " | "))
  }

  var text: String { lines.joined(separator: "\n") }
}

enum Tables {
  /// The `coinflip` steps template at node `prefix`: `flip-coin` in the first group, then `heads`
  /// runs if the coin said heads and is skipped otherwise; `tails` runs if it said tails (the
  /// template itself again when `recursive`: the recursion ends with heads).
  static func coinflip(_ prefix: String, _ run: ObservedRun, recursive: Bool, into rows: inout Rows) {
    rows.add(prefix, "Steps", "Succeeded")
    rows.add("\(prefix)[0]", "StepGroup", "Succeeded")
    rows.add("\(prefix)[0].flip-coin", "Pod", "Succeeded", "result~heads|tails")
    rows.add("\(prefix)[1]", "StepGroup", "Succeeded")
    switch run.result("\(prefix)[0].flip-coin") {
    case "heads":
      rows.add("\(prefix)[1].heads", "Pod", "Succeeded")
      rows.add("\(prefix)[1].tails", "Skipped", "Skipped")
    case "tails":
      rows.add("\(prefix)[1].heads", "Skipped", "Skipped")
      if recursive {
        coinflip("\(prefix)[1].tails", run, recursive: true, into: &rows)
      } else {
        rows.add("\(prefix)[1].tails", "Pod", "Succeeded")
      }
    default:
      // No coin result: the flip-coin row reports it; what follows cannot be known.
      break
    }
  }

  /// The attempts `key(0)`, `key(1)`, ... of a retried leaf, as Argo runs them: an attempt that
  /// fails (its exit code, the random draw, is not 0) is followed by another while `limit`
  /// allows (nil: no limit). Returns the phase of the last attempt, which is the Retry node's.
  /// An attempt the run lacks is listed without an exit code, so that it is reported missing.
  @discardableResult
  static func attempts(_ key: String, limit: Int?, _ run: ObservedRun, into rows: inout Rows) -> String {
    var attempt = 0
    while true {
      let name = "\(key)(\(attempt))"
      guard let exitCode = run.exitCode(name) else {
        rows.add(name, "Pod", "Succeeded/Failed")
        return "Succeeded/Failed"
      }
      let phase = exitCode == 0 ? "Succeeded" : "Failed"
      rows.add(name, "Pod", phase, "exitCode=\(exitCode)")
      if phase == "Succeeded" || attempt == limit { return phase }
      attempt += 1
    }
  }

  /// The phase of a group of nodes in `phases`: Failed when one failed, Succeeded when all
  /// succeeded, either when some cannot be known.
  static func combined(_ phases: [String]) -> String {
    phases.contains("Failed") ? "Failed" : phases.allSatisfy { $0 == "Succeeded" } ? "Succeeded" : "Succeeded/Failed"
  }

  /// The values of a `withSequence` from `start` to `end`, as Argo counts them (down when `end`
  /// is below `start`).
  static func sequence(from start: Int, to end: Int) -> [Int] {
    start <= end ? Array(start...end) : Array((end...start).reversed())
  }
}
