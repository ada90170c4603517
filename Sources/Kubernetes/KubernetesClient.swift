import ArgoModel
import Foundation
import HTTPTransport

/// The few Kubernetes API calls an experiment needs before submitting: the server's version,
/// whether the user may create workflows, and the volume claims, ConfigMaps and Secrets the
/// workflow uses. Every call needs only namespace-scoped rights.
public actor KubernetesClient {
  public let access: KubernetesAccess
  private let environment: [String: String]
  private var transport: HTTPTransport?
  private var token: (value: String, expiration: Date?)?

  public init(access: KubernetesAccess, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.access = access
    self.environment = environment
  }

  public func shutdown() async {
    await transport?.shutdown()
    transport = nil
  }

  // MARK: Calls

  /// `GET /version`: the server's version (`v1.31.0`).
  public func version() async throws(KubernetesError) -> String {
    let object = try await getJSON("/version", what: "the version")
    return object["gitVersion"]?.stringValue ?? "\(object["major"]?.stringValue ?? "?").\(object["minor"]?.stringValue ?? "?")"
  }

  /// Whether the user may `verb` `resource` of `group` in `namespace`, by a
  /// SelfSubjectAccessReview (which every authenticated user may make).
  public func mayDo(verb: String, group: String, resource: String, namespace: String) async throws(KubernetesError) -> (
    allowed: Bool, reason: String?
  ) {
    let review: JSONValue = [
      "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
      "spec": [
        "resourceAttributes": [
          "namespace": .string(namespace), "verb": .string(verb), "group": .string(group), "resource": .string(resource),
        ]
      ],
    ]
    let answer = try await send("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: review, what: "the access review")
    return (answer["status"]?["allowed"]?.boolValue ?? false, answer["status"]?["reason"]?.stringValue)
  }

  /// A PersistentVolumeClaim's phase and access modes, or `nil` when it does not exist.
  public func persistentVolumeClaim(_ name: String, namespace: String) async throws(KubernetesError) -> VolumeClaimStatus? {
    guard
      let object = try await getIfPresent(
        "/api/v1/namespaces/\(namespace)/persistentvolumeclaims/\(name)", what: "PersistentVolumeClaim \(name)")
    else {
      return nil
    }
    let modes = (object["status"]?["accessModes"]?.arrayValue ?? object["spec"]?["accessModes"]?.arrayValue ?? []).compactMap(\.stringValue)
    return VolumeClaimStatus(
      phase: object["status"]?["phase"]?.stringValue ?? "Unknown", accessModes: modes,
      capacity: object["status"]?["capacity"]?["storage"]?.scalarText)
  }

  /// The keys of a ConfigMap, or `nil` when it does not exist.
  public func configMapKeys(_ name: String, namespace: String) async throws(KubernetesError) -> [String]? {
    guard let object = try await getIfPresent("/api/v1/namespaces/\(namespace)/configmaps/\(name)", what: "ConfigMap \(name)") else {
      return nil
    }
    return ((object["data"]?.objectValue?.keys ?? []) + (object["binaryData"]?.objectValue?.keys ?? [])).sorted()
  }

  /// The keys of a Secret (never its values), or `nil` when it does not exist.
  public func secretKeys(_ name: String, namespace: String) async throws(KubernetesError) -> [String]? {
    guard let object = try await getIfPresent("/api/v1/namespaces/\(namespace)/secrets/\(name)", what: "Secret \(name)") else {
      return nil
    }
    return (object["data"]?.objectValue?.keys ?? []).sorted()
  }

  /// A token for a service account, minted by the TokenRequest API (valid `seconds`).
  public func requestToken(serviceAccount: String, namespace: String, seconds: Int = 3600) async throws(KubernetesError) -> String {
    let request: JSONValue = [
      "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": ["expirationSeconds": .number(JSONNumber(seconds))],
    ]
    let answer = try await send(
      "POST", "/api/v1/namespaces/\(namespace)/serviceaccounts/\(serviceAccount)/token", body: request,
      what: "a token for the service account \(serviceAccount)")
    guard let token = answer["status"]?["token"]?.stringValue, !token.isEmpty else {
      throw KubernetesError(.unexpected, "the TokenRequest for \(serviceAccount) returned no token")
    }
    return token
  }

  // MARK: Requests

  private func getJSON(_ path: String, what: String) async throws(KubernetesError) -> JSONValue {
    try await send("GET", path, body: nil, what: what)
  }

  private func getIfPresent(_ path: String, what: String) async throws(KubernetesError) -> JSONValue? {
    do {
      return try await send("GET", path, body: nil, what: what)
    } catch  where error.kind == .notFound {
      return nil
    }
  }

  private func send(_ method: String, _ path: String, body: JSONValue?, what: String) async throws(KubernetesError) -> JSONValue {
    let transport = try await preparedTransport()
    var headers: [(name: String, value: String)] = [("Accept", "application/json")]
    if let authorization = try await authorization() { headers.append(("Authorization", authorization)) }
    var url = access.server.absoluteString
    while url.hasSuffix("/") { url.removeLast() }
    guard let requestURL = URL(string: url + path) else {
      throw KubernetesError(.configuration, "the server address \(access.server) cannot be used with \(path)")
    }
    var bodyBytes: [UInt8]?
    if let body {
      var writer = JSONWriter(style: .compact)
      writer.write(body)
      bodyBytes = writer.bytes
    }
    let response: HTTPResponseData
    do {
      response = try await transport.send(HTTPRequestSpec(method: method, url: requestURL, headers: headers, body: bodyBytes))
    } catch {
      throw KubernetesError(error)
    }
    let decoded = try? ManifestReader(options: .preserving).values(response.body, format: .json).first
    let message = decoded?["message"]?.stringValue
    switch response.status {
    case 200..<300:
      guard let decoded else { throw KubernetesError(.unexpected, "the answer about \(what) is not JSON") }
      return decoded
    case 401:
      throw KubernetesError(
        .unauthorized, "the Kubernetes API refused the credential of \(access.description) (401 Unauthorized)",
        hint: credentialHint())
    case 403:
      throw KubernetesError(
        .forbidden, "not allowed to read \(what)\(message.map { ": \($0)" } ?? "")",
        hint: "ask for the right to read it in this namespace (RBAC), or check --argo-namespace")
    case 404:
      throw KubernetesError(.notFound, "\(what) does not exist", hint: "check its name and the namespace")
    default:
      throw KubernetesError(
        .unexpected, "the Kubernetes API answered \(response.status) about \(what)\(message.map { ": \($0)" } ?? "")",
        hint: response.status >= 500 ? "the API server is in trouble; try again later" : nil)
    }
  }

  private func credentialHint() -> String {
    switch access.credential {
    case .exec: return "the credential plugin's login may have expired: log in again"
    case .token, .tokenFile: return "the token may have expired or been revoked: get a fresh kubeconfig"
    case .basic: return "check the user name and password"
    case .none:
      return access.tls.clientCertificate == nil
        ? "the kubeconfig gives no credential for this user" : "the client certificate may have expired"
    }
  }

  /// The transport, made when first needed: an exec plugin may supply the client certificate.
  private func preparedTransport() async throws(KubernetesError) -> HTTPTransport {
    if let transport { return transport }
    var tls = access.tls
    if case .exec = access.credential {
      let credential = try await runPlugin()
      if let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
        tls.clientCertificate = .bytes(certificate)
        tls.clientKey = .bytes(key)
      }
    }
    do {
      let made = try HTTPTransport(tls: tls, timeout: .seconds(30), connectTimeout: .seconds(10))
      transport = made
      return made
    } catch {
      throw KubernetesError(.configuration, error.message, hint: error.hint)
    }
  }

  /// The Authorization header, refreshing an exec plugin's token when it has expired.
  private func authorization() async throws(KubernetesError) -> String? {
    switch access.credential {
    case .none:
      return nil
    case .token(let token):
      return "Bearer \(token)"
    case .tokenFile(let path):
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw KubernetesError(.credential, "cannot read the token file \(path)", hint: "check the kubeconfig's tokenFile")
      }
      return "Bearer \(text.trimmingCharacters(in: .whitespacesAndNewlines))"
    case .basic(let username, let password):
      return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    case .exec:
      if let token, token.expiration.map({ $0 > Date().addingTimeInterval(10) }) ?? true { return "Bearer \(token.value)" }
      let credential = try await runPlugin()
      if let value = credential.token {
        token = (value, credential.expiration)
        return "Bearer \(value)"
      }
      return nil
    }
  }

  private func runPlugin() async throws(KubernetesError) -> ExecCredentialPlugin.Credential {
    guard case .exec(let config, let server) = access.credential else {
      throw KubernetesError(.credential, "no credential plugin is configured")
    }
    let plugin = ExecCredentialPlugin(config: config, server: server, environment: environment)
    // The plugin runs on a thread of its own: it may take seconds (a login), and waiting for it
    // must not hold one of the few threads of Swift's cooperative pool.
    let result: Result<ExecCredentialPlugin.Credential, KubernetesError> = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(returning: Result { () throws(KubernetesError) in try plugin.run() })
      }
    }
    let credential = try result.get()
    if let value = credential.token { token = (value, credential.expiration) }
    return credential
  }
}

/// What lint and checks need to know of a PersistentVolumeClaim.
public struct VolumeClaimStatus: Sendable, Hashable {
  /// `Bound`, `Pending` or `Lost`.
  public var phase: String
  public var accessModes: [String]
  public var capacity: String?
}
