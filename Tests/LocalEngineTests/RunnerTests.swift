import Foundation
import Testing

@testable import LocalEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A node folder of its own for each test, removed at the end.
final class Scratch: Sendable {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("hera-runner-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }

  var nodeDirectory: URL { directory.appendingPathComponent("node", isDirectory: true) }
  var logFile: URL { nodeDirectory.appendingPathComponent("main.log") }

  func pod(
    _ command: [String], args: [String] = [], script: String? = nil, environment: [(name: String, value: String)] = [],
    workingDirectory: String? = nil, mounts: [Mount] = [], deadline: Duration? = nil, image: String = "busybox",
    template: String = "main"
  ) -> PodRequest {
    PodRequest(
      nodeID: "wf-1", podName: "wf-\(template)-1", templateName: template, image: image, command: command, args: args,
      scriptSource: script, environment: environment, workingDirectory: workingDirectory, mounts: mounts,
      nodeDirectory: nodeDirectory, logFile: logFile, deadline: deadline)
  }

  func folder(_ name: String) throws -> URL {
    let url = directory.appendingPathComponent(name, isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The log's lines without their time stamps.
  /// The log's lines without their time stamps; none while the process has written nothing (the
  /// file is made at the first line).
  func logLines() throws -> [String] {
    guard FileManager.default.fileExists(atPath: logFile.path) else { return [] }
    return try String(decoding: Data(contentsOf: logFile), as: UTF8.self)
      .split(separator: "\n").map { line in
        guard let space = line.firstIndex(of: " ") else { return String(line) }
        return String(line[line.index(after: space)...])
      }
  }

  func log() throws -> String {
    String(decoding: try Data(contentsOf: logFile), as: UTF8.self)
  }
}

/// Whether a process with this id still exists (zombies aside: they are gone for our purposes
/// once their parent has been killed and init reaped them).
func processExists(_ pid: pid_t) -> Bool {
  guard kill(pid, 0) == 0 else { return false }
  // A zombie still answers kill(0); its state in /proc says what it is.
  let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
  return !status.contains(") Z ")
}

/// Waits until `condition` holds, checking every 20 ms, for at most `limit`.
func eventually(within limit: Duration = .seconds(30), _ condition: () throws -> Bool) async throws -> Bool {
  let end = ContinuousClock.now + limit
  while ContinuousClock.now < end {
    if (try? condition()) == true { return true }
    try await Task.sleep(for: .milliseconds(20))
  }
  return try condition()
}

let pythonIsHere: Bool = HostRunner.findExecutable(
  "python3", path: ProcessInfo.processInfo.environment["PATH"] ?? "", workingDirectory: "/"
).map { _ in true }.get(or: false)

extension Result {
  func get(or fallback: Success) -> Success { (try? get()) ?? fallback }
}

@Suite("Host runner")
struct HostRunnerTests {
  let runner = HostRunner(gracePeriod: .milliseconds(300))

  @Test("echo: exit code 0, standard output without its trailing newline, the line in the log")
  func echo() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(scratch.pod(["echo", "hello"]))
    #expect(outcome == PodOutcome(exitCode: 0, standardOutput: "hello"))
    #expect(outcome.reason == .completed)
    #expect(try scratch.logLines() == ["hello"])
  }

  @Test("exit codes are the process's, and 128 + signal when a signal ended it")
  func exitCodes() async throws {
    let scratch = try Scratch()
    let three = try await runner.run(scratch.pod(["sh", "-c", "exit 3"]))
    #expect(three.exitCode == 3)
    #expect(three.reason == .error)
    #expect(three.failure == nil)
    // `$$$$`: the kubelet's expansion turns `$$` into `$`, so the shell sees `$$`.
    let killed = try await runner.run(scratch.pod(["sh", "-c", "kill -KILL $$$$"]))
    #expect(killed.exitCode == 137)
  }

  @Test("the result loses one trailing newline, as Argo trims it, and nothing else")
  func resultTrimming() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(scratch.pod(["printf", "  a\\n b \\n\\n"]))
    #expect(outcome.standardOutput == "  a\n b \n")
    let none = try await runner.run(scratch.pod(["printf", "x"]))
    #expect(none.standardOutput == "x")
  }

  @Test("standard error goes to the log with kubelet time stamps, not to the result")
  func standardErrorInLog() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(scratch.pod(["sh", "-c", "echo out; echo err >&2; echo out2"]))
    #expect(outcome.standardOutput == "out\nout2")
    let lines = try scratch.log().split(separator: "\n")
    #expect(lines.count == 3)
    let stamp = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (.*)$/#
    #expect(lines.allSatisfy { $0.wholeMatch(of: stamp) != nil })
    #expect(Set(try scratch.logLines()) == ["out", "err", "out2"])
    #expect(try scratch.logLines().filter { $0.hasPrefix("out") } == ["out", "out2"])
  }

