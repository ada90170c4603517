import Foundation

/// A stand-in Kubernetes API server: `/version`, SelfSubjectAccessReview, PVCs, ConfigMaps,
/// Secrets and TokenRequests, answering in the API server's formats. Authentication is by
/// bearer token (any of `tokens`), by basic authentication, or by client certificate when the
/// server is started with a client CA (the TLS handshake then proves the client).
public final class KubernetesStandIn: Sendable {
  public struct State: Sendable {
    public var tokens: Set<String> = []
    public var basic: (user: String, password: String)?
    /// Whether a client that passed the TLS handshake with a certificate counts as authenticated.
    public var acceptsClientCertificates = false
    /// Namespaces where creating workflows is allowed.
    public var workflowNamespaces: Set<String> = []
    /// PVCs by namespace/name: phase and access modes.
    public var claims: [String: (phase: String, modes: [String])] = [:]
    /// ConfigMaps by namespace/name: their keys.
    public var configMaps: [String: [String]] = [:]
    public var secrets: [String: [String]] = [:]
    /// Service accounts by namespace/name that TokenRequests may be made for, and the token
    /// minted.
    public var serviceAccounts: [String: String] = [:]
    public var version = "v1.31.2"

    public init() {}
  }

  public let server: TestHTTPServer
  public let state: State

  public init(mode: TestHTTPServer.Mode, state: State) async throws {
    self.state = state
    server = try await TestHTTPServer(mode: mode) { request in KubernetesStandIn.answer(request, state: state) }
  }

  public var url: String { server.url() }

  public func stop() async { await server.stop() }

