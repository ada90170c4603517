import ArgoModel
import Foundation
import HTTPTransport
import NIOCore
import Synchronization

/// Runs an `http` template here, as Argo's agent runs it on a cluster: one request (`method`,
/// GET by default; `headers`, with values from Secrets; `body` or `bodyFrom.bytes`), redirects
/// followed, within `timeoutSeconds` (30 by default); the answer's body is the node's `result`.
///
/// It succeeds on a 2xx answer; with a `successCondition`, when that expression holds, reading
/// `request.method`, `request.url`, `request.body`, `request.headers` and `response.statusCode`,
/// `response.body`, `response.headers` (headers as lists of values by name). A request that gets
/// no answer fails with the cause.
struct HTTPTemplateRunner: Sendable {
  var secrets: [String: [String: String]]
  /// Where the answer is written while it comes.
  var scratch: URL

  /// Runs the request on this thread (it waits for the answer); `isCancelled` is asked while
  /// it waits.
  func run(_ template: HTTP, isCancelled: @escaping () -> Bool = { false }) -> PodResult {
    let method = (template.method ?? "").isEmpty ? "GET" : (template.method ?? "GET").uppercased()
    let shown = RedactedAddress.of(template.url)
    guard let url = URL(string: template.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
    else {
      return PodResult(phase: NodePhase.failed, message: "\(shown) is not an http or https URL")
    }
    var headers: [(name: String, value: String)] = []
    for header in template.headers ?? [] {
      if let selector = header.valueFrom?.secretKeyRef {
        do {
          headers.append((header.name, try ArtifactSecrets(secrets: secrets).value(selector, for: "header \(header.name)")))
        } catch {
          return PodResult(phase: NodePhase.error, message: error.description)
        }
      } else {
        headers.append((header.name, header.value ?? ""))
      }
    }
    var body: [UInt8]?
    if let encoded = template.bodyFrom?.bytes {
      guard let data = Data(base64Encoded: encoded) else {
        return PodResult(phase: NodePhase.error, message: "http.bodyFrom.bytes is not base64")
      }
      body = Array(data)
    } else if let text = template.body, !text.isEmpty {
      body = Array(text.utf8)
    }
    let seconds = Int64(max(template.timeoutSeconds ?? 30, 1))
    let file = scratch.appendingPathComponent("http-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    let answer: HTTPDownload
    do {
      try Folders.make(scratch)
      answer = try HTTPTransport.download(
        HTTPRequestSpec(method: method, url: url, headers: headers, body: body), to: file,
        tls: TLSSettings(insecureSkipVerify: template.insecureSkipVerify ?? false), timeout: .seconds(seconds),
        connectTimeout: .seconds(min(seconds, 10)), isCancelled: isCancelled)
    } catch let failure as TransportFailure {
      return PodResult(phase: NodePhase.failed, message: "\(method) \(shown): \(failure.description)")
    } catch {
      return PodResult(phase: NodePhase.failed, message: "\(method) \(shown): \(error)")
    }
    let text = String(decoding: FileManager.default.contents(atPath: file.path) ?? Data(), as: UTF8.self)
    let outputs = Outputs(result: text)
    guard let condition = template.successCondition, !condition.isEmpty else {
      guard (200..<300).contains(answer.status) else {
        return PodResult(phase: NodePhase.failed, message: "received non-2xx response code: \(answer.status)", outputs: outputs)
      }
      return PodResult(phase: NodePhase.succeeded, outputs: outputs)
    }
    func grouped(_ pairs: [(name: String, value: String)]) -> JSONValue {
      var object = JSONObject()
      for (name, value) in pairs {
        if case .array(let values)? = object[name] {
          object[name] = .array(values + [.string(value)])
        } else {
          object[name] = .array([.string(value)])
        }
      }
      return .object(object)
    }
    let scope: Evaluation.Scope = [
      "request.method": .string(method), "request.url": .string(template.url), "request.body": .string(template.body ?? ""),
      "request.headers": grouped(headers), "response.statusCode": .number(JSONNumber(answer.status)),
      "response.body": .string(text), "response.headers": grouped(answer.headers),
    ]
    do {
      guard try Evaluation.isTrue(condition, scope) else {
        return PodResult(phase: NodePhase.failed, message: "successCondition '\(condition)' evaluated false", outputs: outputs)
      }
    } catch {
      return PodResult(phase: NodePhase.failed, message: "successCondition '\(condition)': \(error.message)", outputs: outputs)
    }
    return PodResult(phase: NodePhase.succeeded, outputs: outputs)
  }
}

extension HTTPTemplateRunner {
  /// Runs the request on a thread of its own, so that waiting for the answer holds none of the
  /// few threads tasks share; cancelling the calling task abandons it.
  func run(_ template: HTTP) async -> PodResult {
    let cancelled = CancellationFlag()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let thread = Thread {
          continuation.resume(returning: run(template, isCancelled: { cancelled.isSet }))
        }
        thread.name = "hera-http"
        thread.start()
      }
    } onCancel: {
      cancelled.set()
    }
  }
}

/// A flag set once, read from any thread.
final class CancellationFlag: Sendable {
  private let value = Mutex(false)

  var isSet: Bool { value.withLock { $0 } }

  func set() {
    value.withLock { $0 = true }
  }
}
