import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import Hera
import HeraSession
import HeraUtils
import LocalEngine

/// An experiment executable: the seed's canonical main — settings, environment, inputs, layout,
/// workflow, then run — written once, with the standard command line of ``ExperimentOptions``.
///
/// The experiment writes only its own options and `workflow(_:)`; the rest is the same for every
/// experiment: with no Argo Server configured the workflow runs on this machine (and says so),
/// with one it is submitted there, and `--render`, `--lint`, `--graph` and `--print-config` look at
/// it without running it.
///
/// ```swift
/// @main
/// struct Collect: ExperimentCommand {
///   static let configuration = CommandConfiguration(commandName: "collect", abstract: "Collect Lyon's CityGML.")
///   static let defaults = ExperimentDefaults(volumeClaim: "lyon-data")
///
///   @OptionGroup var experiment: ExperimentOptions
///   @Option(parsing: .upToNextOption) var vintages: [String] = ["2009", "2012"]
///
///   func workflow(_ environment: Environment) throws -> Workflow {
///     let volume = try environment.requireVolume()
///     ...
///   }
/// }
/// ```
public protocol ExperimentCommand: AsyncParsableCommand {
  /// The standard options (declare it with `@OptionGroup`).
  var experiment: ExperimentOptions { get }

  /// The environment of execution when the command line, the environment variables and the
  /// config files say nothing: the claim, its mount path, the proxy ConfigMap, the registry.
  static var defaults: ExperimentDefaults { get }

  /// The environment, adjusted by the experiment (a Secret it needs, a ConfigMap's local
  /// values); by default as the settings give it.
  ///
  /// - Throws: `ExperimentError` when the experiment cannot run in it.
  func environment(_ environment: Environment) throws -> Environment

  /// The workflow, built only from the environment, the experiment's options (its inputs) and
  /// its layout.
  func workflow(_ environment: Environment) throws -> Workflow
}

extension ExperimentCommand {
  public static var defaults: ExperimentDefaults { ExperimentDefaults() }

  /// The experiment's entry point, and its boundary: a failure is said once, in one format,
  /// with its exit code.
  public static func main() async {
    await CommandFailure.main(Self.self)
  }

  public func environment(_ environment: Environment) throws -> Environment { environment }

  public mutating func run() async throws {
    try await ExperimentExecution(command: self).run()
  }
}

/// What an experiment's `run` does with the workflow the experiment builds.
struct ExperimentExecution<Command: ExperimentCommand> {
  let command: Command
  var options: ExperimentOptions { command.experiment }
  var processEnvironment = ProcessInfo.processInfo.environment

  func run() async throws {
    let settings = try await ServerSession.settings(options.hera, extraKeys: ExecutionSettings.fileKeys)
    let execution = ExecutionSettings.resolve(
      flags: options.executionFlags, environment: processEnvironment, settings: settings, defaults: Command.defaults)
    let target = try chooseTarget(settings)
    var environment = execution.environment(target: target, settings: settings)
    do {
      environment = try command.environment(environment)
    } catch {
      throw CommandFailure(error, exitCode: FailureClass.settings.exitCode)
    }
    if options.action == .printConfig {
      printConfig(settings, execution: execution, environment: environment)
      return
    }
    do {
      try execution.validate()
    } catch {
      throw CommandFailure(error, exitCode: FailureClass.settings.exitCode)
    }
    let workflow: Workflow
    do {
      workflow = environment.apply(to: try command.workflow(environment))
    } catch {
      throw CommandFailure("the workflow cannot be built: \(error)", exitCode: FailureClass.settings.exitCode)
    }
    switch options.action {
    case .lint:
      try lint(workflow, all: true)
    case .render:
      try lint(workflow, all: false)
      Terminal.standardOutput.write(Array(ManifestWriter(format: options.output == "json" ? .json : .yaml).string(workflow).utf8))
    case .graph:
      let graph = WorkflowGraph(workflow)
      Terminal.standardOutput.write(options.output == "dot" ? graph.dot() : graph.mermaid())
    case .run, .printConfig:
      try lint(workflow, all: false)
      if target.isLocal {
        try await runHere(workflow, environment: environment)
      } else {
        try await submit(workflow, environment: environment, settings: settings)
      }
    }
  }

