import Foundation

/// The thread local runs decide on: one thread with a large stack, because the scheduler walks
/// nested templates recursively and a workflow may nest them up to `maxDepth` levels, deeper
/// than the small stacks of Swift's cooperative threads allow.
final class SchedulerThread: SerialExecutor, Sendable {
  static let shared = SchedulerThread()

  /// Virtual memory only: pages are used as the stack grows.
  static let stackSize = 256 << 20

  private let thread = JobThreads(name: "hera-scheduler", count: 1, stackSize: SchedulerThread.stackSize) { job in
    job.runSynchronously(on: SchedulerThread.shared.asUnownedSerialExecutor())
  }

  private init() {}

  func enqueue(_ job: consuming ExecutorJob) {
    thread.enqueue(UnownedJob(job))
  }

  func asUnownedSerialExecutor() -> UnownedSerialExecutor {
    UnownedSerialExecutor(ordinary: self)
  }
}

/// Threads of their own that run jobs in the order they come, for executors that must not
/// share Swift's cooperative threads: the scheduler's (a large stack), the test servers' (never
/// starved by busy tests).
package final class JobThreads: @unchecked Sendable {
  // `jobs` is guarded by `condition`.
  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []
  private let run: @Sendable (UnownedJob) -> Void

  /// Starts `count` threads named `name` (`name-1`, … when there are several), which give each
  /// job to `run`.
  package init(name: String, count: Int, stackSize: Int? = nil, run: @escaping @Sendable (UnownedJob) -> Void) {
    self.run = run
    for index in 0..<max(1, count) {
      let thread = Thread { [unowned self] in self.work() }
      thread.name = count > 1 ? "\(name)-\(index)" : name
      if let stackSize { thread.stackSize = stackSize }
      thread.start()
    }
  }

  package func enqueue(_ job: UnownedJob) {
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  private func work() {
    while true {
      condition.lock()
      while jobs.isEmpty { condition.wait() }
      let job = jobs.removeFirst()
      condition.unlock()
      run(job)
    }
  }
}
