import ArgoModel
import Foundation
import HTTPTransport

/// ConfigMaps and Secrets the workflow refers to, read from manifest files (`--resources`):
/// their keys and values.
public struct LocalResources: Sendable {
  public var configMaps: [String: [String: String]]
  public var secrets: [String: [String: String]]

  public init(configMaps: [String: [String: String]] = [:], secrets: [String: [String: String]] = [:]) {
    self.configMaps = configMaps
    self.secrets = secrets
  }

  /// The ConfigMaps and Secrets among manifests (other kinds are ignored); Secrets' `data` is
  /// base64 and `stringData` plain, as Kubernetes reads them.
  public init(manifests: [Manifest]) {
    var configMaps: [String: [String: String]] = [:]
    var secrets: [String: [String: String]] = [:]
    for case .kubernetes(let object) in manifests {
      guard let kind = object["kind"]?.stringValue, let name = object["metadata"]?["name"]?.stringValue else { continue }
      var values: [String: String] = [:]
      for member in object["data"]?.objectValue ?? [:] {
        guard let text = member.value.stringValue else { continue }
        if kind == "Secret" {
          values[member.key] = Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) } ?? text
        } else {
          values[member.key] = text
        }
      }
      for member in object["stringData"]?.objectValue ?? [:] { values[member.key] = member.value.stringValue ?? "" }
      if kind == "ConfigMap" { configMaps[name] = values }
      if kind == "Secret" { secrets[name] = values }
    }
    self.configMaps = configMaps
    self.secrets = secrets
  }
}

/// Why a node cannot run here; the node ends in Error with this message.
public struct PlanError: Error, Sendable, CustomStringConvertible {
  public var message: String
  /// Whether Argo's controller would fail to create this pod too (rather than the pod failing
  /// once made, or a limit of this machine).
  public var podCreation: Bool

  public init(_ message: String, podCreation: Bool = false) {
    self.message = message
    self.podCreation = podCreation
  }

  public var description: String { message }
}

/// A container to run, and where its outputs will be found.
struct PodPlan: Sendable {
  /// The pod's main container (for a container set, the one named `main`, else the last).
  var request: PodRequest
  /// A container set's containers, by name, with the names of those each waits for; empty
  /// otherwise.
  var containerSet: [(name: String, request: PodRequest, dependencies: [String])] = []
  /// The declared outputs, with the host path standing for each one's container path.
  /// The output parameters in the template's order, each with the file it is read from; nil for
  /// a parameter whose `value` the template gives (substituted), which the pod reports as it is.
  var parameterFiles: [(parameter: Parameter, file: URL?)]
  var artifactPaths: [(artifact: Artifact, path: URL)]
  var capturesResult: Bool
  /// The key folder of outputs that name no key of their own (`<workflow>/<pod>` by default).
  var artifactKeyPrefix: String = ""
  /// The output artifacts whose path lies on a volume or under an input artifact, which Argo's
  /// executor reads directly rather than from the container (it matters for `archive: {}`).
  var artifactsReadFromVolumes: Set<String> = []
}

/// How input artifacts are fetched from outside the run: time limits, trust, where `git` is.
struct ArtifactFetching: Sendable {
  /// What HTTPS downloads trust (the system's authorities by default) and present.
  var tls = TLSSettings()
  /// How long an http artifact's download may take, all of it.
  var httpTimeout: Duration = .seconds(600)
  var connectTimeout: Duration = .seconds(30)
  /// How long a git artifact's clone may take, all of it.
  var gitTimeout: Duration = .seconds(1200)
  /// Where `git` is looked for, as in `PATH`.
  var searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? ""
}

/// Turns a node's template into a container to run on this machine: volumes become folders,
/// input artifacts are put in place, ConfigMaps and Secrets come from `resources`.
struct PodPlanner: Sendable {
  let workflow: Workflow
  let store: RunStore
  let resources: LocalResources
  let imageMap: @Sendable (String) -> String
  var fetching = ArtifactFetching()

  var runName: String { workflow.metadata.name ?? "" }

