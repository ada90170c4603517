import ArgoClient
import ArgoModel
import ArgumentParser
import Foundation
import Hera
import HeraSession
import HeraUtils

/// A kind of stored definition, as the command line handles it: workflow templates, cluster
/// workflow templates and cron workflows share their verbs.
protocol DefinitionKind {
  associatedtype Resource: DefinitionResource
  /// `template`, `cluster-template`, `cron`.
  static var command: String { get }
  static func resource(of manifest: Manifest) -> Resource?
  /// The columns of `list` after NAME and AGE, and a row's values for them.
  static var columns: [String] { get }
  static func cells(_ resource: Resource, now: Date) -> [String]
  /// The lines of `get` after the name, namespace and creation time.
  static func details(_ resource: Resource) -> [(String, String)]
}

/// The template kinds, whose spec is a workflow's.
protocol WorkflowSpecHolder {
  var spec: WorkflowSpec { get }
}

extension WorkflowTemplate: WorkflowSpecHolder {}
extension ClusterWorkflowTemplate: WorkflowSpecHolder {}

extension DefinitionKind where Resource: WorkflowSpecHolder {
  static var columns: [String] { ["ENTRYPOINT", "TEMPLATES"] }
  static func cells(_ resource: Resource, now: Date) -> [String] {
    [resource.spec.entrypoint ?? "", String(resource.spec.templates?.count ?? 0)]
  }
  static func details(_ resource: Resource) -> [(String, String)] { specDetails(resource.spec) }
}

enum WorkflowTemplateKind: DefinitionKind {
  static let command = "template"
  static func resource(of manifest: Manifest) -> WorkflowTemplate? {
    if case .workflowTemplate(let template) = manifest { return template }
    return nil
  }
}

enum ClusterWorkflowTemplateKind: DefinitionKind {
  static let command = "cluster-template"
  static func resource(of manifest: Manifest) -> ClusterWorkflowTemplate? {
    if case .clusterWorkflowTemplate(let template) = manifest { return template }
    return nil
  }
}

enum CronWorkflowKind: DefinitionKind {
  static let command = "cron"
  static func resource(of manifest: Manifest) -> CronWorkflow? {
    if case .cronWorkflow(let cron) = manifest { return cron }
    return nil
  }
  static let columns: [String] = ["SCHEDULES", "TIMEZONE", "SUSPENDED", "LAST RUN", "ACTIVE"]
  static func cells(_ resource: CronWorkflow, now: Date) -> [String] {
    [
      resource.spec.schedules.joined(separator: "; "), resource.spec.timezone ?? "", resource.spec.suspend == true ? "true" : "false",
      resource.status?.lastScheduledTime?.date.map { Age.short(now.timeIntervalSince($0)) + " ago" } ?? "never",
      String(resource.status?.active?.count ?? 0),
    ]
  }
  static func details(_ resource: CronWorkflow) -> [(String, String)] {
    var rows: [(String, String)] = [("Schedules", resource.spec.schedules.joined(separator: "; "))]
    if let timezone = resource.spec.timezone { rows.append(("Timezone", timezone)) }
    rows.append(("Suspended", resource.spec.suspend == true ? "true" : "false"))
    if let policy = resource.spec.concurrencyPolicy { rows.append(("Concurrency", policy)) }
    if let deadline = resource.spec.startingDeadlineSeconds { rows.append(("Deadline", "\(deadline)s")) }
    if let last = resource.status?.lastScheduledTime { rows.append(("Last run", last.text)) }
    let active = resource.status?.active?.compactMap(\.name) ?? []
    if !active.isEmpty { rows.append(("Active", active.joined(separator: ", "))) }
    if let succeeded = resource.status?.succeeded { rows.append(("Succeeded", String(succeeded))) }
    if let failed = resource.status?.failed { rows.append(("Failed", String(failed))) }
    return rows + specDetails(resource.spec.workflowSpec)
  }
}

