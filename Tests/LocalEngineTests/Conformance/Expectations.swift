/// What Argo does with each of its examples that runs here, written by us from Argo's semantics
/// (its documentation: the walk-through, DAG `depends`, conditionals, retries, exit handlers;
/// and its controller: node naming, step groups, DAG phase assessment), never from what the
/// engine happens to do. Table syntax: see ``Expectation``.
///
/// Argo's rules these tables follow:
/// - Node names: a step is `PARENT[GROUP].STEP`, a DAG task `PARENT.TASK`, an item of a loop
///   `NAME(INDEX:ITEM)` (a map item as its sorted `key:value` pairs joined by commas), a retry
///   attempt `NAME(ATTEMPT)`, an exit handler `NAME.onExit`, a container of a container set
///   `POD.CONTAINER`. A display name is the node name without the name of the node's boundary
///   (its enclosing steps or DAG) and without the `[GROUP].` or `.` that follows; a node without
///   a boundary (the root, the workflow's exit handler) shows its whole name.
/// - Steps: every group has a StepGroup node; a step whose `when` is false is a Skipped node in
///   phase Skipped; a group fails when one of its steps fails without `continueOn`, and then the
///   steps node fails and no later group is created.
/// - DAG: a task whose `depends` is not met is a Skipped node in phase Omitted; one whose `when`
///   is false is Skipped; a task with items has a TaskGroup node; the DAG's phase is that of its
///   target tasks (the leaves), an omitted target taking the phase of the branch that led to it
///   (Failed over Succeeded).
/// - `result` is the standard output without its last newline, recorded when the workflow
///   refers to it; output parameters read from files lose one trailing newline.
/// - Artifacts with a repository location (S3, GCS, Azure, HDFS, Artifactory, a plugin) are as
///   on a cluster whose repository works: the engine keeps them in the run's folder.
enum Conformance {
  static let expectations: [Expectation] = basics + stepsAndDAGs + outputsAndExits + random

  // MARK: One pod

  /// Examples whose entrypoint is a single container that succeeds.
  static let onePod: [String] = [
    "archive-location", "arguments-parameters", "arguments-parameters-from-configmap", "artifact-gc-workflow",
    "artifact-repository-ref", "cluster-workflow-template/workflow-template-ref",
    "cluster-workflow-template/workflow-template-ref-with-entrypoint-arg-passing",
    "default-pdb-support", "dns-config", "expression-destructure-json", "expression-destructure-json-complex",
    "expression-reusing-verbose-snippets", "gc-ttl", "global-parameters", "global-parameters-from-configmap",
    "global-parameters-from-configmap-referenced-as-local-variable", "hello-world", "image-pull-secrets",
    "init-container", "input-artifact-raw", "node-selector", "output-artifact-azure", "output-artifact-gcs",
    "output-artifact-s3", "pod-resources", "pod-spec-patch", "pod-spec-patch-wf-tmpl", "pod-spec-yaml-patch",
    "resource-claims",
    // Workflow-level synchronization: the mutex or semaphore is free (the semaphore's ConfigMap,
    // shown in the example's comment, allows 3), so the workflow runs at once.
    "synchronization-db-mutex-wf-level", "synchronization-db-wf-level", "synchronization-mutex-wf-level",
    "synchronization-wf-level",
    "title-and-description-with-markdown", "volumes-emptydir", "workflow-template/workflow-archive-logs",
    "workflow-template/workflow-template-ref",
    "workflow-template/workflow-template-ref-with-entrypoint-arg-passing",
  ]

  static let basics: [Expectation] =
    onePod.map { .example($0, "Succeeded", "@ | Pod | Succeeded") } + [
      .example(
        "artifact-path-placeholders", "Succeeded",
        // head -n 3 of five lines, counted by wc -l into the parameter's file.
        "@ | Pod | Succeeded | parameters.actual-lines-count=3"),
      .example(
        "memoize-simple", "Succeeded",
        // A fresh cache (the ConfigMap of the example's comment is not created): the template runs.
        "@ | Pod | Succeeded | parameters.hello=world"),
      .example(
        "timeouts-step", "Failed",
        // activeDeadlineSeconds: 10 ends `sleep 1d`: the pod fails past its deadline.
        "@ | Pod | Failed"),
    ]

