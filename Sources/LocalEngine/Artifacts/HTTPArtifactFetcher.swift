import ArgoModel
import Foundation
import HTTPTransport
import NIOCore

/// Fetches `http` input artifacts as Argo's executor does (`workflow/artifacts/http` and its
/// driver's set-up in `workflow/artifacts/artifacts.go`): a GET of `url` with the artifact's
/// `headers`, following redirects; with `auth`:
/// - `basicAuth`: the user and password from their Secrets, sent only when both are set;
/// - `oauth2`: a token from `tokenURLSecret` by the client-credentials grant (client id and
///   secret from their Secrets, `scopes`, `endpointParams`), sent as a bearer token;
/// - `clientCert`: the certificate and key (PEM) from their Secrets, presented in the TLS
///   handshake.
///
/// The server's certificate is verified against this machine's authorities (or `tls`'s). Any
/// status outside 2xx fails the fetch; a 404 counts as "not found", which an optional artifact
/// tolerates. What comes back is saved as it is; whether it is extracted (a gzipped tarball is,
/// whatever the URL ends with) is decided by the caller, from the content.
struct HTTPArtifactFetcher: Sendable {
  var tls: TLSSettings
  /// How long the whole download may take.
  var timeout: Duration
  var connectTimeout: Duration
  var secrets: ArtifactSecrets

  /// A failure to fetch, and whether it means the artifact is not there (404).
  struct Failure: Error {
    var error: ArtifactError
    var notFound: Bool
  }

