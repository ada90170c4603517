import ArgoModel
import Foundation
import HTTPTransport

/// How to reach an Argo Server: its address, the token, and TLS trust.
public struct ArgoConnection: Sendable {
  public var address: ArgoServerAddress
  public var token: ArgoToken?
  public var tls: TLSSettings
  /// How long one call to the server may take, its retries included, in seconds
  /// (`--request-timeout`).
  public var requestTimeout: Double

  public init(address: ArgoServerAddress, token: ArgoToken?, tls: TLSSettings = TLSSettings(), requestTimeout: Double = 30) {
    self.address = address
    self.token = token
    self.tls = tls
    self.requestTimeout = requestTimeout
  }
}

/// The Argo Server's version, as `GET /api/v1/version` gives it.
public struct ArgoVersion: Sendable, Hashable {
  public var version: String
  public var gitCommit: String?
  public var platform: String?
}

/// When and how often to try again a request that failed for a reason that may pass.
public struct RetryPolicy: Sendable {
  /// Attempts in all, the first included.
  public var attempts: Int
  /// The wait before the second attempt; it doubles each time, up to `maxDelay`.
  public var baseDelay: Duration
  public var maxDelay: Duration

  public init(attempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5)) {
    self.attempts = attempts
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
  }

  /// The wait before attempt `attempt` (counting from 1 for the first retry), with jitter.
  func delay(before attempt: Int) -> Duration {
    let exponential = baseDelay * (1 << min(attempt - 1, 10))
    let capped = min(exponential, maxDelay)
    return capped * Double.random(in: 0.75...1.25)
  }

  public static let none = RetryPolicy(attempts: 1)
}

