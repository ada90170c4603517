import ArgoModel
import Foundation
import Testing

@testable import LocalEngine

#if canImport(Glibc)
  import Glibc
#endif

/// A run of a workflow on this machine with the host runner, in a folder of its own.
struct HostRun {
  let folder: Scratch
  let store: RunStore
  var resources = LocalResources()
  var workflowTemplates: [String: WorkflowTemplate] = [:]
  /// The check of the spec before the run starts (`LocalRunOptions.validate`).
  var validate: (@Sendable (Workflow) -> String?)?

  init() throws {
    folder = try Scratch()
    store = RunStore(root: folder.directory.appendingPathComponent(".hera"))
  }

  /// Runs the first Workflow of `yaml`, with the other documents as templates and resources.
  func run(_ yaml: String, parameters: [String: String] = [:], control: (@Sendable (LocalRun) async -> Void)? = nil) async throws
    -> Workflow
  {
    let documents = try ManifestReader().read(yaml).map(\.manifest)
    guard case .workflow(var workflow) = documents.first(where: { if case .workflow = $0 { return true } else { return false } }) else {
      throw SchedulerError("no workflow in the test's YAML")
    }
    for (name, value) in parameters {
      if let index = workflow.spec.arguments?.parameters?.firstIndex(where: { $0.name == name }) {
        workflow.spec.arguments?.parameters?[index].value = AnyString(value)
      }
    }
    var templates = workflowTemplates
    for case .workflowTemplate(let template) in documents { templates[template.metadata.name ?? ""] = template }
    let given = LocalResources(manifests: documents)
    let resources = LocalResources(
      configMaps: self.resources.configMaps.merging(given.configMaps) { $1 }, secrets: self.resources.secrets.merging(given.secrets) { $1 })
    let prepared = try LocalRun.prepare(workflow, workflowTemplates: templates)
    let run = try LocalRun(
      workflow: prepared,
      options: LocalRunOptions(
        store: store, resources: resources, parallelism: 4, workflowTemplates: templates, validate: validate,
        runner: { _ in HostRunner(gracePeriod: .seconds(1)) }))
    if let control { Task { await control(run) } }
    return await run.run()
  }

  /// A saved run, resumed.
  func resume(_ name: String) async throws -> Workflow {
    let saved = LocalRun.resumable(try store.load(name))
    let run = try LocalRun(workflow: saved, options: LocalRunOptions(store: store, runner: { _ in HostRunner() }))
    return await run.run()
  }

  func log(_ workflow: Workflow, _ displayName: String) throws -> [String] {
    guard let node = workflow.node(displayName) else { return [] }
    let text = try String(contentsOf: store.logFile(workflow.metadata.name ?? "", nodeID: node.id), encoding: .utf8)
    return text.split(separator: "\n").map { line in line.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? "" }
  }
}

extension Workflow {
  func node(_ displayName: String) -> NodeStatus? {
    (status?.nodes ?? [:]).values.sorted { $0.name < $1.name }.first { $0.displayName == displayName }
  }

  func phase(_ displayName: String) -> String? { node(displayName)?.phase }
  var phase: String? { status?.phase }
}

