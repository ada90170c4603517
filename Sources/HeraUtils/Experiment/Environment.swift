import ArgoClient
import ArgoModel
import Foundation
import Hera

/// Where an experiment's workflow runs: on this machine, or on an Argo Server.
///
/// ```swift
/// switch environment.target.server {
/// case nil: print("running here")
/// case let server?: print("submitting to \(server)")
/// }
/// ```
public struct ExperimentTarget: Sendable, Hashable, CustomStringConvertible {
  /// The Argo Server, or nil for this machine.
  public let server: ArgoServerAddress?

  /// This machine, with the local engine.
  public static let local = ExperimentTarget(server: nil)

  /// An Argo Server (on a Kubernetes cluster).
  public static func argo(_ server: ArgoServerAddress) -> ExperimentTarget {
    ExperimentTarget(server: server)
  }

  public var isLocal: Bool { server == nil }

  public var description: String { server.map { "the Argo Server \($0)" } ?? "this machine" }
}

/// The persisted volume an experiment's stages pass their files through: an existing
/// PersistentVolumeClaim, mounted at the same path in every container.
///
/// On Argo the claim must exist and be Bound; on this machine it is the folder
/// `.hera/volumes/<claim>`, kept across runs as a real claim is.
public struct PersistedVolume: Sendable, Hashable {
  /// The PersistentVolumeClaim's name.
  public var claimName: String
  /// Where containers see it.
  public var mountPath: String
  /// The volume's name in the workflow (`spec.volumes`).
  public var volumeName: String

  public init(claimName: String, mountPath: String, volumeName: String = "workdir") {
    self.claimName = claimName
    self.mountPath = mountPath
    self.volumeName = volumeName
  }

  /// A path of the volume, as containers see it: `path("lyon", "stage_1")` is
  /// `<mountPath>/lyon/stage_1`.
  public func path(_ components: String...) -> String {
    ExperimentLayout.join([mountPath] + components)
  }
}

/// A ConfigMap the experiment's containers need, such as the cluster's HTTP proxy settings.
public struct ConfigMapUse: Sendable, Hashable {
  public var name: String
  /// Keys it must have (checked on the cluster before submitting).
  public var keys: [String]
  /// Whether its keys become environment variables of the containers (`envFrom`).
  public var asEnvironment: Bool
  /// What stands for it on this machine: its keys and values. Nil when the experiment needs a
  /// manifest of it given with `--resources` to run here.
  public var localValues: [String: String]?

  public init(name: String, keys: [String] = [], asEnvironment: Bool = true, localValues: [String: String]? = nil) {
    self.name = name
    self.keys = keys
    self.asEnvironment = asEnvironment
    self.localValues = localValues
  }

  /// The proxy variables the seed's clusters publish in a ConfigMap, injected into every
  /// container. Here it stands for this machine's own proxy variables (none when it has none).
  public static func httpProxy(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigMapUse {
    let keys = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"]
    var local: [String: String] = [:]
    for key in keys { if let value = environment[key] { local[key] = value } }
    return ConfigMapUse(name: name, keys: [], asEnvironment: true, localValues: local)
  }
}

/// A Secret the experiment's containers need.
public struct SecretUse: Sendable, Hashable {
  public var name: String
  /// Whether its keys become environment variables of the containers (`envFrom`).
  public var asEnvironment: Bool
  /// What stands for it on this machine; nil when a manifest of it must be given with
  /// `--resources`.
  public var localValues: [String: String]?

  public init(name: String, asEnvironment: Bool = true, localValues: [String: String]? = nil) {
    self.name = name
    self.asEnvironment = asEnvironment
    self.localValues = localValues
  }
}

/// A container registry and the organisation (or project) the experiment's images are in.
public struct ContainerRegistry: Sendable, Hashable {
  /// `registry.example.org` or `registry.example.org:5000`; empty for Docker Hub.
  public var host: String
  public var organisation: String?

  public init(host: String, organisation: String? = nil) {
    self.host = host
    self.organisation = organisation
  }

