import ArgoModel
import Testing

@Suite struct WorkflowSpecJoinTests {
  @Test func theWorkflowsFieldsWinAndObjectsMergeMemberByMember() {
    let own: JSONValue = ["workflowTemplateRef": ["name": "base"], "entrypoint": "other", "podGC": ["strategy": "OnPodSuccess"]]
    let template: JSONValue = [
      "entrypoint": "main", "serviceAccountName": "runner", "podGC": ["strategy": "OnWorkflowSuccess", "deleteDelayDuration": "30s"],
    ]
    let joined = WorkflowSpecJoin.joined(own, over: template)
    #expect(joined["entrypoint"] == "other")
    #expect(joined["serviceAccountName"] == "runner")
    #expect(joined["podGC"] == ["strategy": "OnPodSuccess", "deleteDelayDuration": "30s"])
    #expect(joined["workflowTemplateRef"] == ["name": "base"])
  }

  @Test func parametersMergeByNameInTheTemplatesOrderWithNewOnesLast() {
    let own: JSONValue = ["arguments": ["parameters": [["name": "extra", "value": "e"], ["name": "b", "value": "mine"]]]]
    let template: JSONValue = [
      "arguments": ["parameters": [["name": "a", "value": "1"], ["name": "b", "value": "2", "enum": ["2", "mine"]]]]
    ]
    let parameters = WorkflowSpecJoin.joined(own, over: template)["arguments"]?["parameters"]?.arrayValue ?? []
    #expect(parameters.compactMap { $0["name"]?.stringValue } == ["a", "b", "extra"])
    // A parameter the workflow gives a value is the workflow's, whole.
    #expect(parameters[1] == ["name": "b", "value": "mine"])
  }

  @Test func aWorkflowsValueFromIsNotLeftBesideTheTemplatesValue() {
    let own: JSONValue = ["arguments": ["parameters": [["name": "p", "valueFrom": ["configMapKeyRef": ["name": "cm", "key": "k"]]]]]]
    let template: JSONValue = ["arguments": ["parameters": [["name": "p", "value": "fixed"]]]]
    let parameter = WorkflowSpecJoin.joined(own, over: template)["arguments"]?["parameters"]?.arrayValue?.first
    #expect(parameter?["value"] == nil)
    #expect(parameter?["valueFrom"] != nil)
  }

  @Test func aParameterWithoutValueInTheWorkflowKeepsTheTemplatesWhole() {
    let own: JSONValue = ["arguments": ["parameters": [["name": "p", "description": "from the workflow"]]]]
    let template: JSONValue = ["arguments": ["parameters": [["name": "p", "default": "d"]]]]
    let parameter = WorkflowSpecJoin.joined(own, over: template)["arguments"]?["parameters"]?.arrayValue?.first
    #expect(parameter == ["name": "p", "default": "d"])
  }

  @Test func anArtifactOfTheSameKindFillsItsLocationFromTheTemplateAndOfAnotherKindReplacesIt() {
    let template: JSONValue = [
      "arguments": [
        "artifacts": [["name": "data", "optional": true, "s3": ["bucket": "b", "key": "old"]], ["name": "web", "http": ["url": "u"]]]
      ]
    ]
    let own: JSONValue = ["arguments": ["artifacts": [["name": "data", "s3": ["key": "new"]], ["name": "web", "git": ["repo": "r"]]]]]
    let artifacts = WorkflowSpecJoin.joined(own, over: template)["arguments"]?["artifacts"]?.arrayValue ?? []
    #expect(artifacts.first == ["name": "data", "s3": ["bucket": "b", "key": "new"]])
    #expect(artifacts.last == ["name": "web", "git": ["repo": "r"]])
  }

  @Test func suspendIsTheWorkflowsAlone() {
    #expect(WorkflowSpecJoin.joined(["entrypoint": "e"], over: ["suspend": true])["suspend"] == nil)
    #expect(WorkflowSpecJoin.joined(["suspend": false], over: ["suspend": true])["suspend"] == false)
  }

