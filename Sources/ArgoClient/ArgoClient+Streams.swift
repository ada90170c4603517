import ArgoModel
import Foundation
import HTTPTransport

/// Which workflows a watch follows.
public struct WatchOptions: Sendable, Hashable {
  /// `app=collect`: only workflows with these labels.
  public var labelSelector: String?
  /// `metadata.name=collect-abc12`: one workflow.
  public var fieldSelector: String?
  /// Start after this version (events up to it are not sent again); none for the current
  /// state of every matching workflow first.
  public var resourceVersion: String?
  /// A stream quiet for this long is opened again (the server sends keep-alives every 15 s
  /// with server-sent events, so silence means a connection lost without notice).
  public var idleTimeout: Duration = .seconds(60)

  public init(
    labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil, idleTimeout: Duration = .seconds(60)
  ) {
    self.labelSelector = labelSelector
    self.fieldSelector = fieldSelector
    self.resourceVersion = resourceVersion
    self.idleTimeout = idleTimeout
  }
}

extension ArgoClient {
  /// The changes to the workflows of a namespace as they happen.
  ///
  /// When the stream ends or drops, which the server does routinely, it is opened again from
  /// the last version seen, so no change is lost; a change seen already (after a restart from
  /// scratch, or a server that repeats itself) is not given twice. The sequence ends only when
  /// the caller stops reading, or with an error that trying again cannot cure (a refused token,
  /// a namespace not allowed, repeated failures to connect).
  public nonisolated func watchWorkflows(namespace: String, options: WatchOptions = WatchOptions()) -> AsyncThrowingStream<
    WatchEvent, any Error
  > {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          try await self.followWatch(namespace: namespace, options: options) { event in
            continuation.yield(event)
            return true
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// The changes to one workflow, from its current state until it finishes (Succeeded, Failed
  /// or Error) or is deleted. The workflow is read first: one that does not exist ends the
  /// sequence with a `.notFound` error, as `argo watch` says "not found", rather than a watch
  /// that waits for it forever.
  public nonisolated func watchWorkflow(_ name: String, namespace: String, idleTimeout: Duration = .seconds(60)) -> AsyncThrowingStream<
    WatchEvent, any Error
  > {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          let current = try await self.getWorkflow(name, namespace: namespace)
          continuation.yield(WatchEvent(type: "ADDED", workflow: current))
          if current.isFinished {
            continuation.finish()
            return
          }
          let options = WatchOptions(
            fieldSelector: "metadata.name=\(name)", resourceVersion: current.metadata.resourceVersion, idleTimeout: idleTimeout)
          try await self.followWatch(namespace: namespace, options: options) { event in
            continuation.yield(event)
            return !(event.type == "DELETED" || event.workflow.isFinished)
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// Reads watch events, opening the stream again as often as needed, until `deliver` says
  /// to stop or the task is cancelled.
  func followWatch(namespace: String, options: WatchOptions, deliver: @Sendable (WatchEvent) -> Bool) async throws {
    var resourceVersion = options.resourceVersion
    var lastSeen: [String: String] = [:]
    var failures = 0
    while !Task.isCancelled {
      var query: [(String, String)] = []
      if let selector = options.labelSelector { query.append(("listOptions.labelSelector", selector)) }
      if let selector = options.fieldSelector { query.append(("listOptions.fieldSelector", selector)) }
      if let resourceVersion { query.append(("listOptions.resourceVersion", resourceVersion)) }
      var received = false
      let messages: AsyncThrowingStream<JSONValue, any Error>
      do {
        // Opening retries within the time limit itself: a failure here is final.
        messages = try await openStream(
          "/api/v1/workflow-events/\(segment(namespace))", query: query, what: "watch workflows", namespace: namespace,
          idleTimeout: options.idleTimeout)
      } catch {
        guard error.isExpiredVersion else { throw error }
        resourceVersion = nil
        continue
      }
      do {
        for try await result in messages {
          guard let type = result["type"]?.stringValue, let object = result["object"], object != .null else { continue }
          let workflow = try workflowFrom(object, what: "watch workflows")
          received = true
          failures = 0
          let version = workflow.metadata.resourceVersion
          let key = workflow.metadata.uid ?? workflow.metadata.name ?? ""
          if let version {
            if let previous = lastSeen[key], !ArgoClient.isNewer(version, than: previous) { continue }
            lastSeen[key] = version
            if resourceVersion.map({ ArgoClient.isNewer(version, than: $0) }) ?? true { resourceVersion = version }
          }
          if type == "DELETED" { lastSeen[key] = nil }
          guard deliver(WatchEvent(type: type, workflow: workflow)) else { return }
        }
        // The server ended the stream (its Kubernetes watch expired): open it again at once,
        // unless it ended without saying anything, which could repeat in a tight loop.
        if !received { try await Task.sleep(for: retryPolicy.delay(before: 1)) }
      } catch let error as ArgoError {
        if error.isExpiredVersion {
          // The version is too old to resume from: start again from the current state, whose
          // events already seen are skipped.
          resourceVersion = nil
          continue
        }
        guard ArgoClient.isTransient(error) || error.isStreamInterruption else { throw error }
        failures += 1
        guard failures < max(retryPolicy.attempts, 2) else { throw error }
        try await Task.sleep(for: retryPolicy.delay(before: failures))
      }
    }
  }

  /// Whether resource version `version` comes after `previous`. Versions are opaque strings
  /// to Kubernetes clients, but every server in use counts them up as integers; if one does
  /// not, any other version counts as newer.
  static func isNewer(_ version: String, than previous: String) -> Bool {
    if let new = UInt64(version), let old = UInt64(previous) { return new > old }
    return version != previous
  }

  /// The lines of a workflow's logs (of all its pods, or one), as they are written when
  /// `options.follow` is set.
  ///
  /// A followed stream that drops is opened again from the time of the last line, and lines
  /// already given are skipped.
  public nonisolated func workflowLogs(_ name: String, namespace: String, options: LogOptions = LogOptions()) -> AsyncThrowingStream<
    LogEntry, any Error
  > {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          try await self.followLogs(name, namespace: namespace, options: options) { continuation.yield($0) }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  func followLogs(_ name: String, namespace: String, options: LogOptions, deliver: @Sendable (LogEntry) -> Void) async throws {
    // Timestamps are always asked for, so that a dropped stream can be resumed where it was;
    // they are removed again unless the caller wants them.
    var request = options
    request.timestamps = true
    var resume = LogResumption()
    var failures = 0
    let path =
      options.podName.map { "/api/v1/workflows/\(segment(namespace))/\(segment(name))/\(segment($0))/log" }
      ?? "/api/v1/workflows/\(segment(namespace))/\(segment(name))/log"
    while !Task.isCancelled {
      var query = request.query
      if let since = resume.restartSeconds {
        query.removeAll { $0.0 == "logOptions.sinceSeconds" || $0.0 == "logOptions.tailLines" }
        query.append(("logOptions.sinceTime.seconds", String(since)))
      }
      // Opening retries within the time limit itself: a failure here is final.
      let messages = try await openStream(
        path, query: query, what: "read the logs of \(name)", namespace: namespace,
        idleTimeout: options.follow ? .seconds(3600) : .seconds(120))
      do {
        for try await result in messages {
          guard let content = result["content"]?.stringValue else { continue }
          let podName = result["podName"]?.stringValue ?? options.podName ?? ""
          guard let line = resume.accept(podName: podName, content: content) else { continue }
          failures = 0
          deliver(LogEntry(podName: podName, content: options.timestamps ? content : line))
        }
        return
      } catch let error as ArgoError {
        guard options.follow, ArgoClient.isTransient(error) || error.isStreamInterruption else { throw error }
        failures += 1
        guard failures < max(retryPolicy.attempts, 2) else { throw error }
        try await Task.sleep(for: retryPolicy.delay(before: failures))
      }
    }
  }

  /// Opens a stream and gives the `result` of each message; an in-band `error` ends it with an
  /// `ArgoError`, and a connection lost mid-way with a `.transport` error.
  func openStream(_ path: String, query: [(String, String)], what: String, namespace: String?, idleTimeout: Duration)
    async throws(ArgoError)
    -> AsyncThrowingStream<JSONValue, any Error>
  {
    let spec = request("GET", path, query: query, accept: "text/event-stream")
    let deadline = ContinuousClock.now + requestTimeout
    var attempt = 1
    var stream: HTTPStream
    while true {
      do {
        stream = try await ArgoClient.opening(spec, with: transport, by: deadline)
        guard (200..<300).contains(stream.status) else {
          var body: [UInt8] = []
          for try await chunk in stream.chunks where body.count < 1 << 20 { body += chunk }
          throw ArgoError.fromResponse(status: stream.status, body: body, what: what, namespace: namespace)
        }
        break
      } catch {
        let failure = redacted(
          (error as? ArgoError) ?? (error as? TransportFailure).map(ArgoError.init) ?? ArgoError(.unexpected, "\(error)"))
        guard ArgoClient.isTransient(failure), attempt < retryPolicy.attempts, let wait = retryWait(before: attempt, deadline: deadline)
        else {
          throw failure
        }
        try? await Task.sleep(for: wait)
        attempt += 1
      }
    }
    let opened = stream
    let framing = StreamFramer.framing(contentType: opened.headers.first { $0.name.lowercased() == "content-type" }?.value)
    return AsyncThrowingStream { continuation in
      let watchdog = IdleWatchdog(timeout: idleTimeout)
      let reader = Task {
        var framer = StreamFramer(framing: framing)
        do {
          for try await chunk in opened.chunks {
            await watchdog.touch()
            for payload in framer.append(chunk) { try ArgoClient.deliverMessage(payload, what: what, to: continuation) }
          }
          for payload in framer.finish() { try ArgoClient.deliverMessage(payload, what: what, to: continuation) }
          continuation.finish()
        } catch let error as ArgoError {
          continuation.finish(throwing: self.redacted(error))
        } catch is CancellationError {
          continuation.finish(throwing: await watchdog.fired ? ArgoError.streamInterrupted(what, idle: idleTimeout) : CancellationError())
        } catch let failure as TransportFailure {
          continuation.finish(throwing: ArgoError.streamInterrupted(what, failure: failure))
        } catch {
          if await watchdog.fired {
            continuation.finish(throwing: ArgoError.streamInterrupted(what, idle: idleTimeout))
          } else {
            continuation.finish(throwing: ArgoError.streamInterrupted(what, failure: TransportFailure(.connectionClosed, "\(error)")))
          }
        }
      }
      let guardTask = Task { await watchdog.run { reader.cancel() } }
      continuation.onTermination = { _ in
        reader.cancel()
        guardTask.cancel()
      }
    }
  }

  /// A stream's answer (status and headers), which must come by `deadline`; its body may then
  /// go on for as long as it has something to say.
  static func opening(_ spec: HTTPRequestSpec, with transport: HTTPTransport, by deadline: ContinuousClock.Instant) async throws
    -> HTTPStream
  {
    let limit = max(ContinuousClock.now.duration(to: deadline), .milliseconds(100))
    return try await withThrowingTaskGroup(of: HTTPStream?.self) { group in
      group.addTask { try await transport.stream(spec) }
      group.addTask {
        try await Task.sleep(for: limit)
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next(), let stream = first else {
        let host = spec.url.host ?? "the server"
        throw TransportFailure(.timeout, "\(host) did not answer in time", hint: ArgoError.timeoutHint)
      }
      return stream
    }
  }

  static func deliverMessage(_ payload: [UInt8], what: String, to continuation: AsyncThrowingStream<JSONValue, any Error>.Continuation)
    throws(ArgoError)
  {
    var options = ManifestReader.Options.preserving
    options.maxBytes = 1 << 30
    guard let message = try? ManifestReader(options: options).values(payload, format: .json).first else {
      throw ArgoError(
        .unexpected, "a message of the stream to \(what) is not JSON: \(String(decoding: payload.prefix(200), as: UTF8.self))")
    }
    if let error = message["error"], error != .null {
      throw ArgoError.inBand(error, what: what)
    }
    if let result = message["result"] { continuation.yield(result) }
  }

  /// A path segment with the characters a path cannot hold escaped.
  nonisolated func segment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: ArgoClient.segmentCharacters) ?? text
  }

  private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#%"))
}

/// Cancels a stream that has been quiet for too long.
actor IdleWatchdog {
  let timeout: Duration
  private var last = ContinuousClock.now
  private(set) var fired = false

  init(timeout: Duration) {
    self.timeout = timeout
  }

  func touch() {
    last = .now
  }

  func run(onIdle: @Sendable () -> Void) async {
    while !Task.isCancelled {
      let deadline = last + timeout
      if ContinuousClock.now >= deadline {
        fired = true
        onIdle()
        return
      }
      try? await Task.sleep(until: deadline)
    }
  }
}

/// What a log stream that is opened again must skip: the lines given already.
struct LogResumption {
  /// Per pod: the time of its last line, and the lines given at that time.
  private var lastByPod: [String: (time: Date, lines: Set<String>)] = [:]

  /// The whole second to read from when the stream is opened again: a second before the
  /// earliest last line, since the server counts whole seconds.
  var restartSeconds: Int64? {
    guard let earliest = lastByPod.values.map(\.time).min() else { return nil }
    return Int64(earliest.timeIntervalSince1970.rounded(.down)) - 1
  }

  /// The line without its timestamp if it has not been given yet, or nil.
  mutating func accept(podName: String, content: String) -> String? {
    guard let space = content.firstIndex(of: " "), let time = LogResumption.parse(content[..<space]) else {
      return content  // no timestamp: nothing to compare with
    }
    let line = String(content[content.index(after: space)...])
    if let last = lastByPod[podName] {
      if time < last.time { return nil }
      if time == last.time {
        guard !last.lines.contains(line) else { return nil }
        lastByPod[podName]?.lines.insert(line)
        return line
      }
    }
    lastByPod[podName] = (time, [line])
    return line
  }

  static func parse(_ text: Substring) -> Date? {
    guard text.count >= 20, text.count <= 40, text.hasSuffix("Z") || text.contains("+") else { return nil }
    return Time(String(text)).date
  }
}

extension ArgoError {
  /// An error the server wrote into a stream after its 200 header:
  /// `{"grpc_code": N, "http_code": N, "message": "...", "http_status": "..."}`.
  static func inBand(_ error: JSONValue, what: String) -> ArgoError {
    let status = error["http_code"]?.numberValue?.intValue ?? 500
    let message = error["message"]?.stringValue ?? "\(error)"
    let body = JSONValue.object(["code": error["grpc_code"] ?? .null, "message": .string(message)])
    var writer = JSONWriter(style: .compact)
    writer.write(body)
    return ArgoError.fromResponse(status: status, body: writer.bytes, what: what, namespace: nil)
  }

  static func streamInterrupted(_ what: String, failure: TransportFailure) -> ArgoError {
    ArgoError(.transport, "the stream to \(what) was cut: \(failure.message)", hint: failure.hint, transport: failure)
  }

  static func streamInterrupted(_ what: String, idle: Duration) -> ArgoError {
    let failure = TransportFailure(.timeout, "nothing arrived for \(idle)")
    return ArgoError(.transport, "the stream to \(what) went quiet for \(idle)", transport: failure)
  }

  /// A stream cut mid-way or gone quiet: opening it again may work.
  var isStreamInterruption: Bool {
    kind == .transport && [.connectionClosed, .timeout, .other].contains(transport?.kind)
  }

  /// The watch asked for a version the server no longer keeps (Kubernetes' 410 Gone).
  var isExpiredVersion: Bool {
    status == 410 || (serverMessage ?? "").contains("too old resource version")
  }
}

extension Workflow {
  /// Whether the workflow has ended: Succeeded, Failed or Error.
  public var isFinished: Bool { workflowPhase.isCompleted }
}
