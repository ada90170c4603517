import Foundation

/// The thread local runs decide on: one thread with a large stack, because the scheduler walks
/// nested templates recursively and a workflow may nest them up to `maxDepth` levels, deeper
/// than the small stacks of Swift's cooperative threads allow.
final class SchedulerThread: SerialExecutor, @unchecked Sendable {
  // `jobs` is guarded by `condition`.
  static let shared = SchedulerThread()

  /// Virtual memory only: pages are used as the stack grows.
  static let stackSize = 256 << 20

  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []

  private init() {
    let thread = Thread { [unowned self] in self.work() }
    thread.name = "hera-scheduler"
    thread.stackSize = Self.stackSize
    thread.start()
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  func asUnownedSerialExecutor() -> UnownedSerialExecutor {
    UnownedSerialExecutor(ordinary: self)
  }

  private func work() {
    while true {
      condition.lock()
      while jobs.isEmpty { condition.wait() }
      let job = jobs.removeFirst()
      condition.unlock()
      job.runSynchronously(on: asUnownedSerialExecutor())
    }
  }
}
