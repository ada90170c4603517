import ArgoModel
import Foundation
import HTTPTransport
import HeraTestServers
import Testing

@testable import ArgoClient

/// The client against the stand-in Argo Server over TLS on 127.0.0.1: every call, and every
/// fault, showing that nothing is lost or done twice.
@Suite struct ArgoClientServerTests {
  static let hello: JSONValue = [
    "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": ["generateName": "hello-"],
    "spec": [
      "entrypoint": "main",
      "templates": [
        [
          "name": "main",
          "dag": [
            "tasks": [
              ["name": "a", "template": "say"], ["name": "b", "template": "say", "dependencies": ["a"]],
              ["name": "c", "template": "say", "dependencies": ["a"]],
            ]
          ],
        ],
        ["name": "say", "container": ["image": "alpine:3.20", "command": ["echo", "hello"]]],
      ],
    ],
  ]

  static func workflow(_ json: JSONValue = hello) throws -> Workflow {
    try Workflow(json: json, options: .strict)
  }

  /// A simulator and a client that trusts it; `body` runs, then both are closed.
  static func withServer<Result>(
    _ settings: ArgoServerSimulator.Settings = ArgoServerSimulator.Settings(), timeout: Int64 = 30,
    retry: RetryPolicy = RetryPolicy(attempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
    token: String = ArgoServerSimulator.defaultToken, _ body: (ArgoServerSimulator, ArgoClient) async throws -> Result
  ) async throws -> Result {
    let server = try await ArgoServerSimulator(settings: settings)
    let connection = ArgoConnection(
      address: try ArgoServerAddress(server.url), token: ArgoToken(token),
      tls: TLSSettings(certificateAuthorities: [.bytes(Array((server.certificateAuthorityPEM ?? "").utf8))]))
    let client = try ArgoClient(connection, timeout: timeout, retryPolicy: retry)
    do {
      let result = try await body(server, client)
      await client.shutdown()
      await server.stop()
      return result
    } catch {
      await client.shutdown()
      await server.stop()
      throw error
    }
  }

  /// The events of a watch of one workflow, until it ends.
  static func collect(_ stream: AsyncThrowingStream<WatchEvent, any Error>) async throws -> [WatchEvent] {
    var events: [WatchEvent] = []
    for try await event in stream { events.append(event) }
    return events
  }

  @Test func createsGetsListsAndDeletesWorkflows() async throws {
    try await Self.withServer { server, client in
      let created = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      let name = try #require(created.metadata.name)
      #expect(name.hasPrefix("hello-"))
      #expect(created.metadata.labels?[ArgoClient.submissionLabel] != nil)
      #expect(try await client.getWorkflow(name, namespace: "argo").metadata.uid == created.metadata.uid)
      for _ in 0..<4 { _ = try await client.createWorkflow(try Self.workflow(), namespace: "argo") }
      let page = try await client.listWorkflows(namespace: "argo", options: ListOptions(limit: 2))
      #expect(page.items.count == 2)
      #expect(page.continueToken != nil)
      let all = try await client.allWorkflows(namespace: "argo", pageSize: 2)
      #expect(all.count == 5)
      #expect(Set(all.compactMap(\.metadata.name)).count == 5)
      try await client.deleteWorkflow(name, namespace: "argo")
      await #expect(throws: ArgoError.self) { try await client.getWorkflow(name, namespace: "argo") }
      do throws(ArgoError) {
        _ = try await client.getWorkflow(name, namespace: "argo")
      } catch {
        #expect(error.kind == .notFound)
        #expect(error.serverMessage == "workflows.argoproj.io \"\(name)\" not found")
      }
      // Every request carried the token.
      #expect(await server.requests.allSatisfy { $0.header("Authorization") == ArgoServerSimulator.defaultToken })
    }
  }

  @Test func refusedTokensAndNamespacesSayWhy() async throws {
    try await Self.withServer(token: "Bearer wrong") { _, client in
      do throws(ArgoError) {
        _ = try await client.listWorkflows(namespace: "argo")
        Issue.record("a wrong token was accepted")
      } catch {
        #expect(error.kind == .unauthorized)
        #expect(error.hint?.contains("token") == true)
      }
    }
    try await Self.withServer { _, client in
      do throws(ArgoError) {
        _ = try await client.listWorkflows(namespace: "elsewhere")
        Issue.record("a namespace not allowed was listed")
      } catch {
        #expect(error.kind == .forbidden)
        #expect(error.message.contains("elsewhere"))
      }
    }
  }

  @Test func invalidWorkflowsAreRefusedWithTheServersMessage() async throws {
    try await Self.withServer { server, client in
      var workflow = try Self.workflow()
      workflow.spec.entrypoint = "missing"
      do throws(ArgoError) {
        _ = try await client.createWorkflow(workflow, namespace: "argo")
        Issue.record("an invalid workflow was created")
      } catch {
        #expect(error.kind == .invalid)
        #expect(error.serverMessage?.contains("missing") == true)
      }
      #expect(await server.creations == 0)
      // A server dry run validates and stores nothing.
      let dry = try await client.createWorkflow(try Self.workflow(), namespace: "argo", serverDryRun: true)
      #expect(dry.metadata.name?.hasPrefix("hello-") == true)
      #expect(await server.workflows().isEmpty)
      _ = try await client.lintWorkflow(try Self.workflow(), namespace: "argo")
    }
  }

  @Test func watchesAWorkflowToItsEnd() async throws {
    try await Self.withServer { server, client in
      let created = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      let name = try #require(created.metadata.name)
      await server.autoAdvance(every: .milliseconds(10))
      let events = try await Self.collect(client.watchWorkflow(name, namespace: "argo"))
      #expect(events.last?.workflow.status?.phase == "Succeeded")
      let versions = events.compactMap { $0.workflow.metadata.resourceVersion.flatMap { UInt64($0) } }
      #expect(versions == versions.sorted() && Set(versions).count == versions.count)
      #expect(events.last?.workflow.status?.nodes?.count == 4)
    }
  }

  /// Watches the same workflow twice, one stream clean and one with faults injected, and
  /// checks that both saw the same changes. `first` hits the faulted watch's first request,
  /// `then` the requests after it (the reopening).
  func compareWatches(first: ArgoServerSimulator.Fault, then: ArgoServerSimulator.Fault? = nil, times: Int = 1) async throws {
    try await Self.withServer { server, client in
      let created = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      let name = try #require(created.metadata.name)
      func watchRequests() async -> Int { await server.requests.filter { $0.path.hasPrefix("/api/v1/workflow-events/") }.count }
      let clean = Task { try await Self.collect(client.watchWorkflow(name, namespace: "argo")) }
      // The faults are armed once the clean watch is open.
      while await watchRequests() < 1 { try await Task.sleep(for: .milliseconds(5)) }
      await server.inject(first, method: "GET", path: "/api/v1/workflow-events/", times: then == nil ? times : 1)
      let faulted = Task { try await Self.collect(client.watchWorkflow(name, namespace: "argo")) }
      while await watchRequests() < 2 { try await Task.sleep(for: .milliseconds(5)) }
      if let then { await server.inject(then, method: "GET", path: "/api/v1/workflow-events/", times: times) }
      await server.autoAdvance(every: .milliseconds(10))
      let reference = try await clean.value.map { $0.workflow.metadata.resourceVersion ?? "" }
      let seen = try await faulted.value.map { $0.workflow.metadata.resourceVersion ?? "" }
      #expect(seen == reference, "the faulted watch lost or repeated changes")
      #expect(reference.count >= 5)
      // The faults happened, and the watch was opened again.
      #expect(await watchRequests() >= 3 + (then == nil ? times - 1 : times))
    }
  }

  @Test func aWatchCutMidwayIsReopenedWithoutLossOrRepeats() async throws {
    try await compareWatches(first: .cutStream(after: 2), then: .cutStream(after: 1), times: 2)
  }

  @Test func aWatchEndingWithAnInBandErrorIsReopened() async throws {
    try await compareWatches(first: .streamError(after: 1), then: .streamError(after: 1), times: 1)
  }

  @Test func aWatchRefusedByAnUnavailableServerIsTriedAgain() async throws {
    try await compareWatches(first: .cutStream(after: 2), then: .unavailable(), times: 2)
  }

  @Test func idempotentCallsAreTriedAgainAfter503() async throws {
    try await Self.withServer { server, client in
      _ = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      await server.inject(.unavailable(), method: "GET", path: "/api/v1/workflows/argo", times: 2)
      let list = try await client.listWorkflows(namespace: "argo")
      #expect(list.items.count == 1)
      #expect(await server.requests.filter { $0.method == "GET" && $0.path == "/api/v1/workflows/argo" }.count == 3)
      // Beyond the policy's attempts, the error reaches the caller with the server's words.
      await server.inject(.unavailable("the server is shutting down"), method: "GET", path: "/api/v1/workflows/argo", times: 10)
      do throws(ArgoError) {
        _ = try await client.listWorkflows(namespace: "argo")
        Issue.record("a server unavailable 10 times answered")
      } catch {
        #expect(error.status == 503)
        #expect(error.serverMessage == "the server is shutting down")
      }
    }
  }

  @Test func aCreationWhoseAnswerIsLostIsNotMadeTwice() async throws {
    try await Self.withServer(timeout: 120) { server, client in
      await server.inject(.dropAnswer, method: "POST", path: "/api/v1/workflows/argo", times: 1)
      let created = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      #expect(await server.creations == 1)
      let stored = await server.workflows()
      #expect(stored.count == 1)
      #expect(stored.first?["metadata"]?["name"]?.stringValue == created.metadata.name)
      #expect(await server.counters.answersDropped == 1)
    }
  }

  @Test func aCreationRefusedWith503IsMadeOnce() async throws {
    // What counts is that the creation is made once; a call limit well past the default leaves
    // room for a machine busy with the rest of the suite (the retries are 20-200 ms apart).
    try await Self.withServer(timeout: 120) { server, client in
      await server.inject(.unavailable(), method: "POST", path: "/api/v1/workflows/argo", times: 2)
      let created = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      #expect(await server.creations == 1)
      #expect(await server.workflows().first?["metadata"]?["name"]?.stringValue == created.metadata.name)
    }
  }

  @Test("a call to a server that does not answer ends at the time limit, its retries included")
  func aSlowServerEndsTheCallAtTheLimit() async throws {
    try await Self.withServer(timeout: 2) { server, client in
      await server.inject(.delay(.seconds(30)), method: "GET", path: "/api/v1/workflows/argo", times: Int.max)
      let started = ContinuousClock.now
      do throws(ArgoError) {
        _ = try await client.listWorkflows(namespace: "argo")
        Issue.record("a server that does not answer gave a list")
      } catch {
        #expect(error.transport?.kind == .timeout)
      }
      // The limit holds for the whole call: one request, no retry after the time ran out (the
      // clock's bound is loose, for a machine busy with the rest of the suite).
      #expect(await server.requests.filter { $0.method == "GET" && $0.path == "/api/v1/workflows/argo" }.count == 1)
      #expect(started.duration(to: .now) < .seconds(20))
    }
  }

  @Test("a creation whose answer comes too late is sent once, and the error names the workflow that may exist")
  func aLateCreationIsNotMadeTwice() async throws {
    try await Self.withServer(timeout: 2) { server, client in
      await server.inject(.delay(.seconds(3)), method: "POST", path: "/api/v1/workflows/argo", times: Int.max)
      var name = ""
      let workflow = try Self.workflow()
      do throws(ArgoError) {
        _ = try await client.createWorkflow(workflow, namespace: "argo")
        Issue.record("a late answer was taken for one in time")
      } catch {
        name = error.message.split(separator: " ").first { $0.hasPrefix("hello-") }.map(String.init) ?? ""
        #expect(error.message.contains("may have been created all the same"))
        #expect(error.hint?.contains("hera get \(name)") == true)
      }
      #expect(await server.requests.filter { $0.method == "POST" }.count == 1)
      // The late creation took effect, once, under the name the error gave.
      try await Task.sleep(for: .seconds(2))
      #expect(await server.creations == 1)
      #expect(await server.workflows().first?["metadata"]?["name"]?.stringValue == name)
    }
  }

  @Test("a name taken by another workflow is refused, not mistaken for an earlier attempt of ours")
  func aTakenNameIsAConflict() async throws {
    try await Self.withServer { server, client in
      var first = try Self.workflow()
      first.metadata.name = "fixed-name"
      _ = try await client.createWorkflow(first, namespace: "argo")
      do throws(ArgoError) {
        _ = try await client.createWorkflow(first, namespace: "argo")
        Issue.record("a second workflow of the same name was accepted")
      } catch {
        #expect(error.kind == .conflict)
      }
      #expect(await server.creations == 1)
    }
  }

  @Test("a server message that repeats the token is shown with the token hidden")
  func serverMessagesNeverShowTheToken() async throws {
    try await Self.withServer { server, client in
      await server.inject(
        .failure(code: 3, message: "bad request; headers: Authorization: \(ArgoServerSimulator.defaultToken)"), method: "GET",
        path: "/api/v1/workflows/argo", times: 1)
      do throws(ArgoError) {
        _ = try await client.listWorkflows(namespace: "argo")
        Issue.record("the fault was not seen")
      } catch {
        #expect(!error.description.contains("simulator-token"))
        #expect(!(error.serverMessage ?? "").contains("simulator-token"))
        #expect(error.description.contains("redacted"))
      }
    }
  }

  @Test("watching a workflow that does not exist ends at once with not found")
  func watchingAMissingWorkflowSaysNotFound() async throws {
    try await Self.withServer { _, client in
      do {
        _ = try await Self.collect(client.watchWorkflow("no-such-workflow", namespace: "argo"))
        Issue.record("the watch of a missing workflow ended without an error")
      } catch let error as ArgoError {
        #expect(error.kind == .notFound)
      }
    }
  }

  @Test func followsLogsAndResumesACutLogStream() async throws {
    try await Self.withServer { server, client in
      let created = try await client.createWorkflow(try Self.workflow(), namespace: "argo")
      let name = try #require(created.metadata.name)
      await server.inject(.cutStream(after: 3), method: "GET", path: "/api/v1/workflows/argo/\(name)/log", times: 1)
      let reader = Task {
        var lines: [LogEntry] = []
        for try await entry in client.workflowLogs(name, namespace: "argo", options: LogOptions(follow: true)) { lines.append(entry) }
        return lines
      }
      await server.autoAdvance(every: .milliseconds(20))
      let lines = try await reader.value
      let expected = await server.logLines(of: name).filter { $0.container == "main" }
      #expect(lines.map(\.content).sorted() == expected.map(\.content).sorted())
      #expect(lines.count == expected.count)
      #expect(Set(lines.map(\.podName)) == Set(expected.map(\.podName)))
      // The stream was opened again from the time of the last line given.
      let logRequests = await server.requests.filter { $0.path == "/api/v1/workflows/argo/\(name)/log" }
      #expect(logRequests.count == 2)
      #expect(logRequests.last?.query["logOptions.sinceTime.seconds"] != nil)
      // The pod names are those Argo gives, as the workflow's nodes say.
      let finished = try await client.getWorkflow(name, namespace: "argo")
      #expect(Set(finished.pods.map(\.podName)) == Set(lines.map(\.podName)))
      // Not following: the lines so far, then the end; grep filters on the server.
      let grepped = try await Self.lines(client.workflowLogs(name, namespace: "argo", options: LogOptions(grep: "step 1 of")))
      #expect(!grepped.isEmpty && grepped.allSatisfy { $0.content.contains("step 1 of") })
    }
  }

  static func lines(_ stream: AsyncThrowingStream<LogEntry, any Error>) async throws -> [LogEntry] {
    var lines: [LogEntry] = []
    for try await line in stream { lines.append(line) }
    return lines
  }

  @Test func workflowActions() async throws {
    try await Self.withServer { server, client in
      var failing = try Self.workflow()
      failing.metadata.annotations = [ArgoServerSimulator.failOnceAnnotation: "b"]
      let created = try await client.createWorkflow(failing, namespace: "argo")
      let name = try #require(created.metadata.name)
      #expect(await server.runUntilFinished(name) == "Failed")
      let failed = try await client.getWorkflow(name, namespace: "argo")
      #expect(failed.status?.nodes?.values.contains { $0.phase == "Failed" && $0.message?.contains("exit code 1") == true } == true)
      _ = try await client.retryWorkflow(name, namespace: "argo")
      #expect(await server.runUntilFinished(name) == "Succeeded")
      let again = try await client.resubmitWorkflow(name, namespace: "argo")
      #expect(again.metadata.name != name)
      #expect(again.metadata.name?.hasPrefix(name) == true)
      let second = try #require(try await client.createWorkflow(try Self.workflow(), namespace: "argo").metadata.name)
      _ = try await client.suspendWorkflow(second, namespace: "argo")
      await server.advance(steps: 20)
      #expect(try await client.getWorkflow(second, namespace: "argo").isFinished == false)
      _ = try await client.resumeWorkflow(second, namespace: "argo")
      #expect(await server.runUntilFinished(second) == "Succeeded")
      let third = try #require(try await client.createWorkflow(try Self.workflow(), namespace: "argo").metadata.name)
      await server.advance(steps: 2)
      let stopped = try await client.stopWorkflow(third, namespace: "argo", message: "enough")
      _ = stopped
      #expect(await server.runUntilFinished(third) == "Failed")
      let fourth = try #require(try await client.createWorkflow(try Self.workflow(), namespace: "argo").metadata.name)
      _ = try await client.terminateWorkflow(fourth, namespace: "argo")
      #expect(await server.runUntilFinished(fourth) == "Failed")
      #expect(try await client.getWorkflow(fourth, namespace: "argo").status?.message?.contains("Terminate") == true)
    }
  }

  static let template: JSONValue = [
    "apiVersion": "argoproj.io/v1alpha1", "kind": "WorkflowTemplate", "metadata": ["name": "say-hello"],
    "spec": [
      "entrypoint": "main", "arguments": ["parameters": [["name": "who", "value": "world"]]],
      "templates": [["name": "main", "container": ["image": "alpine:3.20", "command": ["echo", "{{workflow.parameters.who}}"]]]],
    ],
  ]

  @Test func workflowTemplatesAreCreatedUpdatedAppliedAndSubmitted() async throws {
    try await Self.withServer { server, client in
      let template = try WorkflowTemplate(json: Self.template, options: .strict)
      let created = try await client.create(template, namespace: "argo")
      #expect(created.metadata.resourceVersion != nil)
      do throws(ArgoError) {
        _ = try await client.create(template, namespace: "argo")
        Issue.record("a second template of the same name was created")
      } catch {
        #expect(error.kind == .conflict)
      }
      // An update needs the current version; a stale one is a conflict.
      var stale = created
      stale.spec.entrypoint = "main"
      stale.metadata.resourceVersion = "1"
      await #expect(throws: ArgoError.self) { try await client.update(stale, namespace: "argo") }
      var changed = template
      changed.spec.arguments?.parameters?[0].value = "lyon"
      let (applied, outcome) = try await client.apply(changed, namespace: "argo")
      #expect(outcome == .updated)
      #expect(applied.spec.arguments?.parameters?.first?.value == "lyon")
      #expect(try await client.list(WorkflowTemplate.self, namespace: "argo").items.count == 1)
      let submitted = try await client.submitWorkflow(
        from: .workflowTemplate, name: "say-hello", namespace: "argo", options: SubmitOptions(parameters: ["who=villeurbanne"]))
      #expect(submitted.spec.workflowTemplateRef?.name == "say-hello")
      #expect(submitted.spec.arguments?.parameters?.first { $0.name == "who" }?.value == "villeurbanne")
      #expect(await server.runUntilFinished(submitted.metadata.name ?? "") == "Succeeded")
      try await client.delete(WorkflowTemplate.self, "say-hello", namespace: "argo")
      let (recreated, second) = try await client.apply(template, namespace: "argo")
      #expect(second == .created && recreated.metadata.name == "say-hello")
    }
  }

  @Test func clusterTemplatesCronWorkflowsAndTheArchive() async throws {
    var settings = ArgoServerSimulator.Settings()
    settings.archivePolicy = .whenFinished
    try await Self.withServer(settings) { server, client in
      var clusterJSON = Self.template.objectValue ?? [:]
      clusterJSON["kind"] = "ClusterWorkflowTemplate"
      let cluster = try ClusterWorkflowTemplate(json: .object(clusterJSON), options: .strict)
      _ = try await client.create(cluster, namespace: nil)
      #expect(try await client.get(ClusterWorkflowTemplate.self, "say-hello", namespace: nil).metadata.name == "say-hello")
      _ = try await client.lint(cluster, namespace: nil)

      let cronJSON: JSONValue = [
        "apiVersion": "argoproj.io/v1alpha1", "kind": "CronWorkflow", "metadata": ["name": "nightly"],
        "spec": ["schedules": ["0 2 * * *"], "workflowSpec": Self.hello["spec"] ?? [:]],
      ]
      let cron = try CronWorkflow(json: cronJSON, options: .strict)
      _ = try await client.create(cron, namespace: "argo")
      #expect(try await client.suspendCronWorkflow("nightly", namespace: "argo").spec.suspend == true)
      #expect(try await client.resumeCronWorkflow("nightly", namespace: "argo").spec.suspend != true)
      let fromCron = try await client.submitWorkflow(from: .cronWorkflow, name: "nightly", namespace: "argo")
      let name = try #require(fromCron.metadata.name)
      #expect(await server.runUntilFinished(name) == "Succeeded")

      let archived = try await client.listArchivedWorkflows(namespace: "argo")
      let entry = try #require(archived.items.first { $0.metadata.name == name })
      let uid = try #require(entry.metadata.uid)
      #expect(try await client.getArchivedWorkflow(uid: uid).metadata.name == name)
      let resubmitted = try await client.resubmitArchivedWorkflow(uid: uid, namespace: "argo")
      #expect(resubmitted.metadata.name != name)
      try await client.deleteArchivedWorkflow(uid: uid)
      await #expect(throws: ArgoError.self) { try await client.getArchivedWorkflow(uid: uid) }
    }
  }

  @Test func compressedNodesAreInflated() async throws {
    try await Self.withServer { server, client in
      var workflow = try Self.workflow()
      workflow.metadata.labels = [ArgoServerSimulator.compressLabel: "true"]
      let name = try #require(try await client.createWorkflow(workflow, namespace: "argo").metadata.name)
      #expect(await server.runUntilFinished(name) == "Succeeded")
      #expect(await server.workflow(name)?["status"]?["compressedNodes"] != nil)
      let read = try await client.getWorkflow(name, namespace: "argo")
      #expect(read.status?.nodes?.count == 4)
      #expect(read.status?.compressedNodes == nil)
    }
  }

  @Test func serverInformation() async throws {
    try await Self.withServer { _, client in
      #expect(try await client.version().version == "v4.1.2")
      #expect(try await client.userInfo()["subject"] != nil)
      _ = try await client.info()
    }
  }
}
