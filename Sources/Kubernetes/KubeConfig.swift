import ArgoModel
import Foundation
import HTTPTransport

/// A kubeconfig, merged from one or several files as kubectl merges them: the first file to
/// define a cluster, user or context (by name) or the current context wins. Relative paths are
/// resolved against the file that holds them.
public struct KubeConfig: Sendable {
  public struct Cluster: Sendable, Hashable {
    public var server: String
    public var certificateAuthority: PEMSource?
    public var insecureSkipTLSVerify = false
    public var tlsServerName: String?
    /// The file that defined it.
    public var file: String
  }

  public struct ExecConfig: Sendable, Hashable {
    public var apiVersion: String
    public var command: String
    public var args: [String]
    public var env: [String: String]
    public var installHint: String?
    public var provideClusterInfo: Bool
    /// The folder of the kubeconfig that defined it, for relative commands.
    public var directory: String
  }

  public struct User: Sendable, Hashable {
    public var token: String?
    public var tokenFile: String?
    public var clientCertificate: PEMSource?
    public var clientKey: PEMSource?
    public var exec: ExecConfig?
    public var username: String?
    public var password: String?
    public var file: String
  }

  public struct Context: Sendable, Hashable {
    public var cluster: String
    public var user: String
    public var namespace: String?
  }

  public var clusters: [String: Cluster] = [:]
  public var users: [String: User] = [:]
  public var contexts: [String: Context] = [:]
  public var currentContext: String?
  /// The files read, in order.
  public var files: [String] = []

  public init() {}

  /// The files kubectl would read: `KUBECONFIG` (a `:`-separated list), else `~/.kube/config`.
  public static func defaultPaths(environment: [String: String], home: String) -> [String] {
    if let list = environment["KUBECONFIG"], !list.isEmpty {
      return list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }
    return [home + "/.kube/config"]
  }

  /// Reads and merges the files; a file named explicitly must exist, files of a list that do
  /// not exist are skipped as kubectl skips them.
  public static func load(paths: [String], explicit: Bool = false) throws(KubeConfigError) -> KubeConfig {
    var config = KubeConfig()
    for path in paths {
      guard FileManager.default.fileExists(atPath: path) else {
        if explicit { throw KubeConfigError("the kubeconfig \(path) does not exist", hint: "check --kubeconfig or KUBECONFIG") }
        continue
      }
      let value: JSONValue
      do {
        let values = try ManifestReader(options: .preserving).values(try ManifestReader.readBytes(path), source: path, format: .yaml)
        value = values.first ?? .object([:])
      } catch {
        throw KubeConfigError("the kubeconfig \(path) cannot be read: \(error)")
      }
      try config.merge(value, file: path)
    }
    return config
  }

  /// Parses a kubeconfig's text (for tests and in-memory configurations).
  public static func parse(_ text: String, file: String) throws(KubeConfigError) -> KubeConfig {
    var config = KubeConfig()
    do {
      let value = try ManifestReader(options: .preserving).values(Array(text.utf8), source: file, format: .yaml).first ?? .object([:])
      try config.merge(value, file: file)
    } catch let error as KubeConfigError {
      throw error
    } catch {
      throw KubeConfigError("the kubeconfig \(file) cannot be read: \(error)")
    }
    return config
  }