  func plan(_ launch: PodLaunch) throws(PlanError) -> PodPlan {
    let template = launch.template
    let templateName = template.name ?? ""
    // The containers of the pod: one, or a container set's.
    var containers: [(container: Container, dependencies: [String])] = []
    var scriptSource: String?
    var sharedVolumeMounts: [VolumeMount] = []
    if let own = template.container {
      containers = [(own, [])]
    } else if let script = template.script {
      guard case .object(var object) = script.toJSON() else { throw PlanError("the script of \(templateName) cannot be read") }
      object["source"] = nil
      guard let converted = try? Container(json: .object(object), options: .preserving) else {
        throw PlanError("the script of \(templateName) cannot be read")
      }
      containers = [(converted, [])]
      // A script without source runs as a plain container, as Argo runs it: no file of source
      // is written, and none is appended to the arguments.
      if !script.source.isEmpty { scriptSource = script.source }
    } else if let set = template.containerSet {
      sharedVolumeMounts = set.volumeMounts ?? []
      for node in set.containers {
        guard case .object(var object) = node.toJSON() else { throw PlanError("container \(node.name) of \(templateName) cannot be read") }
        object["dependencies"] = nil
        guard let converted = try? Container(json: .object(object), options: .preserving) else {
          throw PlanError("container \(node.name) of \(templateName) cannot be read")
        }
        containers.append((converted, node.dependencies ?? []))
      }
      guard !containers.isEmpty else { throw PlanError("template \(templateName): the container set has no containers") }
    } else if template.resource != nil {
      throw PlanError(
        "template \(templateName): a resource template creates a Kubernetes object, which needs a cluster; submit the workflow to Argo, or run with --skip-resources"
      )
    } else if template.plugin != nil {
      throw PlanError(
        "template \(templateName): plugin templates need Argo's executor plugins, which run on a cluster; submit the workflow to Argo")
    } else {
      throw PlanError("template \(templateName): nothing to run (no container or script)")
    }
    for (container, _) in containers where (container.image ?? "").isEmpty {
      throw PlanError("template \(templateName): the container \(container.name ?? "main") has no image")
    }

    // Made when something is put in it (inputs, outputs, volumes, the script, the log): a
    // plain command needs none.
    let nodeDirectory = store.nodeDirectory(runName, nodeID: launch.nodeID)
    // Mounts every container of the pod has: the set's volumes, input artifacts, the folders
    // where outputs are written.
    let firstOwn = template.containerSet == nil ? (containers[0].container.volumeMounts ?? []) : []
    var mounts = try volumeMounts(sharedVolumeMounts + firstOwn, template: template, nodeDirectory: nodeDirectory)
    mounts += try inputArtifacts(launch.inputs, template: template, nodeDirectory: nodeDirectory, mounts: mounts)
    let mountsBeforeOutputs = mounts

    // Outputs are read where the container wrote them: under a mount already there, or in a
    // folder of the node standing for the path's folder.
    var parameterFiles: [(Parameter, URL?)] = []
    var artifactPaths: [(Artifact, URL)] = []
    for parameter in template.outputs?.parameters ?? [] {
      guard let path = parameter.valueFrom?.path else {
        if parameter.value != nil { parameterFiles.append((parameter, nil)) }
        continue
      }
      parameterFiles.append((parameter, try outputLocation(path, mounts: &mounts, nodeDirectory: nodeDirectory)))
    }
    var readFromVolumes: Set<String> = []
    for artifact in template.outputs?.artifacts ?? [] {
      guard let path = artifact.path else { continue }
      let underInput = (launch.inputs.artifacts ?? []).contains { input in
        guard let inputPath = input.path else { return false }
        return path == inputPath || path.hasPrefix(inputPath + "/")
      }
      if underInput || Self.covering(path, mounts: mountsBeforeOutputs) != nil { readFromVolumes.insert(artifact.name) }
      artifactPaths.append((artifact, try outputLocation(path, mounts: &mounts, nodeDirectory: nodeDirectory)))
    }

    var deadline: Duration?
    if let seconds = template.activeDeadlineSeconds.flatMap({ Double($0.description) }) { deadline = .seconds(seconds) }
    if let timeout = template.timeout.flatMap(Scheduler.seconds) { deadline = min(deadline ?? .seconds(timeout), .seconds(timeout)) }

    var requests: [(name: String, request: PodRequest, dependencies: [String])] = []
    for (container, dependencies) in containers {
      var ownMounts = mounts
      if template.containerSet != nil {
        ownMounts = try volumeMounts(container.volumeMounts ?? [], template: template, nodeDirectory: nodeDirectory) + mounts
      }
      // In a container set, `main` writes main.log (the pod's log); the others their own.
      let containerName = container.name ?? "main"
      let logFile =
        containerName == "main" || template.containerSet == nil
        ? store.logFile(runName, nodeID: launch.nodeID) : nodeDirectory.appendingPathComponent("\(containerName).log")
      var request = PodRequest(
        nodeID: launch.nodeID, podName: launch.podName, templateName: templateName, image: imageMap(container.image ?? ""),
        command: container.command ?? (scriptSource != nil ? ["sh"] : []), args: container.args ?? [], scriptSource: scriptSource,
        environment: try environment(container, podName: launch.podName), workingDirectory: container.workingDir, mounts: ownMounts,
        nodeDirectory: template.containerSet == nil ? nodeDirectory : nodeDirectory.appendingPathComponent(containerName), logFile: logFile,
        temporaryDirectory: store.temporaryDirectory(runName),
        deadline: deadline, cpuLimit: container.resources?.limits?["cpu"]?.description,
        memoryLimit: container.resources?.limits?["memory"]?.description)
      if let strategy = template.containerSet?.retryStrategy {
        (request.runs, request.runDelay) = try Self.reruns(strategy, templateName: templateName)
      }
      requests.append((containerName, request, dependencies))
    }
    let main = requests.first { $0.name == "main" }?.request ?? requests[requests.count - 1].request
    return PodPlan(
      request: main, containerSet: template.containerSet == nil ? [] : requests,
      parameterFiles: parameterFiles, artifactPaths: artifactPaths, capturesResult: true,
      artifactKeyPrefix: ArtifactStore.keyPrefix(workflowName: runName, podName: launch.podName, template: template),
      artifactsReadFromVolumes: readFromVolumes)
  }

