import Foundation
import HTTPTransport

/// How requests prove who makes them.
public enum KubernetesCredential: Sendable, Hashable {
  case none
  /// A bearer token, given in the kubeconfig.
  case token(String)
  /// A bearer token read from a file at each request (projected service-account tokens rotate).
  case tokenFile(String)
  /// A user name and password (basic authentication).
  case basic(username: String, password: String)
  /// A credential plugin, run to get a token or a client certificate.
  case exec(KubeConfig.ExecConfig, server: String)
}

/// Where the Kubernetes API is and how to reach it.
public struct KubernetesAccess: Sendable {
  public var server: URL
  public var tls: TLSSettings
  public var credential: KubernetesCredential
  /// The namespace of the context, if it names one.
  public var namespace: String?
  /// Where this came from (`kubeconfig context "kind-kind"`, `in-cluster service account`).
  public var description: String

  public init(server: URL, tls: TLSSettings, credential: KubernetesCredential, namespace: String?, description: String) {
    self.server = server
    self.tls = tls
    self.credential = credential
    self.namespace = namespace
    self.description = description
  }

  /// The service account of a pod, when this process runs in one: `KUBERNETES_SERVICE_HOST`
  /// and the files Kubernetes mounts in `directory`.
  public static func inCluster(
    environment: [String: String], directory: String = "/var/run/secrets/kubernetes.io/serviceaccount"
  ) -> KubernetesAccess? {
    guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
      FileManager.default.fileExists(atPath: directory + "/token")
    else { return nil }
    let port = environment["KUBERNETES_SERVICE_PORT"] ?? "443"
    let bracketed = host.contains(":") ? "[\(host)]" : host
    guard let server = URL(string: "https://\(bracketed):\(port)") else { return nil }
    let namespace = (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?.trimmingCharacters(
      in: .whitespacesAndNewlines)
    let caFile = directory + "/ca.crt"
    return KubernetesAccess(
      server: server,
      tls: TLSSettings(certificateAuthorities: FileManager.default.fileExists(atPath: caFile) ? [.file(caFile)] : []),
      credential: .tokenFile(directory + "/token"), namespace: namespace, description: "in-cluster service account")
  }
}
