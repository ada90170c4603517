import Hera

/// The lines Hera puts before every script's body so that the script can import the project's
/// own modules.
private let heraPreamble = "import os\nimport sys\nsys.path.append(os.getcwd())\n"

/// A Python script's source as Hera writes it: the preamble, then for each input parameter a
/// line that reads it as JSON (or as text when it is not JSON), then the function's body.
private func heraSource(_ body: String, loading parameters: [String] = []) -> ArgoString {
  var text = heraPreamble
  if !parameters.isEmpty {
    text += "import json\n"
    for parameter in parameters {
      text += "try: \(parameter) = json.loads(r'''{{inputs.parameters.\(parameter)}}''')\n"
      text += "except: \(parameter) = r'''{{inputs.parameters.\(parameter)}}'''\n"
    }
    text += "\n"
  }
  return ArgoString(text + body)
}

/// A Python script template as Hera's `@script()` writes it, with one input per parameter.
/// Hera loads the parameters in the order of their names.
private func pythonScript(
  _ name: String, image: String = "python:3.10", inputs: [Parameter], _ body: String
) -> Script {
  let script = Script(name, image: image, command: ["python"], source: heraSource(body, loading: inputs.map(\.name).sorted()))
  return inputs.isEmpty ? script : script.inputs(inputs)
}

private func pythonScript(
  _ name: String, image: String = "python:3.10", parameters: [String] = [], _ body: String
) -> Script {
  pythonScript(name, image: image, inputs: parameters.map { Parameter(name: $0) }, body)
}

/// A script template run by Hera's runner (`hera.workflows.runner`), which reads the inputs
/// itself and writes the outputs under `outputsDirectory`.
private func runnerScript(
  _ name: String, image: String = "python:3.10", entry: String, outputsDirectory: String? = nil,
  @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
) -> Script {
  let script = Script(
    name, image: image, command: ["python"], args: ["-m", "hera.workflows.runner", "-e", "examples.workflows.\(entry)"],
    source: "{{inputs.parameters}}", io: io)
  guard let outputsDirectory else { return script }
  return script.env(["hera__outputs_directory": ArgoString(outputsDirectory)])
}

/// An output artifact that is not archived.
private func unarchived(_ name: String, path: String) -> OutputArtifact {
  OutputArtifact(name, path: path).with { $0.archive = ArchiveStrategy(none: NoneStrategy()) }
}

/// The environment variables of Hera's env examples.
private let exampleEnv: [EnvVar] = [
  EnvVar(name: "test", value: "1"),
  EnvVar(name: "s1", valueFrom: EnvVarSource(secretKeyRef: SecretKeySelector(name: "abc", key: "s1"))),
  EnvVar(name: "r1", valueFrom: EnvVarSource(resourceFieldRef: ResourceFieldSelector(resource: "abc"))),
  EnvVar(name: "c1", valueFrom: EnvVarSource(configMapKeyRef: ConfigMapKeySelector(name: "abc", key: "c1"))),
]

private let exampleEnvFrom: [EnvFromSource] = [
  EnvFromSource(prefix: "abc", secretRef: SecretEnvSource(name: "secret", optional: false)),
  EnvFromSource(configMapRef: ConfigMapEnvSource(name: "configmap", optional: false), prefix: "abc"),
]

extension Examples {
  /// Hera's own examples (dags, loops, scripts, steps, artifacts, misc, use_cases).
  static let helperA: [GoldenExample] = miscA + dagsA + scriptsA + stepsA + loopsA + artifactsA + useCasesA + heraRunnerA

