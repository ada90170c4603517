import ArgoModel
import ArgumentParser

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

  func run() async throws {
    var options = ManifestReader.Options()
    options.decoding = strict ? .strict : .preserving
    let reader = ManifestReader(options: options)
    var manifests: [Manifest] = []
    var failed = false
    for file in files {
      do {
        let documents = try reader.read(contentsOf: file)
        for warning in Set(documents.flatMap(\.warnings).map(\.description)).sorted() {
          Terminal.standardError.write("warning: \(warning)\n")
        }
        manifests += documents.map(\.manifest)
      } catch {
        Terminal.standardError.write("error: \(error)\n")
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
    let writer = ManifestWriter(format: output.format)
    Terminal.standardOutput.write(writer.bytes(manifests))
  }
}

/// The formats `-o` accepts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case yaml, json

  var format: ManifestFormat { self == .json ? .json : .yaml }
}
