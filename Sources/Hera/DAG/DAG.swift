/// A DAG template: tasks that run as soon as what they depend on is done.
///
/// Swift `for` and `if` in the builder decide which tasks exist when the workflow is built;
/// Argo's run-time loops and conditions are the task modifiers `withItems`, `withParam`,
/// `withSequence` and `when`.
///
/// ```swift
/// DAG("main") {
///   let done = Task("print-results", template: printResults)
///   for vintage in vintages {
///     Task("collect-\(Naming.dns1123(vintage))", template: collect)
///       .arguments(["vintage": ArgoString(vintage), "borough": .item])
///       .withItems(boroughs) >> done
///   }
/// }
/// ```
public struct DAG: TemplateDefinition {
  public var template: Template
  public private(set) var referencedTemplates: [Template]

  public init(_ name: String, @DAGBuilder tasks: () -> TaskGraph, @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }) {
    self.init(name, graph: tasks())
    io().apply(to: &template)
  }

  /// The plain form: tasks whose dependencies are already set on them.
  public init(_ name: String, tasks: [Task]) {
    self.init(name, graph: TaskGraph(tasks))
  }

  private init(_ name: String, graph: TaskGraph) {
    // Tasks in order of first appearance; a task repeated identically (it appears in several
    // edges) is one task, two different tasks with one name are both kept for lint to report.
    var tasks: [Task] = []
    tasks.reserveCapacity(graph.tasks.count)
    var indexByName: [String: Int] = [:]
    for task in graph.tasks {
      if let index = indexByName[task.name] {
        // The same task mentioned again (usually a copy sharing its storage: cheap to compare).
        if tasks[index] == task || tasks[index...].contains(task) { continue }
      } else {
        indexByName[task.name] = tasks.count
      }
      tasks.append(task)
    }
    // Edges are collected apart rather than written into the tasks, which other graphs share.
    var edgeSources: [Int: [String]] = [:]
    for edge in graph.edges {
      if let index = indexByName[edge.to] { edgeSources[index, default: []].append(edge.from) }
    }
    var templates = TemplateList()
    var dagTasks: [DAGTask] = []
    dagTasks.reserveCapacity(tasks.count)
    for (index, task) in tasks.enumerated() {
      templates.add(contentsOf: task.registeredTemplates)
      dagTasks.append(task.dagTask(addingDependencies: edgeSources[index] ?? []))
    }
    referencedTemplates = templates.templates
    template = Template(name: name, dag: DAGTemplate(tasks: dagTasks))
  }

  /// Runs only the tasks needed for these ones.
  public func target(_ tasks: [Task]) -> DAG {
    modify { $0.dag?.target = tasks.map(\.name).joined(separator: " ") }
  }

  /// Runs only the tasks needed for the ones named (space-separated), which may be a
  /// `{{...}}` tag resolved at run time.
  public func target(_ names: ArgoString) -> DAG {
    modify { $0.dag?.target = names.text }
  }

  /// Whether a failed task stops the scheduling of others (Argo's default: yes).
  public func failFast(_ failFast: Bool) -> DAG {
    modify { $0.dag?.failFast = failFast }
  }
}

/// Collects a DAG's tasks and the edges written between them with `>>`.
@resultBuilder
public enum DAGBuilder {
  public static func buildExpression(_ task: Task) -> TaskGraph { TaskGraph([task]) }
  public static func buildExpression(_ tasks: [Task]) -> TaskGraph { TaskGraph(tasks) }
  public static func buildExpression(_ graph: TaskGraph) -> TaskGraph { graph }

  public static func buildBlock(_ parts: TaskGraph...) -> TaskGraph { buildArray(parts) }

  public static func buildArray(_ parts: [TaskGraph]) -> TaskGraph {
    var graph = TaskGraph()
    for part in parts { graph.append(part) }
    return graph
  }

  public static func buildOptional(_ part: TaskGraph?) -> TaskGraph { part ?? TaskGraph() }
  public static func buildEither(first part: TaskGraph) -> TaskGraph { part }
  public static func buildEither(second part: TaskGraph) -> TaskGraph { part }
  public static func buildLimitedAvailability(_ part: TaskGraph) -> TaskGraph { part }
}
