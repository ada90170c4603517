import Foundation
import Synchronization
import Testing

@testable import LocalEngine

/// The tiny local image that `../shared/podman/setup.sh` builds (busybox's applets only).
let testImage = "localhost/hera-test-busybox:1"

/// podman, when it works here and has the test image; looked up once for all suites.
let usablePodman = Task<ContainerEngine?, Never> {
  guard case .success(let engine) = await ContainerEngine.locate(.podman) else { return nil }
  return await engine.imageExists(testImage) ? engine : nil
}

func podman() async throws -> ContainerEngine {
  try #require(await usablePodman.value, "podman or the test image is missing (run ../shared/podman/setup.sh)")
}

/// The names of podman's containers, running or not, that start with `prefix`.
func containers(startingWith prefix: String) async throws -> [String] {
  let engine = try await podman()
  let result = try #require(await engine.command(["ps", "-a", "--format", "{{.Names}}"]))
  return result.standardOutput.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
}

/// A template name of its own, so that a test can find its containers.
func uniqueTemplate(_ base: String) -> String {
  "\(base)-\(UUID().uuidString.prefix(6).lowercased())"
}

extension Scratch {
  func containerPod(
    _ command: [String], args: [String] = [], script: String? = nil, environment: [(name: String, value: String)] = [],
    workingDirectory: String? = nil, mounts: [Mount] = [], deadline: Duration? = nil, image: String = testImage,
    template: String = "main"
  ) -> PodRequest {
    pod(
      command, args: args, script: script, environment: environment, workingDirectory: workingDirectory, mounts: mounts,
      deadline: deadline, image: image, template: template)
  }
}

@Suite("Container runner (podman)", .enabled("podman or the test image is missing") { await usablePodman.value != nil })
struct ContainerRunnerTests {
  func runner() async throws -> ContainerRunner {
    ContainerRunner(engine: try await podman(), gracePeriod: .milliseconds(500))
  }

  @Test("a container set's retries start the same container again: files it wrote are still there; it is removed after")
  func rerunsKeepTheContainer() async throws {
    let scratch = try Scratch()
    let template = uniqueTemplate("reruns")
    var pod = scratch.containerPod(
      ["sh", "-c", "echo run; if test -f /ran-before; then exit 0; else touch /ran-before; exit 3; fi"], template: template)
    pod.podName = template
    pod.runs = 3
    pod.runDelay = .milliseconds(50)
    let outcome = try await runner().run(pod)
    #expect(outcome.exitCode == 0)
    #expect(try scratch.logLines() == ["run", "run"])
    #expect(try await containers(startingWith: "hera-\(template)").isEmpty)
    // One run only: the file is not there, the command fails.
    pod.runs = 1
    let once = try await runner().run(pod)
    #expect(once.exitCode == 3)
  }

  @Test("echo: exit code 0, the result without its trailing newline, the line in the log")
  func echo() async throws {
    let scratch = try Scratch()
    let outcome = try await runner().run(scratch.containerPod(["echo", "hello"]))
    #expect(outcome == PodOutcome(exitCode: 0, standardOutput: "hello"))
    #expect(try scratch.logLines() == ["hello"])
    let stamp = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello$/#
    #expect(try scratch.log().split(separator: "\n").allSatisfy { $0.wholeMatch(of: stamp) != nil })
  }

  @Test("exit codes are the container's; standard error is logged, not kept as the result")
  func exitCodes() async throws {
    let scratch = try Scratch()
    let runner = try await runner()
    let three = try await runner.run(scratch.containerPod(["sh", "-c", "echo out; echo err >&2; exit 3"]))
    #expect(three.exitCode == 3)
    #expect(three.reason == .error)
    #expect(three.failure == nil)
    #expect(three.standardOutput == "out")
    #expect(Set(try scratch.logLines()) == ["out", "err"])
    // Exit codes the engine also uses for its own failures are the container's when it ran.
    let engineLike = try await runner.run(scratch.containerPod(["sh", "-c", "exit 127"]))
    #expect(engineLike.exitCode == 127)
    #expect(engineLike.reason == .error)
  }

