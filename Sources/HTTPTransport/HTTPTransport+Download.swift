import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// How a download ended: the final answer's status and headers (its body is in the file).
public struct HTTPDownload: Sendable {
  public var status: Int
  /// The status line's reason (`Not Found`).
  public var reason: String
  public var headers: [(name: String, value: String)]
  /// The URL that gave the final answer, after redirects.
  public var url: URL
  /// How many redirects were followed.
  public var redirects: Int

  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }
}

extension HTTPTransport {
  /// Sends a request and writes the answer's body into `file` (replacing it), following
  /// redirects as Go's HTTP client does: at most `maxRedirects`; a 301, 302 or 303 turns a
  /// request other than GET or HEAD into a GET without body; a redirect to another host drops
  /// `Authorization` and `Cookie`, so that credentials go only where they were meant to.
  ///
  /// The calling thread waits until the body is written: this is for callers that cannot await
  /// (the local engine prepares a pod's input artifacts synchronously). The exchange runs on
  /// NIO's event loops and file I/O threads, never on Swift's cooperative threads, so a caller
  /// blocking one of those cannot starve it.
  ///
  /// - Parameters:
  ///   - timeout: how long the whole exchange (redirects included) may take; an answer that
  ///     stalls for that long fails too.
  ///   - isCancelled: asked every tenth of a second; when it says yes, the exchange is
  ///     abandoned (`Task.isCancelled` works from a synchronous function called by a task).
  /// - Returns: the final answer's status and headers, whatever the status.
  /// - Throws: `TransportFailure` when no answer came (refused, unresolved, timed out, TLS,
  ///   cancelled).
  public static func download(
    _ spec: HTTPRequestSpec, to file: URL, tls: TLSSettings = TLSSettings(), timeout: TimeAmount,
    connectTimeout: TimeAmount = .seconds(10), maxRedirects: Int = 10, isCancelled: () -> Bool = { false }
  ) throws(TransportFailure) -> HTTPDownload {
    var configuration = HTTPClient.Configuration(
      tlsConfiguration: try tls.configuration(), redirectConfiguration: .disallow,
      timeout: HTTPClient.Configuration.Timeout(connect: connectTimeout, read: timeout))
    configuration.httpVersion = .http1Only
    configuration.connectionPool.retryConnectionEstablishment = false
    let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    defer { shutDown(client) }
    let deadline = NIODeadline.now() + timeout
    var current = spec
    var redirects = 0
    while true {
      let host = current.url.host ?? "?"
      let secure = current.url.scheme == "https"
      let port = current.url.port ?? (secure ? 443 : 80)
      let progress: FileDownloadDelegate.Progress
      do {
        var headers = HTTPHeaders()
        for header in current.headers { headers.add(name: header.name, value: header.value) }
        let request = try HTTPClient.Request(
          url: current.url.absoluteString, method: HTTPMethod(rawValue: current.method), headers: headers,
          body: current.body.map { .bytes($0) })
        let delegate = try FileDownloadDelegate(path: file.path)
        progress = try wait(client.execute(request: request, delegate: delegate, deadline: deadline), isCancelled: isCancelled)
      } catch {
        if isCancelled() { throw TransportFailure(.other, "the download from \(host):\(port) was cancelled") }
        throw TransportFailure.diagnose(error, host: host, port: port, secure: secure)
      }
      let head = progress.head
      let status = Int(head.status.code)
      if [301, 302, 303, 307, 308].contains(status), let location = head.headers.first(name: "Location"),
        let next = URL(string: location, relativeTo: current.url)?.absoluteURL
      {
        redirects += 1
        guard redirects <= maxRedirects else {
          throw TransportFailure(
            .other, "\(host):\(port) redirected more than \(maxRedirects) times", hint: "the URL may redirect in a loop")
        }
        if next.host?.lowercased() != current.url.host?.lowercased() {
          current.headers.removeAll { ["authorization", "cookie", "www-authenticate"].contains($0.name.lowercased()) }
        }
        if [301, 302, 303].contains(status), current.method != "GET", current.method != "HEAD" {
          current.method = "GET"
          current.body = nil
        }
        current.url = next
        continue
      }
      return HTTPDownload(
        status: status, reason: head.status.reasonPhrase, headers: head.headers.map { ($0.name, $0.value) }, url: current.url,
        redirects: redirects)
    }
  }

  /// Waits for a request on this thread, cancelling it when asked to (NIO marks `wait()`
  /// unavailable from async code; this function is synchronous by design).
  private static func wait<Value: Sendable>(_ task: HTTPClient.Task<Value>, isCancelled: () -> Bool) throws -> Value {
    let done = DispatchSemaphore(value: 0)
    task.futureResult.whenComplete { _ in done.signal() }
    var cancelled = false
    while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
      if !cancelled && isCancelled() {
        cancelled = true
        task.cancel()
      }
    }
    return try task.futureResult.wait()
  }

  private static func shutDown(_ client: HTTPClient) {
    try? client.syncShutdown()
  }
}
