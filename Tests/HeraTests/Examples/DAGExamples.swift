import Hera

extension Examples {
  static let dags: [GoldenExample] = [
    GoldenExample("dags/dag-diamond-with-container.yaml") {
      let echo = Container("echo", image: "alpine:3.7", command: ["echo", .input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "dag-diamond-", entrypoint: "diamond") {
        echo
        DAG("diamond") {
          let a = Task("A", template: echo, arguments: ["message": "A"])
          let b = Task("B", template: echo, arguments: ["message": "B"])
          let c = Task("C", template: echo, arguments: ["message": "C"])
          let d = Task("D", template: echo, arguments: ["message": "D"])
          a >> [b, c]
          [b, c] >> d
        }
      }
    }
  ]
}

extension Examples {
  static let loops: [GoldenExample] = [
    GoldenExample("loops/fan-in.yaml") {
      let generate = Script(
        "generate", image: "python:3.10", command: ["python"],
        source: """
          import os
          import sys
          sys.path.append(os.getcwd())
          import json
          import sys
          json.dump([{'value': i} for i in range(10)], sys.stdout)
          """)
      let fanout = Script(
        "fanout", image: "python:3.10", command: ["python"],
        source: """
          import os
          import sys
          sys.path.append(os.getcwd())
          import json
          try: my_dict = json.loads(r'''{{inputs.parameters.my_dict}}''')
          except: my_dict = r'''{{inputs.parameters.my_dict}}'''

          print('Received object: {my_dict}!'.format(my_dict=my_dict))
          value = my_dict['value']
          with open('/tmp/value', 'w') as f:
              f.write(str(value))
          """
      ) {
        Input("my_dict")
        Output("value", path: "/tmp/value")
      }
      let fanin = Script(
        "fanin", image: "python:3.10", command: ["python"],
        source: """
          import os
          import sys
          sys.path.append(os.getcwd())
          import json
          try: values = json.loads(r'''{{inputs.parameters.values}}''')
          except: values = r'''{{inputs.parameters.values}}'''

          print('Received values: {values}!'.format(values=values))
          """
      ) {
        Input("values")
      }
      return Workflow(generateName: "fan-in-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generate", template: generate)
          let fannedOut = Task("fanout", template: fanout, arguments: ["my_dict": .item]).withParam(generated.result)
          generated
          fannedOut
          Task("fanin", template: fanin, arguments: ["values": fannedOut.parameter("value")])
        }
        generate
        fanout
        fanin
      }
    }
  ]
}