  @Test("only args: the image's entrypoint is kept and args are its arguments")
  func argsOnly() async throws {
    let scratch = try Scratch()
    // The test image has no entrypoint, so args alone are the whole command.
    let outcome = try await runner().run(scratch.containerPod([], args: ["echo", "from", "args"]))
    #expect(outcome.standardOutput == "from args")
  }

  @Test("a script through sh: command + args + /argo/staging/script, read-only")
  func script() async throws {
    let scratch = try Scratch()
    let outcome = try await runner().run(
      scratch.containerPod(["sh"], args: ["-e"], script: "echo \"script at $0\"\necho x > $0 || echo read-only\nfalse\necho not reached"))
    #expect(outcome.exitCode == 1)
    #expect(outcome.standardOutput == "script at /argo/staging/script\nread-only")
  }

  @Test("mounts: files written in the container appear in the host folder; read-only mounts stay so")
  func mounts() async throws {
    let scratch = try Scratch()
    let volume = try scratch.folder("volume")
    let input = scratch.directory.appendingPathComponent("message.txt")
    try Data("from the input\n".utf8).write(to: input)
    let created = scratch.directory.appendingPathComponent("made/by/runner", isDirectory: true)
    let mounts = [
      Mount(containerPath: "/mnt/vol", hostPath: volume),
      Mount(containerPath: "/tmp/message.txt", hostPath: input, readOnly: true),
      Mount(containerPath: "/mnt/new", hostPath: created),
    ]
    let outcome = try await runner().run(
      scratch.containerPod(
        ["sh", "-c", "echo hi > /mnt/vol/out.txt; cat /tmp/message.txt; echo x > /tmp/message.txt || echo refused; echo y > /mnt/new/y"],
        mounts: mounts))
    #expect(outcome.exitCode == 0)
    #expect(outcome.standardOutput == "from the input\nrefused")
    #expect(try String(contentsOf: volume.appendingPathComponent("out.txt"), encoding: .utf8) == "hi\n")
    #expect(try String(contentsOf: input, encoding: .utf8) == "from the input\n")
    #expect(try String(contentsOf: created.appendingPathComponent("y"), encoding: .utf8) == "y\n")
  }

  @Test("environment: from a private file that is gone afterwards; $(NAME) expanded; line breaks kept")
  func environment() async throws {
    let scratch = try Scratch()
    let environment = [
      ("GREETING", "hello"), ("MESSAGE", "$(GREETING) world"), ("SPACED", "  a \"quoted\" # value"), ("MULTI", "line 1\nline 2"),
    ]
    let outcome = try await runner().run(
      scratch.containerPod(
        ["sh", "-c", "echo \"$MESSAGE|$SPACED|$MULTI\"; echo $(GREETING)"], environment: environment))
    #expect(outcome.exitCode == 0)
    #expect(outcome.standardOutput == "hello world|  a \"quoted\" # value|line 1\nline 2\nhello")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.nodeDirectory.path).filter { $0.hasPrefix(".env") }
    #expect(leftovers.isEmpty)
  }