private func specDetails(_ spec: WorkflowSpec) -> [(String, String)] {
  var rows: [(String, String)] = []
  if let entrypoint = spec.entrypoint { rows.append(("Entrypoint", entrypoint)) }
  let parameters = spec.arguments?.parameters ?? []
  if !parameters.isEmpty {
    rows.append(("Parameters", parameters.map { "\($0.name)=\($0.value?.string ?? $0.default?.string ?? "")" }.joined(separator: ", ")))
  }
  let templates = spec.templates ?? []
  if !templates.isEmpty { rows.append(("Templates", templates.map(\.name).joined(separator: ", "))) }
  return rows
}

/// Reads the definitions of a kind from files, lints them (with the other files, so that
/// references between them resolve), and refuses other kinds with the command that takes them.
enum DefinitionInput {
  static func read<Kind: DefinitionKind>(_ kind: Kind.Type, files: [String], strict: Bool, lint: Bool) throws -> [Kind.Resource] {
    let input = try ManifestInput.read(files, strict: strict)
    var resources: [Kind.Resource] = []
    var refused = false
    for document in input.documents {
      if let resource = Kind.resource(of: document.manifest) {
        resources.append(resource)
      } else if let other = document.manifest.resource {
        let otherKind = type(of: other).kind
        let command =
          [
            "Workflow": "submit", "WorkflowTemplate": "template create", "ClusterWorkflowTemplate": "cluster-template create",
            "CronWorkflow": "cron create",
          ][
            otherKind] ?? "render"
        Diagnostics.standard.error(
          "\(document.source ?? "-"):\(document.line): a \(otherKind), not a \(Kind.Resource.kind): hera \(command) takes it")
        refused = true
      }
    }
    if refused { throw ExitCode.failure }
    if resources.isEmpty {
      throw CommandFailure("no \(Kind.Resource.kind) in \(files.joined(separator: ", "))")
    }
    if lint {
      if ManifestInput.report(input.lint().filter { Kind.resource(of: $0.document.manifest) != nil }) {
        throw CommandFailure("lint found errors; nothing was sent (--no-lint sends anyway, and the server decides)")
      }
    }
    return resources
  }
}

/// `hera template create FILE...` and its siblings.
struct DefinitionCreate<Kind: DefinitionKind>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "create",
      abstract: "Create \(Kind.Resource.kind)s from files (linted first); a name taken already is an error (apply replaces).")
  }

  @Argument(help: "Manifest files (YAML or JSON); - reads standard input.") var files: [String]
  @Flag(inversion: .prefixedNo, help: "Lint with Argo's rules first, and send nothing when one has an error.") var lint = true
  @Flag(inversion: .prefixedNo, help: "Reject fields that Argo's schema does not define.") var strict = true
  @Flag(name: .customLong("server-dry-run"), help: "Have the server validate them without creating them.") var serverDryRun = false
  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml; a line per object by default.")
  var output: ObjectFormat = .table
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    let resources = try DefinitionInput.read(Kind.self, files: files, strict: strict, lint: lint)
    try await ServerSession.run(hera) { session in
      var created: [Kind.Resource] = []
      for resource in resources {
        let made = try await session.client.create(resource, namespace: session.namespace, serverDryRun: serverDryRun)
        created.append(made)
        if output == .table || output == .wide {
          Terminal.standardOutput.write(
            "\(Kind.Resource.kind) '\(made.metadata.name ?? "")' created\(serverDryRun ? " (server dry run)" : "")\n")
        }
      }
      if output != .table, output != .wide { ObjectOutput.write(created, as: output, single: true) }
    }
  }
}

struct DefinitionApply<Kind: DefinitionKind>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "apply",
      abstract: "Create \(Kind.Resource.kind)s, or replace those of the same name in place (never deleted first).")
  }

  @Argument(help: "Manifest files (YAML or JSON); - reads standard input.") var files: [String]
  @Flag(inversion: .prefixedNo, help: "Lint with Argo's rules first, and send nothing when one has an error.") var lint = true
  @Flag(inversion: .prefixedNo, help: "Reject fields that Argo's schema does not define.") var strict = true
  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml; a line per object by default.")
  var output: ObjectFormat = .table
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    let resources = try DefinitionInput.read(Kind.self, files: files, strict: strict, lint: lint)
    try await ServerSession.run(hera) { session in
      var applied: [Kind.Resource] = []
      for resource in resources {
        let (result, outcome) = try await session.client.apply(resource, namespace: session.namespace)
        applied.append(result)
        if output == .table || output == .wide {
          Terminal.standardOutput.write(
            "\(Kind.Resource.kind) '\(result.metadata.name ?? "")' \(outcome == .created ? "created" : "updated")\n")
        }
      }
      if output != .table, output != .wide { ObjectOutput.write(applied, as: output, single: true) }
    }
  }
}

