import ArgoClient
import ArgoModel
import Foundation
import Hera
import HeraTestServers
import HeraUtils
import Testing

/// The environment of execution: what it adds to containers and to the workflow, what stands for
/// it on this machine, and what is checked on the cluster before a submission.
@Suite struct EnvironmentTests {
  static let volume = PersistedVolume(claimName: "lyon-data", mountPath: "/within-container-mount-point")

  static func environment(target: ExperimentTarget = .local, serviceAccount: String? = nil) -> Environment {
    Environment(
      target: target, namespace: "lyon", serviceAccount: serviceAccount, volume: volume,
      configMaps: [
        ConfigMapUse(name: "proxy-environment", keys: ["HTTPS_PROXY"], localValues: ["HTTPS_PROXY": "http://proxy.lyon:3128"]),
        ConfigMapUse(name: "tiling-settings", keys: [], asEnvironment: false),
      ],
      secrets: [
        SecretUse(name: "registry-credentials"), SecretUse(name: "db-password", asEnvironment: false, localValues: ["password": "x"]),
      ],
      registry: ContainerRegistry(host: "registry.lyon.example:5000", organisation: "vcity"))
  }

  static var server: ArgoServerAddress { get throws { try ArgoServerAddress("argo.lyon.example:443") } }

  @Test func imagesComeFromTheRegistryAndOrganisation() {
    #expect(Self.environment().image("collect-lyon-data:0.1") == "registry.lyon.example:5000/vcity/collect-lyon-data:0.1")
    #expect(ContainerRegistry(host: "", organisation: "vcity").image("collect:0.1") == "vcity/collect:0.1", "Docker Hub")
    #expect(ContainerRegistry(host: "registry.lyon.example").image("collect:0.1") == "registry.lyon.example/collect:0.1")
    #expect(Environment().image("busybox:1.36") == "busybox:1.36", "no registry: the name as it is")
  }

  @Test func aContainerUsingTheEnvironmentMountsTheVolumeAndGetsItsVariables() {
    let environment = Self.environment()
    let container = Container("collect", image: "busybox:1.36", command: ["sh"]).using(environment)
    let fields = container.containerFields
    #expect(fields.volumeMounts == [VolumeMount(name: "workdir", mountPath: "/within-container-mount-point")])
    #expect(fields.envFrom?.compactMap(\.configMapRef?.name) == ["proxy-environment"], "only ConfigMaps meant as environment")
    #expect(fields.envFrom?.compactMap(\.secretRef?.name) == ["registry-credentials"])

    // Using it twice adds nothing more; a mount of the same volume the container has is kept.
    let twice = container.using(environment).containerFields
    #expect(twice.volumeMounts?.count == 1)
    #expect(twice.envFrom?.count == 2)
    let ownMount = Container("collect", image: "busybox:1.36").volumeMounts([VolumeMount(name: "workdir", mountPath: "/elsewhere")])
      .using(environment).containerFields
    #expect(ownMount.volumeMounts == [VolumeMount(name: "workdir", mountPath: "/elsewhere")])

    // Scripts and sidecars too; an environment without volume or ConfigMaps changes nothing.
    #expect(Script("s", image: "busybox", source: "true").using(environment).containerFields.volumeMounts?.count == 1)
    #expect(Sidecar("db", image: "postgres:16").using(environment).containerFields.envFrom?.count == 2)
    let bare = Container("hello", image: "busybox").using(Environment()).containerFields
    #expect(bare.volumeMounts == nil)
    #expect(bare.envFrom == nil)
  }

