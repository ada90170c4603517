import ArgoModel

/// Where a setting's value came from, in order of precedence: a flag, the environment, a
/// config file, the kubeconfig, or the default.
public struct SettingSource: Sendable, Hashable, CustomStringConvertible {
  enum Kind: Int, Sendable, Comparable {
    case flag, environment, configFile, kubeconfig, computed, `default`

    static func < (left: Kind, right: Kind) -> Bool { left.rawValue < right.rawValue }
  }

  let kind: Kind
  public let description: String

  static func flag(_ name: String) -> SettingSource { SettingSource(kind: .flag, description: "flag \(name)") }
  static func environment(_ name: String) -> SettingSource { SettingSource(kind: .environment, description: "environment \(name)") }
  static func configFile(_ path: String, line: Int) -> SettingSource {
    SettingSource(kind: .configFile, description: "file \(path):\(line)")
  }
  static func kubeconfig(_ description: String) -> SettingSource { SettingSource(kind: .kubeconfig, description: description) }
  static func computed(_ description: String) -> SettingSource { SettingSource(kind: .computed, description: description) }
  static let `default` = SettingSource(kind: .default, description: "default")

  /// Whether the value was given on the command line.
  public var isFlag: Bool { kind == .flag }
  public var isDefault: Bool { kind == .default }
}

/// A resolved setting and where it came from.
public struct Setting<Value: Sendable & Hashable>: Sendable, Hashable {
  public var value: Value
  public var source: SettingSource

  public init(_ value: Value, source: SettingSource) {
    self.value = value
    self.source = source
  }
}

/// A setting that cannot be used, and what to do.
public typealias SettingsError = Explanation<SettingsFailures>
/// What tells a `SettingsError` apart from the package's other errors.
public enum SettingsFailures {}

/// The settings a command reads, with their names as flags, environment variables and config
/// file keys (the seed's `key=value` files).
public struct SettingKey: Sendable, Hashable, CustomStringConvertible {
  /// The key in config files (`argo_server`).
  public let fileKey: String
  /// The flag (`--argo-server`).
  public let flag: String
  /// The environment variable (`ARGO_SERVER`), if there is one.
  public let environment: String?
  /// Other spellings accepted in files.
  let fileAliases: [String]

  public var description: String { fileKey }

  public static let argoServer = SettingKey(fileKey: "argo_server", flag: "--argo-server", environment: "ARGO_SERVER", fileAliases: [])
  public static let argoToken = SettingKey(fileKey: "argo_token", flag: "--argo-token", environment: "ARGO_TOKEN", fileAliases: [])
  public static let argoTokenFile = SettingKey(fileKey: "argo_token_file", flag: "--argo-token-file", environment: nil, fileAliases: [])
  public static let argoNamespace = SettingKey(
    fileKey: "argo_namespace", flag: "--argo-namespace", environment: "ARGO_NAMESPACE", fileAliases: ["namespace"])
  public static let argoServiceAccount = SettingKey(
    fileKey: "argo_service_account", flag: "--argo-service-account", environment: "ARGO_SERVICE_ACCOUNT", fileAliases: [])
  public static let argoBaseHref = SettingKey(
    fileKey: "argo_base_href", flag: "--argo-base-href", environment: "ARGO_BASE_HREF", fileAliases: [])
  public static let argoSecure = SettingKey(fileKey: "argo_secure", flag: "--secure", environment: "ARGO_SECURE", fileAliases: [])
  public static let argoInsecureSkipVerify = SettingKey(
    fileKey: "argo_insecure_skip_verify", flag: "--insecure-skip-verify", environment: "ARGO_INSECURE_SKIP_VERIFY", fileAliases: [])
  public static let argoCAFile = SettingKey(fileKey: "argo_ca_file", flag: "--argo-ca-file", environment: nil, fileAliases: [])
  public static let clientCertificate = SettingKey(
    fileKey: "client_certificate", flag: "--client-certificate", environment: nil, fileAliases: [])
  public static let clientKey = SettingKey(fileKey: "client_key", flag: "--client-key", environment: nil, fileAliases: [])
  public static let kubeconfig = SettingKey(
    fileKey: "k8s_config_file", flag: "--kubeconfig", environment: "KUBECONFIG", fileAliases: ["kubeconfig"])
  public static let kubeContext = SettingKey(fileKey: "k8s_context", flag: "--context", environment: nil, fileAliases: ["context"])
  public static let argoHTTP1 = SettingKey(fileKey: "argo_http1", flag: "--argo-http1", environment: "ARGO_HTTP1", fileAliases: [])
  public static let requestTimeout = SettingKey(
    fileKey: "request_timeout", flag: "--request-timeout", environment: "ARGO_REQUEST_TIMEOUT", fileAliases: [])

  public static let all: [SettingKey] = [
    .argoServer, .argoToken, .argoTokenFile, .argoNamespace, .argoServiceAccount, .argoBaseHref, .argoSecure,
    .argoInsecureSkipVerify, .argoCAFile, .clientCertificate, .clientKey, .kubeconfig, .kubeContext, .argoHTTP1, .requestTimeout,
  ]

  /// The key a config file's line names, matched without regard to case, `-`/`_`, or an
  /// environment variable's spelling (`ARGO_SERVER=...` in a file sourced by shells too).
  static func matching(fileKey raw: String) -> SettingKey? {
    let normalised = raw.lowercased().replacingOccurrences(of: "-", with: "_")
    return all.first { key in
      key.fileKey == normalised || key.fileAliases.contains(normalised) || key.environment?.lowercased() == normalised
    }
  }
}