  static let miscA: [GoldenExample] = [
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

  static let dagsA: [GoldenExample] = [
    GoldenExample("dags/recursive-dag.yaml") {
      let roll = pythonScript("random-roll", "import random\nprint(random.randint(1, 6))")
      return Workflow(generateName: "recursive-dag-", entrypoint: "dag") {
        DAG("dag") {
          let rolled = Task("roll", template: roll)
          rolled
          Task("recurse-if-not-six", templateName: "dag").when("\(rolled.result) != 6")
        }
      }
    },
    GoldenExample("dags/passing-task-result.yaml") {
      let out = pythonScript("out", "print(42)")
      let consume = pythonScript("in-", parameters: ["a"], "print(a)")
      return Workflow(generateName: "script-param-passing-", entrypoint: "d") {
        DAG("d") {
          let produced = Task("out", template: out)
          produced
          Task("in-", template: consume, arguments: ["a": produced.result])
        }
      }
    },
    GoldenExample("dags/run-script-on-task-exit.yaml") {
      let bye = pythonScript("bye", "print('Bye Hera')")
      let hello = pythonScript("hello", parameters: ["s"], "print('Hello Hera, {s}'.format(s=s))")
      return Workflow(generateName: "task-exit-handler-", entrypoint: "d") {
        bye
        DAG("d") {
          Task("s1", template: hello, arguments: ["s": "from Task1"]).onExit(bye)
            >> Task("s2", template: hello, arguments: ["s": "from Task2"])
        }
      }
    },
    GoldenExample("dags/inner-dag.yaml") {
      let hello = pythonScript("hello", parameters: ["name"], "print('Hello, {name}!'.format(name=name))")
      let myDAG = DAG("my-dag") {
        Task("hello-1", template: hello, arguments: ["name": "hello-1-\(ArgoString.input("my-dag-input"))"])
        Task("hello-2", template: hello, arguments: ["name": "hello-2-\(ArgoString.input("my-dag-input"))"])
      } io: {
        Input("my-dag-input")
      }
      return Workflow(generateName: "callable-inner-dag-", entrypoint: "calling-dag") {
        myDAG
        hello
        DAG("calling-dag") {
          Task("call-1", template: myDAG, arguments: ["my-dag-input": "call-1"])
            >> Task("call-2", template: myDAG, arguments: ["my-dag-input": "call-2"])
        }
      }
    },
    GoldenExample("dags/dag-input-output.yaml") {
      let hello = runnerScript(
        "hello-with-output", entry: "dags.dag_input_output:hello_with_output", outputsDirectory: "/tmp/hera-outputs"
      ) {
        Input("name")
        Output("output-message", path: "/tmp/hera-outputs/parameters/output-message")
      }
      let helloTask = Task("hello", template: hello, arguments: ["name": "hello \(ArgoString.input("my-dag-input"))"])
      let myDAG = DAG("my-dag-with-outputs") {
        helloTask
      } io: {
        Input("my-dag-input")
        Output("my-dag-output", valueFrom: ValueFrom(parameter: helloTask.parameter("output-message").text))
      }
      return Workflow(generateName: "callable-dag-", entrypoint: "calling-dag") {
        myDAG
        hello
        DAG("calling-dag") {
          let first = Task("call-1", template: myDAG, arguments: ["my-dag-input": "call-1"])
          first
          Task("call-2", template: myDAG, arguments: ["my-dag-input": first.parameter("my-dag-output")])
        }
      }
    },
  ]

  static let scriptsA: [GoldenExample] = [
    GoldenExample("scripts/output-parameters.yaml") {
      let out = pythonScript("out", "with open('/test', 'w') as f_out:\n    f_out.write('test')").io {
        Output("a", path: "/test")
      }
      let consume = pythonScript("in-", parameters: ["a"], "print(a)")
      return Workflow(generateName: "script-output-param-passing-", entrypoint: "d") {
        DAG("d") {
          let produced = Task("out", template: out)
          produced
          Task("in-", template: consume, arguments: ["a": produced.parameter("a")])
        }
      }
    },
    GoldenExample("scripts/default-parameters.yaml") {
      let generator = pythonScript("generator", "print('Another message for the world!')")
      let consumer = pythonScript(
        "consumer", inputs: [Parameter(name: "message", default: "Hello, world!"), Parameter(name: "foo", default: "42")],
        "print(message)\nprint(foo)")
      return Workflow(generateName: "default-param-overwrite-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generator", template: generator)
          generated >> Task("consume-default", template: consumer)
          Task("consume-argument", template: consumer, arguments: ["message": generated.result])
        }
      }
    },
    GoldenExample("scripts/script-runner-io.yaml") {
      let writer = runnerScript(
        "writer", image: "my-image-with-deps", entry: "scripts.script_runner_io:writer", outputsDirectory: "/tmp/hera-outputs"
      ) {
        unarchived("int-artifact", path: "/tmp/hera-outputs/artifacts/int-artifact")
      }
      let pydanticIO = runnerScript(
        "pydantic-io", image: "my-image-with-deps", entry: "scripts.script_runner_io:pydantic_io",
        outputsDirectory: "/tmp/hera-outputs"
      ) {
        InputArtifact("artifact-input", path: "/tmp/hera-inputs/artifacts/artifact-input")
        Input("param-input", default: "42")
        Input("obj-input", default: #"{"a_dict": {"my-key": "a-value"}, "a_str": "hello world!"}"#)
        OutputArtifact("artifact-output", path: "/tmp/hera-outputs/artifacts/artifact-output")
        Output("param-output", path: "/tmp/hera-outputs/parameters/param-output")
      }
      return Workflow(generateName: "pydantic-io-", entrypoint: "use-pydantic-io") {
        Steps("use-pydantic-io") {
          let written = Step("writer", template: writer)
          written
          Step(
            "pydantic-io", template: pydanticIO,
            arguments: [
              "param_int": "101",
              "an_object": #"{"a_dict": {"my-new-key": "my-new-value"}, "a_str": "a default string"}"#,
            ]
          )
          .artifacts(["artifact-input": written.artifact("int-artifact")])
        }
      }
    },
  ]