  /// This machine, or the Argo Server: as asked, else as the settings say (and saying so).
  func chooseTarget(_ settings: HeraSettings) throws -> ExperimentTarget {
    let server = settings.argoServer
    if options.resume != nil { return .local }
    switch options.action {
    case .run(chosen: true):
      if options.local { return .local }
      guard let server else {
        throw CommandFailure(
          "--submit: no Argo Server is configured",
          hint: "set ARGO_SERVER (or --argo-server, or argo_server in hera.config); without --submit the workflow runs here",
          exitCode: FailureClass.settings.exitCode)
      }
      return .argo(server.value)
    case .run(chosen: false):
      if let server {
        Diagnostics.standard.note("submitting to the Argo Server \(server.value) (\(server.source)); --local runs the workflow here")
        return .argo(server.value)
      }
      if options.watch || options.wait {
        // Asked to follow a submission: running here instead would not be what was asked.
        throw CommandFailure(
          "\(options.watch ? "--watch" : "--wait") follows a submission, and no Argo Server is configured",
          hint:
            "set ARGO_SERVER (or --argo-server, or argo_server in hera.config); without \(options.watch ? "--watch" : "--wait") the workflow runs here, followed as it runs",
          exitCode: FailureClass.settings.exitCode)
      }
      Diagnostics.standard.note(
        "no Argo Server is configured: the workflow runs on this machine (ARGO_SERVER, or --submit with --argo-server, sends it to Argo)")
      return .local
    default:
      return server.map { .argo($0.value) } ?? .local
    }
  }

  /// Argo's rules, offline: warnings and errors on standard error (with notes too for
  /// `--lint`); nothing runs when one is an error.
  func lint(_ workflow: Workflow, all: Bool) throws {
    let diagnostics = Linter(options: .submit).lint(.workflow(workflow))
    for diagnostic in diagnostics where all || diagnostic.severity >= .warning {
      Diagnostics.standard.lint(diagnostic)
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw CommandFailure("lint found errors in the workflow the experiment built; nothing was \(all ? "done" : "run")")
    }
    if all {
      let name = workflow.metadata.name ?? workflow.metadata.generateName.map { $0 + "…" } ?? "the workflow"
      Terminal.standardOutput.write("\(name): no errors (Argo's rules)\n")
    }
  }

  func printConfig(_ settings: HeraSettings, execution: ExecutionSettings, environment: Environment) {
    let rows = settings.rows.filter { row in !ExecutionSettings.fileKeys.contains(row.name) } + execution.rows
    var text = "Settings\n" + SettingsTable.text(rows, indent: "  ", maxValueWidth: 48)
    if !settings.configFiles.isEmpty { text += "  config files read: \(settings.configFiles.joined(separator: ", "))\n" }
    text += "Environment\n"
    for row in environment.rows { text += "  \(row.name): \(row.value)\n" }
    Terminal.standardOutput.write(text)
  }

  // MARK: On this machine

  func runHere(_ workflow: Workflow, environment: Environment) async throws {
    let store = RunStore(workFolder: options.workDirectory)
    var resources = LocalResources(configMaps: environment.localConfigMaps, secrets: environment.localSecrets)
    let given = LocalResources(manifests: try ResourceFiles.read(options.resourceFiles))
    resources.configMaps.merge(given.configMaps) { $1 }
    resources.secrets.merge(given.secrets) { $1 }
    // A ConfigMap given under another name than the one the workflow reads would be silently
    // ignored, and the run would go on without its values.
    let used = ResourceReferences(workflow)
    for (kind, givenNames, usedNames) in [
      ("ConfigMap", Array(given.configMaps.keys), used.configMaps), ("Secret", Array(given.secrets.keys), used.secrets),
    ] {
      for name in givenNames.sorted() where !usedNames.contains(name) {
        let others = usedNames.isEmpty ? "it uses none" : "it uses \(usedNames.sorted().joined(separator: ", "))"
        let flag = kind == "ConfigMap" && !environment.configMaps.isEmpty ? "; --k8s-configmap-name names the environment's" : ""
        Diagnostics.standard.warning("--resources gives the \(kind) \(name), which the workflow does not use (\(others)\(flag))")
      }
    }
    let missing =
      environment.configMaps.filter { resources.configMaps[$0.name] == nil }.map { "ConfigMap \($0.name)" }
      + environment.secrets.filter { resources.secrets[$0.name] == nil }.map { "Secret \($0.name)" }
    if !missing.isEmpty {
      throw CommandFailure(
        "the environment needs \(missing.joined(separator: ", ")), which this machine does not have",
        hint: "give its manifest with --resources FILE", exitCode: FailureClass.resource.exitCode)
    }
    // What the volume holds before the run, to tell what the run wrote (a time window would
    // take in a run of a moment before, or miss files a coarse clock dates too early).
    let before = environment.volume.map { ResultFiles.snapshot(under: store.claimVolume($0.claimName)) } ?? [:]
    let (images, programs) = try LocalArguments.images(options.imageMap, options.entrypoints)
    let execution = LocalExecution(
      store: store, resources: resources, library: TemplateLibrary(), runner: options.runner, imageMap: images,
      entrypoints: programs, parallelism: options.parallelism, progress: ProgressChoice(mode: options.progress))
    try await execution.perform(
      options.resume.map { .resume($0) } ?? .new(workflow),
      extra: { final in failures(of: final) + outputs(of: final, store: store) + results(of: environment, store: store, before: before) },
      resumeCommand: Command.configuration.commandName ?? "the experiment")
  }

