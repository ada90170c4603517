extension Conformance {
  static let needsCluster = "needs a cluster: resource template"
  static let needsNetwork = "needs the network"
  static let needsImage = "needs an image's own programs"
  static let needsPerson = "waits for a person: a suspend without a duration"
  static let tooLong = "takes longer than the suite allows"

  /// The examples that cannot run on this machine, and why. They still run (every run must end
  /// with a phase and explain its failures), but their outcome is not compared with Argo's.
  static let cannotRun: [String: String] = [
    "arguments-artifacts": "\(needsNetwork): an HTTP input artifact (kubectl from storage.googleapis.com)",
    "ci": "\(needsNetwork): a git input artifact; and golang's programs",
    "ci-output-artifact": "\(needsNetwork): a git input artifact; and golang's programs",
    "colored-logs": "\(tooLong): prints for 100 s",
    "conditionals": "\(needsImage): cowsay (argoproj/argosay:v1)",
    "container-set-template/graph-workflow": "\(needsImage): argosay, the containers have no command",
    "container-set-template/parallel-workflow": "\(needsImage): argosay, the containers have no command",
    "container-set-template/sequence-workflow": "\(needsImage): argosay, the containers have no command",
    "container-set-template/workspace-workflow": "\(needsImage): argosay's echo that writes a file",
    "cron-backfill#backfill-v1": needsCluster,
    "daemon-nginx": "\(needsImage): nginx, and curl in its image",
    "daemon-step": "\(needsImage): influxdb, and curl in its image",
    "daemoned-stateful-set-with-service": needsCluster,
    "dag-daemon-retry-strategy": "\(needsImage): nginx, and curl in its image",
    "dag-daemon-task": "\(needsImage): influxdb, and curl in its image",
    "dag-inline-workflow": "\(needsImage): argosay, the inline container has no command",
    "data-transformations": "\(needsNetwork): a data template listing an S3 bucket",
    "exit-handler-slack": "\(needsNetwork): posts to a Slack webhook",
    "expression-tag-template-workflow": "\(needsImage): argosay's echo that writes a file",
    "forever": "\(tooLong): counts for 1000 s",
    "fun-with-gifs": "\(needsImage): aws-cli, imagemagick, gifsicle; and the network (S3)",
    "hello-hybrid": "needs a Windows node (nodeSelector kubernetes.io/os: windows)",
    "hello-windows": "needs a Windows node (nodeSelector kubernetes.io/os: windows)",
    "http-hello-world": "\(needsNetwork): HTTP templates",
    "http-success-condition": "\(needsNetwork): HTTP templates",
    "influxdb-ci": "\(needsNetwork): a git input artifact; and golang's and influxdb's programs",
    "input-artifact-azure": "\(needsNetwork): an Azure input artifact",
    "input-artifact-gcs": "\(needsNetwork): a GCS input artifact",
    "input-artifact-git": "\(needsNetwork): a git input artifact",
    "input-artifact-http": "\(needsNetwork): an HTTP input artifact",
    "input-artifact-oss": "\(needsNetwork): an OSS input artifact",
    "input-artifact-s3": "\(needsNetwork): an S3 input artifact",
    "intermediate-parameters": needsPerson,
    "k8s-jobs": needsCluster,
    "k8s-orchestration": needsCluster,
    "k8s-owner-reference": needsCluster,
    "k8s-patch-json-pod": needsCluster,
    "k8s-patch-json-workflow": needsCluster,
    "k8s-patch-merge-pod": needsCluster,
    "k8s-patch-pod": needsCluster,
    "k8s-resource-log-selector": needsCluster,
    "k8s-set-owner-reference": needsCluster,
    "k8s-wait-wf": needsCluster,
    "key-only-artifact": "\(needsImage): argosay's echo that writes a file, and its cat",
    "label-value-from-workflow": "\(needsImage): argosay, the container has no command",
    "life-cycle-hooks-tmpl-level": "\(needsNetwork): its hooks are HTTP templates",
    "life-cycle-hooks-wf-level": "\(needsNetwork): its hooks are HTTP templates",
    "loops-param-result": "\(tooLong): eleven sleeps of 20 to 30 s",
    "parallelism-limit": "\(tooLong): ten sleeps of 10 s, two at a time",
    "parallelism-nested": "\(tooLong): sixteen sleeps of 10 s, four at a time",
    "parallelism-nested-dag": "\(tooLong): sleeps of 10 s, two at a time",
    "parallelism-nested-workflow": "\(tooLong): eight sleeps of 30 s, one item at a time",
    "parallelism-template-limit": "\(tooLong): ten sleeps of 10 s, two at a time",
    "resource-delete-with-flags": needsCluster,
    "resource-flags": needsCluster,
    "retry-backoff": "\(tooLong): random failures retried with a back-off of up to a minute",
    "secrets": "needs the Secret my-secret, which the examples do not define",
    "sidecar": "\(needsNetwork): apk add; and influxdb's programs in a sidecar",
    "sidecar-dind": "\(needsImage): docker in docker, in a privileged sidecar",
    "sidecar-nginx": "\(needsImage): nginx in a sidecar, and curl in its image",
    "steps-daemon-retry-strategy": "\(needsImage): nginx, and curl in its image",
    "steps-inline-workflow": "\(needsImage): argosay, the inline container has no command",
    "suspend-template": needsPerson,
    "suspend-template-outputs": needsPerson,
    "synchronization-db-mutex-tmpl-level": "\(tooLong): sleeps of 20 and 50 s one at a time",
    "synchronization-db-tmpl-level": "\(tooLong): five sleeps of 10 s behind a semaphore",
    "synchronization-mutex-tmpl-level": "\(tooLong): sleeps of 20 and 50 s one at a time",
    "timeouts-workflow": "needs unschedulable pods (nodeSelector no-such-arch) and an image's own program; lasts 30 s",
    "variables-showcase": "\(needsImage): its daemon serves with nc, which this machine does not have",
    "webhdfs-input-output-artifacts": "\(needsNetwork): an HTTP input artifact with OAuth",
    "workflow-level-executor-plugin": "needs an executor plugin (a sidecar the controller talks to)",
    "workflow-of-workflows": needsCluster,
  ]

  /// Examples that run here but whose outcome is not checked, and why.
  static let notChecked: [String: String] = [
    "template-defaults": """
      random, and unsure: templateDefaults put the retryStrategy (and the timeout) on every template, \
      the steps template too; we do not know the node tree Argo then makes
      """
  ]

  /// Examples the host runner cannot run as Argo would, though containers can.
  static let hostCannotRun: [String: String] = [
    "volumes-emptydir": "looks for its volume in /proc/mounts, where a host process cannot see it",
    // argosay's `echo MESSAGE` prints the message, as the test image's echo does.
    "skipped-output-defaults/consumer-input-default": "\(needsImage): the consumer has args and no command (argosay)",
    "skipped-output-defaults/producer-output-default": "\(needsImage): the consumer has args and no command (argosay)",
  ]

  /// Examples that take longer than the usual time limit, with theirs.
  static let longerLimits: [String: Duration] = [
    "dag-task-level-timeout": .seconds(50),
    "step-level-timeout": .seconds(30),
    "timeouts-step": .seconds(30),
    "default-pdb-support": .seconds(30),
    "dag-disable-failFast": .seconds(70),
    "synchronization-tmpl-level": .seconds(50),
  ]

  /// Where the engine is known to differ from Argo (see ``KnownDeviation``); each is described
  /// with its evidence in the engine's report of the conformance work.
  static let deviations: [KnownDeviation] = [
    // Argo resolves `template: NAME` inside a template reached through a templateRef in that
    // WorkflowTemplate (templateresolution.Context); the engine looks for NAME in the workflow.
    KnownDeviation(
      example: "workflow-template/dag", nodes: ["(workflow)", "@", "C", "inner-B", "inner-C", "inner-D", "D"],
      reason: "`template:` inside a templateRef'd template is looked up in the workflow, not in its WorkflowTemplate"),
    KnownDeviation(
      example: "cluster-workflow-template/cluster-wftmpl-dag", nodes: ["(workflow)", "@", "C", "inner-B", "inner-C", "inner-D", "D"],
      reason: "`template:` inside a templateRef'd template is looked up in the workflow, not in its ClusterWorkflowTemplate"),
    KnownDeviation(
      example: "workflow-template/steps", nodes: ["(workflow)", "@", "@[1]", "hello2a", "@[1].hello2a[1]", "inner-hello2b"],
      reason: "`template:` inside a templateRef'd template is looked up in the workflow, not in its WorkflowTemplate"),
    // Argo's DAG failFast only decides the DAG's phase (assessDAGPhase) once every started task
    // has ended; tasks whose `depends` is met still start. The engine starts no task after a failure.
    KnownDeviation(
      example: "dag-continue-on-fail", nodes: ["D"],
      reason: "after a task fails, the engine starts no further task (D, whose depends B.Failed && C is met)"),
    KnownDeviation(
      example: "dag-enhanced-depends", nodes: ["(workflow)", "@", "should-execute-1", "should-execute-2", "should-execute-3"],
      reason: "after C fails, the engine starts no further task, though their depends are met; Argo's e2e tests expect success"),
    // A template with failFast and parallelism: after the fourth item fails, the engine starts no
    // item and never ends the step group.
    KnownDeviation(
      example: "loops-arbitrary-sequential-steps", nodes: ["(workflow)", "@", "[0]"],
      reason: "failFast with parallelism 1: after an item fails the step group never ends (the run hangs)"),
    // Argo substitutes an exit hook's arguments with the outputs of the node it hooks
    // (resolveExitTmplArgument: steps.NAME.outputs.parameters/artifacts).
    KnownDeviation(
      example: "exit-handler-with-param", nodes: ["step-1.onExit"],
      reason: "an exit hook's argument {{steps.step-1.outputs.parameters.result}} is passed unresolved"),
    KnownDeviation(
      example: "exit-handler-with-artifacts", nodes: ["step-1.onExit"],
      reason: "an exit hook's artifact argument from {{steps.step-1.outputs.artifacts.result}} is not resolved (Error)"),
    // Argo substitutes the globals, workflow.outputs.parameters included, into a template's
    // input parameter values.
    KnownDeviation(
      example: "global-outputs",
      nodes: ["@[1].consume-globals[0].consume-global-param", "@.onExit[0].consume-global-param"],
      reason: "an input parameter's value {{workflow.outputs.parameters.my-global-param}} is not substituted"),
    // A task's artifact argument `s3.key: ".../{{item}}.json"` keeps {{item}}; and a key-only
    // artifact is looked up among the artifacts saved whole, not inside a saved directory.
    KnownDeviation(
      example: "map-reduce", nodes: ["(workflow)", "@", "map", "map(0:0)", "map(1:1)", "map(2:2)", "map(3:3)", "reduce"],
      reason: "{{item}} is not substituted in an artifact argument's key (map's s3.key)"),
    // Argo's executeContainerSet makes a node of type Container for each container of a set,
    // named POD.CONTAINER, bounded by the pod's node; the engine makes the pod's node only.
    KnownDeviation(
      example: "container-set-template/outputs-result-workflow", nodes: ["@.a.main"],
      reason: "a container set has no Container node for each of its containers"),
    // Argo gives a parameter referring to a skipped task's missing output the input's default.
    KnownDeviation(
      example: "skipped-output-defaults/consumer-input-default", nodes: ["(workflow)", "@", "consumer"],
      reason: "a reference to a skipped task's output fails (unresolved variable) instead of taking the input's default"),
  ]
}
