/// Tasks run one after another: `chain(a, b, c)` is `(a >> b) >> c`.
public func chain(_ first: Task, _ rest: Task...) -> TaskGraph {
  rest.reduce(TaskGraph([first])) { $0.connecting(to: [$1]) }
}

/// A task of a DAG, and a handle on it: other tasks depend on it with `>>` or `depends`, and
/// refer to its outputs (`generate.result`), which adds the dependency by itself.
///
/// ```swift
/// DAG("diamond") {
///   let a = Task("A", template: echo, arguments: ["message": "A"])
///   let b = Task("B", template: echo, arguments: ["message": "B"])
///   let c = Task("C", template: echo, arguments: ["message": "C"])
///   let d = Task("D", template: echo, arguments: ["message": "D"])
///   a >> [b, c]
///   [b, c] >> d
/// }
/// ```
public struct Task: WorkflowNode, Hashable {
  public static var scope: String { "tasks" }

  private struct State: Hashable, Sendable {
    var node: DAGTask
    var registeredTemplates: [Template] = []
    var dependencyNames: [String] = []
    var dependsExpression: DependsExpression?
    var usesDependencyList = false
  }

  @CopyOnWrite private var state: State

  public var node: DAGTask {
    get { state.node }
    set { state.node = newValue }
  }

  public var registeredTemplates: [Template] {
    get { state.registeredTemplates }
    set { state.registeredTemplates = newValue }
  }

  /// Tasks this one depends on plainly (succeeded, skipped or daemoned), from `>>` and from
  /// references to their outputs, in order.
  public internal(set) var dependencyNames: [String] {
    get { state.dependencyNames }
    set { state.dependencyNames = newValue }
  }

  /// An explicit `depends` expression.
  public internal(set) var dependsExpression: DependsExpression? {
    get { state.dependsExpression }
    set { state.dependsExpression = newValue }
  }

  /// Whether to write the dependencies as a `dependencies` list rather than a `depends`
  /// expression.
  public internal(set) var usesDependencyList: Bool {
    get { state.usesDependencyList }
    set { state.usesDependencyList = newValue }
  }

  public var name: String { node.name }

  /// A task that runs a template defined with the DSL (registered with the workflow).
  public init(_ name: String, template: some TemplateDefinition, arguments: KeyValuePairs<String, ArgoString> = [:]) {
    state = State(node: DAGTask(name: name))
    TemplateChoice.apply(to: &self, template: template, arguments: arguments)
  }

  /// A task that runs a template of the workflow by name.
  public init(_ name: String, templateName: String, arguments: KeyValuePairs<String, ArgoString> = [:]) {
    state = State(node: DAGTask(name: name, template: templateName))
    if !arguments.isEmpty { self = self.arguments(arguments) }
  }

  /// A task that runs a template of a WorkflowTemplate (or, with `clusterScope`, of a
  /// ClusterWorkflowTemplate).
  public init(
    _ name: String, templateRef: String, template: String, clusterScope: Bool? = nil,
    arguments: KeyValuePairs<String, ArgoString> = [:]
  ) {
    state = State(node: DAGTask(name: name, templateRef: TemplateRef(name: templateRef, clusterScope: clusterScope, template: template)))
    if !arguments.isEmpty { self = self.arguments(arguments) }
  }

  /// A task whose template is written inline, without a name of its own.
  public init(_ name: String, inline: some TemplateDefinition, arguments: KeyValuePairs<String, ArgoString> = [:]) {
    state = State(node: DAGTask(name: name))
    TemplateChoice.apply(to: &self, inline: inline, arguments: arguments)
  }

  /// The plain form: a task model value, with dependencies as it states them.
  public init(_ task: DAGTask) {
    state = State(node: task)
  }

  public mutating func noteReferences(_ value: ArgoString) {
    for name in value.taskReferences where name != self.name { addDependency(name) }
  }

  mutating func addDependency(_ name: String) {
    if !dependencyNames.contains(name) { dependencyNames.append(name) }
  }

  // MARK: Dependencies

  /// Depends on an expression of other tasks' results: `.depends(a.succeeded || b.failed)`.
  public func depends(_ expression: DependsExpression) -> Task {
    var copy = self
    copy.dependsExpression = expression
    return copy
  }

  /// Depends on other tasks, written as a `dependencies` list rather than `depends`.
  public func dependencies(_ tasks: [Task]) -> Task {
    var copy = self
    copy.usesDependencyList = true
    for task in tasks { copy.addDependency(task.name) }
    return copy
  }