  static let stepsA: [GoldenExample] = [
    GoldenExample("steps/recursive-steps.yaml") {
      let roll = pythonScript("random-roll", "import random\nreturn random.randint(0, 2)")
      return .workflowTemplate(
        WorkflowTemplate(name: "my-workflow", entrypoint: "steps") {
          Steps("sub-steps") {
            let rolled = Step("random-roll", template: roll)
            rolled
            Step("recurse", templateName: "sub-steps", arguments: ["input-num": rolled.result])
              .when("\(rolled.result) != 0")
          }
          roll
          Steps("steps") { Step("sub-steps", templateName: "sub-steps") }
        })
    },
    GoldenExample("steps/steps-with-callable-container.yaml") {
      let whalesay = Container("whalesay", image: "argoproj/argosay:v2", command: ["cowsay"], args: [.input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "steps-", entrypoint: "hello-hello-hello") {
        whalesay
        Steps("hello-hello-hello") {
          Step("hello1", template: whalesay, arguments: ["message": "hello1"])
          Parallel {
            Step("hello2a", template: whalesay, arguments: ["message": "hello2a"])
            Step("hello2b", template: whalesay, arguments: ["message": "hello2b"])
          }
        }
      }
    },
    GoldenExample("steps/inner-steps.yaml") {
      let hello = pythonScript("hello", parameters: ["name"], "print('Hello, {name}!'.format(name=name))")
      let mySteps = Steps("my-steps") {
        Step("hello-1", template: hello, arguments: ["name": "hello-1-\(ArgoString.input("my-step-input"))"])
        Step("hello-2", template: hello, arguments: ["name": "hello-2-\(ArgoString.input("my-step-input"))"])
      } io: {
        Input("my-step-input")
      }
      return Workflow(generateName: "callable-inner-steps-", entrypoint: "calling-steps") {
        mySteps
        hello
        Steps("calling-steps") {
          Step("call-1", template: mySteps, arguments: ["my-step-input": "call-1"])
          Step("call-2", template: mySteps, arguments: ["my-step-input": "call-2"])
        }
      }
    },
  ]

  static let loopsA: [GoldenExample] = [
    GoldenExample("loops/script-argument-mapping.yaml") {
      let mapping = pythonScript(
        "test-key-mapping", parameters: ["key_1", "key_2"], "print('{key_1}, {key_2}'.format(key_1=key_1, key_2=key_2))")
      return Workflow(generateName: "script-argument-mapping-", entrypoint: "steps") {
        Steps("steps") {
          Step("test-key-mapping", template: mapping, arguments: ["key_1": .item("key_1"), "key_2": .item("key_2")])
            .withItems((1...4).map { ["key_1": .string("value:1-\($0)"), "key_2": .string("value:2-\($0)")] })
        }
      }
    },
    GoldenExample("loops/json-payload-fanout.yaml") {
      let generate = pythonScript(
        "generate",
        "import json\nimport sys\njson.dump([{'p1': i + 1, 'p2': i + 2, 'p3': i + 3} for i in range(10)], sys.stdout)")
      let consume = pythonScript(
        "consume", parameters: ["p1", "p2", "p3"], "print('Received p1={p1}, p2={p2}, p3={p3}'.format(p1=p1, p2=p2, p3=p3))")
      return Workflow(generateName: "json-payload-fanout-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generate", template: generate)
          generated
          Task("consume", template: consume, arguments: ["p1": .item("p1"), "p2": .item("p2"), "p3": .item("p3")])
            .withParam(generated.result)
        }
      }
    },
    GoldenExample("loops/dynamic-fanout-container.yaml") {
      let generate = Container(
        "generate", image: "alpine:latest",
        command: ["len=$((8 + RANDOM % 4)); json=$(seq 1 \"$len\" | paste -sd, -); echo \"[$json]\""])
      let fanout = Container("fanout", image: "alpine:latest", command: ["echo", .input("value")]) {
        Input("value")
      }
      return Workflow(generateName: "dynamic-fanout-container-", entrypoint: "d") {
        DAG("d") {
          let generated = Task("generate", template: generate)
          generated
          Task("fanout", template: fanout, arguments: ["value": .item]).withParam(generated.result)
        }
      }
    }
  ]

  static let artifactsA: [GoldenExample] = [
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

  static let useCasesA: [GoldenExample] = [
    GoldenExample("use_cases/reusing-cli-app.yaml") {
      Workflow(generateName: "cli-example-", entrypoint: "hello") {
        pythonScript(
          "hello", parameters: ["count", "name"],
          #"""
          """Simple program that greets NAME for a total of COUNT times."""
          for _ in range(count):
              print(f'Hello {name}!')
          """#)
      }
      .arguments(["count": "3", "name": "Hera"])
    },
    GoldenExample("use_cases/testing-templates-and-workflows.yaml") {
      let area = runnerScript(
        "calculate-area-of-rectangle", image: "my-built-python-image",
        entry: "use_cases.testing_templates_and_workflows:calculate_area_of_rectangle"
      ) {
        Input("rectangle")
      }
      return Workflow(generateName: "dag-", namespace: "argo", entrypoint: "dag") {
        DAG("dag") {
          Task("rectangle-1", template: area, arguments: ["rectangle": #"{"length":1.2,"width":3.4}"#])
            >> Task("rectangle-2", template: area, arguments: ["rectangle": #"{"length":4.3,"width":2.1}"#])
        }
      }
    },
    GoldenExample("use_cases/dask.yaml") {
      let dask = pythonScript(
        "dask-computation", image: "ghcr.io/dask/dask:latest",
        inputs: [Parameter(name: "namespace", default: "default"), Parameter(name: "n_workers", default: "1")],
        """
        import subprocess
        subprocess.run(['pip', 'install', 'dask-kubernetes', 'dask[distributed]'], stdout=subprocess.PIPE, universal_newlines=True)
        import dask.array as da
        from dask.distributed import Client
        from dask_kubernetes.operator import KubeCluster
        cluster = KubeCluster(image='ghcr.io/dask/dask:latest', resources={'requests': {'memory': '2G', 'cpu': '1'}, 'limits': {'memory': '4G', 'cpu': '1'}}, namespace=namespace, n_workers=n_workers)
        client = Client(cluster)
        array = da.ones((1000, 1000, 1000))
        print('Array mean = {array_mean}, expected = 1.0'.format(array_mean=array.mean().compute()))
        client.close()
        """)
      return Workflow(generateName: "dask-", entrypoint: "s") {
        Steps("s") { Step("dask-computation", template: dask) }
      }
    },
    GoldenExample("use_cases/wandb-ml-monitoring.yaml") {
      let train = runnerScript("train-model", entry: "use_cases.wandb_ml_monitoring:train_model") {
        Input("project_name")
        Input("learning_rate")
        Input("architecture")
        Input("dataset")
        Input("epochs")
      }
      .env("WANDB_API_KEY", secret: "wandb-api-key", key: "wandb-api-key")
      return Workflow(name: "wandb-ml-monitoring", entrypoint: "train") {
        DAG("train") {
          for (index, rate) in ["0.1", "0.01", "0.001"].enumerated() {
            Task(
              "train-\(index + 1)", template: train,
              arguments: [
                "project_name": "wandb-ml-monitoring", "learning_rate": ArgoString(rate), "architecture": "CNN",
                "dataset": "MNIST", "epochs": "10",
              ])
          }
        }
      }
    },
    GoldenExample("use_cases/parquet-pandas.yaml") {
      let create = runnerScript(
        "create-dataframe", entry: "use_cases.parquet_pandas:create_dataframe", outputsDirectory: "/tmp/hera-outputs"
      ) {
        unarchived("dataset", path: "/tmp/hera-outputs/artifacts/dataset")
      }
      let loadb = runnerScript("loadb-dataframe", entry: "use_cases.parquet_pandas:loadb_dataframe") {
        InputArtifact("dataset", path: "/tmp/hera-inputs/artifacts/dataset")
      }
      let loadFromPath = runnerScript("load-dataframe-from-path", entry: "use_cases.parquet_pandas:load_dataframe_from_path") {
        InputArtifact("dataset", path: "/tmp/hera-inputs/artifacts/dataset")
      }
      return Workflow(generateName: "pandas-example-", entrypoint: "d") {
        DAG("d") {
          let created = Task("create-dataframe", template: create)
          created
          Task("loadb-dataframe", template: loadb).artifacts(["dataset": created.artifact("dataset")])
          Task("load-dataframe-from-path", template: loadFromPath).artifacts(["dataset": created.artifact("dataset")])
        }
      }
      .serviceAccountName("argo")
    },
    GoldenExample("use_cases/spark.yaml") {
      let spark = pythonScript(
        "spark", image: "jupyter/pyspark-notebook:latest", parameters: ["num_data"],
        """
        import random
        import subprocess
        import time
        subprocess.run(['pip', 'install', 'pyspark', 'pandas'], stdout=subprocess.PIPE, universal_newlines=True)
        import pandas as pd
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.master('local[1]').appName('my-spark-example-running-in-hera.com').getOrCreate()
        (data, columns) = ([random.randint(0, num_data) for _ in range(num_data)], ['value'])
        pandas_df = pd.DataFrame(data=data, columns=columns)
        start = time.time()
        pandas_result = pandas_df.describe()
        pandas_elapsed = time.time() - start
        print('Pandas dataframe: ')
        print(pandas_result)
        print('Pandas dataframe took {pandas_elapsed} seconds to compute'.format(pandas_elapsed=pandas_elapsed))
        spark_df = spark.createDataFrame(data=pandas_df, schema=columns)
        start = time.time()
        spark_result = spark_df.describe()
        spark_elapsed = time.time() - start
        print('Spark dataframe: ')
        print(spark_result)
        print('Spark dataframe took {spark_elapsed} seconds to compute'.format(spark_elapsed=spark_elapsed))
        """
      )
      .resources(requests: ["cpu": "4", "memory": "8Gi"])
      return Workflow(generateName: "spark-", entrypoint: "d") {
        DAG("d") {
          for index in 0..<6 {
            Task("spark-\(index)", template: spark, arguments: ["num_data": "1000\(String(repeating: "0", count: index))"])
          }
        }
      }
    },
    GoldenExample("use_cases/spacy-inference-pipeline.yaml") {
      let dataPrep = pythonScript(
        "data-prep", image: "jupyter/datascience-notebook:latest",
        """
        import json
        import subprocess
        from spacy.lang.en.examples import sentences
        print(subprocess.run('cd /mnt/data && ls -l', shell=True, capture_output=True).stdout.decode())
        ' the used image does not have `spacy` installed, so we need to install it first! '
        subprocess.run(['pip', 'install', 'spacy'], stdout=subprocess.PIPE, universal_newlines=True)
        ' dumping spacy example sentences data into a file\\n        replace this with real dataset '
        with open('/mnt/data/input_data.json', 'w') as json_file:
            json.dump(sentences, json_file)
        print('Data preparation completed')
        print(subprocess.run('cd /mnt/data && ls -l', shell=True, capture_output=True).stdout.decode())
        """
      )
      .volumeMount("data-dir", at: "/mnt/data")
      .resources(requests: ["cpu": "0.5", "memory": "1Gi"])
      let inference = pythonScript(
        "inference-spacy", image: "jupyter/datascience-notebook:latest",
        """
        import subprocess
        ' the used image does not have `spacy` installed, so we need to install it first! '
        subprocess.run(['pip', 'install', 'spacy'], stdout=subprocess.PIPE, universal_newlines=True)
        print(subprocess.run('cd /mnt/data && ls -l ', shell=True, capture_output=True).stdout.decode())
        import json
        from typing import List
        import pydantic
        import spacy
        from pydantic import BaseModel
        from spacy.cli import download
        ' download and load spacy model https://spacy.io/models/en#en_core_web_lg '
        spacy_model_name = 'en_core_web_lg'
        download(spacy_model_name)
        nlp = spacy.load(spacy_model_name)
        ' build pydantic model '
        print(pydantic.version.version_info())

        class NEROutput(BaseModel):
            input_text: str
            ner_entities: List[str] = []
        ner_output_list: List[NEROutput] = []
        ' read data prepared from previous step data_prep '
        with open('/mnt/data/input_data.json', 'r') as json_file:
            input_data = json.load(json_file)
            print(input_data)
            ' iterate each sentence in the data and perform NER '
            for sentence in input_data:
                print('input text: ' + sentence)
                doc = nlp(sentence)
                print('output NER:')
                ner_entities: List[str] = []
                for entity in doc.ents:
                    ' Print the entity text and its NER label '
                    ner_entity = entity.text + ' is ' + entity.label_
                    print(ner_entity)
                    ner_entities.append(ner_entity)
                print('ner_entities = + ' + ner_entities)
                ner_output = NEROutput(input_text=sentence, ner_entities=ner_entities)
                ner_output_list.append(dict(ner_output))
            print('ner_output_list = ' + ner_output_list)
        print('Inference completed')
        ' save output in a file '
        with open('/mnt/data/output_data.json', 'w') as json_file:
            json.dump(ner_output_list, json_file)
        print(subprocess.run('cd /mnt/data && ls -l ', shell=True, capture_output=True).stdout.decode())
        """
      )
      .volumeMount("data-dir", at: "/mnt/data")
      .resources(requests: ["cpu": "0.5", "memory": "1Gi"])
      return Workflow(generateName: "spacy-inference-pipeline-", namespace: "argo", entrypoint: "spacy-inference-pipeline") {
        Steps("spacy-inference-pipeline") {
          Step("data-prep", template: dataPrep)
          Step("inference-spacy", template: inference)
        }
      }
      .serviceAccountName("hera")
      .volumeClaim("data-dir", storage: "1Gi")
    },
    GoldenExample("use_cases/map-reduce.yaml") {
      func s3(_ key: ArgoString) -> S3Artifact { S3Artifact(key: key.text) }
      let split = pythonScript(
        "split", image: "python:alpine3.6", parameters: ["num_parts"],
        """
        import json
        import os
        import sys
        os.mkdir('/mnt/out')
        part_ids = list(map(lambda x: str(x), range(num_parts)))
        for (i, part_id) in enumerate(part_ids, start=1):
            with open('/mnt/out/' + part_id + '.json', 'w') as f:
                json.dump({'foo': i}, f)
        json.dump(part_ids, sys.stdout)
        """
      )
      .io { unarchived("parts", path: "/mnt/out").with { $0.s3 = s3("\(ArgoString.workflowName)/parts") } }
      let map = pythonScript(
        "map-", image: "python:alpine3.6",
        """
        import json
        import os
        os.mkdir('/mnt/out')
        with open('/mnt/in/part.json') as f:
            part = json.load(f)
        with open('/mnt/out/part.json', 'w') as f:
            json.dump({'bar': part['foo'] * 2}, f)
        """
      )
      .io {
        InputArtifact("part", path: "/mnt/in/part.json")
        Input("part_id")
        unarchived("part", path: "/mnt/out/part.json").with {
          $0.s3 = s3("\(ArgoString.workflowName)/results/\(ArgoString.input("part_id")).json")
        }
      }
      let reduce = pythonScript(
        "reduce", image: "python:alpine3.6",
        """
        import json
        import os
        os.mkdir('/mnt/out')
        total = 0
        for f in list(map(lambda x: open('/mnt/in/' + x), os.listdir('/mnt/in'))):
            result = json.load(f)
            total = total + result['bar']
        with open('/mnt/out/total.json', 'w') as f:
            json.dump({'total': total}, f)
        """
      )
      .io {
        InputArtifact("results", path: "/mnt/in").with { $0.s3 = s3("\(ArgoString.workflowName)/results") }
        unarchived("total", path: "/mnt/out/total.json").with { $0.s3 = s3("\(ArgoString.workflowName)/total.json") }
      }
      return Workflow(generateName: "map-reduce-", entrypoint: "main") {
        DAG("main") {
          let splitted = Task("split", template: split, arguments: ["num_parts": .workflowParameter("num_parts")])
          splitted
          Task("map-", template: map, arguments: ["part_id": .item])
            .artifacts([Artifact(name: "part", s3: s3("\(ArgoString.workflowName)/parts/\(ArgoString.item).json"))])
            .withParam(splitted.result)
            >> Task("reduce", template: reduce)
        }
      }
      .arguments(["num_parts": "4"])
    },
  ]

  static let heraRunnerA: [GoldenExample] = [
    GoldenExample("hera_runner/typed-script-input-output.yaml") {
      func function(_ name: String, _ function: String, @TemplateIOBuilder io: () -> TemplateIO) -> Script {
        runnerScript(
          name, image: "my-image-with-python-source-code-and-dependencies",
          entry: "hera_runner.typed_script_input_output:\(function)", io: io)
      }
      let myFunction = function("my-function", "my_function") { Input("input") }
      let strFunction = function("str-function", "str_function") { Input("input") }
      let anotherFunction = function("another-function", "another_function") { Input("inputs") }
      let kebab = function("function-kebab", "function_kebab") {
        Input("a-but-kebab", default: "2")
        Input("b-but-kebab", default: "foo")
        Input("c-but-kebab", default: "42.0")
      }
      let kebabObject = function("function-kebab-object", "function_kebab_object") { Input("input-value") }
      let object: ArgoString = #"{"a": 2, "b": "bar", "c": 42}"#
      return Workflow(name: "my-workflow", entrypoint: "my-steps") {
        Steps("my-steps") {
          Step("my-function", template: myFunction, arguments: ["input": object])
          Step("str-function", template: strFunction, arguments: ["input": object])
          Step(
            "another-function", template: anotherFunction,
            arguments: ["inputs": #"[{"a": 2, "b": "bar", "c": 42}, {"a": 2, "b": "bar", "c": 42.0}]"#])
          Step("function-kebab", template: kebab, arguments: ["a-but-kebab": "3", "b-but-kebab": "bar"])
          Step("function-kebab-object", template: kebabObject, arguments: ["input-value": #"{"a": 3, "b": "bar", "c": "42"}"#])
        }
      }
    }
  ]
}
