/// A DAG task's `depends` expression, built from task handles:
///
/// ```swift
/// Task("report", template: report).depends(build.succeeded || test.failed)
/// Task("cleanup", template: cleanup).depends(!(deploy.failed) && migrate)
/// ```
///
/// A bare task means Argo's default: it succeeded, was skipped, or is a running daemon.
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

  /// The names of the tasks the expression mentions, in order.
  public var taskNames: [String] {
    var names: [String] = []
    func collect(_ expression: DependsExpression) {
      switch expression {
      case .task(let name, _): if !names.contains(name) { names.append(name) }
      case .and(let left, let right), .or(let left, let right):
        collect(left)
        collect(right)
      case .not(let inner): collect(inner)
      }
    }
    collect(self)
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
public struct TaskResult: Sendable, Hashable, RawRepresentable {
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }

  public static let succeeded = TaskResult(rawValue: "Succeeded")
  public static let failed = TaskResult(rawValue: "Failed")
  public static let errored = TaskResult(rawValue: "Errored")
  public static let skipped = TaskResult(rawValue: "Skipped")
  public static let omitted = TaskResult(rawValue: "Omitted")
  public static let daemoned = TaskResult(rawValue: "Daemoned")
  /// Some iteration of a fanned-out task succeeded.
  public static let anySucceeded = TaskResult(rawValue: "AnySucceeded")
  /// Every iteration of a fanned-out task failed.
  public static let allFailed = TaskResult(rawValue: "AllFailed")

  /// Every result name Argo accepts.
  public static let all: [TaskResult] = [.succeeded, .failed, .errored, .skipped, .omitted, .daemoned, .anySucceeded, .allFailed]
}
