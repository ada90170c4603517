import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `hera run` and the `--local` verbs, run as a user runs them, in a folder of their own.
@Suite struct RunCommandTests {
  let folder: TemporaryFolder

  init() throws {
    folder = try TemporaryFolder(prefix: "hera-run")
  }

  /// Runs `hera ARGUMENTS` in the test's folder, with no Argo settings around.
  func hera(_ arguments: [String]) async throws -> Executable.Result {
    try await Executable.launch("hera", arguments, in: folder.url, environment: Self.environment(folder))
  }

  static func environment(_ folder: TemporaryFolder) -> [String: String] {
    ["HOME": folder.path("home"), "PATH": "/usr/local/bin:/usr/bin:/bin", "KUBECONFIG": folder.path("none")]
  }

  static let greeting = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      generateName: greet-
    spec:
      entrypoint: main
      arguments:
        parameters:
          - name: city
            value: lyon
      templates:
        - name: main
          dag:
            tasks:
              - name: hello
                template: say
                arguments: {parameters: [{name: text, value: "bonjour {{workflow.parameters.city}}"}]}
              - name: shout
                template: upper
                depends: hello
                arguments: {parameters: [{name: text, value: "{{tasks.hello.outputs.result}}"}]}
        - name: say
          inputs: {parameters: [{name: text}]}
          container: {image: alpine, command: [echo, "{{inputs.parameters.text}}"]}
        - name: upper
          inputs: {parameters: [{name: text}]}
          outputs:
            parameters: [{name: loud, globalName: loud, valueFrom: {path: /tmp/loud}}]
          script:
            image: alpine
            command: [sh]
            source: echo "{{inputs.parameters.text}}" | tr a-z A-Z | tee /tmp/loud
    """

  /// Starts `hera ARGUMENTS` in the background and waits (up to 20 s) until the saved status of
  /// the run `name` satisfies `ready`.
  func startRun(_ arguments: [String], name: String, until ready: (String) -> Bool) async throws -> (Process, Pipe) {
    let process = Process()
    process.executableURL = Executable.productsDirectory.appendingPathComponent("hera")
    process.arguments = arguments
    process.currentDirectoryURL = folder.url
    process.environment = Self.environment(folder)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let status = folder.path(".hera/runs/\(name)/workflow.json")
    let start = ContinuousClock.now
    while ContinuousClock.now - start < .seconds(20) {
      if let text = try? String(contentsOfFile: status, encoding: .utf8), ready(text) { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    return (process, output)
  }

  /// The name of the run a `hera run` reported.
  static func runName(_ output: String) -> String? {
    output.split(separator: "\n").first { $0.hasPrefix("The run is in .hera/runs/") }
      .flatMap { $0.split(separator: "/").last?.split(separator: ":").first }.map(String.init)
  }

  @Test("hera run: arguments, progress, a summary naming the run, its outputs and where it is; then list, get and logs --local")
  func runThenInspect() async throws {
    let file = try folder.write("greet.yaml", Self.greeting)
    let result = try await hera(["run", file, "-p", "city=villeurbanne", "--runner", "host"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("✔ hello  Succeeded"))
    #expect(result.standardOutput.contains("Succeeded"))
    #expect(result.standardOutput.contains("output loud = BONJOUR VILLEURBANNE"))
    let name = try #require(Self.runName(result.standardOutput))
    #expect(name.hasPrefix("greet-"))

    let list = try await hera(["list", "--local"])
    #expect(list.status == 0)
    #expect(list.standardOutput.contains(name))
    #expect(list.standardOutput.contains("Succeeded"))
    let get = try await hera(["get", "--local", name, "-o", "json"])
    #expect(get.status == 0)
    #expect(get.standardOutput.contains("\"phase\": \"Succeeded\""))
    let tree = try await hera(["get", "--local", name])
    #expect(tree.standardOutput.contains("city: villeurbanne"))
    #expect(tree.standardOutput.contains("shout"))

    let logs = try await hera(["logs", "--local", name])
    #expect(logs.status == 0)
    let lines = logs.standardOutput.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.hasSuffix(": bonjour villeurbanne") == true)
    #expect(lines.first?.hasPrefix("\(name)-say-") == true)
    let grep = try await hera(["logs", "--local", name, "--grep", "BONJOUR", "--no-prefix"])
    #expect(grep.standardOutput == "BONJOUR VILLEURBANNE\n")
    let unknown = try await hera(["get", "--local", name + "x"])
    #expect(unknown.status == 1)
    #expect(unknown.standardError.contains("did you mean \(name)?"))
  }

  @Test("lint runs first: a workflow with an error runs nothing")
  func lintFirst() async throws {
    let file = try folder.write("bad.yaml", Self.greeting.replacingOccurrences(of: "depends: hello", with: "depends: helo"))
    let result = try await hera(["run", file])
    #expect(result.status == 1)
    #expect(result.standardError.contains("helo"))
    #expect(result.standardError.contains("nothing was run"))
    #expect(!FileManager.default.fileExists(atPath: folder.path(".hera/runs")))
  }

  @Test("a workflow with neither name nor generateName is refused as the API server refuses it; --name runs it")
  func namelessWorkflow() async throws {
    let file = try folder.write(
      "nameless.yaml", Self.greeting.replacingOccurrences(of: "metadata:\n  generateName: greet-", with: "metadata: {}"))
    let refused = try await hera(["run", file])
    #expect(refused.status == 1)
    #expect(refused.standardError.contains("name or generateName is required"))
    #expect(refused.standardError.contains("nothing was run"))
    #expect(!FileManager.default.fileExists(atPath: folder.path(".hera/runs")))
    let linted = try await hera(["lint", file])
    #expect(linted.status == 0, "argo lint accepts it: \(linted.standardError)")
    #expect(linted.standardOutput.contains("warning") || linted.standardError.contains("warning"))
    let named = try await hera(["run", file, "--name", "greet-by-name", "--progress", "none"])
    #expect(named.status == 0, "\(named.standardError)")
    #expect(FileManager.default.fileExists(atPath: folder.path(".hera/runs/greet-by-name")))
  }

  @Test("a failed run says how to resume it; --resume reruns only what failed and succeeds")
  func failThenResume() async throws {
    let marker = folder.path("ready")
    let file = try folder.write(
      "stages.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: stages}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: collect, template: collect}
          - - {name: split, template: split}
        - {name: collect, container: {image: alpine, command: [sh, -c, "echo collected; date +%N"]}}
        - {name: split, container: {image: alpine, command: [sh, -c, "test -f \(marker) && echo split"]}}
      """)
    let failed = try await hera(["run", file, "--runner", "host"])
    #expect(failed.status == 1)
    #expect(failed.standardOutput.contains("stages Failed"))
    #expect(failed.standardOutput.contains("hera run --resume stages runs again what did not succeed"))
    let again = try await hera(["run", file])
    #expect(again.status == 1)
    #expect(again.standardError.contains("a run named stages is already in"))
    let collected = try await hera(["logs", "--local", "stages", "--no-prefix"])

    FileManager.default.createFile(atPath: marker, contents: nil)
    let resumed = try await hera(["run", "--resume", "stages", "--runner", "host"])
    #expect(resumed.status == 0, "\(resumed.standardOutput)\(resumed.standardError)")
    #expect(resumed.standardOutput.contains("stages Succeeded"))
    // collect did not run again: its log is the same.
    let logs = try await hera(["logs", "--local", "stages", "--no-prefix"])
    #expect(logs.standardOutput == collected.standardOutput + "split\n")
    let unknown = try await hera(["run", "--resume", "stagez"])
    #expect(unknown.status == 1)
    #expect(unknown.standardError.contains("did you mean stages?"))
  }

  @Test("ConfigMaps from a --resources folder; resource templates fail saying they need a cluster, or are skipped with --skip-resources")
  func resourcesAndResourceTemplates() async throws {
    try folder.write(
      "resources/proxy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: proxy}\ndata: {HTTP_PROXY: 'http://proxy.lyon:3128'}\n")
    try folder.write("resources/notes.txt", "not a manifest")
    let file = try folder.write(
      "k8s.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: k8s-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: create, template: create}
          - - {name: show, template: show}
        - name: create
          resource: {action: create, manifest: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: made}\\n"}
        - name: show
          container: {image: alpine, command: [sh, -c, "echo $HTTP_PROXY"], envFrom: [{configMapRef: {name: proxy}}]}
      """)
    let failed = try await hera(["run", file, "--runner", "host", "--resources", folder.path("resources")])
    #expect(failed.status == 1)
    let name = try #require(Self.runName(failed.standardOutput))
    let get = try await hera(["get", "--local", name])
    #expect(get.standardOutput.contains("needs a cluster"))
    let skipped = try await hera(["run", file, "--runner", "host", "--resources", folder.path("resources"), "--skip-resources"])
    #expect(skipped.status == 0, "\(skipped.standardOutput)\(skipped.standardError)")
    let logs = try await hera(["logs", "--local", try #require(Self.runName(skipped.standardOutput)), "--no-prefix"])
    #expect(logs.standardOutput == "http://proxy.lyon:3128\n")
    let missing = try await hera(["run", file, "--resources", folder.path("absent")])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("no such file or folder"))
  }

  @Test("bad options and files are refused with what to do")
  func refusals() async throws {
    let file = try folder.write("greet.yaml", Self.greeting)
    let runner = try await hera(["run", file, "--runner", "kubernetes"])
    #expect(runner.status == 64)
    #expect(runner.standardError.contains("auto, host, podman, docker"))
    let map = try await hera(["run", file, "--image-map", "alpine"])
    #expect(map.status == 64)
    #expect(map.standardError.contains("FROM=TO"))
    let configMap = try folder.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n")
    let none = try await hera(["run", configMap])
    #expect(none.status == 1)
    #expect(none.standardError.contains("no Workflow in"))
    let nothing = try await hera(["run"])
    #expect(nothing.status == 64)
  }

  @Test("Ctrl-C stops the run: the running container is stopped, the exit handler runs, the exit code is 1")
  func interrupt() async throws {
    let file = try folder.write(
      "slow.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: slow}
      spec:
        entrypoint: main
        onExit: report
        templates:
        - {name: main, container: {image: alpine, command: [sleep, "60"]}}
        - {name: report, container: {image: alpine, command: [echo, "status {{workflow.status}}"]}}
      """)
    let (process, output) = try await startRun(["run", file, "--runner", "host", "--progress", "none"], name: "slow") { status in
      status.contains("\"Running\"") && status.contains("\"Pod\"")
    }
    // The container is stopped by SIGTERM, not killed at the end of its 30 s grace period.
    let start = ContinuousClock.now
    process.interrupt()
    let text = try await Task.detached { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }.value
    process.waitUntilExit()
    #expect(ContinuousClock.now - start < .seconds(25))
    #expect(process.terminationStatus == 1)
    #expect(text.contains("slow Failed: Stopped with Ctrl-C"))
    let logs = try await hera(["logs", "--local", "slow", "--no-prefix"])
    #expect(logs.standardOutput.contains("status Failed"))
  }

  @Test("bad local options are refused with what was wrong: a negative parallelism, a work folder that does not exist")
  func refusesBadLocalOptions() async throws {
    let file = try folder.write("greet-options.yaml", Self.greeting)
    let negative = try await hera(["run", file, "--parallelism", "-1"])
    #expect(negative.status == 64)
    #expect(negative.standardError.contains("--parallelism must be at least 1 (it was -1)"))
    let missing = try await hera(["run", file, "--work-dir", "/no/such/folder"])
    #expect(missing.status == 64)
    #expect(missing.standardError.contains("--work-dir /no/such/folder does not exist"))
    #expect(!FileManager.default.fileExists(atPath: "/no/such/folder"))
    let listed = try await hera(["list", "--local", "--work-dir", "/no/such/folder"])
    #expect(listed.status == 64)
  }

  @Test("a suspended run waits for hera resume --local; hera terminate --local ends another; a finished run cannot be resumed")
  func resumeFromAnotherCommand() async throws {
    let file = try folder.write(
      "approve.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: approve-}
      spec:
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: approve, template: wait}
          - - {name: publish, template: publish}
        - {name: wait, suspend: {}}
        - {name: publish, container: {image: alpine, command: [echo, published]}}
      """)
    for (verb, expected) in [("resume", "Succeeded"), ("terminate", "Failed")] {
      let name = "approve-\(verb)"
      let (process, output) = try await startRun(["run", file, "--name", name, "--runner", "host", "--progress", "none"], name: name) {
        status in
        status.contains("\"Suspend\"") && status.contains("\"Running\"")
      }
      if verb == "resume" {
        // Suspending the whole run too: resume lifts both.
        let suspend = try await hera(["suspend", "--local", name])
        #expect(suspend.standardOutput.contains("workflow \(name) suspended"))
      }
      let request = try await hera([verb, "--local", name])
      #expect(request.status == 0, "\(request.standardError)")
      #expect(request.standardOutput.contains("workflow \(name) \(verb)d"))
      let text = try await Task.detached { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }.value
      process.waitUntilExit()
      #expect(text.contains("\(name) \(expected)"), "\(text)")
      #expect(process.terminationStatus == (expected == "Succeeded" ? 0 : 1))
    }
    let late = try await hera(["resume", "--local", "approve-resume"])
    #expect(late.status == 1)
    #expect(late.standardError.contains("the run approve-resume is not going on (its status is Succeeded)"))
  }

  @Test("--runner podman with --image-map runs the containers in podman", .enabled(if: RunCommandTests.podmanImagePresent))
  func podman() async throws {
    let file = try folder.write("greet.yaml", Self.greeting)
    let result = try await hera(["run", file, "--runner", "podman", "--image-map", "alpine=localhost/hera-test-busybox:1"])
    #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("output loud = BONJOUR LYON"))
    let auto = try await hera(["run", file, "--image-map", "alpine=localhost/hera-test-busybox:1"])
    #expect(auto.status == 0)
    #expect(auto.standardError.contains("running it with podman"))
  }

  static let podmanImagePresent: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/podman") else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/podman")
    process.arguments = ["image", "exists", "localhost/hera-test-busybox:1"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }()
}
