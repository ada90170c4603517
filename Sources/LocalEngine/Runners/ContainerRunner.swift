import ArgoModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a pod's main container in a container, through podman's or docker's command line.
///
/// The pod becomes one `run --rm` of the engine, attached, so that its output is read exactly as
/// the host runner reads a process's: the same kubelet-stamped log lines and the same result.
///
/// - **Command and arguments**, as Kubernetes gives them to the runtime: `command` replaces the
///   image's entrypoint (its first word becomes `--entrypoint`, the rest come before `args`),
///   `args` replace the image's default arguments; with neither, the image's own defaults run.
///   `$(NAME)` references are expanded by the runner, as the kubelet would.
/// - **Scripts.** The source is written to `script` in the node's folder and mounted read-only
///   at `/argo/staging/script`, which is appended after `args`, as Argo does.
/// - **Mounts** become bind mounts (`-v host:container[:ro]`); a missing host folder is created.
/// - **Environment.** The variables go through a file in the node's folder, readable by its
///   owner only and removed when the container has ended, so that their values never appear in
///   the process list. A value with a line break, which such a file cannot hold, reaches the
///   engine through its own environment instead.
/// - **Network.** The host's (`--network host`), so that services listening on 127.0.0.1 here
///   are reachable, as they would be from a pod's sidecar.
/// - **Limits.** `resources.limits` of CPU and memory become `--cpus` and `--memory`.
/// - **Images** are never pulled: an image that is not in the engine's store is an error that
///   says to pull it or to map it to one that is (`--image-map`).
/// - **Stopping.** The deadline and cancellation send SIGTERM to the container (`kill`), then
///   SIGKILL after `gracePeriod`, and the container is removed in every case.
/// - **A command that is not in the image** ends the pod as Argo's executor ends it: exit code 64
///   and `failed to find name in PATH: ...`, with a hint.
public struct ContainerRunner: PodRunner {
  /// The engine that runs the containers.
  public let engine: ContainerEngine
  /// How long a stopped container has between SIGTERM and SIGKILL.
  public var gracePeriod: Duration

  /// `podman` or `docker`.
  public var name: String { engine.kind.rawValue }

  /// Where a script's source is in the container, as in Argo.
  public static let scriptPath = "/argo/staging/script"

  /// - Parameters:
  ///   - engine: podman or docker, as found by ``ContainerEngine/detect(preferring:path:timeout:)``.
  ///   - gracePeriod: the time between SIGTERM and SIGKILL when a container is stopped; 5
  ///     seconds by default (Kubernetes gives 30).
  public init(engine: ContainerEngine, gracePeriod: Duration = .seconds(5)) {
    self.engine = engine
    self.gracePeriod = gracePeriod
  }

