import ArgoModel
import Foundation

/// The workflows the benchmark runs, written as YAML and read with `ManifestReader` so that the
/// benchmark needs nothing but the model and the engine. Every pod runs `true`.
enum Workload {
  /// A wide fan-in DAG of `pods` pods in all: `pods - 1` tasks with no dependencies, then a task
  /// `join` that depends on every one of them (so the DAG ends with a single target).
  static func fanInDAG(pods: Int) throws -> Workflow {
    let independent = max(1, pods - 1)
    var yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: bench-dag-}
      spec:
        entrypoint: main
        templates:
        - name: noop
          container: {image: alpine, command: ["true"]}
        - name: main
          dag:
            tasks:

      """
    for index in 0..<independent {
      yaml += "      - {name: t\(index), template: noop}\n"
    }
    if pods > 1 {
      yaml += "      - name: join\n        template: noop\n        dependencies:\n"
      for index in 0..<independent { yaml += "        - t\(index)\n" }
    }
    return try workflow(in: yaml)
  }

  /// A steps workflow with one step fanned out over `items` items (`withItems: [0, 1, ...]`).
  static func stepsFanOut(items: Int) throws -> Workflow {
    let list = (0..<items).map(String.init).joined(separator: ", ")
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: bench-steps-}
      spec:
        entrypoint: main
        templates:
        - name: noop
          inputs: {parameters: [{name: n}]}
          container: {image: alpine, command: ["true"]}
        - name: main
          steps:
          - - name: fan
              template: noop
              arguments: {parameters: [{name: n, value: "{{item}}"}]}
              withItems: [\(list)]

      """
    return try workflow(in: yaml)
  }

  private static func workflow(in yaml: String) throws -> Workflow {
    for document in try ManifestReader().read(yaml) {
      if case .workflow(let workflow) = document.manifest { return workflow }
    }
    throw BenchmarkError("the generated YAML holds no Workflow")
  }
}

/// Why the benchmark could not measure something.
struct BenchmarkError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) {
    self.description = description
  }
}