  /// How many times in all a container set's container runs while it fails, and the wait
  /// between runs. Argo's executor gives `retries` to Kubernetes' retry loop as its number of
  /// steps, each step a run: `retries: 2` runs a failing command twice. No retries, or 0, is
  /// one run here (Argo's loop would make none).
  static func reruns(_ strategy: ContainerSetRetryStrategy, templateName: String) throws(PlanError) -> (Int, Duration) {
    let runs = max(1, strategy.retries?.intValue ?? 1)
    guard let text = strategy.duration, !text.isEmpty else { return (runs, .zero) }
    guard let seconds = Scheduler.seconds(text), seconds >= 0 else {
      throw PlanError(
        "template \(templateName): containerSet.retryStrategy.duration \(text) is not a positive duration; write it as 300ms, 5s or 1m")
    }
    return (runs, .milliseconds(Int((seconds * 1000).rounded())))
  }

  // MARK: Volumes

  func volumeMounts(_ volumeMounts: [VolumeMount], template: Template, nodeDirectory: URL) throws(PlanError) -> [Mount] {
    let volumes = (workflow.spec.volumes ?? []) + (template.volumes ?? [])
    let claimTemplates = Set((workflow.spec.volumeClaimTemplates ?? []).compactMap { $0.metadata?.name })
    var mounts: [Mount] = []
    for volumeMount in volumeMounts {
      var host: URL
      if claimTemplates.contains(volumeMount.name) {
        host = store.runVolume(runName, volume: volumeMount.name)
      } else if let volume = volumes.first(where: { $0.name == volumeMount.name }) {
        host = try folder(for: volume, nodeDirectory: nodeDirectory)
      } else {
        let place = volumeMount.mountPath.isEmpty ? "" : " at \(volumeMount.mountPath)"
        throw PlanError(
          "volume '\(volumeMount.name)' not found in workflow spec: the volume mount\(place) names no volume or volumeClaimTemplate",
          podCreation: true)
      }
      if let subPath = volumeMount.subPath, !subPath.isEmpty { host = host.appendingPathComponent(subPath) }
      do {
        try Folders.make(host)
      } catch {
        throw PlanError("cannot make the folder \(host.path) for volume \(volumeMount.name): \(error.localizedDescription)")
      }
      mounts.append(Mount(containerPath: volumeMount.mountPath, hostPath: host, readOnly: volumeMount.readOnly ?? false))
    }
    return mounts
  }