  @Test("a bash script: command + args + the source file, as Argo runs it")
  func bashScript() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(
      scratch.pod(["bash"], args: ["-e"], script: "echo \"script at $0\"\nfalse\necho not reached"))
    #expect(outcome.exitCode == 1)
    #expect(outcome.standardOutput == "script at \(scratch.nodeDirectory.appendingPathComponent("script").path)")
  }

  @Test("a python3 script", .enabled(if: pythonIsHere, "python3 is not on PATH"))
  func pythonScript() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(
      scratch.pod(["python3"], script: "import sys\nprint(sum(range(10)))\nprint('warn', file=sys.stderr)"))
    #expect(outcome.exitCode == 0)
    #expect(outcome.standardOutput == "45")
    #expect(try scratch.logLines().contains("warn"))
  }

  @Test("mounts: container paths in command, args, environment, working directory and script are this machine's")
  func pathRewriting() async throws {
    let scratch = try Scratch()
    let volume = try scratch.folder("volume")
    let input = scratch.directory.appendingPathComponent("message.txt")
    try Data("from the input\n".utf8).write(to: input)
    let mounts = [
      Mount(containerPath: "/mnt/vol", hostPath: volume),
      Mount(containerPath: "/tmp/message.txt", hostPath: input, readOnly: true),
    ]
    let written = try await runner.run(
      scratch.pod(
        ["sh", "-c", "echo hi > /mnt/vol/out.txt; cat /tmp/message.txt; echo $OUT; pwd"],
        environment: [("OUT", "/mnt/vol/result")], workingDirectory: "/mnt/vol/work", mounts: mounts))
    #expect(written.exitCode == 0)
    #expect(try String(contentsOf: volume.appendingPathComponent("out.txt"), encoding: .utf8) == "hi\n")
    let root = volume.path
    #expect(written.standardOutput == "from the input\n\(root)/result\n\(root)/work")

    let script = try await runner.run(
      scratch.pod(["sh"], script: "echo '/mnt/vol' \"/mnt/vol/a\" /mnt/volume x/mnt/vol", mounts: mounts))
    #expect(script.standardOutput == "\(root) \(root)/a /mnt/volume x/mnt/vol")
  }

  @Test("the environment: PATH, HOME, LANG, TMPDIR in the node's folder and the container's variables, nothing else")
  func environmentIsolation() async throws {
    let scratch = try Scratch()
    setenv("HERA_RUNNER_TEST_SECRET", "do not leak", 1)
    defer { unsetenv("HERA_RUNNER_TEST_SECRET") }
    let outcome = try await runner.run(
      scratch.pod(["env"], environment: [("GREETING", "hello"), ("MESSAGE", "$(GREETING) world"), ("GREETING", "hi")]))
    let names = Set(outcome.standardOutput.split(separator: "\n").map { String($0.prefix(while: { $0 != "=" })) })
    let expected: Set<String> = ["PATH", "HOME", "TMPDIR", "GREETING", "MESSAGE"]
    #expect(names.subtracting(["LANG"]) == expected)
    #expect(outcome.standardOutput.contains("TMPDIR=\(scratch.nodeDirectory.path)/tmp"))
    #expect(outcome.standardOutput.contains("MESSAGE=hello world"))
    #expect(outcome.standardOutput.contains("GREETING=hi"))
  }

  @Test("$(NAME) in command and args is expanded from the environment, $$ stands for $")
  func kubernetesExpansion() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(
      scratch.pod(["echo"], args: ["$(GREETING) world", "$$(GREETING)", "$(UNKNOWN)", "$$"], environment: [("GREETING", "hello")]))
    #expect(outcome.standardOutput == "hello world $(GREETING) $(UNKNOWN) $")
  }

  @Test("working directory: the node's folder unless the container names one")
  func workingDirectory() async throws {
    let scratch = try Scratch()
    let here = try await runner.run(scratch.pod(["pwd"]))
    #expect(here.standardOutput == scratch.nodeDirectory.path)
    let there = try await runner.run(scratch.pod(["pwd"], workingDirectory: scratch.directory.path))
    #expect(there.standardOutput == scratch.directory.path)
    await #expect(throws: RunnerError.self) {
      try await runner.run(scratch.pod(["pwd"], workingDirectory: "/no/such/folder/here"))
    }
  }

  @Test("cancellation stops the process and the processes it started (SIGTERM)")
  func cancellation() async throws {
    let scratch = try Scratch()
    let pod = scratch.pod(["sh", "-c", "sleep 100 & echo $!; wait"])
    let start = ContinuousClock.now
    let run = Task { try await runner.run(pod) }
    var grandchild: pid_t = 0
    // Loose for a busy machine: the log file is made at the first line.
    #expect(
      try await eventually(within: .seconds(30)) {
        grandchild = pid_t(try scratch.logLines().first ?? "") ?? 0
        return grandchild > 0
      })
    #expect(processExists(grandchild))
    run.cancel()
    let outcome = try await run.value
    #expect(ContinuousClock.now - start < .seconds(40))  // well before the 100 s sleep: loose for busy machines
    #expect(outcome.reason == .cancelled)
    #expect(outcome.exitCode == 143)
    #expect(outcome.failure?.contains("cancelled") == true)
    #expect(try await eventually(within: .seconds(10)) { !processExists(grandchild) })
  }

  @Test("a process that ignores SIGTERM is killed after the grace period")
  func cancellationEscalates() async throws {
    let scratch = try Scratch()
    let pod = scratch.pod(["sh", "-c", "trap '' TERM; echo ready; sleep 100"])
    let run = Task { try await runner.run(pod) }
    #expect(try await eventually { try scratch.logLines() == ["ready"] })
    let start = ContinuousClock.now
    run.cancel()
    let outcome = try await run.value
    #expect(outcome.exitCode == 137)
    #expect(outcome.reason == .cancelled)
    #expect(ContinuousClock.now - start >= .milliseconds(250))
  }

  @Test("a cancelled task starts nothing")
  func cancelledBeforeStart() async throws {
    let scratch = try Scratch()
    let pod = scratch.pod(["touch", scratch.directory.appendingPathComponent("ran").path])
    let run = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await runner.run(pod)
    }
    await #expect(throws: CancellationError.self) { try await run.value }
    #expect(!FileManager.default.fileExists(atPath: scratch.directory.appendingPathComponent("ran").path))
  }

  @Test("the deadline stops the process with the kubelet's message")
  func deadline() async throws {
    let scratch = try Scratch()
    let start = ContinuousClock.now
    let outcome = try await runner.run(scratch.pod(["sh", "-c", "echo started; sleep 100"], deadline: .milliseconds(300)))
    #expect(ContinuousClock.now - start < .seconds(40))  // well before the 100 s sleep: loose for busy machines
    #expect(outcome.reason == .deadlineExceeded)
    #expect(outcome.failure == "Pod was active on the node longer than the specified deadline")
    #expect(outcome.standardOutput == "started")
  }

  @Test("a command that is not on PATH ends as Argo's executor ends it: exit code 64, and a hint")
  func missingCommand() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(scratch.pod(["hera-no-such-command"], template: "collect"))
    #expect(outcome.exitCode == 64)
    #expect(outcome.reason == .startError)
    let failure = try #require(outcome.failure)
    #expect(failure.hasPrefix("failed to find name in PATH: exec: \"hera-no-such-command\": executable file not found in $PATH"))
    #expect(failure.contains("the command hera-no-such-command of template \"collect\" is not on this machine's PATH"))
    #expect(failure.contains("--runner podman"))
    #expect(try scratch.logLines() == [failure])

    let notExecutable = scratch.directory.appendingPathComponent("data.txt")
    try Data("x".utf8).write(to: notExecutable)
    let denied = try await runner.run(scratch.pod([notExecutable.path]))
    #expect(denied.failure?.contains("permission denied") == true)
  }

  @Test("1 MB of output does not hang; the result keeps the last 256 KiB; long lines are cut")
  func largeOutput() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(scratch.pod(["sh", "-c", "seq 1 200000; head -c 100000 /dev/zero | tr '\\0' a"]))
    #expect(outcome.exitCode == 0)
    #expect(outcome.standardOutput.utf8.count == 256 * 1024)
    #expect(outcome.standardOutput.hasSuffix(String(repeating: "a", count: 100_000)))
    let lines = try scratch.logLines()
    #expect(lines.count == 200_000 + 7)
    #expect(lines[199_999] == "200000")
    #expect(lines.last?.count == 100_000 - 6 * 16 * 1024)
  }

  @Test("binary output is written as it comes and does not break the result")
  func binaryOutput() async throws {
    let scratch = try Scratch()
    let outcome = try await runner.run(scratch.pod(["head", "-c", "300000", "/dev/urandom"]))
    #expect(outcome.exitCode == 0)
    #expect(!outcome.standardOutput.isEmpty)
    #expect(try Data(contentsOf: scratch.logFile).count > 300_000)
  }

  @Test("20 runs at once do not hold up Swift's cooperative pool")
  func concurrency() async throws {
    // Each process waits (up to 10 s) for a file that a task of the pool writes once all are
    // started: if running processes held the pool's threads, the file would come too late.
    let scratch = try Scratch()
    let runner = self.runner
    let signal = scratch.directory.appendingPathComponent("go")
    let wait = "i=0; while [ ! -f \(signal.path) ] && [ $$i -lt 200 ]; do sleep 0.05; i=$$((i+1)); done; [ -f \(signal.path) ] && echo"
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<20 {
        let pod = PodRequest(
          nodeID: "n\(index)", podName: "p\(index)", templateName: "t", image: "i",
          command: ["sh", "-c", "touch \(scratch.directory.path)/started-\(index); \(wait) \(index)"],
          args: [], nodeDirectory: scratch.directory.appendingPathComponent("n\(index)"),
          logFile: scratch.directory.appendingPathComponent("n\(index)/main.log"))
        group.addTask {
          let outcome = try await runner.run(pod)
          #expect(outcome.standardOutput == "\(index)", "process \(index) did not see the signal in time")
        }
      }
      group.addTask {
        let marks = (0..<20).map { scratch.directory.appendingPathComponent("started-\($0)") }
        // Every process has started when each has left its mark.
        _ = try await eventually(within: .seconds(8)) { marks.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } }
        try Data().write(to: signal)
      }
      try await group.waitForAll()
    }
  }
}