  // MARK: Steps and DAGs

  /// `hello1`, then `hello2a` and `hello2b`, each of the template `leaf`.
  static func threeSteps(_ first: String, _ second: [String], type: String = "Pod") -> String {
    var rows = Rows()
    rows.add("@", "Steps", "Succeeded")
    rows.add("[0]", "StepGroup", "Succeeded")
    rows.add(first, type, "Succeeded")
    rows.add("[1]", "StepGroup", "Succeeded")
    for step in second { rows.add(step, type, "Succeeded") }
    return rows.text
  }

  /// A producer step then a consumer step, both succeeding.
  static func twoSteps(_ first: String, _ second: String, firstOutputs: String = "") -> String {
    """
    @      | Steps     | Succeeded
    [0]    | StepGroup | Succeeded
    \(first) | Pod | Succeeded\(firstOutputs.isEmpty ? "" : " | " + firstOutputs)
    [1]    | StepGroup | Succeeded
    \(second) | Pod | Succeeded
    """
  }

  /// The diamond A → (B, C) → D of pods.
  static let diamond = """
    @ | DAG | Succeeded
    A | Pod | Succeeded
    B | Pod | Succeeded
    C | Pod | Succeeded
    D | Pod | Succeeded
    """

  /// The diamond of `workflow-template/dag` and `cluster-wftmpl-dag`: C is the inner diamond.
  static let diamondWithInnerDAG = """
    @       | DAG | Succeeded
    A       | Pod | Succeeded
    B       | Pod | Succeeded
    C       | DAG | Succeeded
    inner-A | Pod | Succeeded
    inner-B | Pod | Succeeded
    inner-C | Pod | Succeeded
    inner-D | Pod | Succeeded
    D       | Pod | Succeeded
    """

  /// `hello1`; then `hello2a`, the steps template `inner-steps`, beside `hello2b`.
  static let stepsWithInnerSteps = """
    @                  | Steps     | Succeeded
    @[0]               | StepGroup | Succeeded
    hello1             | Pod       | Succeeded
    @[1]               | StepGroup | Succeeded
    hello2a            | Steps     | Succeeded
    @[1].hello2a[0]    | StepGroup | Succeeded
    inner-hello1       | Pod       | Succeeded
    @[1].hello2a[1]    | StepGroup | Succeeded
    inner-hello2a      | Pod       | Succeeded
    inner-hello2b      | Pod       | Succeeded
    hello2b            | Pod       | Succeeded
    """

