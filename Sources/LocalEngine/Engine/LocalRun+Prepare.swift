import ArgoModel
import Foundation

extension LocalRun {
  /// The workflow ready to run here: named (from `generateName`, as Argo names it), its
  /// `workflowTemplateRef` merged in, its namespace set.
  public static func prepare(
    _ workflow: Workflow, workflowTemplates: [String: WorkflowTemplate] = [:],
    clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:]
  ) throws(SchedulerError) -> Workflow {
    var workflow = workflow
    if let reference = workflow.spec.workflowTemplateRef {
      let name = reference.name ?? ""
      let library = TemplateLibrary(workflowTemplates: workflowTemplates, clusterWorkflowTemplates: clusterWorkflowTemplates)
      guard let spec = library.spec(named: name, clusterScope: reference.clusterScope == true) else {
        let kind = reference.clusterScope == true ? "cluster workflow template" : "workflow template"
        throw SchedulerError("workflowTemplateRef: \(kind) \(name) not found", hint: "give its file to hera run too")
      }
      workflow.spec = merged(workflow.spec, over: spec)
    }
    if workflow.metadata.name == nil || workflow.metadata.name?.isEmpty == true {
      workflow.metadata.name = ObjectMeta.name(generatedFrom: workflow.metadata.generateName ?? "workflow-")
    }
    if workflow.metadata.namespace == nil { workflow.metadata.namespace = "default" }
    if workflow.metadata.uid == nil { workflow.metadata.uid = UUID().uuidString.lowercased() }
    if workflow.metadata.creationTimestamp == nil { workflow.metadata.creationTimestamp = Time(Date()) }
    return workflow
  }

  /// A workflow's own spec joined over its `workflowTemplateRef`'s, as Argo joins them
  /// (`WorkflowSpec.joined(over:)`), the reference dropped once it is resolved.
  static func merged(_ own: WorkflowSpec, over base: WorkflowSpec) -> WorkflowSpec {
    var spec = own.joined(over: base)
    spec.workflowTemplateRef = nil
    return spec
  }

  /// A saved run made ready to continue: `Workflow.retried()` (what did not succeed runs
  /// again, as after Argo's `retry`).
  public static func resumable(_ workflow: Workflow) -> Workflow {
    workflow.retried()
  }
}
