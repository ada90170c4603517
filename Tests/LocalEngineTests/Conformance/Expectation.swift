import ArgoModel
import Foundation

/// What Argo does with one of its examples: the final phase of the workflow, every node it
/// creates with its type and phase, and the outputs the example makes knowable.
///
/// The nodes are written as a table, one row a node, columns separated by ` | ` (a bar between
/// spaces):
///
/// ```
/// KEY | TYPE | PHASE [| OUTPUT ...]
/// ```
///
/// - KEY names the node. A key that starts with `@` is the node's *name* with `@` standing for
///   the workflow's name (`@` is the root, `@[1].hello2a` a step, `@.A.B` a task of a nested
///   DAG, `@.onExit` the exit handler); any other key is a *display name* (`hello1`, `A`,
///   `print-message(0:hello)`, `[0]`), which must then be unique in the run. A key written
///   `? KEY` names a node Argo may or may not create (where we are unsure): when the run has it,
///   its type and phase are checked.
/// - TYPE is Argo's node type: Pod, Container, Steps, StepGroup, DAG, TaskGroup, Retry, Skipped,
///   Suspend. Every type counts: a node of any type that the run has and the table has not is a
///   mismatch, and so is a row without its node.
/// - PHASE is the node's phase; `Succeeded/Skipped` accepts either.
/// - OUTPUT is `NAME=VALUE` (the value exactly) or `NAME~REGEX` (the whole value matches),
///   where NAME is `result`, `exitCode`, `parameters.P` (an output parameter) or
///   `inputs.parameters.P` (the value an input parameter got). Outputs not listed are not checked:
///   Argo records `result` only when the workflow refers to it, so a table lists a `result`
///   only where one is referred to.
///
/// Examples whose course is random (a coin flip, a retried random failure) derive their table
/// from the run's random draws alone (what the coin said, the exit code a random script
/// chose), never from the phases the engine gave: see ``Expectation/random(_:_:)``.
struct Expectation: Sendable {
  /// The example's path under Argo's examples folder, without `.yaml`.
  let example: String
  /// The outcome, given the run's random draws (fixed for deterministic examples).
  let outcome: @Sendable (ObservedRun) -> Outcome
  /// The final phase of a deterministic example.
  let fixedPhase: String?

  /// A deterministic example.
  static func example(
    _ example: String, _ phase: String, _ nodes: String, globals: [String: String] = [:], partial: String? = nil
  ) -> Expectation {
    let outcome = Outcome(phase: phase, nodes: nodes, globals: globals, partial: partial)
    return Expectation(example: example, outcome: { _ in outcome }, fixedPhase: phase)
  }

  /// An example with random draws: `outcome` reads the draws from the run (coin results, exit
  /// codes of random scripts) and says what must then follow.
  static func random(_ example: String, _ outcome: @escaping @Sendable (ObservedRun) -> Outcome) -> Expectation {
    Expectation(example: example, outcome: outcome, fixedPhase: nil)
  }
}

/// The expected outcome of one run.
struct Outcome: Sendable {
  /// The workflow's final phase (`Succeeded`, `Failed`, `Error`; `A/B` accepts either).
  var phase: String
  /// The node table (see ``Expectation``).
  var nodes: String
  /// The workflow's global output parameters (`status.outputs.parameters`), by name.
  var globals: [String: String] = [:]
  /// Why only the nodes of the table are checked, when the others cannot be known: nodes the run
  /// has beyond the table are then not reported.
  var partial: String? = nil
}

/// One row of a node table.
struct NodeRow: Sendable {
  enum OutputCheck: Sendable, Equatable {
    case equals(String)
    case matches(String)
  }

  var key: String
  /// Whether the run may lack the node (`?KEY`).
  var optional: Bool = false
  var type: String
  var phases: [String]
  var outputs: [(name: String, check: OutputCheck)]

  static let nodeTypes: Set<String> = ["Pod", "Container", "Steps", "StepGroup", "DAG", "TaskGroup", "Retry", "Skipped", "Suspend"]
  static let nodePhases: Set<String> = ["Succeeded", "Failed", "Error", "Skipped", "Omitted", "Running", "Pending"]
  static var outputNames: Regex<(Substring, Substring)> {
    #/^(result|exitCode|parameters\.[-A-Za-z0-9_]+|inputs\.parameters\.[-A-Za-z0-9_]+)$/#
  }

  struct ParseError: Error, CustomStringConvertible {
    var line: String
    var problem: String
    var description: String { "node row \"\(line)\": \(problem)" }
  }