  /// The folder that stands for a volume here.
  func folder(for volume: Volume, nodeDirectory: URL) throws(PlanError) -> URL {
    if let claim = volume.persistentVolumeClaim { return store.claimVolume(claim.claimName) }
    if volume.emptyDir != nil { return nodeDirectory.appendingPathComponent("volumes").appendingPathComponent(volume.name) }
    if let hostPath = volume.hostPath { return URL(fileURLWithPath: hostPath.path) }
    if let source = volume.configMap {
      let name = source.name ?? ""
      guard let values = resources.configMaps[name] else {
        if source.optional == true { return nodeDirectory.appendingPathComponent("volumes").appendingPathComponent(volume.name) }
        throw PlanError(
          "ConfigMap \(name) (volume \(volume.name)) is not among the resources given; pass its manifest with --resources FILE")
      }
      return try writeKeys(
        values, items: source.items, to: nodeDirectory.appendingPathComponent("volumes").appendingPathComponent(volume.name))
    }
    if let source = volume.secret {
      let name = source.secretName ?? ""
      guard let values = resources.secrets[name] else {
        if source.optional == true { return nodeDirectory.appendingPathComponent("volumes").appendingPathComponent(volume.name) }
        throw PlanError("Secret \(name) (volume \(volume.name)) is not among the resources given; pass its manifest with --resources FILE")
      }
      return try writeKeys(
        values, items: source.items, to: nodeDirectory.appendingPathComponent("volumes").appendingPathComponent(volume.name))
    }
    throw PlanError(
      "volume \(volume.name): this kind of volume needs a cluster; use a persistentVolumeClaim, emptyDir, hostPath, configMap or secret")
  }

  func writeKeys(_ values: [String: String], items: [KeyToPath]?, to folder: URL) throws(PlanError) -> URL {
    do {
      try Folders.make(folder)
      let pairs = items.map { $0.map { ($0.key, $0.path) } } ?? values.keys.sorted().map { ($0, $0) }
      for (key, path) in pairs {
        guard let value = values[key] else { continue }
        let file = folder.appendingPathComponent(path)
        try Folders.make(file.deletingLastPathComponent())
        try Data(value.utf8).write(to: file)
      }
    } catch {
      throw PlanError("cannot write the files of \(folder.lastPathComponent): \(error.localizedDescription)")
    }
    return folder
  }

  // MARK: Artifacts

  /// Puts the input artifacts in place as Argo's executor does: each one is loaded from its
  /// source (raw data, the run's artifact store, an http URL, a git repository), then laid out
  /// at its path (extracted when it is a tarball, see ``ArtifactPacking``), then given its
  /// `mode`. An artifact whose path lies under a volume (or another input artifact) is put in
  /// that volume's folder; the others get a folder of the node, mounted at their path.
  func inputArtifacts(_ inputs: Inputs, template: Template, nodeDirectory: URL, mounts: [Mount]) throws(PlanError) -> [Mount] {
    var result: [Mount] = []
    for artifact in inputs.artifacts ?? [] {
      guard let path = artifact.path else { continue }
      let covering = Self.covering(path, mounts: mounts + result)
      let destination =
        covering.map { $0.hostPath.appendingPathComponent(String(path.dropFirst($0.containerPath.count))) }
        ?? nodeDirectory.appendingPathComponent("inputs").appendingPathComponent(artifact.name)
      // `recurseMode` is the template's, as Argo takes it from the input's declaration.
      let declared = template.inputs?.artifacts?.first { $0.name == artifact.name }
      let placed: Bool
      do throws(ArtifactError) {
        placed = try load(artifact, recurseMode: declared?.recurseMode ?? artifact.recurseMode ?? false, to: destination.path)
      } catch {
        throw PlanError("input artifact \(artifact.name): \(error)")
      }
      if placed && covering == nil { result.append(Mount(containerPath: path, hostPath: destination)) }
    }
    return result
  }

