import Foundation
import LocalEngine

/// Threads of the test servers' own, so that tests busy on Swift's cooperative pool (parsing
/// hundreds of manifests, fuzzing) cannot starve a server and make its clients time out.
///
/// The servers' tasks prefer this executor, and the actors they call (default actors) then
/// run on it too.
final class TestServerExecutor: TaskExecutor, Sendable {
  static let shared = TestServerExecutor()

  private let threads = JobThreads(name: "test-server", count: 4) { job in
    job.runSynchronously(on: TestServerExecutor.shared.asUnownedTaskExecutor())
  }

  private init() {}

  func enqueue(_ job: consuming ExecutorJob) {
    threads.enqueue(UnownedJob(job))
  }
}
