import ArgoModel
import Foundation

/// Runs a kubeconfig's exec credential plugin (`client.authentication.k8s.io/v1` or
/// `v1beta1`) and reads the credential it prints.
struct ExecCredentialPlugin {
  struct Credential: Sendable {
    var token: String?
    var clientCertificatePEM: [UInt8]?
    var clientKeyPEM: [UInt8]?
    var expiration: Date?
  }

  let config: KubeConfig.ExecConfig
  let server: String
  let environment: [String: String]

  static let supportedVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

  func run(timeout: TimeInterval = 60) throws(KubernetesError) -> Credential {
    guard ExecCredentialPlugin.supportedVersions.contains(config.apiVersion) else {
      throw KubernetesError(
        .credential, "the exec plugin asks for \(config.apiVersion), which is not supported",
        hint: "use client.authentication.k8s.io/v1 or v1beta1")
    }
    guard let executable = resolvedCommand() else {
      throw KubernetesError(
        .credential, "the credential plugin \"\(config.command)\" is not installed (not found in PATH)",
        hint: config.installHint?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "install it, or use another kubeconfig user")
    }
    var spec: JSONObject = ["interactive": false]
    if config.provideClusterInfo { spec["cluster"] = ["server": .string(server)] }
    let info: JSONValue = ["apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
    var processEnvironment = environment
    for (key, value) in config.env { processEnvironment[key] = value }
    processEnvironment["KUBERNETES_EXEC_INFO"] = info.description

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = config.args
    process.environment = processEnvironment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw KubernetesError(.credential, "the credential plugin \(executable) cannot be started: \(error.localizedDescription)")
    }
    // Read both pipes while the plugin runs, so that a talkative plugin cannot block.
    let collected = PipeCollector(output: output, errors: errors)
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        throw KubernetesError(.credential, "the credential plugin \(config.command) did not finish within \(Int(timeout)) s")
      }
      Thread.sleep(forTimeInterval: 0.01)
    }
    let (stdout, stderr) = collected.wait()
    guard process.terminationStatus == 0 else {
      let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw KubernetesError(
        .credential,
        "the credential plugin \(config.command) failed (exit \(process.terminationStatus))\(message.isEmpty ? "" : ": \(message.prefix(500))")",
        hint: "run it by hand to see why; you may need to log in again")
    }
    return try parse(stdout)
  }

  func parse(_ output: [UInt8]) throws(KubernetesError) -> Credential {
    let value: JSONValue
    do {
      value = try ManifestReader(options: .preserving).values(output, format: .json).first ?? .null
    } catch {
      throw KubernetesError(.credential, "the credential plugin \(config.command) printed something that is not JSON")
    }
    guard value["kind"]?.stringValue == "ExecCredential" else {
      throw KubernetesError(.credential, "the credential plugin \(config.command) did not print an ExecCredential")
    }
    if let version = value["apiVersion"]?.stringValue, version != config.apiVersion {
      throw KubernetesError(
        .credential, "the credential plugin answered in \(version), but the kubeconfig asked for \(config.apiVersion)")
    }
    guard let status = value["status"]?.objectValue else {
      throw KubernetesError(.credential, "the credential plugin \(config.command) printed no status")
    }
    var credential = Credential()
    credential.token = status["token"]?.stringValue
    credential.clientCertificatePEM = status["clientCertificateData"]?.stringValue.map { Array($0.utf8) }
    credential.clientKeyPEM = status["clientKeyData"]?.stringValue.map { Array($0.utf8) }
    if let text = status["expirationTimestamp"]?.stringValue {
      credential.expiration = Time(text).date
    }
    guard credential.token != nil || (credential.clientCertificatePEM != nil && credential.clientKeyPEM != nil) else {
      throw KubernetesError(.credential, "the credential plugin \(config.command) gave neither a token nor a client certificate")
    }
    return credential
  }

  /// The plugin's executable: a path (relative to the kubeconfig), or a name looked up in PATH.
  func resolvedCommand() -> String? {
    let command = config.command
    if command.contains("/") {
      let path = command.hasPrefix("/") ? command : config.directory + "/" + command
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let path = "\(directory)/\(command)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }
}

/// Reads a process's two output pipes on threads of their own.
private final class PipeCollector: @unchecked Sendable {
  private var output: [UInt8] = []
  private var errors: [UInt8] = []
  private let group = DispatchGroup()

  init(output: Pipe, errors: Pipe) {
    group.enter()
    DispatchQueue.global().async {
      self.output = Array(output.fileHandleForReading.readDataToEndOfFile())
      self.group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      self.errors = Array(errors.fileHandleForReading.readDataToEndOfFile())
      self.group.leave()
    }
  }

  func wait() -> (output: [UInt8], errors: [UInt8]) {
    group.wait()
    return (output, errors)
  }
}
