import ArgoModel
import Foundation
import HeraUtils
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The progress display, shared by the run's updates and the clock's ticks.
package final class DisplayBox: Sendable {
  // Updates come from the run's actor and from the ticker.
  private let display: Mutex<ProgressDisplay>
  package let mode: ProgressMode

  package init(_ display: ProgressDisplay) {
    mode = display.mode
    self.display = Mutex(display)
  }

  package func update(_ workflow: Workflow) {
    display.withLock { $0.update(workflow) }
  }

  package func finish(_ workflow: Workflow) {
    display.withLock { $0.finish(workflow) }
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

  private final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    func next() -> Int {
      count.wrappingAdd(1, ordering: .relaxed).newValue
    }
  }
}
