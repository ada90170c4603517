import Synchronization

/// Why a run was stopped before its end.
enum StopReason: Sendable, Equatable {
  case cancelled
  case deadlineExceeded
}

/// The first request to stop a run wins and starts the runner's way of stopping it (signals to a
/// process group, `podman kill`); later requests change nothing.
final class StopRequest: Sendable {
  private let reason = Mutex<StopReason?>(nil)
  private let stop: @Sendable (StopReason) -> Void

  init(stop: @escaping @Sendable (StopReason) -> Void) {
    self.stop = stop
  }

  func request(_ reason: StopReason) {
    let first = self.reason.withLock { current in
      guard current == nil else { return false }
      current = reason
      return true
    }
    if first { stop(reason) }
  }

  /// Why the run was stopped, if it was.
  var current: StopReason? { reason.withLock { $0 } }
}

/// Waits for `process` to end and its output to be read. Cancellation of the calling task and the
/// deadline ask `stop` to stop it; the wait goes on until it has ended, so that its last output
/// is in the log and nothing of it is left running.
func awaitCompletion(of process: ChildProcess, deadline: Duration?, stop: StopRequest) async -> Int32 {
  let timer = deadline.map { deadline in
    Task {
      do {
        try await Task.sleep(for: deadline)
        stop.request(.deadlineExceeded)
      } catch {}
    }
  }
  defer { timer?.cancel() }
  return await withTaskCancellationHandler {
    await process.completion()
  } onCancel: {
    stop.request(.cancelled)
  }
}

/// The outcome of a run that started: its exit code and output, and why it was stopped.
func podOutcome(waitStatus: Int32, output: PodOutputRecorder, stoppedBecause reason: StopReason?, gracePeriod: Duration) -> PodOutcome {
  var outcome = podOutcome(
    exitCode: ChildProcess.exitCode(fromWaitStatus: waitStatus), output: output, stoppedBecause: reason, gracePeriod: gracePeriod)
  outcome.logFailure = output.logFailure
  return outcome
}

private func podOutcome(exitCode: Int32, output: PodOutputRecorder, stoppedBecause reason: StopReason?, gracePeriod: Duration) -> PodOutcome
{
  switch reason {
  case .deadlineExceeded:
    return PodOutcome(
      exitCode: exitCode, standardOutput: output.result, failure: PodOutcome.deadlineExceededMessage,
      reason: .deadlineExceeded)
  case .cancelled:
    let how = exitCode == 128 + 9 ? "killed (SIGKILL) after a grace period of \(gracePeriod)" : "stopped (SIGTERM)"
    return PodOutcome(
      exitCode: exitCode, standardOutput: output.result, failure: "cancelled: the container was \(how)",
      reason: .cancelled)
  case nil:
    return PodOutcome(exitCode: exitCode, standardOutput: output.result)
  }
}