  /// Runs the pod's container to its end, or until the deadline or the task's cancellation.
  ///
  /// - Returns: the exit code and output; `failure` and `reason` say why a run was stopped or
  ///   could not start.
  /// - Throws: `CancellationError` when cancelled before the container started; `RunnerError`
  ///   when it cannot be run at all (the image is not here, the engine failed, the node's
  ///   folder cannot be written).
  public func run(_ pod: PodRequest) async throws -> PodOutcome {
    try Task.checkCancellation()
    guard await engine.imageExists(pod.image) else {
      throw RunnerError(
        "image \(pod.image) of template \"\(pod.templateName)\" is not among \(engine.kind)'s images, and a local run does not pull",
        hint: "pull it (\(engine.kind) pull \(pod.image)), or map it to an image that is here with --image-map \(pod.image)=IMAGE")
    }
    try Task.checkCancellation()

    let nodeDirectory = pod.nodeDirectory.standardizedFileURL
    try createDirectory(nodeDirectory)
    let output = PodOutputRecorder(logFile: pod.logFile)
    let containerName = Self.containerName(for: pod.podName)
    // A container set's retries start the same container again (its files kept): it is kept
    // between runs, and removed after the last.
    let reruns = pod.runs > 1
    let plan = try invocation(for: pod, containerName: containerName, nodeDirectory: nodeDirectory, keepContainer: reruns)
    defer { try? FileManager.default.removeItem(at: plan.environmentFile) }
    // The engine's client dies with this program, but its container would not: the reaper
    // removes it should this program die first.
    Reaper.shared?.watch(container: containerName, engine: engine.executablePath)
    defer { Reaper.shared?.forget(container: containerName) }

    var status: Int32 = 0
    var stopped: StopReason?
    var engineFailed: PodOutcome?
    let started = ContinuousClock.now
    for run in 1...max(1, pod.runs) {
      if run > 1 {
        do {
          try await Task.sleep(for: pod.runDelay)
        } catch {
          stopped = .cancelled
          break
        }
      }
      let arguments = run == 1 ? plan.arguments : ["start", "--attach", containerName]
      EngineLog.logger.debug("\(engine.kind) \((run == 1 ? plan.loggedArguments : arguments).joined(separator: " "))")
      let launch = ProcessLaunch(
        executablePath: engine.executablePath, arguments: [engine.executablePath] + arguments,
        environment: plan.engineEnvironment, workingDirectory: nodeDirectory.path)
      let process: ChildProcess
      do {
        process = try ChildProcess.start(launch, output: output)
      } catch {
        if run > 1 { await Task.detached { [engine] in await Self.removeContainer(containerName, engine: engine) }.value }
        throw RunnerError("could not start \(engine.executablePath): \(error)")
      }
      let stop = StopRequest { [engine, gracePeriod] _ in
        Task.detached {
          await Self.stopContainer(containerName, engine: engine, process: process, gracePeriod: gracePeriod)
        }
      }
      // The deadline is the pod's, over every run.
      let deadline = pod.deadline.map { $0 - started.duration(to: .now) }
      if let deadline { process.stop(at: .now + deadline) { stop.request(.deadlineExceeded) } }
      status = await awaitCompletion(of: process, deadline: deadline, stop: stop)
      stopped = stop.current
      let exitCode = ChildProcess.exitCode(fromWaitStatus: status)
      if stopped == nil, let failure = try engineFailure(exitCode: exitCode, output: output, pod: pod) {
        engineFailed = failure
        break
      }
      if stopped != nil || exitCode == 0 { break }
    }
    if stopped != nil || reruns {
      // The engine's client may have been killed before it could remove the container. This
      // task is cancelled, and a cancelled task would kill the `rm` half-way (podman then
      // leaves the container "stopping"): it runs in a task of its own.
      await Task.detached { [engine] in await Self.removeContainer(containerName, engine: engine) }.value
    }
    if let engineFailed { return engineFailed }
    return podOutcome(waitStatus: status, output: output, stoppedBecause: stopped, gracePeriod: gracePeriod)
  }

  // MARK: - The command line

  struct Invocation {
    var arguments: [String]
    /// The arguments as a log shows them: the container's own command line is counted, not
    /// shown, as `$(NAME)` may have put a Secret's value in it.
    var loggedArguments: [String]
    var engineEnvironment: [String]
    var environmentFile: URL
  }

