import ArgoModel

extension LocalRun {
  /// The fields of a workflow a local run cannot honour, each with where it is set: said once
  /// before the run, never silently ignored.
  public static func unhonouredFields(of workflow: Workflow) -> [String] {
    var found: [String: [String]] = [:]
    func note(_ field: String, _ place: String) { found[field, default: []].append(place) }
    let spec = workflow.spec
    if spec.nodeSelector != nil { note("nodeSelector", "the workflow") }
    if spec.tolerations != nil { note("tolerations", "the workflow") }
    if spec.affinity != nil { note("affinity", "the workflow") }
    if spec.podPriorityClassName != nil { note("podPriorityClassName", "the workflow") }
    if spec.schedulerName != nil { note("schedulerName", "the workflow") }
    if spec.securityContext != nil { note("securityContext", "the workflow") }
    if spec.hostNetwork != nil { note("hostNetwork", "the workflow") }
    if spec.dnsPolicy != nil || spec.dnsConfig != nil { note("dnsPolicy/dnsConfig", "the workflow") }
    if spec.imagePullSecrets != nil { note("imagePullSecrets", "the workflow") }
    if spec.podGC != nil { note("podGC", "the workflow") }
    if spec.ttlStrategy != nil { note("ttlStrategy", "the workflow") }
    if spec.artifactRepositoryRef != nil { note("artifactRepositoryRef (artifacts stay in the run's folder)", "the workflow") }
    if spec.synchronization != nil { note("synchronization (a local run does not wait for other runs)", "the workflow") }
    if spec.podSpecPatch != nil { note("podSpecPatch", "the workflow") }
    if spec.metrics != nil { note("metrics", "the workflow") }
    if spec.volumeClaimGC != nil { note("volumeClaimGC", "the workflow") }
    for template in spec.templates ?? [] {
      let place = "template \(template.name ?? "?")"
      if template.nodeSelector != nil { note("nodeSelector", place) }
      if template.tolerations != nil { note("tolerations", place) }
      if template.affinity != nil { note("affinity", place) }
      if template.priorityClassName != nil { note("priorityClassName", place) }
      if template.schedulerName != nil { note("schedulerName", place) }
      if template.securityContext != nil { note("securityContext", place) }
      if template.sidecars != nil { note("sidecars (they do not run)", place) }
      if template.initContainers != nil { note("initContainers (they do not run)", place) }
      if template.metrics != nil { note("metrics", place) }
      if template.podSpecPatch != nil { note("podSpecPatch", place) }
      if template.archiveLocation?.archiveLogs == true { note("archiveLocation.archiveLogs (logs stay in the run's folder)", place) }
      if template.hostAliases != nil { note("hostAliases", place) }
      if let probe = template.container?.readinessProbe ?? template.script?.readinessProbe, probe.grpc != nil {
        note("readinessProbe.grpc (the daemon counts as ready when it starts)", place)
      }
    }
    return found.keys.sorted().map { field in
      let places = found[field] ?? []
      let shown = places.prefix(3).joined(separator: ", ")
      return "\(field): \(shown)\(places.count > 3 ? " and \(places.count - 3) more" : "")"
    }
  }
}
