import ArgoModel
import Foundation
import HTTPTransport

/// How to reach an Argo Server: its address, the token, and TLS trust.
public struct ArgoConnection: Sendable {
  public var address: ArgoServerAddress
  public var token: ArgoToken?
  public var tls: TLSSettings

  public init(address: ArgoServerAddress, token: ArgoToken?, tls: TLSSettings = TLSSettings()) {
    self.address = address
    self.token = token
    self.tls = tls
  }
}

/// The Argo Server's version, as `GET /api/v1/version` gives it.
public struct ArgoVersion: Sendable, Hashable {
  public var version: String
  public var gitCommit: String?
  public var platform: String?
}

/// A client of the Argo Server's REST API.
public actor ArgoClient {
  public let connection: ArgoConnection
  private let transport: HTTPTransport

  public init(_ connection: ArgoConnection, timeout: Int64 = 30) throws(ArgoError) {
    self.connection = connection
    do {
      transport = try HTTPTransport(tls: connection.tls, timeout: .seconds(timeout), connectTimeout: .seconds(10))
    } catch {
      throw ArgoError(.configuration, error.message, hint: error.hint)
    }
  }

  public func shutdown() async {
    await transport.shutdown()
  }

  /// `GET /api/v1/version`: reachability, TLS, and which Argo answers.
  public func version() async throws(ArgoError) -> ArgoVersion {
    let object = try await json("GET", "/api/v1/version", what: "read the version")
    return ArgoVersion(
      version: object["version"]?.stringValue ?? "unknown", gitCommit: object["gitCommit"]?.stringValue,
      platform: object["platform"]?.stringValue)
  }

  /// The names of at most `limit` workflows of a namespace: the check that the token may list
  /// workflows there.
  public func workflowNames(namespace: String, limit: Int) async throws(ArgoError) -> [String] {
    let object = try await json(
      "GET", "/api/v1/workflows/\(namespace)", query: [("listOptions.limit", String(limit)), ("fields", "items.metadata.name")],
      what: "list workflows", namespace: namespace)
    return (object["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
  }

  // MARK: Requests

  func json(
    _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String, namespace: String? = nil
  ) async throws(ArgoError) -> JSONValue {
    let response = try await send(method, path, query: query, body: body, what: what, namespace: namespace)
    guard let decoded = try? ManifestReader(options: .preserving).values(response.body, format: .json).first else {
      throw ArgoError(
        .unexpected, "the answer to \(what) is not JSON", status: response.status,
        hint: "is \(connection.address) an Argo Server? (a web page may answer there instead)")
    }
    return decoded
  }

  func send(
    _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String, namespace: String? = nil
  ) async throws(ArgoError) -> HTTPResponseData {
    var headers: [(name: String, value: String)] = [("Accept", "application/json")]
    if let token = connection.token { headers.append(("Authorization", token.authorizationHeader)) }
    var bytes: [UInt8]?
    if let body {
      var writer = JSONWriter(style: .compact)
      writer.write(body)
      bytes = writer.bytes
    }
    let response: HTTPResponseData
    do {
      response = try await transport.send(
        HTTPRequestSpec(method: method, url: connection.address.url(path, query: query), headers: headers, body: bytes))
    } catch {
      throw ArgoError(error)
    }
    guard (200..<300).contains(response.status) else {
      throw ArgoError.fromResponse(status: response.status, body: response.body, what: what, namespace: namespace)
    }
    return response
  }
}
