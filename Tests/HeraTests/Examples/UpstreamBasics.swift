import Hera

/// `echo hello world` in busybox, the template of many of Argo's examples.
private let helloWorld = Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])

extension Examples {
  /// Argo's examples as Hera renders them (upstream).
  static let upstreamByTopic: [GoldenExample] =
    upstreamBasics + upstreamMore + upstreamTemplates + upstreamStepsAndScripts + upstreamMoreDAGs + upstreamControl + upstreamMixed
    + upstreamArtifacts + upstreamNested + upstreamAggregation + upstreamLarge + upstreamCI + upstreamInfluxDB

  static let upstreamBasics: [GoldenExample] = [
    GoldenExample("upstream/cluster-workflow-template--workflow-template-ref.yaml") {
      Workflow(generateName: "cluster-workflow-template-hello-world-")
        .workflowTemplateRef("cluster-workflow-template-submittable", clusterScope: true)
    },
    GoldenExample("upstream/workflow-template--workflow-template-ref-with-entrypoint-arg-passing.yaml") {
      Workflow(generateName: "workflow-template-hello-world-", entrypoint: "print-message")
        .arguments(["message": "hello world"])
        .workflowTemplateRef("workflow-template-print-message")
    },
    GoldenExample("upstream/cluster-workflow-template--workflow-template-ref-with-entrypoint-arg-passing.yaml") {
      Workflow(generateName: "cluster-workflow-template-hello-world-", entrypoint: "print-message")
        .arguments(["message": "hello world"])
        .workflowTemplateRef("cluster-workflow-template-print-message", clusterScope: true)
    },
    GoldenExample("upstream/container-set-template--parallel-workflow.yaml") {
      Workflow(generateName: "parallel-", entrypoint: "main") {
        ContainerSet(
          "main",
          containers: [
            ContainerNode(name: "a", image: "argoproj/argosay:v2"), ContainerNode(name: "b", image: "argoproj/argosay:v2"),
          ])
      }
    },
    GoldenExample("upstream/container-set-template--sequence-workflow.yaml") {
      Workflow(generateName: "sequence-", entrypoint: "main") {
        ContainerSet(
          "main",
          containers: [
            ContainerNode(name: "a", image: "argoproj/argosay:v2"),
            ContainerNode(name: "b", dependencies: ["a"], image: "argoproj/argosay:v2"),
            ContainerNode(name: "c", dependencies: ["b"], image: "argoproj/argosay:v2"),
          ])
      }
    },
    GoldenExample("upstream/forever.yaml") {
      Workflow(name: "forever", entrypoint: "main") {
        Container(
          "main", image: "busybox", command: ["sh", "-c", "for I in $(seq 1 1000) ; do echo $I ; sleep 1s; done"])
      }
    },
    GoldenExample("upstream/workflow-template--workflow-archive-logs.yaml") {
      Workflow(generateName: "archive-location-", entrypoint: "hello-world") {
        helloWorld
      }
      .archiveLogs()
    },
    GoldenExample("upstream/image-pull-secrets.yaml") {
      Workflow(generateName: "hello-world-", entrypoint: "hello-world") {
        helloWorld
      }
      .imagePullSecrets(["docker-registry-secret"])
    },
    GoldenExample("upstream/retry-container-to-completion.yaml") {
      Workflow(generateName: "retry-to-completion-", entrypoint: "retry-to-completion") {
        Container(
          "retry-to-completion", image: "python", command: ["python", "-c"],
          args: ["import random; import sys; exit_code = random.choice(range(0, 5)); sys.exit(exit_code)"]
        )
        .retryStrategy(RetryStrategy())
      }
    },
    GoldenExample("upstream/timeouts-step.yaml") {
      Workflow(generateName: "timeouts-step-", entrypoint: "sleep") {
        Container("sleep", image: "argoproj/argosay:v2", command: ["bash", "-c"], args: ["echo 123; sleep 1d"])
          .activeDeadlineSeconds(10)
      }
    },
    GoldenExample("upstream/retry-container.yaml") {
      Workflow(generateName: "retry-container-", entrypoint: "retry-container") {
        Container(
          "retry-container", image: "python:alpine3.6", command: ["python", "-c"],
          args: ["import random; import sys; exit_code = random.choice([0, 1, 1]); sys.exit(exit_code)"]
        )
        .retryStrategy(limit: "10")
      }
    },
    GoldenExample("upstream/retry-on-error.yaml") {
      Workflow(generateName: "retry-on-error-", entrypoint: "error-container") {
        Container(
          "error-container", image: "python", command: ["python", "-c"],
          args: ["import random; import sys; exit_code = random.choice(range(0, 5)); sys.exit(exit_code)"]
        )
        .retryStrategy(limit: "2", policy: "Always")
      }
    },
    GoldenExample("upstream/retry-backoff.yaml") {
      Workflow(generateName: "retry-backoff-", entrypoint: "retry-backoff") {
        Container(
          "retry-backoff", image: "python:alpine3.6", command: ["python", "-c"],
          args: ["import random; import sys; exit_code = random.choice([0, 1, 1]); sys.exit(exit_code)"]
        )
        .retryStrategy(limit: "10", backoff: Backoff(cap: "5", duration: "1", factor: "2", maxDuration: "1m"))
      }
    },
    GoldenExample("upstream/retry-script.yaml") {
      Workflow(generateName: "retry-script-", entrypoint: "retry-script") {
        Script(
          "retry-script", image: "python:alpine3.6", command: ["python"],
          source: """
            import random
            import sys
            exit_code = random.choice([0, 1, 1])
            sys.exit(exit_code)
            """
        )
        .retryStrategy(limit: "10")
      }
    },
    GoldenExample("upstream/steps-inline-workflow.yaml") {
      Workflow(generateName: "steps-inline-", entrypoint: "main") {
        Steps("main") {
          Step("a", inline: Container("a", image: "argoproj/argosay:v2"))
        }
      }
      .annotations([
        "workflows.argoproj.io/description": "This workflow demonstrates running a steps with inline templates.",
        "workflows.argoproj.io/version": ">= 3.2.0",
      ])
    },
    GoldenExample("upstream/dag-inline-workflowtemplate.yaml") {
      .workflowTemplate(
        WorkflowTemplate(name: "dag-inline", entrypoint: "main") {
          DAG("main") {
            Task("a", inline: Container("a", image: "argoproj/argosay:v2"))
          }
        }
        .annotations([
          "workflows.argoproj.io/description": "This example demonstrates running a DAG with inline templates.",
          "workflows.argoproj.io/version": ">= 3.2.0",
        ]))
    },
    GoldenExample("upstream/synchronization-mutex-wf-level.yaml") {
      Workflow(generateName: "synchronization-wf-level-", entrypoint: "hello-world") {
        helloWorld
      }
      .mutex("test")
    },
    GoldenExample("upstream/synchronization-db-mutex-wf-level.yaml") {
      Workflow(generateName: "synchronization-db-wf-level-", entrypoint: "hello-world") {
        helloWorld
      }
      .spec { $0.synchronization = Synchronization(mutexes: [MutexRef(name: "test", database: true)]) }
    },
    GoldenExample("upstream/synchronization-db-wf-level.yaml") {
      Workflow(generateName: "synchronization-db-wf-level-", entrypoint: "hello-world") {
        helloWorld
      }
      .spec { $0.synchronization = Synchronization(semaphores: [SemaphoreRef(database: SyncDatabaseRef(key: "workflow"))]) }
    },
    GoldenExample("upstream/synchronization-wf-level.yaml") {
      Workflow(generateName: "synchronization-wf-level-", entrypoint: "hello-world") {
        helloWorld
      }
      .semaphore(configMap: "my-config", key: "workflow")
    },
    GoldenExample("upstream/default-pdb-support.yaml") {
      Workflow(generateName: "default-pdb-support-", entrypoint: "pdbcreate") {
        shell("pdbcreate", "sleep 10")
      }
      .serviceAccountName("default")
      .podDisruptionBudget(minAvailable: 9999)
    },
    GoldenExample("upstream/gc-ttl.yaml") {
      Workflow(generateName: "gc-ttl-", entrypoint: "hello-world") {
        helloWorld
      }
      .ttlStrategy(afterCompletion: 10, afterSuccess: 5, afterFailure: 5)
    },
    GoldenExample("upstream/global-parameters.yaml") {
      Workflow(generateName: "global-parameters-", entrypoint: "print-message") {
        Container("print-message", image: "busybox", command: ["echo"], args: [.workflowParameter("message")])
      }
      .arguments(["message": "hello world"])
    },
    GoldenExample("upstream/hello-windows.yaml") {
      Workflow(generateName: "hello-windows-", entrypoint: "hello-win") {
        Container(
          "hello-win", image: "mcr.microsoft.com/windows/nanoserver:1809", command: ["cmd", "/c"],
          args: ["echo", "Hello from Windows Container!"]
        )
        .nodeSelector(["kubernetes.io/os": "windows"])
      }
    },
    GoldenExample("upstream/k8s-patch-json-workflow.yaml") {
      Workflow(generateName: "k8s-patch-json-workflow-", entrypoint: "main") {
        Resource(
          "main", action: "patch",
          manifest: """
            - op: add
              path: /metadata/labels/foo
              value: bar

            """, mergeStrategy: "json", flags: ["workflow", "{{workflow.name}}"])
      }
    },
  ]

