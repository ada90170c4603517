import Foundation

/// A place where the engine is known to differ from Argo: the suite prints it and stays green,
/// until the engine is fixed. Mismatches at other nodes of the same example still fail.
struct KnownDeviation: Sendable {
  var example: String
  /// The table keys where the run differs (`(workflow)` for the workflow's phase).
  var nodes: Set<String>
  /// What Argo does and what the engine does, in a line.
  var reason: String

  func covers(_ mismatch: Mismatch) -> Bool {
    mismatch.example == example && nodes.contains(mismatch.node)
  }
}

/// The comparison of a set of runs with their expectations, and its printed form.
struct ConformanceReport {
  enum Verdict {
    case matched
    /// Every mismatch is a known deviation.
    case knownDeviation([Mismatch], [KnownDeviation])
    case mismatched([Mismatch])
  }

  struct Entry {
    var name: String
    var verdict: Verdict
    /// The run's nodes as they are, for a mismatch no deviation explains.
    var observedTable: String? = nil
  }

  let title: String
  let entries: [Entry]
  /// Runs without an expectation (the examples that cannot run here).
  let runsWithoutExpectation: Int

  init(title: String, runs: [ExampleRun], expectations: [Expectation], deviations: [KnownDeviation]) {
    self.title = title
    let byName = Dictionary(uniqueKeysWithValues: expectations.map { ($0.example, $0) })
    var entries: [Entry] = []
    for run in runs {
      guard let expectation = byName[run.name] else { continue }
      guard let observed = run.observed else {
        let mismatch = Mismatch(example: run.name, node: "(workflow)", aspect: "start", expected: "a run", got: run.message)
        entries.append(Entry(name: run.name, verdict: .mismatched([mismatch])))
        continue
      }
      var mismatches = expectation.mismatches(in: observed)
      if run.timedOut {
        // A run that had to be terminated differs from Argo's, whatever its nodes say.
        let time = Mismatch(example: run.name, node: "(workflow)", aspect: "time", expected: "an end", got: "terminated at the time limit")
        mismatches.insert(time, at: 0)
      }
      if mismatches.isEmpty {
        entries.append(Entry(name: run.name, verdict: .matched))
      } else if mismatches.allSatisfy({ mismatch in deviations.contains { $0.covers(mismatch) } }) {
        let used = deviations.filter { deviation in mismatches.contains { deviation.covers($0) } }
        entries.append(Entry(name: run.name, verdict: .knownDeviation(mismatches, used)))
      } else {
        entries.append(Entry(name: run.name, verdict: .mismatched(mismatches), observedTable: observed.table()))
      }
    }
    self.entries = entries
    runsWithoutExpectation = runs.count - entries.count
  }

  var matched: [Entry] { entries.filter { if case .matched = $0.verdict { true } else { false } } }
  var deviating: [Entry] { entries.filter { if case .knownDeviation = $0.verdict { true } else { false } } }
  /// Mismatches that no known deviation explains (a time-out is one, at `(workflow)`): each
  /// fails the suite.
  var unexplained: [Mismatch] {
    entries.flatMap { entry -> [Mismatch] in
      if case .mismatched(let mismatches) = entry.verdict { mismatches } else { [] }
    }
  }

  func text(notRunnable: [String: String]) -> String {
    var lines: [String] = []
    let explained = deviating.count
    lines.append(
      "Conformance with Argo (\(title)): \(entries.count) examples ran against their expectations, \(matched.count) matched fully, "
        + "\(explained) differ only by known deviations, \(entries.count - matched.count - explained) mismatched.")
    let unexplained = unexplained
    if !unexplained.isEmpty {
      lines.append("Mismatches (example: node aspect: expected, got):")
      lines += unexplained.map { "  \($0)" }
      for entry in entries {
        guard let table = entry.observedTable else { continue }
        lines.append("The nodes of \(entry.name) as they ran (key [display name] | type | phase):")
        lines += table.split(separator: "\n").map { "    \($0)" }
      }
    }
    if !deviating.isEmpty {
      lines.append("Known deviations of the engine from Argo:")
      for entry in deviating {
        guard case .knownDeviation(let mismatches, let deviations) = entry.verdict else { continue }
        for deviation in deviations { lines.append("  \(entry.name): \(deviation.reason)") }
        lines += mismatches.map { "    \($0)" }
      }
    }
    if !notRunnable.isEmpty {
      lines.append("Examples not compared here, and why (\(notRunnable.count)):")
      lines += notRunnable.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
    }
    return lines.joined(separator: "\n")
  }
}
