import Foundation
import Hera

/// What an experiment's environment of execution is made of when it says nothing itself: the
/// claim its stages share and where containers mount it, the ConfigMap of proxy settings, the
/// registry and organisation of its images.
///
/// ```swift
/// static let defaults = ExperimentDefaults(volumeClaim: "lyon-data", mountPath: "/data")
/// ```
public struct ExperimentDefaults: Sendable, Hashable {
  public var volumeClaim: String?
  public var mountPath: String
  public var configMap: String?
  public var registry: String?
  public var organisation: String?

  public init(
    volumeClaim: String? = nil, mountPath: String = "/data", configMap: String? = nil, registry: String? = nil, organisation: String? = nil
  ) {
    self.volumeClaim = volumeClaim
    self.mountPath = mountPath
    self.configMap = configMap
    self.registry = registry
    self.organisation = organisation
  }
}

/// The settings of the environment of execution, each with its source, resolved like the
/// others: flag, environment variable, config file (`./hera.config`, ...), the experiment's
/// default.
///
/// | key (config file) | flag | environment |
/// |---|---|---|
/// | `k8s_volume_claim_name` | `--k8s-volume-claim-name` | `KUBEVOLUMECLAIMNAME` |
/// | `k8s_volume_mount_path` | `--k8s-volume-mount-path` | |
/// | `k8s_configmap_name` | `--k8s-configmap-name` | `KUBECONFIGMAP` |
/// | `container_registry` | `--registry` | `HERA_REGISTRY` |
/// | `container_organisation` | `--organisation` | `HERA_ORGANISATION` |
public struct ExecutionSettings: Sendable {
  public var volumeClaim: Setting<String>?
  public var mountPath: Setting<String>
  public var configMap: Setting<String>?
  public var registry: Setting<String>?
  public var organisation: Setting<String>?

  /// A setting of the environment of execution.
  public struct Key: Sendable, Hashable {
    public let fileKey: String
    public let flag: String
    public let environment: String?

    public static let volumeClaim = Key(
      fileKey: "k8s_volume_claim_name", flag: "--k8s-volume-claim-name", environment: "KUBEVOLUMECLAIMNAME")
    public static let mountPath = Key(fileKey: "k8s_volume_mount_path", flag: "--k8s-volume-mount-path", environment: nil)
    public static let configMap = Key(fileKey: "k8s_configmap_name", flag: "--k8s-configmap-name", environment: "KUBECONFIGMAP")
    public static let registry = Key(fileKey: "container_registry", flag: "--registry", environment: "HERA_REGISTRY")
    public static let organisation = Key(fileKey: "container_organisation", flag: "--organisation", environment: "HERA_ORGANISATION")

    public static let all: [Key] = [.volumeClaim, .mountPath, .configMap, .registry, .organisation]
  }

  /// The config-file keys, for `HeraOptions.settings(extraKeys:)`: read, and not warned about.
  public static var fileKeys: [String] { Key.all.map(\.fileKey) }

  /// Resolves each setting: the flag, else the environment variable, else the config files'
  /// value (in `settings.extras`), else the default.
  public static func resolve(
    flags: [Key: String], environment: [String: String], settings: HeraSettings?, defaults: ExperimentDefaults
  ) -> ExecutionSettings {
    func value(_ key: Key, default fallback: String?) -> Setting<String>? {
      if let flag = flags[key], !flag.isEmpty { return Setting(flag, source: .flag(key.flag)) }
      if let name = key.environment, let text = environment[name], !text.isEmpty { return Setting(text, source: .environment(name)) }
      if let fromFile = settings?.extras[key.fileKey], !fromFile.value.isEmpty { return fromFile }
      return fallback.map { Setting($0, source: .default) }
    }
    return ExecutionSettings(
      volumeClaim: value(.volumeClaim, default: defaults.volumeClaim),
      mountPath: value(.mountPath, default: defaults.mountPath) ?? Setting(defaults.mountPath, source: .default),
      configMap: value(.configMap, default: defaults.configMap), registry: value(.registry, default: defaults.registry),
      organisation: value(.organisation, default: defaults.organisation))
  }

  /// Throws when a setting cannot work, naming it and its source: a mount path that is not
  /// absolute (a relative one is refused by Kubernetes, and here would write into a scratch
  /// folder that is thrown away), a claim or ConfigMap name Kubernetes refuses.
  public func validate() throws(ExperimentError) {
    if !mountPath.value.hasPrefix("/") {
      throw ExperimentError(
        "the volume's mount path \(mountPath.value) (\(mountPath.source)) is not absolute",
        hint: "containers mount volumes at absolute paths: /\(mountPath.value)?")
    }
    for (what, setting) in [("volume claim", volumeClaim), ("ConfigMap", configMap)] {
      guard let setting, !ExecutionSettings.isKubernetesName(setting.value) else { continue }
      throw ExperimentError(
        "the \(what) name \(setting.value) (\(setting.source)) is not a Kubernetes name",
        hint:
          "names are lower-case letters, digits, '-' and '.', starting and ending with a letter or digit: \(Naming.dns1123(setting.value))?"
      )
    }
  }

  /// A DNS-1123 subdomain, as Kubernetes requires of the names of claims and ConfigMaps.
  static func isKubernetesName(_ name: String) -> Bool {
    name.count <= 253
      && name.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", options: .regularExpression) != nil
  }

  /// The environment these settings describe, for `target`.
  public func environment(target: ExperimentTarget, settings: HeraSettings?) -> Environment {
    var registryValue: ContainerRegistry?
    if registry != nil || organisation != nil {
      registryValue = ContainerRegistry(host: registry?.value ?? "", organisation: organisation?.value)
    }
    return Environment(
      target: target, settings: settings, namespace: settings?.namespace.value ?? "default",
      serviceAccount: settings?.serviceAccount?.value,
      volume: volumeClaim.map { PersistedVolume(claimName: $0.value, mountPath: mountPath.value) },
      configMaps: configMap.map { [ConfigMapUse.httpProxy($0.value)] } ?? [], registry: registryValue)
  }

  /// The settings as rows of name, value and source, for `--print-config`.
  public var rows: [(name: String, value: String, source: String)] {
    func row(_ name: String, _ setting: Setting<String>?) -> (String, String, String) {
      (name, setting?.value ?? "(not set)", setting?.source.description ?? "")
    }
    return [
      row(Key.volumeClaim.fileKey, volumeClaim), row(Key.mountPath.fileKey, mountPath), row(Key.configMap.fileKey, configMap),
      row(Key.registry.fileKey, registry), row(Key.organisation.fileKey, organisation),
    ]
  }
}
