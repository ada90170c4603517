import Hera

/// Hera's examples of `hera_runner/`, written with the DSL.
extension Examples {
  static let heraRunnerFolder: [GoldenExample] = [
    GoldenExample("hera_runner/typed-script-input-output.yaml") {
      func function(_ name: String, _ function: String, @TemplateIOBuilder io: () -> TemplateIO) -> Script {
        runnerScript(
          name, image: "my-image-with-python-source-code-and-dependencies",
          entry: "hera_runner.typed_script_input_output:\(function)", io: io)
      }
      let myFunction = function("my-function", "my_function") { Input("input") }
      let strFunction = function("str-function", "str_function") { Input("input") }
      let anotherFunction = function("another-function", "another_function") { Input("inputs") }
      let kebab = function("function-kebab", "function_kebab") {
        Input("a-but-kebab", default: "2")
        Input("b-but-kebab", default: "foo")
        Input("c-but-kebab", default: "42.0")
      }
      let kebabObject = function("function-kebab-object", "function_kebab_object") { Input("input-value") }
      let object: ArgoString = #"{"a": 2, "b": "bar", "c": 42}"#
      return Workflow(name: "my-workflow", entrypoint: "my-steps") {
        Steps("my-steps") {
          Step("my-function", template: myFunction, arguments: ["input": object])
          Step("str-function", template: strFunction, arguments: ["input": object])
          Step(
            "another-function", template: anotherFunction,
            arguments: ["inputs": #"[{"a": 2, "b": "bar", "c": 42}, {"a": 2, "b": "bar", "c": 42.0}]"#])
          Step("function-kebab", template: kebab, arguments: ["a-but-kebab": "3", "b-but-kebab": "bar"])
          Step("function-kebab-object", template: kebabObject, arguments: ["input-value": #"{"a": 3, "b": "bar", "c": "42"}"#])
        }
      }
    }
  ]
}
