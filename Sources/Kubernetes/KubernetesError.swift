import HTTPTransport

/// Why a Kubernetes request failed, as one diagnosis with a hint.
public struct KubernetesError: Error, Sendable, CustomStringConvertible {
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    let name: String
    public var description: String { name }

    /// The connection failed; `transport` says how.
    public static let transport = Kind(name: "transport")
    /// 401: the credential was refused.
    public static let unauthorized = Kind(name: "unauthorized")
    /// 403: the user may not do this.
    public static let forbidden = Kind(name: "forbidden")
    /// 404: no such object (or API).
    public static let notFound = Kind(name: "not found")
    /// Another answer than expected.
    public static let unexpected = Kind(name: "unexpected answer")
    /// The credential could not be obtained (exec plugin, token file).
    public static let credential = Kind(name: "credential")
    /// The kubeconfig cannot be used.
    public static let configuration = Kind(name: "configuration")
  }

  public let kind: Kind
  public let message: String
  public let hint: String?
  /// The transport diagnosis, for `.transport`.
  public let transport: TransportFailure?

  public init(_ kind: Kind, _ message: String, hint: String? = nil, transport: TransportFailure? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
    self.transport = transport
  }

  init(_ failure: TransportFailure) {
    self.init(.transport, failure.message, hint: failure.hint, transport: failure)
  }

  public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}
