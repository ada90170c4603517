import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a pod's main container as a process on this machine, without any container.
///
/// The template was written for a container, so the runner makes this machine look like it where
/// it can:
///
/// - **Paths.** Every mount's container path is rewritten to the folder or file behind it in the
///   command, the arguments, the environment's values, the working directory and a script's
///   source (see ``PathMapping`` for the rules). A path put together at run time from pieces is
///   not rewritten, and the image's own files (`/app/main.py`) do not exist here.
/// - **Scripts.** As Argo does, the source is written to a file (`script` in the node's folder)
///   whose path is appended after `args`: `command + args + [file]`.
/// - **Environment.** Only `PATH`, `HOME` and `LANG` of this program's environment, `TMPDIR`
///   pointing at the run's `tmp` folder, then the container's variables: nothing else of
///   this program's environment reaches the process (no tokens, no `KUBECONFIG`), as nothing of
///   the host reaches a container.
/// - **Working directory.** The container's (rewritten), created when it lies under a mount;
///   else the node's folder when the pod has one (a script, inputs, outputs at the container's
///   root), else a scratch folder removed when the process ends, as a container's own files are.
/// - **Processes.** The command runs in a process group of its own, with standard input from
///   /dev/null. When it ends, whatever it left running in its group is killed, as a container's
///   processes end with its main process. Cancellation and the deadline send SIGTERM to the
///   group, then SIGKILL after `gracePeriod`.
/// - **A command that is not here** (`python3` not on `PATH`) ends the pod as Argo's executor
///   ends it when the image lacks it: exit code 64 and `failed to find name in PATH: ...`, with
///   a hint to install it or to use a container runner, in `failure` and in the log.
///
/// - **An image's entrypoint.** A container that gives only `args` runs its image's entrypoint;
///   here that is the program `entrypoints` names for the image (`--image-entrypoint`), else the pod
///   cannot run on this machine.
///
/// Resource limits are not applied.
public struct HostRunner: PodRunner {
  /// How long a stopped process has between SIGTERM and SIGKILL.
  public var gracePeriod: Duration
  /// The programs that stand for images' entrypoints, for containers without a command.
  public var entrypoints: ImageEntrypoints

  public var name: String { "host" }

  /// - Parameter gracePeriod: the time between SIGTERM and SIGKILL when a run is stopped; 5
  ///   seconds by default (Kubernetes gives 30).
  /// - Parameter entrypoints: what runs for a container that gives no command, by image.
  public init(gracePeriod: Duration = .seconds(5), entrypoints: ImageEntrypoints = ImageEntrypoints()) {
    self.gracePeriod = gracePeriod
    self.entrypoints = entrypoints
  }

  /// The script's file in the node's folder.
  static let scriptFileName = "script"

