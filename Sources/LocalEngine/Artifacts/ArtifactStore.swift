import ArgoModel
import Foundation

/// The artifacts of a run, by key, in the run's folder (`.hera/runs/<workflow>/artifacts/<key>`):
/// the local stand-in for Argo's artifact repository.
///
/// Keys are those Argo would use: a template's own (`s3: {key: my-file}`), or the repository's
/// key format, `{{workflow.name}}/{{pod.name}}` (or the template's `archiveLocation` key), joined
/// with the stored file's name: `<name>.tgz` for the default tarball, `<name>.zip`, or the
/// path's last component when the artifact is not archived. What is stored under a key is what
/// Argo's executor uploads: a gzipped tarball, a zip file, or the file or folder itself.
struct ArtifactStore: Sendable {
  let directory: URL

  /// The file or folder that holds `key`; `..` and empty components are dropped.
  func location(_ key: String) -> URL {
    directory.appendingPathComponent(key.split(separator: "/").filter { $0 != ".." && $0 != "." && !$0.isEmpty }.joined(separator: "/"))
  }

  /// The key an artifact names, whatever its repository kind.
  static func key(of artifact: Artifact) -> String? {
    artifact.s3?.key ?? artifact.gcs?.key ?? artifact.oss?.key ?? artifact.azure?.blob ?? artifact.artifactory?.url ?? artifact.hdfs?.path
  }

  /// The folder of keys a pod's outputs go under when they name none: the template's
  /// `archiveLocation` key when it gives one, else Argo's default key format,
  /// `{{workflow.name}}/{{pod.name}}`.
  static func keyPrefix(workflowName: String, podName: String, template: Template) -> String {
    if let location = template.archiveLocation {
      let key = location.s3?.key ?? location.gcs?.key ?? location.oss?.key ?? location.azure?.blob ?? location.hdfs?.path
      if let key, !key.isEmpty { return key }
    }
    return "\(workflowName)/\(podName)"
  }
}