  static let stepsAndDAGs: [Expectation] = [
    .example("steps", "Succeeded", threeSteps("hello1", ["hello2a", "hello2b"])),
    .example("pod-metadata", "Succeeded", "@ | Steps | Succeeded\n[0] | StepGroup | Succeeded\nhello1 | Pod | Succeeded"),
    .example("pod-metadata-wf-field", "Succeeded", "@ | Steps | Succeeded\n[0] | StepGroup | Succeeded\nhello1 | Pod | Succeeded"),
    .example(
      "workflow-template/hello-world", "Succeeded",
      "@ | Steps | Succeeded\n[0] | StepGroup | Succeeded\ncall-print-message | Pod | Succeeded"),
    .example("workflow-template/steps", "Succeeded", stepsWithInnerSteps),
    .example("cluster-workflow-template/mixed-cluster-namespaced-wftmpl-steps", "Succeeded", stepsWithInnerSteps),
    .example("artifact-passing", "Succeeded", twoSteps("generate-artifact", "consume-artifact")),
    .example("artifact-passing-explicit-plugin", "Succeeded", twoSteps("generate-artifact", "consume-artifact")),
    .example("artifact-disable-archive", "Succeeded", twoSteps("generate-artifact", "consume-artifact")),
    .example("artifactory-artifact", "Succeeded", twoSteps("generate-artifact", "consume-artifact")),
    .example("hdfs-artifact", "Succeeded", twoSteps("generate-artifact", "consume-artifact")),
    .example("volumes-pvc", "Succeeded", twoSteps("generate", "print")),
    .example("volumes-existing", "Succeeded", twoSteps("generate", "print")),
    .example("pod-resources-template-override", "Succeeded", twoSteps("small", "large")),
    .example("resource-claims-template-override", "Succeeded", twoSteps("default-device", "other-device")),
    .example(
      "artifact-passing-subpath", "Succeeded",
      """
      @                 | Steps     | Succeeded
      [0]               | StepGroup | Succeeded
      generate-artifact | Pod       | Succeeded
      [1]               | StepGroup | Succeeded
      list-artifact     | Pod       | Succeeded
      [2]               | StepGroup | Succeeded
      consume-artifact  | Pod       | Succeeded
      """),
    .example(
      "continue-on-fail", "Succeeded",
      // C fails, but continueOn.failed lets its group succeed and D run.
      """
      @   | Steps     | Succeeded
      [0] | StepGroup | Succeeded
      A   | Pod       | Succeeded
      [1] | StepGroup | Succeeded
      B   | Pod       | Succeeded
      C   | Pod       | Failed    | exitCode=1
      [2] | StepGroup | Succeeded
      D   | Pod       | Succeeded
      """),
    .example(
      "status-reference", "Succeeded",
      """
      @                | Steps     | Succeeded
      [0]              | StepGroup | Succeeded
      flakey-container | Pod       | Failed    | exitCode=1
      [1]              | StepGroup | Succeeded
      failed           | Pod       | Succeeded
      succeeded        | Skipped   | Skipped
      """),
    .example(
      "pod-gc-strategy", "Failed",
      // Both steps run in the same group; the failure fails the group, the steps and the workflow.
      """
      @       | Steps     | Failed
      [0]     | StepGroup | Failed
      fail    | Pod       | Failed    | exitCode=1
      succeed | Pod       | Succeeded
      """),
    .example(
      "pod-gc-strategy-with-label-selector", "Failed",
      """
      @                   | Steps     | Failed
      [0]                 | StepGroup | Failed
      fail                | Pod       | Failed    | exitCode=1
      succeed-deleted     | Pod       | Succeeded
      succeed-not-deleted | Pod       | Succeeded
      """),
    .example(
      "step-level-timeout", "Failed",
      // Both steps are ended by their 10 s timeout: Failed. sleep1 continues on errors only, so
      // the group fails.
      """
      @      | Steps     | Failed
      [0]    | StepGroup | Failed
      sleep1 | Pod       | Failed
      sleep2 | Pod       | Failed
      """),
    .example(
      "loops", "Succeeded",
      """
      @                                   | Steps     | Succeeded
      [0]                                 | StepGroup | Succeeded
      print-message-loop(0:hello world)   | Pod       | Succeeded
      print-message-loop(1:goodbye world) | Pod       | Succeeded
      """),
    .example(
      "loops-maps", "Succeeded",
      """
      @                                      | Steps     | Succeeded
      [0]                                    | StepGroup | Succeeded
      test-linux(0:image:debian,tag:9.1)     | Pod       | Succeeded
      test-linux(1:image:debian,tag:8.9)     | Pod       | Succeeded
      test-linux(2:image:alpine,tag:3.6)     | Pod       | Succeeded
      test-linux(3:image:ubuntu,tag:17.10)   | Pod       | Succeeded
      """),
    .example(
      "loops-param-argument", "Succeeded",
      // The template's display-name annotation may rename the nodes on screen: they are named
      // here by their node names.
      """
      @                                           | Steps     | Succeeded
      @[0]                                        | StepGroup | Succeeded
      @[0].test-linux(0:image:debian,tag:9.1)     | Pod       | Succeeded
      @[0].test-linux(1:image:debian,tag:8.9)     | Pod       | Succeeded
      @[0].test-linux(2:image:alpine,tag:3.6)     | Pod       | Succeeded
      @[0].test-linux(3:image:ubuntu,tag:17.10)   | Pod       | Succeeded
      """),
    .example("loops-sequence", "Succeeded", loopsSequence),
    .example(
      "loops-arbitrary-sequential-steps", "Failed",
      // parallelism 1 runs the items one by one; with failFast, once the fourth fails Argo's
      // parallelism check starts no further item of the template (the example says "will not run").
      """
      @                                                    | Steps     | Failed
      [0]                                                  | StepGroup | Failed
      unit-step(0:exit_code:0,message:succeeds 1)          | Pod       | Succeeded
      unit-step(1:exit_code:0,message:succeeds 2)          | Pod       | Succeeded
      unit-step(2:exit_code:0,message:succeeds 3)          | Pod       | Succeeded
      unit-step(3:exit_code:1,message:will fail and stop here) | Pod   | Failed | exitCode=1
      """),
    .example(
      "cron-backfill#backfill-v2", "Succeeded",
      // withSequence 19..21 with the format 2020-05-%02d; each item runs the template `job`.
      """
      @                        | Steps     | Succeeded
      [0]                      | StepGroup | Succeeded
      create-job(0:2020-05-19) | Pod       | Succeeded
      create-job(1:2020-05-20) | Pod       | Succeeded
      create-job(2:2020-05-21) | Pod       | Succeeded
      """),
    .example("dag-diamond", "Succeeded", diamond),
    .example("workflow-template/dag", "Succeeded", diamondWithInnerDAG),
    .example("cluster-workflow-template/cluster-wftmpl-dag", "Succeeded", diamondWithInnerDAG),
    .example(
      "dag-multiroot", "Succeeded",
      "@ | DAG | Succeeded\nA | Pod | Succeeded\nB | Pod | Succeeded\nC | Pod | Succeeded\nD | Pod | Succeeded"),
    .example(
      "dag-targets", "Succeeded",
      // target E: only E and what it depends on (C, then A) run; B and D get no node.
      "@ | DAG | Succeeded\nA | Pod | Succeeded\nC | Pod | Succeeded\nE | Pod | Succeeded"),
    .example("dag-nested", "Succeeded", dagNested),
    .example("dag-diamond-steps", "Succeeded", dagDiamondSteps),
    .example(
      "dag-continue-on-fail", "Failed",
      // D needs B.Failed and C: it runs. G needs E and F to succeed: omitted; the branch through
      // the failed E makes the DAG fail.
      """
      @ | DAG     | Failed
      A | Pod     | Succeeded
      B | Pod     | Failed    | exitCode=1
      C | Pod     | Succeeded
      D | Pod     | Succeeded
      E | Pod     | Failed    | exitCode=1
      F | Pod     | Succeeded
      G | Skipped | Omitted
      """),
    .example(
      "dag-enhanced-depends", "Succeeded",
      // C fails; `B && C` is not met (omitted), the others are. The targets (should-execute-1 and
      // should-execute-3) succeed, so the DAG does, C's failure notwithstanding.
      """
      @                  | DAG     | Succeeded
      A                  | Pod     | Succeeded
      B                  | Pod     | Succeeded
      C                  | Pod     | Failed    | exitCode=1
      should-execute-1   | Pod     | Succeeded
      should-execute-2   | Pod     | Succeeded
      should-not-execute | Skipped | Omitted
      should-execute-3   | Pod     | Succeeded
      """),
    .example(
      "dag-disable-failFast", "Failed",
      // failFast: false lets every branch run to its end: C fails its four attempts (retry
      // limit 3) while B sleeps 30 s, then D and E still run; the failed target C fails the DAG.
      """
      @    | DAG   | Failed
      A    | Pod   | Succeeded
      B    | Retry | Succeeded
      B(0) | Pod   | Succeeded
      C    | Retry | Failed
      C(0) | Pod   | Failed    | exitCode=2
      C(1) | Pod   | Failed    | exitCode=2
      C(2) | Pod   | Failed    | exitCode=2
      C(3) | Pod   | Failed    | exitCode=2
      D    | Pod   | Succeeded
      E    | Pod   | Succeeded
      """),
    .example(
      "synchronization-tmpl-level", "Succeeded",
      // A semaphore of 3 holders (the ConfigMap of the example's comment): the five sleeps of
      // 10 s run three, then two, at a time; all succeed.
      """
      @                                      | Steps     | Succeeded
      [0]                                    | StepGroup | Succeeded
      synchronization-acquire-lock(0:1)      | Pod       | Succeeded
      synchronization-acquire-lock(1:2)      | Pod       | Succeeded
      synchronization-acquire-lock(2:3)      | Pod       | Succeeded
      synchronization-acquire-lock(3:4)      | Pod       | Succeeded
      synchronization-acquire-lock(4:5)      | Pod       | Succeeded
      """),
    .example(
      "dag-task-level-timeout", "Failed",
      // Every task sleeps 15 s: B's 10 s timeout ends it (Failed), A's and C's 20 s do not.
      "@ | DAG | Failed\nA | Pod | Succeeded\nB | Pod | Failed\nC | Pod | Succeeded"),
    .example(
      "loops-dag", "Succeeded",
      """
      @        | DAG       | Succeeded
      A        | Pod       | Succeeded
      B        | TaskGroup | Succeeded
      B(0:foo) | Pod       | Succeeded
      B(1:bar) | Pod       | Succeeded
      B(2:baz) | Pod       | Succeeded
      C        | Pod       | Succeeded
      """),
    .example(
      "dag-custom-metrics", "Succeeded",
      """
      @                                        | DAG       | Succeeded
      TEST-ONE                                 | TaskGroup | Succeeded
      TEST-ONE(0:command:ONE-A,tag:TEST-ONE-A) | Pod       | Succeeded
      TEST-ONE(1:command:ONE-B,tag:TEST-ONE-B) | Pod       | Succeeded
      TEST-TWO                                 | TaskGroup | Succeeded
      TEST-TWO(0:command:TWO-A,tag:TEST-TWO-A) | Pod       | Succeeded
      TEST-TWO(1:command:TWO-B,tag:TEST-TWO-B) | Pod       | Succeeded
      """),
    .example("recursive-for-loop", "Succeeded", recursiveForLoop),
    .example(
      "container-set-template/outputs-result-workflow", "Succeeded",
      // A container set is a Pod node with a Container node for each of its containers.
      """
      @        | DAG       | Succeeded
      a        | Pod       | Succeeded | result=hi
      @.a.main | Container | Succeeded
      b        | Pod       | Succeeded
      """),
  ]