  /// How scratch working directories begin: in `/dev/shm` (memory) when it can be written,
  /// else in the system's temporary folder.
  static let scratchPrefix: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
    return (base as NSString).appendingPathComponent("hera-work-\(getpid())-")
  }()

  /// Runs the pod's command to its end, or until the deadline or the task's cancellation.
  ///
  /// - Returns: the exit code and output; `failure` and `reason` say why a run was stopped or
  ///   could not start.
  /// - Throws: `CancellationError` when cancelled before it started; `RunnerError` when the pod
  ///   cannot be run here at all (no command, a working directory that does not exist here, the
  ///   node's folder or log file cannot be written).
  public func run(_ pod: PodRequest) async throws -> PodOutcome {
    try Task.checkCancellation()
    let mapping = PathMapping(pod.mounts)
    let nodeDirectory = pod.nodeDirectory.standardizedFileURL
    let temporaryDirectory = pod.temporaryDirectory ?? nodeDirectory.appendingPathComponent("tmp", isDirectory: true)
    if access(temporaryDirectory.path, F_OK) != 0 { try createDirectory(temporaryDirectory) }
    let output = PodOutputRecorder(logFile: pod.logFile)

    var environment = ContainerEnvironment(pod.environment)
    // An image's entrypoint named with --image-entrypoint is a program of this machine, not a
    // path of the container: it is not rewritten (a program under /tmp is not the container's /tmp).
    let command =
      pod.command.isEmpty
      ? entrypoints.entrypoint(for: pod.image) ?? [] : pod.command.map { mapping.rewrite(environment.expand($0)) }
    var arguments = pod.args.map { mapping.rewrite(environment.expand($0)) }
    for (name, value) in environment.variables { environment.set(name, to: mapping.rewrite(value)) }
    guard !command.isEmpty else {
      throw RunnerError(
        "template \"\(pod.templateName)\" gives no command; on this machine the entrypoint of image \(pod.image) is not known",
        hint:
          "give the container a command, name a program for the image with --image-entrypoint \(pod.image)=PROGRAM, or run it in a container (--runner podman)"
      )
    }
    if let source = pod.scriptSource {
      try createDirectory(nodeDirectory)
      let scriptFile = nodeDirectory.appendingPathComponent(Self.scriptFileName)
      do {
        try Data(mapping.rewrite(source).utf8).write(to: scriptFile)
        // Executable, as Argo's executor leaves it: `command: [sh, -c]` runs the file itself.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scriptFile.path)
      } catch {
        throw RunnerError(
          "could not write the script of template \"\(pod.templateName)\" to \(scriptFile.path): \(error.localizedDescription)")
      }
      arguments.append(scriptFile.path)
    }

    let (workingDirectory, scratch) = try self.workingDirectory(of: pod, mapping: mapping, nodeDirectory: nodeDirectory)
    defer {
      // Empty, mostly: removed with one call, else with what the process left in it.
      if let scratch, rmdir(scratch) != 0 { try? FileManager.default.removeItem(atPath: scratch) }
    }
    let processEnvironment = Self.hostEnvironment(temporaryDirectory: temporaryDirectory.path) + environment.variables
    let path = processEnvironment.last(where: { $0.name == "PATH" })?.value ?? ""

    let executable: String
    switch Self.findExecutable(command[0], path: path, workingDirectory: workingDirectory) {
    case .success(let found):
      executable = found
    case .failure(let problem):
      return startFailure(
        "failed to find name in PATH: \(problem)", pod: pod, output: output,
        hint:
          "the command \(command[0]) of template \"\(pod.templateName)\" is not on this machine's PATH; install it, or run with --runner podman"
      )
    }

    // The program, not its arguments: `$(NAME)` may have put a Secret's value in them.
    let held = command.count - 1 + arguments.count
    EngineLog.logger.debug("running \(executable) (\(held) argument\(held == 1 ? "" : "s") not shown)")
    let launch = ProcessLaunch(
      executablePath: executable, arguments: command + arguments,
      environment: processEnvironment.map { "\($0.name)=\($0.value)" }, workingDirectory: workingDirectory)
    let gracePeriod = self.gracePeriod
    var status: Int32 = 0
    var stopped: StopReason?
    let started = ContinuousClock.now
    // A container set's retries run the command again in the same working directory.
    for run in 1...max(1, pod.runs) {
      if run > 1 {
        do {
          try await Task.sleep(for: pod.runDelay)
        } catch {
          stopped = .cancelled
          break
        }
      }
      let process: ChildProcess
      do {
        process = try ChildProcess.start(launch, output: output)
      } catch {
        return startFailure("failed to start command: \(error)", pod: pod, output: output, hint: nil)
      }
      let stop = StopRequest { _ in
        process.signalGroup(SIGTERM)
        // A dispatch timer, not a task: it fires even when every cooperative thread is busy.
        let (seconds, attoseconds) = gracePeriod.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { process.signalGroup(SIGKILL) }
      }
      // The deadline is the pod's, over every run. It is also kept by the thread that reads the
      // output, should every cooperative thread be busy when the timer's task should run.
      let deadline = pod.deadline.map { $0 - started.duration(to: .now) }
      if let deadline { process.stop(at: .now + deadline) { stop.request(.deadlineExceeded) } }
      status = await awaitCompletion(of: process, deadline: deadline, stop: stop)
      stopped = stop.current
      if stopped != nil || ChildProcess.exitCode(fromWaitStatus: status) == 0 { break }
    }
    return podOutcome(waitStatus: status, output: output, stoppedBecause: stopped, gracePeriod: gracePeriod)
  }

  private func startFailure(_ message: String, pod: PodRequest, output: PodOutputRecorder, hint: String?) -> PodOutcome {
    let failure = hint.map { "\(message) (\($0))" } ?? message
    output.writeNote(failure)
    return PodOutcome(exitCode: 64, standardOutput: "", failure: failure, reason: .startError)
  }

  /// The working directory, and the scratch folder to remove after the run when it is one.
  private func workingDirectory(of pod: PodRequest, mapping: PathMapping, nodeDirectory: URL) throws -> (String, String?) {
    guard let declared = pod.workingDirectory, !declared.isEmpty else {
      // The node's folder when it has one (a script, inputs, outputs at the container's root);
      // else a scratch folder, on a memory file system when there is one, removed afterwards,
      // as a container's own files are: making a folder on disk for each of thousands of small
      // commands cost more than running them.
      if access(nodeDirectory.path, F_OK) == 0 { return (nodeDirectory.path, nil) }
      let scratch = Self.scratchPrefix + "\(pod.podName)-\(UInt32.random(in: 0...UInt32.max))"
      try createDirectory(URL(fileURLWithPath: scratch, isDirectory: true))
      return (scratch, scratch)
    }
    let mapped = mapping.rewrite(declared)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: mapped, isDirectory: &isDirectory), isDirectory.boolValue {
      return (mapped, nil)
    }
    // Container runtimes create a missing working directory; here that is only right inside
    // the run's own folders.
    if mapping.covers(declared) {
      try createDirectory(URL(fileURLWithPath: mapped, isDirectory: true))
      return (mapped, nil)
    }
    throw RunnerError(
      "the working directory \(declared) of template \"\(pod.templateName)\" does not exist on this machine, and it is not under a mount",
      hint: "mount a volume or artifact there, or run it in a container (--runner podman)")
  }

  private func createDirectory(_ directory: URL) throws(RunnerError) {
    do {
      try Folders.make(directory)
    } catch {
      throw RunnerError("could not create \(directory.path): \(error.localizedDescription)")
    }
  }

  /// What of this program's environment a process gets: `PATH`, `HOME`, `LANG`, and `TMPDIR`.
  static func hostEnvironment(temporaryDirectory: String) -> [(name: String, value: String)] {
    inherited + [("TMPDIR", temporaryDirectory)]
  }

  /// `PATH`, `HOME` and `LANG` of this program, read once: the environment is read as a whole
  /// each time it is asked for.
  static let inherited: [(name: String, value: String)] = {
    let parent = ProcessInfo.processInfo.environment
    var environment: [(name: String, value: String)] = [
      ("PATH", parent["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
    ]
    for name in ["HOME", "LANG"] {
      if let value = parent[name] { environment.append((name, value)) }
    }
    return environment
  }()

  /// Finds a command as `execvp` would, in the child's `PATH`; a name with a slash is taken as a
  /// path (relative to the working directory). The failure is worded as Go's `exec.LookPath`
  /// words it in Argo's executor.
  static func findExecutable(_ name: String, path: String, workingDirectory: String) -> Result<String, LookupFailure> {
    func isExecutableFile(_ candidate: String) -> Int32? {
      var info = stat()
      guard stat(candidate, &info) == 0 else { return ENOENT }
      guard info.st_mode & S_IFMT != S_IFDIR, access(candidate, X_OK) == 0 else { return EACCES }
      return nil
    }
    if name.contains("/") {
      let candidate = name.hasPrefix("/") ? name : workingDirectory + "/" + name
      switch isExecutableFile(candidate) {
      case nil: return .success(candidate)
      case ENOENT: return .failure(LookupFailure("exec: \"\(name)\": stat \(name): no such file or directory"))
      default: return .failure(LookupFailure("exec: \"\(name)\": permission denied"))
      }
    }
    if !name.isEmpty {
      for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
        let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
        if isExecutableFile(candidate) == nil { return .success(candidate) }
      }
    }
    return .failure(LookupFailure("exec: \"\(name)\": executable file not found in $PATH"))
  }

  /// Why a command was not found.
  struct LookupFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
