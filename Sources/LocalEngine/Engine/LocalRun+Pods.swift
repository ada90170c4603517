import ArgoModel
import Foundation

extension LocalRun {
  /// Plans, runs and reads back one container, reporting its start and end.
  static func runPod(
    _ launch: PodLaunch, planner: PodPlanner, collector: OutputCollector, skipResources: Bool = false,
    runner choose: @Sendable (PodRequest) async -> any PodRunner,
    report: @escaping @Sendable (SchedulerEvent) -> Void
  ) async {
    if let http = launch.template.http {
      report(.podStarted(nodeID: launch.nodeID))
      let runner = HTTPTemplateRunner(secrets: planner.resources.secrets, scratch: planner.store.temporaryDirectory(planner.runName))
      report(.podFinished(nodeID: launch.nodeID, await runner.run(http)))
      return
    }
    if let data = launch.template.data {
      report(.podStarted(nodeID: launch.nodeID))
      report(.podFinished(nodeID: launch.nodeID, DataTemplateRunner(store: collector.store).run(data)))
      return
    }
    if launch.template.resource != nil, skipResources {
      report(.podStarted(nodeID: launch.nodeID))
      report(
        .podFinished(
          nodeID: launch.nodeID,
          PodResult(phase: NodePhase.succeeded, message: "skipped: a resource template needs a cluster (--skip-resources)")))
      return
    }
    let plan: PodPlan
    do {
      plan = try await LocalRun.plan(launch, with: planner)
    } catch {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.error, message: error.message, notCreated: error.podCreation)))
      return
    }
    let runner = await choose(plan.request)
    let container = launch.template.container ?? launch.template.script.flatMap { try? Container(json: $0.toJSON(), options: .preserving) }
    let mapping = PathMapping(plan.request.mounts)
    let probe =
      launch.daemon
      ? container?.readinessProbe.flatMap { ReadinessProbe($0, ports: container?.ports ?? [], rewrite: { mapping.rewrite($0) }) } : nil
    let outcome: PodOutcome
    var containers: [ContainerResult] = []
    do {
      if let probe {
        // A daemon with a readiness probe counts as started once the probe passes.
        let running = Task { try await runner.run(plan.request) }
        let watcher = Task {
          try await Task.sleep(for: probe.initialDelay)
          while !Task.isCancelled {
            if await probe.passes() {
              report(.podStarted(nodeID: launch.nodeID))
              return
            }
            try await Task.sleep(for: probe.period)
          }
        }
        outcome = try await withTaskCancellationHandler {
          try await running.value
        } onCancel: {
          running.cancel()
        }
        watcher.cancel()
      } else {
        report(.podStarted(nodeID: launch.nodeID))
        if plan.containerSet.isEmpty {
          outcome = try await runner.run(plan.request)
        } else {
          (outcome, containers) = try await runContainerSet(plan, runner: runner)
        }
      }
    } catch let error as RunnerError {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.error, message: error.description)))
      return
    } catch is CancellationError {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.failed, message: "stopped")))
      return
    } catch {
      report(.podFinished(nodeID: launch.nodeID, PodResult(phase: NodePhase.error, message: "\(error)")))
      return
    }
    var result = collector.result(of: plan, outcome: outcome)
    result.containers = containers
    report(.podFinished(nodeID: launch.nodeID, result))
  }

  /// Runs a container set's containers, each once those it depends on succeeded (those with
  /// no dependency between them at once), as Argo runs them in one pod. The pod's outcome is
  /// the main container's, or the first failure's.
  static func runContainerSet(_ plan: PodPlan, runner: any PodRunner) async throws -> (PodOutcome, [ContainerResult]) {
    var outcomes: [String: PodOutcome] = [:]
    var remaining = plan.containerSet
    var failure: (name: String, outcome: PodOutcome)?
    while !remaining.isEmpty, failure == nil {
      let ready = remaining.filter { $0.dependencies.allSatisfy { outcomes[$0] != nil } }
      guard !ready.isEmpty else {
        let names = remaining.map(\.name).joined(separator: ", ")
        throw RunnerError("the containers \(names) wait for each other or for a container that does not exist")
      }
      remaining.removeAll { entry in ready.contains { $0.name == entry.name } }
      let results = try await withThrowingTaskGroup(of: (String, PodOutcome).self) { group in
        for (name, request, _) in ready {
          group.addTask { (name, try await runner.run(request)) }
        }
        var results: [(String, PodOutcome)] = []
        for try await result in group { results.append(result) }
        return results
      }
      for (name, outcome) in results.sorted(by: { $0.0 < $1.0 }) {
        outcomes[name] = outcome
        if failure == nil, outcome.exitCode != 0 || outcome.failure != nil { failure = (name, outcome) }
      }
    }
    let containers = plan.containerSet.compactMap { entry -> ContainerResult? in
      guard let outcome = outcomes[entry.name] else { return nil }
      let succeeded = outcome.exitCode == 0 && outcome.failure == nil
      return ContainerResult(
        name: entry.name, phase: succeeded ? NodePhase.succeeded : NodePhase.failed,
        message: succeeded ? nil : outcome.failure ?? "Error (exit code \(outcome.exitCode))", exitCode: outcome.exitCode)
    }
    if let failure {
      var outcome = failure.outcome
      outcome.failure = "container \(failure.name): " + (failure.outcome.failure ?? "Error (exit code \(failure.outcome.exitCode))")
      return (outcome, containers)
    }
    return (
      outcomes["main"] ?? plan.containerSet.last.flatMap { outcomes[$0.name] } ?? PodOutcome(exitCode: 0, standardOutput: ""), containers
    )
  }

  /// Plans a pod; one whose inputs are downloaded or cloned (http, git) is planned on a thread
  /// of its own, so that a slow server does not hold one of the few threads tasks share.
  static func plan(_ launch: PodLaunch, with planner: PodPlanner) async throws(PlanError) -> PodPlan {
    let fetches = (launch.inputs.artifacts ?? []).contains { $0.http != nil || $0.git != nil }
    guard fetches else { return try planner.plan(launch) }
    let result: Result<PodPlan, PlanError> = await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(returning: Result { () throws(PlanError) -> PodPlan in try planner.plan(launch) })
      }
      thread.name = "hera-fetch"
      thread.start()
    }
    return try result.get()
  }
}
