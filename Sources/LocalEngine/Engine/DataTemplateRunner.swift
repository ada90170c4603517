import ArgoModel
import Foundation

/// Runs a `data` template here: the keys under its source (`artifactPaths`) in the run's
/// artifact store stand for the objects of the bucket Argo would list, and each `transformation`
/// step's expression (expr-lang, with the list as `data`) turns the list into the next; the last
/// list, as JSON, is the node's `result`, as Argo gives it.
///
/// ```yaml
/// data:
///   source: {artifactPaths: {name: logs, s3: {bucket: my-bucket}}}
///   transformation:
///   - expression: "filter(data, {# endsWith 'main.log'})"
/// ```
struct DataTemplateRunner: Sendable {
  /// The run's artifact store.
  var store: ArtifactStore

  func run(_ template: DataTemplate) -> PodResult {
    guard let paths = template.source.artifactPaths else {
      return PodResult(phase: NodePhase.error, message: "the data template has no source: give source.artifactPaths")
    }
    let artifact: Artifact
    do {
      artifact = try Artifact(json: paths.toJSON(), options: .preserving)
    } catch {
      return PodResult(phase: NodePhase.error, message: "the data template's source cannot be read: \(error)")
    }
    let prefix = ArtifactStore.key(of: artifact) ?? ""
    var data: JSONValue = .array(keys(under: prefix).map(JSONValue.string))
    for (index, step) in template.transformation.enumerated() {
      do {
        data = try Evaluation.expression(step.expression, ["data": data])
      } catch {
        return PodResult(phase: NodePhase.error, message: "transformation \(index + 1) '\(step.expression)': \(error.message)")
      }
    }
    return PodResult(phase: NodePhase.succeeded, outputs: Outputs(result: Evaluation.string(data)))
  }

  /// The keys of the files stored under `prefix` (all of them without one), in key order.
  func keys(under prefix: String) -> [String] {
    let root = store.location(prefix)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else { return [] }
    guard isFolder.boolValue else { return [prefix] }
    let base = prefix.split(separator: "/").filter { !$0.isEmpty }.joined(separator: "/")
    var keys: [String] = []
    if let enumerator = FileManager.default.enumerator(atPath: root.path) {
      while let relative = enumerator.nextObject() as? String {
        guard enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
        keys.append(base.isEmpty ? relative : "\(base)/\(relative)")
      }
    }
    return keys.sorted()
  }
}
