import ArgoModel
import Foundation

/// Reads what a container left behind into the node's outputs, as Argo's executor does:
/// `outputs.result` from its standard output, `exitCode`, parameters from their files (with
/// their defaults), artifacts archived into the run's artifact store (see ``ArtifactPacking``).
struct OutputCollector: Sendable {
  let store: ArtifactStore

  func result(of plan: PodPlan, outcome: PodOutcome) -> PodResult {
    let succeeded = outcome.exitCode == 0 && outcome.failure == nil
    var phase = succeeded ? NodePhase.succeeded : NodePhase.failed
    var message = outcome.failure ?? (succeeded ? nil : "Error (exit code \(outcome.exitCode))")
    if let logFailure = outcome.logFailure { message = message.map { "\($0); \(logFailure)" } ?? logFailure }
    var outputs = Outputs()
    outputs.exitCode = String(outcome.exitCode)
    if plan.capturesResult { outputs.result = outcome.standardOutput }
    var parameters: [Parameter] = []
    for (parameter, file) in plan.parameterFiles {
      var value = parameter
      value.valueFrom = nil
      guard let file else {
        parameters.append(value)
        continue
      }
      if let data = FileManager.default.contents(atPath: file.path) {
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        value.value = AnyString(text)
      } else if let fallback = parameter.valueFrom?.default {
        value.value = fallback
      } else {
        if succeeded {
          phase = NodePhase.error
          message = "output parameter \(parameter.name): open \(parameter.valueFrom?.path ?? ""): no such file or directory"
        }
        continue
      }
      parameters.append(value)
    }
    if !parameters.isEmpty { outputs.parameters = parameters }
    var artifacts: [Artifact] = []
    for (artifact, path) in plan.artifactPaths {
      guard FileManager.default.fileExists(atPath: path.path) else {
        if artifact.optional != true, succeeded {
          phase = NodePhase.error
          message = "output artifact \(artifact.name): \(artifact.path ?? "") does not exist"
        }
        continue
      }
      // Stored as Argo's executor uploads it: a tarball by default, under the key Argo gives.
      let packing = ArtifactPacking.packing(of: artifact.archive, readFromVolume: plan.artifactsReadFromVolumes.contains(artifact.name))
      let prefix = plan.artifactKeyPrefix.isEmpty ? plan.request.podName : plan.artifactKeyPrefix
      let key = ArtifactStore.key(of: artifact) ?? prefix + "/" + ArtifactPacking.fileName(of: artifact, packing: packing)
      do throws(ArtifactError) {
        try ArtifactPacking.store(path.path, as: packing, at: store.location(key).path)
      } catch {
        phase = NodePhase.error
        message = "output artifact \(artifact.name): \(error)"
        continue
      }
      var kept = artifact
      if ArtifactStore.key(of: artifact) == nil { kept.s3 = S3Artifact(key: key) }
      artifacts.append(kept)
    }
    if !artifacts.isEmpty { outputs.artifacts = artifacts }
    return PodResult(phase: phase, message: message, outputs: outputs)
  }
}
