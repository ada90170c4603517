import ArgoModel
import ArgumentParser
import Foundation
import Hera
import HeraUtils
import LocalEngine

/// A run on this machine with the live display, Ctrl-C handling and the closing summary: what
/// `hera run` and experiment executables share.
package struct LocalExecution {
  package var store: RunStore
  package var resources: LocalResources
  package var library: TemplateLibrary
  package var runner: RunnerKind = .auto
  package var imageMap = ImageMap()
  package var entrypoints = ImageEntrypoints()
  package var parallelism: Int?
  package var skipResources = false
  package var progress: ProgressChoice = .auto
  package var output: ObjectFormat = .table
  /// Where the run's notes, warnings and errors are said (the closing report is output).
  package var diagnostics: Diagnostics = .standard

  package init(
    store: RunStore, resources: LocalResources, library: TemplateLibrary, runner: RunnerKind = .auto, imageMap: ImageMap = ImageMap(),
    entrypoints: ImageEntrypoints = ImageEntrypoints(), parallelism: Int? = nil, skipResources: Bool = false,
    progress: ProgressChoice = .auto,
    output: ObjectFormat = .table, diagnostics: Diagnostics = .standard
  ) {
    self.store = store
    self.resources = resources
    self.library = library
    self.runner = runner
    self.imageMap = imageMap
    self.entrypoints = entrypoints
    self.parallelism = parallelism
    self.skipResources = skipResources
    self.progress = progress
    self.output = output
    self.diagnostics = diagnostics
  }

  /// What a run here starts from.
  package enum Start {
    /// A workflow as it was written or built (arguments applied): it is prepared here.
    case new(Workflow)
    /// The saved run of this name, continued: what did not succeed runs again.
    case resume(String)
  }

  /// The whole of a run here, as `hera run` and every experiment do it: the run claimed for this
  /// command, the workflow prepared (its WorkflowTemplate merged, named), what this machine does
  /// not honour noted, the run shown to its end, its report (with `extra` lines, an
  /// experiment's results), and the exit code of its outcome: 0 when it succeeded, 1 when not,
  /// 74 when its end could not be saved, 75 when another command runs it.
  package func perform(_ start: Start, extra: (Workflow) -> [String] = { _ in [] }, resumeCommand: String) async throws {
    let workflow: Workflow
    // The run is this command's from here to its end: no other command runs or resumes it.
    let claim: RunClaim
    switch start {
    case .resume(let name):
      claim = try LocalClaim.existingRun(name, in: store)
      do {
        var saved = LocalRun.resumable(try store.load(name))
        if let recorded = saved.metadata.name, recorded != name {
          // A copied run folder: the folder is the run that goes on, not the one it was copied from.
          diagnostics.note("the run in .hera/runs/\(name) was saved as \(recorded); it goes on as \(name)")
          saved.metadata.name = name
        }
        workflow = saved
      } catch {
        claim.release()
        throw CommandFailure(error)
      }
    case .new(let written):
      do {
        workflow = try LocalRun.prepare(
          written, workflowTemplates: library.workflowTemplates, clusterWorkflowTemplates: library.clusterWorkflowTemplates)
      } catch {
        throw CommandFailure(error)
      }
      claim = try LocalClaim.newRun(workflow.metadata.name ?? "", in: store)
    }
    defer { claim.release() }
    for field in LocalRun.unhonouredFields(of: workflow) {
      diagnostics.note("not honoured on this machine: \(field)")
    }
    let (final, saved) = try await run(workflow)
    try report(final, extra: extra(final), resumeCommand: resumeCommand)
    if !saved { throw ExitCode(LocalClaim.unsavedExitCode) }
    if final.workflowPhase != .succeeded { throw ExitCode.failure }
  }

  /// Runs a prepared workflow (named, templates merged) to its end, showing its progress;
  /// returns its final state. Ctrl-C stops it (exit handlers run), a second one terminates it.
  ///
  /// A state that cannot be saved is said on standard error when it happens; when the final
  /// one could not be saved, that is said after the run and `saved` is false.
  package func run(_ workflow: Workflow) async throws -> (workflow: Workflow, saved: Bool) {
    let mapping = imageMap
    let diagnostics = diagnostics
    let choice: any PodRunner
    do {
      choice = try await makeRunner(kind: runner, imageMap: mapping, entrypoints: entrypoints) { diagnostics.note($0) }
    } catch {
      throw CommandFailure(error)
    }
    let options = LocalRunOptions(
      store: store, resources: resources, parallelism: parallelism ?? Self.defaultParallelism(workflow),
      workflowTemplates: library.workflowTemplates, clusterWorkflowTemplates: library.clusterWorkflowTemplates,
      imageMap: { mapping.map($0) }, skipResources: skipResources, validate: Self.controllerCheck(library),
      onStoreFailure: { diagnostics.say(.error, "\($0)", breakingLine: true) },
      runner: { _ in choice })
    let localRun: LocalRun
    do {
      localRun = try LocalRun(workflow: workflow, options: options)
    } catch {
      throw CommandFailure(error)
    }

    let interruptions = Interruptions { count in
      _Concurrency.Task {
        if count == 1 {
          diagnostics.say("stopping: running containers are stopped, exit handlers run (Ctrl-C again terminates)", breakingLine: true)
          await localRun.interrupt(terminating: false)
        } else {
          diagnostics.say("terminating", breakingLine: true)
          await localRun.interrupt(terminating: true)
        }
      }
    }
    defer { interruptions.cancel() }
    let final = await follow(localRun)
    guard let unsaved = await localRun.unsavedState else { return (final, true) }
    diagnostics.error(
      "the run ended \(final.workflowPhase.displayName), but that could not be saved: \(unsaved)",
      hint: "hera get --local shows what was saved before; free some space, then hera run --resume \(final.metadata.name ?? "") runs again "
        + "what it does not show as done")
    return (final, false)
  }

  /// The check Argo's controller makes of a workflow it first sees (its validator, with the
  /// templates that were given): the first error, or nil. `hera run` lints the workflow as it
  /// was written before this; this sees it with its `workflowTemplateRef` merged in, which is
  /// how a run whose WorkflowTemplate is invalid ends Failed, as on the cluster.
  package static func controllerCheck(_ library: TemplateLibrary) -> @Sendable (Workflow) -> String? {
    { workflow in
      let linter = Linter(options: .lint, library: library)
      guard let error = linter.lint(.workflow(workflow)).first(where: { $0.severity == .error }) else { return nil }
      return error.path.components.isEmpty ? error.message : "\(error.path): \(error.message)"
    }
  }

  /// Runs the workflow, showing its progress; returns its final state.
  private func follow(_ localRun: LocalRun) async -> Workflow {
    let display = DisplayBox(ProgressDisplay(mode: output == .table || output == .wide ? progress.mode : .off))
    let ticker: _Concurrency.Task<Void, Never>? =
      display.mode == .terminal
      ? _Concurrency.Task {
        while !_Concurrency.Task.isCancelled {
          try? await _Concurrency.Task.sleep(for: .seconds(1))
          display.update(await localRun.workflow)
        }
      } : nil
    let final = await localRun.run { workflow in display.update(workflow) }
    ticker?.cancel()
    display.finish(final)
    return final
  }

  /// The end of a run: how it ended, its outputs, where it is kept; `extra` lines after (an
  /// experiment's results).
  package func report(_ workflow: Workflow, extra: [String] = [], resumeCommand: String = "hera run") throws {
    guard output == .table || output == .wide else {
      ObjectOutput.write([workflow], as: output, single: true)
      return
    }
    let name = workflow.metadata.name ?? ""
    var lines = [WorkflowFollower.outcome(workflow).trimmingCharacters(in: .newlines)]
    for parameter in workflow.status?.outputs?.parameters ?? [] {
      lines.append("  output \(parameter.name) = \(parameter.value?.description ?? "")")
    }
    let folder = store.runDirectory(name).path
    lines.append("The run is in \(LocalExecution.relative(folder)): hera get --local \(name), hera logs --local \(name)")
    // The artifacts the pods kept, under their keys (`<workflow>/<pod>/<name>.tgz` and the like).
    let artifacts = (workflow.status?.nodes ?? [:]).values.reduce(0) { $0 + ($1.type == "Pod" ? $1.outputs?.artifacts?.count ?? 0 : 0) }
    if artifacts > 0 {
      lines.append("Artifacts (\(artifacts)) are in \(LocalExecution.relative(store.artifactDirectory(name).path))")
    }
    lines += extra
    if workflow.workflowPhase != .succeeded, workflow.workflowPhase != .running {
      lines.append("\(resumeCommand) --resume \(name) runs again what did not succeed")
    }
    Terminal.standardOutput.write(lines.joined(separator: "\n") + "\n")
  }

  /// A `--work-dir` must be a folder that exists: one made silently for a mistyped path would
  /// hide the runs the user meant, or scatter new ones.
  package static func checkWorkDirectory(_ path: String?) throws {
    guard let path else { return }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw ValidationError("--work-dir \(path) does not exist; create it first, or give the folder that holds .hera")
    }
    guard isFolder.boolValue else { throw ValidationError("--work-dir \(path) is a file, not a folder") }
  }

  /// A path shown relative to the current folder when it is inside it.
  package static func relative(_ path: String) -> String {
    let here = FileManager.default.currentDirectoryPath
    if path.hasPrefix(here + "/") { return String(path.dropFirst(here.count + 1)) }
    return path
  }

  /// The containers at once when neither the option nor the workflow says: the cores.
  package static func defaultParallelism(_ workflow: Workflow) -> Int? {
    workflow.spec.parallelism == nil ? max(ProcessInfo.processInfo.activeProcessorCount, 1) : nil
  }
}

/// `--resources`: ConfigMaps and Secrets from files, or from the YAML and JSON files of folders
/// (not of their subfolders), in name order.
package enum ResourceFiles {
  package static func read(_ paths: [String], diagnostics: Diagnostics = .standard) throws -> [Manifest] {
    guard !paths.isEmpty else { return [] }
    var files: [String] = []
    for path in paths {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw CommandFailure("--resources \(path): no such file or folder")
      }
      guard isFolder.boolValue else {
        files.append(path)
        continue
      }
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
      files += names.filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }.map {
        (path as NSString).appendingPathComponent($0)
      }
    }
    return try ManifestInput.read(files, strict: false, diagnostics: diagnostics).manifests
  }
}
