import ArgoModel
import Testing

@Suite struct PodNameTests {
  @Test func v2NamesAreWorkflowTemplateAndTheHashOfTheNodeName() {
    #expect(PodNameFormat.v2.podName(workflowName: "hello", nodeName: "hello.a", templateName: "say") == "hello-say-2039115930")
  }

  @Test func aTemplateWithoutNameLeavesItOutRatherThanFallingBackToTheNodeID() {
    #expect(PodNameFormat.v2.podName(workflowName: "hello", nodeName: "hello.a", templateName: nil) == "hello-2039115930")
    #expect(PodNameFormat.v2.podName(workflowName: "hello", nodeName: "hello.a", templateName: "") == "hello-2039115930")
  }

  @Test func theRootNodesPodIsNamedAsTheWorkflowInBothFormats() {
    #expect(PodNameFormat.v2.podName(workflowName: "hello", nodeName: "hello", templateName: "say") == "hello")
    #expect(PodNameFormat.v1.podName(workflowName: "hello", nodeName: "hello", templateName: "say") == "hello")
  }

  @Test func v1NamesAreNodeIDs() {
    #expect(PodNameFormat.v1.podName(workflowName: "hello", nodeName: "hello.a", templateName: "say") == "hello-2039115930")
    #expect(NodeNames.nodeID(workflowName: "w", nodeName: "w[0].step") == "w-450502416")
  }

  @Test func anAnnotationOtherThanV1MeansV2() {
    #expect(PodNameFormat(annotation: "v1") == .v1)
    #expect(PodNameFormat(annotation: "v2") == .v2)
    #expect(PodNameFormat(annotation: nil) == .v2)
    #expect(PodNameFormat(annotation: "v3") == .v2)
  }

  @Test func aPrefixOf242BytesIsKeptAndOneOf243IsCutTo242() {
    let hash = "-\(NodeNames.fnv32a("n"))"
    let workflow = String(repeating: "w", count: 200)
    let kept = PodNameFormat.v2.podName(workflowName: workflow, nodeName: "n", templateName: String(repeating: "t", count: 41))
    #expect(kept == "\(workflow)-\(String(repeating: "t", count: 41))\(hash)")
    let cut = PodNameFormat.v2.podName(workflowName: workflow, nodeName: "n", templateName: String(repeating: "t", count: 42))
    #expect(cut == "\(workflow)-\(String(repeating: "t", count: 41))\(hash)")
    #expect(cut.utf8.count == 242 + hash.utf8.count)
    #expect(cut.utf8.count <= PodNameFormat.maximumNameLength)
  }

  @Test func theCutCountsBytesNotCharactersAndNeverSplitsACharacter() {
    // The workflow and its dash are 240 bytes; "é" (2 bytes) ends at byte 242 and is kept, a second one is not.
    let workflow = String(repeating: "w", count: 239)
    let kept = PodNameFormat.v2.podName(workflowName: workflow, nodeName: "n", templateName: "éé")
    #expect(kept.hasPrefix("\(workflow)-é-"))
    // "€" is 3 bytes: starting at byte 241 it would end at 243, so it goes whole.
    let euro = PodNameFormat.v2.podName(workflowName: workflow, nodeName: "n", templateName: "a€")
    #expect(euro == "\(workflow)-a-\(NodeNames.fnv32a("n"))")
    #expect(euro.utf8.count == 241 + 1 + "\(NodeNames.fnv32a("n"))".utf8.count)
  }

  @Test func theNodeNameIsHashedAsUTF8() {
    #expect(NodeNames.fnv32a("") == 2_166_136_261)
    #expect(NodeNames.fnv32a("hello.a") == 2_039_115_930)
  }

  @Test func aWorkflowNamesItsPodsByTheTemplateRefBeforeTheTemplateName() throws {
    var workflow = try Workflow(json: ["metadata": ["name": "hello"]], options: .preserving)
    var node = NodeStatus(name: "hello.a", id: "hello-2039115930", templateName: "caller", type: "Pod")
    node.templateRef = TemplateRef(name: "library", template: "say")
    #expect(workflow.podName(of: node) == "hello-say-2039115930")
    workflow.metadata.annotations = [Workflow.podNameFormatAnnotation: "v1"]
    #expect(workflow.podName(of: node) == "hello-2039115930")
    node.type = "DAG"
    #expect(workflow.podName(of: node) == nil)
  }
}
