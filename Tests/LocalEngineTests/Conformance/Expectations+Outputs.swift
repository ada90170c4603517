extension Conformance {
  /// Examples about outputs, parameters, exit handlers and hooks.
  static let outputsAndExits: [Expectation] = [
    .example(
      "output-parameter", "Succeeded",
      twoSteps("generate-parameter", "consume-parameter", firstOutputs: "parameters.hello-param=hello world")),
    .example(
      "exit-code-output-variable", "Succeeded",
      """
      @                 | Steps     | Succeeded
      [0]               | StepGroup | Succeeded
      failing-container | Pod       | Failed    | exitCode=123
      [1]               | StepGroup | Succeeded
      echo-container    | Pod       | Succeeded | inputs.parameters.exitCode=123
      """),
    .example(
      "global-outputs", "Succeeded",
      // The steps call consume-globals once as a step and once as the exit handler: node names.
      """
      @                                                | Steps     | Succeeded
      @[0]                                             | StepGroup | Succeeded
      @[0].generate                                    | Pod       | Succeeded | parameters.hello-param=hello world
      @[1]                                             | StepGroup | Succeeded
      @[1].consume-globals                             | Steps     | Succeeded
      @[1].consume-globals[0]                          | StepGroup | Succeeded
      @[1].consume-globals[0].consume-global-param     | Pod       | Succeeded | inputs.parameters.param=hello world
      @[1].consume-globals[0].consume-global-art       | Pod       | Succeeded
      @.onExit                                         | Steps     | Succeeded
      @.onExit[0]                                      | StepGroup | Succeeded
      @.onExit[0].consume-global-param                 | Pod       | Succeeded | inputs.parameters.param=hello world
      @.onExit[0].consume-global-art                   | Pod       | Succeeded
      """,
      globals: ["my-global-param": "hello world"]),
    .example(
      "nested-workflow", "Succeeded",
      """
      @                              | Steps     | Succeeded
      @[0]                           | StepGroup | Succeeded
      @[0].generate                  | Pod       | Succeeded | parameters.out-parameter=my-output-parameter
      @[1]                           | StepGroup | Succeeded
      @[1].nested-wf                 | Steps     | Succeeded | parameters.nested-out-parameter=my-output-parameter
      @[1].nested-wf[0]              | StepGroup | Succeeded
      @[1].nested-wf[0].consume      | Pod       | Succeeded | inputs.parameters.in-parameter=my-output-parameter
      @[1].nested-wf[0].generate     | Pod       | Succeeded | parameters.out-parameter=my-output-parameter
      @[2]                           | StepGroup | Succeeded
      @[2].consume                   | Pod       | Succeeded | inputs.parameters.in-parameter=my-output-parameter
      """),
    .example(
      "handle-large-output-results", "Succeeded",
      // withSequence count 3 (the parameter read from /tmp/count): items 0, 1, 2.
      """
      @                   | Steps     | Succeeded
      [0]                 | StepGroup | Succeeded
      get-items           | Pod       | Succeeded | parameters.count=3
      [1]                 | StepGroup | Succeeded
      sequence-param(0:0) | Pod       | Succeeded
      sequence-param(1:1) | Pod       | Succeeded
      sequence-param(2:2) | Pod       | Succeeded
      """),
    .example(
      "pod-spec-from-previous-step", "Succeeded",
      """
      @               | DAG | Succeeded
      parse-resources | Pod | Succeeded | parameters.resources={"memory": "10Gi", "cpu": "2000m"}
      setup-resources | Pod | Succeeded
      """),
    .example("parameter-aggregation", "Succeeded", parameterAggregation(dag: false)),
    .example("parameter-aggregation-dag", "Succeeded", parameterAggregation(dag: true)),
    .example(
      "parameter-aggregation-script", "Succeeded",
      // The results are JSON objects; their aggregate is the list of those objects, and each
      // item of the loop is a map (num a number): evenness:odd,num:1.
      """
      @                                  | Steps     | Succeeded
      [0]                                | StepGroup | Succeeded
      odd-or-even(0:1)                   | Pod       | Succeeded | result={"num": 1, "evenness": "odd"}
      odd-or-even(1:2)                   | Pod       | Succeeded | result={"num": 2, "evenness": "even"}
      odd-or-even(2:3)                   | Pod       | Succeeded | result={"num": 3, "evenness": "odd"}
      odd-or-even(3:4)                   | Pod       | Succeeded | result={"num": 4, "evenness": "even"}
      [1]                                | StepGroup | Succeeded
      divide-by-2(0:evenness:odd,num:1)  | Skipped   | Skipped
      divide-by-2(1:evenness:even,num:2) | Pod       | Succeeded
      divide-by-2(2:evenness:odd,num:3)  | Skipped   | Skipped
      divide-by-2(3:evenness:even,num:4) | Pod       | Succeeded
      """),
    .example(
      "map-reduce", "Succeeded",
      // split prints the list of part ids; map fans out over it (a TaskGroup); reduce follows.
      """
      @        | DAG       | Succeeded
      split    | Pod       | Succeeded | result=["0", "1", "2", "3"]
      map      | TaskGroup | Succeeded
      map(0:0) | Pod       | Succeeded
      map(1:1) | Pod       | Succeeded
      map(2:2) | Pod       | Succeeded
      map(3:3) | Pod       | Succeeded
      reduce   | Pod       | Succeeded
      """),
    .example(
      "skipped-output-defaults/consumer-input-default", "Succeeded",
      // The producer is skipped (when "false"); the consumer's argument refers to its output,
      // which it never made: the consumer's input default applies.
      """
      @        | DAG     | Succeeded
      producer | Skipped | Skipped
      consumer | Pod     | Succeeded | inputs.parameters.in=fallback-from-input
      """),
    .example(
      "skipped-output-defaults/producer-output-default", "Succeeded",
      // The skipped producer's output parameter takes its valueFrom.default.
      """
      @        | DAG     | Succeeded
      producer | Skipped | Skipped
      consumer | Pod     | Succeeded | inputs.parameters.in=hello-from-producer
      """),
    .example(
      "skipped-output-defaults/expression-fallback", "Succeeded",
      """
      @        | DAG     | Succeeded | parameters.result=expr-fallback
      producer | Skipped | Skipped
      """),
    .example(
      "fibonacci-seq-conditional-param", "Succeeded",
      "fibonaccimain | Steps | Succeeded | parameters.fib=5\nprintresult | Pod | Succeeded | inputs.parameters.result=5",
      partial: """
        fibonacci is memoized: whether a call is computed or read from the cache (and so which
        nodes it has) depends on the order in which the calls end; fib(5) = 5 does not
        """),
    .example(
      "exit-handlers", "Failed",
      // The entrypoint fails; the exit handler runs, with workflow.status Failed: cry runs,
      // celebrate is skipped.
      """
      @         | Pod       | Failed    | exitCode=1
      @.onExit  | Steps     | Succeeded
      [0]       | StepGroup | Succeeded
      notify    | Pod       | Succeeded
      celebrate | Skipped   | Skipped
      cry       | Pod       | Succeeded
      """),
    .example(
      "exit-handler-dag-level", "Succeeded",
      // A task's onExit runs once the task has ended: TASK.onExit.
      """
      @        | DAG | Succeeded
      A        | Pod | Succeeded
      A.onExit | Pod | Succeeded
      B        | Pod | Succeeded
      B.onExit | Pod | Succeeded
      C        | Pod | Succeeded
      C.onExit | Pod | Succeeded
      D        | Pod | Succeeded
      D.onExit | Pod | Succeeded
      """),
    .example(
      "exit-handler-step-level", "Succeeded",
      """
      @              | Steps     | Succeeded
      [0]            | StepGroup | Succeeded
      hello1         | Pod       | Succeeded
      hello1.onExit  | Pod       | Succeeded
      [1]            | StepGroup | Succeeded
      hello2a        | Pod       | Succeeded
      hello2a.onExit | Pod       | Succeeded
      hello2b        | Pod       | Succeeded
      hello2b.onExit | Pod       | Succeeded
      """),
    .example(
      "template-on-exit", "Succeeded",
      """
      @            | Steps     | Succeeded
      [0]          | StepGroup | Succeeded
      stepA        | Pod       | Succeeded
      stepA.onExit | Pod       | Succeeded
      [1]          | StepGroup | Succeeded
      stepB        | Pod       | Succeeded
      stepB.onExit | Pod       | Succeeded
      """),
    .example(
      "exit-handler-with-param", "Succeeded",
      // The exit hook's argument is step-1's output parameter.
      """
      @             | Steps     | Succeeded
      [0]           | StepGroup | Succeeded
      step-1        | Pod       | Succeeded | parameters.result=hello world
      step-1.onExit | Pod       | Succeeded | inputs.parameters.message=hello world
      """),
    .example(
      "exit-handler-with-artifacts", "Succeeded",
      """
      @             | Steps     | Succeeded
      [0]           | StepGroup | Succeeded
      step-1        | Pod       | Succeeded
      step-1.onExit | Pod       | Succeeded
      """),
  ]

  /// parameter-aggregation (steps) and parameter-aggregation-dag: four numbers, their parity,
  /// the halves of the even ones (the odd ones are skipped by `when`), then a print of each half.
  /// The aggregate of `outputs.parameters` is a list of maps of strings (num:1); the aggregate of
  /// the halves' results is the JSON list [1,2], whose items print as 1 and 2.
  static func parameterAggregation(dag: Bool) -> String {
    var rows = Rows()
    rows.add("@", dag ? "DAG" : "Steps", "Succeeded")
    if dag { rows.add("odd-or-even", "TaskGroup", "Succeeded") } else { rows.add("[0]", "StepGroup", "Succeeded") }
    for number in 1...4 {
      rows.add(
        "odd-or-even(\(number - 1):\(number))", "Pod", "Succeeded", "parameters.num=\(number)",
        "parameters.evenness=\(number % 2 == 0 ? "even" : "odd")")
    }
    if !dag { rows.add("[1]", "StepGroup", "Succeeded") }
    rows.add("print-nums", "Pod", "Succeeded")
    if !dag { rows.add("[2]", "StepGroup", "Succeeded") }
    rows.add("print-evenness", "Pod", "Succeeded")
    if dag { rows.add("divide-by-2", "TaskGroup", "Succeeded") } else { rows.add("[3]", "StepGroup", "Succeeded") }
    rows.add("divide-by-2(0:evenness:odd,num:1)", "Skipped", "Skipped")
    rows.add("divide-by-2(1:evenness:even,num:2)", "Pod", "Succeeded", "result=1")
    rows.add("divide-by-2(2:evenness:odd,num:3)", "Skipped", "Skipped")
    rows.add("divide-by-2(3:evenness:even,num:4)", "Pod", "Succeeded", "result=2")
    if dag { rows.add("print", "TaskGroup", "Succeeded") } else { rows.add("[4]", "StepGroup", "Succeeded") }
    rows.add("print(0:1)", "Pod", "Succeeded")
    rows.add("print(1:2)", "Pod", "Succeeded")
    return rows.text
  }
}
