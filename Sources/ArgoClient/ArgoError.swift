import ArgoModel
import HTTPTransport

/// Why a request to the Argo Server failed: the server's own message verbatim, with a hint
/// where we know one.
public struct ArgoError: ExplainedError {
  /// The class of failure: the kinds every client has, and the Argo Server's (`invalid`,
  /// `conflict`, `server`).
  public typealias Kind = RequestFailureKind

  public let kind: Kind
  public let message: String
  public let hint: String?
  /// The HTTP status, when the server answered.
  public let status: Int?
  /// The server's message, verbatim, when it gave one.
  public let serverMessage: String?
  /// The transport diagnosis, for `.transport`.
  public let transport: TransportFailure?

  public init(
    _ kind: Kind, _ message: String, status: Int? = nil, serverMessage: String? = nil, hint: String? = nil,
    transport: TransportFailure? = nil
  ) {
    self.kind = kind
    self.message = message
    self.hint = hint
    self.status = status
    self.serverMessage = serverMessage
    self.transport = transport
  }

  static let timeoutHint =
    "the server may be overloaded, or not an Argo Server; --request-timeout 2m (or ARGO_REQUEST_TIMEOUT, or request_timeout in hera.config) gives it longer"

  init(_ failure: TransportFailure) {
    // A time limit is the request timeout, which the settings can change.
    let hint = failure.kind == .timeout ? ArgoError.timeoutHint : failure.hint
    self.init(.transport, failure.message, hint: hint, transport: failure)
  }

  /// This error with every occurrence of `secret` (a token a server or a library repeated)
  /// replaced by `shown`.
  func hiding(_ secret: String, as shown: String) -> ArgoError {
    guard !secret.isEmpty else { return self }
    func hide(_ text: String?) -> String? { text?.replacingOccurrences(of: secret, with: shown) }
    return ArgoError(
      kind, hide(message) ?? message, status: status, serverMessage: hide(serverMessage), hint: hide(hint),
      transport: transport.map { TransportFailure($0.kind, hide($0.message) ?? $0.message, hint: hide($0.hint)) })
  }

  /// The error of a non-2xx answer: `{"code": 16, "message": "..."}` (grpc-gateway's format).
  static func fromResponse(status: Int, body: [UInt8], what: String, namespace: String?) -> ArgoError {
    let decoded = try? ManifestReader(options: .preserving).values(body, format: .json).first
    let serverMessage = decoded?["message"]?.stringValue ?? decoded?["error"]?.stringValue
    let said = serverMessage.map { ": \($0)" } ?? ""
    switch status {
    case 401:
      return ArgoError(
        .unauthorized, "the Argo Server refused the token (401 Unauthorized)\(said)", status: status, serverMessage: serverMessage,
        hint:
          "copy a fresh token in the Argo UI (user info, the person icon, then Copy token) into ARGO_TOKEN; service-account tokens expire too"
      )
    case 403:
      return ArgoError(
        .forbidden, "not allowed to \(what)\(namespace.map { " in namespace \($0)" } ?? "") (403 Forbidden)\(said)", status: status,
        serverMessage: serverMessage,
        hint:
          "the token's service account needs RBAC rights on workflows in this namespace; or use --argo-namespace for one where it has them")
    case 404:
      // Kubernetes names the object it did not find; a bare 404 comes from a wrong path.
      let objectMissing = serverMessage?.contains("\" not found") == true
      return ArgoError(
        .notFound, "not found while trying to \(what) (404)\(said)", status: status, serverMessage: serverMessage,
        hint: objectMissing
          ? "check the name and the namespace\(namespace.map { " (\($0); -n changes it)" } ?? ""): hera list shows what there is"
          : "check the base href (--argo-base-href, e.g. /argo, when the server sits behind an ingress path) and the namespace")
    case 400:
      return ArgoError(
        .invalid, "the Argo Server refused to \(what) (400)\(said)", status: status, serverMessage: serverMessage,
        hint: ["create", "lint", "update", "submit"].contains { what.hasPrefix($0) }
          ? "the server validates what it is sent: hera lint shows the same problems offline" : nil)
    case 409:
      return ArgoError(
        .conflict, "conflict while trying to \(what) (409)\(said)", status: status, serverMessage: serverMessage,
        hint: "the object exists already, or changed meanwhile: get it again and retry")
    case 500...599:
      return ArgoError(
        .server, "the Argo Server failed to \(what) (\(status))\(said)", status: status, serverMessage: serverMessage,
        hint: status == 502 || status == 503 || status == 504
          ? "the server or its ingress is unavailable; try again shortly" : "see the Argo Server's logs")
    default:
      return ArgoError(.unexpected, "the Argo Server answered \(status) to \(what)\(said)", status: status, serverMessage: serverMessage)
    }
  }
}

extension RequestFailureKind {
  /// 400: the request was refused as invalid (a workflow that fails validation).
  public static let invalid = RequestFailureKind(name: "invalid")
  /// 409: the object exists already, or changed meanwhile.
  public static let conflict = RequestFailureKind(name: "conflict")
  /// 5xx: the server failed.
  public static let server = RequestFailureKind(name: "server error")
}
