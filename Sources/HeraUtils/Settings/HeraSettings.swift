import ArgoClient
import ArgoModel
import Foundation
import HTTPTransport
import Kubernetes

/// What settings are resolved from: the flags given, the environment, where to look for config
/// files. Commands build it from `HeraOptions`; library users build it directly.
public struct SettingsInput: Sendable {
  /// Values given as flags, by key.
  public var flags: [SettingKey: String] = [:]
  public var environment: [String: String]
  public var currentDirectory: String
  /// The home folder: of `~/hera.config`, `~/.kube/config` and `~` in values.
  public var homeDirectory: String
  /// Config-file keys an experiment reads itself (`k8s_volume_claim_name`): not warned about.
  public var extraKeys: [String] = []

  /// - Parameter homeDirectory: by default `HOME` of `environment`, as shells and kubectl take
  ///   it (Foundation's home folder on Linux is the account's, whatever `HOME` says), else the
  ///   account's.
  public init(
    flags: [SettingKey: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath, homeDirectory: String? = nil, extraKeys: [String] = []
  ) {
    self.flags = flags
    self.environment = environment
    self.currentDirectory = currentDirectory
    self.homeDirectory = homeDirectory ?? SettingsInput.homeDirectory(environment: environment)
    self.extraKeys = extraKeys
  }

  /// `HOME` when it is set, else the account's home folder.
  public static func homeDirectory(environment: [String: String]) -> String {
    if let home = environment["HOME"], !home.isEmpty { return home }
    return FileManager.default.homeDirectoryForCurrentUser.path
  }

  /// A path with a leading `~` or `~/` made absolute in the home folder; other paths as they
  /// are (`~user/...` as the system says).
  func expandingTilde(_ path: String) -> String {
    if path == "~" { return homeDirectory }
    if path.hasPrefix("~/") { return (homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory) + path.dropFirst() }
    return (path as NSString).expandingTildeInPath
  }
}

/// The settings of a run: where the Argo Server and the Kubernetes cluster are and how to reach
/// them, each value with its source.
///
/// Precedence, highest first: flag, environment variable, the file `$ARGOCONFIG`,
/// `./hera.config`, `~/hera.config`, the kubeconfig (namespace and token), the default.
///
/// ```swift
/// let settings = try HeraSettings.resolve(SettingsInput())
/// print(settings.argoServer?.value ?? "no Argo Server: runs are local")
/// ```
public struct HeraSettings: Sendable {
  public var argoServer: Setting<ArgoServerAddress>?
  public var argoToken: Setting<ArgoToken>?
  public var namespace: Setting<String>
  public var serviceAccount: Setting<String>?
  public var caFile: Setting<String>?
  public var clientCertificate: Setting<String>?
  public var clientKey: Setting<String>?
  public var insecureSkipVerify: Setting<Bool>
  /// The kubeconfig files, in kubectl's order.
  public var kubeconfigPaths: Setting<[String]>
  public var kubeContext: Setting<String>?
  /// How long one call to the Argo Server may take, its retries included, in seconds (30 by
  /// default; `--request-timeout`, `ARGO_REQUEST_TIMEOUT` or `request_timeout` in hera.config).
  public var requestTimeout = Setting<Double>(30, source: .default)
  /// Values of the experiment's own config-file keys.
  public var extras: [String: Setting<String>] = [:]
  /// What a person should know: a token on the command line, a config file readable by others,
  /// unknown keys, TLS verification off.
  public var warnings: [String] = []
  /// The config files read, in order of precedence.
  public var configFiles: [String] = []
  /// The environment the settings were resolved in (for credential plugins).
  let environment: [String: String]

  /// Resolves the settings.
  ///
  /// - Throws: `SettingsError` when a value cannot be used: a malformed server address, an
  ///   unreadable token file or config file named explicitly, two ways of giving the token.
  public static func resolve(_ input: SettingsInput) throws(SettingsError) -> HeraSettings {
    var resolver = SettingsResolver(input: input)
    return try resolver.resolve()
  }

  /// How to reach the Argo Server, or `nil` when none is configured (runs are local).
  public var argoConnection: ArgoConnection? {
    guard let address = argoServer?.value else { return nil }
    return ArgoConnection(address: address, token: argoToken?.value, tls: argoTLS, requestTimeout: requestTimeout.value)
  }

  /// The TLS settings for the Argo Server.
  public var argoTLS: TLSSettings {
    TLSSettings(
      certificateAuthorities: caFile.map { [.file($0.value)] } ?? [], clientCertificate: clientCertificate.map { .file($0.value) },
      clientKey: clientKey.map { .file($0.value) }, insecureSkipVerify: insecureSkipVerify.value)
  }

