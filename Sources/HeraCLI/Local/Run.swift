import ArgoModel
import ArgumentParser
import Dispatch
import Foundation
import Hera
import HeraSession
import HeraUtils
import LocalEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `hera run FILE...`: runs a workflow on this machine, with Argo's semantics.
struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a workflow on this machine, as Argo would run it on a cluster.",
    discussion: """
      The files hold one Workflow and, if it needs them, the WorkflowTemplates and \
      ClusterWorkflowTemplates it refers to and the ConfigMaps and Secrets it reads. The workflow \
      is linted first; fields that only a cluster honours (nodeSelector, tolerations, ...) are \
      listed once. As Argo's controller does, the run then checks the workflow with its \
      WorkflowTemplate merged in, and one it finds invalid ends Failed ("invalid spec: ...") \
      before anything runs, --no-lint or not.

      Each container runs as a process of this machine (--runner host) or in a container \
      (--runner podman|docker); auto uses a container when an engine is here and the image is \
      present, else this machine. The run is kept in .hera/runs/NAME under the work folder: \
      the status (workflow.json), each node's log and scratch folder, the artifacts; \
      persistent volume claims are folders of .hera/volumes, kept across runs.

      Ctrl-C stops the run (running containers are stopped, exit handlers still run); a second \
      Ctrl-C terminates it. --resume NAME runs again what did not succeed in a stopped or failed \
      run. One run is run by one command at a time: a second hera run of the same name, or a \
      --resume of a run that goes on, is refused with exit code 75. The exit code is 0 when \
      the workflow Succeeded, 74 when it ended but its final state could not be saved (a full \
      disk), and 1 otherwise.
      """
  )

  @Argument(
    help: "Manifests (YAML or JSON) holding one Workflow, and any templates, ConfigMaps and Secrets it needs; - reads standard input.")
  var files: [String] = []

  @OptionGroup var arguments: ArgumentOptions

  @Option(help: "Where containers run: auto, host, podman or docker.", transform: LocalArguments.runner)
  var runner: RunnerKind = .auto

  @Option(name: .customLong("image-map"), help: "Run image FROM as image TO: FROM=TO (repeatable).", transform: LocalArguments.imageMapping)
  var imageMap: [ImageMap.Entry] = []

  @Option(
    name: .customLong("image-entrypoint"),
    help: "On this machine, run PROGRAM for containers of IMAGE that give no command (the image's entrypoint): IMAGE=PROGRAM (repeatable).",
    transform: LocalArguments.entrypoint)
  var entrypoints: [ImageEntrypoints.Entry] = []

  // Unconditional: `--parallelism -1` is a value to refuse, not a flag.
  @Option(
    parsing: .unconditional, help: "At most this many containers at once (default: the workflow's parallelism, else the number of cores).")
  var parallelism: Int?

  @Option(name: .customLong("work-dir"), help: "The folder that holds .hera (default: the current folder).")
  var workDirectory: String?

  @Option(
    name: .customLong("resources"), help: "A manifest file, or a folder of them, of ConfigMaps and Secrets the workflow reads (repeatable)."
  )
  var resourceFiles: [String] = []

  @Flag(
    name: .customLong("skip-resources"),
    help: "Let resource templates (which create Kubernetes objects) succeed without doing anything, instead of failing.")
  var skipResources = false

  @Option(help: "Continue the saved run of this name: what did not succeed runs again.")
  var resume: String?

  @Option(name: .customLong("name"), help: "Name the run (default: the workflow's name, or its generateName and a random suffix).")
  var name: String?

  @Option(help: "How progress is shown: auto (redrawn on a terminal, a line per change otherwise), tty, plain or none.")
  var progress: ProgressChoice = .auto

  @Flag(inversion: .prefixedNo, help: "Lint with Argo's rules first, and run nothing when one has an error.")
  var lint = true

  @Flag(inversion: .prefixedNo, help: "Reject fields that Argo's schema does not define.")
  var strict = true

  @Option(
    name: [.customShort("o"), .customLong("output")], help: "At the end, print the workflow as name, json or yaml instead of a summary.")
  var output: ObjectFormat = .table

  func validate() throws {
    if files.isEmpty, resume == nil { throw ValidationError("give the workflow's files, or --resume NAME") }
    if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be at least 1 (it was \(parallelism))") }
    try LocalExecution.checkWorkDirectory(workDirectory)
  }

  func run() async throws {
    let store = RunStore(workFolder: workDirectory)
    let input = files.isEmpty ? ManifestInput() : try ManifestInput.read(files, strict: strict)
    let manifests = input.manifests + (try ResourceFiles.read(resourceFiles))
    let library = TemplateLibrary(manifests)
    let resources = LocalResources(manifests: manifests)

    let (images, programs) = try LocalArguments.images(imageMap, entrypoints)
    let execution = LocalExecution(
      store: store, resources: resources, library: library, runner: runner, imageMap: images, entrypoints: programs,
      parallelism: parallelism,
      skipResources: skipResources, progress: progress, output: output)
    if let resume {
      if !files.isEmpty { Diagnostics.standard.note("--resume runs the saved workflow; the files give only templates and resources") }
      try await execution.perform(.resume(resume), resumeCommand: "hera run")
      return
    }
    var workflow = try chooseWorkflow(input)
    for warning in arguments.apply(try arguments.values(), to: &workflow) { Diagnostics.standard.warning(warning) }
    if let name { workflow.metadata.name = name }
    if lint { try lintFirst(workflow, input: input, library: library) }
    try await execution.perform(.new(workflow), resumeCommand: "hera run")
  }

  /// The one Workflow of the files.
  private func chooseWorkflow(_ input: ManifestInput) throws -> Workflow {
    let workflows = input.documents.compactMap { document -> (Workflow, ManifestDocument)? in
      if case .workflow(let workflow) = document.manifest { return (workflow, document) }
      return nil
    }
    guard let first = workflows.first else {
      let crons = input.manifests.compactMap { manifest -> CronWorkflow? in
        if case .cronWorkflow(let cron) = manifest { return cron }
        return nil
      }
      if let cron = crons.first, workflows.isEmpty {
        // A CronWorkflow runs once, now, as `argo submit --from cronworkflow/NAME` does.
        return Workflow(metadata: ObjectMeta(generateName: (cron.metadata.name ?? "cron") + "-"), spec: cron.spec.workflowSpec)
      }
      throw CommandFailure("no Workflow in \(files.joined(separator: ", ")); hera run runs one Workflow (or a CronWorkflow, once)")
    }
    if workflows.count > 1 {
      let places = workflows.map { "\($0.1.source ?? "-"):\($0.1.line)" }.joined(separator: ", ")
      throw CommandFailure("\(workflows.count) workflows are given (\(places)); hera run runs one at a time", exitCode: 64)
    }
    return first.0
  }

  private func lintFirst(_ workflow: Workflow, input: ManifestInput, library: TemplateLibrary) throws {
    let linter = Linter(options: .submit, library: library)
    let document = input.documents.first { if case .workflow = $0.manifest { return true } else { return false } }
    let diagnostics = linter.lint(.workflow(workflow))
    if let document {
      if ManifestInput.report([(document, diagnostics)]) {
        throw CommandFailure("lint found errors; nothing was run (--no-lint runs anyway)")
      }
    } else if diagnostics.contains(where: { $0.severity == .error }) {
      for diagnostic in diagnostics where diagnostic.severity >= .warning { Diagnostics.standard.lint(diagnostic) }
      throw ExitCode.failure
    }
  }
}
