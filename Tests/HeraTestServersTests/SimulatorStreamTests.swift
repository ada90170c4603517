import ArgoModel
import Foundation
import HTTPTransport
import HeraTestServers
import Testing

/// Watch and log streams in both framings, and every injected fault.
@Suite struct SimulatorStreamTests {
  @Test func watchAsJSONLinesWithReplay() async throws {
    try await withSimulator { argo, client in
      try await client.create(Manifests.hello(name: "earlier"))
      let stream = try await client.stream("/api/v1/workflow-events/argo", query: ["listOptions.fieldSelector": "metadata.name=watched"])
      #expect(stream.status == 200)
      #expect(stream.headers.first { $0.name.lowercased() == "content-type" }?.value == "application/json")
      let reader = StreamReader(stream)
      try await client.create(Manifests.hello(name: "watched"))
      let runner = Task { await argo.runUntilFinished("watched") }
      var events: [JSONValue] = []
      while let event = try await reader.next() {
        events.append(event)
        if event.at("result", "object", "status", "phase") == "Succeeded" { break }
      }
      _ = await runner.value
      #expect(events.first?.at("result", "type") == "ADDED")
      #expect(events.dropFirst().allSatisfy { $0.at("result", "type") == "MODIFIED" })
      #expect(events.allSatisfy { $0.at("result", "object", "metadata", "name") == "watched" })
      let versions = events.compactMap { Int($0.at("result", "object", "metadata", "resourceVersion")?.stringValue ?? "") }
      #expect(versions == versions.sorted() && Set(versions).count == versions.count)

      // From a resource version: only what came after it.
      let middle = versions[1]
      let replay = StreamReader(
        try await client.stream(
          "/api/v1/workflow-events/argo",
          query: ["listOptions.fieldSelector": "metadata.name=watched", "listOptions.resourceVersion": String(middle)]))
      var replayed: [Int] = []
      for _ in versions.dropFirst(2) {
        if let event = try await replay.next() {
          replayed.append(Int(event.at("result", "object", "metadata", "resourceVersion")?.stringValue ?? "") ?? 0)
        }
      }
      #expect(replayed == Array(versions.dropFirst(2)))

      // Without one: the current objects, as ADDED, then live events (a deletion).
      let current = StreamReader(try await client.stream("/api/v1/workflow-events/argo", query: ["listOptions.resourceVersion": "0"]))
      #expect(try await current.next()?.at("result", "object", "metadata", "name") == "earlier")
      #expect(try await current.next()?.at("result", "type") == "ADDED")
      _ = try await client.call("DELETE", "/api/v1/workflows/argo/earlier")
      let deleted = try await current.next()
      #expect(deleted?.at("result", "type") == "DELETED")
      #expect(deleted?.at("result", "object", "metadata", "name") == "earlier")
    }
  }

  @Test func watchAsServerSentEvents() async throws {
    var settings = ArgoServerSimulator.Settings()
    settings.keepAliveInterval = .milliseconds(20)
    try await withSimulator(settings) { argo, client in
      let stream = try await client.stream(
        "/api/v1/workflow-events/argo",
        query: ["listOptions.labelSelector": "app=sse", "fields": "result.type,result.object.metadata.name"],
        accept: "text/event-stream")
      #expect(stream.headers.first { $0.name.lowercased() == "content-type" }?.value == "text/event-stream")
      let reader = StreamReader(stream)
      try await client.create(Manifests.hello(name: "other"))
      try await client.create(Manifests.hello(name: "sse", labels: ["app": "sse"]))
      #expect(try await reader.next() == ["result": ["type": "ADDED", "object": ["metadata": ["name": "sse"]]]])
      try await Task.sleep(for: .milliseconds(100))
      await argo.advance()
      #expect(try await reader.next() == ["result": ["type": "MODIFIED", "object": ["metadata": ["name": "sse"]]]])
      #expect(reader.comments > 0)
      let raw = String(decoding: reader.raw, as: UTF8.self)
      #expect(raw.contains("data: {\"result\":{\"type\":\"ADDED\""))
      #expect(raw.contains(":\n"))
    }
  }

  @Test func logsWithFollowGrepAndOptions() async throws {
    try await withSimulator { argo, client in
      let name = try await client.create(Manifests.diamond(name: "logged"))
      let follower = StreamReader(try await client.stream("/api/v1/workflows/argo/\(name)/log", query: ["logOptions.follow": "true"]))
      let runner = Task { await argo.runUntilFinished(name) }
      let followed = try await follower.all()
      #expect(await runner.value == "Succeeded")
      // Five pods, three lines each; the stream ended with the workflow.
      #expect(followed.count == 15)
      #expect(
        followed.first == [
          "result": ["content": "a: step 1 of 3", "podName": .string(ArgoNames.podName(name, template: "work", nodeName: "logged.a"))]
        ])

      func contents(_ path: String, _ query: [String: String] = [:]) async throws -> [String] {
        try await StreamReader(try await client.stream(path, query: query)).all().compactMap { $0.at("result", "content")?.stringValue }
      }
      let log = "/api/v1/workflows/argo/\(name)/log"
      #expect(try await contents(log).count == 15)
      #expect(
        try await contents(log, ["grep": "step [23]", "podName": ArgoNames.podName(name, template: "work", nodeName: "logged.b")]) == [
          "b: step 2 of 3", "b: step 3 of 3",
        ])
      #expect(try await contents(log, ["logOptions.tailLines": "1"]).allSatisfy { $0.hasSuffix("step 3 of 3") })
      #expect(try await contents(log, ["logOptions.container": "sidecar"]).isEmpty)
      let podLog = "/api/v1/workflows/argo/\(name)/\(ArgoNames.podName(name, template: "work", nodeName: "logged.c"))/log"
      let stamped = try await contents(podLog, ["logOptions.timestamps": "true"])
      #expect(stamped.count == 3)
      #expect(
        stamped.first.map { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z c: step 1 of 3$"#, options: .regularExpression) != nil }
          == true)

