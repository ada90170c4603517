/// A workflow's spec joined with the spec of the WorkflowTemplate its `workflowTemplateRef`
/// names, as Argo joins them before it runs or validates the workflow.
///
/// The workflow's own fields win. Objects merge member by member; the lists Argo merges by a key
/// (`templates`, `volumes`, `arguments.parameters`, `arguments.artifacts`, a template's
/// `sidecars`, ...) merge element by element, elements of the same key merged and the
/// workflow's new ones after the template's; other lists are the workflow's when it has one.
/// Then, as Argo does after its strategic merge:
///
/// - `suspend` is the workflow's alone (a template's `suspend: true` does not carry over);
/// - a parameter that has a value (`value`, `valueFrom` or `default`) is taken whole from the
///   workflow when the workflow gives it a value, else whole from the template, so that a
///   workflow's `valueFrom` is not beside the template's `value`;
/// - an artifact the workflow names is the workflow's, its location filled in from the
///   template's when both are of one kind (both `s3`, say);
/// - the template's `hooks` and `workflowMetadata.labelsFrom` are added under the names the
///   workflow does not use, never merged into the workflow's.
///
/// The result keeps the workflow's `workflowTemplateRef`.
public enum WorkflowSpecJoin {
  /// The workflow's spec `own` joined over the referenced template's spec `template`.
  public static func joined(_ own: JSONValue, over template: JSONValue) -> JSONValue {
    guard case .object(var base) = template, case .object(let mine) = own else { return own }
    let templateHooks = base["hooks"]
    base["hooks"] = nil
    var templateMetadata = base["workflowMetadata"]?.objectValue
    let templateLabelsFrom = templateMetadata?["labelsFrom"]
    if templateMetadata != nil {
      templateMetadata?["labelsFrom"] = nil
      base["workflowMetadata"] = templateMetadata.map(JSONValue.object)
    }
    guard case .object(var joined) = strategicMerge(own, over: .object(base), keys: specListKeys) else { return own }
    joined["suspend"] = mine["suspend"]
    if case .object(var arguments)? = joined["arguments"] {
      if let parameters = arguments["parameters"]?.arrayValue {
        arguments["parameters"] = .array(parameters.map { preferredParameter($0, own: own, template: template) })
      }
      if let artifacts = arguments["artifacts"]?.arrayValue {
        arguments["artifacts"] = .array(artifacts.map { overriddenArtifact($0, own: own, template: template) })
      }
      joined["arguments"] = .object(arguments)
    }
    if let templateHooks { joined["hooks"] = addingMissing(templateHooks, to: joined["hooks"]) }
    if let templateLabelsFrom {
      var metadata = joined["workflowMetadata"]?.objectValue ?? [:]
      metadata["labelsFrom"] = addingMissing(templateLabelsFrom, to: metadata["labelsFrom"])
      joined["workflowMetadata"] = .object(metadata)
    }
    return .object(joined)
  }

  // MARK: Strategic merge

  /// The lists merged by a key, by the name of the field that holds them, at each level.
  struct ListKeys {
    var byField: [String: String] = [:]
    /// The keys inside the elements (or objects) of a field, by field.
    var nested: [String: ListKeys] = [:]
  }

  static let templateListKeys = ListKeys(
    byField: ["volumes": "name", "initContainers": "name", "sidecars": "name", "tolerations": "key", "hostAliases": "ip"],
    nested: ["inputs": ListKeys(byField: ["parameters": "name", "artifacts": "name"])])

  static let specListKeys = ListKeys(
    byField: ["templates": "name", "volumes": "name", "tolerations": "key", "imagePullSecrets": "name", "hostAliases": "ip"],
    nested: ["arguments": ListKeys(byField: ["parameters": "name", "artifacts": "name"]), "templates": templateListKeys])

