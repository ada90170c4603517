import Hera

/// A container running `sh -c ARG`, as many of Argo's examples do.
func shell(_ name: String, image: String = "alpine:latest", _ script: ArgoString) -> Container {
  Container(name, image: image, command: ["sh", "-c"], args: [script])
}

extension Examples {
  static let upstreamDAGs: [GoldenExample] = [
    GoldenExample("upstream/dag-enhanced-depends.yaml") {
      let pass = Container("pass", image: "alpine:3.7", command: ["sh", "-c", "exit 0"])
      let fail = Container("fail", image: "alpine:3.7", command: ["sh", "-c", "exit 1"])
      return Workflow(generateName: "dag-diamond-", entrypoint: "diamond") {
        pass
        fail
        DAG("diamond") {
          let a = Task("A", template: pass)
          let b = Task("B", template: pass)
          let c = Task("C", template: fail)
          let execute2 = Task("should-execute-2", template: pass).depends(b || c)
          let notExecute = Task("should-not-execute", template: pass).depends(b && c)
          a >> [b, c]
          Task("should-execute-1", template: pass).depends(a && (c.succeeded || c.failed))
          execute2
          notExecute
          Task("should-execute-3", template: pass).depends(execute2.succeeded || notExecute)
        }
      }
    },
    GoldenExample("upstream/hello-world.yaml") {
      Workflow(generateName: "hello-world-", entrypoint: "hello-world") {
        Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])
      }
      .annotations(["workflows.argoproj.io/description": "This is a simple hello world example.\n"])
      .labels(["workflows.argoproj.io/archive-strategy": "false"])
    },
    GoldenExample("upstream/exit-handlers.yaml") {
      let celebrate = shell("celebrate", "echo hooray!")
      let cry = shell("cry", "echo boohoo!")
      let sendEmail = shell(
        "send-email",
        "echo send e-mail: \(ArgoString.workflowName) {{workflow.status}} {{workflow.duration}}. Failed steps {{workflow.failures}}")
      let exitHandler = Steps("exit-handler") {
        Parallel {
          Step("notify", template: sendEmail)
          Step("celebrate", template: celebrate).when("\(ArgoString.workflowStatus) == Succeeded")
          Step("cry", template: cry).when("\(ArgoString.workflowStatus) != Succeeded")
        }
      }
      return Workflow(generateName: "exit-handlers-", entrypoint: "intentional-fail") {
        shell("intentional-fail", "echo intentional failure; exit 1")
        exitHandler
      }
      .onExit(exitHandler)
    },
  ]

  static let upstreamSteps: [GoldenExample] = [
    GoldenExample("upstream/coinflip-recursive.yaml") {
      let heads = Container("heads", image: "alpine:3.6", command: ["sh", "-c"], args: ["echo \"it was heads\""])
      let flipCoin = Script(
        "flip-coin", image: "python:alpine3.6", command: ["python"],
        source: """
          import random
          result = 'heads' if random.randint(0, 1) == 0 else 'tails'
          print(result)
          """)
      return Workflow(generateName: "coinflip-recursive-", entrypoint: "coinflip") {
        heads
        Steps("coinflip") {
          let flip = Step("flip-coin", template: flipCoin)
          flip
          Parallel {
            Step("heads", template: heads).when("\(flip.result) == heads")
            Step("tails", templateName: "coinflip").when("\(flip.result) == tails")
          }
        }
        flipCoin
      }
    },
    GoldenExample("upstream/loops-maps.yaml") {
      let catOSRelease = Container(
        "cat-os-release", image: "\(ArgoString.input("image")):\(ArgoString.input("tag"))", command: ["cat"],
        args: ["/etc/os-release"]
      ) {
        Input("image")
        Input("tag")
      }
      return Workflow(generateName: "loops-maps-", entrypoint: "loop-map-example") {
        catOSRelease
        Steps("loop-map-example") {
          Step("test-linux", template: catOSRelease, arguments: ["image": .item("image"), "tag": .item("tag")])
            .withItems([
              ["image": "debian", "tag": "9.1"], ["image": "debian", "tag": "8.9"], ["image": "alpine", "tag": "3.6"],
              ["image": "ubuntu", "tag": "17.10"],
            ])
        }
      }
    },
    GoldenExample("upstream/artifact-passing.yaml") {
      let helloWorldToFile = Container(
        "hello-world-to-file", image: "busybox", command: ["sh", "-c"],
        args: ["sleep 1; echo hello world | tee /tmp/hello_world.txt"]
      ) {
        OutputArtifact("hello-art", path: "/tmp/hello_world.txt")
      }
      let printMessage = shell("print-message-from-file", "cat /tmp/message").io {
        InputArtifact("message", path: "/tmp/message")
      }
      return Workflow(generateName: "artifact-passing-", entrypoint: "artifact-example") {
        helloWorldToFile
        printMessage
        Steps("artifact-example") {
          let generate = Step("generate-artifact", template: helloWorldToFile)
          generate
          Step("consume-artifact", template: printMessage).artifacts(["message": generate.artifact("hello-art")])
        }
      }
    },
    GoldenExample("upstream/volumes-pvc.yaml") {
      let write = Container(
        "hello-world-to-file", image: "busybox", command: ["sh", "-c"],
        args: ["echo generating message in volume; echo hello world | tee /mnt/vol/hello_world.txt"]
      ).volumeMount("workdir", at: "/mnt/vol")
      let print = shell("print-message-from-file", "echo getting message from volume; find /mnt/vol; cat /mnt/vol/hello_world.txt")
        .volumeMount("workdir", at: "/mnt/vol")
      return Workflow(generateName: "volumes-pvc-", entrypoint: "volumes-pvc-example") {
        write
        print
        Steps("volumes-pvc-example") {
          Step("generate", template: write)
          Step("print", template: print)
        }
      }
      .volumeClaim("workdir", storage: "1Gi")
    },
  ]
}
