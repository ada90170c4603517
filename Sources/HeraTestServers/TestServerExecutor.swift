import Foundation
import LocalEngine

/// Threads of the test servers' own, so that tests busy on Swift's cooperative pool (parsing
/// hundreds of manifests, fuzzing) cannot starve a server and make its clients time out.
///
/// The servers' tasks prefer this executor, and the actors they call (default actors) then
/// run on it too. Eight threads: the stand-in Argo Servers of several suites tick the engine's
/// scheduler at once, and one busy server must not hold up another's answers.
final class TestServerExecutor: TaskExecutor, Sendable {
  static let shared = TestServerExecutor()

  private let threads = JobThreads(name: "test-server", count: 8) { job in
    job.runSynchronously(on: TestServerExecutor.shared.asUnownedTaskExecutor())
  }

  private init() {}

  func enqueue(_ job: consuming ExecutorJob) {
    threads.enqueue(UnownedJob(job))
  }
}
