import Foundation

/// Argo's validation rules, checked offline: what `argo lint` and the Argo Server would reject
/// (errors), what they accept but is likely a mistake (warnings), and what could not be checked
/// without the cluster (notes).
///
/// ```swift
/// let diagnostics = Linter().lint(.workflow(workflow))
/// for diagnostic in diagnostics { print(diagnostic) }
/// // error: spec.templates[main].dag.tasks[b]: dependency "x" is not a task of this DAG [dag-dependency]
/// ```
public struct Linter: Sendable {
  public struct Options: Sendable {
    /// Whether workflow arguments may lack values, as `argo lint` allows; submitting requires
    /// them.
    public var allowsEmptyArguments = true
    /// The size above which a workflow is too large for Kubernetes to store (about 1.5 MB).
    public var maxObjectBytes = 1_500_000
    /// How to report a `templateRef` or `workflowTemplateRef` that names a WorkflowTemplate or
    /// ClusterWorkflowTemplate the library does not have. `argo lint` and the Argo Server
    /// reject it (`.error`); a caller that knows the cluster holds templates lint cannot see
    /// (a submission to a server) may lower it to `.note`. A linter made without a library
    /// knows no templates at all and always notes them.
    public var unknownTemplateReferences: Diagnostic.Severity = .error
    /// Whether a workflow with neither `name` nor `generateName` is an error. `argo lint`
    /// accepts one, but the API server refuses to create it ("name or generateName is
    /// required"), so a submission, or a run here that stands for one, cannot go on.
    public var requiresWorkflowName = false

    public init() {}

    /// The rules `argo lint` applies.
    public static var lint: Options { Options() }

    /// The rules the Argo Server applies when a workflow is submitted.
    public static var submit: Options {
      var options = Options()
      options.allowsEmptyArguments = false
      options.requiresWorkflowName = true
      return options
    }
  }

  public var options: Options
  /// The WorkflowTemplates and ClusterWorkflowTemplates that `templateRef` and
  /// `workflowTemplateRef` may name.
  public var library: TemplateLibrary {
    didSet { hasLibrary = true }
  }
  /// Whether the caller said which templates exist (gave a library, or linted several
  /// manifests together): only then is a reference to another template known to be missing.
  private var hasLibrary: Bool

  /// A linter; without `library`, references to WorkflowTemplates are not checked (noted).
  public init(options: Options = Options(), library: TemplateLibrary? = nil) {
    self.options = options
    self.library = library ?? TemplateLibrary()
    self.hasLibrary = library != nil
  }

  /// The diagnostics of one manifest, most serious first, in document order within a severity.
  public func lint(_ manifest: Manifest) -> [Diagnostic] {
    var options = self.options
    if !hasLibrary { options.unknownTemplateReferences = .note }
    let run = LintRun(options: options, library: library)
    switch manifest {
    case .workflow(let workflow):
      run.lintResource(metadata: workflow.metadata, spec: workflow.spec, kind: .workflow, base: LintPath.root.key("spec"))
    case .workflowTemplate(let template):
      run.lintResource(metadata: template.metadata, spec: template.spec, kind: .workflowTemplate, base: LintPath.root.key("spec"))
    case .clusterWorkflowTemplate(let template):
      run.lintResource(
        metadata: template.metadata, spec: template.spec, kind: .clusterWorkflowTemplate, base: LintPath.root.key("spec"))
    case .cronWorkflow(let cron):
      run.lintCron(cron)
    case .workflowEventBinding(let binding):
      run.lintEventBinding(binding)
    case .kubernetes:
      return []
    }
    if manifest.resource != nil {
      run.checkSize(manifest)
    }
    return run.sortedDiagnostics
  }

  /// The diagnostics of several manifests linted together: templates defined in any of them
  /// resolve the `templateRef`s of the others.
  public func lint(_ manifests: [Manifest]) -> [[Diagnostic]] {
    var linter = self
    linter.library.add(manifests)
    return manifests.map { linter.lint($0) }
  }
}

/// WorkflowTemplates and ClusterWorkflowTemplates by name, for resolving references offline;
/// see `ArgoModel.TemplateLibrary`, which the engines resolve references with too.
public typealias TemplateLibrary = ArgoModel.TemplateLibrary

