import Hera

extension Examples {
  static let upstreamMixed: [GoldenExample] = [
    GoldenExample("upstream/dag-coinflip.yaml") {
      let flipCoin = Script(
        "flip-coin", image: "python:alpine3.6", command: ["python"],
        source: """
          import random
          result = "heads" if random.randint(0,1) == 0 else "tails"
          print(result)

          """)
      let heads = shell("heads", image: "alpine:3.6", #"echo "it was heads""#)
      let coinflip = Steps("coinflip") {
        let flip = Step("flip-coin", template: flipCoin)
        flip
        Parallel {
          Step("heads", template: heads).when("\(flip.result) == heads")
          Step("tails", templateName: "coinflip").when("\(flip.result) == tails")
        }
      }
      return Workflow(generateName: "dag-diamond-coinflip-", entrypoint: "diamond") {
        DAG("diamond") {
          let a = Task("A", template: coinflip)
          let b = Task("B", template: coinflip)
          let c = Task("C", template: coinflip)
          a >> [b, c]
          [b, c] >> Task("D", template: coinflip)
        }
      }
      .annotations(["workflows.argoproj.io/description": "This is an example of coin flip defined as a DAG.\n"])
    },
    GoldenExample("upstream/handle-large-output-results.yaml") {
      let getItems = Container(
        "get-items", image: "alpine:latest", command: ["/bin/sh", "-c"],
        args: [#"echo '["a", "b", "c"]' > /tmp/items && echo '3' > /tmp/count"#]
      ) {
        OutputArtifact("items", path: "/tmp/items")
        Output("count", path: "/tmp/count")
      }
      let echo = shell("echo", image: "stedolan/jq:latest", "cat /tmp/items | jq '.[\(ArgoString.input("index"))]'").io {
        InputArtifact("items", path: "/tmp/items")
        Input("index")
      }
      return Workflow(generateName: "handle-large-output-results-", entrypoint: "handle-large-output-results") {
        Steps("handle-large-output-results") {
          let get = Step("get-items", template: getItems)
          get
          Step("sequence-param", template: echo, arguments: ["index": .item])
            .artifacts(["items": get.artifact("items")])
            .withSequence(count: SequenceBound(get.parameter("count")))
        }
      }
    },
    GoldenExample("upstream/exit-handler-step-level.yaml") {
      let exit = Container("exit", image: "busybox", command: ["echo"], args: ["step cleanup"])
      let print = Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "exit-handler-step-level-", entrypoint: "main") {
        exit
        print
        Steps("main") {
          Step("hello1", template: print, arguments: ["message": "hello1"]).hook("exit", template: exit)
          Parallel {
            Step("hello2a", template: print, arguments: ["message": "hello2a"]).hook("exit", template: exit)
            Step("hello2b", template: print, arguments: ["message": "hello2b"]).hook("exit", template: exit)
          }
        }
      }
    },
    GoldenExample("upstream/pod-gc-strategy-with-label-selector.yaml") {
      let fail = shell("fail", image: "alpine:3.7", "exit 1").podMetadata(labels: ["should-be-deleted": "true"])
      let deleted = shell("succeed-deleted", image: "alpine:3.7", "exit 0").podMetadata(labels: ["should-be-deleted": "true"])
      let kept = shell("succeed-not-deleted", image: "alpine:3.7", "exit 0").podMetadata(labels: ["should-be-deleted": "false"])
      return Workflow(generateName: "pod-gc-strategy-with-label-selector-", entrypoint: "pod-gc-strategy-with-label-selector") {
        Steps("pod-gc-strategy-with-label-selector") {
          Parallel {
            Step("fail", template: fail)
            Step("succeed-deleted", template: deleted)
            Step("succeed-not-deleted", template: kept)
          }
        }
      }
      .podGC("OnPodSuccess", labelSelector: LabelSelector(matchLabels: ["should-be-deleted": "true"]), deleteDelayDuration: "30s")
    },
    GoldenExample("upstream/parameter-aggregation-script.yaml") {
      let oddOrEven = Script(
        "odd-or-even", image: "python:alpine3.6", command: ["python"],
        source: """
          import json
          i = {{inputs.parameters.num}}
          res = {
            "num": i,
            "evenness": "even" if i % 2 == 0 else "odd"
          }
          print(json.dumps(res))

          """
      ) {
        Input("num")
      }
      let divide = Script("divide-by-2", image: "alpine:latest", command: ["sh", "-x"], source: "echo $(({{inputs.parameters.num}}/2))\n") {
        Input("num")
      }
      return Workflow(generateName: "parameter-aggregation-script-", entrypoint: "parameter-aggregation") {
        Steps("parameter-aggregation") {
          let odd = Step("odd-or-even", template: oddOrEven, arguments: ["num": .item]).withItems([1, 2, 3, 4])
          odd
          Step("divide-by-2", template: divide, arguments: ["num": .item("num")])
            .withParam(odd.result)
            .when("\(ArgoString.item("evenness")) == even")
        }
      }
    },
    GoldenExample("upstream/artifactory-artifact.yaml") {
      let artifactory = ArtifactoryArtifact(
        passwordSecret: SecretKeySelector(name: "my-artifactory-credentials", key: "password"),
        url: "http://artifactory:8081/artifactory/generic-local/hello_world.tgz",
        usernameSecret: SecretKeySelector(name: "my-artifactory-credentials", key: "username"))
      let write = shell("hello-world-to-file", image: "busybox", "echo hello world | tee /tmp/hello_world.txt").io {
        OutputArtifact("hello-art", path: "/tmp/hello_world.txt").with { $0.artifactory = artifactory }
      }
      let read = shell("print-message-from-file", "cat /tmp/message").io {
        InputArtifact("message", path: "/tmp/message").with { $0.artifactory = artifactory }
      }
      return Workflow(generateName: "artifactory-artifact-", entrypoint: "artifact-example") {
        write
        read
        Steps("artifact-example") {
          let generate = Step("generate-artifact", template: write)
          generate
          Step("consume-artifact", template: read).artifacts(["message": generate.artifact("hello-art")])
        }
      }
    },
    GoldenExample("upstream/dag-targets.yaml") {
      let echo = Container("echo", image: "alpine:3.7", command: ["echo", .input("message")]) { Input("message") }
      return Workflow(generateName: "dag-target-", entrypoint: "dag-target") {
        echo
        DAG("dag-target") {
          let a = Task("A", template: echo, arguments: ["message": "A"])
          let b = Task("B", template: echo, arguments: ["message": "B"])
          let c = Task("C", template: echo, arguments: ["message": "C"])
          a >> [b, c]
          [b, c] >> Task("D", template: echo, arguments: ["message": "D"])
          c >> Task("E", template: echo, arguments: ["message": "E"])
        }
        // `target(_:)` takes tasks only, not a parameter.
        .modify { $0.dag?.target = "{{workflow.parameters.target}}" }
      }
      .arguments(["target": "E"])
    },
    GoldenExample("upstream/webhdfs-input-output-artifacts.yaml") {
      let headers = [Header(name: "CustomHeader", value: "CustomValue")]
      let oauth = OAuth2Auth(
        clientIDSecret: SecretKeySelector(name: "oauth-sec", key: "clientID"),
        clientSecretSecret: SecretKeySelector(name: "oauth-sec", key: "clientSecret"),
        endpointParams: [OAuth2EndpointParam(key: "customkey", value: "customvalue")], scopes: ["some", "scopes"],
        tokenURLSecret: SecretKeySelector(name: "oauth-sec", key: "tokenURL"))
      let cert = ClientCertAuth(
        clientCertSecret: SecretKeySelector(name: "cert-sec", key: "certificate.pem"),
        clientKeySecret: SecretKeySelector(name: "cert-sec", key: "key.pem"))
      return Workflow(generateName: "input-output-artifact-webhdfs-", entrypoint: "input-output-artifact-webhdfs-example") {
        shell("input-output-artifact-webhdfs-example", image: "debian:latest", "cat /my-artifact").io {
          InputArtifact("my-art", path: "/my-artifact").with {
            $0.http = HTTPArtifact(
              auth: HTTPAuth(oauth2: oauth), headers: headers, url: "https://mywebhdfsprovider.com/webhdfs/v1/file.txt?op=OPEN")
          }
          OutputArtifact("my-art2", path: "/my-artifact").with {
            $0.http = HTTPArtifact(
              auth: HTTPAuth(clientCert: cert), headers: headers,
              url: "https://mywebhdfsprovider.com/webhdfs/v1/file.txt?op=CREATE&overwrite=true")
          }
        }
      }
    },
    GoldenExample("upstream/parallelism-nested.yaml") {
      let job = Container(
        "one-job", image: "alpine", command: ["/bin/sh", "-c"],
        args: ["echo \(ArgoString.input("parallel-id")) \(ArgoString.input("seq-id")); sleep 10"]
      ) {
        Input("seq-id")
        Input("parallel-id")
      }
      let seqWorker = Steps("seq-worker") {
        Step("seq-step", template: job, arguments: ["parallel-id": .input("parallel-id"), "seq-id": .item])
          .withParam(.input("seq-list"))
      } io: {
        Input("seq-list")
        Input("parallel-id")
      }
      .parallelism(1)
      return Workflow(generateName: "parallelism-nested-", entrypoint: "parallel-worker") {
        job
        seqWorker
        Steps("parallel-worker") {
          Step("parallel-worker", template: seqWorker, arguments: ["seq-list": .input("seq-list"), "parallel-id": .item])
            .withParam(.input("parallel-list"))
        } io: {
          Input("seq-list")
          Input("parallel-list")
        }
      }
      .arguments(["seq-list": "[\"a\",\"b\",\"c\",\"d\"]\n", "parallel-list": "[1,2,3,4]\n"])
    },
  ]
}
