import ArgoModel
import Foundation

/// A namespaced object's address.
struct ObjectKey: Hashable, Sendable {
  var namespace: String
  var name: String
}

/// A workflow as the simulated cluster holds it: the object (metadata and spec, as submitted),
/// the controller's run, and the lines its pods wrote.
struct WorkflowRecord: Sendable {
  var object: JSONValue
  var run: WorkflowRun
  var sequence: Int
  var lines: [LogLine] = []
  /// Whether the status is answered with `compressedNodes` (label `simulator.hera/compress`).
  var compressed: Bool
}

/// A template or cron workflow: only its object.
struct StoredObject: Sendable {
  var object: JSONValue
  var sequence: Int
}

/// A change to a workflow, kept so that watches can start from a resource version.
struct WatchEvent: Sendable {
  var type: String
  var object: JSONValue
  var namespace: String
  var name: String
  var resourceVersion: Int
}

/// How a stream frames its messages, chosen by the request's `Accept` header.
enum StreamFraming: Sendable {
  /// `{"result": …}` and a newline per message.
  case jsonLines
  /// Server-sent events: `data: {"result": …} ` and a blank line, then grpc-gateway's newline.
  case serverSentEvents

  init(_ request: TestRequest) {
    self = request.header("Accept")?.trimmingCharacters(in: .whitespaces) == "text/event-stream" ? .serverSentEvents : .jsonLines
  }

  var contentType: String { self == .serverSentEvents ? "text/event-stream" : "application/json" }

  func message(_ value: JSONValue) -> [UInt8] {
    switch self {
    case .jsonLines: return value.compactBytes + [0x0A]
    case .serverSentEvents: return Array("data: ".utf8) + value.compactBytes + Array(" \n\n\n".utf8)
    }
  }

  /// The final error chunk, written without a delimiter as grpc-gateway writes it.
  func error(_ failure: SimulatorFailure) -> [UInt8] {
    switch self {
    case .jsonLines: return failure.streamChunk.compactBytes
    case .serverSentEvents: return Array("data: ".utf8) + failure.streamChunk.compactBytes + Array(" \n\n".utf8)
    }
  }
}

/// Where a stream stops early, by fault injection: after some messages, cut without a proper
/// end or with an error chunk.
struct StreamLimit: Sendable {
  var afterMessages: Int
  var error: SimulatorFailure?
}

/// An open stream: a watch or a log follower.
struct OpenStream {
  enum Kind {
    case watch(namespace: String, labels: LabelSelector, fields: FieldSelector, trim: String?)
    case logs(workflow: ObjectKey, podName: String?, container: String, grep: NSRegularExpression?, timestamps: Bool)
  }

  var kind: Kind
  var framing: StreamFraming
  var continuation: AsyncStream<[UInt8]>.Continuation
  var limit: StreamLimit?
  var sent = 0
}