  static func strategicMerge(_ own: JSONValue, over base: JSONValue, keys: ListKeys) -> JSONValue {
    guard case .object(let mine) = own, case .object(var result) = base else { return own }
    for member in mine {
      let inner = keys.nested[member.key] ?? ListKeys()
      guard let existing = result[member.key] else {
        result[member.key] = member.value
        continue
      }
      if let key = keys.byField[member.key], case .array(let ownElements) = member.value, case .array(let baseElements) = existing {
        result[member.key] = .array(mergedList(ownElements, over: baseElements, key: key, keys: inner))
      } else {
        result[member.key] = strategicMerge(member.value, over: existing, keys: inner)
      }
    }
    return .object(result)
  }

  /// The base's elements, each merged with the workflow's element of the same key, then the
  /// workflow's elements whose key the base does not have.
  static func mergedList(_ own: [JSONValue], over base: [JSONValue], key: String, keys: ListKeys) -> [JSONValue] {
    var remaining = own
    var result: [JSONValue] = []
    for element in base {
      if let id = element[key], let index = remaining.firstIndex(where: { $0[key] == id }) {
        result.append(strategicMerge(remaining.remove(at: index), over: element, keys: keys))
      } else {
        result.append(element)
      }
    }
    return result + remaining
  }

  // MARK: After the merge

  static func hasValue(_ parameter: JSONValue) -> Bool {
    parameter["value"] != nil || parameter["valueFrom"] != nil || parameter["default"] != nil
  }

  static func element(named name: JSONValue?, in list: JSONValue?) -> JSONValue? {
    guard let name else { return nil }
    return list?.arrayValue?.first { $0["name"] == name }
  }

  static func arguments(_ spec: JSONValue, _ field: String) -> JSONValue? {
    spec["arguments"]?[field]
  }

  static func preferredParameter(_ merged: JSONValue, own: JSONValue, template: JSONValue) -> JSONValue {
    guard hasValue(merged) else { return merged }
    if let mine = element(named: merged["name"], in: arguments(own, "parameters")), hasValue(mine) { return mine }
    if let theirs = element(named: merged["name"], in: arguments(template, "parameters")), hasValue(theirs) { return theirs }
    return merged
  }

  /// The fields of `ArtifactLocation`: where an artifact is kept.
  static let locationKinds = ["archiveLogs", "s3", "git", "http", "artifactory", "hdfs", "raw", "oss", "gcs", "azure", "plugin"]

  static func locationKind(_ artifact: JSONValue) -> String? {
    locationKinds.first { artifact[$0] != nil && artifact[$0] != .null }
  }

  /// The workflow's artifact of this name, its location filled in from the template's when
  /// both keep it in one kind of place; the template's artifact when the workflow has none.
  static func overriddenArtifact(_ merged: JSONValue, own: JSONValue, template: JSONValue) -> JSONValue {
    guard let mine = element(named: merged["name"], in: arguments(own, "artifacts")) else { return merged }
    guard let theirs = element(named: merged["name"], in: arguments(template, "artifacts")),
      let kind = locationKind(theirs), kind == locationKind(mine), let ownLocation = mine[kind], let templateLocation = theirs[kind],
      case .object(var result) = mine
    else { return mine }
    result[kind] = strategicMerge(ownLocation, over: templateLocation, keys: ListKeys())
    return .object(result)
  }

  /// `own` with the members of `extra` whose names it does not have.
  static func addingMissing(_ extra: JSONValue, to own: JSONValue?) -> JSONValue {
    guard case .object(var result) = own ?? .object([:]), case .object(let added) = extra else { return own ?? extra }
    for member in added where result[member.key] == nil { result[member.key] = member.value }
    return .object(result)
  }
}

extension WorkflowSpec {
  /// This workflow spec joined over the spec of the WorkflowTemplate it references (see
  /// `WorkflowSpecJoin`); this spec as it is when the join cannot be read back.
  public func joined(over template: WorkflowSpec) -> WorkflowSpec {
    let joined = WorkflowSpecJoin.joined(toJSON(), over: template.toJSON())
    return (try? WorkflowSpec(json: joined, options: .preserving)) ?? self
  }
}
