import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A request as a stand-in server sees it.
public struct TestRequest: Sendable {
  public var method: String
  /// The path, without the query.
  public var path: String
  /// The query's parameters, decoded.
  public var query: [String: String]
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What a stand-in server answers.
public struct TestResponse: Sendable {
  public enum Body: Sendable {
    case bytes([UInt8])
    /// Chunks sent one after another (a watch or log stream), then the end of the body; or,
    /// when `cut` is set, the connection is closed without a proper end.
    case stream(AsyncStream<[UInt8]>, cut: Bool)
    /// No answer at all: the connection is closed once the request has been read, as when an
    /// answer is lost on its way back.
    case drop
  }

  public var status: Int
  public var headers: [(name: String, value: String)]
  public var body: Body

  public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A JSON answer.
  public static func json(_ status: Int = 200, _ text: String) -> TestResponse {
    TestResponse(status: status, headers: [("Content-Type", "application/json")], body: .bytes(Array(text.utf8)))
  }

  /// An error answer in the Argo Server's format.
  public static func argoError(_ status: Int, code: Int, message: String) -> TestResponse {
    json(status, #"{"code":\#(code),"message":"\#(message)"}"#)
  }
}

/// An HTTP(S) server on 127.0.0.1, for tests: it answers with a handler, and records what it
/// was asked.
public final class TestHTTPServer: Sendable {
  /// How the server speaks.
  public struct Mode: Sendable {
    enum Kind: Sendable {
      case plain
      case tls(certificatePEM: String, keyPEM: String, clientCAPEM: String?)
      case silent
    }

    let kind: Kind

    /// Plain HTTP.
    public static let plainHTTP = Mode(kind: .plain)
    /// HTTPS with this certificate; with `clientCA`, clients must present a certificate it signed.
    public static func https(certificatePEM: String, keyPEM: String, clientCAPEM: String? = nil) -> Mode {
      Mode(kind: .tls(certificatePEM: certificatePEM, keyPEM: keyPEM, clientCAPEM: clientCAPEM))
    }
    /// Accepts connections and never answers (a hung server).
    public static let silent = Mode(kind: .silent)
  }

  public typealias Handler = @Sendable (TestRequest) async -> TestResponse

  public let port: Int
  private let serverChannel: any Channel
  private let recorder: RequestRecorder
  private let acceptTask: Task<Void, Never>

  /// Starts a server on an ephemeral port of 127.0.0.1.
  public init(mode: Mode, handler: @escaping Handler) async throws {
    let recorder = RequestRecorder()
    self.recorder = recorder
    let group = NIOSingletons.posixEventLoopGroup
    switch mode.kind {
    case .silent:
      let channel = try await ServerBootstrap(group: group)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { _ in group.next().makeSucceededVoidFuture() }
        .bind(host: "127.0.0.1", port: 0).get()
      serverChannel = channel
      port = channel.localAddress?.port ?? 0
      acceptTask = Task {}
    case .plain, .tls:
      var sslContext: NIOSSLContext?
      if case .tls(let certificatePEM, let keyPEM, let clientCAPEM) = mode.kind {
        var configuration = TLSConfiguration.makeServerConfiguration(
          certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
          privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)))
        if let clientCAPEM {
          configuration.certificateVerification = .noHostnameVerification
          configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(clientCAPEM.utf8)))
        }
        sslContext = try NIOSSLContext(configuration: configuration)
      }
      let context = sslContext
      let channel = try await ServerBootstrap(group: group)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .bind(host: "127.0.0.1", port: 0) { channel in
          channel.eventLoop.makeCompletedFuture {
            if let context {
              try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            }
            // Without pipelining assistance, which would stop reading while an answer is being
            // written and so miss a client closing a stream.
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
            return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
          }
        }
      serverChannel = channel.channel
      port = channel.channel.localAddress?.port ?? 0
      acceptTask = Task(executorPreference: TestServerExecutor.shared) {
        try? await withThrowingDiscardingTaskGroup { group in
          try await channel.executeThenClose { connections in
            for try await connection in connections {
              group.addTask {
                await TestHTTPServer.serve(connection, handler: handler, recorder: recorder)
              }
            }
          }
        }
      }
    }
  }

  /// The requests received so far, in order.
  public var requests: [TestRequest] {
    get async { await recorder.requests }
  }

  /// `https://127.0.0.1:PORT` (or `http://`), for clients.
  public func url(secure: Bool = true, host: String = "127.0.0.1") -> String {
    "\(secure ? "https" : "http")://\(host):\(port)"
  }

  public func stop() async {
    try? await serverChannel.close()
    acceptTask.cancel()
  }

  private static func serve(
    _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler, recorder: RequestRecorder
  ) async {
    try? await connection.executeThenClose { inbound, outbound in
      // The client's bytes are read all along, even while a streamed answer is written, so
      // that its going away is noticed at once (TLS close_notify answered, the stream ended),
      // as a Go server notices it.
      let (requests, arrived) = AsyncStream<TestRequest>.makeStream()
      // Not a child task: a connection closed by the server (a dropped answer, a cut stream)
      // must not wait for the reader, which ends when the connection is closed.
      let reader = Task(executorPreference: TestServerExecutor.shared) {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        defer { arrived.finish() }
        for try await part in inbound {
          switch part {
          case .head(let requestHead):
            head = requestHead
            body = []
          case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
          case .end:
            guard let requestHead = head else { continue }
            arrived.yield(TestServerRequest.make(requestHead, body: body))
          }
        }
      }
      defer { reader.cancel() }
      for await request in requests {
        await recorder.record(request)
        let response = await handler(request)
        guard try await respond(response, on: outbound, closed: connection.channel.closeFuture) else { return }
      }
    }
  }

  /// Writes an answer; returns whether the connection may serve another request.
  private static func respond(
    _ response: TestResponse, on outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, closed: EventLoopFuture<Void>
  ) async throws -> Bool {
    var responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status))
    for header in response.headers { responseHead.headers.add(name: header.name, value: header.value) }
    switch response.body {
    case .drop:
      return false
    case .bytes(let bytes):
      responseHead.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
      try await outbound.write(.head(responseHead))
      try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
      try await outbound.write(.end(nil))
      return true
    case .stream(let chunks, let cut):
      responseHead.headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
      try await outbound.write(.head(responseHead))
      // The connection's closing, as a sequence that ends then: unlike the future, waiting on
      // it stops when the task is cancelled.
      let (gone, signal) = AsyncStream<Void>.makeStream()
      closed.whenComplete { _ in signal.finish() }
      let completed = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
          for await chunk in chunks {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
          }
          return true
        }
        group.addTask {
          for await _ in gone {}
          return false
        }
        let first = try await group.next() ?? false
        group.cancelAll()
        return first
      }
      if cut || !completed { return false }  // closed without the final chunk: a dropped stream
      // A complete stream leaves the connection open for the next request, as Go's server does.
      try await outbound.write(.end(nil))
      return true
    }
  }
}

enum TestServerRequest {
  static func make(_ head: HTTPRequestHead, body: [UInt8]) -> TestRequest {
    let components = URLComponents(string: head.uri)
    var query: [String: String] = [:]
    for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
    return TestRequest(
      method: head.method.rawValue, path: components?.percentEncodedPath ?? head.uri, query: query,
      headers: head.headers.map { ($0.name, $0.value) }, body: body)
  }
}

actor RequestRecorder {
  private(set) var requests: [TestRequest] = []

  func record(_ request: TestRequest) {
    requests.append(request)
  }
}
