import ArgoModel
import Foundation
import HeraUtils

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The progress display, shared by the run's updates and the clock's ticks.
package final class DisplayBox: @unchecked Sendable {
  // Guarded by `lock`: updates come from the run's actor and from the ticker.
  private var display: ProgressDisplay
  private let lock = NSLock()
  package let mode: ProgressMode

  package init(_ display: ProgressDisplay) {
    self.display = display
    mode = display.mode
  }

  package func update(_ workflow: Workflow) {
    lock.withLock { display.update(workflow) }
  }

  package func finish(_ workflow: Workflow) {
    lock.withLock { display.finish(workflow) }
  }
}

/// Ctrl-C (SIGINT) and SIGTERM while a run goes on: each one is counted and handed to `handler`
/// instead of ending the program.
package final class Interruptions: @unchecked Sendable {  // the sources are only resumed and cancelled
  private let sources: [any DispatchSourceSignal]

  package init(_ handler: @escaping @Sendable (Int) -> Void) {
    let counter = Counter()
    sources = [SIGINT, SIGTERM].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { handler(counter.next()) }
      source.resume()
      return source
    }
  }

  package func cancel() {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }

  private final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    func next() -> Int {
      lock.withLock {
        count += 1
        return count
      }
    }
  }
}