  /// What failed, pod by pod, with why: the workflow's own message names a failed child by its
  /// node ID only.
  func failures(of workflow: Workflow) -> [String] {
    guard workflow.workflowPhase != .succeeded else { return [] }
    let failed = (workflow.status?.nodes ?? [:]).values.filter { $0.type == "Pod" && $0.nodePhase?.isFailedOrError == true }
      .sorted { ($0.finishedAt?.text ?? "", $0.name) < ($1.finishedAt?.text ?? "", $1.name) }
    guard !failed.isEmpty else { return [] }
    let shown = 5
    var lines = ["\(failed.count) pod\(failed.count == 1 ? "" : "s") failed:"]
    for node in failed.prefix(shown) {
      lines.append("  \(node.displayName ?? node.name): \(node.message ?? node.phase ?? "")")
    }
    if failed.count > shown { lines.append("  … and \(failed.count - shown) more (hera get --local \(workflow.metadata.name ?? ""))") }
    return lines
  }

  /// What a small run's pods printed (a hello world, a coin's side), without their time stamps;
  /// a larger run's are for `hera logs --local`.
  func outputs(of workflow: Workflow, store: RunStore) -> [String] {
    let pods = (workflow.status?.nodes ?? [:]).values.filter { $0.type == "Pod" }
      .sorted { ($0.finishedAt?.text ?? "", $0.name) < ($1.finishedAt?.text ?? "", $1.name) }
    guard !pods.isEmpty, pods.count <= 4, let name = workflow.metadata.name else { return [] }
    var lines: [String] = []
    for pod in pods {
      guard let data = FileManager.default.contents(atPath: store.logFile(name, nodeID: pod.id).path) else { continue }
      let logged = String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
        // Each line is `TIME TEXT`, as the kubelet writes it.
        line.firstIndex(of: " ").map { String(line[line.index(after: $0)...]) } ?? String(line)
      }
      guard !logged.isEmpty else { continue }
      // A workflow of one container has its pod as the root node, named as the workflow.
      let label = pod.name == name ? (pod.templateName ?? name) : (pod.displayName ?? pod.name)
      lines.append("\(label) printed:")
      lines += logged.prefix(10).map { "  \($0)" }
      if logged.count > 10 { lines.append("  … (hera logs --local \(name) shows the rest)") }
    }
    return lines
  }

  /// Where the results are: the files the run wrote on the environment's volume.
  func results(of environment: Environment, store: RunStore, before: [String: ResultFiles.Stamp]) -> [String] {
    guard let volume = environment.volume else { return [] }
    let folder = store.claimVolume(volume.claimName)
    let written = ResultFiles.written(under: folder, before: before)
    let place = LocalExecution.relative(folder.path)
    guard !written.isEmpty else {
      return ["The volume claim \(volume.claimName) (\(volume.mountPath) in the containers) is \(place); this run wrote nothing there"]
    }
    var lines = [
      "Results: \(written.count) file\(written.count == 1 ? "" : "s") written in \(place) (\(volume.mountPath) in the containers):"
    ]
    let shown = 12
    for file in written.prefix(shown) { lines.append("  \(file.path)  \(ResultFiles.size(file.bytes))") }
    if written.count > shown { lines.append("  … and \(written.count - shown) more") }
    return lines
  }

  // MARK: On an Argo Server

  func submit(_ workflow: Workflow, environment: Environment, settings: HeraSettings) async throws {
    // Only what the workflow uses is checked, and said.
    let environment = environment.used(by: workflow)
    if !options.skipChecks { try await checkCluster(environment, settings: settings) }
    try await ServerSession.run(settings: settings) { session in
      let created = try await session.client.createWorkflow(workflow, namespace: session.namespace)
      Terminal.standardOutput.write(WorkflowSummary.text(created) + "\n")
      if let volume = environment.volume {
        Terminal.standardOutput.write(
          "Results go to the volume claim \(volume.claimName), mounted at \(volume.mountPath), in namespace \(session.namespace)\n")
      }
      guard options.watch || options.wait else { return }
      let mode: ProgressMode = options.watch ? options.progress : .off
      let final = try await WorkflowFollower.follow(
        created.metadata.name ?? "", namespace: session.namespace, client: session.client, mode: mode)
      if options.wait { Terminal.standardOutput.write(WorkflowFollower.outcome(final)) }
      if final.workflowPhase != .succeeded { throw ExitCode.failure }
    }
  }

  /// The claim Bound, the ConfigMaps with their keys, the Secrets: checked on the cluster when
  /// the kubeconfig reaches it, else said to be unchecked.
  func checkCluster(_ environment: Environment, settings: HeraSettings) async throws {
    guard environment.volume != nil || !environment.configMaps.isEmpty || !environment.secrets.isEmpty else { return }
    do {
      _ = try settings.kubernetesAccess()
    } catch {
      // A kubeconfig named on the command line was meant to be used: that it cannot be is an
      // error, not a reason to submit unchecked.
      if settings.kubeconfigPaths.source.isFlag {
        throw CommandFailure(
          "the kubeconfig \(settings.kubeconfigPaths.value.joined(separator: ":")) (\(settings.kubeconfigPaths.source)) cannot be used to check the environment: \(error.message); nothing was submitted",
          hint: "\(error.hint ?? "fix the file, or leave --kubeconfig out (--skip-checks submits without checking)")",
          exitCode: FailureClass.credential.exitCode)
      }
      Diagnostics.standard.warning(
        "what the workflow needs on the cluster is not checked (\(needs(environment))): \(error.message)",
        hint: "give a kubeconfig (KUBECONFIG, --kubeconfig) to check them before submitting, or --skip-checks to silence this")
      return
    }
    let report = await environment.accessCheck(settings: settings).runClusterChecks()
    if !report.passed {
      Diagnostics.standard.say(report.text)
      throw CommandFailure(
        "the environment the workflow needs is not ready on the cluster; nothing was submitted (--skip-checks submits anyway)",
        exitCode: report.exitCode)
    }
    Diagnostics.standard.note("the cluster has what the workflow needs (\(needs(environment)))")
  }

  /// `volume claim lyon-data, ConfigMap proxy-environment`.
  func needs(_ environment: Environment) -> String {
    let parts =
      (environment.volume.map { ["volume claim \($0.claimName)"] } ?? []) + environment.configMaps.map { "ConfigMap \($0.name)" }
      + environment.secrets.map { "Secret \($0.name)" }
    return parts.joined(separator: ", ")
  }
}

/// The files a run wrote under a folder.
enum ResultFiles {
  struct File {
    var path: String
    var bytes: Int
  }

  /// What identifies a version of a file: its modification time and size.
  struct Stamp: Equatable {
    var modified: Date?
    var bytes: Int
  }

  /// The regular files under a folder, by path relative to it, with their stamps.
  static func snapshot(under folder: URL) -> [String: Stamp] {
    var files: [String: Stamp] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return files }
    while let relative = enumerator.nextObject() as? String {
      let attributes = enumerator.fileAttributes ?? [:]
      guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
      files[relative] = Stamp(modified: attributes[.modificationDate] as? Date, bytes: (attributes[.size] as? Int) ?? 0)
    }
    return files
  }

  /// The files under `folder` that are new or changed since `before` was taken, in path order.
  static func written(under folder: URL, before: [String: Stamp]) -> [File] {
    snapshot(under: folder).filter { before[$0.key] != $0.value }.map { File(path: $0.key, bytes: $0.value.bytes) }.sorted {
      $0.path < $1.path
    }
  }

  static func size(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) B" }
    if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
    return String(format: "%.1f MiB", Double(bytes) / 1024 / 1024)
  }
}