      // sinceSeconds counts on the simulated clock.
      try await client.create(Manifests.hello(name: "late"))
      await argo.advance(steps: 2)
      await argo.moveClock(by: 60)
      await argo.advance(steps: 2)
      #expect(
        try await contents("/api/v1/workflows/argo/late/log", ["logOptions.sinceSeconds": "30"]) == [
          "late: step 2 of 3", "late: step 3 of 3",
        ])

      let missing = try await client.stream("/api/v1/workflows/argo/nope/log")
      #expect(missing.status == 404)
      #expect(
        try await StreamReader(missing).next()
          == [
            "error": ["grpc_code": 5, "http_code": 404, "message": #"workflows.argoproj.io "nope" not found"#, "http_status": "Not Found"]
          ])
    }
  }

  @Test func unavailableThenServed() async throws {
    try await withSimulator { argo, client in
      await argo.inject(.unavailable(), method: "GET", path: "/api/v1/workflows/argo", times: 2)
      let first = try await client.call("GET", "/api/v1/workflows/argo")
      #expect(first.status == 503)
      #expect(first.json["code"] == 14)
      #expect(try await client.call("GET", "/api/v1/workflows/argo").status == 503)
      #expect(try await client.call("GET", "/api/v1/workflows/argo").status == 200)
      // Other methods and paths were never touched.
      await argo.inject(.failure(code: 13, message: "boom"), method: "POST", path: "/api/v1/workflows/")
      #expect(try await client.call("GET", "/api/v1/version").status == 200)
      #expect(
        try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": Manifests.hello()]).json == [
          "code": 13, "message": "boom",
        ])
      #expect(await argo.creations == 0)
      #expect(await argo.counters.faultsApplied == 3)
    }
  }

  @Test func lostAnswerTakesEffectOnce() async throws {
    try await withSimulator { argo, client in
      await argo.inject(.dropAnswer, method: "POST", path: "/api/v1/workflows/argo")
      await #expect(throws: TransportFailure.self) {
        _ = try await client.call("POST", "/api/v1/workflows/argo", body: ["workflow": Manifests.hello(labels: ["submission": "s1"])])
      }
      // The creation happened: a client that looks before trying again finds it.
      let found = try await client.call("GET", "/api/v1/workflows/argo", query: ["listOptions.labelSelector": "submission=s1"]).json
      #expect(found["items"]?.arrayValue?.count == 1)
      #expect(await argo.creations == 1)
      #expect(await argo.counters.answersDropped == 1)
      #expect(await argo.requests.filter { $0.method == "POST" }.count == 1)
    }
  }

  @Test func streamsCutOrFailingInBand() async throws {
    try await withSimulator { argo, client in
      for index in 0..<4 { try await argo.addWorkflow(Manifests.hello(name: "w\(index)")) }
      await argo.inject(.cutStream(after: 2), path: "/api/v1/workflow-events/")
      let cut = StreamReader(try await client.stream("/api/v1/workflow-events/argo"))
      #expect(try await cut.next() != nil)
      #expect(try await cut.next() != nil)
      await #expect(throws: (any Error).self) { _ = try await cut.next() }

      // A client of its own for what follows: the pool of the first may still hold the
      // connection the server cut, and offer it once more before it sees it closed.
      let client = try SimulatorClient(argo)
      defer { Task { await client.shutdown() } }
      await argo.inject(.streamError(after: 1, code: 8, message: "too many events"), path: "/api/v1/workflow-events/")
      let failing = StreamReader(try await client.stream("/api/v1/workflow-events/argo"))
      #expect(try await failing.next()?.at("result", "type") == "ADDED")
      #expect(
        try await failing.next()
          == ["error": ["grpc_code": 8, "http_code": 429, "message": "too many events", "http_status": "Too Many Requests"]])
      #expect(try await failing.next() == nil)

      await argo.advance(steps: 5)
      await argo.inject(.streamError(after: 0), method: "GET", path: "/api/v1/workflows/argo/w0/log", times: 1)
      let logs = try await StreamReader(try await client.stream("/api/v1/workflows/argo/w0/log")).all()
      #expect(logs.count == 1)
      #expect(logs.first?.at("error", "grpc_code") == 14)
    }
  }

  @Test func slowAnswers() async throws {
    try await withSimulator { argo, client in
      await argo.inject(.delay(.milliseconds(300)), path: "/api/v1/version")
      let start = ContinuousClock.now
      let answer = try await client.call("GET", "/api/v1/version")
      #expect(answer.status == 200)
      #expect(ContinuousClock.now - start >= .milliseconds(300))
      // A client with a time limit shorter than the delay gives up.
      let impatient = try SimulatorClient(argo, timeout: 1)
      await argo.inject(.delay(.seconds(3)), path: "/api/v1/version")
      await #expect(throws: TransportFailure.self) { _ = try await impatient.call("GET", "/api/v1/version") }
      await impatient.shutdown()
    }
  }
}
