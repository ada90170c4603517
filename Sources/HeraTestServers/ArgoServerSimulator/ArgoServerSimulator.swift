import ArgoModel
import Foundation

/// A stand-in Argo Server for tests, with state: it stores workflows, workflow templates,
/// cluster workflow templates, cron workflows and archived workflows; runs workflows through
/// simulated nodes and pods as the test advances it; and answers the REST API (unary calls,
/// watch and log streams, errors) as Argo Server v4 does at the protocol level, over real TLS
/// on 127.0.0.1.
///
/// Faults can be injected per request (an unavailable server, a lost answer, a cut or failing
/// stream, a slow answer), and everything can be inspected, so that a test can show that a
/// client neither lost nor duplicated anything.
///
/// ```swift
/// let argo = try await ArgoServerSimulator()
/// // a client with ArgoServerSimulator.defaultToken, trusting argo.certificateAuthorityPEM,
/// // submits to argo.url; then:
/// await argo.advance(steps: 10)
/// #expect(await argo.workflow("hello-x7k2p")?["status"]?["phase"] == "Succeeded")
/// await argo.stop()
/// ```
///
/// How workflows run: with the local engine's `Scheduler`, the one `hera run` runs workflows
/// with, so that what runs when (`when`, `depends`, fan-outs, retry strategies, exit handlers,
/// deadlines, suspensions) and the nodes it makes (names, IDs, phases, children, messages) are
/// the engine's reading of Argo. Only pods are pretended: a tick (``advance(steps:)``, or
/// ``autoAdvance(every:)`` for a client in another process) starts the pods launched at the
/// last one, has each running pod write a line to its `main` container
/// (`"<displayName>: step 1 of 3"`, …), and ends it after ``Settings/podTicks`` lines. A new
/// workflow is `Pending`; the first tick starts it.
///
/// What pods do is scripted by the workflow's annotations (or labels): a pod fails
/// (`Error (exit code 1)`, its last line `"<displayName>: error: exit code 1"`) when its
/// template's command, args or script source contains `exit 1`, or when ``failAnnotation``
/// names it (``failOnceAnnotation``: its first attempt only); ``outputsAnnotation`` gives its
/// output parameters and result.
///
/// Not simulated: artifacts' contents, memoization across workflows, cron schedules
/// (``triggerCronWorkflow(_:namespace:)`` runs one), and the merging of archived workflows into
/// the live list.
public final class ArgoServerSimulator: Sendable {
  /// How the simulated server and cluster are set up.
  public struct Settings: Sendable {
    /// Authorization header values the simulated cluster knows. A missing or malformed header
    /// is refused at once (401 `token not valid…`); a well-formed `Bearer`/`Basic` one it does
    /// not know is refused (401 `Unauthorized`) by every call that reaches Kubernetes, but
    /// version, info and userinfo still answer, as the real server in client auth mode does.
    public var acceptedAuthorizations: Set<String> = [ArgoServerSimulator.defaultToken]
    /// Argo's server auth mode: requests without a token are served too.
    public var serverAuthMode = false
    /// The namespaces the token may use (others get 403); `nil` for every namespace.
    public var namespaces: Set<String>? = ["argo"]
    /// Whether the token may use cluster-scoped resources (cluster workflow templates, the
    /// archive across namespaces).
    public var clusterScope = true
    /// Who the token is, in Kubernetes' words (for 403 messages and userinfo).
    public var user = "system:serviceaccount:argo:hera"
    /// A path the server sits under (`/argo`), as behind an ingress.
    public var basePath = ""
    public var version = "v4.1.2"
    /// `GET /api/v1/info`'s `managedNamespace`: a namespace-scoped server.
    public var managedNamespace: String?
    public var archivePolicy: ArchivePolicy = .never
    /// Ticks each pod runs for (and log lines it writes).
    public var podTicks = 3
    /// Output parameters (and `result`) pods write, for every workflow, named as
    /// ``ArgoServerSimulator/outputsAnnotation`` names them; a workflow's annotation wins.
    public var podOutputs: [String: [String: String]] = [:]
    /// How often an SSE stream writes its `:` keep-alive comment.
    public var keepAliveInterval: Duration = .seconds(15)
    /// The seed of generated names and UIDs: the same seed gives the same names.
    public var seed: UInt64 = 1

    public init() {}
  }

