import ArgoModel
import Foundation

extension Scheduler {
  /// A template with a `retryStrategy`: a Retry node whose children are the attempts
  /// (`name(0)`, `name(1)`, ...), each run after the back-off, while the limit, the policy and
  /// the `expression` allow.
  mutating func executeRetry(nodeName: String, displayName: String, template: Template, context: ExecutionContext) -> NodeStatus? {
    guard let retryNode = node(named: nodeName) else { return nil }
    if NodePhase.isFulfilled(retryNode.phase) { return retryNode }
    let strategy = template.retryStrategy ?? RetryStrategy()
    var attemptTemplate = template
    attemptTemplate.retryStrategy = nil
    var attemptContext = context
    attemptContext.boundaryID = retryNode.boundaryID
    attemptContext.parentID = retryNode.id
    let attempts = retryNode.children ?? []
    if let lastID = attempts.last, let last = node(id: lastID) {
      if !NodePhase.isFulfilled(last.phase) {
        if last.daemoned == true {
          update(retryNode.id) { $0.daemoned = true }
          markDaemoned(retryNode.id)
        }
        execute(
          nodeName: last.name, displayName: last.displayName ?? last.name, reference: .inline(attemptTemplate), arguments: nil,
          context: attemptContext, retryAttempt: attempts.count - 1)
        guard let advanced = node(id: lastID), NodePhase.isFulfilled(advanced.phase) else { return node(id: retryNode.id) }
      }
      guard let finished = node(id: lastID) else { return nil }
      if finished.phase == NodePhase.succeeded || finished.phase == NodePhase.skipped {
        complete(retryNode.id, phase: finished.phase ?? NodePhase.succeeded, message: nil, outputs: finished.outputs)
        return node(id: retryNode.id)
      }
      let limit = retryLimit(strategy)
      let allowed = policyAllows(strategy.retryPolicy, finished.phase) && expressionAllows(strategy.expression, finished)
      guard allowed, limit.map({ attempts.count <= $0 }) ?? true, shutdown == nil else {
        let message = allowed && shutdown == nil ? "No more retries left" : finished.message
        // An attempt that could not be executed is the retry node's error too, unless the
        // policy retries errors (Argo then treats it as any errored attempt).
        complete(retryNode.id, phase: finished.phase ?? NodePhase.failed, message: message ?? finished.message, outputs: finished.outputs)
        if let error = executionError(of: finished), !policyAllows(strategy.retryPolicy, NodePhase.error) {
          recordExecutionError(of: retryNode.id, error)
        }
        return node(id: retryNode.id)
      }
      // The back-off before the next attempt.
      if let wait = backoff(strategy.backoff, retries: attempts.count, since: retryNode.startedAt?.date),
        let finishedAt = finished.finishedAt?.date
      {
        if let maxDuration = strategy.backoff?.maxDuration.flatMap(Scheduler.seconds), let started = retryNode.startedAt?.date,
          finishedAt.addingTimeInterval(wait).timeIntervalSince(started) > maxDuration
        {
          complete(
            retryNode.id, phase: finished.phase ?? NodePhase.failed, message: "Max duration limit exceeded", outputs: finished.outputs)
          return node(id: retryNode.id)
        }
        let next = finishedAt.addingTimeInterval(wait)
        if now < next {
          wakeTimes[retryNode.id] = next
          update(retryNode.id) { $0.message = "Backoff for \(Scheduler.format(wait))" }
          return node(id: retryNode.id)
        }
        wakeTimes[retryNode.id] = nil
      }
    }
    let attempt = attempts.count
    update(retryNode.id) { $0.message = nil }
    execute(
      nodeName: "\(nodeName)(\(attempt))", displayName: "\(displayName)(\(attempt))", reference: .inline(attemptTemplate), arguments: nil,
      context: attemptContext, retryAttempt: attempt)
    return node(id: retryNode.id)
  }

  /// The retry limit: a number, or an expression that renders to one; nil for no limit.
  func retryLimit(_ strategy: RetryStrategy) -> Int? {
    guard let limit = strategy.limit else { return nil }
    let text = (try? Evaluation.render(limit.description, globalScope(), keepUnresolved: true)) ?? limit.description
    return Int(text.trimmingCharacters(in: .whitespaces)) ?? 0
  }

  /// Whether `retryPolicy` retries a node that ended in `phase` (Argo's default: OnFailure).
  func policyAllows(_ policy: String?, _ phase: String?) -> Bool {
    switch policy ?? "OnFailure" {
    case "Always": return NodePhase.isFailure(phase)
    case "OnError", "OnTransientError": return phase == NodePhase.error
    default: return phase == NodePhase.failed
    }
  }

  /// Whether the strategy's `expression` allows another attempt after `last`.
  func expressionAllows(_ expression: String?, _ last: NodeStatus) -> Bool {
    guard let expression, !expression.isEmpty else { return true }
    var scope = globalScope()
    scope["lastRetry.exitCode"] = .string(last.outputs?.exitCode ?? "-1")
    scope["lastRetry.status"] = .string(last.phase ?? "")
    scope["lastRetry.message"] = .string(last.message ?? "")
    if let started = last.startedAt?.date, let finished = last.finishedAt?.date {
      scope["lastRetry.duration"] = .string(String(Int(finished.timeIntervalSince(started))))
    }
    return (try? Evaluation.isTrue(expression, scope)) ?? false
  }

  /// The wait before retry `retries` (counting from 1): `duration × factor^(retries−1)`, at
  /// most `cap`.
  func backoff(_ backoff: Backoff?, retries: Int, since: Date?) -> TimeInterval? {
    guard let backoff, let base = backoff.duration.flatMap(Scheduler.seconds) else { return nil }
    let factor = backoff.factor.flatMap { Double($0.description) } ?? 1
    var wait = base * pow(factor, Double(max(0, retries - 1)))
    if let cap = backoff.cap.flatMap(Scheduler.seconds) { wait = min(wait, cap) }
    return wait
  }

  static func format(_ seconds: TimeInterval) -> String {
    seconds < 60 ? "\(Int(seconds.rounded()))s" : "\(Int(seconds) / 60)m\(Int(seconds) % 60)s"
  }
}
