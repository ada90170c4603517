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

/// One of a process's two output streams.
enum ProcessStream: Int, Sendable {
  case standardOutput = 0
  case standardError = 1
}

/// Where a child process's output goes. Called from the process's output thread only, one call
/// at a time, so implementations need no ordering of their own.
protocol ProcessOutputSink: Sendable {
  func receive(_ bytes: UnsafeRawBufferPointer, from stream: ProcessStream)
  /// The stream ended (or was abandoned); nothing more comes from it.
  func finish(_ stream: ProcessStream)
}

/// The output of a pod's main container: every line written to the pod's log file behind a
/// kubelet time stamp, and the end of standard output kept for `outputs.result`.
final class PodOutputRecorder: ProcessOutputSink {
  /// The longest line written to the log as one line; longer ones are cut into pieces of this
  /// size, as the container runtimes cut them (CRI logs cut at 16 KiB).
  static let maximumLineLength = 16 * 1024
  /// Argo keeps at most this much of standard output as a result: the last 256 KiB.
  static let resultLimit = 256 * 1024

  private struct State {
    /// The log file's descriptor once something was written to it; -1 before.
    var descriptor: Int32 = -1
    var logPath: String
    var partialLines: [[UInt8]] = [[], []]
    /// The last 256 KiB of standard output, and one byte more, so that the trailing newline
    /// Argo trims does not count against the limit.
    var standardOutputTail: [UInt8] = []
    var lastErrorLine: [UInt8] = []
    /// Why the log could not be written, the first time it could not; and how much of it was
    /// lost since the last line that could be written.
    var logFailure: String?
    var lostBytes = 0
  }

  private let state: Mutex<State>

  /// The log file (and its folder) is made, or appended to, when the first line comes: a
  /// container that writes nothing leaves no file, which saves a large run of small commands a
  /// file and a folder per pod.
  init(logFile: URL) {
    state = Mutex(State(logPath: logFile.path))
  }

  deinit {
    state.withLock { state in
      if state.descriptor >= 0 { _ = closeDescriptor(state.descriptor) }
    }
  }

  func receive(_ bytes: UnsafeRawBufferPointer, from stream: ProcessStream) {
    state.withLock { state in
      if stream == .standardOutput {
        state.standardOutputTail.append(contentsOf: bytes)
        let keep = Self.resultLimit + 1
        // Trimmed in bulk, not per chunk, so that a large output costs linear time.
        if state.standardOutputTail.count > 2 * keep {
          state.standardOutputTail.removeFirst(state.standardOutputTail.count - keep)
        }
      }
      var text: [UInt8] = []
      var partial = state.partialLines[stream.rawValue]
      for byte in bytes {
        if byte == UInt8(ascii: "\n") {
          Self.appendLine(partial, to: &text)
          if stream == .standardError, !partial.isEmpty { state.lastErrorLine = partial }
          partial.removeAll(keepingCapacity: true)
        } else {
          partial.append(byte)
          if partial.count == Self.maximumLineLength {
            Self.appendLine(partial, to: &text)
            partial.removeAll(keepingCapacity: true)
          }
        }
      }
      state.partialLines[stream.rawValue] = partial
      Self.write(text, to: &state)
    }
  }

  func finish(_ stream: ProcessStream) {
    state.withLock { state in
      let partial = state.partialLines[stream.rawValue]
      guard !partial.isEmpty else { return }
      if stream == .standardError { state.lastErrorLine = partial }
      var text: [UInt8] = []
      Self.appendLine(partial, to: &text)
      Self.write(text, to: &state)
      state.partialLines[stream.rawValue] = []
    }
  }

  /// Writes a line of the runner's own (why a command could not start, say) into the log, as
  /// Argo's executor writes its own errors into the main container's output.
  func writeNote(_ line: String) {
    state.withLock { state in
      var text: [UInt8] = []
      for piece in line.split(separator: "\n", omittingEmptySubsequences: false) {
        Self.appendLine(Array(piece.utf8), to: &text)
      }
      Self.write(text, to: &state)
    }
  }

  /// Standard output as Argo keeps it for `outputs.result`: one trailing newline removed, then
  /// the last 256 KiB (the executor cuts from the front: "only the last 256 kB were saved").
  var result: String {
    state.withLock { state in
      var bytes = state.standardOutputTail[...]
      if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
      if bytes.count > Self.resultLimit { bytes = bytes.suffix(Self.resultLimit) }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// The last line the process wrote to standard error: where podman and docker put their own
  /// errors.
  var lastErrorLine: String {
    state.withLock { String(decoding: $0.lastErrorLine, as: UTF8.self) }
  }

  private static func appendLine(_ line: [UInt8], to text: inout [UInt8]) {
    text.append(contentsOf: KubernetesTimestamp.now())
    text.append(UInt8(ascii: " "))
    text.append(contentsOf: line)
    text.append(UInt8(ascii: "\n"))
  }

  /// Writes to the log file, opening it first if need be; a log file that cannot be opened
  /// must not stop the container, so the lines are then dropped.
  private static func write(_ bytes: [UInt8], to state: inout State) {
    guard !bytes.isEmpty else { return }
    if state.descriptor < 0 {
      state.descriptor = open(state.logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
      if state.descriptor < 0, errno == ENOENT {
        try? Folders.make(path: (state.logPath as NSString).deletingLastPathComponent)
        state.descriptor = open(state.logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
      }
      guard state.descriptor >= 0 else {
        lost(bytes.count, code: errno, in: &state)
        return
      }
    }
    if state.lostBytes > 0 {
      // Space came back: the log says what it lost, where it lost it.
      var note: [UInt8] = []
      appendLine(Array("[hera] \(state.lostBytes) bytes of this log were lost: \(state.logFailure ?? "")".utf8), to: &note)
      let noteCode = FileDescriptorWriting.writeFully(note, to: state.descriptor)
      guard noteCode == 0 else { return lost(bytes.count, code: noteCode, in: &state) }
      state.lostBytes = 0
    }
    let code = FileDescriptorWriting.writeFully(bytes, to: state.descriptor)
    if code != 0 { lost(bytes.count, code: code, in: &state) }
  }

  private static func lost(_ count: Int, code: Int32, in state: inout State) {
    state.lostBytes += count
    if state.logFailure == nil { state.logFailure = "cannot write \(state.logPath): \(String(cString: strerror(code)))" }
  }

  /// Why the log is incomplete, when it is: it could not be written all along.
  var logFailure: String? {
    state.withLock { state in state.logFailure.map { "its log is incomplete: \($0)" } }
  }
}

/// The output of a short command run for the runner itself (`podman info`, `podman kill`): the
/// first 64 KiB of each stream, in memory.
final class CapturedOutput: ProcessOutputSink {
  static let limit = 64 * 1024
  private let streams = Mutex<[[UInt8]]>([[], []])

  func receive(_ bytes: UnsafeRawBufferPointer, from stream: ProcessStream) {
    streams.withLock { streams in
      let room = Self.limit - streams[stream.rawValue].count
      if room > 0 { streams[stream.rawValue].append(contentsOf: bytes.prefix(room)) }
    }
  }

  func finish(_ stream: ProcessStream) {}

  var standardOutput: String { streams.withLock { String(decoding: $0[0], as: UTF8.self) } }
  var standardError: String { streams.withLock { String(decoding: $0[1], as: UTF8.self) } }
}

/// `close(2)`, named so that it cannot be confused with a method called `close`.
@inline(__always)
func closeDescriptor(_ descriptor: Int32) -> Int32 {
  close(descriptor)
}
