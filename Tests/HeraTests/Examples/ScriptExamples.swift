import Hera

/// Hera's examples of `scripts/`, written with the DSL.
extension Examples {
  static let scriptsFolder: [GoldenExample] = [
    GoldenExample("scripts/output-parameters.yaml") {
      let out = pythonScript("out", "with open('/test', 'w') as f_out:\n    f_out.write('test')").io {
        Output("a", path: "/test")
      }
      let consume = pythonScript("in-", parameters: ["a"], "print(a)")
      return Workflow(generateName: "script-output-param-passing-", entrypoint: "d") {
        DAG("d") {
          let produced = Task("out", template: out)
          produced
          Task("in-", template: consume, arguments: ["a": produced.parameter("a")])
        }
      }
    },
    GoldenExample("scripts/default-parameters.yaml") {
      let generator = pythonScript("generator", "print('Another message for the world!')")
      let consumer = pythonScript(
        "consumer", inputs: [Parameter(name: "message", default: "Hello, world!"), Parameter(name: "foo", default: "42")],
        "print(message)\nprint(foo)")
      return Workflow(generateName: "default-param-overwrite-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generator", template: generator)
          generated >> Task("consume-default", template: consumer)
          Task("consume-argument", template: consumer, arguments: ["message": generated.result])
        }
      }
    },
    GoldenExample("scripts/script-runner-io.yaml") {
      let writer = runnerScript(
        "writer", image: "my-image-with-deps", entry: "scripts.script_runner_io:writer", outputsDirectory: "/tmp/hera-outputs"
      ) {
        unarchived("int-artifact", path: "/tmp/hera-outputs/artifacts/int-artifact")
      }
      let pydanticIO = runnerScript(
        "pydantic-io", image: "my-image-with-deps", entry: "scripts.script_runner_io:pydantic_io",
        outputsDirectory: "/tmp/hera-outputs"
      ) {
        InputArtifact("artifact-input", path: "/tmp/hera-inputs/artifacts/artifact-input")
        Input("param-input", default: "42")
        Input("obj-input", default: #"{"a_dict": {"my-key": "a-value"}, "a_str": "hello world!"}"#)
        OutputArtifact("artifact-output", path: "/tmp/hera-outputs/artifacts/artifact-output")
        Output("param-output", path: "/tmp/hera-outputs/parameters/param-output")
      }
      return Workflow(generateName: "pydantic-io-", entrypoint: "use-pydantic-io") {
        Steps("use-pydantic-io") {
          let written = Step("writer", template: writer)
          written
          Step(
            "pydantic-io", template: pydanticIO,
            arguments: [
              "param_int": "101",
              "an_object": #"{"a_dict": {"my-new-key": "my-new-value"}, "a_str": "a default string"}"#,
            ]
          )
          .artifacts(["artifact-input": written.artifact("int-artifact")])
        }
      }
    },
  ]
}