/// The simulated cluster and server: every object, the event history, open streams, faults
/// and counters. One actor, so that each request is handled atomically, as a real server's
/// storage would serialise it.
actor SimulatorStore {
  let settings: ArgoServerSimulator.Settings
  var generator: NameGenerator
  var resourceVersion = 1000
  var sequence = 0
  var clockOffset: TimeInterval = 0
  var workflows: [ObjectKey: WorkflowRecord] = [:]
  var workflowTemplates: [ObjectKey: StoredObject] = [:]
  var clusterWorkflowTemplates: [String: StoredObject] = [:]
  var cronWorkflows: [ObjectKey: StoredObject] = [:]
  var archived: [StoredObject] = []
  var events: [WatchEvent] = []
  var streams: [Int: OpenStream] = [:]
  var nextStreamID = 0
  var faults: [ArgoServerSimulator.FaultRule] = []
  var counters = ArgoServerSimulator.Counters()
  var autoAdvance: Task<Void, Never>?

  init(settings: ArgoServerSimulator.Settings) {
    self.settings = settings
    generator = NameGenerator(seed: settings.seed)
  }

  var now: Date { Date().addingTimeInterval(clockOffset) }

  func moveClock(by seconds: TimeInterval) {
    clockOffset += seconds
  }

  func nextResourceVersion() -> Int {
    resourceVersion += 1
    return resourceVersion
  }

  func nextSequence() -> Int {
    sequence += 1
    return sequence
  }

  // MARK: Metadata

  /// Fills the metadata the API server sets on creation: a name from `generateName`, the
  /// namespace, a UID, the resource version, the creation time and the generation.
  func stamp(_ object: inout JSONValue, namespace: String?, exists: (String) -> Bool) {
    var name = object.at("metadata", "name")?.stringValue ?? ""
    if name.isEmpty, let prefix = object.at("metadata", "generateName")?.stringValue {
      repeat { name = ObjectMeta.name(generatedFrom: prefix, suffix: generator.suffix()) } while exists(name)
      object.set("metadata", "name", to: .string(name))
    }
    if let namespace { object.set("metadata", "namespace", to: .string(namespace)) }
    object.set("metadata", "uid", to: .string(generator.uid()))
    object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
    object.set("metadata", "generation", to: 1)
    object.set("metadata", "creationTimestamp", to: .string(KubernetesTime.seconds(now)))
  }

  /// The object namespace must be empty or the one of the path, as Kubernetes insists.
  func checkNamespace(_ object: JSONValue, _ namespace: String) throws(SimulatorFailure) {
    if let given = object.at("metadata", "namespace")?.stringValue, !given.isEmpty, given != namespace {
      throw .invalid("the namespace of the provided object does not match the namespace sent on the request")
    }
  }

  // MARK: Workflows as answered

  /// The workflow as the server answers it: the object with the controller's labels and status.
  func render(_ record: WorkflowRecord) -> JSONValue {
    var object = record.object
    if record.run.hasStarted || record.run.frozenStatus != nil {
      object.set("metadata", "labels", "workflows.argoproj.io/phase", to: .string(record.run.shownPhase))
      object.set("metadata", "labels", "workflows.argoproj.io/completed", to: .string(record.run.isFinished ? "true" : "false"))
    }
    object.set("status", to: record.run.status(compressed: record.compressed))
    return object
  }

  /// The WorkflowTemplates of a namespace and the ClusterWorkflowTemplates, as the model's
  /// library that resolves references.
  func references(namespace: String) -> TemplateLibrary {
    var namespaced: [String: WorkflowTemplate] = [:]
    for (key, stored) in workflowTemplates where key.namespace == namespace {
      namespaced[key.name] = try? WorkflowTemplate(json: stored.object, options: .preserving)
    }
    let cluster = clusterWorkflowTemplates.compactMapValues { try? ClusterWorkflowTemplate(json: $0.object, options: .preserving) }
    return TemplateLibrary(workflowTemplates: namespaced, clusterWorkflowTemplates: cluster)
  }

  func checks(namespace: String) -> ManifestChecks {
    ManifestChecks(references: references(namespace: namespace))
  }

  // MARK: Events

  func emit(_ type: String, _ key: ObjectKey, object: JSONValue) {
    let version = Int(object.at("metadata", "resourceVersion")?.stringValue ?? "") ?? resourceVersion
    let event = WatchEvent(type: type, object: object, namespace: key.namespace, name: key.name, resourceVersion: version)
    events.append(event)
    for (id, stream) in streams {
      guard case .watch = stream.kind, watchMatches(stream, event) else { continue }
      send(watchMessage(event, stream), to: id)
    }
  }

  func watchMatches(_ stream: OpenStream, _ event: WatchEvent) -> Bool {
    guard case .watch(let namespace, let labels, let fields, _) = stream.kind else { return false }
    return (namespace.isEmpty || namespace == event.namespace) && fields.matches(name: event.name, namespace: event.namespace)
      && labels.matches(event.object.at("metadata", "labels")?.stringMap ?? [:])
  }

  func watchMessage(_ event: WatchEvent, _ stream: OpenStream) -> JSONValue {
    var message: JSONValue = ["result": ["type": .string(event.type), "object": event.object]]
    if case .watch(_, _, _, let trim) = stream.kind { message = FieldsFilter.apply(trim, to: message) }
    return message
  }

  /// Sends one message on a stream, and ends the stream when a fault says it ends there.
  func send(_ message: JSONValue, to id: Int) {
    guard var stream = streams[id] else { return }
    stream.continuation.yield(stream.framing.message(message))
    stream.sent += 1
    streams[id] = stream
    if let limit = stream.limit, stream.sent >= limit.afterMessages { end(id, error: limit.error) }
  }

  /// Ends a stream: with an error chunk when given.
  func end(_ id: Int, error: SimulatorFailure? = nil) {
    guard let stream = streams.removeValue(forKey: id) else { return }
    if let error { stream.continuation.yield(stream.framing.error(error)) }
    stream.continuation.finish()
  }

  func forgetStream(_ id: Int) {
    streams[id] = nil
  }

  func endAllStreams() {
    for id in Array(streams.keys) { end(id) }
  }

  // MARK: Ticks

  /// One tick of the simulated controller over every unfinished workflow, oldest first.
  func tick() {
    for key in workflows.keys.sorted(by: { workflows[$0]!.sequence < workflows[$1]!.sequence }) {
      guard var record = workflows[key], !record.run.isFinished else { continue }
      let spec = record.object["spec"] ?? [:]
      let context = WorkflowRun.Context(
        now: now, references: references(namespace: key.namespace), podTicks: settings.podTicks,
        suspended: spec["suspend"]?.boolValue == true, shutdown: spec["shutdown"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
      let changed = record.run.tick(context)
      let lines = record.run.newLines
      record.run.newLines = []
      record.lines += lines
      let finished = record.run.isFinished
      if finished, settings.archivePolicy == .whenFinished {
        record.object.set("metadata", "labels", "workflows.argoproj.io/workflow-archiving-status", to: "Archived")
      }
      if changed { record.object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion()))) }
      workflows[key] = record
      for line in lines { deliver(line, of: key) }
      if changed { emit("MODIFIED", key, object: render(record)) }
      if finished {
        endLogStreams(of: key)
        if settings.archivePolicy == .whenFinished { archive(record) }
      }
    }
  }

  func archive(_ record: WorkflowRecord) {
    var object = render(record)
    object.set("metadata", "labels", "workflows.argoproj.io/workflow-archiving-status", to: "Archived")
    let uid = object.at("metadata", "uid")?.stringValue
    archived.removeAll { $0.object.at("metadata", "uid")?.stringValue == uid }
    archived.append(StoredObject(object: object, sequence: nextSequence()))
  }

  // MARK: Faults

  /// The faults that apply to a request, each counted down.
  func takeFaults(method: String, path: String) -> [ArgoServerSimulator.Fault] {
    var taken: [ArgoServerSimulator.Fault] = []
    for index in faults.indices where faults[index].remaining > 0 && faults[index].matches(method: method, path: path) {
      faults[index].remaining -= 1
      taken.append(faults[index].fault)
    }
    faults.removeAll { $0.remaining <= 0 }
    counters.faultsApplied += taken.count
    return taken
  }
}