@Suite("Runner pieces")
struct RunnerPieceTests {
  @Test("path mapping: whole paths only, longest mount first")
  func pathMapping() {
    let mapping = PathMapping([
      Mount(containerPath: "/mnt/vol/", hostPath: URL(fileURLWithPath: "/host/vol")),
      Mount(containerPath: "/mnt/vol/sub", hostPath: URL(fileURLWithPath: "/host/sub")),
      Mount(containerPath: "/", hostPath: URL(fileURLWithPath: "/ignored")),
    ])
    #expect(mapping.rewrite("/mnt/vol") == "/host/vol")
    #expect(mapping.rewrite("/mnt/vol/") == "/host/vol/")
    #expect(mapping.rewrite("/mnt/vol/x.txt") == "/host/vol/x.txt")
    #expect(mapping.rewrite("\"/mnt/vol\"") == "\"/host/vol\"")
    #expect(mapping.rewrite("--out=/mnt/vol/a,/mnt/vol/b") == "--out=/host/vol/a,/host/vol/b")
    #expect(mapping.rewrite("/mnt/vol/sub/y") == "/host/sub/y")
    #expect(mapping.rewrite("/mnt/volume") == "/mnt/volume")
    #expect(mapping.rewrite("/mnt/vol.bak") == "/mnt/vol.bak")
    #expect(mapping.rewrite("/data/mnt/vol") == "/data/mnt/vol")
    #expect(mapping.rewrite("x/mnt/vol") == "x/mnt/vol")
    #expect(mapping.rewrite("/usr/bin/python3") == "/usr/bin/python3")
    #expect(mapping.rewrite("cat /mnt/vol/a > /mnt/vol/sub/b") == "cat /host/vol/a > /host/sub/b")
    #expect(mapping.covers("/mnt/vol/work"))
    #expect(!mapping.covers("/app"))
  }