  /// When finished workflows are copied into the archive.
  public struct ArchivePolicy: Sendable, Hashable {
    let name: String

    /// Never (the archive holds only what ``archive(_:namespace:)`` puts there).
    public static let never = ArchivePolicy(name: "never")
    /// As soon as they finish, as Argo's controller archives with persistence on.
    public static let whenFinished = ArchivePolicy(name: "whenFinished")
    /// When a finished workflow is deleted.
    public static let whenDeleted = ArchivePolicy(name: "whenDeleted")
  }

  /// What the simulated server did, for tests that check nothing was lost or done twice.
  public struct Counters: Sendable, Hashable {
    /// Workflows created through the API (create, submit, resubmit), not seeded, not dry runs.
    public var workflowsCreated = 0
    public var workflowsDeleted = 0
    /// Actions carried out, by name: `retry`, `resubmit`, `suspend`, `resume`, `stop`,
    /// `terminate`, `set`, `submit`, `cron-suspend`, `cron-resume`, ….
    public var actions: [String: Int] = [:]
    /// Faults that applied to a request.
    public var faultsApplied = 0
    /// Answers lost on purpose (``Fault/dropAnswer``).
    public var answersDropped = 0
  }

  /// The token a default simulator accepts.
  public static let defaultToken = "Bearer simulator-token"
  /// A workflow annotation (or label) listing nodes that fail: `task-a,task-b`.
  public static let failAnnotation = "simulator.hera/fail"
  /// A workflow annotation (or label) listing nodes that fail on their first attempt only, so
  /// that a retry succeeds: `task-a,task-b`.
  public static let failOnceAnnotation = "simulator.hera/fail-once"
  /// A workflow annotation giving the output parameters (and `result`) pods write, as JSON:
  /// `{"task-a": {"result": "heads", "count": "3"}}`, by display name, display name before an
  /// item or attempt suffix, or template name. Other output parameters take their defaults; a
  /// template that only runs `echo TEXT` has `TEXT` as its result.
  public static let outputsAnnotation = "simulator.hera/outputs"
  /// A workflow label (or annotation) that, set to `"true"`, has the status answered with
  /// `compressedNodes` instead of `nodes`, as Argo does for large workflows.
  public static let compressLabel = "simulator.hera/compress"

  public let server: TestHTTPServer
  public let settings: Settings
  /// The certificate authority that signed the server's certificate, when the simulator made
  /// its own: clients trust it.
  public let certificateAuthorityPEM: String?
  let store: SimulatorStore

  /// Starts a simulator on an ephemeral port of 127.0.0.1.
  ///
  /// - Parameters:
  ///   - settings: Tokens, namespaces, base path, timing.
  ///   - mode: How the server speaks; by default HTTPS with a certificate for `localhost` and
  ///     127.0.0.1 signed by a new authority (``certificateAuthorityPEM``).
  public init(settings: Settings = Settings(), mode: TestHTTPServer.Mode? = nil) async throws {
    self.settings = settings
    let store = SimulatorStore(settings: settings)
    self.store = store
    var serverMode = mode
    var authorityPEM: String?
    if serverMode == nil {
      let authority = try TestCertificateAuthority(name: "argo simulator CA")
      let certificate = try authority.serverCertificate(names: ["localhost"])
      authorityPEM = authority.certificatePEM
      serverMode = .https(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM)
    }
    certificateAuthorityPEM = authorityPEM
    let basePath = settings.basePath
    server = try await TestHTTPServer(mode: serverMode!) { request in
      await ArgoServerSimulator.respond(to: request, store: store, basePath: basePath)
    }
  }

  /// `https://127.0.0.1:PORT` and the base path: the Argo Server's address for clients.
  public var url: String { server.url() + settings.basePath }

  /// The requests received so far, in order, faulted ones included.
  public var requests: [TestRequest] {
    get async { await server.requests }
  }

  /// Ends automatic advancing and every open stream, and closes the server.
  public func stop() async {
    await store.stopAutoAdvance()
    await store.endAllStreams()
    await server.stop()
  }

