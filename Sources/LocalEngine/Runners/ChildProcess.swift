import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What to start: an executable already found, its arguments (with `argv[0]`), its whole
/// environment and its working directory.
struct ProcessLaunch: Sendable {
  var executablePath: String
  var arguments: [String]
  var environment: [String]
  var workingDirectory: String?
}

/// Why `posix_spawn` refused.
struct SpawnFailure: Error, Sendable, CustomStringConvertible {
  var code: Int32
  var executablePath: String

  var description: String { "fork/exec \(executablePath): \(String(cString: strerror(code)))" }
}

/// A process in a process group of its own, with standard input from /dev/null and its output
/// read by a thread of its own.
///
/// Nothing here blocks a task: a dedicated thread waits for the process and another reads its
/// output, and `completion()` suspends on a continuation they resume. The group is what makes a
/// process and everything it started stoppable at once: Ctrl-C at the terminal does not reach
/// it (it is not the terminal's foreground group), so the engine decides when it stops.
final class ChildProcess: Sendable {
  let pid: pid_t

  private struct State {
    var reaped = false
    var waitStatus: Int32 = 0
    var outputFinished = false
    /// Set when the process has ended: past it, output still held open by a process that left
    /// the group is given up.
    var abandonOutputAt: ContinuousClock.Instant?
    var completion: CheckedContinuation<Int32, Never>?
    /// When the process must be stopped, and how: called once, from the thread that reads its
    /// output, so that a deadline does not depend on Swift's cooperative threads being free.
    var deadline: (at: ContinuousClock.Instant, action: @Sendable () -> Void)?
  }

  private let state = Mutex(State())
  /// Signalled once the process has ended and its output has been read: for `waitBlocking`.
  private let ended = DispatchSemaphore(value: 0)

  /// How long output is still read after the process (and its group) ended.
  static let outputDrainTime = Duration.seconds(2)

  private init(pid: pid_t) {
    self.pid = pid
  }

  /// Starts a process and the threads that wait for it and read its output into `output`.
  static func start(_ launch: ProcessLaunch, output: any ProcessOutputSink) throws(SpawnFailure) -> ChildProcess {
    let (pid, outputDescriptors) = try spawn(launch)
    // Should this program die before it reaps the process (kill -9, a crash), the reaper kills
    // its group: nothing of a run goes on without the run.
    Reaper.shared?.watch(group: pid)
    let process = ChildProcess(pid: pid)
    #if os(Linux)
      // One thread for both: the process's end is one more descriptor to poll (a pidfd), which
      // saves a thread per process (a large run starts thousands).
      if let processDescriptor = openProcessDescriptor(pid) {
        let monitor = Thread { process.readOutput(from: outputDescriptors, into: output, processDescriptor: processDescriptor) }
        monitor.name = "hera-process-\(pid)"
        monitor.stackSize = 256 * 1024
        monitor.start()
        return process
      }
    #endif
    let waiter = Thread { process.waitForExit() }
    waiter.name = "hera-wait-\(pid)"
    waiter.stackSize = 256 * 1024
    waiter.start()
    let reader = Thread { process.readOutput(from: outputDescriptors, into: output) }
    reader.name = "hera-output-\(pid)"
    reader.stackSize = 256 * 1024
    reader.start()
    return process
  }

  /// Waits until the process has ended and its output has been read to the end; returns the
  /// raw wait status. One caller at a time.
  func completion() async -> Int32 {
    await withCheckedContinuation { continuation in
      let finished: Int32? = state.withLock { state in
        if state.reaped && state.outputFinished { return state.waitStatus }
        state.completion = continuation
        return nil
      }
      if let finished { continuation.resume(returning: finished) }
    }
  }

  /// Calls `action` once at `instant` if the process is still running then (from the thread
  /// that reads its output).
  func stop(at instant: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) {
    state.withLock { $0.deadline = (instant, action) }
  }

