import ArgoModel
import ArgumentParser
import HeraSession

/// `hera render FILE...`: reads manifests into the model and writes them back out.
struct Render: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read manifests and write them back out as YAML or JSON.",
    discussion: """
      Every document is read into the model of its kind (Workflow, WorkflowTemplate, \
      ClusterWorkflowTemplate, CronWorkflow, WorkflowEventBinding) and written back with a stable \
      key order. Other Kubernetes objects (ConfigMaps, PVCs) pass through unchanged. Nothing is \
      written unless every file reads without error.
      """
  )

  @Argument(help: "Manifest files (YAML or JSON); - reads standard input.")
  var files: [String]

  @Option(name: [.short, .customLong("output")], help: "The output format: yaml or json.")
  var output: OutputFormat = .yaml

  @Flag(
    inversion: .prefixedNo,
    help: "Reject fields that Argo's schema does not define (with --no-strict they are kept and written back).")
  var strict = true

  @Flag(inversion: .prefixedNo, help: "Lint before rendering, and render nothing when lint finds an error.")
  var lint = true

  func run() async throws {
    let input = try ManifestInput.read(files, strict: strict)
    if lint {
      if ManifestInput.report(input.lint()) {
        throw CommandFailure("lint found errors; nothing was rendered (--no-lint renders anyway)")
      }
    }
    let writer = ManifestWriter(format: output.format)
    Terminal.standardOutput.write(writer.bytes(input.manifests))
  }
}

/// The formats `-o` accepts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case yaml, json

  var format: ManifestFormat { self == .json ? .json : .yaml }
}
