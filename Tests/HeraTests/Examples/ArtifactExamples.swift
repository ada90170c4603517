import Hera

/// Hera's examples of `artifacts/`, written with the DSL.
extension Examples {
  static let artifactsFolder: [GoldenExample] = [
    GoldenExample("artifacts/basic-artifacts.yaml") {
      let writer = pythonScript("writer", "with open('/tmp/file', 'w') as f:\n    f.write('Hello, world!')").io {
        OutputArtifact("out-art", path: "/tmp/file").with { $0.archive = ArchiveStrategy(none: NoneStrategy()) }
      }
      let consumer = pythonScript("consumer", "with open('/tmp/file', 'r') as f:\n    print(f.readlines())").io {
        InputArtifact("in-art", path: "/tmp/file")
      }
      return Workflow(generateName: "artifact-", entrypoint: "steps") {
        Steps("steps") {
          let written = Step("writer", template: writer)
          written
          Step("consumer", template: consumer).artifacts(["in-art": written.artifact("out-art")])
        }
      }
    },
    GoldenExample("artifacts/large-artifacts-in-init-container.yaml") {
      let writer = pythonScript("writer", "with open('/tmp/file', 'w') as f:\n    f.write('Hello, world!')")
        .resources(requests: ["memory": "2Gi"])
        .io { OutputArtifact("out-art", path: "/tmp/file").with { $0.archive = ArchiveStrategy(none: NoneStrategy()) } }
      let consumer = pythonScript("consumer", "with open('/tmp/file', 'r') as f:\n    print(f.readlines())")
        .resources(requests: ["memory": "2Gi"])
        .podSpecPatch(#"{"initContainers": [{"name": "init", "resources": {"requests": {"memory": "2Gi"}}}]}"#)
        .io { InputArtifact("in-art", path: "/tmp/file") }
      return Workflow(generateName: "artifact-", entrypoint: "steps") {
        Steps("steps") {
          let written = Step("writer", template: writer)
          written
          Step("consumer", template: consumer).artifacts(["in-art": written.artifact("out-art")])
        }
      }
    },
    GoldenExample("artifacts/masked-parameter-anti-pattern.yaml") {
      let produce = pythonScript(
        "produce",
        """
        import pickle
        result = 'foo testing'
        with open('/tmp/result', 'wb') as f:
            pickle.dump(result, f)
        """
      ).io { OutputArtifact("result-art", path: "/tmp/result") }
      let consume = pythonScript(
        "consume",
        """
        import pickle
        with open('/tmp/i', 'rb') as f:
            i = pickle.load(f)
        print(i)
        """
      ).io { InputArtifact("i", path: "/tmp/i") }
      return Workflow(generateName: "masked-parameter-", entrypoint: "d") {
        DAG("d") {
          let produced = Task("produce", template: produce)
          produced
          Task("consume", template: consume).artifacts(["i": produced.artifact("result-art")])
        }
      }
    },
    GoldenExample("artifacts/artifacts-in-dags.yaml") {
      let helloToFile = Container(
        "hello-world-to-file", image: "busybox", command: ["sh", "-c"],
        args: ["sleep 1; echo hello world | tee /tmp/hello_world.txt"]
      ) {
        OutputArtifact("hello-art", path: "/tmp/hello_world.txt")
      }
      let printMessage = Container(
        "print-message-from-file", image: "alpine:latest", command: ["sh", "-c"], args: ["cat /tmp/message"]
      ) {
        InputArtifact("message", path: "/tmp/message")
      }
      let helloTask = Task("hello-world-to-file", template: helloToFile)
      let generateDAG = DAG("generate-artifact-dag") {
        helloTask
      } io: {
        OutputArtifact("hello-file", from: helloTask.artifact("hello-art"))
      }
      let consumeDAG = DAG("consume-artifact-dag") {
        Task("print-message-from-file", template: printMessage).artifacts(["message": "{{inputs.artifacts.hello-file-input}}"])
      } io: {
        InputArtifact("hello-file-input")
      }
      return Workflow(generateName: "artifacts-in-dags-", entrypoint: "runner-dag") {
        helloToFile
        printMessage
        generateDAG
        consumeDAG
        DAG("runner-dag") {
          let generated = Task("generate-artifact-dag", template: generateDAG)
          generated
          Task("consume-artifact-dag", template: consumeDAG).artifacts(["hello-file-input": generated.artifact("hello-file")])
        }
      }
    },
    GoldenExample("artifacts/artifact-loaders.yaml") {
      let output = runnerScript(
        "output-dict-artifact", entry: "artifacts.artifact_loaders:output_dict_artifact",
        outputsDirectory: "/tmp/hera-outputs"
      ) {
        Input("a_number")
        OutputArtifact("an-artifact", path: "/tmp/hera-outputs/artifacts/an-artifact")
      }
      let loaders = runnerScript("artifact-loaders", entry: "artifacts.artifact_loaders:artifact_loaders") {
        InputArtifact("my-artifact-path", path: "/tmp/hera-inputs/artifacts/my-artifact-path")
        InputArtifact("my-artifact-as-str", path: "/tmp/hera-inputs/artifacts/my-artifact-as-str")
        InputArtifact("my-artifact-as-json", path: "/tmp/hera-inputs/artifacts/my-artifact-as-json")
        InputArtifact("my-optional-artifact", path: "/tmp/hera-inputs/artifacts/my-optional-artifact", optional: true)
      }
      return Workflow(generateName: "artifact-loaders-", entrypoint: "my-steps") {
        Steps("my-steps") {
          let produced = Step("output-dict-artifact", template: output, arguments: ["a_number": "3"])
          produced
          Step("artifact-loaders", template: loaders).artifacts([
            "my-artifact-path": produced.artifact("an-artifact"),
            "my-artifact-as-str": produced.artifact("an-artifact"),
            "my-artifact-as-json": produced.artifact("an-artifact"),
          ])
        }
      }
    },
    GoldenExample("artifacts/create-volume-for-workflow.yaml") {
      let output = runnerScript(
        "output-artifact-existing-vol", entry: "artifacts.create_volume_for_workflow:output_artifact_existing_vol",
        outputsDirectory: "/mnt/here"
      ) {
        Input("a_number")
        unarchived("successor_out", path: "/mnt/here/artifacts/successor_out")
      }
      .volumeMount("my-vol", at: "/mnt/here")
      let use = runnerScript(
        "use-artifact-existing-vol", entry: "artifacts.create_volume_for_workflow:use_artifact_existing_vol"
      ) {
        InputArtifact("successor_in", path: "/mnt/here/artifacts/successor_out")
      }
      .volumeMount("my-vol", at: "/mnt/here")
      return Workflow(generateName: "create-volume-for-workflow-", entrypoint: "my-steps") {
        Steps("my-steps") {
          let produced = Step("output-artifact-existing-vol", template: output, arguments: ["a_number": "3"])
          produced
          Step("use-artifact-existing-vol", template: use).artifacts(["successor_in": produced.artifact("successor_out")])
        }
      }
      .volumeClaim("my-vol", storage: "1Gi")
    },
    GoldenExample("artifacts/artifact-with-fanout.yaml") {
      let writer = pythonScript(
        "writer",
        """
        import json
        with open('/tmp/file', 'w') as f:
            for i in range(10):
                f.write(json.dumps(i) + '\\n')
        """
      ).io { unarchived("out-art", path: "/tmp/file") }
      let fanout = pythonScript(
        "fanout",
        """
        import json
        import sys
        indices = []
        with open('/tmp/file', 'r') as f:
            for line in f.readlines():
                indices.append(line.strip())
        json.dump(indices, sys.stdout)
        """
      ).io { InputArtifact("in-art", path: "/tmp/file") }
      let consumer = pythonScript("consumer", parameters: ["i"], "print(i)")
      return Workflow(generateName: "artifact-with-fanout-", entrypoint: "d") {
        DAG("d") {
          let written = Task("writer", template: writer)
          let fannedOut = Task("fanout", template: fanout).artifacts(["in-art": written.artifact("out-art")])
          written
          fannedOut
          Task("consumer", template: consumer, arguments: ["i": .item]).withParam(fannedOut.result)
        }
      }
    },
  ]
}
