import ArgoModel
import Foundation

/// What the scheduler asks of the engine around it.
public enum SchedulerAction: Sendable, Equatable {
  /// Run a leaf node's container (or script) as `launch` describes; report with
  /// `SchedulerEvent.podStarted` and `.podFinished`.
  case launch(PodLaunch)
  /// Stop a running container: the workflow was stopped, a deadline passed, or a daemon's
  /// scope ended. Its `.podFinished` still follows; `cause.outcome(of:)` says what to report.
  case stop(nodeID: String, cause: StopCause)
  /// Call `wake` (an event-less step) at this time: a retry's back-off or a suspension's
  /// duration ends then.
  case wake(at: Date)
  /// Keep a memoized template's outputs for later runs (in Argo, its cache's ConfigMap).
  case memoize(MemoizationEntry)
  /// The workflow ended.
  case finished(phase: String, message: String?)
}

/// Why the scheduler stops a running container, and so how the node ends.
public enum StopCause: Sendable, Equatable, CustomStringConvertible {
  /// The workflow was stopped or terminated, or a deadline passed: the node fails with this
  /// message, whatever its container said as it was killed.
  case failed(message: String)
  /// A daemon whose scope (its DAG or steps) ended: it did its job, so it succeeds.
  case daemonScopeEnded

  /// How the node ends, given how its container ended once it was stopped: what the engine
  /// reports with `.podFinished`.
  public func outcome(of result: PodResult) -> PodResult {
    switch self {
    case .failed(let message):
      var result = result
      result.phase = NodePhase.failed
      result.message = message
      return result
    case .daemonScopeEnded:
      return PodResult(phase: NodePhase.succeeded, outputs: result.outputs)
    }
  }

  public var description: String {
    switch self {
    case .failed(let message): return message
    case .daemonScopeEnded: return "the daemon's scope ended"
    }
  }
}

/// A leaf node to run: its template with every input resolved.
public struct PodLaunch: Sendable, Equatable {
  public var nodeID: String
  public var nodeName: String
  public var podName: String
  /// The template, with `{{inputs.*}}`, `{{workflow.*}}`, `{{pod.name}}` and the like
  /// substituted.
  public var template: Template
  /// The inputs as resolved for this node (parameter values, artifacts with their sources).
  public var inputs: Inputs
  /// The attempt, from 0, when the node is an attempt of a retried one.
  public var attempt: Int
  /// Whether the node is a daemon: it is Daemoned once started, and stopped when its scope ends.
  public var daemon: Bool

  public init(nodeID: String, nodeName: String, podName: String, template: Template, inputs: Inputs, attempt: Int = 0, daemon: Bool = false)
  {
    self.nodeID = nodeID
    self.nodeName = nodeName
    self.podName = podName
    self.template = template
    self.inputs = inputs
    self.attempt = attempt
    self.daemon = daemon
  }
}

/// How a leaf node ended.
public struct PodResult: Sendable, Equatable {
  /// `Succeeded`, `Failed` or `Error`.
  public var phase: String
  public var message: String?
  /// The outputs read after the container ended: parameter values, `result`, `exitCode`,
  /// artifacts (with where the engine keeps them).
  public var outputs: Outputs?

  /// How each container of a container set ended, by name; empty for other pods.
  public var containers: [ContainerResult]
  /// Whether the pod could not be made at all (a volume mount with no volume), which Argo's
  /// controller finds when it creates the pod: the error goes up as its template execution
  /// errors do (see `Scheduler.executionError(of:)`), where a pod that ran and failed does not.
  public var notCreated: Bool

  public init(phase: String, message: String? = nil, outputs: Outputs? = nil, containers: [ContainerResult] = [], notCreated: Bool = false)
  {
    self.notCreated = notCreated
    self.phase = phase
    self.message = message
    self.outputs = outputs
    self.containers = containers
  }

  public static let succeeded = PodResult(phase: NodePhase.succeeded)
}

/// How one container of a container set ended.
public struct ContainerResult: Sendable, Equatable {
  public var name: String
  /// `Succeeded` or `Failed`.
  public var phase: String
  public var message: String?
  public var exitCode: Int32?

  public init(name: String, phase: String, message: String? = nil, exitCode: Int32? = nil) {
    self.name = name
    self.phase = phase
    self.message = message
    self.exitCode = exitCode
  }
}

/// What happened outside the scheduler.
public enum SchedulerEvent: Sendable {
  /// A launched container started.
  case podStarted(nodeID: String)
  /// A launched container ended (or could not start).
  case podFinished(nodeID: String, PodResult)
  /// Resume suspended nodes (all, or those whose display name is given); without a display
  /// name, a suspended workflow too.
  case resume(displayName: String?)
  /// Argo's `set` on a suspend node that waits: values for its output parameters to be
  /// supplied, a message, a phase (`Succeeded` or `Failed` ends the suspension).
  case set(nodeID: String, phase: String?, message: String?, outputParameters: [String: String])
  /// Suspend the workflow: no new container starts until it is resumed (running ones go on).
  case suspend
  /// Lift the workflow's suspension without resuming its suspend nodes. Argo has no such verb (a
  /// suspended workflow there waits for a resume even once stopped); Ctrl-C of a run here does
  /// it, so that the stop it asks for can end the run.
  case unsuspend
  /// Stop the workflow: running containers are stopped, exit handlers still run.
  case stop(message: String?)
  /// Terminate the workflow: as stop, but exit handlers do not run.
  case terminate
  /// Time passed (a `wake` came due).
  case wake
}

/// Argo's node phases as the text the scheduler's nodes hold; what they mean is
/// `ArgoModel.NodePhase`'s.
public enum NodePhase {
  public static let pending = ArgoModel.NodePhase.pending.rawValue
  public static let running = ArgoModel.NodePhase.running.rawValue
  public static let succeeded = ArgoModel.NodePhase.succeeded.rawValue
  public static let failed = ArgoModel.NodePhase.failed.rawValue
  public static let error = ArgoModel.NodePhase.error.rawValue
  public static let skipped = ArgoModel.NodePhase.skipped.rawValue
  public static let omitted = ArgoModel.NodePhase.omitted.rawValue

  /// Whether a node in this phase has ended: nothing more will happen to it.
  public static func isFulfilled(_ phase: String?) -> Bool {
    ArgoModel.NodePhase(phase)?.isFulfilled ?? false
  }

  public static func isFailure(_ phase: String?) -> Bool {
    ArgoModel.NodePhase(phase)?.isFailedOrError ?? false
  }
}

/// Argo's node types.
enum NodeType {
  static let pod = "Pod"
  static let steps = "Steps"
  static let stepGroup = "StepGroup"
  static let dag = "DAG"
  static let taskGroup = "TaskGroup"
  static let retry = "Retry"
  static let skipped = "Skipped"
  static let suspend = "Suspend"
  static let container = "Container"
  static let http = "HTTP"

  /// Whether the engine runs nodes of this type itself (a pod, an HTTP request), rather than
  /// walking into them.
  static func isRun(_ type: String?) -> Bool { type == pod || type == http }
}

/// Why a workflow cannot be run at all (before any node runs).
public typealias SchedulerError = Explanation<SchedulerFailures>
/// What tells a `SchedulerError` apart from the package's other errors.
public enum SchedulerFailures {}
