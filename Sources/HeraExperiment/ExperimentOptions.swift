import ArgumentParser
import Foundation
import HeraSession
import HeraUtils
import LocalEngine

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

  @Flag public var mode: ExperimentMode?

  /// `--local`.
  public var local: Bool { mode == .local }
  /// `--submit`.
  public var submit: Bool { mode == .submit }
  /// `--render`.
  public var render: Bool { mode == .render }
  /// `--lint`.
  public var lint: Bool { mode == .lint }
  /// `--graph`.
  public var graph: Bool { mode == .graph }
  /// `--print-config`.
  public var printConfig: Bool { mode == .printConfig }

  @Option(name: [.short, .customLong("output")], help: "With --render: yaml (default) or json; with --graph: mermaid (default) or dot.")
  public var output: String?

  // MARK: Following a submission

  @Flag(help: "With --submit: show the workflow's progress until it ends.")
  public var watch = false

  @Flag(help: "With --submit: wait for the workflow to end, then print how it ended.")
  public var wait = false

  @Option(
    help: "How progress is shown: auto (redrawn on a terminal, a line per change otherwise), tty, plain or none.",
    transform: LocalArguments.progress)
  public var progress: ProgressMode = .automatic

  @Flag(
    name: .customLong("skip-checks"), help: "With --submit: do not check the volume claim, ConfigMaps and Secrets on the cluster first.")
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

  @Option(help: "With --local: where containers run: auto, host, podman or docker.", transform: LocalArguments.runner)
  public var runner: RunnerKind = .auto

  @Option(
    name: .customLong("image-map"), help: "With --local: run image FROM as image TO: FROM=TO (repeatable).",
    transform: LocalArguments.imageMapping)
  public var imageMap: [ImageMap.Entry] = []

  @Option(
    name: .customLong("image-entrypoint"),
    help: "With --local: on this machine, run PROGRAM for containers of IMAGE that give no command: IMAGE=PROGRAM (repeatable).",
    transform: LocalArguments.entrypoint)
  public var entrypoints: [ImageEntrypoints.Entry] = []

  @Option(
    parsing: .unconditional,
    help: "With --local: at most this many containers at once (default: the workflow's parallelism, else the cores).")
  public var parallelism: Int?

  @Option(name: .customLong("work-dir"), help: "With --local: the folder that holds .hera (default: the current folder).")
  public var workDirectory: String?

  @Option(
    name: .customLong("resources"),
    help: "With --local: a manifest file, or a folder of them, of ConfigMaps and Secrets the workflow reads (repeatable).")
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
    switch mode {
    case .render: return .render
    case .lint: return .lint
    case .graph: return .graph
    case .printConfig: return .printConfig
    case .local, .submit: return .run(chosen: true)
    case nil: return .run(chosen: false)
    }
  }

  public func validate() throws {
    if watch, wait { throw ValidationError("--watch and --wait cannot be used together: --watch waits too") }
    if watch || wait, local || render || lint || graph || printConfig {
      throw ValidationError("--watch and --wait follow a submission (--submit); a run here is always followed")
    }
    if let output {
      let allowed = render ? ["yaml", "json"] : graph ? ["mermaid", "dot"] : []
      if allowed.isEmpty { throw ValidationError("-o/--output goes with --render (yaml, json) or --graph (mermaid, dot)") }
      if !allowed.contains(output) {
        throw ValidationError("-o \(output): expected \(allowed.joined(separator: " or ")) with \(render ? "--render" : "--graph")")
      }
    }
    if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be at least 1 (it was \(parallelism))") }
    try LocalExecution.checkWorkDirectory(workDirectory)
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

/// What an experiment's command line asks for, one at a time: run here, submit, or look at the
/// workflow without running it. With none, the workflow runs where the settings say.
public enum ExperimentMode: String, EnumerableFlag, Sendable {
  case local, submit, render, lint, graph, printConfig

  public static func name(for value: ExperimentMode) -> NameSpecification {
    value == .printConfig ? .customLong("print-config") : .long
  }

  public static func help(for value: ExperimentMode) -> ArgumentHelp? {
    switch value {
    case .local: return "Run the workflow on this machine (the default when no Argo Server is configured)."
    case .submit: return "Submit the workflow to the Argo Server (the default when one is configured)."
    case .render: return "Write the workflow's manifest (-o yaml or json) instead of running it."
    case .lint: return "Lint the workflow with Argo's rules, and stop."
    case .graph: return "Draw the workflow's DAG and steps (-o mermaid or dot), and stop."
    case .printConfig: return "Print the settings and the environment, each with its source, and stop."
    }
  }
}
