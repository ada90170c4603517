import Hera

/// The reference render workload of `../shared/bench/hera_render.py`, written with the DSL: a
/// container template "work" and a DAG "main" of N tasks "t-i", task t-i depending on t-(i/2).
public enum ReferenceWorkload {
  public static func workflow(tasks count: Int) -> Workflow {
    let work = Container(
      "work", image: "alpine:3.19", command: ["sh", "-c"], args: ["echo \(ArgoString.input("i"))"]
    ) {
      Input("i")
    }
    return Workflow(generateName: "big-", entrypoint: "main") {
      work
      DAG("main") {
        let tasks = (0..<count).map { Task("t-\($0)", template: work, arguments: ["i": ArgoString("\($0)")]) }
        tasks
        for index in 2..<max(2, count) {
          tasks[index / 2] >> tasks[index]
        }
      }
    }
  }
}