struct DefinitionList<Kind: DefinitionKind>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(commandName: "list", abstract: "List the \(Kind.Resource.kind)s.")
  }

  @Option(name: [.customShort("l"), .customLong("selector")], help: "A label selector: app=collect.") var selector: String?
  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml; a table by default.")
  var output: ObjectFormat = .table
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await ServerSession.run(hera) { session in
      let namespace = Kind.Resource.endpoint.isNamespaced ? session.namespace : nil
      let resources = try await session.client.listAll(
        Kind.Resource.self, namespace: namespace, options: ListOptions(labelSelector: selector)
      )
      .sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }
      if output != .table, output != .wide {
        ObjectOutput.write(resources, as: output, single: false)
        return
      }
      if resources.isEmpty {
        Diagnostics.standard.say("No \(Kind.Resource.kind)s found\(namespace.map { " in namespace \($0)" } ?? "").")
        return
      }
      let now = Date()
      var table = Table("NAME")
      table.header += ["AGE"] + Kind.columns
      for resource in resources {
        table.add(
          [resource.metadata.name ?? "", resource.metadata.creationTimestamp?.date.map { Age.short(now.timeIntervalSince($0)) } ?? ""]
            + Kind.cells(resource, now: now))
      }
      Terminal.standardOutput.write(table.text)
    }
  }
}

struct DefinitionGet<Kind: DefinitionKind>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(commandName: "get", abstract: "Show a \(Kind.Resource.kind).")
  }

  @Argument(help: "Its name.") var name: String
  @Option(name: [.customShort("o"), .customLong("output")], help: "name, json or yaml; a summary by default.")
  var output: ObjectFormat = .table
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await ServerSession.run(hera) { session in
      let namespace = Kind.Resource.endpoint.isNamespaced ? session.namespace : nil
      let resource = try await session.client.get(Kind.Resource.self, name, namespace: namespace)
      guard output == .table || output == .wide else {
        ObjectOutput.write([resource], as: output, single: true)
        return
      }
      var rows: [(String, String)] = [("Name", resource.metadata.name ?? "")]
      if let namespace = resource.metadata.namespace { rows.append(("Namespace", namespace)) }
      if let created = resource.metadata.creationTimestamp { rows.append(("Created", created.text)) }
      rows += Kind.details(resource)
      Terminal.standardOutput.write(rows.map { "\($0.0 + ":")".padding(toLength: 16, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined())
    }
  }
}

struct DefinitionDelete<Kind: DefinitionKind>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(commandName: "delete", abstract: "Delete \(Kind.Resource.kind)s.")
  }

  @Argument(help: "Their names.") var names: [String] = []
  @Flag(help: "Delete every one (of the namespace).") var all = false
  @OptionGroup var hera: HeraOptions

  func validate() throws {
    if names.isEmpty, !all { throw ValidationError("name what to delete, or give --all") }
    if !names.isEmpty, all { throw ValidationError("give names or --all, not both") }
  }

  func run() async throws {
    try await ServerSession.run(hera) { session in
      let namespace = Kind.Resource.endpoint.isNamespaced ? session.namespace : nil
      var targets = names
      if all { targets = try await session.client.listAll(Kind.Resource.self, namespace: namespace).compactMap(\.metadata.name) }
      var lastError: ArgoError?
      for name in targets {
        do throws(ArgoError) {
          try await session.client.delete(Kind.Resource.self, name, namespace: namespace)
          Terminal.standardOutput.write("\(Kind.Resource.kind) '\(name)' deleted\n")
        } catch {
          ServerSession.report(error)
          lastError = error
        }
      }
      if let lastError { throw ExitCode(ServerSession.exitCode(lastError)) }
    }
  }
}

