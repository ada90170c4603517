import ArgoModel
import ArgumentParser
import Foundation
import HeraSession
import LocalEngine

/// The logs of a local run: each pod's `main.log`, whose lines carry the time they were
/// written (`2026-11-25T10:00:00.123456789Z text`), as the kubelet keeps them.
struct LocalLogs {
  struct Line {
    var time: String
    var podName: String
    var content: String
  }

  let store: RunStore
  let name: String

  /// The pods of the run, in the order their nodes started.
  func pods(of workflow: Workflow) -> [(podName: String, nodeID: String)] {
    workflow.pods
      .sorted { ($0.node.startedAt?.text ?? "~", $0.podName) < ($1.node.startedAt?.text ?? "~", $1.podName) }
      .map { ($0.podName, $0.node.id) }
  }

  /// The lines of `data`, a part of a log file, with their pod's name; a last line without
  /// its newline is left in `data` for the next read.
  static func lines(_ data: inout Data, podName: String) -> [Line] {
    guard let last = data.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = data[data.startIndex...last]
    data = Data(data[(last + 1)...])
    return complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map { bytes in
      let text = String(decoding: bytes, as: UTF8.self)
      guard let space = text.firstIndex(of: " ") else { return Line(time: "", podName: podName, content: text) }
      return Line(time: String(text[..<space]), podName: podName, content: String(text[text.index(after: space)...]))
    }
  }
}

extension Logs {
  /// `hera logs --local NAME`: the same filters as on a server, applied here.
  func runLocal() async throws {
    let store = local.store
    var workflow = try local.load(name)
    let logs = LocalLogs(store: store, name: name)
    // A pod's name, or its node's display name (`print-results`, `collect(0:LYON_1ER)`).
    var wanted = pod ?? podOption
    if let given = wanted, !workflow.pods.contains(where: { $0.podName == given }) {
      let named = workflow.pods.filter { $0.node.displayName == given }
      if named.count == 1 { wanted = named[0].podName }
    }
    let pattern: NSRegularExpression?
    do {
      pattern = try grep.map { try NSRegularExpression(pattern: $0) }
    } catch {
      throw ValidationError("--grep \(grep ?? ""): not a regular expression: \(error.localizedDescription)")
    }
    if container != "main" {
      Diagnostics.standard.note("a local run keeps only the main container's log")
      return
    }
    if let wanted, !logs.pods(of: workflow).contains(where: { $0.podName == wanted }) {
      let known = logs.pods(of: workflow).map(\.podName) + workflow.pods.compactMap(\.node.displayName)
      let suggestion = Spelling.closest(to: wanted, among: known).map { " (did you mean \($0)?)" } ?? ""
      throw CommandFailure("the run \(name) has no pod \(wanted)\(suggestion); hera get --local \(name) shows its nodes")
    }
    let earliest = since.map { Date().addingTimeInterval(-$0.seconds) }
    var offsets: [String: UInt64] = [:]
    var partial: [String: Data] = [:]
    var firstRead = true

    func emit(_ lines: [LocalLogs.Line]) {
      var lines = lines
      if let earliest {
        let cut = Time(earliest).text
        lines = lines.filter { $0.time >= cut }
      }
      if let pattern {
        lines = lines.filter { pattern.firstMatch(in: $0.content, range: NSRange($0.content.startIndex..., in: $0.content)) != nil }
      }
      var text = ""
      for line in lines {
        if !noPrefix { text += line.podName + ": " }
        if timestamps { text += line.time + " " }
        text += line.content + "\n"
      }
      // A container's log is data, written as it is.
      Terminal.standardOutput.write(Array(text.utf8))
    }

    /// Reads what the pods' logs gained since the last read.
    func readNew(_ workflow: Workflow) -> [LocalLogs.Line] {
      var lines: [LocalLogs.Line] = []
      for (podName, nodeID) in logs.pods(of: workflow) where wanted == nil || wanted == podName {
        let file = store.logFile(name, nodeID: nodeID)
        guard let handle = try? FileHandle(forReadingFrom: file) else { continue }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offsets[podName] ?? 0)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { continue }
        offsets[podName, default: 0] += UInt64(data.count)
        var buffer = (partial[podName] ?? Data()) + data
        let complete = LocalLogs.lines(&buffer, podName: podName)
        partial[podName] = buffer
        // --tail counts the lines already written, not those that come while following.
        lines += firstRead ? (tail.map { Array(complete.suffix($0)) } ?? complete) : complete
      }
      firstRead = false
      return lines.sorted { $0.time < $1.time }
    }

    emit(readNew(workflow))
    guard follow else { return }
    // Followed while it goes on: a run whose hera run is gone (killed) writes nothing more.
    while !workflow.isFinished, !store.isInterrupted(workflow) {
      try await Task.sleep(for: .milliseconds(250))
      workflow = (try? store.load(name)) ?? workflow
      emit(readNew(workflow))
    }
    emit(readNew(workflow))
    if store.isInterrupted(workflow) {
      Diagnostics.standard.note("the run \(name) is \(LocalInterruption.message(name))")
    }
  }
}