  static func respond(to request: TestRequest, store: SimulatorStore, basePath: String) async -> TestResponse {
    guard request.path.hasPrefix(basePath + "/") else { return SimulatorFailure.notFound("Not Found").response }
    let path = String(request.path.dropFirst(basePath.count))
    var limit: StreamLimit?
    var drop = false
    for fault in await store.takeFaults(method: request.method, path: path) {
      switch fault.kind {
      case .delay(let duration): try? await Task.sleep(for: duration)
      case .failure(let failure): return failure.response
      case .dropAnswer: drop = true
      case .cutStream(let after): limit = StreamLimit(afterMessages: after, error: nil)
      case .streamError(let after, let failure): limit = StreamLimit(afterMessages: after, error: failure)
      }
    }
    let response = await store.handle(request, path: path, limit: limit)
    guard drop else { return response }
    await store.countDroppedAnswer()
    return TestResponse(body: .drop)
  }

  // MARK: Advancing

  /// Moves every unfinished workflow on by `steps` ticks of the simulated controller.
  public func advance(steps: Int = 1) async {
    for _ in 0..<max(0, steps) { await store.tick() }
  }

  /// Ticks until a workflow finishes (or `maxSteps` ticks have passed), and gives its phase.
  @discardableResult
  public func runUntilFinished(_ name: String, namespace: String = "argo", maxSteps: Int = 1000) async -> String? {
    for _ in 0..<maxSteps {
      if let phase = await store.phase(of: ObjectKey(namespace: namespace, name: name)), WorkflowPhase(phase).isCompleted {
        return phase
      }
      await store.tick()
    }
    return await store.phase(of: ObjectKey(namespace: namespace, name: name))
  }

  /// Ticks by itself every `interval`, for clients that run in another process.
  public func autoAdvance(every interval: Duration) async {
    await store.startAutoAdvance(every: interval)
  }

  public func stopAutoAdvance() async {
    await store.stopAutoAdvance()
  }

  /// Moves the simulated clock (timestamps, `sinceSeconds`) forward.
  public func moveClock(by seconds: TimeInterval) async {
    await store.moveClock(by: seconds)
  }

  // MARK: Seeding and inspecting

  /// Stores a workflow as if it had been created, bypassing authentication. Without a status
  /// it is validated and runs as the ticks come; with one, its status is kept as given and
  /// never advanced (a retry runs it again from the start).
  ///
  /// - Throws: ``Failure`` when the manifest is refused, as the API would refuse it.
  @discardableResult
  public func addWorkflow(_ workflow: JSONValue, namespace: String? = nil) async throws(Failure) -> JSONValue {
    try await store.seedWorkflow(workflow, namespace: namespace ?? workflow.at("metadata", "namespace")?.stringValue ?? "argo")
  }

  /// A workflow as the API answers it, or `nil`.
  public func workflow(_ name: String, namespace: String = "argo") async -> JSONValue? {
    await store.renderedWorkflow(ObjectKey(namespace: namespace, name: name))
  }

  /// The workflows of a namespace, in order of creation.
  public func workflows(namespace: String = "argo") async -> [JSONValue] {
    await store.workflowObjects(namespace).sorted { $0.sequence < $1.sequence }.map(\.object)
  }

  @discardableResult
  public func addWorkflowTemplate(_ template: JSONValue, namespace: String = "argo") async throws(Failure) -> JSONValue {
    try await store.createObject(.workflowTemplate, namespace: namespace, manifest: template)
  }

  public func workflowTemplate(_ name: String, namespace: String = "argo") async -> JSONValue? {
    await store.stored(.workflowTemplate, namespace: namespace, name: name)?.object
  }

  public func workflowTemplates(namespace: String = "argo") async -> [JSONValue] {
    await store.objects(.workflowTemplate, namespace: namespace).sorted { $0.sequence < $1.sequence }.map(\.object)
  }

  @discardableResult
  public func addClusterWorkflowTemplate(_ template: JSONValue) async throws(Failure) -> JSONValue {
    try await store.createObject(.clusterWorkflowTemplate, namespace: nil, manifest: template)
  }

  public func clusterWorkflowTemplate(_ name: String) async -> JSONValue? {
    await store.stored(.clusterWorkflowTemplate, namespace: nil, name: name)?.object
  }

  @discardableResult
  public func addCronWorkflow(_ cronWorkflow: JSONValue, namespace: String = "argo") async throws(Failure) -> JSONValue {
    try await store.createObject(.cronWorkflow, namespace: namespace, manifest: cronWorkflow)
  }

  public func cronWorkflow(_ name: String, namespace: String = "argo") async -> JSONValue? {
    await store.stored(.cronWorkflow, namespace: namespace, name: name)?.object
  }