/// The kind of resource a spec belongs to, which changes a few rules.
enum LintedKind {
  case workflow, workflowTemplate, clusterWorkflowTemplate, cronWorkflow

  var isTemplate: Bool { self == .workflowTemplate || self == .clusterWorkflowTemplate }
}

/// One lint run over one manifest: the diagnostics found so far and what the rules need to know.
final class LintRun {
  let options: Linter.Options
  let library: TemplateLibrary
  private(set) var diagnostics: [Diagnostic] = []

  // Set by lintResource.
  var kind = LintedKind.workflow
  var spec = WorkflowSpec()
  var templatesByName: [String: Template] = [:]
  var templatePaths: [String: LintPath] = [:]
  var globals = Globals()

  init(options: Linter.Options, library: TemplateLibrary) {
    self.options = options
    self.library = library
  }

  var sortedDiagnostics: [Diagnostic] {
    // Stable: most serious first, then in the order found (document order).
    diagnostics.enumerated().sorted { left, right in
      left.element.severity != right.element.severity ? left.element.severity > right.element.severity : left.offset < right.offset
    }.map(\.element)
  }

  func report(_ severity: Diagnostic.Severity, _ rule: String, _ path: LintPath, _ message: String, hint: String? = nil) {
    let diagnostic = Diagnostic(severity, rule: rule, path: path, message: message, hint: hint)
    if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
  }

  func error(_ rule: String, _ path: LintPath, _ message: String, hint: String? = nil) {
    report(.error, rule, path, message, hint: hint)
  }

  func warning(_ rule: String, _ path: LintPath, _ message: String, hint: String? = nil) {
    report(.warning, rule, path, message, hint: hint)
  }

  func note(_ rule: String, _ path: LintPath, _ message: String, hint: String? = nil) {
    report(.note, rule, path, message, hint: hint)
  }

  // MARK: Resources

  func lintResource(metadata: ObjectMeta, spec originalSpec: WorkflowSpec, kind: LintedKind, base: LintPath) {
    self.kind = kind
    checkObjectName(metadata, maxLength: kind == .cronWorkflow ? 52 : 63, requiresName: kind != .workflow && kind != .cronWorkflow)
    lintSpec(originalSpec, metadata: metadata, base: base)
  }

  func lintSpec(_ originalSpec: WorkflowSpec, metadata: ObjectMeta, base: LintPath) {
    var spec = originalSpec
    var referenced: (name: String, clusterScope: Bool, metadata: ObjectMeta, spec: WorkflowSpec)?
    if let reference = spec.workflowTemplateRef {
      if let templates = spec.templates, !templates.isEmpty {
        error(
          "workflow-template-ref", base.key("templates"), "a workflow that runs a workflowTemplateRef cannot have templates of its own",
          hint: "move the templates into the WorkflowTemplate, or drop workflowTemplateRef")
      }
      let name = reference.name ?? ""
      let clusterScope = reference.clusterScope ?? false
      if name.isEmpty {
        error(
          "workflow-template-ref", base.key("workflowTemplateRef"), "workflowTemplateRef needs a name", hint: "set workflowTemplateRef.name"
        )
      } else if let target = library.resource(named: name, clusterScope: clusterScope) {
        referenced = (name, clusterScope, target.metadata, target.spec)
      } else if !LintRun.isTemplated(name) {
        reportUnknownReference(
          "workflow-template-ref", base.key("workflowTemplateRef"),
          "\(clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate") \"\(name)\" is not among the files linted",
          noteSuffix: "its templates were not checked")
      }
    }
    if let referenced {
      spec = LintRun.merging(spec, over: referenced.spec)
    }
    setUp(spec: spec, metadata: metadata, base: base)
    let templates = spec.templates ?? []
    let templatesPath = base.key("templates")
    if referenced == nil {
      checkNames(
        templates.map(\.name), kind: "template", path: { templatesPath.element($0, name: templates[$0].name) }, rule: "template-name",
        pattern: .node)
    }
    let allowsEmptyArguments = (options.allowsEmptyArguments && kind != .cronWorkflow) || kind.isTemplate
    checkArguments(spec.arguments, path: base.key("arguments"), allowsEmptyValues: allowsEmptyArguments, isWorkflowLevel: true)
    checkPodResources(spec.podResources, path: base.key("podResources"))
    checkExecutorPlugins(spec.executorPlugins, path: base.key("executorPlugins"))