  /// This task as a term of a `depends` expression (succeeded, skipped or daemoned).
  public var completed: DependsExpression { .task(name, result: nil) }
  public var succeeded: DependsExpression { .task(name, result: .succeeded) }
  public var failed: DependsExpression { .task(name, result: .failed) }
  public var errored: DependsExpression { .task(name, result: .errored) }
  public var skipped: DependsExpression { .task(name, result: .skipped) }
  public var omitted: DependsExpression { .task(name, result: .omitted) }
  public var daemoned: DependsExpression { .task(name, result: .daemoned) }
  /// Some iteration of this fanned-out task succeeded.
  public var anySucceeded: DependsExpression { .task(name, result: .anySucceeded) }
  /// Every iteration of this fanned-out task failed.
  public var allFailed: DependsExpression { .task(name, result: .allFailed) }

  /// Tasks hash by name only: equal tasks have equal names, and comparing whole tasks (with
  /// their templates) only when names collide keeps large DAGs fast to assemble.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(node.name)
  }

  /// The model value, with the dependencies written out.
  public var dagTask: DAGTask { dagTask(addingDependencies: []) }

  /// The model value, with the dependencies written out and `extra` plain dependencies (from
  /// the edges of a DAG) added.
  func dagTask(addingDependencies extra: [String]) -> DAGTask {
    var task = node
    let explicit = dependsExpression?.taskNames ?? []
    var plain = dependencyNames.filter { !explicit.contains($0) }
    for name in extra where name != self.name && !plain.contains(name) && !explicit.contains(name) { plain.append(name) }
    if usesDependencyList, dependsExpression == nil {
      var list = task.dependencies ?? []
      for name in plain where !list.contains(name) { list.append(name) }
      task.dependencies = list.isEmpty ? nil : list
      return task
    }
    if dependsExpression == nil {
      if !plain.isEmpty { task.depends = plain.joined(separator: " && ") }
      return task
    }
    var expression = dependsExpression
    for name in plain {
      let term = DependsExpression.task(name, result: nil)
      expression = expression.map { .and($0, term) } ?? term
    }
    if let expression { task.depends = expression.description }
    return task
  }
}

// MARK: - Operators

extension Task {
  public static func && (left: Task, right: Task) -> DependsExpression { .and(left.completed, right.completed) }
  public static func && (left: Task, right: DependsExpression) -> DependsExpression { .and(left.completed, right) }
  public static func && (left: DependsExpression, right: Task) -> DependsExpression { .and(left, right.completed) }
  public static func || (left: Task, right: Task) -> DependsExpression { .or(left.completed, right.completed) }
  public static func || (left: Task, right: DependsExpression) -> DependsExpression { .or(left.completed, right) }
  public static func || (left: DependsExpression, right: Task) -> DependsExpression { .or(left, right.completed) }
  public static prefix func ! (task: Task) -> DependsExpression { .not(task.completed) }
}

/// Tasks and the edges between them, as written with `>>`: the single element type of a DAG's
/// builder.
public struct TaskGraph: Sendable, Hashable {
  struct Edge: Sendable, Hashable {
    var from: String
    var to: String
  }

  var tasks: [Task] = []
  var edges: [Edge] = []
  /// The tasks at the right end, which a further `>>` starts from.
  var tail: [Task] = []

  init(tasks: [Task] = [], edges: [Edge] = [], tail: [Task] = []) {
    self.tasks = tasks
    self.edges = edges
    self.tail = tail
  }

  init(_ tasks: [Task]) {
    self.init(tasks: tasks, tail: tasks)
  }

  mutating func append(_ other: TaskGraph) {
    tasks += other.tasks
    edges += other.edges
    tail = other.tail
  }

  func connecting(to targets: [Task]) -> TaskGraph {
    var graph = self
    graph.tasks += targets
    for source in tail {
      for target in targets { graph.edges.append(Edge(from: source.name, to: target.name)) }
    }
    graph.tail = targets
    return graph
  }
}

/// `a >> b`: b runs after a.
public func >> (left: Task, right: Task) -> TaskGraph { TaskGraph([left]).connecting(to: [right]) }
/// `a >> [b, c]`: b and c run after a.
public func >> (left: Task, right: [Task]) -> TaskGraph { TaskGraph([left]).connecting(to: right) }
/// `[a, b] >> c`: c runs after both a and b.
public func >> (left: [Task], right: Task) -> TaskGraph { TaskGraph(left).connecting(to: [right]) }
public func >> (left: [Task], right: [Task]) -> TaskGraph { TaskGraph(left).connecting(to: right) }
/// `(a >> b) >> c`: a chain. Swift's `>>` does not associate, so chains need parentheses.
public func >> (left: TaskGraph, right: Task) -> TaskGraph { left.connecting(to: [right]) }
public func >> (left: TaskGraph, right: [Task]) -> TaskGraph { left.connecting(to: right) }
