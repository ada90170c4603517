import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import Hera
import HeraSession
import HeraUtils

/// `hera submit FILE... | --from KIND/NAME`: lints, then creates workflows on the Argo Server.
struct Submit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Submit workflows to the Argo Server, from files or from a template.",
    discussion: """
      Workflows are linted with Argo's rules first (with the files given, so that a templateRef \
      to a WorkflowTemplate of another file is checked), and nothing is submitted when one has an \
      error. --server-lint asks the server to validate them too. Each submission carries a unique \
      label, so that a submission whose answer is lost is found again rather than made twice.

      With --watch the workflow's progress is shown until it ends; with --wait only its end. The \
      exit code is then 0 when every workflow Succeeded and 1 when one Failed or ended in Error.
      """
  )

  @Argument(help: "Workflow manifests (YAML or JSON); - reads standard input.")
  var files: [String] = []

  @Option(help: "Submit from a template instead of files: workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME.")
  var from: String?

  @OptionGroup var arguments: ArgumentOptions

  @Option(name: .customLong("generate-name"), help: "Name the workflow with this prefix and a random suffix.")
  var generateName: String?

  @Option(help: "Name the workflow (only with one workflow).")
  var name: String?

  @Option(name: [.customShort("l"), .customLong("labels")], help: "Labels to add: a=b,c=d.")
  var labels: String?

  @Option(
    name: .customLong("serviceaccount"),
    help: "The service account the workflow's pods run as (default: the argo_service_account setting, when the workflow names none).")
  var serviceAccount: String?

  @OptionGroup var follow: FollowOptions

  @Flag(name: .customLong("server-dry-run"), help: "Have the server validate and default the workflow without creating it.")
  var serverDryRun = false

  @Flag(name: .customLong("server-lint"), help: "Have the server lint each workflow before it is created.")
  var serverLint = false

  @Flag(inversion: .prefixedNo, help: "Lint with Argo's rules before submitting, and submit nothing when one has an error.")
  var lint = true

  @Flag(inversion: .prefixedNo, help: "Reject fields that Argo's schema does not define.")
  var strict = true

  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml for scripts; a summary by default.")
  var output: ObjectFormat = .table

  @OptionGroup var hera: HeraOptions

  func validate() throws {
    if files.isEmpty, from == nil { throw ValidationError("give workflow files to submit, or --from KIND/NAME") }
    if !files.isEmpty, from != nil { throw ValidationError("give files or --from, not both") }
    if serverDryRun, follow.requested { throw ValidationError("a --server-dry-run creates nothing to --watch or --wait for") }
  }

  func run() async throws {
    let values = try arguments.values()
    if let from {
      try await submitFromTemplate(from, values: values)
      return
    }
    var workflows = try readWorkflows()
    for index in workflows.indices {
      for warning in arguments.apply(values, to: &workflows[index].workflow) { Diagnostics.standard.warning(warning) }
      applySubmissionOptions(to: &workflows[index].workflow)
    }
    if lint { try lintLocally(workflows) }
    try await ServerSession.run(hera) { session in
      var created: [Workflow] = []
      for (workflow, _) in workflows {
        var workflow = workflow
        if workflow.spec.serviceAccountName == nil, let account = session.settings.serviceAccount?.value {
          workflow.spec.serviceAccountName = account
        }
        if serverLint { _ = try await session.client.lintWorkflow(workflow, namespace: session.namespace) }
        created.append(try await session.client.createWorkflow(workflow, namespace: session.namespace, serverDryRun: serverDryRun))
      }
      try await report(created, session: session)
    }
  }

  /// The workflows of the files, with where each came from; other kinds are refused with the
  /// command that takes them.
  private func readWorkflows() throws -> [(workflow: Workflow, document: ManifestDocument)] {
    let input = try ManifestInput.read(files, strict: strict)
    var workflows: [(Workflow, ManifestDocument)] = []
    var refused = false
    for document in input.documents {
      switch document.manifest {
      case .workflow(let workflow): workflows.append((workflow, document))
      case .workflowTemplate, .clusterWorkflowTemplate, .cronWorkflow:
        let kind = document.manifest.resource.map { type(of: $0).kind } ?? "resource"
        let command =
          ["WorkflowTemplate": "template", "ClusterWorkflowTemplate": "cluster-template", "CronWorkflow": "cron"][kind] ?? "template"
        Diagnostics.standard.error(
          "\(document.source ?? "-"):\(document.line): a \(kind) is not submitted but stored: hera \(command) create (or apply) takes it")
        refused = true
      default:
        continue  // ConfigMaps and the like travel with workflows in some files
      }
    }
    if refused { throw ExitCode.failure }
    if workflows.isEmpty {
      throw CommandFailure("no Workflow in \(files.joined(separator: ", "))")
    }
    if name != nil, workflows.count > 1 {
      throw CommandFailure("--name names one workflow, and \(workflows.count) are given", exitCode: 64)
    }
    return workflows
  }

  private func lintLocally(_ workflows: [(workflow: Workflow, document: ManifestDocument)]) throws {
    let manifests = workflows.map { Manifest.workflow($0.workflow) }
    let others = (try? ManifestInput.read(files, strict: false).manifests) ?? []
    // Templates the files do not hold may be on the cluster: the server checks those.
    var options = Linter.Options.submit
    options.unknownTemplateReferences = .note
    let linter = Linter(options: options, library: TemplateLibrary(others + manifests))
    if ManifestInput.report(workflows.map { ($0.document, linter.lint(.workflow($0.workflow))) }) {
      throw CommandFailure("lint found errors; nothing was submitted (--no-lint submits anyway, and the server decides)")
    }
  }

  /// The options of a submission beyond arguments: name, labels, service account.
  private func applySubmissionOptions(to workflow: inout Workflow) {
    if let generateName {
      workflow.metadata.generateName = generateName
      workflow.metadata.name = nil
    }
    if let name { workflow.metadata.name = name }
    if let serviceAccount { workflow.spec.serviceAccountName = serviceAccount }
    for (key, value) in Submit.labels(labels) { workflow.metadata.labels = (workflow.metadata.labels ?? [:]).merging([key: value]) { $1 } }
  }

  static func labels(_ text: String?) -> [(String, String)] {
    (text ?? "").split(separator: ",").compactMap { pair in
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else { return nil }
      return (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
    }
  }

  private func submitFromTemplate(_ reference: String, values: [(name: String, value: String)]) async throws {
    let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2, let kind = SubmittableKind(argoName: parts[0]), !parts[1].isEmpty else {
      throw CommandFailure(
        "--from \(reference): expected KIND/NAME, KIND one of workflowtemplate (wftmpl), clusterworkflowtemplate (cwftmpl), cronworkflow (cwf)",
        exitCode: 64)
    }
    try await ServerSession.run(hera) { session in
      var options = SubmitOptions(
        parameters: values.map { "\($0.name)=\($0.value)" }, generateName: generateName, name: name, entryPoint: arguments.entrypoint,
        labels: labels,
        serviceAccount: serviceAccount, serverDryRun: serverDryRun)
      if options.serviceAccount == nil { options.serviceAccount = session.settings.serviceAccount?.value }
      let workflow = try await session.client.submitWorkflow(from: kind, name: parts[1], namespace: session.namespace, options: options)
      try await report([workflow], session: session)
    }
  }

  private func report(_ created: [Workflow], session: ServerSession) async throws {
    if output != .table, output != .wide, !follow.requested {
      ObjectOutput.write(created, as: output, single: true)
      return
    }
    if output == .table || output == .wide {
      for workflow in created { Terminal.standardOutput.write(WorkflowSummary.text(workflow) + "\n") }
      if serverDryRun { Terminal.standardOutput.write("(server dry run: nothing was created)\n") }
    } else if output == .name {
      ObjectOutput.write(created, as: .name, single: false)
    }
    guard follow.requested else { return }
    var failed = false
    for workflow in created {
      let final = try await WorkflowFollower.follow(
        workflow.metadata.name ?? "", namespace: session.namespace, client: session.client, mode: follow.mode)
      if output == .json || output == .yaml {
        ObjectOutput.write([final], as: output, single: true)
      } else if follow.wait {
        Terminal.standardOutput.write(WorkflowFollower.outcome(final))
      }
      failed = failed || final.workflowPhase != .succeeded
    }
    if failed { throw ExitCode.failure }
  }
}
