import ArgoModel
import ArgumentParser
import Hera
import HeraSession

/// `hera lint FILE...`: Argo's validation rules, offline.
struct Lint: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check manifests against Argo's validation rules, without a cluster.",
    discussion: """
      The files are linted together: a templateRef to a WorkflowTemplate of another file given \
      is resolved. Errors are what the Argo Server would reject; warnings what it accepts but is \
      likely wrong; notes what could not be checked offline. Exits with 1 when there is an error.

      -p and -f give the Workflows the argument values a submission would give them (as \
      hera submit takes them), so that a workflow whose parameters come at submission lints \
      as it will be submitted: with --submit, an argument without a value is an error.
      """
  )

  @Argument(help: "Manifest files (YAML or JSON); - reads standard input.")
  var files: [String]

  @Flag(inversion: .prefixedNo, help: "Reject fields that Argo's schema does not define.")
  var strict = true

  @Flag(help: "Apply the rules of submission: workflow arguments need values.")
  var submit = false

  @Flag(name: .customLong("notes"), help: "Show notes (what could not be checked offline) as well.")
  var showsNotes = false

  @OptionGroup var arguments: ArgumentOptions

  func run() async throws {
    var input = try ManifestInput.read(files, strict: strict)
    let values = try arguments.values()
    if !values.isEmpty || arguments.entrypoint != nil {
      // The values a submission would give: to each Workflow, as hera submit gives them.
      var workflows = 0
      for index in input.documents.indices {
        guard case .workflow(var workflow) = input.documents[index].manifest else { continue }
        workflows += 1
        for warning in arguments.apply(values, to: &workflow) { Diagnostics.standard.warning(warning) }
        input.documents[index].manifest = .workflow(workflow)
      }
      if workflows == 0 { Diagnostics.standard.warning("-p, -f and --entrypoint apply to Workflows; the files have none") }
    }
    var counts: [Diagnostic.Severity: Int] = [:]
    var lines: [String] = []
    for (document, diagnostics) in input.lint(options: submit ? .submit : .lint) {
      for diagnostic in diagnostics {
        counts[diagnostic.severity, default: 0] += 1
        if diagnostic.severity == .note, !showsNotes { continue }
        lines.append(ManifestInput.format(diagnostic, in: document))
      }
    }
    let errors = counts[.error] ?? 0
    let warnings = counts[.warning] ?? 0
    let documents = input.documents.filter { $0.manifest.resource != nil }.count
    var summary = "\(documents) document\(documents == 1 ? "" : "s"): "
    summary +=
      errors == 0 && warnings == 0
      ? "no problems" : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    if let notes = counts[.note], notes > 0, !showsNotes { summary += " (\(notes) note\(notes == 1 ? "" : "s"): --notes shows them)" }
    Terminal.standardOutput.write((lines + [summary]).joined(separator: "\n") + "\n")
    if errors > 0 { throw ExitCode.failure }
  }
}
