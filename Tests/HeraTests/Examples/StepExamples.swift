import Hera

/// Hera's examples of `steps/`, written with the DSL.
extension Examples {
  static let stepsFolder: [GoldenExample] = [
    GoldenExample("steps/recursive-steps.yaml") {
      let roll = pythonScript("random-roll", "import random\nreturn random.randint(0, 2)")
      return .workflowTemplate(
        WorkflowTemplate(name: "my-workflow", entrypoint: "steps") {
          Steps("sub-steps") {
            let rolled = Step("random-roll", template: roll)
            rolled
            Step("recurse", templateName: "sub-steps", arguments: ["input-num": rolled.result])
              .when("\(rolled.result) != 0")
          }
          roll
          Steps("steps") { Step("sub-steps", templateName: "sub-steps") }
        })
    },
    GoldenExample("steps/steps-with-callable-container.yaml") {
      let whalesay = Container("whalesay", image: "argoproj/argosay:v2", command: ["cowsay"], args: [.input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "steps-", entrypoint: "hello-hello-hello") {
        whalesay
        Steps("hello-hello-hello") {
          Step("hello1", template: whalesay, arguments: ["message": "hello1"])
          Parallel {
            Step("hello2a", template: whalesay, arguments: ["message": "hello2a"])
            Step("hello2b", template: whalesay, arguments: ["message": "hello2b"])
          }
        }
      }
    },
    GoldenExample("steps/inner-steps.yaml") {
      let hello = pythonScript("hello", parameters: ["name"], "print('Hello, {name}!'.format(name=name))")
      let mySteps = Steps("my-steps") {
        Step("hello-1", template: hello, arguments: ["name": "hello-1-\(ArgoString.input("my-step-input"))"])
        Step("hello-2", template: hello, arguments: ["name": "hello-2-\(ArgoString.input("my-step-input"))"])
      } io: {
        Input("my-step-input")
      }
      return Workflow(generateName: "callable-inner-steps-", entrypoint: "calling-steps") {
        mySteps
        hello
        Steps("calling-steps") {
          Step("call-1", template: mySteps, arguments: ["my-step-input": "call-1"])
          Step("call-2", template: mySteps, arguments: ["my-step-input": "call-2"])
        }
      }
    },
  ]
}
