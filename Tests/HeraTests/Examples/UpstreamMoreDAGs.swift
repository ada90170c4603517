import Hera

extension Examples {
  static let upstreamMoreDAGs: [GoldenExample] = [
    GoldenExample("upstream/container-set-template--outputs-result-workflow.yaml") {
      let group = ContainerSet(
        "group",
        containers: [ContainerNode(name: "main", args: ["print(\"hi\")\n"], command: ["python", "-c"], image: "python:alpine3.6")])
      let verify = Script(
        "verify", image: "python:alpine3.6", command: ["python"], source: "assert '\(ArgoString.input("x"))' == 'hi'"
      ) {
        Input("x")
      }
      return Workflow(generateName: "outputs-result-", entrypoint: "main") {
        group
        verify
        DAG("main") {
          let a = Task("a", template: group)
          a
          Task("b", template: verify, arguments: ["x": a.result]).dependencies([a])
        }
      }
    },
    GoldenExample("upstream/dag-task-level-timeout.yaml") {
      let echo = Container("echo", image: "alpine:3.7", command: ["sleep", "15s"]) { Input("timeout") }
        .timeout("{{inputs.parameters.timeout}}")
      return Workflow(generateName: "dag-task-level-timeout-", entrypoint: "diamond") {
        echo
        DAG("diamond") {
          Task("A", template: echo, arguments: ["timeout": "20s"])
            >> [Task("B", template: echo, arguments: ["timeout": "10s"]), Task("C", template: echo, arguments: ["timeout": "20s"])]
        }
      }
    },
    GoldenExample("upstream/expression-reusing-verbose-snippets.yaml") {
      Workflow(generateName: "expression-reusing-verbose-snippets-", entrypoint: "main") {
        Script(
          "main", image: "debian:9.4", command: ["bash"],
          source: """
            echo "The week's average temperature was $AVG with a minimum of $MIN and a maximum of $MAX."

            """
        ) {
          Input(
            "week-temps",
            value: """
              {{=
                map([
                    jsonpath(sprig.b64dec(jsonpath(workflow.parameters.weather, '$.weekWeather')), '$.temps')
                  ], {
                    toJson({
                      avg: sprig.add(#[0], #[1], #[2], #[3], #[4]) / 5,
                      min: sprig.min(#[0], #[1], #[2], #[3], #[4]),
                      max: sprig.max(#[0], #[1], #[2], #[3], #[4])
                    })
                })[0]
              }}
              """)
        }
        .env([
          "AVG": "{{=jsonpath(inputs.parameters['week-temps'], '$.avg')}}",
          "MIN": "{{=jsonpath(inputs.parameters['week-temps'], '$.min')}}",
          "MAX": "{{=jsonpath(inputs.parameters['week-temps'], '$.max')}}",
        ])
      }
      .arguments(["weather": #"{"weekWeather": "eyJ0ZW1wcyI6IFszNCwgMjcsIDE1LCA1NywgNDZdfQo="}"#])
    },
    GoldenExample("upstream/key-only-artifact.yaml") {
      let generate = Container("generate", image: "argoproj/argosay:v2", args: ["echo", "hello", "/mnt/file"]) {
        OutputArtifact(Artifact(name: "file", path: "/mnt/file", s3: S3Artifact(key: "my-file")))
      }
      let consume = Container("consume", image: "argoproj/argosay:v2", args: ["cat", "/tmp/file"]) {
        InputArtifact(Artifact(name: "file", path: "/tmp/file", s3: S3Artifact(key: "my-file")))
      }
      return Workflow(generateName: "key-only-artifacts-", entrypoint: "main") {
        generate
        consume
        DAG("main") {
          Task("generate", template: generate) >> Task("consume", template: consume)
        }
      }
    },
    GoldenExample("upstream/output-parameter.yaml") {
      let write = shell("hello-world-to-file", image: "busybox", "sleep 1; echo -n hello world > /tmp/hello_world.txt").io {
        Output("hello-param", path: "/tmp/hello_world.txt", default: "Foobar")
      }
      let print = Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "output-parameter-", entrypoint: "output-parameter") {
        write
        print
        Steps("output-parameter") {
          let generate = Step("generate-parameter", template: write)
          generate
          Step("consume-parameter", template: print, arguments: ["message": generate.parameter("hello-param")])
        }
      }
    },
    GoldenExample("upstream/workflow-template--dag.yaml") {
      let ref = "workflow-template-print-message"
      return Workflow(generateName: "workflow-template-dag-diamond-", entrypoint: "diamond") {
        DAG("diamond") {
          let a = Task("A", templateRef: ref, template: "print-message", arguments: ["message": "A"])
          let b = Task("B", templateRef: ref, template: "print-message", arguments: ["message": "B"])
          let c = Task("C", templateRef: "workflow-template-inner-dag", template: "inner-diamond")
          let d = Task("D", templateRef: ref, template: "print-message", arguments: ["message": "D"])
          a >> [b, c]
          [b, c] >> d
        }
      }
    },
    GoldenExample("upstream/cluster-workflow-template--cluster-wftmpl-dag.yaml") {
      let ref = "cluster-workflow-template-print-message"
      return Workflow(generateName: "workflow-template-dag-diamond-", entrypoint: "diamond") {
        DAG("diamond") {
          let a = Task("A", templateRef: ref, template: "print-message", clusterScope: true, arguments: ["message": "A"])
          let b = Task("B", templateRef: ref, template: "print-message", clusterScope: true, arguments: ["message": "B"])
          let c = Task("C", templateRef: "cluster-workflow-template-inner-dag", template: "inner-diamond", clusterScope: true)
          let d = Task("D", templateRef: ref, template: "print-message", clusterScope: true, arguments: ["message": "D"])
          a >> [b, c]
          [b, c] >> d
        }
      }
    },
    GoldenExample("upstream/resource-flags.yaml") {
      let manifest = """
        apiVersion: route.openshift.io/v1
        kind: Route
        metadata:
          name: host-route
        spec:
          to:
            kind: Service
            name: service-name

        """
      let create = Resource("create-route", action: "create", manifest: manifest)
      let createUnvalidated = Resource(
        "create-route-without-validation", action: "create", manifest: manifest, flags: ["--validate=false"])
      return Workflow(generateName: "resource-validate-", entrypoint: "resource-validate-example") {
        Steps("resource-validate-example") {
          let submit = Step("submit-resource", template: create).continueOn(failed: true)
          submit
          Step("submit-resource-without-validation", template: createUnvalidated).when("\(submit.status) == Failed")
        }
      }
    },
    GoldenExample("upstream/artifact-path-placeholders.yaml") {
      Workflow(generateName: "artifact-path-placeholders-", entrypoint: "head-lines") {
        Container(
          "head-lines", image: "busybox",
          command: [
            "sh", "-c",
            #"mkdir -p "$(dirname "{{outputs.artifacts.text.path}}")" "$(dirname "{{outputs.parameters.actual-lines-count.path}}")" ; head -n {{inputs.parameters.lines-count}} < "{{inputs.artifacts.text.path}}" | tee "{{outputs.artifacts.text.path}}" | wc -l > "{{outputs.parameters.actual-lines-count.path}}""#,
          ]
        ) {
          InputArtifact("text", path: "/inputs/text/data")
          Input("lines-count")
          OutputArtifact("text", path: "/outputs/text/data")
          Output("actual-lines-count", path: "/outputs/actual-lines-count/data")
        }
      }
      .artifactArguments([Artifact(name: "text", raw: RawArtifact(data: "1\n2\n3\n4\n5\n"))])
      .arguments(["lines-count": "3"])
    },
    GoldenExample("upstream/pod-spec-from-previous-step.yaml") {
      let parse = Script(
        "parse-resources-tmpl", image: "alpine:latest", command: ["sh"],
        source: """
          echo '{"memory": "10Gi", "cpu": "2000m"}' > /tmp/resources.json && cat /tmp/resources.json

          """
      ) {
        Output("resources", path: "/tmp/resources.json")
      }
      let setup = Script("setup-resources-tmpl", image: "alpine:latest", command: ["sh"], source: "echo {{inputs.parameters.resources}}\n")
      {
        Input("resources")
      }
      .podSpecPatch(
        #"{"containers":[{"name":"main", "resources":{"limits": {{inputs.parameters.resources}}, "requests": {{inputs.parameters.resources}} }}]}"#
      )
      return Workflow(generateName: "pod-spec-from-previous-step-", entrypoint: "workflow") {
        DAG("workflow") {
          let parsed = Task("parse-resources", template: parse)
          parsed
          Task("setup-resources", template: setup, arguments: ["resources": parsed.parameter("resources")])
        }
      }
    },
    GoldenExample("upstream/resubmit.yaml") {
      let fail = Container(
        "random-fail", image: "python:alpine3.6", command: ["python", "-c"],
        args: [
          "import random; import sys; exit_code = random.choice([0, 0, 1]); print('exiting with code {}'.format(exit_code)); sys.exit(exit_code)"
        ])
      let steps = Steps("rand-fail-steps") {
        Parallel {
          Step("randfail1a", template: fail)
          Step("randfail1b", template: fail)
        }
        Parallel {
          Step("randfail2a", template: fail)
          Step("randfail2b", template: fail)
          Step("randfail2c", template: fail)
          Step("randfail2d", template: fail)
        }
      }
      return Workflow(generateName: "resubmit-", entrypoint: "rand-fail-dag") {
        DAG("rand-fail-dag") {
          let a = Task("A", template: fail)
          let b = Task("B", template: steps)
          a
          b >> Task("C", template: fail)
          [a, b] >> Task("D", template: fail)
        }
        steps
        fail
      }
    },
    GoldenExample("upstream/status-reference.yaml") {
      let flakey = shell("flakey-container", image: "alpine:3.6", "exit 1")
      let failed = shell("failed", image: "alpine:3.6", #"echo "the flakey container failed""#)
      let succeeded = shell("succeeded", image: "alpine:3.6", #"echo "the flakey container passed""#)
      return Workflow(generateName: "status-reference-", entrypoint: "status-reference") {
        Steps("status-reference") {
          let flake = Step("flakey-container", template: flakey).continueOn(failed: true)
          flake
          Parallel {
            Step("failed", template: failed).when("\(flake.status) == Failed")
            Step("succeeded", template: succeeded).when("\(flake.status) == Succeeded")
          }
        }
      }
    },
    GoldenExample("upstream/loops-dag.yaml") {
      let print = Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "loops-dag-", entrypoint: "loops-dag") {
        print
        DAG("loops-dag") {
          // `a >> b >> c` needs parentheses: Swift's `>>` is non-associative.
          (Task("A", template: print, arguments: ["message": "A"])
            >> Task("B", template: print, arguments: ["message": .item]).withItems(["foo", "bar", "baz"]))
            >> Task("C", template: print, arguments: ["message": "C"])
        }
      }
    },
    GoldenExample("upstream/dag-continue-on-fail.yaml") {
      let hello = Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])
      let fail = shell("intentional-fail", "echo intentional failure; exit 1")
      return Workflow(generateName: "dag-contiue-on-fail-", entrypoint: "workflow") {
        DAG("workflow") {
          let a = Task("A", template: hello)
          let b = Task("B", template: fail)
          let c = Task("C", template: hello)
          let e = Task("E", template: fail)
          let f = Task("F", template: hello)
          a >> [b, c]
          Task("D", template: hello).depends(b.failed && c)
          a >> [e, f]
          [e, f] >> Task("G", template: hello)
        }
        hello
        fail
      }
    },
    GoldenExample("upstream/dag-multiroot.yaml") {
      let echo = Container("echo", image: "alpine:3.7", command: ["echo", .input("message")]) { Input("message") }
      return Workflow(generateName: "dag-multiroot-", entrypoint: "multiroot") {
        echo
        DAG("multiroot") {
          let a = Task("A", template: echo, arguments: ["message": "A"])
          let b = Task("B", template: echo, arguments: ["message": "B"])
          a
          b
          a >> Task("C", template: echo, arguments: ["message": "C"])
          [a, b] >> Task("D", template: echo, arguments: ["message": "D"])
        }
      }
    },
  ]
}
