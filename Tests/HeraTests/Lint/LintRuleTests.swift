import Hera
import Testing

/// One broken variant per rule: each must be reported with its rule, and the valid original must
/// be clean.
@Suite struct LintRuleTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var rule: String
    var yaml: String
    var expected: String
    var severity: Diagnostic.Severity = .error
    var options: Linter.Options = .lint
    var testDescription: String { "\(rule): \(expected)" }
  }

  static let valid = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: valid-}
    spec:
      entrypoint: main
      arguments: {parameters: [{name: greeting, value: hello}]}
      templates:
      - name: main
        dag:
          tasks:
          - {name: a, template: echo, arguments: {parameters: [{name: message, value: "{{workflow.parameters.greeting}}"}]}}
          - {name: b, template: echo, depends: a, arguments: {parameters: [{name: message, value: "{{tasks.a.outputs.result}}"}]}}
      - name: echo
        inputs: {parameters: [{name: message}]}
        container: {image: busybox, command: [echo, "{{inputs.parameters.message}}"]}
    """

  /// The valid workflow with `old` replaced by `new`.
  static func variant(_ old: String, _ new: String) -> String {
    // A variant that does not apply is a broken test: it yields text that fails to read.
    guard valid.contains(old) else { return "the valid workflow has no \(old)" }
    return valid.replacingOccurrences(of: old, with: new)
  }

  static let steps = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: steps-}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: first, template: say}
        - - {name: second, template: say, arguments: {parameters: [{name: text, value: "{{steps.first.outputs.result}}"}]}}
      - name: say
        inputs: {parameters: [{name: text, default: hi}]}
        script: {image: python:3, command: [python], source: "print('{{inputs.parameters.text}}')"}
    """

  static func stepsVariant(_ old: String, _ new: String) -> String {
    guard steps.contains(old) else { return "the steps workflow has no \(old)" }
    return steps.replacingOccurrences(of: old, with: new)
  }

  static let cron = """
    apiVersion: argoproj.io/v1alpha1
    kind: CronWorkflow
    metadata: {name: nightly}
    spec:
      schedules: ["0 2 * * *"]
      timezone: Europe/Paris
      concurrencyPolicy: Forbid
      workflowSpec:
        entrypoint: main
        templates: [{name: main, container: {image: busybox}}]
    """

  static let cases: [Case] = [
    Case(rule: "resource-name", yaml: variant("generateName: valid-", "name: Valid_Workflow"), expected: "not a valid Kubernetes name"),
    Case(
      rule: "resource-name", yaml: variant("generateName: valid-", "name: " + String(repeating: "a", count: 64)), expected: "at most 63"),
    // `argo lint` accepts a workflow with no name at all; the API server refuses to create it.
    Case(
      rule: "resource-name", yaml: variant("metadata: {generateName: valid-}", "metadata: {}"),
      expected: "name or generateName is required", severity: .warning),
    Case(
      rule: "resource-name", yaml: variant("metadata: {generateName: valid-}", "metadata: {}"), expected: "Kubernetes refuses to create it",
      options: .submit),
    Case(
      rule: "resource-name", yaml: cron.replacingOccurrences(of: "name: nightly", with: "name: " + String(repeating: "n", count: 53)),
      expected: "at most 52"),
    Case(rule: "template-name", yaml: variant("- name: echo", "- name: my_echo"), expected: "template name \"my_echo\" is invalid"),
    Case(rule: "template-name", yaml: variant("- name: echo", "- name: main"), expected: "template name \"main\" is not unique"),
    Case(
      rule: "node-name", yaml: variant("{name: b, template: echo", "{name: a, template: echo"), expected: "task name \"a\" is not unique"),
    Case(
      rule: "node-name", yaml: variant("{name: b, template: echo, depends: a", "{name: 2b, template: echo, depends: a"),
      expected: "cannot begin with a digit"),
    Case(
      rule: "parameter-name",
      yaml: variant("inputs: {parameters: [{name: message}]}", "inputs: {parameters: [{name: message}, {name: 'bad name'}]}"),
      expected: "input parameter name \"bad name\" is invalid"),
    Case(rule: "entrypoint", yaml: variant("entrypoint: main", "entrypoint: mian"), expected: "the entrypoint \"mian\" is not a template"),
    Case(rule: "entrypoint", yaml: variant("  entrypoint: main\n", ""), expected: "needs an entrypoint"),
    Case(
      rule: "template-reference", yaml: variant("{name: a, template: echo", "{name: a, template: ecoh"),
      expected: "\"ecoh\" is not a template of this workflow"),
    Case(
      rule: "template-reference",
      yaml: variant("{name: a, template: echo", "{name: a, template: echo, templateRef: {name: lib, template: echo}"),
      expected: "either a template or a templateRef"),
    Case(
      rule: "template-reference", yaml: variant("  entrypoint: main\n", "  entrypoint: main\n  onExit: cleanup\n"),
      expected: "exit handler \"cleanup\""),
    Case(
      rule: "workflow-template-ref", yaml: variant("  entrypoint: main\n", "  entrypoint: main\n  workflowTemplateRef: {name: lib}\n"),
      expected: "cannot have templates of its own"),
    Case(
      rule: "hook-expression", yaml: variant("  entrypoint: main\n", "  entrypoint: main\n  hooks: {running: {template: echo}}\n"),
      expected: "the hook \"running\" needs an expression"),
    Case(
      rule: "pod-gc", yaml: variant("  entrypoint: main\n", "  entrypoint: main\n  podGC: {strategy: OnSuccess}\n"),
      expected: "not a pod GC strategy"),
    Case(
      rule: "template-type",
      yaml: variant(
        "container: {image: busybox, command: [echo, \"{{inputs.parameters.message}}\"]}", "suspend: {}\n    container: {image: busybox}"),
      expected: "several types"),
    Case(
      rule: "template-type",
      yaml: variant("container: {image: busybox, command: [echo, \"{{inputs.parameters.message}}\"]}", "metadata: {}"),
      expected: "has no type"),
    Case(rule: "container-image", yaml: variant("container: {image: busybox,", "container: {"), expected: "the container has no image"),
    Case(
      rule: "input-artifact",
      yaml: variant(
        "inputs: {parameters: [{name: message}]}",
        "inputs: {parameters: [{name: message}], artifacts: [{name: data, path: /tmp/data, from: x}]}"), expected: "cannot take `from`"),
    Case(
      rule: "input-artifact",
      yaml: variant("inputs: {parameters: [{name: message}]}", "inputs: {parameters: [{name: message}], artifacts: [{name: data}]}"),
      expected: "has no path"),
    Case(
      rule: "parameter-enum",
      yaml: variant("inputs: {parameters: [{name: message}]}", "inputs: {parameters: [{name: message, value: c, enum: [a, b]}]}"),
      expected: "not one of the enum's values"),
    Case(
      rule: "output-parameter",
      yaml: variant(
        "inputs: {parameters: [{name: message}]}",
        "inputs: {parameters: [{name: message}]}\n    outputs: {parameters: [{name: out, value: x, valueFrom: {path: /tmp/x}}]}"),
      expected: "either value or valueFrom"),
    Case(
      rule: "output-parameter",
      yaml: variant(
        "inputs: {parameters: [{name: message}]}",
        "inputs: {parameters: [{name: message}]}\n    outputs: {parameters: [{name: out, valueFrom: {jsonPath: '{.x}'}}]}"),
      expected: "reads output parameters from path"),
    Case(
      rule: "output-artifact",
      yaml: variant("  - name: main\n    dag:", "  - name: main\n    outputs: {artifacts: [{name: out, path: /tmp/out}]}\n    dag:"),
      expected: "take output artifacts from a path"),
    Case(
      rule: "leaf-only", yaml: variant("  - name: main\n    dag:", "  - name: main\n    timeout: 10m\n    dag:"),
      expected: "only leaf templates take a timeout"),
    Case(rule: "leaf-only", yaml: variant("  - name: echo\n", "  - name: echo\n    timeout: \"30\"\n"), expected: "has no unit"),
    Case(
      rule: "leaf-only", yaml: variant("  - name: echo\n", "  - name: echo\n    parallelism: 2\n"),
      expected: "only steps and DAG templates take parallelism"),
    Case(
      rule: "leaf-only", yaml: variant("  - name: main\n    dag:", "  - name: main\n    activeDeadlineSeconds: 60\n    dag:"),
      expected: "only leaf templates take activeDeadlineSeconds"),
    Case(
      rule: "retry-policy", yaml: variant("  - name: echo\n", "  - name: echo\n    retryStrategy: {limit: 3, retryPolicy: OnFail}\n"),
      expected: "not a retry policy"),
    Case(
      rule: "volume-mount",
      yaml: variant(
        "container: {image: busybox,",
        "container: {volumeMounts: [{name: a, mountPath: /data}, {name: b, mountPath: /data}], image: busybox,"),
      expected: "already mounted"),
    Case(
      rule: "container-name", yaml: variant("  - name: echo\n", "  - name: echo\n    sidecars: [{name: wait, image: busybox}]\n"),
      expected: "a sidecar cannot be named \"wait\": the name is reserved"),
    Case(
      rule: "container-name",
      yaml: variant("  - name: echo\n", "  - name: echo\n    sidecars: [{name: artifact-plugin-s3, image: busybox}]\n"),
      expected: "\"artifact-plugin-s3\": the name is reserved"),
    Case(
      rule: "container-name", yaml: variant("  - name: echo\n", "  - name: echo\n    sidecars: [{name: main, image: busybox}]\n"),
      expected: "Argo's own containers", severity: .warning),
    Case(
      rule: "container-name",
      yaml: variant(
        "container: {image: busybox, command: [echo, \"{{inputs.parameters.message}}\"]}",
        "containerSet: {containers: [{name: supervisor, image: busybox}]}"), expected: "a container cannot be named \"supervisor\""),
    Case(
      rule: "node-name", yaml: stepsVariant("{name: first, template: say}", "{name: \"first_{{workflow.name}}\", template: say}"),
      expected: "step name \"first_{{workflow.name}}\" is invalid"),
    Case(
      rule: "variables", yaml: variant("    dag:\n", "    dag:\n      target: \"{{inputs.parameters.target}}\"\n"),
      expected: "{{inputs.parameters.target}} does not resolve"),
    Case(
      rule: "pod-resources", yaml: variant("  entrypoint: main\n", "  entrypoint: main\n  podResources: {limits: {nvidia.com/gpu: '1'}}\n"),
      expected: "\"nvidia.com/gpu\" is not a valid pod-level resource"),
    Case(
      rule: "pod-resources", yaml: variant("  - name: echo\n", "  - name: echo\n    podResources: {claims: [{name: gpu}]}\n"),
      expected: "claims is not supported for pod-level resources"),
    Case(
      rule: "pod-resources",
      yaml: variant(
        "  - name: echo\n",
        "  - name: call\n    podResources: {limits: {cpu: '1'}}\n    http: {url: 'https://example.com'}\n  - name: echo\n"),
      expected: "podResources is not supported for HTTP templates"),
    Case(
      rule: "pod-resources",
      yaml: variant(
        "  - name: main\n    dag:", "  - name: main\n    resourceClaims: [{name: gpu, resourceClaimTemplateName: gpu}]\n    dag:"),
      expected: "resourceClaims is not supported for DAG templates, which do not create a pod"),
    Case(
      rule: "executor-plugin",
      yaml: variant(
        "  entrypoint: main\n",
        "  entrypoint: main\n  executorPlugins: [{metadata: {name: hello}, spec: {sidecar: {container: {name: hello, image: python, resources: {requests: {cpu: 1}, limits: {cpu: 1}}, securityContext: {}}}}}]\n"
      ), expected: "needs at least one port"),
    Case(
      rule: "executor-plugin",
      yaml: variant(
        "  entrypoint: main\n",
        "  entrypoint: main\n  executorPlugins: [{metadata: {}, spec: {sidecar: {container: {name: hello, image: python, ports: [{containerPort: 4355}]}}}}]\n"
      ), expected: "needs a metadata name"),
    Case(
      rule: "executor-plugin",
      yaml: variant(
        "  entrypoint: main\n",
        "  entrypoint: main\n  executorPlugins: [{metadata: {name: hello}, spec: {sidecar: {container: {name: hello, image: python, ports: [{containerPort: 4355}]}}}}]\n"
      ), expected: "needs a security context"),
    Case(
      rule: "container-set",
      yaml: variant(
        "container: {image: busybox, command: [echo, \"{{inputs.parameters.message}}\"]}",
        "containerSet: {containers: [{name: a, image: busybox, dependencies: [b]}, {name: b, image: busybox, dependencies: [a]}]}"),
      expected: "cycle"),
    Case(
      rule: "resource-template",
      yaml: variant(
        "container: {image: busybox, command: [echo, \"{{inputs.parameters.message}}\"]}", "resource: {action: create, manifest: \"a: [b\"}"
      ), expected: "not valid YAML"),
    Case(
      rule: "resource-template",
      yaml: variant(
        "container: {image: busybox, command: [echo, \"{{inputs.parameters.message}}\"]}", "resource: {action: launch, manifest: \"a: b\"}"),
      expected: "not a resource action"),
    Case(
      rule: "metrics",
      yaml: variant(
        "  - name: echo\n", "  - name: echo\n    metrics: {prometheus: [{name: my-metric, help: '', counter: {value: '1'}}]}\n"),
      expected: "metric name \"my-metric\" is invalid"),
    Case(
      rule: "variables",
      yaml: variant("command: [echo, \"{{inputs.parameters.message}}\"]", "command: [echo, \"{{inputs.parameters.mesage}}\"]"),
      expected: "{{inputs.parameters.mesage}} does not resolve"),
    Case(
      rule: "variables",
      yaml: variant("command: [echo, \"{{inputs.parameters.message}}\"]", "command: [echo, \"{{inputs.parameters.message\"]"),
      expected: "never closed"),
    Case(
      rule: "variables", yaml: variant("value: \"{{workflow.parameters.greeting}}\"", "value: \"{{workflow.failures}}\""),
      expected: "only known in the exit handler"),
    Case(
      rule: "variables",
      yaml: variant("value: \"{{tasks.a.outputs.result}}\"", "value: \"{{tasks.a.status}}\"").replacingOccurrences(
        of: "depends: a, ", with: ""), expected: "{{tasks.a.status}} does not resolve"),
    Case(
      rule: "variables", yaml: stepsVariant("{{steps.first.outputs.result}}", "{{steps.third.outputs.result}}"),
      expected: "no earlier step is named \"third\""),
    Case(rule: "dag-dependency", yaml: variant("depends: a,", "depends: x,"), expected: "dependency \"x\" is not a task of this DAG"),
    Case(rule: "dag-dependency", yaml: variant("depends: a, ", ""), expected: "reads task \"a\", which this task does not depend on"),
    Case(rule: "dag-depends", yaml: variant("depends: a,", "depends: a.Passed,"), expected: "\"Passed\" is not a task result"),
    Case(rule: "dag-depends", yaml: variant("depends: a,", "depends: a.AnySucceeded,"), expected: "applies to tasks that fan out"),
    Case(
      rule: "dag-depends",
      yaml: variant("{name: a, template: echo,", "{name: a, template: echo, dependencies: [], continueOn: {failed: true},"),
      expected: "continueOn cannot be used"),
    Case(rule: "dag-depends", yaml: variant("depends: a,", "depends: a && (b,"), expected: "cannot be read"),
    Case(rule: "dag-cycle", yaml: variant("{name: a, template: echo,", "{name: a, template: echo, depends: b,"), expected: "cycle"),
    Case(rule: "dag-target", yaml: variant("    dag:\n", "    dag:\n      target: c\n"), expected: "the target \"c\" is not a task"),
    Case(
      rule: "dag-structure", yaml: variant("  - name: echo\n", "  - name: empty\n    dag: {tasks: []}\n  - name: echo\n"),
      expected: "at least one task"),
    Case(
      rule: "loops", yaml: variant("{name: a, template: echo,", "{name: a, template: echo, withItems: [1], withParam: '[1]',"),
      expected: "not several"),
    Case(
      rule: "loops", yaml: variant("{name: a, template: echo,", "{name: a, template: echo, withSequence: {count: '3', end: '5'},"),
      expected: "count or end, not both"),
    Case(
      rule: "arguments",
      yaml: variant(
        "{name: a, template: echo, arguments: {parameters: [{name: message, value: \"{{workflow.parameters.greeting}}\"}]}}",
        "{name: a, template: echo}"), expected: "input parameter \"message\" of template \"echo\" is not supplied"),
    Case(
      rule: "arguments", yaml: variant("[{name: greeting, value: hello}]", "[{name: greeting}]"),
      expected: "the argument \"greeting\" has no value", options: .submit),
    Case(
      rule: "arguments", yaml: variant("value: \"{{workflow.parameters.greeting}}\"", "valueFrom: {path: /tmp/x}"),
      expected: "valueFrom cannot use path"),
    Case(
      rule: "cron-schedule", yaml: cron.replacingOccurrences(of: "\"0 2 * * *\"", with: "\"0 2 * *\""),
      expected: "expected exactly 5 fields"),
    Case(
      rule: "cron-schedule", yaml: cron.replacingOccurrences(of: "\"0 2 * * *\"", with: "\"0 25 * * *\""),
      expected: "25 is out of range 0-23"),
    Case(
      rule: "cron-timezone", yaml: cron.replacingOccurrences(of: "Europe/Paris", with: "Europe/Lyon"), expected: "not an IANA time zone"),
    Case(
      rule: "cron-concurrency-policy", yaml: cron.replacingOccurrences(of: "Forbid", with: "Never"), expected: "not a concurrency policy"),
    Case(
      rule: "cron-starting-deadline", yaml: cron.replacingOccurrences(of: "concurrencyPolicy: Forbid", with: "startingDeadlineSeconds: -5"),
      expected: "must not be negative"),
    Case(
      rule: "object-size",
      yaml: variant(
        "      - {name: a, template: echo,",
        "      - {name: padding, template: echo, arguments: {parameters: [{name: message, value: \"\(String(repeating: "x", count: 1_600_000))\"}]}}\n      - {name: a, template: echo,"
      ), expected: "Kubernetes stores objects up to", severity: .warning),
  ]

  func lint(_ yaml: String, options: Linter.Options = .lint) throws -> [Diagnostic] {
    let manifest = try ManifestReader().read(yaml)[0].manifest
    return Linter(options: options).lint(manifest)
  }

  @Test func validOriginalsAreClean() throws {
    for yaml in [LintRuleTests.valid, LintRuleTests.steps, LintRuleTests.cron] {
      let diagnostics = try lint(yaml, options: .submit)
      #expect(diagnostics.isEmpty, "\(diagnostics)")
    }
  }

  @Test(arguments: LintRuleTests.cases)
  func ruleCatchesItsBrokenVariant(_ testCase: Case) throws {
    let diagnostics = try lint(testCase.yaml, options: testCase.options)
    let matching = diagnostics.filter { $0.rule == testCase.rule && $0.severity == testCase.severity }
    #expect(
      matching.contains { $0.description.contains(testCase.expected) },
      "expected \(testCase.severity) [\(testCase.rule)] containing \"\(testCase.expected)\"; got:\n\(diagnostics.map(\.description).joined(separator: "\n"))"
    )
  }

  @Test func everyRuleHasATest() {
    let tested = Set(LintRuleTests.cases.map(\.rule))
    let rules: Set<String> = [
      "resource-name", "template-name", "node-name", "parameter-name", "entrypoint", "template-reference", "workflow-template-ref",
      "hook-expression", "pod-gc", "template-type", "container-image", "input-artifact", "parameter-enum", "output-parameter",
      "output-artifact", "leaf-only", "retry-policy", "volume-mount", "container-name", "container-set", "resource-template",
      "metrics", "variables", "dag-dependency", "dag-depends", "dag-cycle", "dag-target", "dag-structure", "loops", "arguments",
      "cron-schedule", "cron-timezone", "cron-concurrency-policy", "cron-starting-deadline", "object-size", "pod-resources",
      "executor-plugin",
    ]
    #expect(rules.subtracting(tested).isEmpty, "untested rules: \(rules.subtracting(tested).sorted())")
  }

  @Test func diagnosticsNamePathsByName() throws {
    let diagnostics = try lint(LintRuleTests.variant("depends: a,", "depends: x,"))
    let diagnostic = try #require(diagnostics.first { $0.rule == "dag-dependency" })
    #expect(diagnostic.path.description == "spec.templates[main].dag.tasks[b].depends")
    #expect(diagnostic.path.valuePath.description == "spec.templates[0].dag.tasks[1].depends")
    #expect(
      diagnostic.description
        == "error: spec.templates[main].dag.tasks[b].depends: dependency \"x\" is not a task of this DAG (did you mean \"a\"?) [dag-dependency]"
    )
  }

  @Test func templateReferencesResolveAcrossFiles() throws {
    let library = """
      apiVersion: argoproj.io/v1alpha1
      kind: WorkflowTemplate
      metadata: {name: lib}
      spec:
        templates: [{name: hello, inputs: {parameters: [{name: who}]}, container: {image: busybox}}]
      """
    let user = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: user-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: call, templateRef: {name: lib, template: hello}}]]
      """
    let manifests = try ManifestReader().read(library + "\n---\n" + user).map(\.manifest)
    let together = Linter().lint(manifests)
    #expect(together[1].contains { $0.rule == "arguments" && $0.message.contains("\"who\"") })
    let alone = Linter().lint(manifests[1])
    #expect(alone.contains { $0.severity == .note && $0.rule == "template-reference" })
    #expect(!alone.hasErrors)
  }

  @Test func aMisspeltTemplateOfAWorkflowTemplateIsAnErrorWithTheClosestName() throws {
    let text = """
      apiVersion: argoproj.io/v1alpha1
      kind: WorkflowTemplate
      metadata: {name: lib}
      spec:
        templates: [{name: hello, container: {image: busybox}}]
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: user-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: call, templateRef: {name: lib, template: helo}}]]
      """
    let diagnostics = Linter().lint(try ManifestReader().read(text).map(\.manifest))[1]
    let diagnostic = try #require(diagnostics.first { $0.rule == "template-reference" })
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.message == "WorkflowTemplate \"lib\" has no template \"helo\"")
    #expect(diagnostic.hint == "did you mean \"hello\"?")
  }

  @Test func aQuotedTaskNameInDependsIsReadAsTheTask() throws {
    let text = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: quoted-}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: first, template: pass}
            - {name: second, template: pass, depends: "'first' && 'missing'"}
        - {name: pass, container: {image: busybox}}
      """
    let diagnostics = Linter().lint(try ManifestReader().read(text).map(\.manifest))[0]
    #expect(!diagnostics.contains { $0.message.contains("cannot be read") }, "\(diagnostics)")
    #expect(diagnostics.contains { $0.severity == .error && $0.message.contains("missing") }, "\(diagnostics)")
    #expect(!diagnostics.contains { $0.message.contains("\"first\"") && $0.severity == .error }, "\(diagnostics)")
  }

  @Test func lintsLargeWorkflowsQuickly() {
    var tasks: [Hera.Task] = []
    let work = Container("work", image: "alpine:3.19", command: ["sh", "-c"], args: ["echo \(ArgoString.input("i"))"]) { Input("i") }
    for index in 0..<20_000 {
      var task = Hera.Task("t-\(index)", template: work, arguments: ["i": ArgoString("\(index)")])
      if index >= 1 { task = task.depends(.task("t-\(index - 1)", result: nil)) }
      tasks.append(task)
    }
    let workflow = Workflow(generateName: "chain-", entrypoint: "main") {
      work
      DAG("main", tasks: tasks)
    }
    let diagnostics = Linter().lint(.workflow(workflow))
    #expect(!diagnostics.hasErrors, "\(diagnostics.prefix(3))")
  }
}