@Suite("Local runs with the host runner")
struct LocalRunTests {
  @Test("a DAG passes results, files and artifacts; fan-outs, when and skipped tasks as Argo has them")
  func dagEndToEnd() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: e2e-}
      spec:
        entrypoint: main
        arguments:
          parameters: [{name: greeting, value: bonjour}]
        templates:
        - name: main
          dag:
            tasks:
            - {name: hello, template: say, arguments: {parameters: [{name: text, value: "{{workflow.parameters.greeting}}"}]}}
            - {name: write, template: write, depends: hello, arguments: {parameters: [{name: text, value: "{{tasks.hello.outputs.result}}"}]}}
            - name: fan
              template: say
              depends: write
              arguments: {parameters: [{name: text, value: "{{item.city}}-{{item.n}}"}]}
              withItems: [{city: lyon, n: 1}, {city: paris, n: 2}]
            - name: read
              template: cat
              depends: write
              arguments: {artifacts: [{name: data, from: "{{tasks.write.outputs.artifacts.data}}"}]}
            - {name: never, template: say, depends: read, when: "{{tasks.write.outputs.parameters.size}} > 99", arguments: {parameters: [{name: text, value: x}]}}
            - {name: total, template: say, depends: "fan && never.Skipped", arguments: {parameters: [{name: text, value: "{{tasks.fan.outputs.result}}"}]}}
        - name: say
          inputs: {parameters: [{name: text}]}
          container: {image: alpine, command: [echo, "{{inputs.parameters.text}}"]}
        - name: write
          inputs: {parameters: [{name: text}]}
          script:
            image: alpine
            command: [sh]
            source: |
              mkdir -p /tmp/out
              printf '%s world' "{{inputs.parameters.text}}" > /tmp/out/data.txt
              printf 13 > /tmp/size
          outputs:
            parameters: [{name: size, valueFrom: {path: /tmp/size}}]
            artifacts: [{name: data, path: /tmp/out/data.txt}]
        - name: cat
          inputs: {artifacts: [{name: data, path: /in/data.txt}]}
          container: {image: alpine, command: [cat, /in/data.txt]}
      """)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.message ?? "")")
    #expect(workflow.node("hello")?.outputs?.result == "bonjour")
    #expect(workflow.node("write")?.outputs?.parameters?.first?.value == "13")
    #expect(workflow.node("read")?.outputs?.result == "bonjour world")
    #expect(workflow.node("fan(0:city:lyon,n:1)")?.outputs?.result == "lyon-1")
    #expect(workflow.node("fan(1:city:paris,n:2)")?.outputs?.result == "paris-2")
    #expect(workflow.phase("never") == "Skipped")
    #expect(workflow.node("never")?.message == "when '13 > 99' evaluated false")
    #expect(workflow.node("total")?.outputs?.result == #"["lyon-1","paris-2"]"#)
    #expect(try run.log(workflow, "read") == ["bonjour world"])
    // The saved status is the final one.
    let saved = try run.store.load(workflow.metadata.name ?? "")
    #expect(saved.status?.phase == "Succeeded")
    #expect(saved.status?.progress == "6/6")
  }

  @Test("steps: a coin flip with when, =~, and a conditional expression output")
  func stepsAndExpressions() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: coin}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: flip, template: toss}
          - - {name: heads, template: say, when: "{{steps.flip.outputs.result}} == heads", arguments: {parameters: [{name: text, value: H}]}}
            - {name: tails, template: say, when: "{{steps.flip.outputs.result}} =~ '^t'", arguments: {parameters: [{name: text, value: T}]}}
          outputs:
            parameters:
            - name: side
              valueFrom: {expression: "steps.flip.outputs.result == 'heads' ? steps.heads.outputs.result : steps.tails.outputs.result"}
        - name: toss
          script: {image: python, command: [sh], source: "echo tails"}
        - name: say
          inputs: {parameters: [{name: text}]}
          container: {image: alpine, command: [echo, "{{=sprig.lower(inputs.parameters.text) + '!'}}"]}
      """)
    #expect(
      workflow.phase == "Succeeded", "\(workflow.status?.message ?? "") \((workflow.status?.nodes ?? [:]).values.compactMap(\.message))")
    #expect(workflow.phase("heads") == "Skipped")
    #expect(workflow.node("tails")?.outputs?.result == "t!")
    #expect(workflow.node("flip")?.outputs?.result == "tails")
    let root = workflow.status?.nodes?.values.first { $0.name == "coin" }
    #expect(root?.outputs?.parameters?.first?.value == "t!")
  }

  @Test("retries: a step that fails twice succeeds on its third attempt; the counter lives on a volume claim kept across runs")
  func retriesAndClaims() async throws {
    let run = try HostRun()
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: retry-}
      spec:
        entrypoint: flaky
        volumes: [{name: work, persistentVolumeClaim: {claimName: lyon-data}}]
        templates:
        - name: flaky
          retryStrategy: {limit: 3, retryPolicy: Always}
          script:
            image: alpine
            command: [sh]
            source: |
              n=$(cat /data/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/count
              echo "attempt $n"; [ $((n % 3)) -eq 0 ]
            volumeMounts: [{name: work, mountPath: /data}]
      """
    let first = try await run.run(yaml)
    #expect(first.phase == "Succeeded", "\(first.status?.message ?? "")")
    let attempts = (first.status?.nodes ?? [:]).values.filter { $0.type == "Pod" }.sorted { $0.name < $1.name }
    #expect(attempts.map(\.phase) == ["Failed", "Failed", "Succeeded"])
    #expect(attempts.last?.outputs?.result == "attempt 3")
    // The claim is a folder of the store, and keeps its files for the next run.
    let count = try String(contentsOf: run.store.claimVolume("lyon-data").appendingPathComponent("count"), encoding: .utf8)
    #expect(count == "3\n")
    let second = try await run.run(yaml)
    #expect(second.phase == "Succeeded")
    #expect((second.status?.nodes ?? [:]).values.filter { $0.type == "Pod" }.count == 3)
    let again = (second.status?.nodes ?? [:]).values.filter { $0.type == "Pod" }.sorted { $0.name < $1.name }
    #expect(again.last?.outputs?.result == "attempt 6")
  }

  @Test("a container set runs its containers in dependency order in one pod; a failure fails the pod")
  func containerSet() async throws {
    let run = try HostRun()
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: set}
      spec:
        entrypoint: main
        arguments: {parameters: [{name: fail, value: "no"}]}
        templates:
        - name: main
          volumes: [{name: workspace, emptyDir: {}}]
          containerSet:
            volumeMounts: [{name: workspace, mountPath: /workspace}]
            containers:
            - {name: a, image: alpine, command: [sh, -c, "echo a > /workspace/a"]}
            - {name: b, image: alpine, command: [sh, -c, "echo b > /workspace/b"]}
            - {name: main, image: alpine, dependencies: [a, b], command: [sh, -c, "cat /workspace/a /workspace/b; [ {{workflow.parameters.fail}} = no ]"]}
      """
    let workflow = try await run.run(yaml)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.message ?? "")")
    #expect(workflow.node("set")?.outputs?.result == "a\nb")
    let failed = try await run.run(yaml.replacingOccurrences(of: "name: set}", with: "name: set-2}"), parameters: ["fail": "yes"])
    #expect(failed.phase == "Failed")
    #expect(failed.node("set-2")?.message == "container main: Error (exit code 1)")
  }

  @Test("ConfigMaps give parameters and environment; global outputs, parameters and artifacts, reach later steps")
  func configMapsAndGlobals() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: proxy}
      data: {HTTP_PROXY: "http://proxy.lyon:3128", vintage: "2012"}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: globals}
      spec:
        entrypoint: main
        arguments:
          parameters: [{name: vintage, valueFrom: {configMapKeyRef: {name: proxy, key: vintage}}}]
        templates:
        - name: main
          steps:
          - - {name: produce, template: produce}
          - - {name: consume, template: consume, arguments: {artifacts: [{name: file, from: "{{workflow.outputs.artifacts.shared}}"}]}}
        - name: produce
          script:
            image: alpine
            command: [sh]
            source: 'echo "$HTTP_PROXY {{workflow.parameters.vintage}}" > /tmp/file; echo done'
            envFrom: [{configMapRef: {name: proxy}}]
          outputs:
            parameters: [{name: p, globalName: proxy-used, valueFrom: {path: /tmp/file}}]
            artifacts: [{name: file, globalName: shared, path: /tmp/file}]
        - name: consume
          inputs: {artifacts: [{name: file, path: /input}]}
          container: {image: alpine, command: [sh, -c, "cat /input; echo {{workflow.outputs.parameters.proxy-used}}"]}
      """)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.message ?? "")")
    #expect(workflow.node("consume")?.outputs?.result == "http://proxy.lyon:3128 2012\nhttp://proxy.lyon:3128 2012")
    #expect(workflow.status?.outputs?.parameters?.first?.name == "proxy-used")
    #expect(workflow.status?.outputs?.artifacts?.first?.name == "shared")
  }

  @Test("a missing ConfigMap stops the run before anything starts, saying what to give")
  func missingConfigMap() async throws {
    let run = try HostRun()
    let error = await #expect(throws: SchedulerError.self) {
      _ = try await run.run(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {name: nomap}
        spec:
          entrypoint: main
          arguments:
            parameters: [{name: v, valueFrom: {configMapKeyRef: {name: absent, key: k}}}]
          templates:
          - {name: main, container: {image: alpine, command: ["true"]}}
        """)
    }
    #expect(error?.message == "workflow argument v: ConfigMap absent is not among the resources given")
    #expect(error?.hint?.contains("--resources") == true)
  }

  @Test("a template's timeout stops its container with the kubelet's message, and the workflow fails")
  func timeout() async throws {
    let run = try HostRun()
    let start = ContinuousClock.now
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: slow}
      spec:
        entrypoint: main
        templates:
        - {name: main, timeout: 1s, container: {image: alpine, command: [sleep, "300"]}}
      """)
    // Well before the sleep's end; loose for a machine busy with the rest of the suite.
    #expect(ContinuousClock.now - start < .seconds(120))
    #expect(workflow.phase == "Failed")
    #expect(workflow.node("slow")?.message == PodOutcome.deadlineExceededMessage)
  }

  @Test("stop runs the exit handler with workflow.status Failed; resume reruns only what did not succeed")
  func stopAndResume() async throws {
    let run = try HostRun()
    let stopped = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: long}
      spec:
        entrypoint: main
        onExit: report
        templates:
        - name: main
          steps:
          - - {name: quick, template: echo}
          - - {name: slow, template: slow}
        - {name: echo, container: {image: alpine, command: [echo, quick]}}
        - {name: slow, container: {image: alpine, command: [sh, -c, "[ -f /tmp/x ] || sleep 30"]}}
        - {name: report, container: {image: alpine, command: [echo, "{{workflow.status}}"]}}
      """
    ) { run in
      // Stop once the slow step runs.
      while await run.workflow.phase("slow") != "Running" { try? await Task.sleep(for: .milliseconds(20)) }
      await run.stop(message: "stopped by the test")
    }
    #expect(stopped.phase == "Failed")
    #expect(stopped.phase("quick") == "Succeeded")
    #expect(stopped.phase("slow") == "Failed")
    #expect(stopped.node("long.onExit")?.outputs?.result == "Failed")
    let quickID = stopped.node("quick")?.id
    let quickStart = stopped.node("quick")?.startedAt

    // Resumed, the quick step is not run again; the slow one is (and is stopped again here).
    let resumed = LocalRun.resumable(try run.store.load("long"))
    #expect(resumed.node("quick")?.id == quickID)
    #expect(resumed.node("slow") == nil)
    #expect(resumed.node("long.onExit") == nil)
    let local = try LocalRun(
      workflow: resumed, options: LocalRunOptions(store: run.store, runner: { _ in HostRunner(gracePeriod: .seconds(1)) }))
    Task {
      while await local.workflow.phase("slow") != "Running" { try? await Task.sleep(for: .milliseconds(20)) }
      await local.terminate()
    }
    let final = await local.run()
    #expect(final.node("quick")?.startedAt == quickStart)
    #expect(final.phase("slow") == "Failed")
    // Terminated: no exit handler this time.
    #expect(final.node("long.onExit") == nil)
  }

  @Test("a skipped producer gives its output defaults to its consumer; a script run as `sh -c FILE` is executable")
  func skippedDefaultsAndScripts() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: defaults}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: producer, template: produce, when: "false"}
            - {name: consumer, template: consume, depends: "producer.Succeeded || producer.Skipped", arguments: {parameters: [{name: in, value: "{{tasks.producer.outputs.parameters.msg}}"}]}}
        - name: produce
          outputs:
            parameters: [{name: msg, valueFrom: {path: /tmp/out.txt, default: hello-from-producer}}]
          container: {image: alpine, command: [sh, -c, "echo real > /tmp/out.txt"]}
        - name: consume
          inputs: {parameters: [{name: in}]}
          script: {image: alpine, command: [sh, -c], source: "echo got {{inputs.parameters.in}}"}
      """)
    #expect(workflow.phase == "Succeeded", "\(workflow.status?.message ?? "")")
    #expect(workflow.phase("producer") == "Skipped")
    #expect(workflow.node("consumer")?.outputs?.result == "got hello-from-producer")
  }

  @Test(
    "a daemon with a readiness probe counts as started once it answers; tasks reach it at {{tasks.x.ip}}; it is stopped when its DAG ends",
    .enabled(if: pythonIsHere))
  func daemonReadiness() async throws {
    let run = try HostRun()
    let port = try freeLoopbackPort()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: daemon}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: server, template: server}
            - {name: client, template: client, depends: server.Daemoned, arguments: {parameters: [{name: ip, value: "{{tasks.server.ip}}"}]}}
        - name: server
          daemon: true
          script:
            image: python
            command: [python3]
            source: |
              import http.server, time
              time.sleep(1)  # not ready at once: the probe must wait
              class Hello(http.server.BaseHTTPRequestHandler):
                  def do_GET(self):
                      self.send_response(200); self.end_headers(); self.wfile.write(b"bonjour")
                  def log_message(self, *args): pass
              http.server.HTTPServer(("127.0.0.1", \(port)), Hello).serve_forever()
            readinessProbe: {httpGet: {path: /, port: \(port)}, initialDelaySeconds: 0, periodSeconds: 1}
        - name: client
          inputs: {parameters: [{name: ip}]}
          script:
            image: python
            command: [python3]
            source: |
              import urllib.request
              print(urllib.request.urlopen("http://{{inputs.parameters.ip}}:\(port)/", timeout=5).read().decode())
      """)
    #expect(
      workflow.phase == "Succeeded", "\(workflow.status?.message ?? "") \((workflow.status?.nodes ?? [:]).values.compactMap(\.message))")
    #expect(workflow.node("client")?.outputs?.result == "bonjour")
    #expect(workflow.phase("server") == "Succeeded")
    // The server is gone.
    #expect(ReadinessProbe.openConnection(host: "127.0.0.1", port: port, timeout: .seconds(1)) == nil)
  }

  @Test("templates call each other too deep: the run fails instead of crashing")
  func endlessRecursion() async throws {
    let run = try HostRun()
    let workflow = try await run.run(
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: forever}
      spec:
        entrypoint: loop
        templates:
        - name: loop
          steps:
          - - {name: again, template: loop}
      """)
    // The deepest step errors; each group above it fails its steps, as Argo rolls them up.
    #expect(workflow.phase == "Failed")
    // The node that is too deep says why; the step groups above it name it.
    let messages = (workflow.status?.nodes ?? [:]).values.compactMap(\.message)
    #expect(messages.contains("templates call each other more than 100 levels deep (endless recursion?)"))
  }
}

/// A TCP port of 127.0.0.1 that nothing listens on now: the system's choice for a socket bound to
/// port 0 (a random port could be one the suite's other servers use).
func freeLoopbackPort() throws -> Int {
  let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard descriptor >= 0 else { throw SchedulerError("no socket: \(String(cString: strerror(errno)))") }
  defer { close(descriptor) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = 0
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
    }
  }
  guard bound else { throw SchedulerError("no free port: \(String(cString: strerror(errno)))") }
  return Int(UInt16(bigEndian: address.sin_port))
}
