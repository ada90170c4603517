import ArgoModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What another command asks of a run in progress (`hera resume --local NAME`): the run reads
/// its requests from its folder while it goes on.
public enum RunRequest: Sendable, Hashable {
  /// Resume the suspended nodes (those of this display name only, when given).
  case resume(displayName: String?)
  /// Stop: running containers are stopped, exit handlers run.
  case stop(message: String?)
  /// Terminate: containers are stopped, exit handlers do not run.
  case terminate
  /// Suspend: no new container starts until a resume.
  case suspend

  /// One line of the requests file.
  var line: String {
    switch self {
    case .resume(let name): return "resume" + (name.map { " " + $0 } ?? "")
    case .stop(let message): return "stop" + (message.map { " " + $0.replacingOccurrences(of: "\n", with: " ") } ?? "")
    case .terminate: return "terminate"
    case .suspend: return "suspend"
    }
  }

  /// What the scheduler is told.
  var event: SchedulerEvent {
    switch self {
    case .resume(let displayName): return .resume(displayName: displayName)
    case .stop(let message): return .stop(message: message)
    case .terminate: return .terminate
    case .suspend: return .suspend
    }
  }

  init?(line: Substring) {
    let parts = line.split(separator: " ", maxSplits: 1)
    let argument = parts.count > 1 ? String(parts[1]) : nil
    switch parts.first {
    case "resume": self = .resume(displayName: argument)
    case "stop": self = .stop(message: argument)
    case "terminate": self = .terminate
    case "suspend": self = .suspend
    default: return nil
    }
  }
}

extension RunStore {
  /// The file of requests to a run: one per line, appended by other processes.
  func requestsFile(_ name: String) -> URL { runDirectory(name).appendingPathComponent("requests") }
  /// The id of the process running the run, while it runs.
  func processFile(_ name: String) -> URL { runDirectory(name).appendingPathComponent("run.pid") }

  /// Asks the process running `name` for something.
  ///
  /// - Throws: `RunStoreError` when no run of that name exists, or when no process runs it
  ///   now (it ended, or was killed: `hera run --resume` continues it).
  public func send(_ request: RunRequest, to name: String) throws {
    guard exists(name) else {
      _ = try load(name)
      return
    }
    guard runningProcess(name) != nil else {
      let phase = (try? load(name))?.status?.phase ?? "unknown"
      throw RunStoreError(
        "the run \(name) is not going on (its status is \(phase))",
        hint: phase == "Succeeded" ? "it is over" : "hera run --resume \(name) continues it")
    }
    let line = Data((request.line + "\n").utf8)
    let descriptor = open(requestsFile(name).path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard descriptor >= 0 else { throw RunStoreError("cannot write \(requestsFile(name).path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
  }

  /// The requests appended past `offset`, in order; `offset` moves past the last whole line.
  ///
  /// The file is only ever appended to while the run goes on, and read from where the last
  /// read stopped: a request whose sender opened the file before a read and wrote after it is
  /// read the next time (taking the file away, by renaming it, lost such a request). A line
  /// not yet whole is left for the next read. The claim of a run removes the file of an owner
  /// before it, so that every line in it is for this one.
  func takeRequests(_ name: String, from offset: inout UInt64) -> [RunRequest] {
    guard let handle = FileHandle(forReadingAtPath: requestsFile(name).path) else { return [] }
    defer { try? handle.close() }
    guard let end = try? handle.seekToEnd() else { return [] }
    if end < offset { offset = 0 }  // made again: read from its start
    guard end > offset, (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.read(upToCount: Int(end - offset)),
      let lastBreak = data.lastIndex(of: UInt8(ascii: "\n"))
    else { return [] }
    let whole = data[data.startIndex...lastBreak]
    offset += UInt64(whole.count)
    return String(decoding: whole, as: UTF8.self).split(separator: "\n").compactMap(RunRequest.init(line:))
  }

  /// Forgets the requests of a run: at its end (its claim removes `run.pid`), and when it is
  /// claimed (those were for an owner before).
  func forgetRequests(_ name: String) {
    unlink(requestsFile(name).path)
  }
}