  /// The rows of a table; blank lines and lines starting with `#` are left out.
  static func parse(table: String) throws(ParseError) -> [NodeRow] {
    var rows: [NodeRow] = []
    for rawLine in table.split(separator: "\n", omittingEmptySubsequences: true) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      rows.append(try parse(row: line))
    }
    var seen: Set<String> = []
    for row in rows where !seen.insert(row.key).inserted {
      throw ParseError(line: row.key, problem: "this key is in the table twice")
    }
    return rows
  }

  static func parse(row line: String) throws(ParseError) -> NodeRow {
    // Columns are separated by a bar between spaces, so that a regular expression may hold a
    // bare one (result~heads|tails).
    let columns = line.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
    guard columns.count >= 3 else { throw ParseError(line: line, problem: "expected KEY | TYPE | PHASE") }
    let optional = columns[0].hasPrefix("?")
    let key = optional ? String(columns[0].dropFirst()).trimmingCharacters(in: .whitespaces) : columns[0]
    guard !key.isEmpty else { throw ParseError(line: line, problem: "no key") }
    guard nodeTypes.contains(columns[1]) else {
      throw ParseError(line: line, problem: "unknown node type \"\(columns[1])\"")
    }
    let phases = columns[2].split(separator: "/").map(String.init)
    guard !phases.isEmpty, phases.allSatisfy(nodePhases.contains) else {
      throw ParseError(line: line, problem: "unknown phase \"\(columns[2])\"")
    }
    var outputs: [(name: String, check: OutputCheck)] = []
    for column in columns.dropFirst(3) {
      guard let separator = column.firstIndex(where: { $0 == "=" || $0 == "~" }) else {
        throw ParseError(line: line, problem: "an output is NAME=VALUE or NAME~REGEX, not \"\(column)\"")
      }
      let name = String(column[..<separator])
      let value = String(column[column.index(after: separator)...])
      guard name.wholeMatch(of: outputNames) != nil else {
        throw ParseError(line: line, problem: "unknown output \"\(name)\" (result, exitCode, parameters.P, inputs.parameters.P)")
      }
      if column[separator] == "~" {
        guard (try? Regex(value)) != nil else { throw ParseError(line: line, problem: "not a regular expression: \(value)") }
        outputs.append((name, .matches(value)))
      } else {
        outputs.append((name, .equals(value)))
      }
    }
    return NodeRow(key: key, optional: optional, type: columns[1], phases: phases, outputs: outputs)
  }
}

/// A finished run, as the comparison and the random examples read it.
struct ObservedRun: Sendable {
  let workflow: Workflow

  /// The workflow's name: node names start with it.
  var workflowName: String { workflow.metadata.name ?? "" }
  var phase: String { workflow.status?.phase ?? "none" }
  var nodes: [NodeStatus] { Array((workflow.status?.nodes ?? [:]).values) }

  /// A node's name with `@` for the workflow's name, as node tables write it.
  func key(of node: NodeStatus) -> String {
    let name = node.name
    guard !workflowName.isEmpty, name.hasPrefix(workflowName) else { return name }
    return "@" + name.dropFirst(workflowName.count)
  }

  /// The nodes a table key names: by name for `@` keys, else by display name.
  func nodes(forKey key: String) -> [NodeStatus] {
    if key.hasPrefix("@") { return nodes.filter { self.key(of: $0) == key } }
    return nodes.filter { ($0.displayName ?? $0.name) == key }
  }

  /// The one node a key names, if exactly one.
  func node(_ key: String) -> NodeStatus? {
    let found = nodes(forKey: key)
    return found.count == 1 ? found[0] : nil
  }

  /// An output of a node, read as a table's OUTPUT column names it.
  func output(_ name: String, of node: NodeStatus) -> String? {
    let outputs = node.outputs
    switch name {
    case "result": return outputs?.result
    case "exitCode": return outputs?.exitCode
    case _ where name.hasPrefix("inputs.parameters."):
      let parameter = String(name.dropFirst("inputs.parameters.".count))
      return node.inputs?.parameters?.first { $0.name == parameter }?.value?.string
    default:
      let parameter = String(name.dropFirst("parameters.".count))
      return outputs?.parameters?.first { $0.name == parameter }?.value?.string
    }
  }

  /// The `result` of the node a key names (what a script printed): a random example's draw.
  func result(_ key: String) -> String? {
    node(key).flatMap { output("result", of: $0) }
  }

  /// The exit code of the node a key names: a random script's draw.
  func exitCode(_ key: String) -> Int? {
    node(key).flatMap { $0.outputs?.exitCode }.flatMap { Int($0) }
  }

  /// The workflow's global output parameter `name`.
  func global(_ name: String) -> String? {
    workflow.status?.outputs?.parameters?.first { $0.name == name }?.value?.string
  }

  /// The nodes of the run as they are (node key, display name, type, phase), printed beside a
  /// mismatch so that it can be understood; never a source of expectations.
  func table() -> String {
    nodes.sorted { key(of: $0) < key(of: $1) }.map { node in
      "\(key(of: node)) [\(node.displayName ?? "")] | \(node.type) | \(node.phase ?? "none")"
    }.joined(separator: "\n")
  }
}