  /// How to reach the Kubernetes API: the kubeconfig's context, else the in-cluster service
  /// account.
  public func kubernetesAccess(serviceAccountDirectory: String = "/var/run/secrets/kubernetes.io/serviceaccount") throws(KubeConfigError)
    -> KubernetesAccess
  {
    let explicit = kubeconfigPaths.source.isFlag
    let config = try KubeConfig.load(paths: kubeconfigPaths.value, explicit: explicit)
    if config.contexts.isEmpty, kubeContext == nil,
      let inCluster = KubernetesAccess.inCluster(environment: environment, directory: serviceAccountDirectory)
    {
      return inCluster
    }
    return try config.access(context: kubeContext?.value)
  }
}

/// The resolution, step by step.
struct SettingsResolver {
  let input: SettingsInput
  var files: [ConfigFile] = []
  var warnings: [String] = []

  init(input: SettingsInput) {
    self.input = input
  }

  /// The value of a key and its source: flag, environment, then the files in order.
  func lookup(_ key: SettingKey) -> (value: String, source: SettingSource)? {
    if let value = input.flags[key] { return (value, .flag(key.flag)) }
    if let name = key.environment, let value = input.environment[name], !value.isEmpty { return (value, .environment(name)) }
    for file in files {
      for entry in file.entries.reversed() where SettingKey.matching(fileKey: entry.key) == key {
        return (entry.value, .configFile(file.path, line: entry.line))
      }
    }
    return nil
  }

  mutating func readConfigFiles() throws(SettingsError) {
    var paths: [(path: String, explicit: Bool)] = []
    if let named = input.environment["ARGOCONFIG"], !named.isEmpty {
      paths.append((input.expandingTilde(named), true))
    }
    paths.append((input.currentDirectory + "/hera.config", false))
    paths.append((input.homeDirectory + "/hera.config", false))
    var seen: Set<String> = []
    for (path, explicit) in paths {
      let standardised = (path as NSString).standardizingPath
      guard seen.insert(standardised).inserted else { continue }
      guard FileManager.default.fileExists(atPath: path) else {
        if explicit { throw SettingsError("ARGOCONFIG names \(path), which does not exist", hint: "fix ARGOCONFIG or create the file") }
        continue
      }
      let file = try ConfigFile.read(path)
      for line in file.malformedLines {
        warnings.append("\(path):\(line): not a key=value line; ignored")
      }
      for entry in file.entries where SettingKey.matching(fileKey: entry.key) == nil {
        let lowered = entry.key.lowercased()
        if input.extraKeys.contains(where: { $0.lowercased() == lowered }) { continue }
        var warning = "\(path):\(entry.line): unknown key \"\(entry.key)\"; ignored"
        if let suggestion = Spelling.closest(to: lowered, among: SettingKey.all.map(\.fileKey) + input.extraKeys) {
          warning += " (did you mean \"\(suggestion)\"?)"
        }
        warnings.append(warning)
      }
      if file.entries.contains(where: { SettingKey.matching(fileKey: $0.key) == .argoToken }), file.mode & 0o077 != 0 {
        warnings.append(
          "\(path) holds a token and other users of this machine may read it (mode \(String(file.mode & 0o777, radix: 8))); run chmod 600 \(path)"
        )
      }
      files.append(file)
    }
  }

