import ArgoModel
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A run this process owns while it goes on: no other process may run it, resume it or start a
/// new run of its name until the claim is released.
///
/// The claim is an advisory lock (`flock`, exclusive) on the run's `run.lock`, held by a
/// descriptor kept open for the life of the claim. The kernel releases it when the process ends
/// in any way, `kill -9` included, so a run whose owner is gone is never blocked by it: a stale
/// `run.pid` means nothing. `run.pid` only says who holds the claim.
///
/// ```swift
/// let claim = try store.claimNewRun("hello-x7k2p")
/// defer { claim.release() }
/// ```
public final class RunClaim: Sendable {
  public let name: String
  let lockPath: String
  private let processFile: URL
  /// The lock file's descriptor, -1 once released.
  private let descriptor: Mutex<Int32>

  /// The lock files this process holds, so that the engine knows a run the command line
  /// claimed is its own (a second `flock` of the same file, even here, would be refused).
  private static let held = Mutex<Set<String>>([])

  fileprivate init(name: String, lockPath: String, processFile: URL, descriptor: Int32) {
    self.name = name
    self.lockPath = lockPath
    self.processFile = processFile
    self.descriptor = Mutex(descriptor)
    Self.held.withLock { _ = $0.insert(lockPath) }
  }

  deinit { release() }

  /// Gives the run up: `run.pid` is removed, then the lock. Later calls do nothing.
  public func release() {
    let open = descriptor.withLock { descriptor -> Int32 in
      defer { descriptor = -1 }
      return descriptor
    }
    guard open >= 0 else { return }
    unlink(processFile.path)
    Self.held.withLock { _ = $0.remove(lockPath) }
    _ = closeDescriptor(open)
  }

  static func isHeldHere(_ lockPath: String) -> Bool {
    held.withLock { $0.contains(lockPath) }
  }
}

extension RunStore {
  /// The lock whose holder owns the run (see ``RunClaim``).
  func lockFile(_ name: String) -> URL { runDirectory(name).appendingPathComponent("run.lock") }

