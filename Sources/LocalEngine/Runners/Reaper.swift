import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small process that outlives this one by an instant, to kill what this one started if it
/// dies before it could (`kill -9`, a crash): the process groups of the pods still running,
/// and their containers.
///
/// This program tells it each group and container as it starts it and as it ends, one line at
/// a time on a socket only this program holds. When this program ends, in any way, the kernel
/// closes that socket; the reaper reads the end of its input and kills what is still listed.
/// `PR_SET_PDEATHSIG` would reach a pod's first process only (not the rest of its group, nor a
/// container, which the engine's client does not take down with it), and only on Linux; and it
/// fires when the *thread* that spawned it ends, which Swift's threads do.
///
/// The reaper is `awk` (every system has one), in a process group of its own so that Ctrl-C at
/// the terminal does not reach it. A normal end leaves nothing listed, and it just ends.
final class Reaper: Sendable {
  /// The reaper of this program, started when first needed; nil when none can be started
  /// (no awk), and then nothing outlives this program only if it ends normally.
  static let shared: Reaper? = start()

  /// The reaper's process id.
  let pid: pid_t
  /// This program's end of the socket, -1 once the reaper is gone.
  private let socket: Mutex<Int32>

  private init(pid: pid_t, socket: Int32) {
    self.pid = pid
    self.socket = Mutex(socket)
  }

  /// Kill this process group if this program dies.
  func watch(group: pid_t) { tell("+p \(group)\n") }
  /// The group ended (and was reaped, or is about to be).
  func forget(group: pid_t) { tell("-p \(group)\n") }
  /// Remove this container (with `engine rm -f`) if this program dies.
  func watch(container name: String, engine executablePath: String) { tell("+c \(name) \(executablePath)\n") }
  /// The container is gone.
  func forget(container name: String) { tell("-c \(name)\n") }

  private func tell(_ line: String) {
    socket.withLock { descriptor in
      guard descriptor >= 0 else { return }
      let bytes = Array(line.utf8)
      var offset = 0
      while offset < bytes.count {
        let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Self.noSignal) }
        if sent < 0 {
          if errno == EINTR { continue }
          // The reaper is gone (someone killed it): nothing to tell any more.
          _ = closeDescriptor(descriptor)
          descriptor = -1
          return
        }
        offset += sent
      }
    }
  }

  #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
  #else
    private static let noSignal: Int32 = 0
  #endif

  /// What the reaper runs: it keeps the list, and at the end of its input kills what is left.
  static let program = """
    $1 == "+p" { groups[$2] = 1 }
    $1 == "-p" { delete groups[$2] }
    $1 == "+c" { containers[$2] = $3 }
    $1 == "-c" { delete containers[$2] }
    END {
      for (group in groups) system("kill -9 -" group " 2>/dev/null")
      for (name in containers) system("'" containers[name] "' rm -f " name " >/dev/null 2>&1")
    }
    """

  private static func start() -> Reaper? {
    let candidates: [String] = ["/usr/bin/awk", "/bin/awk", "/usr/local/bin/awk"]
    guard let awk = candidates.first(where: { path in access(path, X_OK) == 0 }) else { return nil }
    let arguments = [strdup(awk), strdup(program), nil]
    let environment = [strdup("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"), nil]
    defer {
      for pointer in arguments + environment { free(pointer) }
    }
    return ChildProcess.spawnLock.withLock { _ -> Reaper? in
      var pair: [Int32] = [-1, -1]
      #if os(Linux)
        let streamType = Int32(SOCK_STREAM.rawValue)
      #else
        let streamType = SOCK_STREAM
      #endif
      guard socketpair(AF_UNIX, streamType, 0, &pair) == 0 else { return nil }
      _ = fcntl(pair[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(pair[1], F_SETFD, FD_CLOEXEC)
      #if canImport(Darwin)
        var on: Int32 = 1
        setsockopt(pair[0], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
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
      posix_spawn_file_actions_adddup2(&actions, pair[1], 0)
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
      #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
      #else
        _ = ChildProcess.addCloseFrom(&actions, 3)
      #endif
      posix_spawnattr_setflags(&attributes, Int16(flags))
      posix_spawnattr_setpgroup(&attributes, 0)
      var signals = sigset_t()
      sigemptyset(&signals)
      posix_spawnattr_setsigmask(&attributes, &signals)
      sigfillset(&signals)
      posix_spawnattr_setsigdefault(&attributes, &signals)
      var pid: pid_t = 0
      let code = posix_spawn(&pid, awk, &actions, &attributes, arguments, environment)
      _ = closeDescriptor(pair[1])
      guard code == 0 else {
        _ = closeDescriptor(pair[0])
        return nil
      }
      // The reaper is never waited for by this program: a thread reaps it, should it end first.
      let reaper = pid
      let waiter = Thread {
        var status: Int32 = 0
        while waitpid(reaper, &status, 0) < 0 && errno == EINTR {}
      }
      waiter.name = "hera-reaper-wait"
      waiter.stackSize = 64 * 1024
      waiter.start()
      return Reaper(pid: pid, socket: pair[0])
    }
  }
}
