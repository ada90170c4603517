import Hera

/// `sleep N; echo acquired lock`, the lock holder of Argo's synchronization examples.
private func acquireLock(_ name: String, seconds: Int) -> Container {
  shell(name, "sleep \(seconds); echo acquired lock")
}

extension Examples {
  static let upstreamControl: [GoldenExample] = [
    GoldenExample("upstream/workflow-template--hello-world.yaml") {
      Workflow(generateName: "workflow-template-hello-world-", entrypoint: "hello-world-from-templateRef") {
        Steps("hello-world-from-templateRef") {
          Step(
            "call-print-message", templateRef: "workflow-template-print-message", template: "print-message",
            arguments: ["message": "hello world"])
        }
      }
    },
    GoldenExample("upstream/http-success-condition.yaml") {
      let url: ArgoString = .input("url")
      let status201 = HTTPTemplate("http-status-is-201", url: url, successCondition: "response.statusCode == 201") {
        Input("url")
      }
      let bodyGoogle = HTTPTemplate("http-body-contains-google", url: url, successCondition: #"response.body contains "google""#) {
        Input("url")
      }
      let headersCloudflare = HTTPTemplate(
        "http-headers-contains-cloudflare", url: url, successCondition: #"response.headers["Server"][0] == "cloudflare""#
      ) {
        Input("url")
      }
      return Workflow(generateName: "http-template-condition-", entrypoint: "main") {
        Steps("main") {
          Parallel {
            Step("http-status-is-201-succeeds", template: status201, arguments: ["url": "http://httpstat.us/201"])
            Step("http-body-contains-google-succeeds", template: bodyGoogle, arguments: ["url": "https://google.com"])
          }
        }
        status201
        bodyGoogle
        headersCloudflare
      }
      .annotations([
        "workflows.argoproj.io/description": "Exemplifies usage of successCondition in HTTP template (available since v3.3)\n"
      ])
    },
    GoldenExample("upstream/loops-param-argument.yaml") {
      let cat = Container(
        "cat-os-release", image: "\(ArgoString.input("image")):\(ArgoString.input("tag"))", command: ["cat"],
        args: ["/etc/os-release"]
      ) {
        Input("image")
        Input("tag")
      }
      .podMetadata(annotations: ["workflows.argoproj.io/display-name": "os-{{inputs.parameters.image}}-{{inputs.parameters.tag}}"])
      return Workflow(generateName: "loops-param-arg-", entrypoint: "loop-param-arg-example") {
        Steps("loop-param-arg-example") {
          Step("test-linux", template: cat, arguments: ["image": .item("image"), "tag": .item("tag")])
            .withParam(.input("os-list"))
        } io: {
          Input("os-list")
        }
      }
      .arguments([
        "os-list": """
        [
          { "image": "debian", "tag": "9.1" },
          { "image": "debian", "tag": "8.9" },
          { "image": "alpine", "tag": "3.6" },
          { "image": "ubuntu", "tag": "17.10" }
        ]

        """
      ])
    },
    GoldenExample("upstream/synchronization-mutex-tmpl-level.yaml") {
      let lock = acquireLock("acquire-lock", seconds: 20).mutex("welcome")
      let lock1 = acquireLock("acquire-lock-1", seconds: 50).mutex("test")
      return Workflow(generateName: "synchronization-tmpl-level-mutex-", entrypoint: "synchronization-tmpl-level-mutex-example") {
        Steps("synchronization-tmpl-level-mutex-example") {
          Parallel {
            Step("synchronization-acquire-lock", template: lock, arguments: ["seconds": .item]).withParam(#"["1","2","3","4","5"]"#)
            Step("synchronization-acquire-lock1", template: lock1, arguments: ["seconds": .item]).withParam(#"["1","2","3","4","5"]"#)
          }
        }
      }
    },
    GoldenExample("upstream/synchronization-db-mutex-tmpl-level.yaml") {
      let lock = acquireLock("acquire-lock", seconds: 20)
        .synchronization(Synchronization(mutexes: [MutexRef(name: "welcome", database: true)]))
      let lock1 = acquireLock("acquire-lock-1", seconds: 50)
        .synchronization(Synchronization(mutexes: [MutexRef(name: "test", database: true)]))
      return Workflow(generateName: "synchronization-db-tmpl-level-mutex-", entrypoint: "synchronization-db-tmpl-level-mutex-example") {
        Steps("synchronization-db-tmpl-level-mutex-example") {
          Parallel {
            Step("synchronization-acquire-lock", template: lock, arguments: ["seconds": .item]).withParam(#"["1","2","3","4","5"]"#)
            Step("synchronization-acquire-lock1", template: lock1, arguments: ["seconds": .item]).withParam(#"["1","2","3","4","5"]"#)
          }
        }
      }
    },
    GoldenExample("upstream/dag-conditional-parameters.yaml") {
      let heads = Script("heads", image: "python:alpine3.6", command: ["python"], source: "print('heads')")
      let tails = Script("tails", image: "python:alpine3.6", command: ["python"], source: "print('tails')")
      let flipCoin = Script(
        "flip-coin", image: "python:alpine3.6", command: ["python"],
        source: """
          import random
          print('heads' if random.randint(0, 1) == 0 else 'tails')
          """)
      return Workflow(generateName: "dag-conditional-parameter-", entrypoint: "main") {
        heads
        tails
        flipCoin
        DAG("main") {
          let flip = Task("flip-coin", template: flipCoin)
          flip
          Task("heads", template: heads).when("\(flip.result) == heads")
          Task("tails", template: tails).when("\(flip.result) == tails")
        } io: {
          Output(
            "stepresult",
            valueFrom: ValueFrom(
              expression: "tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.result : tasks.tails.outputs.result"))
        }
      }
    },
    GoldenExample("upstream/exit-handler-with-param.yaml") {
      let output = shell("output", image: "python:alpine3.6", "echo -n hello world > /tmp/hello_world.txt").io {
        Output("result", path: "/tmp/hello_world.txt", default: "Foobar")
      }
      let exit = Script("exit", image: "python:alpine3.6", command: ["python"], source: "print(\"{{inputs.parameters.message}}\")") {
        Input("message")
      }
      return Workflow(generateName: "exit-handler-with-param-", entrypoint: "main") {
        Steps("main") {
          let step = Step("step-1", template: output)
          step.hook("exit", template: exit, arguments: ["message": step.parameter("result")])
        }
        output
        exit
      }
      .annotations([
        "workflows.argoproj.io/description":
          "onExitTemplate enables workflow to pass the arguments (parameters/Artifacts) to exit handler template.\n",
        "workflows.argoproj.io/version": ">= 3.1.0",
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/exit-handler-with-artifacts.yaml") {
      let output = Script(
        "output", image: "python:alpine3.6", command: ["python"],
        source: """
          with open('result.txt', 'w') as f:
              f.write('Welcome')
          """
      ) {
        OutputArtifact("result", path: "/result.txt")
      }
      let exit = shell("exit", image: "python:alpine3.6", "cat /tmp/message").io {
        InputArtifact("message", path: "/tmp/message")
      }
      return Workflow(generateName: "exit-handler-with-artifacts-", entrypoint: "main") {
        output
        exit
        Steps("main") {
          let step = Step("step-1", template: output)
          // A hook's arguments can only be parameters in the DSL.
          step.modify {
            $0.hooks = [
              "exit": LifecycleHook(
                arguments: Arguments(artifacts: [Artifact(name: "message", from: step.artifact("result").text)]), template: "exit")
            ]
          }
        }
      }
      .annotations([
        "workflows.argoproj.io/description":
          "onExitTemplate enables workflow to pass the arguments (parameters/Artifacts) to exit handler template.",
        "workflows.argoproj.io/version": ">= 3.1.0",
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/loops-arbitrary-sequential-steps.yaml") {
      let unit = Container(
        "unit-step-template", image: "alpine", command: ["/bin/sh", "-c"],
        args: ["echo \(ArgoString.input("message")); exit \(ArgoString.input("exit_code"))"]
      ) {
        Input("exit_code")
        Input("message")
      }
      return Workflow(generateName: "loop-arbitrary-sequential-steps-", entrypoint: "loop-arbitrary-sequential-steps-example") {
        unit
        Steps("loop-arbitrary-sequential-steps-example") {
          Step("unit-step", template: unit, arguments: ["exit_code": .item("exit_code"), "message": .item("message")])
            .withParam(.input("step_params"))
        } io: {
          Input("step_params")
        }
        .failFast(true)
        .parallelism(1)
      }
      .arguments([
        "step_params": """
        [
          { "exit_code": 0, "message": "succeeds 1" },
          { "exit_code": 0, "message": "succeeds 2" },
          { "exit_code": 0, "message": "succeeds 3" },
          { "exit_code": 1, "message": "will fail and stop here" },
          { "exit_code": 0, "message": "will not run" },
          { "exit_code": 0, "message": "will not run" }
        ]

        """
      ])
    },
    GoldenExample("upstream/parallelism-nested-workflow.yaml") {
      let job = Container(
        "one-job", image: "alpine", command: ["/bin/sh", "-c"], args: ["echo \(ArgoString.input("seq-id")); sleep 30"]
      ) {
        Input("seq-id")
      }
      let b = Steps("B") {
        Step("jobs", template: job, arguments: ["seq-id": .input("seq-id")]).withParam("[1, 2]")
      } io: {
        Input("seq-id")
      }
      return Workflow(generateName: "parallelism-nested-workflow-", entrypoint: "A") {
        Steps("A") {
          Step("seq-step", template: b, arguments: ["seq-id": .item]).withParam(.input("seq-list"))
        } io: {
          Input("seq-list")
        }
        .parallelism(1)
      }
      .arguments(["seq-list": "[\"a\",\"b\",\"c\",\"d\"]\n"])
    },
    GoldenExample("upstream/recursive-for-loop.yaml") {
      let counter = Script(
        "counter-iteration", image: "python:alpine3.6", command: ["python"], source: "print(\(ArgoString.input("counter")) + 1)\n"
      ) {
        Input("counter")
      }
      let loop = Steps("loop") {
        let iterate = Step("iterate-counter", template: counter, arguments: ["counter": .input("counter")])
        iterate
        Step("continue", templateName: "loop", arguments: ["counter": iterate.result, "limit": .input("limit")])
          .when("\(iterate.result) < \(ArgoString.input("limit"))")
      } io: {
        Input("counter")
        Input("limit")
      }
      return Workflow(generateName: "recursive-loop-", entrypoint: "plan") {
        Steps("plan") {
          Step("recurse", template: loop, arguments: ["counter": "0", "limit": "10"])
        }
      }
    },
    GoldenExample("upstream/k8s-wait-wf.yaml") {
      let create = Resource(
        "create-wf", action: "create",
        manifest: """
          apiVersion: argoproj.io/v1alpha1
          kind: Workflow
          metadata:
            generateName: sleep-
          spec:
            entrypoint: sleep
            templates:
            - name: sleep
              container:
                image: alpine:latest
                command: [sleep, "20"]

          """
      ) {
        Output("wf-name", valueFrom: ValueFrom(jsonPath: "{.metadata.name}"))
      }
      let wait = Resource(
        "wait-wf", action: "get",
        manifest: """
          apiVersion: argoproj.io/v1alpha1
          kind: Workflow
          metadata:
            name: {{inputs.parameters.wf-name}}

          """, successCondition: "status.phase == Succeeded", failureCondition: "status.phase in (Failed, Error)"
      ) {
        Input("wf-name")
      }
      return Workflow(generateName: "k8s-wait-wf-", entrypoint: "k8s-wait-wf") {
        Steps("k8s-wait-wf") {
          let created = Step("create-wf", template: create)
          created
          Step("wait-wf", template: wait, arguments: ["wf-name": created.parameter("wf-name")])
        }
      }
    },
  ]
}