  public func cronWorkflows(namespace: String = "argo") async -> [JSONValue] {
    await store.objects(.cronWorkflow, namespace: namespace).sorted { $0.sequence < $1.sequence }.map(\.object)
  }

  /// Runs a cron workflow once, as its schedule would: a new workflow `NAME-xxxxx`.
  @discardableResult
  public func triggerCronWorkflow(_ name: String, namespace: String = "argo") async throws(Failure) -> JSONValue {
    try await store.triggerCron(ObjectKey(namespace: namespace, name: name))
  }

  /// Copies a workflow into the archive (whatever its phase), and gives the archived copy.
  @discardableResult
  public func archive(_ name: String, namespace: String = "argo") async throws(Failure) -> JSONValue {
    try await store.archiveWorkflow(ObjectKey(namespace: namespace, name: name))
  }

  /// The archived workflows, oldest first, in full.
  public func archivedWorkflows() async -> [JSONValue] {
    await store.archived.map(\.object)
  }

  /// The lines a workflow's pods wrote, in order: pod, container, content.
  public func logLines(of workflow: String, namespace: String = "argo") async -> [(podName: String, container: String, content: String)] {
    await store.lines(of: ObjectKey(namespace: namespace, name: workflow))
  }

  public var counters: Counters {
    get async { await store.counters }
  }

  /// Workflows created through the API so far.
  public var creations: Int {
    get async { await store.counters.workflowsCreated }
  }

  /// The cluster's latest resource version.
  public var resourceVersion: Int {
    get async { await store.resourceVersion }
  }
}

extension SimulatorStore {
  func seedWorkflow(_ manifest: JSONValue, namespace: String) throws(SimulatorFailure) -> JSONValue {
    guard let status = manifest["status"], status.objectValue?.isEmpty == false else {
      return try create(manifest, namespace: namespace, purpose: .create, dryRun: false, counted: false)
    }
    try checkNamespace(manifest, namespace)
    var object = manifest
    object.set("status", to: nil)
    let name = object.at("metadata", "name")?.stringValue ?? ""
    if !name.isEmpty, workflows[ObjectKey(namespace: namespace, name: name)] != nil { throw .alreadyExists(.workflow, name) }
    stamp(&object, namespace: namespace) { self.workflows[ObjectKey(namespace: namespace, name: $0)] != nil }
    let key = ObjectKey(namespace: namespace, name: object.at("metadata", "name")?.stringValue ?? "")
    var record = makeRecord(object, key: key)
    record.run.frozenStatus = status
    workflows[key] = record
    let rendered = render(record)
    emit("ADDED", key, object: rendered)
    return rendered
  }

  func renderedWorkflow(_ key: ObjectKey) -> JSONValue? {
    workflows[key].map(render)
  }

  func phase(of key: ObjectKey) -> String? {
    workflows[key]?.run.shownPhase
  }

  func lines(of key: ObjectKey) -> [(podName: String, container: String, content: String)] {
    (workflows[key]?.lines ?? []).map { ($0.podName, $0.container, $0.content) }
  }

  func archiveWorkflow(_ key: ObjectKey) throws(SimulatorFailure) -> JSONValue {
    guard let record = workflows[key] else { throw .notFound(.workflow, key.name) }
    archive(record)
    return archived.last!.object
  }

  func triggerCron(_ key: ObjectKey) throws(SimulatorFailure) -> JSONValue {
    guard var cron = cronWorkflows[key] else { throw .notFound(.cronWorkflow, key.name) }
    let created = try create(
      workflowFromCron(cron.object, namespace: key.namespace), namespace: key.namespace, purpose: .submit, dryRun: false)
    cron.object.set("status", "lastScheduledTime", to: .string(KubernetesTime.seconds(now)))
    cron.object.set("metadata", "resourceVersion", to: .string(String(nextResourceVersion())))
    cronWorkflows[key] = cron
    return created
  }

  func countDroppedAnswer() {
    counters.answersDropped += 1
  }

  func startAutoAdvance(every interval: Duration) {
    autoAdvance?.cancel()
    autoAdvance = Task(executorPreference: TestServerExecutor.shared) { [weak self] in
      while !Task.isCancelled {
        try? await Task.sleep(for: interval)
        guard !Task.isCancelled, let self else { return }
        await self.tick()
      }
    }
  }

  func stopAutoAdvance() {
    autoAdvance?.cancel()
    autoAdvance = nil
  }
}
