/// The structure of a workflow, drawn as Mermaid (rendered by GitHub) or Graphviz DOT: each DAG
/// and steps template reachable from the entry point (and the exit handler) is a box of its
/// tasks or steps, with their dependencies as arrows.
///
/// ```swift
/// print(WorkflowGraph(workflow.spec).mermaid())
/// ```
public struct WorkflowGraph: Sendable {
  /// A task or step.
  struct Node: Sendable {
    var id: String
    var label: String
    /// The DAG or steps template it calls, drawn as its own box.
    var calls: String?
  }

  struct Edge: Sendable {
    var from: String
    var to: String
    var label: String?
  }

  struct Cluster: Sendable {
    var template: String
    var kind: String
    var nodes: [Node] = []
    var edges: [Edge] = []
  }

  private(set) var clusters: [Cluster] = []
  private let title: String

  public init(_ spec: WorkflowSpec, title: String = "workflow") {
    self.title = title
    let templates = Dictionary((spec.templates ?? []).compactMap { template in template.name.map { ($0, template) } }) { first, _ in first }
    var queue = [spec.entrypoint, spec.onExit].compactMap { $0 }
    var seen: Set<String> = []
    while !queue.isEmpty {
      let name = queue.removeFirst()
      guard seen.insert(name).inserted, let template = templates[name] else { continue }
      if let dag = template.dag {
        let cluster = WorkflowGraph.cluster(dag: dag, name: name, templates: templates)
        queue += cluster.nodes.compactMap(\.calls)
        clusters.append(cluster)
      } else if let steps = template.steps {
        let cluster = WorkflowGraph.cluster(steps: steps, name: name, templates: templates)
        queue += cluster.nodes.compactMap(\.calls)
        clusters.append(cluster)
      } else if clusters.isEmpty, name == spec.entrypoint {
        var cluster = Cluster(template: name, kind: WorkflowGraph.kind(of: template))
        cluster.nodes = [Node(id: WorkflowGraph.identifier(name, name), label: name)]
        clusters.append(cluster)
      }
    }
  }

  /// Draws a workflow, workflow template or cron workflow.
  public init(_ resource: some WorkflowSpecResource) {
    self.init(resource.workflowSpec, title: resource.metadata.name ?? resource.metadata.generateName ?? "workflow")
  }

  static func kind(of template: Template) -> String {
    if template.dag != nil { return "DAG" }
    if template.steps != nil { return "steps" }
    if template.container != nil { return "container" }
    if template.script != nil { return "script" }
    if template.resource != nil { return "resource" }
    if template.suspend != nil { return "suspend" }
    if template.http != nil { return "HTTP" }
    if template.containerSet != nil { return "container set" }
    if template.data != nil { return "data" }
    if template.plugin != nil { return "plugin" }
    return "template"
  }

  static func identifier(_ template: String, _ node: String) -> String {
    let raw = "\(template)__\(node)"
    return String(
      raw.unicodeScalars.map { scalar in
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
      })
  }

  /// What a node runs and how it repeats, for its label.
  static func describe(
    name: String, template: String?, templateRef: TemplateRef?, inline: Template?, withItems: [Item]?, withParam: String?,
    withSequence: ItemSequence?, when: String?
  ) -> String {
    var lines = [name]
    if let template, template != name { lines.append(template) }
    if let templateRef { lines.append("\(templateRef.name ?? "?")/\(templateRef.template ?? "?")") }
    if inline != nil { lines.append("(inline)") }
    if let withItems { lines.append("× \(withItems.count) items") }
    if let withParam { lines.append("× \(withParam)") }
    if let withSequence {
      let count =
        withSequence.count.map { "\($0)" } ?? "\(withSequence.start.map { "\($0)" } ?? "0")…\(withSequence.end.map { "\($0)" } ?? "?")"
      lines.append("× sequence \(count)")
    }
    if let when { lines.append("when \(when)") }
    return lines.joined(separator: "\n")
  }

  static func calledTemplate(_ name: String?, in templates: [String: Template]) -> String? {
    guard let name, let template = templates[name], template.dag != nil || template.steps != nil else { return nil }
    return name
  }

  static func cluster(dag: DAGTemplate, name: String, templates: [String: Template]) -> Cluster {
    var cluster = Cluster(template: name, kind: "DAG")
    for task in dag.tasks {
      let label = describe(
        name: task.name, template: task.template, templateRef: task.templateRef, inline: task.inline, withItems: task.withItems,
        withParam: task.withParam, withSequence: task.withSequence, when: task.when)
      cluster.nodes.append(Node(id: identifier(name, task.name), label: label, calls: calledTemplate(task.template, in: templates)))
      var sources: [(String, String?)] = (task.dependencies ?? []).map { ($0, nil) }
      if let depends = task.depends, let expression = try? DependsExpression(parsing: depends) {
        sources += dependencyTerms(expression)
      }
      // One edge per task and result, however often the expression names them.
      var drawn = Set<String>()
      for (source, result) in sources where drawn.insert("\(source)\u{0}\(result ?? "")").inserted {
        cluster.edges.append(Edge(from: identifier(name, source), to: identifier(name, task.name), label: result))
      }
    }
    return cluster
  }

