import ArgoModel
import ArgoTestSupport
import Foundation

import struct Hera.TemplateLibrary

@testable import LocalEngine

/// Argo's example workflows (`../shared/argo/examples`), read in place, with the workflow
/// templates, cluster templates, ConfigMaps and Secrets the folder defines.
struct ExampleLibrary: Sendable {
  struct Example: Sendable {
    /// The path under the examples folder without `.yaml`: `workflow-template/steps` is not `steps`;
    /// `FILE#NAME` for each of the workflows of a file that holds several.
    var name: String
    var workflow: Workflow
  }

  let examples: [Example]
  let resources: LocalResources
  let templates: [String: WorkflowTemplate]
  let clusterTemplates: [String: ClusterWorkflowTemplate]

  static func load() throws -> ExampleLibrary {
    var manifests: [(file: String, manifest: Manifest)] = []
    for file in SharedData.exampleFiles() {
      let documents = try ManifestReader(options: .preserving).read(contentsOf: file.path)
      manifests += documents.map { (file.path, $0.manifest) }
    }
    let library = TemplateLibrary(manifests.map(\.manifest))
    let workflows = manifests.compactMap { entry -> (file: String, workflow: Workflow)? in
      guard case .workflow(let workflow) = entry.manifest else { return nil }
      return (entry.file, workflow)
    }
    let perFile = Dictionary(grouping: workflows, by: \.file).mapValues(\.count)
    let examples = workflows.map { entry in
      let relative = entry.file.dropFirst(SharedData.examples.path.count + 1)
      var name = String(relative.hasSuffix(".yaml") ? relative.dropLast(5) : relative)
      // A file with several workflows (cron-backfill) names each: cron-backfill#backfill-v2.
      if perFile[entry.file, default: 1] > 1 { name += "#" + (entry.workflow.metadata.name ?? "?") }
      return Example(name: name, workflow: entry.workflow)
    }
    var resources = LocalResources(manifests: manifests.map(\.manifest))
    // The semaphores of synchronization-wf-level and synchronization-tmpl-level are sized by a
    // ConfigMap their comments show (3 holders each) but no file of the folder defines.
    resources.configMaps["my-config", default: [:]].merge(["workflow": "3", "template": "3"]) { own, _ in own }
    return ExampleLibrary(
      examples: examples, resources: resources,
      templates: library.workflowTemplates, clusterTemplates: library.clusterWorkflowTemplates)
  }
}

/// How one example's run ended.
struct ExampleRun: Sendable {
  var name: String
  /// The final workflow; nil when the run could not start.
  var observed: ObservedRun?
  /// Why the run could not start.
  var startError: String?
  /// Whether the run was terminated at the time limit.
  var timedOut: Bool = false
  /// Nodes that failed without a message (display names).
  var failedWithoutMessage: [String] = []

  var phase: String { observed?.phase ?? "Error" }
  var message: String { startError ?? observed?.workflow.status?.message ?? "" }
}

/// How the examples are run: which runner, which images, how many at once, for how long.
struct ExampleRunSettings: Sendable {
  var runner: @Sendable (PodRequest) async -> any PodRunner
  var imageMap: @Sendable (String) -> String = { $0 }
  /// Runs at once (each run starts at most 4 containers at once).
  var concurrency: Int = 3
  /// A run still going after this is terminated (suspensions without a duration, long sleeps).
  var limit: Duration = .seconds(15)
  /// Longer limits for the examples that need them.
  var limits: [String: Duration] = [:]
}

extension ExampleLibrary {
  /// Runs the examples `names` (all when nil), `settings.concurrency` at a time.
  func run(_ names: Set<String>? = nil, settings: ExampleRunSettings, store: RunStore) async -> [ExampleRun] {
    let chosen = examples.filter { names?.contains($0.name) ?? true }
    return await withTaskGroup(of: ExampleRun.self) { group in
      var results: [ExampleRun] = []
      var next = 0
      func add() {
        guard next < chosen.count else { return }
        let example = chosen[next]
        next += 1
        group.addTask { await self.run(example, settings: settings, store: store) }
      }
      for _ in 0..<max(1, settings.concurrency) { add() }
      for await result in group {
        results.append(result)
        add()
      }
      return results.sorted { $0.name < $1.name }
    }
  }

  func run(_ example: Example, settings: ExampleRunSettings, store: RunStore) async -> ExampleRun {
    let local: LocalRun
    do {
      var named = example.workflow
      named.metadata.name = nil
      named.metadata.generateName =
        (example.workflow.metadata.name ?? example.workflow.metadata.generateName ?? "example-")
        .trimmingCharacters(in: CharacterSet(charactersIn: "-")) + "-"
      let prepared = try LocalRun.prepare(named, workflowTemplates: templates, clusterWorkflowTemplates: clusterTemplates)
      local = try LocalRun(
        workflow: prepared,
        options: LocalRunOptions(
          store: store, resources: resources, parallelism: 4, workflowTemplates: templates,
          clusterWorkflowTemplates: clusterTemplates, imageMap: settings.imageMap, runner: settings.runner))
    } catch {
      return ExampleRun(name: example.name, startError: error.description)
    }
    let limit = settings.limits[example.name] ?? settings.limit
    let timer = Task<Bool, Never> {
      do { try await Task.sleep(for: limit) } catch { return false }
      await local.terminate()
      return true
    }
    let final = await local.run()
    timer.cancel()
    let timedOut = await timer.value
    // A failed node says why, or (a DAG, which Argo leaves without a message, and a fan-out)
    // a failed node inside it does.
    let nodes = final.status?.nodes ?? [:]
    func explains(_ node: NodeStatus, depth: Int = 0) -> Bool {
      if !(node.message ?? "").isEmpty { return true }
      guard node.type == NodeType.dag || node.type == NodeType.taskGroup, depth < 100 else { return false }
      let inside = nodes.values.filter { $0.boundaryID == node.id || (node.children ?? []).contains($0.id) }
      return inside.contains { NodePhase.isFailure($0.phase) && explains($0, depth: depth + 1) }
    }
    let silent = nodes.values.filter { NodePhase.isFailure($0.phase) && !explains($0) }.map { $0.displayName ?? $0.name }
    return ExampleRun(name: example.name, observed: ObservedRun(workflow: final), timedOut: timedOut, failedWithoutMessage: silent)
  }
}