  /// Downloads the artifact into `file`.
  func fetch(_ artifact: HTTPArtifact, to file: URL) throws(Failure) {
    let shown = RedactedAddress.of(artifact.url)
    guard let url = URL(string: artifact.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
    else {
      throw Failure(
        error: ArtifactError("\(shown) is not an http or https URL", hint: "give the artifact's http.url in full (https://host/path)"),
        notFound: false)
    }
    var headers = (artifact.headers ?? []).map { (name: $0.name, value: $0.value) }
    var tls = self.tls
    do throws(ArtifactError) {
      if let basic = artifact.auth?.basicAuth {
        let user =
          try basic.usernameSecret.map { (selector) throws(ArtifactError) in try secrets.value(selector, for: "basicAuth.usernameSecret") }
          ?? ""
        let password =
          try basic.passwordSecret.map { (selector) throws(ArtifactError) in try secrets.value(selector, for: "basicAuth.passwordSecret") }
          ?? ""
        if !user.isEmpty && !password.isEmpty {
          headers.append(("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()))
        }
      }
      if let certificate = artifact.auth?.clientCert, let certificateSecret = certificate.clientCertSecret,
        let keySecret = certificate.clientKeySecret
      {
        tls.clientCertificate = .bytes(Array(try secrets.value(certificateSecret, for: "clientCert.clientCertSecret").utf8))
        tls.clientKey = .bytes(Array(try secrets.value(keySecret, for: "clientCert.clientKeySecret").utf8))
      }
      if let oauth = artifact.auth?.oauth2, let idSecret = oauth.clientIDSecret, let secretSecret = oauth.clientSecretSecret,
        let tokenSecret = oauth.tokenURLSecret
      {
        let token = try oauthToken(
          clientID: try secrets.value(idSecret, for: "oauth2.clientIDSecret"),
          clientSecret: try secrets.value(secretSecret, for: "oauth2.clientSecretSecret"),
          tokenURL: try secrets.value(tokenSecret, for: "oauth2.tokenURLSecret"), scopes: oauth.scopes ?? [],
          parameters: (oauth.endpointParams ?? []).map { ($0.key, $0.value ?? "") }, tls: tls)
        headers.removeAll { $0.name.lowercased() == "authorization" }
        headers.append(("Authorization", token))
      }
    } catch {
      throw Failure(error: error, notFound: false)
    }
    let answer: HTTPDownload
    do throws(TransportFailure) {
      answer = try HTTPTransport.download(
        HTTPRequestSpec(url: url, headers: headers), to: file, tls: tls, timeout: amount(timeout), connectTimeout: amount(connectTimeout),
        isCancelled: { Task.isCancelled })
    } catch {
      FileTree.remove(file.path)
      throw Failure(error: Self.diagnosis(error, url: shown, timeout: timeout), notFound: false)
    }
    if !FileManager.default.fileExists(atPath: file.path) {
      // An empty body leaves no file behind.
      _ = FileManager.default.createFile(atPath: file.path, contents: nil)
    }
    guard (200..<300).contains(answer.status) else {
      FileTree.remove(file.path)
      let status = "\(answer.status) \(answer.reason)"
      if answer.status == 404 {
        throw Failure(
          error: ArtifactError(
            "\(shown) answered \(status)", hint: "check the URL; an artifact marked optional: true is skipped when not found"),
          notFound: true)
      }
      let hint: String? =
        answer.status == 401 || answer.status == 403
        ? "the server refused the credentials: check the auth the artifact gives (basicAuth, oauth2, clientCert) and its Secrets"
        : answer.status >= 500 ? "the server failed; try again later" : nil
      throw Failure(error: ArtifactError("loading content from \(shown) failed with reason: \(status)", hint: hint), notFound: false)
    }
  }

  /// A token by OAuth 2's client-credentials grant, as `Authorization`'s value.
  private func oauthToken(
    clientID: String, clientSecret: String, tokenURL: String, scopes: [String], parameters: [(String, String)], tls: TLSSettings
  ) throws(ArtifactError) -> String {
    let shown = RedactedAddress.of(tokenURL)
    guard let url = URL(string: tokenURL), url.host != nil else {
      throw ArtifactError("the oauth2 token URL \(shown) is not a URL", hint: "check the Secret tokenURLSecret names")
    }
    func encoded(_ text: String) -> String {
      text.addingPercentEncoding(
        withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }
    var form = [("grant_type", "client_credentials")]
    if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
    form += parameters
    let body = form.map { "\(encoded($0.0))=\(encoded($0.1))" }.joined(separator: "&")
    let credentials = Data("\(encoded(clientID)):\(encoded(clientSecret))".utf8).base64EncodedString()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("hera-oauth-\(UUID().uuidString)")
    defer { FileTree.remove(file.path) }
    let answer: HTTPDownload
    do throws(TransportFailure) {
      answer = try HTTPTransport.download(
        HTTPRequestSpec(
          method: "POST", url: url,
          headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
            ("Authorization", "Basic " + credentials),
          ],
          body: Array(body.utf8)),
        to: file, tls: tls, timeout: amount(timeout), connectTimeout: amount(connectTimeout), isCancelled: { Task.isCancelled })
    } catch {
      throw Self.diagnosis(error, url: shown, timeout: timeout).prefixed("oauth2 token: ")
    }
    guard (200..<300).contains(answer.status) else {
      throw ArtifactError(
        "oauth2 token: \(shown) answered \(answer.status) \(answer.reason)",
        hint: "check the client id and secret, and the token URL, that the oauth2 Secrets give")
    }
    let data = FileManager.default.contents(atPath: file.path) ?? Data()
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let token = object["access_token"] as? String,
      !token.isEmpty
    else {
      throw ArtifactError("oauth2 token: the answer of \(shown) holds no access_token", hint: "is it an OAuth 2 token endpoint?")
    }
    let type = (object["token_type"] as? String).map { $0.lowercased() == "bearer" || $0.isEmpty ? "Bearer" : $0 } ?? "Bearer"
    return "\(type) \(token)"
  }

  private func amount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }

  /// The message for a download that got no answer: the URL, the cause, and what to try.
  static func diagnosis(_ failure: TransportFailure, url: String, timeout: Duration) -> ArtifactError {
    let hint: String
    switch failure.kind {
    case .connectionRefused: hint = "is the server running, and reachable from this machine?"
    case .nameResolution: hint = "check the URL's host name, and the network (VPN, DNS)"
    case .timeout: hint = "it did not answer within \(timeout); is the server up, and is the file not too large for that?"
    case .untrustedCertificate:
      hint = "this machine does not trust the server's certificate; neither would Argo's executor, which uses the system's authorities"
    case .serverExpectsTLS: hint = "use https:// in the artifact's URL"
    case .serverExpectsPlainHTTP: hint = "use http:// in the artifact's URL"
    case .tlsHandshake: hint = failure.hint ?? "the server refused the TLS handshake; it may want a client certificate (auth.clientCert)"
    default: hint = failure.hint ?? "check the URL and the network"
    }
    return ArtifactError("cannot fetch \(url): \(failure.message)", hint: hint)
  }
}
