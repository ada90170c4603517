import Hera

extension Examples {
  static let upstreamArtifacts: [GoldenExample] = [
    GoldenExample("upstream/workflow-of-workflows.yaml") {
      let without = Resource(
        "resource-without-argument", action: "create",
        manifest: """
          apiVersion: argoproj.io/v1alpha1
          kind: Workflow
          metadata:
            generateName: workflow-of-workflows-1-
          spec:
            workflowTemplateRef:
              name: {{inputs.parameters.workflowtemplate}}

          """, successCondition: "status.phase == Succeeded", failureCondition: "status.phase in (Failed, Error)"
      ) {
        Input("workflowtemplate")
      }
      let with = Resource(
        "resource-with-argument", action: "create",
        manifest: """
          apiVersion: argoproj.io/v1alpha1
          kind: Workflow
          metadata:
            generateName: workflow-of-workflows-2-
          spec:
            arguments:
              parameters:
              - name: message
                value: {{inputs.parameters.message}}
            workflowTemplateRef:
              name: {{inputs.parameters.workflowtemplate}}

          """, successCondition: "status.phase == Succeeded", failureCondition: "status.phase in (Failed, Error)"
      ) {
        Input("workflowtemplate")
        Input("message")
      }
      return Workflow(generateName: "workflow-of-workflows-", entrypoint: "main") {
        without
        with
        Steps("main") {
          Step("workflow1", template: without, arguments: ["workflowtemplate": "workflow-template-submittable"])
          Step(
            "workflow2", template: with, arguments: ["workflowtemplate": "workflow-template-submittable", "message": "Welcome Argo"])
        }
      }
    },
    GoldenExample("upstream/artifact-disable-archive.yaml") {
      let none = ArchiveStrategy(none: NoneStrategy())
      let write = shell(
        "hello-world-to-file", image: "busybox", "echo hello world | tee /tmp/hello_world.txt | tee /tmp/hello_world_nc.txt ; sleep 1"
      ).io {
        OutputArtifact("etc", path: "/etc").with { $0.archive = none }
        OutputArtifact("hello-txt", path: "/tmp/hello_world.txt").with { $0.archive = none }
        OutputArtifact("hello-txt-nc", path: "/tmp/hello_world_nc.txt").with {
          $0.archive = ArchiveStrategy(tar: TarStrategy(compressionLevel: 0))
        }
      }
      let read = shell("print-message-from-files", "cat /tmp/hello.txt && cat /tmp/hello_nc.txt && cd /tmp/etc && find .").io {
        InputArtifact("etc", path: "/tmp/etc")
        InputArtifact("hello-txt", path: "/tmp/hello.txt")
        InputArtifact("hello-txt-nc", path: "/tmp/hello_nc.txt")
      }
      return Workflow(generateName: "artifact-disable-archive-", entrypoint: "artifact-disable-archive") {
        write
        read
        Steps("artifact-disable-archive") {
          let generate = Step("generate-artifact", template: write)
          generate
          Step("consume-artifact", template: read).artifacts([
            "etc": generate.artifact("etc"), "hello-txt": generate.artifact("hello-txt"),
            "hello-txt-nc": generate.artifact("hello-txt-nc"),
          ])
        }
      }
    },
    GoldenExample("upstream/artifact-passing-subpath.yaml") {
      let write = shell("hello-world-to-file", image: "busybox", "sleep 1; echo hello world | tee /tmp/hello_world.txt").io {
        OutputArtifact("hello-art", path: "/tmp/").with { $0.archive = ArchiveStrategy(none: NoneStrategy()) }
      }
      let list = shell("print-message-dir", "ls /tmp/message").io { InputArtifact("message", path: "/tmp/message") }
      let read = shell("print-message-from-file", "cat /tmp/message").io { InputArtifact("message", path: "/tmp/message") }
      return Workflow(generateName: "artifact-passing-subpath-", entrypoint: "artifact-example") {
        write
        list
        read
        Steps("artifact-example") {
          let generate = Step("generate-artifact", template: write)
          generate
          Step("list-artifact", template: list).artifacts(["message": generate.artifact("hello-art")])
          Step("consume-artifact", template: read)
            .artifacts([Artifact(name: "message", from: generate.artifact("hello-art").text, subPath: "hello_world.txt")])
        }
      }
    },
    GoldenExample("upstream/conditional-artifacts.yaml") {
      let flipCoin = Script(
        "flip-coin", image: "python:alpine3.6", command: ["python"],
        source: """
          import random
          print('heads' if random.randint(0, 1) == 0 else 'tails')
          """)
      func side(_ name: String) -> Script {
        Script(
          name, image: "python:alpine3.6", command: ["python"],
          source: """
            with open('result.txt', 'w') as f:
                f.write('it was \(name)')
            """
        ) {
          OutputArtifact("result", path: "/result.txt")
        }
      }
      let heads = side("heads")
      let tails = side("tails")
      return Workflow(generateName: "conditional-artifacts-", entrypoint: "main") {
        flipCoin
        heads
        tails
        Steps("main") {
          let flip = Step("flip-coin", template: flipCoin)
          flip
          Parallel {
            Step("heads", template: heads).when("\(flip.result) == heads")
            Step("tails", template: tails).when("\(flip.result) == tails")
          }
        } io: {
          OutputArtifact("result").with {
            $0.fromExpression =
              "steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.artifacts.result : steps.tails.outputs.artifacts.result"
          }
        }
      }
      .annotations([
        "workflows.argoproj.io/description":
          #"Conditional aartifacts provide a way to choose the output artifacts based on expression. In this example the main template has two steps which will run conditionall using `when` . Based on the `when` condition one of step will not execute. The main template's output artifact named "result" will be set to the executed step's output."#
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/conditionals-complex.yaml") {
      let flipCoin = Script(
        "flip-coin", image: "python:alpine3.6", command: ["python"],
        source: """
          import random
          result = "heads" if random.randint(0,1) == 0 else "tails"
          print(result)

          """)
      let heads = shell("heads", image: "alpine:3.6", #"echo "it was heads""#)
      let tails = shell("tails", image: "alpine:3.6", #"echo "it was tails""#)
      let either = shell(
        "heads-tails-or-twice-tails", image: "alpine:3.6",
        #"echo "it was heads the first flip and tails the second. Or it was two times tails.""#)
      return Workflow(generateName: "coinflip-", entrypoint: "coinflip") {
        Steps("coinflip") {
          let flip = Step("flip-coin", template: flipCoin)
          let again = Step("flip-again", template: flipCoin)
          flip
          Parallel {
            Step("heads", template: heads).when("\(flip.result) == heads")
            Step("tails", template: tails).when("\(flip.result) == tails")
          }
          again
          Parallel {
            Step("complex-condition", template: either)
              .when(
                """
                ( \(flip.result) == heads &&
                  \(again.result) == tails
                ) || ( \(flip.result) == tails &&
                  \(again.result) == tails )
                """)
            Step("heads-regex", template: heads).when("\(again.result) =~ hea")
            Step("tails-regex", template: tails).when("\(again.result) =~ tai")
          }
        }
        flipCoin
        heads
        tails
        either
      }
    },
    GoldenExample("upstream/global-outputs.yaml") {
      let globalOutput = shell("global-output", image: "alpine:3.7", "sleep 1; echo -n hello world > /tmp/hello_world.txt").io {
        OutputArtifact("hello-art", path: "/tmp/hello_world.txt", globalName: "my-global-art")
        Output("hello-param", path: "/tmp/hello_world.txt", globalName: "my-global-param")
      }
      let param = shell("consume-global-param", image: "alpine:3.7", "echo \(ArgoString.input("param"))").io {
        Input("param", value: "{{workflow.outputs.parameters.my-global-param}}")
      }
      let art = shell("consume-global-art", image: "alpine:3.7", "cat /art").io { InputArtifact("art", path: "/art") }
      let consume = Steps("consume-globals") {
        Parallel {
          Step("consume-global-param", template: param)
          Step("consume-global-art", template: art).artifacts(["art": "{{workflow.outputs.artifacts.my-global-art}}"])
        }
      }
      return Workflow(generateName: "global-outputs-", entrypoint: "generate-globals") {
        Steps("generate-globals") {
          Step("generate", template: globalOutput)
          Step("consume-globals", template: consume)
        }
      }
      .onExit(consume)
    },
    GoldenExample("upstream/loops-sequence.yaml") {
      let echo = Container("echo", image: "alpine:latest", command: ["echo", .input("msg")]) { Input("msg") }
      return Workflow(generateName: "loops-sequence-", entrypoint: "loops-sequence") {
        Steps("loops-sequence") {
          Parallel {
            Step("sequence-count", template: echo, arguments: ["msg": .item]).withSequence(count: "5")
            Step("sequence-start-end", template: echo, arguments: ["msg": .item]).withSequence(start: "100", end: "105")
            Step("sequence-param", template: echo, arguments: ["msg": .item])
              .withSequence(count: "{{workflow.parameters.count}}", start: "200")
            Step("sequence-negative", template: echo, arguments: ["msg": .item]).withSequence(start: "5", end: "0")
            Step("sequence-format", template: echo, arguments: ["msg": .item]).withSequence(count: "5", format: "testuser%02X")
          }
        }
        echo
      }
      .arguments(["count": "3"])
    },
    GoldenExample("upstream/daemon-step.yaml") {
      let influxdb = Container("influxdb", image: "influxdb:1.2")
        .readinessProbe(Probe(httpGet: HTTPGetAction(path: "/ping", port: 8086), initialDelaySeconds: 5, timeoutSeconds: 1))
        .daemon()
      let client = shell("influxdb-client", image: "appropriate/curl:latest", .input("cmd")).io { Input("cmd") }
      return Workflow(generateName: "daemon-step-", entrypoint: "daemon-example") {
        Steps("daemon-example") {
          let influx = Step("influx", template: influxdb)
          influx
          Step(
            "init-database", template: client,
            arguments: ["cmd": #"curl -XPOST 'http://\#(influx.ip):8086/query' --data-urlencode "q=CREATE DATABASE mydb""#])
          Parallel {
            Step(
              "producer-1", template: client,
              arguments: [
                "cmd":
                  #"for i in $(seq 1 20); do curl -XPOST 'http://\#(influx.ip):8086/write?db=mydb' -d "cpu,host=server01,region=uswest load=$i" ; sleep .5 ; done"#
              ])
            Step(
              "producer-2", template: client,
              arguments: [
                "cmd":
                  #"for i in $(seq 1 20); do curl -XPOST 'http://\#(influx.ip):8086/write?db=mydb' -d "cpu,host=server02,region=uswest load=$((RANDOM % 100))" ; sleep .5 ; done"#
              ])
            Step(
              "producer-3", template: client,
              arguments: ["cmd": "curl -XPOST 'http://\(influx.ip):8086/write?db=mydb' -d 'cpu,host=server03,region=useast load=15.4'"])
          }
          Step(
            "consumer", template: client,
            arguments: [
              "cmd":
                #"curl --silent -G http://\#(influx.ip):8086/query?pretty=true --data-urlencode "db=mydb" --data-urlencode "q=SELECT * FROM cpu""#
            ])
        }
        influxdb
        client
      }
    },
  ]
}
