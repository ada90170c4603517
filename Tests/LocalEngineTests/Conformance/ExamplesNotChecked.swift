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
  static let deviations: [KnownDeviation] = []
}