  @Test func theWorkflowGetsTheClaimNamespaceAndServiceAccount() throws {
    let local = Self.environment(serviceAccount: "experimenter")
    let mounting = Container("collect", image: "busybox").using(local)
    let workflow = Workflow(generateName: "collect-", entrypoint: "collect") { mounting }
    let applied = local.apply(to: workflow)
    #expect(
      applied.spec.volumes == [Volume(name: "workdir", persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: "lyon-data"))])
    #expect(applied.metadata.namespace == nil, "on this machine, no namespace")
    #expect(applied.spec.serviceAccountName == "experimenter")
    #expect(local.apply(to: applied) == applied, "applying twice changes nothing")

    let onArgo = Self.environment(target: .argo(try Self.server)).apply(to: workflow)
    #expect(onArgo.metadata.namespace == "lyon")
    #expect(onArgo.spec.serviceAccountName == nil, "no service account in the settings, none in the workflow")

    // What the workflow says itself is kept.
    var own = workflow
    own.metadata.namespace = "paris"
    own.spec.serviceAccountName = "workflow-runner"
    own.spec.volumes = [Volume(name: "workdir", emptyDir: EmptyDirVolumeSource())]
    let kept = Self.environment(target: .argo(try Self.server), serviceAccount: "experimenter").apply(to: own)
    #expect(kept.metadata.namespace == "paris")
    #expect(kept.spec.serviceAccountName == "workflow-runner")
    #expect(kept.spec.volumes == own.spec.volumes)

    // A workflow that does not mount the volume does not get it.
    let hello = Workflow(generateName: "hello-", entrypoint: "hello") { Container("hello", image: "busybox") }
    #expect(local.apply(to: hello).spec.volumes == nil)
  }

  @Test func aVolumeTheWorkflowClaimsItselfIsNotAddedAgain() {
    let environment = Self.environment()
    let workflow = Workflow(generateName: "collect-", entrypoint: "collect") { Container("collect", image: "busybox").using(environment) }
      .volumeClaim("workdir", storage: "1Gi")
    let applied = environment.apply(to: workflow)
    #expect(applied.spec.volumes == nil, "the workflow's own claim template named workdir is the volume")
    #expect(Linter().lint(.workflow(applied)).filter { $0.severity == .error }.isEmpty)
  }

  @Test func thisMachineHasTheLocalValuesOfConfigMapsAndSecrets() {
    let environment = Self.environment()
    #expect(environment.localConfigMaps == ["proxy-environment": ["HTTPS_PROXY": "http://proxy.lyon:3128"]])
    #expect(environment.localSecrets == ["db-password": ["password": "x"]])

    let proxy = ConfigMapUse.httpProxy(
      "proxy-environment", environment: ["HTTPS_PROXY": "http://proxy:3128", "no_proxy": "localhost", "HOME": "/home/me", "PATH": "/bin"])
    #expect(proxy.localValues == ["HTTPS_PROXY": "http://proxy:3128", "no_proxy": "localhost"], "only the proxy variables")
    #expect(proxy.asEnvironment)
    #expect(proxy.keys.isEmpty, "a cluster's proxy ConfigMap may have any of the keys")
    #expect(ConfigMapUse.httpProxy("proxy", environment: [:]).localValues == [:], "no proxy here: an empty ConfigMap, not a missing one")
  }

  @Test func theAccessCheckNamesWhatTheWorkflowNeeds() throws {
    let settings = try HeraSettings.resolve(
      SettingsInput(environment: ["KUBECONFIG": "/nonexistent"], currentDirectory: "/nonexistent", homeDirectory: "/nonexistent"))
    let check = Self.environment().accessCheck(settings: settings)
    #expect(check.cluster)
    #expect(check.persistentVolumeClaims == ["lyon-data"])
    #expect(check.configMaps.map(\.name) == ["proxy-environment", "tiling-settings"])
    #expect(check.configMaps.map(\.keys) == [["HTTPS_PROXY"], []])
    #expect(check.secrets == ["registry-credentials", "db-password"])
    let empty = Environment().accessCheck(settings: settings)
    #expect(empty.persistentVolumeClaims.isEmpty && empty.configMaps.isEmpty && empty.secrets.isEmpty)
  }

  @Test func onlyWhatTheWorkflowUsesIsChecked() throws {
    let environment = Self.environment(target: .argo(try Self.server))
    // A workflow of one plain container uses none of the environment.
    let hello = environment.apply(to: Workflow(generateName: "hello-", entrypoint: "hello") { Container("hello", image: "busybox") })
    let unused = environment.used(by: hello)
    #expect(unused.volume == nil)
    #expect(unused.configMaps.isEmpty)
    #expect(unused.secrets.isEmpty)
    #expect(unused.namespace == "lyon", "the rest is kept")

    // One that mounts the volume and takes the environment's variables uses those; a Secret
    // read as a file is used too, and a ConfigMap read by key.
    let collect = Container("collect", image: "busybox").using(environment)
      .env("TILING", configMap: "tiling-settings", key: "size")
    let workflow = environment.apply(
      to: Workflow(generateName: "collect-", entrypoint: "collect") { collect }
        .volumes([Volume(name: "password", secret: SecretVolumeSource(secretName: "db-password"))]))
    let references = ResourceReferences(workflow)
    #expect(references.claims == ["lyon-data"])
    #expect(references.configMaps == ["proxy-environment", "tiling-settings"])
    #expect(references.secrets == ["registry-credentials", "db-password"])
    let used = environment.used(by: workflow)
    #expect(used.volume == Self.volume)
    #expect(used.configMaps.map(\.name) == ["proxy-environment", "tiling-settings"])
    #expect(used.secrets.map(\.name) == ["registry-credentials", "db-password"])
  }

  @Test func aMissingVolumeSaysHowToGiveOne() {
    let error = #expect(throws: ExperimentError.self) { try Environment().requireVolume() }
    #expect(error?.message == "the experiment needs a persisted volume claim")
    #expect(error?.hint?.contains("--k8s-volume-claim-name NAME") == true)
    #expect(error?.hint?.contains("KUBEVOLUMECLAIMNAME") == true)
    #expect((try? Self.environment().requireVolume()) == Self.volume)
  }

  @Test func rowsDescribeTheEnvironment() throws {
    let rows = Self.environment(target: .argo(try Self.server), serviceAccount: "experimenter").rows
    let text = rows.map { "\($0.name): \($0.value)" }
    #expect(text.first == "target: the Argo Server https://argo.lyon.example")
    #expect(text.contains("volume claim: lyon-data at /within-container-mount-point (volume workdir)"))
    #expect(text.contains("configmap: proxy-environment keys HTTPS_PROXY as environment"))
    #expect(text.contains("configmap: tiling-settings"))
    #expect(text.contains("secret: registry-credentials"))
    #expect(text.contains("service account: experimenter"))
    #expect(text.contains("registry: registry.lyon.example:5000/vcity"))
    #expect(Environment().rows.map { "\($0.name): \($0.value)" } == ["target: this machine", "namespace: default", "volume claim: (none)"])
  }
}
