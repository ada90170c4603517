import ArgoModel
import Foundation
import LocalEngine
import Testing

/// How Argo's controller ends what it cannot execute, and the retries Argo makes that are not a
/// template's `retryStrategy` of pods: a daemon that fails once up, a container set's own
/// retries.
@Suite("Runs Argo's controller cannot execute, and retries in place")
struct ControllerErrorTests {
  @Test("a spec the check refuses ends Failed with 'invalid spec', no node made, no exit handler run")
  func invalidSpec() async throws {
    var run = try HostRun()
    run.validate = { workflow in workflow.spec.entrypoint == "main" ? "the entrypoint is called main, which this check refuses" : nil }
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: refused}
      spec:
        entrypoint: main
        onExit: bye
        templates:
        - name: main
          container: {image: busybox, command: [sh, -c, "echo hello"]}
        - name: bye
          container: {image: busybox, command: [sh, -c, "echo bye"]}
      """)
    #expect(workflow.phase == "Failed")
    #expect(workflow.status?.message == "invalid spec: the entrypoint is called main, which this check refuses")
    #expect((workflow.status?.nodes ?? [:]).isEmpty)
    #expect(workflow.status?.finishedAt != nil)
  }

  @Test("an entry template whose pod cannot be made errors the workflow, and the exit handler does not run")
  func entryPodCannotBeMade() async throws {
    let workflow = try await HostRun().run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: no-volume}
      spec:
        entrypoint: main
        onExit: bye
        templates:
        - name: main
          container:
            image: busybox
            command: [sh, -c, "echo hello"]
            volumeMounts: [{name: foo, mountPath: /foo}]
        - name: bye
          container: {image: busybox, command: [sh, -c, "echo bye"]}
      """)
    #expect(workflow.phase == "Error")
    #expect(workflow.status?.message?.hasPrefix("error in entry template execution: volume 'foo' not found in workflow spec") == true)
    #expect(workflow.node("no-volume")?.phase == "Error")
    #expect(workflow.node("no-volume.onExit") == nil)
  }

  @Test("an exit handler whose pod cannot be made errors the workflow (Argo's words, space before the colon)")
  func exitPodCannotBeMade() async throws {
    let workflow = try await HostRun().run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: no-volume-at-exit}
      spec:
        entrypoint: main
        onExit: bye
        templates:
        - name: main
          container: {image: busybox, command: [sh, -c, "echo hello"]}
        - name: bye
          container:
            image: busybox
            command: [sh, -c, "echo bye"]
            volumeMounts: [{name: foo, mountPath: /foo}]
      """)
    #expect(workflow.phase == "Error")
    #expect(workflow.status?.message?.hasPrefix("error in exit template execution : volume 'foo' not found") == true)
    #expect(workflow.node("no-volume-at-exit")?.phase == "Succeeded")
  }

  @Test("a step whose pod cannot be made errors its step group with the reason; a pod that ran and failed does not")
  func stepPodCannotBeMade() async throws {
    let workflow = try await HostRun().run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: steps}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: broken, template: broken}
        - name: broken
          container:
            image: busybox
            command: [sh, -c, "echo never"]
            volumeMounts: [{name: foo, mountPath: /foo}]
      """)
    #expect(workflow.phase == "Failed")
    let group = (workflow.status?.nodes ?? [:]).values.first { $0.type == "StepGroup" }
    #expect(group?.message?.hasPrefix("step group deemed errored due to child steps[0].broken error: volume 'foo' not found") == true)
    // The workflow ends as its entry's steps end, not as a template Argo could not execute.
    #expect(workflow.status?.message?.contains("error in entry template execution") != true)
  }

  @Test("a DAG task whose template cannot be executed errors as Argo says it (task 'NODE' errored: …); the failed DAG has no message")
  func dagTaskCannotBeExecuted() async throws {
    let workflow = try await HostRun().run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: dag}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            failFast: false
            tasks:
            - {name: no-volume, template: no-volume}
            - {name: retried, template: retried-no-volume}
            - {name: bad-when, template: ok, when: "{{=nosuchfunction(1)}} == 1"}
            - {name: fine, template: ok}
        - name: no-volume
          container:
            image: busybox
            command: [sh, -c, "echo never"]
            volumeMounts: [{name: foo, mountPath: /foo}]
        - name: retried-no-volume
          retryStrategy: {limit: 1}
          container:
            image: busybox
            command: [sh, -c, "echo never"]
            volumeMounts: [{name: bar, mountPath: /bar}]
        - name: ok
          container: {image: busybox, command: [sh, -c, "echo ok"]}
      """)
    #expect(workflow.phase == "Error")
    #expect(workflow.node("no-volume")?.message?.hasPrefix("task 'dag.no-volume' errored: volume 'foo' not found in workflow spec") == true)
    // A retry node whose policy does not retry errors ends on its attempt's error: the task's.
    #expect(workflow.node("retried")?.message?.hasPrefix("task 'dag.retried' errored: volume 'bar' not found") == true)
    #expect(workflow.node("retried(0)")?.message?.hasPrefix("volume 'bar' not found") == true)
    // An error of the DAG's own `when` is not one of executing the template.
    #expect(workflow.node("bad-when")?.phase == "Error")
    #expect(workflow.node("bad-when")?.message?.hasPrefix("task ") == false)
    #expect(workflow.node("fine")?.phase == "Succeeded")
    #expect(workflow.node("dag")?.message == nil)
    #expect(workflow.status?.message == nil)
  }

  @Test("with a policy that retries errors, a pod that cannot be made is retried, and the error stays the retry node's")
  func retriedCreationError() async throws {
    let workflow = try await HostRun().run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: retried}
      spec:
        entrypoint: main
        templates:
        - name: main
          retryStrategy: {limit: 1, retryPolicy: OnError}
          container:
            image: busybox
            command: [sh, -c, "echo never"]
            volumeMounts: [{name: foo, mountPath: /foo}]
      """)
    #expect(workflow.phase == "Error")
    #expect(workflow.status?.message?.contains("error in entry template execution") != true)
    #expect(workflow.node("retried(0)")?.phase == "Error")
    #expect(workflow.node("retried(1)")?.phase == "Error")
  }

  @Test("a daemon that fails once up is retried by its strategy; the DAG ends when its tasks do, and stops the new attempt")
  func daemonRetry() async throws {
    let workflow = try await HostRun().run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: daemon-retry}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: daemoned, template: daemoned}
            - {name: user, dependencies: [daemoned], template: user}
        - name: daemoned
          retryStrategy: {limit: 2}
          daemon: true
          container:
            image: busybox
            command: [sh, -c]
            args: ['if [ "{{retries}}" -eq 0 ]; then sleep 1; exit 1; else sleep 60; exit 1; fi']
        - name: user
          container: {image: busybox, command: [sh, -c, "sleep 3"]}
      """)
    #expect(
      workflow.phase == "Succeeded",
      "\((workflow.status?.nodes ?? [:]).values.map { "\($0.displayName ?? "") \($0.phase ?? "") \($0.message ?? "")" })")
    #expect(workflow.node("daemoned(0)")?.phase == "Failed")
    #expect(workflow.node("daemoned(1)")?.phase == "Succeeded")
    #expect(workflow.node("daemoned(2)") == nil)
    #expect(workflow.node("user")?.phase == "Succeeded")
  }

  static func containerSet(retries: Int, duration: String = "100ms") -> String {
    """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: set-retries}
    spec:
      entrypoint: main
      templates:
      - name: main
        containerSet:
          retryStrategy: {retries: \(retries), duration: "\(duration)"}
          containers:
          - name: main
            image: busybox
            command: [sh, -c]
            args: ['echo run; if test -f runs-here; then exit 0; else touch runs-here; exit 1; fi']
    """
  }

  @Test("a container set's retries run the failed command again where its files are, as Argo's executor does")
  func containerSetRetries() async throws {
    let twice = try await HostRun().run(Self.containerSet(retries: 2))
    #expect(twice.phase == "Succeeded", "\(twice.status?.message ?? "")")
    #expect(twice.node("set-retries")?.outputs?.result == "run\nrun")
    // `retries` counts every run, as Argo's executor counts them: 1 is a single run.
    let once = try await HostRun().run(Self.containerSet(retries: 1))
    #expect(once.phase == "Failed")
  }

  @Test("a container set's retry duration that is not one fails the pod, saying how to write it")
  func containerSetBadDuration() async throws {
    let workflow = try await HostRun().run(Self.containerSet(retries: 2, duration: "soon"))
    #expect(workflow.phase == "Error")
    #expect(workflow.node("set-retries")?.message?.contains("duration soon is not a positive duration") == true)
  }
}
