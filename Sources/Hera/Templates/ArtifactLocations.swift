/// Where an artifact is stored, for `InputArtifact(...).stored(in:)`, `OutputArtifact(...)` and
/// artifact arguments: every location Argo knows.
///
/// ```swift
/// InputArtifact("cityjson", path: "/data/lyon.json").stored(in: .s3(bucket: "city", key: "lyon/2012.json"))
/// OutputArtifact("tiles", path: "/out").stored(in: .gcs(bucket: "tiles", key: "{{workflow.name}}")).archive(.none)
/// ```
public struct ArtifactStorage: Sendable {
  let apply: @Sendable (inout Artifact) -> Void

  public static func s3(bucket: String? = nil, key: String, endpoint: String? = nil, region: String? = nil, insecure: Bool? = nil)
    -> ArtifactStorage
  {
    ArtifactStorage { $0.s3 = S3Artifact(bucket: bucket, endpoint: endpoint, insecure: insecure, key: key, region: region) }
  }

  public static func gcs(bucket: String? = nil, key: String) -> ArtifactStorage {
    ArtifactStorage { $0.gcs = GCSArtifact(bucket: bucket, key: key) }
  }

  public static func http(url: String, headers: [Header]? = nil) -> ArtifactStorage {
    ArtifactStorage { $0.http = HTTPArtifact(headers: headers, url: url) }
  }

  public static func git(repo: String, revision: String? = nil, depth: Int? = nil) -> ArtifactStorage {
    ArtifactStorage { $0.git = GitArtifact(depth: depth, repo: repo, revision: revision) }
  }

  /// Literal contents, written to the path.
  public static func raw(_ data: String) -> ArtifactStorage {
    ArtifactStorage { $0.raw = RawArtifact(data: data) }
  }

  public static func artifactory(url: String, username: SecretKeySelector? = nil, password: SecretKeySelector? = nil) -> ArtifactStorage {
    ArtifactStorage { $0.artifactory = ArtifactoryArtifact(passwordSecret: password, url: url, usernameSecret: username) }
  }

  public static func hdfs(path: String, addresses: [String]? = nil, user: String? = nil) -> ArtifactStorage {
    ArtifactStorage { $0.hdfs = HDFSArtifact(addresses: addresses, hdfsUser: user, path: path) }
  }

  public static func oss(bucket: String? = nil, key: String, endpoint: String? = nil) -> ArtifactStorage {
    ArtifactStorage { $0.oss = OSSArtifact(bucket: bucket, endpoint: endpoint, key: key) }
  }

  public static func azure(endpoint: String, container: String, blob: String) -> ArtifactStorage {
    ArtifactStorage { $0.azure = AzureArtifact(blob: blob, container: container, endpoint: endpoint) }
  }
}

/// How an output artifact is packed before it is stored.
public struct ArtifactArchive: Sendable {
  let strategy: ArchiveStrategy

  /// Stored as it is: a file stays a file, a directory its files.
  public static let none = ArtifactArchive(strategy: ArchiveStrategy(none: NoneStrategy()))
  /// A gzipped tarball (Argo's default), at a compression level from 0 to 9.
  public static func tar(compressionLevel: Int? = nil) -> ArtifactArchive {
    ArtifactArchive(strategy: ArchiveStrategy(tar: TarStrategy(compressionLevel: compressionLevel)))
  }
  public static let zip = ArtifactArchive(strategy: ArchiveStrategy(zip: ZipStrategy()))
}

extension InputArtifact {
  public func stored(in storage: ArtifactStorage) -> InputArtifact {
    with(storage.apply)
  }
}

extension OutputArtifact {
  public func stored(in storage: ArtifactStorage) -> OutputArtifact {
    with(storage.apply)
  }

  public func archive(_ archive: ArtifactArchive) -> OutputArtifact {
    with { $0.archive = archive.strategy }
  }

  /// When the stored artifact is deleted: `OnWorkflowCompletion`, `OnWorkflowDeletion` or `Never`.
  public func garbageCollection(_ strategy: String) -> OutputArtifact {
    with { $0.artifactGC = ArtifactGC(strategy: strategy) }
  }
}

extension Artifact {
  /// An artifact argument read from storage rather than from another node.
  public static func argument(_ name: String, storedIn storage: ArtifactStorage) -> Artifact {
    var artifact = Artifact(name: name)
    storage.apply(&artifact)
    return artifact
  }
}

extension Volume {
  /// A scratch directory that lives as long as the pod.
  public static func emptyDir(_ name: String, medium: String? = nil, sizeLimit: Quantity? = nil) -> Volume {
    Volume(name: name, emptyDir: EmptyDirVolumeSource(medium: medium, sizeLimit: sizeLimit))
  }

  /// The keys of a ConfigMap as files.
  public static func configMap(_ name: String, configMap: String, defaultMode: Int? = nil) -> Volume {
    Volume(name: name, configMap: ConfigMapVolumeSource(name: configMap, defaultMode: defaultMode))
  }

  /// The keys of a Secret as files.
  public static func secret(_ name: String, secret: String, defaultMode: Int? = nil) -> Volume {
    Volume(name: name, secret: SecretVolumeSource(defaultMode: defaultMode, secretName: secret))
  }

  /// An existing PersistentVolumeClaim (the seed's shared volume through which stages pass files).
  public static func claim(_ name: String, claimName: String, readOnly: Bool? = nil) -> Volume {
    Volume(name: name, persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: claimName, readOnly: readOnly))
  }
}