  /// The tasks of a `depends` expression and the result each is tested for (`!` noted).
  static func dependencyTerms(_ expression: DependsExpression, negated: Bool = false) -> [(String, String?)] {
    switch expression {
    case .task(let name, let result):
      let text = result.map(\.rawValue)
      return [(name, negated ? "not \(text ?? "done")" : text)]
    case .and(let left, let right), .or(let left, let right):
      return dependencyTerms(left, negated: negated) + dependencyTerms(right, negated: negated)
    case .not(let inner):
      return dependencyTerms(inner, negated: !negated)
    }
  }

  static func cluster(steps: [ParallelSteps], name: String, templates: [String: Template]) -> Cluster {
    var cluster = Cluster(template: name, kind: "steps")
    var previous: [String] = []
    for (index, group) in steps.enumerated() {
      var current: [String] = []
      for step in group {
        let stepName = step.name ?? "step"
        let id = identifier(name, "\(index)_\(stepName)")
        let label = describe(
          name: stepName, template: step.template, templateRef: step.templateRef, inline: step.inline, withItems: step.withItems,
          withParam: step.withParam, withSequence: step.withSequence, when: step.when)
        cluster.nodes.append(Node(id: id, label: label, calls: calledTemplate(step.template, in: templates)))
        current.append(id)
      }
      if previous.count > 1, current.count > 1 {
        // A junction keeps wide groups from drawing every pair of arrows.
        let junction = identifier(name, "after_group_\(index - 1)")
        cluster.nodes.append(Node(id: junction, label: ""))
        for source in previous { cluster.edges.append(Edge(from: source, to: junction)) }
        for target in current { cluster.edges.append(Edge(from: junction, to: target)) }
      } else {
        for source in previous {
          for target in current { cluster.edges.append(Edge(from: source, to: target)) }
        }
      }
      previous = current
    }
    return cluster
  }

  // MARK: Output

  /// The graph in Mermaid's flowchart syntax.
  public func mermaid() -> String {
    var lines = ["flowchart TD"]
    for cluster in clusters {
      let clusterID = WorkflowGraph.identifier("cluster", cluster.template)
      lines.append("  subgraph \(clusterID)[\"\(WorkflowGraph.mermaidEscape("\(cluster.template) (\(cluster.kind))"))\"]")
      for node in cluster.nodes {
        if node.label.isEmpty {
          lines.append("    \(node.id)(( ))")
        } else {
          lines.append("    \(node.id)[\"\(WorkflowGraph.mermaidEscape(node.label).replacingOccurrences(of: "\n", with: "<br/>"))\"]")
        }
      }
      for edge in cluster.edges {
        if let label = edge.label {
          lines.append("    \(edge.from) -->|\(WorkflowGraph.mermaidEscape(label))| \(edge.to)")
        } else {
          lines.append("    \(edge.from) --> \(edge.to)")
        }
      }
      lines.append("  end")
    }
    for cluster in clusters {
      for node in cluster.nodes {
        if let called = node.calls { lines.append("  \(node.id) -.-> \(WorkflowGraph.identifier("cluster", called))") }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The graph in Graphviz's DOT language.
  public func dot() -> String {
    var lines = [
      "digraph \"\(WorkflowGraph.dotEscape(title))\" {", "  rankdir=TB;", "  node [shape=box, style=rounded];", "  compound=true;",
    ]
    for (index, cluster) in clusters.enumerated() {
      lines.append("  subgraph cluster_\(index) {")
      lines.append("    label=\"\(WorkflowGraph.dotEscape("\(cluster.template) (\(cluster.kind))"))\";")
      for node in cluster.nodes {
        if node.label.isEmpty {
          lines.append("    \(node.id) [shape=point, label=\"\"];")
        } else {
          lines.append("    \(node.id) [label=\"\(WorkflowGraph.dotEscape(node.label))\"];")
        }
      }
      for edge in cluster.edges {
        let label = edge.label.map { " [label=\"\(WorkflowGraph.dotEscape($0))\"]" } ?? ""
        lines.append("    \(edge.from) -> \(edge.to)\(label);")
      }
      lines.append("  }")
    }
    for cluster in clusters {
      for node in cluster.nodes {
        if let called = node.calls, let target = clusters.firstIndex(where: { $0.template == called }),
          let first = clusters[target].nodes.first
        {
          lines.append("  \(node.id) -> \(first.id) [style=dashed, lhead=cluster_\(target)];")
        }
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  static func mermaidEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
  }

  static func dotEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }
}