    // Entry point and exit handler.
    if let entrypoint = spec.entrypoint, !entrypoint.isEmpty {
      if templatesByName[entrypoint] == nil, referenced != nil || spec.workflowTemplateRef == nil {
        error(
          "entrypoint", base.key("entrypoint"), "the entrypoint \"\(entrypoint)\" is not a template of this workflow",
          hint: closest(entrypoint, among: Array(templatesByName.keys)).map { "did you mean \"\($0)\"?" })
      }
    } else if kind == .workflow || kind == .cronWorkflow, spec.workflowTemplateRef == nil || (referenced != nil && spec.entrypoint == nil) {
      if spec.workflowTemplateRef == nil {
        error(
          "entrypoint", base.key("entrypoint"), "a workflow needs an entrypoint", hint: "set spec.entrypoint to the template to run first")
      }
    }
    if let onExit = spec.onExit, templatesByName[onExit] == nil, referenced != nil || spec.workflowTemplateRef == nil {
      error(
        "template-reference", base.key("onExit"), "the exit handler \"\(onExit)\" is not a template of this workflow",
        hint: closest(onExit, among: Array(templatesByName.keys)).map { "did you mean \"\($0)\"?" } ?? "add a template of that name")
    }
    checkHooks(spec.hooks, path: base.key("hooks"), requireExpression: true)
    checkPodGC(spec.podGC, path: base.key("podGC"))

    // The entry point receives the workflow's arguments: its inputs must be supplied by them.
    if kind == .workflow || kind == .cronWorkflow, let entrypoint = spec.entrypoint, let template = templatesByName[entrypoint] {
      checkSupplied(template: template, arguments: spec.arguments, path: base.key("entrypoint"), calledName: entrypoint)
    }

