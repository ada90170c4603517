extension LintRun {
  /// The kinds a template may be, with the field that sets each.
  static func types(of template: Template) -> [String] {
    var types: [String] = []
    if template.container != nil { types.append("container") }
    if template.containerSet != nil { types.append("containerSet") }
    if template.steps != nil { types.append("steps") }
    if template.dag != nil { types.append("dag") }
    if template.script != nil { types.append("script") }
    if template.resource != nil { types.append("resource") }
    if template.data != nil { types.append("data") }
    if template.suspend != nil { types.append("suspend") }
    if template.http != nil { types.append("http") }
    if template.plugin != nil { types.append("plugin") }
    return types
  }

  /// Whether a template does the work itself rather than calling others (Argo's `IsLeaf`).
  static func isLeaf(_ template: Template) -> Bool {
    template.container != nil || template.containerSet != nil || template.script != nil || template.resource != nil
      || template.data != nil || template.http != nil || template.plugin != nil
  }

  /// Whether a template runs in a pod of its own (Argo's `IsPodType`).
  static func isPodType(_ template: Template) -> Bool {
    template.container != nil || template.containerSet != nil || template.script != nil || template.resource != nil
      || template.data != nil
  }

  func lintTemplate(_ template: Template, path: LintPath, mayReadFailures: Bool) {
    let types = LintRun.types(of: template)
    if types.isEmpty {
      error(
        "template-type", path, "the template has no type",
        hint: "give it one of container, script, resource, suspend, http, containerSet, data, steps, dag, plugin")
    } else if types.count > 1 {
      error(
        "template-type", path, "the template has several types (\(types.joined(separator: ", "))); choose one",
        hint: "split it into one template per type")
    }
    checkImage(template, path: path)
    checkInputs(template, path: path.key("inputs"))
    checkOutputs(template, path: path.key("outputs"))
    checkLeafOnlyFields(template, path: path)
    if let policy = template.retryStrategy?.retryPolicy, !["", "Always", "OnFailure", "OnError", "OnTransientError"].contains(policy) {
      error(
        "retry-policy", path.key("retryStrategy").key("retryPolicy"), "\"\(policy)\" is not a retry policy",
        hint: "use Always, OnFailure, OnError or OnTransientError")
    }
    checkMounts(template, path: path)
    checkContainers(template, path: path)
    checkPodLevelFields(template, path: path)
    if let containerSet = template.containerSet { checkContainerSet(containerSet, template: template, path: path.key("containerSet")) }
    if let resource = template.resource { checkResource(resource, template: template, path: path.key("resource")) }
    checkMetrics(template.metrics, path: path.key("metrics"))

    var scope = Scope(template: template, globals: globals, mayReadFailures: mayReadFailures)
    if let steps = template.steps {
      lintSteps(steps, template: template, path: path.key("steps"), scope: &scope)
    } else if let dag = template.dag {
      lintDAG(dag, template: template, path: path.key("dag"), scope: &scope)
    } else {
      // A leaf template is checked as a whole; its outputs may refer to themselves.
      resolveVariables(in: template.toJSON(), scope: scope, path: path)
      return
    }
    if let outputs = template.outputs {
      resolveVariables(in: outputs.toJSON(), scope: scope, path: path.key("outputs"))
    }
  }

  func checkImage(_ template: Template, path: LintPath) {
    let defaults = spec.templateDefaults
    if let container = template.container, (container.image ?? "").isEmpty, (defaults?.container?.image ?? "").isEmpty {
      error(
        "container-image", path.key("container").key("image"), "the container has no image",
        hint: "set image, or templateDefaults.container.image")
    }
    if let script = template.script, (script.image ?? "").isEmpty, (defaults?.script?.image ?? "").isEmpty {
      error(
        "container-image", path.key("script").key("image"), "the script has no image", hint: "set image, or templateDefaults.script.image")
    }
  }

  func checkInputs(_ template: Template, path: LintPath) {
    guard let inputs = template.inputs else { return }
    let parameters = inputs.parameters ?? []
    checkNames(
      parameters.map(\.name), kind: "input parameter", path: { path.key("parameters").element($0, name: parameters[$0].name) },
      rule: "parameter-name", pattern: .parameter)
    let artifacts = inputs.artifacts ?? []
    checkNames(
      artifacts.map(\.name), kind: "input artifact", path: { path.key("artifacts").element($0, name: artifacts[$0].name) },
      rule: "parameter-name", pattern: .parameter)
    let runsContainer = template.container != nil || template.script != nil || template.containerSet != nil
    for (index, artifact) in artifacts.enumerated() {
      let artifactPath = path.key("artifacts").element(index, name: artifact.name)
      if artifact.from != nil {
        error(
          "input-artifact", artifactPath.key("from"), "an input artifact cannot take `from`",
          hint: "pass it as an argument of the step or task instead")
      }
      if let location = artifact.path {
        if !LintRun.isLeaf(template) {
          error(
            "input-artifact", artifactPath.key("path"), "only container and script templates place input artifacts at a path",
            hint: "drop path here, and set it in the container or script template that uses the artifact")
        } else if location.split(separator: "/").contains("..") {
          error(
            "input-artifact", artifactPath.key("path"), "the path \"\(location)\" climbs out of its directory with '..'",
            hint: "use an absolute path without ..")
        }
      } else if runsContainer {
        error(
          "input-artifact", artifactPath, "the input artifact \"\(artifact.name)\" has no path",
          hint: "set where it is placed in the container")
      }
      if let git = artifact.git, git.repo.isEmpty {
        error(
          "input-artifact", artifactPath.key("git").key("repo"), "a git artifact needs a repository",
          hint: "set git.repo, e.g. https://github.com/org/repo.git")
      }
    }
    for (index, parameter) in parameters.enumerated() {
      if let values = parameter.enum {
        let parameterPath = path.key("parameters").element(index, name: parameter.name)
        if values.isEmpty {
          error("parameter-enum", parameterPath.key("enum"), "the enum is empty", hint: "list the allowed values, or drop enum")
        } else if let value = parameter.value ?? parameter.default, !value.string.contains("{{"), !values.contains(value) {
          error(
            "parameter-enum", parameterPath,
            "\"\(value)\" is not one of the enum's values (\(values.map(\.string).joined(separator: ", ")))",
            hint: "use one of them, or add it to the enum")
        }
      }
    }
  }

  func checkOutputs(_ template: Template, path: LintPath) {
    guard let outputs = template.outputs else { return }
    let parameters = outputs.parameters ?? []
    checkNames(
      parameters.map(\.name), kind: "output parameter", path: { path.key("parameters").element($0, name: parameters[$0].name) },
      rule: "parameter-name", pattern: .parameter)
    let artifacts = outputs.artifacts ?? []
    checkNames(
      artifacts.map(\.name), kind: "output artifact", path: { path.key("artifacts").element($0, name: artifacts[$0].name) },
      rule: "parameter-name", pattern: .parameter)
    for (index, parameter) in parameters.enumerated() {
      let parameterPath = path.key("parameters").element(index, name: parameter.name)
      checkGlobalName(parameter.globalName, path: parameterPath.key("globalName"))
      switch (parameter.value, parameter.valueFrom) {
      case (.some, .some):
        error(
          "output-parameter", parameterPath, "an output parameter has either value or valueFrom, not both",
          hint: "keep valueFrom to read the value, value to fix it")
        continue
      case (nil, nil):
        error(
          "output-parameter", parameterPath, "the output parameter has neither value nor valueFrom",
          hint: "e.g. valueFrom: {path: /tmp/result.txt}")
        continue
      case (.some, nil):
        continue
      case (nil, .some(let valueFrom)):
        let sources = [
          ("path", valueFrom.path), ("jqFilter", valueFrom.jqFilter), ("jsonPath", valueFrom.jsonPath),
          ("parameter", valueFrom.parameter), ("expression", valueFrom.expression), ("supplied", valueFrom.supplied.map { _ in "" }),
        ].compactMap { $0.1 == nil ? nil : $0.0 }
        if sources.isEmpty {
          error(
            "output-parameter", parameterPath.key("valueFrom"), "valueFrom names no source",
            hint: "use one of path, jqFilter, jsonPath, parameter, expression, supplied")
        } else if sources.count > 1 {
          error(
            "output-parameter", parameterPath.key("valueFrom"),
            "valueFrom names several sources (\(sources.joined(separator: ", "))); choose one", hint: "keep one of them")
        } else if let expected = LintRun.expectedOutputSources(template), !expected.contains(sources[0]) {
          error(
            "output-parameter", parameterPath.key("valueFrom"),
            "a \(LintRun.types(of: template).first ?? "") template reads output parameters from \(expected.joined(separator: " or ")), not \(sources[0])"
          )
        }
      }
    }
    for (index, artifact) in artifacts.enumerated() {
      let artifactPath = path.key("artifacts").element(index, name: artifact.name)
      checkGlobalName(artifact.globalName, path: artifactPath.key("globalName"))
      if artifact.path != nil, !LintRun.isLeaf(template) {
        error(
          "output-artifact", artifactPath.key("path"), "only leaf templates (container, script, ...) take output artifacts from a path",
          hint: "use from: \"{{tasks.NAME.outputs.artifacts.A}}\" in a steps or DAG template")
      } else if artifact.path == nil, template.container != nil || template.script != nil || template.containerSet != nil {
        error(
          "output-artifact", artifactPath, "the output artifact \"\(artifact.name)\" has no path",
          hint: "set the file or directory it is taken from")
      }
    }
  }

  /// Where output parameters come from in each kind of template, when it is restricted.
  static func expectedOutputSources(_ template: Template) -> [String]? {
    if template.container != nil || template.script != nil || template.containerSet != nil { return ["path"] }
    if template.resource != nil { return ["jqFilter", "jsonPath"] }
    if template.steps != nil || template.dag != nil { return ["parameter", "expression"] }
    return nil
  }

  func checkGlobalName(_ name: String?, path: LintPath) {
    guard let name, !name.contains("{{") else { return }
    if !NamePattern.parameter.accepts(name) {
      error(
        "parameter-name", path, "the global name \"\(name)\" is invalid: use \(NamePattern.parameter.rule)",
        hint: "e.g. \"\(Naming.argoName(name))\"")
    }
  }

  func checkLeafOnlyFields(_ template: Template, path: LintPath) {
    let isCaller = template.steps != nil || template.dag != nil
    if let timeout = template.timeout {
      if isCaller || template.suspend != nil {
        error(
          "leaf-only", path.key("timeout"), "only leaf templates take a timeout",
          hint: isCaller ? "set activeDeadlineSeconds on the workflow, or a timeout on the templates it calls" : nil)
      } else if Int(timeout.trimmingCharacters(in: .whitespaces)) != nil {
        error("leaf-only", path.key("timeout"), "the timeout \"\(timeout)\" has no unit", hint: "write a duration such as \"\(timeout)s\"")
      }
    }
    if let deadline = template.activeDeadlineSeconds {
      if isCaller {
        error(
          "leaf-only", path.key("activeDeadlineSeconds"), "only leaf templates take activeDeadlineSeconds",
          hint: "set it on the templates this one calls, or spec.activeDeadlineSeconds for the whole workflow")
      } else {
        switch deadline {
        case .int(let seconds) where seconds < 0:
          error(
            "leaf-only", path.key("activeDeadlineSeconds"), "activeDeadlineSeconds must not be negative",
            hint: "give a number of seconds > 0")
        case .string(let text) where Int(text) == nil && !(text.hasPrefix("{{") && text.hasSuffix("}}")):
          error(
            "leaf-only", path.key("activeDeadlineSeconds"),
            "activeDeadlineSeconds must be a number of seconds or an Argo variable, not \"\(text)\"",
            hint: "e.g. 600, or \"{{inputs.parameters.deadline}}\"")
        case .string(let text) where (Int(text) ?? 0) < 0:
          error(
            "leaf-only", path.key("activeDeadlineSeconds"), "activeDeadlineSeconds must not be negative",
            hint: "give a number of seconds > 0")
        default:
          break
        }
      }
    }
    if template.parallelism != nil, !isCaller {
      error(
        "leaf-only", path.key("parallelism"), "only steps and DAG templates take parallelism",
        hint: "limit the workflow's parallelism in spec.parallelism")
    }
    if template.pendingTimeout != nil, isCaller || template.suspend != nil {
      error(
        "leaf-only", path.key("pendingTimeout"), "only leaf templates take a pendingTimeout", hint: "set it on the templates this one calls"
      )
    }
  }

  func checkMounts(_ template: Template, path: LintPath) {
    guard let container = template.container else { return }
    var mounted: [String: String] = [:]
    for (index, mount) in (container.volumeMounts ?? []).enumerated() {
      if let other = mounted[mount.mountPath] {
        error(
          "volume-mount", path.key("container").key("volumeMounts").element(index, name: mount.name).key("mountPath"),
          "\"\(mount.mountPath)\" is already mounted by \(other)")
      }
      mounted[mount.mountPath] = "volume \(mount.name)"
    }
    for (index, artifact) in (template.inputs?.artifacts ?? []).enumerated() {
      guard let location = artifact.path else { continue }
      if let other = mounted[location] {
        error(
          "volume-mount", path.key("inputs").key("artifacts").element(index, name: artifact.name).key("path"),
          "\"\(location)\" is already mounted by \(other)")
      }
      mounted[location] = "input artifact \(artifact.name)"
    }
  }

  func checkContainers(_ template: Template, path: LintPath) {
    for (index, container) in (template.initContainers ?? []).enumerated() where container.name.isEmpty {
      error(
        "container-name", path.key("initContainers").element(index), "an init container needs a name",
        hint: "give each init container a name")
    }
    for (index, sidecar) in (template.sidecars ?? []).enumerated() {
      let namePath = path.key("sidecars").element(index, name: sidecar.name).key("name")
      if sidecar.name.isEmpty {
        error("container-name", path.key("sidecars").element(index), "a sidecar needs a name", hint: "give each sidecar a name")
      } else if LintRun.isReservedContainerName(sidecar.name) {
        error(
          "container-name", namePath, "a sidecar cannot be named \"\(sidecar.name)\": the name is reserved for Argo's own containers",
          hint: "rename the sidecar")
      } else if sidecar.name == "init" || sidecar.name == "main" {
        warning("container-name", namePath, "\"\(sidecar.name)\" is the name of one of Argo's own containers", hint: "rename the sidecar")
      }
    }
  }

  /// The names of the containers Argo adds to a pod (wait, supervisor, artifact plugins),
  /// which a user's container cannot take.
  static func isReservedContainerName(_ name: String) -> Bool {
    name == "wait" || name == "supervisor" || name.hasPrefix("artifact-plugin-")
  }

  /// The name Argo gives a template's kind in its messages.
  static func typeName(of template: Template) -> String {
    if template.container != nil { return "Container" }
    if template.containerSet != nil { return "ContainerSet" }
    if template.steps != nil { return "Steps" }
    if template.dag != nil { return "DAG" }
    if template.script != nil { return "Script" }
    if template.resource != nil { return "Resource" }
    if template.data != nil { return "Data" }
    if template.suspend != nil { return "Suspend" }
    if template.http != nil { return "HTTP" }
    if template.plugin != nil { return "Plugin" }
    return "untyped"
  }

  /// podResources and resourceClaims size and equip the pod a template runs: they need one.
  func checkPodLevelFields(_ template: Template, path: LintPath) {
    if let resources = template.podResources {
      if template.http != nil || template.plugin != nil {
        error(
          "pod-resources", path.key("podResources"),
          "podResources is not supported for \(LintRun.typeName(of: template)) templates: they run in Argo's shared agent pod, whose size is fixed",
          hint: "drop podResources from this template")
      } else {
        checkPodResources(resources, path: path.key("podResources"))
      }
    }
    if !(template.resourceClaims ?? []).isEmpty, !LintRun.isPodType(template), !LintRun.types(of: template).isEmpty {
      let reason = template.http != nil || template.plugin != nil ? "which run in Argo's shared agent pod" : "which do not create a pod"
      error(
        "pod-resources", path.key("resourceClaims"),
        "resourceClaims is not supported for \(LintRun.typeName(of: template)) templates, \(reason)",
        hint: "put the claims on the container, script or resource templates that use them")
    }
  }

  /// Pod-level resources: Kubernetes accepts only cpu, memory and hugepages-*, and no claims.
  func checkPodResources(_ resources: ResourceRequirements?, path: LintPath) {
    guard let resources else { return }
    if !(resources.claims ?? []).isEmpty {
      error(
        "pod-resources", path.key("claims"), "claims is not supported for pod-level resources",
        hint: "list the claims in resourceClaims, and ask for them in each container's resources.claims")
    }
    for (key, list) in [("limits", resources.limits), ("requests", resources.requests)] {
      for name in (list ?? [:]).keys.sorted() where name != "cpu" && name != "memory" && !name.hasPrefix("hugepages-") {
        error(
          "pod-resources", path.key(key).key(name),
          "\"\(name)\" is not a valid pod-level resource: only cpu, memory and hugepages-* can be set for the whole pod",
          hint: "request \"\(name)\" in the container's resources instead")
      }
    }
  }

  /// Executor plugins declared in the workflow: their sidecar must be complete, as the
  /// controller requires before it starts the agent pod.
  func checkExecutorPlugins(_ plugins: [ExecutorPlugin]?, path: LintPath) {
    for (index, plugin) in (plugins ?? []).enumerated() {
      let pluginPath = path.element(index, name: plugin.metadata.name)
      if (plugin.metadata.name ?? "").isEmpty {
        error("executor-plugin", pluginPath.key("metadata"), "an executor plugin needs a metadata name", hint: "set metadata.name")
      }
      let container = plugin.spec.sidecar.container
      let containerPath = pluginPath.key("spec").key("sidecar").key("container")
      if (container.ports ?? []).isEmpty {
        error(
          "executor-plugin", containerPath, "the plugin's sidecar container needs at least one port",
          hint: "the executor calls the plugin through it, e.g. ports: [{containerPort: 4355}]")
      }
      if container.resources?.requests == nil {
        error(
          "executor-plugin", containerPath, "the plugin's sidecar container needs resources requests",
          hint: "e.g. resources: {requests: {cpu: 100m, memory: 32Mi}}")
      }
      if container.resources?.limits == nil {
        error(
          "executor-plugin", containerPath, "the plugin's sidecar container needs resources limits",
          hint: "e.g. resources: {limits: {cpu: 200m, memory: 64Mi}}")
      }
      if container.securityContext == nil {
        error(
          "executor-plugin", containerPath, "the plugin's sidecar container needs a security context",
          hint: "e.g. securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}")
      }
    }
  }

  func checkContainerSet(_ containerSet: ContainerSetTemplate, template: Template, path: LintPath) {
    let containers = containerSet.containers
    if containers.isEmpty {
      error("container-set", path.key("containers"), "a container set needs at least one container", hint: "list its containers")
      return
    }
    checkNames(
      containers.map(\.name), kind: "container", path: { path.key("containers").element($0, name: containers[$0].name) },
      rule: "container-set", pattern: .node)
    for (index, container) in containers.enumerated() where LintRun.isReservedContainerName(container.name) {
      error(
        "container-name", path.key("containers").element(index, name: container.name).key("name"),
        "a container cannot be named \"\(container.name)\": the name is reserved for Argo's own containers", hint: "rename the container")
    }
    let names = Set(containers.map(\.name))
    var graph: [String: [String]] = [:]
    for (index, container) in containers.enumerated() {
      for dependency in container.dependencies ?? [] where !names.contains(dependency) {
        error(
          "container-set", path.key("containers").element(index, name: container.name).key("dependencies"),
          "dependency \"\(dependency)\" is not a container of this set")
      }
      graph[container.name] = (container.dependencies ?? []).filter(names.contains)
    }
    if let cycle = LintRun.findCycle(in: graph, order: containers.map(\.name)) {
      error(
        "container-set", path.key("containers"), "the containers depend on each other in a cycle: \(cycle.joined(separator: " -> "))",
        hint: "remove one of these dependencies")
    }
    let needsMain =
      !(template.inputs?.artifacts ?? []).isEmpty || !(template.outputs?.parameters ?? []).isEmpty
      || !(template.outputs?.artifacts ?? []).isEmpty
    if needsMain, !names.contains("main") {
      error(
        "container-set", path.key("containers"), "a container set with input artifacts or outputs needs a container named main",
        hint: "Argo reads the outputs from the container named main")
    }
  }

  func checkResource(_ resource: ResourceTemplate, template: Template, path: LintPath) {
    let actions = ["get", "create", "apply", "delete", "replace", "patch"]
    if !actions.contains(resource.action), !resource.action.contains("{{") {
      error(
        "resource-template", path.key("action"), "\"\(resource.action)\" is not a resource action",
        hint: "use one of \(actions.joined(separator: ", "))")
    }
    guard resource.action != "get", resource.action != "delete" else { return }
    switch (resource.manifest, resource.manifestFrom) {
    case (nil, nil):
      error("resource-template", path, "a \(resource.action) needs a manifest or manifestFrom", hint: "give the object's YAML in manifest")
    case (.some, .some):
      error("resource-template", path, "a resource template has either manifest or manifestFrom, not both", hint: "keep one")
    case (.some(let manifest), nil):
      if !(manifest.hasPrefix("{{") && manifest.hasSuffix("}}")) {
        let masked = LintRun.maskExpressions(manifest)
        do {
          _ = try ManifestReader(options: .preserving).values(Array(masked.utf8), format: .yaml)
        } catch {
          self.error(
            "resource-template", path.key("manifest"), "the manifest is not valid YAML: \(error.message)",
            hint: error.line.map { "line \($0) of the manifest" })
        }
      }
    case (nil, .some(let source)):
      let name = source.artifact.name
      if !(template.inputs?.artifacts ?? []).contains(where: { $0.name == name }) {
        error(
          "resource-template", path.key("manifestFrom").key("artifact"), "manifestFrom names \"\(name)\", which is not an input artifact",
          hint: "declare it in the template's inputs.artifacts")
      }
    }
  }

  /// `{{...}}` tags replaced by a placeholder, as Argo has substituted them by the time it
  /// parses a manifest.
  static func maskExpressions(_ text: String) -> String {
    replacingTags(in: text, with: "placeholder")
  }

  /// Each `{{...}}` tag of `text` replaced by `replacement`.
  static func replacingTags(in text: String, with replacement: String) -> String {
    guard containsTagOpening(text) else { return text }
    var result = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      result += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].range(of: "}}") else {
        result += rest[open.lowerBound...]
        return result
      }
      result += replacement
      rest = rest[close.upperBound...]
    }
    return result + rest
  }

  func checkMetrics(_ metrics: Metrics?, path: LintPath) {
    for (index, metric) in (metrics?.prometheus ?? []).enumerated() {
      let metricPath = path.key("prometheus").element(index, name: metric.name)
      if !LintRun.isMetricName(metric.name) {
        error(
          "metrics", metricPath.key("name"),
          "metric name \"\(metric.name)\" is invalid: use letters, digits and '_', not starting with a digit",
          hint: "e.g. \"\(LintRun.metricName(metric.name))\"")
      }
      if metric.help.isEmpty {
        error(
          "metrics", metricPath.key("help"), "the metric \"\(metric.name)\" needs a help string", hint: "describe what it measures in help")
      }
      for (labelIndex, label) in (metric.labels ?? []).enumerated() where !LintRun.isMetricName(label.key) {
        error(
          "metrics", metricPath.key("labels").element(labelIndex).key("key"),
          "metric label \"\(label.key)\" is invalid: use letters, digits and '_'", hint: "e.g. \"\(LintRun.metricName(label.key))\"")
      }
      let values = [metric.gauge?.value, metric.counter?.value, metric.histogram?.value].compactMap { $0 }
      if values.isEmpty {
        error(
          "metrics", metricPath, "the metric \"\(metric.name)\" needs a gauge, counter or histogram", hint: "e.g. counter: {value: \"1\"}")
      } else if values.contains(where: \.isEmpty) {
        error("metrics", metricPath, "the metric \"\(metric.name)\" has an empty value", hint: "give the value to record")
      }
      if let gauge = metric.gauge, gauge.realtime, gauge.value.contains("resourcesDuration.") {
        error(
          "metrics", metricPath.key("gauge"), "a real-time gauge cannot use resourcesDuration",
          hint: "resource use is known only when the template ends: drop realtime")
      }
    }
  }

  /// A metric name made of `name`: other characters become '_', and a leading digit is prefixed.
  static func metricName(_ name: String) -> String {
    var result = String(String.UnicodeScalarView(name.unicodeScalars.map { isAlphanumeric($0) || $0 == "_" ? $0 : "_" }))
    if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "m_" + result }
    return result
  }

  static func isMetricName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "_" }
  }

  /// A cycle in a dependency graph (node -> its dependencies), as a path that returns to its
  /// start. Iterative, so that a chain of 50,000 tasks does not exhaust the stack.
  static func findCycle(in graph: [String: [String]], order: [String]) -> [String]? {
    var state: [String: Int] = [:]  // 1: on the path, 2: done
    for root in order where state[root] == nil {
      var path: [(node: String, next: Int)] = [(root, 0)]
      state[root] = 1
      while let top = path.last {
        let children = graph[top.node] ?? []
        if top.next < children.count {
          path[path.count - 1].next += 1
          let child = children[top.next]
          switch state[child] {
          case 1:
            let start = path.lastIndex { $0.node == child } ?? 0
            return path[start...].map(\.node) + [child]
          case 2:
            continue
          default:
            state[child] = 1
            path.append((child, 0))
          }
        } else {
          state[top.node] = 2
          path.removeLast()
        }
      }
    }
    return nil
  }
}
