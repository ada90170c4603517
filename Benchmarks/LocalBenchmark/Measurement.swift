import ArgoModel
import Foundation
import LocalEngine

#if canImport(Glibc)
  import Glibc
#endif

/// Seconds of a `Duration`, for printing.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The best and the median of a few wall times.
struct Summary {
  let best: Double
  let median: Double

  init(_ samples: [Double]) {
    let sorted = samples.sorted()
    best = sorted.first ?? .nan
    if sorted.isEmpty {
      median = .nan
    } else if sorted.count % 2 == 1 {
      median = sorted[sorted.count / 2]
    } else {
      median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
  }
}

/// A runner that runs nothing: every pod succeeds at once with no output. What is left of a
/// run's time is the engine's own (scheduling, planning, reading outputs, saving the status).
struct InstantRunner: PodRunner {
  var name: String { "instant" }

  func run(_ pod: PodRequest) async throws -> PodOutcome {
    PodOutcome(exitCode: 0, standardOutput: "")
  }
}

/// One run of a workflow by the local engine, in a store folder of its own that is removed
/// afterwards.
struct EngineRun {
  /// Where the runs are kept until the benchmark ends. Removing thousands of folders just
  /// before the next run would slow that run's own folders (ext4 skips inodes freed moments
  /// ago, reading their blocks to find them), which is the deletion's cost, not the engine's.
  static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("local-benchmark-\(getpid())")

  /// Removes every run's folder.
  static func removeScratch() {
    try? FileManager.default.removeItem(at: scratch)
  }

  let wall: Duration
  let phase: String?
  let pods: Int
  let statusBytes: Int

  static func run(_ workflow: Workflow, parallelism: Int, runner: @escaping @Sendable () -> any PodRunner) async throws -> EngineRun {
    let folder = EngineRun.scratch.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let store = RunStore(root: folder)
    // The default save interval is kept: it is what users get.
    let options = LocalRunOptions(store: store, parallelism: parallelism, runner: { _ in runner() })
    let start = ContinuousClock.now
    let prepared = try LocalRun.prepare(workflow)
    let run = try LocalRun(workflow: prepared, options: options)
    let final = await run.run()
    let wall = start.duration(to: .now)
    let nodes = final.status?.nodes ?? [:]
    let name = final.metadata.name ?? ""
    let size = (try? FileManager.default.attributesOfItem(atPath: store.statusFile(name).path)[.size] as? Int) ?? 0
    return EngineRun(wall: wall, phase: final.status?.phase, pods: nodes.values.filter { $0.type == "Pod" }.count, statusBytes: size)
  }
}

/// The floor: `seq N | xargs -P P -n 1 true` through /bin/sh, timed from the spawn to the exit.
func processFloor(processes: Int, parallelism: Int) throws -> Duration {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", floorCommand(processes: processes, parallelism: parallelism)]
  let start = ContinuousClock.now
  try process.run()
  process.waitUntilExit()
  let wall = start.duration(to: .now)
  guard process.terminationStatus == 0 else { throw BenchmarkError("the floor command exited with \(process.terminationStatus)") }
  return wall
}

func floorCommand(processes: Int, parallelism: Int) -> String {
  "seq \(processes) | xargs -P \(parallelism) -n 1 true"
}

/// The process's peak resident memory in MiB, as `getrusage` reports it (children excluded).
func peakResidentMiB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

/// `VmHWM` of /proc/self/status in MiB (Linux), nil elsewhere.
func highWaterMarkMiB() -> Double? {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
  for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
    if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
  }
  return nil
}