  static let upstreamMore: [GoldenExample] = [
    GoldenExample("upstream/cron-workflow.yaml") {
      var cron = CronWorkflow(
        name: "hello-world", schedules: ["* * * * *"], timezone: "America/Los_Angeles", concurrencyPolicy: "Replace",
        startingDeadlineSeconds: 0, entrypoint: "hello-world-with-time"
      ) {
        Container(
          "hello-world-with-time", image: "busybox", command: ["echo"],
          args: ["🕓 hello world. Scheduled on: {{workflow.scheduledTime}}"])
      }
      cron.spec.failedJobsHistoryLimit = 4
      cron.spec.successfulJobsHistoryLimit = 4
      cron.spec.suspend = false
      return .cronWorkflow(cron)
    },
    GoldenExample("upstream/cron-workflow-multiple-schedules.yaml") {
      var cron = CronWorkflow(
        name: "hello-world-multiple-schedules", schedules: ["*/3 * * * *", "*/2 * * * *"], timezone: "America/Los_Angeles",
        concurrencyPolicy: "Replace", startingDeadlineSeconds: 0, entrypoint: "whalesay"
      ) {
        Container(
          "whalesay", image: "docker/whalesay:latest", command: ["cowsay"],
          args: ["🕓 hello world. Scheduled on: {{workflow.scheduledTime}}"])
      }
      cron.spec.failedJobsHistoryLimit = 4
      cron.spec.successfulJobsHistoryLimit = 4
      cron.spec.suspend = false
      return .cronWorkflow(cron)
    },
    GoldenExample("upstream/cron-when.yaml") {
      var cron = CronWorkflow(name: "sleep-when", schedules: ["* * * * *"], concurrencyPolicy: "Allow", entrypoint: "sleep-busybox") {
        Container("sleep-busybox", image: "busybox", command: ["sleep"], args: ["10"])
      }
      cron.spec.when = "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}"
      return .cronWorkflow(cron)
    },
    GoldenExample("upstream/pod-spec-patch.yaml") {
      Workflow(generateName: "pod-spec-patch-", entrypoint: "hello-world") {
        helloWorld.podSpecPatch(
          #"{"containers":[{"name":"main", "resources":{"limits":{"cpu": "{{workflow.parameters.cpu-limit}}" }}}]}"#)
      }
      .arguments(["cpu-limit": "100m"])
    },
    GoldenExample("upstream/pod-spec-yaml-patch.yaml") {
      Workflow(generateName: "pod-spec-patch-", entrypoint: "hello-world") {
        helloWorld
      }
      .podSpecPatch(
        """
        containers:
          - name: main
            resources:
              limits:
                memory: "{{workflow.parameters.mem-limit}}"

        """
      )
      .arguments(["mem-limit": "100Mi"])
    },
    GoldenExample("upstream/arguments-parameters-from-configmap.yaml") {
      Workflow(generateName: "arguments-parameters-from-configmap-", entrypoint: "print-message-from-configmap") {
        Container("print-message-from-configmap", image: "busybox", command: ["echo"], args: [.input("message")]) {
          Input("message", valueFrom: ValueFrom(configMapKeyRef: ConfigMapKeySelector(name: "simple-parameters", key: "msg")))
        }
      }
    },
    GoldenExample("upstream/arguments-parameters.yaml") {
      Workflow(generateName: "arguments-parameters-", entrypoint: "print-message") {
        Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
          Input("message")
        }
      }
      .arguments(["message": "hello world"])
    },
    GoldenExample("upstream/global-parameters-from-configmap-referenced-as-local-variable.yaml") {
      Workflow(generateName: "global-parameter-from-configmap-referenced-as-local-variable-", entrypoint: "print-message") {
        Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
          Input("message")
        }
      }
      .arguments([
        Parameter(
          name: "message", valueFrom: ValueFrom(configMapKeyRef: ConfigMapKeySelector(name: "simple-parameters", key: "msg")))
      ])
    },
    GoldenExample("upstream/global-parameters-from-configmap.yaml") {
      Workflow(generateName: "global-parameter-values-from-configmap-", entrypoint: "print-message") {
        Container("print-message", image: "busybox", command: ["echo"], args: [.workflowParameter("message")])
      }
      .arguments([
        Parameter(
          name: "message", valueFrom: ValueFrom(configMapKeyRef: ConfigMapKeySelector(name: "simple-parameters", key: "msg")))
      ])
      .annotations([
        "workflows.argoproj.io/description": """
        This example demonstrates loading global parameter values from a ConfigMap.
        Note that the "simple-parameters" ConfigMap (defined in `examples/configmaps/simple-parameters-configmap.yaml`) needs to be created first before submitting this workflow.

        """
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/artifact-repository-ref.yaml") {
      Workflow(generateName: "artifact-repository-ref-", entrypoint: "main") {
        shell("main", image: "busybox", "echo hello world | tee /tmp/hello_world.txt").io {
          OutputArtifact("hello_world", path: "/tmp/hello_world.txt")
        }
      }
      .artifactRepositoryRef(key: "my-key")
    },
    GoldenExample("upstream/title-and-description-with-markdown.yaml") {
      Workflow(generateName: "title-and-description-with-markdown-", entrypoint: "hello-world") {
        helloWorld
      }
      .annotations([
        "workflows.argoproj.io/description": """
        `This is a simple hello world example.`
        This is an embedded link to the docs: https://argo-workflows.readthedocs.io/en/latest/title-and-description/

        """,
        "workflows.argoproj.io/title": "**Test Title**",
      ])
      .labels(["workflows.argoproj.io/archive-strategy": "false"])
    },
    GoldenExample("upstream/workflow-template--retry-with-steps.yaml") {
      let ref = "workflow-template-random-fail-template"
      return Workflow(generateName: "workflow-template-retry-with-steps-", entrypoint: "retry-with-steps") {
        Steps("retry-with-steps") {
          Step("hello1", templateRef: ref, template: "random-fail-template")
          Parallel {
            Step("hello2a", templateRef: ref, template: "random-fail-template")
            Step("hello2b", templateRef: ref, template: "random-fail-template")
          }
        }
      }
    },
    GoldenExample("upstream/retry-with-steps.yaml") {
      let randomFail = Container(
        "random-fail", image: "python:alpine3.6", command: ["python", "-c"],
        args: [
          "import random; import sys; print('retries: {{retries}}'); exit_code = random.choice([0, 1, 1]); sys.exit(exit_code)"
        ]
      )
      .retryStrategy(limit: "10")
      return Workflow(generateName: "retry-with-steps-", entrypoint: "retry-with-steps") {
        Steps("retry-with-steps") {
          Step("hello1", template: randomFail)
          Parallel {
            Step("hello2a", template: randomFail)
            Step("hello2b", template: randomFail)
          }
        }
      }
    },
    GoldenExample("upstream/k8s-patch-pod.yaml") {
      Workflow(generateName: "k8s-patch-pod-", entrypoint: "main") {
        Resource(
          "main", action: "patch",
          manifest: """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{pod.name}}
              annotations:
                foo: bar

            """)
      }
      .annotations([
        "workflows.argoproj.io/description": "This example shows a standard patch with the default mergeStrategy (strategic)\n"
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/k8s-patch-json-pod.yaml") {
      Workflow(generateName: "k8s-patch-json-pod-", entrypoint: "main") {
        Resource(
          "main", action: "patch",
          manifest: """
            - op: add
              path: /metadata/annotations/foo
              value: bar

            """, mergeStrategy: "json", flags: ["pod", "{{pod.name}}"])
      }
      .annotations(["workflows.argoproj.io/description": "This example shows a more advanced patch with json mergeStrategy\n"])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/k8s-patch-merge-pod.yaml") {
      Workflow(generateName: "k8s-patch-merge-pod-", entrypoint: "main") {
        Resource(
          "main", action: "patch",
          manifest: """
            metadata:
              annotations:
                foo: bar

            """, mergeStrategy: "merge", flags: ["pod", "{{pod.name}}"])
      }
      .annotations(["workflows.argoproj.io/description": "This example shows a more advanced JSON merge patch\n"])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/volumes-emptydir.yaml") {
      Workflow(generateName: "volumes-emptydir-", entrypoint: "volumes-emptydir-example") {
        Container(
          "volumes-emptydir-example", image: "debian:latest", command: ["/bin/bash", "-c"],
          args: [
            #" vol_found=`mount | grep /mnt/vol` && if [[ -n $vol_found ]]; then echo "Volume mounted and found"; else echo "Not found"; fi "#
          ]
        )
        .volumeMount("workdir", at: "/mnt/vol")
      }
      .volumes([Volume(name: "workdir", emptyDir: EmptyDirVolumeSource())])
    },
    GoldenExample("upstream/input-artifact-git.yaml") {
      Workflow(generateName: "input-artifact-git-", entrypoint: "git-clone") {
        shell("git-clone", image: "golang:1.10", "git status && ls && cat VERSION")
          .workingDir("/src")
          .io {
            InputArtifact(
              Artifact(
                name: "argo-source", git: GitArtifact(repo: "https://github.com/argoproj/argo-workflows.git", revision: "v2.1.1"),
                path: "/src"))
          }
      }
    },
    GoldenExample("upstream/sidecar-nginx.yaml") {
      Workflow(generateName: "sidecar-nginx-", entrypoint: "sidecar-nginx-example") {
        shell(
          "sidecar-nginx-example", image: "appropriate/curl",
          "until `curl -G 'http://127.0.0.1/' >& /tmp/out`; do echo sleep && sleep 1; done && cat /tmp/out"
        )
        .sidecars([UserContainer(name: "nginx", command: ["nginx", "-g", "daemon off;"], image: "nginx:1.13")])
      }
    },
    GoldenExample("upstream/dns-config.yaml") {
      Workflow(generateName: "test-dns-config-", entrypoint: "hello-world") {
        helloWorld.resources(limits: ["cpu": "100m", "memory": "32Mi"])
      }
      .spec {
        $0.dnsConfig = PodDNSConfig(nameservers: ["1.2.3.4"], options: [PodDNSConfigOption(name: "ndots", value: "2")])
      }
    },
    GoldenExample("upstream/input-artifact-raw.yaml") {
      Workflow(generateName: "input-artifact-raw-", entrypoint: "raw-contents") {
        shell("raw-contents", "cat /tmp/file").io {
          InputArtifact(Artifact(name: "myfile", path: "/tmp/file", raw: RawArtifact(data: "this is\nthe raw file\ncontents\n")))
        }
      }
    },
    GoldenExample("upstream/label-value-from-workflow.yaml") {
      Workflow(generateName: "label-value-from-", entrypoint: "main") {
        Container("main", image: "argoproj/argosay:v2")
      }
      .arguments(["foo": "bar"])
      .spec { $0.workflowMetadata = WorkflowMetadata(labelsFrom: ["foo": LabelValueFrom(expression: "workflow.parameters.foo")]) }
      .annotations([
        "workflows.argoproj.io/description": """
        This examples show you how to add labels based on an expression.
        You can then query workflows based on the parameters they were invoked with.
        In this specific case, the value of foo will set as a label on the workflow.

        """,
        "workflows.argoproj.io/version": ">= v3.3.0",
      ])
    },
    GoldenExample("upstream/node-selector.yaml") {
      Workflow(generateName: "node-selector-", entrypoint: "print-arch") {
        shell("print-arch", "uname -a")
          .io { Input("arch") }
          .nodeSelector(["beta.kubernetes.io/arch": "{{inputs.parameters.arch}}"])
      }
      .arguments(["arch": "amd64"])
    },
    GoldenExample("upstream/arguments-artifacts.yaml") {
      Workflow(generateName: "arguments-artifacts-", entrypoint: "kubectl-input-artifact") {
        shell("kubectl-input-artifact", image: "debian:9.4", "kubectl version").io {
          InputArtifact("kubectl", path: "/usr/local/bin/kubectl", mode: 493)
        }
      }
      .artifactArguments([
        Artifact(
          name: "kubectl",
          http: HTTPArtifact(url: "https://storage.googleapis.com/kubernetes-release/release/v1.8.0/bin/linux/amd64/kubectl"))
      ])
    },
    GoldenExample("upstream/input-artifact-gcs.yaml") {
      Workflow(generateName: "input-artifact-gcs-", entrypoint: "input-artifact-gcs-example") {
        shell("input-artifact-gcs-example", image: "debian:latest", "ls -l /my-artifact").io {
          InputArtifact(
            Artifact(
              name: "my-art",
              gcs: GCSArtifact(
                bucket: "my-bucket-name", key: "path/in/bucket",
                serviceAccountKeySecret: SecretKeySelector(name: "my-gcs-credentials", key: "serviceAccountKey")),
              path: "/my-artifact"))
        }
      }
    },
    GoldenExample("upstream/output-artifact-gcs.yaml") {
      Workflow(generateName: "output-artifact-gcs-", entrypoint: "hello-world-to-file") {
        shell("hello-world-to-file", image: "busybox", "echo hello world | tee /tmp/hello_world.txt").io {
          OutputArtifact(
            Artifact(
              name: "message",
              gcs: GCSArtifact(
                bucket: "my-bucket", key: "path/in/bucket/hello_world.txt.tgz",
                serviceAccountKeySecret: SecretKeySelector(name: "my-gcs-credentials", key: "serviceAccountKey")),
              path: "/tmp"))
        }
      }
    },
    GoldenExample("upstream/input-artifact-azure.yaml") {
      Workflow(generateName: "input-artifact-s3-", entrypoint: "input-artifact-s3-example") {
        shell("input-artifact-s3-example", image: "debian:latest", "ls -l /my-artifact").io {
          InputArtifact(
            Artifact(
              name: "my-art",
              azure: AzureArtifact(
                accountKeySecret: SecretKeySelector(name: "my-azure-credentials", key: "accountKey"), blob: "path/in/container",
                container: "my-container", endpoint: "https://myazurestorageaccountname.blob.core.windows.net"),
              path: "/my-artifact"))
        }
      }
    },
    GoldenExample("upstream/output-artifact-azure.yaml") {
      Workflow(generateName: "output-artifact-s3-", entrypoint: "hello-world-to-file") {
        shell("hello-world-to-file", image: "busybox", "echo hello world | tee /tmp/hello_world.txt").io {
          OutputArtifact(
            Artifact(
              name: "message",
              azure: AzureArtifact(
                accountKeySecret: SecretKeySelector(name: "my-azure-credentials", key: "accountKey"),
                blob: "path/in/container/hello_world.txt.tgz", container: "my-container",
                endpoint: "https://myazurestorageaccountname.blob.core.windows.net"),
              path: "/tmp"))
        }
      }
    },
    GoldenExample("upstream/exit-handler-slack.yaml") {
      Workflow(generateName: "exit-handler-slack-", entrypoint: "say-hello") {
        shell("say-hello", "echo hello")
        shell(
          "exit-handler", image: "curlimages/curl",
          #"curl -X POST --data-urlencode 'payload={ "text": "{{workflow.name}} finished", "blocks": [ { "type": "section", "text": { "type": "mrkdwn", "text": "Workflow {{workflow.name}} {{workflow.status}}", } } ] }' YOUR_WEBHOOK_URL_HERE"#
        )
      }
      .onExit("exit-handler")
    },
    GoldenExample("upstream/init-container.yaml") {
      Workflow(generateName: "init-container-", entrypoint: "init-container-example") {
        Container("init-container-example", image: "alpine:latest", command: ["echo", "bye"])
          .volumeMount("foo", at: "/foo")
          .initContainers([UserContainer(name: "hello", command: ["echo", "hello"], image: "alpine:latest", mirrorVolumeMounts: true)])
      }
      .volumes([Volume(name: "foo", emptyDir: EmptyDirVolumeSource())])
    },
    GoldenExample("upstream/life-cycle-hooks-wf-level.yaml") {
      let heads = shell("heads", image: "alpine:3.6", #"echo "it was heads""#)
      let http = HTTPTemplate(
        "http",
        url:
          "https://raw.githubusercontent.com/argoproj/argo-workflows/4e450e250168e6b4d51a126b784e90b11a0162bc/pkg/apis/workflow/v1alpha1/generated.swagger.json"
      )
      return Workflow(generateName: "lifecycle-hook-", entrypoint: "main") {
        heads
        http
        Steps("main") {
          Step("step1", template: heads)
        }
      }
      .hook("exit", template: http)
      .hook("running", template: http, expression: #"workflow.status == "Running""#)
    },
    GoldenExample("upstream/loops.yaml") {
      let printMessage = Container("print-message", image: "busybox", command: ["echo"], args: [.input("message")]) {
        Input("message")
      }
      return Workflow(generateName: "loops-", entrypoint: "loop-example") {
        printMessage
        Steps("loop-example") {
          Step("print-message-loop", template: printMessage, arguments: ["message": .item])
            .withItems(["hello world", "goodbye world"])
        }
      }
    },
  ]
}