  @Test("environment values are not in the process list while the container runs")
  func environmentIsPrivate() async throws {
    let scratch = try Scratch()
    let secret = "hera-secret-\(UUID().uuidString)"
    let pod = scratch.containerPod(["sh", "-c", "echo ready; sleep 2"], environment: [("TOKEN", secret)])
    let runner = try await runner()
    let run = Task { try await runner.run(pod) }
    #expect(try await eventually(within: .seconds(90)) { try scratch.logLines() == ["ready"] })  // podman starts slowly on a busy machine
    var seen = false
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
      let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(entry)/cmdline"))) ?? Data()
      if String(decoding: commandLine, as: UTF8.self).contains(secret) { seen = true }
    }
    let files = try FileManager.default.contentsOfDirectory(at: scratch.nodeDirectory, includingPropertiesForKeys: nil)
    let environmentFile = try #require(files.first { $0.lastPathComponent.hasPrefix(".env") })
    let permissions = try FileManager.default.attributesOfItem(atPath: environmentFile.path)[.posixPermissions] as? Int
    #expect(permissions == 0o600)
    #expect(!seen)
    _ = try await run.value
  }

  @Test("working directory: the container's own, or one under a mount, created")
  func workingDirectory() async throws {
    let scratch = try Scratch()
    let runner = try await runner()
    let tmp = try await runner.run(scratch.containerPod(["sh", "-c", "pwd"], workingDirectory: "/tmp"))
    #expect(tmp.standardOutput == "/tmp")
    let volume = try scratch.folder("volume")
    let underMount = try await runner.run(
      scratch.containerPod(
        ["sh", "-c", "pwd; touch here 2>/dev/null || echo x > here"], workingDirectory: "/mnt/vol/work",
        mounts: [Mount(containerPath: "/mnt/vol", hostPath: volume)]))
    #expect(underMount.standardOutput == "/mnt/vol/work")
    #expect(FileManager.default.fileExists(atPath: volume.appendingPathComponent("work/here").path))
    await #expect(throws: RunnerError.self) {
      try await runner.run(scratch.containerPod(["sh", "-c", "pwd"], workingDirectory: "/no/such/folder"))
    }
  }

  @Test("resource limits become --cpus and --memory; an unreadable one is an error")
  func limits() async throws {
    let scratch = try Scratch()
    let runner = try await runner()
    var pod = scratch.containerPod(["echo", "limited"])
    pod.cpuLimit = "500m"
    pod.memoryLimit = "64Mi"
    try FileManager.default.createDirectory(at: scratch.nodeDirectory, withIntermediateDirectories: true)
    let invocation = try runner.invocation(for: pod, containerName: "c", nodeDirectory: scratch.nodeDirectory)
    try? FileManager.default.removeItem(at: invocation.environmentFile)
    #expect(invocation.arguments.contains(["--cpus", "0.5"]))
    #expect(invocation.arguments.contains(["--memory", "67108864"]))
    #expect(try await runner.run(pod).standardOutput == "limited")
    pod.memoryLimit = "lots"
    await #expect(throws: RunnerError.self) { try await runner.run(pod) }
  }

  @Test("the deadline stops the container with the kubelet's message, and removes it")
  func deadline() async throws {
    let scratch = try Scratch()
    let template = uniqueTemplate("deadline")
    let start = ContinuousClock.now
    let outcome = try await runner().run(
      scratch.containerPod(["sh", "-c", "echo started; sleep 300"], deadline: .seconds(1), template: template))
    #expect(ContinuousClock.now - start < .seconds(120))  // well before the 300 s sleep: loose for busy machines
    #expect(outcome.reason == .deadlineExceeded)
    #expect(outcome.failure == PodOutcome.deadlineExceededMessage)
    #expect(outcome.standardOutput == "started")
    #expect(try await containers(startingWith: "hera-wf-\(template)").isEmpty)
  }

  @Test("cancellation stops the container (SIGKILL after the grace period) and removes it")
  func cancellation() async throws {
    let scratch = try Scratch()
    let template = uniqueTemplate("cancel")
    let pod = scratch.containerPod(["sh", "-c", "echo ready; sleep 300"], template: template)
    let runner = try await runner()
    let run = Task { try await runner.run(pod) }
    #expect(try await eventually(within: .seconds(90)) { try scratch.logLines() == ["ready"] })  // podman starts slowly on a busy machine
    #expect(try await containers(startingWith: "hera-wf-\(template)").count == 1)
    let start = ContinuousClock.now
    run.cancel()
    let outcome = try await run.value
    #expect(ContinuousClock.now - start < .seconds(120))  // well before the 300 s sleep: loose for busy machines
    #expect(outcome.reason == .cancelled)
    // sleep runs as the container's first process, which ignores SIGTERM.
    #expect(outcome.exitCode == 137 || outcome.exitCode == 143)
    #expect(outcome.failure?.contains("cancelled") == true)
    #expect(try await containers(startingWith: "hera-wf-\(template)").isEmpty)
  }

  @Test("cancelled while the container is being created: nothing is left behind")
  func cancellationDuringStart() async throws {
    let runner = try await runner()
    for delay in [0, 50, 150, 300] {
      let scratch = try Scratch()
      let template = uniqueTemplate("early")
      let pod = scratch.containerPod(["sh", "-c", "echo ready; sleep 300"], template: template)
      let run = Task { try await runner.run(pod) }
      try await Task.sleep(for: .milliseconds(delay))
      let start = ContinuousClock.now
      run.cancel()
      do {
        let outcome = try await run.value
        #expect(outcome.reason == .cancelled, "cancelled after \(delay) ms")
      } catch is CancellationError {
        // Cancelled before the container was started.
      }
      #expect(ContinuousClock.now - start < .seconds(120))  // well before the 300 s sleep: loose for busy machines
      #expect(try await containers(startingWith: "hera-wf-\(template)").isEmpty, "cancelled after \(delay) ms")
    }
  }

  @Test("a container that ends on SIGTERM ends within the grace period")
  func cancellationTerminates() async throws {
    let scratch = try Scratch()
    let pod = scratch.containerPod(["sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"])
    let runner = ContainerRunner(engine: try await podman(), gracePeriod: .seconds(20))
    let run = Task { try await runner.run(pod) }
    #expect(try await eventually(within: .seconds(90)) { try scratch.logLines() == ["ready"] })  // podman starts slowly on a busy machine
    let start = ContinuousClock.now
    run.cancel()
    let outcome = try await run.value
    #expect(ContinuousClock.now - start < .seconds(120))  // well before the 300 s sleep: loose for busy machines
    #expect(outcome.reason == .cancelled)
    #expect(outcome.standardOutput == "ready\nbye")
  }

  @Test("a cancelled task starts nothing")
  func cancelledBeforeStart() async throws {
    let scratch = try Scratch()
    let runner = try await runner()
    let pod = scratch.containerPod(["echo", "ran"])
    let run = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await runner.run(pod)
    }
    await #expect(throws: CancellationError.self) { try await run.value }
    #expect(!FileManager.default.fileExists(atPath: scratch.logFile.path))
  }

  @Test("a command the image does not have ends as Argo's executor ends it: exit code 64, and a hint")
  func missingCommand() async throws {
    let scratch = try Scratch()
    let outcome = try await runner().run(scratch.containerPod(["hera-no-such-command"], template: "collect"))
    #expect(outcome.exitCode == 64)
    #expect(outcome.reason == .startError)
    let failure = try #require(outcome.failure)
    #expect(failure.hasPrefix("failed to find name in PATH: exec: \"hera-no-such-command\": executable file not found in $PATH"))
    #expect(failure.contains("not in image \(testImage)"))
    #expect(try scratch.logLines().last == failure)
  }

  @Test("an image that is not here is a RunnerError that says to pull or map it")
  func missingImage() async throws {
    let scratch = try Scratch()
    let error = await #expect(throws: RunnerError.self) {
      try await runner().run(scratch.containerPod(["echo"], image: "localhost/hera-no-such-image:1"))
    }
    #expect(error?.description.contains("--image-map") == true)
    #expect(error?.description.contains("pull") == true)
  }

  @Test("the command line: entrypoint from command, then args; host network; no values in arguments")
  func commandLine() async throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(at: scratch.nodeDirectory, withIntermediateDirectories: true)
    let runner = ContainerRunner(engine: ContainerEngine(kind: .docker, executablePath: "/usr/bin/docker"))
    func arguments(_ pod: PodRequest) throws -> [String] {
      let invocation = try runner.invocation(for: pod, containerName: "c", nodeDirectory: scratch.nodeDirectory)
      try? FileManager.default.removeItem(at: invocation.environmentFile)
      return invocation.arguments
    }
    let both = try arguments(scratch.containerPod(["python", "-u"], args: ["main.py"], environment: [("KEY", "secret value")]))
    #expect(Array(both.suffix(5)) == ["--entrypoint", "python", testImage, "-u", "main.py"])
    #expect(both.contains(["--network", "host"]))
    #expect(!both.contains { $0.contains("secret value") })
    let argsOnly = try arguments(scratch.containerPod([], args: ["main.py"]))
    #expect(Array(argsOnly.suffix(2)) == [testImage, "main.py"])
    #expect(!argsOnly.contains("--entrypoint"))
    let neither = try arguments(scratch.containerPod([]))
    #expect(neither.last == testImage)
  }
}