  /// The deadline's action, once, when it has come and the process still runs.
  private func deadlineDue() -> (@Sendable () -> Void)? {
    state.withLock { state in
      guard let deadline = state.deadline, !state.reaped, ContinuousClock.now >= deadline.at else { return nil }
      state.deadline = nil
      return deadline.action
    }
  }

  /// Whether the process has ended and been reaped.
  var hasExited: Bool { state.withLock { $0.reaped } }

  /// Sends `signal` to the process's group; nothing once the process has been reaped, when its
  /// id may belong to another process already.
  @discardableResult
  func signalGroup(_ signal: Int32) -> Bool {
    state.withLock { state in
      guard !state.reaped else { return false }
      return killpg(pid, signal) == 0
    }
  }

  /// The exit code a shell would report: the status, or 128 + the signal that ended it.
  static func exitCode(fromWaitStatus status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  // MARK: - The threads

  private func waitForExit() {
    let (continuation, status) = reap()
    continuation?.resume(returning: status)
  }

  /// Waits for the process to end (at once when it has), kills what is left of its group and
  /// reaps it; returns the continuation to resume when its output has been read too.
  private func reap() -> (CheckedContinuation<Int32, Never>?, Int32) {
    var info = siginfo_t()
    // WNOWAIT leaves the process a zombie: its id, and so its group's, stays reserved while the
    // rest of the group is killed below.
    while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
    return state.withLock { state in
      // In a container the main process's end is the end of every process in it; here the
      // rest of the group follows the main process, so that nothing lingers holding the
      // output open or writing into the run's folders.
      killpg(pid, SIGKILL)
      // Told before the id is released, so that the reaper never kills a group of another.
      Reaper.shared?.forget(group: pid)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      state.reaped = true
      state.waitStatus = status
      state.abandonOutputAt = .now + Self.outputDrainTime
      guard state.outputFinished else { return (nil, status) }
      ended.signal()
      defer { state.completion = nil }
      return (state.completion, status)
    }
  }

  /// Reads the output to its end; with `processDescriptor` (a pidfd), reaps the process when it
  /// ends too, on this same thread.
  private func readOutput(from descriptors: (Int32, Int32), into output: any ProcessOutputSink, processDescriptor: Int32? = nil) {
    var open: [(descriptor: Int32, stream: ProcessStream)] = [
      (descriptors.0, .standardOutput), (descriptors.1, .standardError),
    ]
    var processDescriptor = processDescriptor
    var reaped: (CheckedContinuation<Int32, Never>?, Int32)?
    let bufferSize = 64 * 1024
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)
    defer { buffer.deallocate() }
    func finish(_ index: Int) {
      _ = closeDescriptor(open[index].descriptor)
      output.finish(open[index].stream)
      open.remove(at: index)
    }
    while !open.isEmpty || processDescriptor != nil {
      var polled = open.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
      if let processDescriptor { polled.append(pollfd(fd: processDescriptor, events: Int16(POLLIN), revents: 0)) }
      // A timeout, so that output held open by a process that escaped the group (setsid) cannot
      // hold the run forever once the process has ended.
      let ready = poll(&polled, nfds_t(polled.count), 100)
      deadlineDue()?()
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      if ready == 0 {
        let abandonAt = state.withLock { $0.abandonOutputAt }
        if let abandonAt, ContinuousClock.now >= abandonAt { break }
        continue
      }
      if let descriptor = processDescriptor, polled[polled.count - 1].revents != 0 {
        reaped = reap()
        _ = closeDescriptor(descriptor)
        processDescriptor = nil
      }
      for index in open.indices.reversed() where polled[index].revents != 0 {
        let count = read(open[index].descriptor, buffer, bufferSize)
        if count > 0 {
          output.receive(UnsafeRawBufferPointer(start: buffer, count: count), from: open[index].stream)
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
          finish(index)
        }
      }
    }
    while !open.isEmpty { finish(open.count - 1) }
    if let descriptor = processDescriptor {
      // Polling failed: wait for the end here.
      reaped = reap()
      _ = closeDescriptor(descriptor)
    }
    reaped?.0?.resume(returning: reaped?.1 ?? 0)
    let (continuation, status) = state.withLock { state -> (CheckedContinuation<Int32, Never>?, Int32) in
      state.outputFinished = true
      guard state.reaped else { return (nil, 0) }
      ended.signal()
      defer { state.completion = nil }
      return (state.completion, state.waitStatus)
    }
    continuation?.resume(returning: status)
  }

