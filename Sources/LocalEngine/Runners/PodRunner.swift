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
  /// interpreter (`["python"]`, `["bash"]`) and the runner appends the source file's path.
  public var command: [String]
  public var args: [String]
  /// A script template's source, written to a file and given to `command`.
  public var scriptSource: String?
  /// The environment the container declares, resolved (ConfigMap and Secret references read).
  public var environment: [(name: String, value: String)]
  public var workingDirectory: String?
  /// Paths of the container and the folders or files of the run behind them: volume mounts,
  /// input artifacts, and the places outputs are read from.
  public var mounts: [Mount]
  /// The node's own folder: logs, the script's source file, scratch space.
  public var nodeDirectory: URL
  /// The file the container's output (stdout and stderr, a line each, timestamped as
  /// Kubernetes does: `2026-11-25T10:00:00.123456789Z text`) is written to.
  public var logFile: URL
  /// How long the container may run (`activeDeadlineSeconds`, `timeout`).
  public var deadline: Duration?
  /// `resources.limits`, applied where the runner can (containers).
  public var cpuLimit: String?
  public var memoryLimit: String?

  public init(
    nodeID: String, podName: String, templateName: String, image: String, command: [String], args: [String], scriptSource: String? = nil,
    environment: [(name: String, value: String)] = [], workingDirectory: String? = nil, mounts: [Mount] = [], nodeDirectory: URL,
    logFile: URL, deadline: Duration? = nil, cpuLimit: String? = nil, memoryLimit: String? = nil
  ) {
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
  /// What the process wrote to standard output, trimmed at the end as Argo trims a result;
  /// at most 256 KiB (Argo's limit for outputs.result).
  public var standardOutput: String
  /// Why it failed other than by its exit code: `Pod was active on the node longer than the
  /// specified deadline`, `could not start: ...`; nil when it ran to its end.
  public var failure: String?

  public init(exitCode: Int32, standardOutput: String, failure: String? = nil) {
    self.exitCode = exitCode
    self.standardOutput = standardOutput
    self.failure = failure
  }
}

/// Why a runner could not run a container at all (the node ends in Error, with this message).
public struct RunnerError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var hint: String?

  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// Runs the containers of a workflow's leaf nodes: as processes on this machine, or as
/// containers through podman or docker.
///
/// A runner is cancellable: when the task running `run` is cancelled, the process (its whole
/// process group) or the container is stopped (SIGTERM, then SIGKILL after a grace period) and
/// `run` returns an outcome with `failure` set, or throws `CancellationError`.
public protocol PodRunner: Sendable {
  /// `host`, `podman`, `docker`.
  var name: String { get }
  func run(_ pod: PodRequest) async throws -> PodOutcome
}
