import ArgoModel
import ArgumentParser
import Hera
import HeraSession

/// `hera graph FILE`: the structure of a workflow as Mermaid or DOT.
struct Graph: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draw a workflow's DAG and steps structure as Mermaid (GitHub renders it) or Graphviz DOT."
  )

  @Argument(help: "A manifest file (YAML or JSON); - reads standard input.")
  var file: String

  @Option(help: "The output: mermaid or dot.")
  var format: GraphFormat = .mermaid

  @Option(help: "The resource to draw, by name, when the file holds several.")
  var name: String?

  @Flag(
    inversion: .prefixedNo,
    help: "Reject fields that Argo's schema does not define, as render and lint do (--no-strict keeps them).")
  var strict = true

  @Flag(inversion: .prefixedNo, help: "Lint first, and draw nothing when lint finds an error: a drawing of an invalid workflow misleads.")
  var lint = true

  func run() async throws {
    let input = try ManifestInput.read([file], strict: strict)
    if lint, ManifestInput.report(input.lint()) {
      throw CommandFailure("lint found errors; nothing was drawn (--no-lint draws anyway)")
    }
    let drawable = input.manifests.filter { manifest in
      guard manifest.resource is any WorkflowSpecResource else { return false }
      guard let name else { return true }
      return manifest.resource?.metadata.name == name || manifest.resource?.metadata.generateName == name
    }
    guard let manifest = drawable.first, let resource = manifest.resource as? any WorkflowSpecResource else {
      let what = name.map { "no workflow named \"\($0)\"" } ?? "no Workflow, WorkflowTemplate or CronWorkflow"
      throw CommandFailure("\(file): \(what) to draw")
    }
    let graph = WorkflowGraph(resource)
    Terminal.standardOutput.write(format == .dot ? graph.dot() : graph.mermaid())
  }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
  case mermaid, dot
}
