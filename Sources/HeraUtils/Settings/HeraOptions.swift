import ArgumentParser
import Foundation

/// The standard options of every command and experiment executable: where the Argo Server and
/// the cluster are, and how to reach them. Embed it with `@OptionGroup` next to your own
/// options (the seed's "extend the parser"):
///
/// ```swift
/// struct Collect: AsyncParsableCommand {
///   @OptionGroup var hera: HeraOptions
///   @Option var vintages: [String] = ["2009", "2012"]
///   func run() async throws {
///     let settings = try hera.settings(extraKeys: ["k8s_volume_claim_name"])
///   }
/// }
/// ```
///
/// The seed's spellings (`--argo_server`, `--k8s_config_file`, ...) are accepted too.
public struct HeraOptions: ParsableArguments, Sendable {
  @Option(
    name: [.customLong("argo-server"), .customLong("argo_server")],
    help: "The Argo Server: host[:port] or http(s)://host[:port][/base] (ARGO_SERVER).")
  public var argoServer: String?

  @Option(
    name: [.customLong("argo-token"), .customLong("argo_token")],
    help: ArgumentHelp("The token, e.g. 'Bearer v2:...' (ARGO_TOKEN; visible to others in the process list).", visibility: .default))
  public var argoToken: String?

  @Option(name: .customLong("argo-token-file"), help: "A file holding the token.")
  public var argoTokenFile: String?

  @Option(
    name: [.customLong("argo-namespace"), .customLong("argo_namespace"), .customShort("n"), .customLong("namespace")],
    help: "The namespace (ARGO_NAMESPACE; default: the kubeconfig's, else default).")
  public var argoNamespace: String?

  @Option(
    name: [.customLong("argo-service-account"), .customLong("argo_service_account")],
    help: "The service account workflows run as (ARGO_SERVICE_ACCOUNT).")
  public var argoServiceAccount: String?

  @Option(name: .customLong("argo-base-href"), help: "The Argo Server's base path behind an ingress, e.g. /argo (ARGO_BASE_HREF).")
  public var argoBaseHref: String?

  @Flag(inversion: .prefixedNo, help: "Speak HTTPS to the Argo Server (the default; ARGO_SECURE=false turns it off).")
  public var secure: Bool?

  @Flag(
    name: [.customShort("k"), .customLong("insecure-skip-verify")],
    help: "Do not verify the Argo Server's certificate (ARGO_INSECURE_SKIP_VERIFY); only knowingly.")
  public var insecureSkipVerify = false

  @Option(name: .customLong("argo-ca-file"), help: "A PEM file of the certificate authority of the Argo Server's certificate.")
  public var argoCAFile: String?

  @Option(name: .customLong("client-certificate"), help: "A PEM client certificate for the Argo Server (mutual TLS).")
  public var clientCertificate: String?

  @Option(name: .customLong("client-key"), help: "The key of --client-certificate.")
  public var clientKey: String?

  @Option(name: [.customLong("kubeconfig"), .customLong("k8s_config_file")], help: "The kubeconfig file (KUBECONFIG, a :-separated list).")
  public var kubeconfig: String?

  @Option(name: .customLong("context"), help: "The kubeconfig context (default: the current one).")
  public var context: String?

  @Option(
    name: .customLong("request-timeout"),
    help: "How long one call to the Argo Server may take, its retries included: 30s, 2m (ARGO_REQUEST_TIMEOUT; default: 30s).")
  public var requestTimeout: String?

  public init() {}

  /// The flags given, by setting.
  public var flagValues: [SettingKey: String] {
    var values: [SettingKey: String] = [:]
    values[.argoServer] = argoServer
    values[.argoToken] = argoToken
    values[.argoTokenFile] = argoTokenFile
    values[.argoNamespace] = argoNamespace
    values[.argoServiceAccount] = argoServiceAccount
    values[.argoBaseHref] = argoBaseHref
    values[.argoSecure] = secure.map { $0 ? "true" : "false" }
    values[.argoInsecureSkipVerify] = insecureSkipVerify ? "true" : nil
    values[.argoCAFile] = argoCAFile
    values[.clientCertificate] = clientCertificate
    values[.clientKey] = clientKey
    values[.kubeconfig] = kubeconfig
    values[.kubeContext] = context
    values[.requestTimeout] = requestTimeout
    return values
  }

  /// The settings, from these flags, the environment and the config files.
  ///
  /// - Parameters:
  ///   - homeDirectory: by default `HOME`, else the account's home folder.
  ///   - extraKeys: config-file keys the experiment reads itself.
  public func settings(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    homeDirectory: String? = nil, extraKeys: [String] = []
  ) throws(SettingsError) -> HeraSettings {
    try HeraSettings.resolve(
      SettingsInput(
        flags: flagValues, environment: environment, currentDirectory: currentDirectory, homeDirectory: homeDirectory,
        extraKeys: extraKeys))
  }
}