  /// The full reference of an image: `host/organisation/name:tag`.
  public func image(_ nameAndTag: String) -> String {
    ExperimentLayout.join([host, organisation ?? "", nameAndTag].filter { !$0.isEmpty })
  }
}

/// The environment an experiment runs in: the seed's two environments in one value.
///
/// - The environment of *submission*: the settings (Argo Server, token, namespace, service
///   account), used once to submit; and the target.
/// - The environment of *execution*, baked into the workflow and resolved where it runs: the
///   persisted volume and its mount path, ConfigMaps (the HTTP proxy), Secrets, the container
///   registry and organisation.
///
/// Before a submission, everything of the execution environment is checked on the cluster
/// (the claim Bound, the ConfigMaps' keys there, the Secrets there); on this machine, the claim
/// is a folder and ConfigMaps and Secrets take their local values.
///
/// ```swift
/// let collect = Container("collect", image: environment.image("collect-lyon-data:0.1"), ...)
///   .using(environment)        // the volume mounted, the proxy ConfigMap as environment variables
/// ```
public struct Environment: Sendable {
  public var target: ExperimentTarget
  /// The settings of submission; nil for an environment made without them (tests, rendering).
  public var settings: HeraSettings?
  public var namespace: String
  public var serviceAccount: String?
  public var volume: PersistedVolume?
  public var configMaps: [ConfigMapUse]
  public var secrets: [SecretUse]
  public var registry: ContainerRegistry?

  public init(
    target: ExperimentTarget = .local, settings: HeraSettings? = nil, namespace: String = "default", serviceAccount: String? = nil,
    volume: PersistedVolume? = nil, configMaps: [ConfigMapUse] = [], secrets: [SecretUse] = [], registry: ContainerRegistry? = nil
  ) {
    self.target = target
    self.settings = settings
    self.namespace = namespace
    self.serviceAccount = serviceAccount
    self.volume = volume
    self.configMaps = configMaps
    self.secrets = secrets
    self.registry = registry
  }

  /// An image of the experiment's registry and organisation; the name as it is without a
  /// registry.
  public func image(_ nameAndTag: String) -> String {
    registry?.image(nameAndTag) ?? nameAndTag
  }

  /// The volume, or an error saying how to give one.
  public func requireVolume() throws(ExperimentError) -> PersistedVolume {
    guard let volume else {
      throw ExperimentError(
        "the experiment needs a persisted volume claim",
        hint: "give its name with --k8s-volume-claim-name NAME (or KUBEVOLUMECLAIMNAME, or k8s_volume_claim_name in hera.config)")
    }
    return volume
  }

  /// The workflow with what the environment adds at its level: the claim as a volume (when a
  /// container mounts it and the workflow defines no volume or claim template of that name),
  /// the namespace and the service account (when the workflow names none).
  public func apply(to workflow: Workflow) -> Workflow {
    var workflow = workflow
    if let volume, !defines(volume.volumeName, in: workflow), mounts(volume.volumeName, in: workflow) {
      workflow.spec.volumes =
        (workflow.spec.volumes ?? [])
        + [Volume(name: volume.volumeName, persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: volume.claimName))]
    }
    if workflow.metadata.namespace == nil, !target.isLocal { workflow.metadata.namespace = namespace }
    if workflow.spec.serviceAccountName == nil, let serviceAccount { workflow.spec.serviceAccountName = serviceAccount }
    return workflow
  }

  /// Whether the workflow has a volume of that name already: one of its own, or a claim it
  /// makes for the run (a volume claim template), which Argo mounts by that name.
  private func defines(_ volumeName: String, in workflow: Workflow) -> Bool {
    (workflow.spec.volumes ?? []).contains { $0.name == volumeName }
      || (workflow.spec.volumeClaimTemplates ?? []).contains { $0.metadata?.name == volumeName }
  }