  /// Loads one input artifact and lays it out at `destination`; false when it is optional and
  /// absent.
  func load(_ artifact: Artifact, recurseMode: Bool, to destination: String) throws(ArtifactError) -> Bool {
    do throws(Folders.Failure) {
      try Folders.make(path: (destination as NSString).deletingLastPathComponent)
    } catch {
      throw ArtifactError(error.errorDescription ?? "cannot make the folder of \(destination)")
    }
    // Sources load beside the destination first, as Argo's executor loads into `<path>.tmp`.
    let scratch = destination + ".tmp"
    FileTree.remove(scratch)
    let loaded: String
    var consuming = true
    let secrets = ArtifactSecrets(secrets: resources.secrets)
    if let raw = artifact.raw {
      guard FileManager.default.createFile(atPath: scratch, contents: Data(raw.data.utf8)) else {
        throw ArtifactError("cannot write \(scratch)")
      }
      loaded = scratch
    } else if let key = ArtifactStore.key(of: artifact) {
      let store = artifactStore(holding: key)
      var stored = store.location(key)
      // `subPath` takes a file or folder inside the artifact: Argo appends it to the key.
      let subPath = artifact.subPath.map { PathName.clean($0) }.flatMap { $0 == "." || $0.isEmpty ? nil : $0 }
      if let subPath { stored = store.location(key + "/" + subPath) }
      guard FileStatus(atPath: stored.path, followingLinks: true) != nil else {
        if artifact.optional == true { return false }
        if subPath != nil, FileStatus(atPath: store.location(key).path)?.isRegular == true {
          throw ArtifactError(
            "subPath \(artifact.subPath ?? "") is not in the artifact \(key): it is stored archived",
            hint: "subPath reaches into an artifact only when it is stored as it is: give its output archive: {none: {}}, as Argo requires")
        }
        throw ArtifactError(
          "no artifact \(key)\(subPath.map { " (subPath \($0))" } ?? "") was produced in this run",
          hint: "a local run keeps the artifacts it makes; artifacts of other runs or repositories are not here")
      }
      loaded = stored.path
      consuming = false
    } else if let http = artifact.http {
      let fetcher = HTTPArtifactFetcher(
        tls: fetching.tls, timeout: fetching.httpTimeout, connectTimeout: fetching.connectTimeout, secrets: secrets)
      do throws(HTTPArtifactFetcher.Failure) {
        try fetcher.fetch(http, to: URL(fileURLWithPath: scratch))
      } catch {
        if error.notFound && artifact.optional == true { return false }
        throw error.error
      }
      loaded = scratch
    } else if let git = artifact.git {
      try GitArtifactFetcher(searchPath: fetching.searchPath, timeout: fetching.gitTimeout, secrets: secrets).fetch(git, into: scratch)
      loaded = scratch
    } else if artifact.optional == true {
      return false
    } else {
      throw ArtifactError(
        "required artifact not supplied",
        hint: "give it from another step's output (from), raw data, an http or git source, or a key of this run")
    }
    try ArtifactPacking.unpack(loaded, archive: artifact.archive, to: destination, consuming: consuming)
    if let mode = artifact.mode {
      try ArtifactPacking.applyMode(mode, recursive: recurseMode, at: destination)
    }
    return true
  }

  /// The store that holds `key`: this run's; or, for a key another run of this folder made
  /// (`<workflow>/<pod>/...`: the outputs of a memoized step, cached by an earlier run), that
  /// run's, since Argo's artifact repository is shared by every workflow.
  func artifactStore(holding key: String) -> ArtifactStore {
    let own = ArtifactStore(directory: store.artifactDirectory(runName))
    guard FileStatus(atPath: own.location(key).path, followingLinks: true) == nil,
      let owner = key.split(separator: "/").first.map(String.init), owner != runName, store.exists(owner)
    else { return own }
    return ArtifactStore(directory: store.artifactDirectory(owner))
  }

  /// The mount under which a container path lies, the deepest one.
  static func covering(_ path: String, mounts: [Mount]) -> Mount? {
    mounts.filter {
      path == $0.containerPath || path.hasPrefix($0.containerPath.hasSuffix("/") ? $0.containerPath : $0.containerPath + "/")
    }
    .max { $0.containerPath.count < $1.containerPath.count }
  }

  /// The host path of an output's container path; a folder of the node is mounted for the
  /// path's folder when no mount covers it.
  /// Folders a container's file system has whatever its image.
  static let standardFolders: Set<String> = [
    "/tmp", "/var/tmp", "/mnt", "/opt", "/srv", "/home", "/root", "/run", "/var", "/etc", "/usr", "/media",
  ]

