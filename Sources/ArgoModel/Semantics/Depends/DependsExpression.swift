/// A DAG task's `depends` expression: task names, optionally with a result, joined by `&&`,
/// `||` and `!`. Read one with `init(parsing:)`; the DSL builds them from task handles:
///
/// ```swift
/// Task("report", template: report).depends(build.succeeded || test.failed)
/// Task("cleanup", template: cleanup).depends(!(deploy.failed) && migrate)
/// ```
///
/// A bare task means Argo's default: it succeeded, was skipped, or is a running daemon (see
/// `TaskResult.defaults(continueOn:)`). The DSL, the linter, the local engine and the Argo
/// Server simulator all read and evaluate expressions through this type.
public indirect enum DependsExpression: Sendable, Hashable, CustomStringConvertible {
  /// A task, optionally with one of Argo's result names (`Succeeded`, `Failed`, ...).
  case task(String, result: TaskResult?)
  case and(DependsExpression, DependsExpression)
  case or(DependsExpression, DependsExpression)
  case not(DependsExpression)

  /// The expression as Argo reads it, with parentheses only where needed.
  public var description: String {
    render(parentPrecedence: 0)
  }

  private var precedence: Int {
    switch self {
    case .or: return 1
    case .and: return 2
    case .not: return 3
    case .task: return 4
    }
  }

  private func render(parentPrecedence: Int) -> String {
    let text: String
    switch self {
    case .task(let name, let result):
      text = result.map { "\(name).\($0.rawValue)" } ?? name
    case .and(let left, let right):
      text = "\(left.render(parentPrecedence: 2)) && \(right.render(parentPrecedence: 2))"
    case .or(let left, let right):
      text = "\(left.render(parentPrecedence: 1)) || \(right.render(parentPrecedence: 1))"
    case .not(let inner):
      text = "!\(inner.render(parentPrecedence: 3))"
    }
    return precedence < parentPrecedence ? "(\(text))" : text
  }

  /// Every task the expression names, with the result it tests (nil for a bare name), in order
  /// and with repetitions.
  public var terms: [(task: String, result: TaskResult?)] {
    var terms: [(task: String, result: TaskResult?)] = []
    // Left to right with a stack of what is still to visit: a long expression costs no depth.
    var pending = [self]
    while let expression = pending.popLast() {
      switch expression {
      case .task(let name, let result): terms.append((name, result))
      case .and(let left, let right), .or(let left, let right): pending.append(contentsOf: [right, left])
      case .not(let inner): pending.append(inner)
      }
    }
    return terms
  }

  /// The names of the tasks the expression mentions, in order, each once.
  public var taskNames: [String] {
    var names: [String] = []
    var seen = Set<String>()
    for term in terms where seen.insert(term.task).inserted { names.append(term.task) }
    return names
  }

  public static func && (left: DependsExpression, right: DependsExpression) -> DependsExpression {
    .and(left, right)
  }

  public static func || (left: DependsExpression, right: DependsExpression) -> DependsExpression {
    .or(left, right)
  }

  public static prefix func ! (expression: DependsExpression) -> DependsExpression {
    .not(expression)
  }
}

/// The results a `depends` expression can test, as Argo names them.
///
/// Most name a node phase (`Errored` is the `Error` phase); `Daemoned`, `AnySucceeded` and
/// `AllFailed` look at more than the phase. `holds(for:)` says which results a task's outcome
/// has.
public struct TaskResult: Sendable, Hashable, RawRepresentable {
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }

  public static let succeeded = TaskResult(rawValue: NodePhase.succeeded.rawValue)
  public static let failed = TaskResult(rawValue: NodePhase.failed.rawValue)
  /// The task's node is in the `Error` phase.
  public static let errored = TaskResult(rawValue: "Errored")
  public static let skipped = TaskResult(rawValue: NodePhase.skipped.rawValue)
  public static let omitted = TaskResult(rawValue: NodePhase.omitted.rawValue)
  /// The task runs as a daemon and got past Pending.
  public static let daemoned = TaskResult(rawValue: "Daemoned")
  /// Some iteration of a fanned-out task succeeded.
  public static let anySucceeded = TaskResult(rawValue: "AnySucceeded")
  /// Every iteration of a fanned-out task failed (Failed, not Error), and there was one at least.
  public static let allFailed = TaskResult(rawValue: "AllFailed")

  /// Every result name Argo accepts.
  public static let all: [TaskResult] = [.succeeded, .failed, .errored, .skipped, .omitted, .daemoned, .anySucceeded, .allFailed]

  /// What a bare task name in `depends` (or a name in `dependencies`) stands for: the task
  /// succeeded, was skipped or is a daemon, or failed or errored when its `continueOn` lets its
  /// dependents go on.
  public static func defaults(continueOn: ContinueOn?) -> [TaskResult] {
    var results: [TaskResult] = [.succeeded, .skipped, .daemoned]
    if continueOn?.error == true { results.append(.errored) }
    if continueOn?.failed == true { results.append(.failed) }
    return results
  }

  /// Whether a task that ended (or runs as a daemon) has this result. A result Argo does not
  /// know holds for no task.
  public func holds(for task: DependsTaskState) -> Bool {
    switch self {
    case .succeeded: return task.phase == .succeeded
    case .failed: return task.phase == .failed
    case .errored: return task.phase == .error
    case .skipped: return task.phase == .skipped
    case .omitted: return task.phase == .omitted
    case .daemoned: return task.daemoned && task.phase != .pending
    case .anySucceeded: return task.iterationPhases?.contains(.succeeded) ?? false
    case .allFailed:
      guard let phases = task.iterationPhases, !phases.isEmpty else { return false }
      return phases.allSatisfy { $0 == .failed }
    default: return false
    }
  }
}

/// What a `depends` expression reads of a task it names, once the task is fulfilled (or runs as
/// a daemon).
public struct DependsTaskState: Sendable, Hashable {
  public var phase: NodePhase
  public var daemoned: Bool
  /// The phases of a fanned-out task's iterations (the children of its TaskGroup node); nil for
  /// a task that does not fan out, for which `AnySucceeded` and `AllFailed` never hold.
  public var iterationPhases: [NodePhase]?
  /// The task's `continueOn`, which widens what a bare name of it accepts.
  public var continueOn: ContinueOn?

  public init(phase: NodePhase, daemoned: Bool = false, iterationPhases: [NodePhase]? = nil, continueOn: ContinueOn? = nil) {
    self.phase = phase
    self.daemoned = daemoned
    self.iterationPhases = iterationPhases
    self.continueOn = continueOn
  }
}

extension DependsExpression {
  /// Whether the expression holds for the tasks it names, as Argo decides it: only once every
  /// task named is fulfilled (nil before), a bare name standing for `TaskResult.defaults`.
  ///
  /// - Parameter state: the state of the task of a name; nil while it has not ended.
  public func evaluate(_ state: (String) -> DependsTaskState?) -> Bool? {
    var states: [String: DependsTaskState] = [:]
    for name in taskNames {
      guard let known = state(name) else { return nil }
      states[name] = known
    }
    func value(_ expression: DependsExpression) -> Bool {
      switch expression {
      case .task(let name, let result):
        guard let task = states[name] else { return false }
        let accepted = result.map { [$0] } ?? TaskResult.defaults(continueOn: task.continueOn)
        return accepted.contains { $0.holds(for: task) }
      case .and(let left, let right): return value(left) && value(right)
      case .or(let left, let right): return value(left) || value(right)
      case .not(let inner): return !value(inner)
      }
    }
    return value(self)
  }
}
