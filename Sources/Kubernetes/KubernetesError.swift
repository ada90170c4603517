import ArgoModel
import HTTPTransport

/// Why a Kubernetes request failed, as one diagnosis with a hint.
public struct KubernetesError: ExplainedError {
  /// The class of failure: the kinds every client has, and `credential`.
  public typealias Kind = RequestFailureKind

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
}

extension RequestFailureKind {
  /// The credential could not be obtained (exec plugin, token file).
  public static let credential = RequestFailureKind(name: "credential")
}
