/// WorkflowTemplates and ClusterWorkflowTemplates by name: what `templateRef`s and
/// `workflowTemplateRef`s name, resolved as Argo resolves them.
///
/// The linter, the local engine and the Argo Server simulator resolve references through it,
/// so that a reference means the same everywhere, and fails with the same words.
///
/// ```swift
/// let library = TemplateLibrary(manifests)
/// let (template, holder) = try library.template(for: TemplateRef(name: "lib", template: "say"))
/// ```
public struct TemplateLibrary: Sendable {
  /// The WorkflowTemplates and ClusterWorkflowTemplates among the manifests, by name.
  public private(set) var workflowTemplates: [String: WorkflowTemplate] = [:]
  public private(set) var clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:]

  public init() {}

  public init(_ manifests: [Manifest]) {
    add(manifests)
  }

  public init(workflowTemplates: [String: WorkflowTemplate], clusterWorkflowTemplates: [String: ClusterWorkflowTemplate] = [:]) {
    self.workflowTemplates = workflowTemplates
    self.clusterWorkflowTemplates = clusterWorkflowTemplates
  }

  /// Adds the WorkflowTemplates and ClusterWorkflowTemplates among `manifests`; a later one
  /// replaces an earlier one of the same name.
  public mutating func add(_ manifests: [Manifest]) {
    for manifest in manifests {
      switch manifest {
      case .workflowTemplate(let template):
        if let name = template.metadata.name { workflowTemplates[name] = template }
      case .clusterWorkflowTemplate(let template):
        if let name = template.metadata.name { clusterWorkflowTemplates[name] = template }
      default:
        break
      }
    }
  }

  /// The metadata and spec of the template resource a reference names, if the library has it.
  public func resource(named name: String, clusterScope: Bool) -> (metadata: ObjectMeta, spec: WorkflowSpec)? {
    if clusterScope {
      return clusterWorkflowTemplates[name].map { ($0.metadata, $0.spec) }
    }
    return workflowTemplates[name].map { ($0.metadata, $0.spec) }
  }

  /// The spec of the template resource a reference names, if the library has it.
  public func spec(named name: String, clusterScope: Bool) -> WorkflowSpec? {
    resource(named: name, clusterScope: clusterScope)?.spec
  }

  /// The template a `templateRef` names, and the spec of the resource that holds it (whose
  /// templates the template's own `template:` names resolve in).
  ///
  /// - Throws: `TemplateReferenceError` when the reference lacks a name, or the library lacks
  ///   the resource or the resource lacks the template; its message names what is missing and
  ///   the closest names there are.
  public func template(for reference: TemplateRef) throws(TemplateReferenceError) -> (template: Template, holder: WorkflowSpec) {
    let name = reference.name ?? ""
    let templateName = reference.template ?? ""
    let clusterScope = reference.clusterScope ?? false
    guard !name.isEmpty else { throw TemplateReferenceError(.noResourceName) }
    guard !templateName.isEmpty else { throw TemplateReferenceError(.noTemplateName(resource: name, clusterScope: clusterScope)) }
    guard let holder = spec(named: name, clusterScope: clusterScope) else {
      let known = clusterScope ? Array(clusterWorkflowTemplates.keys) : Array(workflowTemplates.keys)
      throw TemplateReferenceError(
        .missingResource(name: name, clusterScope: clusterScope, closest: Spelling.closest(to: name, among: known)))
    }
    let template = try TemplateLibrary.template(named: templateName, in: holder.templates ?? [], holder: (name, clusterScope))
    return (template, holder)
  }

  /// The template of this name among `templates` (a workflow's own, or those of the resource
  /// `holder` names).
  ///
  /// - Throws: `TemplateReferenceError` naming the template, where it was looked for, and the
  ///   closest name there.
  public static func template(
    named name: String, in templates: [Template], holder: (name: String, clusterScope: Bool)? = nil
  ) throws(TemplateReferenceError) -> Template {
    if let template = templates.first(where: { $0.name == name }) { return template }
    let closest = Spelling.closest(to: name, among: templates.compactMap(\.name))
    throw TemplateReferenceError(
      .missingTemplate(name: name, resource: holder?.name, clusterScope: holder?.clusterScope ?? false, closest: closest))
  }
}

/// A template reference that does not resolve: what is missing, and the closest name there is.
public struct TemplateReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
  enum Reason: Sendable, Equatable {
    case noResourceName
    case noTemplateName(resource: String, clusterScope: Bool)
    case missingResource(name: String, clusterScope: Bool, closest: String?)
    case missingTemplate(name: String, resource: String?, clusterScope: Bool, closest: String?)
  }

  let reason: Reason

  init(_ reason: Reason) { self.reason = reason }

  /// Whether the resource the reference names is missing (not the template in it): a reader
  /// that was given only some of the resources cannot tell a wrong name from one it lacks.
  public var isMissingResource: Bool {
    if case .missingResource = reason { return true }
    return false
  }

  /// The closest name to the missing one, when one is close enough to be a likely typo.
  public var closestName: String? {
    switch reason {
    case .missingResource(_, _, let closest), .missingTemplate(_, _, _, let closest): return closest
    case .noResourceName, .noTemplateName: return nil
    }
  }

  /// What is missing, in a sentence without the suggestion.
  public var message: String {
    switch reason {
    case .noResourceName:
      return "the templateRef has no name of a WorkflowTemplate"
    case .noTemplateName(let resource, let clusterScope):
      return "the templateRef to \(TemplateReferenceError.kind(clusterScope)) \"\(resource)\" has no template name"
    case .missingResource(let name, let clusterScope, _):
      return "\(TemplateReferenceError.kind(clusterScope)) \"\(name)\" not found"
    case .missingTemplate(let name, let resource?, let clusterScope, _):
      return "\(TemplateReferenceError.kind(clusterScope)) \"\(resource)\" has no template \"\(name)\""
    case .missingTemplate(let name, nil, _, _):
      return "template \"\(name)\" not found"
    }
  }

  public var description: String {
    closestName.map { "\(message) (did you mean \"\($0)\"?)" } ?? message
  }

  static func kind(_ clusterScope: Bool) -> String { clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate" }
}
