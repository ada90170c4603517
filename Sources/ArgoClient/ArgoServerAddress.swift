import Foundation

/// Where the Argo Server is, normalised from whatever form users write it in:
/// `host`, `host:port`, `http(s)://host[:port][/base]`.
///
/// HTTPS unless the address says `http://` or `secure` is false; `:443` on HTTPS (and `:80`
/// on HTTP) is cosmetic; a base path (`https://host/argo`, or the base href) is kept in every
/// request URL. The seed's bugs are not repeated: `http://localhost:2746` stays plain HTTP and
/// keeps its port, and `https://host/argo` keeps `/argo`.
public struct ArgoServerAddress: Sendable, Hashable, CustomStringConvertible {
  public let secure: Bool
  public let host: String
  public let port: Int?
  /// The base path, without a trailing slash (`""` or `/argo`).
  public let basePath: String

  /// Why an address cannot be used.
  public struct Invalid: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// - Parameters:
  ///   - text: the address as written.
  ///   - secure: HTTPS or not, when the address does not say (`ARGO_SECURE`, `--secure`).
  ///   - baseHref: a base path to use when the address has none (`ARGO_BASE_HREF`).
  public init(_ text: String, secure: Bool? = nil, baseHref: String? = nil) throws(Invalid) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { throw Invalid(description: "the Argo Server address is empty") }
    guard !trimmed.contains(" ") else { throw Invalid(description: "the Argo Server address \"\(trimmed)\" contains a space") }
    var rest = Substring(trimmed)
    var scheme: String?
    if let range = rest.range(of: "://") {
      scheme = rest[..<range.lowerBound].lowercased()
      rest = rest[range.upperBound...]
      guard scheme == "http" || scheme == "https" else {
        throw Invalid(description: "the Argo Server address \"\(trimmed)\" has the scheme \(scheme!)://; use https:// or http://")
      }
      if rest.contains("://") {
        throw Invalid(description: "the Argo Server address \"\(trimmed)\" has two schemes; write it once, e.g. \(scheme!)://\(rest.components(separatedBy: "://").last ?? "")")
      }
    }
    let hostPort: Substring
    var path = ""
    if let slash = rest.firstIndex(of: "/") {
      hostPort = rest[..<slash]
      path = String(rest[slash...])
    } else {
      hostPort = rest
    }
    var host = String(hostPort)
    var port: Int?
    if host.hasPrefix("[") {
      // An IPv6 literal: [::1]:2746.
      guard let close = host.firstIndex(of: "]") else { throw Invalid(description: "the address \"\(trimmed)\" has an unclosed [") }
      let after = host[host.index(after: close)...]
      if after.hasPrefix(":") {
        guard let number = Int(after.dropFirst()), (1...65535).contains(number) else {
          throw Invalid(description: "the port of \"\(trimmed)\" is not a number from 1 to 65535")
        }
        port = number
      }
      host = String(host[...close])
    } else if let colon = host.lastIndex(of: ":") {
      guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else {
        throw Invalid(description: "the port of \"\(trimmed)\" is not a number from 1 to 65535")
      }
      port = number
      host = String(host[..<colon])
    }
    guard !host.isEmpty else { throw Invalid(description: "the Argo Server address \"\(trimmed)\" has no host") }
    let isSecure = scheme.map { $0 == "https" } ?? (secure ?? true)
    if (isSecure && port == 443) || (!isSecure && port == 80) { port = nil }
    if path.isEmpty || path == "/", let baseHref, !baseHref.isEmpty { path = baseHref }
    while path.hasSuffix("/") { path.removeLast() }
    if !path.isEmpty, !path.hasPrefix("/") { path = "/" + path }
    self.secure = isSecure
    self.host = host
    self.port = port
    self.basePath = path
  }

  /// `https://host[:port][/base]`.
  public var description: String {
    "\(secure ? "https" : "http")://\(host)\(port.map { ":\($0)" } ?? "")\(basePath)"
  }

  /// The URL of an API path (`/api/v1/version`) under the base path.
  public func url(_ path: String, query: [(String, String)] = []) -> URL {
    var components = URLComponents()
    components.scheme = secure ? "https" : "http"
    components.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    components.port = port
    components.percentEncodedPath = basePath + path
    if !query.isEmpty {
      // `+` must be escaped too: Go's query parser reads it as a space.
      components.percentEncodedQueryItems = query.map {
        URLQueryItem(name: ArgoServerAddress.escape($0.0), value: ArgoServerAddress.escape($0.1))
      }
    }
    return components.url!
  }

  private static let queryValueCharacters = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+&=;#"))

  static func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? text
  }
}