  mutating func resolve() throws(SettingsError) -> HeraSettings {
    try readConfigFiles()

    // Kubeconfig files: --kubeconfig, else KUBECONFIG (a list), else a file's k8s_config_file,
    // else ~/.kube/config.
    let kubeconfigPaths: Setting<[String]>
    if let value = input.flags[.kubeconfig] {
      kubeconfigPaths = Setting([input.expandingTilde(value)], source: .flag("--kubeconfig"))
    } else if let list = input.environment["KUBECONFIG"], !list.isEmpty {
      kubeconfigPaths = Setting(
        KubeConfig.defaultPaths(environment: input.environment, home: input.homeDirectory), source: .environment("KUBECONFIG"))
    } else if let found = lookup(.kubeconfig) {
      kubeconfigPaths = Setting([input.expandingTilde(found.value)], source: found.source)
    } else {
      kubeconfigPaths = Setting([input.homeDirectory + "/.kube/config"], source: .default)
    }
    let kubeContext = lookup(.kubeContext).map { Setting($0.value, source: $0.source) }
    // The kubeconfig supplies the namespace and a token when nothing else does; it is read only
    // if it is needed, and a kubeconfig that cannot be read is no error here. One named by
    // --kubeconfig or a config file that cannot be used is said, once (KUBECONFIG's list may
    // name files that do not exist, as kubectl allows).
    var kubeconfigContext: (namespace: String?, token: String?, description: String)?
    var kubeconfigWarned = false
    func kubeconfigDefaults() -> (namespace: String?, token: String?, description: String)? {
      let access: KubernetesAccess
      do {
        access = try KubeConfig.load(paths: kubeconfigPaths.value).access(context: kubeContext?.value)
      } catch {
        if !kubeconfigPaths.source.isDefault, input.environment["KUBECONFIG"] == nil || input.flags[.kubeconfig] != nil, !kubeconfigWarned {
          kubeconfigWarned = true
          warnings.append(
            "the kubeconfig \(kubeconfigPaths.value.joined(separator: ":")) (\(kubeconfigPaths.source)) cannot be used: \(error); its namespace and token are not taken"
          )
        }
        return nil
      }
      var token: String?
      if case .token(let value) = access.credential { token = value }
      if case .tokenFile(let path) = access.credential {
        token = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      return (access.namespace, token, access.description)
    }

    // TLS and the scheme.
    var secure: Bool?
    var secureSource: SettingSource?
    if let (value, source) = lookup(.argoSecure) {
      switch value.lowercased() {
      case "true", "1", "yes": secure = true
      case "false", "0", "no": secure = false
      default:
        warnings.append("\(source): \"\(value)\" is not true or false; HTTPS is used")
        secure = true
      }
      secureSource = source
    }
    let insecureSkipVerify: Setting<Bool>
    if let (value, source) = lookup(.argoInsecureSkipVerify) {
      insecureSkipVerify = Setting(["true", "1", "yes"].contains(value.lowercased()), source: source)
    } else {
      insecureSkipVerify = Setting(false, source: .default)
    }
    let baseHref = lookup(.argoBaseHref)?.value

    // The server.
    var argoServer: Setting<ArgoServerAddress>?
    if let (value, source) = lookup(.argoServer) {
      do {
        let address = try ArgoServerAddress(value, secure: secure, baseHref: baseHref)
        argoServer = Setting(address, source: source)
        if let secure, secure != address.secure, let secureSource {
          warnings.append(
            "the Argo Server address \(value) (\(source)) says \(address.secure ? "https" : "http"), which wins over \(secureSource)")
        }
      } catch {
        throw SettingsError("\(error) (\(source))", hint: "write it as host, host:port or https://host[:port][/base]")
      }
      if insecureSkipVerify.value, argoServer?.value.secure == true {
        warnings.append(
          "TLS verification of the Argo Server is off (\(insecureSkipVerify.source)): anyone on the network path could read the token")
      }
    }

    // The token: as a flag (warned), from a file, from the environment or a config file, from
    // the kubeconfig.
    var argoToken: Setting<ArgoToken>?
    if input.flags[.argoToken] != nil, input.flags[.argoTokenFile] != nil {
      throw SettingsError("both --argo-token and --argo-token-file are given", hint: "give one of them")
    }
    // The first place that gives a token, as text or as a file to read.
    var given: (text: String?, file: String?, source: SettingSource)?
    if let text = input.flags[.argoToken] {
      given = (text, nil, .flag("--argo-token"))
      warnings.append(
        "--argo-token puts the token in the process list, where other users of this machine can read it; prefer ARGO_TOKEN or --argo-token-file"
      )
    } else if let file = input.flags[.argoTokenFile] {
      given = (nil, file, .flag("--argo-token-file"))
    } else if let text = input.environment["ARGO_TOKEN"], !text.isEmpty {
      given = (text, nil, .environment("ARGO_TOKEN"))
    } else {
      for file in files where given == nil {
        if let entry = file.entries.last(where: { SettingKey.matching(fileKey: $0.key) == .argoToken }) {
          given = (entry.value, nil, .configFile(file.path, line: entry.line))
        } else if let entry = file.entries.last(where: { SettingKey.matching(fileKey: $0.key) == .argoTokenFile }) {
          given = (nil, entry.value, .configFile(file.path, line: entry.line))
        }
      }
    }
    if let given {
      if let path = given.file {
        let expanded = input.expandingTilde(path)
        guard let text = try? String(contentsOfFile: expanded, encoding: .utf8) else {
          throw SettingsError("cannot read the token file \(expanded) (\(given.source))", hint: "check that it exists and is readable")
        }
        if let problem = ArgoToken.problem(in: text) {
          throw SettingsError("\(problem) (token file \(expanded), \(given.source))", hint: "write the token on one line")
        }
        guard let token = ArgoToken(text) else { throw SettingsError("the token file \(expanded) is empty") }
        argoToken = Setting(token, source: .computed("token file \(expanded), \(given.source)"))
      } else if let text = given.text {
        if let problem = ArgoToken.problem(in: text) {
          throw SettingsError(
            "\(problem) (\(given.source))", hint: "copy the token again, on one line; hera config shows where each setting comes from")
        }
        if let token = ArgoToken(text) { argoToken = Setting(token, source: given.source) }
      }
    } else if argoServer != nil {
      kubeconfigContext = kubeconfigContext ?? kubeconfigDefaults()
      if let context = kubeconfigContext, let token = context.token.flatMap(ArgoToken.init) {
        argoToken = Setting(token, source: .kubeconfig(context.description))
      }
    }

    // The namespace.
    let namespace: Setting<String>
    if let (value, source) = lookup(.argoNamespace) {
      namespace = Setting(value, source: source)
    } else {
      kubeconfigContext = kubeconfigContext ?? kubeconfigDefaults()
      if let context = kubeconfigContext, let value = context.namespace, !value.isEmpty {
        namespace = Setting(value, source: .kubeconfig(context.description))
      } else {
        namespace = Setting("default", source: .default)
      }
    }
    if !namespace.value.isEmpty, !namespace.value.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) {
      throw SettingsError(
        "the namespace \"\(namespace.value)\" (\(namespace.source)) is not a valid Kubernetes namespace",
        hint: "use lower-case letters, digits and '-'")
    }

    func pathSetting(_ key: SettingKey) -> Setting<String>? {
      lookup(key).map { Setting(input.expandingTilde($0.value), source: $0.source) }
    }
    var extras: [String: Setting<String>] = [:]
    for key in input.extraKeys {
      let lowered = key.lowercased()
      for file in files {
        if extras[key] != nil { break }
        if let entry = file.entries.last(where: { $0.key.lowercased() == lowered }) {
          extras[key] = Setting(entry.value, source: .configFile(file.path, line: entry.line))
        }
      }
    }
    var settings = HeraSettings(
      argoServer: argoServer, argoToken: argoToken, namespace: namespace,
      serviceAccount: lookup(.argoServiceAccount).map { Setting($0.value, source: $0.source) }, caFile: pathSetting(.argoCAFile),
      clientCertificate: pathSetting(.clientCertificate), clientKey: pathSetting(.clientKey), insecureSkipVerify: insecureSkipVerify,
      kubeconfigPaths: kubeconfigPaths, kubeContext: kubeContext, environment: input.environment)
    settings.extras = extras
    if let (value, source) = lookup(.requestTimeout) {
      guard let seconds = GoDuration.seconds(value), seconds >= 1, seconds <= 86_400 else {
        throw SettingsError("the request timeout \(value) (\(source)) is not a duration from 1s to 24h", hint: "write it as 30s, 2m or 1h")
      }
      settings.requestTimeout = Setting(seconds, source: source)
    }
    settings.warnings = warnings
    settings.configFiles = files.map(\.path)
    return settings
  }
}

extension HeraSettings {
  /// These settings with a token for the Argo Server minted by the TokenRequest API for the
  /// service account, when none is configured (the seed's mode of 2024; tokens last an hour).
  public func mintingToken(serviceAccountDirectory: String = "/var/run/secrets/kubernetes.io/serviceaccount") async throws(KubernetesError)
    -> HeraSettings
  {
    guard argoToken == nil, let account = serviceAccount else { return self }
    let access: KubernetesAccess
    do {
      access = try kubernetesAccess(serviceAccountDirectory: serviceAccountDirectory)
    } catch {
      throw KubernetesError(.configuration, error.message, hint: error.hint)
    }
    let client = KubernetesClient(access: access, environment: environment)
    defer { Task { await client.shutdown() } }
    let token = try await client.requestToken(serviceAccount: account.value, namespace: namespace.value)
    var copy = self
    if let minted = ArgoToken(token) {
      copy.argoToken = Setting(minted, source: .computed("TokenRequest for service account \(account.value)"))
    }
    await client.shutdown()
    return copy
  }

  /// The settings as a table of name, value and source; the token redacted.
  public var rows: [(name: String, value: String, source: String)] {
    var rows: [(String, String, String)] = []
    func add<Value>(_ name: String, _ setting: Setting<Value>?, _ show: (Value) -> String) {
      if let setting { rows.append((name, show(setting.value), setting.source.description)) } else { rows.append((name, "(not set)", "")) }
    }
    add("argo server", argoServer) { $0.description }
    add("argo token", argoToken) { $0.description }
    add("namespace", namespace) { $0 }
    add("service account", serviceAccount) { $0 }
    add("argo CA file", caFile) { $0 }
    add("client certificate", clientCertificate) { $0 }
    add("client key", clientKey) { $0 }
    add("insecure skip verify", insecureSkipVerify) { $0 ? "true" : "false" }
    add("kubeconfig", kubeconfigPaths) { $0.joined(separator: ":") }
    add("kube context", kubeContext) { $0 }
    add("request timeout", requestTimeout) { "\($0.formatted(.number))s" }
    for (key, setting) in extras.sorted(by: { $0.key < $1.key }) {
      rows.append((key, setting.value, setting.source.description))
    }
    return rows
  }
}
