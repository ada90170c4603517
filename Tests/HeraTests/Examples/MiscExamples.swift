import Hera

/// Hera's examples of `misc/`, written with the DSL.
extension Examples {
  static let miscFolder: [GoldenExample] = [
    GoldenExample("misc/container.yaml") {
      Workflow(generateName: "container-", entrypoint: "cowsay") {
        Container("cowsay", image: "argoproj/argosay:v2", command: ["cowsay", "foo"])
      }
    },
    GoldenExample("misc/container-with-resources.yaml") {
      Workflow(generateName: "container-with-resources-", entrypoint: "c") {
        Container("c", image: "alpine:3.7", command: ["sh", "-c"], args: ["echo Hello, world!"])
          .resources(requests: ["cpu": "1", "ephemeral-storage": "5Gi", "memory": "5Gi"])
      }
    },
    GoldenExample("misc/data.yaml") {
      Workflow(generateName: "data-", entrypoint: "list-log-files") {
        Transformation(
          "list-log-files",
          source: DataSource(artifactPaths: ArtifactPaths(name: "test-bucket", s3: S3Artifact(bucket: "my-bucket"))),
          transformation: [TransformationStep(expression: "filter(data, {# endsWith 'main.log'})")]
        ) {
          OutputArtifact("file", path: "/file")
        }
      }
    },
    GoldenExample("misc/env-from.yaml") {
      Workflow(generateName: "secret-env-from-", entrypoint: "whalesay") {
        Container("whalesay", image: "argoproj/argosay:v2", command: ["cowsay"])
          .envFrom(secret: "secret", prefix: "abc", optional: false)
          .envFrom(configMap: "configmap", prefix: "abc", optional: false)
      }
    },
    GoldenExample("misc/env.yaml") {
      Workflow(generateName: "secret-env-from-", entrypoint: "whalesay") {
        Container("whalesay", image: "argoproj/argosay:v2", command: ["cowsay"])
          .env(["test": "1"])
          .env("s1", secret: "abc", key: "s1")
          .env([EnvVar(name: "r1", valueFrom: EnvVarSource(resourceFieldRef: ResourceFieldSelector(resource: "abc")))])
          .env("c1", configMap: "abc", key: "c1")
          .envFrom(secret: "secret", prefix: "abc", optional: false)
          .envFrom(configMap: "configmap", prefix: "abc", optional: false)
      }
    },
    GoldenExample("misc/container-set-with-env.yaml") {
      Workflow(generateName: "secret-env-from-", entrypoint: "whalesay") {
        ContainerSet(
          "whalesay",
          containers: [
            ContainerNode(
              name: "node", command: ["cowsay"], env: exampleEnv, envFrom: exampleEnvFrom, image: "argoproj/argosay:v2")
          ])
      }
    },
    GoldenExample("misc/http.yaml") {
      Workflow(generateName: "http-", entrypoint: "http") {
        HTTPTemplate(
          "http", url: .input("url"), method: "GET", headers: [HTTPHeader(name: "x-header-name", value: "test-value")],
          body: "test body", successCondition: "response.body contains 'google'", timeoutSeconds: 20
        ) {
          Input("url", value: "https://example.com")
        }
      }
    },
    GoldenExample("misc/hello-world.yaml") {
      Workflow(generateName: "hello-world-", entrypoint: "hello") {
        pythonScript("hello", parameters: ["s"], "print('Hello, {s}!'.format(s=s))")
      }
      .arguments(["s": "world"])
    },
    GoldenExample("misc/cron-hello-world.yaml") {
      .cronWorkflow(
        CronWorkflow(name: "hello-world-cron", schedules: ["*/2 * * * *"], entrypoint: "hello") {
          pythonScript("hello", parameters: ["s"], "print('Hello, {s}!'.format(s=s))")
        }
        .arguments(["s": "world"]))
    },
    GoldenExample("misc/workflow-with-global-params.yaml") {
      .workflowTemplate(
        WorkflowTemplate(name: "", entrypoint: "s") {
          Script("s", image: "python:3.10", command: ["python"], source: heraSource("print(v)", loading: ["v"])) {
            Input("v", value: "{{workflow.parameters.v}}")
          }
        }
        .metadata {
          $0.name = nil
          $0.generateName = "global-parameters-"
        }
        .arguments(["v": "42"]))
    },
    GoldenExample("misc/init-containers-with-env.yaml") {
      Workflow(generateName: "container-", entrypoint: "cowsay") {
        Container("cowsay", image: "argoproj/argosay:v2", command: ["cowsay", "foo"])
          .initContainers([
            UserContainer(
              name: "init", command: ["sh", "-c", "echo Hello from the init container ($FOO, $SECRET)"],
              env: [
                EnvVar(name: "FOO", value: "bar"),
                EnvVar(name: "SECRET", valueFrom: EnvVarSource(secretKeyRef: SecretKeySelector(name: "my-secret", key: "password"))),
              ],
              image: "busybox")
          ])
      }
    },
    GoldenExample("misc/template-refs.yaml") {
      Workflow(generateName: "use-workflow-templates-", namespace: "argo", entrypoint: "steps") {
        Steps("steps") {
          Step(
            "hello-template-ref", templateRef: "hello-world-workflow-template", template: "hello", clusterScope: false,
            arguments: ["s": "this is using a WorkflowTemplate"])
          Step(
            "hello-cluster-template-ref", templateRef: "hello-world-cluster-workflow-template", template: "hello",
            clusterScope: true, arguments: ["s": "this is using a ClusterWorkflowTemplate"])
        }
      }
    },
    GoldenExample("misc/volume-mount.yaml") {
      let gitSync = Container("git-sync", image: "python:3.10")
        .volumeMount("service-account-credential", at: "/secrets")
        .volumeMount("tmp-pod", at: "/tmp/pod")
      return Workflow(generateName: "volume-mount-", entrypoint: "test") {
        gitSync
        Steps("test") {
          Step("git-sync", template: gitSync)
        }
      }
      .volumeClaim("tmp-pod", storage: "100Mi")
      .volumes([Volume(name: "service-account-credential", secret: SecretVolumeSource(secretName: "service-account-credential"))])
    },
    GoldenExample("misc/suspend-input-duration.yaml") {
      let intermediate = Suspend("suspend-with-intermediate-param") {
        Input("duration")
        Output("duration", valueFrom: ValueFrom(supplied: SuppliedValueFrom()))
      }
      let delay = Suspend("input-duration-suspend", duration: "{{inputs.parameters.duration}}") {
        Input("duration", default: "10")
      }
      return Workflow(generateName: "suspend-input-duration-", entrypoint: "suspend") {
        intermediate
        delay
        Steps("suspend") {
          let get = Step("get-value-step", template: intermediate)
          get
          Step("custom-delay-step", template: delay, arguments: ["duration": get.parameter("duration")])
        }
      }
    },
    GoldenExample("misc/dynamic-volumes.yaml") {
      let foo = pythonScript(
        "foo",
        "import subprocess\nprint(subprocess.run('cd && /mnt && df -h', shell=True, capture_output=True).stdout.decode())"
      )
      .volumeMount("v", at: "/mnt/vol")
      return Workflow(generateName: "dynamic-volumes-", entrypoint: "d") {
        DAG("d") { Task("foo", template: foo) }
      }
      .volumeClaim("v", storage: "1Gi")
    },
    GoldenExample("misc/user-container.yaml") {
      let foo = pythonScript("foo", "print('hi')")
        .sidecars([UserContainer(name: "sidecar-name", volumeMounts: [VolumeMount(name: "something", mountPath: "/whatever")])])
      return Workflow(generateName: "sidecar-volume-mount-", entrypoint: "d") {
        DAG("d") { Task("foo", template: foo) }
      }
      .volumeClaim("something", storage: "64Mi")
    },
    GoldenExample("misc/volume-mounts-nfs.yaml") {
      let foo = Script(
        "foo", image: "python:3.10", command: ["python"],
        source: heraSource(
          """
          import os
          import subprocess
          print(os.listdir('/mnt'))
          print(subprocess.run('cd /mnt && df -h', shell=True, capture_output=True).stdout.decode())
          """)
      ) {
        Input("vol")
      }
      .volumeMount("{{inputs.parameters.vol}}", at: "/mnt/nfs")
      return Workflow(generateName: "volumes-", entrypoint: "d") {
        DAG("d") { Task("v1", template: foo, arguments: ["vol": "nfs-volume"]) }
      }
      .volumes([Volume(name: "nfs-volume", nfs: NFSVolumeSource(path: "/share/nfs", server: "your.nfs.server"))])
    },
    GoldenExample("misc/resource-flags.yaml") {
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
      let createWithoutValidation = Resource(
        "create-route-without-validation", action: "create", manifest: manifest, flags: ["--validate=false"])
      return Workflow(generateName: "resource-validate-", entrypoint: "resource-validate-example") {
        create
        createWithoutValidation
        Steps("resource-validate-example") {
          let submit = Step("submit-resource", template: create).continueOn(failed: true)
          submit
          Step("submit-resource-without-validation", template: createWithoutValidation)
            .when("\(submit.status) == Failed")
        }
      }
    },
    GoldenExample("misc/daemon.yaml") {
      let server = pythonScript(
        "server",
        """
        from http.server import BaseHTTPRequestHandler, HTTPServer

        class MyServer(BaseHTTPRequestHandler):

            def do_GET(self):
                self.send_response(200)
                self.send_header('Content-type', 'application/json')
                self.end_headers()
                self.wfile.write(bytes("{'name':'John'}", 'utf-8'))
        webServer = HTTPServer(('0.0.0.0', 8080), MyServer)
        webServer.serve_forever()
        """
      )
      .daemon()
      .readinessProbe(Probe(httpGet: HTTPGetAction(path: "/", port: 8080)))
      let consumer = pythonScript(
        "consumer", parameters: ["ip"],
        """
        import http.client
        import os
        print(os.environ)
        server_ip = ip.replace('"', '')
        connection = http.client.HTTPConnection('{server_ip}:8080'.format(server_ip=server_ip))
        connection.request('GET', '/')
        response = connection.getresponse()
        print(response.read())
        """)
      return Workflow(generateName: "daemon-", entrypoint: "d") {
        DAG("d") {
          let served = Task("server", template: server)
          served
          Task("consumer", template: consumer, arguments: ["ip": served.ip])
        }
      }
    },
    GoldenExample("misc/volume-mounts.yaml") {
      let foo = Script(
        "foo", image: "python:3.10", command: ["python"],
        source: heraSource(
          """
          import os
          import subprocess
          print(os.listdir('/mnt'))
          print(subprocess.run('cd /mnt && df -h', shell=True, capture_output=True).stdout.decode())
          """)
      ) {
        Input("vol")
      }
      .volumeMount("{{inputs.parameters.vol}}", at: "/mnt/vol")
      return Workflow(generateName: "volumes-", entrypoint: "d") {
        DAG("d") {
          for volume in ["v1", "v2", "v3"] {
            Task(volume, template: foo, arguments: ["vol": ArgoString(volume)])
          }
        }
      }
      .volumeClaim("v1", storage: "1Gi")
      .volumeClaim("v2", storage: "3Gi")
      .volumeClaim("v3", storage: "5Gi")
    },
    GoldenExample("misc/workflow-on-exit.yaml") {
      let echo = pythonScript("echo", parameters: ["s"], "print(s)")
      let exitProcedure = DAG("exit-procedure") {
        Task("t3", template: echo, arguments: ["s": "1"]).when("\(ArgoString.workflowStatus) == Succeeded")
          >> Task("t4", template: echo, arguments: ["s": "2"]).when("\(ArgoString.workflowStatus) == Succeeded")
        Task("t5", template: echo, arguments: ["s": "3"]).when("\(ArgoString.workflowStatus) == Error")
          >> Task("t6", template: echo, arguments: ["s": "4"]).when("\(ArgoString.workflowStatus) == Error")
      }
      return Workflow(generateName: "on-exit-", entrypoint: "d") {
        exitProcedure
        echo
        DAG("d") {
          Task("t1", template: echo, arguments: ["s": "a"]) >> Task("t2", template: echo, arguments: ["s": "b"])
        }
      }
      .onExit(exitProcedure)
    },
    GoldenExample("misc/template-level-volume.yaml") {
      let generateVolume = Resource(
        "generate-volume", action: "create",
        manifest: """
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            generateName: pvc-example-
          spec:
            accessModes: ['ReadWriteOnce', 'ReadOnlyMany']
            resources:
              requests:
                storage: '{{inputs.parameters.pvc-size}}'

          """,
        setOwnerReference: true
      ) {
        Input("pvc-size")
        Output("pvc-name", valueFrom: ValueFrom(jsonPath: "{.metadata.name}"))
      }
      let claimedVolume = Volume(
        name: "workdir", persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: "{{inputs.parameters.pvc-name}}"))
      let whalesay = Container(
        "whalesay", image: "argoproj/argosay:v2", command: ["sh", "-c"],
        args: ["echo generating message in volume; cowsay hello world | tee /mnt/vol/hello_world.txt"]
      ) {
        Input("pvc-name")
      }
      .volumeMount("workdir", at: "/mnt/vol")
      .volumes([claimedVolume])
      let printMessage = Container(
        "print-message", image: "alpine:latest", command: ["sh", "-c"],
        args: ["echo getting message from volume; find /mnt/vol; cat /mnt/vol/hello_world.txt"]
      ) {
        Input("pvc-name")
      }
      .volumeMount("workdir", at: "/mnt/vol")
      .volumes([claimedVolume])
      return Workflow(generateName: "template-level-volume-", entrypoint: "generate-and-use-volume") {
        generateVolume
        whalesay
        printMessage
        Steps("generate-and-use-volume") {
          let generated = Step("generate-volume", template: generateVolume, arguments: ["pvc-size": "1Gi"])
          generated
          Step("generate", template: whalesay, arguments: ["pvc-name": generated.parameter("pvc-name")])
          Step("print", template: printMessage, arguments: ["pvc-name": generated.parameter("pvc-name")])
        }
      }
    },
    GoldenExample("misc/dynamic-resources.yaml") {
      let compute = pythonScript(
        "compute-resources",
        #"""
        """Computes the resources necessary by the following job, which could be anything."""
        import json
        import sys
        resources = []
        for i in range(1, 4):
            resources.append({'cpu': i, 'mem': '{v}Mi'.format(v=i * 100)})
        json.dump(resources, sys.stdout)
        """#)
      let consumerBody = #"""
        """Perform some computation."""
        print('received cpu {cpu} and mem {mem}'.format(cpu=cpu, mem=mem))
        """#
      let patch = #"""
        {"containers": [{"name": "main", "resources": {"limits": {"cpu": "{{inputs.parameters.cpu}}", "memory": "{{inputs.parameters.mem}}"}, "requests": {"cpu": "{{inputs.parameters.cpu}}", "memory": "{{inputs.parameters.mem}}"}}}]}
        """#
      let consumer = pythonScript("resource-consumer", parameters: ["cpu", "mem"], consumerBody).podSpecPatch(patch)
      let another = pythonScript(
        "another-resource-consumer",
        inputs: [Parameter(name: "cpu", default: "1"), Parameter(name: "mem", default: "100Mi")], consumerBody
      )
      .podSpecPatch(patch)
      return Workflow(generateName: "dynamic-resources-", entrypoint: "d") {
        DAG("d") {
          let computed = Task("compute-resources", template: compute)
          computed
          Task("resource-consumer", template: consumer, arguments: ["cpu": .item("cpu"), "mem": .item("mem")])
            .withParam(computed.result)
          Task("another-resource-consumer", template: another, arguments: ["cpu": .item("cpu")]).withParam(computed.result)
        }
      }
    },
    GoldenExample("misc/map-outputs-to-inputs.yaml") {
      func createOutputs(_ name: String, _ outputs: [String]) -> Script {
        pythonScript(
          name,
          """
          outputs = [\(outputs.map { "'\($0)'" }.joined(separator: ", "))]
          for output in outputs:
              with open(f'/{output}', 'w') as f_out:
                  f_out.write(f'This is {output}')
          """
        )
        .outputs(outputs.map { Output($0, path: "/\($0)").parameter })
      }
      func useInputs(_ name: String, _ inputs: [String]) -> Script {
        pythonScript(name, parameters: inputs, "print(\(inputs.joined(separator: ", ")))")
      }
      let createSome = createOutputs("create-some-outputs", ["a", "b", "c"])
      let createMore = createOutputs("create-more-outputs", ["d", "e"])
      let useSome = useInputs("use-some-inputs", ["a", "b", "c"])
      let useMore = useInputs("use-more-inputs", ["a", "b", "c", "d", "e"])
      return Workflow(generateName: "map-outputs-to-inputs-", entrypoint: "dag") {
        DAG("dag") {
          let some = Task("create-some-outputs", template: createSome)
          let more = Task("create-more-outputs", template: createMore)
          some
          Task(
            "use-some-inputs", template: useSome,
            arguments: ["a": some.parameter("a"), "b": some.parameter("b"), "c": some.parameter("c")])
          more
          Task(
            "use-more-inputs", template: useMore,
            arguments: [
              "a": some.parameter("a"), "b": some.parameter("b"), "c": some.parameter("c"), "d": more.parameter("d"),
              "e": more.parameter("e"),
            ])
        }
      }
    },
  ]
}
