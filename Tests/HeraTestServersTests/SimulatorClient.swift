import ArgoModel
import Foundation
import HTTPTransport
import HeraTestServers
import Testing

/// A thin client of the simulator over real TLS: raw requests, their status and JSON, as a
/// client library would see them.
struct SimulatorClient {
  let argo: ArgoServerSimulator
  let transport: HTTPTransport
  var token: String? = ArgoServerSimulator.defaultToken

  init(_ argo: ArgoServerSimulator, timeout: Int64 = 60) throws {
    self.argo = argo
    transport = try HTTPTransport(
      tls: TLSSettings(certificateAuthorities: [.bytes(Array(argo.certificateAuthorityPEM!.utf8))]), timeout: .seconds(timeout),
      connectTimeout: .seconds(3))
  }

  func shutdown() async {
    await transport.shutdown()
  }

  /// The URL of a path under the simulator's address, its query values fully escaped.
  func url(_ path: String, _ query: [String: String] = [:]) -> URL {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let encoded = query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
    return URL(string: argo.url + path + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&")))!
  }

  func spec(_ method: String, _ path: String, query: [String: String], body: JSONValue?, accept: String?) -> HTTPRequestSpec {
    var headers: [(name: String, value: String)] = []
    if let token { headers.append(("Authorization", token)) }
    if let accept { headers.append(("Accept", accept)) }
    var bytes: [UInt8]?
    if let body {
      var writer = JSONWriter(style: .compact)
      writer.write(body)
      bytes = writer.bytes
    }
    return HTTPRequestSpec(method: method, url: url(path, query), headers: headers, body: bytes)
  }

  /// Sends a request and reads the answer as JSON (`null` when it is not JSON).
  func call(_ method: String, _ path: String, query: [String: String] = [:], body: JSONValue? = nil) async throws -> (
    status: Int, json: JSONValue
  ) {
    let response = try await transport.send(spec(method, path, query: query, body: body, accept: nil))
    return (response.status, (try? ManifestReader(options: .preserving).values(response.body, format: .json).first) ?? .null)
  }

  /// Sends a raw body.
  func raw(_ method: String, _ path: String, body: String) async throws -> (status: Int, json: JSONValue) {
    var request = spec(method, path, query: [:], body: nil, accept: nil)
    request.body = Array(body.utf8)
    let response = try await transport.send(request)
    return (response.status, (try? ManifestReader(options: .preserving).values(response.body, format: .json).first) ?? .null)
  }

  func stream(_ path: String, query: [String: String] = [:], accept: String? = nil) async throws -> HTTPStream {
    try await transport.stream(spec("GET", path, query: query, body: nil, accept: accept))
  }

  /// Creates a workflow and gives its name.
  @discardableResult
  func create(_ workflow: JSONValue, namespace: String = "argo", sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
    let (status, json) = try await call("POST", "/api/v1/workflows/\(namespace)", body: ["workflow": workflow])
    #expect(status == 200, "\(json)", sourceLocation: sourceLocation)
    return json.at("metadata", "name")?.stringValue ?? ""
  }
}

/// Runs a test body against a new simulator and client, and closes both whatever happens (a
/// client left open would stop the test process).
func withSimulator(
  _ settings: ArgoServerSimulator.Settings = ArgoServerSimulator.Settings(), timeout: Int64 = 60,
  _ body: (ArgoServerSimulator, SimulatorClient) async throws -> Void
) async throws {
  let argo = try await ArgoServerSimulator(settings: settings)
  let client = try SimulatorClient(argo, timeout: timeout)
  do {
    try await body(argo, client)
  } catch {
    await argo.stop()
    await client.shutdown()
    throw error
  }
  // The simulator first: it ends the streams the client still reads.
  await argo.stop()
  await client.shutdown()
}

/// Reads a stream message by message: NDJSON lines, or the `data:` lines of server-sent events
/// (comment lines counted apart). Used by one task at a time.
final class StreamReader {
  private var iterator: AsyncThrowingStream<[UInt8], any Error>.Iterator
  private var buffer: [UInt8] = []
  private(set) var comments = 0
  private(set) var raw: [UInt8] = []