  /// Claims a new run of this name. Its folder appears with its lock already held: it is made
  /// under another name, locked, then renamed into place, which fails when the run's folder
  /// exists; so of two commands starting the same run at once only one goes on. A folder left
  /// by a command killed before it saved anything (no status, no owner) is taken over.
  ///
  /// - Throws: `RunStoreError` when a run of that name is already in the store, going on or
  ///   not (`heldBy` says which process runs it), or when the folder cannot be made.
  public func claimNewRun(_ name: String) throws(RunStoreError) -> RunClaim {
    let runs = root.appendingPathComponent("runs")
    do {
      try Folders.make(runs)
    } catch {
      throw RunStoreError("cannot make the folder of runs: \(error.reason)", hint: error.path)
    }
    let staging = runs.appendingPathComponent(".claim-\(getpid())-\(UUID().uuidString.prefix(8))").path
    guard mkdir(staging, 0o755) == 0 else { throw RunStoreError("cannot make the folder \(staging): \(String(cString: strerror(errno)))") }
    let stagedLock = staging + "/run.lock"
    defer {
      unlink(stagedLock)
      rmdir(staging)
    }
    let descriptor = open(stagedLock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw RunStoreError("cannot make \(stagedLock): \(String(cString: strerror(errno)))") }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      _ = closeDescriptor(descriptor)
      throw RunStoreError("cannot lock \(stagedLock): \(String(cString: strerror(errno)))")
    }
    if rename(staging, runDirectory(name).path) == 0 {
      return try claimed(name, descriptor: descriptor)
    }
    let code = errno
    _ = closeDescriptor(descriptor)
    guard code == EEXIST || code == ENOTEMPTY else {
      throw RunStoreError("cannot make the run's folder \(runDirectory(name).path): \(String(cString: strerror(code)))")
    }
    // A folder without a status whose lock is free was left by a command killed at its start.
    if !exists(name), let claim = try? lock(name, wait: .zero) {
      if !exists(name) { return claim }
      claim.release()
    }
    var error = RunStoreError(
      "a run named \(name) is already in \(root.path)", hint: "--resume \(name) continues it; --name gives this one another name")
    if let owner = runningProcess(name) {
      error.message = "a run named \(name) is already going on in \(root.path) (process \(owner) runs it)"
      error.hint = "--name gives this one another name"
      error.heldBy = owner
    }
    throw error
  }

  /// Claims an existing run, to continue it (`hera run --resume`).
  ///
  /// - Throws: `RunStoreError` when no run of that name exists, or when another process runs it
  ///   now (`heldBy` is its id).
  public func claimRun(_ name: String) throws(RunStoreError) -> RunClaim {
    guard exists(name) else {
      do {
        _ = try load(name)
      } catch let error as RunStoreError {
        throw error
      } catch {
        throw RunStoreError("\(error)")
      }
      throw RunStoreError("no local run named \(name) in \(root.path)")
    }
    return try lock(name, wait: .milliseconds(500))
  }

  /// Claims the run for the engine itself, unless this process holds it already (the command
  /// line claims a run before it reads it): nil then.
  func claimForEngine(_ name: String) throws(RunStoreError) -> RunClaim? {
    guard !RunClaim.isHeldHere(lockFile(name).path) else { return nil }
    do {
      try Folders.make(runDirectory(name))
    } catch {
      throw RunStoreError("cannot make the run's folder: \(error.reason)", hint: error.path)
    }
    return try lock(name, wait: .milliseconds(500))
  }

  /// Takes the lock of `name`. A command that only looks (`hera get --local`) holds it shared
  /// for an instant, so a refusal is tried again for up to `wait` before it counts.
  private func lock(_ name: String, wait: Duration) throws(RunStoreError) -> RunClaim {
    let path = lockFile(name).path
    guard !RunClaim.isHeldHere(path) else {
      throw RunStoreError("the run \(name) is already going on in this process (\(getpid()))", heldBy: getpid())
    }
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw RunStoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
    let giveUp = ContinuousClock.now + wait
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      if code == EINTR { continue }
      if code == EWOULDBLOCK, ContinuousClock.now < giveUp {
        usleep(20_000)
        continue
      }
      _ = closeDescriptor(descriptor)
      guard code == EWOULDBLOCK else { throw RunStoreError("cannot lock \(path): \(String(cString: strerror(code)))") }
      let owner = recordedProcess(name)
      throw RunStoreError(
        "the run \(name) is going on: \(owner.map { "process \($0)" } ?? "another process") runs it",
        hint: "wait for it to end, or stop it: hera stop --local \(name)", heldBy: owner ?? 0)
    }
    return try claimed(name, descriptor: descriptor)
  }

  /// Makes the claim of a run whose lock `descriptor` holds: `run.pid` says who holds it.
  private func claimed(_ name: String, descriptor: Int32) throws(RunStoreError) -> RunClaim {
    // A run.pid left here is that of an owner that died without letting go (kill -9): its
    // reaper kills what it left running; that is waited for, so that nothing of it runs beside
    // what runs now.
    if let previous = try? String(contentsOf: processFile(name), encoding: .utf8) {
      let fields = previous.split(whereSeparator: { $0 == " " || $0 == "\n" })
      if fields.count > 1, let reaper = Int32(fields[1]), reaper > 0 { Self.awaitEnd(ofReaper: reaper, within: .seconds(10)) }
    }
    // Requests sent to an owner before this one are not this one's.
    forgetRequests(name)
    // The id of this process, and of its reaper.
    let pidText = Data("\(getpid()) \(Reaper.shared?.pid ?? 0)\n".utf8)
    do {
      try StoreFile.write(pidText, to: processFile(name).path)
    } catch {
      _ = closeDescriptor(descriptor)
      throw error
    }
    return RunClaim(name: name, lockPath: lockFile(name).path, processFile: processFile(name), descriptor: descriptor)
  }

  /// The process that holds the run now, if one does: the lock says whether one does (a
  /// `run.pid` left by a process that was killed means nothing), `run.pid` which one (0 when
  /// it cannot be read).
  public func runningProcess(_ name: String) -> Int32? {
    let path = lockFile(name).path
    if RunClaim.isHeldHere(path) { return getpid() }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    // No lock file: a run made before runs were locked, or one that never started.
    guard descriptor >= 0 else { return nil }
    defer { _ = closeDescriptor(descriptor) }
    if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
      flock(descriptor, LOCK_UN)
      return nil
    }
    return recordedProcess(name) ?? 0
  }

  /// Whether the run is saved as going on but no process runs it: its `hera run` was killed,
  /// or crashed, before it could save its end.
  public func isInterrupted(_ workflow: Workflow) -> Bool {
    guard let name = workflow.metadata.name, !workflow.workflowPhase.isCompleted, runningProcess(name) == nil else { return false }
    // A run saves its end before it lets go of its claim: read again, it may have just ended.
    return !((try? load(name))?.workflowPhase.isCompleted ?? false)
  }

  /// Waits until the reaper of a dead owner has done its work and ended.
  private static func awaitEnd(ofReaper pid: Int32, within limit: Duration) {
    let giveUp = ContinuousClock.now + limit
    while ContinuousClock.now < giveUp, kill(pid, 0) == 0 || errno == EPERM {
      #if os(Linux)
        // An id reused since by another program is not waited for.
        guard let command = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8), command.contains("awk") else { return }
      #endif
      usleep(20_000)
    }
  }

  /// The id in `run.pid`.
  func recordedProcess(_ name: String) -> Int32? {
    guard let text = try? String(contentsOf: processFile(name), encoding: .utf8),
      let pid = Int32(text.split(separator: " ").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""), pid > 0
    else { return nil }
    return pid
  }
}