    if let referenced {
      // The referenced templates run with this workflow's labels, annotations and arguments:
      // what fails only there is this workflow's problem.
      lintReferencedTemplates(
        kind: referenced.clusterScope ? .clusterWorkflowTemplate : .workflowTemplate, name: referenced.name, metadata: referenced.metadata,
        spec: referenced.spec, path: base.key("workflowTemplateRef"))
    } else {
      lintTemplates(base: base)
    }
  }

  /// Records what the rules need to know about a spec: its templates by name, its globals.
  func setUp(spec: WorkflowSpec, metadata: ObjectMeta, base: LintPath) {
    self.spec = spec
    let templatesPath = base.key("templates")
    for (index, template) in (spec.templates ?? []).enumerated() {
      let path = templatesPath.element(index, name: template.name)
      if let name = template.name, templatesByName[name] == nil {
        templatesByName[name] = template
        templatePaths[name] = path
      }
    }
    globals = Globals(metadata: metadata, spec: spec, kind: kind)
  }

  /// Validates every template of the spec, reachable or not; what the exit handler reaches
  /// may read workflow.failures.
  func lintTemplates(base: LintPath) {
    let fromEntrypoint = reachableTemplates(from: [spec.entrypoint].compactMap { $0 })
    for (index, template) in (spec.templates ?? []).enumerated() {
      let path = base.key("templates").element(index, name: template.name)
      let mayReadFailures = spec.onExit != nil && !fromEntrypoint.contains(template.name ?? "")
      lintTemplate(template, path: path, mayReadFailures: mayReadFailures)
    }
  }

  /// A workflow's spec with what it takes from the WorkflowTemplate it references, joined as
  /// Argo joins them (`WorkflowSpec.joined(over:)`).
  static func merging(_ workflow: WorkflowSpec, over template: WorkflowSpec) -> WorkflowSpec {
    workflow.joined(over: template)
  }

  /// Lints the templates of the WorkflowTemplate a workflow references twice: on their own (as
  /// the template's document is linted) and in this workflow's context. What fails only in
  /// the workflow's context (a label the workflow lacks, an argument it does not declare) is
  /// reported on the workflow, at its workflowTemplateRef; the rest belongs to the template's
  /// own document.
  func lintReferencedTemplates(
    kind templateKind: LintedKind, name: String, metadata: ObjectMeta, spec templateSpec: WorkflowSpec, path: LintPath
  ) {
    let base = LintPath.root.key("spec")
    let alone = LintRun(options: options, library: library)
    alone.kind = templateKind
    alone.setUp(spec: templateSpec, metadata: metadata, base: base)
    alone.lintTemplates(base: base)
    let inContext = LintRun(options: options, library: library)
    inContext.kind = kind
    inContext.setUp(spec: spec, metadata: ObjectMeta(), base: base)
    inContext.globals = globals
    inContext.lintTemplates(base: base)

    struct Key: Hashable {
      var rule: String
      var path: LintPath
      var message: String
    }
    let known = Set(alone.diagnostics.map { Key(rule: $0.rule, path: $0.path, message: $0.message) })
    let resourceKind = templateKind == .clusterWorkflowTemplate ? "ClusterWorkflowTemplate" : "WorkflowTemplate"
    for diagnostic in inContext.diagnostics
    where !known.contains(Key(rule: diagnostic.rule, path: diagnostic.path, message: diagnostic.message)) {
      // spec.templates[T].rest: name the template and the place inside it.
      let components = diagnostic.path.components
      var templateName = "?"
      var place = ""
      if components.count >= 3, case .element(let index, let elementName) = components[2] {
        templateName = elementName ?? "\(index)"
        place = LintPath(Array(components.dropFirst(3))).description
      }
      let location = place.isEmpty ? "" : " (\(place))"
      report(
        diagnostic.severity, diagnostic.rule, path,
        "in \(resourceKind) \"\(name)\", template \"\(templateName)\"\(location), as this workflow runs it: \(diagnostic.message)",
        hint: diagnostic.hint)
    }
  }

  /// A reference to a WorkflowTemplate the library does not have: an error as Argo reports it,
  /// or a note when the caller knows the cluster has templates lint cannot see.
  func reportUnknownReference(_ rule: String, _ path: LintPath, _ message: String, noteSuffix: String) {
    if options.unknownTemplateReferences > .note {
      report(
        options.unknownTemplateReferences, rule, path, message,
        hint: "lint the file that defines it together with this one, e.g. hera lint workflow.yaml template.yaml")
    } else {
      note(rule, path, "\(message); \(noteSuffix)", hint: "lint it together with this file")
    }
  }

  func lintCron(_ cron: CronWorkflow) {
    kind = .cronWorkflow
    checkObjectName(cron.metadata, maxLength: 52, requiresName: true)
    let specPath = LintPath.root.key("spec")
    let schedules = cron.spec.schedules
    if schedules.isEmpty {
      error(
        "cron-schedule", specPath.key("schedules"), "a cron workflow needs at least one schedule", hint: "e.g. schedules: [\"0 * * * *\"]")
    }
    for (index, schedule) in schedules.enumerated() {
      if let problem = CronSchedule.problem(in: schedule) {
        error(
          "cron-schedule", specPath.key("schedules").element(index), "the schedule \"\(schedule)\" is malformed: \(problem)",
          hint: "minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" for 02:00 every day")
      }
    }
    if let timezone = cron.spec.timezone, !timezone.isEmpty, TimeZone(identifier: timezone) == nil {
      error("cron-timezone", specPath.key("timezone"), "\"\(timezone)\" is not an IANA time zone", hint: "e.g. Europe/Paris or UTC")
    }
    if let policy = cron.spec.concurrencyPolicy, !["", "Allow", "Forbid", "Replace"].contains(policy) {
      error(
        "cron-concurrency-policy", specPath.key("concurrencyPolicy"), "\"\(policy)\" is not a concurrency policy",
        hint: "use Allow, Forbid or Replace")
    }
    if let deadline = cron.spec.startingDeadlineSeconds, deadline < 0 {
      error(
        "cron-starting-deadline", specPath.key("startingDeadlineSeconds"), "startingDeadlineSeconds must not be negative",
        hint: "give a number of seconds >= 0")
    }
    var metadata = ObjectMeta()
    metadata.labels = cron.spec.workflowMetadata?.labels ?? [:]
    metadata.labels?["workflows.argoproj.io/cron-workflow"] = cron.metadata.name ?? ""
    metadata.annotations = cron.spec.workflowMetadata?.annotations
    lintSpec(cron.spec.workflowSpec, metadata: metadata, base: specPath.key("workflowSpec"))
  }

  func lintEventBinding(_ binding: WorkflowEventBinding) {
    checkObjectName(binding.metadata, maxLength: 253, requiresName: true)
    if binding.spec.event.selector.trimmingCharacters(in: .whitespaces).isEmpty {
      error(
        "event-binding", LintPath.root.key("spec").key("event").key("selector"), "the event selector is empty",
        hint: "e.g. payload.message != \"\"")
    }
    if let submit = binding.spec.submit, (submit.workflowTemplateRef.name ?? "").isEmpty {
      error(
        "event-binding", LintPath.root.key("spec").key("submit").key("workflowTemplateRef"), "the workflowTemplateRef needs a name",
        hint: "name the WorkflowTemplate to submit")
    }
  }

  func checkSize(_ manifest: Manifest) {
    var writer = JSONWriter(style: .compact)
    writer.write(manifest.toJSON())
    let size = writer.bytes.count
    if size > options.maxObjectBytes {
      warning(
        "object-size", LintPath.root,
        "the manifest is \(size / 1024) KiB; Kubernetes stores objects up to about \(options.maxObjectBytes / 1024) KiB",
        hint: "generate repeated tasks at run time with withItems or withParam instead of listing them")
    }
  }

  // MARK: Names

  enum NamePattern {
    /// Templates, steps, tasks: `[a-zA-Z0-9][-a-zA-Z0-9]*`, at most 128 characters.
    case node
    /// Parameters and artifacts: `[-a-zA-Z0-9_]+`.
    case parameter

    func accepts(_ name: String) -> Bool {
      switch self {
      case .node:
        guard let first = name.unicodeScalars.first, name.count <= 128, LintRun.isAlphanumeric(first) else { return false }
        return name.unicodeScalars.allSatisfy { LintRun.isAlphanumeric($0) || $0 == "-" }
      case .parameter:
        return !name.isEmpty && name.unicodeScalars.allSatisfy { LintRun.isAlphanumeric($0) || $0 == "-" || $0 == "_" }
      }
    }

    var rule: String {
      switch self {
      case .node: return "letters, digits and '-', starting with a letter or digit, at most 128 characters"
      case .parameter: return "letters, digits, '-' and '_'"
      }
    }
  }

  static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }

  /// Non-empty, well-formed, unique names.
  func checkNames(_ names: [String?], kind: String, path: (Int) -> LintPath, rule: String, pattern: NamePattern) {
    var seen: Set<String> = []
    for (index, name) in names.enumerated() {
      guard let name, !name.isEmpty else {
        error(rule, path(index), "a \(kind) needs a name")
        continue
      }
      if !pattern.accepts(name), !(pattern == .node && name.contains("{{")) {
        error(
          rule, path(index).key("name"), "\(kind) name \"\(name)\" is invalid: use \(pattern.rule)",
          hint: pattern == .node ? "e.g. \"\(Naming.argoName(name))\"" : nil)
      }
      if !seen.insert(name).inserted {
        error(rule, path(index).key("name"), "\(kind) name \"\(name)\" is not unique", hint: "names are unique within their list")
      }
    }
  }

  func checkObjectName(_ metadata: ObjectMeta, maxLength: Int, requiresName: Bool) {
    let path = LintPath.root.key("metadata")
    if let name = metadata.name, !name.isEmpty {
      if name.count > maxLength {
        error(
          "resource-name", path.key("name"), "the name is \(name.count) characters long; at most \(maxLength) are allowed",
          hint: "shorten it, e.g. \"\(Naming.dns1123(name, maxLength: maxLength))\"")
      }
      if !LintRun.isDNSSubdomain(name, allowsTrailingDash: false) {
        error(
          "resource-name", path.key("name"), "the name \"\(name)\" is not a valid Kubernetes name",
          hint: "use lower-case letters, digits, '-' and '.', e.g. \"\(Naming.dns1123(name))\"")
      }
    } else if let prefix = metadata.generateName, !prefix.isEmpty {
      if !LintRun.isDNSSubdomain(prefix, allowsTrailingDash: true) {
        error(
          "resource-name", path.key("generateName"), "the prefix \"\(prefix)\" is not valid for a Kubernetes name",
          hint: "use lower-case letters, digits, '-' and '.', e.g. \"\(Naming.dns1123(prefix))-\"")
      }
    } else if requiresName {
      error("resource-name", path, "the resource has no name", hint: "set metadata.name")
    } else {
      // Argo's validation accepts this; the API server refuses to create it.
      report(
        options.requiresWorkflowName ? .error : .warning, "resource-name", path,
        "the workflow has neither name nor generateName: Kubernetes refuses to create it (name or generateName is required)",
        hint: "set metadata.generateName, e.g. \"my-workflow-\", or give hera run or hera submit a --name")
    }
  }

  static func isDNSSubdomain(_ name: String, allowsTrailingDash: Bool) -> Bool {
    guard name.count <= 253, let first = name.unicodeScalars.first else { return false }
    guard ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
    for scalar in name.unicodeScalars {
      guard ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "." else { return false }
    }
    if let last = name.unicodeScalars.last, last == "." || (last == "-" && !allowsTrailingDash) { return false }
    return true
  }

  func closest(_ name: String, among candidates: [String]) -> String? {
    Spelling.closest(to: name, among: candidates)
  }

  // MARK: Workflow-level settings

  func checkHooks(_ hooks: [String: LifecycleHook]?, path: LintPath, requireExpression: Bool) {
    for (name, hook) in (hooks ?? [:]).sorted(by: { $0.key < $1.key }) {
      let hookPath = path.key(name)
      if requireExpression, name != "exit", (hook.expression ?? "").isEmpty {
        error("hook-expression", hookPath, "the hook \"\(name)\" needs an expression", hint: "only the hook named exit runs without one")
      }
      if let template = hook.template, hook.templateRef == nil, templatesByName[template] == nil {
        error(
          "template-reference", hookPath.key("template"), "the hook's template \"\(template)\" is not a template of this workflow",
          hint: closest(template, among: Array(templatesByName.keys)).map { "did you mean \"\($0)\"?" } ?? "add a template of that name")
      }
    }
  }

  func checkPodGC(_ podGC: PodGC?, path: LintPath) {
    guard let podGC else { return }
    let strategies = ["", "OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"]
    if let strategy = podGC.strategy, !strategies.contains(strategy) {
      error(
        "pod-gc", path.key("strategy"), "\"\(strategy)\" is not a pod GC strategy",
        hint: "use one of \(strategies.dropFirst().joined(separator: ", "))")
    }
    for (index, requirement) in (podGC.labelSelector?.matchExpressions ?? []).enumerated() {
      let operators = ["In", "NotIn", "Exists", "DoesNotExist"]
      if !operators.contains(requirement.operator) {
        error(
          "pod-gc", path.key("labelSelector").key("matchExpressions").element(index).key("operator"),
          "\"\(requirement.operator)\" is not a label selector operator", hint: "use In, NotIn, Exists or DoesNotExist")
      }
    }
  }

  /// Template names reachable from `roots` through steps, tasks, hooks and exit handlers.
  func reachableTemplates(from roots: [String]) -> Set<String> {
    var seen: Set<String> = []
    var queue = roots
    while let name = queue.popLast() {
      guard seen.insert(name).inserted, let template = templatesByName[name] else { continue }
      queue += LintRun.calledTemplates(of: template)
    }
    return seen
  }

  /// The local templates a template calls, by name.
  static func calledTemplates(of template: Template) -> [String] {
    var names: [String] = []
    func add(_ node: some NodeModel) {
      if let name = node.template { names.append(name) }
      if let name = node.onExit { names.append(name) }
      for hook in (node.hooks ?? [:]).values { if let name = hook.template { names.append(name) } }
      if let inline = node.inline { names += calledTemplates(of: inline) }
    }
    for group in template.steps ?? [] { for step in group { add(step) } }
    for task in template.dag?.tasks ?? [] { add(task) }
    return names
  }
}
