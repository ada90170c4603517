import Hera

/// `echo result was: MESSAGE` in alpine, the printer of Argo's script examples.
private let printMessage = shell("print-message", "echo result was: \(ArgoString.input("message"))").io { Input("message") }

extension Examples {
  static let upstreamStepsAndScripts: [GoldenExample] = [
    GoldenExample("upstream/cluster-workflow-template--mixed-cluster-namespaced-wftmpl-steps.yaml") {
      Workflow(generateName: "workflow-template-steps-", entrypoint: "hello-hello-hello") {
        Steps("hello-hello-hello") {
          Step("hello1", templateRef: "workflow-template-print-message", template: "print-message", arguments: ["message": "hello1"])
          Parallel {
            Step(
              "hello2a", templateRef: "cluster-workflow-template-inner-steps", template: "inner-steps", clusterScope: true,
              arguments: ["message": "hello2a"])
            Step(
              "hello2b", templateRef: "workflow-template-print-message", template: "print-message", arguments: ["message": "hello2b"])
          }
        }
      }
    },
    GoldenExample("upstream/continue-on-fail.yaml") {
      let hello = Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])
      let fail = shell("intentional-fail", "echo intentional failure; exit 1")
      return Workflow(generateName: "continue-on-fail-", entrypoint: "workflow-ignore") {
        hello
        fail
        Steps("workflow-ignore") {
          Step("A", template: hello)
          Parallel {
            Step("B", template: hello)
            Step("C", template: fail).continueOn(failed: true)
          }
          Step("D", template: hello)
        }
      }
      .parallelism(1)
    },
    GoldenExample("upstream/expression-destructure-json.yaml") {
      Workflow(generateName: "expression-destructure-json-", entrypoint: "main") {
        Script("main", image: "debian:9.4", command: ["bash"], source: "echo \"$A$B$C\"\n") {
          Input("a", value: "{{=jsonpath(workflow.parameters.config, '$.a')}}")
          Input("b", value: "{{=jsonpath(workflow.parameters.config, '$.b')}}")
          Input("c", value: "{{=jsonpath(workflow.parameters.config, '$.c')}}")
        }
        .env(["A": .input("a"), "B": .input("b"), "C": .input("c")])
      }
      .arguments(["config": #"{"a": "1", "b": "2", "c": "3"}"#])
      .annotations(["workflows.argoproj.io/version": ">= 3.1.0"])
    },
    GoldenExample("upstream/scripts-bash.yaml") {
      let gen = Script(
        "gen-random-int", image: "debian:9.4", command: ["bash"],
        source: #"""
          cat /dev/urandom | od -N2 -An -i | awk -v f=1 -v r=100 '{printf "%i\n", f + r * $1 / 65536}'

          """#)
      return Workflow(generateName: "scripts-bash-", entrypoint: "bash-script-example") {
        Steps("bash-script-example") {
          let generate = Step("generate", template: gen)
          generate
          Step("print", template: printMessage, arguments: ["message": generate.result])
        }
      }
    },
    GoldenExample("upstream/scripts-javascript.yaml") {
      let gen = Script(
        "gen-random-int", image: "node:9.1-alpine", command: ["node"],
        source: """
          var rand = Math.floor(Math.random() * 100);
          console.log(rand);

          """)
      return Workflow(generateName: "scripts-javascript-", entrypoint: "javascript-script-example") {
        Steps("javascript-script-example") {
          let generate = Step("generate", template: gen)
          generate
          Step("print", template: printMessage, arguments: ["message": generate.result])
        }
      }
    },
    GoldenExample("upstream/scripts-python.yaml") {
      let gen = Script(
        "gen-random-int", image: "python:alpine3.6", command: ["python"],
        source: """

          import random
          i = random.randint(1, 100)
          print(i)
          """)
      return Workflow(generateName: "scripts-python-", entrypoint: "python-script-example") {
        gen
        printMessage
        Steps("python-script-example") {
          let generate = Step("generate", template: gen)
          generate
          Step("print", template: printMessage, arguments: ["message": generate.result])
        }
      }
    },
    GoldenExample("upstream/expression-tag-template-workflow.yaml") {
      let pod = Container(
        "pod-0", image: "argoproj/argosay:v2",
        args: [
          "echo", "hello {{=asInt(inputs.parameters.foo) * 10}} @ {{=sprig.date('2006', workflow.creationTimestamp)}}\n", "/output",
        ]
      ) {
        Input("foo")
        Output("output", path: "/output")
      }
      return Workflow(generateName: "expression-tag-template-", entrypoint: "main") {
        DAG("main") {
          Task("task-0", template: pod, arguments: ["foo": .expression("item")])
            .withParam(.expression("toJson(filter([1, 3], {# > 1}))"))
        }
      }
      .annotations(["workflows.argoproj.io/version": ">= 3.1.0"])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/step-level-timeout.yaml") {
      let sleep = shell("sleep", "sleep 30s").timeout("{{inputs.parameters.timeout}}").io { Input("timeout") }
      return Workflow(generateName: "steps-tmpl-timeout-", entrypoint: "sleep-sleep") {
        Steps("sleep-sleep") {
          Parallel {
            Step("sleep1", template: sleep, arguments: ["timeout": "10s"]).continueOn(error: true)
            Step("sleep2", template: sleep, arguments: ["timeout": "10s"]).continueOn(failed: true)
          }
        }
      }
    },
    GoldenExample("upstream/template-defaults.yaml") {
      let hello = Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])
      let retry = Container(
        "retry-backoff", image: "python:alpine3.6", command: ["python", "-c"],
        args: ["import random; import sys; exit_code = random.choice([0, 1, 1]); sys.exit(exit_code)"])
      return Workflow(generateName: "template-defaults-", entrypoint: "main") {
        Steps("main") {
          Step("retry-backoff", template: retry)
          Step("hello-world", template: hello)
        }
        hello
        retry
      }
      .templateDefaults(Template(retryStrategy: RetryStrategy(limit: "2"), timeout: "30s"))
      .annotations([
        "workflows.argoproj.io/description": """
        Template defaults will provide the fixability to configure the defaults values for all templates in workflow.
        Individual template can be overide default values.

        """,
        "workflows.argoproj.io/version": ">= 3.1.0",
      ])
    },
    GoldenExample("upstream/exit-code-output-variable.yaml") {
      let failing = shell("failing-container", image: "alpine:3.6", "exit 123")
      let echo = shell("echo-container", image: "alpine:3.6", "echo \"Exit code was: \(ArgoString.input("exitCode"))\"")
        .io { Input("exitCode") }
      return Workflow(generateName: "exit-code-output-variable-", entrypoint: "exit-code-output-variable") {
        Steps("exit-code-output-variable") {
          let fail = Step("failing-container", template: failing).continueOn(failed: true)
          fail
          Step("echo-container", template: echo, arguments: ["exitCode": fail.exitCode])
        }
      }
    },
    GoldenExample("upstream/life-cycle-hooks-tmpl-level.yaml") {
      let echo = shell("echo", image: "alpine:3.6", #"echo "it was heads""#)
      let http = HTTPTemplate(
        "http",
        url:
          "https://raw.githubusercontent.com/argoproj/argo-workflows/4e450e250168e6b4d51a126b784e90b11a0162bc/pkg/apis/workflow/v1alpha1/generated.swagger.json"
      )
      return Workflow(generateName: "lifecycle-hook-tmpl-level-", entrypoint: "main") {
        echo
        http
        Steps("main") {
          Step("step-1", template: echo)
            .hook("running", template: http, expression: #"steps["step-1"].status == "Running""#)
            .hook("success", template: http, expression: #"steps["step-1"].status == "Succeeded""#)
          Step("step2", template: echo)
            .hook("running", template: http, expression: #"steps.step2.status == "Running""#)
            .hook("success", template: http, expression: #"steps.step2.status == "Succeeded""#)
        }
      }
    },
    GoldenExample("upstream/daemon-nginx.yaml") {
      let server = Container("nginx-server", image: "nginx:1.13")
        .readinessProbe(Probe(httpGet: HTTPGetAction(path: "/", port: 80), initialDelaySeconds: 2, timeoutSeconds: 1))
        .daemon()
      let client = Container(
        "nginx-client", image: "appropriate/curl:latest", command: ["/bin/sh", "-c"],
        args: [
          "echo curl --silent -G http://\(ArgoString.input("server-ip")):80/ && curl --silent -G http://\(ArgoString.input("server-ip")):80/"
        ]
      ) {
        Input("server-ip")
      }
      return Workflow(generateName: "daemon-nginx-", entrypoint: "daemon-nginx-example") {
        server
        client
        Steps("daemon-nginx-example") {
          let nginx = Step("nginx-server", template: server)
          nginx
          Step("nginx-client", template: client, arguments: ["server-ip": nginx.ip])
        }
      }
    },
    GoldenExample("upstream/k8s-resource-log-selector.yaml") {
      Workflow(generateName: "k8s-jobs-log-selector-", entrypoint: "tf-jobtmpl") {
        Resource(
          "tf-jobtmpl", action: "create",
          manifest: """
            apiVersion: kubeflow.org/v1
            kind: TFJob
            metadata:
              name: tfjob-examples
            spec:
              tfReplicaSpecs:
                 Worker:
                   replicas: 2
                   restartPolicy: Never
                   template:
                     metadata:
                       # We add this label to the pods created by TFJob custom resource to inform Argo Workflows
                       # that we want to include the logs from the created pods. Once the pods are created with this
                       # label, you can then use `argo logs -c tensorflow` to the logs from this particular container.
                       # Note that `workflow.name` is a supported global variable provided by Argo Workflows.
                       #
                       # The Kubeflow training controller will take this CRD and automatically created worker pods with
                       # labels, such as `job-role` and `replica-index`. If you'd like to query logs for pods with
                       # specific labels, you can specify the label selector explicitly via `argo logs -l <logs-label-selector>`.
                       # For example, you can use `argo logs -c tensorflow -l replica-index=0` to see the first worker pod's logs.
                       labels:
                         workflows.argoproj.io/workflow: {{workflow.name}}
                     spec:
                       containers:
                         - name: tensorflow
                           image: "Placeholder for TensorFlow distributed training image"

            """, successCondition: "status.replicaStatuses.Worker.succeeded = 2",
          failureCondition: "status.replicaStatuses.Worker.failed > 0")
      }
    },
    GoldenExample("upstream/resource-delete-with-flags.yaml") {
      let create = Resource(
        "create-configmap", action: "create",
        manifest: """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: resource-delete-with-flags
            labels:
              cleanup: "true"
          data:
            key: value

          """)
      let delete = Resource("delete-resource", action: "delete", flags: ["configmap", "--selector", "{{inputs.parameters.selector}}"]) {
        Input("selector")
      }
      return Workflow(generateName: "resource-delete-with-flags-", entrypoint: "main") {
        create
        delete
        Steps("main") {
          Step("submit-resource", template: create)
          Step("delete-resource", template: delete, arguments: ["selector": "cleanup=true"])
        }
      }
    },
    GoldenExample("upstream/volumes-existing.yaml") {
      let append = shell("append-to-accesslog", "echo accessed at: $(date) | tee -a /mnt/vol/accesslog")
        .volumeMount("workdir", at: "/mnt/vol")
      let print = shell("print-accesslog", "echo 'Volume access log:'; cat /mnt/vol/accesslog")
        .volumeMount("workdir", at: "/mnt/vol")
      return Workflow(generateName: "volumes-existing-", entrypoint: "volumes-existing-example") {
        append
        print
        Steps("volumes-existing-example") {
          Step("generate", template: append)
          Step("print", template: print)
        }
      }
      .existingClaim("my-existing-volume", as: "workdir")
    },
  ]
}
