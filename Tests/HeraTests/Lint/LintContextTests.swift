import Hera
import Testing

/// Rules that depend on more than one template: references to WorkflowTemplates, templates run
/// in a referencing workflow's context, and global outputs whose names are computed.
@Suite struct LintContextTests {
  static let library = """
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata: {name: lib, labels: {team: data}}
    spec:
      entrypoint: hello
      templates:
      - name: hello
        container: {image: busybox, args: ["{{workflow.labels.team}}"]}
    """

  static func workflow(_ spec: String, metadata: String = "{generateName: user-}") -> String {
    """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: \(metadata)
    spec:
    \(spec)
    """
  }

  static let callsLibrary = workflow(
    """
      entrypoint: main
      templates:
      - name: main
        steps: [[{name: call, templateRef: {name: lib, template: hello}}]]
    """)

  func manifests(_ yaml: String...) throws -> [Manifest] {
    try ManifestReader().read(yaml.joined(separator: "\n---\n")).map(\.manifest)
  }

  // MARK: References to templates lint does not have

  @Test func unknownTemplateReferenceIsAnErrorWhenTemplatesAreGiven() throws {
    let diagnostics = Linter().lint(try manifests(LintContextTests.callsLibrary))[0]
    let diagnostic = try #require(diagnostics.first { $0.rule == "template-reference" })
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.message.contains("WorkflowTemplate \"lib\" is not among the files linted"))
    #expect(diagnostic.hint?.contains("hera lint workflow.yaml template.yaml") == true)
    #expect(diagnostic.path.description == "spec.templates[main].steps[0][call].templateRef")
  }

  @Test func unknownTemplateReferenceCanBeANote() throws {
    var options = Linter.Options.submit
    options.unknownTemplateReferences = .note
    let diagnostics = Linter(options: options, library: TemplateLibrary()).lint(try manifests(LintContextTests.callsLibrary)[0])
    #expect(!diagnostics.hasErrors, "\(diagnostics)")
    #expect(diagnostics.contains { $0.severity == .note && $0.rule == "template-reference" })
  }

  @Test func computedTemplateReferenceIsNotChecked() throws {
    let yaml = LintContextTests.callsLibrary.replacingOccurrences(of: "name: lib,", with: "name: \"{{workflow.name}}\",")
    let diagnostics = Linter().lint(try manifests(yaml))[0]
    #expect(!diagnostics.contains { $0.rule == "template-reference" }, "\(diagnostics)")
  }

  @Test func unknownWorkflowTemplateRefIsAnError() throws {
    let yaml = LintContextTests.workflow("  workflowTemplateRef: {name: missing, clusterScope: true}")
    let diagnostics = Linter(options: .submit, library: TemplateLibrary()).lint(try manifests(yaml)[0])
    let diagnostic = try #require(diagnostics.first { $0.rule == "workflow-template-ref" })
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.message == "ClusterWorkflowTemplate \"missing\" is not among the files linted")
  }

  @Test func knownTemplateReferenceIsClean() throws {
    let diagnostics = Linter(options: .submit).lint(try manifests(LintContextTests.library, LintContextTests.callsLibrary))
    #expect(diagnostics[1].isEmpty, "\(diagnostics[1])")
  }

  // MARK: Templates run through workflowTemplateRef

  @Test func referencedTemplatesAreCheckedInTheWorkflowsContext() throws {
    let yaml = LintContextTests.workflow("  workflowTemplateRef: {name: lib}")
    let diagnostics = Linter(options: .submit).lint(try manifests(LintContextTests.library, yaml))
    // The template's own labels do not travel with it: the workflow lacks the label.
    #expect(diagnostics[0].isEmpty, "\(diagnostics[0])")
    let diagnostic = try #require(diagnostics[1].first { $0.rule == "variables" })
    #expect(diagnostic.path.description == "spec.workflowTemplateRef")
    #expect(
      diagnostic.message
        == "in WorkflowTemplate \"lib\", template \"hello\" (container.args[0]), as this workflow runs it: {{workflow.labels.team}} does not resolve here"
    )
  }

  @Test func referencedTemplatesSeeTheWorkflowsLabels() throws {
    let yaml = LintContextTests.workflow("  workflowTemplateRef: {name: lib}", metadata: "{generateName: user-, labels: {team: web}}")
    let diagnostics = Linter(options: .submit).lint(try manifests(LintContextTests.library, yaml))
    #expect(diagnostics[1].isEmpty, "\(diagnostics[1])")
  }

  @Test func problemsOfTheTemplateItselfStayOnItsDocument() throws {
    let library = LintContextTests.library.replacingOccurrences(of: "{{workflow.labels.team}}", with: "{{workflow.labels.owner}}")
    let yaml = LintContextTests.workflow("  workflowTemplateRef: {name: lib}")
    let diagnostics = Linter(options: .submit).lint(try manifests(library, yaml))
    #expect(diagnostics[0].contains { $0.rule == "variables" && $0.message.contains("workflow.labels.owner") })
    #expect(diagnostics[1].isEmpty, "\(diagnostics[1])")
  }

  // MARK: Computed step names

  static let computedStepNames = workflow(
    """
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: loop, template: day, arguments: {parameters: [{name: day, value: monday}]}}
      - name: day
        inputs: {parameters: [{name: day}]}
        steps:
        - - {name: "run-{{inputs.parameters.day}}", template: work}
        - - {name: "check-{{inputs.parameters.day}}", template: work, when: "{{steps.run-{{inputs.parameters.day}}.status}} != Succeeded"}
      - name: work
        container: {image: busybox}
    """)

  @Test func computedStepNamesAreReferencedThroughNestedTags() throws {
    let diagnostics = Linter(options: .submit).lint(try manifests(LintContextTests.computedStepNames)[0])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }

  @Test func nestedTagsAreCheckedToo() throws {
    let yaml = LintContextTests.computedStepNames.replacingOccurrences(
      of: "{{steps.run-{{inputs.parameters.day}}", with: "{{steps.run-{{inputs.parameters.dya}}")
    let diagnostics = Linter(options: .submit).lint(try manifests(yaml)[0])
    #expect(
      diagnostics.contains { $0.rule == "variables" && $0.message == "{{inputs.parameters.dya}} does not resolve here" }, "\(diagnostics)")
  }

  // MARK: Global outputs with computed names

  @Test func computedGlobalParameterNamesResolveInTheCaller() throws {
    let yaml = LintContextTests.workflow(
      """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: set, template: set, arguments: {parameters: [{name: key, value: answer}]}}
          - - {name: use, template: use, arguments: {parameters: [{name: x, value: "{{workflow.outputs.parameters.answer}}"}]}}
        - name: set
          inputs: {parameters: [{name: key}]}
          container: {image: busybox}
          outputs: {parameters: [{name: out, value: "42", globalName: "{{inputs.parameters.key}}"}]}
        - name: use
          inputs: {parameters: [{name: x}]}
          container: {image: busybox, args: ["{{inputs.parameters.x}}"]}
      """)
    let diagnostics = Linter(options: .submit).lint(try manifests(yaml)[0])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let unrelated = yaml.replacingOccurrences(of: "globalName: \"{{inputs.parameters.key}}\"", with: "globalName: fixed")
    let reported = Linter(options: .submit).lint(try manifests(unrelated)[0])
    #expect(reported.contains { $0.rule == "variables" && $0.message.contains("workflow.outputs.parameters.answer") })
  }

  @Test func computedGlobalArtifactNamesResolveInTheExitHandler() throws {
    let yaml = LintContextTests.workflow(
      """
        entrypoint: main
        onExit: report
        arguments: {parameters: [{name: kind, value: car}]}
        templates:
        - name: main
          container: {image: busybox}
          outputs: {artifacts: [{name: result, path: /tmp/r, globalName: "result-{{workflow.parameters.kind}}"}]}
        - name: report
          container: {image: busybox, args: ["{{workflow.outputs.artifacts.result-car}}"]}
      """)
    let diagnostics = Linter(options: .submit).lint(try manifests(yaml)[0])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }
}