  /// The engine's arguments for `pod`, with the files they refer to written.
  func invocation(for pod: PodRequest, containerName: String, nodeDirectory: URL, keepContainer: Bool = false) throws -> Invocation {
    let environment = ContainerEnvironment(pod.environment)
    let command = pod.command.map { environment.expand($0) }
    var arguments = pod.args.map { environment.expand($0) }
    var options = ["run"] + (keepContainer ? [] : ["--rm"]) + ["--name", containerName, "--network", "host", "--pull", "never"]
    if engine.kind == .podman, let hostname = Self.hostname(for: pod.podName) {
      options += ["--hostname", hostname]
    }

    var mounts = pod.mounts
    if let source = pod.scriptSource {
      let scriptFile = nodeDirectory.appendingPathComponent(HostRunner.scriptFileName)
      do {
        try Data(source.utf8).write(to: scriptFile)
        // Executable, as Argo's executor leaves it: `command: [sh, -c]` runs the file itself.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scriptFile.path)
      } catch {
        throw RunnerError(
          "could not write the script of template \"\(pod.templateName)\" to \(scriptFile.path): \(error.localizedDescription)")
      }
      mounts.append(Mount(containerPath: Self.scriptPath, hostPath: scriptFile, readOnly: true))
      arguments.append(Self.scriptPath)
    }
    for mount in mounts {
      let host = mount.hostPath.standardizedFileURL
      if !FileManager.default.fileExists(atPath: host.path) { try createDirectory(host) }
      options += ["--volume", "\(host.path):\(mount.containerPath)\(mount.readOnly ? ":ro" : "")"]
    }

    if let workingDirectory = pod.workingDirectory, !workingDirectory.isEmpty {
      // podman does not create a missing working directory; under a mount it can be made here.
      let mapping = PathMapping(mounts)
      if mapping.covers(workingDirectory) {
        let host = URL(fileURLWithPath: mapping.rewrite(workingDirectory), isDirectory: true)
        if !FileManager.default.fileExists(atPath: host.path) { try createDirectory(host) }
      }
      options += ["--workdir", workingDirectory]
    }
    if let cpu = pod.cpuLimit {
      guard let cpus = ResourceQuantity.cpus(cpu) else {
        throw RunnerError(
          "template \"\(pod.templateName)\": the CPU limit \(cpu) is not a Kubernetes quantity", hint: "write it as 500m or 2")
      }
      if cpus > 0 { options += ["--cpus", String(cpus)] }
    }
    if let memory = pod.memoryLimit {
      guard let bytes = ResourceQuantity.bytes(memory) else {
        throw RunnerError(
          "template \"\(pod.templateName)\": the memory limit \(memory) is not a Kubernetes quantity", hint: "write it as 512Mi or 1G")
      }
      if bytes > 0 { options += ["--memory", String(bytes)] }
    }

    let (environmentFile, passedThrough) = try writeEnvironmentFile(environment, in: nodeDirectory, pod: pod)
    options += ["--env-file", environmentFile.path]

    let held: Int
    if let entrypoint = command.first {
      options += ["--entrypoint", entrypoint, pod.image] + command.dropFirst() + arguments
      held = command.count - 1 + arguments.count
    } else {
      options += [pod.image] + arguments
      held = arguments.count
    }
    let logged = options.dropLast(held) + (held > 0 ? ["(\(held) argument\(held == 1 ? "" : "s") not shown)"] : [])

    var engineEnvironment = ProcessInfo.processInfo.environment
    for (name, value) in passedThrough { engineEnvironment[name] = value }
    return Invocation(
      arguments: options, loggedArguments: Array(logged), engineEnvironment: engineEnvironment.map { "\($0.key)=\($0.value)" },
      environmentFile: environmentFile)
  }