  func outputLocation(_ path: String, mounts: inout [Mount], nodeDirectory: URL) throws(PlanError) -> URL {
    guard path.hasPrefix("/") else { throw PlanError("the output path \(path) is not absolute") }
    var path = path
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    if let covering = Self.covering(path, mounts: mounts) {
      // Under a mount (a volume, an input, another output's folder), or the mounted path itself.
      if covering.containerPath == path { return covering.hostPath }
      return covering.hostPath.appendingPathComponent(String(path.dropFirst(covering.containerPath.count)))
    }
    let folder = (path as NSString).deletingLastPathComponent
    if folder.isEmpty || folder == "/" {
      // A file or folder at the container's root (`/result.txt`): in the node's folder, which is
      // the working directory, so that a program writing `result.txt` from `/` (a container's
      // usual working directory) writes it there too. Nothing is made: the program makes a file
      // or a folder, as in a container.
      let name = String(path.dropFirst())
      let reserved: Set<String> = ["main.log", "script", "inputs", "outputs", "volumes"]
      let host =
        reserved.contains(name) || name.hasSuffix(".log")
        ? nodeDirectory.appendingPathComponent("outputs").appendingPathComponent(name) : nodeDirectory.appendingPathComponent(name)
      // A folder every image has (`/tmp`) is there already.
      let made = Self.standardFolders.contains(path) ? host : host.deletingLastPathComponent()
      do {
        try Folders.make(made)
      } catch {
        throw PlanError("cannot make the folder \(made.path): \(error.localizedDescription)")
      }
      mounts.append(Mount(containerPath: path, hostPath: host))
      return host
    }
    let containerFolder = folder
    let host = nodeDirectory.appendingPathComponent("outputs").appendingPathComponent(String(containerFolder.dropFirst()))
    // The folders every image has (`/tmp`) are there; another folder (`/mnt/out`) is the
    // program's to make, as in a container (`os.mkdir("/mnt/out")` must not find it made).
    let made = Self.standardFolders.contains(containerFolder) ? host : host.deletingLastPathComponent()
    do {
      try Folders.make(made)
    } catch {
      throw PlanError("cannot make the folder \(made.path): \(error.localizedDescription)")
    }
    mounts.append(Mount(containerPath: containerFolder, hostPath: host))
    return host.appendingPathComponent((path as NSString).lastPathComponent)
  }

  // MARK: Environment

  func environment(_ container: Container, podName: String) throws(PlanError) -> [(name: String, value: String)] {
    var result: [(String, String)] = []
    for source in container.envFrom ?? [] {
      let prefix = source.prefix ?? ""
      if let reference = source.configMapRef {
        guard let values = resources.configMaps[reference.name ?? ""] else {
          if reference.optional == true { continue }
          throw PlanError(
            "envFrom: ConfigMap \(reference.name ?? "") is not among the resources given; pass its manifest with --resources FILE")
        }
        for key in values.keys.sorted() { result.append((prefix + key, values[key] ?? "")) }
      }
      if let reference = source.secretRef {
        guard let values = resources.secrets[reference.name ?? ""] else {
          if reference.optional == true { continue }
          throw PlanError(
            "envFrom: Secret \(reference.name ?? "") is not among the resources given; pass its manifest with --resources FILE")
        }
        for key in values.keys.sorted() { result.append((prefix + key, values[key] ?? "")) }
      }
    }
    for variable in container.env ?? [] {
      if let value = variable.value {
        result.append((variable.name, value))
      } else if let reference = variable.valueFrom?.configMapKeyRef {
        guard let value = resources.configMaps[reference.name ?? ""]?[reference.key] else {
          if reference.optional == true { continue }
          throw PlanError(
            "env \(variable.name): key \(reference.key) of ConfigMap \(reference.name ?? "") is not among the resources given; pass its manifest with --resources FILE"
          )
        }
        result.append((variable.name, value))
      } else if let reference = variable.valueFrom?.secretKeyRef {
        guard let value = resources.secrets[reference.name ?? ""]?[reference.key] else {
          if reference.optional == true { continue }
          throw PlanError(
            "env \(variable.name): key \(reference.key) of Secret \(reference.name ?? "") is not among the resources given; pass its manifest with --resources FILE"
          )
        }
        result.append((variable.name, value))
      } else if let field = variable.valueFrom?.fieldRef {
        switch field.fieldPath {
        case "metadata.name": result.append((variable.name, podName))
        case "metadata.namespace": result.append((variable.name, workflow.metadata.namespace ?? "default"))
        case "status.podIP", "status.hostIP": result.append((variable.name, "127.0.0.1"))
        case "spec.nodeName": result.append((variable.name, ProcessInfo.processInfo.hostName))
        case "spec.serviceAccountName": result.append((variable.name, workflow.spec.serviceAccountName ?? "default"))
        default: result.append((variable.name, ""))
        }
      } else {
        result.append((variable.name, ""))
      }
    }
    return result
  }
}