  init(_ stream: HTTPStream) {
    iterator = stream.chunks.makeAsyncIterator()
  }

  /// The next message, or `nil` at the end of the stream.
  func next() async throws -> JSONValue? {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        if line.hasPrefix(":") {
          comments += 1
          continue
        }
        let text = line.hasPrefix("data: ") ? String(line.dropFirst(6)) : line
        if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
        return try ManifestReader(options: .preserving).values(Array(text.utf8), format: .json).first
      }
      guard let chunk = try await iterator.next() else {
        // A final chunk without a newline (an in-band error) is a message too.
        guard !buffer.isEmpty else { return nil }
        let text = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        buffer = []
        return try ManifestReader(options: .preserving).values(
          Array((text.hasPrefix("data: ") ? String(text.dropFirst(6)) : text).utf8), format: .json
        ).first
      }
      raw += chunk
      buffer += chunk
    }
  }

  /// Every message up to the end of the stream.
  func all() async throws -> [JSONValue] {
    var messages: [JSONValue] = []
    while let message = try await next() { messages.append(message) }
    return messages
  }
}

/// Argo's node naming, computed here independently of the simulator.
enum ArgoNames {
  static func fnv(_ text: String) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return hash
  }

  static func nodeID(_ workflow: String, _ nodeName: String) -> String {
    nodeName == workflow ? workflow : "\(workflow)-\(fnv(nodeName))"
  }

  static func podName(_ workflow: String, template: String, nodeName: String) -> String {
    "\(workflow)-\(template)-\(fnv(nodeName))"
  }
}

/// Manifests the tests submit.
enum Manifests {
  static func container(_ name: String, command: [String] = ["echo", "hello"]) -> JSONValue {
    ["name": .string(name), "container": ["image": "alpine:3.20", "command": .array(command.map(JSONValue.string))]]
  }

  static func workflow(
    name: String? = nil, generateName: String = "hello-", labels: [String: String] = [:], annotations: [String: String] = [:],
    entrypoint: String = "main", templates: [JSONValue]
  ) -> JSONValue {
    var metadata: JSONObject = name.map { ["name": .string($0)] } ?? ["generateName": .string(generateName)]
    if !labels.isEmpty {
      metadata["labels"] = .object(JSONObject(labels.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: .string($0.value)) }))
    }
    if !annotations.isEmpty {
      metadata["annotations"] = .object(
        JSONObject(annotations.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: .string($0.value)) }))
    }
    return [
      "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": .object(metadata),
      "spec": ["entrypoint": .string(entrypoint), "templates": .array(templates)],
    ]
  }

  /// One container.
  static func hello(name: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:]) -> JSONValue {
    workflow(name: name, labels: labels, annotations: annotations, templates: [container("main")])
  }

  /// A diamond: `a`, then `fan` over two items and `b`, then `c` after both.
  static func diamond(name: String, annotations: [String: String] = [:]) -> JSONValue {
    workflow(
      name: name, annotations: annotations,
      templates: [
        [
          "name": "main",
          "dag": [
            "tasks": [
              ["name": "a", "template": "work"],
              ["name": "fan", "template": "work", "depends": "a", "withItems": ["x", "y"]],
              ["name": "b", "template": "work", "depends": "a"],
              ["name": "c", "template": "work", "depends": "fan && b.Succeeded"],
            ]
          ],
        ],
        container("work"),
      ])
  }
}

extension JSONValue {
  /// The nodes of a workflow's status by display name.
  var nodesByDisplayName: [String: JSONValue] {
    var nodes: [String: JSONValue] = [:]
    for member in at("status", "nodes")?.objectValue ?? [:] { nodes[member.value["displayName"]?.stringValue ?? ""] = member.value }
    return nodes
  }

  func at(_ keys: String...) -> JSONValue? {
    var current: JSONValue? = self
    for key in keys { current = current?[key] }
    return current
  }
}
