/// The templates of a workflow, as listed in its builder: the single element type of
/// `TemplateBuilder`.
public struct TemplateGroup: Sendable, Hashable {
  /// Templates listed, in order.
  var listed: [Template] = []
  /// Templates the listed ones use, in order of first use.
  var referenced: [Template] = []

  public init() {}

  init(_ definition: some TemplateDefinition) {
    listed = [definition.template]
    referenced = definition.referencedTemplates
  }

  mutating func append(_ other: TemplateGroup) {
    listed += other.listed
    referenced += other.referenced
  }

  /// The templates of the workflow: those listed, in the order listed, then those only used.
  var templates: [Template] {
    var list = TemplateList()
    list.add(contentsOf: listed)
    list.add(contentsOf: referenced)
    return list.templates
  }
}

/// Collects a workflow's templates: any template definition (`Container`, `DAG`, a model
/// `Template`, ...), and the templates those use.
@resultBuilder
public enum TemplateBuilder {
  public static func buildExpression(_ definition: some TemplateDefinition) -> TemplateGroup { TemplateGroup(definition) }

  public static func buildExpression(_ definitions: [any TemplateDefinition]) -> TemplateGroup {
    var group = TemplateGroup()
    for definition in definitions { group.append(TemplateGroup(definition)) }
    return group
  }

  public static func buildBlock(_ parts: TemplateGroup...) -> TemplateGroup { buildArray(parts) }

  public static func buildArray(_ parts: [TemplateGroup]) -> TemplateGroup {
    var group = TemplateGroup()
    for part in parts { group.append(part) }
    return group
  }

  public static func buildOptional(_ part: TemplateGroup?) -> TemplateGroup { part ?? TemplateGroup() }
  public static func buildEither(first part: TemplateGroup) -> TemplateGroup { part }
  public static func buildEither(second part: TemplateGroup) -> TemplateGroup { part }
  public static func buildLimitedAvailability(_ part: TemplateGroup) -> TemplateGroup { part }
}

extension WorkflowSpec {
  /// A spec with an entry point and templates from a builder.
  public init(entrypoint: String?, group: TemplateGroup) {
    let templates = group.templates
    self.init(entrypoint: entrypoint, templates: templates.isEmpty ? nil : templates)
  }
}

extension Workflow {
  /// A workflow from its templates.
  ///
  /// ```swift
  /// let workflow = Workflow(generateName: "hello-world-", entrypoint: "hello") {
  ///   Container("hello", image: "busybox", command: ["echo", "hello world"])
  /// }
  /// ```
  public init(
    name: String? = nil, generateName: String? = nil, namespace: String? = nil, entrypoint: String? = nil,
    @TemplateBuilder templates: () -> TemplateGroup = { TemplateGroup() }
  ) {
    self.init(
      metadata: ObjectMeta(name: name, generateName: generateName, namespace: namespace),
      spec: WorkflowSpec(entrypoint: entrypoint, group: templates()))
  }
}

extension WorkflowTemplate {
  /// A workflow template from its templates.
  public init(
    name: String? = nil, generateName: String? = nil, namespace: String? = nil, entrypoint: String? = nil,
    @TemplateBuilder templates: () -> TemplateGroup = { TemplateGroup() }
  ) {
    self.init(
      metadata: ObjectMeta(name: name, generateName: generateName, namespace: namespace),
      spec: WorkflowSpec(entrypoint: entrypoint, group: templates()))
  }
}

extension ClusterWorkflowTemplate {
  /// A cluster workflow template from its templates.
  public init(name: String, entrypoint: String? = nil, @TemplateBuilder templates: () -> TemplateGroup = { TemplateGroup() }) {
    self.init(
      metadata: ObjectMeta(name: name, generateName: nil, namespace: nil),
      spec: WorkflowSpec(entrypoint: entrypoint, group: templates()))
  }
}

extension CronWorkflow {
  /// A cron workflow: a workflow spec run on a schedule (standard five-field cron lines).
  public init(
    name: String, namespace: String? = nil, schedules: [String], timezone: String? = nil, concurrencyPolicy: String? = nil,
    startingDeadlineSeconds: Int? = nil, successfulJobsHistoryLimit: Int? = nil, failedJobsHistoryLimit: Int? = nil,
    suspend: Bool? = nil, when: String? = nil, entrypoint: String? = nil,
    @TemplateBuilder templates: () -> TemplateGroup = { TemplateGroup() }
  ) {
    self.init(
      metadata: ObjectMeta(name: name, generateName: nil, namespace: namespace),
      spec: CronWorkflowSpec(
        concurrencyPolicy: concurrencyPolicy, failedJobsHistoryLimit: failedJobsHistoryLimit, schedules: schedules,
        startingDeadlineSeconds: startingDeadlineSeconds, successfulJobsHistoryLimit: successfulJobsHistoryLimit, suspend: suspend,
        timezone: timezone, when: when, workflowSpec: WorkflowSpec(entrypoint: entrypoint, group: templates())))
  }

  /// A copy with `change` applied to the cron settings (the schedule, history limits, the
  /// metadata of the workflows it creates).
  public func cron(_ change: (inout CronWorkflowSpec) -> Void) -> CronWorkflow {
    var copy = self
    change(&copy.spec)
    return copy
  }
}