@Suite("Auto runner")
struct AutoRunnerTests {
  final class Reports: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ line: String) { lines.withLock { $0.append(line) } }
  }

  @Test(
    "an absent image runs on this machine, the test image in podman; reported once per template",
    .enabled("podman or the test image is missing") { await usablePodman.value != nil })
  func choosesPerImage() async throws {
    let scratch = try Scratch()
    let reports = Reports()
    let container = ContainerRunner(engine: try await podman(), gracePeriod: .milliseconds(500))
    let runner = AutoRunner(host: HostRunner(), container: container) { reports.add($0) }
    // podman sets `container` in its containers' environment; the host runner does not.
    let probe = ["sh", "-c", "echo in:$container"]
    for _ in 0..<2 {
      let here = try await runner.run(scratch.containerPod(probe, image: "python:alpine3.6", template: "flip"))
      #expect(here.standardOutput == "in:")
      let there = try await runner.run(scratch.containerPod(probe, template: "print"))
      #expect(there.standardOutput == "in:podman")
    }
    #expect(
      reports.all == [
        "template \"flip\": image python:alpine3.6 is not here; running on this machine (host)",
        "template \"print\": image \(testImage) is here; running it with podman",
      ])
  }

  @Test("without an engine every pod runs on this machine")
  func withoutEngine() async throws {
    let scratch = try Scratch()
    let reports = Reports()
    let runner = AutoRunner(container: nil) { reports.add($0) }
    #expect(runner.name == "auto")
    #expect(try await runner.run(scratch.containerPod(["echo", "hi"])).standardOutput == "hi")
    #expect(reports.all == ["template \"main\": no container engine (podman, docker) is usable; running on this machine (host)"])
  }

  @Test("images from --image-map are said to be so")
  func mappedImageReport() async throws {
    let scratch = try Scratch()
    let reports = Reports()
    let map = try ImageMap(parsing: ["python=localhost/hera-absent-python"])
    let runner = AutoRunner(container: nil, imageMap: map) { reports.add($0) }
    let engine = ContainerEngine(kind: .podman, executablePath: "/bin/false")
    let withEngine = AutoRunner(container: ContainerRunner(engine: engine), imageMap: map) { reports.add($0) }
    _ = try await runner.run(scratch.containerPod(["true"], image: map("python:3.12")))
    _ = try await withEngine.run(scratch.containerPod(["true"], image: map("python:3.12")))
    #expect(
      reports.all.last
        == "template \"main\": image localhost/hera-absent-python:3.12 (from --image-map) is not here; running on this machine (host)")
  }
}