  /// Writes the variables to a new file of the node's folder that only its owner can read. A
  /// value with a line break is named in the file without a value, which makes the engine take
  /// it from its own environment: those are returned, for the engine's environment.
  private func writeEnvironmentFile(
    _ environment: ContainerEnvironment, in directory: URL, pod: PodRequest
  ) throws -> (URL, [(name: String, value: String)]) {
    var text = ""
    var passedThrough: [(name: String, value: String)] = []
    for (name, value) in environment.variables {
      guard !name.isEmpty, !name.contains("="), !name.contains("\n"), !name.contains("\0"), !name.hasPrefix("#"),
        name.first?.isWhitespace != true
      else {
        throw RunnerError("template \"\(pod.templateName)\": \"\(name)\" is not a usable environment variable name")
      }
      if value.contains("\n") || value.contains("\r") || value.contains("\0") {
        passedThrough.append((name, value))
        text += "\(name)\n"
      } else {
        text += "\(name)=\(value)\n"
      }
    }
    let file = directory.appendingPathComponent(".env-\(UUID().uuidString.prefix(8).lowercased())")
    let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw RunnerError("could not create the environment file \(file.path): \(String(cString: strerror(errno)))")
    }
    FileDescriptorWriting.writeFully(Array(text.utf8), to: descriptor)
    _ = closeDescriptor(descriptor)
    return (file, passedThrough)
  }

  /// A container name of the pod's name and a random part, unique among concurrent runs.
  static func containerName(for podName: String) -> String {
    var base = String(podName.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") ? $0 : "-" })
    if base.count > 100 { base = String(base.prefix(100)) }
    if base.isEmpty { base = "pod" }
    return "hera-\(base)-\(UUID().uuidString.prefix(8).lowercased())"
  }

  /// The pod's name as a host name, as Kubernetes cuts it (63 characters, no trailing `-` or
  /// `.`); nil when nothing usable is left.
  static func hostname(for podName: String) -> String? {
    var name = Substring(podName.lowercased().prefix(63))
    while let last = name.last, last == "-" || last == "." { name = name.dropLast() }
    guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return nil }
    return String(name)
  }

  private func createDirectory(_ directory: URL) throws(RunnerError) {
    do {
      try Folders.make(directory)
    } catch {
      throw RunnerError("could not create \(directory.path): \(error.localizedDescription)")
    }
  }

  // MARK: - Stopping

  /// SIGTERM to the container, SIGKILL after the grace period; retried while the container is
  /// still being created. The engine's client is killed last if it still has not ended.
  static func stopContainer(_ name: String, engine: ContainerEngine, process: ChildProcess, gracePeriod: Duration) async {
    let killAt = ContinuousClock.now + gracePeriod
    var terminated = false
    while !process.hasExited, ContinuousClock.now < killAt {
      if !terminated {
        terminated = await engine.command(["kill", "--signal", "TERM", name], timeout: .seconds(10))?.exitCode == 0
      }
      try? await Task.sleep(for: .milliseconds(100))
    }
    guard !process.hasExited else { return }
    _ = await engine.command(["kill", "--signal", "KILL", name], timeout: .seconds(10))
    let giveUpAt = ContinuousClock.now + .seconds(10)
    while !process.hasExited, ContinuousClock.now < giveUpAt {
      try? await Task.sleep(for: .milliseconds(100))
      if !process.hasExited { _ = await engine.command(forceRemoval(of: name, engine: engine), timeout: .seconds(10)) }
    }
    process.signalGroup(SIGKILL)
  }

  /// Removes a container, retrying while the engine is busy with it; a container that is not
  /// there is fine.
  static func removeContainer(_ name: String, engine: ContainerEngine) async {
    for attempt in 0..<5 {
      if attempt > 0 { try? await Task.sleep(for: .milliseconds(200 * attempt)) }
      guard let result = await engine.command(forceRemoval(of: name, engine: engine), timeout: .seconds(20)) else { continue }
      if result.exitCode == 0 || result.standardError.lowercased().contains("no such container") { return }
    }
  }

  /// `rm -f` at once: podman's would first wait for the container's stop timeout (10 s) after
  /// SIGTERM, which the first process of a container often ignores.
  static func forceRemoval(of name: String, engine: ContainerEngine) -> [String] {
    engine.kind == .podman ? ["rm", "--force", "--time", "0", name] : ["rm", "--force", name]
  }

  // MARK: - The engine's own failures

  /// The outcome of a run that the engine, not the container, ended (exit codes 125 to 127 with
  /// the engine's error as the last line of standard error); nil for the container's own end.
  /// - Throws: `RunnerError` when the image is missing or the engine failed otherwise.
  func engineFailure(exitCode: Int32, output: PodOutputRecorder, pod: PodRequest) throws -> PodOutcome? {
    guard (125...127).contains(exitCode) else { return nil }
    let line = output.lastErrorLine
    let engineError: Substring
    if line.hasPrefix("Error: ") {
      engineError = line.dropFirst("Error: ".count)
    } else if line.hasPrefix("docker: ") {
      engineError = line.dropFirst("docker: ".count)
    } else {
      return nil
    }
    let commandName = pod.command.first ?? "the image's entrypoint"
    if let exec = engineError.firstMatch(
      of: #/exec: "[^"]*": (executable file not found in \$PATH|no such file or directory|permission denied)/#)
    {
      let failure =
        "failed to find name in PATH: \(exec.output.0) (the command \(commandName) of template \"\(pod.templateName)\" is not in image \(pod.image); use an image that has it (--image-map), or run with --runner host)"
      output.writeNote(failure)
      return PodOutcome(exitCode: 64, standardOutput: "", failure: failure, reason: .startError)
    }
    if engineError.contains("image not known") || engineError.contains("No such image") || engineError.contains("Unable to find image") {
      throw RunnerError(
        "image \(pod.image) of template \"\(pod.templateName)\" is not among \(engine.kind)'s images, and a local run does not pull",
        hint: "pull it (\(engine.kind) pull \(pod.image)), or map it to an image that is here with --image-map \(pod.image)=IMAGE")
    }
    if engineError.contains("workdir"), let workingDirectory = pod.workingDirectory {
      throw RunnerError(
        "the working directory \(workingDirectory) of template \"\(pod.templateName)\" does not exist in image \(pod.image), and \(engine.kind) does not create it",
        hint: "mount a volume or artifact there, or use a working directory the image has")
    }
    throw RunnerError("\(engine.kind) could not run the container of template \"\(pod.templateName)\": \(engineError)")
  }
}
