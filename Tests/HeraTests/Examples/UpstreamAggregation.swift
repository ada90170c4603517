import Hera

/// Writes a number and whether it is even, as Argo's parameter aggregation examples do.
private func oddOrEven(command: ArgoString) -> Container {
  Container(
    "odd-or-even", image: "alpine:latest", command: ["sh", command],
    args: [
      """
      sleep 1 &&
      echo {{inputs.parameters.num}} > /tmp/num &&
      if [ $(({{inputs.parameters.num}}%2)) -eq 0 ]; then
        echo "even" > /tmp/even;
      else
        echo "odd" > /tmp/even;
      fi

      """
    ]
  ) {
    Input("num")
    Output("num", path: "/tmp/num")
    Output("evenness", path: "/tmp/even")
  }
}

private let printMessage = Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
  Input("message")
}

extension Examples {
  static let upstreamAggregation: [GoldenExample] = [
    GoldenExample("upstream/parameter-aggregation.yaml") {
      let odd = oddOrEven(command: "-xc")
      let divide = Script(
        "divide-by-2", image: "alpine:latest", command: ["sh", "-x"],
        source: """
          #!/bin/sh
          echo $(({{inputs.parameters.num}}/2))

          """
      ) {
        Input("num")
      }
      return Workflow(generateName: "parameter-aggregation-", entrypoint: "parameter-aggregation") {
        Steps("parameter-aggregation") {
          let oddOrEven = Step("odd-or-even", template: odd, arguments: ["num": .item]).withItems([1, 2, 3, 4])
          let divided = Step("divide-by-2", template: divide, arguments: ["num": .item("num")])
            .when("\(ArgoString.item("evenness")) == even")
            .withParam(oddOrEven.outputParameters)
          oddOrEven
          Step("print-nums", template: printMessage, arguments: ["message": oddOrEven.parameter("num")])
          Step("print-evenness", template: printMessage, arguments: ["message": oddOrEven.parameter("evenness")])
          divided
          Step("print", template: printMessage, arguments: ["message": .item]).withParam(divided.result)
        }
        odd
        divide
        printMessage
      }
    },
    GoldenExample("upstream/parameter-aggregation-dag.yaml") {
      let odd = oddOrEven(command: "-c")
      let divide = shell("divide-by-2", "echo $((\(ArgoString.input("num"))/2))").io { Input("num") }
      return Workflow(generateName: "parameter-aggregation-dag-", entrypoint: "parameter-aggregation") {
        DAG("parameter-aggregation") {
          let oddOrEven = Task("odd-or-even", template: odd, arguments: ["num": .item]).withItems([1, 2, 3, 4])
          let divided = Task("divide-by-2", template: divide, arguments: ["num": .item("num")])
            .when("\(ArgoString.item("evenness")) == even")
            .withParam(oddOrEven.outputParameters)
          oddOrEven
          Task("print-nums", template: printMessage, arguments: ["message": oddOrEven.parameter("num")])
          Task("print-evenness", template: printMessage, arguments: ["message": oddOrEven.parameter("evenness")])
          divided
          Task("print", template: printMessage, arguments: ["message": .item]).withParam(divided.result)
        }
        odd
        divide
        printMessage
      }
    },
    GoldenExample("upstream/daemoned-stateful-set-with-service.yaml") {
      let createService = Resource(
        "create-service", action: "create",
        manifest: """
          apiVersion: v1
          kind: Service
          metadata:
            name: nginx
            labels:
              app: nginx
          spec:
            ports:
              - port: 80
                name: web
            clusterIP: None
            selector:
              app: nginx

          """)
      let createStatefulSet = Resource(
        "create-stateful-set", action: "create",
        manifest: """
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: web
          spec:
            selector:
              matchLabels:
                app: nginx # has to match .spec.template.metadata.labels
            serviceName: "nginx"
            template:
              metadata:
                labels:
                  app: nginx # has to match .spec.selector.matchLabels
              spec:
                terminationGracePeriodSeconds: 10
                containers:
                  - name: nginx
                    image: registry.k8s.io/nginx-slim:0.8
                    ports:
                      - containerPort: 80
                        name: web

          """)
      let statefulSet = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web

        """
      let wait = Resource("wait-stateful-set", action: "get", manifest: statefulSet, successCondition: "status.readyReplicas == 1")
      let test = shell("test", image: "curlimages/curl:latest", "curl nginx")
      let deleteService = Resource(
        "delete-service", action: "delete",
        manifest: """
          apiVersion: v1
          kind: Service
          metadata:
            name: nginx

          """, flags: ["--ignore-not-found"])
      let deleteStatefulSet = Resource("delete-stateful-set", action: "delete", manifest: statefulSet, flags: ["--ignore-not-found"])
      let delete = Steps("delete") {
        Parallel {
          Step("delete-service", template: deleteService)
          Step("delete-stateful-set", template: deleteStatefulSet)
        }
      }
      return Workflow(generateName: "daemoned-stateful-set-with-service-", entrypoint: "create-wait-and-test") {
        Steps("create-wait-and-test") {
          Parallel {
            Step("create-service", template: createService)
            Step("create-stateful-set", template: createStatefulSet)
          }
          Step("wait-stateful-set", template: wait)
          Step("test", template: test)
        }
        delete
        createService
        createStatefulSet
        wait
        test
      }
      .onExit(delete)
    },
    GoldenExample("upstream/work-avoidance.yaml") {
      let markers = Artifact(
        name: "markers", path: "/work/markers",
        s3: S3Artifact(
          accessKeySecret: SecretKeySelector(name: "my-minio-cred", key: "accesskey"), bucket: "my-bucket", endpoint: "minio:9000",
          insecure: true, key: "work-avoidance-markers", secretKeySecret: SecretKeySelector(name: "my-minio-cred", key: "secretkey")))
      let load = Container("load-markers", image: "busybox", command: ["mkdir", "-p", "/work/markers"]) {
        InputArtifact(markers).with { $0.optional = true }
      }
      .volumeMount("work", at: "/work")
      let echo = Script(
        "echo", image: "busybox", command: ["sh", "-eux"],
        source: """
          marker=/work/markers/$(date +%Y-%m-%d)-echo-{{inputs.parameters.num}}
          if [ -e  ${marker} ]; then
            echo "work already done"
            exit 0
          fi
          echo "working very hard"
          # toss a virtual coin and exit 1 if 1
          if [ $(($(($RANDOM%10))%2)) -eq 1 ]; then
            echo "oh no!"
            exit 1
          fi
          touch ${marker}

          """
      ) {
        Input("num")
      }
      .volumeMount("work", at: "/work")
      let save = Container("save-markers", image: "busybox", command: ["true"]) {
        OutputArtifact(markers)
      }
      .volumeMount("work", at: "/work")
      return Workflow(generateName: "work-avoidance-", entrypoint: "main") {
        Steps("main") {
          Step("load-markers", template: load)
          Step("echo", template: echo, arguments: ["num": .item]).withSequence(count: "3")
        }
        load
        echo
        save
      }
      .onExit(save)
      .volumeClaim("work", storage: "10Mi")
    },
  ]
}