@Suite("Engine detection and runner choice")
struct EngineDetectionTests {
  /// A folder with a fake `docker` that never answers.
  func hangingDocker() throws -> Scratch {
    let scratch = try Scratch()
    let docker = scratch.directory.appendingPathComponent("docker")
    try Data("#!/bin/sh\nsleep 300\n".utf8).write(to: docker)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: docker.path)
    return scratch
  }

  @Test("a docker that hangs is unusable after the time limit, not a hang")
  func hangingDockerIsBounded() async throws {
    let scratch = try hangingDocker()
    let start = ContinuousClock.now
    let result = await ContainerEngine.locate(.docker, path: scratch.directory.path, timeout: .seconds(1))
    // The fake sleeps 100 s: ending well before that shows the time limit works (the bound is loose for busy machines).
    #expect(ContinuousClock.now - start < .seconds(40))
    guard case .failure(let problem) = result else {
      Issue.record("a docker that does not answer was taken as usable")
      return
    }
    #expect(problem.description.contains("did not answer"))
    #expect(await ContainerEngine.detect(preferring: .docker, path: scratch.directory.path, timeout: .seconds(1)) == nil)
    await #expect(throws: RunnerError.self) {
      try await makeRunner(kind: .docker, path: scratch.directory.path)
    }
  }

  @Test("this machine's docker is checked in bounded time")
  func realDockerIsBounded() async throws {
    let start = ContinuousClock.now
    let result = await ContainerEngine.locate(.docker, timeout: .seconds(3))
    #expect(ContinuousClock.now - start < .seconds(120))  // well before the 300 s sleep: loose for busy machines
    if case .success(let engine) = result { #expect(engine.kind == .docker) }
  }

  @Test("an engine that is not on PATH is named in the error")
  func notOnPath() async throws {
    let scratch = try Scratch()
    let result = await ContainerEngine.locate(.podman, path: scratch.directory.path)
    guard case .failure(let problem) = result else {
      Issue.record("podman found in an empty folder")
      return
    }
    #expect(problem.description.contains("podman is not on PATH"))
  }

  @Test("makeRunner gives the runner asked for")
  func factory() async throws {
    #expect(try await makeRunner(kind: .host).name == "host")
    let scratch = try Scratch()
    let auto = try await makeRunner(kind: .auto, path: scratch.directory.path)
    #expect(auto.name == "auto")
    #expect((auto as? AutoRunner)?.container == nil)
    if await usablePodman.value != nil {
      #expect(try await makeRunner(kind: .podman).name == "podman")
    }
  }

  @Test("runner kinds: parsed in any case; an unknown one lists the valid ones")
  func runnerKinds() throws {
    #expect(try RunnerKind(parsing: "auto") == .auto)
    #expect(try RunnerKind(parsing: "Podman") == .podman)
    #expect(try RunnerKind(parsing: " host ") == .host)
    #expect(try RunnerKind(parsing: "docker") == .docker)
    let error = #expect(throws: RunnerKindError.self) { try RunnerKind(parsing: "kubernetes") }
    #expect(error?.description == "unknown runner \"kubernetes\": use one of auto, host, podman, docker")
  }
}

