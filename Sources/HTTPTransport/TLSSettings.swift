import Foundation
import NIOSSL

/// PEM material given either as a file or as the bytes themselves (kubeconfig's `*-data`
/// fields, once base64-decoded).
public struct PEMSource: Sendable, Hashable, CustomStringConvertible {
  enum Storage: Sendable, Hashable {
    case file(String)
    case bytes([UInt8])
  }

  let storage: Storage

  public static func file(_ path: String) -> PEMSource { PEMSource(storage: .file(path)) }
  public static func bytes(_ bytes: [UInt8]) -> PEMSource { PEMSource(storage: .bytes(bytes)) }

  /// The file's path, or `(inline data)`: what to name in messages, never the content.
  public var description: String {
    switch storage {
    case .file(let path): return path
    case .bytes(let bytes): return "(inline data, \(bytes.count) bytes)"
    }
  }

  func load(_ what: String) throws(TransportFailure) -> [UInt8] {
    switch storage {
    case .bytes(let bytes):
      return bytes
    case .file(let path):
      guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw TransportFailure(
          .configuration, "cannot read the \(what) \(path): \(exists ? "permission denied" : "no such file")",
          hint: "check the path given for the \(what)")
      }
      return Array(data)
    }
  }
}

/// What an HTTPS connection trusts and presents.
public struct TLSSettings: Sendable, Hashable {
  /// Certificate authorities to trust instead of the system's.
  public var certificateAuthorities: [PEMSource] = []
  /// A client certificate (chain) and its key, for servers that authenticate clients by
  /// certificate (Kubernetes, an Argo Server behind mutual TLS).
  public var clientCertificate: PEMSource?
  public var clientKey: PEMSource?
  /// Skips verification of the server's certificate. Only on explicit request; callers warn.
  public var insecureSkipVerify = false
  /// The name to verify the server's certificate against when it differs from the URL's host
  /// (kubeconfig's `tls-server-name`).
  public var serverName: String?

  public init(
    certificateAuthorities: [PEMSource] = [], clientCertificate: PEMSource? = nil, clientKey: PEMSource? = nil,
    insecureSkipVerify: Bool = false, serverName: String? = nil
  ) {
    self.certificateAuthorities = certificateAuthorities
    self.clientCertificate = clientCertificate
    self.clientKey = clientKey
    self.insecureSkipVerify = insecureSkipVerify
    self.serverName = serverName
  }

  /// The NIOSSL configuration, or a failure naming the file or data that is wrong.
  func configuration() throws(TransportFailure) -> TLSConfiguration {
    var configuration = TLSConfiguration.makeClientConfiguration()
    if insecureSkipVerify {
      configuration.certificateVerification = .none
    }
    if !certificateAuthorities.isEmpty {
      var roots: [NIOSSLCertificate] = []
      for source in certificateAuthorities {
        let bytes = try source.load("certificate authority")
        do {
          roots += try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
          throw TransportFailure(
            .configuration, "the certificate authority \(source) is not a PEM certificate",
            hint: "give the CA's certificate in PEM form (-----BEGIN CERTIFICATE-----)")
        }
      }
      guard !roots.isEmpty else {
        throw TransportFailure(.configuration, "the certificate authority \(certificateAuthorities[0]) holds no certificate")
      }
      configuration.trustRoots = .certificates(roots)
    }
    switch (clientCertificate, clientKey) {
    case (nil, nil):
      break
    case (.some(let certificateSource), .some(let keySource)):
      let certificateBytes = try certificateSource.load("client certificate")
      let keyBytes = try keySource.load("client key")
      do {
        configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificateBytes).map { .certificate($0) }
      } catch {
        throw TransportFailure(.configuration, "the client certificate \(certificateSource) is not a PEM certificate")
      }
      do {
        configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyBytes, format: .pem))
      } catch {
        throw TransportFailure(.configuration, "the client key \(keySource) is not a PEM private key")
      }
    default:
      throw TransportFailure(
        .configuration, "a client certificate needs its key, and a key its certificate",
        hint: "give both --client-certificate and --client-key")
    }
    return configuration
  }
}