  static func status(_ code: Int, reason: String, message: String) -> TestResponse {
    .json(code, #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"\#(message)","reason":"\#(reason)","code":\#(code)}"#)
  }

  static func answer(_ request: TestRequest, state: State) -> TestResponse {
    let authorization = request.header("Authorization")
    var authenticated = state.acceptsClientCertificates
    if let authorization, authorization.hasPrefix("Bearer ") {
      authenticated = state.tokens.contains(String(authorization.dropFirst("Bearer ".count)))
    } else if let authorization, authorization.hasPrefix("Basic "), let basic = state.basic {
      let expected = Data("\(basic.user):\(basic.password)".utf8).base64EncodedString()
      authenticated = authorization == "Basic \(expected)"
    }
    guard authenticated else { return status(401, reason: "Unauthorized", message: "Unauthorized") }
    let parts = request.path.split(separator: "/").map(String.init)
    switch (request.method, parts.count) {
    case ("GET", 1) where parts == ["version"]:
      return .json(200, #"{"major":"1","minor":"31","gitVersion":"\#(state.version)","platform":"linux/amd64"}"#)
    case ("POST", 4) where request.path == "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews":
      let body = request.bodyText
      let namespace = state.workflowNamespaces.first { body.contains(#""namespace":"\#($0)""#) }
      let allowed = namespace != nil && body.contains(#""resource":"workflows""#) && body.contains(#""group":"argoproj.io""#)
      return .json(
        201,
        #"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","status":{"allowed":\#(allowed)\#(allowed ? "" : #","reason":"no RBAC policy matched""#)}}"#
      )
    case ("GET", 6) where parts[0] == "api" && parts[2] == "namespaces":
      let key = "\(parts[3])/\(parts[5])"
      switch parts[4] {
      case "persistentvolumeclaims":
        guard let claim = state.claims[key] else {
          return status(404, reason: "NotFound", message: "persistentvolumeclaims \"\(parts[5])\" not found")
        }
        let modes = claim.modes.map { "\"\($0)\"" }.joined(separator: ",")
        return .json(
          200,
          #"{"kind":"PersistentVolumeClaim","metadata":{"name":"\#(parts[5])"},"spec":{"accessModes":[\#(modes)]},"status":{"phase":"\#(claim.phase)","accessModes":[\#(modes)],"capacity":{"storage":"10Gi"}}}"#
        )
      case "configmaps":
        guard let keys = state.configMaps[key] else {
          return status(404, reason: "NotFound", message: "configmaps \"\(parts[5])\" not found")
        }
        let data = keys.map { "\"\($0)\":\"value\"" }.joined(separator: ",")
        return .json(200, #"{"kind":"ConfigMap","metadata":{"name":"\#(parts[5])"},"data":{\#(data)}}"#)
      case "secrets":
        guard let keys = state.secrets[key] else { return status(404, reason: "NotFound", message: "secrets \"\(parts[5])\" not found") }
        let data = keys.map { "\"\($0)\":\"c2VjcmV0\"" }.joined(separator: ",")
        return .json(200, #"{"kind":"Secret","metadata":{"name":"\#(parts[5])"},"data":{\#(data)}}"#)
      default:
        return status(404, reason: "NotFound", message: "the server could not find the requested resource")
      }
    case ("POST", 7) where parts[0] == "api" && parts[4] == "serviceaccounts" && parts[6] == "token":
      guard let token = state.serviceAccounts["\(parts[3])/\(parts[5])"] else {
        return status(404, reason: "NotFound", message: "serviceaccounts \"\(parts[5])\" not found")
      }
      return .json(
        201,
        #"{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","status":{"token":"\#(token)","expirationTimestamp":"2030-01-01T00:00:00Z"}}"#
      )
    default:
      return status(404, reason: "NotFound", message: "the server could not find the requested resource")
    }
  }
}

/// A stand-in Argo Server for access checks: the version, and the list of workflows guarded by
/// the Authorization header as the real server guards it (401, 403 per namespace), under a base
/// path when one is set.
public final class ArgoServerStandIn: Sendable {
  public struct Settings: Sendable {
    /// Authorization header values accepted (`Bearer v2:...`).
    public var acceptedAuthorizations: Set<String> = []
    public var namespaces: Set<String> = ["argo"]
    public var basePath = ""
    /// When set, every API call fails with this status.
    public var failureStatus: Int?
    public var version = "v4.1.2"

    public init() {}
  }

  public let server: TestHTTPServer

  public init(mode: TestHTTPServer.Mode, settings: Settings) async throws {
    server = try await TestHTTPServer(mode: mode) { request in ArgoServerStandIn.answer(request, settings: settings) }
  }

  public func stop() async { await server.stop() }

  static func answer(_ request: TestRequest, settings: Settings) -> TestResponse {
    guard request.path.hasPrefix(settings.basePath + "/api/v1/") else {
      // The UI's index page answers unknown paths behind an ingress; the gateway answers 404.
      return .argoError(404, code: 5, message: "Not Found")
    }
    if let failure = settings.failureStatus {
      return .argoError(failure, code: failure == 503 ? 14 : 13, message: failure == 503 ? "the server is shutting down" : "internal error")
    }
    let path = String(request.path.dropFirst(settings.basePath.count))
    if path == "/api/v1/version" {
      return .json(200, #"{"version":"\#(settings.version)","gitCommit":"f016ad89","platform":"linux/amd64"}"#)
    }
    guard let authorization = request.header("Authorization"), settings.acceptedAuthorizations.contains(authorization) else {
      return .argoError(401, code: 16, message: "token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/")
    }
    let parts = path.split(separator: "/").map(String.init)
    if parts.count == 4, parts[2] == "workflows" {
      guard settings.namespaces.contains(parts[3]) else {
        return .argoError(
          403, code: 7,
          message:
            "workflows.argoproj.io is forbidden: User \\\"system:serviceaccount:argo:hera\\\" cannot list resource \\\"workflows\\\" in API group \\\"argoproj.io\\\" in the namespace \\\"\(parts[3])\\\""
        )
      }
      return .json(200, #"{"metadata":{"resourceVersion":"42"},"items":[{"metadata":{"name":"hello-abc12"}}]}"#)
    }
    return .argoError(404, code: 5, message: "Not Found")
  }
}
