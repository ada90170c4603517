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
    // Messages show the address with any password in it hidden.
    let trimmed = Self.hidingCredentials(text.trimmingCharacters(in: .whitespaces))
    guard !trimmed.isEmpty else { throw Invalid(description: "the Argo Server address is empty") }
    guard trimmed == text.trimmingCharacters(in: .whitespaces) else {
      throw Invalid(
        description:
          "the Argo Server address \"\(trimmed)\" has a user name or password before the host; the Argo Server takes a token instead: give it with --argo-token-file, ARGO_TOKEN or the config file"
      )
    }
    if let mark = trimmed.firstIndex(where: { $0 == "?" || $0 == "#" }) {
      throw Invalid(
        description: "the Argo Server address \"\(trimmed)\" has \"\(trimmed[mark])\" in it")
    }
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
        throw Invalid(
          description:
            "the Argo Server address \"\(trimmed)\" has two schemes; write it once, e.g. \(scheme!)://\(rest.components(separatedBy: "://").last ?? "")"
        )
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
    if let bad = host.first(where: { !Self.mayBeInHost($0, literal: host.hasPrefix("[")) }) {
      throw Invalid(
        description:
          "the host \"\(host)\" of the Argo Server address has the character \"\(bad)\", which a host name cannot have (an international name is written in its xn-- form)"
      )
    }
    let isSecure = scheme.map { $0 == "https" } ?? (secure ?? true)
    if (isSecure && port == 443) || (!isSecure && port == 80) { port = nil }
    if path.isEmpty || path == "/", let baseHref, !baseHref.isEmpty { path = baseHref }
    while path.hasSuffix("/") { path.removeLast() }
    if !path.isEmpty, !path.hasPrefix("/") { path = "/" + path }
    // A base path's other characters are written as URLs write them (`%20` for a space).
    path = path.addingPercentEncoding(withAllowedCharacters: Self.pathCharacters) ?? path
    var components = URLComponents()
    components.scheme = isSecure ? "https" : "http"
    components.host = host
    components.port = port
    components.percentEncodedPath = path
    guard components.url != nil else {
      throw Invalid(description: "the Argo Server address \"\(trimmed)\" does not make a URL")
    }
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
    components.host = host
    components.port = port
    components.percentEncodedPath = basePath + path
    if !query.isEmpty {
      // `+` must be escaped too: Go's query parser reads it as a space.
      components.percentEncodedQueryItems = query.map {
        URLQueryItem(name: ArgoServerAddress.escape($0.0), value: ArgoServerAddress.escape($0.1))
      }
    }
    if let url = components.url { return url }
    // The address was checked when made and paths are of escaped segments, so this is not
    // reached; should it be, the request goes to the server's root, whose answer says what is
    // wrong, rather than the program stopping.
    components.percentEncodedPath = basePath
    components.percentEncodedQueryItems = nil
    return components.url ?? URL(fileURLWithPath: "/")
  }

  /// Whether a host name (or, `literal`, a bracketed IPv6 address) may have the character.
  private static func mayBeInHost(_ character: Character, literal: Bool) -> Bool {
    if literal { return character.isHexDigit || ":.[]".contains(character) }
    guard character.isASCII else { return false }
    return character.isLetter || character.isNumber || "-._".contains(character)
  }

  /// Characters a base path keeps as they are; a `%` is kept so that an escaped path stays so.
  private static let pathCharacters = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: "%"))

  /// The address with the user name and password of `https://user:password@host` replaced
  /// by `***`.
  static func hidingCredentials(_ text: String) -> String {
    let start = text.range(of: "://")?.upperBound ?? text.startIndex
    let authorityEnd = text[start...].firstIndex(of: "/") ?? text.endIndex
    guard let at = text[start..<authorityEnd].lastIndex(of: "@") else { return text }
    return text[..<start] + "***" + text[at...]
  }

  private static let queryValueCharacters = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+&=;#"))

  static func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? text
  }
}