struct DefinitionLint<Kind: DefinitionKind>: AsyncParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "lint",
      abstract: "Lint \(Kind.Resource.kind)s with Argo's rules offline, then on the Argo Server when one is configured.")
  }

  @Argument(help: "Manifest files (YAML or JSON); - reads standard input.") var files: [String]
  @Flag(inversion: .prefixedNo, help: "Reject fields that Argo's schema does not define.") var strict = true
  @Flag(help: "Only lint offline, even when an Argo Server is configured.") var offline = false
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    let resources = try DefinitionInput.read(Kind.self, files: files, strict: strict, lint: true)
    let configured = (try? hera.settings().argoServer) != nil
    guard !offline, configured else {
      Terminal.standardOutput.write("\(resources.count) \(Kind.Resource.kind)\(resources.count == 1 ? "" : "s"): no problems (offline)\n")
      return
    }
    try await ServerSession.run(hera) { session in
      let namespace = Kind.Resource.endpoint.isNamespaced ? session.namespace : nil
      var lastError: ArgoError?
      for resource in resources {
        do throws(ArgoError) {
          _ = try await session.client.lint(resource, namespace: namespace)
        } catch {
          ServerSession.report(error, about: resource.metadata.name ?? "?")
          lastError = error
        }
      }
      if let lastError { throw ExitCode(ServerSession.exitCode(lastError)) }
      Terminal.standardOutput.write(
        "\(resources.count) \(Kind.Resource.kind)\(resources.count == 1 ? "" : "s"): no problems (offline and on the server)\n")
    }
  }
}

struct CronAction: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Stop cron workflows from starting workflows.")
  @Argument(help: "Their names.") var names: [String]
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await CronAction.perform(names, hera: hera, suspend: true)
  }

  static func perform(_ names: [String], hera: HeraOptions, suspend: Bool) async throws {
    try await ServerSession.run(hera) { session in
      var lastError: ArgoError?
      for name in names {
        do throws(ArgoError) {
          _ =
            suspend
            ? try await session.client.suspendCronWorkflow(name, namespace: session.namespace)
            : try await session.client.resumeCronWorkflow(name, namespace: session.namespace)
          Terminal.standardOutput.write("CronWorkflow '\(name)' \(suspend ? "suspended" : "resumed")\n")
        } catch {
          ServerSession.report(error)
          lastError = error
        }
      }
      if let lastError { throw ExitCode(ServerSession.exitCode(lastError)) }
    }
  }
}

struct CronResume: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "resume", abstract: "Let suspended cron workflows start workflows again.")
  @Argument(help: "Their names.") var names: [String]
  @OptionGroup var hera: HeraOptions

  func run() async throws {
    try await CronAction.perform(names, hera: hera, suspend: false)
  }
}

/// `hera template ...`.
struct TemplateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template", abstract: "Manage workflow templates of the namespace.",
    subcommands: [
      DefinitionCreate<WorkflowTemplateKind>.self, DefinitionApply<WorkflowTemplateKind>.self, DefinitionList<WorkflowTemplateKind>.self,
      DefinitionGet<WorkflowTemplateKind>.self, DefinitionDelete<WorkflowTemplateKind>.self, DefinitionLint<WorkflowTemplateKind>.self,
    ])
}

/// `hera cluster-template ...`.
struct ClusterTemplateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cluster-template", abstract: "Manage cluster workflow templates.",
    subcommands: [
      DefinitionCreate<ClusterWorkflowTemplateKind>.self, DefinitionApply<ClusterWorkflowTemplateKind>.self,
      DefinitionList<ClusterWorkflowTemplateKind>.self, DefinitionGet<ClusterWorkflowTemplateKind>.self,
      DefinitionDelete<ClusterWorkflowTemplateKind>.self, DefinitionLint<ClusterWorkflowTemplateKind>.self,
    ])
}

/// `hera cron ...`.
struct CronCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cron", abstract: "Manage cron workflows of the namespace.",
    subcommands: [
      DefinitionCreate<CronWorkflowKind>.self, DefinitionApply<CronWorkflowKind>.self, DefinitionList<CronWorkflowKind>.self,
      DefinitionGet<CronWorkflowKind>.self, DefinitionDelete<CronWorkflowKind>.self, CronAction.self, CronResume.self,
      DefinitionLint<CronWorkflowKind>.self,
    ])
}