  /// loops-sequence: five loops in one group.
  static let loopsSequence: String = {
    var rows = Rows()
    rows.add("@", "Steps", "Succeeded")
    rows.add("[0]", "StepGroup", "Succeeded")
    let loops: [(String, [String])] = [
      ("sequence-count", (0...4).map(String.init)),
      ("sequence-start-end", (100...105).map(String.init)),
      ("sequence-param", (200...202).map(String.init)),
      ("sequence-negative", Tables.sequence(from: 5, to: 0).map(String.init)),
      ("sequence-format", (0...4).map { "testuser0\($0)" }),
    ]
    for (step, items) in loops {
      for (index, item) in items.enumerated() { rows.add("\(step)(\(index):\(item))", "Pod", "Succeeded") }
    }
    return rows.text
  }()

  /// dag-nested: a diamond of diamonds (display names repeat: node names).
  static let dagNested: String = {
    var rows = Rows()
    rows.add("@", "DAG", "Succeeded")
    for outer in ["A", "B", "C", "D"] {
      rows.add("@.\(outer)", "DAG", "Succeeded")
      for inner in ["A", "B", "C", "D"] { rows.add("@.\(outer).\(inner)", "Pod", "Succeeded") }
    }
    return rows.text
  }()

  /// dag-diamond-steps: a diamond whose tasks are steps echoing three items.
  static let dagDiamondSteps: String = {
    var rows = Rows()
    rows.add("@", "DAG", "Succeeded")
    for task in ["A", "B", "C", "D"] {
      rows.add("@.\(task)", "Steps", "Succeeded")
      rows.add("@.\(task)[0]", "StepGroup", "Succeeded")
      for (index, item) in [1, 2, 3].enumerated() { rows.add("@.\(task)[0].echo(\(index):\(item))", "Pod", "Succeeded") }
    }
    return rows.text
  }()

  /// recursive-for-loop: `loop` counts from 1 and calls itself while the count is below 10.
  static let recursiveForLoop: String = {
    var rows = Rows()
    rows.add("@", "Steps", "Succeeded")
    rows.add("@[0]", "StepGroup", "Succeeded")
    var level = "@[0].recurse"
    for count in 1...10 {
      rows.add(level, "Steps", "Succeeded")
      rows.add("\(level)[0]", "StepGroup", "Succeeded")
      rows.add("\(level)[0].iterate-counter", "Pod", "Succeeded", "result=\(count)")
      rows.add("\(level)[1]", "StepGroup", "Succeeded")
      if count == 10 {
        // `10 < 10` is false.
        rows.add("\(level)[1].continue", "Skipped", "Skipped")
      }
      level += "[1].continue"
    }
    return rows.text
  }()
}