  private func mounts(_ volumeName: String, in workflow: Workflow) -> Bool {
    for template in workflow.spec.templates ?? [] {
      let containers =
        [template.container?.volumeMounts, template.script?.volumeMounts, template.containerSet?.volumeMounts]
        + (template.containerSet?.containers.map(\.volumeMounts) ?? []) + (template.sidecars ?? []).map(\.volumeMounts)
        + (template.initContainers ?? []).map(\.volumeMounts)
      if containers.contains(where: { ($0 ?? []).contains { $0.name == volumeName } }) { return true }
    }
    return false
  }

  /// The environment as far as `workflow` uses it: the volume when the workflow mounts its
  /// claim, the ConfigMaps and Secrets it names. What to check before submitting it: a
  /// `KUBEVOLUMECLAIMNAME` exported in the shell must not stop a workflow that never mounts
  /// that claim.
  public func used(by workflow: Workflow) -> Environment {
    let references = ResourceReferences(workflow)
    var copy = self
    if let volume, !references.claims.contains(volume.claimName) { copy.volume = nil }
    copy.configMaps = configMaps.filter { references.configMaps.contains($0.name) }
    copy.secrets = secrets.filter { references.secrets.contains($0.name) }
    return copy
  }

  /// What to check on the cluster before submitting: the claim Bound, the ConfigMaps with
  /// their keys, the Secrets (of the environment ``used(by:)`` a workflow, usually).
  public func accessCheck(settings: HeraSettings) -> AccessCheck {
    var check = AccessCheck(settings: settings)
    check.cluster = true
    if let volume { check.persistentVolumeClaims = [volume.claimName] }
    check.configMaps = configMaps.map { ($0.name, $0.keys) }
    check.secrets = secrets.map(\.name)
    return check
  }

  /// The ConfigMaps and Secrets as this machine has them: their local values, by name. Those
  /// without local values must come from manifests given with `--resources`.
  public var localConfigMaps: [String: [String: String]] {
    Dictionary(configMaps.compactMap { use in use.localValues.map { (use.name, $0) } }, uniquingKeysWith: { first, _ in first })
  }

  public var localSecrets: [String: [String: String]] {
    Dictionary(secrets.compactMap { use in use.localValues.map { (use.name, $0) } }, uniquingKeysWith: { first, _ in first })
  }

  /// The lines `--print-config` adds to the settings: what the environment of execution is.
  public var rows: [(name: String, value: String)] {
    var rows: [(String, String)] = [("target", target.description), ("namespace", namespace)]
    if let serviceAccount { rows.append(("service account", serviceAccount)) }
    if let volume {
      rows.append(("volume claim", "\(volume.claimName) at \(volume.mountPath) (volume \(volume.volumeName))"))
    } else {
      rows.append(("volume claim", "(none)"))
    }
    for use in configMaps {
      let keys = use.keys.isEmpty ? "" : " keys \(use.keys.joined(separator: ","))"
      rows.append(("configmap", "\(use.name)\(keys)\(use.asEnvironment ? " as environment" : "")"))
    }
    for use in secrets { rows.append(("secret", use.name)) }
    if let registry { rows.append(("registry", registry.image(""))) }
    return rows
  }
}

extension ContainerConfigurable {
  /// The container in the environment: the persisted volume mounted at its path, and the
  /// ConfigMaps and Secrets meant as environment variables given with `envFrom`.
  public func using(_ environment: Environment) -> Self {
    var copy = self
    if let volume = environment.volume {
      var mounts = copy.containerFields.volumeMounts ?? []
      if !mounts.contains(where: { $0.name == volume.volumeName }) {
        mounts.append(VolumeMount(name: volume.volumeName, mountPath: volume.mountPath))
      }
      copy.containerFields.volumeMounts = mounts
    }
    let sources = copy.containerFields.envFrom ?? []
    for use in environment.configMaps where use.asEnvironment && !sources.contains(where: { $0.configMapRef?.name == use.name }) {
      copy = copy.envFrom(configMap: use.name)
    }
    for use in environment.secrets where use.asEnvironment && !sources.contains(where: { $0.secretRef?.name == use.name }) {
      copy = copy.envFrom(secret: use.name)
    }
    return copy
  }
}