@Suite("Image map")
struct ImageMapTests {
  @Test("exact images, repositories keeping or replacing the tag, exact entries first")
  func mapping() throws {
    let map = try ImageMap(parsing: [
      "python=localhost/py", "alpine=localhost/hera-test-busybox:1", "alpine:3.19=localhost/alpine:old",
      "registry.example.com:5000/team/tool:2=localhost/tool:2",
    ])
    #expect(map.map("python:3.12") == "localhost/py:3.12")
    #expect(map.map("python") == "localhost/py")
    #expect(map.map("docker.io/library/python:3.9") == "localhost/py:3.9")
    #expect(map.map("python@sha256:abc") == "localhost/py@sha256:abc")
    #expect(map.map("alpine:3.20") == "localhost/hera-test-busybox:1")
    #expect(map.map("alpine:3.19") == "localhost/alpine:old")
    #expect(map.map("registry.example.com:5000/team/tool:2") == "localhost/tool:2")
    #expect(map.map("registry.example.com:5000/team/tool:3") == "registry.example.com:5000/team/tool:3")
    #expect(map.map("pythonic:1") == "pythonic:1")
    #expect(map.map("localhost/py:3.12") == "localhost/py:3.12")
    #expect(map("python:3") == "localhost/py:3")
    #expect(ImageMap().map("python:3") == "python:3")
    #expect(ImageMap().isEmpty)
  }

  @Test("malformed entries say what is wrong and show an example")
  func malformed() {
    for (entry, problem) in [
      ("python", "no '='"), ("=localhost/py", "(before '=') is empty"), ("python=", "(after '=') is empty"),
      ("python:=x", "not an image reference"), ("py thon=x", "space"),
    ] {
      let error = #expect(throws: ImageMapError.self) { try ImageMap(parsing: [entry]) }
      #expect(error?.description.contains(problem) == true, "\(entry): \(error?.description ?? "")")
      #expect(error?.description.contains("--image-map python:3.12=localhost/python:3.12") == true)
    }
    let twice = #expect(throws: ImageMapError.self) { try ImageMap(parsing: ["python=a", "python=b"]) }
    #expect(twice?.description.contains("already mapped to a") == true)
    #expect((try? ImageMap(parsing: ["python=a", "python=a"])) != nil)
  }

  @Test("equal maps are equal")
  func hashable() throws {
    #expect(try ImageMap(parsing: ["a=b", "c:1=d"]) == ImageMap(parsing: ["c:1=d", "a=b"]))
  }
}