  // MARK: - Spawning

  /// Serialises the creation of pipes and the spawn: pipes are made close-on-exec in two steps
  /// (pipe2 is not visible to Swift), and no other spawn of ours may inherit them in between.
  static let spawnLock = Mutex(())

  private static func spawn(_ launch: ProcessLaunch) throws(SpawnFailure) -> (pid_t, (Int32, Int32)) {
    let arguments = launch.arguments.map { strdup($0) } + [nil]
    let environment = launch.environment.map { strdup($0) } + [nil]
    defer {
      for pointer in arguments { free(pointer) }
      for pointer in environment { free(pointer) }
    }
    let result: Result<(pid_t, (Int32, Int32)), SpawnFailure> = spawnLock.withLock { _ in
      var standardOutput: [Int32] = [-1, -1]
      var standardError: [Int32] = [-1, -1]
      guard pipe(&standardOutput) == 0 else { return .failure(SpawnFailure(code: errno, executablePath: launch.executablePath)) }
      guard pipe(&standardError) == 0 else {
        let code = errno
        _ = closeDescriptor(standardOutput[0])
        _ = closeDescriptor(standardOutput[1])
        return .failure(SpawnFailure(code: code, executablePath: launch.executablePath))
      }
      for descriptor in standardOutput + standardError { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

      #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
      #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
      #endif
      posix_spawn_file_actions_init(&actions)
      posix_spawnattr_init(&attributes)
      defer {
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
      }
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_adddup2(&actions, standardOutput[1], 1)
      posix_spawn_file_actions_adddup2(&actions, standardError[1], 2)
      if let directory = launch.workingDirectory {
        guard addChangeDirectory(&actions, directory) == 0 else {
          for descriptor in standardOutput + standardError { _ = closeDescriptor(descriptor) }
          return .failure(SpawnFailure(code: ENOSYS, executablePath: launch.executablePath))
        }
      }
      var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
      #if canImport(Darwin)
        // Darwin closes every descriptor not named in the actions.
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
      #else
        // Descriptors of the rest of the program that are not close-on-exec stay out of the child.
        _ = addCloseFrom(&actions, 3)
      #endif
      posix_spawnattr_setflags(&attributes, Int16(flags))
      posix_spawnattr_setpgroup(&attributes, 0)
      // The child starts with no signal blocked and every signal at its default: the parent may
      // ignore SIGPIPE or SIGINT, and a child that inherits that behaves unlike in a container.
      var signals = sigset_t()
      sigemptyset(&signals)
      posix_spawnattr_setsigmask(&attributes, &signals)
      sigfillset(&signals)
      posix_spawnattr_setsigdefault(&attributes, &signals)

      var pid: pid_t = 0
      let code = posix_spawn(&pid, launch.executablePath, &actions, &attributes, arguments, environment)
      _ = closeDescriptor(standardOutput[1])
      _ = closeDescriptor(standardError[1])
      guard code == 0 else {
        _ = closeDescriptor(standardOutput[0])
        _ = closeDescriptor(standardError[0])
        return .failure(SpawnFailure(code: code, executablePath: launch.executablePath))
      }
      return .success((pid, (standardOutput[0], standardError[0])))
    }
    return try result.get()
  }

  #if os(Linux)
    private typealias ProcessDescriptorOpen = @convention(c) (pid_t, UInt32) -> Int32
    // glibc 2.36 has pidfd_open; an older one, or a kernel before 5.3, gives nothing, and the
    // process is waited for by a thread of its own.
    private static let processDescriptorOpen: ProcessDescriptorOpen? =
      dlsym(nil, "pidfd_open").map { unsafeBitCast($0, to: ProcessDescriptorOpen.self) }

    /// A descriptor that becomes readable when the process ends, made close-on-exec.
    private static func openProcessDescriptor(_ pid: pid_t) -> Int32? {
      guard let processDescriptorOpen else { return nil }
      let descriptor = processDescriptorOpen(pid, 0)
      guard descriptor >= 0 else { return nil }
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
      return descriptor
    }
  #endif

  #if canImport(Darwin)
    private static func addChangeDirectory(
      _ actions: inout posix_spawn_file_actions_t?, _ directory: String
    ) -> Int32 {
      posix_spawn_file_actions_addchdir_np(&actions, directory)
    }
  #else
    private typealias ChangeDirectoryAction =
      @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
      ) -> Int32
    private typealias CloseFromAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    // glibc declares these only for _GNU_SOURCE, which Swift's Glibc module does not set; they
    // exist since glibc 2.29 (chdir) and 2.34 (closefrom), so they are looked up at run time.
    private static let changeDirectoryAction: ChangeDirectoryAction? =
      dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: ChangeDirectoryAction.self) }
    private static let closeFromAction: CloseFromAction? =
      dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: CloseFromAction.self) }

    private static func addChangeDirectory(_ actions: inout posix_spawn_file_actions_t, _ directory: String) -> Int32 {
      guard let changeDirectoryAction else { return ENOSYS }
      return changeDirectoryAction(&actions, directory)
    }

    static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) -> Int32 {
      guard let closeFromAction else { return ENOSYS }
      return closeFromAction(&actions, lowest)
    }
  #endif
}

