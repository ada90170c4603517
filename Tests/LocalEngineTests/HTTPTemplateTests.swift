import ArgoModel
import Foundation
import HeraTestServers
import Testing

@testable import LocalEngine

/// `http` templates run here as Argo's agent runs them: one request, its body as the result, a
/// 2xx answer or the `successCondition` deciding the phase.
@Suite struct HTTPTemplateTests {
  static func workflow(url: String, http: String, consumer: Bool = false) -> String {
    """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: call}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: ask, template: ask}
    \(consumer ? "    - - {name: echo, template: echo, arguments: {parameters: [{name: said, value: \"{{steps.ask.outputs.result}}\"}]}}\n" : "")\
      - name: ask
        http:
          url: "\(url)"
    \(http.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
      - name: echo
        inputs: {parameters: [{name: said}]}
        container: {image: alpine, command: [echo, "{{inputs.parameters.said}}"]}
    ---
    apiVersion: v1
    kind: Secret
    metadata: {name: api}
    stringData: {token: s3cret}
    """
  }

  @Test("the method, headers (one from a Secret) and body are sent; the answer's body is the result, which the next step reads")
  func requestAndResult() async throws {
    let server = try await TestHTTPServer(mode: .plainHTTP) { request in
      .json(200, #"{"method": "\#(request.method)", "auth": "\#(request.header("Authorization") ?? "")", "got": "\#(request.bodyText)"}"#)
    }
    defer { Task { await server.stop() } }
    let run = try HostRun()
    let workflow = try await run.run(
      Self.workflow(
        url: server.url(secure: false) + "/api",
        http: """
          method: POST
          body: hello
          headers:
          - {name: Authorization, valueFrom: {secretKeyRef: {name: api, key: token}}}
          """, consumer: true))
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.message ?? "")")
    let ask = try #require(workflow.node("ask"))
    #expect(ask.type == "HTTP")
    #expect(ask.outputs?.result == #"{"method": "POST", "auth": "s3cret", "got": "hello"}"#)
    let request = try #require(await server.requests.first)
    #expect(request.path == "/api")
    #expect(try run.log(workflow, "echo").joined().contains(#""auth": "s3cret""#))
  }

  @Test("without a successCondition, an answer outside 2xx fails the node with its code; with one, the condition decides")
  func successConditions() async throws {
    let server = try await TestHTTPServer(mode: .plainHTTP) { request in
      request.path == "/missing" ? TestResponse(status: 404) : .json(200, #"{"state": "done"}"#)
    }
    defer { Task { await server.stop() } }
    let run = try HostRun()
    let missing = try await run.run(Self.workflow(url: server.url(secure: false) + "/missing", http: "method: GET"))
    #expect(missing.phase == "Failed")
    #expect(missing.node("ask")?.message == "received non-2xx response code: 404")

    let held = try await run.run(
      Self.workflow(
        url: server.url(secure: false) + "/state",
        http: #"successCondition: "response.statusCode == 200 && response.body contains 'done' && request.method == 'GET'""#
      )
      .replacingOccurrences(of: "name: call", with: "name: call-2"))
    #expect(held.phase == "Succeeded", "\(held.node("ask")?.message ?? "")")

    let notHeld = try await run.run(
      Self.workflow(url: server.url(secure: false) + "/state", http: #"successCondition: "response.body contains 'failed'""#)
        .replacingOccurrences(of: "name: call", with: "name: call-3"))
    #expect(notHeld.phase == "Failed")
    #expect(notHeld.node("ask")?.message == "successCondition 'response.body contains 'failed'' evaluated false")
  }

  @Test("a server that does not answer fails the node with the cause; a missing Secret is an Error naming it")
  func failures() async throws {
    let run = try HostRun()
    // A port nothing listens on: a server is started and stopped to find one.
    let gone = try await TestHTTPServer(mode: .plainHTTP) { _ in TestResponse() }
    let address = gone.url(secure: false)
    await gone.stop()
    let refused = try await run.run(Self.workflow(url: address + "/x", http: "timeoutSeconds: 5"))
    #expect(refused.phase == "Failed")
    #expect(refused.node("ask")?.message?.contains("GET \(address)/x") == true)

    let secret = try await run.run(
      Self.workflow(
        url: address + "/x",
        http: """
          headers:
          - {name: Authorization, valueFrom: {secretKeyRef: {name: absent, key: token}}}
          """
      ).replacingOccurrences(of: "name: call", with: "name: call-secret"))
    #expect(secret.node("ask")?.phase == "Error")
    #expect(secret.node("ask")?.message?.contains("the Secret absent") == true)
  }
}
