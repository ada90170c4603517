import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an HTTP exchange failed before any answer arrived, as one diagnosis a person can act on.
public struct TransportFailure: Error, Sendable, CustomStringConvertible {
  /// The class of failure, for exit codes and for programs.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    let name: String
    public var description: String { name }

    /// The host name does not resolve.
    public static let nameResolution = Kind(name: "name resolution")
    /// Nothing listens on the port.
    public static let connectionRefused = Kind(name: "connection refused")
    /// The server did not answer in time.
    public static let timeout = Kind(name: "timeout")
    /// The server's certificate is not signed by a trusted authority, or not for this host.
    public static let untrustedCertificate = Kind(name: "untrusted certificate")
    /// Plain HTTP was spoken to a port that speaks HTTPS.
    public static let serverExpectsTLS = Kind(name: "server expects HTTPS")
    /// HTTPS was spoken to a port that speaks plain HTTP.
    public static let serverExpectsPlainHTTP = Kind(name: "server expects plain HTTP")
    /// The TLS handshake failed for another reason (a client certificate refused, say).
    public static let tlsHandshake = Kind(name: "TLS handshake")
    /// The connection was closed or reset before an answer.
    public static let connectionClosed = Kind(name: "connection closed")
    /// The settings cannot be used (an unreadable CA file, a malformed URL).
    public static let configuration = Kind(name: "configuration")
    /// Anything else.
    public static let other = Kind(name: "transport")
  }

  public let kind: Kind
  public let message: String
  public let hint: String?

  public init(_ kind: Kind, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  public var description: String {
    hint.map { "\(message) (\($0))" } ?? message
  }
}

extension TransportFailure {
  /// The diagnosis of an error thrown while talking to `url` (host and port named, never
  /// credentials).
  static func diagnose(_ error: any Error, host: String, port: Int, secure: Bool) -> TransportFailure {
    let place = "\(host):\(port)"
    if let failure = error as? TransportFailure { return failure }
    if let client = error as? HTTPClientError {
      switch client {
      case .connectTimeout:
        return TransportFailure(.timeout, "connecting to \(place) timed out", hint: "is the host reachable from here (VPN, firewall)?")
      case .readTimeout, .deadlineExceeded, .writeTimeout, .getConnectionFromPoolTimeout:
        return TransportFailure(.timeout, "\(place) did not answer in time", hint: "the server may be overloaded, or not an HTTP server")
      case .tlsHandshakeTimeout:
        return TransportFailure(
          .timeout, "the TLS handshake with \(place) timed out",
          hint: secure ? "does the server speak HTTPS? try --no-secure for plain HTTP" : nil)
      case .remoteConnectionClosed:
        return TransportFailure(
          .connectionClosed, "\(place) closed the connection without answering",
          hint: secure ? nil : "the server may expect HTTPS: try --secure")
      case .invalidURL, .emptyHost, .emptyScheme:
        return TransportFailure(.configuration, "the address of \(place) is not a valid URL")
      default:
        break
      }
    }
    if let connection = error as? NIOConnectionError {
      if connection.dnsAError != nil || connection.dnsAAAAError != nil, connection.connectionErrors.isEmpty {
        return nameResolution(host)
      }
      if connection.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
        return refused(place)
      }
      if let first = connection.connectionErrors.first {
        return diagnose(first.error, host: host, port: port, secure: secure)
      }
      return nameResolution(host)
    }
    if error is SocketAddressError {
      return nameResolution(host)
    }
    if let io = error as? IOError {
      switch io.errnoCode {
      case ECONNREFUSED: return refused(place)
      case ECONNRESET, EPIPE: return TransportFailure(.connectionClosed, "\(place) reset the connection")
      case ETIMEDOUT: return TransportFailure(.timeout, "connecting to \(place) timed out", hint: "is the host reachable from here?")
      case EHOSTUNREACH, ENETUNREACH:
        return TransportFailure(
          .connectionRefused, "\(place) is unreachable from here", hint: "check the network (VPN, firewall) and the address")
      default: break
      }
    }
    if error is ChannelError, "\(error)".contains("connectTimeout") {
      return TransportFailure(.timeout, "connecting to \(place) timed out", hint: "is the host reachable from here?")
    }
    let text = String(reflecting: error)
    if let ssl = error as? NIOSSLError, case .unableToValidateCertificate = ssl { return untrusted(place) }
    if let ssl = error as? NIOSSLError, case .uncleanShutdown = ssl {
      return TransportFailure(.connectionClosed, "\(place) closed the TLS connection abruptly")
    }
    if let diagnosis = diagnoseTLS(text: text, place: place) { return diagnosis }
    if error is NIOSSLError || error is BoringSSLError {
      return TransportFailure(.tlsHandshake, "the TLS handshake with \(place) failed: \(text)", hint: "check the server's TLS settings")
    }
    if text.contains("HTTPParserError") || text.contains("invalidVersion") || text.contains("invalidStatus") {
      return TransportFailure(
        .serverExpectsTLS, "\(place) did not answer in HTTP: it expects HTTPS",
        hint: "use https:// (or --secure) for this server")
    }
    return TransportFailure(.other, "talking to \(place) failed: \(text)")
  }

  /// A diagnosis from the text of a TLS error (BoringSSL's reason codes), when it names one.
  private static func diagnoseTLS(text: String, place: String) -> TransportFailure? {
    if text.contains("failedToValidateHostname") {
      return TransportFailure(
        .untrustedCertificate, "the certificate of \(place) is not issued for this host name",
        hint: "use the host name the certificate names (or the kubeconfig's tls-server-name); -k skips verification, knowingly")
    }
    if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
      return untrusted(place)
    }
    if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") || text.contains("wrong version number")
      || text.contains("RECORD_TOO_LARGE") || text.contains("PACKET_LENGTH_TOO_LONG")
    {
      return plainHTTPServer(place)
    }
    if text.contains("CERTIFICATE_REQUIRED") || text.contains("certificate required") || text.contains("TLSV1_ALERT_UNKNOWN_CA")
      || text.contains("SSLV3_ALERT_BAD_CERTIFICATE") || text.contains("HANDSHAKE_FAILURE")
    {
      return TransportFailure(
        .tlsHandshake, "\(place) refused the TLS handshake: it wants a client certificate it trusts",
        hint: "give --client-certificate and --client-key (or the kubeconfig's client-certificate)")
    }
    return nil
  }

  static func nameResolution(_ host: String) -> TransportFailure {
    TransportFailure(
      .nameResolution, "the host name \(host) does not resolve",
      hint: "check the spelling of the server's address, and the network (VPN, DNS)")
  }

  static func refused(_ place: String) -> TransportFailure {
    TransportFailure(
      .connectionRefused, "nothing answers at \(place) (connection refused)",
      hint: "is the server running, and is this its port? (kubectl port-forward may have stopped)")
  }

  static func untrusted(_ place: String) -> TransportFailure {
    TransportFailure(
      .untrustedCertificate, "the certificate of \(place) is not trusted",
      hint:
        "give its certificate authority with --argo-ca-file (or the kubeconfig's certificate-authority); -k skips verification, knowingly")
  }

  static func plainHTTPServer(_ place: String) -> TransportFailure {
    TransportFailure(
      .serverExpectsPlainHTTP, "\(place) speaks plain HTTP, not HTTPS",
      hint: "use http:// (or --no-secure, ARGO_SECURE=false) for this server")
  }
}
