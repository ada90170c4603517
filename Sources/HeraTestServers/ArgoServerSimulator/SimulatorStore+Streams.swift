import ArgoModel
import Foundation

extension SimulatorStore {
  /// Opens a stream: registers it, sends what is there already, and keeps it open for what
  /// comes when `live`.
  private func open(_ kind: OpenStream.Kind, framing: StreamFraming, limit: StreamLimit?, initial: [JSONValue], live: Bool) -> TestResponse
  {
    let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
    let id = nextStreamID
    nextStreamID += 1
    streams[id] = OpenStream(kind: kind, framing: framing, continuation: continuation, limit: limit)
    continuation.onTermination = { [weak self] _ in
      Task(executorPreference: TestServerExecutor.shared) { await self?.forgetStream(id) }
    }
    if let limit, limit.afterMessages <= 0 { end(id, error: limit.error) }
    for message in initial where streams[id] != nil { send(message, to: id) }
    if !live { end(id) }
    if framing == .serverSentEvents, streams[id] != nil {
      // Argo's forwarder writes a comment line every 15 seconds so that proxies keep the
      // connection; clients must ignore it.
      let interval = settings.keepAliveInterval
      Task(executorPreference: TestServerExecutor.shared) {
        while true {
          try? await Task.sleep(for: interval)
          if case .terminated = continuation.yield(Array(":\n".utf8)) { return }
        }
      }
    }
    var headers: [(name: String, value: String)] = [("Content-Type", framing.contentType)]
    if framing == .serverSentEvents { headers.append(("X-Content-Type-Options", "nosniff")) }
    return TestResponse(status: 200, headers: headers, body: .stream(stream, cut: limit != nil && limit?.error == nil))
  }

  // MARK: Watch

  /// `GET /api/v1/workflow-events/{ns}`: with a resource version, the events after it, then live
  /// ones; without (or `0`), an ADDED event per matching workflow, then live ones.
  func watch(_ request: TestRequest, namespace: String, framing: StreamFraming, limit: StreamLimit?) throws(SimulatorFailure)
    -> TestResponse
  {
    try authorize("watch", .workflow, namespace: namespace.isEmpty ? nil : namespace)
    let labels = try LabelSelector(request.query["listOptions.labelSelector"])
    let fields = try FieldSelector(request.query["listOptions.fieldSelector"])
    let kind = OpenStream.Kind.watch(namespace: namespace, labels: labels, fields: fields, trim: request.query["fields"])
    let probe = OpenStream(kind: kind, framing: framing, continuation: AsyncStream<[UInt8]>.makeStream().continuation)
    var initial: [WatchEvent]
    if let version = request.query["listOptions.resourceVersion"], !version.isEmpty, version != "0" {
      guard let after = Int(version) else { throw .invalid("resourceVersion: Invalid value: \"\(version)\": must be an integer") }
      initial = events.filter { $0.resourceVersion > after }
    } else {
      initial = workflows.sorted { $0.value.sequence < $1.value.sequence }.map { key, record in
        let object = render(record)
        return WatchEvent(
          type: "ADDED", object: object, namespace: key.namespace, name: key.name,
          resourceVersion: Int(object.at("metadata", "resourceVersion")?.stringValue ?? "") ?? 0)
      }
    }
    initial = initial.filter { watchMatches(probe, $0) }
    return open(kind, framing: framing, limit: limit, initial: initial.map { watchMessage($0, probe) }, live: true)
  }

  // MARK: Logs

  /// `GET /api/v1/workflows/{ns}/{name}/log` and `…/{name}/{pod}/log`: the lines of the pods that
  /// have started (of one pod, when named), per pod limited by `sinceSeconds`, `sinceTime` and `tailLines`,
  /// in time order, filtered by `grep`; with `follow`, new lines as the pods write them, until
  /// the workflow finishes.
  func logs(_ request: TestRequest, namespace: String, name: String, podName pathPod: String?, framing: StreamFraming, limit: StreamLimit?)
    throws(SimulatorFailure) -> TestResponse
  {
    try authorize("get", .workflow, namespace: namespace)
    let key = ObjectKey(namespace: namespace, name: name)
    guard let record = workflows[key] else { throw .notFound(.workflow, name) }
    let podName = pathPod ?? request.query["podName"].flatMap { $0.isEmpty ? nil : $0 }
    let container = request.query["logOptions.container"].flatMap { $0.isEmpty ? nil : $0 } ?? "main"
    var grep: NSRegularExpression?
    if let pattern = request.query["grep"], !pattern.isEmpty {
      do {
        grep = try NSRegularExpression(pattern: pattern)
      } catch {
        throw .invalid("error parsing regexp: invalid pattern: `\(pattern)`")
      }
    }
    let timestamps = flag(request, "logOptions.timestamps")
    var since = try integer(request, "logOptions.sinceSeconds").map { now.addingTimeInterval(-TimeInterval($0)) }
    // `sinceTime` as grpc-gateway reads a Timestamp from a query: whole seconds.
    if let seconds = try integer(request, "logOptions.sinceTime.seconds") {
      since = max(since ?? .distantPast, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    let tail = try integer(request, "logOptions.tailLines")
    var lines: [(index: Int, line: LogLine)] = []
    for (index, line) in record.lines.enumerated() where line.container == container && (podName == nil || line.podName == podName) {
      if let since, line.time < since { continue }
      lines.append((index, line))
    }
    if let tail {
      // kubectl's tail counts per pod.
      var kept: [(index: Int, line: LogLine)] = []
      for pod in Set(lines.map(\.line.podName)) { kept += lines.filter { $0.line.podName == pod }.suffix(max(0, tail)) }
      lines = kept
    }
    lines.sort { $0.line.time != $1.line.time ? $0.line.time < $1.line.time : $0.index < $1.index }
    let kind = OpenStream.Kind.logs(workflow: key, podName: podName, container: container, grep: grep, timestamps: timestamps)
    let initial = lines.compactMap { entry($0.line, kind) }
    let follow = flag(request, "logOptions.follow") && !record.run.isFinished
    return open(kind, framing: framing, limit: limit, initial: initial, live: follow)
  }

  /// A log entry for a line, or `nil` when the stream does not want it.
  private func entry(_ line: LogLine, _ kind: OpenStream.Kind) -> JSONValue? {
    guard case .logs(_, let podName, let container, let grep, let timestamps) = kind else { return nil }
    guard line.container == container, podName == nil || podName == line.podName else { return nil }
    let content = timestamps ? "\(KubernetesTime.nanoseconds(line.time)) \(line.content)" : line.content
    if let grep, grep.firstMatch(in: content, range: NSRange(content.startIndex..., in: content)) == nil { return nil }
    return ["result": ["content": .string(content), "podName": .string(line.podName)]]
  }

  /// Sends a new line to the log streams that follow its workflow.
  func deliver(_ line: LogLine, of workflow: ObjectKey) {
    for (id, stream) in streams {
      guard case .logs(let key, _, _, _, _) = stream.kind, key == workflow, let message = entry(line, stream.kind) else { continue }
      send(message, to: id)
    }
  }

  /// Ends the log streams of a workflow that finished or went away.
  func endLogStreams(of workflow: ObjectKey) {
    for (id, stream) in streams {
      if case .logs(let key, _, _, _, _) = stream.kind, key == workflow { end(id) }
    }
  }
}
