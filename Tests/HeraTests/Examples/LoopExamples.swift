import Hera

/// Hera's examples of `loops/`, written with the DSL.
extension Examples {
  static let loopsFolder: [GoldenExample] = [
    GoldenExample("loops/script-argument-mapping.yaml") {
      let mapping = pythonScript(
        "test-key-mapping", parameters: ["key_1", "key_2"], "print('{key_1}, {key_2}'.format(key_1=key_1, key_2=key_2))")
      return Workflow(generateName: "script-argument-mapping-", entrypoint: "steps") {
        Steps("steps") {
          Step("test-key-mapping", template: mapping, arguments: ["key_1": .item("key_1"), "key_2": .item("key_2")])
            .withItems((1...4).map { ["key_1": .string("value:1-\($0)"), "key_2": .string("value:2-\($0)")] })
        }
      }
    },
    GoldenExample("loops/json-payload-fanout.yaml") {
      let generate = pythonScript(
        "generate",
        "import json\nimport sys\njson.dump([{'p1': i + 1, 'p2': i + 2, 'p3': i + 3} for i in range(10)], sys.stdout)")
      let consume = pythonScript(
        "consume", parameters: ["p1", "p2", "p3"], "print('Received p1={p1}, p2={p2}, p3={p3}'.format(p1=p1, p2=p2, p3=p3))")
      return Workflow(generateName: "json-payload-fanout-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generate", template: generate)
          generated
          Task("consume", template: consume, arguments: ["p1": .item("p1"), "p2": .item("p2"), "p3": .item("p3")])
            .withParam(generated.result)
        }
      }
    },
    GoldenExample("loops/dynamic-fanout-container.yaml") {
      let generate = Container(
        "generate", image: "alpine:latest",
        command: ["len=$((8 + RANDOM % 4)); json=$(seq 1 \"$len\" | paste -sd, -); echo \"[$json]\""])
      let fanout = Container("fanout", image: "alpine:latest", command: ["echo", .input("value")]) {
        Input("value")
      }
      return Workflow(generateName: "dynamic-fanout-container-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generate", template: generate)
          generated
          Task("fanout", template: fanout, arguments: ["value": .item]).withParam(generated.result)
        }
      }
    },
  ]
}
