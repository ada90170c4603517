import ArgoModel
import Foundation
import Synchronization
import Testing

@testable import LocalEngine

#if canImport(Glibc)
  import Glibc
#endif

/// A tmpfs of a few kilobytes mounted for a test: a real file system that fills up. Only root
/// may mount one; nil elsewhere.
final class SmallFileSystem: Sendable {
  let directory: URL

  init?(kilobytes: Int) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("hera-full-\(UUID().uuidString)").path
    guard geteuid() == 0, mkdir(path, 0o755) == 0 else { return nil }
    let mounted = "size=\(kilobytes)k".withCString { mount("tmpfs", path, "tmpfs", 0, $0) } == 0
    guard mounted else {
      rmdir(path)
      return nil
    }
    directory = URL(fileURLWithPath: path, isDirectory: true)
  }

  deinit {
    _ = umount2(directory.path, 2)  // MNT_DETACH
    rmdir(directory.path)
  }

  /// Fills what is left of it.
  func fill() {
    let descriptor = open(directory.appendingPathComponent("filler").path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    defer { close(descriptor) }
    let block = [UInt8](repeating: 0, count: 4096)
    while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
  }

  static var available: Bool { SmallFileSystem(kilobytes: 64) != nil }
}

/// The run store under faults: a disk that fills up, two owners of one run, a `run.pid` left
/// by a process that was killed.
@Suite struct RunStoreFaultTests {
  static func workflow(_ name: String, phase: String) -> Workflow {
    var workflow = Workflow(metadata: ObjectMeta(name: name), spec: WorkflowSpec())
    workflow.spec.entrypoint = "main"
    var status = WorkflowStatus()
    status.phase = phase
    workflow.status = status
    return workflow
  }

  static func temporaryFiles(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tmp") }
  }

  @Test(
    "a full disk: saving says which file and why, keeps what was saved, and leaves no temporary file",
    .enabled(if: SmallFileSystem.available))
  func saveOnFullDisk() throws {
    let disk = try #require(SmallFileSystem(kilobytes: 64))
    let store = RunStore(root: disk.directory.appendingPathComponent(".hera"))
    try store.save(Self.workflow("full", phase: "Running"))
    disk.fill()
    var ended = Self.workflow("full", phase: "Failed")
    ended.metadata.annotations = ["padding": String(repeating: "x", count: 16 * 1024)]
    let error = try #require(throws: RunStoreError.self) { try store.save(ended) }
    #expect(error.message == "cannot save the run's state in \(store.statusFile("full").path): No space left on device")
    #expect(Self.temporaryFiles(in: store.runDirectory("full")).isEmpty)
    #expect(try store.load("full").status?.phase == "Running")
  }

