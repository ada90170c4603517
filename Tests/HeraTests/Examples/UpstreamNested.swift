import Hera

extension Examples {
  static let upstreamNested: [GoldenExample] = [
    GoldenExample("upstream/dag-conditional-artifacts.yaml") {
      let flipCoin = Script(
        "flip-coin", image: "python:alpine3.6", command: ["python"],
        source: """
          import random
          print("heads" if random.randint(0,1) == 0 else "tails")

          """)
      func side(_ name: String) -> Script {
        Script(
          name, image: "python:alpine3.6", command: ["python"],
          source: """
            with open("result.txt", "w") as f:
              f.write("it was \(name)")

            """
        ) {
          OutputArtifact("result", path: "/result.txt")
        }
      }
      let heads = side("heads")
      let tails = side("tails")
      return Workflow(generateName: "dag-conditional-artifacts-", entrypoint: "main") {
        DAG("main") {
          let flip = Task("flip-coin", template: flipCoin)
          flip
          Task("heads", template: heads).when("\(flip.result) == heads")
          Task("tails", template: tails).when("\(flip.result) == tails")
        } io: {
          OutputArtifact("result").with {
            $0.fromExpression =
              "tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.artifacts.result : tasks.tails.outputs.artifacts.result"
          }
        }
      }
      .annotations([
        "workflows.argoproj.io/description": """
        Conditional artifacts provides a way to choose the output artifacts based on an expression.

        In this example the DAG template has two tasks which will run conditionall using `when`.

        Based on the condition one of steps may not execute. The step template output's artifact will be set to the
        executed step's output artifacts.

        """,
        "workflows.argoproj.io/version": ">= 3.1.0",
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/k8s-orchestration.yaml") {
      let job = Resource(
        "random-number-job", action: "create",
        manifest: """
          apiVersion: batch/v1
          kind: Job
          metadata:
            generateName: rand-num-
          spec:
            completions: 10
            parallelism: 10
            template:
              metadata:
                name: rand
              spec:
                containers:
                - name: rand
                  image: python:alpine3.6
                  command: ["python", "-c", "import random; import time; print(random.randint(1, 1000)); time.sleep(10)"]
                restartPolicy: Never

          """, successCondition: "status.succeeded > 9", failureCondition: "status.failed > 0"
      ) {
        Output("job-name", valueFrom: ValueFrom(jsonPath: "{.metadata.name}"))
        Output("job-uid", valueFrom: ValueFrom(jsonPath: "{.metadata.uid}"))
      }
      let print = shell(
        "print-generated-numbers", image: "quay.io/argoproj/argoexec:latest",
        " for i in `kubectl get pods -l controller-uid=\(ArgoString.input("job-uid")) -o name`; do kubectl logs $i; done "
      ).io { Input("job-uid") }
      let delete = Resource(
        "delete-job", action: "delete",
        manifest: """
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: {{inputs.parameters.job-name}}

          """
      ) {
        Input("job-name")
      }
      return Workflow(generateName: "k8s-orchestrate-", entrypoint: "k8s-orchestrate") {
        Steps("k8s-orchestrate") {
          let random = Step("random-number-job", template: job)
          random
          Step("print-generated-numbers", template: print, arguments: ["job-uid": random.parameter("job-uid")])
          Step("delete-job", template: delete, arguments: ["job-name": random.parameter("job-name")])
        }
      }
    },
    GoldenExample("upstream/dag-nested.yaml") {
      let echo = Container("echo", image: "alpine:3.7", command: ["echo", .input("message")]) { Input("message") }
      let nested = DAG("nested-diamond") {
        let a = Task("A", template: echo, arguments: ["message": "\(ArgoString.input("message"))A"])
        let b = Task("B", template: echo, arguments: ["message": "\(ArgoString.input("message"))B"])
        let c = Task("C", template: echo, arguments: ["message": "\(ArgoString.input("message"))C"])
        let d = Task("D", template: echo, arguments: ["message": "\(ArgoString.input("message"))D"])
        a >> [b, c]
        [b, c] >> d
      } io: {
        Input("message")
      }
      return Workflow(generateName: "dag-nested-", entrypoint: "diamond") {
        nested
        echo
        DAG("diamond") {
          let a = Task("A", template: nested, arguments: ["message": "A"])
          let b = Task("B", template: nested, arguments: ["message": "B"])
          let c = Task("C", template: nested, arguments: ["message": "C"])
          let d = Task("D", template: nested, arguments: ["message": "D"])
          a >> [b, c]
          [b, c] >> d
        }
      }
    },
    GoldenExample("upstream/parallelism-nested-dag.yaml") {
      let job = Container("one-job", image: "alpine", command: ["/bin/sh", "-c"], args: ["echo \(ArgoString.input("msg")); sleep 10"]) {
        Input("msg")
      }
      let b = DAG("B") {
        Task("c1", template: job, arguments: ["msg": "\(ArgoString.input("msg")) c1"])
          >> [
            Task("c2", template: job, arguments: ["msg": "\(ArgoString.input("msg")) c2"]),
            Task("c3", template: job, arguments: ["msg": "\(ArgoString.input("msg")) c3"]),
          ]
      } io: {
        Input("msg")
      }
      return Workflow(generateName: "parallelism-nested-dag-", entrypoint: "A") {
        b
        job
        DAG("A") {
          let middle = [
            Task("b2", template: b, arguments: ["msg": "2"]), Task("b3", template: b, arguments: ["msg": "3"]),
            Task("b4", template: b, arguments: ["msg": "4"]),
          ]
          Task("b1", template: b, arguments: ["msg": "1"]) >> middle
          middle >> Task("b5", template: b, arguments: ["msg": "5"])
        }
        .parallelism(2)
      }
    },
    GoldenExample("upstream/custom-metrics.yaml") {
      func durationGauge(_ name: String, value: String = "{{duration}}") -> Prometheus {
        Prometheus(
          name: "duration_gauge", gauge: Gauge(realtime: true, value: value), help: "Duration gauge by name",
          labels: [MetricLabel(key: "name", value: name)])
      }
      let randomInt = shell(
        "random-int", "RAND_INT=$((1 + RANDOM % 10)); echo $RAND_INT; echo $RAND_INT > /tmp/rand_int.txt"
      )
      .metrics([
        Prometheus(
          name: "random_int_step_histogram", help: "Value of the int emitted by random-int at step level",
          histogram: Histogram(buckets: [2.01, 4.01, 6.01, 8.01, 10.01], value: "{{outputs.parameters.rand-int-value}}"),
          when: "{{status}} == Succeeded"),
        durationGauge("random-int"),
      ])
      .io { Output("rand-int-value", path: "/tmp/rand_int.txt", globalName: "rand-int-value") }
      let flakey = Container(
        "flakey", image: "python:alpine3.6", command: ["python", "-c"],
        args: ["import random; import sys; exit_code = random.choice([0, 1, 1]); sys.exit(exit_code)"]
      )
      .metrics([
        Prometheus(
          name: "result_counter", counter: Counter(value: "1"), help: "Count of step execution by result status",
          labels: [MetricLabel(key: "name", value: "flakey"), MetricLabel(key: "status", value: "{{status}}")])
      ])
      return Workflow(generateName: "hello-world-", entrypoint: "steps") {
        Steps("steps") {
          Step("random-int", template: randomInt)
          Step("flakey", template: flakey)
        }
        .metrics([durationGauge("steps")])
      }
      .metrics([durationGauge("workflow", value: "{{workflow.duration}}")])
    },
  ]
}
