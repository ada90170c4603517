import Foundation

/// Threads of the test servers' own, so that tests busy on Swift's cooperative pool (parsing
/// hundreds of manifests, fuzzing) cannot starve a server and make its clients time out.
///
/// The servers' tasks prefer this executor, and the actors they call (default actors) then
/// run on it too.
final class TestServerExecutor: TaskExecutor, @unchecked Sendable {
  static let shared = TestServerExecutor(threads: 4)

  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []

  init(threads: Int) {
    for index in 0..<threads {
      let thread = Thread { [unowned self] in self.work() }
      thread.name = "test-server-\(index)"
      thread.start()
    }
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
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
      job.runSynchronously(on: asUnownedTaskExecutor())
    }
  }
}
