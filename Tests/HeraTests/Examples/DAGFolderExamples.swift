import Hera

/// Hera's examples of `dags/`, written with the DSL.
extension Examples {
  static let dagsFolder: [GoldenExample] = [
    GoldenExample("dags/recursive-dag.yaml") {
      let roll = pythonScript("random-roll", "import random\nprint(random.randint(1, 6))")
      return Workflow(generateName: "recursive-dag-", entrypoint: "dag") {
        DAG("dag") {
          let rolled = Task("roll", template: roll)
          rolled
          Task("recurse-if-not-six", templateName: "dag").when("\(rolled.result) != 6")
        }
      }
    },
    GoldenExample("dags/passing-task-result.yaml") {
      let out = pythonScript("out", "print(42)")
      let consume = pythonScript("in-", parameters: ["a"], "print(a)")
      return Workflow(generateName: "script-param-passing-", entrypoint: "d") {
        DAG("d") {
          let produced = Task("out", template: out)
          produced
          Task("in-", template: consume, arguments: ["a": produced.result])
        }
      }
    },
    GoldenExample("dags/run-script-on-task-exit.yaml") {
      let bye = pythonScript("bye", "print('Bye Hera')")
      let hello = pythonScript("hello", parameters: ["s"], "print('Hello Hera, {s}'.format(s=s))")
      return Workflow(generateName: "task-exit-handler-", entrypoint: "d") {
        bye
        DAG("d") {
          Task("s1", template: hello, arguments: ["s": "from Task1"]).onExit(bye)
            >> Task("s2", template: hello, arguments: ["s": "from Task2"])
        }
      }
    },
    GoldenExample("dags/inner-dag.yaml") {
      let hello = pythonScript("hello", parameters: ["name"], "print('Hello, {name}!'.format(name=name))")
      let myDAG = DAG("my-dag") {
        Task("hello-1", template: hello, arguments: ["name": "hello-1-\(ArgoString.input("my-dag-input"))"])
        Task("hello-2", template: hello, arguments: ["name": "hello-2-\(ArgoString.input("my-dag-input"))"])
      } io: {
        Input("my-dag-input")
      }
      return Workflow(generateName: "callable-inner-dag-", entrypoint: "calling-dag") {
        myDAG
        hello
        DAG("calling-dag") {
          Task("call-1", template: myDAG, arguments: ["my-dag-input": "call-1"])
            >> Task("call-2", template: myDAG, arguments: ["my-dag-input": "call-2"])
        }
      }
    },
    GoldenExample("dags/dag-input-output.yaml") {
      let hello = runnerScript(
        "hello-with-output", entry: "dags.dag_input_output:hello_with_output", outputsDirectory: "/tmp/hera-outputs"
      ) {
        Input("name")
        Output("output-message", path: "/tmp/hera-outputs/parameters/output-message")
      }
      let helloTask = Task("hello", template: hello, arguments: ["name": "hello \(ArgoString.input("my-dag-input"))"])
      let myDAG = DAG("my-dag-with-outputs") {
        helloTask
      } io: {
        Input("my-dag-input")
        Output("my-dag-output", valueFrom: ValueFrom(parameter: helloTask.parameter("output-message").text))
      }
      return Workflow(generateName: "callable-dag-", entrypoint: "calling-dag") {
        myDAG
        hello
        DAG("calling-dag") {
          let first = Task("call-1", template: myDAG, arguments: ["my-dag-input": "call-1"])
          first
          Task("call-2", template: myDAG, arguments: ["my-dag-input": first.parameter("my-dag-output")])
        }
      }
    },
  ]
}