/// A client of the Argo Server's REST API: workflows and their whole lifecycle, workflow
/// templates, cluster workflow templates, cron workflows, archived workflows, and the server's
/// own information.
///
/// Every call ends within the connection's `requestTimeout` (30 s by default), its retries
/// included: idempotent calls are tried again, with back-off, after connection failures and
/// 502/503/504, while the limit leaves time. A creation is sent under a name chosen here (from
/// `generateName`, as the API server would choose it), so that sending it again can never
/// make a second workflow: the server refuses the name, and the workflow under it is ours. Answers are read leniently: fields this
/// version does not know are kept.
///
/// ```swift
/// let client = try ArgoClient(settings.argoConnection!)
/// let created = try await client.createWorkflow(workflow, namespace: "lyon")
/// for try await event in await client.watchWorkflow(created.metadata.name!, namespace: "lyon") { ... }
/// ```
public actor ArgoClient {
  public let connection: ArgoConnection
  public let retryPolicy: RetryPolicy
  /// How long one call may take, its retries included.
  public let requestTimeout: Duration
  let transport: HTTPTransport

  /// - Parameter timeout: seconds a call may take, retries included; the connection's
  ///   `requestTimeout` when nil.
  public init(_ connection: ArgoConnection, timeout: Int64? = nil, retryPolicy: RetryPolicy = RetryPolicy()) throws(ArgoError) {
    self.connection = connection
    self.retryPolicy = retryPolicy
    let limit = timeout.map { Duration.seconds($0) } ?? .milliseconds(Int64(connection.requestTimeout * 1000))
    requestTimeout = limit
    do {
      transport = try HTTPTransport(
        tls: connection.tls, timeout: .milliseconds(ArgoClient.milliseconds(limit)),
        connectTimeout: .milliseconds(ArgoClient.milliseconds(min(limit, .seconds(10)))))
    } catch {
      throw ArgoError(.configuration, error.message, hint: error.hint)
    }
  }

  public func shutdown() async {
    await transport.shutdown()
  }

  // MARK: Requests

  /// The error with the token hidden wherever it appears: a server that repeats the request's
  /// Authorization header in its message, or a library that quotes a header it refused, must
  /// not make us print it.
  nonisolated func redacted(_ error: ArgoError) -> ArgoError {
    guard let token = connection.token else { return error }
    return error.hiding(token.authorizationHeader, as: token.description).hiding(token.secret, as: token.description)
  }

  static func milliseconds(_ duration: Duration) -> Int64 {
    max(1, Int64(duration / .milliseconds(1)))
  }

  /// Whether a failure may be retried: the request did not reach the server, or a proxy in
  /// front of it said it is unavailable.
  static func isTransient(_ error: ArgoError) -> Bool {
    if let status = error.status { return status == 502 || status == 503 || status == 504 }
    guard let transport = error.transport else { return false }
    return [.connectionRefused, .connectionClosed, .timeout].contains(transport.kind)
  }

  /// Whether a failed request surely did not reach the server (so that even a non-idempotent
  /// one may be sent again).
  static func surelyNotSent(_ error: ArgoError) -> Bool {
    error.transport?.kind == .connectionRefused || error.transport?.kind == .nameResolution
  }

  func send(
    _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String, namespace: String? = nil,
    idempotent: Bool
  ) async throws(ArgoError) -> HTTPResponseData {
    let deadline = ContinuousClock.now + requestTimeout
    var attempt = 1
    while true {
      do {
        return try await sendOnce(method, path, query: query, body: body, what: what, namespace: namespace, deadline: deadline)
      } catch {
        let retryable = idempotent ? ArgoClient.isTransient(error) : ArgoClient.surelyNotSent(error)
        guard retryable, attempt < retryPolicy.attempts, let wait = retryWait(before: attempt, deadline: deadline) else { throw error }
        try? await Task.sleep(for: wait)
        attempt += 1
      }
    }
  }

  /// The wait before retry `attempt`, or nil when the call's deadline leaves no time for it and
  /// another try (a second at least).
  func retryWait(before attempt: Int, deadline: ContinuousClock.Instant) -> Duration? {
    let wait = retryPolicy.delay(before: attempt)
    return ContinuousClock.now + wait + .seconds(1) < deadline ? wait : nil
  }

  /// One request, which must be answered by `deadline`.
  func sendOnce(
    _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String, namespace: String? = nil,
    deadline: ContinuousClock.Instant
  ) async throws(ArgoError) -> HTTPResponseData {
    let response: HTTPResponseData
    let remaining = max(ContinuousClock.now.duration(to: deadline), .milliseconds(100))
    do {
      response = try await transport.send(request(method, path, query: query, body: body), timeout: remaining)
    } catch {
      throw redacted(ArgoError(error))
    }
    guard (200..<300).contains(response.status) else {
      throw redacted(ArgoError.fromResponse(status: response.status, body: response.body, what: what, namespace: namespace))
    }
    return response
  }

  func request(
    _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, accept: String = "application/json"
  )
    -> HTTPRequestSpec
  {
    var headers: [(name: String, value: String)] = [("Accept", accept)]
    if let token = connection.token { headers.append(("Authorization", token.authorizationHeader)) }
    var bytes: [UInt8]?
    if let body {
      var writer = JSONWriter(style: .compact)
      writer.write(body)
      bytes = writer.bytes
    }
    return HTTPRequestSpec(method: method, url: connection.address.url(path, query: query), headers: headers, body: bytes)
  }

  func json(
    _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String, namespace: String? = nil,
    idempotent: Bool
  ) async throws(ArgoError) -> JSONValue {
    let response = try await send(method, path, query: query, body: body, what: what, namespace: namespace, idempotent: idempotent)
    return try decodeJSON(response.body, what: what)
  }

  func decodeJSON(_ bytes: [UInt8], what: String) throws(ArgoError) -> JSONValue {
    var options = ManifestReader.Options.preserving
    options.maxBytes = 1 << 30
    guard let decoded = try? ManifestReader(options: options).values(bytes, format: .json).first else {
      throw ArgoError(
        .unexpected, "the answer to \(what) is not JSON",
        hint: "is \(connection.address) an Argo Server? (a web page may answer there instead)")
    }
    return decoded
  }

  /// A model value read leniently from an answer.
  func decode<Value: JSONConvertible>(_ type: Value.Type, from json: JSONValue, what: String) throws(ArgoError) -> Value {
    do {
      return try Value(json: json, options: .preserving)
    } catch {
      throw ArgoError(.unexpected, "the answer to \(what) does not read as a \(Value.self): \(error)")
    }
  }

  // MARK: The server

  /// `GET /api/v1/version`: reachability, TLS, and which Argo answers.
  public func version() async throws(ArgoError) -> ArgoVersion {
    let object = try await json("GET", "/api/v1/version", what: "read the version", idempotent: true)
    return ArgoVersion(
      version: object["version"]?.stringValue ?? "unknown", gitCommit: object["gitCommit"]?.stringValue,
      platform: object["platform"]?.stringValue)
  }

  /// `GET /api/v1/info`: the server's settings; a non-empty `managedNamespace` means the server
  /// only sees that namespace.
  public func info() async throws(ArgoError) -> JSONValue {
    try await json("GET", "/api/v1/info", what: "read the server's information", idempotent: true)
  }

  /// `GET /api/v1/userinfo`: who the token is.
  public func userInfo() async throws(ArgoError) -> JSONValue {
    try await json("GET", "/api/v1/userinfo", what: "read who the token is", idempotent: true)
  }

  /// The names of at most `limit` workflows of a namespace: the check that the token may list
  /// workflows there.
  public func workflowNames(namespace: String, limit: Int) async throws(ArgoError) -> [String] {
    let object = try await json(
      "GET", "/api/v1/workflows/\(namespace)", query: [("listOptions.limit", String(limit)), ("fields", "items.metadata.name")],
      what: "list workflows", namespace: namespace, idempotent: true)
    return (object["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
  }
}
