// local-benchmark: the local engine against the floor of starting processes, its scheduler
// alone, and its peak memory.
//
//   swift build -c release --product local-benchmark && .build/release/local-benchmark \
//     [--tasks 1000] [--parallelism 2] [--repeat 3] [--sizes 1000,10000] [--skip-floor] [--skip-scheduler]
//
// 1. A fan-in DAG of N pods (N-1 independent tasks, then one task depending on all of them),
//    each running `true` with the host runner and the engine's parallelism P, against
//    `seq N | xargs -P P -n 1 true` spawned through /bin/sh in the same process run, taken
//    turn about so that drift hits both alike. Best and median of R runs each, and the ratio.
// 2. The same DAG, and a steps template with a `withItems` fan-out, at each size of --sizes, with
//    a runner that returns at once: the engine's own time per pod, which shows how it scales.
// 3. The peak resident memory of this process after the biggest run.
//
// Each run's folder (status, logs, node folders) is kept in a scratch folder of the benchmark and
// removed at its end, as a user's runs are kept: a mass removal right before a run would slow
// the next run's folders on ext4.
// The status is saved as JSON every 250 ms during a run (the default `saveInterval`) and at its
// end, as users get it. Absolute times drift on shared machines: read the ratios.

import ArgoModel
import Foundation
import LocalEngine

struct Options {
  var tasks = 1_000
  var parallelism = 2
  var repetitions = 3
  var sizes = [1_000, 10_000]
  var floorComparison = true
  var schedulerScaling = true

  init(_ arguments: [String]) {
    var iterator = arguments.makeIterator()
    func number(_ name: String) -> Int {
      guard let value = iterator.next().flatMap({ Int($0) }), value > 0 else { Options.usage("\(name) needs a positive number") }
      return value
    }
    while let argument = iterator.next() {
      switch argument {
      case "--tasks": tasks = number(argument)
      case "--parallelism": parallelism = number(argument)
      case "--repeat": repetitions = number(argument)
      case "--sizes":
        sizes = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        if sizes.isEmpty { Options.usage("--sizes needs a list of positive numbers such as 1000,10000") }
      case "--skip-floor": floorComparison = false
      case "--skip-scheduler": schedulerScaling = false
      default: Options.usage("unknown argument \(argument)")
      }
    }
  }

  static func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(
      Data(
        """
        local-benchmark: \(problem)
        usage: local-benchmark [--tasks 1000] [--parallelism 2] [--repeat 3] [--sizes 1000,10000] [--skip-floor] [--skip-scheduler]

        """.utf8))
    exit(2)
  }
}

/// Prints a line at once, so that a long run shows its progress.
func report(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func format(_ value: Double, _ decimals: Int = 3) -> String {
  String(format: "%.\(decimals)f", value)
}

/// Part 1: the engine with the host runner against `xargs`, taken turn about.
func compareWithFloor(_ options: Options) async throws {
  report("## Engine vs the process floor")
  report(
    "workflow: fan-in DAG, \(options.tasks) pods (\(max(1, options.tasks - 1)) independent tasks + 1 task depending on all), each `true`, host runner, parallelism \(options.parallelism), save interval 250 ms (default)"
  )
  report("floor:    /bin/sh -c '\(floorCommand(processes: options.tasks, parallelism: options.parallelism))'")
  let workflow = try Workload.fanInDAG(pods: options.tasks)
  var engine: [Double] = []
  var floor: [Double] = []
  for round in 1...options.repetitions {
    let floorWall = try processFloor(processes: options.tasks, parallelism: options.parallelism)
    floor.append(seconds(floorWall))
    let run = try await EngineRun.run(workflow, parallelism: options.parallelism) { HostRunner() }
    guard run.phase == "Succeeded" else { throw BenchmarkError("the engine's run ended \(run.phase ?? "without a phase")") }
    engine.append(seconds(run.wall))
    report(
      "round \(round): floor \(format(seconds(floorWall))) s, engine \(format(seconds(run.wall))) s (\(run.pods) pods, status \(run.statusBytes / 1024) KiB), ratio \(format(seconds(run.wall) / seconds(floorWall), 2))"
    )
  }
  let engineSummary = Summary(engine)
  let floorSummary = Summary(floor)
  report("| | best (s) | median (s) | per pod, best (ms) |")
  report("|---|---|---|---|")
  report(
    "| floor (xargs) | \(format(floorSummary.best)) | \(format(floorSummary.median)) | \(format(floorSummary.best * 1000 / Double(options.tasks), 2)) |"
  )
  report(
    "| engine (host runner) | \(format(engineSummary.best)) | \(format(engineSummary.median)) | \(format(engineSummary.best * 1000 / Double(options.tasks), 2)) |"
  )
  report(
    "ratio engine/floor: best \(format(engineSummary.best / floorSummary.best, 2))x, median \(format(engineSummary.median / floorSummary.median, 2))x (target: within 1.5x)"
  )
  report("")
}

/// Part 2: the engine's own time per pod with a runner that does nothing.
func schedulerScaling(_ options: Options) async throws {
  report("## Scheduler overhead without processes (instant runner, parallelism \(options.parallelism))")
  report("| workflow | pods | wall (s) | per pod (µs) | status (KiB) |")
  report("|---|---|---|---|---|")
  let shapes: [(String, (Int) throws -> Workflow)] = [
    ("fan-in DAG", Workload.fanInDAG(pods:)),
    ("steps withItems", Workload.stepsFanOut(items:)),
  ]
  for (label, build) in shapes {
    for size in options.sizes {
      let run = try await EngineRun.run(try build(size), parallelism: options.parallelism) { InstantRunner() }
      guard run.phase == "Succeeded" else { throw BenchmarkError("\(label) \(size): the run ended \(run.phase ?? "without a phase")") }
      let wall = seconds(run.wall)
      report(
        "| \(label) | \(run.pods) | \(format(wall)) | \(format(wall * 1e6 / Double(max(1, run.pods)), 1)) | \(run.statusBytes / 1024) |")
    }
  }
  report("")
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
defer { EngineRun.removeScratch() }
do {
  if options.floorComparison { try await compareWithFloor(options) }
  if options.schedulerScaling { try await schedulerScaling(options) }
  report("## Peak memory (after the biggest run)")
  report("max RSS (getrusage RUSAGE_SELF): \(format(peakResidentMiB(), 1)) MiB")
  if let hwm = highWaterMarkMiB() { report("VmHWM (/proc/self/status): \(format(hwm, 1)) MiB") }
} catch {
  FileHandle.standardError.write(Data("local-benchmark: \(error)\n".utf8))
  EngineRun.removeScratch()
  exit(1)
}
