import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request, described without AsyncHTTPClient's types.
public struct HTTPRequestSpec: Sendable {
  public var method: String
  public var url: URL
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]?

  public init(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }
}

/// A complete HTTP answer.
public struct HTTPResponseData: Sendable {
  public var status: Int
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }
}

/// An HTTPS client with the trust and identity of `TLSSettings`, time limits on every call, and
/// transport failures turned into diagnoses. Call `shutdown()` when done.
public final class HTTPTransport: Sendable {
  private let client: HTTPClient
  public let tls: TLSSettings
  /// How long a whole exchange may take.
  public let timeout: TimeAmount

  /// - Throws: `TransportFailure` of kind `.configuration` when a certificate or key cannot be
  ///   read.
  public init(tls: TLSSettings = TLSSettings(), timeout: TimeAmount = .seconds(30), connectTimeout: TimeAmount = .seconds(10))
    throws(TransportFailure)
  {
    self.tls = tls
    self.timeout = timeout
    var configuration = HTTPClient.Configuration(
      tlsConfiguration: try tls.configuration(), redirectConfiguration: .disallow,
      timeout: HTTPClient.Configuration.Timeout(connect: connectTimeout, read: timeout))
    configuration.httpVersion = .http1Only
    // A failed connection fails at once, with its own diagnosis: callers retry where retrying
    // is safe, and a person waiting for `hera check` learns "connection refused" in
    // milliseconds rather than after the connect timeout.
    configuration.connectionPool.retryConnectionEstablishment = false
    client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
  }

  public func shutdown() async {
    try? await client.shutdown()
  }

  /// The URL the connection is made to: with `tls-server-name`, the request names that host
  /// (so that the certificate is checked against it) and the connection goes to the real one.
  private func prepared(_ url: URL) -> (url: String, dnsOverride: [String: String]) {
    guard let serverName = tls.serverName, !serverName.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
      let host = components.host, host != serverName
    else { return (url.absoluteString, [:]) }
    components.host = serverName
    return (components.url?.absoluteString ?? url.absoluteString, [serverName: host])
  }

  /// Sends a request and collects the whole answer (at most `maxBytes`), within `timeout`
  /// (the transport's own when nil).
  public func send(_ spec: HTTPRequestSpec, maxBytes: Int = 256 << 20, timeout: Duration? = nil) async throws(TransportFailure)
    -> HTTPResponseData
  {
    let host = spec.url.host ?? "?"
    let secure = spec.url.scheme == "https"
    let port = spec.url.port ?? (secure ? 443 : 80)
    do {
      let response = try await execute(spec, timeout: timeout.map { .milliseconds(max(1, Int64($0 / .milliseconds(1)))) })
      var body = try await response.body.collect(upTo: maxBytes)
      let bytes = body.readBytes(length: body.readableBytes) ?? []
      return HTTPResponseData(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: bytes)
    } catch let error as NIOTooManyBytesError {
      _ = error
      throw TransportFailure(.other, "the answer of \(host):\(port) is larger than \(maxBytes) bytes")
    } catch {
      throw await HTTPTransport.diagnose(error, host: host, port: port, secure: secure)
    }
  }

  /// The diagnosis of a failure; a plain HTTP request that a TLS port dropped is told apart by
  /// probing the port with a TLS handshake.
  static func diagnose(_ error: any Error, host: String, port: Int, secure: Bool) async -> TransportFailure {
    let failure = TransportFailure.diagnose(error, host: host, port: port, secure: secure)
    guard !secure, [.connectionClosed, .timeout, .other].contains(failure.kind) else { return failure }
    if await TLSProbe.speaksTLS(host: host, port: port) {
      return TransportFailure(
        .serverExpectsTLS, "\(host):\(port) speaks HTTPS, not plain HTTP",
        hint: "use https:// (or --secure, ARGO_SECURE=true) for this server")
    }
    return failure
  }

  /// Sends a request and gives the answer's status and headers, then its body as it arrives:
  /// for watch and log streams.
  public func stream(_ spec: HTTPRequestSpec) async throws(TransportFailure) -> HTTPStream {
    let host = spec.url.host ?? "?"
    let secure = spec.url.scheme == "https"
    let port = spec.url.port ?? (secure ? 443 : 80)
    do {
      let response = try await execute(spec, timeout: .hours(24 * 365))
      return HTTPStream(
        status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: response.body, host: host,
        port: port,
        secure: secure)
    } catch {
      throw await HTTPTransport.diagnose(error, host: host, port: port, secure: secure)
    }
  }

  private func execute(_ spec: HTTPRequestSpec, timeout: TimeAmount? = nil) async throws -> HTTPClientResponse {
    let (url, dnsOverride) = prepared(spec.url)
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: spec.method)
    for header in spec.headers { request.headers.add(name: header.name, value: header.value) }
    if let body = spec.body {
      request.body = .bytes(ByteBuffer(bytes: body))
      if !spec.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
        request.headers.add(name: "Content-Type", value: "application/json")
      }
    }
    if dnsOverride.isEmpty {
      return try await client.execute(request, timeout: timeout ?? self.timeout)
    }
    // A client of its own for this connection, resolving the server name to the real host.
    var configuration = HTTPClient.Configuration(tlsConfiguration: try tls.configuration(), redirectConfiguration: .disallow)
    configuration.dnsOverride = dnsOverride
    configuration.httpVersion = .http1Only
    configuration.connectionPool.retryConnectionEstablishment = false
    let overriding = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    do {
      let response = try await overriding.execute(request, timeout: timeout ?? self.timeout)
      try? await overriding.shutdown()
      return response
    } catch {
      try? await overriding.shutdown()
      throw error
    }
  }
}

/// The body of a streamed answer, as chunks of bytes.
public struct HTTPStream: Sendable {
  public let status: Int
  public let headers: [(name: String, value: String)]
  let body: HTTPClientResponse.Body
  let host: String
  let port: Int
  let secure: Bool

  /// The chunks of the body as they arrive; a transport failure ends the sequence with an error.
  public var chunks: AsyncThrowingStream<[UInt8], any Error> {
    let body = self.body
    let (host, port, secure) = (self.host, self.port, self.secure)
    return AsyncThrowingStream { continuation in
      let task = Task {
        do {
          for try await buffer in body {
            continuation.yield(Array(buffer.readableBytesView))
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: TransportFailure.diagnose(error, host: host, port: port, secure: secure))
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }
}