  @Test("Kubernetes quantities")
  func quantities() {
    #expect(ResourceQuantity.cpus("500m") == 0.5)
    #expect(ResourceQuantity.cpus("2") == 2)
    #expect(ResourceQuantity.cpus("1.5") == 1.5)
    #expect(ResourceQuantity.bytes("1Gi") == 1_073_741_824)
    #expect(ResourceQuantity.bytes("128Mi") == 134_217_728)
    #expect(ResourceQuantity.bytes("1G") == 1_000_000_000)
    #expect(ResourceQuantity.bytes("500M") == 500_000_000)
    #expect(ResourceQuantity.bytes("1e3") == 1000)
    #expect(ResourceQuantity.bytes("1E") == 1_000_000_000_000_000_000)
    #expect(ResourceQuantity.bytes("100") == 100)
    #expect(ResourceQuantity.bytes("1Gb") == nil)
    #expect(ResourceQuantity.cpus("lots") == nil)
  }

  @Test("kubelet time stamps: UTC, nine fraction digits")
  func timestamps() {
    let text = String(decoding: KubernetesTimestamp.format(seconds: 1_795_601_400, nanoseconds: 1_234_567), as: UTF8.self)
    #expect(text == "2026-11-25T10:10:00.001234567Z")
  }

  @Test("$(NAME) expansion")
  func expansion() {
    let lookup: (String) -> String? = { ["A": "1", "B": "two"][$0] }
    #expect(ContainerEnvironment.expand("$(A)-$(B)", lookup: lookup) == "1-two")
    #expect(ContainerEnvironment.expand("$$(A) $$ $ $(C) $(A", lookup: lookup) == "$(A) $ $ $(C) $(A")
    #expect(ContainerEnvironment.expand("cost: $5", lookup: lookup) == "cost: $5")
  }
}