  @Test(
    "a run that fills the disk says once that its state cannot be saved, and that its end was not saved",
    .enabled(if: SmallFileSystem.available))
  func runOnFullDisk() async throws {
    let disk = try #require(SmallFileSystem(kilobytes: 256))
    let store = RunStore(root: disk.directory.appendingPathComponent(".hera"))
    let filler = disk.directory.appendingPathComponent("filler").path
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: filling}
      spec:
        entrypoint: main
        templates:
        - name: main
          container:
            image: busybox
            command: [sh, -c, "echo before; dd if=/dev/zero of=\(filler) bs=4k 2>/dev/null; yes lost | head -n 5000; exit 3"]
      """
    guard case .workflow(let written) = try #require(try ManifestReader().read(yaml).first?.manifest) else {
      Issue.record("no workflow")
      return
    }
    let workflow = try LocalRun.prepare(written)
    let reports = Mutex<[String]>([])
    let run = try LocalRun(
      workflow: workflow,
      options: LocalRunOptions(
        store: store, saveInterval: .zero, onStoreFailure: { error in reports.withLock { $0.append(error.description) } },
        runner: { _ in HostRunner() }))
    let final = await run.run()
    #expect(final.status?.phase == "Failed")
    let said = reports.withLock { $0 }
    #expect(said == ["cannot save the run's state in \(store.statusFile("filling").path): No space left on device"])
    #expect(await run.unsavedState != nil)
    #expect(try store.load("filling").status?.phase == "Running")
    #expect(Self.temporaryFiles(in: store.runDirectory("filling")).isEmpty)
    // The pod's message says its log was cut, and why.
    let pod = try #require(final.status?.nodes?.values.first { $0.type == "Pod" })
    #expect(pod.message?.contains("its log is incomplete: cannot write ") == true, "\(pod.message ?? "")")
    #expect(pod.message?.contains("main.log: No space left on device") == true)
  }

  @Test("of two claims of a new run at once, one wins; the other is told the run is there")
  func newRunClaimedOnce() async throws {
    let folder = try Scratch()
    let store = RunStore(root: folder.directory.appendingPathComponent(".hera"))
    let results = await withTaskGroup(of: Result<RunClaim, RunStoreError>.self) { group in
      for _ in 0..<8 {
        group.addTask { Result { () throws(RunStoreError) in try store.claimNewRun("same") } }
      }
      var results: [Result<RunClaim, RunStoreError>] = []
      for await result in group { results.append(result) }
      return results
    }
    let claims = results.compactMap { try? $0.get() }
    #expect(claims.count == 1)
    for case .failure(let error) in results {
      #expect(error.message.hasPrefix("a run named same is already"))
    }
    // While it is held, it cannot be resumed either, and the refusal names the holder.
    try store.save(Self.workflow("same", phase: "Running"))
    let refused = try #require(throws: RunStoreError.self) { try store.claimRun("same") }
    #expect(refused.heldBy == getpid())
    #expect(store.runningProcess("same") == getpid())
    claims.first?.release()
    #expect(store.runningProcess("same") == nil)
    let resumed = try store.claimRun("same")
    resumed.release()
  }

  @Test(
    "a request whose sender opened the file before the run read it and wrote after is read, not lost; a half-written line waits; a new claim starts afresh"
  )
  func requestsAreNeverLost() throws {
    let folder = try Scratch()
    let store = RunStore(root: folder.directory.appendingPathComponent(".hera"))
    let claim = try store.claimNewRun("asked")
    try store.save(Self.workflow("asked", phase: "Running"))
    var offset: UInt64 = 0
    #expect(store.takeRequests("asked", from: &offset).isEmpty)
    // A sender that opened the file, then was put aside while the run read it.
    let sender = open(store.requestsFile("asked").path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    #expect(sender >= 0)
    #expect(store.takeRequests("asked", from: &offset).isEmpty)
    _ = "terminate\nstop becau".withCString { write(sender, $0, strlen($0)) }
    #expect(store.takeRequests("asked", from: &offset) == [.terminate])
    _ = "se of you\n".withCString { write(sender, $0, strlen($0)) }
    close(sender)
    #expect(store.takeRequests("asked", from: &offset) == [.stop(message: "because of you")])
    try store.send(.suspend, to: "asked")
    #expect(store.takeRequests("asked", from: &offset) == [.suspend])
    #expect(store.takeRequests("asked", from: &offset).isEmpty)
    // What was sent to an owner that died unread is not the next owner's to act on.
    try store.send(.terminate, to: "asked")
    claim.release()
    let next = try store.claimRun("asked")
    defer { next.release() }
    var fresh: UInt64 = 0
    #expect(store.takeRequests("asked", from: &fresh).isEmpty)
  }

  @Test("a run.pid left by a killed run blocks nothing, even when its id is now another live process's")
  func stalePidBlocksNothing() throws {
    let folder = try Scratch()
    let store = RunStore(root: folder.directory.appendingPathComponent(".hera"))
    try store.save(Self.workflow("stale", phase: "Running"))
    // Process 1 always runs: the id of a killed run, reused.
    try Data("1\n".utf8).write(to: store.runDirectory("stale").appendingPathComponent("run.pid"))
    #expect(store.runningProcess("stale") == nil)
    #expect(store.isInterrupted(try store.load("stale")))
    let claim = try store.claimRun("stale")
    #expect(store.runningProcess("stale") == getpid())
    claim.release()
  }
}
