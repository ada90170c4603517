import ArgoTestSupport
import Foundation
import HeraTestServers
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `hera run` under faults: two commands on one run, `kill -9` at any moment, a full disk, a
/// copied or broken run folder. Nothing is lost, nothing runs twice, nothing hangs.
@Suite struct RunFaultTests {
  let folder: TemporaryFolder

  init() throws {
    folder = try TemporaryFolder(prefix: "hera-fault")
  }

  func hera(_ arguments: [String], in directory: URL? = nil) async throws -> Executable.Result {
    try await Executable.launch("hera", arguments, in: directory ?? folder.url, environment: RunCommandTests.environment(folder))
  }

  /// `hera ARGUMENTS` in the background, its output in files of the test's folder.
  func start(_ arguments: [String], in directory: URL? = nil) throws -> Process {
    let process = Process()
    process.executableURL = Executable.productsDirectory.appendingPathComponent("hera")
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? folder.url
    process.environment = RunCommandTests.environment(folder)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits up to `limit` for `condition`; whether it came.
  @discardableResult
  static func wait(upTo limit: Duration = .seconds(20), for condition: () -> Bool) async throws -> Bool {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < limit {
      if condition() { return true }
      try await Task.sleep(for: .milliseconds(20))
    }
    return condition()
  }

  /// Waits for `process` to end without holding one of the few threads tests share
  /// (`waitUntilExit` would, and starve the other tests of the suite).
  static func exit(of process: Process) async throws {
    while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
  }

  static func isAlive(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0
  }

  func text(_ name: String) -> String {
    (try? String(contentsOfFile: folder.path(name), encoding: .utf8)) ?? ""
  }

  /// A run of one step that notes each start, waits for `release` to exist, and ends.
  func waitingWorkflow(_ name: String) throws -> String {
    try folder.write(
      "\(name).yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: \(name)}
      spec:
        entrypoint: main
        templates:
        - name: main
          container:
            image: busybox
            command: [sh, -c, "echo $$$$ >> \(folder.path("\(name).starts")); while ! test -f \(folder.path("\(name).release")); do date +%s%N >> \(folder.path("\(name).ticks")); sleep 0.05; done"]
      """)
  }

  @Test("two hera run of one named workflow at once: one runs it, the other is refused naming it; a --resume meanwhile is refused too")
  func oneRunAtATime() async throws {
    let file = try waitingWorkflow("once")
    let first = try start(["run", file, "--runner", "host"])
    let second = try start(["run", file, "--runner", "host"])
    defer {
      FileManager.default.createFile(atPath: folder.path("once.release"), contents: nil)
      if first.isRunning { first.terminate() }
      if second.isRunning { second.terminate() }
    }
    #expect(try await Self.wait { !self.text("once.starts").isEmpty })
    let third = try await hera(["run", file, "--runner", "host"])
    #expect(third.status == 75 || third.status == 1, "\(third.standardError)")
    #expect(third.standardError.contains("a run named once is already"))
    let resume = try await hera(["run", "--resume", "once", "--runner", "host"])
    #expect(resume.status == 75, "\(resume.standardError)")
    #expect(resume.standardError.contains("the run once is going on: process "))
    FileManager.default.createFile(atPath: folder.path("once.release"), contents: nil)
    try await Self.exit(of: first)
    try await Self.exit(of: second)
    #expect(
      [first.terminationStatus, second.terminationStatus].sorted() == [0, 75]
        || [first.terminationStatus, second.terminationStatus].sorted() == [0, 1])
    #expect(text("once.starts").split(separator: "\n").count == 1, "the step ran once")
  }

  @Test(
    "kill -9 of hera run: its step dies with it; get and list --local say the run is interrupted, logs -f ends, --resume runs it again alone"
  )
  func killedRun() async throws {
    let file = try waitingWorkflow("killed")
    let run = try start(["run", file, "--runner", "host"])
    // Whatever fails below, nothing of the test is left waiting.
    defer {
      FileManager.default.createFile(atPath: folder.path("killed.release"), contents: nil)
      if run.isRunning { run.terminate() }
    }
    #expect(try await Self.wait { !self.text("killed.starts").isEmpty })
    let step = try #require(Int32(text("killed.starts").split(separator: "\n").first ?? ""))
    kill(run.processIdentifier, SIGKILL)
    try await Self.exit(of: run)
    #expect(try await Self.wait(upTo: .seconds(5)) { !Self.isAlive(step) }, "the step of the killed run still runs")
    let ticks = text("killed.ticks")
    try await Task.sleep(for: .milliseconds(300))
    #expect(text("killed.ticks") == ticks, "something still writes for the killed run")

    let get = try await hera(["get", "--local", "killed"])
    #expect(get.status == 1)
    #expect(get.standardOutput.contains("Running (interrupted)"))
    #expect(get.standardError.contains("hera run --resume killed continues it"))
    let list = try await hera(["list", "--local"])
    #expect(list.standardOutput.contains("Running (interrupted)"))
    let start = ContinuousClock.now
    let logs = try await hera(["logs", "--local", "killed", "-f"])
    #expect(ContinuousClock.now - start < .seconds(10))
    #expect(logs.standardError.contains("not going on"))

    FileManager.default.createFile(atPath: folder.path("killed.release"), contents: nil)
    let resumed = try await hera(["run", "--resume", "killed", "--runner", "host"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(text("killed.starts").split(separator: "\n").count == 2)
    let after = try await hera(["get", "--local", "killed"])
    #expect(after.status == 0)
    #expect(!after.standardOutput.contains("interrupted"))
  }

  /// The names of podman's containers, running or not, that contain `text`.
  static func podmanContainers(containing text: String) -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/podman")
    process.arguments = ["ps", "--all", "--format", "{{.Names}}"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return [] }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { $0.contains(text) }
  }

  @Test("kill -9 of hera run --runner podman: its container is removed, not left running", .enabled(if: RunCommandTests.podmanImagePresent))
  func killedContainerRun() async throws {
    let name = "killed-podman-\(UInt32.random(in: 0...UInt32.max))"
    let file = try folder.write(
      "\(name).yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: \(name)}
      spec:
        entrypoint: main
        templates:
        - {name: main, container: {image: alpine, command: [sleep, "300"]}}
      """)
    let run = try start(["run", file, "--runner", "podman", "--image-map", "alpine=localhost/hera-test-busybox:1"])
    defer { if run.isRunning { run.terminate() } }
    #expect(try await Self.wait(upTo: .seconds(60)) { !Self.podmanContainers(containing: name).isEmpty }, "the container never started")
    kill(run.processIdentifier, SIGKILL)
    try await Self.exit(of: run)
    let gone = try await Self.wait(upTo: .seconds(30)) { Self.podmanContainers(containing: name).isEmpty }
    #expect(gone, "left behind: \(Self.podmanContainers(containing: name))")
    if !gone {
      for container in Self.podmanContainers(containing: name) {
        _ = try? await Executable.launch("/usr/bin/podman", ["rm", "--force", "--time", "0", container])
      }
    }
  }

  @Test(
    "a full disk: hera run says once that the run's state cannot be saved, exits 74, and get --local does not say Running",
    .enabled(if: geteuid() == 0))
  func fullDisk() async throws {
    let work = folder.url.appendingPathComponent("small")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    guard "size=256k".withCString({ mount("tmpfs", work.path, "tmpfs", 0, $0) }) == 0 else { return }
    defer { _ = umount2(work.path, 2) }
    let file = try folder.write(
      "filling.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: filling}
      spec:
        entrypoint: main
        templates:
        - name: main
          container: {image: busybox, command: [sh, -c, "sleep 0.3; dd if=/dev/zero of=\(work.path)/filler bs=4k 2>/dev/null; echo lost; exit 3"]}
      """)
    let result = try await hera(["run", file, "--runner", "host", "--progress", "none"], in: work)
    #expect(result.status == 74, "\(result.standardError)")
    let said = result.standardError.components(
      separatedBy: "cannot save the run's state in \(work.path)/.hera/runs/filling/workflow.json: No space left on device")
    #expect(said.count == 3, "said once as it happened and once at the end: \(result.standardError)")
    #expect(result.standardError.contains("the run ended Failed, but that could not be saved"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path + "/.hera/runs/filling").filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty)
    let get = try await hera(["get", "--local", "filling"], in: work)
    #expect(get.status == 1)
    #expect(get.standardOutput.contains("Running (interrupted)"))
  }

  @Test("list --local lists a run it cannot read, with why; --resume of a copied run folder continues the copy, not the original")
  func brokenAndCopiedRuns() async throws {
    let file = try folder.write(
      "original.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: original}
      spec:
        entrypoint: main
        templates:
        - name: main
          container: {image: busybox, command: [sh, -c, "test -f \(folder.path("go"))"]}
      """)
    let failed = try await hera(["run", file, "--runner", "host"])
    #expect(failed.status == 1)
    let runs = folder.url.appendingPathComponent(".hera/runs")
    try FileManager.default.copyItem(at: runs.appendingPathComponent("original"), to: runs.appendingPathComponent("copy"))
    let original = text(".hera/runs/original/workflow.json")
    FileManager.default.createFile(atPath: folder.path("go"), contents: nil)
    let resumed = try await hera(["run", "--resume", "copy", "--runner", "host"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("it goes on as copy"))
    #expect(text(".hera/runs/original/workflow.json") == original, "the original run was written")
    #expect(text(".hera/runs/copy/workflow.json").contains("\"name\": \"copy\""))

    try FileManager.default.createDirectory(at: runs.appendingPathComponent("broken"), withIntermediateDirectories: true)
    try "{not json".write(to: runs.appendingPathComponent("broken/workflow.json"), atomically: true, encoding: .utf8)
    let list = try await hera(["list", "--local"])
    #expect(list.status == 1)
    #expect(list.standardOutput.contains("copy"))
    #expect(list.standardOutput.contains("original"))
    let line = try #require(list.standardOutput.split(separator: "\n").first { $0.hasPrefix("broken") })
    #expect(line.contains("Unreadable"))
    #expect(line.contains("the run broken cannot be read"))
  }

  // MARK: - Crash safety

  /// A DAG whose steps note each start and end in a ledger (with the shell's id), and write
  /// their output file: a → (b, c) → d.
  func ledgerWorkflow(out: String, ledger: String) throws -> String {
    try folder.write(
      "crashy.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: crashy}
      spec:
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: a, template: step, arguments: {parameters: [{name: label, value: a}]}}
            - {name: b, template: step, depends: a, arguments: {parameters: [{name: label, value: b}]}}
            - {name: c, template: step, depends: a, arguments: {parameters: [{name: label, value: c}]}}
            - {name: d, template: step, depends: b && c, arguments: {parameters: [{name: label, value: d}]}}
        - name: step
          inputs: {parameters: [{name: label}]}
          container:
            image: busybox
            command: [sh, -c, "echo start {{inputs.parameters.label}} $$$$ >> \(ledger); sleep 0.4; echo {{inputs.parameters.label}}-done > \(out)/{{inputs.parameters.label}}; echo end {{inputs.parameters.label}} $$$$ >> \(ledger)"]
      """)
  }

  /// The steps the saved status says succeeded.
  static func succeededSteps(_ statusFile: String) -> Set<String> {
    guard let data = FileManager.default.contents(atPath: statusFile),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let status = json["status"] as? [String: Any], let nodes = status["nodes"] as? [String: [String: Any]]
    else { return [] }
    return Set(
      nodes.values.filter { $0["type"] as? String == "Pod" && $0["phase"] as? String == "Succeeded" }.compactMap {
        $0["displayName"] as? String
      })
  }

  @Test(
    "crash safety: kill -9 at random points, then --resume: nothing that succeeded runs again, nothing runs twice at once, the outputs are those of a run not interrupted"
  )
  func killAtRandomPointsThenResume() async throws {
    var generator = SystemRandomNumberGenerator()
    for attempt in 0..<3 {
      let work = folder.url.appendingPathComponent("attempt-\(attempt)")
      let out = work.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
      let ledger = work.appendingPathComponent("ledger").path
      let file = try ledgerWorkflow(out: out.path, ledger: ledger)
      let status = work.appendingPathComponent(".hera/runs/crashy/workflow.json").path
      var arguments = ["run", file, "--runner", "host", "--progress", "none"]
      var finished = false
      for kills in 0..<6 {
        // Runs that succeeded, as saved when the kill came: none of them may start again.
        let succeeded = Self.succeededSteps(status)
        let ledgerBefore = (try? String(contentsOfFile: ledger, encoding: .utf8)) ?? ""
        let run = try start(arguments, in: work)
        if kills < 3 {
          try await Task.sleep(for: .milliseconds(Int.random(in: 20...1200, using: &generator)))
          kill(run.processIdentifier, SIGKILL)
        }
        try await Self.exit(of: run)
        let ledgerAfter = (try? String(contentsOfFile: ledger, encoding: .utf8)) ?? ""
        let started = ledgerAfter.dropFirst(ledgerBefore.count).split(separator: "\n").filter { $0.hasPrefix("start ") }
          .map { String($0.split(separator: " ")[1]) }
        #expect(Set(started).isDisjoint(with: succeeded), "attempt \(attempt): \(started) ran again after succeeding")
        if FileManager.default.fileExists(atPath: status) {
          arguments = ["run", "--resume", "crashy", "--runner", "host", "--progress", "none"]
        }
        if run.terminationReason == .exit {
          #expect(run.terminationStatus == 0, "attempt \(attempt)")
          finished = true
          break
        }
      }
      #expect(finished)
      // Nothing ran twice at once: every end follows its own start, with no other start of the
      // same step in between.
      var open: [String: String] = [:]
      for line in ((try? String(contentsOfFile: ledger, encoding: .utf8)) ?? "").split(separator: "\n") {
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count == 3 else { continue }
        if fields[0] == "start" {
          open[fields[1]] = fields[2]
        } else {
          #expect(open[fields[1]] == fields[2], "attempt \(attempt): \(fields[1]) ran twice at once")
          open[fields[1]] = nil
        }
      }
      let outputs = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
      #expect(outputs == ["a", "b", "c", "d"])
      for name in outputs {
        #expect(try String(contentsOfFile: out.appendingPathComponent(name).path, encoding: .utf8) == "\(name)-done\n")
      }
      #expect(Self.succeededSteps(status) == ["a", "b", "c", "d"])
    }
  }
}
