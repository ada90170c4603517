import ArgumentParser
import Foundation
import HeraUtils

/// The standard command line of an experiment executable: where to send the workflow (or what
/// else to do with it), the settings of submission, the environment of execution, and how to run
/// it on this machine. Every ``ExperimentCommand`` has it, next to its own options:
///
/// ```swift
/// @main
/// struct Collect: ExperimentCommand {
///   @OptionGroup var experiment: ExperimentOptions
///   @Option(parsing: .upToNextOption) var vintages: [String] = ["2009", "2012"]
///   ...
/// }
/// ```
///
/// ```
/// collect                          # here, with the local engine (no Argo Server configured)
/// collect --submit --watch         # to the Argo Server of ARGO_SERVER / hera.config, followed
/// collect --render -o json         # the manifest, for kubectl or argo
/// collect --graph -o dot           # the DAG, for Graphviz
/// collect --print-config           # every setting, with where it comes from
/// collect --vintages 2009 2012 2015 --boroughs LYON_1ER
/// ```
public struct ExperimentOptions: ParsableArguments, Sendable {
  // MARK: What to do

  @Flag(help: "Run the workflow on this machine (the default when no Argo Server is configured).")
  public var local = false

  @Flag(help: "Submit the workflow to the Argo Server (the default when one is configured).")
  public var submit = false

  @Flag(help: "Write the workflow's manifest (-o yaml or json) instead of running it.")
  public var render = false

  @Flag(help: "Lint the workflow with Argo's rules, and stop.")
  public var lint = false

  @Flag(help: "Draw the workflow's DAG and steps (-o mermaid or dot), and stop.")
  public var graph = false

  @Flag(name: .customLong("print-config"), help: "Print the settings and the environment, each with its source, and stop.")
  public var printConfig = false

  @Option(name: [.short, .customLong("output")], help: "With --render: yaml (default) or json; with --graph: mermaid (default) or dot.")
  public var output: String?

  // MARK: Following a submission

  @Flag(help: "With --submit: show the workflow's progress until it ends.")
  public var watch = false

  @Flag(help: "With --submit: wait for the workflow to end, then print how it ended.")
  public var wait = false

  @Option(help: "How progress is shown: auto (redrawn on a terminal, a line per change otherwise), tty, plain or none.")
  public var progress: String = "auto"

  @Flag(name: .customLong("skip-checks"), help: "With --submit: do not check the volume claim, ConfigMaps and Secrets on the cluster first.")
  public var skipChecks = false

  // MARK: The environment of execution

  @Option(
    name: [.customLong("k8s-volume-claim-name"), .customLong("k8s_volume_claim_name")],
    help: "The PersistentVolumeClaim the stages share (KUBEVOLUMECLAIMNAME; on this machine, a folder of .hera/volumes).")
  public var volumeClaim: String?

  @Option(name: .customLong("k8s-volume-mount-path"), help: "Where containers mount the claim.")
  public var mountPath: String?

  @Option(
    name: [.customLong("k8s-configmap-name"), .customLong("k8s_configmap_name")],
    help: "The ConfigMap of proxy settings injected into every container (KUBECONFIGMAP; on this machine, this machine's proxy variables).")
  public var configMap: String?

  @Option(help: "The container registry of the experiment's images (HERA_REGISTRY).")
  public var registry: String?

  @Option(help: "The organisation (or project) of the images in the registry (HERA_ORGANISATION).")
  public var organisation: String?

  // MARK: Running on this machine

  @Option(help: "With --local: where containers run: auto, host, podman or docker.")
  public var runner: String = "auto"

  @Option(name: .customLong("image-map"), help: "With --local: run image FROM as image TO: FROM=TO (repeatable).")
  public var imageMap: [String] = []

  @Option(
    name: .customLong("image-entrypoint"),
    help: "With --local: on this machine, run PROGRAM for containers of IMAGE that give no command: IMAGE=PROGRAM (repeatable).")
  public var entrypoints: [String] = []

  @Option(parsing: .unconditional, help: "With --local: at most this many containers at once (default: the workflow's parallelism, else the cores).")
  public var parallelism: Int?

  @Option(name: .customLong("work-dir"), help: "With --local: the folder that holds .hera (default: the current folder).")
  public var workDirectory: String?

  @Option(
    name: .customLong("resources"), help: "With --local: a manifest file, or a folder of them, of ConfigMaps and Secrets the workflow reads (repeatable).")
  public var resourceFiles: [String] = []

  @Option(help: "Continue the run of this name on this machine: what did not succeed runs again (the workflow is the saved one).")
  public var resume: String?

  // MARK: The settings of submission

  @OptionGroup public var hera: HeraOptions

  public init() {}

  /// What the command line asks for.
  enum Action: Equatable {
    /// Run here or submit, as the settings say.
    case run(chosen: Bool)
    case render, lint, graph, printConfig
  }

  var action: Action {
    if render { return .render }
    if lint { return .lint }
    if graph { return .graph }
    if printConfig { return .printConfig }
    return .run(chosen: local || submit)
  }

  public func validate() throws {
    let actions = [("--local", local), ("--submit", submit), ("--render", render), ("--lint", lint), ("--graph", graph), ("--print-config", printConfig)]
      .filter(\.1).map(\.0)
    if actions.count > 1 { throw ValidationError("\(actions.joined(separator: " and ")) cannot be used together: choose one") }
    if watch, wait { throw ValidationError("--watch and --wait cannot be used together: --watch waits too") }
    if watch || wait, local || render || lint || graph || printConfig {
      throw ValidationError("--watch and --wait follow a submission (--submit); a run here is always followed")
    }
    if let output {
      let allowed = render ? ["yaml", "json"] : graph ? ["mermaid", "dot"] : []
      if allowed.isEmpty { throw ValidationError("-o/--output goes with --render (yaml, json) or --graph (mermaid, dot)") }
      if !allowed.contains(output) { throw ValidationError("-o \(output): expected \(allowed.joined(separator: " or ")) with \(render ? "--render" : "--graph")") }
    }
    if ProgressMode(argument: progress) == nil {
      throw ValidationError("--progress \(progress): expected one of \(ProgressMode.argumentNames.joined(separator: ", "))")
    }
    if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be at least 1 (it was \(parallelism))") }
    try LocalRunOptionsGroup.checkWorkDirectory(workDirectory)
    if resume != nil, submit || render || lint || graph || printConfig {
      throw ValidationError("--resume continues a run on this machine; it goes with --local, or alone")
    }
  }

  /// The environment-of-execution flags given, by key.
  var executionFlags: [ExecutionSettings.Key: String] {
    var flags: [ExecutionSettings.Key: String] = [:]
    flags[.volumeClaim] = volumeClaim
    flags[.mountPath] = mountPath
    flags[.configMap] = configMap
    flags[.registry] = registry
    flags[.organisation] = organisation
    return flags
  }
}
