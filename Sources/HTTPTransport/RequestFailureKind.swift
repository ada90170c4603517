/// The class of failure a request to an HTTP API ended in, for exit codes and for programs that
/// branch on it. The clients share it (the Argo Server's `ArgoError`, the Kubernetes API's
/// `KubernetesError`), each adding kinds of its own.
public struct RequestFailureKind: Sendable, Hashable, CustomStringConvertible {
  public let name: String

  public init(name: String) {
    self.name = name
  }

  public var description: String { name }

  /// The connection failed; the error's `transport` says how.
  public static let transport = RequestFailureKind(name: "transport")
  /// 401: the token or credential was refused.
  public static let unauthorized = RequestFailureKind(name: "unauthorized")
  /// 403: not allowed (RBAC, namespace).
  public static let forbidden = RequestFailureKind(name: "forbidden")
  /// 404: no such object, or a wrong path or namespace.
  public static let notFound = RequestFailureKind(name: "not found")
  /// An answer we cannot read, or did not expect.
  public static let unexpected = RequestFailureKind(name: "unexpected answer")
  /// The settings (or the kubeconfig) cannot be used.
  public static let configuration = RequestFailureKind(name: "configuration")
}
