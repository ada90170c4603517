import Hera

extension Examples {
  static let upstreamTemplates: [GoldenExample] = [
    GoldenExample("upstream/pod-spec-patch-wf-tmpl.yaml") {
      Workflow(generateName: "pod-spec-patch-", entrypoint: "hello-world") {
        Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])
          .podSpecPatch(
            #"{"containers":[{"name":"main", "resources":{"limits":{"cpu": "{{workflow.parameters.cpu-limit}}" }}}]}"#)
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
      .arguments(["cpu-limit": "100m", "mem-limit": "100Mi"])
    },
    GoldenExample("upstream/synchronization-db-tmpl-level.yaml") {
      let acquire = shell("acquire-lock", "sleep 10; echo acquired lock")
        .synchronization(Synchronization(semaphores: [SemaphoreRef(database: SyncDatabaseRef(key: "template"))]))
      return Workflow(generateName: "synchronization-db-tmpl-level-", entrypoint: "synchronization-db-tmpl-level-example") {
        Steps("synchronization-db-tmpl-level-example") {
          Step("synchronization-acquire-lock", template: acquire, arguments: ["seconds": .item])
            .withParam(#"["1","2","3","4","5"]"#)
        }
      }
    },
    GoldenExample("upstream/synchronization-tmpl-level.yaml") {
      let acquire = shell("acquire-lock", "sleep 10; echo acquired lock").semaphore(configMap: "my-config", key: "template")
      return Workflow(generateName: "synchronization-tmpl-level-", entrypoint: "synchronization-tmpl-level-example") {
        Steps("synchronization-tmpl-level-example") {
          Step("synchronization-acquire-lock", template: acquire, arguments: ["seconds": .item])
            .withParam(#"["1","2","3","4","5"]"#)
        }
      }
    },
    GoldenExample("upstream/secrets.yaml") {
      Workflow(generateName: "secrets-", entrypoint: "print-secret") {
        shell(
          "print-secret", image: "alpine:3.7",
          #" echo "secret from env: $MYSECRETPASSWORD"; echo "secret from file: `cat /secret/mountpath/mypassword`" "#
        )
        .env("MYSECRETPASSWORD", secret: "my-secret", key: "mypassword")
        .volumeMount("my-secret-vol", at: "/secret/mountpath")
      }
      .volumes([Volume(name: "my-secret-vol", secret: SecretVolumeSource(secretName: "my-secret"))])
    },
    GoldenExample("upstream/sidecar-dind.yaml") {
      Workflow(generateName: "sidecar-dind-", entrypoint: "dind-sidecar-example") {
        shell(
          "dind-sidecar-example", image: "docker:19.03.13",
          "until docker ps; do sleep 3; done; docker run --rm debian:latest cat /etc/os-release"
        )
        .env(["DOCKER_HOST": "127.0.0.1"])
        .sidecars([
          UserContainer(
            name: "dind", command: ["dockerd-entrypoint.sh"], env: [EnvVar(name: "DOCKER_TLS_CERTDIR", value: "")],
            image: "docker:19.03.13-dind", mirrorVolumeMounts: true, securityContext: SecurityContext(privileged: true))
        ])
      }
    },
    GoldenExample("upstream/output-artifact-s3.yaml") {
      Workflow(generateName: "output-artifact-s3-", entrypoint: "hello-world-to-file") {
        shell("hello-world-to-file", image: "busybox", "echo hello world | tee /tmp/hello_world.txt").io {
          OutputArtifact(
            Artifact(
              name: "message", path: "/tmp",
              s3: S3Artifact(
                accessKeySecret: SecretKeySelector(name: "my-s3-credentials", key: "accessKey"), bucket: "my-bucket",
                endpoint: "s3.amazonaws.com", key: "path/in/bucket/hello_world.txt.tgz", region: "us-west-2",
                secretKeySecret: SecretKeySelector(name: "my-s3-credentials", key: "secretKey"))))
        }
      }
    },
    GoldenExample("upstream/parallelism-limit.yaml") {
      let sleep = Container("sleep", image: "alpine:latest", command: ["sh", "-c", "sleep 10"])
      return Workflow(generateName: "parallelism-limit-", entrypoint: "parallelism-limit") {
        sleep
        Steps("parallelism-limit") {
          Step("sleep", template: sleep)
            .withItems(["this", "workflow", "should", "take", "at", "least", 60, "seconds", "to", "complete"] as [Item])
        }
      }
      .parallelism(2)
    },
    GoldenExample("upstream/parallelism-template-limit.yaml") {
      let sleep = Container("sleep", image: "alpine:latest", command: ["sh", "-c", "sleep 10"])
      return Workflow(generateName: "parallelism-template-limit-", entrypoint: "parallelism-template-limit") {
        sleep
        Steps("parallelism-template-limit") {
          Step("sleep", template: sleep)
            .withItems(["this", "workflow", "should", "take", "at", "least", 60, "seconds", "to", "complete"] as [Item])
        }
        .parallelism(2)
      }
    },
    GoldenExample("upstream/artifact-gc-workflow.yaml") {
      Workflow(generateName: "artifact-gc-", entrypoint: "main") {
        shell(
          "main", image: "argoproj/argosay:v2",
          """
          echo "hello world" > /tmp/on-completion.txt
          echo "hello world" > /tmp/on-deletion.txt

          """
        ).io {
          OutputArtifact(
            Artifact(
              name: "on-completion", artifactGC: ArtifactGC(strategy: "OnWorkflowCompletion"), path: "/tmp/on-completion.txt",
              s3: S3Artifact(key: "on-completion.txt")))
          OutputArtifact(Artifact(name: "on-deletion", path: "/tmp/on-deletion.txt", s3: S3Artifact(key: "on-deletion.txt")))
        }
      }
      .spec { $0.artifactGC = WorkflowLevelArtifactGC(strategy: "OnWorkflowDeletion") }
    },
    GoldenExample("upstream/workflow-event-binding--event-consumer-workflowtemplate.yaml") {
      let argosay = Container(
        "argosay", image: "argoproj/argosay:v2",
        args: ["echo", "\(ArgoString.input("salutation")) \(ArgoString.input("appellation"))"]
      ) {
        Input("salutation")
        Input("appellation")
      }
      return .workflowTemplate(
        WorkflowTemplate(name: "event-consumer", entrypoint: "main") {
          argosay
          Steps("main") {
            Step(
              "a", template: argosay,
              arguments: ["salutation": .workflowParameter("salutation"), "appellation": .workflowParameter("appellation")])
          }
        }
        .arguments(["salutation": "hello"]))
    },
    GoldenExample("upstream/container-set-template--workspace-workflow.yaml") {
      Workflow(generateName: "workspace-", entrypoint: "main") {
        ContainerSet(
          "main",
          containers: [
            ContainerNode(name: "a", args: ["echo", "hi", "/workspace/out"], image: "argoproj/argosay:v2"),
            ContainerNode(name: "main", image: "argoproj/argosay:v2"),
          ],
          volumeMounts: [VolumeMount(name: "workspace", mountPath: "/workspace")]
        ) {
          OutputArtifact("out", path: "/workspace/out")
          Output("out", path: "/workspace/out")
        }
        .volumes([Volume(name: "workspace", emptyDir: EmptyDirVolumeSource())])
      }
    },
    GoldenExample("upstream/pod-gc-strategy.yaml") {
      let fail = shell("fail", image: "alpine:3.7", "exit 1")
      let succeed = shell("succeed", image: "alpine:3.7", "exit 0")
      return Workflow(generateName: "pod-gc-strategy-", entrypoint: "pod-gc-strategy") {
        Steps("pod-gc-strategy") {
          Parallel {
            Step("fail", template: fail)
            Step("succeed", template: succeed)
          }
        }
      }
      .podGC("OnPodSuccess", deleteDelayDuration: "30s")
    },
    GoldenExample("upstream/conditionals.yaml") {
      let argosay = shell("argosay", image: "argoproj/argosay:v1", "cowsay hello")
      return Workflow(generateName: "conditional-", entrypoint: "conditional-example") {
        Steps("conditional-example") {
          Parallel {
            Step("print-hello-govaluate", template: argosay).when("\(ArgoString.input("should-print")) == true")
            Step("print-hello-expr", template: argosay).when(#"{{= inputs.parameters["should-print"] == 'true'}}"#)
            Step("print-hello-expr-json", template: argosay)
              .when("{{=jsonpath(workflow.parameters.json, '$[0].value') == 'true'}}")
          }
        } io: {
          Input("should-print")
        }
      }
      .arguments(["should-print": "true"])
    },
    GoldenExample("upstream/hello-hybrid.yaml") {
      let win = Container(
        "hello-win", image: "mcr.microsoft.com/windows/nanoserver:1809", command: ["cmd", "/c"],
        args: ["echo", "Hello from Windows Container!"]
      )
      .nodeSelector(["kubernetes.io/os": "windows"])
      let linux = Container("hello-linux", image: "alpine", command: ["echo"], args: ["Hello from Linux Container!"])
        .nodeSelector(["kubernetes.io/os": "linux"])
      return Workflow(generateName: "hello-hybrid-", entrypoint: "mytemplate") {
        Steps("mytemplate") {
          Step("step1", template: win)
          Step("step2", template: linux)
        }
      }
    },
    GoldenExample("upstream/k8s-owner-reference.yaml") {
      Workflow(generateName: "k8s-owner-reference-", entrypoint: "main") {
        Resource(
          "main", action: "create",
          manifest: """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              generateName: owned-eg-
            spec:
              entrypoint: main
              templates:
                - name: main
                  container:
                    image: argoproj/argosay:v2
            """, setOwnerReference: true)
      }
      .annotations([
        "workflows.argoproj.io/description": """
        This example creates a Kubernetes resource that will be deleted
        when the workflow is deleted via Kubernetes GC.

        A workflow is used for this example, but the same approach would apply
        to other resource types.

        https://kubernetes.io/docs/concepts/workloads/controllers/garbage-collection/

        """
      ])
      .labels(["workflows.argoproj.io/test": "true"])
    },
    GoldenExample("upstream/template-on-exit.yaml") {
      let exitContainer = Container("exitContainer", image: "busybox", command: ["echo"], args: ["goodbye world"])
      let hello = Container("hello-world", image: "busybox", command: ["echo"], args: ["hello world"])
      return Workflow(generateName: "container-on-exit-", entrypoint: "step-template") {
        exitContainer
        hello
        Steps("step-template") {
          Step("stepA", template: hello).hook("exit", template: exitContainer)
          Step("stepB", template: hello).hook("exit", template: exitContainer)
        }
      }
    },
    GoldenExample("upstream/timeouts-workflow.yaml") {
      let sleep = Container("sleep", image: "debian:9.5-slim", command: ["sleep", "1d"])
      let unschedulable = Container("unschedulable", image: "alpine:latest")
        .nodeSelector(["beta.kubernetes.io/arch": "no-such-arch"])
      return Workflow(generateName: "timeouts-workflow-", entrypoint: "bunch-of-sleeps") {
        sleep
        unschedulable
        Steps("bunch-of-sleeps") {
          Parallel {
            Step("sleep-one-day", template: sleep).withItems([1, 2, 3])
            Step("unschedulable", template: unschedulable).withItems([1, 2, 3])
          }
        }
      }
      .activeDeadlineSeconds(30)
    },
  ]
}