  mutating func merge(_ value: JSONValue, file: String) throws(KubeConfigError) {
    files.append(file)
    guard case .object(let root) = value else {
      throw KubeConfigError("the kubeconfig \(file) is not a mapping")
    }
    let directory = (file as NSString).deletingLastPathComponent
    func resolved(_ path: String) -> String {
      let expanded = (path as NSString).expandingTildeInPath
      return expanded.hasPrefix("/") || directory.isEmpty ? expanded : directory + "/" + expanded
    }
    func data(_ text: String, field: String, entry: String) throws(KubeConfigError) -> [UInt8] {
      guard let decoded = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
        throw KubeConfigError("\(file): \(entry): \(field) is not valid base64")
      }
      return Array(decoded)
    }
    for item in root["clusters"]?.arrayValue ?? [] {
      guard let name = item["name"]?.stringValue, let cluster = item["cluster"], clusters[name] == nil else { continue }
      var certificateAuthority: PEMSource?
      if let text = cluster["certificate-authority-data"]?.stringValue {
        certificateAuthority = .bytes(try data(text, field: "certificate-authority-data", entry: "cluster \(name)"))
      } else if let path = cluster["certificate-authority"]?.stringValue {
        certificateAuthority = .file(resolved(path))
      }
      clusters[name] = Cluster(
        server: cluster["server"]?.stringValue ?? "", certificateAuthority: certificateAuthority,
        insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"]?.boolValue ?? false,
        tlsServerName: cluster["tls-server-name"]?.stringValue, file: file)
    }
    for item in root["users"]?.arrayValue ?? [] {
      guard let name = item["name"]?.stringValue, users[name] == nil else { continue }
      let user = item["user"] ?? .object([:])
      var entry = User(file: file)
      entry.token = user["token"]?.stringValue
      entry.tokenFile = user["tokenFile"]?.stringValue.map(resolved)
      if let text = user["client-certificate-data"]?.stringValue {
        entry.clientCertificate = .bytes(try data(text, field: "client-certificate-data", entry: "user \(name)"))
      } else if let path = user["client-certificate"]?.stringValue {
        entry.clientCertificate = .file(resolved(path))
      }
      if let text = user["client-key-data"]?.stringValue {
        entry.clientKey = .bytes(try data(text, field: "client-key-data", entry: "user \(name)"))
      } else if let path = user["client-key"]?.stringValue {
        entry.clientKey = .file(resolved(path))
      }
      entry.username = user["username"]?.stringValue
      entry.password = user["password"]?.stringValue
      if let exec = user["exec"], exec.objectValue != nil {
        guard let command = exec["command"]?.stringValue, !command.isEmpty else {
          throw KubeConfigError("\(file): user \(name): the exec plugin has no command")
        }
        var environment: [String: String] = [:]
        for variable in exec["env"]?.arrayValue ?? [] {
          if let key = variable["name"]?.stringValue { environment[key] = variable["value"]?.stringValue ?? "" }
        }
        entry.exec = ExecConfig(
          apiVersion: exec["apiVersion"]?.stringValue ?? "client.authentication.k8s.io/v1", command: command,
          args: (exec["args"]?.arrayValue ?? []).compactMap(\.stringValue), env: environment,
          installHint: exec["installHint"]?.stringValue, provideClusterInfo: exec["provideClusterInfo"]?.boolValue ?? false,
          directory: directory)
      }
      users[name] = entry
    }
    for item in root["contexts"]?.arrayValue ?? [] {
      guard let name = item["name"]?.stringValue, let context = item["context"], contexts[name] == nil else { continue }
      contexts[name] = Context(
        cluster: context["cluster"]?.stringValue ?? "", user: context["user"]?.stringValue ?? "",
        namespace: context["namespace"]?.stringValue)
    }
    if currentContext == nil || currentContext?.isEmpty == true, let current = root["current-context"]?.stringValue, !current.isEmpty {
      currentContext = current
    }
  }

  /// The cluster, user and namespace of a context (the current one by default).
  public func access(context requested: String? = nil) throws(KubeConfigError) -> KubernetesAccess {
    guard let name = requested ?? currentContext, !name.isEmpty else {
      throw KubeConfigError(
        files.isEmpty ? "no kubeconfig was found" : "the kubeconfig has no current context",
        hint: files.isEmpty
          ? "set KUBECONFIG or --kubeconfig, or run inside the cluster" : "give --context, or run kubectl config use-context NAME")
    }
    guard let context = contexts[name] else {
      let known = contexts.keys.sorted()
      throw KubeConfigError(
        "the kubeconfig has no context \"\(name)\"",
        hint: known.isEmpty ? "the files define no contexts" : "known contexts: \(known.joined(separator: ", "))")
    }
    guard let cluster = clusters[context.cluster] else {
      throw KubeConfigError("context \"\(name)\" names the cluster \"\(context.cluster)\", which the kubeconfig does not define")
    }
    guard let server = URL(string: cluster.server), server.host != nil else {
      throw KubeConfigError(
        "cluster \"\(context.cluster)\" has no valid server address (\"\(cluster.server)\")", hint: "e.g. https://10.0.0.1:6443")
    }
    let user: User?
    if context.user.isEmpty {
      user = nil
    } else if let found = users[context.user] {
      user = found
    } else {
      throw KubeConfigError("context \"\(name)\" names the user \"\(context.user)\", which the kubeconfig does not define")
    }
    var credential = KubernetesCredential.none
    var tls = TLSSettings(
      certificateAuthorities: cluster.certificateAuthority.map { [$0] } ?? [], insecureSkipVerify: cluster.insecureSkipTLSVerify,
      serverName: cluster.tlsServerName)
    if let user {
      if let exec = user.exec {
        credential = .exec(exec, server: cluster.server)
      } else if let token = user.token, !token.isEmpty {
        credential = .token(token)
      } else if let file = user.tokenFile {
        credential = .tokenFile(file)
      } else if let username = user.username {
        credential = .basic(username: username, password: user.password ?? "")
      }
      tls.clientCertificate = user.clientCertificate
      tls.clientKey = user.clientKey
    }
    return KubernetesAccess(
      server: server, tls: tls, credential: credential, namespace: context.namespace,
      description: "kubeconfig context \"\(name)\"")
  }
}

/// A kubeconfig that cannot be used, and what to do.
public typealias KubeConfigError = Explanation<KubeConfigFailures>
/// What tells a `KubeConfigError` apart from the package's other errors.
public enum KubeConfigFailures {}

extension ManifestReader {
  /// The bytes of a file, refusing what is far too large for a configuration.
  static func readBytes(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw KubeConfigError("cannot read \(path)")
    }
    guard data.count < 64 << 20 else { throw KubeConfigError("\(path) is too large for a kubeconfig") }
    return Array(data)
  }
}