// MARK: - Short commands

/// How a short command of the runner's own ended.
struct CommandResult: Sendable {
  var exitCode: Int32
  var standardOutput: String
  var standardError: String
  var timedOut: Bool
}

extension ChildProcess {
  /// Waits on this thread until the process has ended and its output has been read; the whole
  /// group is killed when that takes longer than `timeout`, or when `isCancelled` (asked every
  /// tenth of a second) says so. Returns the wait status, and whether it was killed for its
  /// time.
  ///
  /// For work that cannot await (preparing a pod's inputs): the waiting is done by the
  /// process's own threads, never by Swift's cooperative ones.
  func waitBlocking(timeout: Duration, isCancelled: () -> Bool = { false }) -> (status: Int32, timedOut: Bool) {
    let limit = ContinuousClock.now + timeout
    var timedOut = false
    while ended.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
      if ContinuousClock.now >= limit || isCancelled() {
        timedOut = ContinuousClock.now >= limit
        signalGroup(SIGKILL)
        ended.wait()
        break
      }
    }
    ended.signal()
    return (state.withLock { $0.waitStatus }, timedOut)
  }

  /// Runs a short command (`podman info`, `podman kill`) with this program's environment, and
  /// collects its output; killed when it outlasts `timeout` or the task is cancelled.
  static func runCommand(
    _ executablePath: String, _ arguments: [String], timeout: Duration
  ) async throws(SpawnFailure) -> CommandResult {
    let output = CapturedOutput()
    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    let launch = ProcessLaunch(
      executablePath: executablePath, arguments: [executablePath] + arguments, environment: environment)
    let process = try start(launch, output: output)
    let timedOut = Mutex(false)
    let timer = Task {
      do {
        try await Task.sleep(for: timeout)
        timedOut.withLock { $0 = true }
        process.signalGroup(SIGKILL)
      } catch {}
    }
    let status = await withTaskCancellationHandler {
      await process.completion()
    } onCancel: {
      process.signalGroup(SIGKILL)
    }
    timer.cancel()
    return CommandResult(
      exitCode: exitCode(fromWaitStatus: status), standardOutput: output.standardOutput,
      standardError: output.standardError, timedOut: timedOut.withLock { $0 })
  }
}