  @Test func theTemplatesHooksAndLabelsFromAreAddedOnlyUnderNewNames() {
    let own: JSONValue = [
      "hooks": ["exit": ["template": "mine"]], "workflowMetadata": ["labelsFrom": ["a": ["expression": "mine"]]],
    ]
    let template: JSONValue = [
      "hooks": ["exit": ["template": "theirs", "arguments": ["parameters": []]], "running": ["template": "watch"]],
      "workflowMetadata": ["labels": ["team": "x"], "labelsFrom": ["a": ["expression": "theirs"], "b": ["expression": "b"]]],
    ]
    let joined = WorkflowSpecJoin.joined(own, over: template)
    #expect(joined["hooks"] == ["exit": ["template": "mine"], "running": ["template": "watch"]])
    #expect(
      joined["workflowMetadata"] == ["labelsFrom": ["a": ["expression": "mine"], "b": ["expression": "b"]], "labels": ["team": "x"]])
  }

  @Test func templatesMergeByNameAndTheirSidecarsByName() {
    let template: JSONValue = [
      "templates": [["name": "main", "sidecars": [["name": "proxy", "image": "p:1"], ["name": "log", "image": "l:1"]]]]
    ]
    let own: JSONValue = ["templates": [["name": "main", "sidecars": [["name": "proxy", "image": "p:2"]]], ["name": "new"]]]
    let templates = WorkflowSpecJoin.joined(own, over: template)["templates"]?.arrayValue ?? []
    #expect(templates.count == 2)
    #expect(templates.first?["sidecars"] == [["name": "proxy", "image": "p:2"], ["name": "log", "image": "l:1"]])
  }

  @Test func listsWithoutAKeyAreTheWorkflowsWhole() {
    let joined = WorkflowSpecJoin.joined(
      ["nodeSelector": ["a": "1"], "dnsConfig": ["nameservers": ["1.1.1.1"]]], over: ["dnsConfig": ["nameservers": ["8.8.8.8", "9.9.9.9"]]])
    #expect(joined["dnsConfig"] == ["nameservers": ["1.1.1.1"]])
  }

  @Test func theTypedJoinReadsBackAsASpec() {
    let own = WorkflowSpec(
      arguments: Arguments(parameters: [Parameter(name: "p", value: "mine")]), workflowTemplateRef: WorkflowTemplateRef(name: "base"))
    let template = WorkflowSpec(arguments: Arguments(parameters: [Parameter(name: "p", value: "theirs")]), entrypoint: "main")
    let joined = own.joined(over: template)
    #expect(joined.entrypoint == "main")
    #expect(joined.arguments?.parameters?.first?.value == "mine")
    #expect(joined.workflowTemplateRef?.name == "base")
  }
}

@Suite struct TemplateLibraryTests {
  func library() throws -> TemplateLibrary {
    let manifests = try ManifestReader().read(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: WorkflowTemplate
      metadata: {name: shared-steps}
      spec:
        templates: [{name: say-hello, container: {image: busybox}}]
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: ClusterWorkflowTemplate
      metadata: {name: cluster-steps}
      spec:
        templates: [{name: cleanup, container: {image: busybox}}]
      """
    ).map(\.manifest)
    return TemplateLibrary(manifests)
  }

  @Test func resolvesANamespacedAndAClusterReference() throws {
    let library = try library()
    #expect(try library.template(for: TemplateRef(name: "shared-steps", template: "say-hello")).template.name == "say-hello")
    let cluster = try library.template(for: TemplateRef(name: "cluster-steps", clusterScope: true, template: "cleanup"))
    #expect(cluster.holder.templates?.count == 1)
  }

  @Test func theScopeDecidesWhereTheNameIsLookedFor() throws {
    #expect(throws: TemplateReferenceError.self) { try library().template(for: TemplateRef(name: "cluster-steps", template: "cleanup")) }
  }

  @Test func aMissingResourceIsNamedWithTheClosestName() throws {
    let library = try library()
    do {
      _ = try library.template(for: TemplateRef(name: "shared-step", template: "say-hello"))
      Issue.record("resolved a missing WorkflowTemplate")
    } catch {
      #expect(error.isMissingResource)
      #expect(error.description == "WorkflowTemplate \"shared-step\" not found (did you mean \"shared-steps\"?)")
    }
  }

  @Test func aMissingTemplateNamesItsResourceAndTheClosestTemplate() throws {
    let library = try library()
    do {
      _ = try library.template(for: TemplateRef(name: "cluster-steps", clusterScope: true, template: "clean-up"))
      Issue.record("resolved a missing template")
    } catch {
      #expect(!error.isMissingResource)
      #expect(error.description == "ClusterWorkflowTemplate \"cluster-steps\" has no template \"clean-up\" (did you mean \"cleanup\"?)")
    }
  }

  @Test func aReferenceWithoutNamesSaysWhichIsMissing() throws {
    let library = try library()
    #expect(throws: TemplateReferenceError.self) { try library.template(for: TemplateRef(template: "x")) }
    do {
      _ = try library.template(for: TemplateRef(name: "shared-steps"))
    } catch {
      #expect(error.message == "the templateRef to WorkflowTemplate \"shared-steps\" has no template name")
    }
  }

  @Test func aLaterManifestOfTheSameNameReplacesTheEarlier() throws {
    var library = try library()
    library.add(
      try ManifestReader().read(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata: {name: shared-steps}
        spec:
          templates: [{name: say-goodbye, container: {image: busybox}}]
        """
      ).map(\.manifest))
    #expect(throws: TemplateReferenceError.self) { try library.template(for: TemplateRef(name: "shared-steps", template: "say-hello")) }
    #expect(try library.template(for: TemplateRef(name: "shared-steps", template: "say-goodbye")).template.name == "say-goodbye")
  }
}
