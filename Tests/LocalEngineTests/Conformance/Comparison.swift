import ArgoModel
import Foundation

/// One difference between a run and what Argo does.
struct Mismatch: Sendable, Equatable, CustomStringConvertible {
  var example: String
  /// The node's table key, or `(workflow)`.
  var node: String
  /// What differs: `phase`, `type`, `node` (missing or unexpected), an output's name, ...
  var aspect: String
  var expected: String
  var got: String

  var description: String { "\(example): \(node) \(aspect): expected \(expected), got \(got)" }
}

extension Expectation {
  /// The differences between `run` and the outcome Argo documents; empty when they agree.
  func mismatches(in run: ObservedRun) -> [Mismatch] {
    let outcome = outcome(run)
    var found: [Mismatch] = []
    func note(_ node: String, _ aspect: String, expected: String, got: String) {
      found.append(Mismatch(example: example, node: node, aspect: aspect, expected: expected, got: got))
    }

    let phases = outcome.phase.split(separator: "/").map(String.init)
    if !phases.contains(run.phase) {
      let message = run.workflow.status?.message.map { " (\($0))" } ?? ""
      note("(workflow)", "phase", expected: outcome.phase, got: run.phase + message)
    }

    let rows: [NodeRow]
    do {
      rows = try NodeRow.parse(table: outcome.nodes)
    } catch {
      note("(table)", "syntax", expected: "a valid node table", got: error.description)
      return found
    }
    var matched: Set<String> = []
    for row in rows {
      let candidates = run.nodes(forKey: row.key)
      guard let node = candidates.first else {
        if row.optional { continue }
        note(row.key, "node", expected: "\(row.type) \(row.phases.joined(separator: "/"))", got: "no such node")
        continue
      }
      guard candidates.count == 1 else {
        let keys = candidates.map(run.key(of:)).sorted().joined(separator: ", ")
        note(row.key, "node", expected: "one node with this display name", got: "\(candidates.count): \(keys)")
        for candidate in candidates { matched.insert(candidate.id) }
        continue
      }
      matched.insert(node.id)
      if node.type != row.type { note(row.key, "type", expected: row.type, got: node.type) }
      let phase = node.phase ?? "none"
      if !row.phases.contains(phase) {
        let message = node.message.map { " (\($0))" } ?? ""
        note(row.key, "phase", expected: row.phases.joined(separator: "/"), got: phase + message)
      }
      for (name, check) in row.outputs {
        let value = run.output(name, of: node)
        switch check {
        case .equals(let expected):
          if value != expected { note(row.key, name, expected: quoted(expected), got: value.map(quoted) ?? "none") }
        case .matches(let pattern):
          let regex = try! Regex(pattern)
          if value.map({ $0.wholeMatch(of: regex) != nil }) != true {
            note(row.key, name, expected: "~\(pattern)", got: value.map(quoted) ?? "none")
          }
        }
      }
    }
    for node in run.nodes where outcome.partial == nil && !matched.contains(node.id) {
      let display = node.displayName.map { " [\($0)]" } ?? ""
      note(run.key(of: node), "node", expected: "no such node", got: "\(node.type) \(node.phase ?? "none")\(display)")
    }
    for (name, expected) in outcome.globals.sorted(by: { $0.key < $1.key }) {
      let value = run.global(name)
      if value != expected {
        note("(workflow)", "global \(name)", expected: quoted(expected), got: value.map(quoted) ?? "none")
      }
    }
    return found
  }
}

private func quoted(_ value: String) -> String {
  "\"" + value.replacingOccurrences(of: "\n", with: "\\n") + "\""
}
