import ArgoModel
import Foundation

/// What one leaf node of a workflow needs to run, with every `{{...}}` already resolved: the
/// local counterpart of an Argo pod's main container.
public struct PodRequest: Sendable {
  /// The node's id, and its pod's name as Argo would give it.
  public var nodeID: String
  public var podName: String
  public var templateName: String
  /// The container image (mapped through `--image-map` already).
  public var image: String
  /// The container's `command` and `args`. For a script template, `command` is the
  /// interpreter (`["python"]`, `["bash"]`) and the runner appends the source file's path after
  /// `args`, as Argo does (`command + args + ["/argo/staging/script"]`).
  ///
  /// Runners expand the kubelet's `$(NAME)` references to the environment here, as Kubernetes
  /// does before a container starts (`$$` stands for `$`).
  public var command: [String]
  public var args: [String]
  /// A script template's source, written to a file and given to `command`.
  public var scriptSource: String?
  /// The environment the container declares, resolved (ConfigMap and Secret references read).
  /// A value may refer to variables listed before it with `$(NAME)`.
  public var environment: [(name: String, value: String)]
  public var workingDirectory: String?
  /// Paths of the container and the folders or files of the run behind them: volume mounts,
  /// input artifacts, and the places outputs are read from.
  public var mounts: [Mount]
  /// The node's own folder: logs, the script's source file, scratch space.
  public var nodeDirectory: URL
  /// The folder a process on this machine gets as `TMPDIR` (the run's, shared by its pods as
  /// `/tmp` is on a machine); nil for `tmp` in the node's folder.
  public var temporaryDirectory: URL?
  /// The file the container's output (stdout and stderr, a line each, timestamped as
  /// Kubernetes does: `2026-11-25T10:00:00.123456789Z text`) is written to.
  public var logFile: URL
  /// How long the container may run (`activeDeadlineSeconds`, `timeout`).
  public var deadline: Duration?
  /// `resources.limits`, applied where the runner can (containers).
  public var cpuLimit: String?
  public var memoryLimit: String?
  /// How many times in all the command may run while it fails: a container set's
  /// `retryStrategy`, which Argo's executor honours by running a failed command again in the
  /// same container (its files kept), `runDelay` after each failure. 1 for other pods.
  public var runs = 1
  public var runDelay: Duration = .zero

  public init(
    nodeID: String, podName: String, templateName: String, image: String, command: [String], args: [String], scriptSource: String? = nil,
    environment: [(name: String, value: String)] = [], workingDirectory: String? = nil, mounts: [Mount] = [], nodeDirectory: URL,
    logFile: URL, temporaryDirectory: URL? = nil, deadline: Duration? = nil, cpuLimit: String? = nil, memoryLimit: String? = nil
  ) {
    self.temporaryDirectory = temporaryDirectory
    self.nodeID = nodeID
    self.podName = podName
    self.templateName = templateName
    self.image = image
    self.command = command
    self.args = args
    self.scriptSource = scriptSource
    self.environment = environment
    self.workingDirectory = workingDirectory
    self.mounts = mounts
    self.nodeDirectory = nodeDirectory
    self.logFile = logFile
    self.deadline = deadline
    self.cpuLimit = cpuLimit
    self.memoryLimit = memoryLimit
  }
}

/// A path of the container and what stands behind it on this machine.
public struct Mount: Sendable, Hashable {
  /// The absolute path inside the container (`/mnt/vol`, `/tmp/message.txt`).
  public var containerPath: String
  /// The folder or file of the run that stands for it.
  public var hostPath: URL
  public var readOnly: Bool

  public init(containerPath: String, hostPath: URL, readOnly: Bool = false) {
    self.containerPath = containerPath
    self.hostPath = hostPath
    self.readOnly = readOnly
  }
}

/// How a container ended.
public struct PodOutcome: Sendable, Hashable {
  /// The exit code of the main process (128 + signal when killed by one).
  public var exitCode: Int32
  /// What the process wrote to standard output, trimmed at the end as Argo trims a result
  /// (one trailing newline); at most 256 KiB, the last 256 KiB of a longer output, as Argo
  /// keeps for outputs.result.
  public var standardOutput: String
  /// Why it failed other than by its exit code: `Pod was active on the node longer than the
  /// specified deadline`, `failed to find name in PATH: ...`; nil when it ran to its end.
  public var failure: String?
  /// Why it ended, in Kubernetes' words (`Completed`, `Error`, `DeadlineExceeded`, ...), so
  /// that the engine can tell a stop from a failure without reading `failure`.
  public var reason: Reason
  /// Why the pod's log is incomplete (`its log is incomplete: cannot write PATH: No space left
  /// on device`), when it could not be written all along; the node's message says it.
  public var logFailure: String?

  /// - Parameter reason: by default `Completed` for exit code 0, else `Error`.
  public init(exitCode: Int32, standardOutput: String, failure: String? = nil, reason: Reason? = nil) {
    self.exitCode = exitCode
    self.standardOutput = standardOutput
    self.failure = failure
    self.reason = reason ?? (exitCode == 0 ? .completed : .error)
  }

  /// Why a container ended.
  public struct Reason: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
      self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// It ran to its end with exit code 0.
    public static let completed = Reason(rawValue: "Completed")
    /// It ran to its end with another exit code.
    public static let error = Reason(rawValue: "Error")
    /// It outlived its deadline and was stopped (the pod's phase becomes Failed).
    public static let deadlineExceeded = Reason(rawValue: "DeadlineExceeded")
    /// The task running it was cancelled, and it was stopped.
    public static let cancelled = Reason(rawValue: "Cancelled")
    /// Its command could not be started (not found, not executable); the exit code is 64, as
    /// Argo's executor reports it.
    public static let startError = Reason(rawValue: "StartError")
  }
}

extension PodOutcome {
  /// The kubelet's message for a pod stopped at its `activeDeadlineSeconds`, which Argo shows as
  /// the node's message.
  public static let deadlineExceededMessage = "Pod was active on the node longer than the specified deadline"
}

/// Why a runner could not run a container at all (the node ends in Error, with this message).
public typealias RunnerError = Explanation<RunnerFailures>
/// What tells a `RunnerError` apart from the package's other errors.
public enum RunnerFailures {}

/// Runs the containers of a workflow's leaf nodes: as processes on this machine, or as
/// containers through podman or docker.
///
/// A runner is cancellable: when the task running `run` is cancelled, the process (its whole
/// process group) or the container is stopped (SIGTERM, then SIGKILL after a grace period) and
/// `run` returns an outcome with reason `.cancelled` and `failure` set, once the process has
/// ended and its output is in the log. A task cancelled before anything started gets
/// `CancellationError` instead.
public protocol PodRunner: Sendable {
  /// `host`, `podman`, `docker`.
  var name: String { get }
  func run(_ pod: PodRequest) async throws -> PodOutcome
}
