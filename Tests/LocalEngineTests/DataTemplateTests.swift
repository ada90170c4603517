import ArgoModel
import Foundation
import Testing

@testable import LocalEngine

/// `data` templates run here: the run's artifact store stands for the bucket, the
/// transformations are expr-lang, and the list they leave is the result.
@Suite struct DataTemplateTests {
  static let yaml = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: logs}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: write, template: write}
        - - {name: list, template: list}
        - - name: read
            template: read
            withParam: "{{steps.list.outputs.result}}"
            arguments:
              parameters: [{name: key, value: "{{item}}"}]
              artifacts: [{name: file, s3: {key: "{{item}}"}}]
      - name: write
        container:
          image: alpine
          command: [sh, -c, "mkdir -p /out/a /out/b && echo one > /out/a/main.log && echo two > /out/b/main.log && echo skip > /out/b/other.txt"]
        outputs:
          artifacts:
          - {name: logs, path: /out, archive: {none: {}}, s3: {key: "collected/logs"}}
      - name: list
        data:
          source:
            artifactPaths: {name: bucket, s3: {bucket: my-bucket, key: collected}}
          transformation:
          - expression: "filter(data, {# endsWith 'main.log'})"
      - name: read
        inputs:
          parameters: [{name: key}]
          artifacts: [{name: file, path: /in/file}]
        container: {image: alpine, command: [sh, -c, "cat /in/file"]}
    """

  @Test("the keys under the source, filtered by the transformation, are the result; a fan-out reads each")
  func listsAndTransforms() async throws {
    let run = try HostRun()
    let workflow = try await run.run(Self.yaml)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.message ?? "")")
    #expect(workflow.node("list")?.outputs?.result == #"["collected/logs/a/main.log","collected/logs/b/main.log"]"#)
    #expect(try run.log(workflow, "read(0:collected/logs/a/main.log)") == ["one"])
    #expect(try run.log(workflow, "read(1:collected/logs/b/main.log)") == ["two"])
  }

  @Test("an expression that fails ends the node in Error, naming the step")
  func failingExpression() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      Self.yaml.replacingOccurrences(of: "filter(data, {# endsWith 'main.log'})", with: "nosuchfunction(data)"))
    #expect(workflow.node("list")?.phase == "Error")
    #expect(workflow.node("list")?.message?.hasPrefix("transformation 1 'nosuchfunction(data)'") == true)
  }
}
